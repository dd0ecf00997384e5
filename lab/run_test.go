package lab

import (
	"context"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/nnlab/nnlab/lab/spec"
	"go.uber.org/goleak"
)

func mustLoad(t *testing.T, file string) *spec.Spec {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	s, err := spec.Load(b, file)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func circle(t *testing.T, steps int) *spec.Spec {
	t.Helper()
	s, err := spec.Load([]byte(`
seed: 3
data: {set: circle, n: 400}
model:
  layers:
    - {units: 8, activation: tanh}
    - {units: 8, activation: relu, dropout: 0.1}
    - {units: 2, activation: softmax}
loss: cross_entropy
optimizer: {name: sgd, lr: 0.3, momentum: 0.9}
batch: 16
eval_every: 10
`), "circle")
	if err != nil {
		t.Fatal(err)
	}
	s.Steps = steps
	return s
}

// A spec with explicit weights and inline data reproduces the published
// worked backprop example after one step, to 9 digits.
func TestWorkedExampleSpec(t *testing.T) {
	tr, err := NewTrainer(mustLoad(t, "testdata/worked.yaml"), nil, "")
	if err != nil {
		t.Fatal(err)
	}
	tr.Step()
	if got := tr.Loss(); math.Abs(got-0.298371109) > 5e-10 {
		t.Errorf("E_total = %.10f, want 0.298371109", got)
	}
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"w1", tr.Net.Tensor(0, "weight")[0], 0.149780716},
		{"w4", tr.Net.Tensor(0, "weight")[3], 0.29950229},
		{"w5", tr.Net.Tensor(1, "weight")[0], 0.35891648},
		{"w8", tr.Net.Tensor(1, "weight")[3], 0.561370121},
	} {
		if math.Abs(c.got-c.want) > 5e-9 {
			t.Errorf("%s = %.10f, want %.9f", c.name, c.got, c.want)
		}
	}
	if st, _ := tr.Status(); st != Done {
		t.Errorf("status %s after its one step, want done", st)
	}
}

func TestProbeComputesTheWorkedExample(t *testing.T) {
	s := mustLoad(t, "testdata/worked.yaml")
	for _, c := range []struct {
		q               string
		layer, row, col int
		sample, steps   int
		want            float64
	}{
		{"loss", 0, 0, 0, 0, 0, 0.298371109},
		{"output", 0, 0, 0, 0, 0, 0.75136507},
		{"grad_w", 1, 0, 0, 0, 0, 0.082167041},
		{"w_after", 0, 0, 0, 0, 1, 0.149780716},
	} {
		got, err := Probe(s, c.q, c.layer, c.row, c.col, c.sample, c.steps)
		if err != nil || math.Abs(got-c.want) > 5e-9 {
			t.Errorf("%s: %.10f (%v), want %.9f", c.q, got, err, c.want)
		}
	}
	if _, err := Probe(s, "grad_w", 5, 0, 0, 0, 0); err == nil {
		t.Error("layer 5 of 2: no error")
	}
}

