package nn

import "math"

// LayerStats are one layer's health figures, computed on every Backward at
// the cost of one pass over its weights and activations.
type LayerStats struct {
	GradNorm    float64 // ‖∂objective/∂W‖ (Frobenius)
	GradRMS     float64 // GradNorm/√(Out·In)
	WeightNorm  float64 // ‖W‖
	UpdateRatio float64 // ‖ΔW‖/‖W‖ of the last optimizer step (0 before one)
	ActMean     float64 // mean of the activations over the batch
	ActStd      float64 // their standard deviation
	PreStd      float64 // standard deviation of the pre-activations z
	// Dead is, for ReLU layers, the share of units whose input z was ≤ 0 for
	// every sample of the batch (they pass no gradient). 0 for others.
	Dead float64
	// Saturated is, for sigmoid and tanh layers, the share of activations
	// where the derivative is below a tenth of its peak: σ'(z) < 0.025
	// (σ < 0.0257 or σ > 0.9743) or tanh'(z) < 0.1 (|tanh z| > 0.9487).
	Saturated float64
}

// meanStd is the mean and the (population) standard deviation of x, in
// one pass: it sums x−k and (x−k)² with k = x[0], a shift that keeps the
// subtraction in the variance from cancelling when the values sit far from
// 0 but near one another. These figures are computed on every step.
func meanStd(x []float64) (mean, std float64) {
	if len(x) == 0 {
		return 0, 0
	}
	k := x[0]
	s, q := shiftedSums(x, k)
	n := float64(len(x))
	return k + s/n, math.Sqrt(max(q-s*s/n, 0) / n)
}

// actStats is meanStd(a) and the standard deviation of z.
func actStats(a, z []float64) (mean, std, preStd float64) {
	mean, std = meanStd(a)
	_, preStd = meanStd(z)
	return mean, std, preStd
}

// shiftedSums is Σ(x−k) and Σ(x−k)², with SIMD where there is some.
func shiftedSums(x []float64, k float64) (s, q float64) {
	s, q, i := sumSq(x, k)
	var s1, q1 float64
	for ; i+2 <= len(x); i += 2 {
		v := x[i : i+2 : i+2]
		d0, d1 := v[0]-k, v[1]-k
		s += d0
		s1 += d1
		q += d0 * d0
		q1 += d1 * d1
	}
	if i < len(x) {
		d := x[i] - k
		s += d
		q += d * d
	}
	return s + s1, q + q1
}

// norm is the Euclidean norm of x.
func norm(x []float64) float64 {
	_, q := shiftedSums(x, 0)
	return math.Sqrt(q)
}

func (n *Network) fillStats(ws *workspace, rows int) {
	for i, l := range n.Layers {
		s := &n.Stats[i]
		size := rows * l.Out
		a, z := ws.a[i][:size], ws.z[i][:size]
		s.GradNorm = norm(l.gw)
		s.GradRMS = s.GradNorm / math.Sqrt(float64(len(l.gw)))
		s.WeightNorm = norm(l.w)
		s.ActMean, s.ActStd, s.PreStd = actStats(a, z)
		s.Dead, s.Saturated = 0, 0
		switch l.Activation {
		case ReLU:
			dead := 0
			for k := 0; k < l.Out; k++ {
				alive := false
				for r := k; r < size; r += l.Out {
					if z[r] > 0 {
						alive = true
						break
					}
				}
				if !alive {
					dead++
				}
			}
			s.Dead = float64(dead) / float64(l.Out)
		case Sigmoid, Tanh:
			sat := 0
			for _, v := range a {
				if (l.Activation == Sigmoid && v*(1-v) < 0.025) || (l.Activation == Tanh && 1-v*v < 0.1) {
					sat++
				}
			}
			s.Saturated = float64(sat) / float64(max(size, 1))
		}
	}
}
