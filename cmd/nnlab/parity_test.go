package main

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/nnlab/nnlab/lab/spec"
)

// torchCase is what this test reads of a PyTorch parity fixture
// (nn/testdata/torch, made by make_fixtures.py).
type torchCase struct {
	Inputs int `json:"inputs"`
	Layers []struct {
		Units      int    `json:"units"`
		Activation string `json:"activation"`
	} `json:"layers"`
	Loss      string `json:"loss"`
	Optimizer struct {
		Kind        string  `json:"kind"`
		Momentum    float64 `json:"momentum"`
		Nesterov    bool    `json:"nesterov"`
		WeightDecay float64 `json:"weight_decay"`
		Alpha       float64 `json:"alpha"`
		Beta2       float64 `json:"beta2"`
		Eps         float64 `json:"eps"`
		ClipNorm    float64 `json:"clip_norm"`
	} `json:"optimizer"`
	LR       float64 `json:"lr"`
	Schedule struct {
		Kind     string  `json:"kind"`
		StepSize int     `json:"step_size"`
		Gamma    float64 `json:"gamma"`
		K        float64 `json:"k"`
		TMax     int     `json:"t_max"`
		LRMin    float64 `json:"lr_min"`
		Warmup   int     `json:"warmup"`
	} `json:"schedule"`
	Steps  int         `json:"steps"`
	Init   torchDense  `json:"init"`
	X      [][]float64 `json:"x"`
	Labels []int       `json:"labels"`
	Y      [][]float64 `json:"y"`
	LRs    []float64   `json:"lrs"`
	Losses []float64   `json:"losses"`
	Final  torchDense  `json:"final"`
}

type torchDense struct {
	W [][][]float64 `json:"w"`
	B [][]float64   `json:"b"`
}

// spec writes the case as a lab spec: inline data, explicit weights, the
// whole data as one batch.
func (c *torchCase) spec() *spec.Spec {
	s := &spec.Spec{Seed: 1, Loss: c.Loss, Steps: c.Steps}
	s.Data = spec.DataSpec{Set: "inline", Inputs: c.X, Targets: c.Y}
	for _, l := range c.Labels {
		s.Data.Targets = append(s.Data.Targets, []float64{float64(l)})
	}
	for i, l := range c.Layers {
		s.Model.Layers = append(s.Model.Layers, spec.LayerSpec{Units: l.Units, Activation: l.Activation})
		s.Model.Weights = append(s.Model.Weights, spec.WeightsSpec{W: c.Init.W[i], B: c.Init.B[i]})
	}
	o, lr, wd := c.Optimizer, c.LR, c.Optimizer.WeightDecay
	s.Optimizer = spec.OptimizerSpec{Name: o.Kind, LR: &lr, Nesterov: o.Nesterov, WeightDecay: &wd, ClipNorm: o.ClipNorm}
	switch o.Kind {
	case "adam", "adamw":
		b1, b2, eps := o.Momentum, o.Beta2, o.Eps
		s.Optimizer.Beta1, s.Optimizer.Beta2, s.Optimizer.Eps = &b1, &b2, &eps
	case "rmsprop":
		a, eps := o.Alpha, o.Eps
		s.Optimizer.Alpha, s.Optimizer.Eps, s.Optimizer.Momentum = &a, &eps, o.Momentum
	case "adagrad":
		eps := o.Eps
		s.Optimizer.Eps = &eps
	default:
		s.Optimizer.Momentum = o.Momentum
	}
	sc := c.Schedule
	s.Schedule = spec.ScheduleSpec{Kind: sc.Kind, StepSize: sc.StepSize, Gamma: sc.Gamma, K: sc.K, TMax: sc.TMax, LRMin: sc.LRMin, Warmup: sc.Warmup}
	return s
}

// TestRunMatchesPyTorch: `nnlab run --every 1 --format json
// --dump-weights` on the fixtures of gradient clipping, warmup with every
// schedule kind and AdamW prints torch's learning rate and loss at every
// step and writes torch's final weights, to relative 1e-9.
func TestRunMatchesPyTorch(t *testing.T) {
	kinds := map[string]bool{}
	for _, name := range []string{"clip_sgd_momentum", "adamw_plain", "warmup_constant", "warmup_step",
		"warmup_exponential", "warmup_inverse_time", "warmup_cosine"} {
		t.Run(name, func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join("..", "..", "nn", "testdata", "torch", name+".json"))
			if err != nil {
				t.Fatal(err)
			}
			var c torchCase
			if err := json.Unmarshal(raw, &c); err != nil {
				t.Fatal(err)
			}
			if c.Schedule.Warmup > 1 {
				kinds[c.Schedule.Kind] = true
			}
			text, err := spec.Encode(c.spec())
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			file, dump := filepath.Join(dir, "case.yaml"), filepath.Join(dir, "w.yaml")
			if err := os.WriteFile(file, text, 0o644); err != nil {
				t.Fatal(err)
			}
			code, out, stderr := runCmd(t, "", "run", "--spec", file, "--every", "1", "--format", "json", "--dump-weights", dump)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			rows := strings.Split(strings.TrimSpace(out), "\n")
			if len(rows) != c.Steps {
				t.Fatalf("%d rows, want %d", len(rows), c.Steps)
			}
			for i, line := range rows {
				var r struct {
					Step     int
					LR, Loss float64
				}
				if err := json.Unmarshal([]byte(line), &r); err != nil {
					t.Fatal(err)
				}
				if r.Step != i+1 || !close9(r.LR, c.LRs[i]) || !close9(r.Loss, c.Losses[i]) {
					t.Fatalf("row %d: step %d, lr %.17g, loss %.17g; torch lr %.17g, loss %.17g", i, r.Step, r.LR, r.Loss, c.LRs[i], c.Losses[i])
				}
			}
			b, err := os.ReadFile(dump)
			if err != nil {
				t.Fatal(err)
			}
			var got struct {
				Weights []struct {
					W [][]float64
					B []float64
				}
			}
			if err := yaml.Unmarshal(b, &got); err != nil {
				t.Fatal(err)
			}
			if len(got.Weights) != len(c.Final.W) {
				t.Fatalf("%d layers dumped, want %d", len(got.Weights), len(c.Final.W))
			}
			moved := false
			for l, w := range got.Weights {
				for r, row := range w.W {
					for k, v := range row {
						if !close9(v, c.Final.W[l][r][k]) {
							t.Errorf("layer %d: w[%d][%d] = %.17g, torch %.17g", l, r, k, v, c.Final.W[l][r][k])
						}
						moved = moved || v != c.Init.W[l][r][k]
					}
					if !close9(w.B[r], c.Final.B[l][r]) {
						t.Errorf("layer %d: b[%d] = %.17g, torch %.17g", l, r, w.B[r], c.Final.B[l][r])
					}
				}
			}
			if !moved {
				t.Error("no weight moved: the case tests nothing")
			}
		})
	}
	for _, k := range []string{"constant", "step", "exponential", "inverse_time", "cosine"} {
		if !kinds[k] {
			t.Errorf("no case runs warmup with %s", k)
		}
	}
}

// close9 is the parity tolerance of nn/parity_test.go: relative 1e-9,
// absolute 1e-12.
func close9(a, b float64) bool {
	return math.Abs(a-b) <= max(1e-9*max(math.Abs(a), math.Abs(b)), 1e-12)
}
