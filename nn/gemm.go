package nn

import (
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/blas/gonum"
)

// gonum's Dgemm and Sgemm go parallel, starting goroutines and allocating, once C
// spans four or more 64×64 blocks. The pure-Go path hands it pieces of at
// most tileM×tileN (three blocks), which keeps every call serial and
// allocation-free; training runs already use one goroutine each.
const (
	tileM = 3 * 64
	tileN = 64
)

func blocks(n int) int { return (n + 63) / 64 }

// Products, fastest first:
//
//   - In float64 on amd64 with AVX2 and FMA (nearly every x86 made since
//     2015), the assembly tiles of simd_amd64.s through mulTiles, for Aᵀ·B
//     and A·B of any size (with -tags openblas, up to tilesBeforeBLAS), and
//     for the forward pass's h·Wᵀ through a transposed copy of W (affine).
//     They run 4–8 multiply-adds per instruction where gonum's kernels run
//     2, and cost no call per row.
//   - Otherwise (float32, other architectures, -tags purego, older
//     processors), the pure-Go 2×2 kernels below for small products,
//     gonum's Dgemm or Sgemm (or OpenBLAS) for the rest.
//
// The kernels sum in different orders (and the tiles with fused
// multiply-adds), so results agree to rounding across processors, not
// bit for bit; on one machine they are deterministic.

// gemm computes C = op(A)·op(B), plus C when acc, for row-major matrices,
// where op(A) is m×k and op(B) is k×n. It is the one entry point of every
// matrix product of the package (dense layers, convolutions), in both
// precisions: the place for a worker pool and float32 tiles.
func gemm[T float](tA, tB bool, m, n, k int, a []T, lda int, b []T, ldb int, acc bool, c []T, ldc int) {
	if m == 0 || n == 0 {
		return
	}
	if is64[T]() && !tB && useTiles(m, n, k) {
		// Aᵀ·B or A·B; A(i,l) is a[l·lda+i] or a[i·lda+l].
		ai, al := lda, 1
		if tA {
			ai, al = 1, lda
		}
		a, b, c := as64(a), as64(b), as64(c)
		if j0 := mulTiles(m, n, k, a, ai, al, b, ldb, nil, acc, c, ldc); j0 > 0 {
			mulRest(m, n, k, j0, a, ai, al, b, ldb, nil, acc, c, ldc)
			return
		}
	}
	// gonum's float32 kernels run 4–8 lanes, so for float32 only products
	// small in all (not one) dimensions stay with the 2×2 kernels.
	thin := is64[T]()
	switch {
	case !tA && tB && smallGemm(m, n, k, 128, thin):
		gemmNT(m, n, k, a, lda, b, ldb, nil, acc, c, ldc)
	case tA && !tB && smallGemm(m, n, k, 32, thin):
		gemmTN(m, n, k, a, lda, b, ldb, acc, c, ldc)
	case !tA && !tB && smallGemm(m, n, k, 32, thin):
		gemmNN(m, n, k, a, lda, b, ldb, acc, c, ldc)
	default:
		gemmBLAS(tA, tB, m, n, k, a, lda, b, ldb, acc, c, ldc)
	}
}

