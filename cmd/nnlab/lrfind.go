package main

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/nnlab/nnlab/lab"
	"github.com/nnlab/nnlab/lab/spec"
	"github.com/nnlab/nnlab/tui/widget"
)

const lrfindTail = `The rate rises exponentially from --min to --max, one rate per step, from
the spec's starting weights; the spec's optimizer, batch and data are kept,
its schedule is replaced. The run stops when the loss diverges (its
smoothed value passes 4× its lowest). It suggests two rates and the middle
between them on a log scale: where the smoothed loss falls fastest, and a
tenth of the rate at which it diverges. A sweep too short for the network to
learn shows no fall: give it more --steps.
`

func cmdLRFind(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("lrfind", "lrfind [--spec FILE] [--min LR] [--max LR] [--steps N] [flags]", stdout)
	fs.tail = lrfindTail
	build := specOptions(fs, "steps", "epochs", "lr", "seeds")
	threads := threadsOption(fs)
	lo := fs.Float64("min", lab.DefaultRangeMin, "the first learning rate of the sweep")
	hi := fs.Float64("max", lab.DefaultRangeMax, "the last learning rate of the sweep")
	steps := fs.Int("steps", lab.DefaultRangeSteps, "steps of the sweep, one rate each")
	format := fs.String("format", "table", "output: table (a chart, rows and the suggestions), csv (rows), json (rows and suggestions)")
	maxMem := memoryFlag(fs)
	if err := fs.parse(args); err != nil {
		return err
	}
	if err := lab.CheckFormat(*format); err != nil {
		return badInput(err)
	}
	rt := lab.RangeTest{Min: *lo, Max: *hi, Steps: *steps}
	if err := rt.Check(); err != nil {
		return badInput(err)
	}
	base, dataDir, err := build()
	if err != nil {
		return err
	}
	if base.Function != nil {
		return badInput(fmt.Errorf("function: a range test trains a network; a test-function spec has none"))
	}
	if err := lab.CheckMemory([]*spec.Spec{base}, lab.Options{MaxMemory: *maxMem}); err != nil {
		return badInput(err)
	}
	nthreads, err := threads()
	if err != nil {
		return err
	}
	ctx, stop := interruptible(stderr)
	defer stop()
	t, err := lab.NewTrainer(base, nil, dataDir, lab.WithThreads(lab.ThreadsPerRun(nthreads, 1)))
	if err != nil {
		return badInput(err)
	}
	defer t.Close()
	if err := t.StartRangeTest(rt); err != nil {
		return badInput(err)
	}
	defer t.StopWhenDone(ctx)()
	bar := newProgress(stderr, t.MaxSteps())
	for !t.Finished() && ctx.Err() == nil {
		t.Step()
		bar.update(t.StepCount(), t.Loss())
	}
	bar.done()
	r := t.RangeResult()
	_, why := t.Status()
	stopped := interrupted(ctx)
	if stopped != nil {
		why = fmt.Sprintf("interrupted at step %d", t.StepCount())
	}
	if err := writeRange(stdout, stderr, *format, r, rt, t.Spec(), why); err != nil {
		return err
	}
	return stopped
}

