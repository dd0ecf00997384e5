package lab

import (
	"fmt"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/nnlab/nnlab/lab/spec"
	"github.com/nnlab/nnlab/nn"
)

func loadWorked(t *testing.T) *spec.Spec {
	t.Helper()
	data, err := os.ReadFile("testdata/worked.yaml")
	if err != nil {
		t.Fatal(err)
	}
	s, err := spec.Load(data, "worked.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// walkValues maps each step's label to its value (labels are unique).
func walkValues(t *testing.T, w *Walk) map[string]float64 {
	t.Helper()
	m := map[string]float64{}
	for _, s := range w.Steps {
		if _, dup := m[s.Label]; dup {
			t.Errorf("label %q appears twice", s.Label)
		}
		m[s.Label] = s.Value
	}
	return m
}

// sampleGrads runs nn's own forward and backward pass on the spec's first
// training sample and returns the trainer (its network holds GW and GB).
func sampleGrads(t *testing.T, spec *spec.Spec) (*Trainer, *nn.Batch) {
	t.Helper()
	tr, err := NewTrainer(spec, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	sp := &tr.Set.Train
	bb := tr.newBatchBuf(1)
	tr.fill(sp, []int{0}, &bb)
	b := tr.b
	tr.Net.Forward(&b, false)
	tr.Net.Backward(&b)
	return tr, &b
}

func TestWalkthroughWorked(t *testing.T) {
	spec := loadWorked(t)
	w, err := Walkthrough(spec)
	if err != nil {
		t.Fatal(err)
	}
	v := walkValues(t, w)
	// The published numbers of the worked example, to 9 digits.
	for _, c := range []struct {
		label string
		want  float64
	}{
		{"net_h1", 0.3775},
		{"out_h1", 0.593269992},
		{"out_h2", 0.596884378},
		{"net_o1", 1.105905967},
		{"out_o1", 0.75136507},
		{"out_o2", 0.772928465},
		{"E_o1", 0.274811083},
		{"E_o2", 0.023560026},
		{"E_total", 0.298371109},
		{"∂E/∂out_o1", 0.741365070},
		{"∂out_o1/∂net_o1", 0.186815602},
		{"∂net_o1/∂w5", 0.593269992},
		{"∂E/∂w5", 0.082167041},
		{"δ_o1", 0.138498562},
		{"δ_o2", -0.038098237},
		{"∂E/∂out_h1", 0.036350306},
		{"∂out_h1/∂net_h1", 0.241300709},
		{"δ_h1", 0.008771355},
		{"∂E/∂w1", 0.000438568},
		{"new w5", 0.35891648},
		{"new w1", 0.149780716},
		{"central ∂E/∂w5", 0.0821670405},
	} {
		got, ok := v[c.label]
		if !ok {
			t.Errorf("no step %q", c.label)
			continue
		}
		if math.Abs(got-c.want) > 5e-10 {
			t.Errorf("%s = %.12g, want %.9g", c.label, got, c.want)
		}
	}
	if got := v["new E_total"]; math.Abs(got-0.280471) > 5e-7 {
		t.Errorf("E after the update = %.9g, want 0.280471 (the lesson's number)", got)
	}
	if got := v["rel. error w5"]; !(got > 0 && got < 1e-9) {
		t.Errorf("relative error of w5 = %g, want about 1.5e-10", got)
	}

	// Every label of the textbook case, in order within its group.
	var labels []string
	for _, s := range w.Steps {
		labels = append(labels, s.Label)
	}
	want := []string{"net_h1", "out_h1", "net_h2", "out_h2", "net_o1", "out_o1", "net_o2", "out_o2",
		"E_o1", "E_o2", "E_total",
		"∂E/∂out_o1", "∂out_o1/∂net_o1", "∂net_o1/∂w5", "∂E/∂w5", "∂net_o1/∂w6", "∂E/∂w6", "δ_o1", "∂E/∂b_o1",
		"∂E/∂out_o2", "∂out_o2/∂net_o2", "∂net_o2/∂w7", "∂E/∂w7", "∂net_o2/∂w8", "∂E/∂w8", "δ_o2", "∂E/∂b_o2",
		"∂E/∂out_h1", "∂out_h1/∂net_h1", "δ_h1", "∂E/∂w1", "∂E/∂w2", "∂E/∂b_h1",
		"∂E/∂out_h2", "∂out_h2/∂net_h2", "δ_h2", "∂E/∂w3", "∂E/∂w4", "∂E/∂b_h2",
		"new w1", "new w2", "new w3", "new w4", "new b_h1", "new b_h2",
		"new w5", "new w6", "new w7", "new w8", "new b_o1", "new b_o2", "new E_total",
		"E(w5 + ε)", "E(w5 − ε)", "central ∂E/∂w5", "rel. error w5",
		"E(w1 + ε)", "E(w1 − ε)", "central ∂E/∂w1", "rel. error w1"}
	if strings.Join(labels, "|") != strings.Join(want, "|") {
		t.Errorf("labels:\n%s\nwant:\n%s", strings.Join(labels, " "), strings.Join(want, " "))
	}
	groups := map[string]bool{}
	for _, s := range w.Steps {
		groups[s.Group] = true
	}
	for _, g := range []string{WalkForward, WalkError, WalkOutput, WalkHidden, WalkUpdate, WalkGradCheck} {
		if !groups[g] {
			t.Errorf("no step in group %q", g)
		}
	}

	// Formulas carry the numbers.
	formulas := map[string]string{}
	for _, s := range w.Steps {
		formulas[s.Label] = s.Formula
	}
	for label, f := range map[string]string{
		"net_h1":     "0.15·0.05 + 0.2·0.1 + 0.35",
		"out_h1":     "σ(0.3775)",
		"E_o1":       "½(0.01 − 0.75136507)²",
		"∂E/∂w5":     "0.74136507·0.186815602·0.593269992",
		"∂E/∂out_h1": "0.138498562·0.4 − 0.0380982365·0.5",
		"new w5":     "0.4 − 0.5·0.0821670406",
		"E(w5 + ε)":  "w5 = 0.4001",
	} {
		if formulas[label] != f {
			t.Errorf("formula of %s = %q, want %q", label, formulas[label], f)
		}
	}
	if !strings.Contains(w.Setup, "2-2-2 network") || !strings.Contains(w.Setup, "i1 = 0.05") || !strings.Contains(w.Setup, "t2 = 0.99") {
		t.Errorf("setup %q", w.Setup)
	}
	if !strings.Contains(w.Note, "0.298371109") || !strings.Contains(w.Note, "0.280471") {
		t.Errorf("note %q", w.Note)
	}

	checkAgainstNN(t, spec, w)

	// The updated weights are those of the lab's own training step.
	for l := 0; l < 2; l++ {
		for i := 0; i < 2; i++ {
			for j := 0; j < 2; j++ {
				after, err := Probe(spec, "w_after", l, i, j, 0, 1)
				if err != nil {
					t.Fatal(err)
				}
				label := fmt.Sprintf("new w%d", 4*l+2*i+j+1)
				if d := math.Abs(v[label] - after); d > 1e-12 {
					t.Errorf("%s = %.15g, the trainer's step gives %.15g", label, v[label], after)
				}
			}
			after, err := Probe(spec, "b_after", l, i, 0, 0, 1)
			if err != nil {
				t.Fatal(err)
			}
			label := "new b_" + []string{"h", "o"}[l] + fmt.Sprint(i+1)
			if d := math.Abs(v[label] - after); d > 1e-12 {
				t.Errorf("%s = %.15g, the trainer's step gives %.15g", label, v[label], after)
			}
		}
	}
}

// checkAgainstNN compares every gradient, δ and forward value of the walk
// with nn's own forward and backward pass on the same sample, to 1e-12.
func checkAgainstNN(t *testing.T, spec *spec.Spec, w *Walk) {
	t.Helper()
	tr, b := sampleGrads(t, spec)
	net := tr.Net
	layers := walkLayersOf(net)
	names := newWalkNames(net.Input().Size(), layers)
	v := walkValues(t, w)
	check := func(label string, want float64) {
		t.Helper()
		got, ok := v[label]
		if !ok {
			t.Errorf("no step %q", label)
			return
		}
		if math.Abs(got-want) > 1e-12 {
			t.Errorf("%s = %.17g, nn has %.17g", label, got, want)
		}
	}
	loss := net.LossOf(b)
	check("E_total", loss)
	net.Forward(b, false)
	net.Backward(b)
	for l, layer := range layers {
		z, a := net.NetInputs(l, 1), net.Activations(l, 1)
		gw, gb := net.Grad(l, "weight"), net.Grad(l, "bias")
		for i := 0; i < layer.Out; i++ {
			u := names.unit(l, i)
			check("net"+u, z[i])
			check("out"+u, a[i])
			check("δ"+u, gb[i])
			check("∂E/∂"+names.bias(l, i), gb[i])
			for j := 0; j < layer.In; j++ {
				check("∂E/∂"+names.weight(l, i, j), gw[i*layer.In+j])
			}
		}
		// The gradient check's central difference is close to backprop.
		name := names.weight(l, 0, 0)
		if g := v["central ∂E/∂"+name]; math.Abs(g-gw[0]) > 1e-7*math.Max(1, math.Abs(g)) {
			t.Errorf("central difference of %s = %g, backprop %g", name, g, gw[0])
		}
		if r := v["rel. error "+name]; !(r < 1e-6) {
			t.Errorf("relative error of %s = %g", name, r)
		}
	}
	// The sum of the per-output errors is nn's loss.
	sum := 0.0
	for _, s := range w.Steps {
		if s.Group == WalkError && s.Label != "E_total" {
			sum += s.Value
		}
	}
	if spec.Loss != "cross_entropy" && math.Abs(sum-loss) > 1e-12 {
		t.Errorf("the outputs' errors add up to %.17g, nn's loss is %.17g", sum, loss)
	}
}

func TestWalkthroughGeneric(t *testing.T) {
	lr := 0.3
	cases := map[string]*spec.Spec{
		// Lesson 2's xor preset: 2-3-1, mse, four samples.
		"xor": {Seed: 1, Data: spec.DataSpec{Set: "inline", Inputs: [][]float64{{0, 0}, {0, 1}, {1, 0}, {1, 1}}, Targets: [][]float64{{0}, {1}, {1}, {0}}},
			Model: spec.ModelSpec{Layers: []spec.LayerSpec{{Units: 3, Activation: "sigmoid"}, {Units: 1, Activation: "sigmoid"}}},
			Loss:  "mse", Optimizer: spec.OptimizerSpec{Name: "sgd", LR: &lr}},
		"deep-ce": {Seed: 3, Data: spec.DataSpec{Set: "inline", Inputs: [][]float64{{0.3, -0.7, 0.2}, {1, 0, 0}}, Targets: [][]float64{{2}, {0}}},
			Model: spec.ModelSpec{Layers: []spec.LayerSpec{{Units: 4, Activation: "tanh"}, {Units: 3, Activation: "leaky_relu"}, {Units: 3, Activation: "softmax"}}},
			Loss:  "cross_entropy", Optimizer: spec.OptimizerSpec{Name: "sgd", LR: &lr, Momentum: 0.9}},
		"relu-mse": {Seed: 5, Data: spec.DataSpec{Set: "inline", Inputs: [][]float64{{0.5, -1.5}}, Targets: [][]float64{{0.2, -0.4}}},
			Model: spec.ModelSpec{Layers: []spec.LayerSpec{{Units: 5, Activation: "relu"}, {Units: 2, Activation: "linear"}}, Init: "normal", InitStd: 1},
			Loss:  "mse"},
		"bce": {Seed: 2, Data: spec.DataSpec{Set: "circle", N: 20},
			Model: spec.ModelSpec{Layers: []spec.LayerSpec{{Units: 3, Activation: "tanh"}, {Units: 1, Activation: "sigmoid"}}},
			Loss:  "bce"},
		"half_sse-3-layers": {Seed: 4, Data: spec.DataSpec{Set: "inline", Inputs: [][]float64{{0.1, 0.2, 0.3}}, Targets: [][]float64{{0.5, 0.1}}},
			Model: spec.ModelSpec{Layers: []spec.LayerSpec{{Units: 2, Activation: "sigmoid"}, {Units: 2, Activation: "tanh"}, {Units: 2, Activation: "sigmoid"}}},
			Loss:  "half_sse"},
	}
	for name, spec := range cases {
		t.Run(name, func(t *testing.T) {
			w, err := Walkthrough(spec)
			if err != nil {
				t.Fatal(err)
			}
			checkAgainstNN(t, spec, w)
			v := walkValues(t, w)
			if _, ok := v["∂E/∂W[0][0][0]"]; !ok {
				t.Errorf("no generic name ∂E/∂W[0][0][0]")
			}
			if _, ok := v["new W[0][0][0]"]; !ok {
				t.Errorf("no generic name new W[0][0][0]")
			}
			// The update uses the learning rate of the spec.
			d := spec.Clone()
			d.Defaults()
			eta := *d.Optimizer.LR
			tr, _ := sampleGrads(t, spec)
			w0, g0 := tr.Net.Tensor(0, "weight")[0], tr.Net.Grad(0, "weight")[0]
			if got, want := v["new W[0][0][0]"], w0-eta*g0; math.Abs(got-want) > 1e-12 {
				t.Errorf("new W[0][0][0] = %.17g, want %.17g", got, want)
			}
		})
	}
}

func TestWalkthroughRejects(t *testing.T) {
	base := func() *spec.Spec { return loadWorked(t) }
	cases := []struct {
		name   string
		change func(s *spec.Spec)
		want   string
	}{
		{"units", func(s *spec.Spec) { s.Model.Layers[0].Units = 9; s.Model.Weights = nil }, "model.layers[0].units: 9 units"},
		{"layers", func(s *spec.Spec) {
			s.Model.Weights = nil
			s.Model.Layers = []spec.LayerSpec{{Units: 2}, {Units: 2}, {Units: 2}, {Units: 2}, {Units: 2, Activation: "sigmoid"}}
		}, "5 layers"},
		{"inputs", func(s *spec.Spec) { s.Data = spec.DataSpec{Set: "fashion"}; s.Model.Weights = nil }, "784 inputs"},
		{"adam", func(s *spec.Spec) { s.Optimizer = spec.OptimizerSpec{Name: "adam"} }, "use sgd, not adam"},
		{"dropout", func(s *spec.Spec) { s.Model.Layers[0].Dropout = 0.5 }, "dropout"},
		{"l2", func(s *spec.Spec) { s.Regularization.L2 = 0.1 }, "regularization"},
		{"hinge", func(s *spec.Spec) { s.Loss = "hinge"; s.Data.Targets = [][]float64{{1}} }, "hinge is not shown"},
		{"function", func(s *spec.Spec) { s.Function = &spec.FunctionSpec{Name: "quadratic"} }, "test-function"},
	}
	for _, c := range cases {
		s := base()
		c.change(s)
		_, err := Walkthrough(s)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.want)
		}
		// WalkCheck refuses it too, without building anything.
		if err := WalkCheck(s); err == nil {
			t.Errorf("%s: WalkCheck accepted it", c.name)
		}
	}
	if err := WalkCheck(base()); err != nil {
		t.Errorf("WalkCheck(worked): %v", err)
	}
	s := base()
	s.Optimizer.Name = "adam"
	if err := WalkCheck(s); err == nil || !strings.Contains(err.Error(), "use sgd, not adam") {
		t.Errorf("WalkCheck(adam): %v", err)
	}
	if err := s.Set("steps", "-1"); err != nil {
		t.Fatal(err)
	}
	if err := WalkCheck(s); err == nil || !strings.Contains(err.Error(), "steps") {
		t.Errorf("WalkCheck(steps -1): %v, want Validate's problem", err)
	}
}

func TestWalkNum(t *testing.T) {
	for v, want := range map[float64]string{0.3775: "0.3775", -0.038098236: "−0.038098236", 1.5e-10: "1.5e-10", 0.75136507: "0.75136507", 0.0002: "0.0002"} {
		if got := walkNum(v); got != want {
			t.Errorf("walkNum(%g) = %q, want %q", v, got, want)
		}
	}
	if got := walkSum([]string{"1", "−2", "3"}); got != "1 − 2 + 3" {
		t.Errorf("walkSum = %q", got)
	}
}
