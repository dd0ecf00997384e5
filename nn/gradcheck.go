package nn

import "math"

// GradCheck compares backprop's gradients of the objective (loss plus
// penalties, evaluation mode) on b with central finite differences
// (f(p+eps) − f(p−eps))/(2·eps) for every parameter, and returns one relative
// error per layer: ‖g_backprop − g_numeric‖/(‖g_backprop‖ + ‖g_numeric‖),
// over the layer's weights and biases together (0 when both are 0).
// The network's parameters are restored afterwards.
func GradCheck(n *Network, b *Batch, eps float64) []float64 {
	n.Forward(b, false)
	n.Backward(b)
	return compareGrads(n, b, eps)
}

// compareGrads compares the gradients held in the layers with finite
// differences of the objective.
func compareGrads(n *Network, b *Batch, eps float64) []float64 {
	errs := make([]float64, len(n.Layers))
	for i, l := range n.Layers {
		var diff, na, nb float64
		for _, pair := range [][2][]float64{{l.w, l.gw}, {l.B, l.GB}} {
			vals := pair[0]
			grads := append([]float64(nil), pair[1]...)
			for j := range vals {
				orig := vals[j]
				vals[j] = orig + eps
				fp := n.Objective(b)
				vals[j] = orig - eps
				fm := n.Objective(b)
				vals[j] = orig
				num := (fp - fm) / (2 * eps)
				d := grads[j] - num
				diff += d * d
				na += grads[j] * grads[j]
				nb += num * num
			}
		}
		if den := math.Sqrt(na) + math.Sqrt(nb); den > 0 {
			errs[i] = math.Sqrt(diff) / den
		}
	}
	return errs
}
