package tui

// The views of a convolutional network: its learned filters and the
// feature maps of one test image, drawn as small heatmaps.

import (
	"fmt"
	"math"
	"strings"

	"github.com/nnlab/nnlab/lab"
	"github.com/nnlab/nnlab/lab/spec"
	"github.com/nnlab/nnlab/tui/widget"
)

// hasConvSpec says whether a spec's network has a conv2d layer (so the
// panel asks for its filters and feature maps).
func hasConvSpec(s *spec.Spec) bool {
	if s == nil {
		return false
	}
	for _, l := range s.Model.Layers {
		if spec.KindOf(l) == "conv2d" {
			return true
		}
	}
	return false
}

// The widths of the labels left of each row of feature maps ("L3 conv",
// "16×10×10") and of kernels ("in 2").
const (
	mapLabelW    = 9
	kernelLabelW = 6
)

// heatRows draws one labelled row of heatmaps of one size: label lines in
// labelW cells on the left, the maps at zoom z after them, in exactly w
// cells per line.
func heatRows(label []string, labelW int, maps []widget.Heat, z, w int, st Styles) ([]string, int) {
	row, n := widget.HeatRow(maps, nil, z, 1, w-labelW, st.W)
	for i := range row {
		l := ""
		if i < len(label) {
			l = label[i]
		}
		row[i] = fit(st.render(st.Muted, l), labelW) + row[i]
	}
	return row, n
}

// zoomRange is the largest and smallest zoom a grid of w×h maps is drawn
// at: large enough that a zoom ≤ 0 never shrinks it below minSide values a
// side, small enough that want of them fit side by side in cols.
func zoomRange(w, h, want, cols, minSide int) (hi, lo int) {
	hi = 1
	for hi > -4 {
		if cw, _ := widget.HeatSize(w, h, hi); want*(cw+1) <= cols+1 {
			break
		}
		hi--
	}
	lo = hi
	for lo > -4 {
		f := 2 - lo // the shrink factor one step down
		if (max(w, h)+f-1)/f < minSide {
			break
		}
		lo--
	}
	return hi, lo
}

// fitZooms chooses a zoom per row of maps: each starts at its largest and
// the row taking the most lines steps down, within its range, until all
// fit in lines (or none can step down). rows[i] is {w, h, hi, lo, count}:
// a row is count heatmap lines of w×h maps (count rows of kernels, say).
func fitZooms(rows [][5]int, lines int) []int {
	z := make([]int, len(rows))
	height := func(i int) int {
		_, ch := widget.HeatSize(rows[i][0], rows[i][1], z[i])
		return ch * rows[i][4]
	}
	for i, r := range rows {
		z[i] = r[2]
	}
	for {
		total, big := 0, -1
		for i := range rows {
			total += height(i)
			if z[i] > rows[i][3] && (big < 0 || height(i) > height(big)) {
				big = i
			}
		}
		if total <= lines || big < 0 {
			return z
		}
		z[big]--
	}
}

// rangeOf is the smallest and largest finite value of v.
func rangeOf(v []float64) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, x := range v {
		if !math.IsNaN(x) && !math.IsInf(x, 0) {
			lo, hi = math.Min(lo, x), math.Max(hi, x)
		}
	}
	if lo > hi {
		return 0, 0
	}
	return lo, hi
}

// filterBlock draws the kernels of every conv2d layer in w×rows cells:
// per layer a row of its filters for each input channel that fits, each
// kernel scaled to ±its largest |w| (mid-grey is 0).
func filterBlock(s lab.Snapshot, w, rows int, st Styles) []string {
	title := fit(st.render(st.Section, "Filters")+st.render(st.Muted, "  conv kernels; each scaled to ±its largest |w|: dark −, mid 0, light +"), w)
	lines := []string{title}
	if len(s.Filters) == 0 {
		return append(lines, st.render(st.Muted, "no conv2d layer"))
	}
	cols := w - kernelLabelW
	// Each layer: a caption line, then up to 3 rows of kernels (one per
	// input channel); kernels are never shrunk below their size.
	room := rows - 1 - len(s.Filters)
	spec := make([][5]int, len(s.Filters))
	for i, f := range s.Filters {
		hi, _ := zoomRange(f.KW, f.KH, min(f.Out, 6), cols, max(f.KW, f.KH))
		spec[i] = [5]int{f.KW, f.KH, hi, min(hi, 0), min(f.In, 3)}
	}
	zooms := fitZooms(spec, room)
	for i, f := range s.Filters {
		z := zooms[i]
		_, ch := widget.HeatSize(f.KW, f.KH, z)
		inRows := max(1, min(spec[i][4], (room/len(s.Filters))/max(ch, 1)))
		var body []string
		shown := 0
		for in := 0; in < inRows; in++ {
			maps := make([]widget.Heat, f.Out)
			for o := range maps {
				k := f.Kernel(o, in)
				lo, hi := rangeOf(k)
				m := math.Max(math.Abs(lo), math.Abs(hi))
				maps[o] = widget.Heat{V: k, W: f.KW, H: f.KH, Lo: -m, Hi: m}
			}
			label := []string{fmt.Sprintf("in %d", in+1)}
			if f.In == 1 {
				label = nil
			}
			row, n := heatRows(label, kernelLabelW, maps, z, w, st)
			body, shown = append(body, row...), n
		}
		head := fmt.Sprintf("L%d %s: %d filters", f.Layer+1, f.Name, f.Out)
		if shown < f.Out {
			head += fmt.Sprintf(", %d shown", shown)
		}
		if f.In > 1 {
			head += fmt.Sprintf("; one kernel per input channel, %d of %d channels shown", inRows, f.In)
		}
		lines = append(lines, fit(st.render(st.Muted, head), w))
		lines = append(lines, body...)
	}
	return lines
}

