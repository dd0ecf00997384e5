package widget

import (
	"flag"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

func TestMain(m *testing.M) {
	// Golden files are plain text: no colour, whatever the terminal.
	lipgloss.SetColorProfile(termenv.Ascii)
	lipgloss.SetHasDarkBackground(true)
	os.Exit(m.Run())
}

// golden compares got with testdata/<name>.golden (rewritten with -update).
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (create it with: go test ./tui/widget/ -run %s -update)", err, t.Name())
	}
	if got+"\n" != string(want) {
		t.Errorf("%s differs from %s (after a deliberate change: go test ./tui/widget/ -update)\n--- got\n%s\n--- want\n%s",
			name, path, got, strings.TrimSuffix(string(want), "\n"))
	}
}

// asciiStyles are the styles the golden files use.
func asciiStyles(t testing.TB) Styles {
	t.Helper()
	st := DefaultStyles()
	if st.Color {
		t.Fatal("DefaultStyles under the Ascii profile has Color = true")
	}
	return st
}

// colorStyles render true colour whatever the terminal.
func colorStyles(dark bool) Styles {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.TrueColor)
	r.SetHasDarkBackground(dark)
	return NewStyles(r)
}

// checkBlock fails unless s has exactly h lines of exactly w cells.
func checkBlock(t *testing.T, what string, s string, w, h int) {
	t.Helper()
	if h == 0 || w == 0 {
		if s != "" {
			t.Errorf("%s: want empty output for %dx%d, got %q", what, w, h, s)
		}
		return
	}
	lines := strings.Split(s, "\n")
	if len(lines) != h {
		t.Errorf("%s: %d lines, want %d:\n%s", what, len(lines), h, s)
		return
	}
	for i, l := range lines {
		if got := lipgloss.Width(l); got != w {
			t.Errorf("%s: line %d is %d cells wide, want %d: %q", what, i, got, w, l)
			return
		}
	}
}

// noisyLoss is a falling, noisy loss curve with an optional spike.
func noisyLoss(n int, seed uint64, spikeAt int) []float64 {
	r := rand.New(rand.NewPCG(seed, 7))
	out := make([]float64, n)
	for i := range out {
		out[i] = 2.3*math.Exp(-5*float64(i)/float64(n)) + 0.05 + 0.08*r.Float64()
	}
	if spikeAt >= 0 && spikeAt < n {
		out[spikeAt] = 3.5
	}
	return out
}

func plotRows(chart string) []string {
	var rows []string
	for _, l := range strings.Split(chart, "\n") {
		if strings.ContainsAny(l, "┤┼") {
			rows = append(rows, l)
		}
	}
	return rows
}

// yLabel returns the trimmed y label of a plot row ("" if none).
func yLabel(row string) string {
	r := []rune(row)
	if len(r) < chartLabelW+1 {
		return ""
	}
	return strings.TrimSpace(string(r[:chartLabelW+1]))
}

func plotPart(row string) string {
	r := []rune(row)
	if len(r) <= chartLabelW+chartOffset {
		return ""
	}
	return string(r[chartLabelW+chartOffset:])
}

var (
	nan  = math.NaN()
	pinf = math.Inf(1)
	ninf = math.Inf(-1)
)

func chartCases() map[string][]Series {
	seven := make([]Series, 7)
	for i := range seven {
		seven[i] = Series{Name: fmt.Sprintf("init %d", i), Points: noisyLoss(300+50*i, uint64(i), -1)}
	}
	return map[string][]Series{
		"nil":       nil,
		"empty":     {{Name: "train"}},
		"two empty": {{Name: "train"}, {Name: "test", Points: []float64{}}},
		"all nan":   {{Name: "train", Points: []float64{nan, nan, nan}}},
		"all inf":   {{Name: "train", Points: []float64{pinf, ninf}}},
		"one":       {{Name: "train", Points: []float64{0.7}}},
		"two":       {{Name: "train", Points: []float64{0.7, 0.3}}},
		"constant":  {{Name: "train", Points: []float64{0.5, 0.5, 0.5, 0.5}}},
		"zeros":     {{Name: "train", Points: []float64{0, 0, 0}}},
		"negative":  {{Name: "r", Points: []float64{-3, -1, 2, -0.5}}},
		"gaps":      {{Name: "train", Points: []float64{1, 0.8, pinf, 0.5, ninf, 0.3, nan, 0.2}}},
		"diverge":   {{Name: "train", Points: []float64{1, 3, 30, 900, 1e6, pinf, nan}}},
		"huge":      {{Name: "train", Points: []float64{1e300, 1e-300, 5e299}}},
		"tiny":      {{Name: "train", Points: []float64{1e-12, 3e-12, 2e-12}}},
		"extreme":   {{Name: "x", Points: []float64{math.MaxFloat64, -math.MaxFloat64, 1, math.SmallestNonzeroFloat64}}},
		"max":       {{Name: "x", Points: []float64{math.MaxFloat64, math.MaxFloat64 / 3}}},
		"long":      {{Name: "train", Points: noisyLoss(20000, 1, 12345), Envelope: true}, {Name: "test", Points: noisyLoss(20000, 2, -1)}},
		"ragged":    {{Name: "a", Points: noisyLoss(1000, 3, -1)}, {Name: "b", Points: noisyLoss(10, 4, -1)}, {Name: "c"}},
		"seven":     seven,
	}
}

