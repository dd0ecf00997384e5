package lab

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/nnlab/nnlab/lab/spec"
	"github.com/nnlab/nnlab/nn"
)

func TestProbeShapes(t *testing.T) {
	s := mustLoad(t, "testdata/fashion-lenet.yaml")
	s.Data.Dir = "data/fashion"
	for _, c := range []struct {
		q     string
		layer int
		want  float64
	}{
		{"layer_params", 0, 6*25 + 6},
		{"layer_params", 2, 16*6*25 + 16},
		{"layer_params", 1, 0},
		{"layer_params", 5, 400*120 + 120},
		{"params", 0, 61706},
		{"out_c", 2, 16},
		{"out_h", 2, 10},
		{"out_w", 3, 5},
		{"out_c", 4, 400},
		{"out_h", 4, 1},
		{"receptive_field", 0, 5},
		{"receptive_field", 1, 6},
		{"receptive_field", 2, 14},
		{"receptive_field", 3, 16},
		{"receptive_field", 5, 28},
	} {
		got, err := Probe(s, c.q, c.layer, 0, 0, 0, 0)
		if err != nil || got != c.want {
			t.Errorf("%s of layer %d = %g, %v; want %g", c.q, c.layer, got, err, c.want)
		}
	}
	if _, err := Probe(s, "out_h", 8, 0, 0, 0, 0); err == nil {
		t.Errorf("a layer past the end gave no error")
	}
	if _, err := Probe(s, "bogus", 0, 0, 0, 0, 0); err == nil || !strings.Contains(err.Error(), "receptive_field") {
		t.Errorf("unknown quantity: %v", err)
	}
}

// The receptive field found by experiment: the rows of the input that
// change one output of a layer when perturbed, in a linear network of
// convolutions and average pools (where every pixel of the field counts).
func TestReceptiveFieldByExperiment(t *testing.T) {
	text := `data: {set: inline, inputs: [[` + strings.TrimSuffix(strings.Repeat("0, ", 32*32), ", ") + `]], targets: [[0]]}
loss: mse
model:
  input: [1, 32, 32]
  layers:
    - {kind: conv2d, filters: 2, kernel: 5, padding: 2}
    - {kind: avg_pool2d, kernel: 2}
    - {kind: conv2d, filters: 2, kernel: [3, 5], stride: 2}
    - {kind: avg_pool2d, kernel: 3, stride: 1}
    - {kind: conv2d, filters: 1, kernel: 2}
    - {kind: flatten}
    - {units: 1}
  init: uniform
  init_limit: 1
  bias: 0.1
`
	s, err := spec.Load([]byte(text), "rf.yaml")
	if err != nil {
		t.Fatal(err)
	}
	tr, err := NewTrainer(s, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	net := tr.Net
	r := rand.New(rand.NewPCG(1, 2))
	x := make([]float64, 32*32)
	for i := range x {
		x[i] = r.Float64()
	}
	outAt := func(x []float64, layer int) float64 {
		net.Forward(&nn.Batch{N: 1, X: x}, false)
		l := net.Layer(layer)
		// the output in the middle of channel 0
		return net.Activations(layer, 1)[(l.Out.H/2)*l.Out.W+l.Out.W/2]
	}
	for layer := 0; layer <= 4; layer++ {
		base := outAt(x, layer)
		lo, hi := 32, -1
		for y := 0; y < 32; y++ {
			for xx := 0; xx < 32; xx++ {
				p := append([]float64(nil), x...)
				p[y*32+xx] += 1
				if outAt(p, layer) != base {
					lo, hi = min(lo, y), max(hi, y)
				}
			}
		}
		if got, want := ReceptiveField(net, layer), hi-lo+1; got != want {
			t.Errorf("layer %d: ReceptiveField %d, the experiment finds rows %d to %d (%d)", layer, got, lo, hi, want)
		}
	}
}
