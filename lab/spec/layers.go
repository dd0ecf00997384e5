package spec

// Layer kinds: the keys each kind reads, the shape of one sample after
// every layer, and the checks that need them.

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"

	"github.com/nnlab/nnlab/lab/spec/strictyaml"
)

// Shape is the shape of one sample: C channels of H×W. A vector of n values
// is {n, 1, 1}. It is the twin of nn.Shape (this package imports no nn); a
// test in package lab checks that both compute the same shapes.
type Shape struct{ C, H, W int }

// Size is C·H·W.
func (s Shape) Size() int { return s.C * s.H * s.W }

func (s Shape) flat() bool { return s.H == 1 && s.W == 1 }

// String is "6×28×28" for an image, "120" for a vector.
func (s Shape) String() string {
	if s.flat() {
		return fmt.Sprint(s.C)
	}
	return fmt.Sprintf("%d×%d×%d", s.C, s.H, s.W)
}

// Image writes the shape as C×H×W even when H and W are 1 (an image that
// pooling shrank to one pixel).
func (s Shape) Image() string { return fmt.Sprintf("%d×%d×%d", s.C, s.H, s.W) }

// LayerShape is one layer of a model as the spec describes it.
type LayerShape struct {
	Kind string
	// Out is the shape of one sample after the layer.
	Out Shape
	// Image says whether Out is still an image (after conv2d and pools, and
	// layers that keep their input's shape) rather than a vector.
	Image bool
	// Params counts the layer's learnable values: weights and biases,
	// batch_norm's γ and β (not its running statistics).
	Params int
}

// layerKeys are the keys each layer kind reads, by kind.
var layerKeys = map[string][]string{
	"dense":      {"units", "activation", "residual", "dropout", "bias"},
	"conv2d":     {"filters", "kernel", "stride", "padding", "activation", "dropout", "bias"},
	"max_pool2d": {"kernel", "stride"},
	"avg_pool2d": {"kernel", "stride"},
	"flatten":    nil,
	"batch_norm": {"activation", "momentum", "eps"},
	"dropout":    {"rate"},
}

// LayerKeys lists the keys a layer of kind reads besides kind; nil for an
// unknown kind.
func LayerKeys(kind string) []string {
	if kind == "" {
		kind = "dense"
	}
	return slices.Clone(layerKeys[kind])
}

// KindOf is a layer's kind: dense when left out.
func KindOf(l LayerSpec) string {
	if l.Kind == "" {
		return "dense"
	}
	return l.Kind
}

// givenKeys lists the keys of l that are set (not at their zero value),
// besides kind, in the order of LayerSpec's fields.
func givenKeys(l LayerSpec) []string {
	var out []string
	v := reflect.ValueOf(l)
	for _, f := range structFields(v.Type()) {
		if f.name != "kind" && !v.Field(f.index).IsZero() {
			out = append(out, f.name)
		}
	}
	return out
}

// dropKeys clears the keys of l that kind does not read.
func dropKeys(l *LayerSpec, kind string) {
	v := reflect.ValueOf(l).Elem()
	for _, f := range structFields(v.Type()) {
		if f.name != "kind" && !slices.Contains(layerKeys[kind], f.name) {
			v.Field(f.index).SetZero()
		}
	}
}

// hasBias is whether a dense or conv2d layer has biases.
func hasBias(l LayerSpec) bool { return l.Bias == nil || *l.Bias }

// kernelOf is a layer's window, kh×kw (0×0 when not given).
func kernelOf(l LayerSpec) (int, int) {
	switch len(l.Kernel) {
	case 1:
		return l.Kernel[0], l.Kernel[0]
	case 2:
		return l.Kernel[0], l.Kernel[1]
	}
	return 0, 0
}

// strides is the vertical and horizontal step of a window layer.
func strides(l LayerSpec) (int, int) {
	if l.Stride > 0 {
		return l.Stride, l.Stride
	}
	if KindOf(l) == "conv2d" {
		return 1, 1
	}
	return kernelOf(l)
}

// onlyDense says whether every layer is dense.
func onlyDense(layers []LayerSpec) bool {
	for _, l := range layers {
		if KindOf(l) != "dense" {
			return false
		}
	}
	return true
}

