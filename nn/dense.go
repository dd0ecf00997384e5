package nn

// dense is a fully connected layer: z = x·Wᵀ + b, then its tail
// (activation, dropout), plus x for a residual layer.
type dense[T float] struct {
	inf  LayerInfo
	tail tail
	// w is Out×In, as nn.Linear stores it; wt is scratch for Wᵀ when the
	// AVX2 tiles do the forward product.
	w, gw, bias, gb, wt []T
	ts                  []*tensor[T]
}

func newDense[T float](inf LayerInfo, c *carver[T]) *dense[T] {
	in, out := inf.In.C, inf.Out.C
	d := &dense[T]{tail: tail{act: inf.Activation, w: out, drop: inf.Dropout}}
	d.w, d.gw = c.take(out*in), c.take(out*in)
	if haveAVX2 {
		d.wt = c.take(out * in)
	}
	d.ts = []*tensor[T]{{name: "weight", val: d.w, grad: d.gw, weight: true, penalty: true}}
	inf.Params = out * in
	if !inf.NoBias {
		d.bias, d.gb = c.take(out), c.take(out)
		d.ts = append(d.ts, &tensor[T]{name: "bias", val: d.bias, grad: d.gb})
		inf.Params += out
	}
	inf.HasWeights = true
	d.inf = inf
	return d
}

func (d *dense[T]) info() *LayerInfo      { return &d.inf }
func (d *dense[T]) tensors() []*tensor[T] { return d.ts }

func (d *dense[T]) carve(c *carver[T], rows int, b, prev *buf[T]) {
	carveTail(&d.tail, c, rows*d.inf.Out.C, b, d.inf.Residual)
}

func (d *dense[T]) forward(p *pass[T], b *buf[T], x []T) {
	in, out := d.inf.In.C, d.inf.Out.C
	affine(p.team, p.rows, out, in, x, d.w, d.wt, d.bias, b.z)
	y := tailForward(&d.tail, p, b)
	if d.inf.Residual {
		for j, v := range y {
			b.y[j] = v + x[j]
		}
		y = b.y
	}
	b.out = y
}

func (d *dense[T]) backward(p *pass[T], b *buf[T], x, dx []T) {
	tailBackward(&d.tail, b)
	in, out := d.inf.In.C, d.inf.Out.C
	gemm(p.team, true, false, out, in, p.rows, b.dz, out, x, in, false, d.gw, in)
	if d.gb != nil {
		colSums(d.gb, b.dz)
	}
	if dx == nil {
		return
	}
	gemm(p.team, false, false, p.rows, in, out, b.dz, out, d.w, in, false, dx, in)
	if d.inf.Residual {
		for j, g := range b.dy {
			dx[j] += g
		}
	}
}

func (d *dense[T]) stats(s *LayerStats, b *buf[T], rows int) {
	weightStats(s, d.w, d.gw)
	actStats(s, d.inf.Activation, b.z, b.a, d.inf.Out.C, 1)
}

// colSums sets sums to the column sums of the rows of x (of width
// len(sums)).
func colSums[T float](sums, x []T) {
	w := len(sums)
	n := len(x) - len(x)%w
	for j := colSumSIMD(sums, x); j < w; j++ {
		var s0, s1 T
		r := j
		for ; r+w < n; r += 2 * w {
			s0 += x[r]
			s1 += x[r+w]
		}
		if r < n {
			s0 += x[r]
		}
		sums[j] = s0 + s1
	}
}
