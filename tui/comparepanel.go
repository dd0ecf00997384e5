package tui

import (
	"fmt"
	"math"
	"slices"
	"strconv"
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
	c      *Common
	g      *runGroup
	base   *spec.Spec
	field  string
	values []string
	labels []string          // the runs by factor and value: "dropout 0.5"
	named  map[string]string // labels the lesson gives to values, by value
	specs  []*spec.Spec
	name   string // what the panel is ("Experiment 2/4 · softmax")
	title  string // what it shows, after the factor
	note   string // what the learner changed ("(changed: steps = 500)")
	fixed  string // what every run shares, on a line of its own ("" for none)
	err    error
	lr     []float64
	logY   bool
	q      int // the chart's quantity, an index into compareQuantities
	// shown is what shows in the chart's place: 0 the chart; 1 to the
	// number of pages a page of gradient small multiples (when they do not
	// all fit under the chart); after them the activation view.
	shown     int
	grid      gradLayout // the last layout, for swapView
	swapKey   string     // the key that turns to the gradients, for the hint
	chartOnly bool       // function runs on a small screen: the loss chart instead of the paths
	w, h      int
	cache     string
	liveLR    bool // the rates were changed live since the runs started
}

func newComparePanel(c *Common, base *spec.Spec, field string, values []string, name, title string) *comparePanel {
	p := &comparePanel{c: c, g: newRunGroup(c), name: name, title: title, swapKey: "tab"}
	p.setFactor(base, field, values)
	return p
}

// setFactor chooses what the runs vary; start must follow.
func (p *comparePanel) setFactor(base *spec.Spec, field string, values []string) {
	p.base, p.field, p.values = base, field, values
	p.specs, p.err = spec.Variants(base, field, values)
	p.lr, p.labels = nil, slices.Clone(values)
	for i, s := range p.specs {
		p.lr = append(p.lr, baseLR(s))
		p.labels[i] = runLabel(field, values[i], s)
		if n, ok := p.named[values[i]]; ok {
			p.labels[i] = n
		}
	}
}

// nameRuns gives the runs of the given values the lesson's labels instead
// of their factor and value.
func (p *comparePanel) nameRuns(values, labels []string) {
	p.named = map[string]string{}
	for i, v := range values {
		if i < len(labels) {
			p.named[v] = labels[i]
		}
	}
	p.setFactor(p.base, p.field, p.values)
}

