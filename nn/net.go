package nn

import (
	"math"
	"math/rand/v2"
	"sync/atomic"
)

// net is the generic core behind Network: its layers, loss, statistics and
// per-batch-size workspaces.
type net[T float] struct {
	in       Shape
	layers   []layer[T]
	out      *dense[T] // the last layer
	loss     Loss
	l1, l2   float64
	stats    []LayerStats
	weighted []int // layers with weights, in order (one LayerStats each)
	norms    []int // batch_norm layers
	rng      *rand.Rand
	stop     *atomic.Bool
	stopped  bool
	work     map[int]*work[T]
	p        pass[T]  // the pass under way (a field: passed to the layers, a local would escape)
	threads  int      // Config.Threads, at least 1
	team     *team[T] // started by New; nil when only counting
}

// work holds one batch size's buffers.
type work[T float] struct {
	bufs []*buf[T]
	in   []T // the input of the last forward
	// x holds the batch converted to T when it has no values of that type;
	// out64 and view64 hold what a float32 network hands out as float64.
	x             []T
	out64, view64 []float64
}

// maxWorkspaces bounds how many batch sizes keep their buffers at once.
const maxWorkspaces = 8

// newNet builds the layers of c (shapes from Shapes(c)), taking their
// parameters from pc: real memory, or only a count for EstimateBytes.
func newNet[T float](c Config, shapes []Shape, pc *carver[T]) *net[T] {
	n := &net[T]{in: c.input(), loss: c.Loss, l1: c.L1, l2: c.L2, work: map[int]*work[T]{}, threads: max(c.Threads, 1)}
	in := n.in
	for i, lc := range c.Layers {
		inf := LayerInfo{LayerConfig: lc.normalized(), In: in, Out: shapes[i]}
		var l layer[T]
		switch lc.Kind {
		case Dense:
			l = newDense(inf, pc)
		case Conv2D:
			l = newConv(inf, pc)
		case MaxPool2D, AvgPool2D:
			l = newPool[T](inf)
		case Flatten:
			l = &flatten[T]{inf: inf}
		case BatchNorm:
			l = newBatchNorm(inf, pc)
			n.norms = append(n.norms, i)
		case Dropout:
			l = &dropout[T]{inf: inf}
		}
		if l.info().HasWeights {
			n.weighted = append(n.weighted, i)
			n.stats = append(n.stats, LayerStats{Layer: i})
		}
		n.layers = append(n.layers, l)
		in = shapes[i]
	}
	n.out = n.layers[len(n.layers)-1].(*dense[T])
	return n
}

// carveWork takes the buffers of a batch of rows samples from c.
func (n *net[T]) carveWork(c *carver[T], rows int) *work[T] {
	c.threads = n.threads
	ws := &work[T]{bufs: make([]*buf[T], len(n.layers))}
	var prev *buf[T]
	widest := n.in.Size()
	for i, l := range n.layers {
		b := &buf[T]{}
		l.carve(c, rows, b, prev)
		ws.bufs[i], prev = b, b
		widest = max(widest, l.info().Out.Size())
	}
	if !is64[T]() {
		ws.x = c.take(rows * n.in.Size())
		ws.out64 = c.takeFloats(rows * n.out.inf.Out.C)
		ws.view64 = c.takeFloats(rows * widest)
	}
	return ws
}

func (n *net[T]) workspace(rows int) *work[T] {
	if ws, ok := n.work[rows]; ok {
		return ws
	}
	if len(n.work) >= maxWorkspaces {
		clear(n.work)
	}
	ws := n.carveWork(&carver[T]{}, rows)
	n.work[rows] = ws
	return ws
}

// input is the batch's X as T: itself in float64, X32 or a converted copy
// in float32.
func (n *net[T]) input(b *Batch, ws *work[T]) []T {
	size := b.N * n.in.Size()
	if is64[T]() {
		return fromF64[T](b.X[:size])
	}
	if b.X32 != nil {
		return fromF32[T](b.X32[:size])
	}
	narrow(ws.x, b.X[:size])
	return ws.x
}

// pass starts a pass over rows samples.
func (n *net[T]) pass(rows int, train bool) *pass[T] {
	n.p = pass[T]{rows: rows, train: train, rng: n.rng, stop: n.stop, team: n.team}
	return &n.p
}

// forward runs the layers on b; false when a stop cut it short. The
// running statistics of batch_norm layers move only on commit.
func (n *net[T]) forward(b *Batch, train bool) (*work[T], bool) {
	ws := n.workspace(b.N)
	p := n.pass(b.N, train)
	x := n.input(b, ws)
	ws.in = x
	for i, l := range n.layers {
		if p.stopped() {
			return ws, false
		}
		bf := ws.bufs[i]
		bf.train, bf.dzReady = train, false
		l.forward(p, bf, x)
		x = bf.out
	}
	return ws, !p.stopped()
}

