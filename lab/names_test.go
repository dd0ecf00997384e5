package lab

import (
	"slices"
	"testing"

	"github.com/nnlab/nnlab/lab/data"
	"github.com/nnlab/nnlab/lab/spec"
	"github.com/nnlab/nnlab/nn"
)

// TestSpecNamesAgree checks that the names package spec accepts are
// exactly those nn parses and lab/data generates (spec imports neither).
func TestSpecNamesAgree(t *testing.T) {
	cases := []struct {
		path string
		want []string
	}{
		{"model.layers[].activation", nn.ActivationNames()},
		{"model.init", nn.InitNames()},
		{"loss", nn.LossNames()},
		{"optimizer.name", nn.OptimizerNames()},
		{"schedule.kind", nn.ScheduleNames()},
		{"data.set", append(data.SetNames(), "fashion", "inline")},
		{"data.features", data.FeatureNames()},
		{"function.name", []string{"quadratic", "rosenbrock", "himmelblau"}},
	}
	for _, c := range cases {
		if got := spec.AllowedValues(c.path); !slices.Equal(got, c.want) {
			t.Errorf("spec allows %s = %v; lab and nn know %v", c.path, got, c.want)
		}
	}
	// Every test function has a default start, and only those do.
	var starts []string
	for name := range spec.DefaultStart {
		starts = append(starts, name)
	}
	slices.Sort(starts)
	if want := []string{"himmelblau", "quadratic", "rosenbrock"}; !slices.Equal(starts, want) {
		t.Errorf("DefaultStart has %v, want %v", starts, want)
	}
}
