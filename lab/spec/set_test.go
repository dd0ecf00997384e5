package spec

import (
	"reflect"
	"strings"
	"testing"
)

func mustDecode(t *testing.T, text string) *Spec {
	t.Helper()
	s, err := Decode([]byte(text), "base.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// setValues gives every short name a value that differs from circleSpec
// plus an sgd optimizer.
var setValues = map[string]string{
	"init": "normal", "init_std": "0.2", "init_limit": "0.3", "bias": "0.5",
	"output_activation": "linear", "optimizer": "rmsprop", "lr": "0.05", "momentum": "0.8",
	"nesterov": "true", "weight_decay": "0.01", "alpha": "0.9", "beta1": "0.8", "beta2": "0.9",
	"eps": "1e-6", "dataset": "moons", "n": "300", "noise": "0.3", "test": "0.2",
	"features": "x2,xy", "schedule": "cosine", "gamma": "0.5", "step_size": "7", "k": "0.1",
	"t_max": "100", "lr_min": "0.001", "warmup": "10", "clip_norm": "1.5", "l1": "0.01", "l2": "0.02", "early_stop": "4", "restore_best": "true", "validation": "0.2",
	"function": "rosenbrock", "condition": "5", "start": "1,2",
}

func TestSetAliasesMatchPaths(t *testing.T) {
	if len(setValues) != len(aliases) {
		t.Fatalf("test covers %d short names, Set has %d", len(setValues), len(aliases))
	}
	base := mustDecode(t, circleSpec)
	for alias, path := range aliases {
		value, ok := setValues[alias]
		if !ok {
			t.Errorf("no test value for %s", alias)
			continue
		}
		a, b := base.Clone(), base.Clone()
		if err := a.Set(alias, value); err != nil {
			t.Errorf("Set(%q, %q): %v", alias, value, err)
			continue
		}
		if err := b.Set(path, value); err != nil {
			t.Errorf("Set(%q, %q): %v", path, value, err)
			continue
		}
		if !reflect.DeepEqual(a, b) {
			t.Errorf("Set(%q) and Set(%q) differ", alias, path)
		}
		if reflect.DeepEqual(a, base) {
			t.Errorf("Set(%q, %q) changed nothing", alias, value)
		}
	}
}

func TestSetValues(t *testing.T) {
	s := mustDecode(t, circleSpec)
	steps := []struct{ path, value string }{
		{"seed", "42"},
		{"name", "a run: 1"},
		{"lr", "0.05"},
		{"momentum", "0.9"},
		{"nesterov", "true"},
		{"init", "he_uniform"},
		{"loss", "hinge"},
		{"batch", "16"},
		{"steps", "2e3"},
		{"epochs", "0"},
		{"eval_every", "10"},
		{"precision", "float32"},
		{"data.noise", "0.25"},
		{"dataset", "xor"},
		{"features", "x2, y2"},
		{"data.features[1]", "sinx"},
		{"model.layers[1].units", "8"},
		{"model.layers[-1].activation", "linear"},
		{"model.layers[0].residual", "false"},
		{"schedule.kind", "step"},
		{"step_size", "100"},
		{"schedule.momentum", "{from: 0.5, to: 0.9, steps: 100}"},
		{"schedule.momentum.to", "0.95"},
		{"regularization.l2", "0.001"},
		{"l1", "0.002"},
		{"regularization.early_stop", "3"},
		{"model.bias", "-0.5"},
	}
	for _, st := range steps {
		if err := s.Set(st.path, st.value); err != nil {
			t.Fatalf("Set(%q, %q): %v", st.path, st.value, err)
		}
	}
	lr := 0.05
	noise := 0.25
	want := &Spec{
		Name: "a run: 1", Seed: 42,
		Data: DataSpec{Set: "xor", Noise: &noise, Features: []string{"x2", "sinx"}},
		Model: ModelSpec{Layers: []LayerSpec{{Units: 16, Activation: "tanh"}, {Units: 8, Activation: "tanh"}, {Units: 2, Activation: "linear"}},
			Init: "he_uniform", Bias: -0.5},
		Loss:           "hinge",
		Optimizer:      OptimizerSpec{LR: &lr, Momentum: 0.9, Nesterov: true},
		Schedule:       ScheduleSpec{Kind: "step", StepSize: 100, Momentum: &RampSpec{From: 0.5, To: 0.95, Steps: 100}},
		Batch:          16,
		Steps:          2000,
		EvalEvery:      10,
		Precision:      "float32",
		Regularization: RegularizationSpec{L1: 0.002, L2: 0.001, EarlyStop: 3},
	}
	if !reflect.DeepEqual(s, want) {
		a, _ := Encode(s)
		b, _ := Encode(want)
		t.Errorf("got:\n%s\nwant:\n%s", a, b)
	}
	if err := s.Validate(); err != nil {
		t.Errorf("Validate after Set: %v", err)
	}

	// Optional numbers go back to their default with "".
	if err := s.Set("lr", ""); err != nil || s.Optimizer.LR != nil {
		t.Errorf("Set(lr, \"\"): %v %v", err, s.Optimizer.LR)
	}
	// Every element with [*].
	if err := s.Set("model.layers[*].dropout", "0.1"); err != nil {
		t.Fatal(err)
	}
	for i, l := range s.Model.Layers {
		if l.Dropout != 0.1 {
			t.Errorf("layer %d dropout %v", i, l.Dropout)
		}
	}
	// Whole structures and tables as YAML.
	if err := s.Set("dataset", "inline"); err != nil {
		t.Fatal(err)
	}
	if err := s.Set("data.inputs", "[[0, 0], [0, 1]]"); err != nil {
		t.Fatal(err)
	}
	if err := s.Set("data.inputs[1]", "5, 6"); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(s.Data.Inputs, [][]float64{{0, 0}, {5, 6}}) {
		t.Errorf("inputs %v", s.Data.Inputs)
	}
	if err := s.Set("model.layers", "[{units: 3, activation: relu}, {units: 1}]"); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(s.Model.Layers, []LayerSpec{{Units: 3, Activation: "relu"}, {Units: 1}}) {
		t.Errorf("layers %v", s.Model.Layers)
	}
	if err := s.Set("function.start", "[3, -4]"); err != nil || s.Function == nil || !reflect.DeepEqual(s.Function.Start, []float64{3, -4}) {
		t.Errorf("function.start: %v %+v", err, s.Function)
	}
	if err := s.Set("function", ""); err != nil || s.Function == nil || s.Function.Name != "" {
		t.Errorf("function name: %v %+v", err, s.Function)
	}
	if err := s.Set("function.condition", ""); err == nil {
		t.Errorf("empty number accepted")
	}
	if err := s.Set("model.function", "x"); err == nil {
		t.Errorf("bad path accepted")
	}
	if err := s.Set("precision", "float16"); err == nil || !strings.Contains(err.Error(), "allowed: float64, float32") {
		t.Errorf("precision float16: %v", err)
	}
}

func TestSetHiddenLayers(t *testing.T) {
	s := mustDecode(t, circleSpec) // 2-16-16-2
	for _, st := range []struct{ path, value string }{{"activation", "relu"}, {"dropout", "0.2"}, {"residual", "true"}} {
		if err := s.Set(st.path, st.value); err != nil {
			t.Fatalf("Set(%q): %v", st.path, err)
		}
	}
	want := []LayerSpec{
		{Units: 16, Activation: "relu", Dropout: 0.2},
		{Units: 16, Activation: "relu", Dropout: 0.2, Residual: true},
		{Units: 2, Activation: "softmax"},
	}
	if !reflect.DeepEqual(s.Model.Layers, want) {
		t.Errorf("got %+v\nwant %+v", s.Model.Layers, want)
	}
	if err := s.Set("layers", "16,16,16,8"); err != nil {
		t.Fatal(err)
	}
	want = []LayerSpec{
		{Units: 16, Activation: "relu", Dropout: 0.2},
		{Units: 16, Activation: "relu", Dropout: 0.2, Residual: true},
		{Units: 16, Activation: "relu", Dropout: 0.2, Residual: true},
		{Units: 8, Activation: "relu", Dropout: 0.2},
		{Units: 2, Activation: "softmax"},
	}
	if !reflect.DeepEqual(s.Model.Layers, want) {
		t.Errorf("layers 16,16,16,8: got %+v\nwant %+v", s.Model.Layers, want)
	}
	if err := s.Validate(); err != nil {
		t.Errorf("Validate: %v", err)
	}
	if err := s.Set("residual", "false"); err != nil {
		t.Fatal(err)
	}
	for i, l := range s.Model.Layers {
		if l.Residual {
			t.Errorf("layer %d still residual", i)
		}
	}
	if err := s.Set("layers", ""); err != nil || len(s.Model.Layers) != 1 || s.Model.Layers[0].Units != 2 {
		t.Errorf("layers \"\": %v %+v", err, s.Model.Layers)
	}
	for _, name := range []string{"activation", "dropout", "residual"} {
		if err := s.Set(name, "0"); err == nil || !strings.Contains(err.Error(), "no hidden layers") {
			t.Errorf("Set(%q) without hidden layers: %v", name, err)
		}
	}
	// No model yet: the output layer comes from the data.
	f := mustDecode(t, "data: {set: fashion}\n")
	if err := f.Set("layers", "[64, 32]"); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(f.Model.Layers, []LayerSpec{{Units: 64}, {Units: 32}, {Units: 10}}) {
		t.Errorf("fashion layers %+v", f.Model.Layers)
	}
	if err := (&Spec{}).Set("layers", "4"); err == nil {
		t.Errorf("layers without data accepted")
	}
	// Residual where no width allows it.
	r := mustDecode(t, "data: {set: circle}\nmodel: {layers: [{units: 8}, {units: 2}]}\n")
	if err := r.Set("residual", "true"); err == nil || err.Error() != "residual: no hidden layer has an input width equal to its units (hidden layers: 2→8)" {
		t.Errorf("residual: %v", err)
	}
}

func TestSetErrors(t *testing.T) {
	cases := []struct{ path, value, want string }{
		{"model.layerz", "1", "model.layerz: unknown field (known: input, layers, init, init_std, init_limit, bias, weights)"},
		{"optimizer.lr", "abc", `optimizer.lr: "abc" is not a number`},
		{"lr", "1/2", `optimizer.lr: "1/2" is not a number`},
		{"seed", "-3", `seed: "-3" is not a whole number from 0 to 18446744073709551615`},
		{"steps", "1.5", `steps: "1.5" is not a whole number`},
		{"nesterov", "maybe", `optimizer.nesterov: "maybe" is not true or false`},
		{"init", "zeroes", `model.init: unknown "zeroes" (allowed: zeros, normal, uniform, xavier, xavier_normalized, xavier_normal, he_uniform, he_normal)`},
		{"optimizer", "lbfgs", `optimizer.name: unknown "lbfgs" (allowed: sgd, rmsprop, adagrad, adam, adamw)`},
		{"dataset", "mnist", `data.set: unknown "mnist" (allowed: circle, xor, gauss, spiral, moons, regression, regression2d, fashion, inline)`},
		{"features", "x2,z", `data.features: unknown "z" (allowed: x2, y2, xy, sinx, siny)`},
		{"activation", "gelu", `activation: unknown "gelu" (allowed: linear, sigmoid, tanh, relu, leaky_relu, softmax)`},
		{"model.layers[*].activation", "gelu", `model.layers[*].activation: unknown "gelu" (allowed: linear, sigmoid, tanh, relu, leaky_relu, softmax)`},
		{"dropout", "lots", `dropout: "lots" is not a number`},
		{"layers", "16,x", `layers: "16,x" is not a list of whole numbers (hidden layer widths such as 16,16; "" for none)`},
		{"layers", "16,0", "layers: each width must be from 1 to 4096, got 0"},
		{"model.layers[3].units", "4", "model.layers: index 3 is out of range (the list has 3 entries)"},
		{"model.layers[-4].units", "4", "model.layers: index -4 is out of range (the list has 3 entries)"},
		{"model.layers[x].units", "4", `model.layers: index "x" is not a whole number or *`},
		{"model.layers[0.units", "4", "model.layers[0.units: malformed path: missing ]"},
		{"model.layers[0]x.units", "4", `model.layers[0]x.units: malformed path: expected [index] after "layers"`},
		{"model..init", "xavier", "model..init: malformed path: empty field name"},
		{"model.init[0]", "xavier", "model.init: is not a list; it takes no [index]"},
		{"seed.x", "1", `seed: has no field "x" (it is a whole number)`},
		{"model.weights[*].b", "1", "model.weights: is empty; [*] matches nothing"},
		{"data.features", "[x2", `data.features: "[x2" is not valid YAML: line 1: did not find expected ',' or ']'`},
		{"schedule.momentum", "{from: 1, too: 2}", `schedule.momentum: unknown key "too" (known: from, to, steps)`},
		{"start", "1,x", `function.start[1]: "x" is not a number`},
	}
	for _, c := range cases {
		s := mustDecode(t, circleSpec)
		before := s.Clone()
		err := s.Set(c.path, c.value)
		if err == nil || err.Error() != c.want {
			t.Errorf("Set(%q, %q):\n got %v\nwant %s", c.path, c.value, err, c.want)
		}
		if !reflect.DeepEqual(s, before) {
			t.Errorf("Set(%q, %q) changed the spec despite the error", c.path, c.value)
		}
	}
	s := mustDecode(t, circleSpec)
	err := s.Set("foo", "1")
	if err == nil || !strings.HasPrefix(err.Error(), "foo: unknown field (known: name, seed, seeds, data,") || !strings.Contains(err.Error(), "short names: layers, activation, dropout, residual, alpha,") {
		t.Errorf("unknown top-level field: %v", err)
	}
	if err := s.Set("", "1"); err == nil || !strings.HasPrefix(err.Error(), "empty field path (known: name, seed,") {
		t.Errorf("empty path: %v", err)
	}
	var nilSpec *Spec
	if nilSpec.Set("seed", "1") == nil {
		t.Errorf("Set on nil spec gave no error")
	}
}

func TestSetSelectors(t *testing.T) {
	s := mustDecode(t, "data: {set: circle, noise: 0.2, features: [x2]}\nmodel: {layers: [{units: 4}, {units: 2}], init: normal, init_std: 0.5}\noptimizer: {lr: 0.3, momentum: 0.9, nesterov: true}\nschedule: {kind: step, step_size: 10, gamma: 0.5}\n")
	// "" and sgd are the same optimizer: nothing is reset.
	if err := s.Set("optimizer", "sgd"); err != nil || s.Optimizer.LR == nil || s.Optimizer.Momentum != 0.9 {
		t.Errorf("optimizer sgd: %v %+v", err, s.Optimizer)
	}
	a := s.Clone()
	if err := a.Set("optimizer", "adam"); err != nil {
		t.Fatal(err)
	}
	if a.Optimizer != (OptimizerSpec{Name: "adam"}) {
		t.Errorf("adam: %+v", a.Optimizer)
	}
	if err := a.Validate(); err != nil {
		t.Errorf("adam spec invalid: %v", err)
	}
	r := s.Clone()
	if err := r.Set("optimizer", "rmsprop"); err != nil || r.Optimizer != (OptimizerSpec{Name: "rmsprop", Momentum: 0.9}) {
		t.Errorf("rmsprop: %v %+v", err, r.Optimizer)
	}
	i := s.Clone()
	// Changing init or schedule kind keeps the other kinds' parameters, so
	// that a comparison varying them can give each kind its own.
	if err := i.Set("init", "xavier"); err != nil || i.Model.InitStd != 0.5 {
		t.Errorf("init xavier: %v %+v", err, i.Model)
	}
	k := s.Clone()
	if err := k.Set("schedule", "exponential"); err != nil || k.Schedule != (ScheduleSpec{Kind: "exponential", StepSize: 10, Gamma: 0.5}) {
		t.Errorf("schedule exponential: %v %+v", err, k.Schedule)
	}
	if err := k.Set("schedule", "cosine"); err != nil || k.Schedule != (ScheduleSpec{Kind: "cosine", StepSize: 10, Gamma: 0.5}) {
		t.Errorf("schedule cosine: %v %+v", err, k.Schedule)
	}
	f := s.Clone()
	if err := f.Set("dataset", "fashion"); err != nil {
		t.Fatal(err)
	}
	if f.Data.Noise != nil || f.Data.Features != nil || f.Model.Layers[1].Units != 10 {
		t.Errorf("dataset fashion: %+v %+v", f.Data, f.Model.Layers)
	}
	if err := f.Validate(); err != nil {
		t.Errorf("fashion spec invalid: %v", err)
	}
	g := s.Clone()
	g.Loss = "cross_entropy"
	if err := g.Set("dataset", "regression2d"); err != nil {
		t.Fatal(err)
	}
	if g.Loss != "" || g.Model.Layers[1].Units != 1 || len(g.Data.Features) != 1 || g.Data.Noise == nil {
		t.Errorf("dataset regression2d: loss %q layers %+v data %+v", g.Loss, g.Model.Layers, g.Data)
	}
	h := s.Clone()
	if err := h.Set("dataset", "moons"); err != nil || h.Data.Noise == nil || *h.Data.Noise != 0.2 || h.Model.Layers[1].Units != 2 {
		t.Errorf("dataset moons: %v %+v", err, h.Data)
	}
	fn := mustDecode(t, "function: {name: quadratic, condition: 4, start: [1, 2]}\n")
	if err := fn.Set("function", "himmelblau"); err != nil || !reflect.DeepEqual(*fn.Function, FunctionSpec{Name: "himmelblau"}) {
		t.Errorf("function himmelblau: %v %+v", err, fn.Function)
	}
}

func TestSpecClone(t *testing.T) {
	a, b, c := 0.1, 0.2, 0.3
	s := &Spec{
		Name: "n", Seed: 1,
		Data: DataSpec{Set: "inline", N: 3, Noise: &a, Test: &b, Features: []string{"x2"},
			Inputs: [][]float64{{1, 2}}, Targets: [][]float64{{1}}, TestInputs: [][]float64{{3, 4}}, TestTargets: [][]float64{{0}}, Dir: "d"},
		Model: ModelSpec{Layers: []LayerSpec{{Units: 2, Activation: "relu", Residual: true, Dropout: 0.5}}, Init: "normal",
			Weights: []WeightsSpec{{W: [][]float64{{1, 2}}, B: []float64{3}}}},
		Loss:      "mse",
		Optimizer: OptimizerSpec{Name: "adam", LR: &c, Alpha: &a, Beta1: &b, Beta2: &c, Eps: &a},
		Schedule:  ScheduleSpec{Kind: "cosine", Momentum: &RampSpec{From: 0.1, To: 0.2, Steps: 3}},
		Function:  &FunctionSpec{Name: "quadratic", Start: []float64{1, 2}},
	}
	orig, _ := Encode(s)
	d := s.Clone()
	if !reflect.DeepEqual(d, s) {
		t.Fatalf("clone differs")
	}
	// Change everything reachable in the clone; the original must not move.
	*d.Data.Noise, *d.Data.Test = 9, 9
	d.Data.Features[0] = "y2"
	d.Data.Inputs[0][0], d.Data.Targets[0][0], d.Data.TestInputs[0][0], d.Data.TestTargets[0][0] = 9, 9, 9, 9
	d.Model.Layers[0].Units = 9
	d.Model.Weights[0].W[0][0], d.Model.Weights[0].B[0] = 9, 9
	*d.Optimizer.LR, *d.Optimizer.Alpha, *d.Optimizer.Beta1, *d.Optimizer.Beta2, *d.Optimizer.Eps = 9, 9, 9, 9, 9
	d.Schedule.Momentum.To = 9
	d.Function.Start[0] = 9
	d.Function.Name = "x"
	if now, _ := Encode(s); string(now) != string(orig) {
		t.Errorf("changing the clone changed the original:\n%s\nwas\n%s", now, orig)
	}
	var nilSpec *Spec
	if nilSpec.Clone() != nil {
		t.Errorf("Clone(nil) != nil")
	}
	if e := (&Spec{}).Clone(); e.Data.Features != nil || e.Function != nil {
		t.Errorf("clone of empty spec grew values: %+v", e)
	}
}

func TestSpecShortNames(t *testing.T) {
	names := ShortNames()
	if len(names) != len(aliases)+4 || names[0][0] != "layers" {
		t.Errorf("ShortNames: %v", names)
	}
}
