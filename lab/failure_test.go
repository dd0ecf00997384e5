package lab

import (
	"context"
	"math"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/nnlab/nnlab/lab/data"
	"github.com/nnlab/nnlab/lab/spec"
	"go.uber.org/goleak"
)

// A training split with no samples is an input error naming the field, not
// a division by zero (epochs) or a "diverged" run (steps).
func TestEmptyTrainingSplitIsAnInputError(t *testing.T) {
	for _, epochs := range []int{0, 2} {
		s := mustLoad(t, "testdata/worked.yaml")
		s.Epochs = epochs
		empty := &data.Set{Name: "inline", Inputs: 2, Raw: 2, Outputs: 2,
			Train: data.Split{D: 2, X: []float64{}, Y: []float64{}},
			Test:  data.Split{D: 2, X: []float64{}, Y: []float64{}}}
		tr, err := NewTrainer(s, empty, "")
		if err == nil || !strings.Contains(err.Error(), "data.inputs: no training rows") {
			t.Errorf("epochs %d: NewTrainer = %v, %v; want a data.inputs error", epochs, tr, err)
		}
	}
}

// A reset that cannot rebuild the run, and a dropout rate the network
// refuses, put the run in the Failed state with the reason.
func TestFailedCommandsShowInTheSnapshot(t *testing.T) {
	defer goleak.VerifyNone(t)
	r, stop := startPaused(t, circle(t, 100000), Options{})
	r.SetDropout(1.5)
	s := waitFor(t, r, func(s Snapshot) bool { return s.Status == Failed })
	if !strings.Contains(s.Reason, "dropout: 1.5 is not allowed") {
		t.Errorf("reason %q", s.Reason)
	}
	r.Step() // a failed run takes no steps
	r.Reset()
	s = waitFor(t, r, func(s Snapshot) bool { return s.Status == Paused })
	if s.Step != 0 {
		t.Errorf("a failed run took a step")
	}
	stop()

	// A reset whose spec no longer builds (white box: nothing a learner can
	// do makes one today).
	tr, err := NewTrainer(circle(t, 100), nil, "")
	if err != nil {
		t.Fatal(err)
	}
	bad := -1.0
	tr.spec.Optimizer.LR = &bad
	run := &Run{snaps: make(chan Snapshot, 1), cmds: make(chan command, 1), done: make(chan struct{})}
	st := &runState{tr: tr, release: func() bool { return true }, ctx: context.Background(), started: time.Now()}
	run.apply(st, command{kind: cmdReset})
	s = <-run.snaps
	if s.Status != Failed || !strings.Contains(s.Reason, "reset failed: ") || !strings.Contains(s.Reason, "optimizer.lr") {
		t.Errorf("after a failed reset: %s %q", s.Status, s.Reason)
	}
	if st.tr != tr {
		t.Errorf("a failed reset replaced the trainer")
	}
}

// A step cut short by StopWhenDone does not count, and an evaluation after
// the stop keeps the last one instead of reading half-run layers.
func TestStopWhenDoneCutsAStepShort(t *testing.T) {
	tr, err := NewTrainer(circle(t, 100), nil, "")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer tr.StopWhenDone(ctx)()
	tr.Step()
	before := tr.Evaluate(context.Background(), 0)
	w0 := tr.Net.Tensor(0, "weight")
	cancel()
	for !tr.stop.Load() { // context.AfterFunc sets it from its own goroutine
		time.Sleep(time.Millisecond)
	}
	tr.Step()
	if tr.StepCount() != 1 || tr.Epoch() != 0 {
		t.Errorf("the cut step counted: step %d epoch %d", tr.StepCount(), tr.Epoch())
	}
	if st, why := tr.Status(); st != Running || math.IsNaN(tr.Loss()) {
		t.Errorf("after a cut step: %s %q, loss %v", st, why, tr.Loss())
	}
	for i, w := range tr.Net.Tensor(0, "weight") {
		if w != w0[i] {
			t.Fatalf("the cut step changed weight %d", i)
		}
	}
	if e := tr.Evaluate(context.Background(), 0); !sameEval(e, before) {
		t.Errorf("evaluation after the stop = %+v, want the last one %+v", e, before)
	}
}

// Fashion's n is the number of images in all: a sixth (at most 10,000) for
// testing, the rest for training.
func TestFashionNIsTheTotal(t *testing.T) {
	for _, c := range []struct{ n, train, test int }{{10, 9, 1}, {3072, 2560, 512}, {5000, 4167, 833}} {
		s := mustLoad(t, "testdata/fashion-mlp.yaml")
		s.Data.N = c.n
		set, err := LoadData(s, "data/fashion")
		if err != nil {
			t.Fatal(err)
		}
		if set.Train.N != c.train || set.Test.N != c.test {
			t.Errorf("n %d: %d train + %d test, want %d + %d", c.n, set.Train.N, set.Test.N, c.train, c.test)
		}
	}
	if _, err := os.Stat(data.SystemFashionDir + "/train-images-idx3-ubyte.gz"); err != nil {
		t.Skip("the full Fashion-MNIST set is not installed (Debian: dataset-fashion-mnist)")
	}
	s := mustLoad(t, "testdata/fashion-mlp.yaml")
	s.Data.N = 70000
	set, err := LoadData(s, data.SystemFashionDir)
	if err != nil {
		t.Fatal(err)
	}
	if set.Train.N != 60000 || set.Test.N != 10000 {
		t.Errorf("n 70000: %d train + %d test, want 60000 + 10000", set.Train.N, set.Test.N)
	}
}

// startPaused starts s paused and kept alive (with opt's other settings);
// stop cancels it and waits for its goroutine to end.
func startPaused(t *testing.T, s *spec.Spec, opt Options) (r *Run, stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	opt.StartPaused, opt.KeepAlive = true, true
	r, err := Start(ctx, s, opt)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	return r, func() {
		cancel()
		waitClosed(t, r)
	}
}
