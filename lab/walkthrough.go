package lab

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/nnlab/nnlab/lab/spec"
	"github.com/nnlab/nnlab/nn"
)

// Walkthrough limits: the steps of a bigger network are too many to read.
const (
	WalkMaxLayers = 4
	WalkMaxUnits  = 8
)

// WalkEps is the ε of the walkthrough's gradient check.
const WalkEps = 1e-4

// The groups of a walkthrough's steps, in order.
const (
	WalkForward   = "forward"
	WalkError     = "error"
	WalkOutput    = "output layer"
	WalkHidden    = "hidden layer"
	WalkUpdate    = "update"
	WalkGradCheck = "gradient check"
)

// Step is one value of a walkthrough: Label = Formula = Value.
type Step struct {
	Group string // one of the Walk* groups
	// Label names the value: "net_h1", "out_o1", "∂E/∂w5", "new w5".
	Label string
	// Formula is the expression that gives the value, with the numbers
	// substituted: "0.15·0.05 + 0.2·0.1 + 0.35".
	Formula string
	Value   float64
}

// Walk is one training step of a small network taken apart value by value.
type Walk struct {
	// Setup describes the network, loss and learning rate on one line and
	// the sample on a second.
	Setup string
	Steps []Step
	// Note sums the walk up, for after its last step.
	Note string
}

// Walkthrough takes one gradient-descent step of the spec's network at its
// starting weights on its first training sample apart, value by value: the
// forward pass (net input and output of every unit), the error of each
// output and the total, the chain rule for every output weight (∂E/∂out ·
// ∂out/∂net · ∂net/∂w) and each output unit's δ, the sum over paths for
// every hidden unit and its weights, the updated weights and biases
// w − η·∂E/∂w, and a gradient check of one weight per layer: the central
// difference (E(w+ε) − E(w−ε))/2ε with ε = WalkEps beside backprop's value.
//
// Forward values and losses come from the network itself (nn's Forward and
// loss); the chain-rule products are computed here from them and agree
// with nn's backward pass. A 2-2-2 network takes the textbook names (i1, i2,
// h1, h2, o1, o2, w1…w8, b_h1…b_o2); other networks are named by index
// (x[j], net[l][i], W[l][i][j], b[l][i]), 0-based like the spec.
//
// It needs a dense network of at most WalkMaxLayers layers and WalkMaxUnits
// inputs and units per layer, with linear, sigmoid, tanh, relu or
// leaky_relu units; the loss half_sse, mse, bce (sigmoid output) or
// cross_entropy (softmax output); plain sgd (momentum allowed: its first
// step is the same), without dropout, residual layers or L1/L2 penalties.
func Walkthrough(spec *spec.Spec) (*Walk, error) {
	if spec == nil {
		return nil, errors.New("walkthrough: no spec")
	}
	s := spec.Clone()
	s.Defaults()
	if err := walkSupported(s); err != nil {
		return nil, err
	}
	t, err := NewTrainer(s, nil, "")
	if err != nil {
		return nil, err
	}
	if t.Net == nil || t.Set == nil || t.Set.Train.N == 0 {
		return nil, errors.New("walkthrough: the spec has no training samples")
	}
	w := &walker{net: t.Net, lr: t.LR(), spec: t.Spec(), layers: walkLayersOf(t.Net)}
	w.names = newWalkNames(t.Net.Input().Size(), w.layers)
	sp := &t.Set.Train
	// The walk reads the sample as float64 whatever the precision.
	bb := batchBuf{x: make([]float64, sp.D), lab: make([]int, 1), y: make([]float64, max(t.Set.Outputs, 1))}
	t.fill(sp, []int{0}, &bb)
	w.b = t.b
	if err := w.run(); err != nil {
		return nil, err
	}
	w.walk.Setup = w.setup(sp.N)
	return &w.walk, nil
}

// WalkCheck says why spec cannot be walked through, without building
// anything or reading data: the problems Validate finds in it (after
// Defaults), then the limits of Walkthrough listed there. nil means that
// Walkthrough can take it apart, unless its data cannot be loaded.
func WalkCheck(spec *spec.Spec) error {
	if spec == nil {
		return errors.New("walkthrough: no spec")
	}
	s := spec.Clone()
	s.Defaults()
	if err := s.Validate(); err != nil {
		return err
	}
	return walkSupported(s)
}

