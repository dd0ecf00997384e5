package nn

// The generic core reaches the hand-written kernels (simd_amd64.s, float64
// only for now) through the functions below, each of which does a leading
// part of its work and returns how much; the caller's plain loop does the
// rest. They are the place to add float32 kernels.

func reluSIMD[T float](a, z []T) int {
	if is64[T]() {
		return reluFwd(as64(a), as64(z))
	}
	return 0
}

func reluBackSIMD[T float](dz, g, z []T) int {
	if is64[T]() {
		return reluBack(as64(dz), as64(g), as64(z))
	}
	return 0
}

func sumSqSIMD[T float](x []T, k float64) (s, q float64, done int) {
	if is64[T]() {
		return sumSq(as64(x), k)
	}
	return 0, 0, 0
}

func colSumSIMD[T float](sums, x []T) int {
	if is64[T]() {
		return colSum(as64(sums), as64(x))
	}
	return 0
}

func softmax2SIMDOf[T float](a, z []T) (int, bool) {
	if is64[T]() {
		return softmax2SIMD(as64(a), as64(z))
	}
	return 0, false
}

func adamSIMDOf[T float](val, grad, m, v []T, c *[8]float64) (float64, int) {
	if is64[T]() {
		return adamSIMD(as64(val), as64(grad), as64(m), as64(v), c)
	}
	return 0, 0
}
