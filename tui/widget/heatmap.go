package widget

import (
	"math"
	"strings"
)

// Heat is a grid of values to draw in shades of grey.
type Heat struct {
	V    []float64 // H rows of W values
	W, H int
	// Lo and Hi are drawn darkest and lightest; values beyond them are
	// clipped, and a grid with Lo ≥ Hi is drawn mid-grey.
	Lo, Hi float64
}

// HeatSize is the size in cells of a heatmap of a w×h grid at zoom z. For
// z ≥ 1 each value is a block 2z cells wide and z lines high. For z ≤ 0 the
// grid is first shrunk by the factor 1−z (each value the mean of a block of
// them) and then drawn two rows to a line, one value to a cell.
func HeatSize(w, h, z int) (cols, lines int) {
	if w <= 0 || h <= 0 {
		return 0, 0
	}
	if z >= 1 {
		return 2 * z * w, z * h
	}
	f := 1 - z
	w, h = (w+f-1)/f, (h+f-1)/f
	return w, (h + 1) / 2
}

// Heatmap draws m at zoom z (see HeatSize), one string per line, each
// exactly the width HeatSize gives. With colour every value is a grey of
// Styles.Gray (two rows to a cell as a half block ▀ when z ≤ 0); without
// colour it is a character of Styles.Shades, from dark to light (for z ≤ 0
// the shade of the two rows' mean). NaN draws as the darkest shade.
func Heatmap(m Heat, z int, st Styles) []string {
	st = st.filled()
	if m.W <= 0 || m.H <= 0 || len(m.V) < m.W*m.H {
		return nil
	}
	v, w, h := m.V, m.W, m.H
	if z <= 0 {
		v, w, h = shrink(v, w, h, 1-z)
	}
	// level maps a value to a fraction of the ramp in [0, 1].
	level := func(x float64) float64 {
		switch {
		case math.IsNaN(x):
			return 0
		case !(m.Hi > m.Lo):
			return 0.5
		}
		return math.Max(0, math.Min(1, (x-m.Lo)/(m.Hi-m.Lo)))
	}
	shade := func(f float64) string {
		return string(st.Shades[min(int(f*float64(len(st.Shades))), len(st.Shades)-1)])
	}
	gray := func(f float64) int { return min(int(f*float64(len(st.Gray))), len(st.Gray)-1) }
	var lines []string
	if z >= 1 {
		for y := 0; y < h; y++ {
			var b strings.Builder
			for x := 0; x < w; x++ {
				f := level(v[y*w+x])
				var cell string
				if st.Color {
					g := gray(f)
					cell = st.cached(memoKey{memoGray, g, z, 0}, func() string {
						return st.Base.Foreground(st.Gray[g]).Render(strings.Repeat("█", 2*z))
					})
				} else {
					cell = strings.Repeat(shade(f), 2*z)
				}
				b.WriteString(cell)
			}
			for range z {
				lines = append(lines, b.String())
			}
		}
		return lines
	}
	for y := 0; y < h; y += 2 {
		var b strings.Builder
		for x := 0; x < w; x++ {
			top, bottom := level(v[y*w+x]), -1.0
			if y+1 < h {
				bottom = level(v[(y+1)*w+x])
			}
			if !st.Color {
				if bottom >= 0 {
					top = (top + bottom) / 2
				}
				b.WriteString(shade(top))
				continue
			}
			gt, gb := gray(top), -1
			if bottom >= 0 {
				gb = gray(bottom)
			}
			b.WriteString(st.cached(memoKey{memoGray, gt, gb, -1}, func() string {
				sty := st.Base.Foreground(st.Gray[gt])
				if gb >= 0 {
					sty = sty.Background(st.Gray[gb])
				}
				return sty.Render("▀")
			}))
		}
		lines = append(lines, b.String())
	}
	return lines
}

// shrink averages f×f blocks of the w×h grid v (partial blocks at the
// edges average what they cover); f < 2 returns v as it is.
func shrink(v []float64, w, h, f int) ([]float64, int, int) {
	if f < 2 {
		return v, w, h
	}
	ow, oh := (w+f-1)/f, (h+f-1)/f
	out := make([]float64, ow*oh)
	for y := 0; y < oh; y++ {
		for x := 0; x < ow; x++ {
			sum, n := 0.0, 0
			for dy := 0; dy < f && y*f+dy < h; dy++ {
				for dx := 0; dx < f && x*f+dx < w; dx++ {
					sum += v[(y*f+dy)*w+x*f+dx]
					n++
				}
			}
			out[y*ow+x] = sum / float64(n)
		}
	}
	return out, ow, oh
}

// HeatRow draws heatmaps of one size side by side at zoom z, gap cells
// apart, in exactly width cells per line; those that do not fit are left
// out. With captions (nil: none) each map has its caption, cut to its
// width, on a line above it. It returns the lines and how many maps it
// drew.
func HeatRow(maps []Heat, captions []string, z, gap, width int, st Styles) ([]string, int) {
	if len(maps) == 0 || width <= 0 {
		return nil, 0
	}
	cw, ch := HeatSize(maps[0].W, maps[0].H, z)
	n := min(len(maps), max(0, (width+gap)/(cw+gap)))
	if n == 0 {
		return nil, 0
	}
	top := 0
	if captions != nil {
		top = 1
	}
	lines := make([]string, ch+top)
	sep := strings.Repeat(" ", gap)
	for i := 0; i < n; i++ {
		if i > 0 {
			for k := range lines {
				lines[k] += sep
			}
		}
		if captions != nil {
			c := ""
			if i < len(captions) {
				c = captions[i]
			}
			lines[0] += st.render(st.Muted, center(truncPlain(c, cw), cw))
		}
		for k, l := range Heatmap(maps[i], z, st) {
			lines[k+top] += l
		}
	}
	for k := range lines {
		lines[k] = fitLine(lines[k], width)
	}
	return lines, n
}
