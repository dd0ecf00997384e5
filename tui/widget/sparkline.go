package widget

import (
	"math"
	"strings"
)

var sparkRunes = []rune("▁▂▃▄▅▆▇█")

// Sparkline draws values in one line of exactly width cells with ▁…█,
// scaled between their finite minimum and maximum. More values than cells
// are averaged per cell (Bucket mean); fewer are drawn one per cell from the
// left. NaN and ±Inf leave a blank; a constant series sits at mid height.
func Sparkline(values []float64, width int, st Styles) string {
	if width <= 0 {
		return ""
	}
	v := Bucket(values, width, BucketMean)
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, x := range v {
		if finite(x) {
			lo, hi = math.Min(lo, x), math.Max(hi, x)
		}
	}
	var b strings.Builder
	for _, x := range v {
		switch {
		case !finite(x):
			b.WriteByte(' ')
		case hi == lo:
			b.WriteRune(sparkRunes[3])
		default:
			i := int(math.Round((x - lo) / (hi - lo) * float64(len(sparkRunes)-1)))
			b.WriteRune(sparkRunes[i])
		}
	}
	return fitLine(st.render(st.seriesStyle(0), b.String()), width)
}
