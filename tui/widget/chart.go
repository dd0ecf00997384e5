package widget

import (
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/guptarohit/asciigraph"
)

// Series is one curve of a LossChart.
type Series struct {
	Name   string
	Points []float64
	// Marker is the glyph the curve is drawn with. 0 picks one by position:
	// light, heavy and double box lines (─ ━ ═), then • + x * o #. A box
	// glyph (─ ━ ═) selects the whole matching line set; any other rune one
	// cell wide draws the curve with that rune.
	Marker rune
	// Envelope also draws, when the series has more points than the chart
	// has columns, the maximum of every column's points as a dotted line in
	// the same colour, so that spikes hidden by the column mean stay visible.
	Envelope bool
	// Value is what the legend shows after the name; "" shows the last
	// point.
	Value string
	// Off keeps the series from setting the y range (a run that diverged):
	// where it leaves the range it is cut, and the legend says so.
	Off bool
	// Lo and Hi, when given (as long as Points), are the edges of a band
	// around the curve (the lowest and highest of several runs, say),
	// drawn as dotted lines in the series' colour; ChartOptions.BandNote
	// says in the legend what the band is.
	Lo, Hi []float64
}

// ChartOptions configures LossChart. The zero value is a linear chart
// without a title.
type ChartOptions struct {
	LogY   bool    // plot log10 of the values; labels read 1e-2, 0.1, 1, 10 …
	Title  string  // first line, bold; "" leaves the line out
	XLabel string  // unit of x, e.g. "step", shown left of the x tick labels
	XMax   float64 // x value of the last point of the longest series; <= 0 means len-1
	// FitY chooses the y range from the series that share a scale: besides
	// the Off ones, a series whose peak is more than 10× the median peak is
	// cut where it leaves the range and marked in the legend, so that one
	// run far above the others does not flatten them.
	FitY bool
	// NoValues leaves the values out of the legend (a table shows them).
	NoValues bool
	// BandNote names the bands of the series that have them (Series.Lo
	// and Hi), as one legend item: "lowest to highest of 3 seeds".
	BandNote string
	// LogX labels x on a log scale: the points are spaced evenly in log x
	// from XMin (the first point, above 0) to XMax, and the ticks sit on
	// the powers of ten between them (a learning-rate sweep).
	LogX bool
	XMin float64
}

// offScale is how many times the median peak a series may reach before
// FitY leaves it out of the y range.
const offScale = 10

const (
	chartLabelW = 6 // y labels are always this wide, so the plot never shifts
	chartOffset = 3 // asciigraph offset: label, space, axis
)

var (
	heavyCharSet = asciigraph.CharSet{
		Horizontal: "━", VerticalLine: "┃",
		ArcDownRight: "┏", ArcDownLeft: "┓", ArcUpRight: "┗", ArcUpLeft: "┛",
		EndCap: "╸", StartCap: "╺",
	}
	doubleCharSet = asciigraph.CharSet{
		Horizontal: "═", VerticalLine: "║",
		ArcDownRight: "╔", ArcDownLeft: "╗", ArcUpRight: "╚", ArcUpLeft: "╝",
		EndCap: "═", StartCap: "═",
	}
	defaultMarkers = []rune{'─', '━', '═', '•', '+', 'x', '*', 'o', '#'}
	envelopeGlyph  = "·"
)

func charSetFor(marker rune) asciigraph.CharSet {
	switch marker {
	case '─':
		return asciigraph.DefaultCharSet
	case '━':
		return heavyCharSet
	case '═':
		return doubleCharSet
	}
	return asciigraph.CreateCharSet(string(marker))
}

func (s Series) glyph(i int) rune {
	if s.Marker != 0 && lipgloss.Width(string(s.Marker)) == 1 {
		return s.Marker
	}
	return defaultMarkers[i%len(defaultMarkers)]
}

