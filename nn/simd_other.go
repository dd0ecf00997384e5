//go:build !amd64 || purego

package nn

// Without the amd64 assembly (simd_amd64.s) every kernel is pure Go: the
// stubs below report that they did nothing, and the tiles are never called.
const haveAVX2 = false

func tile4x8(k int, a0, a1, a2, a3 *float64, al int, b *float64, bl int, c0, c1, c2, c3 *float64, bias *float64, acc bool) {
	panic("nn: tile4x8 without assembly")
}

func tile4x4(k int, a0, a1, a2, a3 *float64, al int, b *float64, bl int, c0, c1, c2, c3 *float64, bias *float64, acc bool) {
	panic("nn: tile4x4 without assembly")
}

func tile4x2(k int, a0, a1, a2, a3 *float64, al int, b *float64, bl int, c0, c1, c2, c3 *float64, bias *float64, acc bool) {
	panic("nn: tile4x2 without assembly")
}

func reluFwd(a, z []float64) int { return 0 }

func reluBack(dz, g, z []float64) int { return 0 }

func sumSq(x []float64, k float64) (s, q float64, done int) { return 0, 0, 0 }

func adamSIMD(val, grad, m, v []float64, c *[8]float64) (upd float64, done int) { return 0, 0 }

func panel4x8(groups, k int, a *float64, ai, al int, b *float64, bl int, c *float64, ldc int, bias *float64, acc bool) {
	panic("nn: panel4x8 without assembly")
}

func panel4x4(groups, k int, a *float64, ai, al int, b *float64, bl int, c *float64, ldc int, bias *float64, acc bool) {
	panic("nn: panel4x4 without assembly")
}

func panel4x2(groups, k int, a *float64, ai, al int, b *float64, bl int, c *float64, ldc int, bias *float64, acc bool) {
	panic("nn: panel4x2 without assembly")
}

func colSum(sums, x []float64) int { return 0 }

func softmax2SIMD(a, z []float64) (n int, redo bool) { return 0, false }