// walkSupported says why a (defaulted) spec has no walkthrough, or nil.
func walkSupported(s *spec.Spec) error {
	if s.Function != nil {
		return errors.New("walkthrough: a test-function spec has no network to walk through")
	}
	if n := len(s.Model.Layers); n < 1 || n > WalkMaxLayers {
		return fmt.Errorf("walkthrough: model.layers: %d layers; the walkthrough shows networks of 1 to %d layers", n, WalkMaxLayers)
	}
	if in := s.InputWidth(); in > WalkMaxUnits {
		return fmt.Errorf("walkthrough: data: %d inputs; the walkthrough shows networks with at most %d inputs", in, WalkMaxUnits)
	}
	last := len(s.Model.Layers) - 1
	for i, l := range s.Model.Layers {
		p := fmt.Sprintf("walkthrough: model.layers[%d]", i)
		switch {
		case spec.KindOf(l) != "dense":
			return fmt.Errorf("%s.kind: the walkthrough shows dense layers, not %s", p, spec.KindOf(l))
		case l.Bias != nil && !*l.Bias:
			return fmt.Errorf("%s.bias: the walkthrough shows layers with biases", p)
		case l.Units > WalkMaxUnits:
			return fmt.Errorf("%s.units: %d units; the walkthrough shows at most %d per layer", p, l.Units, WalkMaxUnits)
		case l.Residual:
			return fmt.Errorf("%s.residual: the walkthrough shows plain dense layers", p)
		case l.Dropout > 0:
			return fmt.Errorf("%s.dropout: the walkthrough shows a network without dropout", p)
		case l.Activation == "softmax" && (i != last || s.Loss != "cross_entropy"):
			return fmt.Errorf("%s.activation: the walkthrough shows softmax only as the output of cross_entropy", p)
		}
	}
	out := s.Model.Layers[last].Activation
	switch s.Loss {
	case "half_sse", "mse":
	case "bce":
		if out != "sigmoid" {
			return errors.New("walkthrough: loss: bce needs a sigmoid output layer")
		}
	case "cross_entropy":
		if out != "softmax" {
			return fmt.Errorf("walkthrough: loss: the walkthrough shows cross_entropy with a softmax output layer, not %s", out)
		}
	default:
		return fmt.Errorf("walkthrough: loss: %s is not shown; allowed: half_sse, mse, bce, cross_entropy", s.Loss)
	}
	if r := s.Regularization; r.L1 != 0 || r.L2 != 0 {
		return errors.New("walkthrough: regularization: the walkthrough shows the plain loss, without l1 or l2")
	}
	o := s.Optimizer
	switch {
	case o.Name != "sgd":
		return fmt.Errorf("walkthrough: optimizer.name: the walkthrough shows one plain gradient-descent step; use sgd, not %s", o.Name)
	case o.Nesterov && o.Momentum != 0:
		return errors.New("walkthrough: optimizer.nesterov: the walkthrough shows one plain gradient-descent step, without nesterov")
	case o.WeightDecay != nil && *o.WeightDecay != 0:
		return errors.New("walkthrough: optimizer.weight_decay: the walkthrough shows one plain gradient-descent step, without weight decay")
	case o.ClipNorm != 0:
		return errors.New("walkthrough: optimizer.clip_norm: the walkthrough shows one plain gradient-descent step, without clipping")
	case s.Schedule.Warmup > 1:
		return errors.New("walkthrough: schedule.warmup: the walkthrough shows one step at the full learning rate, without warmup")
	}
	return nil
}

// walkNames names the values of a network: textbook names for the 2-2-2
// network, indexes otherwise.
type walkNames struct {
	textbook bool
}

func newWalkNames(inputs int, layers []walkLayer) walkNames {
	tb := inputs == 2 && len(layers) == 2 && layers[0].Out == 2 && layers[1].Out == 2
	return walkNames{textbook: tb}
}

