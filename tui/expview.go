package tui

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/charmbracelet/lipgloss"

	"github.com/nnlab/nnlab/lab"
	"github.com/nnlab/nnlab/lab/data"
	"github.com/nnlab/nnlab/lab/spec"
	"github.com/nnlab/nnlab/tui/widget"
)

// dataPoint is one sample of a 2-D data set, in data units.
type dataPoint struct {
	X, Y  float64
	Class int
	Test  bool // from the test split
}

// maxPoints is how many samples of each split the boundary draws.
const maxPoints = 400

// loadPoints asks lab for the spec's training and test data (it may read
// files: call it from a tea.Cmd). It returns nil for data that are not 2-D
// points.
func loadPoints(spec *spec.Spec, dataDir string) []dataPoint {
	tr, err := lab.NewTrainer(spec, nil, dataDir)
	if err != nil || !tr.HasBoundary() || tr.Set == nil {
		return nil
	}
	var out []dataPoint
	var row []float64
	for _, sp := range []*data.Split{&tr.Set.Train, &tr.Set.Test} {
		for i := 0; i < min(sp.N, maxPoints); i++ {
			row = sp.Row(row, i)
			c := 0
			if sp.Labels != nil {
				c = sp.Labels[i]
			} else if sp.Y != nil && len(sp.Y) >= sp.N && sp.Y[i] > 0 {
				c = 1
			}
			out = append(out, dataPoint{X: row[0], Y: row[1], Class: c, Test: sp == &tr.Set.Test})
		}
	}
	return out
}

// layerLabels names the layers of a spec that have weights, as the
// gradient bars and health rows list them: "L1 tanh 16", "L1 conv 6",
// "L2 bn".
func layerLabels(s *spec.Spec) []string {
	if s == nil {
		return nil
	}
	var out []string
	for i, l := range s.Model.Layers {
		act := l.Activation
		if act == "" {
			act = "lin"
		}
		act = strings.NewReplacer("leaky_relu", "lrelu", "sigmoid", "sigm", "softmax", "smax", "linear", "lin").Replace(act)
		switch spec.KindOf(l) {
		case "dense":
			out = append(out, fmt.Sprintf("L%d %s %d", i+1, act, l.Units))
		case "conv2d":
			out = append(out, fmt.Sprintf("L%d conv %d", i+1, l.Filters))
		case "batch_norm":
			out = append(out, fmt.Sprintf("L%d bn", i+1))
		}
	}
	return out
}

// label returns labels[i] or "L<i+1>".
func label(labels []string, i int) string {
	if i < len(labels) {
		return labels[i]
	}
	return "L" + strconv.Itoa(i+1)
}

// fmtNum formats a reading: 3 significant digits, "—" when not finite.
func fmtNum(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "—"
	}
	s := strconv.FormatFloat(v, 'g', 3, 64)
	if i := strings.Index(s, "e"); i >= 0 { // e-05 -> e-5
		exp := strings.TrimLeft(strings.TrimPrefix(strings.TrimPrefix(s[i+1:], "+"), "-"), "0")
		sign := ""
		if strings.HasPrefix(s[i+1:], "-") {
			sign = "-"
		}
		s = s[:i] + "e" + sign + exp
	}
	return s
}

// fmtPct formats an accuracy as a percentage, "—" when not finite.
func fmtPct(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "—"
	}
	return strconv.FormatFloat(100*v, 'f', 1, 64) + "%"
}

// fmtRate formats steps per second: "850", "12.3k".
func fmtRate(v float64) string {
	switch {
	case !(v > 0) || math.IsInf(v, 0):
		return "0"
	case v >= 1000:
		return strconv.FormatFloat(v/1000, 'f', 1, 64) + "k"
	}
	return strconv.FormatFloat(v, 'f', 0, 64)
}

// stateWord describes the run's status in words (never by colour alone).
func stateWord(s lab.Snapshot, st Styles) string {
	switch s.Status {
	case lab.Running:
		return st.render(st.Good, "▶ running")
	case lab.Paused:
		return st.render(st.Warn, "❚❚ paused")
	case lab.Done:
		// Early stopping, restore_best and a range test say more than
		// "done after N steps", which the step count already shows.
		if s.Reason != "" && s.Reason != fmt.Sprintf("done after %d steps", s.Step) {
			return "■ " + s.Reason
		}
		return "■ done"
	case lab.Diverged:
		return st.render(st.Bad, "✗ "+divergedText(s))
	case lab.Failed:
		return st.render(st.Bad, "✗ "+s.Reason)
	}
	return string(s.Status)
}

// divergedText is why a run diverged: lab's reason already names the step
// ("diverged at step 5: the loss is NaN").
func divergedText(s lab.Snapshot) string {
	if s.Reason == "" {
		return fmt.Sprintf("diverged at step %d", s.Step)
	}
	return s.Reason
}

