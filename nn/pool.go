package nn

// pool is max or average pooling over windows of each channel (PyTorch's
// nn.MaxPool2d and nn.AvgPool2d without padding). Max pooling sends the
// gradient to the first maximum of a window, as PyTorch's CPU kernel does
// (a later value takes over only when it is larger, or NaN); average
// pooling divides by kh·kw.
type pool[T float] struct {
	inf LayerInfo
	win window
	job poolJob[T]
}

func newPool[T float](inf LayerInfo) *pool[T] {
	sh, sw := inf.strides()
	l := &pool[T]{inf: inf, win: window{in: inf.In, out: inf.Out, kh: inf.KernelH, kw: inf.KernelW, sh: sh, sw: sw}}
	l.job.l = l
	return l
}

func (l *pool[T]) info() *LayerInfo                { return &l.inf }
func (l *pool[T]) tensors() []*tensor[T]           { return nil }
func (l *pool[T]) stats(*LayerStats, *buf[T], int) {}
func (l *pool[T]) isMax() bool                     { return l.inf.Kind == MaxPool2D }
func (l *pool[T]) planes(rows int) (n, in, out int) {
	return rows * l.inf.In.C, l.inf.In.H * l.inf.In.W, l.inf.Out.H * l.inf.Out.W
}
func (l *pool[T]) carve(c *carver[T], rows int, b, prev *buf[T]) {
	size := rows * l.inf.Out.Size()
	b.y, b.dy = c.take(size), c.take(size)
	if l.isMax() {
		b.arg = c.takeInts(size)
	}
}

func (l *pool[T]) forward(p *pass[T], b *buf[T], x []T) {
	l.job.do(p, b, x, nil)
	b.out = b.y
}

func (l *pool[T]) backward(p *pass[T], b *buf[T], x, dx []T) {
	if dx != nil {
		l.job.do(p, b, nil, dx)
	}
}

// poolJob is a pooling layer's work on the planes of a batch, split over a
// team by planes.
type poolJob[T float] struct {
	l     *pool[T]
	b     *buf[T]
	x, dx []T
	rows  int
}

// do runs the forward pass (dx nil) or the backward pass over the batch.
func (j *poolJob[T]) do(p *pass[T], b *buf[T], x, dx []T) {
	j.b, j.x, j.dx, j.rows = b, x, dx, p.rows
	p.team.run(j, p.team.threads())
	j.b, j.x, j.dx = nil, nil, nil
}

func (j *poolJob[T]) part(i, parts int) {
	planes, in, out := j.l.planes(j.rows)
	lo, hi := share(planes, 1, i, parts)
	for c := lo; c < hi; c++ {
		switch {
		case j.dx != nil:
			j.l.backPlane(j.b.dy[c*out:c*out+out], j.dx[c*in:c*in+in], j.b.arg, c*out)
		case j.l.isMax():
			j.l.maxPlane(j.x[c*in:c*in+in], j.b.y[c*out:c*out+out], j.b.arg[c*out:c*out+out])
		default:
			j.l.avgPlane(j.x[c*in:c*in+in], j.b.y[c*out:c*out+out])
		}
	}
}

// maxPlane pools one plane src into dst, recording in arg where in src
// each maximum is: the first one of its window, scanning rows in order, as
// PyTorch's kernel does (a later value takes over only when it is larger,
// or NaN).
func (l *pool[T]) maxPlane(src, dst []T, arg []int32) {
	w := &l.win
	W, Wo := w.in.W, w.out.W
	if w.kh == 2 && w.kw == 2 && w.sh == 2 && w.sw == 2 {
		// The usual 2×2 windows, unrolled (or branch-free in SIMD): the
		// same comparisons in the same order.
		if maxPool2SIMD(src, W, dst, arg, w.out.H, Wo) {
			return
		}
		for oh := 0; oh < w.out.H; oh++ {
			top := 2 * oh * W
			r0, r1 := src[top:top+2*Wo], src[top+W:top+W+2*Wo]
			d, a := dst[oh*Wo:oh*Wo+Wo], arg[oh*Wo:oh*Wo+Wo]
			for ow := range d {
				x := 2 * ow
				best, at := r0[x], top+x
				if v := r0[x+1]; v > best || v != v {
					best, at = v, top+x+1
				}
				if v := r1[x]; v > best || v != v {
					best, at = v, top+W+x
				}
				if v := r1[x+1]; v > best || v != v {
					best, at = v, top+W+x+1
				}
				d[ow], a[ow] = best, int32(at)
			}
		}
		return
	}
	for oh := 0; oh < w.out.H; oh++ {
		for ow := 0; ow < Wo; ow++ {
			top := oh*w.sh*W + ow*w.sw
			best, at := src[top], top
			for i := 0; i < w.kh; i++ {
				r := top + i*W
				for j, v := range src[r : r+w.kw] {
					if v > best || v != v {
						best, at = v, r+j
					}
				}
			}
			dst[oh*Wo+ow] = best
			arg[oh*Wo+ow] = int32(at)
		}
	}
}

