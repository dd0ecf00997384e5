package nn

import (
	"errors"
	"fmt"
)

// Shape is the shape of one sample: C channels of H×W. A vector of n
// features is {n, 1, 1}.
type Shape struct{ C, H, W int }

// Size is C·H·W.
func (s Shape) Size() int { return s.C * s.H * s.W }

// flat reports whether the shape is a vector (H = W = 1).
func (s Shape) flat() bool { return s.H == 1 && s.W == 1 }

// String is "6×28×28" for an image, "120" for a vector.
func (s Shape) String() string {
	if s.flat() {
		return fmt.Sprint(s.C)
	}
	return fmt.Sprintf("%d×%d×%d", s.C, s.H, s.W)
}

// Kind is a layer kind.
type Kind uint8

// The layer kinds, with PyTorch's semantics (nn.Linear, nn.Conv2d,
// nn.MaxPool2d, nn.AvgPool2d, nn.Flatten, nn.BatchNorm1d/2d, nn.Dropout).
const (
	Dense Kind = iota
	Conv2D
	MaxPool2D
	AvgPool2D
	Flatten
	BatchNorm
	Dropout
)

var kindNames = []string{"dense", "conv2d", "max_pool2d", "avg_pool2d", "flatten", "batch_norm", "dropout"}

func (k Kind) String() string { return nameOf(kindNames, int(k), "kind") }

// ParseKind reads a layer kind by its name (as String gives it).
func ParseKind(s string) (Kind, error) { return parseName[Kind](kindNames, s, "layer kind") }

// KindNames lists the names ParseKind accepts.
func KindNames() []string { return append([]string(nil), kindNames...) }

// LayerConfig describes one layer. Each kind reads only its own fields.
type LayerConfig struct {
	Kind Kind
	// Units is a Dense layer's width.
	Units int
	// Activation follows a Dense or Conv2D layer's product, and a
	// BatchNorm layer's normalisation (default Linear).
	Activation Activation
	// Residual makes a Dense layer compute y = x + f(x); Units must equal
	// its input width.
	Residual bool
	// Dropout is, for Dense and Conv2D layers, the share of activations
	// zeroed in training (inverted dropout: survivors are scaled by
	// 1/(1−p)); for the Dropout kind, its rate.
	Dropout float64
	// Filters is a Conv2D layer's count of output channels.
	Filters int
	// KernelH×KernelW is the window of Conv2D and pooling layers.
	KernelH, KernelW int
	// Stride is the step of the window: 0 means 1 for Conv2D and the
	// kernel for pools.
	Stride int
	// Padding is the zeros a Conv2D layer adds on every side.
	Padding int
	// NoBias leaves a Dense or Conv2D layer without biases (PyTorch's
	// bias=False, usual before batch_norm).
	NoBias bool
	// Momentum and Eps are BatchNorm's (0 means PyTorch's 0.1 and 1e-5).
	Momentum, Eps float64
}

// Config describes a network: its input, its layers (the last is a Dense
// output layer) and its loss.
type Config struct {
	// Inputs is the width of a flat input.
	Inputs int
	// Input, when C·H·W > 0, wins over Inputs: images are {1, 28, 28}.
	Input  Shape
	Layers []LayerConfig
	Loss   Loss
	// L1 and L2 add l1·Σ|w| and l2/2·Σw² over the weights of dense and
	// conv2d layers (not biases, not batch_norm's γ) to the objective.
	L1, L2    float64
	Precision Precision
	// Threads is how many goroutines share the network's large products
	// and convolutions: New starts Threads−1 workers, which Close stops
	// (0 and 1: the caller's goroutine alone, nothing to close). Results
	// are the same bits whatever the count.
	Threads int
}

// MaxThreads bounds Config.Threads.
const MaxThreads = 256

// ShapeError is a layer whose input it cannot take, or whose output would
// be empty. Shapes holds the output shape of every layer up to and
// including the bad one (its entry is the zero Shape when it has none).
type ShapeError struct {
	Layer  int
	Msg    string
	Shapes []Shape
}

