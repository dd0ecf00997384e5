package nn

import "math"

// Activation is a layer's element-wise (or, for Softmax, row-wise) output
// function.
type Activation uint8

// The activations. LeakyReLU has slope 0.01 below zero. Softmax is allowed on
// the output layer only.
const (
	Linear Activation = iota
	Sigmoid
	Tanh
	ReLU
	LeakyReLU
	Softmax
)

// LeakySlope is LeakyReLU's slope for negative inputs (PyTorch's default).
const LeakySlope = 0.01

var activationNames = []string{"linear", "sigmoid", "tanh", "relu", "leaky_relu", "softmax"}

func (a Activation) String() string { return nameOf(activationNames, int(a), "activation") }

// ParseActivation reads an activation by its name (as String gives it).
func ParseActivation(s string) (Activation, error) {
	return parseName[Activation](activationNames, s, "activation")
}

// ActivationNames lists the names ParseActivation accepts.
func ActivationNames() []string { return append([]string(nil), activationNames...) }

// sigmoid is the logistic function, computed without overflow.
func sigmoid(z float64) float64 {
	if z >= 0 {
		return 1 / (1 + math.Exp(-z))
	}
	e := math.Exp(z)
	return e / (1 + e)
}

// positiveMask is all ones when v > 0 and zero otherwise (for −0 and NaN
// too). The ReLU loops select with it instead of branching: with signs as
// random as a layer's inputs, a branch is mispredicted half the time.
func positiveMask(v float64) uint64 {
	var m uint64
	// v > 0 exactly when its bits lie in [1, bits(+Inf)].
	if math.Float64bits(v)-1 < 0x7ff0000000000000 {
		m = ^uint64(0)
	}
	return m
}

// positiveMask32 is positiveMask for a float32.
func positiveMask32(v float32) uint32 {
	var m uint32
	if math.Float32bits(v)-1 < 0x7f800000 {
		m = ^uint32(0)
	}
	return m
}

// relu is max(v, 0), 0 for −0 and NaN, without a branch.
func relu[T float](v T) T {
	if is64[T]() {
		x := float64(v)
		return T(math.Float64frombits(math.Float64bits(x) & positiveMask(x)))
	}
	x := float32(v)
	return T(math.Float32frombits(math.Float32bits(x) & positiveMask32(x)))
}

// reluGrad is g where v > 0 and +0 elsewhere, without a branch.
func reluGrad[T float](g, v T) T {
	if is64[T]() {
		return T(math.Float64frombits(math.Float64bits(float64(g)) & positiveMask(float64(v))))
	}
	return T(math.Float32frombits(math.Float32bits(float32(g)) & positiveMask32(float32(v))))
}

// leakyFactor is LeakyReLU's derivative at v: 1 when v > 0, else LeakySlope,
// chosen without a branch.
func leakyFactor[T float](v T) T {
	if is64[T]() {
		return T(math.Float64frombits(math.Float64bits(LeakySlope) ^ (positiveMask(float64(v)) & (math.Float64bits(1) ^ math.Float64bits(LeakySlope)))))
	}
	return T(math.Float32frombits(math.Float32bits(LeakySlope) ^ (positiveMask32(float32(v)) & (math.Float32bits(1) ^ math.Float32bits(LeakySlope)))))
}

// activate writes act(z) into a, row by row (rows of width w). a may be z
// itself for a linear activation.
func activate[T float](act Activation, a, z []T, w int) {
	switch act {
	case Linear:
		copy(a, z)
	case Sigmoid:
		for i, v := range z {
			a[i] = T(sigmoid(float64(v)))
		}
	case Tanh:
		for i, v := range z {
			a[i] = T(math.Tanh(float64(v)))
		}
	case ReLU:
		a = a[:len(z)]
		for i := reluSIMD(a, z); i < len(z); i++ {
			a[i] = relu(z[i])
		}
	case LeakyReLU:
		a = a[:len(z)]
		for i, v := range z {
			a[i] = v * leakyFactor(v)
		}
	case Softmax:
		if w == 2 {
			softmax2(a, z)
			return
		}
		for r := 0; r+w <= len(z); r += w {
			softmaxRow(a[r:r+w], z[r:r+w])
		}
	}
}

// softmax2 is softmaxRow for rows of two, unrolled and without branches on
// the data (which way a row leans is a coin toss for a branch predictor):
// the larger logit's share is 1/(1+e) and the other's e/(1+e), with
// e = exp(−|z0−z1|), as softmaxRow computes them (ties go to z0, the first).
// With AVX2 most float64 rows go four at a time through softmax2Vec, whose
// exp agrees with math.Exp to an ulp or two. Rows with an infinite or NaN
// logit go to softmaxRow.
func softmax2[T float](a, z []T) {
	a = a[:len(z)]
	start, redo := softmax2SIMDOf(a, z)
	if redo {
		start = 0
	}
	const expBits = 0x7ff0000000000000
	for r := start; r+2 <= len(z); r += 2 {
		v := z[r : r+2 : r+2]
		z0, z1 := float64(v[0]), float64(v[1])
		if math.Float64bits(z0)&expBits == expBits || math.Float64bits(z1)&expBits == expBits {
			softmaxRow(a[r:r+2], v)
			continue
		}
		d := z1 - z0
		e := math.Exp(-math.Abs(d))
		inv := 1 / (1 + e)
		top, other := math.Float64bits(inv), math.Float64bits(e*inv)
		// swap is all ones when z1 > z0: then z1 takes the top share.
		swap := positiveMask(d)
		flip := (top ^ other) & swap
		a[r], a[r+1] = T(math.Float64frombits(top^flip)), T(math.Float64frombits(other^flip))
	}
}

// softmaxRow writes softmax(z) into p, shifted by max(z) for stability.
// The largest element's exponential is exp(0) = 1, so it is not computed.
func softmaxRow[T float](p, z []T) {
	m, top := math.Inf(-1), -1
	for i, v := range z {
		if float64(v) > m {
			m, top = float64(v), i
		}
	}
	if math.IsInf(m, 0) {
		top = -1 // exp(v−m) is NaN or 0 for the top element too
	}
	p = p[:len(z)]
	s := 0.0
	for i, v := range z {
		e := 1.0
		if i != top {
			e = math.Exp(float64(v) - m)
		}
		p[i] = T(e)
		s += e
	}
	inv := T(1 / s)
	for i := range p {
		p[i] *= inv
	}
}

// backprop turns dL/da into dL/dz in place of dz, given z and a = act(z).
// dz may be da itself.
func backprop[T float](act Activation, dz, da, z, a []T, w int) {
	switch act {
	case Linear:
		copy(dz, da)
	case Sigmoid:
		for i, g := range da {
			dz[i] = g * a[i] * (1 - a[i])
		}
	case Tanh:
		for i, g := range da {
			dz[i] = g * (1 - a[i]*a[i])
		}
	case ReLU:
		dz, z = dz[:len(da)], z[:len(da)]
		for i := reluBackSIMD(dz, da, z); i < len(da); i++ {
			dz[i] = reluGrad(da[i], z[i])
		}
	case LeakyReLU:
		dz, z = dz[:len(da)], z[:len(da)]
		for i, g := range da {
			dz[i] = g * leakyFactor(z[i])
		}
	case Softmax:
		// dz_i = p_i·(da_i − Σ_j da_j·p_j), the Jacobian-vector product.
		for r := 0; r+w <= len(da); r += w {
			var dot T
			for j := r; j < r+w; j++ {
				dot += da[j] * a[j]
			}
			for j := r; j < r+w; j++ {
				dz[j] = a[j] * (da[j] - dot)
			}
		}
	}
}
