package tui

import (
	"fmt"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/nnlab/nnlab/lab"
	"github.com/nnlab/nnlab/lab/spec"
	"github.com/nnlab/nnlab/lessons"
)

// workedPreset is lesson 2's worked 2-2-2 network, as a walkthrough.
func workedPreset(t testing.TB) lessons.Preset {
	t.Helper()
	return builtinPreset(t, "backprop/worked", lessons.ViewWalkthrough)
}

// builtinPreset is the built-in preset ref, which must have the given view.
func builtinPreset(t testing.TB, ref, view string) lessons.Preset {
	t.Helper()
	cat, err := lessons.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	p := cat.Preset(ref)
	if p == nil || p.View != view {
		t.Fatalf("%s has not view %q: %+v", ref, view, p)
	}
	return *p
}

// walkLesson opens a lesson (built in code, one text page) whose presets
// are the given ones, at w×h, running commands as the runtime would.
func walkLesson(t *testing.T, w, h int, presets ...lessons.Preset) (*driver, *lessonScreen) {
	t.Helper()
	d := newDriver(t, Options{Catalog: fixture(t)}, w, h)
	l := &lessons.Lesson{ID: "walk", Title: "Backpropagation step by step", Goal: "Step through one update.", Presets: presets,
		Pages: []lessons.Page{{Title: "The worked network", Body: "Two inputs, two hidden units, two outputs, sigmoid everywhere."}}}
	s := newLesson(d.m.c, l, 0)
	d.send(pushMsg{s})
	return d, s
}

func walkOf(t *testing.T, s *lessonScreen) *walkPanel {
	t.Helper()
	wp, ok := s.exp.(*walkPanel)
	if !ok {
		t.Fatalf("the experiment pane is a %T, want a walkthrough", s.exp)
	}
	if wp.walk == nil {
		t.Fatalf("the walkthrough was not worked out (err %v)", wp.err)
	}
	return wp
}

func TestGoldenWalkthrough(t *testing.T) {
	for _, sz := range sizes {
		t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) {
			d, s := walkLesson(t, sz[0], sz[1], workedPreset(t))
			defer d.m.closeAll()
			wp := walkOf(t, s)
			d.key("tab") // focus the experiment (the stacked layout gives it the room)
			for i := 0; i < 14; i++ {
				d.key("n")
			}
			v := d.m.View()
			checkFrame(t, v, sz[0], sz[1])
			golden(t, fmt.Sprintf("walkthrough-%dx%d", sz[0], sz[1]), v)
			want := []string{"value 14 of " + fmt.Sprint(len(wp.walk.Steps)), "Output layer", "› ∂net_o1/∂w5", "= 0.593269992", "next value"}
			if sz[1] >= 40 {
				want = append(want, "Forward", "net_h1", "0.15·0.05 + 0.2·0.1 + 0.35", "= 0.377500000", "Sample: i1 = 0.05, i2 = 0.1")
			}
			for _, w := range want {
				if !strings.Contains(v, w) {
					t.Errorf("walkthrough lacks %q:\n%s", w, v)
				}
			}
			if strings.Count(v, "›") != 2 { // the header's crumbs and the current value
				t.Errorf("want one current value marked with ›:\n%s", v)
			}
		})
	}
}