// gemmBLAS hands the product to the BLAS in use (gonum's Dgemm or Sgemm, or
// OpenBLAS), in serial pieces when it is gonum's.
func gemmBLAS[T float](tA, tB bool, m, n, k int, a []T, lda int, b []T, ldb int, acc bool, c []T, ldc int) {
	ta, tb := blas.NoTrans, blas.NoTrans
	if tA {
		ta = blas.Trans
	}
	if tB {
		tb = blas.Trans
	}
	var beta T
	if acc {
		beta = 1
	}
	call := func(m, n int, a, b, c []T) {
		if is64[T]() {
			blas64.Implementation().Dgemm(ta, tb, m, n, k, 1, as64(a), lda, as64(b), ldb, float64(beta), as64(c), ldc)
		} else {
			blas32.Implementation().Sgemm(ta, tb, m, n, k, 1, as32(a), lda, as32(b), ldb, float32(beta), as32(c), ldc)
		}
	}
	pure := true
	if is64[T]() {
		_, pure = blas64.Implementation().(gonum.Implementation)
	} else {
		_, pure = blas32.Implementation().(gonum.Implementation)
	}
	if !pure || blocks(m)*blocks(n) < 4 {
		call(m, n, a, b, c)
		return
	}
	for i := 0; i < m; i += tileM {
		mi := min(tileM, m-i)
		// Rows i.. of op(A): A[i*lda:] untransposed, column offset i when transposed.
		// (Slicing a[i*lda:] first would overrun A when tA and i > k.)
		var ai []T
		if tA {
			ai = a[i:]
		} else {
			ai = a[i*lda:]
		}
		for j := 0; j < n; j += tileN {
			nj := min(tileN, n-j)
			bj := b[j:]
			if tB {
				bj = b[j*ldb:]
			}
			call(mi, nj, ai, bj, c[i*ldc+j:])
		}
	}
}

// affine sets z = h·Wᵀ + bias (bias may be nil) for rows samples: h is
// rows×in, W out×in, z rows×out. wt (in×out) is scratch for Wᵀ, which the
// AVX2 tiles need; nil without them.
func affine[T float](rows, out, in int, h, w, wt, bias, z []T) {
	if is64[T]() && wt != nil && useTiles(rows, out, in) {
		transpose(wt, w, out, in)
		h, wt, bias, z := as64(h), as64(wt), as64(bias), as64(z)
		j0 := mulTiles(rows, out, in, h, in, 1, wt, out, bias, false, z, out)
		if j0 > 0 {
			mulRest(rows, out, in, j0, h, in, 1, wt, out, bias, false, z, out)
			return
		}
	}
	if smallGemm(rows, out, in, 128, is64[T]()) {
		gemmNT(rows, out, in, h, in, w, in, bias, false, z, out)
		return
	}
	for r := 0; r < rows*out; r += out {
		if bias == nil {
			clear(z[r : r+out])
		} else {
			copy(z[r:r+out], bias)
		}
	}
	gemm(false, true, rows, out, in, h, in, w, in, true, z, out)
}

// transpose writes the r×c matrix m into t as c×r, in 8×8 blocks when it
// is large.
func transpose[T float](t, m []T, r, c int) {
	if r*c <= 32*32 {
		t = t[:r*c]
		for i := 0; i < r; i++ {
			for j, v := range m[i*c : i*c+c] {
				t[j*r+i] = v
			}
		}
		return
	}
	for i0 := 0; i0 < r; i0 += 8 {
		for j0 := 0; j0 < c; j0 += 8 {
			for i := i0; i < min(i0+8, r); i++ {
				row := m[i*c : i*c+c]
				for j := j0; j < min(j0+8, c); j++ {
					t[j*r+i] = row[j]
				}
			}
		}
	}
}

// useTiles reports whether an m×n×k product goes to the AVX2 tiles: always
// when they exist, unless a BLAS other than gonum's (OpenBLAS, with -tags
// openblas) is in use and the product is large enough to pay for its call.
func useTiles(m, n, k int) bool {
	if !haveAVX2 || n < 2 {
		return false
	}
	if _, pure := blas64.Implementation().(gonum.Implementation); pure {
		return true
	}
	return m*n*k <= tilesBeforeBLAS
}

// tilesBeforeBLAS is the largest product (m·n·k) the tiles do when OpenBLAS
// is in use: single-threaded OpenBLAS measured faster only beyond about
// 256³ (bench/run.sh --openblas; see BENCHMARKS.md).
const tilesBeforeBLAS = 256 * 256 * 256

// Small products without the tiles. gonum's Dgemm works a row (or a dot
// product) at a time through its assembly kernels, which costs a call per
// row of C; when a dimension is a handful of units, as in the lessons'
// networks, those calls cost more than the arithmetic. The kernels below
// keep a 2×2 tile of C in registers (more would spill: Go has 15 float
// registers for them) and run over k once per tile.

