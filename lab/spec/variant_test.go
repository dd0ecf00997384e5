package spec

import (
	"strings"
	"testing"
)

func TestVariant(t *testing.T) {
	base := mustDecode(t, circleSpec)
	specs, err := Variants(base, "init", []string{"zeros", "xavier", "he_normal"})
	if err != nil || len(specs) != 3 || specs[0].Name != "zeros" || specs[2].Model.Init != "he_normal" || specs[2].Seed != base.Seed {
		t.Fatalf("Variants: %v %+v", err, specs)
	}
	if _, err := Variants(base, "init", []string{"bogus"}); err == nil {
		t.Error("a bad value was accepted")
	}
	// A value may carry its own settings after semicolons.
	v, err := Variant(base, "optimizer", "adam; lr=0.02; beta1=0.8")
	if err != nil || v.Optimizer.Name != "adam" || *v.Optimizer.LR != 0.02 || *v.Optimizer.Beta1 != 0.8 || v.Name != "adam; lr=0.02; beta1=0.8" {
		t.Errorf("Variant with settings: %v %+v", err, v)
	}
	if _, err := Variant(base, "optimizer", "adam; lr"); err == nil {
		t.Error("a setting without '=' was accepted")
	}
}

// A value too long for a name (a list of layers) names the variant cut to
// the longest name Validate accepts.
func TestVariantLongValue(t *testing.T) {
	base := mustDecode(t, circleSpec)
	layers := "[" + strings.Repeat("{units: 8, activation: relu}, ", 10) + "{units: 2, activation: softmax}]"
	v, err := Variant(base, "model.layers", layers)
	if err != nil {
		t.Fatal(err)
	}
	if len(v.Model.Layers) != 11 || len(v.Name) != 200 || !strings.HasSuffix(v.Name, "…") || !strings.HasPrefix(layers, strings.TrimSuffix(v.Name, "…")) {
		t.Errorf("%d layers, name %q (%d bytes)", len(v.Model.Layers), v.Name, len(v.Name))
	}
	if err := v.Validate(); err != nil {
		t.Errorf("the variant does not validate: %v", err)
	}
	if got := nameOf(strings.Repeat("é", 150)); len(got) > 200 || !strings.HasSuffix(got, "é…") {
		t.Errorf("cut inside a character: %q", got)
	}
}
