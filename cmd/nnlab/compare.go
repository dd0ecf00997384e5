package main

import (
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/nnlab/nnlab/lab"
	"github.com/nnlab/nnlab/lab/spec"
)

func cmdCompare(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("compare", "compare --vary FIELD=V1,V2,... [--spec FILE] [flags]", stdout)
	build := specOptions(fs)
	threads := threadsOption(fs)
	vary := fs.String("vary", "", "the factor that differs, as FIELD=V1,V2,... (any spec field path or short name, e.g. init=zeros,xavier,he_normal)")
	target := fs.Float64("target", 0, "loss to reach for the steps-to-target column (0: none)")
	csvFile := fs.String("csv", "", "also write every run's per-step rows to this CSV file")
	plotFile := plotFlag(fs)
	maxMemory := memoryFlag(fs)
	if err := fs.parse(args); err != nil {
		return err
	}
	maxMem, err := maxMemory()
	if err != nil {
		return err
	}
	field, list, ok := strings.Cut(*vary, "=")
	if !ok || field == "" || list == "" {
		return badInput(fmt.Errorf("--vary: want FIELD=V1,V2,..., got %q", *vary))
	}
	base, dataDir, err := build()
	if err != nil {
		return err
	}
	nthreads, err := threads()
	if err != nil {
		return err
	}
	specs, err := spec.Variants(base, field, strings.Split(list, ","))
	if err != nil {
		return badInput(err)
	}
	var csv *output
	if *csvFile != "" {
		if csv, err = openOutput("--csv", *csvFile); err != nil {
			return err
		}
		defer csv.abandon()
	}
	pl, err := openPlot(*plotFile)
	if err != nil {
		return err
	}
	defer pl.abandon()
	ctx, stop := interruptible(stderr)
	defer stop()
	sums, err := lab.Compare(ctx, specs, lab.CompareOptions{Target: *target, KeepRows: csv != nil, DataDir: dataDir, MaxMemory: maxMem, Threads: nthreads})
	stopped := interrupted(ctx)
	switch {
	case stopped != nil:
		if sums != nil {
			printSummary(stdout, field, sums)
		}
		fmt.Fprintln(stdout, "interrupted")
		return stopped
	case err != nil:
		return badInput(err)
	}
	printSummary(stdout, field, sums)
	if csv != nil {
		if err := csv.write(rowsCSV(sums)); err != nil {
			return fmt.Errorf("--csv: %w", err)
		}
	}
	curves := make([]lab.Curves, len(sums))
	for i, s := range sums {
		curves[i] = s.Curves
	}
	return pl.write(base.Name, field, curves)
}

func printSummary(w io.Writer, field string, sums []lab.Summary) {
	pct := func(v float64) string {
		if math.IsNaN(v) {
			return "-"
		}
		return fmt.Sprintf("%.1f%%", 100*v)
	}
	g := func(v float64) string {
		if math.IsNaN(v) {
			return "-"
		}
		return fmt.Sprintf("%.4g", v)
	}
	fmt.Fprintf(w, "%-18s %7s %11s %11s %9s %9s %10s %10s %8s  %s\n", field, "steps", "final loss", "test loss", "train acc", "test acc", "|g| first", "|g| last", "to target", "status")
	for _, s := range sums {
		to := "-"
		if s.StepsToTarget >= 0 {
			to = fmt.Sprint(s.StepsToTarget)
		}
		status := string(s.Status)
		if s.Status == lab.Diverged {
			status = s.Reason
		}
		fmt.Fprintf(w, "%-18s %7d %11s %11s %9s %9s %10.3e %10.3e %8s  %s\n", s.Name, s.Steps, g(s.FinalLoss), g(s.Eval.TestLoss),
			pct(s.Eval.TrainAcc), pct(s.Eval.TestAcc), s.FirstGrad, s.LastGrad, to, status)
	}
}

// rowsCSV is every run's per-step rows as CSV, each prefixed with its
// run's name.
func rowsCSV(sums []lab.Summary) []byte {
	layers := 0
	for _, s := range sums {
		for _, r := range s.Rows {
			layers = max(layers, len(r.GradNorms))
		}
	}
	var b strings.Builder
	rw, _ := lab.NewRowWriter(&b, "csv", layers) // a known format
	for _, s := range sums {
		for _, r := range s.Rows {
			rw.Write(r) // a strings.Builder does not fail
		}
	}
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	out := []string{"run," + lines[0]}
	i := 1
	for _, s := range sums {
		for range s.Rows {
			out = append(out, csvField(s.Name)+","+lines[i])
			i++
		}
	}
	return []byte(strings.Join(out, "\n") + "\n")
}

func csvField(s string) string {
	if strings.ContainsAny(s, ",\"\n") {
		return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
	}
	return s
}
