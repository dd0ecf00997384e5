package tui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/nnlab/nnlab/lab"
	"github.com/nnlab/nnlab/lessons"
)

// Lesson 3's range test at every size: the loss against the rate, the
// three suggestions the lesson quotes once the sweep has ended, the
// gradient bars with Δw/w where there is room; the keys it has no use for
// are neither listed nor acted on.
func TestRangeView(t *testing.T) {
	p := builtinPreset(t, "learning-rate/lrfind", lessons.ViewLRFind)
	var snap lab.Snapshot
	for _, sz := range append(sizes, [2]int{200, 60}) {
		t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) {
			d, s := walkLesson(t, sz[0], sz[1], p)
			defer d.m.closeAll()
			rp, ok := s.exp.(*runPanel)
			if !ok || rp.opt.Range == nil {
				t.Fatalf("the experiment pane is a %T, not a range test", s.exp)
			}
			if snap.Range == nil {
				snap = rangeSnapshot(t, rp.spec, *rp.opt.Range)
			}
			showSnapshots(rp.g, []string{"lrfind"}, []lab.Snapshot{snap})
			d.key("tab") // focus the experiment (the stacked layout gives it the room)
			rp.render()
			view := d.m.View()
			checkFrame(t, view, sz[0], sz[1])
			for _, want := range []string{"Loss against the learning rate", "steepest fall: lr 0.933", "a tenth of divergence: lr 0.658", "suggested: lr 0.783", "range test ended"} {
				if !strings.Contains(view, want) {
					t.Errorf("no %q on screen:\n%s", want, view)
				}
			}
			// Δw/w at every size: beside the gradient bars, or on a line
			// of its own where they do not fit.
			last := snap.Layers[len(snap.Layers)-1].UpdateRatio
			if !strings.Contains(view, "Δw/w") || !strings.Contains(view, fmtShort(last)) && !strings.Contains(view, fmt.Sprintf("%.1e", last)) {
				t.Errorf("no Δw/w of the last layer (%g) on screen:\n%s", last, view)
			}
			for _, b := range rp.keys() {
				for _, no := range rp.rangeIgnores() {
					if b.Help().Key == no.Help().Key {
						t.Errorf("the range test lists key %q (%s)", b.Help().Key, b.Help().Desc)
					}
				}
			}
			lr := rp.lr
			d.key("+", "a", "l", "v", "T")
			if rp.lr != lr || rp.acc || rp.logY {
				t.Errorf("after + a l v T: lr %v (was %v), accuracy %v, log %v", rp.lr, lr, rp.acc, rp.logY)
			}
		})
	}
}

// A comparison with early stopping says, per configuration, where its
// seeds stopped, which set they watched and whose weights they ended with
// (lesson 8's early: on seeds 1 to 3 the runs stop at steps 300, 350 and
// 500 and go back to steps 50, 100 and 250).
func TestCompareSaysWhereRunsStopped(t *testing.T) {
	p := builtinPreset(t, "regularization/early", "")
	if p.Spec.SeedCount() != 3 {
		t.Fatalf("regularization/early runs %d seeds", p.Spec.SeedCount())
	}
	d, s := walkLesson(t, 120, 40, p)
	defer d.m.closeAll()
	cp, ok := s.exp.(*comparePanel)
	if !ok {
		t.Fatalf("the experiment pane is a %T, not a comparison", s.exp)
	}
	trainCompare(t, cp, 3000)
	view := d.m.View()
	checkFrame(t, view, 120, 40)
	want := "■ early stop 5: stopped early at step 300, 350, 500; ended with the weights of step 50, 100, 250 (watching validation)"
	if !strings.Contains(strings.Join(strings.Fields(strings.ReplaceAll(view, "│", " ")), " "), want) {
		t.Errorf("no %q on screen:\n%s", want, view)
	}
	// The table gives the restored weights' numbers: their validation
	// loss is the lowest of each run, 0.405, 0.255 and 0.240.
	if !strings.Contains(view, "early stop 5    0.1±0.073        0.3±0.091") {
		t.Errorf("the table does not give the restored weights' validation loss:\n%s", view)
	}
	if strings.Contains(view, "early stop off: stopped") {
		t.Errorf("the run without early stopping is said to have stopped:\n%s", view)
	}
}

