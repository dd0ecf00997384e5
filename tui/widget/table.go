package widget

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/lipgloss"
)

// Table draws a small aligned table: a header line, a rule, then one line per
// row (height len(rows)+2; without a header, just the rows). Columns are two
// spaces apart; columns whose cells are all numbers are right-aligned. When
// the table is wider than width the widest columns shrink first and cut
// cells end in "…". Cells are plain text.
func Table(header []string, rows [][]string, width int, st Styles) string {
	if width <= 0 {
		return ""
	}
	ncol := len(header)
	for _, r := range rows {
		ncol = max(ncol, len(r))
	}
	if ncol == 0 {
		return ""
	}
	cell := func(r []string, j int) string {
		if j < len(r) {
			return strings.ReplaceAll(r[j], "\n", " ")
		}
		return ""
	}
	widths := make([]int, ncol)
	numeric := make([]bool, ncol)
	for j := range widths {
		widths[j] = lipgloss.Width(cell(header, j))
		numeric[j] = len(rows) > 0
		for _, r := range rows {
			c := cell(r, j)
			widths[j] = max(widths[j], lipgloss.Width(c))
			if c != "" && !isNumber(c) {
				numeric[j] = false
			}
		}
	}
	const gap = 2
	total := func() int {
		t := gap * (ncol - 1)
		for _, w := range widths {
			t += w
		}
		return t
	}
	for total() > width {
		widest := 0
		for j, w := range widths {
			if w > widths[widest] {
				widest = j
			}
		}
		if widths[widest] <= 3 {
			break // fitLine cuts the rest
		}
		widths[widest]--
	}
	format := func(r []string) string {
		parts := make([]string, ncol)
		for j := range parts {
			if numeric[j] {
				parts[j] = padLeft(cell(r, j), widths[j])
			} else {
				parts[j] = padRight(cell(r, j), widths[j])
			}
		}
		return strings.Join(parts, strings.Repeat(" ", gap))
	}
	var lines []string
	if len(header) > 0 {
		lines = append(lines,
			st.render(st.Header, strings.TrimRight(format(header), " ")),
			st.render(st.Muted, strings.Repeat("─", min(width, total()))))
	}
	for _, r := range rows {
		lines = append(lines, format(r))
	}
	return block(lines, width, len(lines))
}

// isNumber accepts plain numbers with an optional unit-like suffix such as
// "%" or "x" ("12%", "0.31", "-1e-3", "2.5x").
func isNumber(s string) bool {
	s = strings.TrimSpace(s)
	s = strings.TrimRight(s, "%x×")
	_, err := strconv.ParseFloat(s, 64)
	return err == nil
}
