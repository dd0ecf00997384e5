//go:build amd64 && !purego

package nn

import "unsafe"

// The AVX2/FMA kernels of simd_amd64.s: the matrix tiles behind gemm
// (mulTiles), ReLU forward and backward, the sums behind the layer
// statistics, column sums (bias gradients), two-class softmax and Adam's
// update. Each is used only when haveAVX2; the Go wrappers check every
// bound before they call one, as the assembly checks nothing. Build with
// -tags purego to leave them all out.

// The tiles and panels of simd_amd64.s (float64: 8, 4 and 2 columns) and
// simd32_amd64.s (float32: 16, 8 and 4), typed alike so that mulTiles can
// pick one by precision and width.

var (
	tiles64 = tileSet{
		panel: [3]panelFunc{panel4x8, panel4x4, panel4x2},
		tile:  [3]tileFunc{tile4x8, tile4x4, tile4x2},
	}
	tiles32 = tileSet{
		panel: [3]panelFunc{panel4x16s, panel4x8s, panel4x4s},
		tile:  [3]tileFunc{tile4x16s, tile4x8s, tile4x4s},
	}
)

//go:noescape
func tile4x8(k int, a0, a1, a2, a3 unsafe.Pointer, al int, b unsafe.Pointer, bl int, c0, c1, c2, c3, bias unsafe.Pointer, acc bool)

//go:noescape
func tile4x4(k int, a0, a1, a2, a3 unsafe.Pointer, al int, b unsafe.Pointer, bl int, c0, c1, c2, c3, bias unsafe.Pointer, acc bool)

//go:noescape
func tile4x2(k int, a0, a1, a2, a3 unsafe.Pointer, al int, b unsafe.Pointer, bl int, c0, c1, c2, c3, bias unsafe.Pointer, acc bool)

//go:noescape
func panel4x8(groups, k int, a unsafe.Pointer, ai, al int, b unsafe.Pointer, bl int, c unsafe.Pointer, ldc int, bias unsafe.Pointer, acc bool)

//go:noescape
func panel4x4(groups, k int, a unsafe.Pointer, ai, al int, b unsafe.Pointer, bl int, c unsafe.Pointer, ldc int, bias unsafe.Pointer, acc bool)

//go:noescape
func panel4x2(groups, k int, a unsafe.Pointer, ai, al int, b unsafe.Pointer, bl int, c unsafe.Pointer, ldc int, bias unsafe.Pointer, acc bool)

//go:noescape
func tile4x16s(k int, a0, a1, a2, a3 unsafe.Pointer, al int, b unsafe.Pointer, bl int, c0, c1, c2, c3, bias unsafe.Pointer, acc bool)

//go:noescape
func tile4x8s(k int, a0, a1, a2, a3 unsafe.Pointer, al int, b unsafe.Pointer, bl int, c0, c1, c2, c3, bias unsafe.Pointer, acc bool)

//go:noescape
func tile4x4s(k int, a0, a1, a2, a3 unsafe.Pointer, al int, b unsafe.Pointer, bl int, c0, c1, c2, c3, bias unsafe.Pointer, acc bool)

//go:noescape
func panel4x16s(groups, k int, a unsafe.Pointer, ai, al int, b unsafe.Pointer, bl int, c unsafe.Pointer, ldc int, bias unsafe.Pointer, acc bool)

//go:noescape
func panel4x8s(groups, k int, a unsafe.Pointer, ai, al int, b unsafe.Pointer, bl int, c unsafe.Pointer, ldc int, bias unsafe.Pointer, acc bool)

//go:noescape
func panel4x4s(groups, k int, a unsafe.Pointer, ai, al int, b unsafe.Pointer, bl int, c unsafe.Pointer, ldc int, bias unsafe.Pointer, acc bool)

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

// The element-wise kernels take unsafe.Pointer for the same reason as the
// tiles: one generic wrapper below serves both precisions, calling the
// float64 kernel (4 lanes) or its float32 twin (8 lanes).

//go:noescape
func reluVec(a, z unsafe.Pointer, n int)

//go:noescape
func reluBackVec(dz, da, z unsafe.Pointer, n int)

//go:noescape
func sumSqVec(x unsafe.Pointer, n int, k float64) (s, q float64)

//go:noescape
func colSumVec(s, x unsafe.Pointer, rows, w, n int)

//go:noescape
func softmax2Vec(a, z *float64, rows int) (bad int)

//go:noescape
func adamVec(val, grad, m, v unsafe.Pointer, n int, c *[8]float64) (upd float64)

//go:noescape
func reluVec32(a, z unsafe.Pointer, n int)

