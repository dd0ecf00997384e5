//go:build !amd64 || purego

package nn

// Without the amd64 assembly (simd_amd64.s, simd32_amd64.s) every kernel
// is pure Go: the stubs below report that they did nothing.
const haveAVX2 = false

// tiles64 and tiles32 are empty: mulTiles never runs without AVX2.
var tiles64, tiles32 tileSet

func reluSIMD[T float](a, z []T) int { return 0 }

func reluBackSIMD[T float](dz, g, z []T) int { return 0 }

func sumSqSIMD[T float](x []T, k float64) (s, q float64, done int) { return 0, 0, 0 }

func adamSIMDOf[T float](val, grad, m, v []T, c *[8]float64) (upd float64, done int) { return 0, 0 }

func colSumSIMD[T float](sums, x []T) int { return 0 }

func transposeSIMD[T float](dst []T, ldd int, src []T, lds, c int) int { return 0 }

func softmax2SIMDOf[T float](a, z []T) (n int, redo bool) { return 0, false }

func maxPool2SIMD[T float](src []T, w int, dst []T, arg []int32, ho, wo int) bool { return false }

func transposeSumSIMD[T float](dst []T, ldd int, src []T, lds, rows, c int, sums *[8]float64) int {
	return 0
}

func col2imRowSIMD[T float](plane []T, ldp int, cols []T, ld, rows, w, wo, kw, pad int) bool {
	return false
}

func im2colSIMD[T float](plane []T, at, ldp int, row []T, rows, n, wlo, whi int) bool { return false }
