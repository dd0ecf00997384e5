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

func meanStd(x []float64) (mean, std float64) {
	if len(x) == 0 {
		return 0, 0
	}
	for _, v := range x {
		mean += v
	}
	mean /= float64(len(x))
	for _, v := range x {
		d := v - mean
		std += d * d
	}
	return mean, math.Sqrt(std / float64(len(x)))
}

func norm(x []float64) float64 {
	s := 0.0
	for _, v := range x {
		s += v * v
	}
	return math.Sqrt(s)
}

func (n *Network) fillStats(ws *workspace, rows int) {
	for i, l := range n.Layers {
		s := &n.Stats[i]
		size := rows * l.Out
		a, z := ws.a[i][:size], ws.z[i][:size]
		s.GradNorm = norm(l.gw)
		s.GradRMS = s.GradNorm / math.Sqrt(float64(len(l.gw)))
		s.WeightNorm = norm(l.w)
		s.ActMean, s.ActStd = meanStd(a)
		_, s.PreStd = meanStd(z)
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
