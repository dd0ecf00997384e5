//go:build unix

package tui

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// paneState is what tmux tells of a pane: in the alternate screen, the
// mouse modes (any motion, button, standard, SGR) and the cursor shown.
const paneState = "#{alternate_on} #{mouse_any_flag}#{mouse_button_flag}#{mouse_standard_flag}#{mouse_sgr_flag} #{cursor_flag}"

// Every signal that would end nnlab leaves the terminal as it found it:
// out of the alternate screen, mouse reporting off, the cursor shown, the
// tty modes restored, and the shell's next output visible. The exit status
// is 128 + the signal's number.
func TestE2ESignalsRestoreTheTerminal(t *testing.T) {
	_, bin := newE2E(t, "sig", "")
	for _, sig := range endSignals {
		s, ok := sig.(syscall.Signal)
		if !ok {
			continue
		}
		t.Run(s.String(), func(t *testing.T) {
			a, _ := newE2E(t, "sig"+strconv.Itoa(int(s)), bin)
			pidFile, before, after := filepath.Join(a.dir, "pid"), filepath.Join(a.dir, "stty-before"), filepath.Join(a.dir, "stty-after")
			// The shell records the tty modes, runs nnlab under a known pid
			// (exec keeps it), records its status and the modes again, and
			// prints a prompt.
			a.start(100, 30, fmt.Sprintf("stty -g > %q; NNLAB_STATE_DIR=%q sh -c 'echo $$ > %q; exec %q' 2>%q; echo $? > %q; stty -g > %q; printf 'PROMPT$ '; sleep 30",
				before, a.dir, pidFile, bin, a.errFile, a.exitFile, after))
			a.waitScreen("the home screen", 15*time.Second, func(s string) bool { return strings.Contains(s, "Playground") })
			running := strings.TrimSpace(a.tmux("display", "-p", "-t", a.session, paneState))
			if running != "1 1101 0" {
				t.Errorf("while the lab runs the pane reads %q; want \"1 1101 0\" (else the test checks nothing)", running)
			}
			b, err := os.ReadFile(pidFile)
			if err != nil {
				t.Fatal(err)
			}
			pid, _ := strconv.Atoi(strings.TrimSpace(string(b)))
			if err := syscall.Kill(pid, s); err != nil {
				t.Fatal(err)
			}
			screen := a.waitScreen("the prompt after "+s.String(), 10*time.Second, func(sc string) bool { return strings.Contains(sc, "PROMPT$") })
			state := strings.TrimSpace(a.tmux("display", "-p", "-t", a.session, paneState))
			if state != "0 0000 1" {
				t.Errorf("after %s the pane reads %q (alternate screen, mouse flags, cursor shown); want \"0 0000 1\"\n%s", s, state, screen)
			}
			code, _ := os.ReadFile(a.exitFile)
			if want := strconv.Itoa(128 + int(s)); strings.TrimSpace(string(code)) != want {
				errOut, _ := os.ReadFile(a.errFile)
				t.Errorf("exit status %q, want %s; stderr: %s", strings.TrimSpace(string(code)), want, errOut)
			}
			b1, _ := os.ReadFile(before)
			b2, _ := os.ReadFile(after)
			if len(b1) == 0 || string(b1) != string(b2) {
				t.Errorf("tty modes not restored:\nbefore %s\nafter  %s", b1, b2)
			}
		})
	}
}

// SIGTSTP (kill -TSTP; in raw mode Ctrl+Z is a key, not a signal) hands
// the terminal back while the lab is stopped, so the shell's prompt is
// usable; fg brings the lab back, mouse on, and it then quits normally.
// The lab runs as a job of an interactive bash, as a learner's would.
func TestE2ESuspendAndContinue(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash")
	}
	a, bin := newE2E(t, "tstp", "")
	pidFile := filepath.Join(a.dir, "pid")
	a.start(100, 30, "PS1='PROMPT$ ' bash --norc --noprofile -i")
	a.waitScreen("the shell", 10*time.Second, func(s string) bool { return strings.Contains(s, "PROMPT$") })
	a.keys(fmt.Sprintf("NNLAB_STATE_DIR=%q sh -c 'echo $$ > %q; exec %q' 2>%q", a.dir, pidFile, bin, a.errFile), "Enter")
	a.waitScreen("the home screen", 15*time.Second, func(s string) bool { return strings.Contains(s, "Playground") })
	b, err := os.ReadFile(pidFile)
	if err != nil {
		t.Fatal(err)
	}
	pid, _ := strconv.Atoi(strings.TrimSpace(string(b)))
	waitState := func(what, want string) {
		t.Helper()
		deadline := time.Now().Add(5 * time.Second)
		for {
			got := strings.TrimSpace(a.tmux("display", "-p", "-t", a.session, paneState))
			if got == want {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s: the pane reads %q, want %q\n%s", what, got, want, a.capture())
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	syscall.Kill(pid, syscall.SIGTSTP)
	waitState("stopped", "0 0000 1")
	a.waitScreen("the shell's report of the stopped job", 5*time.Second, func(s string) bool { return strings.Contains(s, "Stopped") })
	a.keys("fg", "Enter")
	waitState("back in the foreground", "1 1101 0")
	a.waitScreen("the home screen again", 10*time.Second, func(s string) bool { return strings.Contains(s, "Playground") })
	a.keys("q")
	a.waitScreen("the prompt", 10*time.Second, func(s string) bool { return strings.HasSuffix(strings.TrimSpace(s), "PROMPT$") })
	a.keys("echo status=$?", "Enter") // fg's status is the job's
	a.waitScreen("status 0", 5*time.Second, func(s string) bool { return strings.Contains(s, "status=0") })
	waitState("after quitting", "0 0000 1")
}
