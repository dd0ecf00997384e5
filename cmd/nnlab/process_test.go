package main

import (
	"bytes"
	"os"
	"os/exec"
	"sync"
	"testing"
)

// TestMain runs the test binary as nnlab when NNLAB_TEST_AS_NNLAB is set,
// so that tests can start nnlab as a process (signals, terminals).
func TestMain(m *testing.M) {
	if os.Getenv("NNLAB_TEST_AS_NNLAB") != "" {
		os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// nnlabCmd is nnlab with args as a process (the test binary in disguise).
// Its output may be read while it runs.
func nnlabCmd(t *testing.T, args ...string) (cmd *exec.Cmd, stdout, stderr *syncBuffer) {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd = exec.Command(exe, args...)
	cmd.Env = append(os.Environ(), "NNLAB_TEST_AS_NNLAB=1", "NNLAB_STATE_DIR="+t.TempDir())
	stdout, stderr = new(syncBuffer), new(syncBuffer)
	cmd.Stdout, cmd.Stderr = stdout, stderr
	return cmd, stdout, stderr
}

// syncBuffer is a bytes.Buffer that one goroutine may write while another
// reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