// walkLayer is one dense layer of the walked network: its sizes,
// activation and a copy of its weights (out×in) and biases.
type walkLayer struct {
	In, Out    int
	Activation nn.Activation
	W, B       []float64
}

func (l *walkLayer) at(i, j int) float64 { return l.W[i*l.In+j] }

func walkLayersOf(net *nn.Network) []walkLayer {
	ls := make([]walkLayer, net.NumLayers())
	for i := range ls {
		info := net.Layer(i)
		ls[i] = walkLayer{In: info.In.C, Out: info.Out.C, Activation: info.Activation,
			W: net.Tensor(i, "weight"), B: net.Tensor(i, "bias")}
	}
	return ls
}

// setWeights gives the network layer l's weights w and biases b.
func (w *walker) setWeights(l int, wt, b []float64) error {
	if err := w.net.SetTensor(l, "weight", wt); err != nil {
		return err
	}
	return w.net.SetTensor(l, "bias", b)
}

// unit is the suffix of unit i of layer l: "_h1", "_o2" or "[l][i]".
func (n walkNames) unit(l, i int) string {
	if n.textbook {
		if l == 0 {
			return fmt.Sprintf("_h%d", i+1)
		}
		return fmt.Sprintf("_o%d", i+1)
	}
	return fmt.Sprintf("[%d][%d]", l, i)
}

func (n walkNames) input(j int) string {
	if n.textbook {
		return fmt.Sprintf("i%d", j+1)
	}
	return fmt.Sprintf("x[%d]", j)
}

func (n walkNames) target(k int) string {
	if n.textbook {
		return fmt.Sprintf("t%d", k+1)
	}
	return fmt.Sprintf("t[%d]", k)
}

// errOf names output k's share of the error.
func (n walkNames) errOf(k int) string {
	if n.textbook {
		return fmt.Sprintf("E_o%d", k+1)
	}
	return fmt.Sprintf("E[%d]", k)
}

// weight names W[i][j] of layer l: w1…w8 in the textbook order (w1, w2
// into h1, w3, w4 into h2, w5, w6 into o1, w7, w8 into o2).
func (n walkNames) weight(l, i, j int) string {
	if n.textbook {
		return fmt.Sprintf("w%d", 4*l+2*i+j+1)
	}
	return fmt.Sprintf("W[%d][%d][%d]", l, i, j)
}

func (n walkNames) bias(l, i int) string {
	if n.textbook {
		return "b" + n.unit(l, i)
	}
	return fmt.Sprintf("b[%d][%d]", l, i)
}

// inputOf names what weight W[i][j] of layer l carries: input j of the
// network or the output of unit j of the layer below.
func (n walkNames) inputOf(l, j int) string {
	if l == 0 {
		return n.input(j)
	}
	return "out" + n.unit(l-1, j)
}

type walker struct {
	net    *nn.Network
	layers []walkLayer
	spec   *spec.Spec
	b      nn.Batch
	lr     float64
	names  walkNames
	walk   Walk

	in, z, a  [][]float64 // per layer: its input, net inputs, outputs
	t         []float64   // targets of the sample
	loss      float64
	delta     [][]float64 // per layer: ∂E/∂net
	gw        [][]float64 // per layer: ∂E/∂W, row-major out×in
	gb        [][]float64
	maxRelErr float64
	lossAfter float64
}

func (w *walker) add(group, label, formula string, v float64) {
	w.walk.Steps = append(w.walk.Steps, Step{Group: group, Label: label, Formula: formula, Value: v})
}

func (w *walker) run() error {
	w.forward()
	w.errors()
	w.backward()
	if err := w.update(); err != nil {
		return err
	}
	if err := w.gradCheck(); err != nil {
		return err
	}
	w.walk.Note = fmt.Sprintf("One update with η = %s took E_total from %s to %s. Backprop and the central differences agree to a relative error of %s at most.",
		walkNum(w.lr), walkNum(w.loss), walkNum(w.lossAfter), walkSci(w.maxRelErr))
	for _, s := range w.walk.Steps {
		if math.IsNaN(s.Value) || math.IsInf(s.Value, 0) {
			return fmt.Errorf("walkthrough: %s is not finite (%v)", s.Label, s.Value)
		}
	}
	return nil
}

