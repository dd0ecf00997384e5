package nn

import (
	"math"
	"math/rand/v2"
	"testing"
)

// The hand-written kernels (simd_amd64.s, and the pure-Go ones every build
// has) against plain loops. Without AVX2 (other processors, -tags purego)
// the entry points run the pure-Go kernels, which are checked the same way.

// plainMul is C = op(A)·op(B) (+ C when acc, + bias[j] in column j), one
// sum at a time, in float64.
func plainMul[T float](tA, tB bool, m, n, k int, a []T, lda int, b []T, ldb int, bias []T, acc bool, c []T, ldc int) []float64 {
	out := make([]float64, m*n)
	for i := 0; i < m; i++ {
		for j := 0; j < n; j++ {
			s := 0.0
			if bias != nil {
				s = float64(bias[j])
			}
			for l := 0; l < k; l++ {
				ia, ib := i*lda+l, l*ldb+j
				if tA {
					ia = l*lda + i
				}
				if tB {
					ib = j*ldb + l
				}
				s += float64(a[ia]) * float64(b[ib])
			}
			if acc {
				s += float64(c[i*ldc+j])
			}
			out[i*n+j] = s
		}
	}
	return out
}

// mulCase is one product of the differential test: its shape, the offsets
// of its operands in their slices, and its options, varied together so that
// every value of each occurs without the full cross product.
type mulCase struct {
	m, n, k               int
	offA, offB, offC      int
	tA, tB, acc, withBias bool
}

func mulCases() []mulCase {
	var cs []mulCase
	for m := 1; m <= 31; m++ {
		for n := 1; n <= 31; n++ {
			for k := 1; k <= 31; k += 1 + (m+n)%3 {
				h := m*31*31 + n*31 + k
				cs = append(cs, mulCase{m, n, k, h % 4, (h / 4) % 4, (h / 16) % 4,
					h%2 == 0, (h/2)%3 == 0, (h/3)%2 == 0, (h/5)%2 == 0})
			}
		}
	}
	return cs
}

// fill is n random values in [-1, 1) after off leading ones.
func fill[T float](rng *rand.Rand, off, n int) []T {
	s := make([]T, off+n)
	for i := range s {
		s[i] = T(2*rng.Float64() - 1)
	}
	return s
}

// checkMul compares got (C after the kernel) with the plain product, to
// a few ulps of the sum of |terms| (FMA and another order round
// differently).
func checkMul[T float](t *testing.T, what string, c mulCase, a, b, bias, c0, got []T, ldc int, ulp float64) {
	t.Helper()
	lda, ldb := c.k, c.n
	if c.tA {
		lda = c.m
	}
	if c.tB {
		ldb = c.k
	}
	want := plainMul(c.tA, c.tB, c.m, c.n, c.k, a, lda, b, ldb, bias, c.acc, c0, ldc)
	for i := 0; i < c.m; i++ {
		for j := 0; j < c.n; j++ {
			g, w := float64(got[i*ldc+j]), want[i*c.n+j]
			if math.Abs(g-w) > ulp*float64(c.k+2)*4 {
				t.Fatalf("%s %+v: C[%d][%d] = %v, plain loop %v", what, c, i, j, g, w)
			}
		}
	}
}

// TestGemmAgainstPlainLoop drives the one product entry point, gemm, in
// both precisions: A·B, Aᵀ·B, A·Bᵀ (the tiles, the 2×2 kernels, BLAS),
// with and without accumulation, at offsets 0–3 in their slices; and
// affine (x·Wᵀ + bias), the forward product of dense layers.
func TestGemmAgainstPlainLoop(t *testing.T) {
	t.Run("float64", func(t *testing.T) { gemmAgainstPlainLoop[float64](t, 1e-16) })
	t.Run("float32", func(t *testing.T) { gemmAgainstPlainLoop[float32](t, 1e-7) })
}

