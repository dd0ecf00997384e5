package spec

// The names and limits a spec is checked against.

import (
	"regexp"
	"slices"
	"strings"
)

// MaxFileBytes is the largest spec file read (4 MiB): a spec holds at most
// a small inline data set.
const MaxFileBytes = 4 << 20

// Limits that keep a spec from asking for huge allocations or endless runs.
const (
	MaxUnits       = 4096       // units per layer
	MaxLayers      = 64         // layers, output layer included
	MaxParams      = 5_000_000  // weights and biases of the whole model
	MaxSamples     = 1_000_000  // data.n for generated sets
	MaxFashion     = 70_000     // data.n for fashion (train and test images)
	MaxInlineRows  = 100_000    // rows of inline data (train and test each)
	MaxInputWidth  = 4096       // values per inline input row
	MaxBatch       = 65_536     // batch
	MaxSteps       = 10_000_000 // steps, eval_every, schedule step counts
	MaxEpochs      = 100_000    // epochs
	MinSamples     = 10         // data.n when given
	MaxSeeds       = 16         // seeds: runs of one configuration
	MaxValidation  = 0.5        // data.validation: share of the training samples
	MaxKernel      = 64         // kernel sides, strides and padding of conv2d and pools
	MaxLayerValues = 1 << 20    // values per sample after any one layer
	fashionClasses = 10
	fashionSide    = 28
	fashionWidth   = fashionSide * fashionSide
)

// Allowed names of the fields that choose among names. They are the names
// that nn parses (activations, initializers, losses, optimizers, schedules)
// and the sets and features lab/data generates; this package imports
// neither, so a test in package lab checks that the lists agree exactly.
// The first entry of a list is not necessarily the default; see Defaults.
var allowedNames = map[string][]string{
	"data.set":                  {"circle", "xor", "gauss", "spiral", "moons", "regression", "regression2d", "fashion", "inline"},
	"data.features":             {"x2", "y2", "xy", "sinx", "siny"},
	"model.layers[].kind":       {"dense", "conv2d", "max_pool2d", "avg_pool2d", "flatten", "batch_norm", "dropout"},
	"model.layers[].activation": {"linear", "sigmoid", "tanh", "relu", "leaky_relu", "softmax"},
	"model.init":                {"zeros", "normal", "uniform", "xavier", "xavier_normalized", "xavier_normal", "he_uniform", "he_normal"},
	"loss":                      {"mse", "cross_entropy", "bce", "hinge", "half_sse"},
	"optimizer.name":            {"sgd", "rmsprop", "adagrad", "adam", "adamw"},
	"schedule.kind":             {"constant", "step", "exponential", "inverse_time", "cosine"},
	"function.name":             {"quadratic", "rosenbrock", "himmelblau", "wells"},
	"precision":                 {"float64", "float32"},
}

// DefaultStart is where each test function's walk starts by default.
var DefaultStart = map[string][2]float64{
	"quadratic":  {1, 1},
	"rosenbrock": {-1.5, 2},
	"himmelblau": {0, 0},
	"wells":      {-2, 0.5},
}

var indexRE = regexp.MustCompile(`\[[^\]]*\]`)

// AllowedValues returns the names a text field accepts, or nil when the
// field is not a choice among names. path is a field path as in Set, with or
// without indices (model.layers[2].activation, model.layers[].activation),
// or a short name (init, optimizer, activation, dataset, ...). The empty
// string, meaning "the default", is accepted by every such field and is not
// listed.
func AllowedValues(path string) []string {
	path = strings.TrimSpace(path)
	if a, ok := aliases[path]; ok {
		path = a
	}
	switch path {
	case "activation", "output_activation":
		path = "model.layers[].activation"
	}
	path = indexRE.ReplaceAllString(path, "[]")
	path = strings.TrimSuffix(path, "[]") // data.features[] -> data.features
	return slices.Clone(allowedNames[path])
}
