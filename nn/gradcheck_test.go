package nn

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// randomBatch makes n samples of width in with targets fitting loss.
func randomBatch(rng *rand.Rand, n, in, out int, loss Loss) *Batch {
	b := &Batch{N: n, X: make([]float64, n*in)}
	for i := range b.X {
		b.X[i] = rng.NormFloat64()
	}
	switch loss {
	case CrossEntropy, Hinge:
		b.Labels = make([]int, n)
		for i := range b.Labels {
			b.Labels[i] = rng.IntN(out)
		}
	default:
		b.Y = make([]float64, n*out)
		for i := range b.Y {
			b.Y[i] = rng.Float64()
		}
	}
	return b
}

// outputFor is the output activation each loss is checked with; MSE and
// half_sse are checked with several.
func outputsFor(loss Loss) []Activation {
	switch loss {
	case CrossEntropy:
		return []Activation{Softmax, Linear}
	case BCE:
		return []Activation{Sigmoid}
	case Hinge:
		return []Activation{Linear, Tanh}
	}
	return []Activation{Linear, Sigmoid, Tanh, Softmax}
}

func TestGradCheckAllCombinations(t *testing.T) {
	hidden := []Activation{Linear, Sigmoid, Tanh, ReLU, LeakyReLU}
	for _, loss := range []Loss{MSE, CrossEntropy, BCE, Hinge, HalfSSE} {
		for _, outAct := range outputsFor(loss) {
			for _, act := range hidden {
				for _, residual := range []bool{false, true} {
					for depth := 1; depth <= 4; depth++ {
						name := fmt.Sprintf("%s/%s/%s/res=%v/layers=%d", loss, outAct, act, residual, depth)
						t.Run(name, func(t *testing.T) {
							checkGrad(t, loss, outAct, act, residual, depth)
						})
					}
				}
			}
		}
	}
}

func checkGrad(t *testing.T, loss Loss, outAct, act Activation, residual bool, depth int) {
	rng := rand.New(rand.NewPCG(uint64(depth), uint64(loss)*31+uint64(act)))
	const in, width = 3, 4
	out := 3
	if loss == BCE {
		out = 2
	}
	cfg := Config{Inputs: in, Loss: loss, L1: 0, L2: 0.01}
	for i := 0; i < depth-1; i++ {
		cfg.Layers = append(cfg.Layers, LayerConfig{Units: width, Activation: act, Residual: residual && i > 0})
	}
	cfg.Layers = append(cfg.Layers, LayerConfig{Units: out, Activation: outAct})
	n, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	n.Init(Init{Kind: XavierNormal, Bias: 0.1}, rng)
	b := randomBatch(rng, 5, in, out, loss)
	for i, e := range GradCheck(n, b, 1e-6) {
		if e > 1e-6 {
			t.Errorf("layer %d: relative error %.3g above 1e-6", i, e)
		}
	}
}

func TestGradCheckL1(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	n, err := New(Config{Inputs: 2, L1: 0.05, Loss: MSE, Layers: []LayerConfig{{Units: 3, Activation: Tanh}, {Units: 1}}})
	if err != nil {
		t.Fatal(err)
	}
	n.Init(Init{Kind: Normal, Std: 1}, rng)
	b := randomBatch(rng, 4, 2, 1, MSE)
	for i, e := range GradCheck(n, b, 1e-6) {
		if e > 1e-6 {
			t.Errorf("layer %d: relative error %.3g", i, e)
		}
	}
}

// TestGradCheckCatchesAWrongGradient proves the check can fail: a gradient
// spoiled by 1% must show in its layer's error and no other.
func TestGradCheckCatchesAWrongGradient(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	n, _ := New(Config{Inputs: 2, Loss: MSE, Layers: []LayerConfig{{Units: 3, Activation: Sigmoid}, {Units: 1}}})
	n.Init(Init{Kind: Normal, Std: 1}, rng)
	b := randomBatch(rng, 4, 2, 1, MSE)
	n.Forward(b, false)
	n.Backward(b)
	e := n.e.(*net[float64])
	e.layers[1].tensors()[0].grad[0] *= 1.01
	errs := compareGrads(e, b, 1e-6, false)
	if errs[0] > 1e-6 {
		t.Errorf("untouched layer 0: error %g", errs[0])
	}
	if errs[1] < 1e-4 {
		t.Errorf("spoiled layer 1: error %g, want it caught (above 1e-4)", errs[1])
	}
}

