package nn

// conv is a 2-D convolution (PyTorch's nn.Conv2d, cross-correlation),
// then its tail (activation, dropout). Its products go through gemm: the
// input is unrolled (im2col) into cols, K×(N·P) for K = in·kh·kw values per
// window and P = Hout·Wout windows per sample, so that
//
//	z[n] (out×P) = W (out×K) · cols[:, n·P : n·P+P] + bias
//	∂W (out×K)   = (cols · dzᵀ)ᵀ,   dzᵀ (N·P×out) the batch's dz transposed
//	∂cols[n]     = Wᵀ · dz[n], folded back (col2im) into ∂x[n]
//
// With a team, the samples are split over its threads (each sample is
// worked by one thread, with its own ∂cols), and ∂W is one product split
// by gemm.
type conv[T float] struct {
	inf  LayerInfo
	tail tail
	// w is out×in×kh×kw, as nn.Conv2d stores it; gwt is ∂W transposed
	// (K×ldo), as the product gives it.
	w, gw, bias, gb, gwt []T
	ts                   []*tensor[T]
	win                  window
	// ldo is the width of dzᵀ and ∂Wᵀ: the output channels, rounded up to
	// whole AVX2 tiles when there are some (the padding stays 0).
	ldo int
	job convJob[T]
}

// convBlock is how many samples a conv layer works through between two
// looks at the stop flag.
const convBlock = 8

func newConv[T float](inf LayerInfo, c *carver[T]) *conv[T] {
	in, out := inf.In, inf.Out
	l := &conv[T]{tail: tail{act: inf.Activation, drop: inf.Dropout}, ldo: out.C}
	l.win = window{in: in, out: out, kh: inf.KernelH, kw: inf.KernelW, sh: inf.Stride, sw: inf.Stride, pad: inf.Padding}
	if half := lanes[T]() / 2; haveAVX2 {
		l.ldo = (out.C + half - 1) / half * half
	}
	k := in.C * inf.KernelH * inf.KernelW
	l.w, l.gw, l.gwt = c.take(out.C*k), c.take(out.C*k), c.take(l.ldo*k)
	l.ts = []*tensor[T]{{name: "weight", val: l.w, grad: l.gw, weight: true, penalty: true}}
	inf.Params = out.C * k
	if !inf.NoBias {
		l.bias, l.gb = c.take(out.C), c.take(out.C)
		l.ts = append(l.ts, &tensor[T]{name: "bias", val: l.bias, grad: l.gb})
		inf.Params += out.C
	}
	inf.HasWeights = true
	l.inf = inf
	l.job.l = l
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
	if !l.inf.NoBias {
		b.stat = c.takeFloats(rows * out) // each sample's sums of the bias gradient
	}
	extra := 0
	if prev != nil {
		extra = c.threads * k * p // each thread's ∂cols of one sample
	}
	b.tmp = c.take(rows*p*l.ldo + extra)
}

// convJob is a conv layer's work on the samples of a batch, split over a
// team by samples (and, for the bias gradient, by channels).
type convJob[T float] struct {
	l     *conv[T]
	ps    *pass[T]
	b     *buf[T]
	x, dx []T
	phase uint8
}

// The phases of a conv layer's work.
const (
	convForward   uint8 = iota // unroll, product, bias
	convTranspose              // dzᵀ and each sample's bias gradient sums
	convInputGrad              // ∂cols and col2im into ∂x
)

// do runs one phase over the batch, split over the team.
func (j *convJob[T]) do(phase uint8, ps *pass[T], b *buf[T], x, dx []T) {
	j.phase, j.ps, j.b, j.x, j.dx = phase, ps, b, x, dx
	ps.team.run(j, ps.team.threads())
	j.ps, j.b, j.x, j.dx = nil, nil, nil, nil
}

func (j *convJob[T]) part(i, parts int) {
	lo, hi := share(j.ps.rows, 1, i, parts)
	switch j.phase {
	case convForward:
		j.l.forwardSamples(j.ps, j.b, j.x, lo, hi)
	case convTranspose:
		j.l.transposeGrad(j.b, lo, hi)
	case convInputGrad:
		j.l.inputGrad(j.ps, j.b, j.dx, lo, hi, i)
	}
}

func (l *conv[T]) forward(ps *pass[T], b *buf[T], x []T) {
	l.job.do(convForward, ps, b, x, nil)
	if ps.stopped() {
		return
	}
	b.out = tailForward(&l.tail, ps, b)
}

