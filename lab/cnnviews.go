package lab

import "github.com/nnlab/nnlab/nn"

// Filters are one conv2d layer's learned kernels.
type Filters struct {
	Layer int    // the layer's index in the network
	Name  string // "conv2d 6@5×5 pad 2, relu"
	// Out filters of In input channels, each KH×KW.
	Out, In, KH, KW int
	// W holds the kernels as PyTorch stores them: W[((o·In + i)·KH + y)·KW + x].
	W []float64
}

// Kernel is filter o's kernel on input channel i (KH×KW values, shared).
func (f Filters) Kernel(o, i int) []float64 {
	n := f.KH * f.KW
	k := (o*f.In + i) * n
	return f.W[k : k+n]
}

// FeatureMaps is one layer's output for the focused test image.
type FeatureMaps struct {
	Layer   int
	Name    string
	C, H, W int
	V       []float64 // C×H×W: channel c is V[c·H·W : (c+1)·H·W]
}

// Map is channel c (H×W values, shared).
func (m FeatureMaps) Map(c int) []float64 {
	n := m.H * m.W
	return m.V[c*n : (c+1)*n]
}

// Focus is one test image as the network sees it: its pixels, the class
// probabilities it gives and the feature maps after every conv2d and
// pooling layer, computed in evaluation mode.
type Focus struct {
	Index       int    // the test image's index
	Images      int    // how many test images there are
	Pix         []byte // W×H grayscale bytes, row by row
	W, H        int
	Label, Pred int
	Probs       []float64 // the output layer's values (softmax probabilities)
	Maps        []FeatureMaps
}

// ConvFilters copies the kernels of every conv2d layer; nil when the
// network has none.
func (t *Trainer) ConvFilters() []Filters {
	if t.Net == nil {
		return nil
	}
	var out []Filters
	for i := 0; i < t.Net.NumLayers(); i++ {
		l := t.Net.Layer(i)
		if l.Kind != nn.Conv2D {
			continue
		}
		out = append(out, Filters{Layer: i, Name: LayerName(l), Out: l.Out.C, In: l.In.C, KH: l.KernelH, KW: l.KernelW,
			W: t.Net.Tensor(i, "weight")})
	}
	return out
}

// HasConv says whether the network has a conv2d layer.
func (t *Trainer) HasConv() bool {
	for i := 0; t.Net != nil && i < t.Net.NumLayers(); i++ {
		if t.Net.Layer(i).Kind == nn.Conv2D {
			return true
		}
	}
	return false
}

// FocusOn runs test image i alone through the network in evaluation mode
// and returns what it computes: the prediction and the output of every
// conv2d and pooling layer. It returns nil when the data are not images or
// there is no test image i.
func (t *Trainer) FocusOn(i int) *Focus {
	if t.Net == nil || t.Set == nil || t.Set.ImageW <= 0 || t.Set.Test.Pix == nil || t.Set.Test.Labels == nil || i < 0 || i >= t.Set.Test.N {
		return nil
	}
	sp := &t.Set.Test
	x := make([]float64, sp.D)
	lab := make([]int, 1)
	sp.Fill([]int{i}, x, lab, nil)
	out := t.Net.Forward(&nn.Batch{N: 1, X: x}, false)
	k := t.Net.Outputs()
	f := &Focus{Index: i, Images: sp.N, Pix: append([]byte(nil), sp.Image(i)...), W: t.Set.ImageW, H: t.Set.ImageH,
		Label: lab[0], Pred: nn.ArgMax(out[:k], k), Probs: append([]float64(nil), out[:k]...)}
	for j := 0; j < t.Net.NumLayers(); j++ {
		l := t.Net.Layer(j)
		if l.Kind != nn.Conv2D && l.Kind != nn.MaxPool2D && l.Kind != nn.AvgPool2D {
			continue
		}
		f.Maps = append(f.Maps, FeatureMaps{Layer: j, Name: LayerName(l), C: l.Out.C, H: l.Out.H, W: l.Out.W,
			V: append([]float64(nil), t.Net.Activations(j, 1)...)})
	}
	return f
}

// focusIndex wraps i into the test set's images.
func (t *Trainer) focusIndex(i int) int {
	if t.Set == nil || t.Set.Test.N == 0 {
		return 0
	}
	n := t.Set.Test.N
	return ((i % n) + n) % n
}