func TestLossChartAlwaysFits(t *testing.T) {
	sizes := [][2]int{{0, 0}, {1, 1}, {2, 1}, {1, 5}, {3, 2}, {5, 2}, {10, 3}, {10, 4}, {12, 5}, {16, 6},
		{17, 7}, {20, 8}, {30, 10}, {40, 12}, {80, 24}, {120, 40}, {200, 60}}
	styles := map[string]Styles{"ascii": asciiStyles(t), "color": colorStyles(true)}
	for name, series := range chartCases() {
		for sname, st := range styles {
			for _, sz := range sizes {
				for _, opt := range []ChartOptions{
					{},
					{LogY: true, Title: "Loss", XLabel: "step"},
					{Title: "a title much longer than any of the widths we try here, surely", XLabel: "epoch", XMax: 12.5},
				} {
					what := fmt.Sprintf("%s/%s/%dx%d/log=%v", name, sname, sz[0], sz[1], opt.LogY)
					out := LossChart(series, sz[0], sz[1], opt, st)
					checkBlock(t, what, out, sz[0], sz[1])
					if !st.Color && strings.Contains(out, "\x1b") {
						t.Errorf("%s: escape sequence without colour: %q", what, out)
					}
				}
			}
		}
	}
}

func TestLossChartColorEscapes(t *testing.T) {
	series := chartCases()["long"]
	if out := LossChart(series, 80, 20, ChartOptions{}, colorStyles(true)); !strings.Contains(out, "\x1b[38;5;") {
		t.Errorf("colour styles: no asciigraph colour in output")
	}
	if out := LossChart(series, 80, 20, ChartOptions{}, asciiStyles(t)); strings.Contains(out, "\x1b") {
		t.Errorf("ascii styles: escape in output")
	}
}

func TestLossChartDoesNotModifyInput(t *testing.T) {
	pts := []float64{1, nan, pinf, 0, -1, 0.5}
	keep := append([]float64(nil), pts...)
	LossChart([]Series{{Name: "x", Points: pts, Envelope: true}}, 40, 10, ChartOptions{LogY: true}, asciiStyles(t))
	for i := range pts {
		if !(pts[i] == keep[i] || (math.IsNaN(pts[i]) && math.IsNaN(keep[i]))) {
			t.Fatalf("Points changed: %v, was %v", pts, keep)
		}
	}
}

func TestLossChartNoData(t *testing.T) {
	st := asciiStyles(t)
	for _, name := range []string{"nil", "empty", "two empty", "all nan", "all inf"} {
		out := LossChart(chartCases()[name], 40, 10, ChartOptions{}, st)
		if !strings.Contains(out, "no data yet") {
			t.Errorf("%s: no \"no data yet\" message:\n%s", name, out)
		}
	}
}

func TestLossChartLabelWidthFixed(t *testing.T) {
	// As the loss falls through the decades the axis must stay put.
	st := asciiStyles(t)
	for _, logY := range []bool{false, true} {
		axisCol := -1
		for _, scale := range []float64{1e4, 100, 3, 0.9, 0.02, 1e-4, 1e-9} {
			pts := noisyLoss(300, 9, -1)
			for i := range pts {
				pts[i] *= scale
			}
			out := LossChart([]Series{{Name: "train", Points: pts}}, 60, 16, ChartOptions{LogY: logY}, st)
			for _, row := range plotRows(out) {
				col := strings.IndexFunc(row, func(r rune) bool { return r == '┤' || r == '┼' })
				col = len([]rune(row[:col]))
				if axisCol < 0 {
					axisCol = col
				}
				if col != axisCol {
					t.Errorf("log=%v scale %g: axis at column %d, was %d:\n%s", logY, scale, col, axisCol, out)
					break
				}
			}
		}
		if axisCol != chartLabelW+chartOffset-1 {
			t.Errorf("log=%v: axis at column %d, want %d", logY, axisCol, chartLabelW+chartOffset-1)
		}
	}
}

