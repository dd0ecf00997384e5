package lab

import (
	"fmt"

	"github.com/nnlab/nnlab/lab/spec"
	"github.com/nnlab/nnlab/nn"
)

// Probe computes one number from a spec's network, for quiz answers that
// must be computed rather than typed in:
//
//	loss    the loss on the whole training set at the starting weights
//	output  output unit col of training sample `sample` at the starting weights
//	grad_w  ∂loss/∂W[row][col] of layer `layer` on the whole training set, at the start
//	grad_b  ∂loss/∂b[row] of layer `layer`, likewise
//	w_after W[row][col] of layer `layer` after `steps` training steps
//	b_after b[row] of layer `layer` after `steps` training steps
func Probe(spec *spec.Spec, quantity string, layer, row, col, sample, steps int) (float64, error) {
	t, err := NewTrainer(spec, nil, "")
	if err != nil {
		return 0, err
	}
	if t.Net == nil {
		return 0, fmt.Errorf("probe: the spec has no network")
	}
	if layer < 0 || layer >= t.Net.NumLayers() {
		return 0, fmt.Errorf("probe: layer %d out of range (the network has %d)", layer, t.Net.NumLayers())
	}
	l := t.Net.Layer(layer)
	if !l.HasWeights {
		return 0, fmt.Errorf("probe: layer %d (%s) has no weights", layer, l.Kind)
	}
	// W is out×(the rest: in, or in·kh·kw for conv2d), flattened.
	units := l.Out.C
	cols := len(t.Net.Tensor(layer, "weight")) / units
	weight := func(v []float64) (float64, error) {
		if row < 0 || row >= units || col < 0 || col >= cols {
			return 0, fmt.Errorf("probe: W[%d][%d] out of range for a %d×%d layer", row, col, units, cols)
		}
		return v[row*cols+col], nil
	}
	bias := func(v []float64) (float64, error) {
		if row < 0 || row >= len(v) {
			return 0, fmt.Errorf("probe: b[%d] out of range for %d units", row, len(v))
		}
		return v[row], nil
	}
	full := func() *nn.Batch {
		sp := &t.Set.Train
		t.fill(sp, t.iota[:sp.N], make([]float64, sp.N*sp.D), make([]int, sp.N), make([]float64, sp.N*max(t.Set.Outputs, 1)))
		b := t.b
		return &b
	}
	switch quantity {
	case "loss":
		return t.Net.LossOf(full()), nil
	case "output":
		b := full()
		if sample < 0 || sample >= b.N || col < 0 || col >= t.Net.Outputs() {
			return 0, fmt.Errorf("probe: output[%d][%d] out of range", sample, col)
		}
		return t.Net.Forward(b, false)[sample*t.Net.Outputs()+col], nil
	case "grad_w", "grad_b":
		b := full()
		t.Net.Forward(b, false)
		t.Net.Backward(b)
		if quantity == "grad_b" {
			return bias(t.Net.Grad(layer, "bias"))
		}
		return weight(t.Net.Grad(layer, "weight"))
	case "w_after", "b_after":
		for i := 0; i < max(steps, 1) && !t.Finished(); i++ {
			t.Step()
		}
		if st, why := t.Status(); st == Diverged {
			return 0, fmt.Errorf("probe: %s", why)
		}
		if quantity == "b_after" {
			return bias(t.Net.Tensor(layer, "bias"))
		}
		return weight(t.Net.Tensor(layer, "weight"))
	}
	return 0, fmt.Errorf("probe: unknown quantity %q (allowed: loss, output, grad_w, grad_b, w_after, b_after)", quantity)
}