// smallGemm reports whether the kernels below should do an m×n×k product:
// when one dimension is at most 16 (thin), or all are about size or less (where
// the pure-Go kernels measured as fast as Dgemm: 128 for A·Bᵀ, 32 for the
// others).
func smallGemm(m, n, k, size int, thin bool) bool {
	return thin && min(m, n, k) <= 16 || m*n*k <= size*size*size
}

// gemmNT sets C = A·Bᵀ (plus C when acc, plus bias[j] in column j when bias
// is not nil), A m×k, B n×k.
func gemmNT[T float](m, n, k int, a []T, lda int, b []T, ldb int, bias []T, acc bool, c []T, ldc int) {
	for i := 0; i < m; i += 2 {
		a0 := a[i*lda : i*lda+k]
		a1 := a0 // a single last row computes its sums twice
		if i+1 < m {
			a1 = a[(i+1)*lda : (i+1)*lda+k]
		}
		a1 = a1[:len(a0)]
		for j := 0; j < n; j += 2 {
			b0 := b[j*ldb : j*ldb+k]
			b1 := b0
			if j+1 < n {
				b1 = b[(j+1)*ldb : (j+1)*ldb+k]
			}
			b0, b1 = b0[:len(a0)], b1[:len(a0)]
			var s00, s01, s10, s11 T
			if bias != nil {
				s00, s10 = bias[j], bias[j]
				if j+1 < n {
					s01, s11 = bias[j+1], bias[j+1]
				}
			}
			for l, x0 := range a0 {
				x1 := a1[l]
				y0, y1 := b0[l], b1[l]
				s00 += x0 * y0
				s01 += x0 * y1
				s10 += x1 * y0
				s11 += x1 * y1
			}
			store2x2(c, ldc, i, j, m, n, s00, s01, s10, s11, acc)
		}
	}
}

// gemmTN sets C = Aᵀ·B (plus C when acc), A k×m, B k×n.
func gemmTN[T float](m, n, k int, a []T, lda int, b []T, ldb int, acc bool, c []T, ldc int) {
	// A ragged edge reads its last row or column twice (offset 0 instead of 1).
	for i := 0; i < m; i += 2 {
		di := min(1, m-1-i)
		for j := 0; j < n; j += 2 {
			dj := min(1, n-1-j)
			var s00, s01, s10, s11 T
			for r, ia, jb := 0, i, j; r < k; r, ia, jb = r+1, ia+lda, jb+ldb {
				x := a[ia : ia+di+1]
				y := b[jb : jb+dj+1]
				x0, x1 := x[0], x[di]
				y0, y1 := y[0], y[dj]
				s00 += x0 * y0
				s01 += x0 * y1
				s10 += x1 * y0
				s11 += x1 * y1
			}
			store2x2(c, ldc, i, j, m, n, s00, s01, s10, s11, acc)
		}
	}
}

// gemmNN sets C = A·B (plus C when acc), A m×k, B k×n.
func gemmNN[T float](m, n, k int, a []T, lda int, b []T, ldb int, acc bool, c []T, ldc int) {
	for i := 0; i < m; i += 2 {
		a0 := a[i*lda : i*lda+k]
		a1 := a0
		if i+1 < m {
			a1 = a[(i+1)*lda : (i+1)*lda+k]
		}
		a1 = a1[:len(a0)]
		for j := 0; j < n; j += 2 {
			dj := min(1, n-1-j)
			var s00, s01, s10, s11 T
			jb := j
			for l, x0 := range a0 {
				x1 := a1[l]
				y := b[jb : jb+dj+1]
				y0, y1 := y[0], y[dj]
				s00 += x0 * y0
				s01 += x0 * y1
				s10 += x1 * y0
				s11 += x1 * y1
				jb += ldb
			}
			store2x2(c, ldc, i, j, m, n, s00, s01, s10, s11, acc)
		}
	}
}

