package nn

import (
	"errors"
	"fmt"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
)

// LayerConfig describes one dense layer.
type LayerConfig struct {
	Units      int
	Activation Activation
	// Residual makes the layer compute y = x + f(x); Units must equal the
	// layer's input width.
	Residual bool
	// Dropout is the share of the layer's activations zeroed in training
	// (inverted dropout: survivors are scaled by 1/(1−p)).
	Dropout float64
}

// Config describes a network: its input width, its layers (the last is the
// output layer) and its loss.
type Config struct {
	Inputs int
	Layers []LayerConfig
	Loss   Loss
	// L1 and L2 add l1·Σ|w| and l2/2·Σw² over the weights (not the biases)
	// to the training objective.
	L1, L2 float64
}

// Layer is one dense layer. W and GW share memory with the raw slices the
// training step works on.
type Layer struct {
	In, Out    int
	Activation Activation
	Residual   bool
	Dropout    float64

	W  *mat.Dense // Out×In weights
	B  []float64  // Out biases
	GW *mat.Dense // dObjective/dW of the last Backward
	GB []float64  // dObjective/dB of the last Backward

	w, gw []float64
	wt    []float64 // scratch for Wᵀ (In×Out) when gemm has its AVX2 tiles
}

// Batch is N samples. X is N×Inputs. Targets are Labels (class indices, for
// CrossEntropy and Hinge, and for the other losses as one-hot targets) or Y
// (N×Outputs values); Y wins when both are set.
type Batch struct {
	N      int
	X      []float64
	Labels []int
	Y      []float64
}

// Network is a fully connected network with its workspaces.
type Network struct {
	Inputs int
	Layers []*Layer
	Loss   Loss
	L1, L2 float64
	// Stats holds per-layer statistics of the last Backward (and, for
	// UpdateRatio, the last optimizer step).
	Stats []LayerStats

	dropRNG *rand.Rand
	work    map[int]*workspace
}

// MaxWorkspaces bounds how many batch sizes keep their buffers at once.
const maxWorkspaces = 8

// New builds a network with zero weights. Use Init or SetWeights next.
func New(c Config) (*Network, error) {
	if c.Inputs < 1 {
		return nil, fmt.Errorf("inputs: must be at least 1, got %d", c.Inputs)
	}
	if len(c.Layers) == 0 {
		return nil, errors.New("layers: need at least one layer")
	}
	n := &Network{Inputs: c.Inputs, Loss: c.Loss, L1: c.L1, L2: c.L2, work: map[int]*workspace{}}
	in := c.Inputs
	last := len(c.Layers) - 1
	for i, lc := range c.Layers {
		switch {
		case lc.Units < 1:
			return nil, fmt.Errorf("layers[%d].units: must be at least 1, got %d", i, lc.Units)
		case lc.Activation > Softmax:
			return nil, fmt.Errorf("layers[%d].activation: unknown activation %d", i, lc.Activation)
		case lc.Activation == Softmax && i != last:
			return nil, fmt.Errorf("layers[%d].activation: softmax is only allowed on the output layer", i)
		case lc.Residual && lc.Units != in:
			return nil, fmt.Errorf("layers[%d].residual: needs units (%d) equal to the layer's input width (%d)", i, lc.Units, in)
		case !(lc.Dropout >= 0 && lc.Dropout < 1):
			return nil, fmt.Errorf("layers[%d].dropout: must be in [0, 1), got %g", i, lc.Dropout)
		case i == last && (lc.Residual || lc.Dropout > 0):
			return nil, fmt.Errorf("layers[%d]: residual and dropout are for hidden layers, not the output layer", i)
		}
		l := &Layer{In: in, Out: lc.Units, Activation: lc.Activation, Residual: lc.Residual, Dropout: lc.Dropout,
			w: make([]float64, lc.Units*in), gw: make([]float64, lc.Units*in),
			B: make([]float64, lc.Units), GB: make([]float64, lc.Units)}
		if haveAVX2 {
			l.wt = make([]float64, lc.Units*in)
		}
		l.W = mat.NewDense(l.Out, l.In, l.w)
		l.GW = mat.NewDense(l.Out, l.In, l.gw)
		n.Layers = append(n.Layers, l)
		in = lc.Units
	}
	out := n.Layers[last]
	switch {
	case c.Loss > HalfSSE:
		return nil, fmt.Errorf("loss: unknown loss %d", c.Loss)
	case c.Loss == CrossEntropy && out.Activation != Softmax && out.Activation != Linear:
		return nil, fmt.Errorf("loss: cross_entropy needs a softmax or linear output layer, got %s", out.Activation)
	case c.Loss == CrossEntropy && out.Out < 2:
		return nil, errors.New("loss: cross_entropy needs at least 2 output units")
	case c.Loss == BCE && out.Activation != Sigmoid:
		return nil, fmt.Errorf("loss: bce needs a sigmoid output layer, got %s", out.Activation)
	case c.Loss == Hinge && out.Out < 2:
		return nil, errors.New("loss: hinge needs at least 2 output units")
	case c.L1 < 0 || c.L2 < 0:
		return nil, errors.New("l1, l2: must be at least 0")
	}
	n.Stats = make([]LayerStats, len(n.Layers))
	return n, nil
}

