package spec

import (
	"reflect"
	"strings"
	"testing"
)

func TestFileRoundTrip(t *testing.T) {
	s, err := Load([]byte("seed: 7\ndata: {set: moons, features: [x2]}\nmodel:\n  layers: [{units: 4}, {units: 2, activation: softmax}]\noptimizer: {name: sgd, lr: 0.15000000000000002}\n"), "a.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []*Vary{nil, {Field: "optimizer.lr", Values: []string{"0.01", "0.3", "2"}}, {Field: "model.init", Values: []string{"zeros", "he_normal"}}} {
		b, err := EncodeFile(s, v)
		if err != nil {
			t.Fatal(err)
		}
		got, gv, err := LoadFile(b, "saved.yaml")
		if err != nil {
			t.Fatalf("%v\n%s", err, b)
		}
		if !reflect.DeepEqual(got, s) || !reflect.DeepEqual(gv, v) {
			t.Errorf("read back %+v %+v, want %+v %+v\n%s", got, gv, s, v, b)
		}
	}
}

// TestFileVaryWrittenByHand: numbers unquoted, as lesson files write them.
func TestFileVaryWrittenByHand(t *testing.T) {
	_, v, err := LoadFile([]byte("seed: 1\ndata: {set: circle}\nvary:\n  field: lr\n  values: [0.01, 0.3, 2]\n"), "h.yaml")
	if err != nil || v == nil || v.Field != "lr" || strings.Join(v.Values, " ") != "0.01 0.3 2" {
		t.Fatalf("%+v %v", v, err)
	}
}

func TestFileErrors(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{"seed: 1\ndata: {set: circle}\nvary:\n  field: lr\n  valuez: [1, 2]\n", `x.yaml:5: vary: unknown key "valuez" (known: field, values)`},
		{"seed: 1\ndata: {set: circle}\nvary: {values: [1, 2]}\n", "x.yaml:3: vary.field: missing"},
		{"seed: 1\ndata: {set: circle}\nvary: {field: lr, values: [1]}\n", "x.yaml:3: vary.values: want at least 2"},
		{"seed: 1\ndata: {set: circle}\nvary: {field: model.init, values: [zeros, sideways]}\n", "x.yaml:3: vary: --vary model.init=sideways"},
		{"seed: 1\ndata: {set: circle}\nvary: {field: lr, values: [1, 2]}\nloss: fuzzy\n", "x.yaml:4: loss"},
		{"seed: 1\ndata: {set: circle}\nvary: {field: lr, values: [1, 2]}\nvary: {field: lr, values: [1, 2]}\n", "x.yaml:4"},
		{"", "x.yaml: empty spec"},
		{"{", "x.yaml:1: not valid YAML"},
	} {
		_, _, err := LoadFile([]byte(c.text), "x.yaml")
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: error %v, want %q", c.text, err, c.want)
		}
	}
}
