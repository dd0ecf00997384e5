package spec

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

// problemsOf decodes text (which must decode) and returns Validate's
// problems as "path: message" strings.
func problemsOf(t *testing.T, text string) []string {
	t.Helper()
	s, err := Decode([]byte(text), "t.yaml")
	if err != nil {
		t.Fatalf("Decode: %v\n%s", err, text)
	}
	return errLines(s.Validate())
}

func errLines(err error) []string {
	if err == nil {
		return nil
	}
	var ve *ValidationError
	if !errors.As(err, &ve) {
		return []string{"not a *ValidationError: " + err.Error()}
	}
	var out []string
	for _, p := range ve.Problems {
		out = append(out, p.Error())
	}
	return out
}

const circleSpec = `
data: {set: circle}
model:
  layers:
    - {units: 16, activation: tanh}
    - {units: 16, activation: tanh}
    - {units: 2, activation: softmax}
`

func TestValidateGoodSpecs(t *testing.T) {
	for name, text := range map[string]string{
		"circle":                  circleSpec,
		"minimal":                 "data: {set: xor}\n",
		"relu default he":         "data: {set: gauss}\nmodel: {layers: [{units: 4, activation: relu}, {units: 2}]}\n",
		"linear logits":           "data: {set: circle}\nmodel: {layers: [{units: 2, activation: linear}]}\n",
		"mse one unit":            "data: {set: circle}\nloss: mse\nmodel: {layers: [{units: 3}, {units: 1, activation: sigmoid}]}\n",
		"mse one-hot":             "data: {set: circle}\nloss: half_sse\nmodel: {layers: [{units: 2, activation: sigmoid}]}\n",
		"hinge":                   "data: {set: spiral}\nloss: hinge\nmodel: {layers: [{units: 2}]}\n",
		"fashion":                 "data: {set: fashion}\nmodel: {layers: [{units: 10}]}\n",
		"regression2d":            "data: {set: regression2d, features: [xy]}\nmodel: {layers: [{units: 1}]}\nloss: half_sse\n",
		"inline labels":           "data: {set: inline, inputs: [[0], [1], [2]], targets: [[0], [2], [1]]}\nloss: cross_entropy\nmodel: {layers: [{units: 3}]}\n",
		"inline bce":              "data: {set: inline, inputs: [[0], [1]], targets: [[0.2], [1]], test_inputs: [[3]], test_targets: [[0]]}\nloss: bce\nmodel: {layers: [{units: 1, activation: sigmoid}]}\nregularization: {early_stop: 3}\n",
		"inline regress":          "data: {set: inline, inputs: [[0, 1]], targets: [[5, 6, 7]]}\nmodel: {layers: [{units: 3}]}\n",
		"residual":                "data: {set: circle}\nmodel: {layers: [{units: 2, residual: true}, {units: 2}]}\n",
		"weights no b":            "data: {set: inline, inputs: [[1, 2]], targets: [[1]]}\nmodel: {layers: [{units: 1}], weights: [{w: [[1, 2]]}]}\n",
		"adam all":                "data: {set: moons}\noptimizer: {name: adam, lr: 0.01, beta1: 0.8, beta2: 0.99, eps: 1e-7, weight_decay: 0.1}\n",
		"rmsprop momentum":        "data: {set: moons}\noptimizer: {name: rmsprop, alpha: 0.9, momentum: 0.5}\nschedule: {momentum: {from: 0, to: 0.5, steps: 10}}\n",
		"adagrad":                 "data: {set: moons}\noptimizer: {name: adagrad, eps: 1e-10}\n",
		"epochs only":             "data: {set: moons}\nepochs: 3\n",
		"exponential":             "data: {set: moons}\nschedule: {kind: exponential, gamma: 0.999}\n",
		"inverse_time":            "data: {set: moons}\nschedule: {kind: inverse_time, k: 0.01}\n",
		"cosine default":          "data: {set: moons}\nschedule: {kind: cosine}\n",
		"step default":            "data: {set: moons}\nschedule: {kind: step, step_size: 10}\n",
		"other kinds' parameters": "data: {set: moons}\nschedule: {kind: cosine, step_size: 10, gamma: 0.5, k: 0.01}\nmodel: {init: xavier, init_std: 0.1, init_limit: 0.2}\n",
		"uniform":                 "data: {set: moons}\nmodel: {init: uniform, init_limit: 0.1, bias: 0.1}\n",
		"normal":                  "data: {set: moons}\nmodel: {init: normal, init_std: 1}\n",
		"function":                "function: {name: rosenbrock}\noptimizer: {lr: 0.001}\n",
		"himmelblau":              "function: {name: himmelblau, start: [1, 1]}\nschedule: {kind: cosine, t_max: 10}\n",
		"seed max":                "data: {set: circle}\nseed: 18446744073709551615\n",
		"fashion n":               "data: {set: fashion, n: 70000, dir: /tmp}\n",
		"test zero":               "data: {set: circle, test: 0, noise: 0}\n",
	} {
		if got := problemsOf(t, text); got != nil {
			t.Errorf("%s: want no problems, got\n%s", name, strings.Join(got, "\n"))
		}
	}
}

