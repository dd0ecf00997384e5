package lab

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/nnlab/nnlab/lab/data"
	"github.com/nnlab/nnlab/lab/spec"
)

// fashionTrainer is a small network on the embedded Fashion-MNIST subset.
func fashionTrainer(t *testing.T, train, test int) *Trainer {
	t.Helper()
	set, err := data.LoadFashion("", data.FashionOptions{Embedded: true, Train: train, Test: test})
	if err != nil {
		t.Fatal(err)
	}
	lr := 0.001
	s := &spec.Spec{Seed: 1, Data: spec.DataSpec{Set: "fashion"}, Steps: 30, Batch: 32,
		Model:     spec.ModelSpec{Layers: []spec.LayerSpec{{Units: 16, Activation: "relu"}, {Units: 10, Activation: "softmax"}}},
		Loss:      "cross_entropy",
		Optimizer: spec.OptimizerSpec{Name: "adam", LR: &lr}}
	tr, err := NewTrainer(s, set, "")
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

func TestSamplesAndConfusion(t *testing.T) {
	tr := fashionTrainer(t, 500, 300)
	if s := tr.Snapshot(); s.Confusion != nil || len(s.ClassNames) != 10 {
		t.Fatalf("before any evaluation: confusion %v, %d class names", s.Confusion, len(s.ClassNames))
	}
	for !tr.Finished() {
		tr.Step()
	}
	e := tr.Evaluate(context.Background(), 0)
	s := tr.Snapshot()
	if len(s.Confusion) != 10 {
		t.Fatalf("confusion has %d rows, want 10", len(s.Confusion))
	}
	sum, trace := 0, 0
	for i, row := range s.Confusion {
		if len(row) != 10 {
			t.Fatalf("row %d has %d columns", i, len(row))
		}
		for j, v := range row {
			sum += v
			if i == j {
				trace += v
			}
		}
	}
	n := tr.Set.Test.N
	if sum != n {
		t.Errorf("confusion sums to %d, want the %d evaluated", sum, n)
	}
	if want := int(math.Round(e.TestAcc * float64(n))); trace != want {
		t.Errorf("trace %d, want the %d classified correctly (accuracy %.3f)", trace, want, e.TestAcc)
	}
	// A limited evaluation counts only the samples it saw.
	tr.Evaluate(context.Background(), 100)
	sum = 0
	for _, row := range tr.Snapshot().Confusion {
		for _, v := range row {
			sum += v
		}
	}
	if sum != 100 {
		t.Errorf("after evaluating 100: confusion sums to %d", sum)
	}

	smp := tr.Samples(12)
	if len(smp) != 12 {
		t.Fatalf("%d samples, want 12", len(smp))
	}
	for i, x := range smp {
		if x.Label != tr.Set.Test.Labels[i] {
			t.Errorf("sample %d: label %d, test set says %d", i, x.Label, tr.Set.Test.Labels[i])
		}
		if x.W != 28 || x.H != 28 || len(x.Pix) != 784 || x.Pred < 0 || x.Pred > 9 {
			t.Errorf("sample %d: %d×%d, %d bytes, pred %d", i, x.W, x.H, len(x.Pix), x.Pred)
		}
		if string(x.Pix) != string(tr.Set.Test.Image(i)) {
			t.Errorf("sample %d: pixels differ from test image %d", i, i)
		}
	}
	smp[0].Pix[0] ^= 0xff
	if smp[0].Pix[0] == tr.Set.Test.Image(0)[0] {
		t.Error("samples share the data set's pixels")
	}
}

func TestSamplesOnlyForImages(t *testing.T) {
	tr, err := NewTrainer(circle(t, 10), nil, "")
	if err != nil {
		t.Fatal(err)
	}
	if s := tr.Samples(5); s != nil {
		t.Errorf("samples for 2-D points: %v", s)
	}
}

func TestRunPublishesSamplesAndEmbedding(t *testing.T) {
	tr := fashionTrainer(t, 200, 100)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	r, err := Start(ctx, tr.Spec(), Options{Samples: 6, EmbedSamples: 40, EmbedLayer: -1, StartPaused: true, KeepAlive: true, Interval: time.Millisecond})
	if err != nil {
		t.Skip("fashion data not loadable here:", err)
	}
	s := <-r.Snapshots()
	if len(s.Samples) != 6 || len(s.Embed) != 40 {
		t.Errorf("%d samples and %d embedding points, want 6 and 40", len(s.Samples), len(s.Embed))
	}
	cancel()
	<-r.Done()
}

func TestFunctionViews(t *testing.T) {
	lr := 0.0769
	s := &spec.Spec{Seed: 1, Steps: 200, Function: &spec.FunctionSpec{Name: "quadratic", Condition: 25, Start: []float64{-4, 2}},
		Optimizer: spec.OptimizerSpec{Name: "sgd", LR: &lr, Momentum: 0.5}}
	tr, err := NewTrainer(s, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	for !tr.Finished() {
		tr.Step()
	}
	snap := tr.Snapshot()
	f := snap.Func
	if f.Name != "quadratic" || f.Condition != 25 {
		t.Fatalf("func stats %+v", f)
	}
	if math.Abs(f.Rate-f.Theory) > 0.02 {
		t.Errorf("measured rate %.4f, theory %.4f", f.Rate, f.Theory)
	}
	last := snap.Path[len(snap.Path)-1]
	if d := math.Hypot(last[0], last[1]); math.Abs(d-f.Dist) > 1e-12 || f.Value != FunctionValue("quadratic", 25, last[0], last[1]) {
		t.Errorf("dist %g value %g at %v", f.Dist, f.Value, last)
	}
	// Plain descent at its best rate: theory (κ−1)/(κ+1).
	_, gdRate, _, _, _ := QuadraticTheory(25)
	if r := QuadraticRate(25, 2.0/26, 0); math.Abs(r-gdRate) > 1e-12 {
		t.Errorf("QuadraticRate(gd) = %g, want %g", r, gdRate)
	}
	_, _, hbLR, hbMom, hbRate := QuadraticTheory(25)
	if r := QuadraticRate(25, hbLR, hbMom); math.Abs(r-hbRate) > 1e-6 {
		t.Errorf("QuadraticRate(heavy ball) = %g, want %g", r, hbRate)
	}

	box := FunctionBox("himmelblau", [][2]float64{{0, 0}, {1, 1}, {1e9, 0}})
	for _, m := range FunctionMinima("himmelblau") {
		if m[0] < box[0] || m[0] > box[1] || m[1] < box[2] || m[1] > box[3] {
			t.Errorf("minimum %v outside box %v", m, box)
		}
	}
	if box[1] > 100 {
		t.Errorf("a diverging point stretched the box to %v", box)
	}
	g := FunctionGrid("rosenbrock", 1, FunctionBox("rosenbrock", snap.Path), 30, 20)
	if len(g) != 600 {
		t.Fatalf("grid has %d values", len(g))
	}
	for _, v := range g {
		if !(v >= 0 && v <= 1) {
			t.Fatalf("grid value %g outside [0,1]", v)
		}
	}
	if FunctionGrid("bogus", 1, box, 3, 3) != nil || FunctionGrid("quadratic", 1, [4]float64{1, 0, 0, 1}, 3, 3) != nil {
		t.Error("grid for a bad name or box")
	}
	if d := FunctionDistance("himmelblau", [2]float64{3, 2.5}); math.Abs(d-0.5) > 1e-12 {
		t.Errorf("distance %g, want 0.5", d)
	}
}

// Counting the confusion matrix adds no allocation to an evaluation.
func TestEvaluateConfusionAllocatesNothing(t *testing.T) {
	tr := fashionTrainer(t, 300, 300)
	tr.Evaluate(context.Background(), 0) // warm the workspaces
	tr.evals = tr.evals[:0:cap(tr.evals)]
	allocs := testing.AllocsPerRun(5, func() {
		tr.evals = tr.evals[:0]
		tr.Evaluate(context.Background(), 0)
	})
	if allocs > 0 {
		t.Errorf("Evaluate allocates %.0f times", allocs)
	}
}