func TestLossChartLogLabels(t *testing.T) {
	// A flat line at 10^k must be drawn on the row labelled 10^k — also
	// when the plot height does not divide evenly into decades (19 lines
	// over 2 decades trips asciigraph's rounding at .5).
	st := asciiStyles(t)
	names := map[int]string{-4: "1e-4", -3: "1e-3", -2: "1e-2", -1: "0.1", 0: "1", 1: "10"}
	for _, c := range []struct{ lo, hi, height int }{{-4, 0, 24}, {-1, 1, 19}, {-1, 1, 12}, {-3, 1, 17}} {
		span := make([]float64, 50)
		for i := range span {
			span[i] = math.Pow(10, float64(c.lo)+float64(c.hi-c.lo)*float64(i)/49)
		}
		for k := c.lo; k <= c.hi; k++ {
			flat := make([]float64, 50)
			for i := range flat {
				flat[i] = math.Pow(10, float64(k))
			}
			out := LossChart([]Series{{Name: "span", Points: span, Marker: '.'}, {Name: "flat", Points: flat, Marker: '@'}},
				60, c.height, ChartOptions{LogY: true}, st)
			found := false
			for _, row := range plotRows(out) {
				if strings.Count(plotPart(row), "@") > 20 {
					found = true
					if got := yLabel(row); got != names[k] {
						t.Errorf("%+v: 10^%d drawn on the row labelled %q:\n%s", c, k, got, out)
					}
				}
			}
			if !found {
				t.Errorf("%+v: 10^%d: flat line not found:\n%s", c, k, out)
			}
		}
	}
	span := make([]float64, 50)
	for i := range span {
		span[i] = math.Pow(10, -4+4*float64(i)/49) // 1e-4 … 1
	}
	// Labels read top to bottom in falling order, all of them round.
	out := LossChart([]Series{{Name: "span", Points: span}}, 60, 24, ChartOptions{LogY: true}, st)
	var labels []string
	for _, row := range plotRows(out) {
		if l := yLabel(row); l != "" {
			labels = append(labels, l)
		}
	}
	got := strings.Join(labels, " ")
	if got != "1 0.5 0.2 0.1 5e-2 2e-2 1e-2 5e-3 2e-3 1e-3 5e-4 2e-4 1e-4" && got != "1 0.1 1e-2 1e-3 1e-4" {
		t.Errorf("log labels %q", got)
	}
	for _, k := range []string{"1", "0.1", "1e-2", "1e-3", "1e-4"} {
		if !strings.Contains(" "+got+" ", " "+k+" ") {
			t.Errorf("log labels %q lack %q", got, k)
		}
	}
}

func TestLossChartLinearLabels(t *testing.T) {
	st := asciiStyles(t)
	span := []float64{0, 1}
	flat := []float64{0.5, 0.5}
	out := LossChart([]Series{{Name: "span", Points: span, Marker: '.'}, {Name: "flat", Points: flat, Marker: '@'}},
		50, 15, ChartOptions{}, st)
	for _, row := range plotRows(out) {
		if strings.Count(plotPart(row), "@") > 20 {
			if got := yLabel(row); got != "0.5" {
				t.Errorf("0.5 drawn on row labelled %q:\n%s", got, out)
			}
			return
		}
	}
	t.Errorf("flat line not found:\n%s", out)
}

func TestLossChartEnvelopeKeepsSpike(t *testing.T) {
	st := asciiStyles(t)
	pts := make([]float64, 10000)
	for i := range pts {
		pts[i] = 0.1
	}
	pts[7777] = 5
	top := func(env bool) string {
		out := LossChart([]Series{{Name: "train", Points: pts, Envelope: env}}, 60, 12, ChartOptions{}, st)
		rows := plotRows(out)
		return plotPart(rows[0]) + plotPart(rows[1])
	}
	if s := top(true); !strings.Contains(s, envelopeGlyph) {
		t.Errorf("with Envelope the spike to 5 does not reach the top rows: %q", s)
	}
	// The mean alone hides it; that is why the envelope exists.
	if s := top(false); strings.TrimSpace(s) != "" {
		t.Errorf("without Envelope expected empty top rows, got %q", s)
	}
	legend := LossChart([]Series{{Name: "train", Points: pts, Envelope: true}}, 60, 12, ChartOptions{}, st)
	if !strings.Contains(legend, envelopeGlyph+" worst batch") {
		t.Errorf("legend lacks the envelope item:\n%s", legend)
	}
}

