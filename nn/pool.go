package nn

import "math"

// pool is max or average pooling over windows of each channel (PyTorch's
// nn.MaxPool2d and nn.AvgPool2d without padding). Max pooling sends the
// gradient to the first maximum of a window, as PyTorch's CPU kernel does
// (a later value takes over only when it is larger, or NaN); average
// pooling divides by kh·kw.
type pool[T float] struct {
	inf LayerInfo
	win window
}

func newPool[T float](inf LayerInfo) *pool[T] {
	sh, sw := inf.strides()
	return &pool[T]{inf: inf, win: window{in: inf.In, out: inf.Out, kh: inf.KernelH, kw: inf.KernelW, sh: sh, sw: sw}}
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

func (l *pool[T]) forward(p *pass, b *buf[T], x []T) {
	w := &l.win
	planes, in, out := l.planes(p.rows)
	inv := 1 / T(w.kh*w.kw)
	for c := 0; c < planes; c++ {
		src, dst := x[c*in:c*in+in], b.y[c*out:c*out+out]
		for oh := 0; oh < w.out.H; oh++ {
			for ow := 0; ow < w.out.W; ow++ {
				top := oh*w.sh*w.in.W + ow*w.sw
				o := oh*w.out.W + ow
				if l.isMax() {
					best, at := T(math.Inf(-1)), top
					for i := 0; i < w.kh; i++ {
						for j, v := range src[top+i*w.in.W : top+i*w.in.W+w.kw] {
							if v > best || v != v {
								best, at = v, top+i*w.in.W+j
							}
						}
					}
					dst[o] = best
					b.arg[c*out+o] = int32(at)
					continue
				}
				var s T
				for i := 0; i < w.kh; i++ {
					for _, v := range src[top+i*w.in.W : top+i*w.in.W+w.kw] {
						s += v
					}
				}
				dst[o] = s * inv
			}
		}
	}
	b.out = b.y
}

func (l *pool[T]) backward(p *pass, b *buf[T], x, dx []T) {
	if dx == nil {
		return
	}
	w := &l.win
	planes, in, out := l.planes(p.rows)
	clear(dx)
	inv := 1 / T(w.kh*w.kw)
	for c := 0; c < planes; c++ {
		g, dst := b.dy[c*out:c*out+out], dx[c*in:c*in+in]
		if l.isMax() {
			for o, at := range b.arg[c*out : c*out+out] {
				dst[at] += g[o]
			}
			continue
		}
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
}

// flatten reshapes C×H×W into C·H·W features, in the same order: its
// output is its input and its input's gradient is its own.
type flatten[T float] struct{ inf LayerInfo }

func (l *flatten[T]) info() *LayerInfo                  { return &l.inf }
func (l *flatten[T]) tensors() []*tensor[T]             { return nil }
func (l *flatten[T]) stats(*LayerStats, *buf[T], int)   {}
func (l *flatten[T]) forward(p *pass, b *buf[T], x []T) { b.out = x }

func (l *flatten[T]) carve(c *carver[T], rows int, b, prev *buf[T]) {
	if prev != nil {
		b.dy = prev.dy // the next layer writes ∂x straight into the previous layer
		return
	}
	b.dy = c.take(rows * l.inf.Out.Size())
}

func (l *flatten[T]) backward(p *pass, b *buf[T], x, dx []T) {}

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

func (l *dropout[T]) forward(p *pass, b *buf[T], x []T) {
	b.dropped = p.train && l.inf.Dropout > 0
	b.out = x
	if b.dropped {
		drawMask(p.rng, l.inf.Dropout, b.mask, b.y, x)
		b.out = b.y
	}
}

func (l *dropout[T]) backward(p *pass, b *buf[T], x, dx []T) {
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
