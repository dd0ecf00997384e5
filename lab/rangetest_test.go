package lab

import (
	"context"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nnlab/nnlab/lab/spec"
	"go.uber.org/goleak"
)

// defaultRange is the range test nnlab lrfind runs by default.
var defaultRange = RangeTest{Min: DefaultRangeMin, Max: DefaultRangeMax, Steps: DefaultRangeSteps}

// rangeTest runs the default range test on s.
func rangeTest(t *testing.T, s *spec.Spec) (*RangeResult, string) {
	t.Helper()
	tr, err := NewTrainer(s, nil, "data/fashion")
	if err != nil {
		t.Fatal(err)
	}
	if err := tr.StartRangeTest(defaultRange); err != nil {
		t.Fatal(err)
	}
	for !tr.Finished() {
		tr.Step()
	}
	_, why := tr.Status()
	return tr.RangeResult(), why
}

// The rate a range test suggests on the lab/testdata/lrfind-*.yaml specs
// is within a factor of 3 of the best of a grid of fixed rates, each
// trained for the spec's whole run on three seeds: the best rate is the
// one whose final training loss, averaged over the seeds, is lowest (a
// rate at which any seed diverges cannot be best).
func TestRangeTestSuggestsAGoodRate(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("trains 75 runs per spec")
	}
	files, err := filepath.Glob("testdata/lrfind-*.yaml")
	if err != nil || len(files) < 4 {
		t.Fatalf("%d specs (%v), want at least 4", len(files), err)
	}
	for _, f := range files {
		t.Run(strings.TrimSuffix(filepath.Base(f), ".yaml"), func(t *testing.T) {
			t.Parallel()
			s := mustLoad(t, f)
			r, why := rangeTest(t, s)
			bestLR, best := 0.0, math.Inf(1)
			for k := -20; k <= 4; k++ { // 1e-5 to 10, a quarter of a decade apart
				lr := math.Pow(10, float64(k)/4)
				loss := 0.0
				for seed := range uint64(3) {
					c := s.Clone()
					c.Optimizer.LR, c.Seed = &lr, s.Seed+seed
					tr, err := NewTrainer(c, nil, "data/fashion")
					if err != nil {
						t.Fatal(err)
					}
					for !tr.Finished() {
						tr.Step()
					}
					if st, _ := tr.Status(); st == Diverged {
						loss = math.Inf(1)
						break
					}
					loss += tr.Evaluate(context.Background(), 0).TrainLoss / 3
				}
				if loss < best {
					bestLR, best = lr, loss
				}
			}
			got := r.Suggested()
			t.Logf("%s; steepest fall at %.3g, a tenth of divergence %.3g: suggests %.3g; the grid's best %.3g (mean final training loss %.4g); ratio %.2f",
				why, r.Steepest, r.Diverged/10, got, bestLR, best, got/bestLR)
			if !(got >= bestLR/3 && got <= 3*bestLR) {
				t.Errorf("suggests %.3g, not within a factor of 3 of the grid's best %.3g", got, bestLR)
			}
		})
	}
}

