package tui

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/nnlab/nnlab/lab"
	"github.com/nnlab/nnlab/lab/spec"
	"github.com/nnlab/nnlab/tui/widget"
)

// comparePanel is several runs that differ in one factor: overlaid loss
// curves, a summary table and small multiples of gradient bars.
type comparePanel struct {
	c         *Common
	g         *runGroup
	base      *spec.Spec
	field     string
	values    []string
	specs     []*spec.Spec
	title     string
	err       error
	lr        []float64
	logY      bool
	grads     bool   // show the gradient small multiples instead of the chart (small screens)
	swapKey   string // the key that flips grads, for the hint
	chartOnly bool   // function runs on a small screen: the loss chart instead of the paths
	w, h      int
	cache     string
}

func newComparePanel(c *Common, base *spec.Spec, field string, values []string, title string) *comparePanel {
	p := &comparePanel{c: c, g: newRunGroup(c), title: title, swapKey: "tab"}
	p.setFactor(base, field, values)
	return p
}

// setFactor chooses what the runs vary; start must follow.
func (p *comparePanel) setFactor(base *spec.Spec, field string, values []string) {
	p.base, p.field, p.values = base, field, values
	p.specs, p.err = spec.Variants(base, field, values)
	p.lr = nil
	for _, s := range p.specs {
		p.lr = append(p.lr, baseLR(s))
	}
}

func (p *comparePanel) start() tea.Cmd {
	if p.err != nil {
		p.g.stopRuns()
		p.render()
		return nil
	}
	names := make([]string, len(p.specs))
	specs := make([]*spec.Spec, len(p.specs))
	for i, s := range p.specs {
		names[i], specs[i] = p.values[i], s.Clone()
	}
	opt := lab.Options{Interval: 100 * time.Millisecond, KeepAlive: true, DataDir: p.c.Opts.DataDir}
	p.c.paceOptions(&opt)
	cmd := p.g.startCmd(specs, names, opt, nil)
	p.render()
	return cmd
}

func (p *comparePanel) acceptRuns(msg runsStartedMsg) bool {
	if !p.g.accept(msg) {
		return false
	}
	p.render()
	return true
}

func (p *comparePanel) tick() bool {
	if p.g.drain() {
		p.render()
	}
	return p.g.live()
}

func (p *comparePanel) setSize(w, h int) {
	if w == p.w && h == p.h {
		return
	}
	p.w, p.h = w, h
	p.render()
}

func (p *comparePanel) view() string { return p.cache }

func (p *comparePanel) keys() []key.Binding {
	k := p.c.Keys.runKeys()
	if p.isFunction() {
		k = append(k, p.c.Keys.View)
	}
	return k
}

// isFunction says whether the runs walk a test function.
func (p *comparePanel) isFunction() bool { return p.base != nil && p.base.Function != nil }

func (p *comparePanel) key(msg tea.KeyMsg) (tea.Cmd, bool) {
	k := p.c.Keys
	switch {
	case key.Matches(msg, k.Pause):
		// One state for all: pause all if any runs, else resume all.
		running := false
		for i := range p.g.runs {
			if p.g.have[i] && p.g.snaps[i].Status == lab.Running {
				running = true
			}
		}
		if running {
			p.g.each((*lab.Run).Pause)
		} else {
			p.g.each((*lab.Run).Resume)
		}
	case key.Matches(msg, k.Step):
		p.g.each((*lab.Run).Step)
	case key.Matches(msg, k.Reset):
		p.g.each((*lab.Run).Reset)
	case key.Matches(msg, k.NewSeed):
		b := p.base.Clone()
		b.Seed++
		p.setFactor(b, p.field, p.values)
		return p.start(), true
	case key.Matches(msg, k.LRUp), key.Matches(msg, k.LRDown):
		f := 1.5
		if key.Matches(msg, k.LRDown) {
			f = 1 / 1.5
		}
		for i, r := range p.g.runs {
			if i < len(p.lr) {
				p.lr[i] *= f
				r.SetLR(p.lr[i])
			}
		}
	case key.Matches(msg, k.Slower), key.Matches(msg, k.Faster):
		pace := p.c.changeSpeed(speedStep(msg, k))
		p.g.each(func(r *lab.Run) { r.SetSpeed(pace) })
	case key.Matches(msg, k.LogScale):
		p.logY = !p.logY
		p.render()
	case key.Matches(msg, k.View) && p.isFunction():
		p.chartOnly = !p.chartOnly
		p.render()
	default:
		return nil, false
	}
	return nil, true
}