// forward runs the network on the sample and records every net input and
// output, as nn computed them.
func (w *walker) forward() {
	net, n := w.net, w.names
	net.Forward(&w.b, false)
	L := len(w.layers)
	w.in, w.z, w.a = make([][]float64, L), make([][]float64, L), make([][]float64, L)
	prev := append([]float64(nil), w.b.X[:net.Input().Size()]...)
	for l, layer := range w.layers {
		w.in[l] = prev
		w.z[l] = append([]float64(nil), net.NetInputs(l, 1)...)
		w.a[l] = append([]float64(nil), net.Activations(l, 1)...)
		for i := 0; i < layer.Out; i++ {
			terms := make([]string, 0, layer.In+1)
			for j := 0; j < layer.In; j++ {
				terms = append(terms, walkProduct(layer.at(i, j), prev[j]))
			}
			terms = append(terms, walkNum(layer.B[i]))
			u := n.unit(l, i)
			w.add(WalkForward, "net"+u, walkSum(terms), w.z[l][i])
			w.add(WalkForward, "out"+u, w.activationFormula(layer.Activation, l, i), w.a[l][i])
		}
		prev = w.a[l]
	}
	out := w.layers[L-1].Out
	w.t = make([]float64, out)
	for k := range w.t {
		w.t[k] = walkTarget(&w.b, k, out)
	}
}

// walkTarget is output k's target for the one-sample batch b, as nn reads
// it: from Y when set, else the label (one output) or one-hot.
func walkTarget(b *nn.Batch, k, width int) float64 {
	if b.Y != nil {
		return b.Y[k]
	}
	if width == 1 {
		return float64(b.Labels[0])
	}
	if b.Labels[0] == k {
		return 1
	}
	return 0
}

func (w *walker) activationFormula(act nn.Activation, l, i int) string {
	z := w.z[l][i]
	switch act {
	case nn.Sigmoid:
		return "σ(" + walkNum(z) + ")"
	case nn.Tanh:
		return "tanh(" + walkNum(z) + ")"
	case nn.ReLU:
		return "max(0, " + walkNum(z) + ")"
	case nn.LeakyReLU:
		return fmt.Sprintf("max(%s·%s, %s)", walkNum(nn.LeakySlope), walkParen(z), walkNum(z))
	case nn.Softmax:
		var den []string
		for _, v := range w.z[l] {
			den = append(den, "e^"+walkParen(v))
		}
		return fmt.Sprintf("e^%s/(%s)", walkParen(z), strings.Join(den, " + "))
	}
	return walkNum(z) // linear: the output is the net input
}

// errors adds each output's share of the error and the total, which is
// nn's loss.
func (w *walker) errors() {
	n := w.names
	o := w.a[len(w.a)-1]
	w.loss = w.net.LossOf(&w.b)
	if w.spec.Loss == "cross_entropy" {
		w.add(WalkError, "E_total", w.errorSum(o), w.loss)
		return
	}
	for k := range o {
		f, e := w.errorOf(k, o[k])
		w.add(WalkError, n.errOf(k), f, e)
	}
	w.add(WalkError, "E_total", w.errorSum(o), w.loss)
}

// errorOf is output k's share of the error when it outputs v (not for
// cross_entropy, whose error is one term), with its formula.
func (w *walker) errorOf(k int, v float64) (string, float64) {
	t, K := w.t[k], len(w.t)
	switch w.spec.Loss {
	case "mse":
		return fmt.Sprintf("(%s − %s)²/%d", walkNum(t), walkNum(v), K), (t - v) * (t - v) / float64(K)
	case "bce":
		f := fmt.Sprintf("−(%s·ln %s + (1 − %s)·ln(1 − %s))", walkNum(t), walkNum(v), walkNum(t), walkNum(v))
		if K > 1 {
			f += "/" + strconv.Itoa(K)
		}
		return f, -(t*math.Log(v) + (1-t)*math.Log(1-v)) / float64(K)
	}
	return fmt.Sprintf("½(%s − %s)²", walkNum(t), walkNum(v)), 0.5 * (t - v) * (t - v)
}

