package tui

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/nnlab/nnlab/lessons"
)

// pid is the process id of nnlab: the child of the tmux pane's shell.
func (a *e2eApp) pid() int {
	a.t.Helper()
	shell := strings.TrimSpace(a.tmux("display-message", "-p", "-t", a.session, "#{pane_pid}"))
	entries, err := os.ReadDir("/proc")
	if err != nil {
		a.t.Fatal(err)
	}
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue
		}
		// pid (comm) state ppid …: comm may hold spaces, so read after ")".
		f := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+1:]))
		if len(f) > 1 && f[1] == shell {
			return pid
		}
	}
	a.t.Fatalf("no child of the pane's shell %s", shell)
	return 0
}

// cpuTicks is the CPU time (user + system, in clock ticks) pid has used.
func cpuTicks(t *testing.T, pid int) int {
	t.Helper()
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		t.Fatal(err)
	}
	f := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+1:]))
	u, _ := strconv.Atoi(f[11])
	s, _ := strconv.Atoi(f[12])
	return u + s
}

// TestE2EIdleCPU measures nnlab's CPU time on a still home screen and on a
// paused lesson: a still screen does not tick, so in 6 s it uses at most 2
// clock ticks (20 ms; bubbletea's renderer still wakes 30 times a second).
func TestE2EIdleCPU(t *testing.T) {
	a := startE2E(t, "idle", 120, 40)
	a.waitScreen("the home screen", 15*time.Second, func(s string) bool { return strings.Contains(s, "Playground") })
	pid := a.pid()
	measure := func(what string) {
		time.Sleep(2 * time.Second) // past the grace after the last key
		before := cpuTicks(t, pid)
		time.Sleep(6 * time.Second)
		used := cpuTicks(t, pid) - before
		t.Logf("%s: %d clock ticks of CPU in 6 s", what, used)
		if used > 2 {
			t.Errorf("%s: %d clock ticks of CPU in 6 s, want at most 2 (no tick loop on a still screen)", what, used)
		}
	}
	measure("home screen")
	a.keys("1")
	a.keys("Enter")
	a.waitScreen("the lesson training", 15*time.Second, func(s string) bool { return strings.Contains(s, "running") })
	a.keys("Space")
	a.waitScreen("the run paused", 5*time.Second, func(s string) bool { return strings.Contains(s, "paused") })
	measure("paused lesson")
	a.keys("q")
	a.waitExit(10 * time.Second)
}

// TestE2ETypedAhead types digits faster than the program reads them
// (tmux writes "12" at once, which bubbletea delivers as one key message):
// the home cursor must land on entry 2.
func TestE2ETypedAhead(t *testing.T) {
	a := startE2E(t, "typeahead", 120, 40)
	a.waitScreen("the home screen", 15*time.Second, func(s string) bool { return strings.Contains(s, "Playground") })
	a.keys("-l", "12")
	on2 := regexp.MustCompile(`(?m)^ *› *2\. `)
	a.waitScreen("the cursor on entry 2", 5*time.Second, func(s string) bool { return on2.MatchString(s) })
	a.keys("q")
	a.waitExit(10 * time.Second)
}

// TestE2EQuizFlow is a learner in lesson 6's quiz: after answering, s
// goes back to the lesson at the page and experiment behind the question
// (no Lesson › Quiz › Lesson stack), z picks the quiz up where it was, so
// does z after esc; enter on a multi-select question with nothing chosen
// asks for a choice instead of skipping it; q in the middle records
// nothing.
func TestE2EQuizFlow(t *testing.T) {
	cat, err := lessons.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	l := cat.Lesson("init")
	a := startE2E(t, "quizflow", 120, 40)
	a.waitScreen("the home screen", 15*time.Second, func(s string) bool { return strings.Contains(s, "6. "+l.Title) })
	a.keys("6")
	a.keys("Enter")
	a.waitScreen("the lesson", 10*time.Second, func(s string) bool { return strings.Contains(s, "Page 1/") })
	header := func(s string) string { return strings.TrimSpace(strings.SplitN(s, "\n", 2)[0]) }
	quizHeader := "nnlab › " + l.Title + " › Quiz: " + l.Title
	a.keys("z")
	total := len(l.Questions)
	q := a.answerRight(l, 1, total)
	if q.Show == "" {
		t.Fatalf("question 1 (%s) has no show", q.ID)
	}

	// s: back to the lesson, at the page that names the question's preset.
	_, pid, _ := strings.Cut(q.Show, "/")
	pi := slices.IndexFunc(l.Presets, func(p lessons.Preset) bool { return p.ID == pid })
	page := l.Pages[presetPage(l, pi)]
	a.keys("s")
	s := a.waitScreen("the lesson at "+page.Title, 10*time.Second, func(s string) bool {
		return strings.Contains(s, "## "+page.Title) && strings.Contains(s, "· "+pid)
	})
	if h := header(s); !strings.HasPrefix(h, "nnlab › "+l.Title) || strings.Contains(h, "Quiz") {
		t.Errorf("after s the header reads %q, want the lesson alone", h)
	}
	// z: the same quiz, still at question 1 with its verdict.
	a.keys("z")
	s = a.waitScreen("the quiz again", 10*time.Second, func(s string) bool { return strings.Contains(s, "Question 1 of") })
	if !strings.Contains(s, "Right!") || !strings.HasPrefix(header(s), quizHeader) || strings.Count(header(s), "›") != 2 {
		t.Errorf("z after s did not return to the quiz as it was:\n%s", s)
	}
	a.keys("Enter")
	a.waitScreen("question 2", 10*time.Second, func(s string) bool { return strings.Contains(s, fmt.Sprintf("Question 2 of %d", total)) })
	a.keys("Escape")
	a.waitScreen("the lesson", 10*time.Second, func(s string) bool { return !strings.Contains(header(s), "Quiz") })
	a.keys("z")
	a.waitScreen("question 2 again", 10*time.Second, func(s string) bool { return strings.Contains(s, fmt.Sprintf("Question 2 of %d", total)) })

	// On to the first multi-select question; enter with nothing chosen.
	k := 2
	for ; l.Questions[k-1].Kind != lessons.KindMulti; k++ {
		a.answerRight(l, k, total)
		a.keys("Enter")
	}
	want := fmt.Sprintf("Question %d of %d", k, total)
	a.waitScreen(want, 10*time.Second, func(s string) bool { return strings.Contains(s, want) })
	a.keys("Enter")
	s = a.waitScreen("the request for a choice", 5*time.Second, func(s string) bool { return strings.Contains(s, "Choose at least one answer") })
	if !strings.Contains(s, want) || strings.Contains(s, "Could not grade") || strings.Contains(s, "Not quite") {
		t.Errorf("enter with nothing chosen left question %d:\n%s", k, s)
	}

	// q in the middle of the quiz: nothing recorded but the visit.
	a.keys("q")
	a.waitExit(10 * time.Second)
	b, err := os.ReadFile(filepath.Join(a.dir, "progress.json"))
	if err != nil {
		t.Fatal(err)
	}
	var prog lessons.Progress
	if err := json.Unmarshal(b, &prog); err != nil {
		t.Fatalf("progress.json: %v\n%s", err, b)
	}
	if p := prog.Lessons["init"]; p == nil || !p.Visited || p.Best != nil || len(p.Answers) > 0 || p.Completed {
		t.Errorf("a quiz left in the middle was recorded:\n%s", b)
	}
}
