package spec

import "testing"

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
