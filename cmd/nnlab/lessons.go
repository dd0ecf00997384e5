package main

import (
	"fmt"
	"io"
	"os"

	"github.com/nnlab/nnlab/lab"
	"github.com/nnlab/nnlab/lab/spec"
	"github.com/nnlab/nnlab/lessons"
)

// catalog loads the embedded lessons and, when dir is set, the folder's
// lessons over them. Problems in the folder are errors.
func catalog(dir string) (*lessons.Catalog, error) {
	cat, err := lessons.Embedded()
	if err != nil {
		return nil, err
	}
	if dir == "" {
		return cat, nil
	}
	extra, probs := lessons.LoadDir(dir)
	if len(probs) > 0 {
		msg := fmt.Sprintf("--lessons %s: %d problem(s):", dir, len(probs))
		for _, p := range probs {
			msg += "\n  " + p.String()
		}
		return nil, badInput(fmt.Errorf("%s", msg))
	}
	cat.Merge(extra)
	return cat, nil
}

// evaluate computes numeric quiz answers by running the preset.
func evaluate(s *spec.Spec, c lessons.Compute) (float64, error) {
	return lab.Probe(s, c.Quantity, c.Layer, c.Row, c.Col, c.Sample, c.Steps)
}

// openStore opens the progress store, printing any warning (a corrupt file
// set aside) to stderr.
func openStore(stderr io.Writer) (*lessons.Store, error) {
	path, err := lessons.DefaultProgressPath()
	if err != nil {
		return nil, err
	}
	st, warn, err := lessons.Open(path)
	if warn != "" {
		fmt.Fprintf(stderr, "nnlab: %s\n", warn)
	}
	return st, err
}

func cmdQuiz(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlags("quiz", "quiz [--lesson ID] [--final N] [--seed N] [--lessons DIR]", stderr)
	lesson := fs.String("lesson", "", "ask this lesson's questions (default: the final exam)")
	final := fs.Int("final", 20, "number of questions in the final exam")
	seed := fs.Uint64("seed", 1, "seed for choosing and shuffling questions")
	dir := fs.String("lessons", "", "folder of extra lessons")
	if err := parse(fs, args); err != nil {
		return err
	}
	cat, err := catalog(*dir)
	if err != nil {
		return err
	}
	var qs *lessons.Quiz
	key := "final"
	if *lesson != "" {
		l := cat.Lesson(*lesson)
		if l == nil {
			ids := ""
			for _, l := range cat.Lessons {
				ids += " " + l.ID
			}
			return badInput(fmt.Errorf("--lesson: no lesson %q (lessons:%s)", *lesson, ids))
		}
		qs = lessons.NewQuiz(l.Questions, *seed, true)
		key = l.ID
	} else {
		if *final < 1 {
			return badInput(fmt.Errorf("--final: must be at least 1, got %d", *final))
		}
		qs = lessons.FinalExam(cat, *final, *seed)
	}
	score, err := lessons.RunText(stdin, stdout, qs, evaluate)
	if err != nil {
		return err
	}
	if st, err := openStore(stderr); err == nil {
		st.RecordQuiz(key, score.Correct, score.Total)
		if err := st.Save(); err != nil {
			fmt.Fprintf(stderr, "nnlab: progress not saved: %v\n", err)
		}
	}
	return nil
}

func cmdLessons(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return errUsage{"lessons: want 'list' or 'check DIR'"}
	}
	switch args[0] {
	case "list":
		cat, err := catalog("")
		if err != nil {
			return err
		}
		for _, l := range cat.Lessons {
			fmt.Fprintf(stdout, "%d. %-16s %s — %s (%d questions)\n", l.Order, l.ID, l.Title, l.Goal, len(l.Questions))
		}
		return nil
	case "check":
		if len(args) != 2 {
			return errUsage{"lessons check: want exactly one folder"}
		}
		if _, err := os.Stat(args[1]); err != nil {
			return badInput(err)
		}
		probs := lessons.Check(args[1])
		for _, p := range probs {
			fmt.Fprintln(stdout, p.String())
		}
		if len(probs) > 0 {
			return exitErr{1, fmt.Errorf("%s: %d problem(s)", args[1], len(probs))}
		}
		fmt.Fprintf(stdout, "%s: no problems\n", args[1])
		return nil
	}
	return errUsage{fmt.Sprintf("lessons: unknown subcommand %q (want list or check)", args[0])}
}

func cmdProgress(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("progress", "progress [--reset]", stderr)
	reset := fs.Bool("reset", false, "forget all progress")
	if err := parse(fs, args); err != nil {
		return err
	}
	st, err := openStore(stderr)
	if err != nil {
		return err
	}
	if *reset {
		if err := st.Reset(); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "progress reset (%s)\n", st.Path())
		return nil
	}
	cat, err := catalog("")
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "progress file: %s\n", st.Path())
	for _, l := range cat.Lessons {
		lp := st.Lesson(l.ID)
		best := "-"
		if lp.Best != nil {
			best = fmt.Sprintf("%d/%d", lp.Best.Correct, lp.Best.Total)
		}
		fmt.Fprintf(stdout, "%d. %-16s visited %-5v completed %-5v best quiz %s\n", l.Order, l.ID, lp.Visited, lp.Completed, best)
	}
	return nil
}
