package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// wideLayers is --layers for a network far above any budget at batch
// 65,536 (about 30 GiB).
var wideLayers = strings.TrimSuffix(strings.Repeat("280,", 60), ",")

// Runs above the memory budget are refused before their data are loaded
// (the data dir does not exist), with the estimate in the message.
func TestRunsAboveTheBudgetExitTwo(t *testing.T) {
	none := filepath.Join(t.TempDir(), "none")
	big := []string{"--dataset", "fashion", "--loss", "cross_entropy", "--layers", wideLayers, "--batch", "65536", "--steps", "1", "--data-dir", none}
	for _, args := range [][]string{
		append([]string{"run"}, big...),
		append([]string{"run", "--max-memory", "16G"}, big...),
		append([]string{"compare", "--vary", "lr=0.1,0.2"}, big...),
	} {
		code, _, errs := runCmd(t, "", args...)
		if code != 2 || !strings.Contains(errs, "GiB (network ") || !strings.Contains(errs, "above the memory budget of") {
			t.Errorf("nnlab %s: exit %d, stderr %q", args[0], code, errs)
		}
	}
	// Within a budget the same command gets as far as the data.
	code, _, errs := runCmd(t, "", append([]string{"run", "--max-memory", "1T"}, big...)...)
	if code != 2 || !strings.Contains(errs, "fashion data dir "+none) {
		t.Errorf("with a budget of 1T: exit %d, stderr %q; want the missing data", code, errs)
	}
	for _, bad := range []string{"0", "lots", "-4G"} {
		code, _, errs := runCmd(t, "", "run", "--max-memory", bad)
		if code != 2 || !strings.Contains(errs, "--max-memory "+bad+": want a size") {
			t.Errorf("--max-memory %s: exit %d, stderr %q", bad, code, errs)
		}
	}
	// A comparison has at most 16 runs.
	vals := make([]string, 17)
	for i := range vals {
		vals[i] = fmt.Sprint(0.01 * float64(i+1))
	}
	code, _, errs = runCmd(t, "", "compare", "--vary", "lr="+strings.Join(vals, ","))
	if code != 2 || !strings.Contains(errs, "17 values; at most 16") {
		t.Errorf("17 values: exit %d, stderr %q", code, errs)
	}
}

// lessons check and --lessons refuse a preset whose runs are above the
// budget, at the preset's line.
func TestLessonPresetAboveTheBudget(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "content"), 0o755)
	lesson := fmt.Sprintf(`---
id: huge
order: 1
title: Huge
goal: Be refused.
presets:
  - id: small
    title: Small
    spec: {seed: 1, data: {set: circle, n: 100}, steps: 10}
  - id: big
    title: Big
    spec:
      seed: 1
      data: {set: fashion}
      model: {layers: [%s{units: 10, activation: softmax}]}
      batch: 65536
      steps: 1
---

## Page

Text.
`, strings.Repeat("{units: 280}, ", 60))
	os.WriteFile(filepath.Join(dir, "content", "01-huge.md"), []byte(lesson), 0o644)
	code, out, _ := runCmd(t, "", "lessons", "check", dir)
	if code != 1 || !strings.Contains(out, "01-huge.md:10: presets[1]: the run needs about") || strings.Contains(out, "presets[0]") {
		t.Errorf("lessons check: exit %d\n%s", code, out)
	}
	if code, out, _ := runCmd(t, "", "lessons", "check", "--max-memory", "1T", dir); code != 0 {
		t.Errorf("lessons check --max-memory 1T: exit %d\n%s", code, out)
	}
	code, _, errs := runCmd(t, "", "quiz", "--lessons", dir)
	if code != 2 || !strings.Contains(errs, "presets[1]: the run needs about") {
		t.Errorf("quiz --lessons: exit %d, stderr %q", code, errs)
	}
}
