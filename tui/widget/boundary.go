package widget

import (
	"math"
	"sort"
	"strconv"
	"strings"
)

// BoundaryOptions change how Boundary draws.
type BoundaryOptions struct {
	// Discrete draws class regions (a value of 0.5 or more is class 1)
	// instead of the probability's shading.
	Discrete bool
}

// Point is one data point for Boundary, in units of the plotted box: X from
// 0 (left) to 1 (right), Y from 0 (bottom) to 1 (top) — the usual maths
// orientation, so the top grid row holds the largest Y.
type Point struct {
	X, Y  float64
	Class int
	Test  bool
}

// Boundary draws a model's output over a 2-D box with the data on top, in
// exactly width×height cells: the map, then a legend (point glyphs and the
// shading key) on one line, or two when one is too narrow and the map keeps
// at least 4 lines (below 3 lines the legend is left out).
//
// grid holds gw×gh values in 0..1 — the probability of class 1, or a
// regression output scaled to 0..1 — row by row with row 0 at the top, at
// the centres of a gw×gh lattice covering the box. It is resampled
// bilinearly to the cells. With colour every cell is a half block ▀ with
// its upper and lower pixel coloured from Styles.Heat (blue = class 0, grey
// = unsure, amber = class 1); without colour each cell is a shade character
// from Styles.BoundaryShades by level. NaN values leave blank cells.
//
// Points are drawn on top with Styles.ClassGlyphs per class (o, x, …) and
// Styles.TestGlyphs for test points (O, X, …), which win over training
// points in the same cell (with colour, test points are also underlined).
// Points outside the box are skipped.
//
// With opt.Discrete the map shows class regions instead of the shading:
// every cell whose value is 0.5 or more takes class 1's end of the ramp,
// every other cell class 0's.
func Boundary(grid []float64, gw, gh int, points []Point, width, height int, st Styles, opt BoundaryOptions) string {
	st = st.filled()
	if width <= 0 || height <= 0 {
		return ""
	}
	inBox := func(p Point) bool {
		return finite(p.X) && finite(p.Y) && p.X >= 0 && p.X <= 1 && p.Y >= 0 && p.Y <= 1
	}
	classes := map[int]bool{}
	hasTest := false
	for _, p := range points {
		if inBox(p) {
			classes[p.Class] = true
			hasTest = hasTest || p.Test
		}
	}
	mapH := height
	var legend []string
	if height >= 3 {
		legend = boundaryLegend(st, classes, hasTest, opt.Discrete, width, min(2, height-4))
		mapH = height - len(legend)
	}
	if gw <= 0 || gh <= 0 || len(grid) < gw*gh {
		grid, gw, gh = nil, 0, 0
	}
	sample := func(u, v float64) float64 {
		p := bilinear(grid, gw, gh, u, v)
		if opt.Discrete && finite(p) {
			p = math.Floor(math.Min(1, p+0.5)) // 0 below 0.5, else 1
		}
		return p
	}

	cells, avg, anyValue := heatCells(sample, width, mapH, st)

	// Points on top, training first so that test points win.
	for pass := 0; pass < 2; pass++ {
		for _, p := range points {
			if p.Test != (pass == 1) || !inBox(p) {
				continue
			}
			c := min(int(p.X*float64(width)), width-1)
			r := min(int((1-p.Y)*float64(mapH)), mapH-1)
			g := pointGlyph(st, p.Class, p.Test)
			if st.Color {
				test, l := 0, avg[r][c]
				if p.Test {
					test = 1
				}
				cells[r][c] = st.cached(memoKey{memoPoint, p.Class, test, l}, func() string {
					s := st.Base.Bold(true).Underline(p.Test).Foreground(cycle(st.ClassColors, p.Class))
					if l >= 0 {
						s = s.Background(st.Heat[l])
					}
					return s.Render(string(g))
				})
			} else {
				cells[r][c] = string(g)
			}
		}
	}

	lines := make([]string, 0, height)
	for r := 0; r < mapH; r++ {
		lines = append(lines, strings.Join(cells[r], ""))
	}
	if !anyValue && mapH > 0 {
		msg := "no prediction yet"
		if len(grid) > 0 {
			msg = "prediction is NaN"
		}
		mid := (mapH - 1) / 2
		lines[mid] = fitLine(strings.Join(cells[mid][:max(0, (width-len(msg))/2)], "")+st.render(st.Muted, msg), width)
	}
	lines = append(lines, legend...)
	return block(lines, width, height)
}

