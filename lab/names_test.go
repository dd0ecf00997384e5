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
		{"model.layers[].kind", nn.KindNames()},
		{"model.layers[].activation", nn.ActivationNames()},
		{"model.init", nn.InitNames()},
		{"loss", nn.LossNames()},
		{"optimizer.name", nn.OptimizerNames()},
		{"schedule.kind", nn.ScheduleNames()},
		{"precision", nn.PrecisionNames()},
		{"data.set", append(data.SetNames(), "fashion", "inline")},
		{"data.features", data.FeatureNames()},
		{"function.name", []string{"quadratic", "rosenbrock", "himmelblau", "wells"}},
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
	if want := []string{"himmelblau", "quadratic", "rosenbrock", "wells"}; !slices.Equal(starts, want) {
		t.Errorf("DefaultStart has %v, want %v", starts, want)
	}
}

// TestTrainSamplesAgree checks spec's count of training samples against
// the data sets LoadData makes.
func TestTrainSamplesAgree(t *testing.T) {
	for _, text := range []string{
		"data: {set: circle}\n",
		"data: {set: spiral, n: 333, test: 0.3}\n",
		"data: {set: regression, n: 101, test: 0.25}\nmodel: {layers: [{units: 1}]}\n",
		"data: {set: xor, n: 20, test: 0}\n",
		"data: {set: moons, n: 333, test: 0.3, validation: 0.15}\n",
		"data: {set: regression, n: 101, test: 0, validation: 0.5}\nmodel: {layers: [{units: 1}]}\n",
		"data: {set: inline, inputs: [[1], [2], [3]], targets: [[0], [1], [0]]}\n",
	} {
		s, err := spec.Load([]byte(text), "t.yaml")
		if err != nil {
			t.Fatal(err)
		}
		s.Defaults()
		set, err := LoadData(s, "")
		if err != nil {
			t.Fatal(err)
		}
		if got := s.TrainSamples(); got != set.Train.N {
			t.Errorf("%q: TrainSamples %d, LoadData %d", text, got, set.Train.N)
		}
	}
}
