package tui

import (
	"bytes"
	"encoding/json"
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

	"github.com/nnlab/nnlab/lab"
	"github.com/nnlab/nnlab/lab/spec"
	"github.com/nnlab/nnlab/lessons"
)

// e2eApp is nnlab running in a detached tmux window, with its progress in
// a temporary NNLAB_STATE_DIR.
type e2eApp struct {
	t                      *testing.T
	session                string
	dir, errFile, exitFile string
}

// startE2E builds cmd/nnlab (or uses NNLAB_E2E_BIN, a prebuilt binary) and
// runs it in a detached tmux window of w×h. It skips in -short mode and
// without tmux.
func startE2E(t *testing.T, name string, w, h int) *e2eApp {
	t.Helper()
	a, bin := newE2E(t, name, "")
	a.start(w, h, fmt.Sprintf("NNLAB_STATE_DIR=%q %q 2>%q; echo $? > %q; sleep 30", a.dir, bin, a.errFile, a.exitFile))
	return a
}

// newE2E makes the app's folder and returns the nnlab binary to run: bin,
// else NNLAB_E2E_BIN, else one built there. It skips in -short mode and
// without tmux.
func newE2E(t *testing.T, name, bin string) (*e2eApp, string) {
	t.Helper()
	if testing.Short() {
		t.Skip("end-to-end test skipped in -short mode")
	}
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux not installed")
	}
	dir := t.TempDir()
	if bin == "" {
		bin = os.Getenv("NNLAB_E2E_BIN")
	}
	if bin == "" {
		bin = filepath.Join(dir, "nnlab")
		build := exec.Command("go", "build", "-o", bin, "./cmd/nnlab")
		build.Dir = ".."
		if out, err := build.CombinedOutput(); err != nil {
			t.Fatalf("go build ./cmd/nnlab: %v\n%s", err, out)
		}
	}
	a := &e2eApp{t: t, session: fmt.Sprintf("nnlab-%s-%d", name, os.Getpid()), dir: dir,
		errFile: filepath.Join(dir, "stderr"), exitFile: filepath.Join(dir, "exit")}
	return a, bin
}

// tmuxSocket is the tmux server of this test process (tmux -L), so the
// tests neither see nor disturb anyone's own tmux sessions.
var tmuxSocket = fmt.Sprintf("nnlab-test-%d", os.Getpid())

func tmuxCommand(args ...string) *exec.Cmd {
	return exec.Command("tmux", append([]string{"-L", tmuxSocket}, args...)...)
}