func gemmAgainstPlainLoop[T float](t *testing.T, ulp float64) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, c := range mulCases() {
		a := fill[T](rng, c.offA, c.m*c.k)
		b := fill[T](rng, c.offB, c.k*c.n)
		cs := fill[T](rng, c.offC, c.m*c.n)
		c0 := append([]T(nil), cs[c.offC:]...)
		lda, ldb := c.k, c.n
		if c.tA {
			lda = c.m
		}
		if c.tB {
			ldb = c.k
		}
		gemm(nil, c.tA, c.tB, c.m, c.n, c.k, a[c.offA:], lda, b[c.offB:], ldb, c.acc, cs[c.offC:], c.n)
		checkMul(t, "gemm", c, a[c.offA:], b[c.offB:], nil, c0, cs[c.offC:], c.n, ulp)

		// affine: z = x·Wᵀ + bias, x m×k, W n×k.
		c.tA, c.tB, c.acc = false, true, false
		w := fill[T](rng, c.offB, c.n*c.k)
		var bias []T
		if c.withBias {
			bias = fill[T](rng, 0, c.n)
		}
		var wt []T
		if haveAVX2 {
			wt = make([]T, c.n*c.k)
		}
		z := make([]T, c.offC+c.m*c.n)
		affine(nil, c.m, c.n, c.k, a[c.offA:c.offA+c.m*c.k], w[c.offB:], wt, bias, z[c.offC:])
		checkMul(t, "affine", c, a[c.offA:], w[c.offB:], bias, nil, z[c.offC:], c.n, ulp)
	}
}

// TestTilesAgainstPlainLoop calls the assembly tiles directly (mulTiles,
// then mulRest for the columns past the last whole tile), with strided
// operands, a bias row and accumulation, in both precisions, where the
// processor has them.
func TestTilesAgainstPlainLoop(t *testing.T) {
	if !haveAVX2 {
		t.Skip("no AVX2/FMA tiles in this build or on this processor")
	}
	t.Run("float64", func(t *testing.T) { tilesAgainstPlainLoop[float64](t, 1e-16) })
	t.Run("float32", func(t *testing.T) { tilesAgainstPlainLoop[float32](t, 1e-7) })
}

func tilesAgainstPlainLoop[T float](t *testing.T, ulp float64) {
	rng := rand.New(rand.NewPCG(3, 4))
	half := lanes[T]() / 2
	for _, c := range mulCases() {
		if c.tB {
			continue // the tiles take B row-major only
		}
		a := fill[T](rng, c.offA, c.m*c.k)
		b := fill[T](rng, c.offB, c.k*c.n)
		ldc := c.n + c.offC // rows of C apart by more than their width
		cs := fill[T](rng, c.offC, c.m*ldc)
		c0 := append([]T(nil), cs[c.offC:]...)
		var bias []T
		if c.withBias {
			bias = fill[T](rng, 0, c.n)
		}
		ai, al := c.k, 1
		if c.tA {
			ai, al = 1, c.m
		}
		j0 := mulTiles(c.m, c.n, c.k, a[c.offA:], ai, al, b[c.offB:], c.n, bias, c.acc, cs[c.offC:], ldc)
		if want := c.n - c.n%half; j0 != want {
			t.Fatalf("%+v: tiles did %d columns, want %d", c, j0, want)
		}
		mulRest(c.m, c.n, c.k, j0, a[c.offA:], ai, al, b[c.offB:], c.n, bias, c.acc, cs[c.offC:], ldc)
		checkMul(t, "tiles", c, a[c.offA:], b[c.offB:], bias, c0, cs[c.offC:], ldc, ulp)
	}
}

// specials are the values where element-wise kernels go wrong.
var specials = []float64{math.NaN(), 0, math.Copysign(0, -1), math.Inf(1), math.Inf(-1),
	5e-324, -5e-324, 2.2250738585072e-308, -2.2250738585072e-308, 1, -1, 1e308, -1e308, 0.5, -0.5}

// TestReLUKernelsOnSpecialValues: max(z, 0) is z above 0 and +0 otherwise
// (−0, NaN, −Inf, negative subnormals); the gradient passes where z > 0
// only, at every offset and length the vector loop and its tail share, in
// both precisions.
func TestReLUKernelsOnSpecialValues(t *testing.T) {
	t.Run("float64", func(t *testing.T) { reluOnSpecialValues[float64](t) })
	t.Run("float32", func(t *testing.T) { reluOnSpecialValues[float32](t) })
}

