package nn_test

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/nnlab/nnlab/nn"
)

// stepShape is one training step benchmarked by BenchmarkStep and
// bench/torch_step.py: ReLU hidden layers, a softmax output with
// cross-entropy, He-normal weights, Adam.
type stepShape struct {
	sizes []int // inputs, hidden..., outputs
	batch int
}

var stepShapes = []stepShape{
	{[]int{2, 8, 8, 2}, 200},
	{[]int{2, 16, 16, 16, 2}, 32},
	{[]int{64, 128, 64, 10}, 64},
	{[]int{784, 256, 128, 10}, 128},
}

// name is how the shape appears in benchmark names: 2-8-8-2_b200.
func (s stepShape) name() string {
	parts := make([]string, len(s.sizes))
	for i, v := range s.sizes {
		parts[i] = strconv.Itoa(v)
	}
	return fmt.Sprintf("%s_b%d", strings.Join(parts, "-"), s.batch)
}

// setup builds the network, its Adam optimizer and one batch of random data.
func (s stepShape) setup(tb testing.TB) (*nn.Network, *nn.Optimizer, *nn.Batch) {
	tb.Helper()
	rng := rand.New(rand.NewPCG(1, 2))
	cfg := nn.Config{Inputs: s.sizes[0], Loss: nn.CrossEntropy}
	for i, units := range s.sizes[1:] {
		act := nn.ReLU
		if i == len(s.sizes)-2 {
			act = nn.Softmax
		}
		cfg.Layers = append(cfg.Layers, nn.LayerConfig{Units: units, Activation: act})
	}
	net, err := nn.New(cfg)
	if err != nil {
		tb.Fatal(err)
	}
	net.Init(nn.Init{Kind: nn.HeNormal}, rng)
	opt, err := nn.NewOptimizer(nn.DefaultOptimizerConfig(nn.Adam), net.Params())
	if err != nil {
		tb.Fatal(err)
	}
	in, out := s.sizes[0], s.sizes[len(s.sizes)-1]
	b := &nn.Batch{N: s.batch, X: make([]float64, s.batch*in), Labels: make([]int, s.batch)}
	for i := range b.X {
		b.X[i] = rng.NormFloat64()
	}
	for i := range b.Labels {
		b.Labels[i] = rng.IntN(out)
	}
	return net, opt, b
}

// BenchmarkStep times one training step (forward, backward, Adam update).
// bench/run.sh compares it with the same step in PyTorch.
func BenchmarkStep(b *testing.B) {
	for _, s := range stepShapes {
		b.Run(s.name(), func(b *testing.B) {
			net, opt, batch := s.setup(b)
			net.TrainStep(batch, opt, 1e-3, 0.9) // first use allocates the workspace
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				net.TrainStep(batch, opt, 1e-3, 0.9)
			}
		})
	}
}

// TestStepAllocatesNothing: after its first step with a batch size, a
// training step allocates nothing.
func TestStepAllocatesNothing(t *testing.T) {
	for _, s := range stepShapes {
		t.Run(s.name(), func(t *testing.T) {
			net, opt, batch := s.setup(t)
			net.TrainStep(batch, opt, 1e-3, 0.9)
			runs := 10
			if testing.Short() {
				runs = 2
			}
			allocs := testing.AllocsPerRun(runs, func() {
				net.TrainStep(batch, opt, 1e-3, 0.9)
			})
			if allocs != 0 {
				t.Errorf("%v allocations per step, want 0", allocs)
			}
		})
	}
}
