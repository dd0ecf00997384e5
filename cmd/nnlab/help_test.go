package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Every command and subcommand answers -h and --help on stdout with exit
// 0; the general help and the lessons help list their subcommands.
func TestHelpEverywhere(t *testing.T) {
	commands := []string{"run", "compare", "lrfind", "quiz", "lessons", "progress", "help"}
	for _, c := range []struct {
		args []string
		want []string
	}{
		{[]string{"-h"}, append(commands, "--lessons", "--data-dir")},
		{[]string{"--help"}, commands},
		{[]string{"help"}, commands},
		{[]string{"help", "help"}, commands},
		{[]string{"run", "-h"}, []string{"Usage: nnlab run", "--spec", "--format", "--dump-weights"}},
		{[]string{"run", "--help"}, []string{"Usage: nnlab run"}},
		{[]string{"help", "run"}, []string{"Usage: nnlab run"}},
		{[]string{"compare", "--help"}, []string{"Usage: nnlab compare", "--vary", "--csv", "--seeds", "--validation"}},
		{[]string{"lrfind", "--help"}, []string{"Usage: nnlab lrfind", "--min", "--max", "--steps", "steps of the sweep", "tenth of the rate at which it diverges"}},
		{[]string{"quiz", "-h"}, []string{"Usage: nnlab quiz", "--lesson", "--final"}},
		{[]string{"progress", "--help"}, []string{"Usage: nnlab progress", "--reset"}},
		{[]string{"lessons", "-h"}, []string{"nnlab lessons list", "nnlab lessons check DIR"}},
		{[]string{"lessons", "--help"}, []string{"nnlab lessons list", "nnlab lessons check DIR"}},
		{[]string{"lessons", "help"}, []string{"nnlab lessons list", "nnlab lessons check DIR"}},
		{[]string{"help", "lessons"}, []string{"nnlab lessons list", "nnlab lessons check DIR"}},
		{[]string{"lessons", "list", "-h"}, []string{"Usage: nnlab lessons list"}},
		{[]string{"lessons", "check", "--help"}, []string{"Usage: nnlab lessons check [--max-memory SIZE] DIR", "file:line", "--max-memory"}},
	} {
		code, out, errs := runCmd(t, "", c.args...)
		if code != 0 || errs != "" {
			t.Errorf("nnlab %v: exit %d, stderr %q; want exit 0 and nothing on stderr", c.args, code, errs)
		}
		for _, w := range c.want {
			if !strings.Contains(out, w) {
				t.Errorf("nnlab %v: stdout lacks %q:\n%s", c.args, w, out)
			}
		}
	}
}

// Mistakes on the command line exit 2 with the command's usage on stderr.
func TestUsageErrors(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"lessons"}, "nnlab lessons check DIR"},
		{[]string{"lessons", "frob"}, `unknown subcommand "frob"`},
		{[]string{"lessons", "check"}, "want exactly one folder"},
		{[]string{"lessons", "check", "a", "b"}, `unexpected argument "b"`},
		{[]string{"lessons", "list", "extra"}, `unexpected argument "extra"`},
		{[]string{"run", "--bogus"}, "Usage: nnlab run"},
		{[]string{"help", "frob"}, `unknown command "frob"`},
	} {
		code, out, errs := runCmd(t, "", c.args...)
		if code != 2 || out != "" || !strings.Contains(errs, c.want) {
			t.Errorf("nnlab %v: exit %d, stdout %q, stderr %q; want exit 2 and %q", c.args, code, out, errs, c.want)
		}
	}
}