// start runs the shell script in a detached tmux window of w×h. The server
// exits when its last session ends; a session started at that moment fails
// with "server exited unexpectedly", and a new server is started for it.
func (a *e2eApp) start(w, h int, script string) {
	a.t.Helper()
	args := []string{"new-session", "-d", "-s", a.session, "-x", strconv.Itoa(w), "-y", strconv.Itoa(h), script}
	for try := 1; ; try++ {
		out, err := tmuxCommand(args...).CombinedOutput()
		if err == nil {
			break
		}
		if try == 3 || !strings.Contains(string(out), "server exited unexpectedly") {
			a.t.Fatalf("tmux %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		time.Sleep(100 * time.Millisecond)
	}
	a.t.Cleanup(func() { tmuxCommand("kill-session", "-t", a.session).Run() })
}

func (a *e2eApp) tmux(args ...string) string {
	a.t.Helper()
	out, err := tmuxCommand(args...).CombinedOutput()
	if err != nil {
		a.t.Fatalf("tmux %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

func (a *e2eApp) capture() string { return a.tmux("capture-pane", "-p", "-t", a.session) }

func (a *e2eApp) keys(k ...string) { a.tmux(append([]string{"send-keys", "-t", a.session}, k...)...) }

// waitScreen polls the screen until ok accepts it, or fails the test after
// timeout.
func (a *e2eApp) waitScreen(what string, timeout time.Duration, ok func(string) bool) string {
	a.t.Helper()
	deadline := time.Now().Add(timeout)
	var s string
	for time.Now().Before(deadline) {
		s = a.capture()
		if ok(s) {
			return s
		}
		time.Sleep(100 * time.Millisecond)
	}
	errOut, _ := os.ReadFile(a.errFile)
	a.t.Fatalf("timed out waiting for %s; screen:\n%s\nstderr: %s", what, s, errOut)
	return ""
}

// waitExit waits for nnlab to exit and checks its exit status is 0.
func (a *e2eApp) waitExit(timeout time.Duration) {
	a.t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		b, err := os.ReadFile(a.exitFile)
		if err == nil && len(b) > 0 {
			if code := strings.TrimSpace(string(b)); code != "0" {
				errOut, _ := os.ReadFile(a.errFile)
				a.t.Fatalf("nnlab exited with %s; stderr: %s", code, errOut)
			}
			return
		}
		if time.Now().After(deadline) {
			a.t.Fatalf("nnlab did not exit; screen:\n%s", a.capture())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// TestEndToEnd builds cmd/nnlab, runs it in a detached tmux window of
// 120×40 and drives it like a learner: to the initialization comparison,
// waits for training, checks what is on screen, resizes the window and
// quits. NNLAB_E2E_BIN names a prebuilt binary to use instead.
func TestEndToEnd(t *testing.T) {
	a := startE2E(t, "e2e", 120, 40)
	capture, keys, waitScreen, tmux, session := a.capture, a.keys, a.waitScreen, a.tmux, a.session

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

	inits := []string{"zeros", "normal σ 0.01", "uniform ±0.05", "xavier", "xavier_normalized", "he_uniform", "he_normal"}
	rowRe := regexp.MustCompile(`(?m)^(zeros|normal σ \S+|uniform ±\S+|xavier|xavier_normalized|he_uniform|he_normal) +\S.*? (\d+) +(running|paused|done|diverged)\b`)
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
	zerosGrad := regexp.MustCompile(`(?s)\nzeros .*L1 .*\d\.\de[+-]\d\d +(vanishing|ok|exploding)`)
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
		return framed(s, 30) && strings.Contains(s, "zeros") && strings.Contains(s, "Batch loss")
	})
	checkSane(t, screen, 100, 30)

	keys("q")
	a.waitExit(10 * time.Second)
}

// TestE2EInitLessonQuiz is a learner finishing lesson 6 from the keyboard:
// from the home screen into "Weight initialization", through every page of
// its text while the experiment trains, into its quiz (z), every question
// answered right (the answers come from the lesson's own question data,
// matched to the shuffled screen by text), to the score screen, back, and
// out with q. The progress file must then record the visit, the best score
// and the completion.
func TestE2EInitLessonQuiz(t *testing.T) {
	cat, err := lessons.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	l := cat.Lesson("init")
	if l == nil {
		t.Fatal("no lesson init")
	}
	a := startE2E(t, "quiz", 120, 40)

	// Home: "6" puts the cursor on lesson 6, enter opens it.
	a.waitScreen("the home screen", 15*time.Second, func(s string) bool { return strings.Contains(s, "6. "+l.Title) })
	a.keys("6")
	a.waitScreen("the cursor on lesson 6", 5*time.Second, func(s string) bool {
		return regexp.MustCompile(`(?m)^ *› *6\. *` + regexp.QuoteMeta(l.Title)).MatchString(s)
	})
	a.keys("Enter")

	// Every page, with its counter advancing.
	n := len(l.Pages)
	pageRe := regexp.MustCompile(`Page (\d+)/(\d+)`)
	for k := 1; k <= n; k++ {
		want := fmt.Sprintf("Page %d/%d", k, n)
		screen := a.waitScreen(want, 10*time.Second, func(s string) bool {
			m := pageRe.FindStringSubmatch(s)
			return m != nil && m[0] == want && strings.Contains(s, "## "+l.Pages[k-1].Title)
		})
		if !strings.Contains(screen, l.Title) {
			t.Errorf("page %d: the header does not name the lesson:\n%s", k, screen)
		}
		if k < n {
			a.keys("]")
		}
	}

	// The first experiment (seven initializers) trains: every run shows a
	// step count above 0.
	first := l.Presets[0]
	stepsRe := regexp.MustCompile(`(zeros|normal σ \S+|uniform ±\S+|xavier_normalized|xavier|he_uniform|he_normal) +\S.*? (\d+) +(running|paused|done|diverged)\b`)
	a.waitScreen("the experiment training", 30*time.Second, func(s string) bool {
		rows := stepsRe.FindAllStringSubmatch(s, -1)
		if len(rows) != len(first.Vary.Values) {
			return false
		}
		for _, r := range rows {
			if n, _ := strconv.Atoi(r[2]); n <= 0 {
				return false
			}
		}
		return true
	})

	// The quiz.
	a.keys("z")
	total := len(l.Questions)
	asked := map[string]bool{}
	for k := 1; k <= total; k++ {
		q := a.answerRight(l, k, total)
		if asked[q.ID] {
			t.Fatalf("question %s asked twice", q.ID)
		}
		asked[q.ID] = true
		a.keys("Enter")
	}

	// The score screen.
	screen := a.waitScreen("the score", 10*time.Second, func(s string) bool { return strings.Contains(s, "finished") })
	if want := fmt.Sprintf("Score: %d of %d right.", total, total); !strings.Contains(screen, want) {
		t.Errorf("the score screen does not read %q:\n%s", want, screen)
	}
	for i, line := range strings.Split(strings.TrimRight(screen, "\n"), "\n") {
		if n := utf8.RuneCountInString(line); n > 120 {
			t.Errorf("score screen: line %d has %d cells: %q", i+1, n, line)
		}
	}

	// Back to the lesson, then home (which shows the progress), then quit.
	a.keys("Enter")
	a.waitScreen("the lesson again", 10*time.Second, func(s string) bool { return pageRe.MatchString(s) })
	a.keys("Escape")
	home := a.waitScreen("home with the progress", 10*time.Second, func(s string) bool { return strings.Contains(s, "6. "+l.Title) })
	if want := fmt.Sprintf("quiz best %d/%d", total, total); !strings.Contains(home, want) {
		t.Errorf("home does not show %q for lesson 6:\n%s", want, home)
	}
	a.keys("q")
	a.waitExit(10 * time.Second)

	// The progress file.
	b, err := os.ReadFile(filepath.Join(a.dir, "progress.json"))
	if err != nil {
		t.Fatal(err)
	}
	var prog lessons.Progress
	if err := json.Unmarshal(b, &prog); err != nil {
		t.Fatalf("progress.json: %v\n%s", err, b)
	}
	p := prog.Lessons["init"]
	var compact bytes.Buffer
	if json.Compact(&compact, b) == nil {
		t.Logf("progress.json: %s", compact.String())
	}
	switch {
	case p == nil:
		t.Fatalf("progress.json has no lesson init:\n%s", b)
	case !p.Visited:
		t.Errorf("lesson init not marked visited:\n%s", b)
	case p.Best == nil || p.Best.Correct != total || p.Best.Total != total:
		t.Errorf("lesson init's best quiz score is %+v, want %d/%d:\n%s", p.Best, total, total, b)
	case !p.Completed:
		t.Errorf("lesson init not marked completed after a full score:\n%s", b)
	}
	for _, q := range l.Questions {
		if r, ok := p.Answers[q.ID]; !ok || !r.Correct {
			t.Errorf("progress.json: answer to %s is %+v (recorded %v), want correct", q.ID, r, ok)
		}
	}
}

// answerRight waits for question k of total of lesson l, finds it on the
// screen by its text, answers it right from the lesson's own question data
// (a numeric answer computed by lab.Probe, choices matched to the shuffled
// screen by text), and waits for the verdict, which must be right.
func (a *e2eApp) answerRight(l *lessons.Lesson, k, total int) *lessons.Question {
	t := a.t
	t.Helper()
	counterRe := regexp.MustCompile(`Question (\d+) of (\d+)`)
	choiceRe := regexp.MustCompile(`^ *(?:› )?[(\[][ •x][)\]] (\d+)\. (.*)$`)
	evaluate := func(spec *spec.Spec, c lessons.Compute) (float64, error) {
		return lab.Probe(spec, c.Quantity, c.Layer, c.Row, c.Col, c.Sample, c.Steps)
	}
	want := fmt.Sprintf("Question %d of %d", k, total)
	screen := a.waitScreen(want, 10*time.Second, func(s string) bool {
		m := counterRe.FindString(s)
		return m == want && !strings.Contains(s, "Not quite") && !strings.Contains(s, "Right!")
	})
	flat := squash(screen)
	var q *lessons.Question
	for _, c := range l.Questions {
		if strings.Contains(flat, squash(c.Text)) {
			q = c
		}
	}
	if q == nil {
		t.Fatalf("question %d: no question of lesson %s on screen:\n%s", k, l.ID, screen)
	}
	switch q.Kind {
	case lessons.KindNumeric:
		x, err := q.Answer(evaluate)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("question %d: %s (numeric), typing %s", k, q.ID, strconv.FormatFloat(x, 'g', 12, 64))
		a.keys("-l", strconv.FormatFloat(x, 'g', 12, 64))
		a.keys("Enter")
	default:
		// The choices as shown: number, then text over one or more lines.
		shown := map[int]string{}
		cur := -1
		for _, line := range strings.Split(screen, "\n") {
			if m := choiceRe.FindStringSubmatch(line); m != nil {
				cur, _ = strconv.Atoi(m[1])
				shown[cur] = m[2]
			} else if cur >= 0 && strings.TrimSpace(line) != "" {
				shown[cur] += " " + line
			} else {
				cur = -1
			}
		}
		if len(shown) != len(q.Choices) {
			t.Fatalf("question %s: %d choices on screen, %d in the quiz file:\n%s", q.ID, len(shown), len(q.Choices), screen)
		}
		var picks []string
		for _, c := range q.Choices {
			num := 0
			for n, text := range shown {
				if squash(text) == squash(c.Text) {
					num = n
				}
			}
			if num == 0 {
				t.Fatalf("question %s: choice %q not on screen:\n%s", q.ID, c.Text, screen)
			}
			if c.Correct {
				picks = append(picks, strconv.Itoa(num))
			}
		}
		if q.Kind == lessons.KindSingle && len(picks) != 1 {
			t.Fatalf("question %s: %d correct choices", q.ID, len(picks))
		}
		t.Logf("question %d: %s (%s), pressing %v then enter", k, q.ID, q.Kind, picks)
		for _, d := range picks {
			a.keys(d)
		}
		a.keys("Enter")
	}
	screen = a.waitScreen("the verdict on "+q.ID, 60*time.Second, func(s string) bool {
		return strings.Contains(s, "Right!") || strings.Contains(s, "Not quite") || strings.Contains(s, "Could not grade")
	})
	if !strings.Contains(screen, "✓ Right!") {
		t.Errorf("question %s was not graded right:\n%s", q.ID, screen)
	}
	return q
}

// squash collapses runs of white space to one space, for comparing text
// that the screen wraps.
func squash(s string) string { return strings.Join(strings.Fields(s), " ") }

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