func (p *comparePanel) start() tea.Cmd {
	if p.err != nil {
		p.g.stopRuns()
		p.render()
		return nil
	}
	var names []string
	specs := lab.SeedRuns(p.specs)
	for i := range specs {
		names = append(names, p.runName(i))
	}
	opt := lab.Options{Interval: 100 * time.Millisecond, KeepAlive: true, DataDir: p.c.Opts.DataDir}
	p.c.paceOptions(&opt)
	p.liveLR = false
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
		for i := range p.lr {
			p.lr[i] *= f
		}
		for i, r := range p.g.runs {
			if c := i / p.seeds(); c < len(p.lr) {
				r.SetLR(p.lr[c])
				p.liveLR = true
			}
		}
	case key.Matches(msg, k.Slower), key.Matches(msg, k.Faster):
		pace := p.c.changeSpeed(speedStep(msg, k))
		p.g.each(func(r *lab.Run) { r.SetSpeed(pace) })
	case key.Matches(msg, k.LogScale):
		p.logY = !p.logY
		p.render()
	case key.Matches(msg, k.Chart) && !p.isFunction():
		p.q = nextQuantity(p.q, anyAccuracy(p.g.snaps, p.g.have), anyValidation(p.g.snaps, p.g.have))
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

// firstGrad is the first layer's gradient norm (NaN before the first step).
func firstGrad(s lab.Snapshot) float64 {
	if len(s.Layers) == 0 || s.Step == 0 {
		return math.NaN()
	}
	return s.Layers[0].GradNorm
}

// statusWord is a run's state in one word; why a run diverged or failed
// is told under the table (divergedNotes).
func statusWord(s lab.Snapshot) string { return string(s.Status) }

// divergedNotes say why each diverged or failed run stopped, "label:
// reason", wrapped to w.
func divergedNotes(labels []string, snaps []lab.Snapshot, have []bool, w int, st Styles) []string {
	var out []string
	for i, s := range snaps {
		why := ""
		switch {
		case !have[i]:
		case s.Status == lab.Diverged:
			why = divergedText(s)
		case s.Status == lab.Failed:
			why = s.Reason
		}
		if why != "" {
			out = append(out, wrapLines([]string{st.render(st.Bad, "✗ "+labels[i]+": ") + why}, w)...)
		}
	}
	return out
}

// failureNotes say why runs diverged or failed: one note per run
// (divergedNotes) with one seed, one per configuration with several, which
// counts its runs that stopped, gives their steps and the first one's
// reason.
func (p *comparePanel) failureNotes(snaps []lab.Snapshot, have []bool, w int) []string {
	n := p.seeds()
	if n == 1 {
		return divergedNotes(p.labels, snaps, have, w, p.c.Styles)
	}
	var out []string
	for c, label := range p.labels {
		var steps []string
		first := ""
		for k := range n {
			i := c*n + k
			if i >= len(snaps) || !have[i] || (snaps[i].Status != lab.Diverged && snaps[i].Status != lab.Failed) {
				continue
			}
			steps = append(steps, strconv.Itoa(snaps[i].Step))
			if first == "" {
				first = fmt.Sprintf("seed %d: %s", p.base.Seed+uint64(k), divergedText(snaps[i]))
			}
		}
		if len(steps) > 0 {
			line := fmt.Sprintf("%d of %d seeds stopped, at step %s; %s", len(steps), n, strings.Join(steps, ", "), first)
			out = append(out, wrapLines([]string{p.c.Styles.render(p.c.Styles.Bad, "✗ "+label+": ") + line}, w)...)
		}
	}
	return out
}

// stopNotes say, for each configuration whose runs ended early or with
// restored weights (early stopping, restore_best), at which steps its runs
// stopped, which set they watched and whose weights they ended with, one
// line each, wrapped to w.
func stopNotes(labels []string, groups [][]lab.Snapshot, w int, st Styles) []string {
	var out []string
	for i, g := range groups {
		var stops, restored []string
		watched := ""
		for _, s := range g {
			if s.Status != lab.Done || (s.Step >= s.MaxSteps && s.Restored == 0) {
				continue
			}
			watched = s.Watched
			if s.Step < s.MaxSteps {
				stops = append(stops, strconv.Itoa(s.Step))
			}
			if s.Restored > 0 {
				restored = append(restored, strconv.Itoa(s.Restored))
			}
		}
		var parts []string
		if len(stops) > 0 {
			parts = append(parts, "stopped early at step "+strings.Join(stops, ", "))
		}
		if len(restored) > 0 {
			parts = append(parts, "ended with the weights of step "+strings.Join(restored, ", "))
		}
		if len(parts) > 0 {
			line := "■ " + labels[i] + ": " + strings.Join(parts, "; ") + " (watching " + watched + ")"
			out = append(out, wrapLines([]string{st.render(st.Muted, line)}, w)...)
		}
	}
	return out
}

// compareColumn is one column of the comparison table: a number of each
// run, and how it is written.
type compareColumn struct {
	head     string
	acc, val bool // an accuracy column (left out for regression); a validation one (only with a validation set)
	value    func(s lab.Snapshot) float64
	format   func(float64) string
}

// pct formats an accuracy given in percent.
func pct(v float64) string { return fmtPct(v / 100) }

var compareColumns = []compareColumn{
	{"batch loss", false, false, qBatchLoss.last, fmtNum},
	{"val loss", false, true, qValLoss.last, fmtNum},
	{"test loss", false, false, qTestLoss.last, fmtNum},
	{"train acc", true, false, qTrainAcc.last, pct},
	{"val acc", true, true, qValAcc.last, pct},
	{"test acc", true, false, qTestAcc.last, pct},
	{"gap", true, false, nil, fmtGap}, // training accuracy less validation (or test) accuracy
	{"grad L1", false, false, firstGrad, fmtNum},
}

// fmtShort formats a value with 2 significant digits, in at most 7
// cells: "0.17", "77", "0.00014", "6.7e8".
func fmtShort(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return fmtNum(v)
	}
	r, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 2, 64), 64)
	return fmtNum(r)
}

