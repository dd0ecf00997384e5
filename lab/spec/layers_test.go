package spec

import (
	"reflect"
	"strings"
	"testing"
)

const lenetLayers = `
    - {kind: conv2d, filters: 6, kernel: 5, padding: 2, activation: relu}
    - {kind: max_pool2d, kernel: 2}
    - {kind: conv2d, filters: 16, kernel: 5, activation: relu}
    - {kind: max_pool2d, kernel: 2}
    - {kind: flatten}
    - {units: 120, activation: relu}
    - {units: 84, activation: relu}
    - {units: 10}
`

const lenetSpec = "data: {set: fashion}\nmodel:\n  layers:" + lenetLayers

// inline4 is one inline sample of 4 values with 2 classes.
const inline4 = "data: {set: inline, inputs: [[1, 2, 3, 4]], targets: [[0]]}\nloss: cross_entropy\n"

func TestLayerKindsGood(t *testing.T) {
	for name, text := range map[string]string{
		"lenet":             lenetSpec,
		"input square":      inline4 + "model:\n  input: [1, 2, 2]\n  layers: [{kind: conv2d, filters: 3, kernel: 2}, {kind: flatten}, {units: 2}]\n",
		"input vector":      inline4 + "model: {input: 4, layers: [{units: 2}]}\n",
		"rectangle":         inline4 + "model: {input: [1, 1, 4], layers: [{kind: conv2d, filters: 2, kernel: [1, 3], stride: 1}, {kind: avg_pool2d, kernel: [1, 2]}, {kind: flatten}, {units: 2}]}\n",
		"bn dense":          "data: {set: circle}\nmodel: {layers: [{units: 8, activation: linear, bias: false}, {kind: batch_norm, activation: relu, momentum: 0.2, eps: 0.001}, {units: 2}]}\n",
		"bn conv dropout":   "data: {set: fashion}\nmodel: {layers: [{kind: conv2d, filters: 4, kernel: 3, bias: false}, {kind: batch_norm, activation: relu}, {kind: dropout, rate: 0}, {kind: max_pool2d, kernel: 2, stride: 2}, {kind: flatten}, {kind: dropout}, {units: 10}]}\n",
		"conv dropout":      "data: {set: fashion}\nmodel: {layers: [{kind: conv2d, filters: 2, kernel: 28, dropout: 0.3}, {kind: flatten}, {units: 10}]}\n",
		"explicit dense":    "data: {set: circle}\nmodel: {layers: [{kind: dense, units: 2}]}\n",
		"flatten on flat":   "data: {set: circle}\nmodel: {layers: [{kind: flatten}, {units: 2}]}\n",
		"pooled to 1 pixel": "data: {set: fashion}\nmodel: {layers: [{kind: max_pool2d, kernel: 28}, {kind: flatten}, {units: 10}]}\n",
	} {
		if got := problemsOf(t, text); got != nil {
			t.Errorf("%s: want no problems, got\n%s", name, strings.Join(got, "\n"))
		}
	}
}

