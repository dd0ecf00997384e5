package lab

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"sync"

	"github.com/nnlab/nnlab/lab/spec"
)

// Summary is the outcome of one run of a comparison.
type Summary struct {
	Name          string
	Seed          uint64
	Steps         int
	FinalLoss     float64 // mean batch loss over the last 1% of steps (at least the last step)
	Eval          Eval    // final evaluation on every sample
	FirstGrad     float64 // first layer's gradient norm at the end
	LastGrad      float64 // output layer's gradient norm at the end
	StepsToTarget int     // first step whose batch loss was at or below the target; −1 if never
	Status        Status
	Reason        string
	Rows          []Row // per-step rows when asked for
	// Curves is the run's loss and accuracy history, for plots.
	Curves Curves
}

// Row is one step of a run as the headless commands print it.
type Row struct {
	Step, Epoch int
	LR, Loss    float64
	Eval        *Eval // set on the steps where an evaluation ran
	GradNorms   []float64
	Status      Status
	Times       *Times // set on a run's last row
}

// Times are where a headless run's wall time went, in seconds: loading
// its data, training steps (batches, forward, backward, updates: see
// Trainer.Times) and evaluations. Building the network is in none of them.
type Times struct {
	Load, Train, Eval float64
}

// RowOf describes the trainer's last step.
func RowOf(t *Trainer) Row {
	r := Row{Step: t.step, Epoch: t.epoch, LR: t.lr, Loss: t.loss, Status: t.status}
	if e := t.eval; e.Step == t.step && t.step > 0 {
		r.Eval = &e
	}
	if t.Net != nil {
		r.GradNorms = make([]float64, len(t.Net.Stats()))
		for i, s := range t.Net.Stats() {
			r.GradNorms[i] = s.GradNorm
		}
	}
	return r
}

// CompareOptions tune Compare.
type CompareOptions struct {
	// Target is the loss for Summary.StepsToTarget (0: none).
	Target float64
	// KeepRows keeps every step's row in Summary.Rows.
	KeepRows bool
	// DataDir is where Fashion-MNIST is looked for first.
	DataDir string
	// MaxMemory refuses the comparison when the runs together are
	// estimated above it (see CheckMemory); 0: no budget.
	MaxMemory int64
	// Threads is how many threads the runs use in all (0:
	// DefaultThreads), shared among those that train at once.
	Threads int
}

// Compare runs the specs concurrently, as many at once as there are CPUs,
// and summarises each. Runs on the same data (the same data spec and seed)
// share one copy of it. The threads (CompareOptions.Threads) are shared
// among the runs that train at once (ThreadsPerRun).
func Compare(ctx context.Context, specs []*spec.Spec, o CompareOptions) ([]Summary, error) {
	if err := CheckMemory(specs, Options{MaxMemory: o.MaxMemory}); err != nil {
		return nil, err
	}
	at := min(runtime.GOMAXPROCS(0), len(specs))
	trainers := make([]*Trainer, len(specs))
	defer func() {
		for _, t := range trainers {
			if t != nil {
				t.Close()
			}
		}
	}()
	for i, s := range specs {
		t, err := newTrainerSharing(s, trainers[:i], o.DataDir, WithThreads(ThreadsPerRun(o.Threads, at)))
		if err != nil {
			return nil, fmt.Errorf("run %d (%s): %v", i+1, s.Name, err)
		}
		trainers[i] = t
	}
	out := make([]Summary, len(specs))
	sem := make(chan struct{}, at)
	var wg sync.WaitGroup
	for i, t := range trainers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			out[i] = summarise(ctx, specs[i].Name, t, o.Target, o.KeepRows)
			out[i].Seed = specs[i].Seed
		}()
	}
	wg.Wait()
	return out, ctx.Err()
}

