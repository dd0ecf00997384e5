package tui

import (
	"context"
	"strings"
	"testing"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/nnlab/nnlab/lab"
	"github.com/nnlab/nnlab/lab/data"
	"github.com/nnlab/nnlab/lab/spec"
	"github.com/nnlab/nnlab/lessons"
)

// viewLesson opens a one-preset lesson built in code at w×h.
func viewLesson(t *testing.T, w, h int, preset lessons.Preset) (*Model, *lessonScreen) {
	t.Helper()
	m := newModel(Options{Catalog: fixture(t)})
	m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	l := &lessons.Lesson{ID: "views", Title: "Views", Goal: "Read the views.", Presets: []lessons.Preset{preset},
		Pages: []lessons.Page{{Title: "What you see", Body: "The experiment pane shows the run."}}}
	s := newLesson(m.c, l, 0)
	m.Update(pushMsg{s})
	return m, s
}

// valleySpec is lesson 7's narrow valley.
func valleySpec() *spec.Spec {
	lr := 0.0769
	return &spec.Spec{Seed: 1, Steps: 200, Function: &spec.FunctionSpec{Name: "quadratic", Condition: 25, Start: []float64{-4, 2}},
		Optimizer: spec.OptimizerSpec{Name: "sgd", LR: &lr}}
}

func TestGoldenFunctionCompare(t *testing.T) {
	m, s := viewLesson(t, 120, 40, lessons.Preset{Title: "A narrow valley", Spec: valleySpec(),
		Vary: &lessons.Vary{Field: "optimizer.momentum", Values: []string{"0", "0.5", "0.9"}}})
	defer m.closeAll()
	trainCompare(t, s.exp.(*comparePanel), 120)
	v := m.View()
	checkFrame(t, v, 120, 40)
	golden(t, "function-compare-120x40", v)
	for _, want := range []string{"Paths on f = (x² + 25·y²)/2", "S start", "* minimum", "rate/step", "theory", "to min", "o momentum 0  x momentum 0.5  + momentum 0.9"} {
		if !strings.Contains(v, want) {
			t.Errorf("function compare lacks %q", want)
		}
	}
	for _, bad := range []string{"test acc", "grad L1"} {
		if strings.Contains(v, bad) {
			t.Errorf("function compare shows %q", bad)
		}
	}
	// A small screen shows the paths or the curves, v switches.
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	m.Update(keyMsg("tab"))
	v = m.View()
	checkFrame(t, v, 80, 24)
	if !strings.Contains(v, "v: show the loss curves") || !strings.Contains(v, "S start") {
		t.Errorf("80x24 function compare:\n%s", v)
	}
	m.Update(keyMsg("v"))
	if v = m.View(); !strings.Contains(v, "v: show the paths") || strings.Contains(v, "S start") {
		t.Errorf("80x24 function compare after v:\n%s", v)
	}
}

