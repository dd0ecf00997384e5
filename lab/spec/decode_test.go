package spec

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/nnlab/nnlab/lab/spec/strictyaml"
)

func TestDecodeErrors(t *testing.T) {
	const top = "name, seed, seeds, data, model, loss, optimizer, schedule, batch, steps, epochs, regularization, precision, eval_every, function"
	cases := []struct {
		name, text string
		want       []string
	}{
		{"unknown layer key", "data:\n  set: circle\nmodel:\n  layers:\n    - units: 16\n      activation: tanh\n    - unit: 16\n",
			[]string{`exp.yaml:7: model.layers[1]: unknown key "unit" (known: kind, units, activation, residual, dropout, filters, kernel, stride, padding, bias, rate, momentum, eps)`}},
		{"unknown top key", "optimiser: {name: sgd}\n",
			[]string{`exp.yaml:1: unknown key "optimiser" (known: ` + top + `)`}},
		{"unknown nested keys", "data:\n  set: circle\n  size: 3\nschedule:\n  momentum: {from: 0, upto: 1}\n",
			[]string{`exp.yaml:3: data: unknown key "size" (known: set, n, noise, test, validation, features, inputs, targets, test_inputs, test_targets, validation_inputs, validation_targets, dir)`,
				`exp.yaml:5: schedule.momentum: unknown key "upto" (known: from, to, steps)`}},
		{"case matters", "Seed: 1\n",
			[]string{`exp.yaml:1: unknown key "Seed" (known: ` + top + `)`}},
		{"types", "seed: -1\nsteps: many\nepochs: 1.5\nbatch: 1e30\ndata:\n  noise: high\n  n: \"500\"\n  features: x2\noptimizer:\n  nesterov: maybe\n  lr: [1]\nname: [a]\n",
			[]string{`exp.yaml:1: seed: "-1" is not a whole number from 0 to 18446744073709551615`,
				`exp.yaml:2: steps: "many" is not a whole number`,
				`exp.yaml:3: epochs: "1.5" is not a whole number`,
				`exp.yaml:4: batch: "1e30" is out of range for a whole number`,
				`exp.yaml:6: data.noise: "high" is not a number`,
				`exp.yaml:7: data.n: "500" is text in quotes, not a whole number; remove the quotes`,
				`exp.yaml:8: data.features: expected a list, got "x2"`,
				`exp.yaml:10: optimizer.nesterov: "maybe" is not true or false`,
				`exp.yaml:11: optimizer.lr: expected a number, got a list`,
				`exp.yaml:12: name: expected text, got a list`}},
		{"structure", "data: circle\nmodel:\n  layers: 3\nfunction: [quadratic]\n",
			[]string{`exp.yaml:1: data: expected a mapping with keys set, n, noise, test, validation, features, inputs, targets, test_inputs, test_targets, validation_inputs, validation_targets, dir; got "circle"`,
				`exp.yaml:3: model.layers: expected a list, got "3"`,
				`exp.yaml:4: function: expected a mapping with keys name, condition, start; got a list`}},
		{"rows", "data:\n  inputs:\n    - [1, 2]\n    - [3, x]\n    - 4\n",
			[]string{`exp.yaml:4: data.inputs[1][1]: "x" is not a number`,
				`exp.yaml:5: data.inputs[2]: expected a list, got "4"`}},
		{"duplicate", "seed: 1\noptimizer:\n  lr: 0.1\n  lr: 0.2\nseed: 2\n",
			[]string{`exp.yaml:4: optimizer: key "lr" appears twice (first at line 3)`,
				`exp.yaml:5: key "seed" appears twice (first at line 1)`}},
		{"merge key", "base: &b {set: circle}\ndata:\n  <<: *b\n",
			[]string{`exp.yaml:1: unknown key "base" (known: ` + top + `)`,
				`exp.yaml:3: data: merge keys (<<) are not supported; write the keys out`}},
		{"complex key", "? [a]\n: 1\n",
			[]string{`exp.yaml:1: keys must be plain names, got a list as a key`}},
		{"not a mapping", "- seed: 1\n",
			[]string{`exp.yaml:1: expected a mapping with keys ` + top + `; got a list`}},
		{"scalar", "circle\n",
			[]string{`exp.yaml:1: expected a mapping with keys ` + top + `; got "circle"`}},
		{"binary name", "name: !!binary aGVsbG8=\n",
			[]string{`exp.yaml:1: name: "aGVsbG8=" has tag !!binary; expected plain text`}},
		{"empty", "", []string{"exp.yaml: empty spec: expected a mapping with keys such as data, model, loss and optimizer (or function)"}},
		{"comments only", "# nothing\n\n", []string{"exp.yaml: empty spec: expected a mapping with keys such as data, model, loss and optimizer (or function)"}},
		{"null", "~\n", []string{"exp.yaml:1: empty spec: expected a mapping with keys such as data, model, loss and optimizer (or function)"}},
		{"two documents", "seed: 1\n---\nseed: 2\n", []string{`exp.yaml:2: a second YAML document (after a "---" line); a file holds exactly one`}},
		{"syntax", "data: {set: circle\nseed: 1\n", []string{"exp.yaml:2: not valid YAML or JSON: did not find expected ',' or '}'"}},
		{"tab indent", "data:\n\tset: circle\n", []string{"exp.yaml:2: not valid YAML or JSON: found character that cannot start any token"}},
		{"bad json", `{"seed": 1,`, []string{`exp.yaml:1: not valid YAML or JSON: did not find expected node content`}},
		{"unknown anchor", "seed: *x\n", []string{`exp.yaml: not valid YAML or JSON: unknown anchor 'x' referenced`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, err := Decode([]byte(c.text), "exp.yaml")
			if s != nil {
				t.Errorf("got a spec with the error")
			}
			got := errLines(err)
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("input:\n%s\ngot:\n  %s\nwant:\n  %s", c.text, strings.Join(got, "\n  "), strings.Join(c.want, "\n  "))
			}
		})
	}
}

