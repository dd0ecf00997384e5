package main

import (
	"errors"
	"io"
	"os"

	"golang.org/x/term"

	"github.com/nnlab/nnlab/lab"
	"github.com/nnlab/nnlab/tui"
)

func cmdLab(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("nnlab", "", stdout)
	fs.head = usage
	dir := fs.String("lessons", "", "folder of extra lessons (DIR/content/*.md, DIR/quiz/*.yaml)")
	dataDir := fs.String("data-dir", "", "folder with the Fashion-MNIST IDX files")
	seed := fs.Uint64("seed", 0, "seed offset for every experiment (0: the lessons' own seeds)")
	maxMemory := memoryFlag(fs)
	if err := fs.parse(args); err != nil {
		return err
	}
	budget, err := maxMemory()
	if err != nil {
		return err
	}
	if !isTerminal(stdout) {
		return badInput(errors.New("the lab draws on a terminal, and standard output is not one; for output to a file or a pipe use 'nnlab run' (train headless) or 'nnlab quiz' (the quiz as plain text)"))
	}
	// The lab's runs share NNLAB_THREADS threads (lab.ThreadsPerRun).
	if _, err := lab.ThreadsFromEnv(); err != nil {
		return badInput(err)
	}
	cat, err := catalog(*dir, budget)
	if err != nil {
		return err
	}
	st, err := openStore(stderr)
	if err != nil {
		return err
	}
	err = tui.Run(tui.Options{Catalog: cat, Store: st, DataDir: *dataDir, Seed: *seed, MaxMemory: budget, AltScreen: true, Evaluator: evaluate})
	var se *tui.SignalError
	if errors.As(err, &se) {
		return exitErr{se.Status(), err}
	}
	return err
}

// isTerminal tells whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
