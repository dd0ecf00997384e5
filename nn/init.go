package nn

import (
	"math"
	"math/rand/v2"
)

// InitKind names a weight initializer.
type InitKind uint8

// The initializers, each exactly as the lessons teach it.
const (
	Zeros            InitKind = iota // every weight 0
	Normal                           // N(0, Std²)
	Uniform                          // U[−Limit, +Limit]
	Xavier                           // U[−1/√fan_in, +1/√fan_in]
	XavierNormalized                 // U[−√6/√(fan_in+fan_out), +√6/√(fan_in+fan_out)]
	XavierNormal                     // N(0, 2/(fan_in+fan_out))
	HeUniform                        // U[−√(6/fan_in), +√(6/fan_in)]
	HeNormal                         // N(0, 2/fan_in)
)

var initNames = []string{"zeros", "normal", "uniform", "xavier", "xavier_normalized", "xavier_normal", "he_uniform", "he_normal"}

func (k InitKind) String() string { return nameOf(initNames, int(k), "init") }

// ParseInit reads an initializer by its name (as String gives it).
func ParseInit(s string) (InitKind, error) { return parseName[InitKind](initNames, s, "initializer") }

// InitNames lists the names ParseInit accepts.
func InitNames() []string { return append([]string(nil), initNames...) }

// Init is a weight initializer with its parameters.
type Init struct {
	Kind  InitKind
	Std   float64 // for Normal
	Limit float64 // for Uniform
	Bias  float64 // every bias starts at this constant
}

// Variance is the variance of one weight drawn by the initializer for a
// layer with the given fans.
func (in Init) Variance(fanIn, fanOut int) float64 {
	fi, fo := float64(fanIn), float64(fanOut)
	switch in.Kind {
	case Normal:
		return in.Std * in.Std
	case Uniform:
		return in.Limit * in.Limit / 3
	case Xavier:
		return 1 / (3 * fi)
	case XavierNormalized, XavierNormal:
		return 2 / (fi + fo)
	case HeUniform, HeNormal:
		return 2 / fi
	}
	return 0
}

// Fill draws the out×in weights w (row-major) of a layer with fan-in in and
// fan-out out from rng.
func (in Init) Fill(w []float64, fanIn, fanOut int, rng *rand.Rand) {
	fi, fo := float64(fanIn), float64(fanOut)
	uniform := func(limit float64) {
		for i := range w {
			w[i] = (2*rng.Float64() - 1) * limit
		}
	}
	normal := func(std float64) {
		for i := range w {
			w[i] = rng.NormFloat64() * std
		}
	}
	switch in.Kind {
	case Zeros:
		clear(w)
	case Normal:
		normal(in.Std)
	case Uniform:
		uniform(in.Limit)
	case Xavier:
		uniform(1 / math.Sqrt(fi))
	case XavierNormalized:
		uniform(math.Sqrt(6) / math.Sqrt(fi+fo))
	case XavierNormal:
		normal(math.Sqrt(2 / (fi + fo)))
	case HeUniform:
		uniform(math.Sqrt(6 / fi))
	case HeNormal:
		normal(math.Sqrt(2 / fi))
	}
}