func TestLayerKindsProblems(t *testing.T) {
	cases := []struct {
		name, text string
		want       []string
	}{
		{"dense on image", "data: {set: fashion}\nmodel:\n  layers:" + strings.Replace(lenetLayers, "    - {kind: flatten}\n", "", 1),
			[]string{"model.layers[4]: dense needs a flat input, got 16×5×5: add a flatten layer before it; the shape after every layer:\n" +
				"    input           1×28×28\n" +
				"    [0] conv2d      6×28×28\n" +
				"    [1] max_pool2d  6×14×14\n" +
				"    [2] conv2d      16×10×10\n" +
				"    [3] max_pool2d  16×5×5\n" +
				"    [4] dense       ✗"}},
		{"shrinks to nothing", "data: {set: fashion}\nmodel: {layers: [{kind: conv2d, filters: 2, kernel: 5}, {kind: max_pool2d, kernel: 8}, {kind: max_pool2d, kernel: 4}, {kind: flatten}, {units: 10}]}\n",
			[]string{"model.layers[2].kernel: 4×4 is larger than its input 2×3×3: the image has shrunk too far; use a smaller kernel, more padding, or fewer pools; the shape after every layer:\n" +
				"    input           1×28×28\n" +
				"    [0] conv2d      2×24×24\n" +
				"    [1] max_pool2d  2×3×3\n" +
				"    [2] max_pool2d  ✗"}},
		{"kernel with padding", inline4 + "model: {input: [1, 2, 2], layers: [{kind: conv2d, filters: 1, kernel: 5, padding: 1}, {kind: flatten}, {units: 2}]}\n",
			[]string{"model.layers[0].kernel: 5×5 is larger than its input 1×2×2 (4×4 with padding 1): the image has shrunk too far; use a smaller kernel, more padding, or fewer pools; the shape after every layer:\n" +
				"    input       1×2×2\n" +
				"    [0] conv2d  ✗"}},
		{"conv on vector", inline4 + "model: {layers: [{kind: conv2d, filters: 1, kernel: 1}, {units: 2}]}\n",
			[]string{"model.layers[0].kind: conv2d needs an image input (C×H×W), got the vector 4: give model.input as [C, H, W] with C·H·W = 4, such as [1, 2, 2]; the shape after every layer:\n" +
				"    input       4\n" +
				"    [0] conv2d  ✗"}},
		{"pool after flatten", "data: {set: fashion}\nmodel: {layers: [{kind: flatten}, {kind: avg_pool2d, kernel: 2}, {units: 10}]}\n",
			[]string{"model.layers[1].kind: avg_pool2d needs an image input (C×H×W), got the vector 784: after a dense or flatten layer the input is no longer an image; put avg_pool2d before them; the shape after every layer:\n" +
				"    input           1×28×28\n" +
				"    [0] flatten     784\n" +
				"    [1] avg_pool2d  ✗"}},
		{"batch_norm first", "data: {set: circle}\nmodel: {layers: [{kind: batch_norm}, {units: 2}]}\n",
			[]string{"model.layers[0].kind: batch_norm cannot be the first layer: it normalises the output of a dense or conv2d layer before it"}},
		{"batch_norm last", "data: {set: circle}\nmodel: {layers: [{units: 2}, {kind: batch_norm}]}\n",
			[]string{"model.layers[1].kind: the last layer is the output layer and must be dense, got batch_norm"}},
		{"keys of another kind", "data: {set: fashion}\nmodel: {layers: [{kind: conv2d, units: 3, filters: 2, kernel: 3}, {kind: max_pool2d, kernel: 2, filters: 2, padding: 1}, {kind: batch_norm, rate: 0.5}, {kind: flatten, activation: relu}, {units: 10, momentum: 0.1}]}\n",
			[]string{
				"model.layers[0].units: not used by a conv2d layer (it takes: filters, kernel, stride, padding, activation, dropout, bias)",
				"model.layers[1].filters: not used by a max_pool2d layer (it takes: kernel, stride)",
				"model.layers[1].padding: not used by a max_pool2d layer (it takes: kernel, stride)",
				"model.layers[2].rate: not used by a batch_norm layer (it takes: activation, momentum, eps)",
				"model.layers[3].activation: not used by a flatten layer (it takes: no keys but kind)",
				"model.layers[4].momentum: not used by a dense layer (it takes: units, activation, residual, dropout, bias)"}},
		{"kernel", "data: {set: fashion}\nmodel: {layers: [{kind: conv2d, filters: 2}, {kind: max_pool2d, kernel: [2, 2, 2]}, {kind: avg_pool2d, kernel: [0, 65], stride: -1}, {kind: conv2d, filters: 1, kernel: 1, padding: -1}, {kind: flatten}, {units: 10}]}\n",
			[]string{
				"model.layers[0].kernel: required for conv2d: one number (5 for 5×5) or two ([5, 3] for 5 rows × 3 columns)",
				"model.layers[1].kernel: has 3 values, want 1 (5 for 5×5) or 2 ([5, 3] for 5 rows × 3 columns)",
				"model.layers[2].kernel[0]: must be at least 1, got 0",
				"model.layers[2].kernel[1]: must be at most 64 (a limit of nnlab), got 65",
				"model.layers[2].stride: must be at least 1, got -1",
				"model.layers[3].padding: must be at least 0, got -1"}},
		{"filters", "data: {set: fashion}\nmodel: {layers: [{kind: conv2d, kernel: 3}, {kind: flatten}, {units: 10}]}\n",
			[]string{"model.layers[0].filters: must be at least 1, got 0"}},
		{"unknown kind", "data: {set: circle}\nmodel: {layers: [{kind: lstm}, {units: 2}]}\n",
			[]string{`model.layers[0].kind: unknown "lstm" (allowed: dense, conv2d, max_pool2d, avg_pool2d, flatten, batch_norm, dropout)`}},
		{"rates", "data: {set: circle}\nmodel: {layers: [{units: 4, activation: linear}, {kind: batch_norm, momentum: 2, eps: -1}, {kind: dropout, rate: 1}, {units: 2}]}\n",
			[]string{
				"model.layers[1].momentum: must be above 0 and at most 1, got 2",
				"model.layers[1].eps: must be above 0 and at most 1, got -1",
				"model.layers[2].rate: must be from 0 to below 1, got 1"}},
		{"input length", inline4 + "model: {input: [2, 2], layers: [{units: 2}]}\n",
			[]string{"model.input: has 2 values, want 1 ([n] for n values) or 3 ([C, H, W] for C channels of H×W)"}},
		{"input size", inline4 + "model: {input: [1, 3, 3], layers: [{units: 2}]}\n",
			[]string{"model.input: 1×3×3 holds 9 values per sample, but the inline data have 4"}},
		{"input zero", inline4 + "model: {input: [0, 2, 2], layers: [{units: 2}]}\n",
			[]string{"model.input[0]: must be at least 1, got 0"}},
		{"weights for a conv model", inline4 + "model: {input: [1, 2, 2], layers: [{kind: conv2d, filters: 1, kernel: 1}, {kind: flatten}, {units: 2}], weights: [{w: [[1]]}]}\n",
			[]string{"model.weights: explicit weights are for models of dense layers only; model.layers[0] is conv2d (use model.init)"}},
		{"weights without bias", inline4 + "model: {layers: [{units: 2, bias: false}], weights: [{w: [[1, 1, 1, 1], [1, 1, 1, 1]], b: [0, 0]}]}\n",
			[]string{"model.weights[0].b: the layer has no biases (bias: false); leave b out"}},
		{"too large a layer", "data: {set: fashion}\nmodel: {layers: [{kind: conv2d, filters: 4096, kernel: 1}, {kind: flatten}, {units: 10}]}\n",
			[]string{"model.layers[0]: its output 4096×28×28 has 3211264 values per sample, over the limit of 1048576"}},
		{"conv params", "data: {set: fashion}\nmodel: {layers: [{kind: conv2d, filters: 64, kernel: 3, padding: 1}, {kind: flatten}, {units: 100}, {units: 10}]}\n",
			[]string{"model.layers: the model has 5019350 weights and biases, over the limit of 5000000"}},
	}
	for _, c := range cases {
		got := problemsOf(t, c.text)
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s:\ngot\n%s\nwant\n%s", c.name, strings.Join(got, "\n"), strings.Join(c.want, "\n"))
		}
	}
}

