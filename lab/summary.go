package lab

import (
	"fmt"
	"strings"

	"github.com/nnlab/nnlab/nn"
)

// LayerRow is one line of a model summary.
type LayerRow struct {
	Name   string // "conv2d 6@5×5 pad 2, relu"
	Shape  string // the output of one sample: "6×28×28", "120"
	Params int    // learnable values
}

// SummaryRows describes net layer by layer: what each layer is, the shape
// of one sample after it and its count of learnable values, read from the
// network itself.
func SummaryRows(net *nn.Network) []LayerRow {
	rows := make([]LayerRow, net.NumLayers())
	image := !flat(net.Input())
	for i := range rows {
		l := net.Layer(i)
		if l.Kind == nn.Dense || l.Kind == nn.Flatten {
			image = false
		}
		rows[i] = LayerRow{Name: LayerName(l), Shape: shapeText(l.Out, image), Params: l.Params}
	}
	return rows
}

func flat(s nn.Shape) bool { return s.H == 1 && s.W == 1 }

// shapeText writes an image's shape as C×H×W even when pooling has shrunk
// it to 1×1, and a vector's as its length.
func shapeText(s nn.Shape, image bool) string {
	if image {
		return fmt.Sprintf("%d×%d×%d", s.C, s.H, s.W)
	}
	return s.String()
}

// LayerName describes a layer in a few words: its kind, size and
// activation, such as "conv2d 6@5×5 pad 2, relu" or "dense 120, relu".
func LayerName(l nn.LayerInfo) string {
	var b strings.Builder
	b.WriteString(l.Kind.String())
	window := func() {
		fmt.Fprintf(&b, "%d×%d", l.KernelH, l.KernelW)
		sh, sw := strides(l)
		plain := sh == l.KernelH && sw == l.KernelW // a pool's default
		if l.Kind == nn.Conv2D {
			plain = sh == 1 && sw == 1
		}
		if !plain {
			if sh == sw {
				fmt.Fprintf(&b, " stride %d", sh)
			} else {
				fmt.Fprintf(&b, " stride %d×%d", sh, sw)
			}
		}
	}
	switch l.Kind {
	case nn.Dense:
		fmt.Fprintf(&b, " %d", l.Out.C)
	case nn.Conv2D:
		fmt.Fprintf(&b, " %d@", l.Filters)
		window()
		if l.Padding > 0 {
			fmt.Fprintf(&b, " pad %d", l.Padding)
		}
	case nn.MaxPool2D, nn.AvgPool2D:
		b.WriteString(" ")
		window()
	case nn.Dropout:
		fmt.Fprintf(&b, " %g", l.Dropout)
	}
	if l.Residual {
		b.WriteString(" residual")
	}
	if l.NoBias {
		b.WriteString(" no bias")
	}
	if l.Kind == nn.Dense || l.Kind == nn.Conv2D || l.Kind == nn.BatchNorm && l.Activation != nn.Linear {
		fmt.Fprintf(&b, ", %s", l.Activation)
	}
	if l.Dropout > 0 && l.Kind != nn.Dropout {
		fmt.Fprintf(&b, ", dropout %g", l.Dropout)
	}
	return b.String()
}

// strides is a window layer's vertical and horizontal step.
func strides(l nn.LayerInfo) (int, int) {
	if l.Stride > 0 {
		return l.Stride, l.Stride
	}
	if l.Kind == nn.Conv2D {
		return 1, 1
	}
	return l.KernelH, l.KernelW
}

// ModelSummary is the model summary as text, as torchinfo prints it: one line
// per layer with its output shape and parameter count, then the total.
func ModelSummary(net *nn.Network) string {
	rows := SummaryRows(net)
	head := []string{"layer", "output shape", "params"}
	cells := [][]string{{"input", shapeText(net.Input(), !flat(net.Input())), ""}}
	total := 0
	for i, r := range rows {
		cells = append(cells, []string{fmt.Sprintf("[%d] %s", i, r.Name), r.Shape, Thousands(r.Params)})
		total += r.Params
	}
	w := []int{len(head[0]), len(head[1]), len(head[2])}
	for _, c := range cells {
		for j := range w {
			w[j] = max(w[j], len([]rune(c[j])))
		}
	}
	var b strings.Builder
	line := func(c []string) {
		fmt.Fprintf(&b, "%s  %s  %s\n", pad(c[0], w[0]), pad(c[1], w[1]), strings.Repeat(" ", w[2]-len(c[2]))+c[2])
	}
	line(head)
	rule := strings.Repeat("─", w[0]+w[1]+w[2]+4)
	b.WriteString(rule + "\n")
	for _, c := range cells {
		line(c)
	}
	b.WriteString(rule + "\n")
	fmt.Fprintf(&b, "total params: %s\n", Thousands(total))
	return b.String()
}

// pad fills s with spaces to w characters.
func pad(s string, w int) string { return s + strings.Repeat(" ", max(0, w-len([]rune(s)))) }

// Thousands writes n with commas between groups of three digits.
func Thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
