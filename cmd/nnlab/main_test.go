package main

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runCmd(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func TestBadInputExitsTwoWithAClearMessage(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(bad, []byte("seed: 1\ndata: {set: circle}\nmodel:\n  layers:\n    - {units: 0}\n    - {units: 2, activation: softmax}\n"), 0o644)
	unknown := filepath.Join(dir, "unknown.yaml")
	os.WriteFile(unknown, []byte("seed: 1\nmodle: {}\n"), 0o644)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"frobnicate"}, `unknown command "frobnicate"`},
		{[]string{"run", "--bogus"}, "flag provided but not defined: -bogus"},
		{[]string{"run", "--spec", bad}, "model.layers[0].units: must be at least 1, got 0"},
		{[]string{"run", "--spec", unknown}, `unknown key "modle"`},
		{[]string{"run", "--spec", filepath.Join(dir, "missing.yaml")}, "no such file"},
		{[]string{"run", "--lr", "abc"}, `--lr abc`},
		{[]string{"run", "--format", "xml", "--steps", "1"}, `--format: unknown "xml"`},
		{[]string{"compare", "--vary", "init"}, "--vary: want FIELD=V1,V2"},
		{[]string{"compare", "--vary", "init=zeros,bogus"}, "bogus"},
		{[]string{"quiz", "--lesson", "nope"}, `no lesson "nope"`},
	} {
		code, _, stderr := runCmd(t, "", c.args...)
		if code != 2 || !strings.Contains(stderr, c.want) {
			t.Errorf("nnlab %v: exit %d, stderr %q; want exit 2 and %q", c.args, code, stderr, c.want)
		}
	}
}

func TestRunWorkedExampleJSON(t *testing.T) {
	code, out, stderr := runCmd(t, "", "run", "--spec", "../../lab/testdata/worked.yaml", "--every", "1", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 1 {
		t.Fatalf("%d rows, want 1: %s", len(lines), out)
	}
	var row struct {
		Step   int
		Loss   float64
		Status string
	}
	if err := json.Unmarshal([]byte(lines[0]), &row); err != nil {
		t.Fatal(err)
	}
	if row.Step != 1 || math.Abs(row.Loss-0.298371109) > 5e-10 || row.Status != "done" {
		t.Errorf("row %+v, want step 1, loss 0.298371109, done", row)
	}
}

// The last JSON row says where the time went; --precision float32 trains
// in float32 and --threads does not change a result.
func TestRunJSONTimesPrecisionThreads(t *testing.T) {
	type final struct {
		Step         int
		Loss         float64
		TestAcc      *float64 `json:"test_acc"`
		Status       string
		LoadSeconds  *float64 `json:"load_seconds"`
		TrainSeconds *float64 `json:"train_seconds"`
		EvalSeconds  *float64 `json:"eval_seconds"`
	}
	last := func(precision, threads string) final {
		t.Helper()
		code, out, stderr := runCmd(t, "", "run", "--spec", "../../lab/testdata/fashion-mlp.yaml", "--data-dir", "../../lab/data/fashion",
			"--steps", "30", "--format", "json", "--precision", precision, "--threads", threads)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		lines := strings.Split(strings.TrimSpace(out), "\n")
		var f final
		if err := json.Unmarshal([]byte(lines[len(lines)-1]), &f); err != nil {
			t.Fatal(err)
		}
		for i, line := range lines[:len(lines)-1] {
			if strings.Contains(line, "seconds") {
				t.Errorf("row %d carries times: %s", i, line)
			}
		}
		if f.Step != 30 || f.Status != "done" || f.TestAcc == nil || f.LoadSeconds == nil || f.TrainSeconds == nil ||
			f.EvalSeconds == nil || *f.TrainSeconds <= 0 || *f.LoadSeconds <= 0 {
			t.Fatalf("--precision %s --threads %s: last row %s", precision, threads, lines[len(lines)-1])
		}
		return f
	}
	a, b, c := last("float64", "1"), last("float32", "1"), last("float32", "2")
	if a.Loss == b.Loss {
		t.Errorf("float32 and float64 end at the same loss %v", a.Loss)
	}
	if math.Abs(a.Loss-b.Loss) > 1e-3*a.Loss {
		t.Errorf("float32 ends at loss %v, float64 at %v: more than float32 rounding apart", b.Loss, a.Loss)
	}
	if b.Loss != c.Loss || *b.TestAcc != *c.TestAcc {
		t.Errorf("2 threads: loss %v accuracy %v, 1 thread %v %v", c.Loss, *c.TestAcc, b.Loss, *b.TestAcc)
	}
}

func TestDumpWeightsRoundTrips(t *testing.T) {
	dump := filepath.Join(t.TempDir(), "w.yaml")
	if code, _, stderr := runCmd(t, "", "run", "--spec", "../../lab/testdata/worked.yaml", "--dump-weights", dump); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	b, err := os.ReadFile(dump)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "0.35891647971788") || !strings.Contains(string(b), "0.1497807161327") {
		t.Errorf("dumped weights lack w5 and w1 after one step:\n%s", b)
	}
}

