package nn_test

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/nnlab/nnlab/nn"
)

// SaveState and LoadState return a network to a checkpoint: weights,
// biases and batch_norm's running statistics, in both precisions; a state
// of other layers is refused; StateBytes is the state's size.
func TestStateRoundTrips(t *testing.T) {
	for _, p := range []nn.Precision{nn.Float64, nn.Float32} {
		cfg := nn.Config{Inputs: 4, Loss: nn.CrossEntropy, Precision: p, Layers: []nn.LayerConfig{
			{Units: 6, Activation: nn.Tanh, NoBias: true}, {Kind: nn.BatchNorm, Activation: nn.ReLU}, {Units: 3, Activation: nn.Softmax}}}
		n, err := nn.New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		n.Init(nn.Init{Kind: nn.XavierNormal}, rand.New(rand.NewPCG(1, 2)))
		opt, _ := nn.NewOptimizer(nn.DefaultOptimizerConfig(nn.Adam), n.Params())
		b := &nn.Batch{N: 5, X: make([]float64, 20), Labels: []int{0, 1, 2, 1, 0}}
		for i := range b.X {
			b.X[i] = float64(i%7) / 7
		}
		snapshot := func() (out []float64) {
			for i := 0; i < n.NumLayers(); i++ {
				for _, name := range []string{"weight", "bias", "running_mean", "running_var"} {
					out = append(out, n.Tensor(i, name)...)
				}
			}
			return out
		}
		n.TrainStep(b, opt, 0.01, 0.9)
		var s nn.State
		n.SaveState(&s)
		want := snapshot()
		for range 3 {
			n.TrainStep(b, opt, 0.01, 0.9)
		}
		if moved := snapshot(); slices.Equal(moved, want) {
			t.Fatalf("%s: training changed nothing", p)
		}
		if err := n.LoadState(&s); err != nil {
			t.Fatal(err)
		}
		if got := snapshot(); !slices.Equal(got, want) {
			t.Errorf("%s: after LoadState the tensors differ from the saved ones", p)
		}
		size, err := nn.StateBytes(cfg)
		want64 := int64(len(want)) * 8
		if p == nn.Float32 {
			want64 /= 2
		}
		if err != nil || size != want64 {
			t.Errorf("%s: nn.StateBytes %d (%v), want %d", p, size, err, want64)
		}
		other, _ := nn.New(nn.Config{Inputs: 4, Loss: nn.CrossEntropy, Precision: p, Layers: []nn.LayerConfig{{Units: 3, Activation: nn.Softmax}}})
		if err := other.LoadState(&s); err == nil {
			t.Errorf("%s: a state of other layers was loaded", p)
		}
	}
}