// statusLines summarise a run: its state and progress, then (for a
// network) its numbers, each saying which quantity it is. Parts go on as
// few lines as the width allows; a part longer than a line (why a run
// diverged) wraps.
func statusLines(s lab.Snapshot, have bool, width int, st Styles) []string {
	if !have {
		return []string{fit(st.render(st.Muted, "starting…"), width)}
	}
	parts := []string{
		stateWord(s, st),
		fmt.Sprintf("step %d/%d", s.Step, s.MaxSteps),
	}
	if isFunction(s) {
		parts = append(parts, functionParts(s)...)
	} else {
		parts = append(parts, fmt.Sprintf("epoch %d", s.Epoch))
	}
	parts = append(parts, "lr "+fmtNum(s.LR))
	if s.ClipNorm > 0 {
		parts = append(parts, fmt.Sprintf("clip_norm %s: clipped %d of %d steps", fmtNum(s.ClipNorm), s.Clipped, s.Step))
	}
	if s.Status == lab.Running { // a rate means nothing while paused
		parts = append(parts, fmtRate(s.StepsPerSec)+" steps/s")
	}
	if s.MaxStepsPerSec > 0 {
		parts = append(parts, "pace ≤"+fmtRate(s.MaxStepsPerSec)+"/s (>)")
	}
	if !isFunction(s) {
		parts = append(parts, numberParts(s)...)
	}
	return packParts(parts, width)
}

// numberParts are a network run's numbers, each saying what it is: the
// last batch's loss, then the loss (and accuracy) on the training and test
// sets at the last evaluation, "loss/acc at step 600: train 0.577/82.5%,
// test 0.567/84.5%".
func numberParts(s lab.Snapshot) []string {
	batch := "last batch loss " + fmtNum(s.Loss)
	e := s.Eval
	if s.Range != nil { // a range test reads the batch losses only
		return []string{batch}
	}
	if e.Step < 0 {
		return []string{batch, "not evaluated yet"}
	}
	acc := !math.IsNaN(e.TrainAcc)
	pair := func(loss, a float64) string {
		if acc {
			return fmtNum(loss) + "/" + fmtPct(a)
		}
		return fmtNum(loss)
	}
	head := "loss"
	if acc {
		head = "loss/acc"
	}
	when := fmt.Sprintf("at step %d", e.Step)
	if s.Restored > 0 {
		when = fmt.Sprintf("of step %d's weights (restored)", s.Restored)
	}
	ev := fmt.Sprintf("%s %s: train %s", head, when, pair(e.TrainLoss, e.TrainAcc))
	if !math.IsNaN(e.ValLoss) {
		ev += ", val " + pair(e.ValLoss, e.ValAcc)
	}
	if math.IsNaN(e.TestLoss) { // a data set may have no test split
		ev += " (no test split)"
	} else {
		ev += ", test " + pair(e.TestLoss, e.TestAcc)
	}
	return []string{batch, ev}
}

// packParts joins parts with " · " on as few lines of width as they fit;
// a part wider than a line is wrapped onto lines of its own.
func packParts(parts []string, width int) []string {
	var lines []string
	for _, l := range widget.Pack(parts, " · ", width) {
		lines = append(lines, wrapLines([]string{l}, width)...)
	}
	for i := range lines {
		lines[i] = fit(lines[i], width)
	}
	return lines
}

// expView is what renderExperiment needs.
type expView struct {
	snap    lab.Snapshot
	have    bool
	points  []dataPoint
	labels  []string
	logY    bool
	acc     bool // the chart shows accuracy instead of loss
	scores  bool // the outputs are scores (a linear output layer), not probabilities
	title   string
	errText string
	view    int // the view chosen with the View key (cycled)
	// The decision boundary's toggles: test points drawn, class regions
	// instead of shading.
	showTest, discrete bool
	// neurons is the neuron view's cursor (2-D networks).
	neurons *neuronCursor
}

// boundaryPoints maps data points into the box's unit square: the training
// points, and the test points with test.
func boundaryPoints(ps []dataPoint, box [4]float64, test bool) []widget.Point {
	dx, dy := box[1]-box[0], box[3]-box[2]
	if !(dx > 0) || !(dy > 0) {
		return nil
	}
	out := make([]widget.Point, 0, len(ps))
	for _, p := range ps {
		if p.Test && !test {
			continue
		}
		out = append(out, widget.Point{X: (p.X - box[0]) / dx, Y: (p.Y - box[2]) / dy, Class: p.Class, Test: p.Test})
	}
	return out
}

