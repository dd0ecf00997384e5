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
// lessons over them. Problems in the folder are errors, and so are its
// presets whose runs need more than budget bytes (0: no budget).
func catalog(dir string, budget int64) (*lessons.Catalog, error) {
	cat, err := lessons.Embedded()
	if err != nil {
		return nil, err
	}
	if dir == "" {
		return cat, nil
	}
	extra, probs := lessons.LoadDir(dir)
	if len(probs) == 0 {
		probs = extra.CheckRuns(memoryCheck(budget))
	}
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
	fs := newFlags("quiz", "quiz [--lesson ID] [--final N] [--seed N] [--lessons DIR]", stdout)
	lesson := fs.String("lesson", "", "ask this lesson's questions (default: the final exam)")
	final := fs.Int("final", 20, "number of questions in the final exam")
	seed := fs.Uint64("seed", 1, "seed for choosing and shuffling questions")
	dir := fs.String("lessons", "", "folder of extra lessons")
	if err := fs.parse(args); err != nil {
		return err
	}
	cat, err := catalog(*dir, lab.DefaultMaxMemory())
	if err != nil {
		return err
	}
	var qs *lessons.Quiz
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
	if score.Stopped {
		fmt.Fprintln(stdout, "The score is not recorded: only a finished quiz counts.")
		return nil
	}
	recordQuiz(*lesson, score.Correct, len(qs.Items), stderr)
	return nil
}

// recordQuiz records a finished quiz (lesson "" is the final exam) out of
// its full length. A progress file that cannot be opened or saved is a
// warning on stderr: the quiz itself went well.
func recordQuiz(lesson string, correct, length int, stderr io.Writer) {
	st, err := openStore(stderr)
	if err == nil {
		if lesson == "" {
			_, err = st.RecordFinal(correct, length)
		} else {
			_, err = st.RecordQuiz(lesson, correct, length)
		}
	}
	if err == nil {
		err = st.Save()
	}
	if err != nil {
		fmt.Fprintf(stderr, "nnlab: progress not saved: %v\n", err)
	}
}

const lessonsUsage = `Usage:
  nnlab lessons list         list the lessons
  nnlab lessons check DIR    check a folder of lessons (DIR/content/*.md,
                             DIR/quiz/*.yaml): file:line problems, exit 1
                             when there are any
`

func cmdLessons(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return errUsage{msg: "lessons: want 'list' or 'check DIR'", usage: lessonsUsage}
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, lessonsUsage)
		return nil
	case "list":
		fs := newFlags("lessons list", "lessons list", stdout)
		if err := fs.parse(args[1:]); err != nil {
			return err
		}
		cat, err := catalog("", 0)
		if err != nil {
			return err
		}
		for _, l := range cat.Lessons {
			fmt.Fprintf(stdout, "%d. %-16s %s — %s (%d questions)\n", l.Order, l.ID, l.Title, l.Goal, len(l.Questions))
		}
		return nil
	case "check":
		fs := newFlags("lessons check", "lessons check [--max-memory SIZE] DIR", stdout)
		fs.tail = "Checks the lesson folder DIR (DIR/content/*.md, DIR/quiz/*.yaml), and the\nmemory every preset's runs need, and prints its problems as file:line:\nmessage; exit 1 when there are any.\n"
		fs.maxArgs = 1
		budget := memoryFlag(fs)
		if err := fs.parse(args[1:]); err != nil {
			return err
		}
		if fs.NArg() != 1 {
			return errUsage{msg: "lessons check: want exactly one folder", usage: fs.usage()}
		}
		dir := fs.Arg(0)
		if _, err := os.Stat(dir); err != nil {
			return badInput(err)
		}
		cat, probs := lessons.LoadDir(dir)
		probs = append(probs, cat.CheckRuns(memoryCheck(*budget))...)
		for _, p := range probs {
			fmt.Fprintln(stdout, p.String())
		}
		if len(probs) > 0 {
			return exitErr{1, fmt.Errorf("%s: %d problem(s)", dir, len(probs))}
		}
		fmt.Fprintf(stdout, "%s: no problems\n", dir)
		return nil
	}
	return errUsage{msg: fmt.Sprintf("lessons: unknown subcommand %q (want list or check)", args[0]), usage: lessonsUsage}
}

func cmdProgress(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("progress", "progress [--reset]", stdout)
	reset := fs.Bool("reset", false, "forget all progress")
	if err := fs.parse(args); err != nil {
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
	cat, err := catalog("", 0)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "progress file: %s\n", st.Path())
	for _, l := range cat.Lessons {
		lp := st.Lesson(l.ID)
		fmt.Fprintf(stdout, "%d. %-16s visited %-5v completed %-5v best quiz %s\n", l.Order, l.ID, lp.Visited, lp.Completed, scoreText(lp.Best))
	}
	fmt.Fprintf(stdout, "final exam best %s\n", scoreText(st.Final()))
	return nil
}

// scoreText is "correct/total", or "-" before the first score.
func scoreText(s *lessons.QuizScore) string {
	if s == nil {
		return "-"
	}
	return fmt.Sprintf("%d/%d", s.Correct, s.Total)
}
