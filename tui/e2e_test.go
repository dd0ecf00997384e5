package tui

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// TestEndToEnd builds cmd/nnlab, runs it in a detached tmux window of
// 120×40 and drives it like a learner: to the initialization comparison,
// waits for training, checks what is on screen, resizes the window and
// quits. NNLAB_E2E_BIN names a prebuilt binary to use instead.
func TestEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end test skipped in -short mode")
	}
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux not installed")
	}
	dir := t.TempDir()
	bin := os.Getenv("NNLAB_E2E_BIN")
	if bin == "" {
		bin = filepath.Join(dir, "nnlab")
		build := exec.Command("go", "build", "-o", bin, "./cmd/nnlab")
		build.Dir = ".."
		if out, err := build.CombinedOutput(); err != nil {
			t.Fatalf("go build ./cmd/nnlab: %v\n%s", err, out)
		}
	}
	session := fmt.Sprintf("nnlab-e2e-%d", os.Getpid())
	exitFile := filepath.Join(dir, "exit")
	errFile := filepath.Join(dir, "stderr")
	script := fmt.Sprintf("NNLAB_STATE_DIR=%q %q 2>%q; echo $? > %q; sleep 30", dir, bin, errFile, exitFile)
	tmux := func(args ...string) string {
		t.Helper()
		out, err := exec.Command("tmux", args...).CombinedOutput()
		if err != nil {
			t.Fatalf("tmux %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	tmux("new-session", "-d", "-s", session, "-x", "120", "-y", "40", script)
	defer exec.Command("tmux", "kill-session", "-t", session).Run()

	capture := func() string { return tmux("capture-pane", "-p", "-t", session) }
	waitScreen := func(what string, timeout time.Duration, ok func(string) bool) string {
		t.Helper()
		deadline := time.Now().Add(timeout)
		var s string
		for time.Now().Before(deadline) {
			s = capture()
			if ok(s) {
				return s
			}
			time.Sleep(100 * time.Millisecond)
		}
		errOut, _ := os.ReadFile(errFile)
		t.Fatalf("timed out waiting for %s; screen:\n%s\nstderr: %s", what, s, errOut)
		return ""
	}
	keys := func(k ...string) { tmux(append([]string{"send-keys", "-t", session}, k...)...) }

	// Home: walk the cursor to Compare.
	waitScreen("the home screen", 15*time.Second, func(s string) bool { return strings.Contains(s, "Playground") && strings.Contains(s, "Compare") })
	cursorOnCompare := regexp.MustCompile(`(?m)^ *› *\d*\.? *Compare`)
	for i := 0; ; i++ {
		if cursorOnCompare.MatchString(capture()) {
			break
		}
		if i == 40 {
			t.Fatalf("could not reach Compare:\n%s", capture())
		}
		keys("Down")
		time.Sleep(60 * time.Millisecond)
	}
	keys("Enter")

	inits := []string{"zeros", "normal", "uniform", "xavier", "xavier_normalized", "he_uniform", "he_normal"}
	rowRe := regexp.MustCompile(`(?m)^(zeros|normal|uniform|xavier|xavier_normalized|he_uniform|he_normal) +\S+ +\S+ +\S+ +(\d+) +(\w+)`)
	screen := waitScreen("seven runs with steps > 0", 30*time.Second, func(s string) bool {
		rows := rowRe.FindAllStringSubmatch(s, -1)
		if len(rows) != 7 {
			return false
		}
		for _, r := range rows {
			if n, _ := strconv.Atoi(r[2]); n <= 0 {
				return false
			}
		}
		return true
	})
	for _, name := range inits {
		if !strings.Contains(screen, name) {
			t.Errorf("compare screen lacks %q", name)
		}
	}
	if !strings.Contains(screen, "Compare initialization") {
		t.Errorf("compare screen has no title")
	}
	// The zeros run's gradient bars: its small multiple with values and zones.
	zerosGrad := regexp.MustCompile(`(?s)1 zeros.*L1 .*\d\.\de[+-]\d\d +(vanishing|ok|exploding)`)
	if !zerosGrad.MatchString(screen) {
		t.Errorf("no gradient bars for the zeros run:\n%s", screen)
	}
	checkSane(t, screen, 120, 40)

	// Resize: smaller, too small, larger.
	tmux("resize-window", "-t", session, "-x", "80", "-y", "24")
	screen = waitScreen("the 80×24 layout", 5*time.Second, func(s string) bool {
		return framed(s, 24) && strings.Contains(s, "zeros") && strings.Contains(s, "he_normal")
	})
	checkSane(t, screen, 80, 24)
	tmux("resize-window", "-t", session, "-x", "50", "-y", "12")
	waitScreen("the too-small message", 5*time.Second, func(s string) bool { return strings.Contains(s, "needs at least 60×16 (now 50×12)") })
	tmux("resize-window", "-t", session, "-x", "100", "-y", "30")
	screen = waitScreen("the 100×30 layout", 5*time.Second, func(s string) bool {
		return framed(s, 30) && strings.Contains(s, "zeros") && strings.Contains(s, "Training loss")
	})
	checkSane(t, screen, 100, 30)

	keys("q")
	deadline := time.Now().Add(10 * time.Second)
	for {
		b, err := os.ReadFile(exitFile)
		if err == nil && len(b) > 0 {
			if code := strings.TrimSpace(string(b)); code != "0" {
				errOut, _ := os.ReadFile(errFile)
				t.Fatalf("nnlab exited with %s; stderr: %s", code, errOut)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("nnlab did not exit after q; screen:\n%s", capture())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// framed tells whether a capture shows a whole frame: h lines, the header
// first and the key help last (a resize is not instant).
func framed(screen string, h int) bool {
	lines := strings.Split(strings.TrimRight(screen, "\n"), "\n")
	return len(lines) == h && strings.Contains(lines[0], "nnlab") && strings.Contains(lines[h-1], "pause")
}

// checkSane checks a captured screen: no line wider than the window, the
// header on the first line, the help on the last, no NaN.
func checkSane(t *testing.T, screen string, w, h int) {
	t.Helper()
	lines := strings.Split(strings.TrimRight(screen, "\n"), "\n")
	if len(lines) != h {
		t.Errorf("%d×%d: captured %d lines", w, h, len(lines))
	}
	for i, l := range lines {
		if n := utf8.RuneCountInString(l); n > w {
			t.Errorf("%d×%d: line %d has %d cells: %q", w, h, i+1, n, l)
		}
		if regexp.MustCompile(`\bNaN\b|\bnan\b`).MatchString(l) {
			t.Errorf("%d×%d: NaN on screen: %q", w, h, l)
		}
	}
	if len(lines) > 0 && !strings.Contains(lines[0], "nnlab") {
		t.Errorf("%d×%d: first line is not the header: %q", w, h, lines[0])
	}
	if len(lines) > 0 && !strings.Contains(lines[len(lines)-1], "pause") {
		t.Errorf("%d×%d: last line is not the key help: %q", w, h, lines[len(lines)-1])
	}
}