func rowsOf(t *testing.T, s *spec.Spec, n int) []Row {
	tr, err := NewTrainer(s, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	var rows []Row
	for i := 0; i < n && !tr.Finished(); i++ {
		tr.Step()
		rows = append(rows, RowOf(tr))
	}
	return rows
}

func TestSameSpecSameRows(t *testing.T) {
	a, b := rowsOf(t, circle(t, 200), 200), rowsOf(t, circle(t, 200), 200)
	if len(a) != 200 || len(b) != 200 {
		t.Fatalf("rows %d and %d, want 200", len(a), len(b))
	}
	for i := range a {
		if math.Float64bits(a[i].Loss) != math.Float64bits(b[i].Loss) {
			t.Fatalf("step %d: loss %v vs %v", i+1, a[i].Loss, b[i].Loss)
		}
	}
	c := circle(t, 200)
	c.Seed++
	if d := rowsOf(t, c, 5); d[4].Loss == a[4].Loss {
		t.Error("another seed gave the same loss")
	}
}

// Pausing and single-stepping a live run leaves it on the same trajectory
// as an uninterrupted one.
func TestRunPauseStepIsDeterministic(t *testing.T) {
	defer goleak.VerifyNone(t)
	want := rowsOf(t, circle(t, 60), 60)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	r, err := Start(ctx, circle(t, 60), Options{StartPaused: true, KeepAlive: true, Interval: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 5; i++ {
		r.Step()
	}
	s := waitFor(t, r, func(s Snapshot) bool { return s.Step == 5 })
	if s.Status != Paused {
		t.Errorf("status %s while stepping, want paused", s.Status)
	}
	if math.Float64bits(s.Loss) != math.Float64bits(want[4].Loss) {
		t.Errorf("after 5 single steps loss %v, uninterrupted %v", s.Loss, want[4].Loss)
	}
	r.Resume()
	s = waitFor(t, r, func(s Snapshot) bool { return s.Status == Done })
	if s.Step != 60 || math.Float64bits(s.Loss) != math.Float64bits(want[59].Loss) {
		t.Errorf("final step %d loss %v, want 60 and %v", s.Step, s.Loss, want[59].Loss)
	}
	r.Reset()
	s = waitFor(t, r, func(s Snapshot) bool { return s.Status == Done })
	if math.Float64bits(s.Loss) != math.Float64bits(want[59].Loss) {
		t.Errorf("after reset the run ended at loss %v, want %v", s.Loss, want[59].Loss)
	}
	cancel()
	waitClosed(t, r)
}

func waitFor(t *testing.T, r *Run, ok func(Snapshot) bool) Snapshot {
	t.Helper()
	deadline := time.After(20 * time.Second)
	var last Snapshot
	for {
		select {
		case s, open := <-r.Snapshots():
			if !open {
				t.Fatalf("channel closed; last snapshot step %d status %s", last.Step, last.Status)
			}
			last = s
			if ok(s) {
				return s
			}
		case <-deadline:
			t.Fatalf("timed out; last snapshot step %d status %s", last.Step, last.Status)
		}
	}
}

func waitClosed(t *testing.T, r *Run) time.Duration {
	t.Helper()
	start := time.Now()
	for {
		select {
		case _, open := <-r.Snapshots():
			if !open {
				<-r.Done()
				return time.Since(start)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("channel not closed 5 s after cancel")
		}
	}
}

func TestCancelStopsWithin100ms(t *testing.T) {
	defer goleak.VerifyNone(t)
	ctx, cancel := context.WithCancel(context.Background())
	s := circle(t, 10_000_000)
	r, err := Start(ctx, s, Options{})
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, r, func(s Snapshot) bool { return s.Step > 100 })
	start := time.Now()
	cancel()
	waitClosed(t, r)
	if d := time.Since(start); d > 100*time.Millisecond {
		t.Errorf("run took %v to stop after cancel, want ≤ 100 ms", d)
	}
}

func TestLiveKnobs(t *testing.T) {
	defer goleak.VerifyNone(t)
	r, stop := startPaused(t, circle(t, 100000), Options{})
	r.SetLR(0.05)
	r.SetMomentum(0.5)
	r.SetBatch(8)
	r.SetDropout(0.3)
	r.Step()
	s := waitFor(t, r, func(s Snapshot) bool { return s.Step == 1 })
	if s.LR != 0.05 || s.Momentum != 0.5 || s.Batch != 8 {
		t.Errorf("lr %g momentum %g batch %d, want 0.05, 0.5, 8", s.LR, s.Momentum, s.Batch)
	}
	r.SetLR(-1) // ignored: not a learning rate
	r.Step()
	s = waitFor(t, r, func(s Snapshot) bool { return s.Step == 2 })
	if s.LR != 0.05 {
		t.Errorf("a negative lr was taken: %g", s.LR)
	}
	stop()
}

func TestDivergenceStopsTheRun(t *testing.T) {
	s := circle(t, 2000)
	lr := 500.0
	s.Optimizer.LR = &lr
	s.Optimizer.Momentum = 0.99
	s.Model.Layers[1].Activation = "linear"
	s.Model.Layers[0].Activation = "linear"
	tr, err := NewTrainer(s, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	for !tr.Finished() {
		tr.Step()
	}
	st, why := tr.Status()
	if st != Diverged || tr.StepCount() >= 2000 {
		t.Fatalf("status %s after %d steps (%s), want diverged early", st, tr.StepCount(), why)
	}
	snap := tr.Snapshot()
	for _, b := range snap.Train {
		if math.IsNaN(b.Mean) || math.IsInf(b.Max, 0) {
			t.Fatal("a non-finite loss reached the history")
		}
	}
	t.Log(why)
}

func TestHistoryStaysBounded(t *testing.T) {
	h := NewHistory(512)
	const n = 10_000_000
	for i := 0; i < n; i++ {
		h.Add(i, float64(i%1000))
	}
	b := h.Buckets()
	if len(b) > 512 || len(b) < 256 {
		t.Fatalf("%d buckets, want 256..512", len(b))
	}
	total := 0
	for _, x := range b {
		total += x.N
		if x.Min != 0 || x.Max != 999 {
			t.Fatalf("bucket at %d: min %g max %g, want the spikes kept (0 and 999)", x.Step, x.Min, x.Max)
		}
	}
	if total != n {
		t.Errorf("buckets count %d values, want %d", total, n)
	}
}

func TestEarlyStopping(t *testing.T) {
	s, err := spec.Load([]byte(`
seed: 2
data: {set: spiral, n: 120, noise: 0.5}
model:
  layers:
    - {units: 64, activation: relu}
    - {units: 64, activation: relu}
    - {units: 2, activation: softmax}
optimizer: {name: adam, lr: 0.01}
steps: 5000
eval_every: 20
regularization: {early_stop: 5}
`), "early")
	if err != nil {
		t.Fatal(err)
	}
	tr, err := NewTrainer(s, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	for !tr.Finished() {
		tr.Step()
	}
	st, why := tr.Status()
	if st != Done || tr.StepCount() >= 5000 {
		t.Fatalf("%s at step %d (%s): want an early stop", st, tr.StepCount(), why)
	}
}

// Heavy-ball momentum with its tuned parameters beats plain gradient
// descent with its best fixed rate on an ill-conditioned quadratic, and both
// converge at the rates theory gives.
func TestMomentumBeatsSGDOnQuadratic(t *testing.T) {
	const kappa = 100.0
	gdLR, gdRate, hbLR, hbMom, hbRate := QuadraticTheory(kappa)
	rate := func(lr, mom float64) float64 {
		s := &spec.Spec{Seed: 1, Steps: 400, Function: &spec.FunctionSpec{Name: "quadratic", Condition: kappa, Start: []float64{1, 1}},
			Optimizer: spec.OptimizerSpec{Name: "sgd", LR: &lr, Momentum: mom}}
		tr, err := NewTrainer(s, nil, "")
		if err != nil {
			t.Fatal(err)
		}
		for !tr.Finished() {
			tr.Step()
		}
		snap := tr.Snapshot()
		return MeasuredRate(snap.Path, snap.PathEvery)
	}
	gd, hb := rate(gdLR, 0), rate(hbLR, hbMom)
	if math.Abs(gd-gdRate) > 0.005 {
		t.Errorf("gradient descent: measured rate %.4f, theory %.4f", gd, gdRate)
	}
	if hb > hbRate+0.02 || hb < hbRate-0.01 {
		t.Errorf("momentum: measured rate %.4f, theory %.4f", hb, hbRate)
	}
	if hb >= gd {
		t.Errorf("momentum rate %.4f not better than gradient descent's %.4f", hb, gd)
	}
}

func TestCompareVariesOneFactor(t *testing.T) {
	base := circle(t, 150)
	specs, err := spec.Variants(base, "init", []string{"zeros", "xavier", "he_normal"})
	if err != nil {
		t.Fatal(err)
	}
	sums, err := Compare(context.Background(), specs, CompareOptions{Target: 0.5, KeepRows: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(sums) != 3 || sums[0].Name != "zeros" || len(sums[0].Rows) != 150 {
		t.Fatalf("summaries %+v", sums)
	}
	// Zero init: the first layer's weights get no gradient at all.
	if sums[0].FirstGrad != 0 {
		t.Errorf("zeros: first-layer gradient %g, want exactly 0", sums[0].FirstGrad)
	}
	if sums[2].FirstGrad == 0 {
		t.Error("he_normal: first-layer gradient 0")
	}
}

func TestBoundaryAndEmbedding(t *testing.T) {
	tr, err := NewTrainer(circle(t, 10), nil, "")
	if err != nil {
		t.Fatal(err)
	}
	grid, w, h, box := tr.Boundary(20, 10)
	if len(grid) != 200 || w != 20 || h != 10 || box[0] >= box[1] || box[2] >= box[3] {
		t.Fatalf("grid %d (%d×%d), box %v", len(grid), w, h, box)
	}
	for _, v := range grid {
		if v < 0 || v > 1 || math.IsNaN(v) {
			t.Fatalf("grid value %g outside [0,1]", v)
		}
	}
	emb := tr.Embedding(-1, 50)
	if len(emb) != 50 {
		t.Fatalf("%d embedding points, want 50", len(emb))
	}
	for _, p := range emb {
		if math.Abs(p.X) > 1+1e-12 || math.Abs(p.Y) > 1+1e-12 {
			t.Fatalf("embedding point %v outside [−1,1]²", p)
		}
	}
}

// A rate so large that the loss sits far above its start without ever
// overflowing counts as diverged too.
func TestSustainedHighLossIsDivergence(t *testing.T) {
	s := circle(t, 3000)
	lr := 3.0
	s.Optimizer.LR = &lr
	s.Model.Layers[1].Dropout = 0
	s.Model.Layers[1].Activation = "tanh"
	tr, err := NewTrainer(s, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	for !tr.Finished() {
		tr.Step()
	}
	st, why := tr.Status()
	if st != Diverged {
		t.Fatalf("%s at step %d (%s), loss %g: want diverged", st, tr.StepCount(), why, tr.Loss())
	}
	if !strings.Contains(why, "stayed above 10×") {
		t.Errorf("reason %q: want the sustained-loss rule", why)
	}
	// The worked-example rate on the same data converges and is not flagged.
	good := circle(t, 1500)
	tr, _ = NewTrainer(good, nil, "")
	for !tr.Finished() {
		tr.Step()
	}
	if st, why := tr.Status(); st != Done {
		t.Errorf("a converging run ended %s: %s", st, why)
	}
}

// A paced run never goes faster than its pace, and SetSpeed(0) lifts it.
func TestPacing(t *testing.T) {
	defer goleak.VerifyNone(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	start := time.Now()
	r, err := Start(ctx, circle(t, 1_000_000), Options{MaxStepsPerSec: 100, Interval: 10 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	s := waitFor(t, r, func(s Snapshot) bool { return s.Step >= 20 })
	if limit := 100*time.Since(start).Seconds() + 2; float64(s.Step) > limit {
		t.Errorf("%d steps in %v at 100 steps/s", s.Step, time.Since(start))
	}
	if s.MaxStepsPerSec != 100 {
		t.Errorf("snapshot pace %g, want 100", s.MaxStepsPerSec)
	}
	r.SetSpeed(0)
	waitFor(t, r, func(s Snapshot) bool { return s.Step > 5000 })
	cancel()
	waitClosed(t, r)
}

// Options.Seconds spreads a run's planned steps over about that long.
func TestAutoPace(t *testing.T) {
	defer goleak.VerifyNone(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	for _, c := range []struct {
		steps int
		want  float64
	}{{1000, 100}, {50, MinAutoPace}} {
		r, err := Start(ctx, circle(t, c.steps), Options{Seconds: 10, StartPaused: true, KeepAlive: true})
		if err != nil {
			t.Fatal(err)
		}
		if s := waitFor(t, r, func(Snapshot) bool { return true }); s.MaxStepsPerSec != c.want {
			t.Errorf("%d steps over 10 s: pace %g, want %g", c.steps, s.MaxStepsPerSec, c.want)
		}
	}
	cancel()
}

// clip_norm: a threshold below every gradient clips every step, one above
// them clips none, and the snapshot says so; clipping changes the run.
func TestClipNormCountsClippedSteps(t *testing.T) {
	run := func(clip float64) (*Trainer, Snapshot) {
		s := circle(t, 30)
		s.Optimizer.ClipNorm = clip
		tr, err := NewTrainer(s, nil, "")
		if err != nil {
			t.Fatal(err)
		}
		for !tr.Finished() {
			tr.Step()
		}
		return tr, tr.Snapshot()
	}
	_, plain := run(0)
	_, tight := run(1e-4)
	_, loose := run(1e6)
	if tight.Clipped != 30 || tight.ClipNorm != 1e-4 || loose.Clipped != 0 || plain.Clipped != 0 {
		t.Errorf("clipped %d (clip 1e-4), %d (clip 1e6), %d (none) of 30 steps: want 30, 0, 0", tight.Clipped, loose.Clipped, plain.Clipped)
	}
	if loose.Loss != plain.Loss || tight.Loss == plain.Loss {
		t.Errorf("last loss %v (clip 1e-4), %v (clip 1e6), %v (none): a clip that never acts must change nothing, one that always acts must", tight.Loss, loose.Loss, plain.Loss)
	}
}

// data.validation holds out a share of the training samples, taken from
// the training split (the test split is untouched); early stopping then
// watches the validation loss and says so.
func TestValidationSplit(t *testing.T) {
	base := circle(t, 400)
	base.Data.N = 400
	plain, err := NewTrainer(base, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	s := base.Clone()
	s.Data.Validation = 0.25
	s.Regularization.EarlyStop = 2
	tr, err := NewTrainer(s, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	if tr.Set.Val.N != 50 || tr.Set.Train.N != 150 || tr.Set.Test.N != plain.Set.Test.N || plain.Set.Val.N != 0 {
		t.Fatalf("train %d, validation %d, test %d (without validation: train %d, test %d): want 150, 50 and the same test",
			tr.Set.Train.N, tr.Set.Val.N, tr.Set.Test.N, plain.Set.Train.N, plain.Set.Test.N)
	}
	// The validation samples are the first 50 of the training split.
	if got, want := tr.Set.Val.X[:100], plain.Set.Train.X[:100]; !slices.Equal(got, want) {
		t.Errorf("validation samples %v..., want the first training samples %v...", got[:4], want[:4])
	}
	for !tr.Finished() {
		tr.Step()
	}
	e := tr.LastEval()
	if math.IsNaN(e.ValLoss) || math.IsNaN(e.ValAcc) || tr.WatchedSet() != "validation" {
		t.Errorf("last evaluation %+v, watching %s: want validation numbers, watched", e, tr.WatchedSet())
	}
	if _, why := tr.Status(); tr.StepCount() < 400 && !strings.Contains(why, "the validation loss has not improved") {
		t.Errorf("stopped at step %d: %q should name the validation loss", tr.StepCount(), why)
	}
}

// restore_best ends the run with the weights of the evaluation whose
// validation loss was lowest, says which step they came from, and the
// final evaluation measures those weights.
func TestRestoreBestReturnsTheBestWeights(t *testing.T) {
	s, err := spec.Load([]byte(`
seed: 4
data: {set: xor, n: 200, noise: 0.8, test: 0.5, validation: 0.3}
model:
  layers:
    - {units: 32, activation: relu}
    - {units: 2, activation: softmax}
optimizer: {name: adam, lr: 0.03}
batch: 0
steps: 600
eval_every: 20
regularization: {restore_best: true}
`), "restore")
	if err != nil {
		t.Fatal(err)
	}
	tr, err := NewTrainer(s, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	weights := map[int][]float64{} // the first layer's weights at each evaluation
	bestStep, best := 0, math.Inf(1)
	for !tr.Finished() {
		tr.Step()
		if e := tr.LastEval(); e.Step == tr.StepCount() && tr.Restored() == 0 {
			weights[e.Step] = tr.Net.Tensor(0, "weight")
			if e.ValLoss < best {
				best, bestStep = e.ValLoss, e.Step
			}
		}
	}
	if bestStep == 0 || bestStep == tr.StepCount() {
		t.Fatalf("the best validation loss came at step %d of %d: the case does not test restoring", bestStep, tr.StepCount())
	}
	_, why := tr.Status()
	if tr.Restored() != bestStep || !strings.Contains(why, "restored the weights of step "+strconv.Itoa(bestStep)) {
		t.Fatalf("restored step %d (%q), want %d", tr.Restored(), why, bestStep)
	}
	if !slices.Equal(tr.Net.Tensor(0, "weight"), weights[bestStep]) {
		t.Error("the final weights are not those of the best evaluation")
	}
	final := tr.Evaluate(context.Background(), 0)
	snap := tr.Snapshot()
	if math.Abs(final.ValLoss-best) > 1e-12*best || snap.Restored != bestStep || !sameEval(snap.Eval, final) {
		t.Errorf("final validation loss %v, the best evaluation's %v (restored %d)", final.ValLoss, best, snap.Restored)
	}
	// The history is of the run as it went: its last point is the
	// evaluation of the last step's weights, not of the restored ones.
	if got := snap.Evals[len(snap.Evals)-1]; got.Step != tr.StepCount() || got.ValLoss == final.ValLoss {
		t.Errorf("the history ends with %+v; want the last step's evaluation, not the restored weights' %+v", got, final)
	}
}