func TestDecodeValues(t *testing.T) {
	text := `
name: "all: the values"
seed: 0x10
steps: 1e3
epochs: 1_000
data: {set: inline, inputs: [[.5, -1e-3], [1, 2]], targets: [[0], [1]], noise: ~}
model:
  layers: [{units: 2, residual: yes, dropout: 0}, {units: 2, activation: linear, residual: off}]
  bias: 1
optimizer: {lr: 3, nesterov: True}
schedule: {momentum: ~}
function: ~
`
	s, err := Decode([]byte(text), "v.yaml")
	if err != nil {
		t.Fatal(err)
	}
	lr := 3.0
	want := &Spec{
		Name: "all: the values", Seed: 16, Steps: 1000, Epochs: 1000,
		Data:      DataSpec{Set: "inline", Inputs: [][]float64{{0.5, -1e-3}, {1, 2}}, Targets: [][]float64{{0}, {1}}},
		Model:     ModelSpec{Layers: []LayerSpec{{Units: 2, Residual: true}, {Units: 2, Activation: "linear"}}, Bias: 1},
		Optimizer: OptimizerSpec{LR: &lr, Nesterov: true},
	}
	if !reflect.DeepEqual(s, want) {
		t.Errorf("got %+v\nwant %+v", s, want)
	}
	// Empty lists decode to nil, like absent ones.
	s, err = Decode([]byte("data: {set: circle, features: []}\nmodel: {layers: []}\n"), "e.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if s.Data.Features != nil || s.Model.Layers != nil {
		t.Errorf("empty lists: %#v %#v", s.Data.Features, s.Model.Layers)
	}
	// Large seeds survive.
	s, err = Decode([]byte("seed: 18446744073709551615\n"), "s.yaml")
	if err != nil || s.Seed != 1<<64-1 {
		t.Errorf("seed: %v %v", s, err)
	}
}

func TestDecodeJSON(t *testing.T) {
	text := "{\n\t\"data\": {\"set\": \"circle\", \"noise\": 0.2},\n\t\"model\": {\"layers\": [{\"units\": 4, \"activation\": \"relu\"}, {\"units\": 2}]},\n\t\"optimizer\": {\"name\": \"adam\", \"lr\": 1e-3},\n\t\"unknown\": 1\n}\n"
	_, err := Decode([]byte(text), "exp.json")
	got := errLines(err)
	want := []string{`exp.json:5: unknown key "unknown" (known: name, seed, seeds, data, model, loss, optimizer, schedule, batch, steps, epochs, regularization, precision, eval_every, function)`}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	s, err := Load([]byte(strings.Replace(text, ",\n\t\"unknown\": 1", "", 1)), "exp.json")
	if err != nil {
		t.Fatal(err)
	}
	if s.Data.Set != "circle" || *s.Data.Noise != 0.2 || s.Model.Layers[0].Activation != "relu" || *s.Optimizer.LR != 1e-3 {
		t.Errorf("got %+v", s)
	}
	// A string value in JSON may hold a tab; only indentation is changed.
	s, err = Decode([]byte("{\n\t\"name\": \"a\\tb\tc\"\n}"), "t.json")
	if err != nil || s.Name != "a\tb\tc" {
		t.Errorf("name %q, %v", s.Name, err)
	}
}