// newTrainerSharing makes s's trainer with the data of an earlier trainer
// on the same data, when there is one.
func newTrainerSharing(s *spec.Spec, earlier []*Trainer, dataDir string, opts ...TrainerOption) (*Trainer, error) {
	d := s.Clone()
	d.Defaults()
	for _, t := range earlier {
		if t.Set != nil && sameData(t.spec, d) {
			return NewTrainer(s, t.Set, dataDir, opts...)
		}
	}
	return NewTrainer(s, nil, dataDir, opts...)
}

func summarise(ctx context.Context, name string, t *Trainer, target float64, keepRows bool) Summary {
	s := Summary{Name: name, StepsToTarget: -1}
	defer t.StopWhenDone(ctx)()
	tail := max(1, t.MaxSteps()/100)
	var recent []float64
	for !t.Finished() && ctx.Err() == nil {
		t.Step()
		if keepRows {
			s.Rows = append(s.Rows, RowOf(t))
		}
		if s.StepsToTarget < 0 && target > 0 && t.loss <= target {
			s.StepsToTarget = t.step
		}
		recent = append(recent, t.loss)
		if len(recent) > tail {
			recent = recent[1:]
		}
	}
	if t.status != Diverged {
		s.Eval = t.Evaluate(ctx, 0)
	} else {
		s.Eval = t.eval
	}
	s.Steps, s.Status, s.Reason = t.step, t.status, t.reason
	s.Curves = t.Curves(name)
	s.FinalLoss = mean(recent)
	if t.Net != nil {
		s.FirstGrad = t.Net.Stats()[0].GradNorm
		s.LastGrad = t.Net.Stats()[len(t.Net.Stats())-1].GradNorm
	}
	return s
}

// Survivors are the runs that neither diverged nor failed, or all of them
// when none is left: what a configuration's numbers over several seeds
// are taken of, since one diverged seed's loss (10¹¹) would swamp the
// others' mean. status reads a run's status.
func Survivors[R any](runs []R, status func(R) Status) []R {
	var kept []R
	for _, r := range runs {
		if st := status(r); st != Diverged && st != Failed {
			kept = append(kept, r)
		}
	}
	if len(kept) == 0 {
		return runs
	}
	return kept
}

// SeedRuns are the runs of configurations: each one's SeedVariants, in
// order (configuration 0's seeds, then configuration 1's, ...), named
// after their configuration.
func SeedRuns(configs []*spec.Spec) []*spec.Spec {
	var out []*spec.Spec
	for _, c := range configs {
		out = append(out, c.SeedVariants()...)
	}
	return out
}

// Spread is one number of a configuration over its seeds' runs: the mean,
// the sample standard deviation (n−1 in the denominator; 0 for one run),
// the lowest and the highest. Runs without the number (NaN: a diverged
// run's evaluation, a split the data lack) are left out; N counts the rest.
type Spread struct {
	Mean, SD, Min, Max float64
	N                  int
}

// SpreadOf is the spread of x, NaNs left out; all NaN when none is left.
func SpreadOf(x []float64) Spread {
	sp := Spread{Min: math.Inf(1), Max: math.Inf(-1)}
	sum := 0.0
	for _, v := range x {
		if math.IsNaN(v) {
			continue
		}
		sp.N++
		sum += v
		sp.Min, sp.Max = math.Min(sp.Min, v), math.Max(sp.Max, v)
	}
	if sp.N == 0 {
		nan := math.NaN()
		return Spread{Mean: nan, SD: nan, Min: nan, Max: nan}
	}
	sp.Mean = sum / float64(sp.N)
	if sp.N > 1 {
		q := 0.0
		for _, v := range x {
			if !math.IsNaN(v) {
				q += (v - sp.Mean) * (v - sp.Mean)
			}
		}
		sp.SD = math.Sqrt(q / float64(sp.N-1))
	}
	return sp
}

func mean(x []float64) float64 {
	if len(x) == 0 {
		return math.NaN()
	}
	s := 0.0
	for _, v := range x {
		s += v
	}
	return s / float64(len(x))
}