// bitsOf is v's bit pattern in its own precision.
func bitsOf[T float](v T) uint64 {
	if is64[T]() {
		return math.Float64bits(float64(v))
	}
	return uint64(math.Float32bits(float32(v)))
}

func reluOnSpecialValues[T float](t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for n := 1; n <= 40; n++ {
		for off := 0; off < 8; off++ {
			z := make([]T, off+n)
			g := make([]T, off+n)
			for i := range z {
				z[i] = T(specials[rng.IntN(len(specials))])
				if !is64[T]() && rng.IntN(4) == 0 { // float32 subnormals and extremes
					z[i] = T(float32([]float32{1e-45, -1e-45, 1.1754942e-38, math.MaxFloat32, -math.MaxFloat32}[rng.IntN(5)]))
				}
				g[i] = T(2*rng.Float64() - 1)
			}
			a := make([]T, off+n)
			dz := make([]T, off+n)
			activate(ReLU, a[off:], z[off:], 1)
			backprop(ReLU, dz[off:], g[off:], z[off:], a[off:], 1)
			for i := off; i < off+n; i++ {
				var want, wantG T
				if z[i] > 0 {
					want, wantG = z[i], g[i]
				}
				if bitsOf(a[i]) != bitsOf(want) {
					t.Fatalf("n %d off %d: relu(%v) = %v (bits %x), want %v", n, off, z[i], a[i], bitsOf(a[i]), want)
				}
				if bitsOf(dz[i]) != bitsOf(wantG) {
					t.Fatalf("n %d off %d: relu'(%v)·%v = %v, want %v", n, off, z[i], g[i], dz[i], wantG)
				}
			}
		}
	}
}

// TestSoftmax2FarApartLogits: two-class softmax (four rows at a time in
// assembly) against softmaxRow on logits that are equal, a hair apart,
// around the 700 where the assembly hands rows back, far apart, infinite
// and NaN.
func TestSoftmax2FarApartLogits(t *testing.T) {
	ds := []float64{0, 1e-300, 1e-17, 0.5, 1, 30, 699.9, 700, 700.1, 745, 800, 1e4, math.Inf(1), math.NaN()}
	for _, base := range []float64{0, -3, 1e3, -1e300} {
		for _, d := range ds {
			// Four rows, the block the assembly works in; a block with a
			// row it cannot do goes to Go whole.
			z := []float64{base, base + d, base + d, base, base, base - d, base - d, base}
			a := make([]float64, len(z))
			softmax2(a, z)
			for r := 0; r < len(z); r += 2 {
				want := make([]float64, 2)
				softmaxRow(want, z[r:r+2])
				for k := 0; k < 2; k++ {
					g, w := a[r+k], want[k]
					if math.IsNaN(w) != math.IsNaN(g) || !math.IsNaN(w) && math.Abs(g-w) > 4e-16*w && math.Abs(g-w) > 1e-320 {
						t.Errorf("softmax(%v, %v)[%d] = %v, softmaxRow %v", z[r], z[r+1], k, g, w)
					}
				}
			}
		}
	}
}

// TestReductionKernels: the sums behind the statistics, the bias
// gradients' column sums and Adam's update against plain loops in float64,
// in both precisions, at offsets 0–7 in their slices.
func TestReductionKernels(t *testing.T) {
	t.Run("float64", func(t *testing.T) { reductionKernels[float64](t, 1e-15) })
	t.Run("float32", func(t *testing.T) { reductionKernels[float32](t, 1e-6) })
}

