package lab

import (
	"github.com/nnlab/nnlab/nn"
	"go.yaml.in/yaml/v3"
)

// DumpWeights writes a network's weights as YAML in the spec's own layout
// (model.weights: one {w: out×in, b} per layer), so they can be pasted back
// into a spec.
func DumpWeights(net *nn.Network) []byte {
	type layer struct {
		W [][]float64 `yaml:"w,flow"`
		B []float64   `yaml:"b,flow"`
	}
	var out struct {
		Weights []layer `yaml:"weights"`
	}
	for i := 0; i < net.NumLayers(); i++ {
		l := net.Layer(i)
		if l.Kind != nn.Dense {
			continue
		}
		flat := net.Tensor(i, "weight")
		w := make([][]float64, l.Out.C)
		for r := range w {
			w[r] = flat[r*l.In.C : (r+1)*l.In.C]
		}
		out.Weights = append(out.Weights, layer{W: w, B: net.Tensor(i, "bias")})
	}
	b, _ := yaml.Marshal(out)
	return b
}
