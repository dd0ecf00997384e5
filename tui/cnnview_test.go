package tui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/nnlab/nnlab/lab"
	"github.com/nnlab/nnlab/lab/spec"
	"github.com/nnlab/nnlab/lessons"
)

// lenetSpec is lab's fashion-lenet.yaml, 30 steps.
func lenetSpec(t *testing.T) *spec.Spec {
	t.Helper()
	s := &spec.Spec{Seed: 1, Data: spec.DataSpec{Set: "fashion"}, Batch: 64, Steps: 30, Loss: "cross_entropy",
		Optimizer: spec.OptimizerSpec{Name: "adam"}}
	if err := s.Set("model.layers", `[{kind: conv2d, filters: 6, kernel: 5, padding: 2, activation: relu}, {kind: max_pool2d, kernel: 2},
		{kind: conv2d, filters: 16, kernel: 5, activation: relu}, {kind: max_pool2d, kernel: 2}, {kind: flatten},
		{units: 120, activation: relu}, {units: 84, activation: relu}, {units: 10, activation: softmax}]`); err != nil {
		t.Fatal(err)
	}
	return s
}

// lenetSnapshot trains lenetSpec on 700 images of the embedded subset and
// takes a snapshot with the views a lesson panel asks for, focused on test
// image focus.
func lenetSnapshot(t *testing.T, s *spec.Spec, focus int) lab.Snapshot {
	t.Helper()
	s = s.Clone()
	s.Data.N, s.Data.Dir = 840, "../lab/data/fashion" // 700 training images, 140 test
	snap, tr := trainedSnapshot(t, s, s.Steps, true)
	snap.StepsPerSec = 20
	snap.Samples = tr.Samples(imageSamplesN)
	snap.Filters, snap.Focus = tr.ConvFilters(), tr.FocusOn(focus)
	return snap
}

func TestConvViews(t *testing.T) {
	s := lenetSpec(t)
	m, ls := viewLesson(t, 120, 40, lessons.Preset{Title: "LeNet", Spec: s})
	defer m.closeAll()
	p := ls.exp.(*runPanel)
	if !p.opt.ConvViews && !hasConvSpec(p.spec) {
		t.Fatal("the panel does not ask for the conv views")
	}
	snap := lenetSnapshot(t, s, 3)
	showSnapshots(p.g, []string{"lenet"}, []lab.Snapshot{snap})
	p.render()
	v := m.View()
	if !strings.Contains(v, "filters") || !strings.Contains(v, "feature maps") {
		t.Errorf("the view bar lacks the conv views:\n%s", v)
	}

	m.Update(keyMsg("v")) // predictions → filters
	v = m.View()
	checkFrame(t, v, 120, 40)
	golden(t, "cnn-filters-120x40", v)
	for _, want := range []string{"[filters]", "Filters  conv kernels", "L1 conv2d 6@5×5 pad 2, relu: 6 filters", "L3 conv2d 16@5×5, relu: 16 filters", "in 1"} {
		if !strings.Contains(v, want) {
			t.Errorf("filter view lacks %q", want)
		}
	}
	m.Update(keyMsg("v")) // → feature maps
	v = m.View()
	checkFrame(t, v, 120, 40)
	golden(t, "cnn-maps-120x40", v)
	for _, want := range []string{"[feature maps]", "Feature maps of test image 4 of 140", "predicted", "i/I: next/previous image", "input", "1×28×28", "L1 conv", "6×28×28", "L2 max", "6×14×14", "16×10×10", "16×5×5"} {
		if !strings.Contains(v, want) {
			t.Errorf("feature-map view lacks %q", want)
		}
	}

	// Every view fits at 80×24 (experiment focused) and at 200×60, and the
	// filters and maps are reachable.
	for _, size := range [][2]int{{80, 24}, {200, 60}} {
		m.Update(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		if size[0] == 80 {
			m.Update(keyMsg("tab"))
		}
		seen := map[string]bool{}
		for range 7 {
			m.Update(keyMsg("v"))
			v = m.View()
			checkFrame(t, v, size[0], size[1])
			for _, want := range []string{"Filters  conv", "Feature maps of test image", "Gradient size"} {
				if strings.Contains(v, want) {
					seen[want] = true
				}
			}
		}
		if len(seen) != 3 {
			t.Errorf("at %dx%d v reaches only %v", size[0], size[1], seen)
		}
	}
	if k := helpText(p.keys()); !strings.Contains(k, "i next image") || !strings.Contains(k, "I previous image") {
		t.Errorf("the panel's keys lack i and I: %s", k)
	}
}

// i and I move the focus through the test images of a live run, wrapping
// at the ends.
func TestConvFocusKeys(t *testing.T) {
	s := lenetSpec(t)
	s.Data.Dir = "../lab/data/fashion"
	m, ls := viewLesson(t, 120, 40, lessons.Preset{Title: "LeNet", Spec: s})
	defer m.closeAll()
	p := ls.exp.(*runPanel)
	msg := p.start()().(runsStartedMsg)
	if !p.acceptRuns(msg) || p.g.err != nil {
		t.Fatalf("runs did not start: %v", p.g.err)
	}
	p.g.each((*lab.Run).Pause)
	wait := func(want int) {
		t.Helper()
		for range 400 {
			select {
			case sn := <-p.g.runs[0].Snapshots():
				if sn.Focus != nil && sn.Focus.Index == want {
					return
				}
			case <-p.g.runs[0].Done():
				t.Fatal("the run ended")
			}
		}
		t.Fatalf("no snapshot focused on image %d", want)
	}
	wait(0)
	p.g.snaps[0], p.g.have[0] = lab.Snapshot{Focus: &lab.Focus{Index: 0, Images: 1000}}, true
	for range 3 { // keys typed faster than snapshots come
		ls.Update(keyMsg("i"))
	}
	wait(3)
	for range 4 {
		ls.Update(keyMsg("I"))
	}
	wait(999) // the embedded subset's last test image
}
