package export

import (
	"encoding/csv"
	"io"
	"math"
	"slices"
	"strconv"

	"github.com/nnlab/nnlab/lab"
)

// csvHeader names CSV's columns. A row is a step: the batch-loss bucket
// that ends there (its mean, least and largest batch loss and how many
// steps it holds) and the evaluation at that step, each left empty when
// there is none.
var csvHeader = []string{"run", "step", "batch_loss_mean", "batch_loss_min", "batch_loss_max", "batch_steps",
	"train_loss", "train_acc", "val_loss", "val_acc", "test_loss", "test_acc"}

// CSV writes the runs' history, run after run, step by step.
func CSV(w io.Writer, runs []lab.Curves) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(csvHeader); err != nil {
		return err
	}
	for _, r := range runs {
		rows := map[int][]string{}
		row := func(step int) []string {
			if rows[step] == nil {
				rows[step] = make([]string, len(csvHeader))
				rows[step][0], rows[step][1] = r.Name, strconv.Itoa(step)
			}
			return rows[step]
		}
		width := max(r.TrainWidth, 1)
		for _, b := range r.Train {
			f := row(b.Step + min(width, b.N)) // steps are counted from 1
			f[2], f[3], f[4], f[5] = num(b.Mean), num(b.Min), num(b.Max), strconv.Itoa(b.N)
		}
		for _, e := range r.Evals {
			f := row(e.Step)
			f[6], f[7], f[8], f[9], f[10], f[11] = num(e.TrainLoss), num(e.TrainAcc), num(e.ValLoss), num(e.ValAcc), num(e.TestLoss), num(e.TestAcc)
		}
		steps := make([]int, 0, len(rows))
		for s := range rows {
			steps = append(steps, s)
		}
		slices.Sort(steps)
		for _, s := range steps {
			if err := cw.Write(rows[s]); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// num writes a value exactly (shortest form that reads back the same); not
// finite: empty.
func num(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return ""
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}
