//go:build amd64 && !purego

package nn

// The AVX2/FMA kernels of simd_amd64.s: the matrix tiles behind gemm
// (mulTiles), ReLU forward and backward, the sums behind the layer
// statistics, column sums (bias gradients), two-class softmax and Adam's
// update. Each is used only when haveAVX2; the Go wrappers check every
// bound before they call one, as the assembly checks nothing. Build with
// -tags purego to leave them all out.

//go:noescape
func tile4x8(k int, a0, a1, a2, a3 *float64, al int, b *float64, bl int, c0, c1, c2, c3 *float64, bias *float64, acc bool)

//go:noescape
func tile4x4(k int, a0, a1, a2, a3 *float64, al int, b *float64, bl int, c0, c1, c2, c3 *float64, bias *float64, acc bool)

//go:noescape
func tile4x2(k int, a0, a1, a2, a3 *float64, al int, b *float64, bl int, c0, c1, c2, c3 *float64, bias *float64, acc bool)

//go:noescape
func panel4x8(groups, k int, a *float64, ai, al int, b *float64, bl int, c *float64, ldc int, bias *float64, acc bool)

//go:noescape
func panel4x4(groups, k int, a *float64, ai, al int, b *float64, bl int, c *float64, ldc int, bias *float64, acc bool)

//go:noescape
func panel4x2(groups, k int, a *float64, ai, al int, b *float64, bl int, c *float64, ldc int, bias *float64, acc bool)

func cpuid(leaf, sub uint32) (a, b, c, d uint32)

func xgetbv() (lo, hi uint32)

// haveAVX2 reports whether the processor and the OS support AVX2 and FMA.
var haveAVX2 = func() bool {
	max, _, _, _ := cpuid(0, 0)
	if max < 7 {
		return false
	}
	_, _, c, _ := cpuid(1, 0)
	const fma, osxsave, avx = 1 << 12, 1 << 27, 1 << 28
	if c&fma == 0 || c&osxsave == 0 || c&avx == 0 {
		return false
	}
	if lo, _ := xgetbv(); lo&6 != 6 { // the OS saves XMM and YMM state
		return false
	}
	_, b, _, _ := cpuid(7, 0)
	return b&(1<<5) != 0 // AVX2
}()

//go:noescape
func reluVec(a, z *float64, n int)

//go:noescape
func reluBackVec(dz, da, z *float64, n int)

//go:noescape
func sumSqVec(x *float64, n int, k float64) (s, q float64)

//go:noescape
func colSumVec(s, x *float64, rows, w, n int)

//go:noescape
func softmax2Vec(a, z *float64, rows int) (bad int)

//go:noescape
func adamVec(val, grad, m, v *float64, n int, c *[8]float64) (upd float64)

// reluFwd sets a[i] = max(z[i], 0) (0 for NaN) for a leading part of z, a
// multiple of 4 long, and returns its length (0 without AVX2).
func reluFwd(a, z []float64) int {
	n := len(z) &^ 3
	if !haveAVX2 || n == 0 {
		return 0
	}
	_ = a[n-1]
	reluVec(&a[0], &z[0], n)
	return n
}

// reluBack sets dz[i] = g[i] where z[i] > 0 and 0 elsewhere, for a leading
// part of g as reluFwd does.
func reluBack(dz, g, z []float64) int {
	n := len(g) &^ 3
	if !haveAVX2 || n == 0 {
		return 0
	}
	_, _ = dz[n-1], z[n-1]
	reluBackVec(&dz[0], &g[0], &z[0], n)
	return n
}

// sumSq adds Σ(x[i]−k) and Σ(x[i]−k)² over a leading part of x to s and q,
// as reluFwd does.
func sumSq(x []float64, k float64) (s, q float64, done int) {
	n := len(x) &^ 3
	if !haveAVX2 || n == 0 {
		return 0, 0, 0
	}
	s, q = sumSqVec(&x[0], n, k)
	return s, q, n
}

// adamSIMD does Adam's update (see Optimizer.Step) for a leading part of
// val, as reluFwd does, and returns Σd² over it.
func adamSIMD(val, grad, m, v []float64, c *[8]float64) (upd float64, done int) {
	n := len(grad) &^ 3
	if !haveAVX2 || n == 0 {
		return 0, 0
	}
	_, _, _ = val[n-1], m[n-1], v[n-1]
	return adamVec(&val[0], &grad[0], &m[0], &v[0], n, c), n
}

// colSum sets sums[j] to the sum of column j of the rows of x (of width
// len(sums)) for the leading columns it can, a multiple of 4, and returns
// how many (0 without AVX2).
func colSum(sums, x []float64) int {
	w := len(sums)
	n := w &^ 3
	if !haveAVX2 || n == 0 || len(x) < w {
		return 0
	}
	rows := len(x) / w
	colSumVec(&sums[0], &x[0], rows, w, n)
	return n
}

// softmax2SIMD does softmax2 for a leading part of z, whole blocks of four
// rows, and returns its length (0 without AVX2); redo reports that some row
// in it had a non-finite logit or logits more than 700 apart, which the
// caller must do again.
func softmax2SIMD(a, z []float64) (n int, redo bool) {
	n = len(z) &^ 7
	if !haveAVX2 || n == 0 {
		return 0, false
	}
	_ = a[n-1]
	return n, softmax2Vec(&a[0], &z[0], n/2) != 0
}