// fmtGap formats a gap in accuracy points: "23.0", "—".
func fmtGap(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "—"
	}
	return strconv.FormatFloat(v, 'f', 1, 64)
}

// compareTable tabulates the configurations (groups: the runs of each that
// have reported, one per seed): their label, the numbers the chart can
// draw (each the latest of its kind: the newest batch bucket's mean, the
// last evaluation), the first layer's gradient, steps and status; for
// several seeds, mean ± standard deviation and the fewest steps, over the
// seeds that neither diverged nor failed when there are any. Columns
// that do not fit in w go, the ones the chart is not showing first.
func compareTable(labels []string, groups [][]lab.Snapshot, q quantity, acc, val bool, w int, st Styles) []string {
	var cols []compareColumn
	if sizesDiffer(groups) {
		cols = append(cols, compareColumn{"params", false, false, func(s lab.Snapshot) float64 { return float64(s.Params) },
			func(v float64) string { return lab.Thousands(int(v)) }})
	}
	for _, c := range compareColumns {
		if (!c.acc || acc) && (!c.val || val) {
			if c.head == "gap" {
				held := qTestAcc
				if val {
					held = qValAcc
				}
				c.value = func(s lab.Snapshot) float64 { return qTrainAcc.last(s) - held.last(s) }
			}
			cols = append(cols, c)
		}
	}
	// Drop order when narrow: the gradient, then the other kind of number,
	// then test beside validation.
	drop := []string{"grad L1"}
	if q.isAcc() {
		drop = append(drop, "batch loss", "val loss", "test loss", "test acc")
	} else {
		drop = append(drop, "gap", "train acc", "val acc", "test acc", "test loss")
	}
	build := func() (string, int) {
		head := []string{"run"}
		for _, c := range cols {
			head = append(head, c.head)
		}
		head = append(head, "steps", "status")
		rows := make([][]string, len(labels))
		for i, l := range labels {
			g := groups[i]
			kept := lab.Survivors(g, func(s lab.Snapshot) lab.Status { return s.Status })
			row := []string{l}
			for _, c := range cols {
				vals := make([]float64, len(kept))
				for k, s := range kept {
					vals[k] = c.value(s)
				}
				row = append(row, spreadCell(vals, c.format))
			}
			steps := 0
			for k, s := range kept {
				if k == 0 || s.Step < steps {
					steps = s.Step
				}
			}
			rows[i] = append(row, strconv.Itoa(steps), statusOf(g))
		}
		t := widget.Table(head, rows, 1000, st.W)
		return t, tableWidth(t)
	}
	t, tw := build()
	for _, d := range drop {
		if tw <= w {
			break
		}
		cols = slices.DeleteFunc(cols, func(c compareColumn) bool { return c.head == d })
		t, tw = build()
	}
	lines := strings.Split(t, "\n")
	for i := range lines {
		lines[i] = fit(strings.TrimRight(lines[i], " "), w)
	}
	return lines
}

// sizesDiffer says whether the runs' networks have different numbers of
// learnable values (a comparison of architectures), which the table then
// lists.
func sizesDiffer(groups [][]lab.Snapshot) bool {
	n := -1
	for _, g := range groups {
		for _, s := range g {
			if n >= 0 && s.Params != n {
				return true
			}
			n = s.Params
		}
	}
	return false
}

// tableWidth is the width of a table's widest line, trailing blanks aside.
func tableWidth(t string) int {
	w := 0
	for _, l := range strings.Split(t, "\n") {
		w = max(w, lipglossWidth(strings.TrimRight(l, " ")))
	}
	return w
}

// compareSeries are the configurations' curves of q on one step axis (m
// samples up to the furthest run's step), and that step: a run's curve, or
// the mean of a configuration's seeds with their band. In a loss chart a
// configuration with a run that diverged does not set the range (it
// leaves the chart, marked in the legend).
func compareSeries(labels []string, groups [][]lab.Snapshot, q quantity, m int) ([]widget.Series, int) {
	maxStep := 0
	for _, g := range groups {
		for _, s := range g {
			maxStep = max(maxStep, s.Step)
		}
	}
	out := make([]widget.Series, len(groups))
	for i, g := range groups {
		out[i] = groupSeries(labels[i], g, q, m, maxStep)
	}
	return out, maxStep
}

