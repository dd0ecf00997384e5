package lab

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Formats lists the row formats WriteRow accepts.
var Formats = []string{"table", "csv", "json"}

// RowWriter prints rows of a headless run in one format.
type RowWriter struct {
	w      io.Writer
	format string
	layers int
	val    bool // the data have a validation set: its columns are printed
	header bool
}

// CheckFormat checks a row format's name.
func CheckFormat(format string) error {
	if !slices.Contains(Formats, format) {
		return fmt.Errorf("--format: unknown %q (allowed: %s)", format, strings.Join(Formats, ", "))
	}
	return nil
}

// NewRowWriter checks the format and returns a writer for rows of a network
// with the given number of layers (0 for a test-function run).
//
// With val, the table and CSV have validation columns (JSON has them
// whenever they have a value).
func NewRowWriter(w io.Writer, format string, layers int, val bool) (*RowWriter, error) {
	if err := CheckFormat(format); err != nil {
		return nil, err
	}
	return &RowWriter{w: w, format: format, layers: layers, val: val}, nil
}

// num formats a float for text output: NaN (not evaluated) as empty.
func num(v float64) string {
	if math.IsNaN(v) {
		return ""
	}
	return strconv.FormatFloat(v, 'g', 10, 64)
}

// jnum is a float for JSON: NaN and ±Inf become null.
func jnum(v float64) *float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return &v
}

// Write prints one row.
func (rw *RowWriter) Write(r Row) error {
	ev := noEval(0)
	if r.Eval != nil {
		ev = *r.Eval
	}
	switch rw.format {
	case "json":
		grads := make([]*float64, len(r.GradNorms))
		for i, g := range r.GradNorms {
			grads[i] = jnum(g)
		}
		obj := struct {
			Step         int        `json:"step"`
			Epoch        int        `json:"epoch"`
			LR           *float64   `json:"lr"`
			Loss         *float64   `json:"loss"`
			TrainLoss    *float64   `json:"train_loss,omitempty"`
			TrainAcc     *float64   `json:"train_acc,omitempty"`
			ValLoss      *float64   `json:"val_loss,omitempty"`
			ValAcc       *float64   `json:"val_acc,omitempty"`
			TestLoss     *float64   `json:"test_loss,omitempty"`
			TestAcc      *float64   `json:"test_acc,omitempty"`
			GradNorms    []*float64 `json:"grad_norms,omitempty"`
			Status       Status     `json:"status"`
			LoadSeconds  *float64   `json:"load_seconds,omitempty"`
			TrainSeconds *float64   `json:"train_seconds,omitempty"`
			EvalSeconds  *float64   `json:"eval_seconds,omitempty"`
		}{Step: r.Step, Epoch: r.Epoch, LR: jnum(r.LR), Loss: jnum(r.Loss), TrainLoss: jnum(ev.TrainLoss), TrainAcc: jnum(ev.TrainAcc),
			ValLoss: jnum(ev.ValLoss), ValAcc: jnum(ev.ValAcc), TestLoss: jnum(ev.TestLoss), TestAcc: jnum(ev.TestAcc), GradNorms: grads, Status: r.Status}
		if tm := r.Times; tm != nil {
			obj.LoadSeconds, obj.TrainSeconds, obj.EvalSeconds = &tm.Load, &tm.Train, &tm.Eval
		}
		b, err := json.Marshal(obj)
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(rw.w, "%s\n", b)
		return err
	case "csv":
		if !rw.header {
			rw.header = true
			h := "step,epoch,lr,loss,train_loss,train_acc"
			if rw.val {
				h += ",val_loss,val_acc"
			}
			h += ",test_loss,test_acc"
			for i := 0; i < rw.layers; i++ {
				h += fmt.Sprintf(",grad_norm_%d", i+1)
			}
			if _, err := fmt.Fprintln(rw.w, h+",status"); err != nil {
				return err
			}
		}
		f := []string{strconv.Itoa(r.Step), strconv.Itoa(r.Epoch), num(r.LR), num(r.Loss), num(ev.TrainLoss), num(ev.TrainAcc)}
		if rw.val {
			f = append(f, num(ev.ValLoss), num(ev.ValAcc))
		}
		f = append(f, num(ev.TestLoss), num(ev.TestAcc))
		for i := 0; i < rw.layers; i++ {
			g := math.NaN()
			if i < len(r.GradNorms) {
				g = r.GradNorms[i]
			}
			f = append(f, num(g))
		}
		_, err := fmt.Fprintln(rw.w, strings.Join(append(f, string(r.Status)), ","))
		return err
	}
	if !rw.header {
		rw.header = true
		h := fmt.Sprintf("%8s %6s %10s %12s", "step", "epoch", "lr", "loss")
		if rw.val {
			h += fmt.Sprintf(" %12s %9s", "val_loss", "val_acc")
		}
		h += fmt.Sprintf(" %12s %9s", "test_loss", "test_acc")
		for i := 0; i < rw.layers; i++ {
			h += fmt.Sprintf(" %10s", fmt.Sprintf("|g%d|", i+1))
		}
		if _, err := fmt.Fprintln(rw.w, h); err != nil {
			return err
		}
	}
	pct := func(v float64) string {
		if math.IsNaN(v) {
			return "-"
		}
		return fmt.Sprintf("%.2f%%", 100*v)
	}
	fl := func(v float64, f string) string {
		if math.IsNaN(v) {
			return "-"
		}
		return fmt.Sprintf(f, v)
	}
	line := fmt.Sprintf("%8d %6d %10.4g %12s", r.Step, r.Epoch, r.LR, fl(r.Loss, "%.6g"))
	if rw.val {
		line += fmt.Sprintf(" %12s %9s", fl(ev.ValLoss, "%.6g"), pct(ev.ValAcc))
	}
	line += fmt.Sprintf(" %12s %9s", fl(ev.TestLoss, "%.6g"), pct(ev.TestAcc))
	for _, g := range r.GradNorms {
		line += fmt.Sprintf(" %10.3e", g)
	}
	if r.Status == Diverged || r.Status == Done {
		line += "  " + string(r.Status)
	}
	_, err := fmt.Fprintln(rw.w, line)
	return err
}
