package widget

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

// bowl is a w×h grid of a scaled log of (x²+4y²) over [-1,1]², row 0 at the top.
func bowl(w, h int) []float64 {
	g := make([]float64, w*h)
	for j := 0; j < h; j++ {
		for i := 0; i < w; i++ {
			x := (float64(i)+0.5)/float64(w)*2 - 1
			y := 1 - (float64(j)+0.5)/float64(h)*2
			g[j*w+i] = math.Log1p(10*(x*x+4*y*y)) / math.Log1p(50)
		}
	}
	return g
}

// spiralPath spirals from (0.1, 0.9) into the centre, in box units.
func spiralPath(n int, turn float64) [][2]float64 {
	out := make([][2]float64, n)
	for k := range out {
		t := float64(k) / float64(n-1)
		r := 0.45 * (1 - t)
		a := turn*t*2*math.Pi + 2.3
		out[k] = [2]float64{0.5 + r*math.Cos(a), 0.5 + r*math.Sin(a)}
	}
	return out
}

func scatterPoints() []Point {
	var pts []Point
	for k := 0; k < 3; k++ {
		for i := 0; i < 15; i++ {
			a := float64(i) / 15 * 2 * math.Pi
			pts = append(pts, Point{X: 0.2 + 0.3*float64(k) + 0.08*math.Cos(a), Y: 0.3 + 0.2*float64(k) + 0.12*math.Sin(a), Class: k})
		}
	}
	return pts
}

func TestViewWidgetsFit(t *testing.T) {
	styles := map[string]Styles{"ascii": asciiStyles(t), "color": colorStyles(true), "zero": {}}
	grid := bowl(12, 9)
	paths := []Path{{"sgd", spiralPath(50, 1)}, {"adam", [][2]float64{{0.1, 0.9}, {nan, 0}, {5, -3}, {1e300, 2}, {0.5, 0.5}}}, {"empty", nil}}
	odd := []Point{{nan, 0.5, 1, false}, {0.5, pinf, 2, false}, {2, 2, 3, false}, {0.5, 0.5, -4, false}, {1, 1, 40, false}, {0, 0, 0, false}}
	conf := [][]int{{41, 2, 0}, {3, 38, 9}, {0, 12, 1234}}
	for name, st := range styles {
		for _, w := range []int{0, 1, 2, 5, 9, 20, 33, 72, 200} {
			for _, h := range []int{0, 1, 2, 3, 4, 5, 8, 17, 40} {
				what := fmt.Sprintf("%s %dx%d", name, w, h)
				checkBlock(t, "PathPlot "+what, PathPlot(grid, 12, 9, paths, [][2]float64{{0.5, 0.5}, {-1, 0}}, w, h, st), w, h)
				checkBlock(t, "PathPlot empty "+what, PathPlot(nil, 0, 0, nil, nil, w, h, st), w, h)
				checkBlock(t, "PathPlot short grid "+what, PathPlot([]float64{nan, 0.5, pinf}, 4, 4, paths, nil, w, h, st), w, h)
				checkBlock(t, "PathPlot NaN grid "+what, PathPlot([]float64{nan, nan, nan, nan}, 2, 2, paths, nil, w, h, st), w, h)
				checkBlock(t, "Scatter "+what, Scatter(scatterPoints(), []string{"T-shirt", "Trouser"}, w, h, st), w, h)
				checkBlock(t, "Scatter odd "+what, Scatter(odd, nil, w, h, st), w, h)
				checkBlock(t, "Scatter empty "+what, Scatter(nil, nil, w, h, st), w, h)
			}
			what := fmt.Sprintf("%s w=%d", name, w)
			checkBlock(t, "Confusion "+what, Confusion(conf, []string{"T-shirt", "Trouser", "Pullover"}, w, st), w, min(w, 1)*ConfusionHeight(3))
			checkBlock(t, "Confusion ragged "+what, Confusion([][]int{{1}, {2, 3, 4}, nil}, nil, w, st), w, min(w, 1)*ConfusionHeight(3))
			checkBlock(t, "Confusion empty "+what, Confusion(nil, nil, w, st), w, min(w, 1)*ConfusionHeight(0))
		}
	}
}