// commit moves batch_norm's running statistics after a training forward.
func (n *net[T]) commit(ws *work[T], rows int) {
	for _, i := range n.norms {
		n.layers[i].(*batchNorm[T]).commit(ws.bufs[i], rows)
	}
}

// backward computes the loss of the batch of the last forward and every
// gradient; false when a stop cut it short.
func (n *net[T]) backward(b *Batch) (float64, bool) {
	ws := n.workspace(b.N)
	p := n.pass(b.N, false)
	last := len(n.layers) - 1
	ob := ws.bufs[last]
	g := ob.dy
	if n.loss.fused() {
		g = ob.dz
	}
	loss := lossAndGrad(n.loss, b, ob.z, ob.a, g, n.out.inf.Out.C, n.out.inf.Activation)
	ob.dzReady = n.loss.fused()
	for i := last; i >= 0; i-- {
		if p.stopped() {
			return loss, false
		}
		x, dx := ws.in, []T(nil)
		if i > 0 {
			x, dx = ws.bufs[i-1].out, ws.bufs[i-1].dy
		}
		n.layers[i].backward(p, ws.bufs[i], x, dx)
	}
	if p.stopped() {
		return loss, false
	}
	n.addPenaltyGrads()
	for k, i := range n.weighted {
		n.layers[i].stats(&n.stats[k], ws.bufs[i], b.N)
	}
	return loss, true
}

// addPenaltyGrads adds l2·w + l1·sign(w) to the weight gradients.
func (n *net[T]) addPenaltyGrads() {
	if n.l1 == 0 && n.l2 == 0 {
		return
	}
	l1, l2 := T(n.l1), T(n.l2)
	for _, l := range n.layers {
		for _, t := range l.tensors() {
			if !t.penalty {
				continue
			}
			for j, w := range t.val {
				g := l2 * w
				if w > 0 {
					g += l1
				} else if w < 0 {
					g -= l1
				}
				t.grad[j] += g
			}
		}
	}
}

func (n *net[T]) penalty() float64 {
	if n.l1 == 0 && n.l2 == 0 {
		return 0
	}
	s1, s2 := 0.0, 0.0
	for _, l := range n.layers {
		for _, t := range l.tensors() {
			if !t.penalty {
				continue
			}
			for _, w := range t.val {
				s1 += math.Abs(float64(w))
				s2 += float64(w) * float64(w)
			}
		}
	}
	return n.l1*s1 + n.l2/2*s2
}

// lossOf is the mean data loss of b in evaluation mode.
func (n *net[T]) lossOf(b *Batch) float64 {
	ws, _ := n.forward(b, false)
	ob := ws.bufs[len(n.layers)-1]
	return lossAndGrad[T](n.loss, b, ob.z, ob.a, nil, n.out.inf.Out.C, n.out.inf.Activation)
}

func (n *net[T]) trainStep(b *Batch, o *Optimizer, lr, momentum float64) float64 {
	n.stopped = false
	ws, ok := n.forward(b, true)
	var loss float64
	if ok {
		loss, ok = n.backward(b)
	}
	if !ok {
		n.stopped = true
		return math.NaN()
	}
	n.commit(ws, b.N)
	o.Step(lr, momentum)
	for i := range n.stats {
		s := &n.stats[i]
		s.UpdateRatio = 0
		if s.WeightNorm > 0 {
			s.UpdateRatio = o.UpdateNorm(s.Layer) / s.WeightNorm
		}
	}
	return loss
}

// outputs is the activated output of the last forward with batch size rows.
func (n *net[T]) outputs(rows int) []T {
	return n.workspace(rows).bufs[len(n.layers)-1].a
}

func (n *net[T]) countCorrect(b *Batch) int {
	w := n.out.inf.Out.C
	a := n.outputs(b.N)
	correct := 0
	for r := 0; r < b.N; r++ {
		if argMax(a[r*w:r*w+w], w) == b.Labels[r] {
			correct++
		}
	}
	return correct
}

// ArgMax is the predicted class of one output row of width w: the index of
// the largest value, or for one output (a probability) 1 when it is above
// 0.5.
func ArgMax(row []float64, w int) int { return argMax(row, w) }

// argMax is ArgMax for a row of T.
func argMax[T float](row []T, w int) int {
	if w == 1 {
		if row[0] > 0.5 {
			return 1
		}
		return 0
	}
	best := 0
	for k := 1; k < w; k++ {
		if row[k] > row[best] {
			best = k
		}
	}
	return best
}

// view hands a buffer of the workspace out as float64: itself in a
// float64 network, a copy into dst in a float32 one.
func view[T float](v []T, dst []float64) []float64 {
	if is64[T]() {
		return as64(v)
	}
	return widen(dst, v)
}