func TestRunPrintsTheModelSummary(t *testing.T) {
	lenet := "../../lab/testdata/fashion-lenet.yaml"
	code, out, stderr := runCmd(t, "", "run", "--spec", lenet, "--steps", "1", "--data-dir", "../../lab/data/fashion")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.HasPrefix(out, "layer ") || !strings.Contains(out, "[4] flatten                   400                0\n") ||
		!strings.Contains(out, "total params: 61,706\n") || strings.Index(out, "total params") > strings.Index(out, "step") {
		t.Errorf("the summary does not come first:\n%s", out)
	}
	code, out, stderr = runCmd(t, "", "run", "--spec", lenet, "--steps", "1", "--format", "csv", "--data-dir", "../../lab/data/fashion")
	if code != 0 || !strings.HasPrefix(out, "step,") || !strings.Contains(stderr, "total params: 61,706") {
		t.Errorf("csv: exit %d, the summary belongs on stderr:\nstdout %s\nstderr %s", code, out, stderr)
	}
	code, _, stderr = runCmd(t, "", "run", "--spec", lenet, "--steps", "1", "--data-dir", "../../lab/data/fashion", "--dump-weights", filepath.Join(t.TempDir(), "w.yaml"))
	if code != 2 || !strings.Contains(stderr, "--dump-weights: writes the weights of dense networks (model.weights), but model.layers[0] is conv2d") {
		t.Errorf("dump of a conv network: exit %d, %s", code, stderr)
	}
	bad := filepath.Join(t.TempDir(), "noflatten.yaml")
	os.WriteFile(bad, []byte("data: {set: fashion}\nmodel:\n  layers:\n    - {kind: conv2d, filters: 2, kernel: 3}\n    - {units: 10}\n"), 0o644)
	code, _, stderr = runCmd(t, "", "run", "--spec", bad)
	if want := "noflatten.yaml:5: model.layers[1]: dense needs a flat input, got 2×26×26: add a flatten layer before it; the shape after every layer:\n" +
		"    input       1×28×28\n    [0] conv2d  2×26×26\n    [1] dense   ✗\n"; code != 2 || !strings.HasSuffix(stderr, want) {
		t.Errorf("exit %d, stderr\n%s\nwant it to end in\n%s", code, stderr, want)
	}
}

func TestCompareTable(t *testing.T) {
	csv := filepath.Join(t.TempDir(), "rows.csv")
	code, out, stderr := runCmd(t, "", "compare", "--steps", "50", "--vary", "init=zeros,he_normal", "--csv", csv)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(out, "zeros") || !strings.Contains(out, "he_normal") {
		t.Errorf("summary lacks a run:\n%s", out)
	}
	b, _ := os.ReadFile(csv)
	if n := strings.Count(string(b), "\n"); n != 101 {
		t.Errorf("csv has %d lines, want a header and 2×50 rows", n)
	}
}

func TestCorruptDataDirIsAnError(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"} {
		os.WriteFile(filepath.Join(dir, f), []byte{0, 0, 8, 3, 0, 0, 0, 9}, 0o644)
	}
	common := []string{"--dataset", "fashion", "--layers", "4", "--steps", "1", "--data-dir", dir}
	for _, args := range [][]string{
		append([]string{"run"}, common...),
		append([]string{"compare", "--vary", "lr=0.1,0.2"}, common...),
	} {
		code, _, stderr := runCmd(t, "", args...)
		if code == 0 || !strings.Contains(stderr, "idx3-ubyte") {
			t.Errorf("nnlab %s: exit %d, stderr %q: want an error naming the file", args[0], code, stderr)
		}
	}
}

