package lab

import (
	"fmt"
	"math"
	"strings"

	"github.com/nnlab/nnlab/lab/spec"
	"github.com/nnlab/nnlab/nn"
)

// Quantities lists what Probe computes. Quiz files name them in
// compute.quantity (docs/lesson-format.md).
var Quantities = []string{"loss", "output", "grad_w", "grad_b", "w_after", "b_after",
	"params", "init_gain", "loss_class", "rate", "lambda_max",
	"layer_params", "out_c", "out_h", "out_w", "receptive_field"}

// Probe computes one number from a spec, for quiz answers that must be
// computed rather than typed in. For a network:
//
//	loss       the loss on the whole training set at the starting weights
//	output     output unit col of training sample `sample` at the starting weights
//	grad_w     ∂loss/∂W[row][col] of layer `layer` on the whole training set, at the start
//	grad_b     ∂loss/∂b[row] of layer `layer`, likewise
//	w_after    W[row][col] of layer `layer` after `steps` training steps
//	b_after    b[row] of layer `layer` after `steps` training steps
//	params     the number of weights and biases of the whole network
//	init_gain  the variance gain lesson 6 predicts for layer `layer`:
//	           fan_in·Var(w) of its initializer, times ½ when the layer below
//	           is relu ((1 + 0.01²)/2 for leaky_relu); the first layer reads
//	           the inputs as they are
//	loss_class the loss of training sample `sample` at the starting weights
//	           had its class been `col` (cross_entropy and hinge)
//
// and of the shape of any layer `layer`, with weights or without:
//
//	layer_params    its weights and biases (batch_norm: γ and β)
//	out_c, out_h, out_w  the channels, height and width of one sample after it
//	receptive_field the height of the input patch one of its outputs depends
//	                on (see ReceptiveField)
//
// For a test function:
//
//	loss       f at the start
//	rate       the contraction per step that theory predicts on the
//	           quadratic for the spec's rate and momentum (plain sgd, constant
//	           rate: the compare table's theory column)
//	lambda_max the largest eigenvalue of f's Hessian at the minimum nearest
//	           the start
func Probe(spec *spec.Spec, quantity string, layer, row, col, sample, steps int) (float64, error) {
	t, err := NewTrainer(spec, nil, "")
	if err != nil {
		return 0, err
	}
	defer t.Close()
	if t.fn != nil {
		return probeFunction(t, quantity)
	}
	if t.Net == nil {
		return 0, fmt.Errorf("probe: the spec has no network")
	}
	switch quantity {
	case "params":
		n := 0
		for i := range t.Net.NumLayers() {
			n += t.Net.Layer(i).Params
		}
		return float64(n), nil
	case "rate", "lambda_max":
		return 0, fmt.Errorf("probe: %s is for test functions; the spec trains a network", quantity)
	}
	full := func() *nn.Batch {
		sp := &t.Set.Train
		bb := t.newBatchBuf(sp.N)
		t.fill(sp, t.iota[:sp.N], &bb)
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
	case "loss_class":
		sp := &t.Set.Train
		if sp.Labels == nil || !t.spec.UsesLabels() {
			return 0, fmt.Errorf("probe: loss_class needs class labels and a loss that takes them (cross_entropy or hinge), not %s", t.spec.Loss)
		}
		if sample < 0 || sample >= sp.N || col < 0 || col >= t.Net.Outputs() {
			return 0, fmt.Errorf("probe: sample %d, class %d out of range (%d samples, %d classes)", sample, col, sp.N, t.Net.Outputs())
		}
		bb := t.newBatchBuf(1)
		t.fill(sp, []int{sample}, &bb)
		t.b.Labels[0] = col
		return t.Net.LossOf(&t.b), nil
	}
	if layer < 0 || layer >= t.Net.NumLayers() {
		return 0, fmt.Errorf("probe: layer %d out of range (the network has %d)", layer, t.Net.NumLayers())
	}
	l := t.Net.Layer(layer)
	switch quantity {
	case "layer_params":
		return float64(l.Params), nil
	case "out_c":
		return float64(l.Out.C), nil
	case "out_h":
		return float64(l.Out.H), nil
	case "out_w":
		return float64(l.Out.W), nil
	case "receptive_field":
		return float64(ReceptiveField(t.Net, layer)), nil
	}
	if !l.HasWeights {
		return 0, fmt.Errorf("probe: layer %d (%s) has no weights", layer, l.Kind)
	}
	if quantity == "init_gain" {
		return initGain(t, layer)
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
	switch quantity {
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
	return 0, fmt.Errorf("probe: unknown quantity %q (allowed: %s)", quantity, strings.Join(Quantities, ", "))
}

// ReceptiveField is the height of the input patch that one output value of
// layer i depends on, following the window layers from the input: each
// conv2d or pool of kernel height k adds (k − 1)·j, where j is the product
// of the vertical strides below it (padding does not change it). A dense
// or flatten layer sees the whole input, its height.
func ReceptiveField(net *nn.Network, i int) int {
	r, j := 1, 1
	for k := 0; k <= i && k < net.NumLayers(); k++ {
		l := net.Layer(k)
		switch l.Kind {
		case nn.Conv2D, nn.MaxPool2D, nn.AvgPool2D:
			sh, _ := strides(l)
			r += (l.KernelH - 1) * j
			j *= sh
		case nn.Dense, nn.Flatten:
			return net.Input().H
		}
	}
	return r
}

// initGain is fan_in·Var(w) of a dense layer's initializer, times the
// share of the variance the activation below passes on (lesson 6's rule).
func initGain(t *Trainer, layer int) (float64, error) {
	s := t.spec
	if len(s.Model.Weights) > 0 {
		return 0, fmt.Errorf("probe: init_gain needs an initializer; the spec gives explicit weights")
	}
	kind, err := nn.ParseInit(s.Model.Init)
	if err != nil {
		return 0, fmt.Errorf("probe: %v", err)
	}
	l := t.Net.Layer(layer)
	if l.Kind != nn.Dense {
		return 0, fmt.Errorf("probe: init_gain is for dense layers; layer %d is %s", layer, l.Kind)
	}
	factor := 1.0 // the inputs, or a tanh or linear layer near 0
	if layer > 0 {
		below := t.Net.Layer(layer - 1)
		switch {
		case below.Residual:
			return 0, fmt.Errorf("probe: init_gain: layer %d adds its input to its output; the gain rule is for plain layers", layer-1)
		case below.Activation == nn.ReLU:
			factor = 0.5
		case below.Activation == nn.LeakyReLU:
			factor = (1 + nn.LeakySlope*nn.LeakySlope) / 2
		case below.Activation == nn.Sigmoid || below.Activation == nn.Softmax:
			return 0, fmt.Errorf("probe: init_gain: layer %d is %s, whose slope and mean break the gain rule (lesson 6)", layer-1, below.Activation)
		}
	}
	in := nn.Init{Kind: kind, Std: s.Model.InitStd, Limit: s.Model.InitLimit}
	return factor * float64(l.In.C) * in.Variance(l.In.C, l.Out.C), nil
}

// probeFunction computes the quantities of a test-function run.
func probeFunction(t *Trainer, quantity string) (float64, error) {
	f := t.fn
	switch quantity {
	case "loss":
		return f.value(f.p[0], f.p[1]), nil
	case "rate":
		if f.name != "quadratic" {
			return 0, fmt.Errorf("probe: rate is for the quadratic, not %s", f.name)
		}
		r := t.funcStats().Theory
		if math.IsNaN(r) {
			return 0, fmt.Errorf("probe: rate: theory covers plain sgd (momentum allowed; no nesterov, weight decay or schedule)")
		}
		return r, nil
	case "lambda_max":
		start := [2]float64{f.p[0], f.p[1]}
		best, dist := [2]float64{}, math.Inf(1)
		for _, m := range FunctionMinima(f.name) {
			if d := math.Hypot(m[0]-start[0], m[1]-start[1]); d < dist {
				best, dist = m, d
			}
		}
		_, hi := HessianEigen(FunctionHessian(f.name, f.kappa, best[0], best[1]))
		return hi, nil
	}
	return 0, fmt.Errorf("probe: %s does not apply to a test function (allowed: loss, rate, lambda_max)", quantity)
}
