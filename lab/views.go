package lab

import (
	"math"

	"github.com/nnlab/nnlab/nn"
	"gonum.org/v1/gonum/mat"
)

// HasBoundary says whether the data are 2-D points whose model output can be
// drawn as a map over the plane.
func (t *Trainer) HasBoundary() bool {
	return t.Set != nil && t.Set.Raw == 2 && (t.Set.Classes == 2 || t.Set.Outputs == 1) &&
		(t.Net == nil || t.Net.Outputs() <= 2) // one map shows one probability
}

// box is the data's bounding box (raw x and y over both splits), padded by
// a tenth on each side.
func (t *Trainer) box() [4]float64 {
	b := [4]float64{math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)}
	row := make([]float64, t.Set.Inputs)
	for _, sp := range []int{0, 1} {
		split := &t.Set.Train
		if sp == 1 {
			split = &t.Set.Test
		}
		for i := 0; i < split.N; i++ {
			r := split.Row(row, i)
			b[0], b[1] = math.Min(b[0], r[0]), math.Max(b[1], r[0])
			b[2], b[3] = math.Min(b[2], r[1]), math.Max(b[3], r[1])
		}
	}
	px, py := (b[1]-b[0])/10, (b[3]-b[2])/10
	return [4]float64{b[0] - px, b[1] + px, b[2] - py, b[3] + py}
}

// Boundary evaluates the model on a w×h lattice over the data's box (row 0
// at the top, largest y): the probability of class 1 for classifiers, the
// output scaled to [0,1] by the training targets' range for regression.
// It returns nil when the data are not 2-D points.
func (t *Trainer) Boundary(w, h int) (grid []float64, gw, gh int, box [4]float64) {
	m := t.Maps(w, h, false)
	return m.Grid, m.W, m.H, m.Box
}

// Maps evaluates the model on a w×h lattice over the data's box (row 0 at
// the top, largest y) in one forward pass: the decision boundary (see
// Boundary) and, with units, the input features and every hidden dense
// layer's units on the same lattice (see UnitMap). It returns the zero Maps
// when the data are not 2-D points.
func (t *Trainer) Maps(w, h int, units bool) Maps {
	if !t.HasBoundary() || w < 1 || h < 1 || w*h > 1<<16 {
		return Maps{}
	}
	m := Maps{W: w, H: h, Box: t.box()}
	box := m.Box
	in := t.Set.Inputs
	x := make([]float64, w*h*in)
	for r := 0; r < h; r++ {
		yv := box[3] - (float64(r)+0.5)/float64(h)*(box[3]-box[2])
		for c := 0; c < w; c++ {
			xv := box[0] + (float64(c)+0.5)/float64(w)*(box[1]-box[0])
			t.Set.PointRow(x[(r*w+c)*in:], xv, yv)
		}
	}
	out := t.Net.Forward(&nn.Batch{N: w * h, X: x}, false)
	m.Grid = t.boundaryOf(out, w*h)
	if units {
		m.Inputs = inputMap(x, w*h, in, t.Set.Raw, t.Set.Features)
		total, upto := 0, t.Net.NumLayers()-1
		for i := 0; i < t.Net.NumLayers()-1; i++ {
			l := t.Net.Layer(i)
			if l.Kind != nn.Dense {
				continue
			}
			if total += l.Out.C; total > MaxUnitMaps {
				upto = i // its weights in: the last mapped layer's weights out
				break
			}
			m.Units = append(m.Units, unitMap(i, l, t.Net.Activations(i, w*h), w*h))
		}
		m.Weights = t.denseWeights(upto)
	}
	return m
}