// The sweep runs from Min to Max exponentially, one rate per step, from
// the spec's starting weights, without evaluations; a loss that explodes
// ends it as done (not diverged), naming the rate.
func TestRangeTestSweep(t *testing.T) {
	s := mustLoad(t, "testdata/lrfind-moons-sgd.yaml")
	r, why := rangeTest(t, s)
	n := len(r.Points)
	if n < 50 || n >= 100 || !strings.HasPrefix(why, "range test ended at step") || r.Diverged != r.Points[n-1].LR {
		t.Fatalf("%d points, %q, diverged at %g: want the loss to explode before step 100 and the rate named", n, why, r.Diverged)
	}
	for i, p := range r.Points {
		want := DefaultRangeMin * math.Pow(DefaultRangeMax/DefaultRangeMin, float64(i)/float64(DefaultRangeSteps-1))
		if math.Abs(p.LR-want) > 1e-12*want {
			t.Fatalf("step %d: lr %g, want %g", i, p.LR, want)
		}
	}
	// The first loss is the loss of the starting weights: the plain run's.
	tr, err := NewTrainer(s, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	tr.Step()
	if r.Points[0].Loss != tr.Loss() || r.Points[0].Smooth != r.Points[0].Loss {
		t.Errorf("first loss %v (smoothed %v), the plain run's %v", r.Points[0].Loss, r.Points[0].Smooth, tr.Loss())
	}
	if !(r.Steepest > 0 && r.Steepest < r.Lowest && r.Lowest < r.Diverged) {
		t.Errorf("steepest %g, lowest %g, diverged %g: want them in that order", r.Steepest, r.Lowest, r.Diverged)
	}
	tr2, _ := NewTrainer(s, nil, "")
	tr2.Step()
	if err := tr2.StartRangeTest(defaultRange); err == nil {
		t.Error("a range test started after a step")
	}
	for _, bad := range []RangeTest{{Min: 0, Max: 1, Steps: 100}, {Min: 1, Max: 1, Steps: 100}, {Min: 1e-3, Max: 1, Steps: 5}, {Min: 1e-3, Max: math.Inf(1), Steps: 100}} {
		if bad.Check() == nil {
			t.Errorf("%+v was accepted", bad)
		}
	}
}

// rangeResult reads a made-up curve: a loss that falls as a logistic
// curve in log lr, centred on lr 0.01, then rises; the steepest fall is
// found at the centre and the lowest point before the rise.
func TestRangeResultReadsTheCurve(t *testing.T) {
	const n = 100
	var pts []RangePoint
	avg := 0.0
	beta := rangeBeta(n)
	for i := range n {
		lr := 1e-5 * math.Pow(1e6, float64(i)/(n-1))
		x := math.Log10(lr / 0.01)
		loss := 1 - 0.8/(1+math.Exp(-4*x))
		if lr > 1 {
			loss += 2 * math.Log10(lr)
		}
		avg = beta*avg + (1-beta)*loss
		pts = append(pts, RangePoint{LR: lr, Loss: loss, Smooth: avg / (1 - math.Pow(beta, float64(i+1)))})
	}
	r := rangeResult(pts, 5)
	// The average lags behind the curve, by at most β/(1−β) = 9 steps,
	// 0.54 of a decade at 100 steps over six decades: the smoothed curve
	// falls fastest between 0.01 and 0.01·10^0.54.
	if r.Steepest < 0.01 || r.Steepest > 0.01*math.Pow(10, 0.54) {
		t.Errorf("steepest %g, want from 0.01 to %g", r.Steepest, 0.01*math.Pow(10, 0.54))
	}
	if r.Lowest < 0.3 || r.Lowest > 3 || r.Suggested() != math.Sqrt(r.Steepest*0.5) {
		t.Errorf("lowest %g, suggested %g", r.Lowest, r.Suggested())
	}
	flat := make([]RangePoint, n)
	for i := range flat {
		flat[i] = RangePoint{LR: pts[i].LR, Loss: 0.7 + 0.05*math.Sin(float64(i)), Smooth: 0.7}
	}
	if r := rangeResult(flat, 0); r.Steepest != 0 || r.Suggested() != 0 {
		t.Errorf("a flat curve gave steepest %g, suggested %g", r.Steepest, r.Suggested())
	}
}

// A live run with Options.Range sweeps the rate and carries the curve in
// its snapshots; a reset starts the sweep again from its first rate.
func TestRunRangeTest(t *testing.T) {
	defer goleak.VerifyNone(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s := mustLoad(t, "testdata/lrfind-moons-sgd.yaml")
	r, err := Start(ctx, s, Options{Range: &defaultRange, KeepAlive: true})
	if err != nil {
		t.Fatal(err)
	}
	var last Snapshot
	for snap := range r.Snapshots() {
		last = snap
		if snap.Status == Done {
			break
		}
	}
	if last.Range == nil || len(last.Range.Points) != last.Step || last.Range.Diverged == 0 || !strings.HasPrefix(last.Reason, "range test ended") {
		t.Fatalf("last snapshot: step %d, %q, range %+v", last.Step, last.Reason, last.Range)
	}
	r.Reset()
	for snap := range r.Snapshots() {
		if snap.Step == 0 {
			continue
		}
		if snap.Range == nil || snap.Range.Points[0].LR != DefaultRangeMin {
			t.Fatalf("after a reset: %+v", snap.Range)
		}
		break
	}
	cancel()
	<-r.Done()
}