func TestLayerKindsLines(t *testing.T) {
	_, err := Load([]byte("data: {set: fashion}\nmodel:\n  layers:\n    - kind: conv2d\n      filters: 2\n      kernel: 29\n    - {kind: flatten}\n    - {units: 10}\n"), "c.yaml")
	if err == nil || !strings.HasPrefix(err.Error(), "c.yaml:6: model.layers[0].kernel: 29×29 is larger than its input 1×28×28") {
		t.Errorf("got %v", err)
	}
}

func TestLayerKindsDefaults(t *testing.T) {
	s := mustDecode(t, "data: {set: fashion}\nmodel: {layers: [{kind: conv2d, filters: 4, kernel: 3, bias: false}, {kind: batch_norm, activation: relu}, {kind: max_pool2d, kernel: 2}, {kind: flatten}, {kind: dropout}, {units: 32}, {units: 10}]}\n")
	s.Defaults()
	want := []LayerSpec{
		{Kind: "conv2d", Filters: 4, Kernel: Size{3}, Bias: s.Model.Layers[0].Bias, Activation: "linear"},
		{Kind: "batch_norm", Activation: "relu", Momentum: 0.1, Eps: 1e-5},
		{Kind: "max_pool2d", Kernel: Size{2}},
		{Kind: "flatten"},
		{Kind: "dropout", Rate: ptr(0.5)},
		{Units: 32, Activation: "tanh"},
		{Units: 10, Activation: "softmax"},
	}
	if !reflect.DeepEqual(s.Model.Layers, want) {
		t.Errorf("got  %+v\nwant %+v", s.Model.Layers, want)
	}
	if s.Model.Init != "xavier_normalized" {
		t.Errorf("init %s: the tanh dense layer is not relu", s.Model.Init)
	}
	// Every nonlinearity relu: conv2d's through the batch_norm after it.
	r := mustDecode(t, "data: {set: fashion}\nmodel: {layers: [{kind: conv2d, filters: 4, kernel: 3}, {kind: batch_norm, activation: relu}, {kind: flatten}, {units: 32, activation: relu}, {units: 10}]}\n")
	r.Defaults()
	if r.Model.Init != "he_normal" {
		t.Errorf("conv2d + batch_norm relu: init %s, want he_normal", r.Model.Init)
	}
	// A linear conv2d without batch_norm is not relu.
	l := mustDecode(t, "data: {set: fashion}\nmodel: {layers: [{kind: conv2d, filters: 4, kernel: 3}, {kind: flatten}, {units: 32, activation: relu}, {units: 10}]}\n")
	l.Defaults()
	if l.Model.Init != "xavier_normalized" {
		t.Errorf("linear conv2d: init %s, want xavier_normalized", l.Model.Init)
	}
}

