package data

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
)

// Options configure Generate. The zero value of each field means its default.
type Options struct {
	// N is the number of samples, train and test together; 0 means 500.
	N int
	// Noise, 0 to 1, is the size of the jitter added to each point (or, for
	// the regression sets, to each target); see Generate.
	Noise float64
	// Test is the share of samples held out for testing, up to 0.9. 0 means
	// the default 0.5; a negative value holds out nothing.
	Test float64
	// Features lists derived input columns appended after the raw x (and y):
	// x2 = x², y2 = y², xy = x·y, sinx = sin(πx), siny = sin(πy).
	Features []string
	// Seed seeds the set's own generator; same options, bit-identical set.
	Seed uint64
}

// Names of the sets Generate knows, in the order listed to people.
var setNames = []string{"circle", "xor", "gauss", "spiral", "moons", "regression", "regression2d"}

// Names of the derived features, in the order listed to people.
var featureNames = []string{"x2", "y2", "xy", "sinx", "siny"}

// SetNames lists the sets Generate knows, in the order listed to people.
func SetNames() []string { return slices.Clone(setNames) }

// FeatureNames lists the derived features Generate knows, in the order
// listed to people.
func FeatureNames() []string { return slices.Clone(featureNames) }

// dataStream is the PCG stream of generated data; each set adds its index so
// that two sets with the same seed are unrelated.
const dataStream = 0xda7a5e7

// Limits of Options.
const (
	defaultN = 500
	maxN     = 1_000_000
	maxTest  = 0.9
)

// Generate builds one of the synthetic sets: circle, xor, gauss, spiral,
// moons (two classes, labels 0 and 1, points in about [-1,1]²), regression
// (x in [-1,1], target sin(πx)) or regression2d (x, y in [-1,1], target
// sin(πx)·cos(πy/2)).
//
// The noiseless shapes lie inside [-1,1]²:
//
//	circle  class 0 uniform in the disc of radius 0.5, class 1 in the ring 0.7..1
//	xor     uniform in the quadrants, at least 0.05 from the axes; class 0 where x·y > 0
//	gauss   Gaussian blobs (sd 0.15, cut at 3 sd) centred at (0.5,0.5) and (-0.5,-0.5)
//	spiral  two arms of 1.75 turns from radius 0.05 to 1, half a turn apart
//	moons   two interleaved half circles of radius 2/3, x in [-1,1], y in [-0.5,0.5]
//
// Noise adds uniform jitter in ±Noise·a to each coordinate, with a = 0.5 for
// circle, xor and gauss, 0.2 for spiral and 0.3 for moons; so points stay
// within ±(1 + a·Noise). The jitter moves points but never relabels them: at
// high noise the classes overlap. The regression sets jitter the target by
// ±0.5·Noise instead.
//
// Classes are balanced (they differ by at most one sample) in both splits.
// The test split gets round(N·Test) samples; each split is shuffled.
func Generate(name string, o Options) (*Set, error) {
	kind := -1
	for i, n := range setNames {
		if n == name {
			kind = i
		}
	}
	if kind < 0 {
		return nil, fmt.Errorf("data.set: unknown set %q; want one of %s", name, strings.Join(setNames, ", "))
	}
	n := o.N
	switch {
	case n == 0:
		n = defaultN
	case n < 4 || n > maxN:
		return nil, fmt.Errorf("data.n: %d samples is not allowed; want 4..%d (0 means %d)", n, maxN, defaultN)
	}
	if !(o.Noise >= 0 && o.Noise <= 1) {
		return nil, fmt.Errorf("data.noise: %v is not allowed; want 0..1", o.Noise)
	}
	share := o.Test
	switch {
	case share == 0:
		share = 0.5
	case share < 0:
		share = 0
	case !(share <= maxTest):
		return nil, fmt.Errorf("data.test: %v is not allowed; want a share 0..%v (0 means 0.5)", o.Test, maxTest)
	}
	nTest := int(math.Round(float64(n) * share))
	if n-nTest < 2 {
		return nil, fmt.Errorf("data.n: %d samples with test share %v leave %d for training; want at least 2", n, share, n-nTest)
	}
	regression := name == "regression" || name == "regression2d"
	raw := 2
	if name == "regression" {
		raw = 1
	}
	feats, err := parseFeatures(o.Features, raw, name)
	if err != nil {
		return nil, err
	}

	s := &Set{
		Name:     name,
		Inputs:   raw + len(feats),
		Raw:      raw,
		Features: append([]string(nil), o.Features...),
		feats:    feats,
		Note:     fmt.Sprintf("generated %s: %d train / %d test, noise %v, seed %d", name, n-nTest, nTest, o.Noise, o.Seed),
	}
	if regression {
		s.Outputs = 1
	} else {
		s.Classes = 2
		s.ClassNames = []string{"0", "1"}
	}

	// Draw all samples; sample i of a classification set has class i%2, so
	// any prefix is balanced. The first nTest go to the test split.
	rng := rand.New(rand.NewPCG(o.Seed, dataStream+uint64(kind)))
	pts := make([][2]float64, n)
	tgt := make([]float64, n)
	for i := range pts {
		x, y, t := draw(name, rng, i%2, o.Noise)
		pts[i] = [2]float64{x, y}
		tgt[i] = t
	}
	s.Test = s.split(pts[:nTest], tgt[:nTest], regression, rng)
	s.Train = s.split(pts[nTest:], tgt[nTest:], regression, rng)
	return s, nil
}