func (p *comparePanel) park()   { p.g.park() }
func (p *comparePanel) unpark() { p.g.unpark() }
func (p *comparePanel) close()  { p.g.close() }

// compareSeries puts every run's train curve on one step axis: m samples
// from step 0 to the furthest run's step; a run that is behind has a
// shorter series.
func compareSeries(names []string, snaps []lab.Snapshot, have []bool, m int) ([]widget.Series, int) {
	maxStep := 0
	for i, s := range snaps {
		if have[i] {
			maxStep = max(maxStep, s.Step)
		}
	}
	out := make([]widget.Series, len(snaps))
	for i, s := range snaps {
		out[i].Name = names[i]
		if !have[i] || maxStep == 0 || len(s.Train) == 0 || s.TrainWidth <= 0 {
			continue
		}
		n := int(math.Round(float64(s.Step) / float64(maxStep) * float64(m-1)))
		pts := make([]float64, n+1)
		for k := range pts {
			step := k * maxStep / (m - 1)
			b := min(step/s.TrainWidth, len(s.Train)-1)
			pts[k] = s.Train[b].Mean
		}
		out[i].Points = pts
	}
	return out, maxStep
}

// firstGrad is the first layer's gradient norm.
func firstGrad(s lab.Snapshot) float64 {
	if len(s.Layers) == 0 {
		return math.NaN()
	}
	return s.Layers[0].GradNorm
}

// lastLoss is the mean of the newest train bucket (smoother than one batch).
func lastLoss(s lab.Snapshot) float64 {
	if len(s.Train) == 0 {
		return s.Loss
	}
	return s.Train[len(s.Train)-1].Mean
}

func statusWord(s lab.Snapshot) string {
	switch s.Status {
	case lab.Diverged:
		return divergedText(s)
	case lab.Failed:
		return s.Reason
	}
	return string(s.Status)
}

