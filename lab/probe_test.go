package lab

import (
	"math"
	"strings"
	"testing"

	"github.com/nnlab/nnlab/lab/spec"
)

// loadText decodes, checks and completes a spec written inline.
func loadText(t *testing.T, text string) *spec.Spec {
	t.Helper()
	s, err := spec.Load([]byte(text), "t.yaml")
	if err != nil {
		t.Fatal(err)
	}
	s.Defaults()
	return s
}

// TestProbeQuantities checks the quantities beyond the worked example's
// against values worked out by hand.
func TestProbeQuantities(t *testing.T) {
	// One sample x = (1, 2), three classes, scores z = W·x = (0, 1.5, 0).
	three := "seed: 1\ndata: {set: inline, inputs: [[1, 2]], targets: [[0]]}\n" +
		"model: {layers: [{units: 3, activation: %s}], weights: [{w: [[1, -0.5], [0.5, 0.5], [-1, 0.5]], b: [0, 0, 0]}]}\nloss: %s\n"
	softmax := loadText(t, strings.Replace(strings.Replace(three, "%s", "softmax", 1), "%s", "cross_entropy", 1))
	hinge := loadText(t, strings.Replace(strings.Replace(three, "%s", "linear", 1), "%s", "hinge", 1))
	sum := 2 + math.Exp(1.5)
	cases := []struct {
		name    string
		s       *spec.Spec
		q       string
		layer   int
		col     int
		want    float64
		wantErr string
	}{
		{"params 2-2-2", mustLoad(t, "testdata/worked.yaml"), "params", 0, 0, 12, ""},
		{"params 2-8-4-2", loadText(t, "data: {set: moons}\nmodel: {layers: [{units: 8}, {units: 4}, {units: 2}]}\n"), "params", 0, 0, 24 + 36 + 10, ""},
		// −log p_k for each class k: p = (1, e^1.5, 1)/(2 + e^1.5).
		{"loss as class 0", softmax, "loss_class", 0, 0, math.Log(sum), ""},
		{"loss as class 1", softmax, "loss_class", 0, 1, math.Log(sum) - 1.5, ""},
		// Hinge, true class 1: (max(0, 1 − 1.5 + 0) + max(0, 1 − 1.5 + 0))/3,
		// every margin met; true class 2: (max(0, 1 − 0 + 0) + max(0, 1 − 0 +
		// 1.5))/3.
		{"hinge as class 1", hinge, "loss_class", 0, 1, 0, ""},
		{"hinge as class 2", hinge, "loss_class", 0, 2, 3.5 / 3, ""},
		{"hinge as class 0", hinge, "loss_class", 0, 0, 3.5 / 3, ""},
		{"loss_class of mse", mustLoad(t, "testdata/worked.yaml"), "loss_class", 0, 0, 0, "loss that takes them"},
		// tanh 2-8-4-2, normalized Xavier: fan_in·2/(fan_in + fan_out).
		{"gain of the first layer", loadText(t, "data: {set: moons}\nmodel: {layers: [{units: 8}, {units: 4}, {units: 2}]}\n"), "init_gain", 0, 0, 2 * 2.0 / 10, ""},
		{"gain of a tanh layer", loadText(t, "data: {set: moons}\nmodel: {layers: [{units: 8}, {units: 4}, {units: 2}]}\n"), "init_gain", 1, 0, 8 * 2.0 / 12, ""},
		{"gain after relu", loadText(t, "data: {set: moons}\nmodel: {layers: [{units: 8, activation: relu}, {units: 4, activation: relu}, {units: 2}]}\n"), "init_gain", 1, 0, 0.5 * 8 * 2.0 / 8, ""},
		{"gain after leaky relu", loadText(t, "data: {set: moons}\nmodel: {layers: [{units: 8, activation: leaky_relu}, {units: 2}], init: xavier}\n"), "init_gain", 1, 0, (1 + 1e-4) / 2 * 8 / (3 * 8.0), ""},
		{"gain of uniform", loadText(t, "data: {set: moons}\nmodel: {layers: [{units: 8}, {units: 2}], init: uniform, init_limit: 0.3}\n"), "init_gain", 1, 0, 8 * 0.09 / 3, ""},
		{"gain after sigmoid", loadText(t, "data: {set: moons}\nmodel: {layers: [{units: 8, activation: sigmoid}, {units: 2}]}\n"), "init_gain", 1, 0, 0, "sigmoid"},
		{"gain after a residual layer", loadText(t, "data: {set: moons}\nmodel: {layers: [{units: 8}, {units: 8, residual: true}, {units: 2}]}\n"), "init_gain", 2, 0, 0, "adds its input"},
		{"gain of given weights", mustLoad(t, "testdata/worked.yaml"), "init_gain", 1, 0, 0, "explicit weights"},
		// Heavy ball on (x² + 25y²)/2: 12/13 without momentum.
		{"rate", loadText(t, "function: {name: quadratic, condition: 25}\noptimizer: {lr: 0.0769230769230769}\n"), "rate", 0, 0, 12.0 / 13, ""},
		{"rate with momentum", loadText(t, "function: {name: quadratic, condition: 25}\noptimizer: {lr: 0.1111111111111111, momentum: 0.4444444444444444}\n"), "rate", 0, 0, 2.0 / 3, ""},
		{"rate of nesterov", loadText(t, "function: {name: quadratic, condition: 25}\noptimizer: {lr: 0.05, momentum: 0.5, nesterov: true}\n"), "rate", 0, 0, 0, "no nesterov"},
		{"rate of rosenbrock", loadText(t, "function: {name: rosenbrock}\n"), "rate", 0, 0, 0, "quadratic"},
		// Rosenbrock's Hessian at (1, 1) is [[802, −400], [−400, 200]].
		{"λ_max of rosenbrock", loadText(t, "function: {name: rosenbrock}\n"), "lambda_max", 0, 0, 501 + math.Sqrt(301*301+400*400), ""},
		{"λ_max of wells", loadText(t, "function: {name: wells}\n"), "lambda_max", 0, 0, 4.5, ""},
		{"λ_max of the quadratic", loadText(t, "function: {name: quadratic, condition: 25}\n"), "lambda_max", 0, 0, 25, ""},
		{"loss of a function", loadText(t, "function: {name: wells, start: [0, 0]}\n"), "loss", 0, 0, 2, ""},
		{"gradient of a function", loadText(t, "function: {name: wells}\n"), "grad_w", 0, 0, 0, "allowed: loss, rate, lambda_max"},
		{"λ_max of a network", mustLoad(t, "testdata/worked.yaml"), "lambda_max", 0, 0, 0, "test functions"},
		{"unknown", mustLoad(t, "testdata/worked.yaml"), "hessian", 0, 0, 0, "allowed: loss, output"},
	}
	for _, c := range cases {
		got, err := Probe(c.s, c.q, c.layer, 0, c.col, 0, 0)
		switch {
		case c.wantErr != "":
			if err == nil || !strings.Contains(err.Error(), c.wantErr) {
				t.Errorf("%s: %v, %v; want an error about %q", c.name, got, err, c.wantErr)
			}
		case err != nil || math.Abs(got-c.want) > 1e-9*math.Max(1, math.Abs(c.want)):
			t.Errorf("%s: %.10g (%v), want %.10g", c.name, got, err, c.want)
		}
	}
}
