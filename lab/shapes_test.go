package lab

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/nnlab/nnlab/lab/data"
	"github.com/nnlab/nnlab/lab/spec"
	"github.com/nnlab/nnlab/nn"
)

// randomModel is a spec of a random stack of layers on one inline sample
// of a random shape, mostly (but not always) one that fits together.
func randomModel(r *rand.Rand) *spec.Spec {
	c, h, w := 1+r.IntN(3), 1+r.IntN(12), 1+r.IntN(12)
	if r.IntN(5) == 0 {
		h, w = 1, 1
	}
	kinds := []string{"dense", "conv2d", "max_pool2d", "avg_pool2d", "flatten", "batch_norm", "dropout"}
	n := 1 + r.IntN(6)
	layers := make([]spec.LayerSpec, n)
	no := false
	for i := range layers {
		l := &layers[i]
		l.Kind = kinds[r.IntN(len(kinds))]
		if i < n/2 && r.IntN(2) == 0 {
			l.Kind = []string{"conv2d", "max_pool2d", "avg_pool2d"}[r.IntN(3)]
		}
		if i == n-1 {
			l.Kind = "dense"
		}
		switch l.Kind {
		case "dense":
			l.Units = 1 + r.IntN(6)
			if i < n-1 && r.IntN(4) == 0 {
				l.Activation = "relu"
				l.Dropout = 0.25
			}
		case "conv2d":
			l.Filters = 1 + r.IntN(4)
			l.Padding = r.IntN(3)
			if r.IntN(3) == 0 {
				l.Bias = &no
			}
		case "batch_norm":
			l.Momentum = 0.2
		case "dropout":
			rate := 0.3
			l.Rate = &rate
		}
		if l.Kind == "conv2d" || strings.HasSuffix(l.Kind, "pool2d") {
			l.Kernel = spec.Size{1 + r.IntN(5)}
			if r.IntN(3) == 0 {
				l.Kernel = append(l.Kernel, 1+r.IntN(5))
			}
			l.Stride = r.IntN(3)
		}
	}
	units := max(1, layers[n-1].Units)
	return &spec.Spec{Seed: 1, Loss: "mse", Steps: 1,
		Data:  spec.DataSpec{Set: "inline", Inputs: [][]float64{make([]float64, c*h*w)}, Targets: [][]float64{make([]float64, units)}},
		Model: spec.ModelSpec{Input: spec.Size{c, h, w}, Layers: layers}}
}

// TestSpecShapesAgree checks that package spec, which cannot import nn,
// accepts exactly the layer stacks nn builds, and computes the same shape
// and parameter count for every layer.
func TestSpecShapesAgree(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 1))
	valid := 0
	for k := 0; k < 10000; k++ {
		s := randomModel(r)
		s.Defaults()
		set, err := data.FromRows(s.Data.Inputs, s.Data.Targets, nil, nil, false)
		if err != nil {
			t.Fatal(err)
		}
		verr := s.Validate()
		cfg, err := NetConfig(s, set)
		if err != nil {
			t.Fatalf("NetConfig: %v", err)
		}
		net, nerr := nn.New(cfg)
		if (verr == nil) != (nerr == nil) {
			t.Fatalf("spec says %v\nnn says %v\nfor input %v, layers %+v", verr, nerr, s.Model.Input, s.Model.Layers)
		}
		if verr != nil {
			// A shape problem in nn is one in spec, named at the same layer.
			var se *nn.ShapeError
			if errors.As(nerr, &se) && !strings.Contains(verr.Error(), fmt.Sprintf("model.layers[%d]", se.Layer)) {
				t.Errorf("nn: %v; spec: %v", nerr, verr)
			}
			continue
		}
		valid++
		in, shapes, err := s.Shapes()
		if err != nil {
			t.Fatal(err)
		}
		if nn.Shape(in) != net.Input() {
			t.Errorf("input %v, nn %v", in, net.Input())
		}
		for i, l := range shapes {
			info := net.Layer(i)
			if nn.Shape(l.Out) != info.Out || l.Params != info.Params || l.Kind != info.Kind.String() {
				t.Errorf("layer %d of %+v: spec %s %v %d params, nn %s %v %d", i, s.Model.Layers, l.Kind, l.Out, l.Params, info.Kind, info.Out, info.Params)
			}
		}
	}
	t.Logf("%d of 10000 random models are valid", valid)
	if valid < 1000 || valid > 9000 {
		t.Errorf("%d of 10000 random models are valid: the test should see both kinds often", valid)
	}
}
