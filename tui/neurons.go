package tui

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/nnlab/nnlab/lab"
	"github.com/nnlab/nnlab/tui/widget"
)

// The views of a 2-D network's run, cycled by the View key.
const (
	viewOverview = iota
	viewNeurons
)

var netViewNames = []string{"overview", "neurons"}

// hasNeurons says whether a snapshot carries the unit maps (2-D data).
func hasNeurons(s lab.Snapshot) bool { return len(s.Grid) > 0 && len(s.Weights) > 0 }

// neuronCursor is the unit the neuron view points at (a hidden layer, an
// index into Snapshot.Units, and a unit of it), the page shown (the first
// unit of every layer's window) and whether the unit is enlarged.
type neuronCursor struct {
	layer, unit int
	first       int
	big         bool
	// perPage and layersPerPage are the last layout's page sizes, which
	// the keys move by.
	perPage, layersPerPage int
}

// move steps the cursor d units through the hidden layers in order; the
// page follows it.
func (c *neuronCursor) move(s lab.Snapshot, d int) {
	if len(s.Units) == 0 {
		return
	}
	c.clamp(s)
	for ; d > 0; d-- {
		if c.unit++; c.unit >= s.Units[c.layer].Units {
			c.layer, c.unit = (c.layer+1)%len(s.Units), 0
		}
	}
	for ; d < 0; d++ {
		if c.unit--; c.unit < 0 {
			c.layer = (c.layer + len(s.Units) - 1) % len(s.Units)
			c.unit = s.Units[c.layer].Units - 1
		}
	}
	per := max(1, c.perPage)
	if c.unit < c.first || c.unit >= c.first+per {
		c.first = c.unit / per * per
	}
}

// page turns to the next (d = 1) or previous (d = −1) page: the next units
// of the layers shown, else the next layers from their first unit. The
// cursor goes to the page's first unit.
func (c *neuronCursor) page(s lab.Snapshot, d int) {
	if len(s.Units) == 0 {
		return
	}
	c.clamp(s)
	per, lp := max(1, c.perPage), max(1, c.layersPerPage)
	n := len(s.Units)
	from := c.layer / lp * lp
	widest := 0
	for li := from; li < min(n, from+lp); li++ {
		widest = max(widest, s.Units[li].Units)
	}
	switch {
	case d > 0 && c.first+per < widest:
		c.first += per
	case d > 0:
		from, c.first = (from+lp)%(((n+lp-1)/lp)*lp), 0
	case c.first > 0:
		c.first = max(0, c.first-per)
	default:
		pages := (n + lp - 1) / lp
		from = ((from/lp - 1 + pages) % pages) * lp
		c.first = 0
	}
	from = min(from, n-1)
	// The cursor: the page's first unit in the first layer that has it.
	c.layer, c.unit = from, 0
	for li := from; li < min(n, from+lp); li++ {
		if s.Units[li].Units > c.first {
			c.layer, c.unit = li, c.first
			break
		}
	}
}

func (c *neuronCursor) clamp(s lab.Snapshot) {
	c.layer = max(0, min(c.layer, len(s.Units)-1))
	if len(s.Units) > 0 {
		c.unit = max(0, min(c.unit, s.Units[c.layer].Units-1))
	}
	c.first = max(0, c.first)
}

// weightsInto is the dense weights whose outputs are layer's units.
func weightsInto(s lab.Snapshot, layer int) *lab.LayerWeights {
	for i := range s.Weights {
		if s.Weights[i].Layer == layer {
			return &s.Weights[i]
		}
	}
	return nil
}

// column is one column of the neuron view: the inputs, a hidden layer or
// the output.
type column struct {
	title string
	maps  lab.UnitMap
	names []string // a label per unit
	first int      // the first unit shown
	// next is the weights from these units into the next column's units
	// (nil for the output), nextFirst and nextN the next column's units
	// shown.
	next             *lab.LayerWeights
	nextFirst, nextN int
}