// errorSum is the formula of the total error for the outputs o: the sum of
// the outputs' shares, or −ln of the labelled class's probability.
func (w *walker) errorSum(o []float64) string {
	if w.spec.Loss == "cross_entropy" {
		return "−ln(" + walkNum(o[w.b.Labels[0]]) + ")"
	}
	terms := make([]string, len(o))
	for k, v := range o {
		_, e := w.errorOf(k, v)
		terms[k] = walkNum(e)
	}
	return walkSum(terms)
}

// backward applies the chain rule layer by layer, from the output back.
func (w *walker) backward() {
	n := w.names
	L := len(w.layers)
	w.delta = make([][]float64, L)
	w.gw = make([][]float64, L)
	w.gb = make([][]float64, L)
	for l := L - 1; l >= 0; l-- {
		layer := w.layers[l]
		w.delta[l] = make([]float64, layer.Out)
		w.gw[l] = make([]float64, layer.Out*layer.In)
		w.gb[l] = make([]float64, layer.Out)
		group := WalkHidden
		if l == L-1 {
			group = WalkOutput
		}
		for i := 0; i < layer.Out; i++ {
			u := n.unit(l, i)
			out := w.a[l][i]
			if l == L-1 && (layer.Activation == nn.Softmax) {
				// Softmax with cross-entropy: ∂E/∂net is out − t directly.
				d := out - w.t[i]
				w.delta[l][i] = d
				w.add(group, "δ"+u, walkNum(out)+" − "+walkNum(w.t[i]), d)
				for j := 0; j < layer.In; j++ {
					g := d * w.in[l][j]
					w.gw[l][i*layer.In+j] = g
					w.add(group, "∂E/∂"+n.weight(l, i, j), walkProduct(d, w.in[l][j]), g)
				}
			} else {
				var dOut float64
				var fOut string
				if l == L-1 {
					dOut, fOut = w.lossSlope(i)
				} else {
					next := w.layers[l+1]
					terms := make([]string, next.Out)
					for k := 0; k < next.Out; k++ {
						wk := next.at(k, i)
						dOut += w.delta[l+1][k] * wk
						terms[k] = walkProduct(w.delta[l+1][k], wk)
					}
					fOut = walkSum(terms)
				}
				dAct, fAct := walkSlope(layer.Activation, w.z[l][i], out)
				w.add(group, "∂E/∂out"+u, fOut, dOut)
				w.add(group, "∂out"+u+"/∂net"+u, fAct, dAct)
				d := dOut * dAct
				w.delta[l][i] = d
				if l == L-1 {
					for j := 0; j < layer.In; j++ {
						x := w.in[l][j]
						g := dOut * dAct * x
						w.gw[l][i*layer.In+j] = g
						wn := n.weight(l, i, j)
						w.add(group, "∂net"+u+"/∂"+wn, n.inputOf(l, j), x)
						w.add(group, "∂E/∂"+wn, walkNum(dOut)+"·"+walkParen(dAct)+"·"+walkParen(x), g)
					}
					w.add(group, "δ"+u, walkNum(dOut)+"·"+walkParen(dAct), d)
				} else {
					w.add(group, "δ"+u, walkNum(dOut)+"·"+walkParen(dAct), d)
					for j := 0; j < layer.In; j++ {
						x := w.in[l][j]
						g := d * x
						w.gw[l][i*layer.In+j] = g
						w.add(group, "∂E/∂"+n.weight(l, i, j), walkProduct(d, x), g)
					}
				}
			}
			w.gb[l][i] = w.delta[l][i]
			w.add(group, "∂E/∂"+n.bias(l, i), walkNum(w.delta[l][i])+"·1", w.delta[l][i])
		}
	}
}