func TestFunctionRunStatus(t *testing.T) {
	spec := valleySpec()
	snap := fixedSnapshot(t, spec, 60)
	st := NewStyles()
	out := renderExperiment(expView{snap: snap, have: true, title: "valley"}, 72, 30, st)
	checkFrame(t, out, 72, 30)
	for _, want := range []string{"f ", "to min", "rate/step", "(theory 0.923", "S start", "f along the path"} {
		if !strings.Contains(out, want) {
			t.Errorf("single function run lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "epoch") || strings.Contains(out, "Gradient size") {
		t.Errorf("single function run shows network readings:\n%s", out)
	}
}

func TestDivergedReasonOnce(t *testing.T) {
	lr := 5.0
	spec := valleySpec()
	spec.Optimizer.LR = &lr
	snap := fixedSnapshot(t, spec, 200)
	if snap.Status != lab.Diverged {
		t.Fatalf("status %s, want diverged", snap.Status)
	}
	st := NewStyles()
	line := strings.Join(statusLines(snap, true, 300, st), " ")
	if strings.Count(line, "diverged at") != 1 || !strings.Contains(line, snap.Reason) {
		t.Errorf("status %q, want the reason %q once", line, snap.Reason)
	}
	if w := statusWord(snap); w != "diverged" {
		t.Errorf("table status %q, want %q", w, "diverged")
	}
	notes := strings.Join(divergedNotes([]string{"lr 5"}, []lab.Snapshot{snap}, []bool{true}, 300, st), " ")
	if strings.Count(notes, "diverged at") != 1 || !strings.Contains(notes, "lr 5: "+snap.Reason) {
		t.Errorf("the note under the table %q, want the reason %q once", notes, snap.Reason)
	}
}

// fashionSnapshot trains a small network on the embedded Fashion-MNIST
// subset and returns a paused snapshot with samples, confusion matrix and
// embedding: the same on every run.
func fashionSnapshot(t *testing.T, spec *spec.Spec) lab.Snapshot {
	t.Helper()
	set, err := data.LoadFashion("", data.FashionOptions{Embedded: true, Train: 1000, Test: 500})
	if err != nil {
		t.Fatal(err)
	}
	tr, err := lab.NewTrainer(spec, set, "")
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 150 && !tr.Finished(); i++ {
		tr.Step()
	}
	tr.Evaluate(context.Background(), 0)
	s := tr.Snapshot()
	s.Status, s.StepsPerSec = lab.Paused, 321
	s.Samples = tr.Samples(imageSamplesN)
	s.Embed = tr.Embedding(-1, 300)
	return s
}

func fashionSpec() *spec.Spec {
	lr := 0.003
	return &spec.Spec{Seed: 1, Data: spec.DataSpec{Set: "fashion"}, Batch: 64, Steps: 600, Loss: "cross_entropy",
		Model:     spec.ModelSpec{Layers: []spec.LayerSpec{{Units: 32, Activation: "relu"}, {Units: 10, Activation: "softmax"}}},
		Optimizer: spec.OptimizerSpec{Name: "adam", LR: &lr}}
}

func TestGoldenFashionLesson(t *testing.T) {
	spec := fashionSpec()
	m, s := viewLesson(t, 120, 40, lessons.Preset{Title: "A small image classifier", Spec: spec})
	defer m.closeAll()
	p := s.exp.(*runPanel)
	snap := fashionSnapshot(t, spec)
	showSnapshots(p.g, []string{"fashion"}, []lab.Snapshot{snap})
	p.render()
	v := m.View()
	checkFrame(t, v, 120, 40)
	golden(t, "fashion-120x40", v)
	for _, want := range []string{"[predictions]", "Test images", "Confusion matrix", "true\\pred", "0 T-shirt", "9 Ankle boot", "✓", "Loss"} {
		if !strings.Contains(v, want) {
			t.Errorf("fashion lesson lacks %q", want)
		}
	}
	if strings.Contains(v, "Decision boundary") {
		t.Error("fashion lesson draws a decision boundary")
	}
	m.Update(keyMsg("v"))
	v = m.View()
	checkFrame(t, v, 120, 40)
	golden(t, "fashion-embed-120x40", v)
	for _, want := range []string{"[hidden-layer map]", "Hidden-layer map", "0 T-shirt  1 Trouser", "┌"} {
		if !strings.Contains(v, want) {
			t.Errorf("fashion embedding view lacks %q", want)
		}
	}
	m.Update(keyMsg("v"))
	if v = m.View(); !strings.Contains(v, "[layers]") || !strings.Contains(v, "Gradient size") {
		t.Errorf("layers view:\n%s", v)
	}

	// 80×24 with the experiment focused: one view at a time, all reachable.
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	m.Update(keyMsg("tab"))
	seen := map[string]bool{}
	for i := 0; i < 4; i++ {
		m.Update(keyMsg("v"))
		v = m.View()
		checkFrame(t, v, 80, 24)
		for _, want := range []string{"Test images", "Confusion matrix", "Hidden-layer map", "Gradient size"} {
			if strings.Contains(v, want) {
				seen[want] = true
			}
		}
	}
	if len(seen) != 4 {
		t.Errorf("at 80x24 v reaches only %v", seen)
	}
	if k := p.keys(); !strings.Contains(helpText(k), "next view") {
		t.Errorf("the panel's keys lack v: %s", helpText(k))
	}
}

// helpText lists the bindings' help.
func helpText(keys []key.Binding) string {
	var b strings.Builder
	for _, k := range keys {
		b.WriteString(k.Help().Key + " " + k.Help().Desc + "; ")
	}
	return b.String()
}
