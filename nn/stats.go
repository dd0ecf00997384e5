package nn

import "math"

// LayerStats are one layer's health figures, computed on every Backward at
// the cost of one pass over its weights and activations.
//
// A network has one for every layer with weights (dense, conv2d,
// batch_norm), in order; W is a dense or conv layer's weights, a
// batch_norm layer's γ.
type LayerStats struct {
	Layer       int     // the layer's index in the network
	GradNorm    float64 // ‖∂objective/∂W‖ (Frobenius)
	GradRMS     float64 // GradNorm/√(number of weights)
	WeightNorm  float64 // ‖W‖
	UpdateRatio float64 // ‖ΔW‖/‖W‖ of the last optimizer step (0 before one)
	ActMean     float64 // mean of the activations over the batch
	ActStd      float64 // their standard deviation
	PreStd      float64 // standard deviation of the pre-activations z
	// Dead is, for ReLU layers, the share of units (conv: channels) whose
	// input z was ≤ 0 for every sample of the batch (and every position of
	// a channel): they pass no gradient. 0 for others.
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
func meanStd[T float](x []T) (mean, std float64) {
	if len(x) == 0 {
		return 0, 0
	}
	k := float64(x[0])
	s, q := shiftedSums(x, k)
	n := float64(len(x))
	return k + s/n, math.Sqrt(max(q-s*s/n, 0) / n)
}

// shiftedSums is Σ(x−k) and Σ(x−k)², in float64, with SIMD where there is
// some.
func shiftedSums[T float](x []T, k float64) (s, q float64) {
	s, q, i := sumSqSIMD(x, k)
	var s1, q1 float64
	for ; i+2 <= len(x); i += 2 {
		v := x[i : i+2 : i+2]
		d0, d1 := float64(v[0])-k, float64(v[1])-k
		s += d0
		s1 += d1
		q += d0 * d0
		q1 += d1 * d1
	}
	if i < len(x) {
		d := float64(x[i]) - k
		s += d
		q += d * d
	}
	return s + s1, q + q1
}

// norm is the Euclidean norm of x.
func norm[T float](x []T) float64 {
	_, q := shiftedSums(x, 0)
	return math.Sqrt(q)
}

// weightStats sets the gradient and weight figures of s from a layer's
// weights and their gradient.
func weightStats[T float](s *LayerStats, w, gw []T) {
	s.GradNorm = norm(gw)
	s.GradRMS = s.GradNorm / math.Sqrt(float64(len(gw)))
	s.WeightNorm = norm(w)
}

// actStats sets the activation figures of s from a layer's net inputs z and
// activations a, N×C×S (S positions per channel: 1 after a dense layer).
func actStats[T float](s *LayerStats, act Activation, z, a []T, channels, spatial int) {
	s.ActMean, s.ActStd = meanStd(a)
	_, s.PreStd = meanStd(z)
	s.Dead, s.Saturated = 0, 0
	switch act {
	case ReLU:
		dead := 0
		block := channels * spatial
		for c := 0; c < channels; c++ {
			alive := false
			for r := c * spatial; r < len(z) && !alive; r += block {
				for _, v := range z[r : r+spatial] {
					if v > 0 {
						alive = true
						break
					}
				}
			}
			if !alive {
				dead++
			}
		}
		s.Dead = float64(dead) / float64(channels)
	case Sigmoid, Tanh:
		sat := 0
		for _, v := range a {
			if (act == Sigmoid && v*(1-v) < 0.025) || (act == Tanh && 1-v*v < 0.1) {
				sat++
			}
		}
		s.Saturated = float64(sat) / float64(max(len(a), 1))
	}
}