func TestValidateProblems(t *testing.T) {
	const out2 = "data: {set: circle}\nmodel: {layers: [{units: 2}]}\n"
	cases := []struct {
		name, text string
		want       []string
	}{
		{"units zero", circleSpec[:len(circleSpec)-len("    - {units: 2, activation: softmax}\n")] + "    - {units: 0}\n",
			[]string{"model.layers[2].units: must be at least 1, got 0"}},
		{"units over limit", "data: {set: circle}\nmodel: {layers: [{units: 5000}, {units: 2}]}\n",
			[]string{"model.layers[0].units: must be at most 4096 (a limit of nnlab), got 5000"}},
		{"too many layers", "data: {set: circle}\nmodel: {layers: [" + strings.Repeat("{units: 2},", 65) + "{units: 2}]}\n",
			[]string{"model.layers: has 66 layers, over the limit of 64"}},
		{"too many params", "data: {set: fashion}\nmodel: {layers: [{units: 4096}, {units: 4096}, {units: 10}]}\n",
			[]string{"model.layers: the model has 20037642 weights and biases, over the limit of 5000000"}},
		{"unknown loss", "loss: mae\n" + out2,
			[]string{`loss: unknown "mae" (allowed: mse, cross_entropy, bce, hinge, half_sse)`}},
		{"softmax hidden", "data: {set: circle}\nmodel: {layers: [{units: 4}, {units: 4, activation: softmax}, {units: 2}]}\n",
			[]string{"model.layers[1].activation: softmax is only allowed on the output layer"}},
		{"unknown activation", "data: {set: circle}\nmodel: {layers: [{units: 4, activation: gelu}, {units: 2}]}\n",
			[]string{`model.layers[0].activation: unknown "gelu" (allowed: linear, sigmoid, tanh, relu, leaky_relu, softmax)`}},
		{"softmax one unit", "data: {set: inline, inputs: [[1]], targets: [[1]]}\nmodel: {layers: [{units: 1, activation: softmax}]}\n",
			[]string{"model.layers[0].activation: softmax over 1 unit always outputs 1; use sigmoid, or one unit per class"}},
		{"residual width", "data: {set: circle}\nmodel: {layers: [{units: 8, residual: true}, {units: 2}]}\n",
			[]string{"model.layers[0].residual: needs the layer's input width (2) to equal its units (8)"}},
		{"residual features", "data: {set: circle, features: [x2, y2]}\nmodel: {layers: [{units: 4, residual: true}, {units: 2, residual: true}]}\n",
			[]string{"model.layers[1].residual: only allowed on hidden layers (the last layer is the output layer)"}},
		{"dropout one", "data: {set: circle}\nmodel: {layers: [{units: 4, dropout: 1}, {units: 2, dropout: 0.5}]}\n",
			[]string{"model.layers[0].dropout: must be from 0 to below 1, got 1",
				"model.layers[1].dropout: only allowed on hidden layers (the last layer is the output layer)"}},
		{"ce sigmoid", "loss: cross_entropy\ndata: {set: circle}\nmodel: {layers: [{units: 2, activation: sigmoid}]}\n",
			[]string{"loss: cross_entropy needs a softmax or linear output layer, got sigmoid"}},
		{"ce default loss", "data: {set: circle}\nmodel: {layers: [{units: 1, activation: sigmoid}]}\n",
			[]string{"loss: cross_entropy (the default for circle) needs a softmax or linear output layer, got sigmoid",
				"model.layers[0].units: cross_entropy needs one output unit per class: 2 for circle, got 1"}},
		{"ce units", "data: {set: circle}\nmodel: {layers: [{units: 3}]}\n",
			[]string{"model.layers[0].units: cross_entropy needs one output unit per class: 2 for circle, got 3"}},
		{"ce fashion units", "data: {set: fashion}\nmodel: {layers: [{units: 2}]}\n",
			[]string{"model.layers[0].units: cross_entropy needs one output unit per class: 10 for fashion, got 2"}},
		{"hinge softmax", "loss: hinge\ndata: {set: circle}\nmodel: {layers: [{units: 2, activation: softmax}]}\n",
			[]string{"loss: hinge needs a linear output layer (raw scores), got softmax"}},
		{"bce two units", "loss: bce\n" + "data: {set: circle}\nmodel: {layers: [{units: 2, activation: sigmoid}]}\n",
			[]string{"loss: bce needs a sigmoid output layer with 1 unit, got sigmoid with 2 units"}},
		{"bce default activation", "loss: bce\n" + "data: {set: circle}\nmodel: {layers: [{units: 1, activation: tanh}]}\n",
			[]string{"loss: bce needs a sigmoid output layer with 1 unit, got tanh with 1 unit"}},
		{"bce fashion", "loss: bce\ndata: {set: fashion}\nmodel: {layers: [{units: 1}]}\n",
			[]string{"loss: bce is for 2 classes, but fashion has 10; use cross_entropy"}},
		{"mse units", "loss: mse\ndata: {set: moons}\nmodel: {layers: [{units: 3}]}\n",
			[]string{"model.layers[0].units: mse on moons needs 2 output units (one per class) or 1 (the class index as target), got 3"}},
		{"mse fashion units", "loss: mse\ndata: {set: fashion}\nmodel: {layers: [{units: 1}]}\n",
			[]string{"model.layers[0].units: mse on fashion needs 10 output units (one per class), got 1"}},
		{"regression loss", "loss: cross_entropy\ndata: {set: regression}\nmodel: {layers: [{units: 1}]}\n",
			[]string{"loss: cross_entropy is for classes, but regression is regression data; use mse or half_sse"}},
		{"regression units", "data: {set: regression2d}\nmodel: {layers: [{units: 2}]}\n",
			[]string{"model.layers[0].units: regression2d needs 1 output unit, got 2"}},
		{"inline regress units", "data: {set: inline, inputs: [[1]], targets: [[1, 2]]}\nmodel: {layers: [{units: 1}]}\n",
			[]string{"model.layers[0].units: mse needs one output unit per target column: 2, got 1"}},
		{"weights rows", "data: {set: circle}\nmodel:\n  layers: [{units: 2}, {units: 2}]\n  weights:\n    - {w: [[1, 2], [3, 4]], b: [0, 0]}\n    - {w: [[1, 2], [3, 4], [5, 6]], b: [0, 0, 0]}\n",
			[]string{"model.weights[1].w: has 3 rows, want 2 (units)",
				"model.weights[1].b: has 3 values, want 2 (units), or leave it out for model.bias"}},
		{"weights cols", "data: {set: circle}\nmodel:\n  layers: [{units: 2}]\n  init: xavier\n  weights:\n    - {w: [[1, 2, 3], [.nan, 4]]}\n",
			[]string{"model.init: not used when model.weights is given",
				"model.weights[0].w[0]: has 3 values, want 2 (the layer's input width)",
				"model.weights[0].w[1][0]: must be a finite number, got NaN"}},
		{"weights count", "data: {set: circle}\nmodel:\n  layers: [{units: 2}, {units: 2}]\n  weights: [{w: [[1, 2], [3, 4]]}]\n",
			[]string{"model.weights: has 1 entry, want 2 (one per layer)"}},
		{"init", "data: {set: circle}\nmodel: {init: glorot, init_std: 0.1, init_limit: -1}\n",
			[]string{`model.init: unknown "glorot" (allowed: zeros, normal, uniform, xavier, xavier_normalized, xavier_normal, he_uniform, he_normal)`,
				"model.init_limit: must be above 0, got -1"}},
		{"init_std negative", "data: {set: circle}\nmodel: {init: normal, init_std: -0.1, bias: .inf}\n",
			[]string{"model.init_std: must be above 0, got -0.1", "model.bias: must be a finite number, got +Inf"}},
		{"lr zero", "data: {set: circle}\noptimizer: {lr: 0}\n",
			[]string{"optimizer.lr: must be above 0, got 0"}},
		{"lr nan", "data: {set: circle}\noptimizer: {lr: .nan}\n",
			[]string{"optimizer.lr: must be a finite number, got NaN"}},
		{"lr inf", "data: {set: circle}\noptimizer: {lr: -.inf}\n",
			[]string{"optimizer.lr: must be a finite number, got -Inf"}},
		{"name with bidi", "name: \"admin\\u202egnp.exe\"\ndata: {set: circle}\n",
			[]string{"name: contains a control, bidi or zero-width character (such as a tab, a newline or U+202E); use plain text"}},
		{"name with zero width", "name: \"a\\u200bb\"\ndata: {set: circle}\n",
			[]string{"name: contains a control, bidi or zero-width character (such as a tab, a newline or U+202E); use plain text"}},
		{"name with escape", "name: \"\\e]0;title\\a\"\ndata: {set: circle}\n",
			[]string{"name: contains a control, bidi or zero-width character (such as a tab, a newline or U+202E); use plain text"}},
		{"output activation unknown", "data: {set: circle}\nmodel: {layers: [{units: 2, activation: \"x\\e]52;c;cHduZWQ=\\a\"}]}\n",
			[]string{`model.layers[0].activation: unknown "x\x1b]52;c;cHduZWQ=\a" (allowed: linear, sigmoid, tanh, relu, leaky_relu, softmax)`,
				`loss: cross_entropy (the default for circle) needs a softmax or linear output layer, got x\x1b]52;c;cHduZWQ=\x07`}},
		{"optimizer name", "data: {set: circle}\noptimizer: {name: lbfgs, lr: -1}\n",
			[]string{`optimizer.name: unknown "lbfgs" (allowed: sgd, rmsprop, adagrad, adam, adamw)`}},
		{"momentum", "data: {set: circle}\noptimizer: {momentum: 1, weight_decay: -1}\n",
			[]string{"optimizer.momentum: must be from 0 to below 1, got 1", "optimizer.weight_decay: must be 0 or more, got -1"}},
		{"nesterov no momentum", "data: {set: circle}\noptimizer: {nesterov: true}\n",
			[]string{"optimizer.nesterov: needs optimizer.momentum above 0"}},
		{"nesterov adam", "data: {set: circle}\noptimizer: {name: adam, nesterov: true, momentum: 0.9}\n",
			[]string{"optimizer.momentum: not used by adam (its momentum is beta1)", "optimizer.nesterov: only for sgd, not adam"}},
		{"momentum adagrad", "data: {set: circle}\noptimizer: {name: adagrad, momentum: 0.9}\nschedule: {momentum: {from: 0.5, to: 0.9, steps: 10}}\n",
			[]string{"optimizer.momentum: not used by adagrad (allowed for sgd and rmsprop)",
				"schedule.momentum: adagrad has no momentum to ramp (use sgd, rmsprop or adam)"}},
		{"betas", "data: {set: circle}\noptimizer: {name: adam, beta1: 1, beta2: -0.1, eps: 0}\n",
			[]string{"optimizer.beta1: must be from 0 to below 1, got 1",
				"optimizer.beta2: must be from 0 to below 1, got -0.1",
				"optimizer.eps: must be above 0, got 0"}},
		{"betas sgd", "data: {set: circle}\noptimizer: {beta1: 0.9, alpha: 0.9, eps: 1e-8}\n",
			[]string{"optimizer.alpha: only used by rmsprop, not sgd",
				"optimizer.beta1: only used by adam and adamw, not sgd",
				"optimizer.eps: not used by sgd"}},
		{"adamw", "data: {set: circle}\noptimizer: {name: adamw, lr: 0.5, weight_decay: 3, momentum: 0.9, clip_norm: -1}\nschedule: {warmup: -2}\n",
			[]string{"optimizer.momentum: not used by adamw (its momentum is beta1)",
				"optimizer.weight_decay: adamw multiplies every weight by 1 − lr·weight_decay each step; 0.5·3 = 1.5 would flip or zero them: want lr·weight_decay below 1",
				"optimizer.clip_norm: must be above 0, got -1",
				"schedule.warmup: must be at least 0, got -2"}},
		{"weight decay", "data: {set: circle}\noptimizer: {name: sgd, weight_decay: -0.1, clip_norm: .nan}\n",
			[]string{"optimizer.weight_decay: must be 0 or more, got -0.1",
				"optimizer.clip_norm: must be a finite number, got NaN"}},
		{"validation", "data: {set: circle, validation: 0.6}\nseeds: 17\n",
			[]string{"seeds: must be at most 16 (a limit of nnlab), got 17",
				"data.validation: must be from 0 to 0.5, got 0.6"}},
		{"validation inline", "data: {set: inline, inputs: [[1], [2]], targets: [[0], [1]], validation: 0.2, validation_inputs: [[1, 2]]}\nloss: cross_entropy\nmodel: {layers: [{units: 2}]}\nregularization: {restore_best: true}\n",
			[]string{"data.validation: not used by set inline (give validation_inputs and validation_targets)",
				"data.validation_targets: required when data.validation_inputs is given"}},
		{"restore_best without held-out data", "data: {set: xor, test: 0}\nregularization: {restore_best: true}\n",
			[]string{"regularization.restore_best: needs a validation or test set to choose the best weights by; data.validation and data.test are 0"}},
		{"validation rows", "data: {set: inline, inputs: [[1], [2]], targets: [[0], [1]], validation_inputs: [[1], [2, 3]], validation_targets: [[5]]}\nloss: cross_entropy\nmodel: {layers: [{units: 2}]}\n",
			[]string{"data.validation_inputs[1]: has 2 values, want 1 (like data.inputs[0])",
				"data.validation_targets: has 1 row, want 2 (one per row of data.validation_inputs)",
				"model.layers[0].units: cross_entropy needs at least 6 output units (one per class, labels 0 to 5), got 2"}},
		{"validation fashion", "data: {set: fashion, validation: 0.1}\nseeds: 3\n",
			nil},
		{"function seeds", "function: {name: quadratic}\nseeds: 3\n",
			[]string{"seeds: a test function has no randomness: every seed walks the same path; leave seeds out"}},
		{"regression validation", "data: {set: regression, validation: 0.2, test: 0}\nregularization: {early_stop: 3}\nmodel: {layers: [{units: 1}]}\n",
			nil},
		{"counts", "data: {set: circle}\nbatch: -1\nsteps: -5\nepochs: -1\neval_every: -2\n",
			[]string{"steps: must be at least 0, got -5", "epochs: must be at least 0, got -1",
				"eval_every: must be at least 0, got -2", "batch: must be at least 0, got -1"}},
		{"count limits", "data: {set: circle}\nbatch: 100000\nsteps: 20000000\n",
			[]string{"steps: must be at most 10000000 (a limit of nnlab), got 20000000",
				"batch: must be at most 65536 (a limit of nnlab), got 100000"}},
		{"schedule step", "data: {set: circle}\nschedule: {kind: step, gamma: 1.5, k: 1}\n",
			[]string{"schedule.step_size: step needs a step_size of at least 1, got 0",
				"schedule.gamma: step needs gamma above 0 and at most 1, got 1.5"}},
		{"schedule exponential", "data: {set: circle}\nschedule: {kind: exponential, step_size: 3}\n",
			[]string{"schedule.gamma: exponential needs gamma above 0 and at most 1, got 0"}},
		{"schedule inverse_time", "data: {set: circle}\nschedule: {kind: inverse_time, k: -1, t_max: 4}\n",
			[]string{"schedule.k: must be 0 or more, got -1"}},
		{"schedule cosine", "data: {set: circle}\nepochs: 10\nschedule: {kind: cosine, lr_min: -1, gamma: 0.5}\n",
			[]string{"schedule.t_max: cosine needs a t_max of at least 1, got 0 (it defaults to steps when steps is set)",
				"schedule.lr_min: must be 0 or more, got -1"}},
		{"schedule unused parameters", "data: {set: circle}\nschedule: {kind: cosine, gamma: .nan, k: .inf, step_size: -3}\n",
			[]string{"schedule.step_size: must be at least 1, got -3",
				"schedule.gamma: must be a finite number, got NaN",
				"schedule.k: must be a finite number, got +Inf"}},
		{"schedule unused ranges", "data: {set: circle}\nschedule: {gamma: 2, t_max: -1, lr_min: -.inf}\n",
			[]string{"schedule.gamma: must be above 0 and at most 1, got 2",
				"schedule.t_max: must be at least 1, got -1",
				"schedule.lr_min: must be a finite number, got -Inf"}},
		{"init unused parameters", "data: {set: circle}\nmodel: {init: xavier, init_std: .nan, init_limit: -.inf}\n",
			[]string{"model.init_std: must be a finite number, got NaN",
				"model.init_limit: must be a finite number, got -Inf"}},
		{"schedule kind", "data: {set: circle}\nschedule: {kind: linear, lr_min: 0.1}\n",
			[]string{`schedule.kind: unknown "linear" (allowed: constant, step, exponential, inverse_time, cosine)`}},
		{"ramp", "data: {set: circle}\nschedule: {momentum: {from: 1, to: -0.5, steps: -1}}\n",
			[]string{"schedule.momentum.from: must be from 0 to below 1, got 1",
				"schedule.momentum.to: must be from 0 to below 1, got -0.5",
				"schedule.momentum.steps: must be at least 0, got -1"}},
		{"regularization", "data: {set: circle, test: 0}\nregularization: {l1: -1, l2: .nan, early_stop: 3}\n",
			[]string{"regularization.l1: must be 0 or more, got -1",
				"regularization.l2: must be a finite number, got NaN",
				"regularization.early_stop: needs a validation or test set to watch; data.validation and data.test are 0"}},
		{"early stop inline", "data: {set: inline, inputs: [[1]], targets: [[1]]}\nregularization: {early_stop: 3}\n",
			[]string{"regularization.early_stop: needs a validation or test set to watch; give data.validation_inputs and data.validation_targets (or test_inputs and test_targets)"}},
		{"no set", "model: {layers: [{units: 2}]}\n",
			[]string{"data.set: required (allowed: circle, xor, gauss, spiral, moons, regression, regression2d, fashion, inline)"}},
		{"unknown set", "data: {set: circles, n: 100}\n",
			[]string{`data.set: unknown "circles" (allowed: circle, xor, gauss, spiral, moons, regression, regression2d, fashion, inline)`}},
		{"data n", "data: {set: circle, n: 5, noise: 2, test: 0.95}\n",
			[]string{"data.n: must be at least 10, got 5", "data.noise: must be from 0 to 1, got 2", "data.test: must be from 0 to 0.9, got 0.95"}},
		{"data n max", "data: {set: spiral, n: 2000000, noise: .nan}\n",
			[]string{"data.n: must be at most 1000000 (a limit of nnlab), got 2000000", "data.noise: must be a finite number, got NaN"}},
		{"fashion fields", "data: {set: fashion, n: 80000, noise: 0.1, test: 0.2, features: [x2], inputs: [[1]]}\n",
			[]string{"data.n: must be at most 70000 (a limit of nnlab), got 80000",
				"data.noise: not used by set fashion",
				"data.test: not used by set fashion (it has its own test set)",
				"data.features: not used by set fashion (derived features are for the 2-D sets: circle, xor, gauss, spiral, moons, regression2d)",
				"data.inputs: not used by set fashion (only inline)"}},
		{"features", "data: {set: circle, features: [x2, x3, x2, \"\"], dir: d}\nmodel: {layers: [{units: 2}]}\n",
			[]string{`data.features[1]: unknown "x3" (allowed: x2, y2, xy, sinx, siny)`,
				`data.features[2]: "x2" is listed twice`,
				"data.features[3]: required (allowed: x2, y2, xy, sinx, siny)",
				"data.dir: not used by set circle (only fashion reads files)"}},
		{"features regression", "data: {set: regression, features: [sinx]}\n",
			[]string{"data.features: not used by set regression (derived features are for the 2-D sets: circle, xor, gauss, spiral, moons, regression2d)"}},
		{"inline missing", "data: {set: inline, n: 4, test: 0.5}\nmodel: {layers: [{units: 1}]}\n",
			[]string{"data.n: not used by set inline (the rows are the data)",
				"data.test: not used by set inline (give test_inputs and test_targets)",
				"data.inputs: required for set inline (one row of numbers per sample)",
				"data.targets: required for set inline (one row per row of data.inputs)"}},
		{"inline ragged", "data: {set: inline, inputs: [[1, 2], [3], [4, .inf]], targets: [[1], [2]]}\nmodel: {layers: [{units: 1}]}\n",
			[]string{"data.inputs[1]: has 1 value, want 2 (like data.inputs[0])",
				"data.inputs[2][1]: must be a finite number, got +Inf",
				"data.targets: has 2 rows, want 3 (one per row of data.inputs)"}},
		{"inline test rows", "data: {set: inline, inputs: [[1, 2]], targets: [[1]], test_inputs: [[1]], test_targets: [[1], [2]]}\nmodel: {layers: [{units: 1}]}\n",
			[]string{"data.test_inputs[0]: has 1 value, want 2 (like data.inputs[0])",
				"data.test_targets: has 2 rows, want 1 (one per row of data.test_inputs)"}},
		{"inline test half", "data: {set: inline, inputs: [[1]], targets: [[1]], test_inputs: [[1]]}\nmodel: {layers: [{units: 1}]}\n",
			[]string{"data.test_targets: required when data.test_inputs is given"}},
		{"inline labels", "loss: cross_entropy\ndata: {set: inline, inputs: [[1], [2], [3]], targets: [[1.5], [-1], [1]], test_inputs: [[1]], test_targets: [[5000]]}\nmodel: {layers: [{units: 2}]}\n",
			[]string{"data.targets[0]: cross_entropy needs a class index (a whole number from 0 to 4095), got 1.5",
				"data.targets[1]: cross_entropy needs a class index (a whole number from 0 to 4095), got -1",
				"data.test_targets[0]: cross_entropy needs a class index (a whole number from 0 to 4095), got 5000"}},
		{"inline label columns", "loss: hinge\ndata: {set: inline, inputs: [[1]], targets: [[1, 0]]}\nmodel: {layers: [{units: 2}]}\n",
			[]string{"data.targets: hinge needs one class index per row, got 2 columns"}},
		{"inline one class", "loss: cross_entropy\ndata: {set: inline, inputs: [[1], [2]], targets: [[0], [0]]}\nmodel: {layers: [{units: 1}]}\n",
			[]string{"model.layers[0].units: cross_entropy needs at least 2 output units (one per class, labels 0 to 1), got 1"}},
		{"inline classes units", "loss: cross_entropy\ndata: {set: inline, inputs: [[1], [2]], targets: [[0], [3]]}\nmodel: {layers: [{units: 2}]}\n",
			[]string{"model.layers[0].units: cross_entropy needs at least 4 output units (one per class, labels 0 to 3), got 2"}},
		{"inline bce range", "loss: bce\ndata: {set: inline, inputs: [[1], [2]], targets: [[0], [2]]}\nmodel: {layers: [{units: 1, activation: sigmoid}]}\n",
			[]string{"data.targets[1]: bce needs targets from 0 to 1, got 2"}},
		{"function", "function: {name: quadratic, condition: 0.5, start: [1, 2, 3]}\n",
			[]string{"function.condition: must be at least 1 (the ratio of the largest to the smallest curvature), got 0.5",
				"function.start: has 3 values, want 2 (x and y)"}},
		{"function name", "function: {name: beale, condition: 3}\n",
			[]string{`function.name: unknown "beale" (allowed: quadratic, rosenbrock, himmelblau, wells)`}},
		{"function condition unused", "function: {name: rosenbrock, condition: 3, start: [.nan, 1]}\n",
			[]string{"function.condition: only used by quadratic, not rosenbrock", "function.start[0]: must be a finite number, got NaN"}},
		{"function empty", "function: {name: \"\"}\n",
			[]string{"function.name: required (allowed: quadratic, rosenbrock, himmelblau, wells)"}},
		{"function with data", "function: {name: quadratic}\ndata: {set: circle}\nmodel: {layers: [{units: 2}]}\nloss: mse\nbatch: 3\nepochs: 2\neval_every: 5\nprecision: float32\nregularization: {l2: 0.1}\n",
			[]string{"data: not used when function is set; remove it (or remove function to train a network)",
				"model: not used when function is set; remove it (or remove function to train a network)",
				"loss: not used when function is set; remove it (or remove function to train a network)",
				"batch: not used when function is set; remove it (or remove function to train a network)",
				"epochs: not used when function is set; remove it (or remove function to train a network)",
				"eval_every: not used when function is set; remove it (or remove function to train a network)",
				"precision: not used when function is set; remove it (or remove function to train a network)",
				"regularization: not used when function is set; remove it (or remove function to train a network)"}},
		{"precision", "data: {set: circle}\nprecision: float16\n",
			[]string{`precision: unknown "float16" (allowed: float64, float32)`}},
		{"empty spec", "name: nothing\n",
			[]string{"data.set: required (allowed: circle, xor, gauss, spiral, moons, regression, regression2d, fashion, inline)"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := problemsOf(t, c.text)
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("spec:\n%s\ngot:\n  %s\nwant:\n  %s", c.text, strings.Join(got, "\n  "), strings.Join(c.want, "\n  "))
			}
		})
	}
}