// avgPlane pools one plane src into dst, each window's mean.
func (l *pool[T]) avgPlane(src, dst []T) {
	w := &l.win
	W, Wo := w.in.W, w.out.W
	inv := 1 / T(w.kh*w.kw)
	for oh := 0; oh < w.out.H; oh++ {
		for ow := 0; ow < Wo; ow++ {
			top := oh*w.sh*W + ow*w.sw
			var s T
			for i := 0; i < w.kh; i++ {
				for _, v := range src[top+i*W : top+i*W+w.kw] {
					s += v
				}
			}
			dst[oh*Wo+ow] = s * inv
		}
	}
}

// backPlane sends one plane's output gradient g to its input gradient dst:
// each to its window's maximum (arg, from offset at) or spread evenly.
func (l *pool[T]) backPlane(g, dst []T, arg []int32, at int) {
	clear(dst)
	if l.isMax() {
		for o, a := range arg[at : at+len(g)] {
			dst[a] += g[o]
		}
		return
	}
	w := &l.win
	inv := 1 / T(w.kh*w.kw)
	for oh := 0; oh < w.out.H; oh++ {
		for ow := 0; ow < w.out.W; ow++ {
			v := g[oh*w.out.W+ow] * inv
			top := oh*w.sh*w.in.W + ow*w.sw
			for i := 0; i < w.kh; i++ {
				row := dst[top+i*w.in.W : top+i*w.in.W+w.kw]
				for j := range row {
					row[j] += v
				}
			}
		}
	}
}

// flatten reshapes C×H×W into C·H·W features, in the same order: its
// output is its input and its input's gradient is its own.
type flatten[T float] struct{ inf LayerInfo }

func (l *flatten[T]) info() *LayerInfo                     { return &l.inf }
func (l *flatten[T]) tensors() []*tensor[T]                { return nil }
func (l *flatten[T]) stats(*LayerStats, *buf[T], int)      {}
func (l *flatten[T]) forward(p *pass[T], b *buf[T], x []T) { b.out = x }

func (l *flatten[T]) carve(c *carver[T], rows int, b, prev *buf[T]) {
	if prev != nil {
		b.dy = prev.dy // the next layer writes ∂x straight into the previous layer
		return
	}
	b.dy = c.take(rows * l.inf.Out.Size())
}

func (l *flatten[T]) backward(p *pass[T], b *buf[T], x, dx []T) {}

// dropout is inverted dropout as a layer of its own (nn.Dropout):
// element-wise, in training only.
type dropout[T float] struct{ inf LayerInfo }

func (l *dropout[T]) info() *LayerInfo                { return &l.inf }
func (l *dropout[T]) tensors() []*tensor[T]           { return nil }
func (l *dropout[T]) stats(*LayerStats, *buf[T], int) {}

func (l *dropout[T]) carve(c *carver[T], rows int, b, prev *buf[T]) {
	size := rows * l.inf.Out.Size()
	b.dy = c.take(size)
	if l.inf.Dropout > 0 {
		b.mask, b.y = c.take(size), c.take(size)
	}
}

func (l *dropout[T]) forward(p *pass[T], b *buf[T], x []T) {
	b.dropped = p.train && l.inf.Dropout > 0
	b.out = x
	if b.dropped {
		drawMask(p.rng, l.inf.Dropout, b.mask, b.y, x)
		b.out = b.y
	}
}

func (l *dropout[T]) backward(p *pass[T], b *buf[T], x, dx []T) {
	switch {
	case dx == nil:
	case b.dropped:
		for j, m := range b.mask {
			dx[j] = b.dy[j] * m
		}
	default:
		copy(dx, b.dy)
	}
}