// lossSlope is ∂E/∂out of output k and its formula.
func (w *walker) lossSlope(k int) (float64, string) {
	o, t := w.a[len(w.a)-1][k], w.t[k]
	K := len(w.t)
	switch w.spec.Loss {
	case "mse":
		return 2 * (o - t) / float64(K), fmt.Sprintf("2·(%s − %s)/%d", walkNum(o), walkNum(t), K)
	case "bce":
		f := fmt.Sprintf("(%s − %s)/(%s·(1 − %s))", walkNum(o), walkNum(t), walkNum(o), walkNum(o))
		if K > 1 {
			f += "/" + strconv.Itoa(K)
		}
		return (o - t) / (o * (1 - o)) / float64(K), f
	}
	return o - t, walkNum(o) + " − " + walkNum(t)
}

// walkSlope is ∂out/∂net of an element-wise activation at z (out = f(z))
// and its formula.
func walkSlope(act nn.Activation, z, out float64) (float64, string) {
	switch act {
	case nn.Sigmoid:
		return out * (1 - out), fmt.Sprintf("%s·(1 − %s)", walkNum(out), walkNum(out))
	case nn.Tanh:
		return 1 - out*out, fmt.Sprintf("1 − %s²", walkParen(out))
	case nn.ReLU:
		if z > 0 {
			return 1, "1 (net > 0)"
		}
		return 0, "0 (net ≤ 0)"
	case nn.LeakyReLU:
		if z > 0 {
			return 1, "1 (net > 0)"
		}
		return nn.LeakySlope, walkNum(nn.LeakySlope) + " (net ≤ 0)"
	}
	return 1, "1 (linear)"
}

// update adds w' = w − η·∂E/∂w for every weight and bias, then the loss at
// the new weights (the network is restored afterwards).
func (w *walker) update() error {
	net, n := w.net, w.names
	eta := walkNum(w.lr)
	for l, layer := range w.layers {
		for i := 0; i < layer.Out; i++ {
			for j := 0; j < layer.In; j++ {
				v, g := layer.at(i, j), w.gw[l][i*layer.In+j]
				nv := v - w.lr*g
				w.add(WalkUpdate, "new "+n.weight(l, i, j), walkNum(v)+" − "+eta+"·"+walkParen(g), nv)
			}
		}
		for i := 0; i < layer.Out; i++ {
			v, g := layer.B[i], w.gb[l][i]
			w.add(WalkUpdate, "new "+n.bias(l, i), walkNum(v)+" − "+eta+"·"+walkParen(g), v-w.lr*g)
		}
	}
	// Evaluate the loss at the new weights.
	for l, layer := range w.layers {
		nw, nb := append([]float64(nil), layer.W...), append([]float64(nil), layer.B...)
		for i := 0; i < layer.Out; i++ {
			for j := 0; j < layer.In; j++ {
				nw[i*layer.In+j] -= w.lr * w.gw[l][i*layer.In+j]
			}
			nb[i] -= w.lr * w.gb[l][i]
		}
		if err := w.setWeights(l, nw, nb); err != nil {
			return err
		}
	}
	w.lossAfter = net.LossOf(&w.b)
	after := w.errorSum(net.Activations(len(w.layers)-1, 1))
	for l, layer := range w.layers {
		if err := w.setWeights(l, layer.W, layer.B); err != nil {
			return err
		}
	}
	w.add(WalkUpdate, "new E_total", after, w.lossAfter)
	if math.IsNaN(w.lossAfter) {
		return errors.New("walkthrough: the loss after the update is NaN")
	}
	return nil
}