func TestLayerKindsSetGet(t *testing.T) {
	s := mustDecode(t, lenetSpec)
	for _, c := range []struct{ path, value, get string }{
		{"model.layers[0].kernel", "3", "3"},
		{"model.layers[0].kernel", "5,3", "5,3"},
		{"model.layers[0].kernel", "[4, 2]", "4,2"},
		{"model.input", "1,28,28", "1,28,28"},
		{"model.layers[2].bias", "false", "false"},
		{"model.layers[2].bias", "", ""},
		{"model.layers[2].stride", "2", "2"},
		{"model.layers[1].kind", "avg_pool2d", "avg_pool2d"},
		{"model.layers[6].units", "42", "42"},
	} {
		if err := s.Set(c.path, c.value); err != nil {
			t.Fatalf("Set(%s, %q): %v", c.path, c.value, err)
		}
		if got, err := s.Get(c.path); err != nil || got != c.get {
			t.Errorf("after Set(%s, %q), Get = %q, %v; want %q", c.path, c.value, got, err, c.get)
		}
	}
	if !reflect.DeepEqual(s.Model.Layers[0].Kernel, Size{4, 2}) || !reflect.DeepEqual(s.Model.Input, Size{1, 28, 28}) {
		t.Errorf("kernel %v, input %v", s.Model.Layers[0].Kernel, s.Model.Input)
	}
	if err := s.Validate(); err != nil {
		t.Errorf("Validate: %v", err)
	}
	// A new kind drops the keys it does not read.
	if err := s.Set("model.layers[2].kind", "max_pool2d"); err != nil {
		t.Fatal(err)
	}
	if l := s.Model.Layers[2]; !reflect.DeepEqual(l, LayerSpec{Kind: "max_pool2d", Kernel: Size{5}, Stride: 2}) {
		t.Errorf("conv2d turned max_pool2d: %+v", l)
	}
	if err := s.Set("model.layers[2].kind", "conv3d"); err == nil || !strings.Contains(err.Error(), `unknown "conv3d"`) {
		t.Errorf("unknown kind: %v", err)
	}
	// The short names on a network with conv2d and batch_norm layers.
	c := mustDecode(t, "data: {set: fashion}\nmodel: {layers: [{kind: conv2d, filters: 4, kernel: 3}, {kind: batch_norm, activation: relu}, {kind: conv2d, filters: 4, kernel: 3, activation: tanh}, {kind: flatten}, {units: 32, activation: relu, dropout: 0.1}, {units: 10}]}\n")
	if got, err := c.Get("activation"); err != nil || got != "relu" {
		t.Errorf("Get(activation) = %q, %v: the batch_norm's", got, err)
	}
	if err := c.Set("activation", "leaky_relu"); err != nil {
		t.Fatal(err)
	}
	acts := []string{}
	for _, l := range c.Model.Layers {
		acts = append(acts, l.Activation)
	}
	if want := []string{"", "leaky_relu", "leaky_relu", "", "leaky_relu", ""}; !reflect.DeepEqual(acts, want) {
		t.Errorf("activation=leaky_relu: %q, want %q", acts, want)
	}
	if got, err := c.Get("dropout"); err != nil || got != "0.1" {
		t.Errorf("Get(dropout) = %q, %v", got, err)
	}
	if err := c.Set("layers", "8"); err == nil || err.Error() != "layers: sets the widths of a network of dense layers, but model.layers[0] is conv2d; set model.layers[i].units or .filters instead" {
		t.Errorf("layers on a conv network: %v", err)
	}
	if _, err := c.Get("layers"); err == nil {
		t.Errorf("Get(layers) on a conv network gave no error")
	}
	p := mustDecode(t, "data: {set: fashion}\nmodel: {layers: [{kind: conv2d, filters: 4, kernel: 3}, {kind: flatten}, {units: 10}]}\n")
	if err := p.Set("dropout", "0.2"); err == nil || !strings.Contains(err.Error(), "no hidden dense layers") {
		t.Errorf("dropout without hidden dense layers: %v", err)
	}
}