// TestGradCheckLayerKinds checks every layer kind against central
// differences: conv2d (stride, padding, a rectangular kernel, no bias),
// both pools, flatten, batch_norm after conv and after dense, in
// evaluation mode (running statistics) and in training mode (batch
// statistics), and a dropout layer (evaluation mode: the identity).
func TestGradCheckLayerKinds(t *testing.T) {
	conv := func(f, kh, kw, s, p int, act Activation) LayerConfig {
		return LayerConfig{Kind: Conv2D, Filters: f, KernelH: kh, KernelW: kw, Stride: s, Padding: p, Activation: act}
	}
	for _, c := range []struct {
		name   string
		input  Shape
		layers []LayerConfig
		loss   Loss
	}{
		{"conv_stride_pad_max", Shape{2, 7, 6}, []LayerConfig{conv(3, 3, 2, 2, 1, Tanh), {Kind: MaxPool2D, KernelH: 2, KernelW: 2},
			{Kind: Flatten}, {Units: 3, Activation: Softmax}}, CrossEntropy},
		{"conv_relu_avg_nobias", Shape{1, 6, 6}, []LayerConfig{{Kind: Conv2D, Filters: 2, KernelH: 3, KernelW: 3, Activation: LeakyReLU, NoBias: true},
			{Kind: AvgPool2D, KernelH: 2, KernelW: 2, Stride: 1}, {Kind: Flatten}, {Units: 2, Activation: Sigmoid}}, BCE},
		{"conv_bn_relu", Shape{2, 5, 5}, []LayerConfig{conv(3, 3, 3, 1, 1, Linear), {Kind: BatchNorm, Activation: Tanh},
			{Kind: MaxPool2D, KernelH: 2, KernelW: 3, Stride: 1}, conv(2, 2, 2, 1, 0, Sigmoid), {Kind: Flatten}, {Units: 3}}, MSE},
		{"dense_bn", Shape{5, 1, 1}, []LayerConfig{{Units: 6, NoBias: true}, {Kind: BatchNorm, Activation: Sigmoid},
			{Kind: Dropout, Dropout: 0.3}, {Units: 4, Activation: Tanh}, {Kind: BatchNorm}, {Units: 3}}, Hinge},
		{"flatten_first", Shape{2, 3, 2}, []LayerConfig{{Kind: Flatten}, {Units: 4, Activation: Tanh}, {Units: 2}}, HalfSSE},
	} {
		t.Run(c.name, func(t *testing.T) {
			cfg := Config{Input: c.input, Layers: c.layers, Loss: c.loss, L2: 0.01}
			n, err := New(cfg)
			if err != nil {
				t.Fatal(err)
			}
			rng := rand.New(rand.NewPCG(7, 8))
			n.Init(Init{Kind: XavierNormal, Bias: 0.1}, rng)
			e := n.e.(*net[float64])
			// Running statistics away from 0 and 1, so that evaluation
			// mode tests them.
			for _, i := range e.norms {
				ch := e.layers[i].info().In.C
				mean, vr := make([]float64, ch), make([]float64, ch)
				for j := range mean {
					mean[j], vr[j] = rng.NormFloat64()*0.3, 0.5+rng.Float64()
				}
				must(t, n.SetTensor(i, "running_mean", mean))
				must(t, n.SetTensor(i, "running_var", vr))
			}
			out := n.Outputs()
			b := randomBatch(rng, 5, c.input.Size(), out, c.loss)
			for _, train := range []bool{false, true} {
				for i := 0; train && i < n.NumLayers(); i++ {
					if n.Layer(i).Kind == Dropout {
						must(t, n.SetDropout(i, 0)) // training mode would draw masks
					}
				}
				e.forward(b, train)
				e.backward(b)
				errs := compareGrads(e, b, 1e-6, train)
				if len(errs) != len(n.Stats()) {
					t.Fatalf("%d errors for %d layers with weights", len(errs), len(n.Stats()))
				}
				for k, v := range errs {
					if v > 1e-6 {
						t.Errorf("train=%v: layer %d (%s): relative error %.3g above 1e-6", train, n.Stats()[k].Layer, n.Layer(n.Stats()[k].Layer).Kind, v)
					}
				}
			}
		})
	}
}