//go:noescape
func reluBackVec32(dz, da, z unsafe.Pointer, n int)

//go:noescape
func sumSqVec32(x unsafe.Pointer, n int, k float64) (s, q float64)

//go:noescape
func colSumVec32(s, x unsafe.Pointer, rows, w, n int)

//go:noescape
func adamVec32(val, grad, m, v unsafe.Pointer, n int, c *[8]float32) (upd float64)

//go:noescape
func transpose4d(src unsafe.Pointer, lds int, dst unsafe.Pointer, ldd int, blocks int)

//go:noescape
func transpose8s(src unsafe.Pointer, lds int, dst unsafe.Pointer, ldd int, blocks int)

// transposeSIMD writes the first columns of the lanes×c block of rows at
// src (rows lds apart) into the rows of dst (rows ldd apart) as columns,
// a register's worth of columns at a time, and returns how many columns
// it did (0 without AVX2). The caller checks that src has lanes rows of
// at least that many columns and dst that many rows of lanes columns.
func transposeSIMD[T float](dst []T, ldd int, src []T, lds, c int) int {
	blocks := vecLen[T](c) / lanes[T]()
	if blocks == 0 {
		return 0
	}
	if is64[T]() {
		transpose4d(ptr(src), lds, ptr(dst), ldd, blocks)
	} else {
		transpose8s(ptr(src), lds, ptr(dst), ldd, blocks)
	}
	return blocks * lanes[T]()
}

// vecLen is the leading part of n values of T the vector kernels do: a
// multiple of the lanes of a register (4 float64s, 8 float32s), 0 without
// AVX2.
func vecLen[T float](n int) int {
	if !haveAVX2 {
		return 0
	}
	return n &^ (lanes[T]() - 1)
}

// reluSIMD sets a[i] = max(z[i], 0) (0 for NaN) for a leading part of z
// and returns its length (see vecLen).
func reluSIMD[T float](a, z []T) int {
	n := vecLen[T](len(z))
	if n == 0 {
		return 0
	}
	_ = a[n-1]
	if is64[T]() {
		reluVec(ptr(a), ptr(z), n)
	} else {
		reluVec32(ptr(a), ptr(z), n)
	}
	return n
}

// reluBackSIMD sets dz[i] = g[i] where z[i] > 0 and 0 elsewhere, for a
// leading part of g as reluSIMD does.
func reluBackSIMD[T float](dz, g, z []T) int {
	n := vecLen[T](len(g))
	if n == 0 {
		return 0
	}
	_, _ = dz[n-1], z[n-1]
	if is64[T]() {
		reluBackVec(ptr(dz), ptr(g), ptr(z), n)
	} else {
		reluBackVec32(ptr(dz), ptr(g), ptr(z), n)
	}
	return n
}

// sumSqSIMD is Σ(x[i]−k) and Σ(x[i]−k)², in float64, over a leading part
// of x as reluSIMD does.
func sumSqSIMD[T float](x []T, k float64) (s, q float64, done int) {
	n := vecLen[T](len(x))
	if n == 0 {
		return 0, 0, 0
	}
	if is64[T]() {
		s, q = sumSqVec(ptr(x), n, k)
	} else {
		s, q = sumSqVec32(ptr(x), n, k)
	}
	return s, q, n
}

// adamSIMDOf does Adam's update (see Optimizer.Step) for a leading part of
// val as reluSIMD does, and returns Σd² over it. c holds b1, 1−b1, b2,
// 1−b2, lr/bc1, 1/bc2, weight decay and eps.
func adamSIMDOf[T float](val, grad, m, v []T, c *[8]float64) (upd float64, done int) {
	n := vecLen[T](len(grad))
	if n == 0 {
		return 0, 0
	}
	_, _, _ = val[n-1], m[n-1], v[n-1]
	if is64[T]() {
		return adamVec(ptr(val), ptr(grad), ptr(m), ptr(v), n, c), n
	}
	var c32 [8]float32
	for i, x := range c {
		c32[i] = float32(x)
	}
	return adamVec32(ptr(val), ptr(grad), ptr(m), ptr(v), n, &c32), n
}

// colSumSIMD sets sums[j] to the sum of column j of the rows of x (of
// width len(sums)) for the leading columns it can (see vecLen), and
// returns how many.
func colSumSIMD[T float](sums, x []T) int {
	w := len(sums)
	n := vecLen[T](w)
	if n == 0 || len(x) < w {
		return 0
	}
	rows := len(x) / w
	if is64[T]() {
		colSumVec(ptr(sums), ptr(x), rows, w, n)
	} else {
		colSumVec32(ptr(sums), ptr(x), rows, w, n)
	}
	return n
}

