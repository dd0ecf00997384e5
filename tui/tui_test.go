package tui

import (
	"context"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/nnlab/nnlab/lab"
	"github.com/nnlab/nnlab/lab/spec"
	"github.com/nnlab/nnlab/lessons"
)

// updating reports the -update flag ("rewrite the golden files"), which
// x/exp/golden defines for the package's tests (teatest imports it).
func updating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

func TestMain(m *testing.M) {
	lipgloss.SetColorProfile(termenv.Ascii)
	lipgloss.SetHasDarkBackground(true)
	os.Exit(m.Run())
}

// fixture loads the test catalog (testdata/lessons).
func fixture(t testing.TB) *lessons.Catalog {
	t.Helper()
	cat, probs := lessons.LoadDir("testdata/lessons")
	if len(probs) > 0 {
		t.Fatalf("fixture catalog: %v", probs)
	}
	return cat
}

func testOptions(t testing.TB) Options {
	st, _, err := lessons.Open(filepath.Join(t.TempDir(), "progress.json"))
	if err != nil {
		t.Fatal(err)
	}
	return Options{Catalog: fixture(t), Store: st}
}

// driver feeds messages to the root model and runs the commands they
// return synchronously, as the bubbletea runtime would, except the tick
// loop: tests send tickMsg themselves.
type driver struct {
	t    testing.TB
	m    *Model
	quit bool
}

func newDriver(t testing.TB, opts Options, w, h int) *driver {
	d := &driver{t: t, m: newModel(opts)}
	d.send(tea.WindowSizeMsg{Width: w, Height: h})
	d.run(d.m.top().Init())
	return d
}

func (d *driver) send(msg tea.Msg) {
	_, cmd := d.m.Update(msg)
	if _, isTick := msg.(tickMsg); isTick {
		return // the re-armed tick: the test is the clock
	}
	d.run(cmd)
}

func (d *driver) run(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	msg := cmd()
	switch msg := msg.(type) {
	case nil:
	case tea.BatchMsg:
		for _, c := range msg {
			d.run(c)
		}
	case tea.QuitMsg:
		d.quit = true
	case tickMsg:
	default:
		d.send(msg)
	}
}

func (d *driver) key(keys ...string) {
	for _, k := range keys {
		d.send(keyMsg(k))
	}
}

func keyMsg(k string) tea.KeyMsg {
	switch k {
	case "enter":
		return tea.KeyMsg{Type: tea.KeyEnter}
	case "esc":
		return tea.KeyMsg{Type: tea.KeyEsc}
	case "tab":
		return tea.KeyMsg{Type: tea.KeyTab}
	case "shift+tab":
		return tea.KeyMsg{Type: tea.KeyShiftTab}
	case "up":
		return tea.KeyMsg{Type: tea.KeyUp}
	case "down":
		return tea.KeyMsg{Type: tea.KeyDown}
	case "left":
		return tea.KeyMsg{Type: tea.KeyLeft}
	case "right":
		return tea.KeyMsg{Type: tea.KeyRight}
	case "pgup":
		return tea.KeyMsg{Type: tea.KeyPgUp}
	case "pgdown":
		return tea.KeyMsg{Type: tea.KeyPgDown}
	case "backspace":
		return tea.KeyMsg{Type: tea.KeyBackspace}
	case "ctrl+c":
		return tea.KeyMsg{Type: tea.KeyCtrlC}
	case " ":
		return tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{' '}}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(k)}
}

