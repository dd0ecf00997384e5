package widget

import (
	"fmt"
	"math"
	"strings"

	"github.com/charmbracelet/lipgloss"
)

// Bar is one layer's gradient size, e.g. {"L1 2→16", 3.2e-3}. The sign is
// ignored. Ratio, when above 0, is the layer's update/weight ratio
// ‖ΔW‖/‖W‖ of the last step, shown in a column of its own.
type Bar struct {
	Label string
	Value float64
	Ratio float64
}

// Zone names the health of a gradient size.
type Zone string

const (
	ZoneVanishing Zone = "vanishing"
	ZoneOK        Zone = "ok"
	ZoneExploding Zone = "exploding"
	ZoneNaN       Zone = "n/a"
)

// GradOption changes GradBars' scale or zones.
type GradOption func(*gradConfig)

type gradConfig struct {
	lo, hi          float64 // log scale ends
	vanish, explode float64 // zone thresholds
}

// Default scale and zones of GradBars.
const (
	GradScaleMin = 1e-8
	GradScaleMax = 1e+2
	GradVanish   = 1e-5
	GradExplode  = 10
)

// GradRange sets the ends of the log scale (defaults 1e-8 and 1e+2).
// Invalid ranges (not 0 < lo < hi) are ignored.
func GradRange(lo, hi float64) GradOption {
	return func(c *gradConfig) {
		if lo > 0 && hi > lo && !math.IsInf(hi, 0) {
			c.lo, c.hi = lo, hi
		}
	}
}

// GradZones sets the thresholds: below vanish is "vanishing", above explode
// "exploding" (defaults 1e-5 and 10). Invalid pairs are ignored.
func GradZones(vanish, explode float64) GradOption {
	return func(c *gradConfig) {
		if vanish >= 0 && explode > vanish {
			c.vanish, c.explode = vanish, explode
		}
	}
}

// GradZone classifies a gradient size with the default thresholds: below
// 1e-5 vanishing, above 10 exploding, otherwise ok; NaN is "n/a" and ±Inf
// exploding. The sign is ignored.
func GradZone(v float64) Zone { return gradZone(v, GradVanish, GradExplode) }

func gradZone(v, vanish, explode float64) Zone {
	v = math.Abs(v)
	switch {
	case math.IsNaN(v):
		return ZoneNaN
	case v < vanish:
		return ZoneVanishing
	case v > explode:
		return ZoneExploding
	}
	return ZoneOK
}

const (
	gradValW   = 7 // "3.2e-03"
	gradZonW   = 9 // "vanishing"
	gradRatioW = 7 // "Δw/w" over "1.2e-03"
)