func TestValidateCapsProblems(t *testing.T) {
	var b strings.Builder
	b.WriteString("data: {set: circle}\nmodel:\n  layers:\n")
	for range 60 {
		b.WriteString("    - {units: 0}\n")
	}
	got := problemsOf(t, b.String())
	if len(got) != maxProblems+1 || got[len(got)-1] != "10 more problems not shown" {
		t.Errorf("got %d problems, last %q", len(got), got[len(got)-1])
	}
}

func TestValidateDoesNotChangeSpec(t *testing.T) {
	s, err := Decode([]byte(circleSpec), "c.yaml")
	if err != nil {
		t.Fatal(err)
	}
	before := s.Clone()
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(s, before) {
		t.Errorf("Validate changed the spec")
	}
	var nilSpec *Spec
	if nilSpec.Validate() == nil {
		t.Errorf("nil spec validated")
	}
}

func TestSpecDefaults(t *testing.T) {
	f := ptr
	cases := []struct {
		name, text string
		want       Spec
	}{
		{"circle", "data: {set: circle}\nmodel: {layers: [{units: 8}, {units: 2}]}\n", Spec{
			Data:      DataSpec{Set: "circle", N: 500, Noise: f(0.1), Test: f(0.5)},
			Model:     ModelSpec{Layers: []LayerSpec{{Units: 8, Activation: "tanh"}, {Units: 2, Activation: "softmax"}}, Init: "xavier_normalized"},
			Loss:      "cross_entropy",
			Optimizer: OptimizerSpec{Name: "sgd", LR: f(0.1)},
			Schedule:  ScheduleSpec{Kind: "constant"},
			Steps:     1000,
		}},
		{"no layers", "data: {set: spiral}\n", Spec{
			Data:      DataSpec{Set: "spiral", N: 500, Noise: f(0.1), Test: f(0.5)},
			Model:     ModelSpec{Layers: []LayerSpec{{Units: 2, Activation: "softmax"}}, Init: "xavier_normalized"},
			Loss:      "cross_entropy",
			Optimizer: OptimizerSpec{Name: "sgd", LR: f(0.1)},
			Schedule:  ScheduleSpec{Kind: "constant"},
			Steps:     1000,
		}},
		{"relu he rmsprop", "data: {set: regression, n: 40, noise: 0}\nmodel: {layers: [{units: 8, activation: relu}, {units: 8, activation: leaky_relu}, {units: 1}]}\noptimizer: {name: rmsprop}\nepochs: 5\nschedule: {kind: step, step_size: 2}\n", Spec{
			Data:      DataSpec{Set: "regression", N: 40, Noise: f(0), Test: f(0.5)},
			Model:     ModelSpec{Layers: []LayerSpec{{Units: 8, Activation: "relu"}, {Units: 8, Activation: "leaky_relu"}, {Units: 1, Activation: "linear"}}, Init: "he_normal"},
			Loss:      "mse",
			Optimizer: OptimizerSpec{Name: "rmsprop", LR: f(0.01), Alpha: f(0.99), Eps: f(1e-8)},
			Schedule:  ScheduleSpec{Kind: "step", StepSize: 2, Gamma: 0.1},
			Epochs:    5,
		}},
		{"fashion adam normal", "data: {set: fashion}\nmodel: {layers: [{units: 10}], init: normal}\noptimizer: {name: adam, lr: 0.01}\nsteps: 50\nschedule: {kind: cosine}\n", Spec{
			Data:      DataSpec{Set: "fashion"},
			Model:     ModelSpec{Layers: []LayerSpec{{Units: 10, Activation: "softmax"}}, Init: "normal", InitStd: 0.01},
			Loss:      "cross_entropy",
			Optimizer: OptimizerSpec{Name: "adam", LR: f(0.01), Beta1: f(0.9), Beta2: f(0.999), Eps: f(1e-8)},
			Schedule:  ScheduleSpec{Kind: "cosine", TMax: 50},
			Steps:     50,
		}},
		{"inline adagrad uniform bce", "data: {set: inline, inputs: [[1]], targets: [[1]]}\nloss: bce\nmodel: {init: uniform, layers: [{units: 3, activation: relu}, {units: 1}]}\noptimizer: {name: adagrad}\n", Spec{
			Data:      DataSpec{Set: "inline", Inputs: [][]float64{{1}}, Targets: [][]float64{{1}}},
			Model:     ModelSpec{Layers: []LayerSpec{{Units: 3, Activation: "relu"}, {Units: 1, Activation: "sigmoid"}}, Init: "uniform", InitLimit: 0.05},
			Loss:      "bce",
			Optimizer: OptimizerSpec{Name: "adagrad", LR: f(0.01), Eps: f(1e-10)},
			Schedule:  ScheduleSpec{Kind: "constant"},
			Steps:     1000,
		}},
		{"inline weights hinge", "data: {set: inline, inputs: [[1]], targets: [[1]]}\nloss: hinge\nmodel: {layers: [{units: 2}], weights: [{w: [[1], [2]]}]}\n", Spec{
			Data:      DataSpec{Set: "inline", Inputs: [][]float64{{1}}, Targets: [][]float64{{1}}},
			Model:     ModelSpec{Layers: []LayerSpec{{Units: 2, Activation: "linear"}}, Weights: []WeightsSpec{{W: [][]float64{{1}, {2}}}}},
			Loss:      "hinge",
			Optimizer: OptimizerSpec{Name: "sgd", LR: f(0.1)},
			Schedule:  ScheduleSpec{Kind: "constant"},
			Steps:     1000,
		}},
		{"quadratic", "function: {name: quadratic}\n", Spec{
			Function:  &FunctionSpec{Name: "quadratic", Condition: 10, Start: []float64{1, 1}},
			Optimizer: OptimizerSpec{Name: "sgd", LR: f(0.1)},
			Schedule:  ScheduleSpec{Kind: "constant"},
			Steps:     1000,
		}},
		{"rosenbrock", "function: {name: rosenbrock}\nsteps: 10\n", Spec{
			Function:  &FunctionSpec{Name: "rosenbrock", Start: []float64{-1.5, 2}},
			Optimizer: OptimizerSpec{Name: "sgd", LR: f(0.1)},
			Schedule:  ScheduleSpec{Kind: "constant"},
			Steps:     10,
		}},
		{"himmelblau", "function: {name: himmelblau}\n", Spec{
			Function:  &FunctionSpec{Name: "himmelblau", Start: []float64{0, 0}},
			Optimizer: OptimizerSpec{Name: "sgd", LR: f(0.1)},
			Schedule:  ScheduleSpec{Kind: "constant"},
			Steps:     1000,
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, err := Decode([]byte(c.text), "d.yaml")
			if err != nil {
				t.Fatal(err)
			}
			s.Defaults()
			if !reflect.DeepEqual(*s, c.want) {
				a, _ := Encode(s)
				b, _ := Encode(&c.want)
				t.Errorf("got:\n%s\nwant:\n%s", a, b)
			}
			again := s.Clone()
			again.Defaults()
			if !reflect.DeepEqual(again, s) {
				t.Errorf("Defaults is not idempotent")
			}
		})
	}
	var nilSpec *Spec
	nilSpec.Defaults() // must not panic
	// Unknown names get no defaults and do not panic.
	s := &Spec{Data: DataSpec{Set: "nope"}, Optimizer: OptimizerSpec{Name: "nope"}, Function: nil}
	s.Defaults()
	if s.Loss != "" || s.Optimizer.LR != nil || len(s.Model.Layers) != 0 {
		t.Errorf("defaults for unknown names: %+v", s)
	}
}

