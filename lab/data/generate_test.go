package data

import (
	"math"
	"slices"
	"strings"
	"testing"
)

func TestGenerateDeterministic(t *testing.T) {
	for _, name := range setNames {
		o := Options{N: 300, Noise: 0.3, Seed: 42, Features: []string{"sinx"}}
		a, err := Generate(name, o)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := Generate(name, o)
		for _, p := range [][2]*Split{{&a.Train, &b.Train}, {&a.Test, &b.Test}} {
			if !sameBits(p[0].X, p[1].X) || !sameBits(p[0].Y, p[1].Y) || !slices.Equal(p[0].Labels, p[1].Labels) {
				t.Errorf("%s: two runs with the same options differ", name)
			}
		}
		o.Seed = 43
		c, _ := Generate(name, o)
		if sameBits(a.Train.X, c.Train.X) {
			t.Errorf("%s: seeds 42 and 43 give the same inputs", name)
		}
	}
}

func sameBits(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Float64bits(a[i]) != math.Float64bits(b[i]) {
			return false
		}
	}
	return true
}

func TestGenerateSplitAndBalance(t *testing.T) {
	cases := []struct {
		n          int
		test       float64
		train, tst int
	}{
		{0, 0, 250, 250},   // defaults: 500 samples, half held out
		{101, 0.3, 71, 30}, // round(30.3) = 30
		{100, -1, 100, 0},  // nothing held out
		{1000, 0.9, 100, 900},
	}
	for _, name := range setNames {
		for _, c := range cases {
			s, err := Generate(name, Options{N: c.n, Test: c.test, Noise: 0.2, Seed: 7})
			if err != nil {
				t.Fatalf("%s %+v: %v", name, c, err)
			}
			if s.Train.N != c.train || s.Test.N != c.tst {
				t.Errorf("%s n=%d test=%v: train/test = %d/%d, want %d/%d", name, c.n, c.test, s.Train.N, s.Test.N, c.train, c.tst)
			}
			for _, sp := range []Split{s.Train, s.Test} {
				if len(sp.X) != sp.N*sp.D || sp.D != s.Inputs {
					t.Errorf("%s: X has %d values for %d×%d", name, len(sp.X), sp.N, sp.D)
				}
				if s.Classes == 0 {
					if sp.Labels != nil || len(sp.Y) != sp.N {
						t.Errorf("%s: regression split has %d labels and %d targets for %d samples", name, len(sp.Labels), len(sp.Y), sp.N)
					}
					continue
				}
				var count [2]int
				for _, l := range sp.Labels {
					count[l]++
				}
				if count[0]+count[1] != sp.N || count[0]-count[1] > 1 || count[1]-count[0] > 1 {
					t.Errorf("%s n=%d: class counts %v of %d are not balanced", name, c.n, count, sp.N)
				}
			}
		}
	}
}

func TestGenerateShuffled(t *testing.T) {
	s, _ := Generate("circle", Options{N: 400, Seed: 1})
	alternating := true
	for i := 1; i < s.Train.N; i++ {
		if s.Train.Labels[i] == s.Train.Labels[i-1] {
			alternating = false
		}
	}
	if alternating {
		t.Error("training labels alternate 0,1,0,1: the split was not shuffled")
	}
}

// TestGenerateShapes checks the noiseless shapes documented on Generate.
func TestGenerateShapes(t *testing.T) {
	const eps = 1e-12
	for _, name := range setNames {
		s, err := Generate(name, Options{N: 2000, Seed: 3})
		if err != nil {
			t.Fatal(err)
		}
		sp := s.Train
		for i := range sp.N {
			x := sp.X[i*sp.D]
			y := 0.0
			if s.Raw == 2 {
				y = sp.X[i*sp.D+1]
			}
			if math.Abs(x) > 1+eps || math.Abs(y) > 1+eps {
				t.Fatalf("%s: sample %d at (%v, %v) is outside [-1,1]²", name, i, x, y)
			}
			r := math.Hypot(x, y)
			c := -1
			if sp.Labels != nil {
				c = sp.Labels[i]
			}
			var ok bool
			switch name {
			case "circle":
				ok = c == 0 && r <= 0.5+eps || c == 1 && r >= 0.7-eps && r <= 1+eps
			case "xor":
				ok = math.Abs(x) >= 0.05 && math.Abs(y) >= 0.05 && (x*y > 0) == (c == 0)
			case "gauss":
				m := 0.5 - float64(c)
				ok = math.Abs(x-m) <= 0.45+eps && math.Abs(y-m) <= 0.45+eps
			case "spiral":
				a := 3.5*math.Pi*(r-0.05)/0.95 + math.Pi*float64(c)
				ok = r >= 0.05-eps && r <= 1+eps &&
					math.Abs(x-r*math.Sin(a)) < 1e-9 && math.Abs(y-r*math.Cos(a)) < 1e-9
			case "moons":
				cx, cy := 1.5*x+0.5, 1.5*y+0.25 // back to unit half circles
				if c == 1 {
					cx, cy = 1-cx, 0.5-cy
				}
				ok = math.Abs(y) <= 0.5+eps && cy >= -eps && math.Abs(math.Hypot(cx, cy)-1) < 1e-9
			case "regression":
				ok = sp.Y[i] == math.Sin(math.Pi*x)
			case "regression2d":
				ok = sp.Y[i] == math.Sin(math.Pi*x)*math.Cos(math.Pi*y/2)
			}
			if !ok {
				t.Fatalf("%s: sample %d at (%v, %v) breaks the shape", name, i, x, y)
			}
		}
	}
}

