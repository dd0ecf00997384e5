package tui

import (
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/nnlab/nnlab/lab"
	"github.com/nnlab/nnlab/lessons"
)

// Keys typed faster than the program reads them arrive as one message
// ("12"): every screen sees them one by one.
func TestTypedAheadKeysAreSplit(t *testing.T) {
	d := newDriver(t, testOptions(t), 100, 30)
	h := d.m.top().(*home)
	d.key("12") // one message: "1" then "2"
	if h.cursor != 1 {
		t.Errorf(`"12" in one message: home cursor on %d, want 1 (the digit 2)`, h.cursor)
	}
	d.key("1", "enter", "z")
	qs, ok := d.m.top().(*quizScreen)
	if !ok {
		t.Fatalf("z opened %T, want the quiz", d.m.top())
	}
	for qs.item().Question.Kind != lessons.KindMulti {
		d.key("enter", "enter")
	}
	// The correct choices, typed as one message.
	it := qs.item()
	var picks []rune
	for k, i := range it.Order {
		if it.Question.Choices[i].Correct {
			picks = append(picks, rune('1'+k))
		}
	}
	if len(picks) < 2 {
		t.Fatalf("the fixture's multi question has %d correct choices; the test needs two", len(picks))
	}
	d.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: picks})
	d.key("enter")
	if qs.res == nil || !qs.res.Correct {
		t.Errorf("%q typed as one message then enter: %+v, want graded right", string(picks), qs.res)
	}
	d.key("q")
	checkStopped(t, d.allRuns())
}

// ticks says whether a tick re-arms the loop once the grace after the
// last message has passed.
func ticks(m *Model) bool {
	m.quietAt = time.Time{}
	_, cmd := m.Update(tickMsg(time.Now()))
	return cmd != nil
}

// The tick loop stops on a still screen and starts again on a key.
func TestTickOnlyWhileSomethingChanges(t *testing.T) {
	d := newDriver(t, testOptions(t), 120, 40)
	if ticks(d.m) {
		t.Errorf("the home screen keeps the tick loop going")
	}
	if d.m.ticking {
		t.Errorf("the loop still counts as ticking after it stopped")
	}
	_, cmd := d.m.Update(keyMsg("down"))
	if cmd == nil || !d.m.ticking {
		t.Errorf("a key did not restart the tick loop")
	}
	d.key("up", "enter")
	ls := d.m.top().(*lessonScreen)
	p := ls.exp.(*runPanel)
	d.waitFor("a training run", func() bool { s, ok := p.snap(); return ok && s.Status == lab.Running })
	if !ticks(d.m) {
		t.Errorf("a training run does not keep the tick loop going")
	}
	d.key(" ")
	d.waitFor("the run to pause", func() bool { s, _ := p.snap(); return s.Status == lab.Paused })
	if ticks(d.m) {
		t.Errorf("a paused lesson keeps the tick loop going")
	}
	d.key("q")
	checkStopped(t, d.allRuns())
}