// --format and output paths are checked before any data is loaded (the
// data dir here does not exist: reaching it would be the wrong error), and
// an output that cannot be written fails before the run.
func TestChecksBeforeData(t *testing.T) {
	dir := t.TempDir()
	fashion := []string{"--dataset", "fashion", "--loss", "cross_entropy", "--layers", "4", "--steps", "1", "--data-dir", filepath.Join(dir, "none")}
	unwritable := filepath.Join(dir, "no-such-folder", "out")
	function := filepath.Join(dir, "function.yaml")
	os.WriteFile(function, []byte("function: {name: quadratic}\noptimizer: {name: sgd, lr: 0.05}\nsteps: 10\n"), 0o644)
	for _, c := range []struct {
		args []string
		want string
	}{
		{append([]string{"run", "--format", "xml"}, fashion...), `--format: unknown "xml"`},
		{append([]string{"run", "--dump-weights", unwritable}, fashion...), "--dump-weights: open " + unwritable},
		{append([]string{"run", "--dump-weights", dir}, fashion...), "--dump-weights: open " + dir},
		{append([]string{"compare", "--vary", "lr=0.1,0.2", "--csv", unwritable}, fashion...), "--csv: open " + unwritable},
		{[]string{"run", "--spec", function, "--dump-weights", filepath.Join(dir, "w")}, "no weights"},
	} {
		code, _, errs := runCmd(t, "", c.args...)
		if code != 2 || !strings.Contains(errs, c.want) {
			t.Errorf("nnlab %v: exit %d, stderr %q; want exit 2 and %q", c.args, code, errs, c.want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "w")); !os.IsNotExist(err) {
		t.Errorf("a refused --dump-weights left a file: %v", err)
	}

	// A run that fails after the output is opened leaves an old file as it
	// was and makes no new one.
	old := filepath.Join(dir, "old.yaml")
	os.WriteFile(old, []byte("keep me\n"), 0o644)
	fresh := filepath.Join(dir, "fresh.yaml")
	for _, out := range []string{old, fresh} {
		if code, _, _ := runCmd(t, "", append([]string{"run", "--dump-weights", out}, fashion...)...); code != 2 {
			t.Errorf("run on missing data: exit %d, want 2", code)
		}
	}
	if b, _ := os.ReadFile(old); string(b) != "keep me\n" {
		t.Errorf("the old file changed: %q", b)
	}
	if _, err := os.Stat(fresh); !os.IsNotExist(err) {
		t.Errorf("a failed run left %s: %v", fresh, err)
	}
}

// --steps 0 is no silent 1000: an error alone, no step limit beside
// --epochs.
func TestStepsZero(t *testing.T) {
	code, _, errs := runCmd(t, "", "run", "--steps", "0")
	if code != 2 || !strings.Contains(errs, "--steps 0") {
		t.Errorf("--steps 0: exit %d, stderr %q", code, errs)
	}
	code, out, errs := runCmd(t, "", "run", "--steps", "0", "--epochs", "1", "--n", "100", "--batch", "10")
	if code != 0 || !strings.Contains(out, "done after 5 steps") {
		t.Errorf("--steps 0 --epochs 1: exit %d\n%s%s", code, out, errs)
	}
}

// Bad data is bad input: exit 2 with a message naming the field.
func TestBadDataExitsTwo(t *testing.T) {
	spec := filepath.Join(t.TempDir(), "tiny.yaml")
	os.WriteFile(spec, []byte("seed: 1\ndata: {set: circle, n: 10, test: 0.9}\nsteps: 5\n"), 0o644)
	code, _, errs := runCmd(t, "", "run", "--spec", spec)
	if code != 2 || !strings.Contains(errs, "data.n: 10 samples with test share 0.9") {
		t.Errorf("exit %d, stderr %q", code, errs)
	}
}

// The lab needs a terminal: with stdout a file it refuses and points to
// the plain commands.
func TestLabRefusesWithoutATerminal(t *testing.T) {
	code, out, errs := runCmd(t, "")
	if code != 2 || out != "" || !strings.Contains(errs, "nnlab run") || !strings.Contains(errs, "nnlab quiz") {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, errs)
	}
	f, err := os.Create(filepath.Join(t.TempDir(), "out"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var errb strings.Builder
	if code := run(nil, strings.NewReader(""), f, &errb); code != 2 {
		t.Errorf("stdout a file: exit %d, stderr %q", code, errb.String())
	}
	if fi, _ := f.Stat(); fi.Size() != 0 {
		t.Errorf("the lab wrote %d bytes into a file", fi.Size())
	}
}
