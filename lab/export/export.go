// Package export writes runs' loss and accuracy curves for reports: as an
// image (PNG or SVG, drawn with gonum.org/v1/plot) and as CSV.
package export

import (
	"fmt"
	"image/color"
	"io"
	"math"
	"path/filepath"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"

	"github.com/nnlab/nnlab/lab"
)

// Image formats, chosen by a file name's extension.
const (
	PNG = "png"
	SVG = "svg"
)

// FormatOf is the image format a file name asks for by its extension.
func FormatOf(path string) (string, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".png":
		return PNG, nil
	case ".svg":
		return SVG, nil
	}
	return "", fmt.Errorf("%s: the name must end in .png or .svg (the image format)", path)
}

// quantity is one curve of a run.
type quantity struct {
	name string
	acc  bool // an accuracy, drawn in percent
	of   func(lab.Eval) float64
}

// The evaluated quantities, in the order they are drawn.
var (
	trainLoss = quantity{"train loss", false, func(e lab.Eval) float64 { return e.TrainLoss }}
	valLoss   = quantity{"validation loss", false, func(e lab.Eval) float64 { return e.ValLoss }}
	testLoss  = quantity{"test loss", false, func(e lab.Eval) float64 { return e.TestLoss }}
	trainAcc  = quantity{"train accuracy", true, func(e lab.Eval) float64 { return 100 * e.TrainAcc }}
	valAcc    = quantity{"validation accuracy", true, func(e lab.Eval) float64 { return 100 * e.ValAcc }}
	testAcc   = quantity{"test accuracy", true, func(e lab.Eval) float64 { return 100 * e.TestAcc }}
	// A quantity without values (validation, when the data have no
	// validation set) draws no line.
	losses = []quantity{trainLoss, valLoss, testLoss}
	accs   = []quantity{trainAcc, valAcc, testAcc}
)

// Plot draws the runs' curves as an image in format (PNG or SVG).
//
// One run gets a loss panel (the batch loss, mean per bucket, and the
// train, validation and test losses at each evaluation) and, when it was
// scored by accuracy, an accuracy panel (train, validation, test); the
// validation lines only when the data have a validation set. Several runs, a comparison of factor,
// get one panel per quantity with one line per run, named "factor=name" in
// the legend. title heads the first panel. Points that are not finite are
// left out; a panel with no points is left out.
func Plot(w io.Writer, format, title, factor string, runs []lab.Curves) error {
	if format != PNG && format != SVG {
		return fmt.Errorf("image format %q: want png or svg", format)
	}
	if len(runs) == 0 {
		return fmt.Errorf("no runs to plot")
	}
	var panels []*plot.Plot
	var legend *plot.Legend // a tile of its own, for comparisons
	if len(runs) == 1 {
		panels = singlePanels(runs[0])
	} else {
		panels, legend = comparePanels(factor, runs)
	}
	if len(panels) == 0 {
		return fmt.Errorf("nothing to plot yet: no step has been taken")
	}
	if title != "" {
		panels[0].Title.Text = title + ": " + panels[0].Title.Text
	}
	tiles := len(panels)
	if legend != nil {
		tiles++
	}
	cols := min(2, tiles)
	rows := (tiles + cols - 1) / cols
	width, height := 16*vg.Centimeter*vg.Length(cols), 10*vg.Centimeter*vg.Length(rows)
	var canvas vg.CanvasSizer
	var out io.WriterTo
	if format == PNG {
		c := vgimg.NewWith(vgimg.UseWH(width, height), vgimg.UseDPI(96), vgimg.UseBackgroundColor(color.White))
		canvas, out = c, vgimg.PngCanvas{Canvas: c}
	} else {
		c := vgsvg.New(width, height)
		canvas, out = c, c
	}
	grid := make([][]*plot.Plot, rows)
	for r := range grid {
		grid[r] = make([]*plot.Plot, cols)
		for c := range grid[r] {
			if i := r*cols + c; i < len(panels) {
				grid[r][c] = panels[i]
			}
		}
	}
	pad := vg.Centimeter / 2
	layout := draw.Tiles{Rows: rows, Cols: cols, PadX: pad, PadY: pad, PadTop: pad / 2, PadBottom: pad / 2, PadLeft: pad / 2, PadRight: pad / 2}
	dc := draw.New(canvas)
	cells := plot.Align(grid, layout, dc)
	for r := range grid {
		for c, p := range grid[r] {
			if p != nil {
				p.Draw(cells[r][c])
			}
		}
	}
	if legend != nil {
		i := len(panels)
		cell := layout.At(dc, i%cols, i/cols)
		legend.Draw(cell)
	}
	_, err := out.WriteTo(w)
	return err
}

