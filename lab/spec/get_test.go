package spec

import (
	"reflect"
	"strings"
	"testing"
)

// getSpecs are specs of different kinds for the Get round trips.
var getSpecs = map[string]string{
	"circle": circleSpec,
	"full": `name: "full: run"
seed: 18446744073709551615
data: {set: moons, n: 300, noise: 0.25, test: 0.3, features: [x2, xy]}
model:
  layers:
    - {units: 8, activation: relu, dropout: 0.2}
    - {units: 8, activation: relu, residual: true, dropout: 0.1}
    - {units: 2, activation: softmax}
  init: normal
  init_std: 0.02
  init_limit: 0.3
  bias: 0.1
loss: cross_entropy
optimizer: {name: adam, lr: 0.001, beta1: 0.85, beta2: 0.999, eps: 1e-07, weight_decay: 0.0001}
schedule: {kind: cosine, t_max: 500, lr_min: 1e-05, momentum: {from: 0.5, to: 0.9, steps: 100}}
batch: 32
steps: 2000
regularization: {l1: 0.001, l2: 0.01, early_stop: 5}
eval_every: 10
`,
	"worked": `seed: 1
data: {set: inline, inputs: [[0.05, 0.10]], targets: [[0.01, 0.99]]}
model:
  layers:
    - {units: 2, activation: sigmoid}
    - {units: 2, activation: sigmoid}
  weights:
    - {w: [[0.15, 0.20], [0.25, 0.30]], b: [0.35, 0.35]}
    - {w: [[0.40, 0.45], [0.50, 0.55]], b: [0.60, 0.60]}
loss: half_sse
optimizer: {name: sgd, lr: 0.5, momentum: 0.9, nesterov: true}
batch: 0
steps: 1
`,
	"function": "function: {name: quadratic, condition: 4, start: [1.5, -2]}\noptimizer: {name: rmsprop, lr: 0.01, alpha: 0.9}\nschedule: {kind: step, step_size: 10, gamma: 0.5}\n",
	"minimal":  "data: {set: xor}\n",
	"nohidden": "data: {set: circle}\nmodel: {layers: [{units: 2}]}\n",
}

// getPaths are the nested paths checked besides every short name.
var getPaths = []string{
	"name", "seed", "loss", "batch", "steps", "epochs", "eval_every", "precision",
	"data", "data.set", "data.n", "data.noise", "data.features", "data.features[0]",
	"data.inputs", "data.targets", "data.test_inputs",
	"model", "model.layers", "model.layers[0]", "model.layers[0].units", "model.layers[-1].activation",
	"model.layers[*].dropout", "model.layers[0].residual", "model.weights", "model.init",
	"optimizer", "optimizer.lr", "optimizer.momentum", "optimizer.nesterov",
	"schedule", "schedule.momentum", "schedule.momentum.to", "schedule.kind",
	"regularization", "regularization.l2", "function", "function.name", "function.start", "function.condition",
}

// getRefusals are the errors both Get and Set give for a spec and path.
var getRefusals = map[string]bool{
	"minimal/output_activation":            true, // no layers yet
	"minimal/model.layers[0]":              true,
	"minimal/model.layers[0].units":        true,
	"minimal/model.layers[-1].activation":  true,
	"minimal/model.layers[*].dropout":      true,
	"minimal/model.layers[0].residual":     true,
	"function/output_activation":           true,
	"function/model.layers[0]":             true,
	"function/model.layers[0].units":       true,
	"function/model.layers[-1].activation": true,
	"function/model.layers[*].dropout":     true,
	"function/model.layers[0].residual":    true,
	"minimal/data.features[0]":             true,
	"circle/data.features[0]":              true,
	"worked/data.features[0]":              true,
	"function/data.features[0]":            true,
	"nohidden/data.features[0]":            true,
}

// getFirstOnly are paths that reach several fields whose values differ in
// the spec: Get gives the first, which Set would give them all.
var getFirstOnly = map[string]bool{
	"full/dropout":                 true,
	"full/residual":                true,
	"full/model.layers[*].dropout": true,
}