func TestLossChartLegend(t *testing.T) {
	st := asciiStyles(t)
	out := LossChart([]Series{
		{Name: "train", Points: []float64{1, 0.5}},
		{Name: "test", Points: []float64{1, 0.61}},
		{Name: "mine", Points: []float64{1, nan}, Marker: '+'},
	}, 60, 10, ChartOptions{}, st)
	lines := strings.Split(out, "\n")
	legend := lines[len(lines)-1]
	for _, want := range []string{"─ train 0.5", "━ test 0.61", "+ mine nan"} {
		if !strings.Contains(legend, want) {
			t.Errorf("legend %q lacks %q", legend, want)
		}
	}
}

func TestBucket(t *testing.T) {
	eq := func(a, b []float64) bool {
		if len(a) != len(b) {
			return false
		}
		for i := range a {
			if !(math.Abs(a[i]-b[i]) < 1e-12 || (math.IsNaN(a[i]) && math.IsNaN(b[i]))) {
				return false
			}
		}
		return true
	}
	pts := []float64{1, 2, 3, 4, 5, 6}
	for _, c := range []struct {
		pts  []float64
		n    int
		mode BucketMode
		want []float64
	}{
		{pts, 3, BucketMean, []float64{1.5, 3.5, 5.5}},
		{pts, 3, BucketMin, []float64{1, 3, 5}},
		{pts, 3, BucketMax, []float64{2, 4, 6}},
		{pts, 2, BucketMean, []float64{2, 5}},
		{pts, 4, BucketMax, []float64{1, 3, 4, 6}},
		{pts, 6, BucketMean, pts},
		{pts, 100, BucketMean, pts},
		{[]float64{1, nan, pinf, 3}, 2, BucketMean, []float64{1, 3}},
		{[]float64{nan, nan, 2, 2}, 2, BucketMax, []float64{nan, 2}},
		{[]float64{pinf, 1}, 5, BucketMean, []float64{nan, 1}},
		{pts, 0, BucketMean, nil},
		{nil, 3, BucketMean, nil},
	} {
		if got := Bucket(c.pts, c.n, c.mode); !eq(got, c.want) {
			t.Errorf("Bucket(%v, %d, %d) = %v, want %v", c.pts, c.n, c.mode, got, c.want)
		}
	}
}

func TestBucketKeepsSingleSpike(t *testing.T) {
	for _, n := range []int{10, 37, 64, 333} {
		pts := make([]float64, 10007)
		for i := range pts {
			pts[i] = 1
		}
		spike := 5003
		pts[spike] = 100
		mx := Bucket(pts, n, BucketMax)
		mn := Bucket(pts, n, BucketMean)
		found := -1
		for i, v := range mx {
			if v == 100 {
				found = i
			}
		}
		if found < 0 {
			t.Fatalf("n=%d: max buckets lost the spike: %v", n, mx)
		}
		if lo, hi := found*len(pts)/n, (found+1)*len(pts)/n; spike < lo || spike >= hi {
			t.Errorf("n=%d: spike in bucket %d covering [%d,%d)", n, found, lo, hi)
		}
		if mn[found] >= 100 {
			t.Errorf("n=%d: mean bucket should dilute the spike, got %v", n, mn[found])
		}
	}
}

func TestGradZone(t *testing.T) {
	for v, want := range map[float64]Zone{
		0: ZoneVanishing, 1e-9: ZoneVanishing, 9.99e-6: ZoneVanishing, -1e-6: ZoneVanishing,
		1e-5: ZoneOK, 0.3: ZoneOK, 10: ZoneOK, -5: ZoneOK,
		10.001: ZoneExploding, 1e6: ZoneExploding, pinf: ZoneExploding, ninf: ZoneExploding,
	} {
		if got := GradZone(v); got != want {
			t.Errorf("GradZone(%g) = %q, want %q", v, got, want)
		}
	}
	if got := GradZone(nan); got != ZoneNaN {
		t.Errorf("GradZone(NaN) = %q", got)
	}
}

