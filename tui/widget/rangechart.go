package widget

import (
	"fmt"
	"math"
)

// RangePoint is one step of a learning-rate range test: the rate, the
// batch loss and its smoothed value.
type RangePoint struct {
	LR, Loss, Smooth float64
}

// rangeTop is how far above the higher of its first and lowest smoothed
// values a range test's chart reaches: the loss that explodes at the end
// of the sweep would otherwise flatten the part worth reading.
const rangeTop = 1.5

// RangeChart draws a learning-rate range test in width×height cells: the
// batch loss (dotted) and its smoothed curve against the rate, on a log
// scale of rates from lo. The y range stops rangeTop times above the
// smoothed curve's start (or its lowest point, if higher): what rises
// beyond it is cut, and the title says so; below, it reaches the lowest
// batch loss.
func RangeChart(pts []RangePoint, width, height int, lo float64, st Styles) string {
	raw, smooth := make([]float64, len(pts)), make([]float64, len(pts))
	first, low := math.NaN(), math.Inf(1)
	for i, p := range pts {
		raw[i], smooth[i] = p.Loss, p.Smooth
		if finite(p.Smooth) {
			if math.IsNaN(first) {
				first = p.Smooth
			}
			low = math.Min(low, p.Smooth)
		}
	}
	top := rangeTop * math.Max(first, low)
	cut := false
	for _, c := range [][]float64{raw, smooth} {
		for i, v := range c {
			if v > top {
				c[i], cut = math.NaN(), true
			}
		}
	}
	hi := lo
	if n := len(pts); n > 0 {
		hi = pts[n-1].LR
	}
	title := "Loss against the learning rate"
	if cut {
		title += fmt.Sprintf(" (cut above %.3g)", top)
	}
	lowest := ""
	if finite(low) {
		lowest = fmt.Sprintf("lowest %.3g", low)
	}
	// The batch loss sets the range below; above, its last value may be
	// cut, and the legend then says so with the value.
	batch := Series{Name: "batch loss", Points: raw, Marker: '·'}
	if n := len(pts); n > 0 && math.IsNaN(raw[n-1]) && !math.IsNaN(pts[n-1].Loss) {
		batch.Value = "↑ off chart " + fmtValue(pts[n-1].Loss)
	}
	return LossChart([]Series{
		batch,
		{Name: "smoothed", Points: smooth, Marker: '━', Value: lowest},
	}, width, height, ChartOptions{Title: title, XLabel: "lr", LogX: true, XMin: lo, XMax: hi}, st)
}