func TestGetRoundTrip(t *testing.T) {
	var paths []string
	for _, p := range ShortNames() {
		paths = append(paths, p[0])
	}
	paths = append(paths, getPaths...)
	for name, text := range getSpecs {
		base := mustDecode(t, text)
		for _, path := range paths {
			s := base.Clone()
			v, err := s.Get(path)
			if err != nil {
				// Get refuses what Set cannot take back as it is.
				switch {
				case getRefusals[name+"/"+path]:
				case path == "layers" && len(base.Model.Layers) == 0:
				case (path == "activation" || path == "dropout" || path == "residual") && len(base.Model.Layers) < 2:
				default:
					t.Errorf("%s: Get(%q): %v", name, path, err)
				}
				continue
			}
			if getRefusals[name+"/"+path] {
				t.Errorf("%s: Get(%q) = %q, want an error", name, path, v)
			}
			if !reflect.DeepEqual(s, base) {
				t.Errorf("%s: Get(%q) changed the spec", name, path)
			}
			if getFirstOnly[name+"/"+path] {
				continue // the layers differ: Get gives the first one's value
			}
			if err := s.Set(path, v); err != nil {
				t.Errorf("%s: Set(%q, Get = %q): %v", name, path, v, err)
				continue
			}
			if !reflect.DeepEqual(s, base) {
				a, _ := Encode(base)
				b, _ := Encode(s)
				t.Errorf("%s: Set(%q, %q) changed the spec:\n%s\nbecame\n%s", name, path, v, a, b)
			}
			if strings.Contains(v, "\n") {
				t.Errorf("%s: Get(%q) = %q is not one line", name, path, v)
			}
		}
	}
}

func TestGetValues(t *testing.T) {
	full := mustDecode(t, getSpecs["full"])
	worked := mustDecode(t, getSpecs["worked"])
	fn := mustDecode(t, getSpecs["function"])
	circle := mustDecode(t, circleSpec)
	cases := []struct {
		s          *Spec
		path, want string
	}{
		{full, "seed", "18446744073709551615"},
		{full, "name", "full: run"},
		{full, "lr", "0.001"},
		{full, "optimizer.lr", "0.001"},
		{full, "eps", "1e-07"},
		{full, "lr_min", "1e-05"},
		{full, "optimizer", "adam"},
		{full, "layers", "8,8"},
		{full, "activation", "relu"},
		{full, "dropout", "0.2"},                 // the first hidden layer
		{full, "model.layers[*].dropout", "0.2"}, // the first match
		{full, "model.layers[1].dropout", "0.1"},
		{full, "residual", "false"},
		{full, "model.layers[1].residual", "true"},
		{full, "output_activation", "softmax"},
		{full, "features", "x2,xy"},
		{full, "noise", "0.25"},
		{full, "steps", "2000"},
		{full, "schedule.momentum", "{from: 0.5, to: 0.9, steps: 100}"},
		{full, "model.layers[0]", "{units: 8, activation: relu, dropout: 0.2}"},
		{full, "momentum", "0"},
		{full, "function", ""}, // no function: unset
		{full, "function.condition", "0"},
		{full, "function.start", ""},
		{worked, "data.inputs", "[[0.05, 0.1]]"},
		{worked, "model.weights[1].w", "[[0.4, 0.45], [0.5, 0.55]]"},
		{worked, "model.weights[0].b", "0.35,0.35"},
		{worked, "nesterov", "true"},
		{worked, "batch", "0"},
		{circle, "lr", ""}, // unset: the optimizer's default
		{circle, "layers", "16,16"},
		{circle, "init", ""},
		{fn, "start", "1.5,-2"},
		{fn, "function", "quadratic"},
		{fn, "condition", "4"},
		{fn, "schedule.momentum.from", "0"},
	}
	for _, c := range cases {
		got, err := c.s.Get(c.path)
		if err != nil || got != c.want {
			t.Errorf("Get(%q) = %q, %v; want %q", c.path, got, err, c.want)
		}
	}
	// Set and Get agree after a change.
	s := circle.Clone()
	for _, c := range []struct{ path, value, want string }{
		{"lr", "0.05", "0.05"}, {"steps", "2e3", "2000"}, {"layers", "[8, 4]", "8,4"}, {"dropout", "0.5", "0.5"},
		{"seed", "7", "7"}, {"data.noise", "0.3", "0.3"}, {"init", "he_uniform", "he_uniform"},
	} {
		if err := s.Set(c.path, c.value); err != nil {
			t.Fatal(err)
		}
		if got, err := s.Get(c.path); err != nil || got != c.want {
			t.Errorf("after Set(%q, %q): Get = %q, %v; want %q", c.path, c.value, got, err, c.want)
		}
	}
}