// LossChart draws series as a line chart exactly width×height cells.
//
// Points[i] of every series sits at the same x position, so a shorter series
// is a run that is behind the longest one. Series are downsampled to the plot
// width with the bucket mean (see Bucket) or stretched by linear
// interpolation when they have fewer points than columns. NaN and ±Inf draw
// gaps; with LogY, values <= 0 sit on the bottom edge. The y labels have a
// fixed width and the y range snaps to round numbers, so the plot does not
// jump as the loss falls.
//
// From top to bottom: the title (if any), the plot, the x axis, the x tick
// labels with opt.XLabel, and a legend with each series' glyph, name and
// latest value (on two lines when one is too narrow and the plot keeps at
// least 6 rows). Series that leave the y range (see Series.Off and FitY)
// are cut there and marked "↑ off chart" in the legend. On small heights
// the title, tick labels, axis and legend are dropped in that order; on
// narrow widths the y labels go.
func LossChart(series []Series, width, height int, opt ChartOptions, st Styles) string {
	if width <= 0 || height <= 0 {
		return ""
	}
	out := excluded(series, opt.FitY)
	showTitle := opt.Title != ""
	showTicks, showAxis, showLegend := true, true, true
	legendH := 1
	plotH := func() int {
		n := height
		for _, b := range []bool{showTitle, showTicks, showAxis, showLegend} {
			if b {
				n--
			}
		}
		if showLegend {
			n -= legendH - 1
		}
		return n
	}
	labelW, offset := chartLabelW, chartOffset
	prefix := labelW + offset
	if width-prefix < 8 {
		labelW, offset, prefix = 0, 2, 2
	}
	cols := width - prefix
	if cols < 1 {
		cols = 1
	}
	n := 0
	for _, s := range series {
		n = max(n, len(s.Points))
	}
	// Two legend lines when one cannot hold every item with its value
	// (marks and envelopes included).
	var envGuess []int
	for i, s := range series {
		if s.Envelope && n > cols+1 {
			envGuess = append(envGuess, i)
		}
	}
	if _, fits := chartLegend(series, envGuess, out, width, 1, !opt.NoValues, opt.BandNote, st); !fits && height >= 12 {
		legendH = 2
	}
	for _, b := range []*bool{&showTitle, &showTicks, &showAxis} {
		if plotH() < 3 {
			*b = false
		}
	}
	if plotH() < 2 {
		showLegend = false
	}
	P := plotH()
	if P < 2 {
		// One line: the legend is the most useful thing that fits.
		leg, _ := chartLegend(series, nil, nil, width, 1, !opt.NoValues, opt.BandNote, st)
		return block(leg, width, height)
	}

	var lines []string
	if showTitle {
		lines = append(lines, chartTitle(opt, width, st))
	}
	data, envOf := sampleSeries(series, n, cols+1, opt.LogY)
	plot, cut, ok := plotLines(data, envOf, series, out, P, labelW, offset, opt.LogY, st)
	if !ok {
		for i := 0; i < P; i++ {
			s := ""
			if i == (P-1)/2 {
				s = st.render(st.Muted, center("no data yet", width))
			}
			lines = append(lines, s)
		}
	} else {
		lines = append(lines, plot...)
	}
	if showAxis {
		xmax := opt.XMax
		if !(xmax > 0) || math.IsInf(xmax, 0) {
			xmax = float64(max(n-1, 0))
		}
		var axis, ticks string
		if opt.LogX && opt.XMin > 0 && xmax > opt.XMin {
			axis, ticks = logXAxis(opt.XMin, xmax, cols, prefix, width, opt.XLabel, st)
		} else {
			axis, ticks = xAxis(xmax, cols, prefix, width, opt.XLabel, st)
		}
		if !ok {
			axis, ticks = "", ""
		}
		lines = append(lines, axis)
		if showTicks {
			lines = append(lines, ticks)
		}
	}
	if showLegend {
		leg, _ := chartLegend(series, envOf, cut, width, legendH, !opt.NoValues, opt.BandNote, st)
		lines = append(lines, leg...)
	}
	return block(lines, width, height)
}

// excluded says which series do not set the y range: the Off ones, and
// with fit those whose peak is more than offScale times the median peak of
// the rest. When that would leave none, none is excluded.
func excluded(series []Series, fit bool) []bool {
	out := make([]bool, len(series))
	var peaks []float64
	peak := make([]float64, len(series))
	for i, s := range series {
		peak[i] = math.NaN()
		for _, v := range s.Points {
			if finite(v) && !(v <= peak[i]) {
				peak[i] = v
			}
		}
		out[i] = s.Off
		if !s.Off && finite(peak[i]) {
			peaks = append(peaks, peak[i])
		}
	}
	if fit && len(peaks) >= 2 {
		slices.Sort(peaks)
		med := peaks[len(peaks)/2]
		if len(peaks)%2 == 0 {
			med = (peaks[len(peaks)/2-1] + med) / 2
		}
		for i := range series {
			if med > 0 && peak[i] > offScale*med {
				out[i] = true
			}
		}
	}
	for i := range series {
		if !out[i] && finite(peak[i]) {
			return out
		}
	}
	return make([]bool, len(series))
}