// forwardSamples computes z for samples lo..hi.
func (l *conv[T]) forwardSamples(ps *pass[T], b *buf[T], x []T, lo, hi int) {
	k, p, out := l.dims()
	np, size := ps.rows*p, l.inf.In.Size()
	for n := lo; n < hi; n++ {
		if (n-lo)%convBlock == 0 && ps.stopped() {
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
		gemm(nil, false, false, out, p, k, l.w, k, b.cols[n*p:], np, true, z, p)
	}
}

func (l *conv[T]) backward(ps *pass[T], b *buf[T], x, dx []T) {
	tailBackward(&l.tail, b)
	k, p, out := l.dims()
	np := ps.rows * p
	l.job.do(convTranspose, ps, b, nil, nil)
	if ps.stopped() {
		return
	}
	if l.gb != nil {
		// The bias gradient, summed in float64 sample by sample in order.
		for o := range l.gb {
			sum := 0.0
			for n := 0; n < ps.rows; n++ {
				sum += b.stat[n*out+o]
			}
			l.gb[o] = T(sum)
		}
	}
	gemm(ps.team, false, false, k, l.ldo, np, b.cols, np, b.tmp[:np*l.ldo], l.ldo, false, l.gwt, l.ldo)
	for o := 0; o < out; o++ {
		row := l.gw[o*k : o*k+k]
		for r := range row {
			row[r] = l.gwt[r*l.ldo+o]
		}
	}
	if dx != nil {
		l.job.do(convInputGrad, ps, b, nil, dx)
	}
}

// transposeGrad writes dzᵀ for samples lo..hi and, with a bias, each
// one's sums of dz over its positions (in float64, position by position
// in order) into b.stat, eight channels at a time: in float32 with AVX2 in
// the same pass over dz, the rest plainly.
func (l *conv[T]) transposeGrad(b *buf[T], lo, hi int) {
	_, p, out := l.dims()
	dz, dzt, ldo := b.dz, b.tmp, l.ldo
	for n := lo; n < hi; n++ {
		src, dst := dz[n*out*p:(n+1)*out*p], dzt[n*p*ldo:(n+1)*p*ldo]
		for c0 := 0; c0 < out; c0 += 8 {
			rows := min(8, out-c0)
			var sums [8]float64
			done := 0
			if c0+8 <= ldo { // the zero rows land in dzᵀ's padding
				done = transposeSumSIMD(dst[c0:], ldo, src[c0*p:], p, rows, p, &sums)
			}
			for q := done; q < p; q++ {
				row := dst[q*ldo+c0 : q*ldo+c0+rows]
				for o := range row {
					row[o] = src[(c0+o)*p+q]
				}
			}
			for o := range rows {
				s := sums[o]
				for _, g := range src[(c0+o)*p+done : (c0+o+1)*p] {
					s += float64(g)
				}
				sums[o] = s
			}
			if b.stat != nil {
				copy(b.stat[n*out+c0:n*out+c0+rows], sums[:rows])
			}
		}
	}
}

// inputGrad computes ∂x for samples lo..hi with thread t's ∂cols.
func (l *conv[T]) inputGrad(ps *pass[T], b *buf[T], dx []T, lo, hi, t int) {
	k, p, out := l.dims()
	np, size := ps.rows*p, l.inf.In.Size()
	dcols := b.tmp[np*l.ldo+t*k*p : np*l.ldo+(t+1)*k*p]
	clear(dx[lo*size : hi*size])
	for n := lo; n < hi; n++ {
		if (n-lo)%convBlock == 0 && ps.stopped() {
			return
		}
		gemm(nil, true, false, k, p, out, l.w, k, b.dz[n*out*p:], p, false, dcols, p)
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
			if back && w.sw == 1 && hlo < hhi &&
				col2imRowSIMD(plane[(hlo*w.sh-w.pad+i)*W:], w.sh*W, cols[r*ld+hlo*Wo:], ld, hhi-hlo, W, Wo, w.kw, w.pad) {
				r += w.kw
				continue
			}
			for j := 0; j < w.kw; j++ {
				wlo, whi := span(W, Wo, w.sw, w.pad, j)
				row := cols[r*ld : r*ld+Ho*Wo]
				r++
				if back {
					col2imRow(w, plane, row, i, j, hlo, hhi, wlo, whi)
				} else {
					im2colRow(w, plane, row, i, j, hlo, hhi, wlo, whi)
				}
			}
		}
	}
}

// im2colRow fills one row of cols, for kernel position (i, j), from the
// plane; output rows hlo..hhi and columns wlo..whi see the plane, the rest
// the padding.
func im2colRow[T float](w *window, plane, row []T, i, j, hlo, hhi, wlo, whi int) {
	W, Wo := w.in.W, w.out.W
	clear(row[:hlo*Wo])
	clear(row[hhi*Wo:])
	off := j - w.pad
	if w.sw == 1 && im2colSIMD(plane, (hlo*w.sh-w.pad+i)*W+off, w.sh*W, row[hlo*Wo:], hhi-hlo, Wo, wlo, whi) {
		return
	}
	for oh := hlo; oh < hhi; oh++ {
		src := plane[(oh*w.sh-w.pad+i)*W:]
		dst := row[oh*Wo : oh*Wo+Wo]
		clear(dst[:wlo])
		clear(dst[whi:])
		if w.sw == 1 {
			d := dst[wlo:whi]
			copy(d, src[wlo+off:whi+off])
			continue
		}
		for ow := wlo; ow < whi; ow++ {
			dst[ow] = src[ow*w.sw+off]
		}
	}
}

// col2imRow adds one row of cols, for kernel position (i, j), into the
// plane (the padding's columns are dropped).
func col2imRow[T float](w *window, plane, row []T, i, j, hlo, hhi, wlo, whi int) {
	W, Wo := w.in.W, w.out.W
	off := j - w.pad
	for oh := hlo; oh < hhi; oh++ {
		dst := plane[(oh*w.sh-w.pad+i)*W:]
		src := row[oh*Wo+wlo : oh*Wo+whi]
		if w.sw == 1 {
			d := dst[wlo+off : whi+off]
			d = d[:len(src)]
			for x, v := range src {
				d[x] += v
			}
			continue
		}
		for x, v := range src {
			dst[(wlo+x)*w.sw+off] += v
		}
	}
}
