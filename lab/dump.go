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
	for _, l := range net.Layers {
		w := make([][]float64, l.Out)
		for r := range w {
			w[r] = make([]float64, l.In)
			for c := range w[r] {
				w[r][c] = l.W.At(r, c)
			}
		}
		out.Weights = append(out.Weights, layer{W: w, B: append([]float64(nil), l.B...)})
	}
	b, _ := yaml.Marshal(out)
	return b
}