func chartTitle(opt ChartOptions, width int, st Styles) string {
	hint := ""
	if opt.LogY && !strings.Contains(opt.Title, "log scale") {
		hint = "log scale"
	}
	t := truncPlain(opt.Title, width)
	gap := width - lipgloss.Width(t) - len(hint)
	if hint == "" || gap < 2 {
		return st.render(st.Title, t)
	}
	return st.render(st.Title, t) + strings.Repeat(" ", gap) + st.render(st.Muted, hint)
}

// sampleSeries turns every series into exactly m samples (downsampled by
// bucket mean or stretched), adding a max-envelope series in front of the
// others for each series that asked for one and was downsampled. envOf[j]
// is the index in series of data[j] if data[j] is an envelope, else -1.
// With logY the samples are log10 values. Non-finite values become NaN.
func sampleSeries(series []Series, n, m int, logY bool) (data [][]float64, envOf []int) {
	down := n > m
	// With LogY, values <= 0 sit one the bottom decade of the smallest
	// positive value; stretching interpolates in log space.
	floorLog := 0.0
	if logY {
		minPos := math.Inf(1)
		for _, s := range series {
			for _, v := range s.Points {
				if v > 0 && v < minPos && finite(v) {
					minPos = v
				}
			}
		}
		if finite(minPos) {
			floorLog = math.Floor(math.Log10(minPos))
		} else {
			floorLog = -1
		}
	}
	tr := func(v float64) float64 {
		switch {
		case !finite(v):
			return math.NaN()
		case logY && v > 0:
			return math.Log10(v)
		case logY:
			return floorLog
		}
		// Beyond ±1e300 the axis arithmetic overflows; nobody reads
		// such a loss anyway (the legend still shows the true value).
		return math.Max(-1e300, math.Min(1e300, v))
	}
	var env, main [][]float64
	var envIdx []int
	var tmp []float64
	sample := func(pts []float64) []float64 {
		d := make([]float64, m)
		if down {
			bucketInto(d, pts, n, BucketMean)
			for k := range d {
				d[k] = tr(d[k])
			}
			return d
		}
		tmp = tmp[:0]
		for _, v := range pts {
			tmp = append(tmp, tr(v))
		}
		resample(d, tmp, n)
		return d
	}
	for i, s := range series {
		if len(s.Lo) > 0 && len(s.Hi) > 0 {
			env = append(env, sample(s.Lo), sample(s.Hi))
			envIdx = append(envIdx, i, i)
		}
		d := make([]float64, m)
		if down {
			bucketInto(d, s.Points, n, BucketMean)
			if s.Envelope {
				e := make([]float64, m)
				bucketInto(e, s.Points, n, BucketMax)
				for k := range e {
					e[k] = tr(e[k])
				}
				env = append(env, e)
				envIdx = append(envIdx, i)
			}
			for k := range d {
				d[k] = tr(d[k])
			}
		} else {
			tmp = tmp[:0]
			for _, v := range s.Points {
				tmp = append(tmp, tr(v))
			}
			resample(d, tmp, n)
		}
		main = append(main, d)
	}
	data = append(env, main...)
	envOf = append(envIdx, make([]int, len(main))...)
	for j := len(envIdx); j < len(envOf); j++ {
		envOf[j] = -1
	}
	return data, envOf
}

