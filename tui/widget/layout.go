package widget

import (
	"math"
	"strconv"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// fitLine pads s with spaces or cuts it so that it is exactly w cells wide.
// Escape sequences are kept intact. A cut adds no tail.
func fitLine(s string, w int) string { return fitTail(s, w, "") }

// fitText is fitLine for prose: a cut ends in "…".
func fitText(s string, w int) string { return fitTail(s, w, "…") }

func fitTail(s string, w int, tail string) string {
	if w <= 0 {
		return ""
	}
	sw := lipgloss.Width(s)
	if sw > w {
		if lipgloss.Width(tail) >= w {
			tail = ""
		}
		s = ansi.Truncate(s, w, tail)
		sw = lipgloss.Width(s)
	}
	if sw < w {
		s += strings.Repeat(" ", w-sw)
	}
	return s
}

// Pack puts items on as few lines of width cells as they fit, sep between
// two on a line, in order and never split; an item wider than a line gets
// a line of its own (as it is: the caller cuts or wraps it).
func Pack(items []string, sep string, width int) []string {
	var lines []string
	cur, w := "", 0
	for _, it := range items {
		iw := lipgloss.Width(it)
		switch {
		case cur == "":
			cur, w = it, iw
		case w+lipgloss.Width(sep)+iw <= width:
			cur += sep + it
			w += lipgloss.Width(sep) + iw
		default:
			lines = append(lines, cur)
			cur, w = it, iw
		}
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	return lines
}

// truncPlain cuts plain text to at most w cells, ending in "…" when cut.
func truncPlain(s string, w int) string {
	if w <= 0 {
		return ""
	}
	if lipgloss.Width(s) <= w {
		return s
	}
	if w == 1 {
		return "…"
	}
	return ansi.Truncate(s, w, "…")
}

// padLeft right-aligns plain s in w cells (cutting it when too wide).
func padLeft(s string, w int) string {
	s = truncPlain(s, w)
	if d := w - lipgloss.Width(s); d > 0 {
		return strings.Repeat(" ", d) + s
	}
	return s
}

// padRight left-aligns plain s in w cells (cutting it when too wide).
func padRight(s string, w int) string {
	s = truncPlain(s, w)
	if d := w - lipgloss.Width(s); d > 0 {
		return s + strings.Repeat(" ", d)
	}
	return s
}

// center centres plain s in w cells.
func center(s string, w int) string {
	s = truncPlain(s, w)
	d := w - lipgloss.Width(s)
	if d <= 0 {
		return s
	}
	return strings.Repeat(" ", d/2) + s + strings.Repeat(" ", d-d/2)
}

// block fits lines into exactly w×h: extra lines are dropped, missing ones
// are blank, every line is fitted with fitLine.
func block(lines []string, w, h int) string { return blockTail(lines, w, h, "") }

// Block fits lines into exactly w×h cells for screens built of widgets:
// extra lines are dropped, missing ones blank, long lines cut with "…".
func Block(lines []string, w, h int) string { return blockTail(lines, w, h, "…") }

// Fit pads or cuts one line to exactly w cells, marking a cut with "…".
func Fit(s string, w int) string { return fitText(s, w) }

func blockTail(lines []string, w, h int, tail string) string {
	if h <= 0 || w <= 0 {
		return ""
	}
	var b strings.Builder
	for i := 0; i < h; i++ {
		if i > 0 {
			b.WriteByte('\n')
		}
		s := ""
		if i < len(lines) {
			s = lines[i]
		}
		b.WriteString(fitTail(s, w, tail))
	}
	return b.String()
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// fmtValue formats a reading for people: three significant digits, short
// exponent ("1.23e-5"), "nan"/"inf"/"-inf" for non-finite values.
func fmtValue(v float64) string {
	switch {
	case math.IsNaN(v):
		return "nan"
	case math.IsInf(v, 1):
		return "inf"
	case math.IsInf(v, -1):
		return "-inf"
	}
	return shortExp(strconv.FormatFloat(v, 'g', 3, 64))
}

// shortExp rewrites Go's exponents "e-05", "e+07" as "e-5", "e7".
func shortExp(s string) string {
	i := strings.IndexAny(s, "eE")
	if i < 0 {
		return s
	}
	mant, exp := s[:i], s[i+1:]
	neg := false
	switch {
	case strings.HasPrefix(exp, "-"):
		neg, exp = true, exp[1:]
	case strings.HasPrefix(exp, "+"):
		exp = exp[1:]
	}
	exp = strings.TrimLeft(exp, "0")
	if exp == "" {
		return mant
	}
	if neg {
		exp = "-" + exp
	}
	return mant + "e" + exp
}

// fmtFixed formats v with the given number of decimals when that fits in w
// cells, otherwise in short exponent form with as many mantissa digits as
// fit.
func fmtFixed(v float64, decimals, w int) string {
	if decimals < 0 {
		decimals = 0
	}
	s := strconv.FormatFloat(v, 'f', decimals, 64)
	if s == "-0" || strings.Trim(s, "-0.") == "" {
		s = strconv.FormatFloat(0, 'f', decimals, 64)
	}
	if len(s) <= w {
		return s
	}
	for d := 2; d >= 0; d-- {
		e := shortExp(strconv.FormatFloat(v, 'e', d, 64))
		if len(e) <= w {
			return e
		}
	}
	return shortExp(strconv.FormatFloat(v, 'e', 0, 64))
}

// niceStep returns the smallest 1, 2 or 5 times a power of ten that is at
// least raw.
func niceStep(raw float64) float64 {
	if !(raw > 0) || math.IsInf(raw, 0) {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	f := raw / p
	switch {
	case f <= 1+1e-9:
		return p
	case f <= 2+1e-9:
		return 2 * p
	case f <= 5+1e-9:
		return 5 * p
	}
	return 10 * p
}

// decimalsFor is the number of decimals needed to print multiples of step.
func decimalsFor(step float64) int {
	if !(step > 0) {
		return 0
	}
	d := int(-math.Floor(math.Log10(step) + 1e-9))
	if d < 0 {
		return 0
	}
	return d
}