// InputShape is the shape of one input sample as the first layer takes it:
// model.input when given; for fashion 1×28×28 when the first layer is not
// dense and the 784 pixels in a row when it is; otherwise a vector of
// InputWidth values. It is the zero Shape when it cannot be known (no data
// set, a function spec, a model.input of the wrong length).
func (s *Spec) InputShape() Shape {
	if s == nil || s.Function != nil {
		return Shape{}
	}
	switch in := s.Model.Input; len(in) {
	case 0:
	case 1:
		return Shape{in[0], 1, 1}
	case 3:
		return Shape{in[0], in[1], in[2]}
	default:
		return Shape{}
	}
	w := s.InputWidth()
	if w == 0 {
		return Shape{}
	}
	if s.Data.Set == "fashion" && len(s.Model.Layers) > 0 && KindOf(s.Model.Layers[0]) != "dense" {
		return Shape{1, fashionSide, fashionSide}
	}
	return Shape{w, 1, 1}
}

// walker computes the shape after every layer, one layer at a time, of a
// defaulted spec whose layers passed their own checks.
type walker struct {
	in, cur Shape
	image   bool // the input of the next layer is an image
	out     []LayerShape
}

func newWalker(in Shape) *walker { return &walker{in: in, cur: in, image: !in.flat()} }

// step takes layer i, or returns why it cannot take its input (with the
// shape after every layer before it in the message).
func (w *walker) step(i int, l LayerSpec) *SpecError {
	kind, cur := KindOf(l), w.cur
	curText := cur.String()
	if w.image {
		curText = cur.Image()
	}
	p := fmt.Sprintf("model.layers[%d]", i)
	bad := func(field, format string, args ...any) *SpecError {
		msg := fmt.Sprintf(format, args...)
		return &SpecError{Path: strings.TrimSuffix(p+"."+field, "."), Msg: msg + "; the shape after every layer:\n" + shapeList(w.in, w.out, kind)}
	}
	next := LayerShape{Kind: kind}
	switch kind {
	case "dense":
		if !cur.flat() {
			return bad("", "dense needs a flat input, got %s: add a flatten layer before it", curText)
		}
		if l.Residual && l.Units != cur.C {
			return &SpecError{Path: p + ".residual", Msg: fmt.Sprintf("needs the layer's input width (%d) to equal its units (%d)", cur.C, l.Units)}
		}
		next.Out = Shape{l.Units, 1, 1}
		next.Params = cur.C * l.Units
		if hasBias(l) {
			next.Params += l.Units
		}
		w.image = false
	case "conv2d", "max_pool2d", "avg_pool2d":
		if !w.image {
			hint := fmt.Sprintf("give model.input as [C, H, W] with C·H·W = %d", cur.C)
			if r := int(math.Sqrt(float64(cur.C))); r*r == cur.C && r > 1 {
				hint += fmt.Sprintf(", such as [1, %d, %d]", r, r)
			}
			if i > 0 {
				hint = "after a dense or flatten layer the input is no longer an image; put " + kind + " before them"
			}
			return bad("kind", "%s needs an image input (C×H×W), got the vector %v: %s", kind, cur, hint)
		}
		kh, kw := kernelOf(l)
		sh, sw := strides(l)
		h, wd := cur.H+2*l.Padding, cur.W+2*l.Padding
		if kh > h || kw > wd {
			pad := ""
			if l.Padding > 0 {
				pad = fmt.Sprintf(" (%d×%d with padding %d)", h, wd, l.Padding)
			}
			return bad("kernel", "%d×%d is larger than its input %s%s: the image has shrunk too far; use a smaller kernel, more padding, or fewer pools", kh, kw, curText, pad)
		}
		next.Out = Shape{cur.C, (h-kh)/sh + 1, (wd-kw)/sw + 1}
		if kind == "conv2d" {
			next.Out.C = l.Filters
			next.Params = l.Filters * cur.C * kh * kw
			if hasBias(l) {
				next.Params += l.Filters
			}
		}
	case "flatten":
		next.Out = Shape{cur.Size(), 1, 1}
		w.image = false
	case "batch_norm":
		next.Out = cur
		next.Params = 2 * cur.C
	case "dropout":
		next.Out = cur
	}
	next.Image = w.image
	if n := next.Out.Size(); n > MaxLayerValues {
		return &SpecError{Path: p, Msg: fmt.Sprintf("its output %v has %d values per sample, over the limit of %d", next.Out, n, MaxLayerValues)}
	}
	w.out = append(w.out, next)
	w.cur = next.Out
	return nil
}

// params is the model's count of learnable values so far.
func (w *walker) params() int {
	n := 0
	for _, l := range w.out {
		n += l.Params
	}
	return n
}