// Every YAML example in the README runs.
func TestReadmeExamplesRun(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := strings.Split(string(b), "```yaml\n")[1:]
	if len(blocks) < 2 {
		t.Fatalf("README has %d yaml examples, want at least 2", len(blocks))
	}
	for i, blk := range blocks {
		file := filepath.Join(t.TempDir(), "spec.yaml")
		os.WriteFile(file, []byte(strings.SplitN(blk, "```", 2)[0]), 0o644)
		code, out, stderr := runCmd(t, "", "run", "--spec", file, "--steps", "20")
		if code != 0 || !strings.Contains(out, "done after 20 steps") {
			t.Errorf("README example %d: exit %d\n%s%s", i+1, code, out, stderr)
		}
	}
}

// compare --seeds N runs every configuration N times and prints each
// one's mean ± standard deviation, with validation columns when the data
// hold some out; the CSV names each run's seed; run refuses several seeds.
func TestCompareSeeds(t *testing.T) {
	csv := filepath.Join(t.TempDir(), "rows.csv")
	code, out, stderr := runCmd(t, "", "compare", "--steps", "40", "--vary", "lr=0.1,1", "--seeds", "3", "--validation", "0.2", "--csv", csv)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 4 || lines[0] != "each number: mean ± standard deviation over 3 seeds (1 to 3), of those that did not diverge when some did" ||
		!strings.Contains(lines[1], "val loss") || !strings.Contains(lines[1], "val acc") ||
		!strings.HasPrefix(lines[2], "0.1 ") || !strings.HasSuffix(lines[3], "  3 done") || strings.Count(lines[3], "±") != 6 {
		t.Errorf("summary:\n%s", out)
	}
	b, _ := os.ReadFile(csv)
	rows := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(rows) != 1+2*3*40 || !strings.HasPrefix(rows[0], "run,seed,step,epoch,lr,loss,train_loss,train_acc,val_loss,val_acc,test_loss") ||
		!strings.HasPrefix(rows[41], "0.1,2,1,") || !strings.HasPrefix(rows[240], "1,3,40,") {
		t.Errorf("csv: %d lines; header %q, line 41 %q, last %q", len(rows), rows[0], rows[41], rows[len(rows)-1])
	}
	// Lesson 6's deep ReLU network from uniform ±1 diverges on seeds 1 and
	// 3 and trains on seed 2: its numbers are seed 2's alone (no ±), not a
	// mean swamped by the diverged losses.
	spec := filepath.Join(t.TempDir(), "seven.yaml")
	os.WriteFile(spec, []byte(`seed: 1
data: {set: moons, n: 500, noise: 0.1, test: 0.5}
model:
  layers: [{units: 32, activation: relu}, {units: 32, activation: relu}, {units: 32, activation: relu},
    {units: 32, activation: relu}, {units: 32, activation: relu}, {units: 32, activation: relu},
    {units: 2, activation: softmax}]
  init_limit: 1.0
loss: cross_entropy
optimizer: {name: sgd, lr: 0.05}
batch: 32
`), 0o644)
	code, out, stderr = runCmd(t, "", "compare", "--spec", spec, "--steps", "30", "--vary", "init=uniform", "--seeds", "3")
	lines = strings.Split(strings.TrimSpace(out), "\n")
	if code != 0 || len(lines) != 3 || !strings.HasSuffix(lines[2], "  2 diverged, 1 done") || strings.Contains(lines[2], "±") ||
		strings.Contains(lines[2], "e+") {
		t.Errorf("uniform ±1 on 3 seeds: exit %d\n%s%s", code, out, stderr)
	}
	code, _, stderr = runCmd(t, "", "run", "--seeds", "3")
	if code != 2 || !strings.Contains(stderr, "nnlab run trains one seed; train several with nnlab compare --seeds 3") {
		t.Errorf("run --seeds 3: exit %d, %s", code, stderr)
	}
	code, _, stderr = runCmd(t, "", "compare", "--vary", "init=zeros,xavier,he_normal,normal,uniform", "--seeds", "16")
	if code != 2 || !strings.Contains(stderr, "5 values × 16 seeds = 80 runs; at most 64") {
		t.Errorf("80 runs: exit %d, %s", code, stderr)
	}
}