func (p *comparePanel) render() {
	w, h, st := p.w, p.h, p.c.Styles
	if w <= 0 || h <= 0 {
		p.cache = ""
		return
	}
	var lines []string
	head := fmt.Sprintf("%s — varying %s over %d runs (%s)", p.title, p.field, len(p.values), seedNote(p.base))
	lines = append(lines, fit(st.render(st.Section, head), w))
	if p.err != nil {
		lines = append(lines, wrapLines([]string{st.render(st.Bad, "Cannot compare: ") + p.err.Error()}, w)...)
		p.cache = block(lines, w, h)
		return
	}
	if p.g.err != nil {
		lines = append(lines, wrapLines([]string{st.render(st.Bad, "Could not start: ") + p.g.err.Error()}, w)...)
		p.cache = block(lines, w, h)
		return
	}
	names := p.g.names
	snaps, have := p.g.snaps, p.g.have
	if len(p.g.have) != len(p.values) {
		names = p.values
		snaps = make([]lab.Snapshot, len(p.values))
		have = make([]bool, len(p.values))
	}

	if p.isFunction() {
		p.cache = block(append(lines, p.renderFunction(names, snaps, have, w, h-len(lines))...), w, h)
		return
	}

	// Summary table.
	rows := make([][]string, len(names))
	for i, name := range names {
		if !have[i] {
			rows[i] = []string{name, "—", "—", "—", "0", "starting"}
			continue
		}
		s := snaps[i]
		rows[i] = []string{name, fmtNum(lastLoss(s)), fmtPct(s.Eval.TestAcc), fmtNum(firstGrad(s)), fmt.Sprint(s.Step), statusWord(s)}
	}
	table := widget.Table([]string{"run", "loss", "test acc", "grad L1", "steps", "status"}, rows, w, st.W)
	tableH := len(rows) + 2

	// Gradient small multiples.
	nl := 0
	for i := range snaps {
		if have[i] {
			nl = max(nl, len(snaps[i].Layers))
		}
	}
	cellW := 27
	cols := max(1, (w+1)/(cellW+1))
	cellW = (w - (cols - 1)) / cols
	cellH := nl + 2
	gridRows := (len(names) + cols - 1) / cols

	rest := h - len(lines) - tableH
	const minChart = 8
	gradRows := 0
	if nl > 0 {
		gradRows = min(gridRows, max(0, (rest-minChart)/cellH))
	}
	showChart := true
	if gradRows < gridRows && p.grads && nl > 0 {
		// Small screen, gradients asked for: they replace the chart.
		showChart = false
		gradRows = min(gridRows, max(1, rest/cellH))
	}
	chartH := rest - gradRows*cellH
	var body []string
	if showChart && chartH > 0 {
		series, maxStep := compareSeries(names, snaps, have, max(8, w))
		chart := widget.LossChart(series, w, chartH, widget.ChartOptions{
			Title: chartTitle("Training loss (mean per bucket)", p.logY), XLabel: "step", XMax: float64(maxStep), LogY: p.logY,
		}, st.W)
		body = append(body, strings.Split(chart, "\n")...)
	}
	body = append(body, strings.Split(table, "\n")...)
	if gradRows > 0 {
		for r := 0; r < gradRows; r++ {
			var cells []string
			for c := 0; c < cols; c++ {
				i := r*cols + c
				if i >= len(names) {
					break
				}
				var bars []widget.Bar
				if have[i] {
					bars = gradBars(snaps[i], nil)
				}
				title := fmt.Sprintf("%d %s", i+1, names[i])
				cell := fit(st.render(st.Section, title), cellW) + "\n" + widget.GradBars(bars, cellW, st.W)
				cells = append(cells, blockText(cell, cellW, cellH))
			}
			body = append(body, strings.Split(lipgloss.JoinHorizontal(lipgloss.Top, interleave(cells, " ")...), "\n")...)
		}
	} else if nl > 0 {
		body = append(body, st.render(st.Muted, "gradient bars per run: press "+p.swapKey+" to show them"))
	}
	if !showChart {
		body = append(body, st.render(st.Muted, p.swapKey+": back to the loss curves"))
	}
	lines = append(lines, body...)
	p.cache = block(lines, w, h)
}

// interleave puts sep between the blocks.
func interleave(blocks []string, sep string) []string {
	out := make([]string, 0, 2*len(blocks))
	for i, b := range blocks {
		if i > 0 {
			out = append(out, sep)
		}
		out = append(out, b)
	}
	return out
}

// chartTitle adds the log-scale key hint to a chart title.
func chartTitle(title string, logY bool) string {
	if logY {
		return title
	}
	return title + "   (l: log scale)"
}

// renderFunction draws runs on a test function: their paths over the
// level sets, the loss chart and a table of function readings.
func (p *comparePanel) renderFunction(names []string, snaps []lab.Snapshot, have []bool, w, rows int) []string {
	st := p.c.Styles
	rate := p.base.Function.Name == "quadratic"
	table := make([][]string, len(names))
	for i, name := range names {
		if !have[i] {
			table[i] = []string{name, "—", "—"}
			if rate {
				table[i] = append(table[i], "—", "—")
			}
			table[i] = append(table[i], "0", "starting")
			continue
		}
		table[i] = functionRow(name, snaps[i], rate)
	}
	tbl := strings.Split(widget.Table(functionHeader(rate), table, w, st.W), "\n")
	chart := func(ch int) string {
		series, maxStep := compareSeries(names, snaps, have, max(8, w))
		return widget.LossChart(series, w, ch, widget.ChartOptions{
			Title: chartTitle("f along each path", p.logY), XLabel: "step", XMax: float64(maxStep), LogY: p.logY,
		}, st.W)
	}
	room := rows - len(tbl)
	if plotH, chartH := splitPlotChart(room, p.chartOnly); plotH > 0 && chartH > 0 {
		return append(renderFunctionBody(names, snaps, have, chart, w, room, p.chartOnly, st), tbl...)
	}
	body := renderFunctionBody(names, snaps, have, chart, w, room-1, p.chartOnly, st)
	hint := "v: show the loss curves"
	if p.chartOnly {
		hint = "v: show the paths"
	}
	return append(append(body, tbl...), st.render(st.Muted, hint))
}