// mapsBlock draws the focused test image and the feature maps after every
// conv2d and pooling layer in w×rows cells, each layer's maps on the scale
// of that layer's smallest to largest value (black to white).
func mapsBlock(s lab.Snapshot, w, rows int, st Styles) []string {
	f := s.Focus
	if f == nil {
		return []string{fit(st.render(st.Section, "Feature maps")+st.render(st.Muted, "  waiting for the network…"), w)}
	}
	mark, sty := "✓", st.Good
	if f.Pred != f.Label {
		mark, sty = "✗", st.Bad
	}
	p := math.NaN()
	if f.Pred >= 0 && f.Pred < len(f.Probs) {
		p = f.Probs[f.Pred]
	}
	title := st.render(st.Section, fmt.Sprintf("Feature maps of test image %d of %d", f.Index+1, f.Images)) + st.render(st.Muted, "   i/I: next/previous image")
	what := fmt.Sprintf("true %s · predicted %s %s ", shortName(s.ClassNames, f.Label), shortName(s.ClassNames, f.Pred), fmtPct(p)) +
		st.render(sty, mark) + st.render(st.Muted, " · dark low, light high")
	lines := []string{fit(title, w), fit(what, w)}
	type layerRow struct {
		label []string
		maps  []widget.Heat
	}
	pix := make([]float64, len(f.Pix))
	for i, b := range f.Pix {
		pix[i] = float64(b)
	}
	all := []layerRow{{[]string{"input", fmt.Sprintf("1×%d×%d", f.H, f.W)}, []widget.Heat{{V: pix, W: f.W, H: f.H, Lo: 0, Hi: 255}}}}
	for _, m := range f.Maps {
		lo, hi := rangeOf(m.V)
		heats := make([]widget.Heat, m.C)
		for c := range heats {
			heats[c] = widget.Heat{V: m.Map(c), W: m.W, H: m.H, Lo: lo, Hi: hi}
		}
		kind, _, _ := strings.Cut(m.Name, " ")
		kind = strings.NewReplacer("conv2d", "conv", "max_pool2d", "max", "avg_pool2d", "avg").Replace(kind)
		all = append(all, layerRow{[]string{fmt.Sprintf("L%d %s", m.Layer+1, kind), fmt.Sprintf("%d×%d×%d", m.C, m.H, m.W)}, heats})
	}
	cols := w - mapLabelW
	spec := make([][5]int, len(all))
	for i, r := range all {
		want := 4 // large maps: four side by side at a size worth reading
		if max(r.maps[0].W, r.maps[0].H) <= 10 {
			want = 8
		}
		hi, lo := zoomRange(r.maps[0].W, r.maps[0].H, min(len(r.maps), want), cols, 5)
		spec[i] = [5]int{r.maps[0].W, r.maps[0].H, hi, lo, 1}
	}
	if len(spec) > 1 && spec[1][0] == spec[0][0] { // the image no larger than the maps of its size
		spec[0][2] = min(spec[0][2], spec[1][2])
	}
	zooms := fitZooms(spec, rows-len(lines))
	for i, r := range all {
		cw, ch := widget.HeatSize(r.maps[0].W, r.maps[0].H, zooms[i])
		if n := min(len(r.maps), (cols+1)/(cw+1)); n < len(r.maps) {
			r.label = append(r.label, fmt.Sprintf("%d of %d", n, len(r.maps)))
		}
		if len(lines)+ch > rows || i < len(all)-1 && len(lines)+ch+1 > rows {
			lines = append(lines, fit(st.render(st.Muted, fmt.Sprintf("… %d more layers: a taller window shows them", len(all)-i)), w))
			break
		}
		row, _ := heatRows(r.label, mapLabelW, r.maps, zooms[i], w, st)
		lines = append(lines, row...)
	}
	return lines
}