// gradCheck compares backprop's ∂E/∂W[0][0] of every layer, from the
// output back, with the central difference of the loss.
func (w *walker) gradCheck() error {
	net, n := w.net, w.names
	for l := len(w.layers) - 1; l >= 0; l-- {
		layer := w.layers[l]
		name := n.weight(l, 0, 0)
		orig := layer.at(0, 0)
		nw := append([]float64(nil), layer.W...)
		var ep, em float64
		for _, e := range []struct {
			v    float64
			loss *float64
		}{{orig + WalkEps, &ep}, {orig - WalkEps, &em}} {
			nw[0] = e.v
			if err := w.setWeights(l, nw, layer.B); err != nil {
				return err
			}
			*e.loss = net.LossOf(&w.b)
		}
		if err := w.setWeights(l, layer.W, layer.B); err != nil {
			return err
		}
		num := (ep - em) / (2 * WalkEps)
		a := w.gw[l][0]
		rel := 0.0
		if den := math.Abs(a) + math.Abs(num); den > 0 {
			rel = math.Abs(a-num) / den
		}
		w.maxRelErr = max(w.maxRelErr, rel)
		w.add(WalkGradCheck, "E("+name+" + ε)", name+" = "+walkNum(orig+WalkEps), ep)
		w.add(WalkGradCheck, "E("+name+" − ε)", name+" = "+walkNum(orig-WalkEps), em)
		w.add(WalkGradCheck, "central ∂E/∂"+name,
			fmt.Sprintf("(%s − %s)/%s", walkLong(ep), walkLong(em), walkNum(2*WalkEps)), num)
		w.add(WalkGradCheck, "rel. error "+name,
			fmt.Sprintf("|%s − %s|/%s", walkLong(a), walkLongParen(num), walkNum(math.Abs(a)+math.Abs(num))), rel)
	}
	return nil
}

// setup describes the walk in one line.
func (w *walker) setup(samples int) string {
	net, n := w.net, w.names
	inputs := net.Input().Size()
	shape := []string{strconv.Itoa(inputs)}
	acts := []string{}
	for _, l := range w.layers {
		shape = append(shape, strconv.Itoa(l.Out))
		acts = append(acts, l.Activation.String())
	}
	var ins, ts []string
	for j := 0; j < inputs; j++ {
		ins = append(ins, n.input(j)+" = "+walkNum(w.b.X[j]))
	}
	for k, t := range w.t {
		ts = append(ts, n.target(k)+" = "+walkNum(t))
	}
	sample := "Sample"
	if samples > 1 {
		sample = fmt.Sprintf("Sample 1 of %d", samples)
	}
	return fmt.Sprintf("%s network (%s), loss %s, η = %s\n%s: %s → %s",
		strings.Join(shape, "-"), strings.Join(acts, ", "), w.spec.Loss, walkNum(w.lr), sample,
		strings.Join(ins, ", "), strings.Join(ts, ", "))
}

// walkNum formats a number of a formula: up to 9 significant digits, with
// a true minus sign.
func walkNum(v float64) string { return walkFmt(v, 9) }

// walkLong keeps 12 digits, for the losses whose difference a central
// difference takes.
func walkLong(v float64) string { return walkFmt(v, 12) }

func walkFmt(v float64, digits int) string {
	s := strconv.FormatFloat(v, 'g', digits, 64)
	if i := strings.IndexByte(s, 'e'); i >= 0 { // 1.5e-10 stays, e-05 → e-5
		exp := s[i+1:]
		sign := ""
		if exp[0] == '-' || exp[0] == '+' {
			if exp[0] == '-' {
				sign = "-"
			}
			exp = exp[1:]
		}
		s = s[:i] + "e" + sign + strings.TrimLeft(exp, "0")
	}
	if strings.HasPrefix(s, "-") {
		s = "−" + s[1:]
	}
	return s
}

func walkLongParen(v float64) string {
	if v < 0 {
		return "(" + walkLong(v) + ")"
	}
	return walkLong(v)
}

// walkSci formats a small error with 2 significant digits.
func walkSci(v float64) string { return walkFmt(v, 2) }

// walkParen wraps a negative number in parentheses, for a product's later
// factors.
func walkParen(v float64) string {
	if v < 0 {
		return "(" + walkNum(v) + ")"
	}
	return walkNum(v)
}

// walkProduct is "a·b", negative factors after the first in parentheses.
func walkProduct(a, b float64) string { return walkNum(a) + "·" + walkParen(b) }

// walkSum joins terms with " + ", turning "+ −x" into "− x".
func walkSum(terms []string) string {
	var b strings.Builder
	for i, t := range terms {
		switch {
		case i == 0:
			b.WriteString(t)
		case strings.HasPrefix(t, "−"):
			b.WriteString(" − ")
			b.WriteString(strings.TrimPrefix(t, "−"))
		default:
			b.WriteString(" + ")
			b.WriteString(t)
		}
	}
	return b.String()
}