func TestPathPlotMarks(t *testing.T) {
	st := asciiStyles(t)
	// One straight path from the left edge to the centre: a continuous
	// line of o from S to the minimum's cell, the minimum drawn under the
	// path's end.
	paths := []Path{{"run", [][2]float64{{0.01, 0.5}, {0.5, 0.5}}}}
	out := PathPlot(nil, 0, 0, paths, [][2]float64{{0.99, 0.05}}, 50, 11, st)
	lines := strings.Split(out, "\n")
	row := lines[5] // (1-0.5)*10 = 5
	if !strings.HasPrefix(row, "S"+strings.Repeat("o", 25)+" ") {
		t.Errorf("path row %q, want S then a continuous line of o", row)
	}
	if lines[9][49] != '*' {
		t.Errorf("minimum not at the bottom right: %q", lines[9])
	}
	if !strings.Contains(lines[10], "o run") || !strings.Contains(lines[10], "S start") || !strings.Contains(lines[10], "* minimum") {
		t.Errorf("legend %q", lines[10])
	}
	// Level sets: edges of the bands are drawn, the valley floor stays blank.
	out = PathPlot(bowl(40, 20), 40, 20, nil, nil, 40, 21, st)
	if !strings.Contains(out, string(st.ContourGlyph)) {
		t.Errorf("no level-set lines:\n%s", out)
	}
	if o := PathPlot(bowl(4, 4), 4, 4, paths, nil, 30, 10, colorStyles(true)); !strings.Contains(o, "▀") || !strings.Contains(o, "\x1b[") {
		t.Errorf("colour PathPlot lacks shaded half blocks")
	}
}

func TestScatterGlyphsAndLegend(t *testing.T) {
	st := asciiStyles(t)
	pts := []Point{{0, 0, 3, false}, {1, 1, 7, false}, {1, 1, 7, false}, {0.99, 0.99, 2, false}}
	out := Scatter(pts, []string{"a", "b", "c", "Dress", "e", "f", "g", "Sneaker"}, 30, 10, st)
	lines := strings.Split(out, "\n")
	if !strings.HasPrefix(lines[0], "┌") || !strings.Contains(lines[len(lines)-2], "┘") {
		t.Fatalf("no frame:\n%s", out)
	}
	if !strings.HasPrefix(lines[1], "│") || []rune(lines[1])[28] != '7' {
		t.Errorf("top right cell is not 7 (majority): %q", lines[1])
	}
	if []rune(lines[7])[1] != '3' {
		t.Errorf("bottom left cell is not 3: %q", lines[7])
	}
	if l := lines[len(lines)-1]; !strings.Contains(l, "2 c") || !strings.Contains(l, "3 Dress") || !strings.Contains(l, "7 Sneaker") || strings.Contains(l, "0 a") {
		t.Errorf("legend %q", l)
	}
}

func TestConfusionMarksDiagonal(t *testing.T) {
	st := asciiStyles(t)
	out := Confusion([][]int{{41, 9}, {0, 50}}, []string{"Coat", "Bag"}, 40, st)
	lines := strings.Split(out, "\n")
	if len(lines) != 3 || !strings.Contains(lines[0], "recall") {
		t.Fatalf("%q", out)
	}
	if !strings.Contains(lines[1], "[41]") || !strings.Contains(lines[1], " 9 ") || !strings.Contains(lines[1], "82%") {
		t.Errorf("row 0: %q", lines[1])
	}
	if !strings.Contains(lines[2], "·") || !strings.Contains(lines[2], "[50]") || !strings.HasPrefix(lines[2], "1 Bag") {
		t.Errorf("row 1: %q", lines[2])
	}
	if c := Confusion([][]int{{1, 0}, {0, 1}}, nil, 40, colorStyles(true)); !strings.Contains(c, "[1]") {
		t.Errorf("colour confusion lacks the bracket marks: %q", c)
	}
}

func TestDownscale(t *testing.T) {
	img := []byte{0, 255, 10, 20, 255, 0, 30, 40, 7, 7, 9, 9}
	out, w, h := Downscale(img, 4, 3, 2)
	if w != 2 || h != 2 || len(out) != 4 {
		t.Fatalf("%d×%d, %d bytes", w, h, len(out))
	}
	if out[0] != 128 || out[1] != 25 || out[2] != 7 || out[3] != 9 {
		t.Errorf("got %v", out)
	}
	if o, w, h := Downscale(nil, 0, 0, 2); o != nil || w != 0 || h != 0 {
		t.Error("empty image")
	}
	if o, _, _ := Downscale(img[:3], 4, 3, 2); len(o) != 4 {
		t.Error("short image")
	}
}

func TestGoldenViews(t *testing.T) {
	st := asciiStyles(t)
	paths := []Path{{"momentum 0", spiralPath(80, 0.25)}, {"0.5", spiralPath(60, 1)}, {"0.9", spiralPath(120, 2.5)}}
	golden(t, "pathplot", PathPlot(bowl(40, 30), 40, 30, paths, [][2]float64{{0.5, 0.5}}, 60, 18, st))
	golden(t, "scatter", Scatter(scatterPoints(), []string{"T-shirt", "Trouser", "Pullover"}, 40, 14, st))
	golden(t, "confusion", Confusion([][]int{{41, 2, 0}, {3, 38, 9}, {0, 12, 1234}}, []string{"T-shirt", "Trouser", "Pullover"}, 60, st))
}
