package lab

import (
	"fmt"
	"math"
	"strings"

	"github.com/nnlab/nnlab/lab/spec"
	"github.com/nnlab/nnlab/nn"
)

// maxPath bounds the recorded optimizer path; longer paths are thinned.
const maxPath = 4096

// fnState is an optimizer walking a 2-D test function.
type fnState struct {
	name  string
	kappa float64
	p, g  []float64
	opt   *nn.Optimizer
	path  [][2]float64
	every int // record every this many steps
	n     int
}

func newFnState(f *spec.FunctionSpec, cfg nn.OptimizerConfig) (*fnState, error) {
	st := &fnState{name: f.Name, kappa: f.Condition, p: make([]float64, 2), g: make([]float64, 2), every: 1}
	if len(f.Start) == 2 {
		copy(st.p, f.Start)
	} else {
		s, ok := spec.DefaultStart[f.Name]
		if !ok {
			return nil, fmt.Errorf("function.name: unknown %q (allowed: %s)", f.Name, strings.Join(spec.AllowedValues("function.name"), ", "))
		}
		st.p[0], st.p[1] = s[0], s[1]
	}
	if st.kappa < 1 {
		st.kappa = 1
	}
	var err error
	st.opt, err = nn.NewOptimizer(cfg, []nn.Param{{Value: st.p, Grad: st.g, Weight: true}})
	st.path = append(st.path, [2]float64{st.p[0], st.p[1]})
	return st, err
}

// Value is the function at (x, y); Grad writes its gradient into g.
func (s *fnState) value(x, y float64) float64 {
	return FunctionValue(s.name, s.kappa, x, y)
}

// FunctionValue is the named test function at (x, y):
//
//	quadratic:  (x² + κ·y²)/2
//	rosenbrock: (1−x)² + 100·(y−x²)²
//	himmelblau: (x²+y−11)² + (x+y²−7)²
//	wells:      (3x⁴ − 4x³ − 12x² + 32)/16 + y², a deep minimum at (2, 0)
//	            (f = 0), a shallow one at (−1, 0) (f = 27/16) and a saddle
//	            between them at (0, 0) (f = 2)
//
// It is NaN for an unknown name.
func FunctionValue(name string, kappa, x, y float64) float64 {
	switch name {
	case "quadratic":
		return (x*x + kappa*y*y) / 2
	case "rosenbrock":
		return (1-x)*(1-x) + 100*(y-x*x)*(y-x*x)
	case "himmelblau":
		a, b := x*x+y-11, x+y*y-7
		return a*a + b*b
	case "wells":
		return (3*x*x*x*x-4*x*x*x-12*x*x+32)/16 + y*y
	}
	return math.NaN()
}

// FunctionGradient is the gradient of the named test function at (x, y)
// (NaN for an unknown name).
func FunctionGradient(name string, kappa, x, y float64) (gx, gy float64) {
	switch name {
	case "quadratic":
		return x, kappa * y
	case "rosenbrock":
		return -2*(1-x) - 400*x*(y-x*x), 200 * (y - x*x)
	case "himmelblau":
		a, b := x*x+y-11, x+y*y-7
		return 4*x*a + 2*b, 2*a + 4*y*b
	case "wells":
		return 3 * x * (x - 2) * (x + 1) / 4, 2 * y
	}
	return math.NaN(), math.NaN()
}

// FunctionHessian is the Hessian of the named test function at (x, y):
// its entries ∂²f/∂x², ∂²f/∂x∂y and ∂²f/∂y² (NaN for an unknown name).
func FunctionHessian(name string, kappa, x, y float64) (xx, xy, yy float64) {
	switch name {
	case "quadratic":
		return 1, 0, kappa
	case "rosenbrock":
		return 2 - 400*(y-x*x) + 800*x*x, -400 * x, 200
	case "himmelblau":
		return 12*x*x + 4*y - 42, 4 * (x + y), 4*x + 12*y*y - 26
	case "wells":
		return 3 * (3*x*x - 2*x - 2) / 4, 0, 2
	}
	return math.NaN(), math.NaN(), math.NaN()
}

// HessianEigen is the smaller and the larger eigenvalue of the symmetric
// 2×2 matrix [[xx, xy], [xy, yy]].
func HessianEigen(xx, xy, yy float64) (lo, hi float64) {
	mid, r := (xx+yy)/2, math.Hypot((xx-yy)/2, xy)
	return mid - r, mid + r
}

func (s *fnState) grad(x, y float64) (gx, gy float64) {
	return FunctionGradient(s.name, s.kappa, x, y)
}

// step takes one optimizer step and returns the value before it.
func (s *fnState) step(lr, mom float64) float64 {
	f := s.value(s.p[0], s.p[1])
	s.g[0], s.g[1] = s.grad(s.p[0], s.p[1])
	s.opt.Step(lr, mom)
	s.n++
	if s.n%s.every == 0 {
		s.path = append(s.path, [2]float64{s.p[0], s.p[1]})
		if len(s.path) >= maxPath {
			out := s.path[:0]
			for i := 0; i < len(s.path); i += 2 {
				out = append(out, s.path[i])
			}
			s.path, s.every = out, s.every*2
		}
	}
	return f
}

func (s *fnState) divergence() string {
	for _, v := range s.p {
		if math.IsNaN(v) || math.Abs(v) > 1e6 {
			return "the point left the plane (|x| or |y| above 1e6)"
		}
	}
	return ""
}

// QuadraticTheory gives the classic convergence results on
// f = (x² + κ·y²)/2, whose curvatures are 1 and κ: gradient descent with
// its best fixed rate η = 2/(1+κ) shrinks the error by (κ−1)/(κ+1) per step;
// heavy-ball momentum with η = 4/(√κ+1)² and μ = ((√κ−1)/(√κ+1))² by
// (√κ−1)/(√κ+1).
func QuadraticTheory(kappa float64) (gdLR, gdRate, hbLR, hbMom, hbRate float64) {
	r := math.Sqrt(kappa)
	gdLR = 2 / (1 + kappa)
	gdRate = (kappa - 1) / (kappa + 1)
	hbLR = 4 / ((r + 1) * (r + 1))
	hbRate = (r - 1) / (r + 1)
	hbMom = hbRate * hbRate
	return
}

// MeasuredRate is the average contraction of the distance to the minimum
// (0, 0) per step over the second half of a quadratic's path: the geometric
// mean of |x_t|/|x_{t−1}|. NaN when the path is too short or reached 0.
func MeasuredRate(path [][2]float64, every int) float64 {
	n := len(path)
	if n < 4 || every < 1 {
		return math.NaN()
	}
	a, b := path[n/2], path[n-1]
	da, db := math.Hypot(a[0], a[1]), math.Hypot(b[0], b[1])
	if da == 0 || db == 0 {
		return math.NaN()
	}
	steps := float64((n - 1 - n/2) * every)
	return math.Pow(db/da, 1/steps)
}
