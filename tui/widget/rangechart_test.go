package widget

import (
	"math"
	"strconv"
	"strings"
	"testing"
)

// A range test's chart fits its cells at every size, puts a tick on each
// power of ten of the sweep where it belongs, and cuts the explosion at
// the end rather than flattening the rest.
func TestRangeChart(t *testing.T) {
	var pts []RangePoint
	for i := range 100 {
		lr := 1e-5 * math.Pow(1e6, float64(i)/99)
		loss := 0.7 - 0.4/(1+math.Exp(-4*math.Log10(lr/0.01)))
		if lr > 2 {
			loss = 40
		}
		pts = append(pts, RangePoint{LR: lr, Loss: loss, Smooth: loss})
	}
	for _, sz := range [][2]int{{0, 0}, {3, 2}, {20, 6}, {60, 12}, {80, 24}, {200, 60}} {
		checkBlock(t, "range", RangeChart(pts, sz[0], sz[1], 1e-5, asciiStyles(t)), sz[0], sz[1])
	}
	// The batch losses below the smoothed curve stay on the chart: the
	// axis reaches the lowest of them.
	low := []RangePoint{{1e-5, 0.7, 0.7}, {1e-3, 0.5, 0.6}, {1e-1, 0.1, 0.4}, {1, 0.3, 0.35}}
	bottom := math.Inf(1)
	lowOut := RangeChart(low, 60, 12, 1e-5, asciiStyles(t))
	for _, l := range strings.Split(lowOut, "\n") {
		if f := strings.Fields(l); len(f) >= 2 && (f[1] == "┤" || f[1] == "┼") {
			if v, err := strconv.ParseFloat(f[0], 64); err == nil {
				bottom = math.Min(bottom, v)
			}
		}
	}
	if bottom > 0.1 {
		t.Errorf("the axis stops at %g, above the lowest batch loss, 0.1:\n%s", bottom, lowOut)
	}
	out := RangeChart(pts, 80, 20, 1e-5, asciiStyles(t))
	lines := strings.Split(out, "\n")
	var axis, ticks string
	for i, l := range lines {
		if strings.Contains(l, "└") {
			axis, ticks = l, lines[i+1]
		}
	}
	// 7 powers of ten from 1e-5 to 10 over the 71 plot columns: one every
	// 70/6 columns from the corner.
	corner := strings.IndexRune(axis, '└')
	cols := []rune(axis)[len([]rune(axis[:corner]))+1:]
	var at []int
	for i, r := range cols {
		if r == '┬' {
			at = append(at, i)
		}
	}
	if len(at) != 7 || at[0] != 0 || at[6] != len(cols)-1 || math.Abs(float64(at[3])-float64(len(cols)-1)/2) > 0.5 {
		t.Errorf("ticks at columns %v of %d", at, len(cols))
	}
	for _, want := range []string{"1e-5", "1e-4", "0.001", "0.01", "0.1", "1", "10"} {
		if !strings.Contains(ticks, want) {
			t.Errorf("tick labels %q lack %s", ticks, want)
		}
	}
	if !strings.Contains(lines[0], "cut above 1.05") || !strings.Contains(out, "↑ off chart") || strings.Contains(out, " 40 ┤") {
		t.Errorf("the explosion to 40 is not cut:\n%s", out)
	}
}