// GradBars draws one line per layer — label, a bar on a log scale, the value
// in %.1e, the update/weight ratio when a bar has one (column Δw/w), and
// the zone word — under one header line with the scale's decades (so the
// height is len(bars)+1; with no bars the single line says so). The bar
// track marks the two zone thresholds with ┆ (| without colour). NaN prints
// "n/a" and ±Inf "inf" instead of a bar. Every line is exactly width
// cells; on narrow widths the ratio goes first, then the bar, then the
// value, and the zone word last.
func GradBars(bars []Bar, width int, st Styles, opts ...GradOption) string {
	if width <= 0 {
		return ""
	}
	cfg := gradConfig{lo: GradScaleMin, hi: GradScaleMax, vanish: GradVanish, explode: GradExplode}
	for _, o := range opts {
		o(&cfg)
	}
	if len(bars) == 0 {
		return fitLine(st.render(st.Muted, truncPlain("no data yet", width)), width)
	}
	rawLab := len("layer")
	for _, b := range bars {
		rawLab = max(rawLab, lipgloss.Width(b.Label))
	}
	labW := min(rawLab, max(4, width/4))
	valW, ratioW := gradValW, 0
	for _, b := range bars {
		if b.Ratio > 0 && !math.IsInf(b.Ratio, 0) {
			ratioW = gradRatioW
		}
	}
	if width < labW+valW+ratioW+gradZonW+4+8 { // a bar of 8 cells at least, or no ratio
		ratioW = 0
	}
	if width < labW+valW+gradZonW+2 {
		// Narrow: the zone word says more than the number.
		valW = 0
		labW = max(1, min(rawLab, width-gradZonW-1))
	}
	barW := width - labW - valW - gradZonW - 3
	if ratioW > 0 {
		barW -= ratioW + 1
	}
	if barW < 4 {
		barW = 0
	}
	pos := func(v float64) float64 { // 0..1 along the bar
		if !(v > 0) {
			return 0
		}
		f := (math.Log10(v) - math.Log10(cfg.lo)) / (math.Log10(cfg.hi) - math.Log10(cfg.lo))
		return math.Max(0, math.Min(1, f))
	}
	markV := int(pos(cfg.vanish) * float64(barW))
	markE := int(pos(cfg.explode) * float64(barW))

	lines := make([]string, 0, len(bars)+1)
	head := padRight("layer", labW) + " "
	if barW > 0 {
		head += gradScale(barW, cfg, pos) + " "
	}
	if valW > 0 {
		head += padLeft("|grad|", valW) + " "
	}
	if ratioW > 0 {
		head += padLeft("Δw/w", ratioW) + " "
	}
	head += "zone"
	lines = append(lines, st.render(st.Header, head))

	mark, track, fill := "┆", "·", "█"
	if !st.Color {
		mark, track, fill = "|", " ", "#"
	}
	for _, b := range bars {
		v := math.Abs(b.Value)
		zone := gradZone(v, cfg.vanish, cfg.explode)
		zs := st.OK
		switch zone {
		case ZoneVanishing:
			zs = st.Vanishing
		case ZoneExploding, ZoneNaN:
			zs = st.Exploding
		}
		var line strings.Builder
		line.WriteString(padRight(b.Label, labW) + " ")
		if barW > 0 {
			switch {
			case math.IsNaN(v):
				line.WriteString(st.render(st.Bad, center("not a number", barW)))
			case math.IsInf(v, 0):
				line.WriteString(st.render(st.Bad, center("overflow", barW)))
			default:
				cells := pos(v) * float64(barW)
				full := int(cells)
				part := ""
				if st.Color && full < barW {
					part = eighths(cells - float64(full))
				} else if !st.Color && cells-float64(full) >= 0.5 && full < barW {
					full++
				}
				if v > 0 && full == 0 && part == "" {
					part = "▏" // never hide a non-zero gradient completely
					if !st.Color {
						part = "#"
					}
				}
				line.WriteString(st.render(zs, strings.Repeat(fill, full)+part))
				rest := barW - full - len([]rune(part))
				var tr strings.Builder
				for c := barW - rest; c < barW; c++ {
					if c == markV || c == markE {
						tr.WriteString(mark)
					} else {
						tr.WriteString(track)
					}
				}
				line.WriteString(st.render(st.Muted, tr.String()))
			}
			line.WriteString(" ")
		}
		val := fmt.Sprintf("%.1e", v)
		switch {
		case math.IsNaN(v):
			val = "n/a"
		case math.IsInf(v, 0):
			val = "inf"
		}
		if valW > 0 {
			line.WriteString(padLeft(val, valW) + " ")
		}
		if ratioW > 0 {
			r := "—"
			if b.Ratio > 0 && !math.IsInf(b.Ratio, 0) {
				r = fmt.Sprintf("%.1e", b.Ratio)
			}
			line.WriteString(padLeft(r, ratioW) + " ")
		}
		line.WriteString(st.render(zs, string(zone)))
		lines = append(lines, line.String())
	}
	return block(lines, width, len(lines))
}

// eighths returns the partial block for a fraction of a cell.
func eighths(f float64) string {
	n := int(f * 8)
	if n <= 0 {
		return ""
	}
	return string([]rune("▏▎▍▌▋▊▉")[min(n, 7)-1])
}

// gradScale writes decade labels ("1e-8" … "1e2") at their positions along
// the bar, the zone thresholds first, skipping labels that would overlap.
func gradScale(barW int, cfg gradConfig, pos func(float64) float64) string {
	row := []rune(strings.Repeat(" ", barW))
	used := make([]bool, barW)
	put := func(v float64) {
		text := shortExp(fmt.Sprintf("%.0e", v))
		w := len([]rune(text))
		start := int(pos(v) * float64(barW))
		start = min(start, barW-w)
		if start < 0 {
			return
		}
		for c := max(0, start-1); c < min(barW, start+w+1); c++ {
			if used[c] {
				return
			}
		}
		for i, r := range text {
			row[start+i] = r
			used[start+i] = true
		}
	}
	put(cfg.lo)
	put(cfg.vanish)
	put(cfg.explode)
	put(cfg.hi)
	for e := math.Ceil(math.Log10(cfg.lo)); e <= math.Log10(cfg.hi); e++ {
		put(math.Pow(10, e))
	}
	return string(row)
}
