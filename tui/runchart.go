package tui

import (
	"fmt"
	"math"
	"sort"

	"github.com/nnlab/nnlab/lab"
	"github.com/nnlab/nnlab/tui/widget"
)

// The quantities a chart can draw. A single run's chart shows loss
// (the batch loss with the train, validation and test losses of the
// evaluations) or accuracy (train, validation and test); a comparison
// draws one of them per run, cycled with the Chart key.
type quantity int

const (
	qBatchLoss quantity = iota
	qValLoss
	qTestLoss
	qTrainAcc
	qValAcc
	qTestAcc
)

// compareQuantities are the charts of a comparison, in the Chart key's
// order (the validation ones only when the data have a validation set).
var compareQuantities = []quantity{qBatchLoss, qValLoss, qTestLoss, qTrainAcc, qValAcc, qTestAcc}

// quantityTitle is a chart title that says which quantity is drawn.
var quantityTitle = map[quantity]string{
	qBatchLoss: "Batch loss, mean per bucket",
	qValLoss:   "Validation loss at each evaluation",
	qTestLoss:  "Test loss at each evaluation",
	qTrainAcc:  "Training accuracy % at each evaluation",
	qValAcc:    "Validation accuracy % at each evaluation",
	qTestAcc:   "Test accuracy % at each evaluation",
}

// quantityName is how the Chart key's hint names a quantity.
var quantityName = map[quantity]string{
	qBatchLoss: "batch loss", qValLoss: "validation loss", qTestLoss: "test loss",
	qTrainAcc: "train accuracy", qValAcc: "validation accuracy", qTestAcc: "test accuracy",
}

// isAcc says whether q is an accuracy (drawn in percent, linear).
func (q quantity) isAcc() bool { return q == qTrainAcc || q == qValAcc || q == qTestAcc }

// isVal says whether q is measured on the validation set.
func (q quantity) isVal() bool { return q == qValLoss || q == qValAcc }

// at is q's value in a snapshot at step (the newest batch bucket or
// evaluation at or before it; NaN before there is one).
func (q quantity) at(s lab.Snapshot, step int) float64 {
	if q == qBatchLoss {
		if len(s.Train) == 0 || s.TrainWidth <= 0 {
			return math.NaN()
		}
		return s.Train[min(max(step-1, 0)/s.TrainWidth, len(s.Train)-1)].Mean
	}
	j := sort.Search(len(s.Evals), func(j int) bool { return s.Evals[j].Step > step }) - 1
	if j < 0 {
		return math.NaN()
	}
	return q.of(s.Evals[j])
}

// of is q in one evaluation (accuracies in percent).
func (q quantity) of(e lab.Eval) float64 {
	switch q {
	case qValLoss:
		return e.ValLoss
	case qTestLoss:
		return e.TestLoss
	case qTrainAcc:
		return 100 * e.TrainAcc
	case qValAcc:
		return 100 * e.ValAcc
	case qTestAcc:
		return 100 * e.TestAcc
	}
	return math.NaN()
}

// last is q's latest value: the newest bucket's mean, or the last
// evaluation; for a run that ended with the weights of an earlier
// evaluation (restore_best), the evaluation of those weights.
func (q quantity) last(s lab.Snapshot) float64 {
	if s.Restored > 0 && q != qBatchLoss {
		return q.of(s.Eval)
	}
	return q.at(s, s.Step)
}

// hasAccuracy says whether a run is scored by accuracy (a classifier that
// has been evaluated).
func hasAccuracy(s lab.Snapshot) bool {
	for _, e := range s.Evals {
		if !math.IsNaN(e.TrainAcc) {
			return true
		}
	}
	return false
}

// hasValidation says whether a run's data have a validation set (and it
// has been evaluated).
func hasValidation(s lab.Snapshot) bool {
	for _, e := range s.Evals {
		if !math.IsNaN(e.ValLoss) {
			return true
		}
	}
	return false
}

// curve samples q over m points from step 0 to maxStep; a run that is
// behind gets a shorter curve.
func curve(s lab.Snapshot, q quantity, m, maxStep int) []float64 {
	if maxStep <= 0 || s.Step <= 0 || m < 2 {
		return nil
	}
	n := int(math.Round(float64(s.Step) / float64(maxStep) * float64(m-1)))
	pts := make([]float64, n+1)
	for k := range pts {
		pts[k] = q.at(s, k*maxStep/(m-1))
	}
	return pts
}

