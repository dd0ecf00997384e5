package tui

import (
	"fmt"
	"strings"

	"github.com/nnlab/nnlab/lab"
	"github.com/nnlab/nnlab/tui/widget"
)

// renderRange draws a learning-rate range test in w×rows: the loss against
// the rate (a log scale of rates), what it suggests so far, and the
// gradient bars with their update/weight ratios when there is room (else
// the ratios alone, on a line), so that the learner sees the steps grow as
// the rate climbs.
func renderRange(s lab.Snapshot, labels []string, w, rows int, st Styles) []string {
	r := s.Range
	sugg := packParts(rangeParts(r, s.Status != lab.Running && s.Status != lab.Paused), w)
	n := len(s.Layers)
	gradH := n + 2
	chartH := rows - len(sugg) - gradH
	var ratios []string // in place of the bars when they do not fit (80×24)
	if chartH < 8 {
		gradH = 0
		if s.Step > 0 && n > 0 {
			ratios = packParts(ratioParts(s), w)
		}
		chartH = rows - len(sugg) - len(ratios)
	}
	var lines []string
	if chartH > 0 {
		pts := make([]widget.RangePoint, len(r.Points))
		for i, p := range r.Points {
			pts[i] = widget.RangePoint{LR: p.LR, Loss: p.Loss, Smooth: p.Smooth}
		}
		lo := lab.DefaultRangeMin
		if len(pts) > 0 {
			lo = pts[0].LR
		}
		lines = append(lines, strings.Split(widget.RangeChart(pts, w, chartH, lo, st.W), "\n")...)
	}
	for _, l := range sugg {
		lines = append(lines, st.render(st.Section, l))
	}
	for _, l := range ratios {
		lines = append(lines, st.render(st.Muted, l))
	}
	if gradH > 0 {
		lines = append(lines, fit(st.render(st.Section, "Gradient size per layer")+st.render(st.Muted, "  (log scale, |∂L/∂W|; Δw/w = ‖ΔW‖/‖W‖)"), w))
		lines = append(lines, strings.Split(widget.GradBars(gradBars(s, labels), w, st.W), "\n")...)
	}
	return lines
}

// ratioParts are each layer's update/weight ratio of the last step, the
// one line left of the gradient bars on a small screen.
func ratioParts(s lab.Snapshot) []string {
	parts := make([]string, len(s.Layers))
	for i, l := range s.Layers {
		parts[i] = fmt.Sprintf("L%d %s", i+1, fmtShort(l.UpdateRatio))
	}
	parts[0] = "Δw/w = ‖ΔW‖/‖W‖ now: " + parts[0]
	return parts
}

// rangeParts say what a range test suggests: while it runs, the steepest
// fall so far; once it has ended, that, a tenth of the rate at which the
// loss diverged, and the rate between them.
func rangeParts(r *lab.RangeResult, ended bool) []string {
	rate := func(v float64) string {
		if v > 0 {
			return "lr " + fmtNum(v)
		}
		return "none"
	}
	if !ended {
		return []string{"steepest fall so far: " + rate(r.Steepest)}
	}
	div := "a tenth of divergence: none (the loss did not diverge)"
	if r.Diverged > 0 {
		div = fmt.Sprintf("a tenth of divergence: %s (diverged at %s)", rate(r.Diverged/10), fmtNum(r.Diverged))
	}
	return []string{"steepest fall: " + rate(r.Steepest), div, "suggested: " + rate(r.Suggested())}
}