// softmax2SIMDOf does softmax2 for a leading part of z (float64 only),
// whole blocks of four rows, and returns its length; redo reports that
// some row in it had a non-finite logit or logits more than 700 apart,
// which the caller must do again.
func softmax2SIMDOf[T float](a, z []T) (n int, redo bool) {
	n = len(z) &^ 7
	if !haveAVX2 || !is64[T]() || n == 0 {
		return 0, false
	}
	_ = a[n-1]
	return n, softmax2Vec(&as64(a)[0], &as64(z)[0], n/2) != 0
}

// The kernels of window32_amd64.s, float32 only.

//go:noescape
func maxPool2s(src unsafe.Pointer, w int, dst, arg unsafe.Pointer, ho, wo int)

//go:noescape
func im2colRows32(plane unsafe.Pointer, at, ldp int, row unsafe.Pointer, rows, n, wlo, whi int)

//go:noescape
func col2imRow32(plane unsafe.Pointer, ldp int, cols unsafe.Pointer, ld, rows, w, wo, kw, pad int)

//go:noescape
func transposeSum8s(src unsafe.Pointer, lds, rows int, dst unsafe.Pointer, ldd, blocks int, sums *[8]float64)

// maxPool2SIMD pools the 2×2 windows at stride 2 of the plane src (w
// columns) into dst and arg (ho rows of wo) as maxPlane does, and reports
// whether it did (float32 with AVX2 only).
func maxPool2SIMD[T float](src []T, w int, dst []T, arg []int32, ho, wo int) bool {
	if !haveAVX2 || is64[T]() || ho < 1 || wo < 1 || 2*wo > w ||
		len(src) < (2*ho-1)*w+2*wo || len(dst) < ho*wo || len(arg) < ho*wo {
		return false
	}
	maxPool2s(ptr(src), w, ptr(dst), unsafe.Pointer(unsafe.SliceData(arg)), ho, wo)
	return true
}

// transposeSumSIMD writes the first columns of the rows (1..8) rows of src
// (rows lds apart, c columns) into the first 8 columns of the rows of dst
// (rows ldd apart), the missing rows as zeros, and adds each of those
// columns of dst, in float64 row by row in order, into sums. It returns
// how many columns of src it did, 8 at a time (0 but in float32 with
// AVX2).
func transposeSumSIMD[T float](dst []T, ldd int, src []T, lds, rows, c int, sums *[8]float64) int {
	blocks := c / 8
	if !haveAVX2 || is64[T]() || blocks == 0 || rows < 1 || rows > 8 || ldd < 8 || lds < 8*blocks ||
		len(src) < (rows-1)*lds+8*blocks || len(dst) < (8*blocks-1)*ldd+8 {
		return 0
	}
	transposeSum8s(ptr(src), lds, rows, ptr(dst), ldd, blocks, sums)
	return 8 * blocks
}

// col2imRowSIMD folds the kw rows of cols (ld apart) of one kernel row
// back into rows rows of the plane (ldp apart, w wide) at stride 1 across,
// as col2imRow does for each kernel column in turn with padding pad and wo
// output columns, and reports whether it did (float32 with AVX2 only).
func col2imRowSIMD[T float](plane []T, ldp int, cols []T, ld, rows, w, wo, kw, pad int) bool {
	if !haveAVX2 || is64[T]() || rows < 1 || w < 1 || wo < 1 || kw < 1 || pad < 0 || ldp < w ||
		len(plane) < (rows-1)*ldp+w || len(cols) < (kw-1)*ld+rows*wo {
		return false
	}
	col2imRow32(ptr(plane), ldp, ptr(cols), ld, rows, w, wo, kw, pad)
	return true
}

// im2colSIMD fills rows rows of n columns of row, one after another: row
// r's column ow is plane[at + r·ldp + ow] for wlo ≤ ow < whi and 0
// elsewhere, as im2colRow does at stride 1 across; it reports whether it
// did (float32 with AVX2 only).
func im2colSIMD[T float](plane []T, at, ldp int, row []T, rows, n, wlo, whi int) bool {
	if !haveAVX2 || is64[T]() || rows < 1 || n < 1 || wlo >= whi || wlo < 0 || whi > n ||
		at+wlo < 0 || at+(rows-1)*ldp+whi > len(plane) || rows*n > len(row) {
		return false
	}
	im2colRows32(ptr(plane), at, ldp, ptr(row), rows, n, wlo, whi)
	return true
}