// gradBars are a snapshot's per-layer gradient norms (none before the
// first step: there are no gradients yet).
func gradBars(s lab.Snapshot, labels []string) []widget.Bar {
	if s.Step == 0 {
		return nil
	}
	out := make([]widget.Bar, len(s.Layers))
	for i, l := range s.Layers {
		out[i] = widget.Bar{Label: label(labels, i), Value: l.GradNorm, Ratio: l.UpdateRatio}
	}
	return out
}

// healthRows are a snapshot's per-layer activation statistics (none before
// the first step).
func healthRows(s lab.Snapshot, labels []string) []widget.HealthRow {
	if s.Step == 0 {
		return nil
	}
	out := make([]widget.HealthRow, len(s.Layers))
	for i, l := range s.Layers {
		out[i] = widget.HealthRow{Label: label(labels, i), Dead: l.Dead, Saturated: l.Saturated, ActMean: l.ActMean, ActStd: l.ActStd}
	}
	return out
}

// boundarySize is the cell size of the decision-boundary map for a panel
// of w×h, or 0×0 when there is no room.
func boundarySize(w, h int) (bw, bh int) {
	if w < 60 || h < 12 {
		return 0, 0
	}
	bh = min(h/2+1, 18)
	bw = min(2*(bh-1), w*2/5)
	bh = min(bh, bw/2+1)
	return bw, bh
}

// renderExperiment draws one run's panel in exactly w×h cells: a status
// line, the loss chart (with the decision boundary beside it for 2-D
// data), the gradient bars and the activation health.
func renderExperiment(v expView, w, h int, st Styles) string {
	if w <= 0 || h <= 0 {
		return ""
	}
	var lines []string
	if v.title != "" {
		lines = append(lines, fit(st.render(st.Section, v.title), w))
	}
	if v.errText != "" {
		lines = append(lines, st.render(st.Bad, "Could not start: ")+v.errText)
		return block(wrapLines(lines, w), w, h)
	}
	lines = append(lines, statusLines(v.snap, v.have, w, st)...)
	rest := h - len(lines)
	if v.have && isFunction(v.snap) {
		snaps, have := []lab.Snapshot{v.snap}, []bool{true}
		chart := func(ch int) string {
			return widget.LossChart(runSeries(v.snap, false, "f"), w, ch, widget.ChartOptions{
				Title: chartTitle("f along the path, mean per bucket", v.logY), XLabel: "step", XMax: float64(v.snap.Step), LogY: v.logY,
				NoValues: true, // the status line holds f now
			}, st.W)
		}
		lines = append(lines, renderFunctionBody([]string{"path"}, snaps, have, chart, w, rest, v.view%2 == 1, st)...)
		return block(lines, w, h)
	}
	if v.have && v.snap.Range != nil {
		return block(append(lines, renderRange(v.snap, v.labels, w, rest, st)...), w, h)
	}
	if v.have && hasNeurons(v.snap) && v.neurons != nil && v.view%len(netViewNames) == viewNeurons {
		lines = append(lines, viewBarNames(netViewNames, viewNeurons, w, st))
		lines = append(lines, renderNeurons(v.snap, v.neurons, w, rest-1, st)...)
		return block(lines, w, h)
	}
	if v.have && isImages(v.snap) {
		modes := imageModes(rest-1, v.snap)
		mode := modes[v.view%len(modes)]
		lines = append(lines, viewBar(modes, mode, w, st))
		rest--
		if mode != imageLayers {
			lines = append(lines, renderImageBody(v.snap, mode, w, rest, v.logY, v.acc, st)...)
			return block(lines, w, h)
		}
	}
	n := len(v.snap.Layers)
	gradH := n + 2 // title + header + bars
	healthH := n + 1
	if n == 0 {
		gradH, healthH = 2, 0
	}
	if w < 58 {
		healthH = 0 // its lines would be cut
	}
	sideBySide := w >= 110 && n > 0
	bottom := gradH + healthH
	if sideBySide {
		bottom = max(gradH, healthH+1)
	}
	minChart := 7
	if v.have && isImages(v.snap) && n > 0 {
		minChart = 0 // the layers view of an image run: the bars come first
	}
	switch {
	case rest-bottom >= minChart:
	case rest-gradH >= minChart:
		healthH, bottom, sideBySide = 0, gradH, false
	default:
		gradH, healthH, bottom = 0, 0, 0
	}
	chartH := rest - bottom
	if chartH < 3 {
		return block(append(lines, v.bottom(gradH, healthH, bottom, sideBySide, w, st)...), w, h)
	}

	// Chart, with the outputs of a tiny data set or the boundary beside it.
	if outs := outputsBlock(v.snap, v.scores, st); len(outs) > 0 && w >= 60 {
		ow := lipgloss.Width(outs[1]) // the table's header
		cw := w - ow - 2
		chart := runChart(v.snap, v.acc, v.logY, cw, chartH, st)
		right := block(outs, ow, chartH)
		lines = append(lines, strings.Split(lipgloss.JoinHorizontal(lipgloss.Top, chart, "  ", right), "\n")...)
		return block(append(lines, v.bottom(gradH, healthH, bottom, sideBySide, w, st)...), w, h)
	}
	bw, bh := 0, 0
	if len(v.snap.Grid) > 0 {
		bw, bh = boundarySize(w, chartH+bottom)
		bh = min(bh, chartH)
		if bh < 6 {
			bw, bh = 0, 0
		}
	}
	cw := w
	if bw > 0 {
		cw = w - bw - 2
	}
	chart := runChart(v.snap, v.acc, v.logY, cw, chartH, st)
	if bw > 0 {
		title := fit(st.render(st.Section, "Decision boundary"), bw)
		b := widget.Boundary(v.snap.Grid, v.snap.GridW, v.snap.GridH, boundaryPoints(v.points, v.snap.Box, v.showTest), bw, bh-1, st.W,
			widget.BoundaryOptions{Discrete: v.discrete})
		right := title + "\n" + b
		right = block(strings.Split(right, "\n"), bw, chartH)
		chart = lipgloss.JoinHorizontal(lipgloss.Top, chart, "  ", right)
	}
	lines = append(lines, strings.Split(chart, "\n")...)
	return block(append(lines, v.bottom(gradH, healthH, bottom, sideBySide, w, st)...), w, h)
}

