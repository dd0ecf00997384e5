package nn

import (
	"unsafe"

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
//   - On amd64 with AVX2 and FMA (nearly every x86 made since 2015), the
//     assembly tiles of simd_amd64.s (float64, 4 lanes) and simd32_amd64.s
//     (float32, 8 lanes) through mulTiles, for Aᵀ·B and A·B of any size
//     (with -tags openblas, float64 up to tilesBeforeBLAS), and for the
//     forward pass's h·Wᵀ through a transposed copy of W (affine). They
//     keep a 4-row block of C in registers and cost no call per row.
//   - Otherwise (other architectures, -tags purego, older processors, and
//     products with fewer columns than half a register), the pure-Go 2×2
//     kernels below for small products, gonum's Dgemm or Sgemm (or
//     OpenBLAS) for the rest.
//
// The kernels sum in different orders (and the tiles with fused
// multiply-adds), so results agree to rounding across processors, not
// bit for bit; on one machine they are deterministic.

// gemm computes C = op(A)·op(B), plus C when acc, for row-major matrices,
// where op(A) is m×k and op(B) is k×n. It is the one entry point of every
// matrix product of the package (dense layers, convolutions), in both
// precisions; t (nil for none) splits a large product over its threads.
func gemm[T float](t *team[T], tA, tB bool, m, n, k int, a []T, lda int, b []T, ldb int, acc bool, c []T, ldc int) {
	j := mulJob[T]{tA: tA, tB: tB, m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb, acc: acc, c: c, ldc: ldc}
	t.mul(&j)
}

// affine sets z = h·Wᵀ + bias (bias may be nil) for rows samples: h is
// rows×in, W out×in, z rows×out. wt (in×out) is scratch for Wᵀ, which the
// AVX2 tiles need; nil without them.
func affine[T float](t *team[T], rows, out, in int, h, w, wt, bias, z []T) {
	j := mulJob[T]{m: rows, n: out, k: in, a: h, lda: in, bias: bias, c: z, ldc: out}
	if wt != nil && useTiles[T](rows, out, in) {
		// Each block of columns of z transposes its own rows of W first.
		j.w, j.b, j.ldb = w, wt, out
	} else {
		j.tB, j.b, j.ldb = true, w, in
	}
	t.mul(&j)
}

// parallelMACs is the smallest product (m·n·k multiply-adds) split over a
// team: below it, waking the workers costs more than they save.
const parallelMACs = 1 << 16

// mulJob is one product: C = op(A)·op(B) (+ bias[j] in column j, + C when
// acc), and which kernels do it.
type mulJob[T float] struct {
	tA, tB, acc bool
	m, n, k     int
	a, b, c     []T
	lda, ldb    int
	ldc         int
	bias        []T
	// w, when set, is W (n×k) to transpose into B (k×n) before the
	// product: each block of columns transposes the rows of W it needs.
	w      []T
	path   mulPath
	byRows bool // a team splits it by rows (else by columns)
}

// mulPath is the kernel a product goes to, chosen once from its whole
// shape so that every block of a split product takes the same one.
type mulPath uint8

const (
	pathTiles mulPath = iota // the AVX2 tiles (A·B, Aᵀ·B)
	pathNT                   // the 2×2 kernels, small A·Bᵀ
	pathTN                   // small Aᵀ·B
	pathNN                   // small A·B
	pathBLAS                 // gonum's Dgemm or Sgemm, or OpenBLAS
)

// mul does the product j, split over the team when it is large enough and
// the team has more than one thread.
func (t *team[T]) mul(j *mulJob[T]) {
	if j.m == 0 || j.n == 0 {
		return
	}
	j.plan()
	if t.threads() < 2 || j.m*j.n*j.k < parallelMACs {
		j.block(0, j.m, 0, j.n)
		return
	}
	t.mm = *j
	t.run(&t.mm, t.size)
	t.mm = mulJob[T]{} // drop the operands: the team must not keep them alive
}

// plan chooses the product's kernels and how a team splits it.
func (j *mulJob[T]) plan() {
	// gonum's float32 kernels run 4–8 lanes, so for float32 only products
	// small in all (not one) dimensions go to the 2×2 kernels.
	thin := is64[T]()
	switch {
	case !j.tB && j.k > 0 && useTiles[T](j.m, j.n, j.k):
		j.path = pathTiles
	case !j.tA && j.tB && smallGemm(j.m, j.n, j.k, 128, thin):
		j.path = pathNT
	case j.tA && !j.tB && smallGemm(j.m, j.n, j.k, 32, thin):
		j.path = pathTN
	case !j.tA && !j.tB && smallGemm(j.m, j.n, j.k, 32, thin):
		j.path = pathNN
	default:
		j.path = pathBLAS
	}
	j.byRows = j.m >= j.n && j.w == nil
}

// colUnit is the width a product's columns are split in: the widest tile,
// so that every block but the last is whole tiles.
func colUnit[T float]() int { return 4 * lanes[T]() }

func (j *mulJob[T]) part(i, n int) {
	if j.byRows {
		lo, hi := share(j.m, 4, i, n)
		j.block(lo, hi, 0, j.n)
		return
	}
	lo, hi := share(j.n, colUnit[T](), i, n)
	j.block(0, j.m, lo, hi)
}

// block computes rows r0..r1, columns c0..c1 of C.
func (j *mulJob[T]) block(r0, r1, c0, c1 int) {
	m, n, k := r1-r0, c1-c0, j.k
	if m <= 0 || n <= 0 {
		return
	}
	// Row r0 of op(A) and column c0 of op(B); slicing A at r0·lda when
	// it is transposed (or B at c0 when it is not) would overrun it.
	ar, bc, bias, acc := r0*j.lda, c0, j.bias, j.acc
	if j.tA {
		ar = r0
	}
	if j.tB {
		bc = c0 * j.ldb
	}
	a, b := j.a[ar:], j.b[bc:]
	if bias != nil {
		bias = bias[c0:c1]
	}
	c, lda, ldb, ldc := j.c[r0*j.ldc+c0:], j.lda, j.ldb, j.ldc
	if j.w != nil {
		transposeRows(j.b, j.w, j.n, k, c0, c1)
	}
	switch j.path {
	case pathTiles:
		// Aᵀ·B or A·B; A(i,l) is a[l·lda+i] or a[i·lda+l].
		ai, al := lda, 1
		if j.tA {
			ai, al = 1, lda
		}
		j0 := mulTiles(m, n, k, a, ai, al, b, ldb, bias, acc, c, ldc)
		mulRest(m, n, k, j0, a, ai, al, b, ldb, bias, acc, c, ldc)
		return
	case pathNT:
		gemmNT(m, n, k, a, lda, b, ldb, bias, acc, c, ldc)
		return
	}
	if bias != nil {
		for r := 0; r < m; r++ {
			row := c[r*ldc : r*ldc+n]
			for x, v := range bias {
				if acc {
					row[x] += v
				} else {
					row[x] = v
				}
			}
		}
		acc = true
	}
	switch j.path {
	case pathTN:
		gemmTN(m, n, k, a, lda, b, ldb, acc, c, ldc)
	case pathNN:
		gemmNN(m, n, k, a, lda, b, ldb, acc, c, ldc)
	default:
		gemmBLAS(j.tA, j.tB, m, n, k, a, lda, b, ldb, acc, c, ldc)
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

// transposeRows writes rows r0..r1 of the r×c matrix m into t (c×r) as
// its columns r0..r1: whole groups of a register's rows by the kernels
// (transposeSIMD), the rest plainly.
func transposeRows[T float](t, m []T, r, c, r0, r1 int) {
	L := lanes[T]()
	for i0 := r0; i0 < r1; i0 += L {
		i1 := min(i0+L, r1)
		j0 := 0
		if i1-i0 == L {
			// The kernels check nothing: rows i0..i0+L of m and rows 0..c
			// of t, columns i0..i0+L, lie inside the slices.
			_, _ = m[(i1-1)*c+c-1], t[(c-1)*r+i1-1]
			j0 = transposeSIMD(t[i0:], r, m[i0*c:], c, c)
		}
		for j := j0; j < c; j++ {
			dst := t[j*r+i0 : j*r+i1]
			for x := range dst {
				dst[x] = m[(i0+x)*c+j]
			}
		}
	}
}

// useTiles reports whether an m×n×k product of T goes to the AVX2 tiles:
// always when they exist and n is at least half a register, unless a BLAS
// other than gonum's (OpenBLAS, with -tags openblas) is in use and the
// product is large enough to pay for its call.
func useTiles[T float](m, n, k int) bool {
	if !haveAVX2 || n < lanes[T]()/2 {
		return false
	}
	pure := true
	if is64[T]() {
		_, pure = blas64.Implementation().(gonum.Implementation)
	} else {
		_, pure = blas32.Implementation().(gonum.Implementation)
	}
	return pure || m*n*k <= tilesBeforeBLAS
}

// lanes is how many values of T an AVX2 register holds.
func lanes[T float]() int {
	if is64[T]() {
		return 4
	}
	return 8
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

// panelFunc and tileFunc are the assembly kernels (see simd_amd64.s): a
// panel does groups of 4 rows, ai apart in A and ldc apart in C; a tile
// does one group whose rows are given one by one (and may repeat).
type (
	panelFunc func(groups, k int, a unsafe.Pointer, ai, al int, b unsafe.Pointer, bl int, c unsafe.Pointer, ldc int, bias unsafe.Pointer, acc bool)
	tileFunc  func(k int, a0, a1, a2, a3 unsafe.Pointer, al int, b unsafe.Pointer, bl int, c0, c1, c2, c3, bias unsafe.Pointer, acc bool)
)

// tileSet is one precision's kernels by width: 2, 1 and ½ registers of
// columns (float64: 8, 4, 2; float32: 16, 8, 4).
type tileSet struct {
	panel [3]panelFunc
	tile  [3]tileFunc
}

// mulTiles computes C = A·B (plus C when acc, plus bias[j] in column j when
// bias is not nil) with the AVX2/FMA tiles, for as many leading columns as
// they cover (all but the last n mod (lanes/2)), and returns how many that
// is (0 without the tiles). A is m×k with A(i,l) = a[i·ai + l·al], so it
// can be a transposed operand; B is k×n with B(l,j) = b[l·bl + j]; C is m×n
// with row stride ldc. mulRest does the columns left over.
//
// Every element of C is one chain of fused multiply-adds over l in order,
// whichever kernel computes it: any block of rows or of whole tiles of
// columns gives the same bits as the whole product.
func mulTiles[T float](m, n, k int, a []T, ai, al int, b []T, bl int, bias []T, acc bool, c []T, ldc int) int {
	half := lanes[T]() / 2
	if !haveAVX2 || m < 1 || n < half || k < 1 {
		return 0
	}
	// The tiles check no bounds: everything they touch is checked here.
	if ai < 0 || al < 0 || bl < 0 || (m-1)*ai+(k-1)*al >= len(a) || (k-1)*bl+n > len(b) ||
		(m-1)*ldc+n > len(c) || (bias != nil && len(bias) < n) {
		panic("nn: mulTiles: operand too short")
	}
	ts := &tiles32
	if is64[T]() {
		ts = &tiles64
	}
	// width picks the widest kernel for w columns left: its index and width.
	width := func(w int) (int, int) {
		switch {
		case w >= 4*half:
			return 0, 4 * half
		case w >= 2*half:
			return 1, 2 * half
		}
		return 2, half
	}
	done := n - n%half
	var bp unsafe.Pointer
	// Whole groups of four rows, a panel of them per column block.
	m4 := m &^ 3
	if m4 > 0 {
		for j := 0; j < done; {
			if bias != nil {
				bp = unsafe.Pointer(&bias[j])
			}
			kind, w := width(done - j)
			ts.panel[kind](m4/4, k, ptr(a), ai, al, unsafe.Pointer(&b[j]), bl, unsafe.Pointer(&c[j]), ldc, bp, acc)
			j += w
		}
	}
	if m4 == m {
		return done
	}
	// The last one to three rows: a group that repeats its last row.
	i := m4
	r1, r2, r3 := min(i+1, m-1), min(i+2, m-1), min(i+3, m-1)
	a0, a1, a2, a3 := unsafe.Pointer(&a[i*ai]), unsafe.Pointer(&a[r1*ai]), unsafe.Pointer(&a[r2*ai]), unsafe.Pointer(&a[r3*ai])
	for j := 0; j < done; {
		if bias != nil {
			bp = unsafe.Pointer(&bias[j])
		}
		c0, c1 := unsafe.Pointer(&c[i*ldc+j]), unsafe.Pointer(&c[r1*ldc+j])
		c2, c3 := unsafe.Pointer(&c[r2*ldc+j]), unsafe.Pointer(&c[r3*ldc+j])
		kind, w := width(done - j)
		ts.tile[kind](k, a0, a1, a2, a3, al, unsafe.Pointer(&b[j]), bl, c0, c1, c2, c3, bp, acc)
		j += w
	}
	return done
}

// ptr is the address of s[0] for the kernels.
func ptr[T float](s []T) unsafe.Pointer { return unsafe.Pointer(unsafe.SliceData(s)) }

// mulRest computes columns j0.. of the product mulTiles describes, plainly.
func mulRest[T float](m, n, k, j0 int, a []T, ai, al int, b []T, bl int, bias []T, acc bool, c []T, ldc int) {
	if j0 >= n {
		return
	}
	for i := 0; i < m; i++ {
		for j := j0; j < n; j++ {
			var s T
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