func TestGetErrors(t *testing.T) {
	cases := []struct{ spec, path, want string }{
		{circleSpec, "model.layerz", "model.layerz: unknown field (known: input, layers, init, init_std, init_limit, bias, weights)"},
		{circleSpec, "model.layers[3].units", "model.layers: index 3 is out of range (the list has 3 entries)"},
		{circleSpec, "model.layers[x].units", `model.layers: index "x" is not a whole number or *`},
		{circleSpec, "model.layers[0.units", "model.layers[0.units: malformed path: missing ]"},
		{circleSpec, "model..init", "model..init: malformed path: empty field name"},
		{circleSpec, "model.init[0]", "model.init: is not a list; it takes no [index]"},
		{circleSpec, "seed.x", `seed: has no field "x" (it is a whole number)`},
		{circleSpec, "model.weights[*].b", "model.weights: is empty; [*] matches nothing"},
		{circleSpec, "function.foo", "function.foo: unknown field (known: name, condition, start)"},
		{"data: {set: circle}\nmodel: {layers: [{units: 2}]}\n", "dropout", "dropout: the model has no hidden layers (set layers first, e.g. layers=16,16)"},
		{"data: {set: xor}\n", "layers", "layers: the model has no layers yet (model.layers is empty; Defaults chooses them)"},
	}
	for _, c := range cases {
		s := mustDecode(t, c.spec)
		before := s.Clone()
		got, err := s.Get(c.path)
		if err == nil || err.Error() != c.want {
			t.Errorf("Get(%q) = %q, %v\nwant error %s", c.path, got, err, c.want)
		}
		if !reflect.DeepEqual(s, before) {
			t.Errorf("Get(%q) changed the spec", c.path)
		}
		// Set refuses the same paths with the same words (not the
		// layers cases, which Set can fill in).
		if !strings.HasPrefix(c.want, "layers:") {
			if serr := s.Clone().Set(c.path, "1"); serr == nil || (serr.Error() != c.want && !strings.HasPrefix(c.path, "dropout")) {
				t.Errorf("Set(%q) = %v, Get said %s", c.path, serr, c.want)
			}
		}
	}
	s := mustDecode(t, circleSpec)
	if _, err := s.Get("foo"); err == nil || !strings.Contains(err.Error(), "short names: layers, activation") {
		t.Errorf("unknown field: %v", err)
	}
	if _, err := s.Get(""); err == nil || !strings.HasPrefix(err.Error(), "empty field path") {
		t.Errorf("empty path: %v", err)
	}
	var nilSpec *Spec
	if _, err := nilSpec.Get("seed"); err == nil {
		t.Errorf("Get on nil spec gave no error")
	}
}

// A zero value set under an unset pointer leaves it unset.
func TestSetZeroUnderNil(t *testing.T) {
	s := mustDecode(t, circleSpec)
	before := s.Clone()
	for _, c := range [][2]string{{"function", ""}, {"function.condition", "0"}, {"schedule.momentum.from", "0"}, {"function.start", ""}} {
		if err := s.Set(c[0], c[1]); err != nil {
			t.Errorf("Set(%q, %q): %v", c[0], c[1], err)
		}
	}
	if !reflect.DeepEqual(s, before) {
		t.Errorf("zero values created pointers: function %+v, ramp %+v", s.Function, s.Schedule.Momentum)
	}
	if err := s.Set("function.condition", ""); err == nil {
		t.Errorf("empty number accepted under an unset function")
	}
	if err := s.Set("schedule.momentum.to", "0.9"); err != nil || s.Schedule.Momentum == nil || s.Schedule.Momentum.To != 0.9 {
		t.Errorf("ramp: %v %+v", err, s.Schedule.Momentum)
	}
}