func TestSpecHelpers(t *testing.T) {
	cases := []struct {
		text                    string
		width, classes, outputs int
		class                   bool
	}{
		{"data: {set: circle}", 2, 2, 2, true},
		{"data: {set: xor, features: [x2, y2, xy, sinx, siny]}", 7, 2, 2, true},
		{"data: {set: moons}\nloss: bce", 2, 2, 1, true},
		{"data: {set: regression}", 1, 0, 1, false},
		{"data: {set: regression2d, features: [xy]}", 3, 0, 1, false},
		{"data: {set: fashion}", 784, 10, 10, true},
		{"data: {set: inline, inputs: [[1, 2, 3]], targets: [[1, 2]]}", 3, 0, 2, false},
		{"data: {set: inline, inputs: [[1, 2, 3], [4, 5, 6]], targets: [[1], [2]], test_targets: [[6]]}\nloss: cross_entropy", 3, 7, 7, true},
		{"data: {set: inline, inputs: [[1]], targets: [[1]]}\nloss: bce", 1, 2, 1, true},
		{"data: {set: inline}", 0, 0, 0, false},
		{"data: {set: other}", 0, 0, 0, false},
		{"function: {name: quadratic}", 0, 0, 0, false},
	}
	for _, c := range cases {
		s, err := Decode([]byte(c.text), "h.yaml")
		if err != nil {
			t.Fatal(err)
		}
		if w, k, o, cl := s.InputWidth(), s.Classes(), s.OutputUnits(), s.IsClassification(); w != c.width || k != c.classes || o != c.outputs || cl != c.class {
			t.Errorf("%q: width %d classes %d outputs %d classification %v; want %d %d %d %v", c.text, w, k, o, cl, c.width, c.classes, c.outputs, c.class)
		}
	}
	var nilSpec *Spec
	if nilSpec.InputWidth() != 0 || nilSpec.Classes() != 0 || nilSpec.OutputUnits() != 0 || nilSpec.IsClassification() {
		t.Errorf("nil spec helpers")
	}
}

func TestSpecAllowedValues(t *testing.T) {
	for path, first := range map[string]string{
		"init": "zeros", "model.init": "zeros", "activation": "linear", "model.layers[3].activation": "linear",
		"model.layers[*].activation": "linear", "output_activation": "linear", "loss": "mse", "optimizer": "sgd",
		"dataset": "circle", "features": "x2", "data.features[0]": "x2", "schedule": "constant", "function.name": "quadratic",
	} {
		if got := AllowedValues(path); len(got) == 0 || got[0] != first {
			t.Errorf("AllowedValues(%q) = %v", path, got)
		}
	}
	if got := AllowedValues("optimizer.lr"); got != nil {
		t.Errorf("AllowedValues(lr) = %v", got)
	}
	AllowedValues("loss")[0] = "changed"
	if AllowedValues("loss")[0] != "mse" {
		t.Errorf("AllowedValues shares its slice")
	}
}
