package main

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/nnlab/nnlab/tui"
)

// slowSpec is a run whose one step takes seconds (a wide network on the
// whole embedded Fashion-MNIST training subset as one batch).
const slowSpec = `seed: 1
data: {set: fashion}
model:
  layers:
    - {units: 1024, activation: relu}
    - {units: 1024, activation: relu}
    - {units: 10, activation: softmax}
batch: 5600
steps: 3
`

// startSlow starts nnlab run (or compare, with extra arguments) on
// slowSpec and waits until it trains.
func startSlow(t *testing.T, command string, extra ...string) (stop func(sig ...syscall.Signal) (code int, out, errs string, took time.Duration)) {
	t.Helper()
	if testing.Short() {
		t.Skip("trains a wide network")
	}
	file := filepath.Join(t.TempDir(), "slow.yaml")
	os.WriteFile(file, []byte(slowSpec), 0o644)
	// One thread: a layer of the step takes long enough for a second
	// Ctrl+C 50 ms after the first to find the run still stopping.
	cmd, stdout, stderr := nnlabCmd(t, append([]string{command, "--spec", file, "--data-dir", "../../lab/data/fashion", "--threads", "1"}, extra...)...)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	if command == "run" {
		deadline := time.Now().Add(30 * time.Second)
		for !strings.Contains(stderr.String(), "data: ") { // loaded: the first step is under way
			if time.Now().After(deadline) {
				cmd.Process.Kill()
				t.Fatalf("no data note: %s", stderr.String())
			}
			time.Sleep(20 * time.Millisecond)
		}
		time.Sleep(500 * time.Millisecond)
	} else {
		time.Sleep(3 * time.Second) // the data load and the networks take about 0.5 s
	}
	return func(sigs ...syscall.Signal) (int, string, string, time.Duration) {
		start := time.Now()
		for _, s := range sigs {
			cmd.Process.Signal(s)
			time.Sleep(50 * time.Millisecond)
		}
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(60 * time.Second):
			cmd.Process.Kill()
			<-done
			t.Fatalf("nnlab run did not end within a minute of %v", sigs)
		}
		return cmd.ProcessState.ExitCode(), stdout.String(), stderr.String(), time.Since(start)
	}
}

// Ctrl+C is seen inside a step: the first step (about 12 s alone on the
// machine this was written on) was under way when the signal came, and the
// run stops at step 0, not after finishing it; it says it was interrupted
// and exits 130.
func TestRunInterruptedWithinAStep(t *testing.T) {
	stop := startSlow(t, "run")
	code, out, errs, took := stop(syscall.SIGINT)
	t.Logf("stopped %v after Ctrl+C", took)
	if code != 130 || !strings.Contains(out, "interrupted at step 0") || !strings.Contains(errs, "nnlab: interrupted") {
		t.Errorf("exit %d after %v\nstdout:\n%s\nstderr:\n%s", code, took, out, errs)
	}
}

// Ctrl+C in a comparison stops every run within its first step: the
// summary shows 0 steps (the old code finished steps first), and the exit
// status is 130.
func TestCompareInterruptedWithinAStep(t *testing.T) {
	stop := startSlow(t, "compare", "--vary", "lr=0.1,0.2")
	code, out, errs, took := stop(syscall.SIGINT)
	t.Logf("stopped %v after Ctrl+C", took)
	rows := regexp.MustCompile(`(?m)^0\.[12] +(\d+) `).FindAllStringSubmatch(out, -1)
	if code != 130 || len(rows) != 2 || rows[0][1] != "0" || rows[1][1] != "0" || !strings.Contains(out, "interrupted") {
		t.Errorf("exit %d after %v\nstdout:\n%s\nstderr:\n%s", code, took, out, errs)
	}
}

// A second Ctrl+C ends the process at once.
func TestRunSecondInterruptEndsAtOnce(t *testing.T) {
	stop := startSlow(t, "run")
	code, _, errs, _ := stop(syscall.SIGINT, syscall.SIGINT)
	if code != 130 || !strings.Contains(errs, "interrupted again") {
		t.Errorf("exit %d, stderr:\n%s", code, errs)
	}
}

func TestWatchInterrupts(t *testing.T) {
	sigs := make(chan os.Signal, 2)
	done := make(chan struct{})
	ctx, cancel := context.WithCancelCause(context.Background())
	exited := make(chan os.Signal, 1)
	go watchInterrupts(sigs, done, cancel, func(s os.Signal) { exited <- s })
	sigs <- syscall.SIGTERM
	<-ctx.Done()
	err := interrupted(ctx)
	var ee exitErr
	if !errors.As(err, &ee) || ee.code != 128+15 || err.Error() != "interrupted" {
		t.Errorf("after SIGTERM: %v (%+v), want interrupted with status 143", err, ee)
	}
	select {
	case <-exited:
		t.Fatalf("exit after one signal")
	case <-time.After(20 * time.Millisecond):
	}
	sigs <- syscall.SIGINT
	if s := <-exited; s != syscall.SIGINT {
		t.Errorf("exit for %v", s)
	}
	if st := (&tui.SignalError{Signal: syscall.SIGINT}).Status(); st != 130 {
		t.Errorf("Ctrl+C status %d", st)
	}
	close(done)
	if interrupted(context.Background()) != nil {
		t.Errorf("a context no signal ended is interrupted")
	}
}