// singlePanels are one run's loss and accuracy panels.
func singlePanels(run lab.Curves) []*plot.Plot {
	loss := newPanel("Loss", "loss")
	n := 0
	if pts := batchPoints(run); len(pts) > 0 {
		n += addLine(loss, "batch loss (mean per bucket)", pts, color.Gray{Y: 150}, false)
	}
	for i, q := range losses {
		n += addLine(loss, q.name, evalPoints(run, q), plotutil.Color(i), i > 0)
	}
	var out []*plot.Plot
	if n > 0 {
		out = append(out, loss)
	}
	acc := newPanel("Accuracy", "accuracy %")
	acc.Legend.Top = false // accuracy climbs: its lines keep to the top
	n = 0
	for i, q := range accs {
		n += addLine(acc, q.name, evalPoints(run, q), plotutil.Color(i), i > 0)
	}
	if n > 0 {
		out = append(out, acc)
	}
	return out
}

// comparePanels are one panel per quantity, one line per run, and the
// legend that names the runs.
func comparePanels(factor string, runs []lab.Curves) ([]*plot.Plot, *plot.Legend) {
	var out []*plot.Plot
	legend := plot.NewLegend()
	legend.Top, legend.Left = true, true
	legend.TextStyle.Font.Size = vg.Points(14)
	for i, r := range runs {
		l := &plotter.Line{LineStyle: lineStyle(plotutil.Color(i), false)}
		legend.Add(name(factor, r), l)
	}
	batch := newPanel("Batch loss (mean per bucket)", "loss")
	n := 0
	for i, r := range runs {
		n += addLine(batch, "", batchPoints(r), plotutil.Color(i), false)
	}
	if n > 0 {
		out = append(out, batch)
	}
	for _, q := range append(append([]quantity(nil), losses...), accs...) {
		ylabel := "loss"
		if q.acc {
			ylabel = "accuracy %"
		}
		p := newPanel(strings.ToUpper(q.name[:1])+q.name[1:], ylabel)
		n := 0
		for i, r := range runs {
			n += addLine(p, "", evalPoints(r, q), plotutil.Color(i), false)
		}
		if n > 0 {
			out = append(out, p)
		}
	}
	return out, &legend
}

// name is a run's name in a comparison's legend: "factor=value".
func name(factor string, r lab.Curves) string {
	if factor == "" {
		return r.Name
	}
	return factor + "=" + r.Name
}

func newPanel(title, ylabel string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = "step"
	p.Y.Label.Text = ylabel
	p.Legend.Top = true
	p.Add(plotter.NewGrid())
	return p
}

// addLine adds a line of pts to p, in its legend under name unless that
// is empty, and returns 1, or 0 when there are no points.
func addLine(p *plot.Plot, name string, pts plotter.XYs, c color.Color, dashed bool) int {
	if len(pts) == 0 {
		return 0
	}
	l, err := plotter.NewLine(pts)
	if err != nil { // cannot happen: the points are finite
		return 0
	}
	l.LineStyle = lineStyle(c, dashed)
	p.Add(l)
	if name != "" {
		p.Legend.Add(name, l)
	}
	return 1
}

func lineStyle(c color.Color, dashed bool) draw.LineStyle {
	st := draw.LineStyle{Color: c, Width: vg.Points(1.5)}
	if dashed {
		st.Dashes = []vg.Length{vg.Points(5), vg.Points(3)}
	}
	return st
}

// batchPoints are the batch-loss buckets' means at their middle steps.
func batchPoints(r lab.Curves) plotter.XYs {
	var pts plotter.XYs
	for _, b := range r.Train {
		x := float64(b.Step) + float64(max(r.TrainWidth, 1))/2
		pts = appendFinite(pts, x, b.Mean)
	}
	return pts
}

// evalPoints are q at each evaluation.
func evalPoints(r lab.Curves, q quantity) plotter.XYs {
	var pts plotter.XYs
	for _, e := range r.Evals {
		pts = appendFinite(pts, float64(e.Step), q.of(e))
	}
	return pts
}

func appendFinite(pts plotter.XYs, x, y float64) plotter.XYs {
	if math.IsNaN(y) || math.IsInf(y, 0) {
		return pts
	}
	return append(pts, plotter.XY{X: x, Y: y})
}
