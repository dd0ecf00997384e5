package lab

import (
	"math"
	"time"

	"github.com/nnlab/nnlab/lab/spec"
	"github.com/nnlab/nnlab/nn"
)

// Snapshot is a deep copy of a run's state, safe to keep and read from any
// goroutine.
type Snapshot struct {
	Step, Epoch, MaxSteps int
	LR, Momentum          float64
	Batch                 int
	// ClipNorm is the spec's optimizer.clip_norm (0: no clipping) and
	// Clipped how many steps it has clipped.
	ClipNorm float64
	Clipped  int
	// Watched names the set early stopping and restore_best watch
	// ("validation" or "test"); Restored is the step whose weights a
	// restore_best run ended with (0: none), which Eval then measures.
	Watched  string
	Restored int
	// Range is a range test's curve and suggestions (Options.Range); nil
	// for other runs.
	Range          *RangeResult
	Loss           float64 // last step's batch loss, before its update
	Eval           Eval
	Layers         []nn.LayerStats
	Params         int // the network's learnable values (weights, biases, batch_norm's γ and β)
	Status         Status
	Reason         string // why done or diverged
	Train          []Bucket
	TrainWidth     int    // steps per Train bucket
	Evals          []Eval // the evaluations so far, oldest first
	StepsPerSec    float64
	MaxStepsPerSec float64 // the pace the run is held to (0: none)
	Elapsed        time.Duration

	// Boundary: the model's output (probability of class 1, or the
	// regression value) on a GridW×GridH lattice over Box, row 0 at the top.
	Grid         []float64
	GridW, GridH int
	Box          [4]float64 // xmin, xmax, ymin, ymax
	// Inputs, Units and Weights, when Options.Units asks for them: the
	// input features and every hidden dense layer's units on the Grid's
	// lattice, and the dense layers' weights (see Maps).
	Inputs  UnitMap
	Units   []UnitMap
	Weights []LayerWeights

	// Spec is the spec the run now trains (defaults filled in, live changes
	// applied): the experiment on screen, which a saved file reproduces
	// from step 0. Nil for snapshots made by Trainer.Snapshot.
	Spec *spec.Spec

	// Embed: the chosen layer's activations on a fixed sample of test inputs,
	// projected to 2-D on their two principal axes.
	Embed []EmbedPoint

	// Path is a test-function run's path; PathEvery the steps between points.
	Path      [][2]float64
	PathEvery int
	// Func holds a test-function run's readings (Func.Name "" otherwise).
	Func FuncStats

	// ClassNames name the classes of classified data, by label.
	ClassNames []string
	// Confusion counts the test samples of the latest evaluation by true
	// class (row) and predicted class (column); nil before the first
	// evaluation and for regression. It sums to the samples evaluated and
	// its trace is the number classified correctly.
	Confusion [][]int
	// Samples are fixed test images with their current predictions, when
	// Options.Samples asks for them and the data are images.
	Samples []Sample
	// Filters are the kernels of every conv2d layer and Focus one test
	// image's feature maps, when Options.ConvViews asks for them.
	Filters []Filters
	Focus   *Focus
	// Outputs are the network's outputs on every training sample, when
	// Options.Outputs asks for them and there are that few samples.
	Outputs []Output
}

// Output is the network's output for one training sample.
type Output struct {
	X     []float64 // the inputs (before any derived features)
	Label int       // the class; −1 for regression
	Y     []float64 // the regression targets
	Out   []float64 // the outputs, after the output activation
}

// Sample is one test image with its true and predicted class.
type Sample struct {
	Pix         []byte // W×H grayscale bytes, row by row
	W, H        int
	Label, Pred int
}

// EmbedPoint is one test sample in the embedding view.
type EmbedPoint struct {
	X, Y  float64
	Label int
}

// Snapshot copies the trainer's state.
func (t *Trainer) Snapshot() Snapshot {
	s := Snapshot{
		Step: t.step, Epoch: t.epoch, MaxSteps: t.maxSteps,
		LR: t.LR(), Momentum: t.Momentum(), Batch: t.batch,
		Loss: t.loss, Eval: t.eval, Status: t.status, Reason: t.reason,
		Train: t.train.Buckets(), TrainWidth: t.train.Width(),
		Evals:    append([]Eval(nil), t.evals...),
		ClipNorm: t.optCfg.ClipNorm, Clipped: t.clipped, Restored: t.restored,
	}
	if t.step == 0 {
		s.Loss = math.NaN()
	}
	if t.Net != nil {
		s.Layers = append([]nn.LayerStats(nil), t.Net.Stats()...)
		for i := 0; i < t.Net.NumLayers(); i++ {
			s.Params += t.Net.Layer(i).Params
		}
	}
	if t.fn != nil {
		s.Path = append([][2]float64(nil), t.fn.path...)
		s.PathEvery = t.fn.every
		s.Func = t.funcStats()
	}
	s.Range = t.RangeResult()
	if t.Set != nil {
		s.Watched = t.WatchedSet()
		s.ClassNames = append([]string(nil), t.Set.ClassNames...)
	}
	if t.confDone {
		c := t.Set.Classes
		s.Confusion = make([][]int, c)
		for i := range s.Confusion {
			s.Confusion[i] = append([]int(nil), t.conf[i*c:i*c+c]...)
		}
	}
	return s
}
