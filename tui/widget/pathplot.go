package widget

import (
	"math"
	"strings"
)

// Path is one optimizer path for PathPlot: its name for the legend and its
// points in box units like Point (X 0..1 left to right, Y 0..1 bottom to
// top), oldest first. Points may lie outside the box; non-finite points
// break the line.
type Path struct {
	Name   string
	Points [][2]float64
}

// PathPlot draws a 2-D function's level sets with optimizer paths on top,
// in exactly width×height cells: the plot, then a legend of one line, or
// two when one is too narrow and the plot keeps 4 (below 3 lines the
// legend is left out).
//
// grid holds gw×gh values in 0..1 (a monotone transform of the function,
// such as a scaled log), row by row with row 0 at the top, resampled
// bilinearly to the cells and cut into len(Styles.Levels) bands. With colour
// every cell is a half block shaded by band; without colour (at most six
// bands) the cells where the band changes carry Styles.ContourGlyph, so the
// bands' edges draw the level sets as lines.
//
// Each path is a polyline of its own glyph (Styles.PathGlyphs, cycled),
// joined cell by cell; its first point is marked Styles.StartGlyph, each of
// minima (box units) Styles.MinGlyph, and each path's last point — where
// the optimizer is now — is drawn last, in bold with colour. Later paths
// are drawn over earlier ones.
func PathPlot(grid []float64, gw, gh int, paths []Path, minima [][2]float64, width, height int, st Styles) string {
	st = st.filled()
	if width <= 0 || height <= 0 {
		return ""
	}
	mapH := height
	var legend []string
	if height >= 3 {
		legend = pathLegend(st, paths, len(minima) > 0, width, min(2, height-4))
		mapH = height - len(legend)
	}
	if gw <= 0 || gh <= 0 || len(grid) < gw*gh {
		grid, gw, gh = nil, 0, 0
	}
	bands := len(st.Levels)
	if !st.Color {
		bands = min(bands, 6) // lines, not shading: fewer keep the paths readable
	}
	sample := func(u, v float64) int { return level(bilinear(grid, gw, gh, u, v), bands) }

	// Background: the bands.
	band := make([][]int, mapH)
	cells := make([][]string, mapH)
	bgCache := map[[2]int]string{}
	for r := 0; r < mapH; r++ {
		band[r] = make([]int, width)
		cells[r] = make([]string, width)
		for c := 0; c < width; c++ {
			u := (float64(c) + 0.5) / float64(width)
			band[r][c] = sample(u, (float64(r)+0.5)/float64(mapH))
			if !st.Color {
				continue
			}
			key := [2]int{sample(u, (2*float64(r)+0.5)/float64(2*mapH)), sample(u, (2*float64(r)+1.5)/float64(2*mapH))}
			s, ok := bgCache[key]
			if !ok {
				s = levelBlock(st, key[0], key[1])
				bgCache[key] = s
			}
			cells[r][c] = s
		}
	}
	if !st.Color {
		for r := 0; r < mapH; r++ {
			for c := 0; c < width; c++ {
				b := band[r][c]
				edge := b >= 0 && ((c+1 < width && band[r][c+1] >= 0 && band[r][c+1] != b) ||
					(r+1 < mapH && band[r+1][c] >= 0 && band[r+1][c] != b))
				cells[r][c] = " "
				if edge {
					cells[r][c] = string(st.ContourGlyph)
				}
			}
		}
	}

	// cell maps box units to a cell; ok is false outside the plot.
	cell := func(p [2]float64) (r, c int, ok bool) {
		if !finite(p[0]) || !finite(p[1]) || p[0] < 0 || p[0] > 1 || p[1] < 0 || p[1] > 1 {
			return 0, 0, false
		}
		return min(int((1-p[1])*float64(mapH)), mapH-1), min(int(p[0]*float64(width)), width-1), true
	}
	put := func(r, c int, g rune, series int, bold bool) {
		if !st.Color {
			cells[r][c] = string(g)
			return
		}
		s := st.Base.Bold(bold)
		if series >= 0 {
			s = s.Inherit(st.seriesStyle(series))
		}
		if b := band[r][c]; b >= 0 {
			s = s.Background(st.Levels[b])
		}
		cells[r][c] = s.Render(string(g))
	}
	for i, p := range paths {
		g := cycle(st.PathGlyphs, i)
		for k := range p.Points {
			if k == 0 {
				if r, c, ok := cell(p.Points[0]); ok {
					put(r, c, g, i, false)
				}
				continue
			}
			a, b := p.Points[k-1], p.Points[k]
			if !finite(a[0]) || !finite(a[1]) || !finite(b[0]) || !finite(b[1]) {
				continue
			}
			// Cells along the segment, in cell units, clipped to a margin
			// around the plot so a far-off point costs little.
			ax, ay := a[0]*float64(width), (1-a[1])*float64(mapH)
			bx, by := b[0]*float64(width), (1-b[1])*float64(mapH)
			lim := 4 * float64(width+mapH)
			if math.Abs(ax) > lim || math.Abs(ay) > lim || math.Abs(bx) > lim || math.Abs(by) > lim {
				continue
			}
			n := int(math.Ceil(math.Max(math.Abs(bx-ax), math.Abs(by-ay))))
			for j := 1; j <= max(n, 1); j++ {
				t := float64(j) / float64(max(n, 1))
				x, y := ax+(bx-ax)*t, ay+(by-ay)*t
				c, r := int(math.Floor(x)), int(math.Floor(y))
				if x == float64(width) {
					c = width - 1
				}
				if y == float64(mapH) {
					r = mapH - 1
				}
				if r >= 0 && r < mapH && c >= 0 && c < width {
					put(r, c, g, i, false)
				}
			}
		}
	}
	for _, p := range paths {
		if len(p.Points) > 0 {
			if r, c, ok := cell(p.Points[0]); ok {
				put(r, c, st.StartGlyph, -1, true)
			}
		}
	}
	for _, m := range minima {
		if r, c, ok := cell(m); ok {
			put(r, c, st.MinGlyph, -1, true)
		}
	}
	for i, p := range paths {
		if n := len(p.Points); n > 1 {
			if r, c, ok := cell(p.Points[n-1]); ok {
				put(r, c, cycle(st.PathGlyphs, i), i, true)
			}
		}
	}

	lines := make([]string, 0, height)
	for r := 0; r < mapH; r++ {
		lines = append(lines, strings.Join(cells[r], ""))
	}
	if grid == nil && len(paths) == 0 && mapH > 0 {
		msg := "no path yet"
		lines[(mapH-1)/2] = fitLine(strings.Repeat(" ", max(0, (width-len(msg))/2))+st.render(st.Muted, msg), width)
	}
	lines = append(lines, legend...)
	return block(lines, width, height)
}

