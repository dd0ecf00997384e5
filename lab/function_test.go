package lab

import (
	"math"
	"testing"

	"github.com/nnlab/nnlab/lab/spec"
)

// TestFunctionDerivatives checks every test function's gradient and
// Hessian against central differences of its value, and that its listed
// minima are minima.
func TestFunctionDerivatives(t *testing.T) {
	const h = 1e-5
	points := [][2]float64{{-2.5, 0.5}, {-1.5, 2}, {0.3, -0.7}, {1, 1}, {2.2, 1.3}, {-3, -2}}
	for _, name := range spec.AllowedValues("function.name") {
		const kappa = 7
		f := func(x, y float64) float64 { return FunctionValue(name, kappa, x, y) }
		for _, p := range points {
			x, y := p[0], p[1]
			gx, gy := FunctionGradient(name, kappa, x, y)
			nx, ny := (f(x+h, y)-f(x-h, y))/(2*h), (f(x, y+h)-f(x, y-h))/(2*h)
			if !near(gx, nx) || !near(gy, ny) {
				t.Errorf("%s at %v: gradient (%.8g, %.8g), central differences (%.8g, %.8g)", name, p, gx, gy, nx, ny)
			}
			xx, xy, yy := FunctionHessian(name, kappa, x, y)
			g := func(x, y float64) (float64, float64) { return FunctionGradient(name, kappa, x, y) }
			ax, ay := g(x+h, y)
			bx, by := g(x-h, y)
			cx, cy := g(x, y+h)
			dx, dy := g(x, y-h)
			if !near(xx, (ax-bx)/(2*h)) || !near(xy, (ay-by)/(2*h)) || !near(xy, (cx-dx)/(2*h)) || !near(yy, (cy-dy)/(2*h)) {
				t.Errorf("%s at %v: Hessian (%.8g, %.8g, %.8g), differences of the gradient (%.8g, %.8g|%.8g, %.8g)",
					name, p, xx, xy, yy, (ax-bx)/(2*h), (ay-by)/(2*h), (cx-dx)/(2*h), (cy-dy)/(2*h))
			}
		}
		for _, m := range FunctionMinima(name) {
			gx, gy := FunctionGradient(name, kappa, m[0], m[1])
			lo, _ := HessianEigen(FunctionHessian(name, kappa, m[0], m[1]))
			if math.Hypot(gx, gy) > 1e-4 || lo <= 0 || math.Abs(f(m[0], m[1])) > 1e-9 {
				t.Errorf("%s: minimum %v has gradient (%.3g, %.3g), smallest curvature %.3g, f %.3g", name, m, gx, gy, lo, f(m[0], m[1]))
			}
		}
	}
	if lo, hi := HessianEigen(2, 1, 2); !near(lo, 1) || !near(hi, 3) {
		t.Errorf("eigenvalues of [[2, 1], [1, 2]]: %v, %v", lo, hi)
	}
}

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-6*math.Max(1, math.Abs(b)) }
