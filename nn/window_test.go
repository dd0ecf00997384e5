package nn

import (
	"fmt"
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

// sameSum is sameBits for sums, but any NaN matches any NaN: when both
// terms are NaNs the first one's bits win, and Go's compiler may order a
// float addition either way (it does differently under -race), so the
// plain loops fix no NaN's sign or payload either.
func sameSum[T float](a, b T) bool { return sameBits(a, b) || a != a && b != b }

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

func TestTransposeGradAgainstPlainLoop(t *testing.T) {
	transposeGradAgainstPlainLoop[float32](t)
	transposeGradAgainstPlainLoop[float64](t)
}

// A conv layer's dzᵀ and per-sample bias sums against plain loops, for
// channel counts around the kernel's blocks of eight, with dzᵀ's rows
// padded and not.
func transposeGradAgainstPlainLoop[T float](t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	for _, c := range []struct{ out, ldo, h, w int }{
		{6, 8, 28, 28}, {16, 16, 10, 10}, {6, 6, 3, 5}, {1, 4, 4, 4}, {8, 8, 1, 7},
		{20, 24, 3, 11}, {20, 20, 2, 9}, {3, 3, 5, 5}, {9, 12, 4, 6},
	} {
		const rows = 3
		p := c.h * c.w
		l := &conv[T]{inf: LayerInfo{In: Shape{1, c.h + 2, c.w + 2}, Out: Shape{c.out, c.h, c.w},
			LayerConfig: LayerConfig{KernelH: 3, KernelW: 3}}, ldo: c.ldo}
		b := &buf[T]{dz: make([]T, rows*c.out*p), tmp: make([]T, rows*p*c.ldo+5), stat: make([]float64, rows*c.out)}
		for i := range b.dz {
			b.dz[i] = special[T](rng)
		}
		for i := rows * p * c.ldo; i < len(b.tmp); i++ {
			b.tmp[i] = 7
		}
		l.transposeGrad(b, 1, rows) // sample 0 is left alone
		for n := 0; n < rows; n++ {
			for o := 0; o < c.out; o++ {
				s := 0.0
				for q := 0; q < p; q++ {
					g := b.dz[(n*c.out+o)*p+q]
					want := g
					if n == 0 {
						want = 0
					}
					if got := b.tmp[(n*p+q)*c.ldo+o]; !sameBits(got, want) {
						t.Fatalf("%T %+v: dzᵀ sample %d position %d channel %d is %v, want %v", g, c, n, q, o, got, want)
					}
					s += float64(g)
				}
				if n == 0 {
					s = 0
				}
				if got := b.stat[n*c.out+o]; !sameSum(got, s) {
					t.Fatalf("%T %+v: sample %d channel %d sums to %v, want %v (%x %x)", T(0), c, n, o, got, s, math.Float64bits(got), math.Float64bits(s))
				}
			}
			for q := 0; q < p; q++ {
				for o := c.out; o < c.ldo; o++ {
					if v := b.tmp[(n*p+q)*c.ldo+o]; v != 0 {
						t.Fatalf("%T %+v: dzᵀ padding %v at sample %d position %d column %d", v, c, v, n, q, o)
					}
				}
			}
		}
		for _, v := range b.tmp[rows*p*c.ldo:] {
			if v != 7 {
				t.Fatalf("%T %+v: wrote past dzᵀ", v, c)
			}
		}
	}
}

func TestUnrollAgainstPlainLoop(t *testing.T) {
	unrollAgainstPlainLoop[float32](t)
	unrollAgainstPlainLoop[float64](t)
}

func unrollAgainstPlainLoop[T float](t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for _, c := range []struct{ ch, h, w, kh, kw, sh, sw, pad int }{
		{1, 28, 28, 5, 5, 1, 1, 2}, {6, 14, 14, 5, 5, 1, 1, 0}, {2, 9, 13, 3, 3, 1, 1, 1},
		{1, 5, 7, 5, 5, 1, 1, 2}, {3, 11, 20, 5, 5, 2, 1, 2}, {2, 10, 9, 3, 2, 2, 2, 1},
		{1, 4, 3, 1, 1, 1, 1, 1}, {2, 6, 19, 2, 4, 1, 1, 3},
	} {
		ho, wo := (c.h+2*c.pad-c.kh)/c.sh+1, (c.w+2*c.pad-c.kw)/c.sw+1
		win := window{in: Shape{c.ch, c.h, c.w}, out: Shape{1, ho, wo}, kh: c.kh, kw: c.kw, sh: c.sh, sw: c.sw, pad: c.pad}
		name := fmt.Sprintf("%T %+v", T(0), c)
		p, k, size := ho*wo, c.ch*c.kh*c.kw, c.ch*c.h*c.w
		ld := p + 3 // the rows of cols are wider than a sample's windows
		const at = 5
		// at reads x[c][ih][iw], or 0 in the padding; index its place.
		at3 := func(ch, ih, iw int) int {
			if ih < 0 || ih >= c.h || iw < 0 || iw >= c.w {
				return -1
			}
			return (ch*c.h+ih)*c.w + iw
		}
		xbuf := make([]T, at+size+7)
		for i := range xbuf {
			xbuf[i] = special[T](rng)
		}
		x := xbuf[at : at+size]
		cbuf := make([]T, at+k*ld+7)
		for i := range cbuf {
			cbuf[i] = 9
		}
		unroll(&win, x, cbuf[at:], ld, false)
		for i, v := range cbuf {
			r, q := (i-at)/ld, (i-at)%ld
			if i < at || r >= k || q >= p {
				if v != 9 {
					t.Fatalf("%s: im2col wrote outside its windows, at %d", name, i)
				}
				continue
			}
			ch, ki, kj := r/(c.kh*c.kw), r/c.kw%c.kh, r%c.kw
			want := T(0)
			if j := at3(ch, q/wo*c.sh-c.pad+ki, q%wo*c.sw-c.pad+kj); j >= 0 {
				want = x[j]
			}
			if !sameBits(v, want) {
				t.Fatalf("%s: im2col row %d column %d is %v, want %v", name, r, q, v, want)
			}
		}
		// col2im adds every column into its place, row by row in order; on
		// −0s alone, any stray +0 added shows.
		for _, negZero := range []bool{false, true} {
			col2imAgainstPlainLoop(t, name, &win, rng, negZero, xbuf, cbuf, at, ld)
		}
	}
}

func col2imAgainstPlainLoop[T float](t *testing.T, name string, c *window, rng *rand.Rand, negZero bool, xbuf, cbuf []T, at, ld int) {
	p, k, size := c.out.H*c.out.W, c.in.C*c.kh*c.kw, c.in.Size()
	x := xbuf[at : at+size]
	for _, s := range [][]T{xbuf, cbuf} {
		for i := range s {
			s[i] = special[T](rng)
			if negZero {
				s[i] = T(math.Copysign(0, -1))
			}
		}
	}
	want := append([]T(nil), x...)
	for r := 0; r < k; r++ {
		ch, ki, kj := r/(c.kh*c.kw), r/c.kw%c.kh, r%c.kw
		for q := 0; q < p; q++ {
			ih, iw := q/c.out.W*c.sh-c.pad+ki, q%c.out.W*c.sw-c.pad+kj
			if ih >= 0 && ih < c.in.H && iw >= 0 && iw < c.in.W {
				j := (ch*c.in.H+ih)*c.in.W + iw
				want[j] += cbuf[at+r*ld+q]
			}
		}
	}
	before := append([]T(nil), xbuf...)
	unroll(c, x, cbuf[at:], ld, true)
	for i, v := range xbuf {
		if i < at || i >= at+size {
			if !sameBits(v, before[i]) {
				t.Fatalf("%s: col2im wrote outside its input, at %d", name, i)
			}
			continue
		}
		if !sameSum(v, want[i-at]) {
			t.Fatalf("%s: col2im input %d is %v, want %v", name, i-at, v, want[i-at])
		}
	}
}
