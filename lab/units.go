package lab

import (
	"math"

	"github.com/nnlab/nnlab/nn"
)

// MaxUnitMaps is how many hidden units Maps draws at most: the hidden
// layers from the first, as long as their units together fit (a network
// of 8 layers of 32 units has 256), so that a large network's maps cannot
// take much memory.
const MaxUnitMaps = 1024

// Maps are a model's views over the input plane of 2-D data, all on one
// W×H lattice over Box (xmin, xmax, ymin, ymax), row 0 at the top.
type Maps struct {
	W, H int
	Box  [4]float64
	// Grid is the decision boundary (see Trainer.Boundary).
	Grid []float64
	// Inputs are the network's input features (x, y, then the derived
	// ones) over the lattice; Units every hidden dense layer's units (the
	// first layers, up to MaxUnitMaps units).
	Inputs UnitMap
	Units  []UnitMap
	// Weights are the dense layers' weights, up to the layer after the
	// last one in Units (the output layer when every layer is there).
	Weights []LayerWeights
}

// UnitMap is what every unit of one layer puts out over the input plane:
// Units maps of W×H values, unit after unit, each row by row. Values are
// scaled into [0,1]: 0 stands for Lo and 1 for Hi, the activation's own
// range (tanh −1 to 1, sigmoid 0 to 1) or, for unbounded activations and
// residual layers, the layer's range on the lattice (relu 0 to its largest
// value; others −m to m, m the largest magnitude).
type UnitMap struct {
	Layer      int // the layer's index in the network; −1 for the inputs
	Units      int
	Activation string   // "linear", "tanh", …; "" for the inputs
	Names      []string // the inputs' names (x, y, x2, …); nil for a layer
	Lo, Hi     float64
	Vals       []float64
}

// Unit is unit u's map (W×H values).
func (m UnitMap) Unit(u, cells int) []float64 { return m.Vals[u*cells : (u+1)*cells] }

// LayerWeights are one dense layer's weights as PyTorch's nn.Linear holds
// them: W is Out×In row by row (W[j*In+i] from input i to unit j), B has Out
// values (nil without biases).
type LayerWeights struct {
	Layer   int
	In, Out int
	W, B    []float64
}

// unitMap reads layer i's activations on n lattice points (n×units, point
// by point) into a UnitMap.
func unitMap(i int, l nn.LayerInfo, act []float64, n int) UnitMap {
	k := l.Out.C
	m := UnitMap{Layer: i, Units: k, Activation: l.Activation.String()}
	switch {
	case l.Activation == nn.Tanh && !l.Residual:
		m.Lo, m.Hi = -1, 1
	case l.Activation == nn.Sigmoid && !l.Residual:
		m.Lo, m.Hi = 0, 1
	case l.Activation == nn.ReLU && !l.Residual:
		m.Hi = largest(act, false)
	default:
		m.Hi = largest(act, true)
		m.Lo = -m.Hi
	}
	m.Vals = transposeScaled(act, n, k, m.Lo, m.Hi)
	return m
}

// inputMap is the inputs on the lattice, each feature scaled by its own
// range there.
func inputMap(x []float64, n, in, raw int, features []string) UnitMap {
	m := UnitMap{Layer: -1, Units: in, Names: []string{"x", "y"}[:min(raw, 2)], Vals: make([]float64, n*in)}
	m.Names = append(m.Names, features...)
	for j := 0; j < in; j++ {
		lo, hi := math.Inf(1), math.Inf(-1)
		for p := 0; p < n; p++ {
			lo, hi = math.Min(lo, x[p*in+j]), math.Max(hi, x[p*in+j])
		}
		for p := 0; p < n; p++ {
			m.Vals[j*n+p] = scaled(x[p*in+j], lo, hi)
		}
	}
	m.Lo, m.Hi = math.NaN(), math.NaN() // each feature has its own range
	return m
}

// largest is the largest value of a (of |a| with abs), at least 1e-12 so
// that a dead layer still has a range.
func largest(a []float64, abs bool) float64 {
	m := 1e-12
	for _, v := range a {
		if abs {
			v = math.Abs(v)
		}
		if v > m {
			m = v
		}
	}
	return m
}

// transposeScaled turns n rows of k values (point by point) into k maps of
// n values (unit by unit), scaled from [lo, hi] into [0, 1].
func transposeScaled(a []float64, n, k int, lo, hi float64) []float64 {
	out := make([]float64, n*k)
	for p := 0; p < n; p++ {
		for u := 0; u < k; u++ {
			out[u*n+p] = scaled(a[p*k+u], lo, hi)
		}
	}
	return out
}

// scaled maps v from [lo, hi] into [0, 1], clamped; NaN stays NaN.
func scaled(v, lo, hi float64) float64 {
	if !(hi > lo) {
		return 0.5
	}
	return math.Max(0, math.Min(1, (v-lo)/(hi-lo)))
}

// denseWeights copies the weights of the dense layers up to layer upto.
func (t *Trainer) denseWeights(upto int) []LayerWeights {
	var out []LayerWeights
	for i := 0; i <= upto; i++ {
		l := t.Net.Layer(i)
		if l.Kind != nn.Dense {
			continue
		}
		out = append(out, LayerWeights{Layer: i, In: l.In.Size(), Out: l.Out.C, W: t.Net.Tensor(i, "weight"), B: t.Net.Tensor(i, "bias")})
	}
	return out
}
