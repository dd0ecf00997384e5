package nn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"sync/atomic"
)

// The methods by which *net[T] serves Network (the engine interface).

func (n *net[T]) info(i int) *LayerInfo        { return n.layers[i].info() }
func (n *net[T]) numLayers() int               { return len(n.layers) }
func (n *net[T]) inputShape() Shape            { return n.in }
func (n *net[T]) statsOf() []LayerStats        { return n.stats }
func (n *net[T]) setRNG(r *rand.Rand)          { n.rng = r }
func (n *net[T]) setStopFlag(s *atomic.Bool)   { n.stop = s }
func (n *net[T]) wasStopped() bool             { return n.stopped }
func (n *net[T]) penaltyOf() float64           { return n.penalty() }
func (n *net[T]) lossOfBatch(b *Batch) float64 { return n.lossOf(b) }
func (n *net[T]) close()                       { n.team.close() }
func (n *net[T]) threadCount() int             { return n.threads }

func (n *net[T]) train(b *Batch, o *Optimizer, lr, momentum float64) float64 {
	return n.trainStep(b, o, lr, momentum)
}

// fans are a layer's fan-in and fan-out, as PyTorch computes them.
func fans(inf *LayerInfo) (in, out int) {
	if inf.Kind == Conv2D {
		k := inf.KernelH * inf.KernelW
		return inf.In.C * k, inf.Out.C * k
	}
	return inf.In.C, inf.Out.C
}

func (n *net[T]) initWeights(in Init, rng *rand.Rand) {
	for _, l := range n.layers {
		inf := l.info()
		for _, t := range l.tensors() {
			var v T
			switch {
			case t.penalty: // the weights of a dense or conv2d layer
				fi, fo := fans(inf)
				if is64[T]() {
					in.Fill(as64(t.val), fi, fo, rng)
					continue
				}
				scratch := make([]float64, len(t.val))
				in.Fill(scratch, fi, fo, rng)
				narrow(t.val, scratch)
				continue
			case inf.Kind != BatchNorm:
				v = T(in.Bias)
			case t.name == "weight" || t.name == "running_var":
				v = 1
			}
			for j := range t.val {
				t.val[j] = v
			}
		}
	}
}

// find is layer i's tensor by name, or an error naming those it has.
func (n *net[T]) find(i int, name string) (*tensor[T], error) {
	if i < 0 || i >= len(n.layers) {
		return nil, fmt.Errorf("layer %d: the network has %d layers", i, len(n.layers))
	}
	var names []string
	for _, t := range n.layers[i].tensors() {
		if t.name == name {
			return t, nil
		}
		names = append(names, t.name)
	}
	has := "none"
	if len(names) > 0 {
		has = strings.Join(names, ", ")
	}
	return nil, fmt.Errorf("layers[%d] (%s) has no tensor %q (it has: %s)", i, n.layers[i].info().Kind, name, has)
}

func (n *net[T]) tensor(i int, name string, grad bool) []float64 {
	t, err := n.find(i, name)
	if err != nil {
		return nil
	}
	src := t.val
	if grad {
		if t.grad == nil {
			return nil
		}
		src = t.grad
	}
	return widen(make([]float64, len(src)), src)
}

func (n *net[T]) setTensor(i int, name string, v []float64) error {
	t, err := n.find(i, name)
	if err != nil {
		return err
	}
	if len(v) != len(t.val) {
		return fmt.Errorf("layers[%d].%s: has %d values, want %d", i, name, len(v), len(t.val))
	}
	narrow(t.val, v)
	return nil
}

func (n *net[T]) setDropout(i int, p float64) error {
	if i < 0 || i >= len(n.layers) {
		return fmt.Errorf("layer %d: the network has %d layers", i, len(n.layers))
	}
	if !(p >= 0 && p < 1) {
		return fmt.Errorf("dropout: must be in [0, 1), got %g", p)
	}
	inf := n.layers[i].info()
	switch l := n.layers[i].(type) {
	case *dense[T]:
		if i == len(n.layers)-1 && p > 0 {
			return fmt.Errorf("dropout: the output layer takes no dropout")
		}
		l.tail.drop = p
	case *conv[T]:
		l.tail.drop = p
	case *dropout[T]:
	default:
		return fmt.Errorf("dropout: layer %d (%s) takes no dropout", i, inf.Kind)
	}
	if (inf.Dropout > 0) != (p > 0) {
		clear(n.work) // the layer's buffers change
	}
	inf.Dropout = p
	return nil
}

func (n *net[T]) paramList() []Param {
	var ps []Param
	for i, l := range n.layers {
		for _, t := range l.tensors() {
			if t.grad == nil {
				continue
			}
			p := Param{Layer: i, Weight: t.weight}
			if is64[T]() {
				p.Value, p.Grad = as64(t.val), as64(t.grad)
			} else {
				p.Value32, p.Grad32 = as32(t.val), as32(t.grad)
			}
			ps = append(ps, p)
		}
	}
	return ps
}

func (n *net[T]) forwardOut(b *Batch, train bool) []float64 {
	ws, ok := n.forward(b, train)
	if ok && train {
		n.commit(ws, b.N)
	}
	return view(n.outputs(b.N), ws.out64)
}

func (n *net[T]) backwardLoss(b *Batch) float64 {
	loss, ok := n.backward(b)
	if !ok {
		return math.NaN()
	}
	return loss
}

func (n *net[T]) eval(b *Batch) (float64, int) {
	loss := n.lossOf(b)
	correct := 0
	if b.Labels != nil {
		correct = n.countCorrect(b)
	}
	return loss * float64(b.N), correct
}

func (n *net[T]) layerView(i, rows int, pre bool) []float64 {
	ws := n.workspace(rows)
	b := ws.bufs[i]
	v := b.out
	switch {
	case pre && b.z != nil:
		v = b.z
	case !pre && b.a != nil:
		v = b.a
	}
	return view(v, ws.view64)
}