func TestFlowWalkthrough(t *testing.T) {
	xor := lessons.Preset{ID: "xor", Title: "XOR", Spec: valleyFreeXOR()}
	d, s := walkLesson(t, 120, 40, workedPreset(t), xor)
	defer d.m.closeAll()
	wp := walkOf(t, s)
	total := len(wp.walk.Steps)
	if total < 40 {
		t.Fatalf("only %d values", total)
	}
	if v := d.m.View(); !strings.Contains(v, fmt.Sprintf("value 0 of %d", total)) || strings.Contains(v, "net_h1") {
		t.Errorf("before any key, no value is shown:\n%s", v)
	}
	steps := wp.walk.Steps
	for k := 1; k <= 9; k++ {
		key := "n"
		if k%3 == 0 {
			key = "enter"
		}
		d.key(key)
		if wp.shown != k {
			t.Fatalf("after %d presses %d values are shown", k, wp.shown)
		}
		v := d.m.View()
		if !strings.Contains(v, fmt.Sprintf("value %d of %d", k, total)) {
			t.Errorf("after %d presses the progress line is missing:\n%s", k, v)
		}
		if !strings.Contains(v, "› "+steps[k-1].Label) {
			t.Errorf("after %d presses %s is not the current value:\n%s", k, steps[k-1].Label, v)
		}
		if k < total && strings.Contains(v, " "+steps[k].Label+" ") {
			t.Errorf("after %d presses %s is already shown:\n%s", k, steps[k].Label, v)
		}
	}
	d.key("b")
	if wp.shown != 8 || !strings.Contains(d.m.View(), "› "+steps[7].Label) {
		t.Errorf("b: %d shown, want 8", wp.shown)
	}
	d.key("backspace")
	if wp.shown != 7 || !strings.Contains(d.m.View(), fmt.Sprintf("value 7 of %d", total)) {
		t.Errorf("backspace: %d shown, want 7", wp.shown)
	}
	d.key("r")
	if wp.shown != 0 || !strings.Contains(d.m.View(), fmt.Sprintf("value 0 of %d", total)) {
		t.Errorf("r: %d shown, want 0", wp.shown)
	}
	d.key("b") // nothing to hide
	if wp.shown != 0 {
		t.Errorf("b at the start: %d shown", wp.shown)
	}
	// Keys typed faster than the program reads them come as one message.
	d.key("nnnn")
	if wp.shown != 4 {
		t.Errorf("\"nnnn\" in one message: %d shown, want 4", wp.shown)
	}
	d.key("r")
	// g: to the end of a section; G: to the end.
	for k := 0; k < total; {
		g := steps[k].Group
		for k < total && steps[k].Group == g {
			k++
		}
		d.key("g")
		if wp.shown != k {
			t.Fatalf("g: %d shown, want %d (the end of section %q)", wp.shown, k, g)
		}
	}
	d.key("r", "G")
	if wp.shown != total {
		t.Errorf("G: %d shown, want all %d", wp.shown, total)
	}
	d.key("r")
	// All of them, and more presses change nothing; the note closes the walk.
	for i := 0; i < total+5; i++ {
		d.key("n")
	}
	v := d.m.View()
	checkFrame(t, v, 120, 40)
	if wp.shown != total || !strings.Contains(v, fmt.Sprintf("value %d of %d", total, total)) || !strings.Contains(v, "Done. One update") {
		t.Errorf("after every value (%d of %d):\n%s", wp.shown, total, v)
	}
	if !strings.Contains(v, "› "+steps[total-1].Label) {
		t.Errorf("the last value is not in view:\n%s", v)
	}
	// The help names the walkthrough's keys.
	d.key("tab")
	if v := d.m.View(); !strings.Contains(v, "next value") || !strings.Contains(v, "back one") || !strings.Contains(v, "start over") || !strings.Contains(v, "to the end") {
		t.Errorf("help lacks the walkthrough keys:\n%s", v)
	}
	// p: the next preset runs live; p again comes back to a fresh walk.
	d.key("p")
	if _, ok := s.exp.(*runPanel); !ok {
		t.Fatalf("p gave a %T, want the live run panel", s.exp)
	}
	d.key("p")
	wp = walkOf(t, s)
	if wp.shown != 0 {
		t.Errorf("back at the walkthrough: %d shown, want 0", wp.shown)
	}
}

// valleyFreeXOR is lesson 2's xor preset: a live run.
func valleyFreeXOR() *spec.Spec {
	lr := 2.0
	return &spec.Spec{Seed: 1, Steps: 300,
		Data:  spec.DataSpec{Set: "inline", Inputs: [][]float64{{0, 0}, {0, 1}, {1, 0}, {1, 1}}, Targets: [][]float64{{0}, {1}, {1}, {0}}},
		Model: spec.ModelSpec{Layers: []spec.LayerSpec{{Units: 3, Activation: "sigmoid"}, {Units: 1, Activation: "sigmoid"}}},
		Loss:  "mse", Optimizer: spec.OptimizerSpec{Name: "sgd", LR: &lr}}
}

// renderWalk fits any size, in every state.
func TestRenderWalkFits(t *testing.T) {
	w, err := lab.Walkthrough(workedPreset(t).Spec)
	if err != nil {
		t.Fatal(err)
	}
	st := NewStyles()
	views := []walkView{
		{title: "loading", loading: true},
		{title: "broken", errText: "walkthrough: optimizer.name: use sgd, not adam"},
	}
	for _, shown := range []int{0, 1, 5, 30, len(w.Steps)} {
		views = append(views, walkView{title: "Experiment 1/2: The worked 2-2-2 network, one update", setup: w.Setup, steps: w.Steps, note: w.Note, shown: shown})
	}
	for _, v := range views {
		for _, width := range []int{20, 45, 60, 72, 80, 130} {
			for _, height := range []int{1, 3, 8, 17, 40} {
				checkFrame(t, renderWalk(v, width, height, st), width, height)
			}
		}
	}
	v := views[len(views)-1]
	out := renderWalk(v, 72, 12, st)
	if !strings.Contains(out, "Done.") || !strings.Contains(out, "(continued)") {
		t.Errorf("a short pane at the end shows the note and the group it is in:\n%s", out)
	}
	if out := renderWalk(views[1], 60, 5, st); !strings.Contains(out, "No walkthrough:") {
		t.Errorf("error state:\n%s", out)
	}
	for v, want := range map[float64]string{0.3775: "0.377500000", -0.0380982365: "−0.0380982365", 1.46543621e-10: "1.46543621e-10", 0.35891648: "0.358916480"} {
		if got := fmtWalkValue(v); got != want {
			t.Errorf("fmtWalkValue(%g) = %q, want %q", v, got, want)
		}
	}
}

// A walk worked out for a preset that was left before it arrived is
// dropped.
func TestWalkStaleResult(t *testing.T) {
	d, s := walkLesson(t, 80, 24, workedPreset(t))
	defer d.m.closeAll()
	wp := walkOf(t, s)
	old := wp.id
	cmd := wp.start() // a new start: the old result is stale
	d.send(walkReadyMsg{id: old, walk: &lab.Walk{Steps: []lab.Step{{Label: "stale"}}}})
	if wp.walk != nil {
		t.Errorf("a stale walk was taken")
	}
	d.send(cmd())
	if wp.walk == nil || len(wp.walk.Steps) < 40 {
		t.Errorf("the current walk was not taken")
	}
	_ = tea.Quit
}
