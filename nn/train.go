package nn

import "math"

// workspace holds one batch size's buffers, each per layer and N×Out.
type workspace struct {
	z, a, ybuf, mask, dy, dz [][]float64
	dropped                  []bool
	// y[i] is layer i's output in the last Forward: a[i] itself, or ybuf[i]
	// when dropout or a residual connection made it differ from a[i].
	y [][]float64
}

func (n *Network) workspace(rows int) *workspace {
	if ws, ok := n.work[rows]; ok {
		return ws
	}
	if len(n.work) >= maxWorkspaces {
		clear(n.work)
	}
	L := len(n.Layers)
	ws := &workspace{dropped: make([]bool, L)}
	for _, p := range []*[][]float64{&ws.z, &ws.a, &ws.ybuf, &ws.mask, &ws.dy, &ws.dz} {
		*p = make([][]float64, L)
		for i, l := range n.Layers {
			(*p)[i] = make([]float64, rows*l.Out)
		}
	}
	ws.y = append([][]float64(nil), ws.ybuf...)
	n.work[rows] = ws
	return ws
}

// Forward runs the network on b.X and returns the output rows (N×Outputs,
// activated: probabilities for softmax and sigmoid outputs). In training
// mode dropout masks are drawn; in evaluation mode dropout is the identity.
// The returned slice is reused by the next call with the same batch size.
func (n *Network) Forward(b *Batch, train bool) []float64 {
	ws := n.workspace(b.N)
	h, in := b.X, n.Inputs
	for i, l := range n.Layers {
		rows := b.N * l.Out
		z, a, y := ws.z[i][:rows], ws.a[i][:rows], ws.ybuf[i][:rows]
		affine(b.N, l.Out, in, h, l.w, l.wt, l.B, z)
		l.Activation.apply(a, z, l.Out)
		ws.dropped[i] = train && l.Dropout > 0
		// The layer's output is a itself unless dropout or a residual
		// connection makes it differ; then it is y.
		out := a
		if ws.dropped[i] {
			p, keep := l.Dropout, 1/(1-l.Dropout)
			m := ws.mask[i]
			for j, v := range a {
				if n.dropRNG.Float64() < p {
					m[j], y[j] = 0, 0
				} else {
					m[j], y[j] = keep, v*keep
				}
			}
			out = y
		}
		if l.Residual {
			hr := h[:len(out)]
			for j, v := range out {
				y[j] = v + hr[j]
			}
			out = y
		}
		ws.y[i] = out
		h, in = out, l.Out
	}
	return h
}

// Backward computes the loss of the batch last passed to Forward and the
// gradients of the objective (loss plus L1/L2 penalties) into every layer's
// GW and GB, and fills Stats. It returns the data loss (mean over the
// batch, without penalties); Penalty gives the penalty.
func (n *Network) Backward(b *Batch) float64 {
	ws := n.workspace(b.N)
	last := len(n.Layers) - 1
	out := n.Layers[last]
	loss, fused := n.Loss.lossAndGrad(b, ws.z[last], ws.a[last], ws.dz[last], out.Out, out.Activation)
	if !fused {
		copy(ws.dy[last], ws.dz[last])
	}
	for i := last; i >= 0; i-- {
		l := n.Layers[i]
		dz := ws.dz[i]
		if i != last || !fused {
			dy := ws.dy[i]
			if ws.dropped[i] {
				for j, m := range ws.mask[i] {
					dz[j] = dy[j] * m
				}
				dy = dz
			}
			l.Activation.backprop(dz, dy, ws.z[i], ws.a[i], l.Out)
		}
		h := b.X
		if i > 0 {
			h = ws.y[i-1]
		}
		gemm(true, false, l.Out, l.In, b.N, 1, dz, l.Out, h, l.In, 0, l.gw, l.In)
		colSums(l.GB, dz[:b.N*l.Out])
		if i > 0 {
			prev := ws.dy[i-1]
			gemm(false, false, b.N, l.In, l.Out, 1, dz, l.Out, l.w, l.In, 0, prev, l.In)
			if l.Residual {
				for j, g := range ws.dy[i] {
					prev[j] += g
				}
			}
		}
	}
	n.addPenaltyGrads()
	n.fillStats(ws, b.N)
	return loss
}

