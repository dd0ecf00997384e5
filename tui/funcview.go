package tui

import (
	"fmt"
	"strings"

	"github.com/nnlab/nnlab/lab"
	"github.com/nnlab/nnlab/tui/widget"
)

// isFunction says whether a snapshot is of a test-function run.
func isFunction(s lab.Snapshot) bool { return s.Func.Name != "" }

// functionPlot draws the runs' paths over their function's level sets in
// w×h cells (the function of the first run that has one; runs on another
// function are left out). Level values, box and minima come from lab.
func functionPlot(names []string, snaps []lab.Snapshot, have []bool, w, h int, st Styles) string {
	name, kappa := "", 1.0
	var raw, settled [][][2]float64 // all paths; those of runs that did not diverge
	var keep []int
	for i, s := range snaps {
		if !have[i] || !isFunction(s) {
			continue
		}
		if name == "" {
			name, kappa = s.Func.Name, s.Func.Condition
		}
		if s.Func.Name == name {
			raw = append(raw, s.Path)
			keep = append(keep, i)
			if s.Status != lab.Diverged {
				settled = append(settled, s.Path)
			}
		}
	}
	if name == "" {
		return widget.PathPlot(nil, 0, 0, nil, nil, w, h, st.W)
	}
	// The box fits the runs that did not diverge: a diverging path leaves
	// the plot instead of shrinking the others to a corner.
	if len(settled) == 0 {
		settled = raw
	}
	box := lab.FunctionBox(name, settled...)
	gw, gh := max(w, 1), max(2*(h-1), 1)
	grid := lab.FunctionGrid(name, kappa, box, gw, gh)
	unit := func(p [2]float64) [2]float64 {
		return [2]float64{(p[0] - box[0]) / (box[1] - box[0]), (p[1] - box[2]) / (box[3] - box[2])}
	}
	paths := make([]widget.Path, len(raw))
	for k, path := range raw {
		pts := make([][2]float64, len(path))
		for j, p := range path {
			pts[j] = unit(p)
		}
		paths[k] = widget.Path{Name: names[keep[k]], Points: pts}
	}
	var minima [][2]float64
	for _, m := range lab.FunctionMinima(name) {
		minima = append(minima, unit(m))
	}
	return widget.PathPlot(grid, gw, gh, paths, minima, w, h, st.W)
}

// functionTitle names the function and its minimum for the plot's title.
func functionTitle(s lab.Snapshot) string {
	switch s.Func.Name {
	case "quadratic":
		return fmt.Sprintf("Paths on f = (x² + %g·y²)/2", s.Func.Condition)
	case "rosenbrock":
		return "Paths on Rosenbrock's f = (1−x)² + 100(y−x²)²"
	case "himmelblau":
		return "Paths on Himmelblau's f (four minima)"
	case "wells":
		return "Paths on two wells: deep at (2, 0), shallow at (−1, 0), saddle at (0, 0)"
	}
	return "Paths"
}

// functionRow is a function run's line in the compare table.
func functionRow(name string, s lab.Snapshot, rate bool) []string {
	row := []string{name, fmtNum(s.Func.Value), fmtNum(s.Func.Dist)}
	if rate {
		row = append(row, fmtRatio(s.Func.Rate), fmtRatio(s.Func.Theory))
	}
	return append(row, fmt.Sprint(s.Step), statusWord(s))
}

// functionHeader is the compare table's header for function runs.
func functionHeader(rate bool) []string {
	h := []string{"run", "f", "to min"}
	if rate {
		h = append(h, "rate/step", "theory")
	}
	return append(h, "steps", "status")
}

// fmtRatio formats a contraction rate with four decimals, "—" when unknown.
func fmtRatio(v float64) string {
	if fmtNum(v) == "—" {
		return "—"
	}
	return fmt.Sprintf("%.4f", v)
}

// functionParts are a function run's readings for the status line.
func functionParts(s lab.Snapshot) []string {
	parts := []string{"f " + fmtNum(s.Func.Value), "to min " + fmtNum(s.Func.Dist)}
	if s.Func.Name == "quadratic" {
		parts = append(parts, "rate/step "+fmtRatio(s.Func.Rate)+" (theory "+fmtRatio(s.Func.Theory)+")")
	}
	return parts
}

// splitPlotChart shares rows between a path plot (with its title line)
// and the loss chart: both when there is room, else the one chosen by
// chartOnly.
func splitPlotChart(rows int, chartOnly bool) (plotH, chartH int) {
	const minPlot, minChart = 8, 7
	if rows >= minPlot+minChart {
		chartH = max(minChart, rows*2/5)
		return rows - chartH, chartH
	}
	if chartOnly || rows < minPlot {
		return 0, rows
	}
	return rows, 0
}

// renderFunctionBody draws the plot (title line included) over the chart
// in w×rows cells.
func renderFunctionBody(names []string, snaps []lab.Snapshot, have []bool, chart func(h int) string,
	w, rows int, chartOnly bool, st Styles) []string {
	plotH, chartH := splitPlotChart(rows, chartOnly)
	var lines []string
	if plotH > 0 {
		title := "Paths"
		for i, s := range snaps {
			if have[i] && isFunction(s) {
				title = functionTitle(s)
				break
			}
		}
		lines = append(lines, fit(st.render(st.Section, title), w))
		lines = append(lines, strings.Split(functionPlot(names, snaps, have, w, plotH-1, st), "\n")...)
	}
	if chartH > 0 {
		lines = append(lines, strings.Split(chart(chartH), "\n")...)
	}
	return lines
}
