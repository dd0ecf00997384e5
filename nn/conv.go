package nn

// conv is a 2-D convolution (PyTorch's nn.Conv2d, cross-correlation),
// then its tail (activation, dropout). Its products go through gemm: the
// input is unrolled (im2col) into cols, K×(N·P) for K = in·kh·kw values per
// window and P = Hout·Wout windows per sample, so that
//
//	z[n] (out×P) = W (out×K) · cols[:, n·P : n·P+P] + bias
//	∂W (out×K)   = (cols · dzᵀ)ᵀ,   dzᵀ (N·P×out) the batch's dz transposed
//	∂cols[n]     = Wᵀ · dz[n], folded back (col2im) into ∂x[n]
type conv[T float] struct {
	inf  LayerInfo
	tail tail
	// w is out×in×kh×kw, as nn.Conv2d stores it; gwt is ∂W transposed
	// (K×out), as the product gives it.
	w, gw, bias, gb, gwt []T
	sums                 []float64 // the bias gradient, summed in float64
	ts                   []*tensor[T]
	win                  window
}

// convBlock is how many samples a conv layer works through between two
// looks at the stop flag.
const convBlock = 8

func newConv[T float](inf LayerInfo, c *carver[T]) *conv[T] {
	in, out := inf.In, inf.Out
	l := &conv[T]{tail: tail{act: inf.Activation, drop: inf.Dropout}}
	l.win = window{in: in, out: out, kh: inf.KernelH, kw: inf.KernelW, sh: inf.Stride, sw: inf.Stride, pad: inf.Padding}
	k := in.C * inf.KernelH * inf.KernelW
	l.w, l.gw, l.gwt = c.take(out.C*k), c.take(out.C*k), c.take(out.C*k)
	l.ts = []*tensor[T]{{name: "weight", val: l.w, grad: l.gw, weight: true, penalty: true}}
	inf.Params = out.C * k
	if !inf.NoBias {
		l.bias, l.gb = c.take(out.C), c.take(out.C)
		l.sums = c.takeFloats(out.C)
		l.ts = append(l.ts, &tensor[T]{name: "bias", val: l.bias, grad: l.gb})
		inf.Params += out.C
	}
	inf.HasWeights = true
	l.inf = inf
	return l
}

func (l *conv[T]) info() *LayerInfo      { return &l.inf }
func (l *conv[T]) tensors() []*tensor[T] { return l.ts }

// dims are K (values per window), P (windows per sample) and the output
// channels.
func (l *conv[T]) dims() (k, p, out int) {
	return l.inf.In.C * l.inf.KernelH * l.inf.KernelW, l.inf.Out.H * l.inf.Out.W, l.inf.Out.C
}

func (l *conv[T]) carve(c *carver[T], rows int, b, prev *buf[T]) {
	k, p, out := l.dims()
	carveTail(&l.tail, c, rows*out*p, b, false)
	b.cols = c.take(k * rows * p)
	extra := 0
	if prev != nil {
		extra = k * p // one sample's ∂cols
	}
	b.tmp = c.take(rows*p*out + extra)
}

func (l *conv[T]) forward(ps *pass, b *buf[T], x []T) {
	k, p, out := l.dims()
	np, size := ps.rows*p, l.inf.In.Size()
	for n := 0; n < ps.rows; n++ {
		if n%convBlock == 0 && ps.stopped() {
			return
		}
		unroll(&l.win, x[n*size:n*size+size], b.cols[n*p:], np, false)
		z := b.z[n*out*p : (n+1)*out*p]
		for o := 0; o < out; o++ {
			var v T
			if l.bias != nil {
				v = l.bias[o]
			}
			row := z[o*p : o*p+p]
			for i := range row {
				row[i] = v
			}
		}
		gemm(false, false, out, p, k, l.w, k, b.cols[n*p:], np, true, z, p)
	}
	b.out = tailForward(&l.tail, ps, b)
}

