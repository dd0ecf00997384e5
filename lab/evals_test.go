package lab

import (
	"context"
	"math"
	"testing"

	"github.com/nnlab/nnlab/lab/spec"
)

// trainerOf reads a spec and builds its trainer.
func trainerOf(t *testing.T, yaml, name string) *Trainer {
	t.Helper()
	s, err := spec.Load([]byte(yaml), name)
	if err != nil {
		t.Fatal(err)
	}
	tr, err := NewTrainer(s, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

// Snapshots carry every evaluation, train and test, loss and accuracy,
// ending with the final one over every sample; the history stays bounded.
func TestSnapshotEvals(t *testing.T) {
	tr := trainerOf(t, `
seed: 1
data: {set: moons, n: 300, noise: 0.1}
model: {layers: [{units: 8, activation: tanh}, {units: 2, activation: softmax}]}
optimizer: {name: sgd, lr: 0.3}
steps: 205
eval_every: 10
`, "evals")
	for !tr.Finished() {
		tr.Step()
	}
	final := tr.Evaluate(context.Background(), 0) // as Run does at the end
	snap := tr.Snapshot()
	if n := len(snap.Evals); n != 21 { // steps 10, 20, …, 200, then 205
		t.Fatalf("%d evaluations, want 21: %+v", n, snap.Evals)
	}
	for i, e := range snap.Evals[:20] {
		if e.Step != 10*(i+1) {
			t.Errorf("evaluation %d at step %d, want %d", i, e.Step, 10*(i+1))
		}
		if math.IsNaN(e.TrainAcc) || math.IsNaN(e.TestAcc) || math.IsNaN(e.TrainLoss) || math.IsNaN(e.TestLoss) {
			t.Errorf("evaluation at step %d lacks a number: %+v", e.Step, e)
		}
	}
	if last := snap.Evals[20]; !sameEval(last, final) || !sameEval(last, snap.Eval) {
		t.Errorf("last evaluation %+v, want the final %+v (snapshot's %+v)", last, final, snap.Eval)
	}
	// The final evaluation of a step already evaluated replaces it.
	tr.Evaluate(context.Background(), 0)
	if n := len(tr.Snapshot().Evals); n != 21 {
		t.Errorf("evaluating step 205 again: %d evaluations, want still 21", n)
	}

	// Thinning keeps every other one and the newest.
	var es []Eval
	for i := range 1025 {
		es = append(es, Eval{Step: i})
	}
	es = thin(es)
	if len(es) != 513 || es[0].Step != 0 || es[1].Step != 2 || es[len(es)-1].Step != 1024 {
		t.Errorf("thin(1025): %d kept, first %d, %d, last %d", len(es), es[0].Step, es[1].Step, es[len(es)-1].Step)
	}
	es = nil
	for i := range 1026 {
		es = append(es, Eval{Step: i, TestAcc: math.NaN()})
	}
	if es = thin(es); len(es) != 514 || es[len(es)-1].Step != 1025 || es[len(es)-2].Step != 1024 {
		t.Errorf("thin(1026): %d kept, last two %d, %d", len(es), es[len(es)-2].Step, es[len(es)-1].Step)
	}
}

// A data set of a few samples gets the network's outputs per sample (lesson
// 4's single sample: softmax of the scores (0, 1.5, 0)), and no decision
// boundary when the network has more than two outputs.
func TestOutputsOfTinySets(t *testing.T) {
	tr := trainerOf(t, `
seed: 1
data: {set: inline, inputs: [[1.0, 2.0]], targets: [[0]]}
model:
  layers: [{units: 3, activation: softmax}]
  weights: [{w: [[1.0, -0.5], [0.5, 0.5], [-1.0, 0.5]], b: [0, 0, 0]}]
loss: cross_entropy
optimizer: {name: sgd, lr: 0.1}
batch: 0
steps: 50
`, "three")
	if tr.HasBoundary() {
		t.Errorf("a boundary for a network with 3 outputs")
	}
	out := tr.Outputs(8)
	if len(out) != 1 || out[0].Label != 0 || len(out[0].X) != 2 || out[0].X[0] != 1 || out[0].X[1] != 2 {
		t.Fatalf("outputs %+v", out)
	}
	e0, e15 := 1.0, math.Exp(1.5)
	want := []float64{e0 / (2*e0 + e15), e15 / (2*e0 + e15), e0 / (2*e0 + e15)}
	for j, p := range out[0].Out {
		if math.Abs(p-want[j]) > 1e-12 {
			t.Errorf("p%d = %.6f, want %.6f", j, p, want[j])
		}
	}
	for !tr.Finished() {
		tr.Step()
	}
	if p0 := tr.Outputs(8)[0].Out[0]; !(p0 > 0.9) {
		t.Errorf("after 50 steps p0 = %.3f, want it near 1", p0)
	}
	if tr.Outputs(0) != nil {
		t.Errorf("outputs of a set larger than asked for")
	}
}

// sameEval compares evaluations, a NaN (a split the data lack) equal to a
// NaN.
func sameEval(a, b Eval) bool {
	eq := func(x, y float64) bool { return x == y || (math.IsNaN(x) && math.IsNaN(y)) }
	return a.Step == b.Step && eq(a.TrainLoss, b.TrainLoss) && eq(a.TrainAcc, b.TrainAcc) &&
		eq(a.ValLoss, b.ValLoss) && eq(a.ValAcc, b.ValAcc) && eq(a.TestLoss, b.TestLoss) && eq(a.TestAcc, b.TestAcc)
}
