package lab

import (
	"context"
	"math"
	"runtime"
	"testing"

	"go.uber.org/goleak"

	"github.com/nnlab/nnlab/lab/spec"
)

// wide is a spec whose products are large enough to be split over threads.
func wide(t *testing.T, precision string) *spec.Spec {
	t.Helper()
	return loadText(t, `
seed: 5
data: {set: moons, n: 600}
model:
  layers:
    - {units: 96, activation: relu}
    - {units: 80, activation: tanh, dropout: 0.1}
    - {units: 2, activation: softmax}
optimizer: {name: adam, lr: 0.003}
batch: 150
steps: 40
eval_every: 10
precision: `+precision+"\n")
}

// A run gives the same rows, bit for bit, on one thread and on three, in
// both precisions; a live run on three threads releases them when it ends.
func TestThreadsGiveSameRun(t *testing.T) {
	defer goleak.VerifyNone(t)
	for _, prec := range []string{"float64", "float32"} {
		s := wide(t, prec)
		var rows [2][]Row
		for i, threads := range []int{1, 3} {
			tr, err := NewTrainer(s, nil, "", WithThreads(threads))
			if err != nil {
				t.Fatal(err)
			}
			if got := tr.Net.Threads(); got != threads {
				t.Errorf("network has %d threads, want %d", got, threads)
			}
			for !tr.Finished() {
				tr.Step()
				rows[i] = append(rows[i], RowOf(tr))
			}
			tr.Close()
		}
		if len(rows[0]) != 40 || len(rows[1]) != 40 {
			t.Fatalf("%s: %d and %d rows, want 40", prec, len(rows[0]), len(rows[1]))
		}
		for i, a := range rows[0] {
			b := rows[1][i]
			same := math.Float64bits(a.Loss) == math.Float64bits(b.Loss)
			for j := range a.GradNorms {
				same = same && math.Float64bits(a.GradNorms[j]) == math.Float64bits(b.GradNorms[j])
			}
			if !same {
				t.Fatalf("%s step %d: loss %v grads %v on 1 thread, %v %v on 3", prec, a.Step, a.Loss, a.GradNorms, b.Loss, b.GradNorms)
			}
		}
	}
	r, err := Start(context.Background(), wide(t, "float32"), Options{Threads: 3})
	if err != nil {
		t.Fatal(err)
	}
	waitClosed(t, r)
}

// NNLAB_THREADS sets the threads in all, checked; runs that train at once
// share them, at least one each.
func TestThreadCounts(t *testing.T) {
	t.Setenv(EnvThreads, "")
	if n, err := ThreadsFromEnv(); n != 0 || err != nil {
		t.Errorf("unset: %d, %v; want 0, nil", n, err)
	}
	if n := DefaultThreads(); n != runtime.NumCPU() {
		t.Errorf("default %d threads, want the %d CPUs", n, runtime.NumCPU())
	}
	t.Setenv(EnvThreads, "6")
	if n, err := ThreadsFromEnv(); n != 6 || err != nil {
		t.Errorf("6: %d, %v", n, err)
	}
	if n := DefaultThreads(); n != 6 {
		t.Errorf("default with %s=6: %d", EnvThreads, n)
	}
	for _, bad := range []string{"0", "-1", "x", "1.5", "100000"} {
		t.Setenv(EnvThreads, bad)
		if _, err := ThreadsFromEnv(); err == nil {
			t.Errorf("%s=%q: no error", EnvThreads, bad)
		}
	}
	for _, c := range []struct{ total, runs, want int }{{2, 1, 2}, {2, 2, 1}, {2, 7, 1}, {8, 3, 2}, {1, 1, 1}} {
		if got := ThreadsPerRun(c.total, c.runs); got != c.want {
			t.Errorf("ThreadsPerRun(%d, %d) = %d, want %d", c.total, c.runs, got, c.want)
		}
	}
}