func TestSpecShapes(t *testing.T) {
	in, layers, err := mustDecode(t, lenetSpec).Shapes()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	total := 0
	for _, l := range layers {
		got = append(got, l.Kind+" "+shapeText(l.Out, l.Image))
		total += l.Params
	}
	want := []string{"conv2d 6×28×28", "max_pool2d 6×14×14", "conv2d 16×10×10", "max_pool2d 16×5×5", "flatten 400", "dense 120", "dense 84", "dense 10"}
	if in != (Shape{1, 28, 28}) || !reflect.DeepEqual(got, want) {
		t.Errorf("input %v, layers %q", in, got)
	}
	// 6·25+6, 16·6·25+16, 400·120+120, 120·84+84, 84·10+10
	if total != 156+2416+48120+10164+850 {
		t.Errorf("%d parameters", total)
	}
	// A dense first layer sees the 784 pixels in a row.
	if in, _, err := mustDecode(t, "data: {set: fashion}\nmodel: {layers: [{units: 10}]}\n").Shapes(); err != nil || in != (Shape{784, 1, 1}) {
		t.Errorf("dense on fashion: input %v, %v", in, err)
	}
	if _, _, err := mustDecode(t, "data: {set: fashion}\nmodel: {layers: [{kind: flatten, units: 3}, {units: 10}]}\n").Shapes(); err == nil {
		t.Errorf("Shapes of a bad model gave no error")
	}
}