// shapeList writes the input and the shape after every layer in out, one
// per line, and a last line for the layer (of kind bad) that failed.
func shapeList(in Shape, out []LayerShape, bad string) string {
	width := len("input")
	for i, l := range out {
		width = max(width, len(fmt.Sprintf("[%d] %s", i, l.Kind)))
	}
	width = max(width, len(fmt.Sprintf("[%d] %s", len(out), bad)))
	var b strings.Builder
	fmt.Fprintf(&b, "    %-*s  %s", width, "input", shapeText(in, !in.flat()))
	for i, l := range out {
		fmt.Fprintf(&b, "\n    %-*s  %s", width, fmt.Sprintf("[%d] %s", i, l.Kind), shapeText(l.Out, l.Image))
	}
	fmt.Fprintf(&b, "\n    %-*s  ✗", width, fmt.Sprintf("[%d] %s", len(out), bad))
	return b.String()
}

// shapeText is s as an image (C×H×W) or as a vector.
func shapeText(s Shape, image bool) string {
	if image {
		return s.Image()
	}
	return s.String()
}

// Shapes is the input shape and, for every layer, its kind, output shape
// and parameter count, for s as Defaults would complete it. The error is
// Validate's first problem with the model when there is one; for layers
// that do not fit together it names the first such layer and lists the
// shape after every layer before it.
func (s *Spec) Shapes() (Shape, []LayerShape, error) {
	if s == nil || s.Function != nil {
		return Shape{}, nil, &SpecError{Path: "model", Msg: "the spec has no network (it is a function spec)"}
	}
	d := s.Clone()
	d.Defaults()
	v := &validator{r: strictyaml.Reader{Max: maxProblems}}
	if v.input(d); v.layers(d, nil) || len(v.r.Problems) > 0 {
		return Shape{}, nil, v.first()
	}
	in := d.InputShape()
	if in.Size() == 0 {
		return Shape{}, nil, &SpecError{Path: "data", Msg: "the input shape is not known: give data.set (and for inline data its rows)"}
	}
	w := newWalker(in)
	for i, l := range d.Model.Layers {
		if err := w.step(i, l); err != nil {
			return Shape{}, nil, err
		}
	}
	return in, w.out, nil
}

// effectiveActivation is layer i's activation with the defaults Defaults
// gives.
func effectiveActivation(layers []LayerSpec, i int, loss string) string {
	l := layers[i]
	switch {
	case l.Activation != "" || !slices.Contains(layerKeys[KindOf(l)], "activation"):
		return l.Activation
	case i == len(layers)-1:
		return defaultOutputActivation(loss)
	case KindOf(l) == "dense":
		return defaultHiddenActivation
	case KindOf(l) == "conv2d" || KindOf(l) == "batch_norm":
		return "linear"
	}
	return ""
}

// nonlinearity is the index of the layer whose activation is hidden dense
// or conv2d layer i's nonlinearity: i itself, or the batch_norm right after
// it when layer i is linear (conv2d, batch_norm, relu).
func nonlinearity(layers []LayerSpec, i int, loss string) int {
	if i+1 < len(layers)-1 && KindOf(layers[i+1]) == "batch_norm" && effectiveActivation(layers, i, loss) == "linear" {
		return i + 1
	}
	return i
}

// hiddenWeighted lists the hidden dense and conv2d layers.
func hiddenWeighted(layers []LayerSpec) []int {
	var out []int
	for i := 0; i < len(layers)-1; i++ {
		if k := KindOf(layers[i]); k == "dense" || k == "conv2d" {
			out = append(out, i)
		}
	}
	return out
}

// validator.layers checks every layer (its kind, the keys it reads, their
// ranges and its place in the model) and, with w, how the layers fit
// together, in file order. It reports whether it found a problem.
func (v *validator) layers(d *Spec, w *walker) bool {
	layers := d.Model.Layers
	n0 := len(v.r.Problems)
	for i, l := range layers {
		n := len(v.r.Problems)
		v.layer(fmt.Sprintf("model.layers[%d]", i), l, i, len(layers))
		switch {
		case len(v.r.Problems) > n:
			w = nil // its shape cannot be known, nor those after it
		case w != nil:
			if err := w.step(i, l); err != nil {
				v.add(err.Path, "%s", err.Msg)
				w = nil
			}
		}
	}
	if w != nil && w.params() > MaxParams {
		v.add("model.layers", "the model has %d weights and biases, over the limit of %d", w.params(), MaxParams)
	}
	return len(v.r.Problems) > n0
}

