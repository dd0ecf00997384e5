package nn

import "math"

// batchNorm normalises each channel (a feature after a flat layer, a
// channel after conv or pool) as PyTorch's nn.BatchNorm1d/2d do:
//
//	training:   x̂ = (x − μ_B)/√(σ²_B + eps), μ_B and σ²_B (biased) over the
//	            batch and every position; the running statistics move by
//	            momentum toward μ_B and the UNBIASED σ²_B·M/(M−1)
//	evaluation: x̂ = (x − running_mean)/√(running_var + eps)
//	z = γ·x̂ + β, then the activation.
//
// Sums run in float64 in both precisions.
type batchNorm[T float] struct {
	inf                        LayerInfo
	tail                       tail
	gamma, ggamma, beta, gbeta []T
	rmean, rvar                []T
	ts                         []*tensor[T]
}

func newBatchNorm[T float](inf LayerInfo, c *carver[T]) *batchNorm[T] {
	ch := inf.In.C
	l := &batchNorm[T]{tail: tail{act: inf.Activation}}
	l.gamma, l.ggamma, l.beta, l.gbeta = c.take(ch), c.take(ch), c.take(ch), c.take(ch)
	l.rmean, l.rvar = c.take(ch), c.take(ch)
	l.ts = []*tensor[T]{
		{name: "weight", val: l.gamma, grad: l.ggamma, weight: true},
		{name: "bias", val: l.beta, grad: l.gbeta},
		{name: "running_mean", val: l.rmean},
		{name: "running_var", val: l.rvar},
	}
	inf.Params, inf.HasWeights = 2*ch, true
	l.inf = inf
	return l
}

func (l *batchNorm[T]) info() *LayerInfo      { return &l.inf }
func (l *batchNorm[T]) tensors() []*tensor[T] { return l.ts }

// dims are the channels and the positions per channel of one sample.
func (l *batchNorm[T]) dims() (ch, s int) { return l.inf.In.C, l.inf.In.H * l.inf.In.W }

func (l *batchNorm[T]) carve(c *carver[T], rows int, b, prev *buf[T]) {
	size := rows * l.inf.In.Size()
	carveTail(&l.tail, c, size, b, false)
	b.cols = c.take(size) // x̂
	b.stat = c.takeFloats(3 * l.inf.In.C)
}

func (l *batchNorm[T]) forward(p *pass[T], b *buf[T], x []T) {
	ch, s := l.dims()
	m := float64(p.rows * s)
	mean, istd, vr := b.stat[:ch], b.stat[ch:2*ch], b.stat[2*ch:]
	for c := 0; c < ch; c++ {
		mu, inv := float64(l.rmean[c]), 1/math.Sqrt(float64(l.rvar[c])+l.inf.Eps)
		if p.train {
			sum, sq := 0.0, 0.0
			for n := 0; n < p.rows; n++ {
				off := (n*ch + c) * s
				for _, v := range x[off : off+s] {
					sum += float64(v)
				}
			}
			mu = sum / m
			for n := 0; n < p.rows; n++ {
				off := (n*ch + c) * s
				for _, v := range x[off : off+s] {
					d := float64(v) - mu
					sq += d * d
				}
			}
			vr[c] = sq / m
			inv = 1 / math.Sqrt(vr[c]+l.inf.Eps)
		}
		mean[c], istd[c] = mu, inv
		g, bt := float64(l.gamma[c]), float64(l.beta[c])
		for n := 0; n < p.rows; n++ {
			off := (n*ch + c) * s
			xh, z := b.cols[off:off+s], b.z[off:off+s]
			for i, v := range x[off : off+s] {
				h := (float64(v) - mu) * inv
				xh[i] = T(h)
				z[i] = T(g*h + bt)
			}
		}
	}
	b.out = tailForward(&l.tail, p, b)
}

// commit moves the running statistics toward the last training batch's.
func (l *batchNorm[T]) commit(b *buf[T], rows int) {
	ch, s := l.dims()
	m := float64(rows * s)
	mom := l.inf.Momentum
	for c := 0; c < ch; c++ {
		unbiased := b.stat[2*ch+c] * m / max(m-1, 1)
		l.rmean[c] = T((1-mom)*float64(l.rmean[c]) + mom*b.stat[c])
		l.rvar[c] = T((1-mom)*float64(l.rvar[c]) + mom*unbiased)
	}
}

func (l *batchNorm[T]) backward(p *pass[T], b *buf[T], x, dx []T) {
	tailBackward(&l.tail, b)
	ch, s := l.dims()
	m := float64(p.rows * s)
	for c := 0; c < ch; c++ {
		sum, dot := 0.0, 0.0
		for n := 0; n < p.rows; n++ {
			off := (n*ch + c) * s
			xh := b.cols[off : off+s]
			for i, g := range b.dz[off : off+s] {
				sum += float64(g)
				dot += float64(g) * float64(xh[i])
			}
		}
		l.ggamma[c], l.gbeta[c] = T(dot), T(sum)
		if dx == nil {
			continue
		}
		k := float64(l.gamma[c]) * b.stat[ch+c]
		for n := 0; n < p.rows; n++ {
			off := (n*ch + c) * s
			xh, d := b.cols[off:off+s], dx[off:off+s]
			for i, g := range b.dz[off : off+s] {
				if b.train {
					d[i] = T(k * (float64(g) - sum/m - float64(xh[i])*dot/m))
				} else {
					d[i] = T(k * float64(g))
				}
			}
		}
	}
}

func (l *batchNorm[T]) stats(s *LayerStats, b *buf[T], rows int) {
	ch, sp := l.dims()
	weightStats(s, l.gamma, l.ggamma)
	actStats(s, l.inf.Activation, b.z, b.a, ch, sp)
}
