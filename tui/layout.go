package tui

import (
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/nnlab/nnlab/tui/widget"
)

// fit pads or cuts one line to exactly w cells.
func fit(s string, w int) string { return widget.Fit(s, w) }

// block fits lines into exactly w×h cells.
func block(lines []string, w, h int) string { return widget.Block(lines, w, h) }

// blockText fits a multi-line string into w×h.
func blockText(s string, w, h int) string { return block(strings.Split(s, "\n"), w, h) }

// wrapLines wraps every line to w cells.
func wrapLines(lines []string, w int) []string {
	var out []string
	for _, l := range lines {
		out = append(out, strings.Split(ansi.Wrap(l, w, ""), "\n")...)
	}
	return out
}

// hjoinSep joins two blocks with a separator column between them (one
// space each side).
func hjoinSep(left, sep, right string) string {
	return lipgloss.JoinHorizontal(lipgloss.Top, left, " ", sep, " ", right)
}

func lipglossWidth(s string) int { return lipgloss.Width(s) }

// joinRows puts left and right side by side, row by row, with " sep " (sep
// one line per row) between them. Both must already be fitted to exactly
// their widths and to the same number of rows, so nothing is measured.
func joinRows(left, sep, right string) string {
	l, m, r := strings.Split(left, "\n"), strings.Split(sep, "\n"), strings.Split(right, "\n")
	var b strings.Builder
	for i := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(l[i])
		if i < len(m) && i < len(r) {
			b.WriteString(" " + m[i] + " " + r[i])
		}
	}
	return b.String()
}

// sized returns a pane's cached rendering as it is when it already has h
// rows (panes render themselves to exactly w×h, which the golden and
// size tests check), and fits it otherwise. It saves measuring every line
// of a colour frame again on every tick.
func sized(s string, w, h int) string {
	if strings.Count(s, "\n") == h-1 {
		return s
	}
	return blockText(s, w, h)
}