func TestGradBars(t *testing.T) {
	st := asciiStyles(t)
	bars := []Bar{{"L1", 3e-7, 0}, {"L2", 0.02, 0}, {"L3", 42, 0}, {"L4", nan, 0}, {"L5", pinf, 0}, {"L6", 0, 0}}
	out := GradBars(bars, 70, st)
	checkBlock(t, "gradbars", out, 70, len(bars)+1)
	lines := strings.Split(out, "\n")
	for i, want := range []struct{ value, zone string }{
		{"3.0e-07", "vanishing"}, {"2.0e-02", "ok"}, {"4.2e+01", "exploding"},
		{"n/a", "n/a"}, {"inf", "exploding"}, {"0.0e+00", "vanishing"},
	} {
		f := strings.Fields(lines[i+1])
		if len(f) < 2 || f[len(f)-2] != want.value || f[len(f)-1] != want.zone {
			t.Errorf("line %q: want value %q zone %q", lines[i+1], want.value, want.zone)
		}
	}
	if strings.Contains(lines[4], "#") || strings.Contains(lines[5], "#") {
		t.Errorf("NaN/Inf drawn as a bar:\n%s", out)
	}
	// Bars grow with the value on a log scale.
	if a, b := strings.Count(lines[1], "#"), strings.Count(lines[2], "#"); !(a > 0 && b > a) {
		t.Errorf("bar lengths %d, %d not increasing:\n%s", a, b, out)
	}
	if strings.Count(lines[3], "#") < strings.Count(lines[2], "#") {
		t.Errorf("exploding bar shorter than ok bar:\n%s", out)
	}
	// Options move the zones and the scale.
	out = GradBars([]Bar{{"a", 1e-4, 0}, {"b", 0.01, 0}, {"c", 2, 0}}, 70, st, GradZones(1e-3, 1), GradRange(1e-6, 1e3))
	for i, zone := range []string{"vanishing", "ok", "exploding"} {
		if f := strings.Fields(strings.Split(out, "\n")[i+1]); f[len(f)-1] != zone {
			t.Errorf("with options line %d zone %q, want %q", i+1, f[len(f)-1], zone)
		}
	}
	if !strings.Contains(strings.Split(out, "\n")[0], "1e-6") {
		t.Errorf("GradRange(1e-6, …) not on the scale: %q", strings.Split(out, "\n")[0])
	}
}

func TestSmallWidgetsFit(t *testing.T) {
	styles := map[string]Styles{"ascii": asciiStyles(t), "color": colorStyles(false), "zero": {}}
	bars := []Bar{{"L1 2→16", 3.2e-7, 0}, {"L2 16→16", 0.03, 0}, {"L3 a very long layer label", 99, 0}, {"L4", nan, 0}, {"L5", ninf, 0}}
	rows := []HealthRow{{"L1", 0, 0, 0.3, 0.5}, {"L2 long label", 0.7, 0.3, nan, pinf}, {"L3", 1, 1, -1234.5, 1e-9}}
	img := make([]byte, 28*28)
	for i := range img {
		img[i] = byte(i)
	}
	for name, st := range styles {
		for _, w := range []int{0, 1, 2, 5, 10, 20, 31, 57, 58, 80, 200} {
			what := fmt.Sprintf("%s/%d", name, w)
			checkBlock(t, "GradBars "+what, GradBars(bars, w, st), w, min(w, 1)*(len(bars)+1))
			checkBlock(t, "GradBars empty "+what, GradBars(nil, w, st), w, min(w, 1))
			checkBlock(t, "Health "+what, Health(rows, w, st), w, min(w, 1)*len(rows))
			checkBlock(t, "Health empty "+what, Health(nil, w, st), w, min(w, 1))
			checkBlock(t, "Table "+what, Table([]string{"a", "b"}, [][]string{{"x", "1"}, {"yyyyyyyyyyyy", "22", "extra"}}, w, st), w, min(w, 1)*4)
			checkBlock(t, "Sparkline "+what, Sparkline(noisyLoss(300, 1, 5), w, st), w, min(w, 1))
			checkBlock(t, "Sparkline nan "+what, Sparkline([]float64{nan, pinf}, w, st), w, min(w, 1))
			imgs := Images([][]byte{img, img[:100], nil}, 28, 28, []string{"true: Bag / pred: Bag ✓", "a\nb\nc"}, w, st)
			n := min(3, max(1, (w+2)/30))
			capLines := []int{0, 1, 3, 3}[n]
			checkBlock(t, "Images "+what, imgs, w, min(w, 1)*ImagesHeight(28, capLines))
			for _, h := range []int{0, 1, 2, 3, 5, 12, 60} {
				grid := []float64{0, 0.3, nan, 1, 0.5, pinf}
				pts := []Point{{0, 0, 0, false}, {1, 1, 1, true}, {0.5, 0.5, 7, false}, {-1, 2, 0, false}, {nan, 0, 1, false}}
				checkBlock(t, fmt.Sprintf("Boundary %s h=%d", what, h), Boundary(grid, 3, 2, pts, w, h, st, BoundaryOptions{}), w, h)
				checkBlock(t, fmt.Sprintf("Boundary short grid %s h=%d", what, h), Boundary(grid, 30, 20, pts, w, h, st, BoundaryOptions{}), w, h)
			}
		}
	}
}