// TestGenerateNoise checks that noise moves points within its bound, and
// that it moves them at all.
func TestGenerateNoise(t *testing.T) {
	amp := map[string]float64{"circle": 0.5, "xor": 0.5, "gauss": 0.5, "spiral": 0.2, "moons": 0.3, "regression": 0.5, "regression2d": 0.5}
	for _, name := range setNames {
		s, err := Generate(name, Options{N: 2000, Noise: 1, Seed: 5})
		if err != nil {
			t.Fatal(err)
		}
		sp := s.Train
		var outside int
		for i := range sp.N {
			for j := range s.Raw {
				v := sp.X[i*sp.D+j]
				if math.Abs(v) > 1+amp[name] {
					t.Fatalf("%s: sample %d column %d is %v, beyond ±%v", name, i, j, v, 1+amp[name])
				}
				if math.Abs(v) > 1 {
					outside++
				}
			}
			if sp.Y != nil {
				x := sp.X[i*sp.D]
				clean := math.Sin(math.Pi * x)
				if name == "regression2d" {
					clean *= math.Cos(math.Pi * sp.X[i*sp.D+1] / 2)
				}
				if d := math.Abs(sp.Y[i] - clean); d > 0.5 {
					t.Fatalf("%s: target %d is %v off, beyond the noise bound 0.5", name, i, d)
				}
				if sp.Y[i] != clean {
					outside++
				}
			}
		}
		if outside == 0 {
			t.Errorf("%s: noise 1 moved nothing outside the noiseless range", name)
		}
	}
}

func TestGenerateFeatures(t *testing.T) {
	s, err := Generate("xor", Options{N: 50, Features: []string{"siny", "x2", "xy", "y2", "sinx"}, Seed: 9})
	if err != nil {
		t.Fatal(err)
	}
	if s.Inputs != 7 || s.Train.D != 7 || s.Raw != 2 {
		t.Fatalf("Inputs %d, D %d, Raw %d; want 7, 7, 2", s.Inputs, s.Train.D, s.Raw)
	}
	for i := range s.Train.N {
		r := s.Train.X[i*7 : i*7+7]
		x, y := r[0], r[1]
		want := []float64{x, y, math.Sin(math.Pi * y), x * x, x * y, y * y, math.Sin(math.Pi * x)}
		if !sameBits(r, want) {
			t.Fatalf("row %d = %v, want %v", i, r, want)
		}
	}
	var dst [7]float64
	if got := s.PointRow(dst[:], 0.5, -0.25); len(got) != 7 || got[2] != math.Sin(-math.Pi/4) || got[4] != -0.125 {
		t.Errorf("PointRow(0.5, -0.25) = %v", got)
	}

	r, err := Generate("regression", Options{N: 20, Features: []string{"x2", "sinx"}})
	if err != nil {
		t.Fatal(err)
	}
	if r.Inputs != 3 || r.Raw != 1 || r.Train.X[1] != r.Train.X[0]*r.Train.X[0] {
		t.Errorf("regression with x2, sinx: Inputs %d, Raw %d, row %v", r.Inputs, r.Raw, r.Train.X[:3])
	}
}

func TestGenerateErrors(t *testing.T) {
	cases := []struct {
		name string
		o    Options
		want string
	}{
		{"rings", Options{}, `data.set: unknown set "rings"; want one of circle, xor, gauss, spiral, moons, regression, regression2d`},
		{"circle", Options{Features: []string{"x2", "z3"}}, `data.features[1]: unknown feature "z3"; want one of x2, y2, xy, sinx, siny`},
		{"circle", Options{Features: []string{"xy", "xy"}}, "data.features[1]: xy is already data.features[0]"},
		{"regression", Options{Features: []string{"y2"}}, "data.features[0]: y2 needs a y input"},
		{"circle", Options{N: -1}, "data.n: -1 samples is not allowed; want 4..1000000"},
		{"circle", Options{N: 2_000_000}, "data.n:"},
		{"circle", Options{Noise: 1.5}, "data.noise: 1.5 is not allowed; want 0..1"},
		{"circle", Options{Noise: math.NaN()}, "data.noise: NaN"},
		{"circle", Options{Test: 0.95}, "data.test: 0.95 is not allowed; want a share 0..0.9"},
		{"circle", Options{Test: math.NaN()}, "data.test: NaN"},
		{"circle", Options{N: 5, Test: 0.9}, "leave 0 for training"},
	}
	for _, c := range cases {
		_, err := Generate(c.name, c.o)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Generate(%q, %+v) = %v; want an error containing %q", c.name, c.o, err, c.want)
		}
	}
}