func (e *ShapeError) Error() string { return fmt.Sprintf("layers[%d]: %s", e.Layer, e.Msg) }

// input is the shape of one input sample.
func (c Config) input() Shape {
	if c.Input.Size() > 0 {
		return c.Input
	}
	return Shape{c.Inputs, 1, 1}
}

// normalized is the layer with its defaults filled in.
func (l LayerConfig) normalized() LayerConfig {
	switch l.Kind {
	case Conv2D:
		if l.Stride == 0 {
			l.Stride = 1
		}
	case MaxPool2D, AvgPool2D:
		if l.Stride == 0 && l.KernelH == l.KernelW {
			l.Stride = l.KernelH // a rectangular window keeps 0: its own size each way
		}
	case BatchNorm:
		if l.Momentum == 0 {
			l.Momentum = 0.1
		}
		if l.Eps == 0 {
			l.Eps = 1e-5
		}
	}
	return l
}

// strides is the vertical and horizontal step of a window layer.
func (l LayerConfig) strides() (int, int) {
	if (l.Kind == MaxPool2D || l.Kind == AvgPool2D) && l.Stride == 0 {
		return l.KernelH, l.KernelW
	}
	return l.Stride, l.Stride
}

// Shapes is the output shape of every layer of c, computed without
// allocating a network. A layer that cannot take its input gives a
// *ShapeError; other mistakes in c give a plain error naming the field.
func Shapes(c Config) ([]Shape, error) {
	in := c.input()
	switch {
	case c.Input.Size() == 0 && (c.Input.C < 0 || c.Input.H < 0 || c.Input.W < 0):
		return nil, fmt.Errorf("input: %v is not a shape", c.Input)
	case in.C < 1:
		return nil, fmt.Errorf("inputs: must be at least 1, got %d", c.Inputs)
	case len(c.Layers) == 0:
		return nil, errors.New("layers: need at least one layer")
	}
	shapes := make([]Shape, 0, len(c.Layers))
	image := !in.flat()
	last := len(c.Layers) - 1
	for i, lc := range c.Layers {
		lc = lc.normalized()
		bad := func(format string, args ...any) ([]Shape, error) {
			return nil, &ShapeError{Layer: i, Msg: fmt.Sprintf(format, args...), Shapes: append(shapes, Shape{})}
		}
		if err := lc.check(i, last); err != nil {
			return nil, err
		}
		var out Shape
		switch lc.Kind {
		case Dense:
			if !in.flat() {
				return bad("a dense layer needs a flat input, got %v: add a flatten layer before it", in)
			}
			if lc.Residual && lc.Units != in.C {
				return nil, fmt.Errorf("layers[%d].residual: needs units (%d) equal to the layer's input width (%d)", i, lc.Units, in.C)
			}
			out, image = Shape{lc.Units, 1, 1}, false
		case Conv2D, MaxPool2D, AvgPool2D:
			if !image {
				return bad("%s needs an image input (C×H×W), got the vector %v", lc.Kind, in)
			}
			sh, sw := lc.strides()
			h, w := in.H+2*lc.Padding, in.W+2*lc.Padding
			if lc.KernelH > h || lc.KernelW > w {
				return bad("kernel %d×%d is larger than its input %d×%d (with padding)", lc.KernelH, lc.KernelW, h, w)
			}
			out = Shape{in.C, (h-lc.KernelH)/sh + 1, (w-lc.KernelW)/sw + 1}
			if lc.Kind == Conv2D {
				out.C = lc.Filters
			}
		case Flatten:
			out, image = Shape{in.Size(), 1, 1}, false
		case BatchNorm, Dropout:
			out = in
		}
		shapes = append(shapes, out)
		in = out
	}
	return shapes, nil
}