// split shuffles the points and lays them out as a Split, with the derived
// features. tgt holds class labels (as 0 and 1) or regression targets.
func (s *Set) split(pts [][2]float64, tgt []float64, regression bool, rng *rand.Rand) Split {
	rng.Shuffle(len(pts), func(i, j int) {
		pts[i], pts[j] = pts[j], pts[i]
		tgt[i], tgt[j] = tgt[j], tgt[i]
	})
	d := s.Inputs
	sp := Split{N: len(pts), D: d, X: make([]float64, len(pts)*d)}
	for i, p := range pts {
		s.PointRow(sp.X[i*d:i*d+d], p[0], p[1])
	}
	if regression {
		sp.Y = append([]float64{}, tgt...)
	} else {
		sp.Labels = make([]int, len(tgt))
		for i, t := range tgt {
			sp.Labels[i] = int(t)
		}
	}
	return sp
}

// draw returns one point of class c (ignored by the regression sets) and its
// target: the class as 0 or 1, or the regression value.
func draw(name string, rng *rand.Rand, c int, noise float64) (x, y, t float64) {
	jit := func(a float64) float64 { return (2*rng.Float64() - 1) * a * noise }
	t = float64(c)
	switch name {
	case "circle":
		lo, hi := 0.0, 0.5
		if c == 1 {
			lo, hi = 0.7, 1
		}
		// Uniform over the area: the radius goes as the square root.
		r := math.Sqrt(lo*lo + rng.Float64()*(hi*hi-lo*lo))
		a := 2 * math.Pi * rng.Float64()
		x, y = r*math.Cos(a)+jit(0.5), r*math.Sin(a)+jit(0.5)
	case "xor":
		const pad = 0.05
		x = pad + (1-pad)*rng.Float64()
		y = pad + (1-pad)*rng.Float64()
		if rng.IntN(2) == 1 {
			x = -x
		}
		if (c == 0) != (x > 0) { // class 0: same signs
			y = -y
		}
		x, y = x+jit(0.5), y+jit(0.5)
	case "gauss":
		m := 0.5
		if c == 1 {
			m = -0.5
		}
		x, y = m+0.15*cutNormal(rng)+jit(0.5), m+0.15*cutNormal(rng)+jit(0.5)
	case "spiral":
		u := rng.Float64()
		r := 0.05 + 0.95*u
		a := 3.5*math.Pi*u + math.Pi*float64(c)
		x, y = r*math.Sin(a)+jit(0.2), r*math.Cos(a)+jit(0.2)
	case "moons":
		a := math.Pi * rng.Float64()
		// Unit half circles: class 0 upper, centred (0,0); class 1 lower,
		// centred (1,0.5). Together x is in [-1,2], y in [-0.5,1]; then
		// centre and scale by 2/3 into x in [-1,1], y in [-0.5,0.5].
		cx, cy := math.Cos(a), math.Sin(a)
		if c == 1 {
			cx, cy = 1-cx, 0.5-cy
		}
		x, y = (cx-0.5)/1.5+jit(0.3), (cy-0.25)/1.5+jit(0.3)
	case "regression":
		x = 2*rng.Float64() - 1
		t = math.Sin(math.Pi*x) + jit(0.5)
	case "regression2d":
		x, y = 2*rng.Float64()-1, 2*rng.Float64()-1
		t = math.Sin(math.Pi*x)*math.Cos(math.Pi*y/2) + jit(0.5)
	}
	return x, y, t
}

// cutNormal draws from a standard normal cut at ±3.
func cutNormal(rng *rand.Rand) float64 {
	for {
		if v := rng.NormFloat64(); math.Abs(v) <= 3 {
			return v
		}
	}
}

// feature is one derived input column.
type feature int

const (
	featX2 feature = iota
	featY2
	featXY
	featSinX
	featSinY
)

func (f feature) value(x, y float64) float64 {
	switch f {
	case featX2:
		return x * x
	case featY2:
		return y * y
	case featXY:
		return x * y
	case featSinX:
		return math.Sin(math.Pi * x)
	default:
		return math.Sin(math.Pi * y)
	}
}

// usesY says whether the feature needs a second raw input.
func (f feature) usesY() bool { return f == featY2 || f == featXY || f == featSinY }

func parseFeatures(names []string, raw int, set string) ([]feature, error) {
	feats := make([]feature, 0, len(names))
	for i, n := range names {
		k := -1
		for j, m := range featureNames {
			if m == n {
				k = j
			}
		}
		if k < 0 {
			return nil, fmt.Errorf("data.features[%d]: unknown feature %q; want one of %s", i, n, strings.Join(featureNames, ", "))
		}
		f := feature(k)
		if raw < 2 && f.usesY() {
			return nil, fmt.Errorf("data.features[%d]: %s needs a y input, but %s has only x; want x2 or sinx", i, n, set)
		}
		for j, g := range feats {
			if g == f {
				return nil, fmt.Errorf("data.features[%d]: %s is already data.features[%d]; list each feature once", i, n, j)
			}
		}
		feats = append(feats, f)
	}
	return feats, nil
}