// PlaneMap draws grid (gw×gh values in 0..1, row 0 at the top) as a map of
// exactly width×height cells, as Boundary draws its map, without points or
// a legend. NaN values leave blank cells.
func PlaneMap(grid []float64, gw, gh, width, height int, st Styles) string {
	st = st.filled()
	if width <= 0 || height <= 0 {
		return ""
	}
	if gw <= 0 || gh <= 0 || len(grid) < gw*gh {
		grid, gw, gh = nil, 0, 0
	}
	cells, _, _ := heatCells(func(u, v float64) float64 { return bilinear(grid, gw, gh, u, v) }, width, height, st)
	lines := make([]string, height)
	for r := range lines {
		lines[r] = strings.Join(cells[r], "")
	}
	return strings.Join(lines, "\n")
}

// heatCells renders the map: width×mapH cells sampled from sample(u, v)
// (u, v in 0..1, v = 0 at the top), each cell's level for the points
// drawn over it, and whether any cell has a value.
func heatCells(sample func(u, v float64) float64, width, mapH int, st Styles) (cells [][]string, avg [][]int, anyValue bool) {
	cells = make([][]string, mapH)
	levels := len(st.Heat)
	if !st.Color {
		levels = len(st.BoundaryShades)
	}
	avg = make([][]int, mapH) // per cell level, for the points' background
	for r := 0; r < mapH; r++ {
		cells[r] = make([]string, width)
		avg[r] = make([]int, width)
		for c := 0; c < width; c++ {
			u := (float64(c) + 0.5) / float64(width)
			if !st.Color {
				p := sample(u, (float64(r)+0.5)/float64(mapH))
				l := level(p, levels)
				avg[r][c] = l
				if l < 0 {
					cells[r][c] = " "
				} else {
					anyValue = true
					cells[r][c] = string(st.BoundaryShades[l])
				}
				continue
			}
			pt := sample(u, (2*float64(r)+0.5)/float64(2*mapH))
			pb := sample(u, (2*float64(r)+1.5)/float64(2*mapH))
			lt, lb := level(pt, levels), level(pb, levels)
			avg[r][c] = level(meanFinite(pt, pb), levels)
			if lt >= 0 || lb >= 0 {
				anyValue = true
			}
			cells[r][c] = st.cached(memoKey{memoHalfBlock, lt, lb, 0}, func() string { return halfBlock(st, lt, lb) })
		}
	}
	return cells, avg, anyValue
}

// bilinear samples grid at (u, v) in 0..1 (v = 0 at the top); next to a NaN
// it falls back to the nearest value. No grid gives NaN.
func bilinear(grid []float64, gw, gh int, u, v float64) float64 {
	if gw == 0 || gh == 0 {
		return math.NaN()
	}
	x := math.Max(0, math.Min(float64(gw-1), u*float64(gw)-0.5))
	y := math.Max(0, math.Min(float64(gh-1), v*float64(gh)-0.5))
	i0, j0 := int(x), int(y)
	i1, j1 := min(i0+1, gw-1), min(j0+1, gh-1)
	fx, fy := x-float64(i0), y-float64(j0)
	a, b := grid[j0*gw+i0], grid[j0*gw+i1]
	c, d := grid[j1*gw+i0], grid[j1*gw+i1]
	if !finite(a) || !finite(b) || !finite(c) || !finite(d) {
		i, j := i0, j0
		if fx >= 0.5 {
			i = i1
		}
		if fy >= 0.5 {
			j = j1
		}
		return grid[j*gw+i]
	}
	top := a + (b-a)*fx
	bot := c + (d-c)*fx
	return top + (bot-top)*fy
}