// anyAccuracy says whether a run of the comparison is scored by accuracy.
func anyAccuracy(snaps []lab.Snapshot, have []bool) bool {
	for i, s := range snaps {
		if have[i] && hasAccuracy(s) {
			return true
		}
	}
	return false
}

// nextQuantity is the index in compareQuantities after i that the runs
// have (no accuracy without a classifier, no validation numbers without a
// validation set).
func nextQuantity(i int, acc, val bool) int {
	for range compareQuantities {
		i = (i + 1) % len(compareQuantities)
		if q := compareQuantities[i]; (acc || !q.isAcc()) && (val || !q.isVal()) {
			break
		}
	}
	return i
}

// quantity is the chart's quantity now (the batch loss when the chosen one
// is one no run has).
func (p *comparePanel) quantity(acc, val bool) quantity {
	q := compareQuantities[p.q%len(compareQuantities)]
	if (q.isAcc() && !acc) || (q.isVal() && !val) {
		return qBatchLoss
	}
	return q
}

// seeds is how many runs each configuration has.
func (p *comparePanel) seeds() int { return p.base.SeedCount() }

// runName names run i: its configuration's label, and its seed when the
// configuration runs on several.
func (p *comparePanel) runName(i int) string {
	n := p.seeds()
	if n == 1 {
		return p.labels[i]
	}
	return fmt.Sprintf("%s, seed %d", p.labels[i/n], p.base.Seed+uint64(i%n))
}

// headLines are the panel's heading: what it is, the factor it varies and
// the seed, then the learner's changes and the title, on a second line
// when one is too narrow (so that the factor stays in view).
func (p *comparePanel) headLines(w int) []string {
	st := p.c.Styles
	runs := fmt.Sprintf("%d runs, %s", len(p.values), seedNote(p.base))
	if n := p.seeds(); n > 1 {
		runs = fmt.Sprintf("%d × %d seeds, seeds %d–%d", len(p.values), n, p.base.Seed, p.base.Seed+uint64(n)-1)
	}
	h := p.name + " · varies " + factorName(p.field) + " (" + runs + ")"
	rest := strings.TrimSpace(p.note + " " + p.title)
	if rest == "" || lipglossWidth(h)+2+lipglossWidth(rest) <= w {
		if rest != "" {
			h += ": " + rest
		}
		return []string{fit(st.render(st.Section, h), w)}
	}
	return []string{fit(st.render(st.Section, h), w), fit(st.render(st.Section, rest), w)}
}

