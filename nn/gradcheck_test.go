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
