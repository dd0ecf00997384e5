package main

import (
	"errors"
	"io"
	"os"
	"path/filepath"

	"golang.org/x/term"

	"github.com/nnlab/nnlab/lab"
	"github.com/nnlab/nnlab/lab/spec"
	"github.com/nnlab/nnlab/lab/spec/safefile"
	"github.com/nnlab/nnlab/tui"
)

// labArgs are what opens the lab.
type labArgs struct {
	lessons, dataDir, spec string
	seed                   uint64
	budget                 int64
}

func cmdLab(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("nnlab", "", stdout)
	fs.head = usage
	dir := fs.String("lessons", "", "folder of extra lessons (DIR/content/*.md, DIR/quiz/*.yaml)")
	dataDir := fs.String("data-dir", "", "folder with the Fashion-MNIST IDX files")
	seed := fs.Uint64("seed", 0, "seed offset for every experiment (0: the lessons' own seeds; an opened file keeps its seed)")
	file := fs.String("spec", "", "open this experiment file (as nnlab open FILE does)")
	budget := memoryFlag(fs)
	if err := fs.parse(args); err != nil {
		return err
	}
	return openLab(labArgs{lessons: *dir, dataDir: *dataDir, spec: *file, seed: *seed, budget: *budget}, stdout, stderr)
}

func cmdOpen(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("open", "open FILE [flags]", stdout)
	fs.tail = "Opens the experiment FILE (a spec, YAML or JSON, as the lab's w key saves\nit) in the playground, or in the comparison screen when it varies a factor\n(a key vary: {field: F, values: [V1, V2, ...]} beside the spec's keys).\n"
	fs.maxArgs = 1
	dataDir := fs.String("data-dir", "", "folder with the Fashion-MNIST IDX files")
	budget := memoryFlag(fs)
	if err := fs.parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return errUsage{msg: "open: want the experiment file to open", usage: fs.usage()}
	}
	return openLab(labArgs{dataDir: *dataDir, spec: fs.Arg(0), budget: *budget}, stdout, stderr)
}

// openLab checks what it is given (the experiment file first, so that its
// problems are reported without a terminal) and runs the lab.
func openLab(a labArgs, stdout, stderr io.Writer) error {
	var open *tui.Opened
	if a.spec != "" {
		var err error
		if open, err = readExperiment(a.spec, a.budget); err != nil {
			return err
		}
	}
	if !isTerminal(stdout) {
		return badInput(errors.New("the lab draws on a terminal, and standard output is not one; for output to a file or a pipe use 'nnlab run' (train headless) or 'nnlab quiz' (the quiz as plain text)"))
	}
	// The lab's runs share NNLAB_THREADS threads (lab.ThreadsPerRun).
	if _, err := lab.ThreadsFromEnv(); err != nil {
		return badInput(err)
	}
	cat, err := catalog(a.lessons, a.budget)
	if err != nil {
		return err
	}
	st, err := openStore(stderr)
	if err != nil {
		return err
	}
	err = tui.Run(tui.Options{Catalog: cat, Store: st, DataDir: a.dataDir, Seed: a.seed, MaxMemory: a.budget, AltScreen: true, Evaluator: evaluate, Open: open})
	var se *tui.SignalError
	if errors.As(err, &se) {
		return exitErr{se.Status(), err}
	}
	return err
}

// readExperiment reads an experiment file (untrusted: a regular file of at
// most spec.MaxFileBytes, checked as a spec) and refuses it when its runs
// together are estimated above the memory budget.
func readExperiment(file string, budget int64) (*tui.Opened, error) {
	b, err := safefile.ReadFile(nil, file, spec.MaxFileBytes)
	if err != nil {
		return nil, badInput(err)
	}
	s, vary, err := spec.LoadFile(b, file)
	if err != nil {
		return nil, badInput(err)
	}
	s.ResolveDir(filepath.Dir(file))
	runs := []*spec.Spec{s}
	if vary != nil {
		if runs, err = spec.Variants(s, vary.Field, vary.Values); err != nil {
			return nil, badInput(err)
		}
	}
	if err := lab.CheckMemory(runs, lab.Options{MaxMemory: budget}); err != nil {
		return nil, badInput(err)
	}
	return &tui.Opened{Spec: s, Vary: vary, From: file}, nil
}

// isTerminal tells whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
