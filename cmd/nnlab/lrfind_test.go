package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// nnlab lrfind draws the sweep, lists its steps and prints the two
// suggestions and the rate between them; csv and json carry the same
// numbers; bad sweeps are refused.
func TestLRFind(t *testing.T) {
	moons := "../../lab/testdata/lrfind-moons-sgd.yaml"
	code, out, stderr := runCmd(t, "", "lrfind", "--spec", moons)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"Learning-rate range test: sgd, lr from 1e-05 to 10 over 100 steps, batch 32",
		"Loss against the learning rate (cut above", "lr 1e-5", "0.001", "━ smoothed lowest",
		"range test ended at step 96", "steepest fall:           lr 0.404",
		"a tenth of divergence:   lr 0.572 (the loss diverged at lr 5.72)", "suggested:               lr 0.481"} {
		if !strings.Contains(out, want) {
			t.Errorf("the table lacks %q:\n%s", want, out)
		}
	}
	code, out, stderr = runCmd(t, "", "lrfind", "--spec", moons, "--format", "json")
	var res struct {
		Points []struct {
			Step               int
			LR, Loss, Smoothed float64
		}
		Steepest  float64
		Suggested float64
		End       string
	}
	if err := json.Unmarshal([]byte(out), &res); code != 0 || err != nil {
		t.Fatalf("json: exit %d, %v: %s", code, err, stderr)
	}
	if len(res.Points) != 96 || res.Points[0].LR != 1e-5 || !(res.Suggested > res.Steepest) || !strings.HasPrefix(res.End, "range test ended") {
		t.Errorf("json: %d points, first lr %g, steepest %g, suggested %g, end %q", len(res.Points), res.Points[0].LR, res.Steepest, res.Suggested, res.End)
	}
	code, out, stderr = runCmd(t, "", "lrfind", "--spec", moons, "--format", "csv", "--steps", "30", "--max", "0.01")
	if lines := strings.Split(strings.TrimSpace(out), "\n"); code != 0 || len(lines) != 31 || lines[0] != "step,lr,loss,smoothed" ||
		!strings.Contains(stderr, "did not diverge up to lr 0.01") || !strings.Contains(stderr, "a tenth of divergence:   none (the loss did not diverge: raise --max)") {
		t.Errorf("csv: exit %d, %d lines\n%s\nstderr %s", code, len(lines), out, stderr)
	}
	fn := filepath.Join(t.TempDir(), "f.yaml")
	if err := os.WriteFile(fn, []byte("function: {name: quadratic}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--min", "0"}, "--min: must be a finite rate above 0, got 0"},
		{[]string{"--min", "1", "--max", "0.5"}, "--max: must be a finite rate above --min (1), got 0.5"},
		{[]string{"--steps", "3"}, "--steps: must be 10 to 100000, got 3"},
		{[]string{"--lr", "0.1"}, "flag provided but not defined: -lr"},
		{[]string{"--spec", fn}, "function: a range test trains a network; a test-function spec has none"},
	} {
		code, _, stderr := runCmd(t, "", append([]string{"lrfind"}, c.args...)...)
		if code != 2 || !strings.Contains(stderr, c.want) {
			t.Errorf("lrfind %v: exit %d, %q; want exit 2 and %q", c.args, code, stderr, c.want)
		}
	}
}