func TestSpecLoadLines(t *testing.T) {
	text := `# a spec with problems
data:
  set: inline
  inputs: [[1, 2], [3, 4]]
  targets:
    - [0]
    - [1]
model:
  layers:
    - {units: 8, residual: true}
    - units: 0
  weights:
    - w: [[1, 2], [3, .inf]]
loss: mae
optimizer:
  lr: -1
`
	_, err := Load([]byte(text), "exp.yaml")
	want := []string{
		"exp.yaml:10: model.layers[0].residual: needs the layer's input width (2) to equal its units (8)",
		"exp.yaml:11: model.layers[1].units: must be at least 1, got 0",
		"exp.yaml:12: model.weights: has 1 entry, want 2 (one per layer)",
		`exp.yaml:14: loss: unknown "mae" (allowed: mse, cross_entropy, bce, hinge, half_sse)`,
		"exp.yaml:16: optimizer.lr: must be above 0, got -1",
	}
	if got := errLines(err); !reflect.DeepEqual(got, want) {
		t.Errorf("got:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}

	// Nested values take the line of their row; defaults have no line.
	text = "data:\n  set: inline\n  inputs: [[1], [2]]\n  targets:\n    - [0]\n    - [7.5]\nloss: cross_entropy\nmodel:\n  layers: [{units: 2}]\n  weights:\n    - w:\n        - [1]\n        - [.nan]\n"
	_, err = Load([]byte(text), "exp.yaml")
	want = []string{
		"exp.yaml:6: data.targets[1]: cross_entropy needs a class index (a whole number from 0 to 4095), got 7.5",
		"exp.yaml:13: model.weights[0].w[1][0]: must be a finite number, got NaN",
	}
	if got := errLines(err); !reflect.DeepEqual(got, want) {
		t.Errorf("got:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
	_, err = Load([]byte("data: {set: circle}\nmodel:\n  layers:\n  - {units: 1, activation: sigmoid}\n"), "exp.yaml")
	want = []string{
		"exp.yaml: loss: cross_entropy (the default for circle) needs a softmax or linear output layer, got sigmoid",
		"exp.yaml:4: model.layers[0].units: cross_entropy needs one output unit per class: 2 for circle, got 1",
	}
	if got := errLines(err); !reflect.DeepEqual(got, want) {
		t.Errorf("got:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
	var se *SpecError
	if !errors.As(err, &se) || se.File != "exp.yaml" || se.Path != "loss" {
		t.Errorf("errors.As *SpecError: %#v", se)
	}
}

func TestSpecLoadNode(t *testing.T) {
	lesson := "title: Momentum\nexperiment:\n  data: {set: circle}\n  optimizer: {momentum: 2}\n"
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(lesson), &doc); err != nil {
		t.Fatal(err)
	}
	node := doc.Content[0].Content[3]
	_, err := LoadNode(node, "momentum.yaml")
	if got, want := errLines(err), []string{"momentum.yaml:4: optimizer.momentum: must be from 0 to below 1, got 2"}; !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	s, err := DecodeNode(node, "momentum.yaml")
	if err != nil || s.Optimizer.Momentum != 2 {
		t.Errorf("DecodeNode: %+v %v", s, err)
	}
	if _, err := DecodeNode(nil, "x.yaml"); err == nil {
		t.Errorf("nil node decoded")
	}
}

func exampleSpecs(t testing.TB) map[string][]byte {
	files, err := filepath.Glob("testdata/specs/*")
	if err != nil || len(files) == 0 {
		t.Fatalf("no testdata specs: %v", err)
	}
	out := map[string][]byte{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out[filepath.Base(f)] = b
	}
	return out
}

// TestSpecExamples loads every example spec and checks that it re-encodes to
// an equal spec, before and after Defaults.
func TestSpecExamples(t *testing.T) {
	for name, b := range exampleSpecs(t) {
		t.Run(name, func(t *testing.T) {
			s, err := Load(b, name)
			if err != nil {
				t.Fatal(err)
			}
			roundTrip(t, s)
			s.Defaults()
			if err := s.Validate(); err != nil {
				t.Fatalf("after Defaults: %v", err)
			}
			roundTrip(t, s)
		})
	}
}

func roundTrip(t testing.TB, s *Spec) {
	t.Helper()
	out, err := Encode(s)
	if err != nil {
		t.Fatalf("Encode: %v", err)
	}
	back, err := Decode(out, "encoded.yaml")
	if err != nil {
		t.Fatalf("Decode(Encode(s)): %v\n%s", err, out)
	}
	if !reflect.DeepEqual(back, s) {
		t.Fatalf("round trip changed the spec:\n%s\nbefore %+v\nafter  %+v", out, s, back)
	}
}

func TestSpecEncodeStyle(t *testing.T) {
	s, err := Decode(exampleSpecs(t)["moons_features.yaml"], "m.yaml")
	if err != nil {
		t.Fatal(err)
	}
	out, err := Encode(s)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"  features: [x2, y2, xy]\n", "    - units: 8\n      activation: leaky_relu\n", "  momentum:\n    from: 0.5\n"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("Encode output lacks %q:\n%s", want, out)
		}
	}
	if _, err := Encode(nil); err == nil {
		t.Errorf("Encode(nil) gave no error")
	}
}

// TestSpecDoc checks that every YAML example in docs/spec.md loads, and that
// every key of the spec is documented there.
func TestSpecDoc(t *testing.T) {
	b, err := os.ReadFile("../../docs/spec.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	blocks := regexp.MustCompile("(?s)```yaml\n(.*?)```").FindAllStringSubmatch(doc, -1)
	if len(blocks) < 2 {
		t.Fatalf("docs/spec.md has %d yaml examples, want at least 2", len(blocks))
	}
	for i, m := range blocks {
		if _, _, err := LoadFile([]byte(m[1]), "example"); err != nil {
			t.Errorf("example %d in docs/spec.md: %v\n%s", i+1, err, m[1])
		}
	}
	// Keys are written as in Set paths, with [] for "every element":
	// model.layers[].units.
	var walk func(prefix string, typ reflect.Type)
	walk = func(prefix string, typ reflect.Type) {
		for _, f := range structFields(typ) {
			key := strictyaml.Join(prefix, f.name)
			if !strings.Contains(doc, "`"+key+"`") {
				t.Errorf("docs/spec.md does not document `%s`", key)
			}
			ft := f.typ
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Slice && ft.Elem().Kind() == reflect.Struct {
				walk(key+"[]", ft.Elem())
			} else if ft.Kind() == reflect.Struct {
				walk(key, ft)
			}
		}
	}
	walk("", reflect.TypeFor[Spec]())
	for _, p := range ShortNames() {
		if !strings.Contains(doc, "`"+p[0]+"`") {
			t.Errorf("docs/spec.md does not list the short name `%s`", p[0])
		}
	}
}

// valueCount counts the numbers in the tables of a spec.
func valueCount(s *Spec) int {
	n := 0
	for _, rows := range [][][]float64{s.Data.Inputs, s.Data.Targets, s.Data.TestInputs, s.Data.TestTargets} {
		for _, r := range rows {
			n += len(r)
		}
	}
	for _, w := range s.Model.Weights {
		for _, r := range w.W {
			n += len(r)
		}
	}
	return n
}

func FuzzDecode(f *testing.F) {
	for _, b := range exampleSpecs(f) {
		f.Add(b)
	}
	f.Add([]byte("data: {set: inline, inputs: [[1]], targets: [[0]]}\nloss: hinge\n"))
	f.Add([]byte("a: &a [*a, *a]\nb: &b [*a, *a]\n"))
	f.Add([]byte("function: {name: himmelblau}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Decode(data, "fuzz.yaml")
		if err != nil {
			var ve *ValidationError
			if s != nil || !errors.As(err, &ve) || len(ve.Problems) == 0 || err.Error() == "" {
				t.Fatalf("bad error %#v for a failed decode", err)
			}
			return
		}
		// None of these may panic on a decoded spec, valid or not.
		c := s.Clone()
		c.Defaults()
		_ = c.InputWidth() + c.Classes() + c.OutputUnits()
		_ = c.IsClassification()
		_ = c.Set("layers", "3,3")
		_ = c.Set("residual", "true")
		if err := s.Validate(); err != nil {
			return
		}
		if valueCount(s) > 10_000 {
			return // aliases can make a small input huge; yaml.v3's encoder is slow on that
		}
		roundTrip(t, s)
		s.Defaults()
		if err := s.Validate(); err != nil {
			t.Fatalf("valid spec invalid after Defaults: %v", err)
		}
		roundTrip(t, s)
	})
}