func (p *comparePanel) render() {
	w, h, st := p.w, p.h, p.c.Styles
	if w <= 0 || h <= 0 {
		p.cache = ""
		return
	}
	lines := p.headLines(w)
	if p.fixed != "" {
		for _, l := range packParts(strings.Split(p.fixed, " · "), w) {
			lines = append(lines, st.render(st.Muted, l))
		}
	}
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
	labels := p.labels
	seeds := p.seeds()
	snaps, have := p.g.snaps, p.g.have
	if len(p.g.have) != len(p.values)*seeds {
		snaps = make([]lab.Snapshot, len(p.values)*seeds)
		have = make([]bool, len(snaps))
	}

	if p.isFunction() {
		p.cache = block(append(lines, p.renderFunction(labels, snaps, have, w, h-len(lines))...), w, h)
		return
	}

	groups := groupsOf(snaps, have, seeds)
	means := make([]lab.Snapshot, len(groups))
	meanHave := make([]bool, len(groups))
	for i, g := range groups {
		means[i], meanHave[i] = meanLayers(g)
	}
	acc, val := anyAccuracy(snaps, have), anyValidation(snaps, have)
	q := p.quantity(acc, val)
	table := compareTable(labels, groups, q, acc, val, w, st)
	if seeds > 1 {
		table = append(table, wrapLines([]string{st.render(st.Muted, seedsNote(seeds))}, w)...)
	}
	table = append(table, p.failureNotes(snaps, have, w)...)
	table = append(table, stopNotes(labels, groups, w, st)...)

	// Gradient small multiples: under the chart when they fit, else in
	// its place a page at a time (the swap key turns the pages).
	g := p.gradGrid(means, meanHave, h-len(lines)-len(table)-1) // a line for the hint under it all
	p.grid = g
	var body []string
	if g.chartH > 0 {
		logY := p.logY && !q.isAcc()
		hint := "a: " + quantityName[compareQuantities[nextQuantity(p.q, acc, val)]]
		if !q.isAcc() && !logY {
			hint += " · l: log scale"
		}
		series, maxStep := compareSeries(labels, groups, q, max(8, w))
		opt := widget.ChartOptions{Title: withHint(quantityTitle[q], hint, w), XLabel: "step", XMax: float64(maxStep), LogY: logY,
			FitY: !q.isAcc(), NoValues: true}
		if seeds > 1 {
			opt.BandNote = bandNote(seeds)
		}
		chart := widget.LossChart(series, w, g.chartH, opt, st.W)
		body = append(body, strings.Split(chart, "\n")...)
	}
	if g.act {
		// The activation view's two tables take the comparison table's
		// place when both would not fit (80×24): the lesson texts point at
		// its update sizes.
		act := activationView(labels, means, meanHave, w, st)
		if len(lines)+len(body)+len(table)+len(act)+1 <= h {
			body = append(body, table...)
		}
		body = append(body, act...)
	} else {
		body = append(body, table...)
	}
	for r := g.first; r < g.first+g.rows; r++ {
		var cells []string
		for c := 0; c < g.cols; c++ {
			i := r*g.cols + c
			if i >= len(labels) {
				break
			}
			var bars []widget.Bar
			if meanHave[i] {
				bars = gradBars(means[i], nil)
			}
			cell := fit(st.render(st.Section, labels[i]), g.cellW) + "\n" + widget.GradBars(bars, g.cellW, st.W)
			cells = append(cells, blockText(cell, g.cellW, g.cellH))
		}
		body = append(body, strings.Split(lipgloss.JoinHorizontal(lipgloss.Top, interleave(cells, " ")...), "\n")...)
	}
	var hint string
	switch {
	case g.act:
		hint = p.swapKey + ": back to the chart"
	case g.chartH == 0 && g.page+1 < g.pages:
		hint = fmt.Sprintf("gradient bars, page %d of %d · %s: next page", g.page+1, g.pages, p.swapKey)
	case g.chartH == 0:
		hint = p.swapKey + ": the activation view"
	case g.rows < g.gridRows:
		hint = p.swapKey + ": gradient bars per run, then the activation view"
	default:
		hint = p.swapKey + ": activation view"
	}
	body = append(body, st.render(st.Muted, hint))
	lines = append(lines, body...)
	p.cache = block(lines, w, h)
}

// gradLayout is where the gradient small multiples go.
type gradLayout struct {
	cols, cellW, cellH int
	gridRows           int  // rows of cells for every run
	first, rows        int  // the rows of cells shown
	chartH             int  // the chart's height (0: the cells replace it)
	page, pages        int  // the page shown, of how many (in place of the chart)
	act                bool // the activation view replaces chart and cells
}

// gradGrid lays the gradient cells out in rest lines: under the chart as
// many rows as leave it minChart lines (a plot of 10 rows); when p.shown
// asks for them and not all fit, in the chart's place, page p.shown−1;
// after the pages, the activation view instead of both.
func (p *comparePanel) gradGrid(snaps []lab.Snapshot, have []bool, rest int) gradLayout {
	nl := 0
	for i := range snaps {
		if have[i] {
			nl = max(nl, len(snaps[i].Layers))
		}
	}
	g := gradLayout{cellW: 27}
	g.cols = max(1, (p.w+1)/(g.cellW+1))
	g.cellW = (p.w - (g.cols - 1)) / g.cols
	g.cellH = nl + 2
	g.gridRows = (len(p.values) + g.cols - 1) / g.cols
	const minChart = 14
	if nl > 0 {
		g.rows = min(g.gridRows, max(0, (rest-minChart)/g.cellH))
	}
	g.chartH = rest - g.rows*g.cellH
	per := min(g.gridRows, max(1, (rest-1)/max(g.cellH, 1)))
	if g.rows < g.gridRows && nl > 0 {
		g.pages = (g.gridRows + per - 1) / per
	}
	switch {
	case p.shown > g.pages:
		g.act, g.rows, g.chartH = true, 0, 0
	case p.shown > 0:
		g.page = p.shown - 1
		g.first = g.page * per
		g.rows = min(per, g.gridRows-g.first)
		g.chartH = 0
	}
	return g
}

