package widget

import (
	"fmt"
	"math"
	"strings"

	"github.com/charmbracelet/lipgloss"
)

// HealthRow holds one layer's activation statistics.
type HealthRow struct {
	Label     string
	Dead      float64 // share of units never active (0..1)
	Saturated float64 // share of units stuck near the activation's limits (0..1)
	ActMean   float64
	ActStd    float64
}

// Health thresholds: a share at or above Warn is flagged, at or above Bad is
// flagged loudly; activations with a spread below HealthFlatStd are "flat".
const (
	HealthWarn    = 0.2
	HealthBad     = 0.5
	HealthFlatStd = 1e-3
)

// Health draws one line per layer, e.g.
//
//	L2  dead  12%  sat   0%  act μ= 0.31 σ= 0.52  some dead
//
// ending in words for anything worth a look ("some dead", "mostly dead",
// "saturating", "saturated", "flat", "nan"), so colour only repeats them.
// The height is len(rows), or one line saying there is nothing yet.
func Health(rows []HealthRow, width int, st Styles) string {
	if width <= 0 {
		return ""
	}
	if len(rows) == 0 {
		return fitLine(st.render(st.Muted, truncPlain("no data yet", width)), width)
	}
	labW := 0
	for _, r := range rows {
		labW = max(labW, lipgloss.Width(r.Label))
	}
	labW = min(labW, max(4, width/4))
	lines := make([]string, 0, len(rows))
	for _, r := range rows {
		var notes []string
		note := func(s string, bad bool) {
			if bad {
				notes = append(notes, st.render(st.Bad, s))
			} else {
				notes = append(notes, st.render(st.Warn, s))
			}
		}
		share := func(name string, v float64, warnWord, badWord string) string {
			text := pct(v)
			switch {
			case math.IsNaN(v):
				return name + " " + st.render(st.Bad, text)
			case v >= HealthBad:
				note(badWord, true)
				return name + " " + st.render(st.Bad, text)
			case v >= HealthWarn:
				note(warnWord, false)
				return name + " " + st.render(st.Warn, text)
			}
			return name + " " + text
		}
		var b strings.Builder
		b.WriteString(padRight(r.Label, labW))
		b.WriteString("  " + share("dead", r.Dead, "some dead", "mostly dead"))
		b.WriteString("  " + share("sat", r.Saturated, "saturating", "saturated"))
		b.WriteString("  act μ=" + stat(r.ActMean) + " σ=" + stat(r.ActStd))
		switch {
		case !finite(r.ActMean) || !finite(r.ActStd):
			note("nan", true)
		case r.ActStd < HealthFlatStd:
			note("flat", false)
		}
		if len(notes) > 0 {
			b.WriteString("  " + strings.Join(notes, ", "))
		}
		lines = append(lines, b.String())
	}
	return block(lines, width, len(lines))
}

// pct writes a share as a 4-cell percentage: "  0%", " 12%", "100%", " <1%".
func pct(v float64) string {
	switch {
	case math.IsNaN(v):
		return " n/a"
	case v > 0 && v < 0.005:
		return " <1%"
	}
	return fmt.Sprintf("%3.0f%%", 100*math.Max(0, math.Min(1, v)))
}

// stat writes an activation statistic in 5 cells: " 0.31", "-1.20", "1.2e3".
func stat(v float64) string {
	if !finite(v) {
		return padLeft(fmtValue(v), 5)
	}
	if math.Abs(v) < 99.995 {
		return fmt.Sprintf("%5.2f", v)
	}
	return padLeft(fmtFixed(v, 0, 5), 5)
}
