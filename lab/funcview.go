package lab

import (
	"math"
	"math/cmplx"

	"github.com/nnlab/nnlab/nn"
)

// FuncStats are a test-function run's readings; Name is "" for networks.
type FuncStats struct {
	Name      string
	Condition float64 // the quadratic's κ
	Value     float64 // f at the current point
	Dist      float64 // distance from the current point to the nearest minimum
	// Rate is the measured contraction of the distance to the minimum per
	// step (MeasuredRate) and Theory the rate theory predicts for the run's
	// learning rate and momentum (QuadraticRate); quadratic only, NaN
	// otherwise or when unknown (other optimizers, Nesterov, weight decay).
	Rate, Theory float64
}

// functionMinima are each test function's global minima.
var functionMinima = map[string][][2]float64{
	"quadratic":  {{0, 0}},
	"rosenbrock": {{1, 1}},
	"himmelblau": {{3, 2}, {-2.805118, 3.131312}, {-3.779310, -3.283186}, {3.584428, -1.848126}},
	"wells":      {{2, 0}},
}

// FunctionMinima returns the named test function's minima (a new slice;
// nil for an unknown name).
func FunctionMinima(name string) [][2]float64 {
	return append([][2]float64(nil), functionMinima[name]...)
}

// FunctionDistance is the distance from p to the nearest minimum of the
// named function (NaN for an unknown name or a non-finite p).
func FunctionDistance(name string, p [2]float64) float64 {
	d := math.NaN()
	for _, m := range functionMinima[name] {
		if h := math.Hypot(p[0]-m[0], p[1]-m[1]); !(h >= d) {
			d = h
		}
	}
	return d
}

// FunctionBox is a box (xmin, xmax, ymin, ymax) around the named function's
// minima and the given paths, padded by a tenth on each side. Points far
// outside (a diverging path) are ignored beyond three times the size of the
// box around the minima and the paths' starts, so the view stays readable.
func FunctionBox(name string, paths ...[][2]float64) [4]float64 {
	b := [4]float64{math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)}
	add := func(p [2]float64) {
		if finite(p[0]) && finite(p[1]) {
			b[0], b[1] = math.Min(b[0], p[0]), math.Max(b[1], p[0])
			b[2], b[3] = math.Min(b[2], p[1]), math.Max(b[3], p[1])
		}
	}
	for _, m := range functionMinima[name] {
		add(m)
	}
	for _, p := range paths {
		if len(p) > 0 {
			add(p[0])
		}
	}
	if b[0] > b[1] {
		b = [4]float64{-1, 1, -1, 1}
	}
	core := b
	sx, sy := math.Max(core[1]-core[0], 1), math.Max(core[3]-core[2], 1)
	limit := [4]float64{core[0] - 3*sx, core[1] + 3*sx, core[2] - 3*sy, core[3] + 3*sy}
	for _, p := range paths {
		for _, q := range p {
			q[0] = math.Max(limit[0], math.Min(limit[1], q[0]))
			q[1] = math.Max(limit[2], math.Min(limit[3], q[1]))
			add(q)
		}
	}
	px, py := math.Max((b[1]-b[0])/10, 0.1), math.Max((b[3]-b[2])/10, 0.1)
	return [4]float64{b[0] - px, b[1] + px, b[2] - py, b[3] + py}
}

// FunctionGrid samples the named function on a w×h lattice over box (cell
// centres, row 0 at the top, largest y) as log(1+f), scaled to 0..1 over the
// grid: level sets of the result are level sets of f, spread evenly from
// the valley floor to the walls. It returns nil for an unknown name, a bad
// box or a size outside 1..65536 cells.
func FunctionGrid(name string, kappa float64, box [4]float64, w, h int) []float64 {
	if _, ok := functionMinima[name]; !ok || w < 1 || h < 1 || w*h > 1<<16 || !(box[1] > box[0]) || !(box[3] > box[2]) {
		return nil
	}
	kappa = math.Max(kappa, 1)
	grid := make([]float64, w*h)
	lo, hi := math.Inf(1), math.Inf(-1)
	for r := 0; r < h; r++ {
		y := box[3] - (float64(r)+0.5)/float64(h)*(box[3]-box[2])
		for c := 0; c < w; c++ {
			x := box[0] + (float64(c)+0.5)/float64(w)*(box[1]-box[0])
			v := math.Log1p(math.Max(0, FunctionValue(name, kappa, x, y)))
			grid[r*w+c] = v
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	for i, v := range grid {
		if hi > lo {
			grid[i] = (v - lo) / (hi - lo)
		} else {
			grid[i] = 0
		}
	}
	return grid
}

// QuadraticRate is the asymptotic contraction per step of gradient descent
// with heavy-ball momentum (PyTorch's SGD momentum, no dampening) at rate
// lr and momentum mom on f = (x² + κ·y²)/2: the largest modulus of the roots
// of z² − (1 + μ − η·λ)·z + μ over the curvatures λ ∈ {1, κ}. A value of 1
// or more means no convergence.
func QuadraticRate(kappa, lr, mom float64) float64 {
	worst := 0.0
	for _, lam := range []float64{1, math.Max(kappa, 1)} {
		b := 1 + mom - lr*lam
		disc := cmplx.Sqrt(complex(b*b-4*mom, 0))
		r1 := cmplx.Abs((complex(b, 0) + disc) / 2)
		r2 := cmplx.Abs((complex(b, 0) - disc) / 2)
		worst = math.Max(worst, math.Max(r1, r2))
	}
	return worst
}

// funcStats fills a function run's readings.
func (t *Trainer) funcStats() FuncStats {
	f := t.fn
	p := [2]float64{f.p[0], f.p[1]}
	s := FuncStats{Name: f.name, Condition: f.kappa, Value: f.value(p[0], p[1]),
		Dist: FunctionDistance(f.name, p), Rate: math.NaN(), Theory: math.NaN()}
	if f.name != "quadratic" {
		return s
	}
	s.Rate = MeasuredRate(f.path, f.every)
	if c := t.optCfg; c.Kind == nn.SGD && !c.Nesterov && c.WeightDecay == 0 && t.sched.Kind == nn.Constant && t.ramp == nil {
		s.Theory = QuadraticRate(f.kappa, t.baseLR, t.mom)
	}
	return s
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