// swapView shows, in the chart's place, the pages of gradient bars that
// do not fit under it, then the activation view, then the chart again.
func (p *comparePanel) swapView() {
	p.shown++
	if p.shown > p.grid.pages+1 {
		p.shown = 0
	}
	p.render()
}

// activationView tabulates the spread (σ) of every hidden layer's outputs
// on the last batch, a row per run: how a signal grows or shrinks from
// layer to layer; then every layer's update/weight ratio ‖ΔW‖/‖W‖ of the
// last step: how far a step moves it.
func activationView(labels []string, snaps []lab.Snapshot, have []bool, w int, st Styles) []string {
	table := func(layers int, of func(s lab.Snapshot, j int) string) []string {
		head := []string{"run"}
		for j := 0; j < layers; j++ {
			head = append(head, fmt.Sprintf("L%d", j+1))
		}
		rows := make([][]string, len(labels))
		for i, l := range labels {
			rows[i] = []string{l}
			for j := 0; j < layers; j++ {
				v := "—"
				if have[i] && snaps[i].Step > 0 && j < len(snaps[i].Layers) {
					v = of(snaps[i], j)
				}
				rows[i] = append(rows[i], v)
			}
		}
		return strings.Split(widget.Table(head, rows, w, st.W), "\n")
	}
	nl := 0
	for i := range snaps {
		if have[i] {
			nl = max(nl, len(snaps[i].Layers))
		}
	}
	out := []string{fit(st.render(st.Section, "Activation view")+st.render(st.Muted, "  σ of each hidden layer's outputs on the last batch"), w)}
	out = append(out, table(nl-1, func(s lab.Snapshot, j int) string { return fmtShort(s.Layers[j].ActStd) })...) // the output layer aside
	out = append(out, fit(st.render(st.Section, "Update sizes")+st.render(st.Muted, "  Δw/w = ‖ΔW‖/‖W‖ of each layer's last step"), w))
	return append(out, table(nl, func(s lab.Snapshot, j int) string { return fmtShort(s.Layers[j].UpdateRatio) })...)
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

// withHint adds a key hint to a chart title when both fit in w.
func withHint(title, hint string, w int) string {
	if hint == "" || lipglossWidth(title)+5+lipglossWidth(hint) > w {
		return title
	}
	return title + "   (" + hint + ")"
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
	tbl = append(tbl, divergedNotes(names, snaps, have, w, st)...)
	chart := func(ch int) string {
		series, maxStep := compareSeries(names, groupsOf(snaps, have, 1), qBatchLoss, max(8, w))
		return widget.LossChart(series, w, ch, widget.ChartOptions{
			Title: chartTitle("f along each path, mean per bucket", p.logY), XLabel: "step", XMax: float64(maxStep), LogY: p.logY,
			FitY: true, NoValues: true, // the table holds each run's f now
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

// experimentFile is the comparison as a spec file: its base and the
// factor it varies, seed included.
func (p *comparePanel) experimentFile() ([]byte, string, error) {
	data, err := spec.EncodeFile(p.base, &spec.Vary{Field: p.field, Values: p.values})
	holds := fmt.Sprintf("the comparison of %d runs varying %s with seed %d; it replays them from step 0", len(p.values), p.field, p.base.Seed)
	if p.liveLR {
		holds += " at the rates they started with (the live lr changes are not in it)"
	}
	return data, holds, err
}

// curves are every run's history, named by the factor's value.
func (p *comparePanel) curves() (string, string, []lab.Curves) {
	var runs []lab.Curves
	for i := range p.g.runs {
		if i < len(p.values) {
			runs = append(runs, p.g.snaps[i].Curves(p.values[i]))
		}
	}
	return p.base.Name, p.field, runs
}