// check is what can be wrong with layer i alone, whatever its input.
func (l LayerConfig) check(i, last int) error {
	field := func(name, format string, args ...any) error {
		return fmt.Errorf("layers[%d].%s: %s", i, name, fmt.Sprintf(format, args...))
	}
	k := l.Kind
	switch {
	case k > Dropout:
		return field("kind", "unknown layer kind %d", k)
	case i == last && k != Dense:
		return field("kind", "the last layer must be dense (it is the output layer), got %s", k)
	case l.Activation > Softmax:
		return field("activation", "unknown activation %d", l.Activation)
	case l.Activation != Linear && k != Dense && k != Conv2D && k != BatchNorm:
		return field("activation", "%s takes no activation", k)
	case l.Activation == Softmax && i != last:
		return field("activation", "softmax is only allowed on the output layer")
	case !(l.Dropout >= 0 && l.Dropout < 1):
		return field("dropout", "must be in [0, 1), got %g", l.Dropout)
	case l.Dropout > 0 && k != Dense && k != Conv2D && k != Dropout:
		return field("dropout", "%s takes no dropout", k)
	case i == last && (l.Residual || l.Dropout > 0):
		return fmt.Errorf("layers[%d]: residual and dropout are for hidden layers, not the output layer", i)
	case l.Residual && k != Dense:
		return field("residual", "only dense layers can be residual")
	case l.NoBias && k != Dense && k != Conv2D:
		return field("bias", "only dense and conv2d layers have a bias to leave out")
	case k == Dense && l.Units < 1:
		return field("units", "must be at least 1, got %d", l.Units)
	case k == Conv2D && l.Filters < 1:
		return field("filters", "must be at least 1, got %d", l.Filters)
	case (k == Conv2D || k == MaxPool2D || k == AvgPool2D) && (l.KernelH < 1 || l.KernelW < 1):
		return field("kernel", "must be at least 1×1, got %d×%d", l.KernelH, l.KernelW)
	case (k == Conv2D || k == MaxPool2D || k == AvgPool2D) && l.Stride < 0:
		return field("stride", "must be at least 1, got %d", l.Stride)
	case k == Conv2D && l.Padding < 0:
		return field("padding", "must be at least 0, got %d", l.Padding)
	case k != Conv2D && l.Padding != 0:
		return field("padding", "only conv2d layers take padding")
	case k == BatchNorm && (i == 0 || i == last):
		return field("kind", "batch_norm cannot be the first or the last layer")
	case k == BatchNorm && !(l.Momentum > 0 && l.Momentum <= 1):
		return field("momentum", "must be in (0, 1], got %g", l.Momentum)
	case k == BatchNorm && !(l.Eps > 0 && l.Eps <= 1):
		return field("eps", "must be in (0, 1], got %g", l.Eps)
	}
	return nil
}

// checkLoss checks the loss against the output layer.
func checkLoss(c Config, outUnits int) error {
	out := c.Layers[len(c.Layers)-1]
	switch {
	case c.Loss > HalfSSE:
		return fmt.Errorf("loss: unknown loss %d", c.Loss)
	case c.Loss == CrossEntropy && out.Activation != Softmax && out.Activation != Linear:
		return fmt.Errorf("loss: cross_entropy needs a softmax or linear output layer, got %s", out.Activation)
	case c.Loss == CrossEntropy && outUnits < 2:
		return errors.New("loss: cross_entropy needs at least 2 output units")
	case c.Loss == BCE && out.Activation != Sigmoid:
		return fmt.Errorf("loss: bce needs a sigmoid output layer, got %s", out.Activation)
	case c.Loss == Hinge && outUnits < 2:
		return errors.New("loss: hinge needs at least 2 output units")
	case !(c.L1 >= 0 && c.L2 >= 0):
		return errors.New("l1, l2: must be at least 0")
	case c.Precision > Float32:
		return fmt.Errorf("precision: unknown precision %d", c.Precision)
	}
	return nil
}