// layer checks layer i of L.
func (v *validator) layer(p string, l LayerSpec, i, L int) {
	last := i == L-1
	if l.Kind != "" && !v.choice(p+".kind", "model.layers[].kind", l.Kind, false) {
		return
	}
	kind := KindOf(l)
	keys := layerKeys[kind]
	for _, k := range givenKeys(l) {
		if !slices.Contains(keys, k) {
			takes := "no keys but kind"
			if len(keys) > 0 {
				takes = strings.Join(keys, ", ")
			}
			v.add(p+"."+k, "not used by a %s layer (it takes: %s)", kind, takes)
		}
	}
	switch {
	case last && kind != "dense":
		v.add(p+".kind", "the last layer is the output layer and must be dense, got %s", kind)
	case kind == "batch_norm" && i == 0:
		v.add(p+".kind", "batch_norm cannot be the first layer: it normalises the output of a dense or conv2d layer before it")
	}
	switch kind {
	case "dense":
		v.rangeInt(p+".units", l.Units, 1, MaxUnits)
	case "conv2d":
		v.rangeInt(p+".filters", l.Filters, 1, MaxUnits)
	}
	if kind == "conv2d" || kind == "max_pool2d" || kind == "avg_pool2d" {
		switch {
		case len(l.Kernel) == 0:
			v.add(p+".kernel", "required for %s: one number (5 for 5×5) or two ([5, 3] for 5 rows × 3 columns)", kind)
		case len(l.Kernel) > 2:
			v.add(p+".kernel", "has %d values, want 1 (5 for 5×5) or 2 ([5, 3] for 5 rows × 3 columns)", len(l.Kernel))
		default:
			for j, k := range l.Kernel {
				v.rangeInt(fmt.Sprintf("%s.kernel[%d]", p, j), k, 1, MaxKernel)
			}
		}
		if l.Stride != 0 {
			v.rangeInt(p+".stride", l.Stride, 1, MaxKernel)
		}
	}
	if kind == "conv2d" && l.Padding != 0 {
		v.rangeInt(p+".padding", l.Padding, 0, MaxKernel)
	}
	if l.Activation != "" && slices.Contains(keys, "activation") && v.choice(p+".activation", "model.layers[].activation", l.Activation, false) &&
		l.Activation == "softmax" && !last {
		v.add(p+".activation", "softmax is only allowed on the output layer")
	}
	if l.Residual && kind == "dense" && last {
		v.add(p+".residual", "only allowed on hidden layers (the last layer is the output layer)")
	}
	if l.Dropout != 0 && slices.Contains(keys, "dropout") {
		if last {
			v.add(p+".dropout", "only allowed on hidden layers (the last layer is the output layer)")
		} else {
			v.unit(p+".dropout", l.Dropout)
		}
	}
	if l.Rate != nil && kind == "dropout" {
		v.unit(p+".rate", *l.Rate)
	}
	if kind == "batch_norm" {
		v.upToOne(p+".momentum", l.Momentum)
		v.upToOne(p+".eps", l.Eps)
	}
}

// input checks model.input against the data, and reports whether the input
// shape can be used.
func (v *validator) input(d *Spec) bool {
	in := d.Model.Input
	if len(in) == 0 {
		return true
	}
	if len(in) != 1 && len(in) != 3 {
		v.add("model.input", "has %d values, want 1 ([n] for n values) or 3 ([C, H, W] for C channels of H×W)", len(in))
		return false
	}
	size := 1
	for j, x := range in {
		if !v.rangeInt(fmt.Sprintf("model.input[%d]", j), x, 1, MaxInputWidth) {
			return false
		}
		size *= x
	}
	if w := d.InputWidth(); w > 0 && size != w {
		v.add("model.input", "%v holds %d values per sample, but the %s data have %d", d.InputShape(), size, d.Data.Set, w)
		return false
	}
	return true
}

// upToOne checks 0 < x ≤ 1 for a value that is given (0 means the default).
func (v *validator) upToOne(path string, x float64) {
	if x != 0 && v.finite(path, x) && (x < 0 || x > 1) {
		v.add(path, "must be above 0 and at most 1, got %s", num(x))
	}
}

// first is the first problem found, or nil.
func (v *validator) first() error {
	if len(v.r.Problems) == 0 {
		return nil
	}
	pr := v.r.Problems[0]
	return &SpecError{Line: pr.Line, Path: pr.Path, Msg: pr.Msg}
}