// waitFor ticks until cond holds or the time is up.
func (d *driver) waitFor(what string, cond func() bool) {
	d.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		d.send(tickMsg(time.Now()))
		if cond() {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	d.t.Fatalf("timed out waiting for %s\nscreen:\n%s", what, d.m.View())
}

// allRuns is every run any screen started.
func (d *driver) allRuns() []*lab.Run {
	var out []*lab.Run
	for _, g := range d.m.c.groups {
		out = append(out, g.started()...)
	}
	return out
}

// checkStopped fails unless every run's goroutine has ended.
func checkStopped(t testing.TB, runs []*lab.Run) {
	t.Helper()
	for i, r := range runs {
		select {
		case <-r.Done():
		case <-time.After(5 * time.Second):
			t.Fatalf("run %d of %d still running after quit", i+1, len(runs))
		}
	}
}

// fixedSnapshot trains spec for steps steps synchronously and returns a
// paused snapshot with the decision boundary: deterministic for a seed.
func fixedSnapshot(t testing.TB, spec *spec.Spec, steps int) lab.Snapshot {
	t.Helper()
	s, _ := trainedSnapshot(t, spec, steps, false)
	s.StepsPerSec = 1234
	return s
}

// trainedSnapshot trains spec for up to steps steps synchronously (then,
// with evaluate, evaluates it on every sample) and returns a paused
// snapshot with the decision boundary, and the trainer.
func trainedSnapshot(t testing.TB, spec *spec.Spec, steps int, evaluate bool) (lab.Snapshot, *lab.Trainer) {
	t.Helper()
	tr, err := lab.NewTrainer(spec, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < steps && !tr.Finished(); i++ {
		tr.Step()
	}
	if evaluate {
		tr.Evaluate(context.Background(), 0)
	}
	s := tr.Snapshot()
	if s.Status == lab.Running {
		s.Status = lab.Paused
	}
	if tr.HasBoundary() {
		s.Grid, s.GridW, s.GridH, s.Box = tr.Boundary(40, 40)
	}
	return s, tr
}

// showSnapshots installs fixed snapshots into a run group (no live runs).
func showSnapshots(g *runGroup, names []string, snaps []lab.Snapshot) {
	g.names = names
	g.snaps = snaps
	g.have = make([]bool, len(snaps))
	for i := range g.have {
		g.have[i] = true
	}
}

// trainCompare trains each run of a comparison panel for steps steps and
// shows the fixed snapshots (no live runs); it returns them.
func trainCompare(t testing.TB, p *comparePanel, steps int) []lab.Snapshot {
	t.Helper()
	var snaps []lab.Snapshot
	var names []string
	for i, spec := range lab.SeedRuns(p.specs) {
		snaps = append(snaps, fixedSnapshot(t, spec, steps))
		names = append(names, p.runName(i))
	}
	showSnapshots(p.g, names, snaps)
	p.render()
	return snaps
}

// overfitLesson shows lesson 8's overfitting run at w×h after steps steps
// (a fixed snapshot, no live run).
func overfitLesson(t *testing.T, steps int) (*Model, *runPanel, lab.Snapshot) {
	t.Helper()
	m, s := viewLesson(t, 120, 40, lessons.Preset{ID: "overfit", Title: "Overfitting", Spec: overfitSpec(600)})
	p := s.exp.(*runPanel)
	snap := fixedSnapshot(t, p.spec, steps)
	showSnapshots(p.g, []string{"overfit"}, []lab.Snapshot{snap})
	p.render()
	return m, p, snap
}

// lessonModel is a root model showing the fixture lesson with a fixed,
// paused snapshot.
func lessonModel(t testing.TB, w, h int) (*Model, *lessonScreen) {
	opts := Options{Catalog: fixture(t)}
	m := newModel(opts)
	m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	l := opts.Catalog.Lessons[0]
	s := newLesson(m.c, l, 0)
	m.Update(pushMsg{s})
	p := s.exp.(*runPanel)
	spec := m.c.spec(l.Presets[0].Spec)
	showSnapshots(p.g, []string{"circle"}, []lab.Snapshot{fixedSnapshot(t, spec, 600)})
	p.points = loadPoints(spec, "")
	p.render()
	return m, s
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if updating() {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./tui/ -run %s -update)", err, t.Name())
	}
	if string(want) != got {
		t.Errorf("%s differs from %s:\n--- got ---\n%s\n--- want ---\n%s", t.Name(), path, got, want)
	}
}

// checkFrame checks that a view is exactly w×h cells and has no escapes.
func checkFrame(t *testing.T, view string, w, h int) {
	t.Helper()
	lines := strings.Split(view, "\n")
	if len(lines) != h {
		t.Errorf("view has %d lines, want %d", len(lines), h)
	}
	for i, l := range lines {
		if lw := lipgloss.Width(l); lw > w {
			t.Errorf("line %d is %d cells wide, more than %d: %q", i+1, lw, w, l)
		}
	}
	if strings.Contains(view, "\x1b") {
		t.Errorf("escape sequences with the Ascii profile (NO_COLOR)")
	}
	if strings.Contains(strings.ToLower(view), "nan") {
		for _, l := range lines {
			if strings.Contains(strings.ToLower(l), "nan") && !strings.Contains(l, "nanc") {
				t.Errorf("NaN on screen: %q", l)
			}
		}
	}
}

var sizes = [][2]int{{80, 24}, {120, 40}}

func TestGoldenLesson(t *testing.T) {
	for _, sz := range sizes {
		t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) {
			m, s := lessonModel(t, sz[0], sz[1])
			defer m.closeAll()
			v := m.View()
			checkFrame(t, v, sz[0], sz[1])
			golden(t, fmt.Sprintf("lesson-%dx%d", sz[0], sz[1]), v)
			for _, want := range []string{"Following the slope", "paused", "step 600/3000", "Loss"} {
				if !strings.Contains(v, want) {
					t.Errorf("lesson screen lacks %q", want)
				}
			}
			// Focus on the experiment: another layout, still sane.
			m.Update(keyMsg("tab"))
			if s.focus != paneExp {
				t.Fatalf("tab did not focus the experiment")
			}
			v = m.View()
			checkFrame(t, v, sz[0], sz[1])
			golden(t, fmt.Sprintf("lesson-exp-%dx%d", sz[0], sz[1]), v)
			for _, want := range []string{"paused", "Gradient size", "L1 tanh 8", "Loss", "Decision"} {
				if !strings.Contains(v, want) {
					t.Errorf("lesson screen (experiment focused) lacks %q", want)
				}
			}
		})
	}
}

