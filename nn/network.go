package nn

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"runtime"
	"sync/atomic"
)

// Batch is N samples. X is N×Input().Size() in N×C×H×W order; a float32
// network reads X32 instead when it is set (and converts X otherwise).
// Targets are Labels (class indices, for CrossEntropy and Hinge, and for
// the other losses as one-hot targets) or Y (N×Outputs values); Y wins
// when both are set.
type Batch struct {
	N      int
	X      []float64
	X32    []float32
	Labels []int
	Y      []float64
}

// Network is a sequence of layers with its loss and workspaces, in one
// precision. Its methods hand out float64 whatever the precision.
type Network struct {
	prec Precision
	e    engine
}

// engine is what Network asks of its generic core, *net[float64] or
// *net[float32].
type engine interface {
	info(i int) *LayerInfo
	numLayers() int
	inputShape() Shape
	statsOf() []LayerStats
	initWeights(in Init, rng *rand.Rand)
	tensor(i int, name string, grad bool) []float64
	setTensor(i int, name string, v []float64) error
	setRNG(r *rand.Rand)
	setDropout(i int, p float64) error
	paramList() []Param
	forwardOut(b *Batch, train bool) []float64
	backwardLoss(b *Batch) float64
	train(b *Batch, o *Optimizer, lr, momentum float64) float64
	lossOfBatch(b *Batch) float64
	penaltyOf() float64
	eval(b *Batch) (float64, int)
	layerView(i, rows int, pre bool) []float64
	setStopFlag(stop *atomic.Bool)
	wasStopped() bool
	close()
	threadCount() int
	saveState(s *State)
	loadState(s *State) error
}

// New builds a network with zero weights. Use Init or SetWeights next.
// With Config.Threads above 1 it starts that many goroutines less one,
// which Close stops.
func New(c Config) (*Network, error) {
	shapes, err := check(c)
	if err != nil {
		return nil, err
	}
	n := &Network{prec: c.Precision}
	if c.Precision == Float32 {
		n.e = start(n, newNet(c, shapes, &carver[float32]{}))
	} else {
		n.e = start(n, newNet(c, shapes, &carver[float64]{}))
	}
	return n, nil
}

// check is the shapes of c's layers, or what is wrong with c.
func check(c Config) ([]Shape, error) {
	if c.Threads < 0 || c.Threads > MaxThreads {
		return nil, fmt.Errorf("threads: must be 0 to %d, got %d", MaxThreads, c.Threads)
	}
	shapes, err := Shapes(c)
	if err != nil {
		return nil, err
	}
	if err := checkLoss(c, shapes[len(shapes)-1].C); err != nil {
		return nil, err
	}
	return shapes, nil
}

// start starts the team of nw's core n. A network dropped without Close
// still stops its workers, once it is garbage.
func start[T float](nw *Network, n *net[T]) *net[T] {
	n.team = newTeam[T](n.threads)
	if n.team.threads() > 1 {
		runtime.AddCleanup(nw, (*team[T]).close, n.team)
	}
	return n
}

// Close stops the network's worker goroutines (see Config.Threads) and
// waits until they have exited. The network still works afterwards, on
// the caller's goroutine alone. Close is safe to call more than once.
func (n *Network) Close() { n.e.close() }

// Threads is how many goroutines share the network's work (Config.Threads,
// at least 1).
func (n *Network) Threads() int { return n.e.threadCount() }

// Precision is the type the network computes in.
func (n *Network) Precision() Precision { return n.prec }

// Input is the shape of one input sample.
func (n *Network) Input() Shape { return n.e.inputShape() }

// Outputs is the width of the output layer.
func (n *Network) Outputs() int { return n.e.info(n.e.numLayers() - 1).Out.C }

// NumLayers is the number of layers.
func (n *Network) NumLayers() int { return n.e.numLayers() }

// Layer describes layer i.
func (n *Network) Layer(i int) LayerInfo { return *n.e.info(i) }