func reductionKernels[T float](t *testing.T, eps float64) {
	rng := rand.New(rand.NewPCG(7, 8))
	for n := 1; n <= 40; n++ {
		off := n % 8
		x := fill[T](rng, off, n)[off:]
		k := float64(x[0])
		s, q := shiftedSums(x, k)
		var ws, wq float64
		for _, v := range x {
			d := float64(v) - k
			ws += d
			wq += d * d
		}
		// The sums run in float64 in both precisions.
		tol := 1e-15 * float64(n) * (1 + math.Abs(wq))
		if math.Abs(s-ws) > tol || math.Abs(q-wq) > tol {
			t.Errorf("n %d: shifted sums %v %v, plain %v %v", n, s, q, ws, wq)
		}
	}
	for rows := 1; rows <= 9; rows++ {
		for w := 1; w <= 21; w++ {
			off := (rows + w) % 8
			x := fill[T](rng, off, rows*w)[off:]
			sums := make([]T, off+w)[off:]
			colSums(sums, x)
			for j := range sums {
				want := 0.0
				for r := 0; r < rows; r++ {
					want += float64(x[r*w+j])
				}
				if math.Abs(float64(sums[j])-want) > eps*float64(rows) {
					t.Errorf("rows %d width %d: column %d sums to %v, plain %v", rows, w, j, sums[j], want)
				}
			}
		}
	}
	for n := 1; n <= 37; n++ {
		off := n % 8
		val, grad := fill[T](rng, off, n)[off:], fill[T](rng, off, n)[off:]
		m, v := fill[T](rng, off, n)[off:], fill[T](rng, off, n)[off:]
		for i := range v {
			v[i] = T(math.Abs(float64(v[i])))
		}
		pv, pm, pvv := make([]float64, n), make([]float64, n), make([]float64, n)
		for j := range pv {
			pv[j], pm[j], pvv[j] = float64(val[j]), float64(m[j]), float64(v[j])
		}
		s := &step{cfg: OptimizerConfig{Kind: Adam, Beta2: 0.999, Eps: 1e-8, WeightDecay: 0.01}, t: 3,
			lr: 0.01, momentum: 0.9, bc1: 1 - 0.9*0.9*0.9, bc2: math.Sqrt(1 - math.Pow(0.999, 3))}
		upd := updateParam(s, val, grad, m, v)
		plain := 0.0
		for j := range pv {
			g := float64(grad[j]) + 0.01*pv[j]
			pm[j] = 0.9*pm[j] + 0.1*g
			pvv[j] = 0.999*pvv[j] + 0.001*g*g
			d := s.lr / s.bc1 * pm[j] / (math.Sqrt(pvv[j])/s.bc2 + 1e-8)
			pv[j] -= d
			plain += d * d
		}
		for j := range pv {
			if math.Abs(float64(val[j])-pv[j]) > eps || math.Abs(float64(m[j])-pm[j]) > eps || math.Abs(float64(v[j])-pvv[j]) > eps {
				t.Fatalf("n %d: adam value %d: %v %v %v, plain %v %v %v", n, j, val[j], m[j], v[j], pv[j], pm[j], pvv[j])
			}
		}
		if math.Abs(upd-plain) > eps*(1+plain) {
			t.Errorf("n %d: adam Σd² %v, plain %v", n, upd, plain)
		}
	}
}

// TestTransposeRows: any range of rows of an r×c matrix lands exactly in
// the columns of its transpose (the 8×8 and 4×4 kernels and the plain
// edges), touching nothing else, in both precisions.
func TestTransposeRows(t *testing.T) {
	t.Run("float64", func(t *testing.T) { transposeRowsExactly[float64](t) })
	t.Run("float32", func(t *testing.T) { transposeRowsExactly[float32](t) })
}

func transposeRowsExactly[T float](t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 16))
	for r := 1; r <= 21; r++ {
		for c := 1; c <= 21; c++ {
			m := fill[T](rng, 0, r*c)
			r0 := rng.IntN(r)
			r1 := r0 + 1 + rng.IntN(r-r0)
			tr := make([]T, r*c)
			transposeRows(tr, m, r, c, r0, r1)
			for i := 0; i < r; i++ {
				for j := 0; j < c; j++ {
					var want T
					if i >= r0 && i < r1 {
						want = m[i*c+j]
					}
					if tr[j*r+i] != want {
						t.Fatalf("%d×%d rows %d..%d: t[%d][%d] = %v, want %v", r, c, r0, r1, j, i, tr[j*r+i], want)
					}
				}
			}
		}
	}
}