// boundaryOf turns the network's outputs on n lattice points into the
// boundary's values in [0,1].
func (t *Trainer) boundaryOf(out []float64, n int) []float64 {
	k := t.Net.Outputs()
	last := t.Net.Layer(t.Net.NumLayers() - 1)
	grid := make([]float64, n)
	lo, hi := 0.0, 1.0
	if t.Set.Outputs == 1 {
		lo, hi = math.Inf(1), math.Inf(-1)
		for _, v := range t.Set.Train.Y {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	for i := range grid {
		row := out[i*k : i*k+k]
		var v float64
		switch {
		case k == 1:
			v = row[0]
		case last.Activation == nn.Softmax:
			v = row[1]
		default: // logits or margins of two classes
			v = 1 / (1 + math.Exp(row[0]-row[1]))
		}
		if hi > lo {
			v = (v - lo) / (hi - lo)
		}
		grid[i] = math.Max(0, math.Min(1, v))
	}
	return grid
}

// Embedding runs the first n test samples through the network and projects
// layer's activations (0-based; −1 means the last hidden layer) onto their
// two principal axes, scaled into [−1, 1].
func (t *Trainer) Embedding(layer, n int) []EmbedPoint {
	if t.Net == nil || t.Set.Test.N == 0 || n < 3 {
		return nil
	}
	if layer < 0 || layer >= t.Net.NumLayers() {
		layer = max(t.Net.NumLayers()-2, 0)
	}
	n = min(n, t.Set.Test.N)
	x := make([]float64, n*t.Set.Inputs)
	lab := make([]int, n)
	y := make([]float64, n*max(t.Set.Outputs, 1))
	t.Set.Test.Fill(t.iota[:n], x, lab, y)
	d := t.Net.Layer(layer).Out.Size()
	acts := make([]float64, n*d)
	// In chunks, so that a conv network's buffers stay those of evaluation.
	chunk := t.evalRows()
	for off := 0; off < n; off += chunk {
		k := min(chunk, n-off)
		in := t.Set.Inputs
		t.Net.Forward(&nn.Batch{N: k, X: x[off*in : (off+k)*in]}, false)
		copy(acts[off*d:(off+k)*d], t.Net.Activations(layer, k))
	}
	a := mat.NewDense(n, d, acts)
	pts := project2(a)
	if pts == nil {
		return nil
	}
	out := make([]EmbedPoint, n)
	for i := range out {
		out[i] = EmbedPoint{X: pts[i][0], Y: pts[i][1]}
		if t.Set.Test.Labels != nil {
			out[i].Label = lab[i]
		}
	}
	return out
}

// project2 centres the rows of a and projects them on the two leading
// eigenvectors of their covariance, each axis signed so that its largest
// component is positive (so the view does not flip between snapshots) and
// the result scaled into [−1, 1].
func project2(a *mat.Dense) [][2]float64 {
	n, d := a.Dims()
	for j := 0; j < d; j++ {
		m := 0.0
		for i := 0; i < n; i++ {
			m += a.At(i, j)
		}
		m /= float64(n)
		for i := 0; i < n; i++ {
			a.Set(i, j, a.At(i, j)-m)
		}
	}
	var cov mat.SymDense
	cov.SymOuterK(1/float64(n), a.T())
	var eig mat.EigenSym
	if !eig.Factorize(&cov, true) {
		return nil
	}
	var vec mat.Dense
	eig.VectorsTo(&vec)
	axes := [2]int{d - 1, max(d-2, 0)} // eigenvalues ascend
	out := make([][2]float64, n)
	scale := 0.0
	for k, col := range axes {
		sign, big := 1.0, 0.0
		for j := 0; j < d; j++ {
			if v := vec.At(j, col); math.Abs(v) > big {
				big, sign = math.Abs(v), math.Copysign(1, v)
			}
		}
		for i := 0; i < n; i++ {
			s := 0.0
			for j := 0; j < d; j++ {
				s += a.At(i, j) * vec.At(j, col) * sign
			}
			if d == 1 && k == 1 {
				s = 0
			}
			out[i][k] = s
			scale = math.Max(scale, math.Abs(s))
		}
	}
	if scale > 0 {
		for i := range out {
			out[i][0] /= scale
			out[i][1] /= scale
		}
	}
	return out
}

// Outputs returns the network's outputs (after the output activation) on
// every training sample, in order, when there are at most n of them; nil
// otherwise.
func (t *Trainer) Outputs(n int) []Output {
	if t.Net == nil || t.Set == nil || t.Set.Train.N > n || t.Set.Train.N == 0 {
		return nil
	}
	sp := &t.Set.Train
	m, k := sp.N, t.Net.Outputs()
	x := make([]float64, m*sp.D)
	lab := make([]int, m)
	y := make([]float64, m*max(t.Set.Outputs, 1))
	sp.Fill(t.iota[:m], x, lab, y)
	out := t.Net.Forward(&nn.Batch{N: m, X: x}, false)
	res := make([]Output, m)
	for i := range res {
		o := Output{X: append([]float64(nil), x[i*sp.D:i*sp.D+t.Set.Raw]...), Label: -1, Out: append([]float64(nil), out[i*k:i*k+k]...)}
		if sp.Labels != nil {
			o.Label = lab[i]
		} else {
			o.Y = append([]float64(nil), y[i*t.Set.Outputs:(i+1)*t.Set.Outputs]...)
		}
		res[i] = o
	}
	return res
}

// Samples returns the first n test images with their labels and the
// model's current predictions; nil when the data are not images.
func (t *Trainer) Samples(n int) []Sample {
	if t.Net == nil || t.Set == nil || t.Set.ImageW <= 0 || t.Set.Test.Pix == nil || t.Set.Test.Labels == nil || n < 1 {
		return nil
	}
	sp := &t.Set.Test
	n = min(n, sp.N)
	x := make([]float64, n*sp.D)
	lab := make([]int, n)
	sp.Fill(t.iota[:n], x, lab, nil)
	out := t.Net.Forward(&nn.Batch{N: n, X: x}, false)
	k := t.Net.Outputs()
	samples := make([]Sample, n)
	for i := range samples {
		samples[i] = Sample{Pix: append([]byte(nil), sp.Image(i)...), W: t.Set.ImageW, H: t.Set.ImageH,
			Label: lab[i], Pred: nn.ArgMax(out[i*k:i*k+k], k)}
	}
	return samples
}