// Stats are the statistics of the last Backward (and, for UpdateRatio, the
// last TrainStep): one per layer with weights (dense, conv2d, batch_norm),
// in order. The slice is the network's own, rewritten by the next step.
func (n *Network) Stats() []LayerStats { return n.e.statsOf() }

// Init draws the weights of every dense and conv2d layer with in, in layer
// order, taking randomness from rng (in float64, rounded for float32), and
// sets their biases to in.Bias. Fans are PyTorch's: in and out for dense
// layers, in·kh·kw and out·kh·kw for conv2d. batch_norm layers start at
// γ = 1, β = 0, running mean 0 and variance 1, drawing nothing.
func (n *Network) Init(in Init, rng *rand.Rand) { n.e.initWeights(in, rng) }

// SetWeights sets dense layer i's weights (w is Out rows of In values) and
// biases.
func (n *Network) SetWeights(i int, w [][]float64, b []float64) error {
	if i < 0 || i >= n.NumLayers() {
		return fmt.Errorf("weights[%d]: the network has %d layers", i, n.NumLayers())
	}
	l := n.e.info(i)
	if l.Kind != Dense {
		return fmt.Errorf("weights[%d]: layer %d is %s, not dense", i, i, l.Kind)
	}
	in, out := l.In.C, l.Out.C
	if len(w) != out {
		return fmt.Errorf("weights[%d].w: has %d rows, want %d (units)", i, len(w), out)
	}
	flat := make([]float64, 0, out*in)
	for r, row := range w {
		if len(row) != in {
			return fmt.Errorf("weights[%d].w[%d]: has %d values, want %d (inputs)", i, r, len(row), in)
		}
		flat = append(flat, row...)
	}
	if l.NoBias && len(b) > 0 {
		return fmt.Errorf("weights[%d].b: the layer has no bias", i)
	}
	if !l.NoBias && len(b) != out {
		return fmt.Errorf("weights[%d].b: has %d values, want %d (units)", i, len(b), out)
	}
	if err := n.e.setTensor(i, "weight", flat); err != nil {
		return err
	}
	if l.NoBias {
		return nil
	}
	return n.e.setTensor(i, "bias", b)
}

// Tensor is a float64 copy of layer i's tensor by its PyTorch state_dict
// name: "weight" (dense out×in, conv2d out×in×kh×kw, batch_norm γ),
// "bias" (batch_norm β), "running_mean", "running_var"; nil when the layer
// has none by that name.
func (n *Network) Tensor(i int, name string) []float64 { return n.e.tensor(i, name, false) }

// Grad is a float64 copy of the gradient of Tensor(i, name) from the last
// Backward; nil for a tensor without one (or none by that name).
func (n *Network) Grad(i int, name string) []float64 { return n.e.tensor(i, name, true) }

// SetTensor sets layer i's tensor by name (see Tensor) from v, which must
// have its length.
func (n *Network) SetTensor(i int, name string, v []float64) error { return n.e.setTensor(i, name, v) }

// SetDropoutRNG sets the generator dropout masks are drawn from. Without
// one, training with dropout panics; the network never makes its own.
func (n *Network) SetDropoutRNG(r *rand.Rand) { n.e.setRNG(r) }

// SetDropout changes the dropout rate of layer i (a hidden dense or a
// conv2d layer, or a dropout layer), for live knobs.
func (n *Network) SetDropout(i int, p float64) error { return n.e.setDropout(i, p) }

// Params lists the network's learnable tensors, layer by layer, weights
// then biases, for an optimizer.
func (n *Network) Params() []Param { return n.e.paramList() }

// Forward runs the network on b and returns the output rows (N×Outputs,
// activated: probabilities for softmax and sigmoid outputs). In training
// mode dropout masks are drawn and batch_norm uses (and moves its running
// statistics toward) the batch's statistics; in evaluation mode dropout is
// the identity and batch_norm uses its running statistics. The returned
// slice is reused by the next call with the same batch size.
func (n *Network) Forward(b *Batch, train bool) []float64 { return n.e.forwardOut(b, train) }