func TestNoEscapesWithoutColor(t *testing.T) {
	st := asciiStyles(t)
	img := make([]byte, 16)
	outs := []string{
		GradBars([]Bar{{"a", 1e-7, 0}, {"b", 1, 0}, {"c", 100, 0}, {"d", nan, 0}}, 60, st),
		Health([]HealthRow{{"a", 0.9, 0.9, nan, 0}}, 60, st),
		Table([]string{"h"}, [][]string{{"1"}}, 20, st),
		Sparkline([]float64{1, 2, 3}, 10, st),
		Boundary([]float64{0, 1, 1, 0}, 2, 2, []Point{{0.1, 0.1, 0, true}}, 20, 8, st, BoundaryOptions{}),
		Images([][]byte{img}, 4, 4, []string{"ok ✓"}, 20, st),
	}
	for _, o := range outs {
		if strings.Contains(o, "\x1b") {
			t.Errorf("escape sequence in no-colour output %q", o)
		}
	}
	st = colorStyles(true)
	if o := Boundary([]float64{0, 1, 1, 0}, 2, 2, nil, 20, 8, st, BoundaryOptions{}); !strings.Contains(o, "▀") || !strings.Contains(o, "\x1b[") {
		t.Errorf("colour Boundary lacks coloured half blocks")
	}
	if o := Images([][]byte{img}, 4, 4, nil, 20, st); !strings.Contains(o, "▀") {
		t.Errorf("colour Images lacks half blocks")
	}
}

func TestBoundaryGlyphPositions(t *testing.T) {
	st := asciiStyles(t)
	grid := []float64{0, 0, 0, 0} // surely class 0: blank background
	pts := []Point{
		{X: 0, Y: 1, Class: 0},     // top left
		{X: 0.999, Y: 0, Class: 1}, // bottom right
		{X: 0.5, Y: 0.5, Class: 1}, // middle
		{X: 0.25, Y: 0.75, Class: 0, Test: true},
		{X: 0.75, Y: 0.25, Class: 1, Test: true},
		{X: 1.5, Y: 0.5, Class: 0}, // outside: skipped
	}
	out := Boundary(grid, 2, 2, pts, 20, 12, st, BoundaryOptions{}) // 10 map rows + a legend of two lines
	lines := strings.Split(out, "\n")
	at := func(r, c int) string { return string([]rune(lines[r])[c]) }
	for _, c := range []struct {
		r, c int
		want string
	}{{0, 0, "o"}, {9, 19, "x"}, {5, 10, "x"}, {2, 5, "O"}, {7, 15, "X"}} {
		if got := at(c.r, c.c); got != c.want {
			t.Errorf("cell (%d,%d) = %q, want %q:\n%s", c.r, c.c, got, c.want, out)
		}
	}
	body := strings.Join(lines[:10], "\n")
	if n := strings.Count(body, "o") + strings.Count(body, "x") + strings.Count(body, "O") + strings.Count(body, "X"); n != 5 {
		t.Errorf("%d glyphs drawn, want 5:\n%s", n, out)
	}
	if !strings.HasPrefix(lines[10], "o class 0  x class") {
		t.Errorf("legend %q", lines[10])
	}
	wide := strings.Split(Boundary(grid, 2, 2, pts, 60, 11, st, BoundaryOptions{}), "\n")
	if got := strings.TrimSpace(wide[10]); got != "o class 0  x class 1  O X test  p(1) 0[   .-=+:::]1" {
		t.Errorf("legend %q", got)
	}
	// Too narrow for one line: the legend takes two and keeps the shading
	// key whole (without colour it is the only key to the shades).
	mid := strings.Split(Boundary(grid, 2, 2, pts, 34, 12, st, BoundaryOptions{}), "\n")
	if got := strings.TrimSpace(mid[10]) + " | " + strings.TrimSpace(mid[11]); got != "o class 0  x class 1  O X test | p(1) 0[   .-=+:::]1" {
		t.Errorf("two-line legend %q", got)
	}

	// The boundary itself: left half class 0, right half class 1.
	out = Boundary([]float64{0, 0, 1, 1, 0, 0, 1, 1}, 4, 2, nil, 40, 4, st, BoundaryOptions{})
	for i, l := range strings.Split(out, "\n")[:3] {
		r := []rune(l)
		if r[2] != ' ' || r[37] != ':' {
			t.Errorf("row %d %q: want blank class-0 side and ':' class-1 side", i, l)
		}
	}
}