// writeRange prints a range test in format: the table format draws the
// curve, lists every few steps and the suggestions; csv lists every step
// (the suggestions on stderr); json gives both.
func writeRange(stdout, stderr io.Writer, format string, r *lab.RangeResult, rt lab.RangeTest, s *spec.Spec, why string) error {
	switch format {
	case "json":
		type point struct {
			Step   int      `json:"step"`
			LR     float64  `json:"lr"`
			Loss   *float64 `json:"loss"`
			Smooth *float64 `json:"smoothed"`
		}
		out := struct {
			Points    []point  `json:"points"`
			Steepest  *float64 `json:"steepest,omitempty"`
			Diverged  *float64 `json:"diverged,omitempty"`
			Tenth     *float64 `json:"tenth_of_diverged,omitempty"`
			Suggested *float64 `json:"suggested,omitempty"`
			End       string   `json:"end"`
		}{Steepest: positive(r.Steepest), Diverged: positive(r.Diverged), Tenth: positive(r.Diverged / 10),
			Suggested: positive(r.Suggested()), End: why}
		for i, p := range r.Points {
			out.Points = append(out.Points, point{i + 1, p.LR, finiteOrNil(p.Loss), finiteOrNil(p.Smooth)})
		}
		b, err := json.Marshal(out)
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(stdout, "%s\n", b)
		return err
	case "csv":
		var b strings.Builder
		b.WriteString("step,lr,loss,smoothed\n")
		for i, p := range r.Points {
			fmt.Fprintf(&b, "%d,%s,%s,%s\n", i+1, csvNum(p.LR), csvNum(p.Loss), csvNum(p.Smooth))
		}
		if _, err := io.WriteString(stdout, b.String()); err != nil {
			return err
		}
		_, err := fmt.Fprintf(stderr, "%s\n%s", why, suggestionText(r))
		return err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Learning-rate range test: %s, lr from %g to %g over %d steps, batch %d\n\n", s.Optimizer.Name, rt.Min, rt.Max, rt.Steps, s.Batch)
	b.WriteString(rangeChart(r, rt, 80, 18))
	b.WriteString("\n\n")
	fmt.Fprintf(&b, "%6s %12s %12s %12s\n", "step", "lr", "loss", "smoothed")
	every := max(1, len(r.Points)/20)
	for i, p := range r.Points {
		if i%every == 0 || i == len(r.Points)-1 {
			fmt.Fprintf(&b, "%6d %12.4g %12s %12s\n", i+1, p.LR, tableNum(p.Loss), tableNum(p.Smooth))
		}
	}
	fmt.Fprintf(&b, "\n%s\n%s", why, suggestionText(r))
	_, err := io.WriteString(stdout, b.String())
	return err
}

// rangeChart draws the batch loss and its smoothed curve against the rate,
// on a log scale of rates, in w×h cells without colour.
func rangeChart(r *lab.RangeResult, rt lab.RangeTest, w, h int) string {
	return widget.RangeChart(rangeSeries(r), w, h, rt.Min, plainStyles())
}

// rangeSeries is a range test's curve for widget.RangeChart.
func rangeSeries(r *lab.RangeResult) []widget.RangePoint {
	out := make([]widget.RangePoint, len(r.Points))
	for i, p := range r.Points {
		out[i] = widget.RangePoint{LR: p.LR, Loss: p.Loss, Smooth: p.Smooth}
	}
	return out
}

// plainStyles draw without colour or any other escape sequence.
func plainStyles() widget.Styles {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.Ascii)
	return widget.NewStyles(r)
}

// suggestionText is what a range test suggests, one line each.
func suggestionText(r *lab.RangeResult) string {
	var b strings.Builder
	line := func(what string, v float64, note string) {
		if v > 0 {
			fmt.Fprintf(&b, "%-24s lr %.3g%s\n", what+":", v, note)
		} else {
			fmt.Fprintf(&b, "%-24s none%s\n", what+":", note)
		}
	}
	switch {
	case r.Steepest > 0:
		line("steepest fall", r.Steepest, "")
	default:
		line("steepest fall", 0, " (the loss fell no more than its noise: give the sweep more steps)")
	}
	if r.Diverged > 0 {
		line("a tenth of divergence", r.Diverged/10, fmt.Sprintf(" (the loss diverged at lr %.3g)", r.Diverged))
	} else {
		line("a tenth of divergence", 0, " (the loss did not diverge: raise --max)")
	}
	line("suggested", r.Suggested(), " (between the two, on a log scale)")
	return b.String()
}

func positive(v float64) *float64 {
	if v > 0 && !math.IsInf(v, 0) {
		return &v
	}
	return nil
}

func finiteOrNil(v float64) *float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return &v
}

func csvNum(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return ""
	}
	return fmt.Sprint(v)
}

func tableNum(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "-"
	}
	return fmt.Sprintf("%.6g", v)
}
