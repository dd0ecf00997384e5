package nn

import (
	"fmt"
	"math"
	"strings"
)

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

func (a Activation) String() string {
	if int(a) < len(activationNames) {
		return activationNames[a]
	}
	return fmt.Sprintf("activation(%d)", a)
}

// ParseActivation reads an activation by its name (as String gives it).
func ParseActivation(s string) (Activation, error) {
	for i, n := range activationNames {
		if s == n {
			return Activation(i), nil
		}
	}
	return 0, fmt.Errorf("unknown activation %q (allowed: %s)", s, strings.Join(activationNames, ", "))
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

// apply writes act(z) into a, row by row (rows of width w).
func (act Activation) apply(a, z []float64, w int) {
	switch act {
	case Linear:
		copy(a, z)
	case Sigmoid:
		for i, v := range z {
			a[i] = sigmoid(v)
		}
	case Tanh:
		for i, v := range z {
			a[i] = math.Tanh(v)
		}
	case ReLU:
		for i, v := range z {
			if v > 0 {
				a[i] = v
			} else {
				a[i] = 0
			}
		}
	case LeakyReLU:
		for i, v := range z {
			if v > 0 {
				a[i] = v
			} else {
				a[i] = LeakySlope * v
			}
		}
	case Softmax:
		for r := 0; r+w <= len(z); r += w {
			softmaxRow(a[r:r+w], z[r:r+w])
		}
	}
}

// softmaxRow writes softmax(z) into p, shifted by max(z) for stability.
func softmaxRow(p, z []float64) {
	m := math.Inf(-1)
	for _, v := range z {
		if v > m {
			m = v
		}
	}
	s := 0.0
	for i, v := range z {
		e := math.Exp(v - m)
		p[i] = e
		s += e
	}
	for i := range p {
		p[i] /= s
	}
}

// backprop turns dL/da into dL/dz in place of dz, given z and a = act(z).
func (act Activation) backprop(dz, da, z, a []float64, w int) {
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
		for i, g := range da {
			if z[i] > 0 {
				dz[i] = g
			} else {
				dz[i] = 0
			}
		}
	case LeakyReLU:
		for i, g := range da {
			if z[i] > 0 {
				dz[i] = g
			} else {
				dz[i] = LeakySlope * g
			}
		}
	case Softmax:
		// dz_i = p_i·(da_i − Σ_j da_j·p_j), the Jacobian-vector product.
		for r := 0; r+w <= len(da); r += w {
			dot := 0.0
			for j := r; j < r+w; j++ {
				dot += da[j] * a[j]
			}
			for j := r; j < r+w; j++ {
				dz[j] = a[j] * (da[j] - dot)
			}
		}
	}
}