// bottom draws the gradient bars and the activation health under the
// chart: gradH and healthH lines (0 leaves a part out), side by side in
// bottom lines or stacked.
func (v expView) bottom(gradH, healthH, bottom int, sideBySide bool, w int, st Styles) []string {
	var lines []string
	if gradH > 0 {
		gw := w
		if sideBySide {
			gw = (w - 2) / 2
		}
		g := fit(st.render(st.Section, "Gradient size per layer")+st.render(st.Muted, "  (log scale, |∂L/∂W|; Δw/w = ‖ΔW‖/‖W‖)"), gw) + "\n" +
			widget.GradBars(gradBars(v.snap, v.labels), gw, st.W)
		if healthH > 0 {
			hw := gw
			if sideBySide {
				hw = w - gw - 2
			}
			hl := fit(st.render(st.Section, "Activation health"), hw) + "\n" + widget.Health(healthRows(v.snap, v.labels), hw, st.W)
			if sideBySide {
				g = lipgloss.JoinHorizontal(lipgloss.Top, block(strings.Split(g, "\n"), gw, bottom), "  ", block(strings.Split(hl, "\n"), hw, bottom))
			} else {
				g += "\n" + hl
			}
		}
		lines = append(lines, strings.Split(g, "\n")...)
	}
	return lines
}

// subDigits are the subscript digits, for naming outputs p₀, p₁, ….
var subDigits = []rune("₀₁₂₃₄₅₆₇₈₉")

// outputsBlock lists the network's outputs on every training sample of a
// tiny data set (Snapshot.Outputs) under a title: the inputs, the target
// and each output (p₀, p₁, … for class probabilities, z₀, z₁, … for
// scores, "output" for one value). It returns nil when the snapshot has
// none.
func outputsBlock(s lab.Snapshot, scores bool, st Styles) []string {
	if len(s.Outputs) == 0 {
		return nil
	}
	k := len(s.Outputs[0].Out)
	head := []string{"input", "target"}
	for j := 0; j < k; j++ {
		switch {
		case k == 1:
			head = append(head, "output")
		case j < len(subDigits) && scores:
			head = append(head, "z"+string(subDigits[j]))
		case j < len(subDigits):
			head = append(head, "p"+string(subDigits[j]))
		default:
			head = append(head, fmt.Sprintf("out %d", j))
		}
	}
	rows := make([][]string, len(s.Outputs))
	for i, o := range s.Outputs {
		in := make([]string, len(o.X))
		for j, x := range o.X {
			in[j] = fmtNum(x)
		}
		target := fmt.Sprint(o.Label)
		if o.Label < 0 {
			ys := make([]string, len(o.Y))
			for j, y := range o.Y {
				ys[j] = fmtNum(y)
			}
			target = strings.Join(ys, ", ")
		}
		row := []string{"(" + strings.Join(in, ", ") + ")", target}
		for _, y := range o.Out {
			row = append(row, strconv.FormatFloat(y, 'f', 3, 64))
		}
		rows[i] = row
	}
	table := strings.Split(widget.Table(head, rows, 80, st.W), "\n")
	w := 0
	for i, l := range table {
		table[i] = strings.TrimRight(l, " ")
		w = max(w, lipgloss.Width(table[i]))
	}
	for i := range table {
		table[i] = fit(table[i], w)
	}
	title := fit(st.render(st.Section, "Outputs per sample"), w)
	return append([]string{title}, table...)
}