func TestImagesLayout(t *testing.T) {
	st := asciiStyles(t)
	black, white := make([]byte, 28*28), make([]byte, 28*28)
	for i := range white {
		white[i] = 255
	}
	out := Images([][]byte{black, white, black}, 28, 28, []string{"true: Bag / pred: Bag ✓", "true: Shirt / pred: T-shirt ✗"}, 60, st)
	lines := strings.Split(out, "\n")
	if len(lines) != ImagesHeight(28, 2) {
		t.Fatalf("%d lines, want %d", len(lines), ImagesHeight(28, 2))
	}
	first := []rune(lines[0])
	if string(first[:28]) != strings.Repeat(" ", 28) || string(first[30:58]) != strings.Repeat("@", 28) {
		t.Errorf("pixels: %q", lines[0])
	}
	if !strings.Contains(lines[14], "true: Bag / pred: Bag ✓") || !strings.Contains(lines[14], "true: Shirt") ||
		!strings.Contains(lines[15], "pred: T-shirt ✗") {
		t.Errorf("captions:\n%s\n%s", lines[14], lines[15])
	}
}

func TestTable(t *testing.T) {
	st := asciiStyles(t)
	out := Table([]string{"init", "loss", "note"}, [][]string{
		{"xavier", "0.031", "fine"},
		{"zeros", "0.6931", "symmetry is never broken"},
	}, 30, st)
	lines := strings.Split(out, "\n")
	if len(lines) != 4 {
		t.Fatalf("%d lines:\n%s", len(lines), out)
	}
	if !strings.HasSuffix(strings.TrimRight(lines[3], " "), "…") {
		t.Errorf("long cell not cut with …: %q", lines[3])
	}
	// Numbers are right-aligned: the last digits line up.
	i2 := strings.Index(lines[2], "0.031") + len("0.031")
	i3 := strings.Index(lines[3], "0.6931") + len("0.6931")
	if i2 != i3 {
		t.Errorf("numbers not right-aligned:\n%s", out)
	}
}

func TestHealthWords(t *testing.T) {
	st := asciiStyles(t)
	out := Health([]HealthRow{
		{"L1", 0, 0, 0.31, 0.52},
		{"L2", 0.25, 0.6, 0.1, 0.2},
		{"L3", 0.8, 0, 0, 0},
		{"L4", 0, 0, nan, 1},
	}, 80, st)
	lines := strings.Split(out, "\n")
	if !strings.Contains(lines[0], "L1  dead   0%  sat   0%  act μ= 0.31 σ= 0.52") || strings.TrimSpace(lines[0]) != "L1  dead   0%  sat   0%  act μ= 0.31 σ= 0.52" {
		t.Errorf("line 0 %q", lines[0])
	}
	for i, words := range [][]string{nil, {"some dead", "saturated"}, {"mostly dead", "flat"}, {"nan"}} {
		for _, w := range words {
			if !strings.Contains(lines[i], w) {
				t.Errorf("line %q lacks %q", lines[i], w)
			}
		}
	}
}

