package widget

import (
	"math"
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
)

func TestHeatSize(t *testing.T) {
	for _, c := range []struct{ w, h, z, cols, lines int }{
		{5, 5, 1, 10, 5},
		{5, 5, 2, 20, 10},
		{5, 5, 0, 5, 3},
		{28, 28, 0, 28, 14},
		{28, 28, -1, 14, 7},
		{28, 28, -2, 10, 5}, // shrunk by 3: 10×10
		{0, 5, 1, 0, 0},
	} {
		if cols, lines := HeatSize(c.w, c.h, c.z); cols != c.cols || lines != c.lines {
			t.Errorf("HeatSize(%d, %d, %d) = %d×%d, want %d×%d", c.w, c.h, c.z, cols, lines, c.cols, c.lines)
		}
	}
}

func TestHeatmapShades(t *testing.T) {
	st := asciiStyles(t) // shades " .:-=+*#%@": level f is Shades[⌊10f⌋]
	// −1 black, 1 white, 0 the middle shade (+), −0.5 a quarter (:); NaN
	// black; 5 clipped to white.
	m := Heat{V: []float64{-1, 0, 1, math.NaN(), 5, -0.5}, W: 3, H: 2, Lo: -1, Hi: 1}
	got := Heatmap(m, 1, st)
	if want := []string{"  ++@@", "  @@::"}; strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("zoom 1: %q, want %q", got, want)
	}
	// Zoom 0: two rows to a line, the shade of their mean: (0+0)/2,
	// (0.5+1)/2, (1+0.25)/2.
	if got := Heatmap(m, 0, st); strings.Join(got, "|") != " #*" {
		t.Errorf("zoom 0: %q", got)
	}
	// Zoom −1 on a 4×2 grid: 2×2 blocks averaged (1 and −0.75), then one
	// line.
	q := Heat{V: []float64{1, 1, -1, -1, 1, 1, -1, 0}, W: 4, H: 2, Lo: -1, Hi: 1}
	if got := Heatmap(q, -1, st); strings.Join(got, "|") != "@." {
		t.Errorf("zoom -1: %q", got)
	}
	// A flat grid (Lo = Hi) is mid-grey, not black.
	if got := Heatmap(Heat{V: []float64{3, 3}, W: 2, H: 1, Lo: 3, Hi: 3}, 1, st); got[0] != "++++" {
		t.Errorf("flat: %q", got)
	}
	if Heatmap(Heat{V: []float64{1}, W: 2, H: 1}, 1, st) != nil {
		t.Errorf("too few values drew something")
	}
}

func TestHeatmapColour(t *testing.T) {
	st := colorStyles(true)
	lines := Heatmap(Heat{V: []float64{0, 1, 0.5, 1, 0, 0}, W: 3, H: 2, Lo: 0, Hi: 1}, 0, st)
	if len(lines) != 1 || lipgloss.Width(lines[0]) != 3 || !strings.Contains(lines[0], "▀") || !strings.Contains(lines[0], "\x1b[") {
		t.Errorf("half blocks: %q", lines)
	}
	big := Heatmap(Heat{V: []float64{0, 1}, W: 2, H: 1, Lo: 0, Hi: 1}, 2, st)
	if len(big) != 2 || lipgloss.Width(big[0]) != 8 || big[0] != big[1] {
		t.Errorf("zoom 2: %q", big)
	}
}

func TestHeatRow(t *testing.T) {
	st := asciiStyles(t)
	maps := make([]Heat, 5)
	for i := range maps {
		maps[i] = Heat{V: []float64{float64(i), 4, 0, float64(i)}, W: 2, H: 2, Lo: 0, Hi: 4}
	}
	lines, n := HeatRow(maps, []string{"a", "bbbbbb", "c"}, 1, 1, 16, st)
	if n != 3 || len(lines) != 3 {
		t.Fatalf("%d maps in %d lines, want 3 in 3:\n%s", n, len(lines), strings.Join(lines, "\n"))
	}
	for _, l := range lines {
		if lipgloss.Width(l) != 16 {
			t.Errorf("line %q is %d cells, want 16", l, lipgloss.Width(l))
		}
	}
	if lines[0] != " a   bbb…  c    " || lines[1] != "  @@ ::@@ ++@@  " || lines[2] != "       ::   ++  " {
		t.Errorf("got\n%s", strings.Join(lines, "\n"))
	}
	if lines, n := HeatRow(maps, nil, 1, 1, 16, st); n != 3 || len(lines) != 2 || lines[0] != "  @@ ::@@ ++@@  " {
		t.Errorf("without captions: %d maps\n%s", n, strings.Join(lines, "\n"))
	}
	if _, n := HeatRow(maps, nil, 1, 1, 3, st); n != 0 {
		t.Errorf("%d maps in 3 cells", n)
	}
}
