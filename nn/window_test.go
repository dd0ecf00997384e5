package nn

import (
	"math"
	"math/rand/v2"
	"testing"
)

// The sliding-window kernels (window32_amd64.s in float32 with AVX2, the
// Go loops otherwise) against plain loops, on odd widths, planes at an
// offset in a larger buffer, and values full of ties, NaNs, ±0 and ±Inf.

// special is a value from a set with ties, ±0, ±Inf and NaN.
func special[T float](rng *rand.Rand) T {
	vals := []float64{0, math.Copysign(0, -1), 0, 1, 1, 2, -1, 0.5, math.NaN(), math.Inf(1), math.Inf(-1)}
	return T(vals[rng.IntN(len(vals))])
}

func sameBits[T float](a, b T) bool {
	return math.Float64bits(float64(a)) == math.Float64bits(float64(b))
}

func TestMaxPool2x2AgainstPlainLoop(t *testing.T) {
	maxPool2x2AgainstPlainLoop[float32](t)
	maxPool2x2AgainstPlainLoop[float64](t)
}

func maxPool2x2AgainstPlainLoop[T float](t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, c := range [][2]int{{2, 2}, {3, 3}, {28, 28}, {10, 10}, {7, 33}, {9, 17}, {4, 16}, {5, 2}, {6, 35}, {2, 31}} {
		h, w := c[0], c[1]
		ho, wo := h/2, w/2
		inf := LayerInfo{LayerConfig: LayerConfig{Kind: MaxPool2D, KernelH: 2, KernelW: 2, Stride: 2},
			In: Shape{1, h, w}, Out: Shape{1, ho, wo}}
		l := newPool[T](inf)
		const at = 3 // the plane sits at an offset in its buffer, and so do dst and arg
		buf := make([]T, at+h*w+5)
		for i := range buf {
			buf[i] = special[T](rng)
		}
		src := buf[at : at+h*w]
		dst, arg := make([]T, at+ho*wo+9), make([]int32, at+ho*wo+9)
		for i := range dst {
			dst[i], arg[i] = 7, -7
		}
		l.maxPlane(src, dst[at:at+ho*wo], arg[at:at+ho*wo])
		for i := range dst {
			if i >= at && i < at+ho*wo {
				continue
			}
			if dst[i] != 7 || arg[i] != -7 {
				t.Fatalf("%T %dx%d: wrote outside its output, at %d", dst[0], h, w, i)
			}
		}
		for oh := 0; oh < ho; oh++ {
			for ow := 0; ow < wo; ow++ {
				best := -1
				for _, k := range []int{2*oh*w + 2*ow, 2*oh*w + 2*ow + 1, (2*oh+1)*w + 2*ow, (2*oh+1)*w + 2*ow + 1} {
					if best < 0 || src[k] > src[best] || src[k] != src[k] {
						best = k
					}
				}
				o := at + oh*wo + ow
				if int(arg[o]) != best || !sameBits(dst[o], src[best]) {
					t.Fatalf("%T %dx%d window (%d,%d): max %v at %d, plain scan %v at %d", dst[0], h, w, oh, ow, dst[o], arg[o], src[best], best)
				}
			}
		}
	}
}