func (l *conv[T]) backward(ps *pass, b *buf[T], x, dx []T) {
	tailBackward(&l.tail, b)
	k, p, out := l.dims()
	np, dz := ps.rows*p, b.dz
	// dzᵀ, and the bias gradient summed in float64 on the way.
	dzt := b.tmp[:np*out]
	sums := l.sums
	clear(sums)
	for n := 0; n < ps.rows; n++ {
		for o := 0; o < out; o++ {
			row := dz[(n*out+o)*p : (n*out+o)*p+p]
			s := 0.0
			for q, g := range row {
				dzt[(n*p+q)*out+o] = g
				s += float64(g)
			}
			if l.gb != nil {
				sums[o] += s
			}
		}
	}
	if ps.stopped() {
		return
	}
	for o, s := range sums {
		l.gb[o] = T(s)
	}
	gemm(false, false, k, out, np, b.cols, np, dzt, out, false, l.gwt, out)
	transpose(l.gw, l.gwt, k, out)
	if dx == nil {
		return
	}
	dcols, size := b.tmp[np*out:], l.inf.In.Size()
	clear(dx)
	for n := 0; n < ps.rows; n++ {
		if n%convBlock == 0 && ps.stopped() {
			return
		}
		gemm(true, false, k, p, out, l.w, k, dz[n*out*p:], p, false, dcols, p)
		unroll(&l.win, dx[n*size:n*size+size], dcols, p, true)
	}
}

func (l *conv[T]) stats(s *LayerStats, b *buf[T], rows int) {
	weightStats(s, l.w, l.gw)
	actStats(s, l.inf.Activation, b.z, b.a, l.inf.Out.C, l.inf.Out.H*l.inf.Out.W)
}

// window is the geometry of a sliding window over one sample: its input
// and output shapes, kernel, strides and zero padding.
type window struct {
	in, out        Shape
	kh, kw, sh, sw int
	pad            int
}

// span is the range [lo, hi) of output positions o along one axis whose
// input position o·s − pad + k lies in [0, n).
func span(n, outN, s, pad, k int) (lo, hi int) {
	lo = max(0, (pad-k+s-1)/s)
	hi = min(outN, (n+pad-k+s-1)/s)
	return lo, max(lo, hi)
}

// unroll copies the windows of the sample x into cols (im2col): row
// (c·kh + i)·kw + j, column oh·Wout + ow of cols (rows ld apart) is
// x[c][oh·sh − pad + i][ow·sw − pad + j], or 0 in the padding. With back
// set it goes the other way (col2im), adding every column into the input
// position it came from.
func unroll[T float](w *window, x, cols []T, ld int, back bool) {
	H, W, Ho, Wo := w.in.H, w.in.W, w.out.H, w.out.W
	r := 0
	for c := 0; c < w.in.C; c++ {
		plane := x[c*H*W : (c+1)*H*W]
		for i := 0; i < w.kh; i++ {
			hlo, hhi := span(H, Ho, w.sh, w.pad, i)
			for j := 0; j < w.kw; j++ {
				wlo, whi := span(W, Wo, w.sw, w.pad, j)
				row := cols[r*ld : r*ld+Ho*Wo]
				r++
				if !back {
					clear(row[:hlo*Wo])
					clear(row[hhi*Wo:])
				}
				for oh := hlo; oh < hhi; oh++ {
					src := plane[(oh*w.sh-w.pad+i)*W:]
					dst := row[oh*Wo : oh*Wo+Wo]
					off := j - w.pad
					if back {
						for ow := wlo; ow < whi; ow++ {
							src[ow*w.sw+off] += dst[ow]
						}
						continue
					}
					clear(dst[:wlo])
					clear(dst[whi:])
					if w.sw == 1 {
						copy(dst[wlo:whi], src[wlo+off:whi+off])
						continue
					}
					for ow := wlo; ow < whi; ow++ {
						dst[ow] = src[ow*w.sw+off]
					}
				}
			}
		}
	}
}