// Outputs is the width of the output layer.
func (n *Network) Outputs() int { return n.Layers[len(n.Layers)-1].Out }

// Init draws every layer's weights with in, taking randomness from rng, and
// sets every bias to in.Bias.
func (n *Network) Init(in Init, rng *rand.Rand) {
	for _, l := range n.Layers {
		in.Fill(l.w, l.In, l.Out, rng)
		for i := range l.B {
			l.B[i] = in.Bias
		}
	}
}

// SetWeights sets layer i's weights (w is Out rows of In values) and biases.
func (n *Network) SetWeights(i int, w [][]float64, b []float64) error {
	if i < 0 || i >= len(n.Layers) {
		return fmt.Errorf("weights[%d]: the network has %d layers", i, len(n.Layers))
	}
	l := n.Layers[i]
	if len(w) != l.Out {
		return fmt.Errorf("weights[%d].w: has %d rows, want %d (units)", i, len(w), l.Out)
	}
	for r, row := range w {
		if len(row) != l.In {
			return fmt.Errorf("weights[%d].w[%d]: has %d values, want %d (inputs)", i, r, len(row), l.In)
		}
	}
	if len(b) != l.Out {
		return fmt.Errorf("weights[%d].b: has %d values, want %d (units)", i, len(b), l.Out)
	}
	for r, row := range w {
		copy(l.w[r*l.In:], row)
	}
	copy(l.B, b)
	return nil
}

// SetDropoutRNG sets the generator dropout masks are drawn from. Without
// one, training with dropout panics; the network never makes its own.
func (n *Network) SetDropoutRNG(r *rand.Rand) { n.dropRNG = r }

// SetDropout changes layer i's dropout rate (for live knobs).
func (n *Network) SetDropout(i int, p float64) error {
	if i < 0 || i >= len(n.Layers) {
		return fmt.Errorf("layer %d: the network has %d layers", i, len(n.Layers))
	}
	if !(p >= 0 && p < 1) {
		return fmt.Errorf("dropout: must be in [0, 1), got %g", p)
	}
	if i == len(n.Layers)-1 && p > 0 {
		return errors.New("dropout: the output layer takes no dropout")
	}
	n.Layers[i].Dropout = p
	return nil
}

// Params lists the network's parameters, weights and biases of each layer in
// order, for an optimizer.
func (n *Network) Params() []Param {
	ps := make([]Param, 0, 2*len(n.Layers))
	for i, l := range n.Layers {
		ps = append(ps, Param{Value: l.w, Grad: l.gw, Layer: i, Weight: true})
		ps = append(ps, Param{Value: l.B, Grad: l.GB, Layer: i})
	}
	return ps
}

// CopyWeightsFrom copies every parameter of src, which must have the same
// shape, into n.
func (n *Network) CopyWeightsFrom(src *Network) error {
	if len(src.Layers) != len(n.Layers) {
		return errors.New("copy weights: layer counts differ")
	}
	for i, l := range n.Layers {
		s := src.Layers[i]
		if s.In != l.In || s.Out != l.Out {
			return fmt.Errorf("copy weights: layer %d is %d×%d, source %d×%d", i, l.Out, l.In, s.Out, s.In)
		}
		copy(l.w, s.w)
		copy(l.B, s.B)
	}
	return nil
}
