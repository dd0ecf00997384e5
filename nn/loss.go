package nn

import "math"

// Loss is a cost function with PyTorch's definition and mean reduction.
type Loss uint8

const (
	// MSE is nn.MSELoss: the mean of (output − target)² over every element.
	MSE Loss = iota
	// CrossEntropy is nn.CrossEntropyLoss on the output layer's logits z:
	// mean over samples of −log softmax(z)[label].
	CrossEntropy
	// BCE is nn.BCELoss on a sigmoid output p: mean over elements of
	// −(t·log p + (1−t)·log(1−p)), each log clamped at −100 as PyTorch does.
	BCE
	// Hinge is nn.MultiMarginLoss (p=1, margin=1): mean over samples of
	// Σ_{i≠y} max(0, 1 − z_y + z_i) / C.
	Hinge
	// HalfSSE is the textbook ½·Σ(target − output)² per sample, mean over
	// the batch.
	HalfSSE
)

var lossNames = []string{"mse", "cross_entropy", "bce", "hinge", "half_sse"}

func (l Loss) String() string { return nameOf(lossNames, int(l), "loss") }

// ParseLoss reads a loss by its name (as String gives it).
func ParseLoss(s string) (Loss, error) { return parseName[Loss](lossNames, s, "loss") }

// LossNames lists the names ParseLoss accepts.
func LossNames() []string { return append([]string(nil), lossNames...) }

// target returns the target of sample r, output k: from y when given,
// otherwise one-hot from the labels (or the label itself for one output).
func (b *Batch) target(r, k, width int) float64 {
	if b.Y != nil {
		return b.Y[r*width+k]
	}
	if width == 1 {
		return float64(b.Labels[r])
	}
	if b.Labels[r] == k {
		return 1
	}
	return 0
}

// fused reports whether the loss's gradient is taken with respect to the
// output layer's logits z (cross-entropy, bce) rather than its output a.
func (l Loss) fused() bool {
	return l == CrossEntropy || l == BCE
}

// lossAndGrad computes the mean loss of rows [0,n) and, when g is not nil,
// writes dL/dz (when l.fused) or dL/da into g. z are the output logits, a
// the activated output, w the output width. Sums run in float64.
func lossAndGrad[T float](l Loss, b *Batch, z, a, g []T, w int, act Activation) float64 {
	n := b.N
	switch l {
	case MSE, HalfSSE:
		scale := 2 / float64(n*w)
		if l == HalfSSE {
			scale = 1 / float64(n)
		}
		var loss float64
		for r := 0; r < n; r++ {
			for k := 0; k < w; k++ {
				i := r*w + k
				d := float64(a[i]) - b.target(r, k, w)
				loss += d * d
				if g != nil {
					g[i] = T(scale * d)
				}
			}
		}
		if l == HalfSSE {
			return loss / 2 / float64(n)
		}
		return loss / float64(n*w)
	case CrossEntropy:
		// Logits are z whether the output layer is softmax or linear.
		inv := 1 / float64(n)
		if act == Softmax {
			return crossEntropyOfSoftmax(b, z, a, g, w, inv)
		}
		var loss float64
		for r := 0; r < n; r++ {
			row := z[r*w : r*w+w]
			y := b.Labels[r]
			lse := logSumExp(row)
			loss += lse - float64(row[y])
			if g != nil {
				for k, v := range row {
					p := math.Exp(float64(v) - lse)
					if k == y {
						p--
					}
					g[r*w+k] = T(p * inv)
				}
			}
		}
		return loss * inv
	case BCE:
		inv := 1 / float64(n*w)
		var loss float64
		for r := 0; r < n; r++ {
			for k := 0; k < w; k++ {
				i := r*w + k
				t := b.target(r, k, w)
				// log p = −softplus(−z), log(1−p) = −softplus(z).
				lp := math.Max(-softplus(-float64(z[i])), -100)
				lq := math.Max(-softplus(float64(z[i])), -100)
				loss -= t*lp + (1-t)*lq
				if g != nil {
					g[i] = T((float64(a[i]) - t) * inv)
				}
			}
		}
		return loss * inv
	case Hinge:
		inv := 1 / float64(n*w)
		var loss float64
		for r := 0; r < n; r++ {
			row := a[r*w : r*w+w]
			y := b.Labels[r]
			if g != nil {
				clear(g[r*w : r*w+w])
			}
			for k, v := range row {
				if k == y {
					continue
				}
				if m := 1 - float64(row[y]) + float64(v); m > 0 {
					loss += m
					if g != nil {
						g[r*w+k] += T(inv)
						g[r*w+y] -= T(inv)
					}
				}
			}
		}
		return loss * inv
	}
	return math.NaN()
}

// logSumExp is log Σ exp(z), shifted by max(z).
func logSumExp[T float](z []T) float64 {
	m := math.Inf(-1)
	for _, v := range z {
		m = math.Max(m, float64(v))
	}
	s := 0.0
	for _, v := range z {
		s += math.Exp(float64(v) - m)
	}
	return m + math.Log(s)
}

// crossEntropyOfSoftmax is the CrossEntropy case for a softmax output layer,
// which has already computed p = softmax(z) into a: the gradient is
// (p − onehot)/n with no further exponentials, and the loss Σ −log p_y is
// taken as −log Π p_y, one logarithm per batch, the product kept in range by
// powers of two. A row whose p_y is below 2⁻⁴⁰⁰ (a loss above 277) takes
// log-sum-exp of its logits instead, as p_y may have lost precision.
func crossEntropyOfSoftmax[T float](b *Batch, z, a, g []T, w int, inv float64) float64 {
	prod, scale, far := 1.0, 0, 0.0
	for r := 0; r < b.N; r++ {
		row := a[r*w : r*w+w]
		y := b.Labels[r]
		if p := float64(row[y]); p >= 0x1p-400 {
			// prod stays in [2⁻⁵⁰⁰, 1] before this product, so it cannot
			// leave the normal range.
			prod *= p
			if prod < 0x1p-500 {
				prod *= 0x1p500
				scale -= 500
			}
		} else {
			zr := z[r*w : r*w+w]
			far += logSumExp(zr) - float64(zr[y])
		}
		if g != nil {
			gr := g[r*w : r*w+w]
			for k, p := range row {
				gr[k] = T(float64(p) * inv)
			}
			gr[y] -= T(inv)
		}
	}
	return (far - math.Log(prod) - float64(scale)*math.Ln2) * inv
}

// softplus is log(1+e^x) without overflow.
func softplus(x float64) float64 {
	if x > 0 {
		return x + math.Log1p(math.Exp(-x))
	}
	return math.Log1p(math.Exp(x))
}