// weightGlyph is one weight by sign and size relative to the largest
// magnitude of its layer: small ones a dot, then medium and large marks in
// the sign's colour (amber +, blue −); without colour + and # for
// positive, - and = for negative.
func weightGlyph(w, scale float64, st Styles) string {
	r := math.Abs(w) / scale
	switch {
	case !(scale > 0) || math.IsNaN(w):
		return " "
	case r < 0.2:
		return st.render(st.Muted, "·")
	}
	big := r >= 0.6
	if !st.Color {
		switch {
		case w > 0 && big:
			return "#"
		case w > 0:
			return "+"
		case big:
			return "="
		}
		return "-"
	}
	g := "•"
	if big {
		g = "●"
	}
	c := st.W.Heat[len(st.W.Heat)-1]
	if w < 0 {
		c = st.W.Heat[0]
	}
	return st.W.Base.Foreground(c).Render(g)
}

// largestWeight is the largest |w| of a layer (1 when there is none).
func largestWeight(lw *lab.LayerWeights) float64 {
	m := 0.0
	for _, w := range lw.W {
		m = math.Max(m, math.Abs(w))
	}
	if !(m > 0) {
		return 1
	}
	return m
}

// renderNeurons draws the neuron view in w×h: every hidden unit's output
// over the input plane, column by column (the inputs, a page of hidden
// layers, the output), each unit followed by its weights into the next
// column's units when there is room; or, enlarged, the cursor's unit with
// its incoming and outgoing weights.
func renderNeurons(s lab.Snapshot, cur *neuronCursor, w, h int, st Styles) []string {
	if len(s.Units) > 0 {
		cur.clamp(s)
	}
	if cur.big && len(s.Units) > 0 {
		return renderUnit(s, cur, w, h, st)
	}
	cells := s.GridW * s.GridH
	legendH := 2
	avail := h - 1 - legendH
	if avail < 2 || w < 20 {
		return []string{fit(st.render(st.Muted, "too small for the neuron view"), w)}
	}
	hh := max(1, min(5, avail/8))
	per := max(1, avail/hh)
	hw := 2 * hh
	// Columns: the inputs, the hidden layers of the cursor's page, the
	// output. With room, each unit has a strip of its weights.
	strip := min(per, maxUnitsOf(s))
	colW := func(withStrip bool) int {
		if withStrip {
			return 1 + hw + 1 + max(strip, 6) + 1
		}
		return 1 + hw + 1 + 6
	}
	outW := 1 + hw + 1 + 3
	strips := true
	fit3 := (w - colW(true) - outW) / colW(true)
	if fit3 < min(3, len(s.Units)) {
		strips = false
		fit3 = (w - colW(false) - outW) / colW(false)
	}
	lp := max(1, fit3)
	cur.perPage, cur.layersPerPage = per, lp
	firstLayer := 0
	if len(s.Units) > 0 {
		firstLayer = cur.layer / lp * lp
	}
	if cur.unit < cur.first || cur.unit >= cur.first+per {
		cur.first = cur.unit / per * per
	}
	first := cur.first
	var cols []column
	inNames := make([]string, len(s.Inputs.Names))
	for i, n := range s.Inputs.Names {
		inNames[i] = featureLabel(n)
	}
	cols = append(cols, column{title: "inputs", maps: s.Inputs, names: inNames})
	for li := firstLayer; li < min(len(s.Units), firstLayer+lp); li++ {
		u := s.Units[li]
		names := make([]string, u.Units)
		for j := range names {
			names[j] = "#" + strconv.Itoa(j+1)
		}
		title := fmt.Sprintf("L%d %s", u.Layer+1, shortAct(u.Activation))
		if u.Units > per {
			title += fmt.Sprintf(" %d–%d/%d", first+1, min(u.Units, first+per), u.Units)
		}
		cols = append(cols, column{title: title, maps: u, names: names, first: first})
	}
	// Each column's weights go into the units of the next layer of the
	// network (shown or not), from the same first unit.
	for i := range cols {
		var into int // the network index of the layer after this column
		switch {
		case i == 0 && len(s.Units) > 0:
			into = s.Units[0].Layer
		case i == 0:
			into = s.Weights[len(s.Weights)-1].Layer
		default:
			li := firstLayer + i - 1
			if li+1 < len(s.Units) {
				into = s.Units[li+1].Layer
			} else {
				into = s.Weights[len(s.Weights)-1].Layer
			}
		}
		cols[i].next = weightsInto(s, into)
		if cols[i].next != nil {
			n := cols[i].next.Out
			cols[i].nextFirst = 0
			if n > per { // a hidden layer's page
				cols[i].nextFirst = min(first, n-1)
			}
			cols[i].nextN = min(per, n-cols[i].nextFirst)
		}
	}

	lines := make([]string, 1+avail)
	var title strings.Builder
	for i, c := range cols {
		cw := colW(strips)
		if i == 0 {
			cw = colW(strips)
		}
		title.WriteString(fit(st.render(st.Section, c.title), cw))
	}
	title.WriteString(fit(st.render(st.Section, "output"), outW))
	lines[0] = title.String()
	rows := make([]strings.Builder, avail)
	for ci, c := range cols {
		cw := colW(strips)
		scale := 1.0
		if c.next != nil {
			scale = largestWeight(c.next)
		}
		for k := 0; k < per; k++ {
			u := c.first + k
			if ci == 0 {
				u = k
			}
			if u >= c.maps.Units {
				for r := 0; r < hh && k*hh+r < avail; r++ {
					rows[k*hh+r].WriteString(strings.Repeat(" ", cw))
				}
				continue
			}
			heat := strings.Split(widget.PlaneMap(c.maps.Unit(u, cells), s.GridW, s.GridH, hw, hh, st.W), "\n")
			mark := " "
			if ci > 0 && firstLayer+ci-1 == cur.layer && u == cur.unit {
				mark = st.render(st.Selected, "›")
			}
			for r := 0; r < hh && k*hh+r < avail; r++ {
				var side string
				switch {
				case r == 0 && strips && c.next != nil:
					var b strings.Builder
					for j := c.nextFirst; j < c.nextFirst+c.nextN; j++ {
						b.WriteString(weightGlyph(c.next.W[j*c.next.In+u], scale, st))
					}
					side = b.String()
				case r == min(1, hh-1) && (hh > 1 || !strips):
					side = st.render(st.Muted, c.names[u])
				}
				m := " "
				if r == 0 {
					m = mark
				}
				rows[k*hh+r].WriteString(fit(m+heat[r]+" "+side, cw))
			}
		}
	}
	// The output: the decision boundary, two units tall.
	outH := min(avail, 2*hh)
	out := strings.Split(widget.PlaneMap(s.Grid, s.GridW, s.GridH, hw, outH, st.W), "\n")
	for r := 0; r < avail; r++ {
		if r < outH {
			rows[r].WriteString(fit(" "+out[r], outW))
		}
		lines[1+r] = fit(rows[r].String(), w)
	}
	lines = append(lines, neuronLegend(s, strips, w, st)...)
	return lines
}