// colSums sets sums to the column sums of the rows of x (of width
// len(sums)).
func colSums(sums, x []float64) {
	w := len(sums)
	n := len(x) - len(x)%w
	for j := colSum(sums, x); j < w; j++ {
		var s0, s1 float64
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

// addPenaltyGrads adds l2·w + l1·sign(w) to the weight gradients.
func (n *Network) addPenaltyGrads() {
	if n.L1 == 0 && n.L2 == 0 {
		return
	}
	for _, l := range n.Layers {
		for j, w := range l.w {
			g := n.L2 * w
			if w > 0 {
				g += n.L1
			} else if w < 0 {
				g -= n.L1
			}
			l.gw[j] += g
		}
	}
}

// Penalty is l1·Σ|w| + l2/2·Σw² over every weight.
func (n *Network) Penalty() float64 {
	if n.L1 == 0 && n.L2 == 0 {
		return 0
	}
	s1, s2 := 0.0, 0.0
	for _, l := range n.Layers {
		for _, w := range l.w {
			s1 += math.Abs(w)
			s2 += w * w
		}
	}
	return n.L1*s1 + n.L2/2*s2
}

// Objective is the data loss of the batch plus the penalty, in evaluation
// mode (no dropout). It computes no gradients.
func (n *Network) Objective(b *Batch) float64 {
	return n.LossOf(b) + n.Penalty()
}

// LossOf is the mean data loss of the batch in evaluation mode.
func (n *Network) LossOf(b *Batch) float64 {
	n.Forward(b, false)
	ws := n.workspace(b.N)
	last := len(n.Layers) - 1
	out := n.Layers[last]
	loss, _ := n.Loss.lossAndGrad(b, ws.z[last], ws.a[last], nil, out.Out, out.Activation)
	return loss
}

// EvalBatch runs the batch in evaluation mode and returns the loss summed
// over its samples and, when the batch has labels, how many the network
// classifies right (argmax of the output; for one sigmoid output, p > 0.5).
func (n *Network) EvalBatch(b *Batch) (lossSum float64, correct int) {
	loss := n.LossOf(b)
	if b.Labels != nil {
		correct = n.countCorrect(b)
	}
	return loss * float64(b.N), correct
}

func (n *Network) countCorrect(b *Batch) int {
	ws := n.workspace(b.N)
	last := len(n.Layers) - 1
	w := n.Layers[last].Out
	a := ws.a[last]
	correct := 0
	for r := 0; r < b.N; r++ {
		row := a[r*w : r*w+w]
		if ArgMax(row, w) == b.Labels[r] {
			correct++
		}
	}
	return correct
}

// ArgMax is the predicted class of one output row of width w: the index of
// the largest value, or for one output (a probability) 1 when it is above
// 0.5.
func ArgMax(row []float64, w int) int {
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

// Activations returns layer i's outputs (N×Out, after activation, before
// dropout) of the last Forward with batch size rows.
func (n *Network) Activations(i, rows int) []float64 {
	return n.workspace(rows).a[i][:rows*n.Layers[i].Out]
}

// NetInputs returns layer i's net inputs z = W·x + b (N×Out, before the
// activation) of the last Forward with batch size rows.
func (n *Network) NetInputs(i, rows int) []float64 {
	return n.workspace(rows).z[i][:rows*n.Layers[i].Out]
}

// TrainStep runs one step of training on b: forward in training mode,
// backward, and one optimizer update with learning rate lr and momentum
// (Adam's beta1). It returns the batch's data loss before the update.
func (n *Network) TrainStep(b *Batch, o *Optimizer, lr, momentum float64) float64 {
	n.Forward(b, true)
	loss := n.Backward(b)
	o.Step(lr, momentum)
	for i := range n.Stats {
		s := &n.Stats[i]
		s.UpdateRatio = 0
		if s.WeightNorm > 0 {
			s.UpdateRatio = o.UpdateNorm(i) / s.WeightNorm
		}
	}
	return loss
}