// evalCurve is f of each evaluation, held until the next one, at the ends
// of the batch buckets (so that it lines up with the batch curve).
func evalCurve(s lab.Snapshot, f func(lab.Eval) float64) []float64 {
	if len(s.Train) == 0 || s.TrainWidth <= 0 || len(s.Evals) == 0 {
		return nil
	}
	out := make([]float64, len(s.Train))
	j, cur := 0, math.NaN()
	for i := range out {
		end := (i + 1) * s.TrainWidth
		for j < len(s.Evals) && s.Evals[j].Step <= end {
			cur = f(s.Evals[j])
			j++
		}
		out[i] = cur
	}
	return out
}

// runSeries are a single run's curves: with acc the train, validation and
// test accuracy (in percent), else the batch loss (mean per bucket, with
// its worst batch) and the train, validation and test losses of the
// evaluations. batch names the batch curve ("f" for a test function).
func runSeries(s lab.Snapshot, acc bool, batch string) []widget.Series {
	var out []widget.Series
	if !acc {
		train := make([]float64, len(s.Train))
		for i, b := range s.Train {
			train[i] = b.Mean
		}
		out = append(out, widget.Series{Name: batch, Points: train, Envelope: true})
	}
	if len(s.Evals) == 0 {
		return out
	}
	// The evaluations' train, validation and test curves, when they have
	// values (a data set may have no validation or test split).
	last := s.Evals[len(s.Evals)-1]
	for _, c := range []struct {
		name      string
		marker    rune
		loss, acc quantity
	}{
		{"train", '━', -1, qTrainAcc},
		{"val", '+', qValLoss, qValAcc},
		{"test", '═', qTestLoss, qTestAcc},
	} {
		f := func(e lab.Eval) float64 { return c.loss.of(e) }
		switch {
		case acc:
			f = func(e lab.Eval) float64 { return c.acc.of(e) }
		case c.name == "train":
			f = func(e lab.Eval) float64 { return e.TrainLoss }
		}
		if math.IsNaN(f(last)) {
			continue
		}
		sr := widget.Series{Name: c.name, Points: evalCurve(s, f), Marker: c.marker}
		if acc {
			sr.Value = fmtPct(f(last) / 100)
		}
		out = append(out, sr)
	}
	return out
}

// runChart draws a single run's chart in w×h: loss or (acc) accuracy, the
// gap between train and test in the title. A run that diverged is drawn on
// a log scale (l switches back), and the title says why.
func runChart(s lab.Snapshot, acc, logY bool, w, h int, st Styles) string {
	acc = acc && hasAccuracy(s)
	title, hint := "Loss", "a: accuracy"
	if acc {
		title, hint = "Accuracy %", "a: loss"
		logY = false
	} else if s.Status == lab.Diverged {
		logY = !logY
		if logY {
			title = "Loss, log scale (the run diverged)"
		}
	} else if logY {
		title = "Loss, log scale"
	}
	if !hasAccuracy(s) {
		hint = ""
	}
	// The gap between training and held-out results: validation when
	// there is a validation set (what choices are made on), else test.
	gap := ""
	if n := len(s.Evals); n > 0 {
		e := s.Evals[n-1]
		held, heldAcc, name := e.TestLoss, e.TestAcc, "test"
		if hasValidation(s) {
			held, heldAcc, name = e.ValLoss, e.ValAcc, "val"
		}
		if g := e.TrainAcc - heldAcc; acc && !math.IsNaN(g) {
			gap = fmt.Sprintf(" · gap %.1f points", 100*g)
		} else if g := held - e.TrainLoss; !acc && !math.IsNaN(g) {
			gap = " · " + name + " − train " + fmtNum(g)
		}
	}
	if !acc && !logY {
		hint = joinHints(hint, "l: log")
	}
	// The gap, then the keys, as room allows; the keys before the gap on
	// a narrow chart (the curves show the gap).
	switch full := withHint(title+gap, hint, w); {
	case full != title+gap || hint == "":
		title = full
	case withHint(title, hint, w) != title:
		title = withHint(title, hint, w)
	default:
		title += gap
	}
	return widget.LossChart(runSeries(s, acc, "batch mean"), w, h, widget.ChartOptions{
		Title: title, XLabel: "step", XMax: float64(s.Step), LogY: logY,
	}, st.W)
}

// joinHints joins key hints with " · ", skipping empty ones.
func joinHints(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + " · " + b
}
