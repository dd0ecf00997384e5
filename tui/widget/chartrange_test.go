package widget

import (
	"strconv"
	"strings"
	"testing"
)

// yLabels are the numbers on a chart's y axis, top first.
func yLabels(t *testing.T, chart string) []float64 {
	t.Helper()
	var out []float64
	for _, l := range strings.Split(chart, "\n") {
		f := strings.Fields(l)
		if len(f) < 2 || (f[1] != "┤" && f[1] != "┼") {
			continue
		}
		v, err := strconv.ParseFloat(f[0], 64)
		if err == nil {
			out = append(out, v)
		}
	}
	return out
}

// A run far above the others (one that diverged, or one that starts 50
// times higher) does not set the y axis: the others keep their scale, it
// is cut where it leaves the chart, and the legend says so.
func TestLossChartRangeIgnoresRunsOffScale(t *testing.T) {
	st := asciiStyles(t)
	fall := func(from, to float64) []float64 {
		p := make([]float64, 50)
		for i := range p {
			p[i] = from + (to-from)*float64(i)/49
		}
		return p
	}
	series := []Series{
		{Name: "lr 0.01", Points: fall(0.7, 0.4)},
		{Name: "lr 0.3", Points: fall(0.7, 0.05)},
		{Name: "lr 3", Points: fall(0.7, 4e6)[:10], Off: true}, // diverged
	}
	out := LossChart(series, 60, 16, ChartOptions{FitY: true}, st)
	labels := yLabels(t, out)
	if len(labels) == 0 || labels[0] > 1 {
		t.Errorf("the diverged run sets the axis (top label %v):\n%s", labels, out)
	}
	if !strings.Contains(out, "═ lr 3 ↑ off chart") {
		t.Errorf("the legend does not say the diverged run left the chart:\n%s", out)
	}
	if strings.Contains(out, "─ lr 0.01 ↑") || strings.Contains(out, "━ lr 0.3 ↑") {
		t.Errorf("a run on the chart is marked as off it:\n%s", out)
	}

	// Not diverged, but fifty times higher at the start (lesson 6's
	// uniform init): FitY leaves it out of the range too.
	series[2] = Series{Name: "uniform", Points: append(fall(36.9, 0.8)[:5], fall(0.8, 0.6)...)}
	out = LossChart(series, 60, 16, ChartOptions{FitY: true}, st)
	if labels = yLabels(t, out); len(labels) == 0 || labels[0] > 1 {
		t.Errorf("a run 50× higher sets the axis (top label %v):\n%s", labels, out)
	}
	if !strings.Contains(out, "uniform ↑ off chart") {
		t.Errorf("the legend does not mark the run that left the chart:\n%s", out)
	}
	// Without FitY every run sets the range, as before.
	if labels = yLabels(t, LossChart(series, 60, 16, ChartOptions{}, st)); len(labels) == 0 || labels[0] < 36.9 {
		t.Errorf("without FitY the top label is %v, want the peak 36.9 on the chart", labels)
	}
	// All diverged: then they set the range after all.
	for i := range series {
		series[i].Off = true
	}
	if labels = yLabels(t, LossChart(series, 60, 16, ChartOptions{FitY: true}, st)); len(labels) == 0 || labels[0] < 36.9 {
		t.Errorf("every run off: top label %v, want the chart to hold them", labels)
	}
}

// A legend too long for one line takes two, keeping every glyph and name.
func TestLossChartLegendWraps(t *testing.T) {
	st := asciiStyles(t)
	pts := []float64{1, 0.5, 0.25}
	series := []Series{
		{Name: "xavier_normalized", Points: pts}, {Name: "he_uniform", Points: pts},
		{Name: "he_normal", Points: pts}, {Name: "uniform ±0.05", Points: pts},
	}
	out := LossChart(series, 40, 14, ChartOptions{NoValues: true}, st)
	lines := strings.Split(out, "\n")
	legend := lines[len(lines)-2] + "\n" + lines[len(lines)-1]
	for i, s := range series {
		if want := string(defaultMarkers[i]) + " " + s.Name; !strings.Contains(legend, want) {
			t.Errorf("legend lacks %q:\n%s", want, legend)
		}
	}
	if strings.Contains(legend, "…") || strings.Contains(legend, "0.25") {
		t.Errorf("legend cut or with values:\n%s", legend)
	}
	if n := len(lines); n != 14 {
		t.Errorf("%d lines, want 14", n)
	}
}

// Pack fills lines greedily, keeps items whole and in order, and gives an
// item wider than a line a line of its own.
func TestPack(t *testing.T) {
	got := Pack([]string{"aa", "bb", "cc", "a-very-long-item", "dd"}, " · ", 10)
	want := []string{"aa · bb", "cc", "a-very-long-item", "dd"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("Pack = %q, want %q", got, want)
	}
	if got := Pack(nil, "  ", 10); got != nil {
		t.Errorf("Pack(nil) = %q", got)
	}
}
