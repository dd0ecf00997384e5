package data

// PointRow writes the full input row of the 2-D point (x, y) into dst: the
// raw inputs followed by the set's derived features. For one-input sets
// (regression) only x is used. dst must hold Inputs values. It lets a caller
// evaluate the model anywhere on the plane, for a decision boundary.
func (s *Set) PointRow(dst []float64, x, y float64) []float64 {
	dst = dst[:s.Inputs]
	dst[0] = x
	if s.Raw > 1 {
		dst[1] = y
	}
	for j, f := range s.feats {
		dst[s.Raw+j] = f.value(x, y)
	}
	return dst
}
