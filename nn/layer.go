package nn

import (
	"math/rand/v2"
	"sync/atomic"
	"unsafe"
)

// layer is one layer of the generic core. A network runs its layers in
// order forward, and backward in reverse; each keeps its per-batch-size
// buffers in a buf the network holds for it.
type layer[T float] interface {
	// info is the layer's configuration and shapes.
	info() *LayerInfo
	// carve takes the layer's buffers for a batch of rows samples from c
	// (or, when c only counts, says how large they are). prev is the
	// previous layer's buffers (nil for the first layer).
	carve(c *carver[T], rows int, b, prev *buf[T])
	// forward computes b.out from the input x (rows×In.Size()).
	forward(p *pass[T], b *buf[T], x []T)
	// backward turns b.dy (dL/dy) into the gradients of the layer's
	// parameters and, when dx is not nil, dL/dx. x is the input of the
	// last forward.
	backward(p *pass[T], b *buf[T], x, dx []T)
	// tensors are the layer's learnable tensors (with a gradient) and its
	// running statistics (without); none for pools, flatten, dropout.
	tensors() []*tensor[T]
	// stats fills s after a backward (only layers with weights are asked).
	stats(s *LayerStats, b *buf[T], rows int)
}

// tensor is one tensor of a layer: a learnable one and its gradient, or a
// running statistic (grad nil).
type tensor[T float] struct {
	name      string // PyTorch's state_dict name: weight, bias, running_mean, running_var
	val, grad []T
	weight    bool // a weight (or γ), not a bias
	penalty   bool // L1/L2 apply to it
}

// LayerInfo describes one layer of a network.
type LayerInfo struct {
	LayerConfig       // as configured, with defaults filled in (Stride, Momentum, Eps)
	In, Out     Shape // the shape of one sample going in and coming out
	Params      int   // learnable values (weights and biases)
	HasWeights  bool  // dense, conv2d, batch_norm: the layers with statistics
}

// buf is one layer's buffers for one batch size. A layer takes only those
// it needs; several may be one slice (a linear activation's a is its z).
type buf[T float] struct {
	out   []T // the output of the last forward: one of the buffers below, or the input
	y, dy []T // an output of its own, and dL/dy (written by the next layer or the loss)
	z, a  []T // net input and activation (dense, conv2d, batch_norm)
	dz    []T // dL/dz
	mask  []T // dropout multipliers: 0 or 1/(1−p)
	// cols is a conv layer's input unrolled (im2col), batch_norm's x̂;
	// tmp is a conv layer's per-sample gradient of cols and its dz
	// transposed.
	cols, tmp []T
	arg       []int32   // max pool: where each output's maximum is in its input plane
	stat      []float64 // batch_norm: per channel, the batch mean, 1/σ and variance
	dzReady   bool      // the loss wrote dL/dz itself (fused with the output activation)
	dropped   bool      // the last forward drew a dropout mask
	train     bool      // the last forward was in training mode
}

// carver hands out a layer's buffers from one allocation; in counting mode
// it only adds up their sizes, so EstimateBytes and the real allocation
// cannot disagree.
type carver[T float] struct {
	count       bool
	threads     int // of the network's team: buffers some layers keep per thread
	n, ints, fs int // values of T, int32s and float64s taken
}

// bytes is the memory taken, in bytes.
func (c *carver[T]) bytes() int64 {
	var x T
	return int64(c.n)*int64(unsafe.Sizeof(x)) + 4*int64(c.ints) + 8*int64(c.fs)
}

func (c *carver[T]) take(n int) []T {
	c.n += n
	if c.count {
		return nil
	}
	return make([]T, n)
}

func (c *carver[T]) takeInts(n int) []int32 {
	c.ints += n
	if c.count {
		return nil
	}
	return make([]int32, n)
}

func (c *carver[T]) takeFloats(n int) []float64 {
	c.fs += n
	if c.count {
		return nil
	}
	return make([]float64, n)
}

// pass is what one forward or backward pass shares with its layers.
type pass[T float] struct {
	rows  int
	train bool
	rng   *rand.Rand   // dropout masks
	stop  *atomic.Bool // set to abandon the pass
	team  *team[T]     // the network's threads
}

// stopped reports whether the pass has been told to stop.
func (p *pass[T]) stopped() bool { return p.stop != nil && p.stop.Load() }

// tail is the element-wise end of a dense, conv2d or batch_norm layer: its
// activation (rows of width w for softmax), then inverted dropout.
type tail struct {
	act  Activation
	w    int
	drop float64
}

// carveTail takes z, a, dz, mask and y as the tail needs them: a is z for
// a linear activation; y only with dropout or when the layer wants an
// output of its own (residual layers); dz is dy when nothing changes the
// gradient between them.
func carveTail[T float](t *tail, c *carver[T], size int, b *buf[T], ownY bool) {
	b.z = c.take(size)
	b.a = b.z
	if t.act != Linear {
		b.a = c.take(size)
	}
	if t.drop > 0 {
		b.mask = c.take(size)
	}
	if t.drop > 0 || ownY {
		b.y = c.take(size)
	}
	b.dy = c.take(size)
	b.dz = b.dy
	if t.act != Linear || t.drop > 0 {
		b.dz = c.take(size)
	}
}

// tailForward computes a = act(z) and, in training with dropout,
// y = a·mask. It returns the layer's output so far: a, or y after dropout.
func tailForward[T float](t *tail, p *pass[T], b *buf[T]) []T {
	size := len(b.z)
	if t.act != Linear {
		activate(t.act, b.a, b.z, t.w)
	}
	b.dropped = p.train && t.drop > 0
	if !b.dropped {
		return b.a[:size]
	}
	drawMask(p.rng, t.drop, b.mask, b.y, b.a)
	return b.y[:size]
}

// drawMask sets mask to 0 (probability p) or 1/(1−p) and y = x·mask,
// drawing one number of rng per element, in order.
func drawMask[T float](rng *rand.Rand, p float64, mask, y, x []T) {
	keep := T(1 / (1 - p))
	mask = mask[:len(x)]
	y = y[:len(x)]
	for j, v := range x {
		if rng.Float64() < p {
			mask[j], y[j] = 0, 0
		} else {
			mask[j], y[j] = keep, v*keep
		}
	}
}

// backward turns b.dy into b.dz: through the dropout mask, then the
// activation's derivative. Nothing is left to do when the loss wrote dz.
func tailBackward[T float](t *tail, b *buf[T]) {
	if b.dzReady {
		return
	}
	dy := b.dy
	if b.dropped {
		for j, m := range b.mask {
			b.dz[j] = dy[j] * m
		}
		dy = b.dz
	} else if t.drop > 0 && t.act == Linear {
		copy(b.dz, dy) // dz has its own buffer for the dropout case
		return
	}
	if t.act != Linear {
		backprop(t.act, b.dz, dy, b.z, b.a, t.w)
	}
}