// levelBlock renders one cell with its upper pixel in band top and its
// lower pixel in band bot (-1 = no value).
func levelBlock(st Styles, top, bot int) string {
	switch {
	case top < 0 && bot < 0:
		return " "
	case top < 0:
		return st.Base.Foreground(st.Levels[bot]).Render("▄")
	case bot < 0:
		return st.Base.Foreground(st.Levels[top]).Render("▀")
	}
	return st.Base.Foreground(st.Levels[top]).Background(st.Levels[bot]).Render("▀")
}

// pathLegend: "o sgd  x adam  S start  * minimum  f low[ramp]high", on
// up to maxLines lines (at least one), items never split.
func pathLegend(st Styles, paths []Path, minima bool, width, maxLines int) []string {
	var items []string
	for i, p := range paths {
		g := string(cycle(st.PathGlyphs, i))
		if st.Color {
			g = st.Base.Bold(true).Inherit(st.seriesStyle(i)).Render(g)
		}
		items = append(items, g+" "+p.Name)
	}
	if len(paths) > 0 {
		items = append(items, string(st.StartGlyph)+" start")
	}
	if minima {
		items = append(items, string(st.MinGlyph)+" minimum")
	}
	if st.Color {
		var sw strings.Builder
		for i := range st.Levels {
			sw.WriteString(st.Base.Foreground(st.Levels[i]).Render("█"))
		}
		items = append(items, "f low"+sw.String()+"high")
	} else {
		items = append(items, string(st.ContourGlyph)+" level sets of f")
	}
	return legendLines(items, width, maxLines)
}