// Backward computes the loss of the batch last passed to Forward and the
// gradients of the objective (loss plus L1/L2 penalties) of every layer,
// and fills Stats. It returns the data loss (mean over the batch, without
// penalties); Penalty gives the penalty.
func (n *Network) Backward(b *Batch) float64 { return n.e.backwardLoss(b) }

// TrainStep runs one step of training on b: forward in training mode,
// backward, and one optimizer update with learning rate lr and momentum
// (Adam's beta1). It returns the batch's data loss before the update, or
// NaN when the stop flag (SetStop) cut the step short; then nothing has
// changed and Stopped reports it.
func (n *Network) TrainStep(b *Batch, o *Optimizer, lr, momentum float64) float64 {
	return n.e.train(b, o, lr, momentum)
}

// Penalty is l1·Σ|w| + l2/2·Σw² over the weights of dense and conv2d
// layers.
func (n *Network) Penalty() float64 { return n.e.penaltyOf() }

// Objective is the data loss of the batch plus the penalty, in evaluation
// mode. It computes no gradients.
func (n *Network) Objective(b *Batch) float64 { return n.LossOf(b) + n.Penalty() }

// LossOf is the mean data loss of the batch in evaluation mode.
func (n *Network) LossOf(b *Batch) float64 { return n.e.lossOfBatch(b) }

// EvalBatch runs the batch in evaluation mode and returns the loss summed
// over its samples and, when the batch has labels, how many the network
// classifies right (argmax of the output; for one sigmoid output, p > 0.5).
func (n *Network) EvalBatch(b *Batch) (lossSum float64, correct int) { return n.e.eval(b) }

// Activations returns layer i's outputs (N×Out.Size(), after the
// activation, before dropout; a pooling, flatten or dropout layer's output)
// of the last Forward with batch size rows. In a float64 network it is the
// network's own buffer; in a float32 one a copy, valid until the next
// Activations or NetInputs.
func (n *Network) Activations(i, rows int) []float64 { return n.e.layerView(i, rows, false) }

// NetInputs returns layer i's net inputs z (before the activation: the
// product plus bias, or batch_norm's γ·x̂ + β) of the last Forward with
// batch size rows, like Activations; a layer without them gives its output.
func (n *Network) NetInputs(i, rows int) []float64 { return n.e.layerView(i, rows, true) }

// SetStop makes the network watch stop: between layers and every few
// samples inside a conv2d layer. When it is set, the running Forward,
// Backward or TrainStep is abandoned (TrainStep before anything changes)
// and Stopped reports it.
func (n *Network) SetStop(stop *atomic.Bool) { n.e.setStopFlag(stop) }

// Stopped reports whether the last TrainStep was cut short by the stop flag.
func (n *Network) Stopped() bool { return n.e.wasStopped() }

// CopyWeightsFrom copies every tensor of src (weights, biases, running
// statistics), which must have the same layers, into n.
func (n *Network) CopyWeightsFrom(src *Network) error {
	if src.NumLayers() != n.NumLayers() {
		return errors.New("copy weights: layer counts differ")
	}
	for i := 0; i < n.NumLayers(); i++ {
		a, b := n.e.info(i), src.e.info(i)
		if a.Kind != b.Kind || a.In != b.In || a.Out != b.Out || a.Params != b.Params {
			return fmt.Errorf("copy weights: layer %d is %s %v→%v, source %s %v→%v", i, a.Kind, a.In, a.Out, b.Kind, b.In, b.Out)
		}
		for _, name := range tensorNames {
			if v := src.Tensor(i, name); v != nil {
				if err := n.SetTensor(i, name, v); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// tensorNames are every name a layer's tensor can have.
var tensorNames = []string{"weight", "bias", "running_mean", "running_var"}
