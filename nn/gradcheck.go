package nn

import "math"

// GradCheck compares backprop's gradients of the objective (loss plus
// penalties, evaluation mode) on b with central finite differences
// (f(p+eps) − f(p−eps))/(2·eps) for every parameter, and returns one
// relative error per layer with weights (the order of Stats):
// ‖g_backprop − g_numeric‖/(‖g_backprop‖ + ‖g_numeric‖), over the layer's
// learnable tensors together (0 when both are 0). The network's parameters
// are restored afterwards. It checks float64 networks; a float32 one gives
// nil.
func GradCheck(n *Network, b *Batch, eps float64) []float64 {
	e, ok := n.e.(*net[float64])
	if !ok {
		return nil
	}
	e.forward(b, false)
	e.backward(b)
	return compareGrads(e, b, eps, false)
}

// compareGrads compares the gradients held in the layers with finite
// differences of the objective, in evaluation mode or (for batch_norm's
// batch statistics; the network must have no dropout) in training mode,
// where the running statistics are not moved.
func compareGrads(n *net[float64], b *Batch, eps float64, train bool) []float64 {
	objective := func() float64 {
		ws, _ := n.forward(b, train)
		ob := ws.bufs[len(n.layers)-1]
		return lossAndGrad[float64](n.loss, b, ob.z, ob.a, nil, n.out.inf.Out.C, n.out.inf.Activation) + n.penalty()
	}
	errs := make([]float64, len(n.weighted))
	for k, i := range n.weighted {
		var diff, na, nb float64
		for _, t := range n.layers[i].tensors() {
			if t.grad == nil {
				continue
			}
			grads := append([]float64(nil), t.grad...)
			for j := range t.val {
				orig := t.val[j]
				t.val[j] = orig + eps
				fp := objective()
				t.val[j] = orig - eps
				fm := objective()
				t.val[j] = orig
				num := (fp - fm) / (2 * eps)
				d := grads[j] - num
				diff += d * d
				na += grads[j] * grads[j]
				nb += num * num
			}
		}
		if den := math.Sqrt(na) + math.Sqrt(nb); den > 0 {
			errs[k] = math.Sqrt(diff) / den
		}
	}
	return errs
}
