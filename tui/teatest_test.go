package tui

import (
	"bytes"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"
	"go.uber.org/goleak"

	"github.com/nnlab/nnlab/lessons"
)

// verifyNoLeaks fails the test if goroutines are left behind, except the
// one teatest starts per test model to wait for a SIGINT that never comes.
func verifyNoLeaks(t *testing.T) {
	t.Helper()
	goleak.VerifyNone(t, goleak.IgnoreTopFunction("github.com/charmbracelet/x/exp/teatest.NewTestModel.func2"))
}

// TestProgramFlow drives the whole app as a bubbletea program (teatest):
// open the first lesson and see it train, slow it down, reset and pause it,
// go back, open the comparison of initializers and see all seven runs, quit.
func TestProgramFlow(t *testing.T) {
	defer verifyNoLeaks(t)
	cat, err := lessons.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	tm := teatest.NewTestModel(t, New(Options{Catalog: cat}), teatest.WithInitialTermSize(120, 40))
	seen := func(want ...string) {
		t.Helper()
		teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
			for _, w := range want {
				if !bytes.Contains(b, []byte(w)) {
					return false
				}
			}
			return true
		}, teatest.WithDuration(20*time.Second), teatest.WithCheckInterval(20*time.Millisecond))
	}
	keys := func(ks ...string) {
		for _, k := range ks {
			switch k {
			case "enter":
				tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
			case "esc":
				tm.Send(tea.KeyMsg{Type: tea.KeyEsc})
			case "down":
				tm.Send(tea.KeyMsg{Type: tea.KeyDown})
			case "space":
				tm.Send(tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{' '}})
			default:
				tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(k)})
			}
		}
	}
	seen("How a network learns", "Weight initialization", "Compare")
	keys("enter")
	seen("Page 1/", "step ")
	// Slowest pace, then restart and pause: the run must show as paused.
	keys("<", "<", "<", "<", "<", "<", "r", "space")
	seen("paused", "pace ≤10/s")
	keys("esc")
	for range len(cat.Lessons) + 1 { // past the lessons and the playground
		keys("down")
	}
	keys("enter")
	seen("Compare initialization", "zeros", "normal", "uniform", "xavier", "xavier_normalized", "he_uniform", "he_normal")
	keys("q")
	tm.WaitFinished(t, teatest.WithFinalTimeout(10*time.Second))
	m, ok := tm.FinalModel(t).(*Model)
	if !ok {
		t.Fatalf("final model is %T", tm.FinalModel(t))
	}
	m.closeAll()
	m.waitRuns(5 * time.Second)
	for _, g := range m.c.groups {
		for _, r := range g.started() {
			select {
			case <-r.Done():
			default:
				t.Error("a run outlived the program")
			}
		}
	}
}
