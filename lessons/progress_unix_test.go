//go:build unix

package lessons

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func TestProgressCorruptFileInReadOnlyFolder(t *testing.T) {
	if asNobody(t, "TestProgressCorruptFileInReadOnlyFolder") {
		return
	}
	dir := filepath.Join(t.TempDir(), "state")
	os.Mkdir(dir, 0o700)
	path := filepath.Join(dir, "progress.json")
	bad := []byte("{not json")
	os.WriteFile(path, bad, 0o600)
	os.Chmod(dir, 0o500)
	defer os.Chmod(dir, 0o700)

	s, warn, err := Open(path)
	if err != nil {
		t.Fatalf("Open: %v (the lab must start with empty progress)", err)
	}
	if !strings.Contains(warn, "not valid") || !strings.Contains(warn, "not saved") {
		t.Errorf("warning = %q", warn)
	}
	if s.ReadOnly() == "" {
		t.Errorf("store is not read-only")
	}
	s.Visit("init")
	err = s.Save()
	if err == nil {
		t.Fatalf("Save of a read-only store succeeded")
	}
	if strings.HasPrefix(err.Error(), "progress not saved") {
		t.Errorf("Save's error %q starts with the caller's words", err)
	}
	if b, _ := os.ReadFile(path); string(b) != string(bad) {
		t.Errorf("the corrupt file changed")
	}
	if !s.Lesson("init").Visited {
		t.Errorf("the session's progress is not shown")
	}
}

// asNobody runs the test named name again as the user nobody when the tests
// run as root (root writes into read-only folders, so a test of them needs
// another user), and tells whether it did.
func asNobody(t *testing.T, name string) bool {
	t.Helper()
	if os.Geteuid() != 0 {
		return false
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	// go test keeps the test binary in a folder only root may enter.
	dir, err := os.MkdirTemp("", "nnlab-nobody-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	bin := filepath.Join(dir, "test")
	raw, err := os.ReadFile(exe)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bin, raw, 0o755); err != nil {
		t.Fatal(err)
	}
	os.Chmod(dir, 0o755)
	cmd := exec.Command(bin, "-test.run=^"+name+"$", "-test.count=1", "-test.v")
	cmd.Dir = dir
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "--- PASS: "+name) {
		t.Fatalf("as nobody: %v\n%s", err, out)
	}
	return true
}