func TestGoldenScreens(t *testing.T) {
	for _, sz := range sizes {
		name := fmt.Sprintf("%dx%d", sz[0], sz[1])
		t.Run("home-"+name, func(t *testing.T) {
			m := newModel(Options{Catalog: fixture(t)})
			m.Update(tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
			v := m.View()
			checkFrame(t, v, sz[0], sz[1])
			golden(t, "home-"+name, v)
		})
		t.Run("compare-"+name, func(t *testing.T) {
			m := newModel(Options{Catalog: fixture(t)})
			m.Update(tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
			s := newCompare(m.c)
			m.Update(pushMsg{s}) // Init (starting runs) is not called
			var snaps []lab.Snapshot
			for _, spec := range s.panel.specs {
				snaps = append(snaps, fixedSnapshot(t, spec, 150))
			}
			showSnapshots(s.panel.g, s.panel.values, snaps)
			s.panel.render()
			v := m.View()
			checkFrame(t, v, sz[0], sz[1])
			golden(t, "compare-"+name, v)
			for _, init := range compareFactors[0].values {
				if !strings.Contains(v, init) {
					t.Errorf("compare lacks %q", init)
				}
			}
		})
		t.Run("playground-"+name, func(t *testing.T) {
			m := newModel(Options{Catalog: fixture(t)})
			m.Update(tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
			m.Update(pushMsg{newPlayground(m.c)})
			v := m.View()
			checkFrame(t, v, sz[0], sz[1])
			golden(t, "playground-"+name, v)
		})
		t.Run("quiz-"+name, func(t *testing.T) {
			d := newDriver(t, Options{Catalog: fixture(t)}, sz[0], sz[1])
			d.key("enter", "z", "down", "enter")
			v := d.m.View()
			checkFrame(t, v, sz[0], sz[1])
			golden(t, "quiz-"+name, v)
			d.key("q")
			checkStopped(t, d.allRuns())
		})
	}
}

func TestTooSmall(t *testing.T) {
	m := newModel(Options{})
	for _, sz := range [][2]int{{59, 24}, {80, 15}, {30, 8}, {20, 5}, {1, 1}} {
		m.Update(tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
		want := fmt.Sprintf("nnlab needs at least 60×16 (now %d×%d)", sz[0], sz[1])
		// Whole, wrapped to the width when it must be (30×8).
		if sz[0] >= 20 && squash(m.View()) != want {
			t.Errorf("%v: view reads %q, want %q:\n%s", sz, squash(m.View()), want, m.View())
		}
		checkFrame(t, m.View(), sz[0], sz[1])
	}
	m.Update(tea.WindowSizeMsg{Width: 0, Height: 0})
	_ = m.View()
}

func TestFlowLessonPauseStepCompareQuit(t *testing.T) {
	defer verifyNoLeaks(t)
	d := newDriver(t, testOptions(t), 120, 40)
	d.key("enter") // the first lesson
	ls, ok := d.m.top().(*lessonScreen)
	if !ok {
		t.Fatalf("enter on home opened %T", d.m.top())
	}
	p := ls.exp.(*runPanel)
	d.waitFor("a first snapshot", func() bool { _, ok := p.snap(); return ok })
	if !d.m.c.Opts.Store.Lesson(ls.l.ID).Visited {
		t.Errorf("opening a lesson did not mark it visited")
	}
	d.key(" ")
	d.waitFor("the run to pause", func() bool { s, _ := p.snap(); return s.Status == lab.Paused })
	// Let any snapshot in flight arrive, then read the step.
	time.Sleep(100 * time.Millisecond)
	d.send(tickMsg(time.Now()))
	before, _ := p.snap()
	d.key("n")
	d.waitFor("one step", func() bool { s, _ := p.snap(); return s.Step != before.Step })
	time.Sleep(150 * time.Millisecond)
	d.send(tickMsg(time.Now()))
	after, _ := p.snap()
	if after.Step != before.Step+1 || after.Status != lab.Paused {
		t.Errorf("n: step %d -> %d (%s), want exactly +1 and paused", before.Step, after.Step, after.Status)
	}
	if v := d.m.View(); !strings.Contains(v, fmt.Sprintf("step %d/", after.Step)) {
		t.Errorf("status line does not show step %d:\n%s", after.Step, v)
	}

	// Back home, then the comparison: seven runs.
	d.key("esc")
	if _, ok := d.m.top().(*home); !ok {
		t.Fatalf("esc went to %T, want home", d.m.top())
	}
	d.key("down", "down", "enter")
	cs, ok := d.m.top().(*compareScreen)
	if !ok {
		t.Fatalf("third entry opened %T, want compare", d.m.top())
	}
	if n := len(cs.panel.g.runs); n != 7 {
		t.Fatalf("compare started %d runs, want 7", n)
	}
	d.waitFor("snapshots of all seven runs", func() bool {
		for _, h := range cs.panel.g.have {
			if !h {
				return false
			}
		}
		return true
	})
	v := d.m.View()
	for _, name := range compareFactors[0].values {
		if !strings.Contains(v, name) {
			t.Errorf("compare screen lacks %q", name)
		}
	}
	d.key("f") // optimizer: four new runs, the seven old ones cancelled
	if n := len(cs.panel.g.runs); n != 4 {
		t.Errorf("f: %d runs, want 4 (optimizers)", n)
	}
	d.key("q")
	if !d.quit {
		t.Fatalf("q did not quit")
	}
	runs := d.allRuns()
	if len(runs) < 12 {
		t.Errorf("only %d runs were started, want 1+7+4", len(runs))
	}
	checkStopped(t, runs)
}

// knob selects the playground's knob by name.
func (d *driver) knob(pg *playground, name string) {
	d.t.Helper()
	for range 64 {
		if strings.TrimSpace(knobsFor(defaulted(pg.pending))[pg.sel].name) == name {
			return
		}
		d.key("down")
	}
	d.t.Fatalf("no knob %q", name)
}

// openPlayground opens the playground in a w×h model whose runs are
// stopped (and checked, with every goroutine) when the test ends; knobs, when given, are turned
// one step right each before the playground is returned.
func openPlayground(t *testing.T, w, h int, knobs ...string) (*driver, *playground) {
	t.Helper()
	d := newDriver(t, testOptions(t), w, h)
	t.Cleanup(func() { verifyNoLeaks(t) }) // after the stop below
	t.Cleanup(func() { d.key("ctrl+c"); checkStopped(t, d.allRuns()) })
	d.key("down", "enter")
	pg, ok := d.m.top().(*playground)
	if !ok {
		t.Fatalf("opened %T, want the playground", d.m.top())
	}
	for _, k := range knobs {
		d.knob(pg, k)
		d.key("right")
	}
	return d, pg
}

func TestPlaygroundApply(t *testing.T) {
	d, pg := openPlayground(t, 100, 30)
	d.waitFor("a snapshot", func() bool { _, ok := pg.panel.snap(); return ok })
	// lr is live: no restart.
	runs := len(d.allRuns())
	d.knob(pg, "lr")
	d.key("right", "enter")
	if len(d.allRuns()) != runs {
		t.Errorf("changing lr restarted the run")
	}
	d.waitFor("the new lr", func() bool { s, _ := pg.panel.snap(); return s.LR > 0.29 && s.LR < 0.31 })
	// Layers restart it, from the same seed, and say so.
	d.knob(pg, "layers")
	d.key("left", "left", "enter") // hidden layers: none
	if len(d.allRuns()) != runs+1 {
		t.Errorf("changing the layers did not restart the run (err %q)", pg.err)
	}
	if !strings.HasPrefix(pg.note, "restarted from step 0 with seed 1") || !strings.Contains(d.m.View(), "restarted from step 0") {
		t.Errorf("the restart is not said (%q):\n%s", pg.note, d.m.View())
	}
	d.waitFor("the restarted run", func() bool { s, ok := pg.panel.snap(); return ok && len(s.Layers) == 1 && s.LR > 0.29 })
	// Three layers of 4 with x² and y².
	d.key("right", "right", "right")
	for _, f := range []string{"input x²", "input y²"} {
		d.knob(pg, f)
		d.key("right")
	}
	d.key("enter")
	d.waitFor("three hidden layers", func() bool {
		s, ok := pg.panel.snap()
		return ok && len(s.Layers) == 4 && s.Spec != nil && strings.Join(s.Spec.Data.Features, ",") == "x2,y2"
	})
	// An impossible combination: a residual layer whose width is not its
	// input's.
	d.knob(pg, "residual")
	d.key("right")
	d.knob(pg, "L2 units")
	d.key("right", "enter")
	if pg.err == "" || !strings.Contains(d.m.View(), "Not valid") {
		t.Errorf("a residual 4→5 layer was accepted:\n%s", d.m.View())
	}
	if len(d.allRuns()) != runs+2 {
		t.Errorf("an invalid spec restarted the run")
	}
	if _, ok := pg.panel.snap(); !ok || pg.panel.g.err != nil {
		t.Errorf("the old run is gone after an invalid apply")
	}
}

// TestSaveReopens saves the playground's experiment with w, writes it to a
// chosen path, and opens it again as nnlab open does: the same spec, and
// the same loss at the same step, bit for bit.
func TestSaveReopens(t *testing.T) {
	d, pg := openPlayground(t, 120, 40, "input x²")
	d.knob(pg, "steps")
	d.key("left", "left", "left", "left", "enter") // 500 steps
	d.key(" ")                                     // pause, then step to 40
	d.waitFor("the restarted run", func() bool { s, ok := pg.panel.snap(); return ok && s.MaxSteps == 500 })
	for range 40 {
		d.key("n")
	}
	d.waitFor("step 40", func() bool { s, _ := pg.panel.snap(); return s.Step == 40 })
	want, _ := pg.panel.snap()
	file := filepath.Join(t.TempDir(), "saved.yaml")
	d.key("w")
	if !pg.Typing() || !strings.Contains(d.m.View(), "Save the experiment to: nnlab-playground-") {
		t.Fatalf("w: no prompt\n%s", d.m.View())
	}
	for range 60 {
		d.key("backspace")
	}
	d.key(file, "enter")
	if !strings.Contains(d.m.View(), "Saved ") {
		t.Fatalf("no word of the file:\n%s", d.m.View())
	}
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	// Saving again to the same name is refused, and the file stays.
	d.key("w")
	for range 60 {
		d.key("backspace")
	}
	d.key(file, "enter")
	if !strings.Contains(d.m.View(), "exists; it was not") {
		t.Errorf("a second save to the same name:\n%s", d.m.View())
	}
	s, vary, err := spec.LoadFile(b, file)
	if err != nil || vary != nil {
		t.Fatalf("%v %v\n%s", err, vary, b)
	}
	opts := testOptions(t)
	opts.Open = &Opened{Spec: s, From: file}
	d2 := newDriver(t, opts, 120, 40)
	defer func() { d2.key("ctrl+c"); checkStopped(t, d2.allRuns()) }()
	pg2, ok := d2.m.top().(*playground)
	if !ok {
		t.Fatalf("opened %T, want the playground", d2.m.top())
	}
	d2.waitFor("a snapshot", func() bool { _, ok := pg2.panel.snap(); return ok })
	d2.key(" ")
	d2.waitFor("paused", func() bool { s, _ := pg2.panel.snap(); return s.Status == lab.Paused })
	d2.key("r") // from step 0, paused
	for range 40 {
		d2.key("n")
	}
	d2.waitFor("step 40", func() bool { s, _ := pg2.panel.snap(); return s.Step == 40 })
	got, _ := pg2.panel.snap()
	if math.Float64bits(got.Loss) != math.Float64bits(want.Loss) {
		t.Errorf("reopened: loss %v at step 40, saved run %v", got.Loss, want.Loss)
	}
	if !strings.Contains(d2.m.View(), "Opened "+file) {
		t.Errorf("the opened screen does not name the file:\n%s", d2.m.View())
	}
}

func TestQuizFlow(t *testing.T) {
	opts := testOptions(t)
	d := newDriver(t, opts, 100, 30)
	d.key("enter", "z")
	qs, ok := d.m.top().(*quizScreen)
	if !ok {
		t.Fatalf("z opened %T, want the quiz", d.m.top())
	}
	// Answer every question with the correct choices.
	for !qs.done {
		it := qs.item()
		for k, i := range it.Order {
			if it.Question.Choices[i].Correct {
				if it.Question.Kind == lessons.KindSingle {
					for qs.cursor != k {
						d.key("down")
					}
				} else {
					d.key(fmt.Sprint(k + 1))
				}
			}
		}
		d.key("enter")
		if qs.res == nil || !qs.res.Correct {
			t.Fatalf("question %s graded wrong: %+v\n%s", it.Question.ID, qs.res, d.m.View())
		}
		if !strings.Contains(d.m.View(), "Right") {
			t.Errorf("no verdict shown")
		}
		d.key("enter")
	}
	v := d.m.View()
	if !strings.Contains(v, "Score: 2 of 2") {
		t.Errorf("final screen:\n%s", v)
	}
	lp := opts.Store.Lesson("descent")
	if lp.Best == nil || lp.Best.Correct != 2 || !lp.Completed {
		t.Errorf("progress not recorded: %+v", lp)
	}
	if _, err := os.Stat(opts.Store.Path()); err != nil {
		t.Errorf("progress not saved: %v", err)
	}
	d.key("enter") // back to the lesson
	if _, ok := d.m.top().(*lessonScreen); !ok {
		t.Errorf("enter after the score went to %T", d.m.top())
	}
	d.key("q")
	checkStopped(t, d.allRuns())
}

var monkeyKeys = []string{
	"enter", "esc", "tab", "shift+tab", "up", "down", "left", "right", "pgup", "pgdown", "backspace",
	" ", "n", "r", "R", "+", "-", "l", "p", "t", "z", "f", "s", "?", "[", "]", "h", "j", "k",
	"1", "2", "3", "4", "0", ".", "e", "x", "g", "G",
}

func TestMonkey(t *testing.T) {
	defer verifyNoLeaks(t)
	n := 10000
	if testing.Short() {
		n = 2000
	}
	rng := rand.New(rand.NewPCG(42, 1))
	d := newDriver(t, testOptions(t), 100, 30)
	sizes := [][2]int{{0, 0}, {1, 1}, {10, 5}, {59, 15}, {60, 16}, {61, 17}, {80, 24}, {100, 30}, {120, 40}, {200, 60}, {45, 50}, {150, 18}}
	for i := 0; i < n; i++ {
		switch r := rng.IntN(100); {
		case r < 3:
			sz := sizes[rng.IntN(len(sizes))]
			d.send(tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
		case r < 10:
			d.send(tickMsg(time.Now()))
		case r < 11:
			d.send(tea.MouseMsg{Button: tea.MouseButtonWheelDown, Action: tea.MouseActionPress})
		default:
			d.key(monkeyKeys[rng.IntN(len(monkeyKeys))])
		}
		_ = d.m.View()
		if d.quit {
			t.Fatalf("quit by key %d", i)
		}
	}
	d.key("ctrl+c")
	if !d.quit {
		t.Fatal("ctrl+c did not quit")
	}
	runs := d.allRuns()
	t.Logf("%d keys and resizes, %d runs started", n, len(runs))
	checkStopped(t, runs)
}

// BenchmarkLessonView measures a frame of the lesson screen at 120×40: the
// render done when a snapshot arrives plus View. It reports the median.
func BenchmarkLessonView(b *testing.B) {
	m, s := lessonModel(b, 120, 40)
	defer m.closeAll()
	p := s.exp.(*runPanel)
	times := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		p.render()
		_ = m.View()
		times = append(times, time.Since(t0))
	}
	b.StopTimer()
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	b.ReportMetric(float64(times[len(times)/2].Nanoseconds()), "median-ns/frame")
}

func TestLessonScrollAndHelp(t *testing.T) {
	m, s := lessonModel(t, 80, 24)
	defer m.closeAll()
	if s.vp.TotalLineCount() <= s.vp.Height {
		t.Fatalf("page fits (%d lines in %d): cannot test scrolling", s.vp.TotalLineCount(), s.vp.Height)
	}
	m.Update(tea.MouseMsg{Button: tea.MouseButtonWheelDown, Action: tea.MouseActionPress})
	if s.vp.YOffset == 0 {
		t.Errorf("the mouse wheel did not scroll the text")
	}
	m.Update(keyMsg("up"))
	m.Update(keyMsg("up"))
	m.Update(keyMsg("up"))
	if s.vp.YOffset != 0 {
		t.Errorf("up did not scroll back: offset %d", s.vp.YOffset)
	}
	m.Update(keyMsg("down"))
	if s.vp.YOffset != 1 {
		t.Errorf("down scrolled to %d, want 1", s.vp.YOffset)
	}
	// Pages.
	m.Update(keyMsg("]"))
	if s.page != 1 || !strings.Contains(m.View(), "Reading the gradient bars") {
		t.Errorf("] did not turn the page")
	}
	m.Update(keyMsg("["))
	if s.page != 0 {
		t.Errorf("[ did not turn back")
	}
	// The help line follows the focus; ? shows all keys.
	last := func() string { lines := strings.Split(m.View(), "\n"); return lines[len(lines)-1] }
	if !strings.Contains(last(), "next page") {
		t.Errorf("text pane help: %q", last())
	}
	m.Update(keyMsg("tab"))
	if !strings.Contains(last(), "one step") || strings.Contains(last(), "next page") {
		t.Errorf("experiment pane help: %q", last())
	}
	m.Update(keyMsg("?"))
	v := m.View()
	checkFrame(t, v, 80, 24)
	for _, want := range []string{"log scale", "new seed", "next preset", "quiz", "quit"} {
		if !strings.Contains(v, want) {
			t.Errorf("full help lacks %q", want)
		}
	}
	m.Update(keyMsg("?"))
	checkFrame(t, m.View(), 80, 24)
	// Tasks.
	m.Update(keyMsg("t"))
	if !strings.Contains(m.View(), "Raise the learning rate") {
		t.Errorf("t did not show the tasks")
	}
	m.Update(keyMsg("esc"))
	if s.tasks || m.top() != screen(s) {
		t.Errorf("esc did not close the tasks first")
	}
	// Log scale.
	p := s.exp.(*runPanel)
	m.Update(keyMsg("l"))
	if !p.logY || !strings.Contains(m.View(), "log scale") {
		t.Errorf("l did not switch to a log scale:\n%s", m.View())
	}
}

// TestCompareSaveAndExport: on the comparison screen w saves the base and
// the factor (read back as a comparison), and x exports the charts as SVG
// (by the name) with the history as CSV beside them.
func TestCompareSaveAndExport(t *testing.T) {
	defer verifyNoLeaks(t)
	d := newDriver(t, testOptions(t), 120, 40)
	defer func() { d.key("ctrl+c"); checkStopped(t, d.allRuns()) }()
	d.key("down", "down", "enter")
	cs, ok := d.m.top().(*compareScreen)
	if !ok {
		t.Fatalf("opened %T, want the comparison", d.m.top())
	}
	d.waitFor("a few steps of every run", func() bool {
		for i, h := range cs.panel.g.have {
			if !h || cs.panel.g.snaps[i].Step < 20 {
				return false
			}
		}
		return true
	})
	dir := t.TempDir()
	write := func(k, name string) {
		d.key(k)
		for range 60 {
			d.key("backspace")
		}
		d.key(filepath.Join(dir, name), "enter")
	}
	write("w", "cmp.yaml")
	b, err := os.ReadFile(filepath.Join(dir, "cmp.yaml"))
	if err != nil {
		t.Fatalf("%v\n%s", err, d.m.View())
	}
	s, vary, err := spec.LoadFile(b, "cmp.yaml")
	if err != nil || vary == nil || vary.Field != compareFactors[0].field || len(vary.Values) != 7 || s.Data.Set != "spiral" {
		t.Fatalf("saved comparison: %v %+v\n%s", err, vary, b)
	}
	write("x", "cmp.svg")
	svg, err := os.ReadFile(filepath.Join(dir, "cmp.svg"))
	if err != nil || !strings.HasPrefix(strings.TrimSpace(string(svg)), "<?xml") || !strings.Contains(string(svg), "model.init=he_normal") {
		t.Errorf("cmp.svg: %v, %.200s", err, svg)
	}
	csv, err := os.ReadFile(filepath.Join(dir, "cmp.csv"))
	if err != nil || strings.Count(string(csv), "\nhe_normal,") < 2 {
		t.Errorf("cmp.csv: %v, %.300s", err, csv)
	}
	if !strings.Contains(d.m.View(), "Wrote the charts to") {
		t.Errorf("no word of the export:\n%s", d.m.View())
	}
	write("x", "cmp.jpg")
	if !strings.Contains(d.m.View(), "must end in .png or .svg") {
		t.Errorf("a .jpg name:\n%s", d.m.View())
	}
}
