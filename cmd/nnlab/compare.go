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
	maxMem := memoryFlag(fs)
	if err := fs.parse(args); err != nil {
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
	configs, err := spec.Variants(base, field, strings.Split(list, ","))
	if err != nil {
		return badInput(err)
	}
	specs, seeds := lab.SeedRuns(configs), base.SeedCount()
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
	sums, err := lab.Compare(ctx, specs, lab.CompareOptions{Target: *target, KeepRows: csv != nil, DataDir: dataDir, MaxMemory: *maxMem, Threads: nthreads})
	stopped := interrupted(ctx)
	switch {
	case stopped != nil:
		if sums != nil {
			printSummary(stdout, field, sums, seeds)
		}
		fmt.Fprintln(stdout, "interrupted")
		return stopped
	case err != nil:
		return badInput(err)
	}
	printSummary(stdout, field, sums, seeds)
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

// printSummary prints a line per configuration: a run's numbers, or with
// several seeds their mean ± standard deviation.
func printSummary(w io.Writer, field string, sums []lab.Summary, seeds int) {
	val := false
	for _, s := range sums {
		val = val || !math.IsNaN(s.Eval.ValLoss)
	}
	if seeds > 1 {
		printSpreads(w, field, sums, seeds, val)
		return
	}
	head := fmt.Sprintf("%-18s %7s %11s", field, "steps", "final loss")
	if val {
		head += fmt.Sprintf(" %11s", "val loss")
	}
	head += fmt.Sprintf(" %11s %9s", "test loss", "train acc")
	if val {
		head += fmt.Sprintf(" %9s", "val acc")
	}
	fmt.Fprintf(w, "%s %9s %10s %10s %8s  %s\n", head, "test acc", "|g| first", "|g| last", "to target", "status")
	for _, s := range sums {
		to := "-"
		if s.StepsToTarget >= 0 {
			to = fmt.Sprint(s.StepsToTarget)
		}
		status := string(s.Status)
		if s.Status == lab.Diverged {
			status = s.Reason
		}
		line := fmt.Sprintf("%-18s %7d %11s", s.Name, s.Steps, g4(s.FinalLoss))
		if val {
			line += fmt.Sprintf(" %11s", g4(s.Eval.ValLoss))
		}
		line += fmt.Sprintf(" %11s %9s", g4(s.Eval.TestLoss), pct(s.Eval.TrainAcc))
		if val {
			line += fmt.Sprintf(" %9s", pct(s.Eval.ValAcc))
		}
		fmt.Fprintf(w, "%s %9s %10.3e %10.3e %8s  %s\n", line, pct(s.Eval.TestAcc), s.FirstGrad, s.LastGrad, to, status)
	}
}

// printSpreads prints each configuration's numbers over its seeds (the
// runs of a configuration are consecutive in sums): mean ± standard
// deviation, and how its runs ended.
func printSpreads(w io.Writer, field string, sums []lab.Summary, seeds int, val bool) {
	cols := []struct {
		head string
		acc  bool
		of   func(lab.Summary) float64
	}{
		{"final loss", false, func(s lab.Summary) float64 { return s.FinalLoss }},
		{"val loss", false, func(s lab.Summary) float64 { return s.Eval.ValLoss }},
		{"test loss", false, func(s lab.Summary) float64 { return s.Eval.TestLoss }},
		{"train acc", true, func(s lab.Summary) float64 { return s.Eval.TrainAcc }},
		{"val acc", true, func(s lab.Summary) float64 { return s.Eval.ValAcc }},
		{"test acc", true, func(s lab.Summary) float64 { return s.Eval.TestAcc }},
	}
	first := sums[0].Seed
	fmt.Fprintf(w, "each number: mean ± standard deviation over %d seeds (%d to %d), of those that did not diverge when some did\n", seeds, first, first+uint64(seeds)-1)
	head := fmt.Sprintf("%-18s", field)
	for _, c := range cols {
		if val || !strings.HasPrefix(c.head, "val") {
			head += fmt.Sprintf(" %18s", c.head)
		}
	}
	fmt.Fprintf(w, "%s  %s\n", head, "runs")
	for i := 0; i+seeds <= len(sums); i += seeds {
		runs := sums[i : i+seeds]
		kept := lab.Survivors(runs, func(r lab.Summary) lab.Status { return r.Status })
		line := fmt.Sprintf("%-18s", runs[0].Name)
		for _, c := range cols {
			if !val && strings.HasPrefix(c.head, "val") {
				continue
			}
			x := make([]float64, len(kept))
			for k, r := range kept {
				x[k] = c.of(r)
			}
			sp := lab.SpreadOf(x)
			cell := "-"
			switch {
			case sp.N == 0:
			case sp.N == 1 && c.acc: // one seed left: no spread to give
				cell = fmt.Sprintf("%.1f%%", 100*sp.Mean)
			case sp.N == 1:
				cell = fmt.Sprintf("%.3g", sp.Mean)
			case c.acc:
				cell = fmt.Sprintf("%.1f%% ± %.1f", 100*sp.Mean, 100*sp.SD)
			default:
				cell = fmt.Sprintf("%.3g ± %.2g", sp.Mean, sp.SD)
			}
			line += fmt.Sprintf(" %18s", cell)
		}
		fmt.Fprintf(w, "%s  %s\n", line, endings(runs))
	}
}

// endings counts how a configuration's runs ended: "3 done",
// "2 done, 1 diverged".
func endings(runs []lab.Summary) string {
	var order []lab.Status
	count := map[lab.Status]int{}
	for _, r := range runs {
		if count[r.Status] == 0 {
			order = append(order, r.Status)
		}
		count[r.Status]++
	}
	parts := make([]string, len(order))
	for i, st := range order {
		parts[i] = fmt.Sprintf("%d %s", count[st], st)
	}
	return strings.Join(parts, ", ")
}

func pct(v float64) string {
	if math.IsNaN(v) {
		return "-"
	}
	return fmt.Sprintf("%.1f%%", 100*v)
}

func g4(v float64) string {
	if math.IsNaN(v) {
		return "-"
	}
	return fmt.Sprintf("%.4g", v)
}

// rowsCSV is every run's per-step rows as CSV, each prefixed with its
// run's name and seed.
func rowsCSV(sums []lab.Summary) []byte {
	layers, val := 0, false
	for _, s := range sums {
		for _, r := range s.Rows {
			layers = max(layers, len(r.GradNorms))
			val = val || (r.Eval != nil && !math.IsNaN(r.Eval.ValLoss))
		}
	}
	var b strings.Builder
	rw, _ := lab.NewRowWriter(&b, "csv", layers, val) // a known format
	for _, s := range sums {
		for _, r := range s.Rows {
			rw.Write(r) // a strings.Builder does not fail
		}
	}
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	out := []string{"run,seed," + lines[0]}
	i := 1
	for _, s := range sums {
		for range s.Rows {
			out = append(out, fmt.Sprintf("%s,%d,%s", csvField(s.Name), s.Seed, lines[i]))
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