// neuronLegend says how to read the view, on up to two lines.
func neuronLegend(s lab.Snapshot, strips bool, w int, st Styles) []string {
	high, low := "amber", "blue"
	if !st.Color {
		high, low = "dense", "light"
	}
	items := []string{fmt.Sprintf("map: a unit's output over the input plane, %s high, %s low", high, low)}
	switch {
	case strips && st.Color:
		items = append(items, "beside it: weights into the next column, ● large • medium · small, amber +, blue −")
	case strips:
		items = append(items, "beside it: weights into the next column, #/= large +/- medium (+/−) · small")
	default:
		items = append(items, "weights: e enlarges a unit")
	}
	if hidden := len(s.Layers) - 1; len(s.Units) < hidden {
		items = append([]string{fmt.Sprintf("maps of the first %d of %d hidden layers (at most %d units)", len(s.Units), hidden, lab.MaxUnitMaps)}, items...)
	}
	lines := widget.Pack(items, " · ", w)
	return lines[:min(2, len(lines))]
}

// renderUnit draws the cursor's unit large, with its bias, incoming and
// outgoing weights.
func renderUnit(s lab.Snapshot, cur *neuronCursor, w, h int, st Styles) []string {
	u := s.Units[cur.layer]
	cells := s.GridW * s.GridH
	bh := max(4, min(h-1, 24))
	bw := min(2*bh, w/2)
	heat := strings.Split(widget.PlaneMap(u.Unit(cur.unit, cells), s.GridW, s.GridH, bw, bh, st.W), "\n")
	var text []string
	text = append(text, st.render(st.Section, fmt.Sprintf("L%d unit %d of %d", u.Layer+1, cur.unit+1, u.Units)),
		unitScale(u, st))
	from := "inputs"
	var fromNames []string
	if cur.layer > 0 {
		from = fmt.Sprintf("L%d", s.Units[cur.layer-1].Layer+1)
	} else {
		for _, n := range s.Inputs.Names {
			fromNames = append(fromNames, featureLabel(n))
		}
	}
	if in := weightsInto(s, u.Layer); in != nil {
		if len(in.B) > cur.unit {
			text = append(text, "bias "+signed(in.B[cur.unit]))
		}
		text = append(text, "", st.render(st.Section, "weights in, from "+from))
		var parts []string
		for i := 0; i < in.In; i++ {
			name := "#" + strconv.Itoa(i+1)
			if i < len(fromNames) {
				name = fromNames[i]
			}
			parts = append(parts, name+" "+signed(in.W[cur.unit*in.In+i]))
		}
		text = append(text, widget.Pack(parts, "  ", max(10, w-bw-2))...)
	}
	next := s.Weights[len(s.Weights)-1]
	to := "output"
	if cur.layer+1 < len(s.Units) {
		next = *weightsInto(s, s.Units[cur.layer+1].Layer)
		to = fmt.Sprintf("L%d", s.Units[cur.layer+1].Layer+1)
	}
	text = append(text, "", st.render(st.Section, "weights out, to "+to))
	var parts []string
	for j := 0; j < next.Out; j++ {
		parts = append(parts, "#"+strconv.Itoa(j+1)+" "+signed(next.W[j*next.In+cur.unit]))
	}
	text = append(text, widget.Pack(parts, "  ", max(10, w-bw-2))...)
	text = append(text, "", st.render(st.Muted, "u/U next/previous unit · e back to all units"))
	lines := make([]string, max(len(heat), len(text)))
	for i := range lines {
		left := strings.Repeat(" ", bw)
		if i < len(heat) {
			left = heat[i]
		}
		right := ""
		if i < len(text) {
			right = text[i]
		}
		lines[i] = fit(left+"  "+right, w)
	}
	return lines
}

// signed writes a weight with its sign: "+0.53", "−1.2".
func signed(v float64) string {
	if v >= 0 {
		return "+" + fmtNum(v)
	}
	return "−" + fmtNum(-v)
}

// maxUnitsOf is the widest hidden layer (the output's units without one).
func maxUnitsOf(s lab.Snapshot) int {
	n := 1
	for _, u := range s.Units {
		n = max(n, u.Units)
	}
	return n
}

// featureLabel names an input feature as the knobs do: x², sin x, …
func featureLabel(n string) string {
	if l, ok := featureNames[n]; ok {
		return l
	}
	return n
}

// shortAct abbreviates an activation for column titles.
func shortAct(a string) string {
	return strings.NewReplacer("leaky_relu", "lrelu", "sigmoid", "sigm", "linear", "lin").Replace(a)
}

// unitScale says what the shading of a unit's map stands for.
func unitScale(u lab.UnitMap, st Styles) string {
	low, high := "blue", "amber"
	if !st.Color {
		low, high = "light", "dense"
	}
	return fmt.Sprintf("%s: %s (%s) to %s (%s)", u.Activation, fmtNum(u.Lo), low, fmtNum(u.Hi), high)
}