// store2x2 writes (or adds, when acc) the tile at row i, column j of C,
// leaving out the row or column past an odd edge.
func store2x2[T float](c []T, ldc, i, j, m, n int, s00, s01, s10, s11 T, acc bool) {
	c0 := c[i*ldc+j:]
	if acc {
		s00 += c0[0]
	}
	c0[0] = s00
	if j+1 < n {
		if acc {
			s01 += c0[1]
		}
		c0[1] = s01
	}
	if i+1 < m {
		c1 := c[(i+1)*ldc+j:]
		if acc {
			s10 += c1[0]
		}
		c1[0] = s10
		if j+1 < n {
			if acc {
				s11 += c1[1]
			}
			c1[1] = s11
		}
	}
}

// mulTiles computes C = A·B (plus C when acc, plus bias[j] in column j when
// bias is not nil) with the AVX2/FMA tiles of simd_amd64.s, for as many
// leading columns as they cover, and returns how many that is (0 without
// the tiles). A is m×k with A(i,l) = a[i·ai + l·al], so it can be a
// transposed operand; B is k×n with B(l,j) = b[l·bl + j]; C is m×n with row
// stride ldc. mulRest does the columns left over.
func mulTiles(m, n, k int, a []float64, ai, al int, b []float64, bl int, bias []float64, acc bool, c []float64, ldc int) int {
	if !haveAVX2 || m < 1 || n < 2 || k < 1 {
		return 0
	}
	// The tiles check no bounds: everything they touch is checked here.
	if ai < 0 || al < 0 || bl < 0 || (m-1)*ai+(k-1)*al >= len(a) || (k-1)*bl+n > len(b) ||
		(m-1)*ldc+n > len(c) || (bias != nil && len(bias) < n) {
		panic("nn: mulTiles: operand too short")
	}
	done := n &^ 1
	var bp *float64
	// Whole groups of four rows, a panel of them per column block.
	m4 := m &^ 3
	if m4 > 0 {
		for j := 0; j < done; {
			if bias != nil {
				bp = &bias[j]
			}
			switch w := done - j; {
			case w >= 8:
				panel4x8(m4/4, k, &a[0], ai, al, &b[j], bl, &c[j], ldc, bp, acc)
				j += 8
			case w >= 4:
				panel4x4(m4/4, k, &a[0], ai, al, &b[j], bl, &c[j], ldc, bp, acc)
				j += 4
			default:
				panel4x2(m4/4, k, &a[0], ai, al, &b[j], bl, &c[j], ldc, bp, acc)
				j += 2
			}
		}
	}
	if m4 == m {
		return done
	}
	// The last one to three rows: a group that repeats its last row.
	i := m4
	r1, r2, r3 := min(i+1, m-1), min(i+2, m-1), min(i+3, m-1)
	a0, a1, a2, a3 := &a[i*ai], &a[r1*ai], &a[r2*ai], &a[r3*ai]
	for j := 0; j < done; {
		if bias != nil {
			bp = &bias[j]
		}
		c0, c1, c2, c3 := &c[i*ldc+j], &c[r1*ldc+j], &c[r2*ldc+j], &c[r3*ldc+j]
		switch w := done - j; {
		case w >= 8:
			tile4x8(k, a0, a1, a2, a3, al, &b[j], bl, c0, c1, c2, c3, bp, acc)
			j += 8
		case w >= 4:
			tile4x4(k, a0, a1, a2, a3, al, &b[j], bl, c0, c1, c2, c3, bp, acc)
			j += 4
		default:
			tile4x2(k, a0, a1, a2, a3, al, &b[j], bl, c0, c1, c2, c3, bp, acc)
			j += 2
		}
	}
	return done
}

// mulRest computes columns j0.. of the product mulTiles describes, plainly.
func mulRest(m, n, k, j0 int, a []float64, ai, al int, b []float64, bl int, bias []float64, acc bool, c []float64, ldc int) {
	if j0 >= n {
		return
	}
	for i := 0; i < m; i++ {
		for j := j0; j < n; j++ {
			s := 0.0
			if bias != nil {
				s = bias[j]
			}
			for l := 0; l < k; l++ {
				s += a[i*ai+l*al] * b[l*bl+j]
			}
			if acc {
				s += c[i*ldc+j]
			}
			c[i*ldc+j] = s
		}
	}
}
