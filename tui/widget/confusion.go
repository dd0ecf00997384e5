package widget

import (
	"strconv"
	"strings"
)

// ConfusionHeight is the number of lines Confusion draws for n classes.
func ConfusionHeight(n int) int { return max(n, 1) + 1 }

// Confusion draws a confusion matrix in exactly width cells and
// ConfusionHeight(len(m)) lines: a header line with the predicted classes'
// numbers, then one line per true class, labelled "k name" (names[k];
// missing names are left out). Cells on the diagonal — the correct
// predictions — are in brackets ("[41]") and, with colour, styled good;
// zeros are "·". When there is room a last column gives each true class's
// recall (the diagonal over the row's total). Without counts one line says
// so. Labels are cut with "…" when the table is too wide.
func Confusion(m [][]int, names []string, width int, st Styles) string {
	st = st.filled()
	if width <= 0 {
		return ""
	}
	n := len(m)
	if n == 0 {
		return block([]string{st.render(st.Muted, truncPlain("no evaluation yet", width)), ""}, width, 2)
	}
	big := 0
	for _, row := range m {
		for _, v := range row {
			big = max(big, v)
		}
	}
	cw := max(len(strconv.Itoa(big))+2, len(strconv.Itoa(n-1))+1) + 1 // cell with its gap
	label := func(k int) string {
		s := strconv.Itoa(k)
		if k < len(names) && names[k] != "" {
			s += " " + names[k]
		}
		return s
	}
	lw := len("true\\pred")
	for k := 0; k < n; k++ {
		lw = max(lw, len([]rune(label(k))))
	}
	const recallW = 7
	recall := lw+n*cw+recallW <= width
	if !recall && lw+n*cw > width {
		lw = max(2, width-n*cw)
	}
	lines := make([]string, 0, n+1)
	var h strings.Builder
	h.WriteString(padRight("true\\pred", lw))
	for k := 0; k < n; k++ {
		h.WriteString(padLeft(strconv.Itoa(k)+" ", cw))
	}
	if recall {
		h.WriteString(padLeft("recall", recallW))
	}
	lines = append(lines, st.render(st.Header, h.String()))
	for k, row := range m {
		var b strings.Builder
		b.WriteString(padRight(label(k), lw))
		total, diag := 0, 0
		for j := 0; j < n; j++ {
			v := 0
			if j < len(row) {
				v = row[j]
			}
			total += v
			switch {
			case j == k:
				diag = v
				b.WriteString(st.render(st.Good, padLeft("["+strconv.Itoa(v)+"]", cw)))
			case v == 0:
				b.WriteString(st.render(st.Muted, padLeft("· ", cw)))
			default:
				b.WriteString(padLeft(strconv.Itoa(v)+" ", cw))
			}
		}
		if recall {
			r := "—"
			if total > 0 {
				r = strconv.Itoa(int(100*float64(diag)/float64(total)+0.5)) + "%"
			}
			b.WriteString(padLeft(r, recallW))
		}
		lines = append(lines, b.String())
	}
	return block(lines, width, len(lines))
}