// plotLines runs asciigraph over data and returns exactly P lines, or false
// when there is nothing finite to draw. The y range comes from the series
// not in out; theirs are cut (NaN) beyond it, and cut reports, per series,
// whether anything was.
func plotLines(data [][]float64, envOf []int, series []Series, out []bool, P, labelW, offset int, logY bool, st Styles) (lines []string, cut []bool, ok bool) {
	// seriesOf is the series data[j] belongs to (an envelope, its series).
	nEnv := 0
	for _, i := range envOf {
		if i >= 0 {
			nEnv++
		}
	}
	seriesOf := func(j int) int {
		if envOf[j] >= 0 {
			return envOf[j]
		}
		return j - nEnv
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for j, d := range data {
		if out[seriesOf(j)] {
			continue
		}
		for _, v := range d {
			if finite(v) {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
	}
	if lo > hi {
		return nil, nil, false
	}
	R := P - 1
	var unit float64
	if logY {
		lo, hi = math.Floor(lo), math.Ceil(hi)
		if hi-lo < 1 {
			hi = lo + 1
		}
	} else {
		dmin, dmax := lo, hi
		if hi == lo {
			d := math.Abs(lo) / 2
			if d == 0 {
				d = 1
			}
			lo, hi = lo-d, hi+d
		}
		unit = niceStep((hi - lo) / float64(max(1, R/3)))
		lo = math.Min(math.Floor(lo/unit)*unit, dmin)
		hi = math.Max(math.Ceil(hi/unit)*unit, dmax)
		if dmin >= 0 && lo < 0 {
			lo = 0
		}
	}

	// asciigraph draws |round(hi*ratio)-round(lo*ratio)|+1 lines for
	// Height(h), ratio = h/(hi-lo). That is h+1 unless lo*ratio ends in
	// exactly .5 (rounding half away from zero on both sides of 0): then
	// lower lo by a hair. Values may then land half a row lower than
	// before; the labels are placed with the same arithmetic (rowOf), so a
	// label always sits on the row where its value is drawn.
	rowsFor := func(h int) (int, float64) {
		ratio := float64(h) / (hi - lo)
		return int(math.Abs(math.Round(hi*ratio) - math.Round(lo*ratio))), ratio
	}
	h, tickLo := R, lo
	for try := 0; try < 8; try++ {
		if r, _ := rowsFor(h); r == R {
			break
		}
		lo -= (hi - lo) * 1e-6
	}
	rows, ratio := rowsFor(h)
	if rows < 1 || rows > 2*P {
		return nil, nil, false // cannot happen with finite, clamped data
	}
	cut = make([]bool, len(series))
	for j, d := range data {
		i := seriesOf(j)
		if !out[i] {
			continue
		}
		for k, v := range d {
			if v > hi || v < lo {
				d[k] = math.NaN()
				cut[i] = cut[i] || envOf[j] < 0 // an envelope's spikes alone do not count
			}
		}
	}
	rowOf := func(v float64) int {
		return rows - (int(math.Round(v*ratio)) - int(math.Round(lo*ratio)))
	}

	labels := make([]string, rows+1)
	if labelW > 0 {
		placeLabels(labels, tickLo, hi, unit, logY, rows, rowOf, labelW)
	}

	opts := []asciigraph.Option{
		asciigraph.Height(h),
		asciigraph.LowerBound(lo),
		asciigraph.UpperBound(hi),
		asciigraph.Offset(offset),
		asciigraph.YAxisValueFormatter(func(m float64) string {
			if labelW == 0 {
				return ""
			}
			r := int(math.Round((hi - m) / (hi - lo) * float64(rows)))
			if r < 0 || r >= len(labels) {
				return padLeft("", labelW)
			}
			return padLeft(labels[r], labelW)
		}),
	}
	sets := make([]asciigraph.CharSet, len(data))
	colors := make([]asciigraph.AnsiColor, len(data))
	for j := range data {
		i := seriesOf(j)
		if envOf[j] >= 0 {
			sets[j] = asciigraph.CreateCharSet(envelopeGlyph)
		} else {
			sets[j] = charSetFor(series[i].glyph(i))
		}
		if st.Color && len(st.SeriesANSI) > 0 {
			colors[j] = st.SeriesANSI[i%len(st.SeriesANSI)]
		}
	}
	opts = append(opts, asciigraph.SeriesChars(sets...))
	if st.Color {
		opts = append(opts,
			asciigraph.SeriesColors(colors...),
			asciigraph.AxisColor(st.AxisANSI),
			asciigraph.LabelColor(st.LabelANSI))
	}
	lines = strings.Split(asciigraph.PlotMany(data, opts...), "\n")
	for len(lines) < P { // never expected; keep the layout whatever happens
		lines = append(lines, "")
	}
	return lines[:P], cut, true
}

// placeLabels fills labels (one per plot row, top first) with round values:
// multiples of unit (linear) or decades, plus 2× and 5× when there is room
// (log). The extremes go first; a label needs a free row on either side
// unless the plot is tiny.
func placeLabels(labels []string, lo, hi, unit float64, logY bool, rows int, rowOf func(float64) int, labelW int) {
	type tick struct {
		v    float64
		text string
	}
	var ticks []tick
	if logY {
		lo, hi = math.Round(lo), math.Round(hi)
		decades := int(hi - lo)
		perDecade := float64(rows) / float64(decades)
		step := 1
		if perDecade < 2 {
			step = int(math.Ceil(2 / perDecade))
		}
		ticks = append(ticks, tick{lo, decadeLabel(int(lo), 1)}, tick{hi, decadeLabel(int(hi), 1)})
		for k := int(lo) + step; k < int(hi); k += step {
			ticks = append(ticks, tick{float64(k), decadeLabel(k, 1)})
		}
		if perDecade >= 6 {
			for k := int(lo); k < int(hi); k++ {
				ticks = append(ticks,
					tick{float64(k) + math.Log10(5), decadeLabel(k, 5)},
					tick{float64(k) + math.Log10(2), decadeLabel(k, 2)})
			}
		}
	} else {
		d := decimalsFor(unit)
		nt := int(math.Round((hi - lo) / unit))
		ticks = append(ticks, tick{lo, fmtFixed(lo, d, labelW)}, tick{hi, fmtFixed(hi, d, labelW)})
		for j := 1; j < nt; j++ {
			v := lo + float64(j)*unit
			ticks = append(ticks, tick{v, fmtFixed(v, d, labelW)})
		}
	}
	free := func(r int) bool { return r >= 0 && r < len(labels) && labels[r] == "" }
	for _, t := range ticks {
		r := rowOf(t.v)
		if !free(r) {
			continue
		}
		if rows >= 4 && ((r > 0 && !free(r-1)) || (r < rows && !free(r+1))) {
			continue
		}
		labels[r] = t.text
	}
}

// decadeLabel writes m×10^k: plainly for 0.1 … 500, else as "2e-3".
func decadeLabel(k, m int) string {
	if k >= -1 && k <= 2 {
		return strconv.FormatFloat(float64(m)*math.Pow(10, float64(k)), 'f', -1, 64)
	}
	return strconv.Itoa(m) + "e" + strconv.Itoa(k)
}

// xAxis returns the axis line and the tick-label line.
func xAxis(xmax float64, cols, prefix, width int, xlabel string, st Styles) (string, string) {
	if prefix < 1 {
		return "", ""
	}
	axis := []rune(strings.Repeat(" ", prefix-1) + "└" + strings.Repeat("─", cols))
	lab := []rune(strings.Repeat(" ", width+1))
	colOf := func(v float64) int {
		if xmax <= 0 || cols <= 1 {
			return 0
		}
		return int(math.Round(v / xmax * float64(cols-1)))
	}
	unit := niceStep(xmax / math.Max(1, float64(cols)/10))
	if xmax >= 1 && xmax == math.Trunc(xmax) && unit < 1 {
		unit = 1
	}
	lastEnd := -1
	if xlabel != "" && len([]rune(xlabel))+1 < prefix {
		// Right-aligned in the y-label gutter, one space before "└".
		lastEnd = writeRunes(lab, prefix-1-len([]rune(xlabel)), xlabel) + 1
		xlabel = ""
	}
	for j := 0; ; j++ {
		v := float64(j) * unit
		if v > xmax*(1+1e-9) || j > cols {
			break
		}
		c := colOf(v)
		axis[prefix+c] = '┬'
		text := fmtX(v)
		w := len([]rune(text))
		start := prefix + c - w/2
		if c == 0 {
			start = prefix + c
		}
		start = min(start, width-w)
		if start <= lastEnd {
			continue
		}
		lastEnd = writeRunes(lab, start, text) + 1
		if xmax == 0 {
			break
		}
	}
	if xlabel != "" && lastEnd+len([]rune(xlabel)) < width {
		writeRunes(lab, lastEnd+1, xlabel)
	}
	return st.render(st.Axis, string(axis)), st.render(st.Label, strings.TrimRight(string(lab), " "))
}

// logXAxis is xAxis for a log scale from lo to hi: a tick on every power
// of ten, labelled 1e-4, 0.001, 0.01, 0.1, 1, 10, 100, 1000, 1e4.
func logXAxis(lo, hi float64, cols, prefix, width int, xlabel string, st Styles) (string, string) {
	if prefix < 1 {
		return "", ""
	}
	axis := []rune(strings.Repeat(" ", prefix-1) + "└" + strings.Repeat("─", cols))
	lab := []rune(strings.Repeat(" ", width+1))
	a, b := math.Log10(lo), math.Log10(hi)
	lastEnd := -1
	if xlabel != "" && len([]rune(xlabel))+1 < prefix {
		lastEnd = writeRunes(lab, prefix-1-len([]rune(xlabel)), xlabel) + 1
		xlabel = ""
	}
	for k := math.Ceil(a - 1e-9); k <= b+1e-9; k++ {
		c := int(math.Round((k - a) / (b - a) * float64(cols-1)))
		axis[prefix+c] = '┬'
		text := strconv.FormatFloat(math.Pow(10, k), 'g', -1, 64)
		if k < -3 || k > 3 {
			text = "1e" + strconv.Itoa(int(k))
		}
		w := len([]rune(text))
		start := min(max(prefix+c-w/2, prefix), width-w)
		if start <= lastEnd {
			continue
		}
		lastEnd = writeRunes(lab, start, text) + 1
	}
	if xlabel != "" && lastEnd+len([]rune(xlabel)) < width {
		writeRunes(lab, lastEnd+1, xlabel)
	}
	return st.render(st.Axis, string(axis)), st.render(st.Label, strings.TrimRight(string(lab), " "))
}

// writeRunes copies s into dst at start (clipped) and returns the index of
// the last cell written.
func writeRunes(dst []rune, start int, s string) int {
	i := start
	for _, r := range s {
		if i >= 0 && i < len(dst) {
			dst[i] = r
		}
		i++
	}
	return i - 1
}

// fmtX writes x tick values compactly: 0, 250, 1.5k, 20k, 1.2M, 0.5.
func fmtX(v float64) string {
	a := math.Abs(v)
	switch {
	case a >= 1e6:
		return strconv.FormatFloat(v/1e6, 'f', -1, 64) + "M"
	case a >= 1e4 || (a >= 1000 && math.Mod(a, 100) == 0):
		return strconv.FormatFloat(v/1e3, 'f', -1, 64) + "k"
	}
	return shortExp(strconv.FormatFloat(v, 'g', 4, 64))
}

// chartLegend lists each series as "glyph name value", the glyph and name in
// the series colour, "↑ off chart" after a series marked in marks.
// Envelopes get their own "· worst batch" item. Items fill up to
// maxLines lines (never split); when they do not fit the values go first,
// then the last line is cut. fits reports whether everything fitted.
//
// A band note (ChartOptions.BandNote) is one more item, after the series,
// when a series has a band.
func chartLegend(series []Series, envOf []int, marks []bool, width, maxLines int, values bool, bandNote string, st Styles) (lines []string, fits bool) {
	hasEnv := map[int]bool{}
	for _, i := range envOf {
		if i >= 0 && series[i].Envelope {
			hasEnv[i] = true
		}
	}
	band := false
	type item struct{ styled, value string }
	var items []item
	for i, s := range series {
		name := string(s.glyph(i)) + " " + s.Name
		value := s.Value
		if value == "" && len(s.Points) > 0 {
			value = fmtValue(s.Points[len(s.Points)-1])
		}
		styled := st.render(st.seriesStyle(i), name)
		if i < len(marks) && marks[i] {
			styled += " " + st.render(st.Muted, "↑ off chart")
		}
		items = append(items, item{styled, value})
		if hasEnv[i] {
			items = append(items, item{st.render(st.seriesStyle(i), envelopeGlyph+" worst batch"), ""})
		}
		band = band || len(s.Lo) > 0
	}
	if band && bandNote != "" {
		items = append(items, item{st.render(st.Muted, envelopeGlyph+" "+bandNote), ""})
	}
	layout := func(values bool, maxLines int) ([]string, bool) {
		texts := make([]string, len(items))
		for i, it := range items {
			texts[i] = it.styled
			if values && it.value != "" {
				texts[i] += " " + it.value
			}
		}
		out := Pack(texts, "  ", width)
		ok := len(out) <= maxLines
		for _, l := range out {
			ok = ok && lipgloss.Width(l) <= width
		}
		return out, ok
	}
	// Values on as few lines as allowed, else without values.
	for _, v := range []bool{values, false} {
		if lines, fits = layout(v, maxLines); fits || !v {
			break
		}
	}
	if len(lines) > maxLines {
		rest := strings.Join(lines[maxLines-1:], "  ")
		lines = append(lines[:maxLines-1], rest)
	}
	for i := range lines {
		lines[i] = fitText(lines[i], width)
	}
	return lines, fits
}