// level maps p in 0..1 to 0..n-1 (clamped); non-finite gives -1.
func level(p float64, n int) int {
	if !finite(p) || n <= 0 {
		return -1
	}
	p = math.Max(0, math.Min(1, p))
	return min(int(p*float64(n)), n-1)
}

func meanFinite(a, b float64) float64 {
	switch {
	case finite(a) && finite(b):
		return (a + b) / 2
	case finite(a):
		return a
	}
	return b
}

// Kinds of memoised cells.
const (
	memoHalfBlock = iota
	memoPoint
	memoGray // Heatmap's grey cells
)

// halfBlock renders one cell with its upper pixel at heat level top and its
// lower pixel at bot (-1 = no value).
func halfBlock(st Styles, top, bot int) string {
	switch {
	case top < 0 && bot < 0:
		return " "
	case top < 0:
		return st.Base.Foreground(st.Heat[bot]).Render("▄")
	case bot < 0:
		return st.Base.Foreground(st.Heat[top]).Render("▀")
	}
	return st.Base.Foreground(st.Heat[top]).Background(st.Heat[bot]).Render("▀")
}

func cycle[T any](xs []T, i int) T {
	n := len(xs)
	return xs[((i%n)+n)%n]
}

func pointGlyph(st Styles, class int, test bool) rune {
	if test {
		return cycle(st.TestGlyphs, class)
	}
	return cycle(st.ClassGlyphs, class)
}

// boundaryLegend: "o class 0  x class 1  O X test  p(1) 0[ramp]1", on up
// to maxLines lines (at least one), items never split.
func boundaryLegend(st Styles, classes map[int]bool, hasTest, discrete bool, width, maxLines int) []string {
	ks := make([]int, 0, len(classes))
	for k := range classes {
		ks = append(ks, k)
	}
	sort.Ints(ks)
	var items []string
	var test []string
	for _, k := range ks {
		g := string(pointGlyph(st, k, false))
		if st.Color {
			g = st.Base.Bold(true).Foreground(cycle(st.ClassColors, k)).Render(g)
		}
		items = append(items, g+" class "+strconv.Itoa(k))
		test = append(test, string(pointGlyph(st, k, true)))
	}
	if hasTest {
		items = append(items, strings.Join(test, " ")+" test")
	}
	if discrete {
		lo, hi := "["+string(st.BoundaryShades[0])+"]", "["+string(st.BoundaryShades[len(st.BoundaryShades)-1])+"]"
		if st.Color {
			lo, hi = st.Base.Foreground(st.Heat[0]).Render("█"), st.Base.Foreground(st.Heat[len(st.Heat)-1]).Render("█")
		}
		items = append(items, "regions: p(1)<0.5 "+lo+" ≥0.5 "+hi)
		return legendLines(items, width, maxLines)
	}
	var sw strings.Builder
	if st.Color {
		for i := range st.Heat {
			if i%2 == 0 || i == len(st.Heat)-1 {
				sw.WriteString(st.Base.Foreground(st.Heat[i]).Render("█"))
			}
		}
	} else {
		sw.WriteString("[" + string(st.BoundaryShades) + "]")
	}
	items = append(items, "p(1) 0"+sw.String()+"1")
	return legendLines(items, width, maxLines)
}

// legendLines packs legend items two spaces apart on up to maxLines lines
// of width (at least one; what does not fit is cut at the end).
func legendLines(items []string, width, maxLines int) []string {
	lines := Pack(items, "  ", width)
	if n := max(1, maxLines); len(lines) > n {
		lines = append(lines[:n-1], strings.Join(lines[n-1:], "  "))
	}
	for i := range lines {
		lines[i] = fitText(lines[i], width)
	}
	return lines
}
