package tui

import (
	"fmt"
	"strings"

	"github.com/nnlab/nnlab/lab"
	"github.com/nnlab/nnlab/tui/widget"
)

// renderRange draws a learning-rate range test in w×rows: the loss against
// the rate (a log scale of rates), what it suggests so far, and the
// gradient bars with their update/weight ratios when there is room, so
// that the learner sees the steps grow as the rate climbs.
func renderRange(s lab.Snapshot, labels []string, w, rows int, st Styles) []string {
	r := s.Range
	sugg := packParts(rangeParts(r, s.Status != lab.Running && s.Status != lab.Paused), w)
	n := len(s.Layers)
	gradH := n + 2
	chartH := rows - len(sugg) - gradH
	if chartH < 8 {
		chartH, gradH = rows-len(sugg), 0
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
	if gradH > 0 {
		lines = append(lines, fit(st.render(st.Section, "Gradient size per layer")+st.render(st.Muted, "  (log scale, |∂L/∂W|; Δw/w = ‖ΔW‖/‖W‖)"), w))
		lines = append(lines, strings.Split(widget.GradBars(gradBars(s, labels), w, st.W), "\n")...)
	}
	return lines
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