func TestGolden(t *testing.T) {
	st := asciiStyles(t)
	cases := chartCases()
	golden(t, "chart_linear", LossChart(cases["long"], 80, 20, ChartOptions{Title: "Loss", XLabel: "step", XMax: 20000}, st))
	golden(t, "chart_log", LossChart(cases["long"], 80, 20, ChartOptions{Title: "Loss", XLabel: "step", XMax: 20000, LogY: true}, st))
	golden(t, "chart_seven", LossChart(cases["seven"], 72, 16, ChartOptions{Title: "Seven initializers", XLabel: "step"}, st))
	golden(t, "chart_gaps", LossChart(cases["gaps"], 50, 10, ChartOptions{XLabel: "epoch"}, st))
	golden(t, "chart_nodata", LossChart(cases["empty"], 40, 8, ChartOptions{Title: "Loss"}, st))
	golden(t, "chart_tiny", LossChart(cases["long"], 10, 3, ChartOptions{Title: "Loss"}, st))

	golden(t, "gradbars", GradBars([]Bar{{"L1 2→16", 3.2e-7, 0}, {"L2 16→16", 4.1e-4, 0}, {"L3 16→16", 0.031, 0},
		{"L4 16→1", 37, 0}, {"L5", nan, 0}, {"L6", pinf, 0}}, 80, st))
	golden(t, "gradbars_narrow", GradBars([]Bar{{"L1 2→16", 3.2e-7, 0}, {"L2 16→1", 37, 0}}, 24, st))
	// With update/weight ratios: a column of them, the first thing to go
	// when narrow.
	ratios := []Bar{{"L1 2→16", 3.2e-3, 1.2e-3}, {"L2 16→16", 4.1e-4, 2.5e-5}, {"L3 16→1", 0.031, 0}}
	golden(t, "gradbars_ratio", GradBars(ratios, 60, st))
	golden(t, "gradbars_ratio_narrow", GradBars(ratios, 34, st))
	golden(t, "health", Health([]HealthRow{{"L1", 0, 0, 0.31, 0.52}, {"L2", 0.12, 0, 0.2, 0.4},
		{"L3", 0.62, 0, 0.01, 0.0001}, {"L4", 0.001, 0.35, -1.2, 150}}, 72, st))
	golden(t, "table", Table([]string{"init", "final loss", "accuracy", "note"}, [][]string{
		{"xavier", "0.0312", "97.5%", "fine"},
		{"he", "0.0290", "98.1%", "best for ReLU"},
		{"zeros", "0.6931", "50.0%", "symmetry is never broken"},
	}, 48, st))
	golden(t, "sparkline", Sparkline(noisyLoss(500, 3, 200), 40, st))

	gw, gh := 24, 18
	grid := make([]float64, gw*gh)
	for j := 0; j < gh; j++ {
		for i := 0; i < gw; i++ {
			x := (float64(i)+0.5)/float64(gw)*2 - 1
			y := 1 - (float64(j)+0.5)/float64(gh)*2
			grid[j*gw+i] = 1 / (1 + math.Exp(-8*(math.Hypot(x, y)-0.55)))
		}
	}
	r := rand.New(rand.NewPCG(4, 5))
	var pts []Point
	for k := 0; k < 40; k++ {
		x, y := r.Float64()*2-1, r.Float64()*2-1
		c := 0
		if math.Hypot(x, y) > 0.55 {
			c = 1
		}
		pts = append(pts, Point{X: (x + 1) / 2, Y: (y + 1) / 2, Class: c, Test: k%5 == 0})
	}
	golden(t, "boundary", Boundary(grid, gw, gh, pts, 56, 16, st, BoundaryOptions{}))

	img := make([]byte, 28*28)
	for y := 0; y < 28; y++ {
		for x := 0; x < 28; x++ {
			if x > 6 && x < 21 && y > 3 && y < 25 && !(y > 10 && x > 11 && x < 16) {
				img[y*28+x] = byte(120 + (x*y)%130)
			}
		}
	}
	golden(t, "images", Images([][]byte{img, img, img}, 28, 28,
		[]string{"true: Bag / pred: Bag ✓", "true: Shirt / pred: T-shirt ✗", "unseen"}, 62, st))
}

func BenchmarkLossChart(b *testing.B) {
	series := []Series{
		{Name: "train", Points: noisyLoss(20000, 1, 12345), Envelope: true},
		{Name: "test", Points: noisyLoss(20000, 2, -1)},
	}
	for _, c := range []struct {
		name string
		st   Styles
		opt  ChartOptions
	}{
		{"linear", asciiStyles(b), ChartOptions{Title: "Loss", XLabel: "step"}},
		{"log", asciiStyles(b), ChartOptions{Title: "Loss", XLabel: "step", LogY: true}},
		{"log-color", colorStyles(true), ChartOptions{Title: "Loss", XLabel: "step", LogY: true}},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				LossChart(series, 120, 40, c.opt, c.st)
			}
		})
	}
}

func BenchmarkBoundary(b *testing.B) {
	grid := make([]float64, 60*60)
	for i := range grid {
		grid[i] = float64(i%60) / 60
	}
	st := colorStyles(true)
	b.ReportAllocs()
	for b.Loop() {
		Boundary(grid, 60, 60, []Point{{0.5, 0.5, 1, false}}, 80, 30, st, BoundaryOptions{})
	}
}

// TestBoundaryDiscrete: regions show two levels only, split at 0.5, and
// the legend says so.
func TestBoundaryDiscrete(t *testing.T) {
	st := asciiStyles(t)
	grid := []float64{0.1, 0.45, 0.55, 0.9} // one row: two cells per class
	shaded := Boundary(grid, 4, 1, nil, 40, 4, st, BoundaryOptions{})
	regions := Boundary(grid, 4, 1, nil, 40, 4, st, BoundaryOptions{Discrete: true})
	lo, hi := string(st.BoundaryShades[0]), string(st.BoundaryShades[len(st.BoundaryShades)-1])
	row := strings.Split(regions, "\n")[0]
	if row != strings.Repeat(lo, 20)+strings.Repeat(hi, 20) {
		t.Errorf("regions row %q, want 20×%q then 20×%q", row, lo, hi)
	}
	if strings.Split(shaded, "\n")[0] == row {
		t.Errorf("the shading looks like the regions: %q", row)
	}
	if !strings.Contains(regions, "regions: p(1)<0.5") || strings.Contains(shaded, "regions:") {
		t.Errorf("legends:\n%s\n--\n%s", regions, shaded)
	}
}