// A comparison of several seeds gives one note per configuration whose
// runs diverged, not one per run, so that at 80×24 the chart keeps its
// place (lesson 5's explode: without clipping all three seeds diverge).
func TestCompareNotesDivergedSeedsOnce(t *testing.T) {
	d, _, _ := trainedComparison(t, "vanishing/explode", 80, 24, 30)
	view := d.m.View()
	checkFrame(t, view, 80, 24)
	flat := strings.Join(strings.Fields(view), " ")
	for _, want := range []string{"✗ clip_norm 0: 3 of 3 seeds stopped, at step 4, 5, 4; seed 1: diverged at step 4", "─ clip_norm 0 ↑ off chart"} {
		if !strings.Contains(flat, want) {
			t.Errorf("no %q on screen:\n%s", want, view)
		}
	}
	if strings.Contains(view, "seed 2: diverged") || strings.Contains(view, "clip_norm 1:") {
		t.Errorf("a note per run, or one for a configuration that did not diverge:\n%s", view)
	}
}

// In a comparison of several seeds, the table's mean ± sd and steps are
// those of the seeds that did not diverge, and the status counts both
// (lesson 6's seven: the uniform ±1 start diverges on seeds 1 and 3 within
// a few steps and trains on seed 2).
func TestCompareTableLeavesDivergedSeedsOutOfTheMean(t *testing.T) {
	d, cp, snaps := trainedComparison(t, "init/seven", 120, 40, 30)
	var survivor lab.Snapshot
	diverged := 0
	for i, sn := range snaps {
		if !strings.HasPrefix(cp.runName(i), "uniform ±1, seed ") {
			continue
		}
		if sn.Status == lab.Diverged {
			diverged++
		} else {
			survivor = sn
		}
	}
	if diverged != 2 || survivor.Step != 30 {
		t.Fatalf("uniform ±1: %d seeds diverged and the other reached step %d; the test wants 2 and 30", diverged, survivor.Step)
	}
	row := ""
	for _, l := range strings.Split(d.m.View(), "\n") {
		if i := strings.Index(l, "uniform ±1 "); i >= 0 && strings.Contains(l, "diverged") {
			row = l[i:] + " "
		}
	}
	if row == "" {
		t.Fatalf("no table row for uniform ±1:\n%s", d.m.View())
	}
	if want := fmtNum(qBatchLoss.last(survivor)); !strings.Contains(row, " "+want+" ") {
		t.Errorf("uniform ±1 row %q: want the surviving seed's batch loss %s alone", row, want)
	}
	if !strings.Contains(row, " 30 ") || !strings.Contains(row, "2 diverged") {
		t.Errorf("uniform ±1 row %q: want the surviving seed's 30 steps and a status counting 2 diverged", row)
	}
}

// At 80×24 the activation view shows both its tables, σ and the update
// sizes Δw/w that lesson 3 sends the learner to (in place of the
// comparison table when both would not fit).
func TestActivationViewFitsAt80x24(t *testing.T) {
	d, _, _ := trainedComparison(t, "learning-rate/rates", 80, 24, 60) // lr 6 diverges at step 50: its note takes two lines
	view := d.m.View()
	for i := 0; i < 4 && !strings.Contains(view, "Activation view"); i++ {
		d.key("f")
		view = d.m.View()
	}
	checkFrame(t, view, 80, 24)
	for _, want := range []string{"Activation view", "Update sizes", "Δw/w", "lr 0.01", "lr 6"} {
		if strings.Count(view, want) < 1 {
			t.Errorf("no %q on screen:\n%s", want, view)
		}
	}
	if n := strings.Count(view, "lr 6"); n < 2 {
		t.Errorf("lr 6 appears %d times; want a row in each table:\n%s", n, view)
	}
}

// trainedComparison opens the built-in comparison preset id (lesson/preset)
// at w×h, focuses it and shows each of its runs after steps steps.
func trainedComparison(t *testing.T, id string, w, h, steps int) (*driver, *comparePanel, []lab.Snapshot) {
	t.Helper()
	d, s := walkLesson(t, w, h, builtinPreset(t, id, ""))
	t.Cleanup(d.m.closeAll)
	cp, ok := s.exp.(*comparePanel)
	if !ok {
		t.Fatalf("the experiment pane of %s is a %T, not a comparison", id, s.exp)
	}
	d.key("tab")
	return d, cp, trainCompare(t, cp, steps)
}
