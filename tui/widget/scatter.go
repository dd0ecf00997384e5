package widget

import (
	"strconv"
	"strings"
)

// Scatter draws labelled points in a frame, in exactly width×height cells,
// with a legend under it. Points are in box units like Point (X 0..1 left to
// right, Y 0..1 bottom to top); those outside or not finite are skipped.
// Each class has its own glyph (Styles.ScatterGlyphs, cycled: digits, so
// class 3 is drawn as 3) and, with colour, its own series colour. When
// several points share a cell the class with most points there wins (the
// lower class on a tie).
//
// The legend lists "glyph name" for every class that has points (names[i]
// names class i; missing names are the class number), wrapped over as many
// lines as it needs but at most a third of the height. A frame of box
// lines surrounds the plot when there are at least 5 lines and 8 columns.
func Scatter(points []Point, names []string, width, height int, st Styles) string {
	st = st.filled()
	if width <= 0 || height <= 0 {
		return ""
	}
	// Legend lines for the classes present.
	classes := map[int]bool{}
	for _, p := range points {
		if finite(p.X) && finite(p.Y) {
			classes[p.Class] = true
		}
	}
	maxClass := -1
	for k := range classes {
		maxClass = max(maxClass, k)
	}
	var items []string
	for k := 0; k <= maxClass; k++ {
		if !classes[k] {
			continue
		}
		name := strconv.Itoa(k)
		if k < len(names) && names[k] != "" {
			name = names[k]
		}
		items = append(items, scatterGlyph(st, k)+" "+name)
	}
	var legend []string
	if height >= 3 && len(items) > 0 {
		legend = wrapItems(items, width)
		legend = legend[:min(len(legend), max(1, height/3))]
	}
	plotH := height - len(legend)
	frame := plotH >= 5 && width >= 8
	iw, ih := width, plotH
	if frame {
		iw, ih = width-2, plotH-2
	}

	// Votes per cell and class.
	votes := make([]map[int]int, iw*ih)
	for _, p := range points {
		if !finite(p.X) || !finite(p.Y) || p.X < 0 || p.X > 1 || p.Y < 0 || p.Y > 1 {
			continue
		}
		c := min(int(p.X*float64(iw)), iw-1)
		r := min(int((1-p.Y)*float64(ih)), ih-1)
		if votes[r*iw+c] == nil {
			votes[r*iw+c] = map[int]int{}
		}
		votes[r*iw+c][p.Class]++
	}
	lines := make([]string, 0, height)
	if frame {
		lines = append(lines, st.render(st.Axis, "┌"+strings.Repeat("─", iw)+"┐"))
	}
	for r := 0; r < ih; r++ {
		var b strings.Builder
		if frame {
			b.WriteString(st.render(st.Axis, "│"))
		}
		for c := 0; c < iw; c++ {
			v := votes[r*iw+c]
			if v == nil {
				b.WriteByte(' ')
				continue
			}
			best, n := 0, -1
			for k, m := range v {
				if m > n || (m == n && k < best) {
					best, n = k, m
				}
			}
			b.WriteString(scatterGlyph(st, best))
		}
		if frame {
			b.WriteString(st.render(st.Axis, "│"))
		}
		lines = append(lines, b.String())
	}
	if frame {
		lines = append(lines, st.render(st.Axis, "└"+strings.Repeat("─", iw)+"┘"))
	}
	if len(classes) == 0 && ih > 0 {
		msg := "no points yet"
		mid := (ih - 1) / 2
		if frame {
			mid++
		}
		lines[mid] = center(msg, width)
		if frame {
			lines[mid] = st.render(st.Axis, "│") + st.render(st.Muted, center(msg, iw)) + st.render(st.Axis, "│")
		}
	}
	lines = append(lines, legend...)
	return block(lines, width, height)
}

func scatterGlyph(st Styles, class int) string {
	g := string(cycle(st.ScatterGlyphs, class))
	if st.Color {
		return st.Base.Bold(true).Inherit(st.seriesStyle(class)).Render(g)
	}
	return g
}

// wrapItems joins legend items two spaces apart into lines of at most
// width cells (an item wider than a line gets a line of its own, cut).
func wrapItems(items []string, width int) []string {
	lines := Pack(items, "  ", width)
	for i, l := range lines {
		lines[i] = fitText(l, width)
	}
	return lines
}
