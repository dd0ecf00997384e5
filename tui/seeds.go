package tui

import (
	"fmt"
	"slices"
	"strings"

	"github.com/nnlab/nnlab/lab"
	"github.com/nnlab/nnlab/tui/widget"
)

// A comparison with seeds: N (spec.Seeds) runs every configuration N
// times, its runs in order: configuration 0's seeds, then 1's. The chart
// draws each configuration's mean with a band from the lowest to the
// highest of its runs; the table gives mean ± standard deviation.

// groupsOf splits the runs' snapshots into configurations of n seeds,
// keeping those that have reported.
func groupsOf(snaps []lab.Snapshot, have []bool, n int) [][]lab.Snapshot {
	n = max(n, 1)
	out := make([][]lab.Snapshot, len(snaps)/n)
	for c := range out {
		for k := c * n; k < (c+1)*n; k++ {
			if have[k] {
				out[c] = append(out[c], snaps[k])
			}
		}
	}
	return out
}

// bandNote says on screen what a band and a ± are.
func bandNote(seeds int) string {
	return fmt.Sprintf("band: lowest to highest of %d seeds", seeds)
}

// seedsNote is the line under a comparison of several seeds.
func seedsNote(seeds int) string {
	return fmt.Sprintf("each configuration on %d seeds: curves are their mean, the band runs from the lowest to the highest; the table gives mean ± standard deviation (of the seeds that did not diverge, when some did), the gradient bars the mean", seeds)
}

// spreadCell formats a number of a configuration's runs: the value of one
// run, or the mean ± the sample standard deviation of several ("—" when
// none has it).
func spreadCell(vals []float64, format func(float64) string) string {
	sp := lab.SpreadOf(vals)
	switch {
	case sp.N == 0:
		return "—"
	case len(vals) == 1:
		return format(vals[0])
	}
	return format(sp.Mean) + "±" + fmtShort(sp.SD)
}

// statusOf is the state of a configuration's runs in one word, or a count
// of each ("2 done, 1 diverged").
func statusOf(g []lab.Snapshot) string {
	if len(g) == 0 {
		return "starting"
	}
	var order []string
	count := map[string]int{}
	for _, s := range g {
		w := statusWord(s)
		if count[w] == 0 {
			order = append(order, w)
		}
		count[w]++
	}
	if len(order) == 1 {
		return order[0]
	}
	parts := make([]string, len(order))
	for i, w := range order {
		parts[i] = fmt.Sprintf("%d %s", count[w], w)
	}
	return strings.Join(parts, ", ")
}

// meanLayers is a snapshot of a configuration whose per-layer statistics
// are the means over its runs (the gradient bars and the activation view
// of several seeds); false when no run has reported.
func meanLayers(g []lab.Snapshot) (lab.Snapshot, bool) {
	if len(g) == 0 {
		return lab.Snapshot{}, false
	}
	if len(g) == 1 {
		return g[0], true
	}
	out := g[0]
	out.Step = g[0].Step
	n := len(g[0].Layers)
	for _, s := range g {
		n = min(n, len(s.Layers))
		out.Step = min(out.Step, s.Step)
	}
	out.Layers = slices.Clone(g[0].Layers[:n])
	for i := range out.Layers {
		l := &out.Layers[i]
		l.GradNorm, l.GradRMS, l.WeightNorm, l.UpdateRatio = 0, 0, 0, 0
		l.ActMean, l.ActStd, l.PreStd, l.Dead, l.Saturated = 0, 0, 0, 0, 0
		for _, s := range g {
			k := float64(len(g))
			x := s.Layers[i]
			l.GradNorm += x.GradNorm / k
			l.GradRMS += x.GradRMS / k
			l.WeightNorm += x.WeightNorm / k
			l.UpdateRatio += x.UpdateRatio / k
			l.ActMean += x.ActMean / k
			l.ActStd += x.ActStd / k
			l.PreStd += x.PreStd / k
			l.Dead += x.Dead / k
			l.Saturated += x.Saturated / k
		}
	}
	return out, true
}

// groupSeries is a configuration's curve of q over m points up to maxStep:
// one run's curve, or the mean of several with the band of their lowest
// and highest. A point is the mean of the runs that have it.
func groupSeries(name string, g []lab.Snapshot, q quantity, m, maxStep int) widget.Series {
	sr := widget.Series{Name: name}
	if len(g) == 0 {
		return sr
	}
	curves := make([][]float64, len(g))
	n := 0
	for i, s := range g {
		curves[i] = curve(s, q, m, maxStep)
		n = max(n, len(curves[i]))
		sr.Off = sr.Off || (s.Status == lab.Diverged && !q.isAcc())
	}
	if len(g) == 1 {
		sr.Points = curves[0]
		return sr
	}
	sr.Points, sr.Lo, sr.Hi = make([]float64, n), make([]float64, n), make([]float64, n)
	col := make([]float64, 0, len(g))
	for k := range n {
		col = col[:0]
		for _, c := range curves {
			if k < len(c) {
				col = append(col, c[k])
			}
		}
		sp := lab.SpreadOf(col)
		sr.Points[k], sr.Lo[k], sr.Hi[k] = sp.Mean, sp.Min, sp.Max
	}
	return sr
}

// anyValidation says whether a run of the comparison has a validation set.
func anyValidation(snaps []lab.Snapshot, have []bool) bool {
	for i, s := range snaps {
		if have[i] && hasValidation(s) {
			return true
		}
	}
	return false
}
