package tui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nnlab/nnlab/lessons"
)

// Progress that cannot be saved is said in the header from the start, at
// every size, and stays said after a save is tried.
func TestHeaderSaysProgressIsNotSaved(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "progress.json")
	os.Mkdir(path, 0o700) // a folder cannot be read as a file
	st, warn, err := lessons.Open(path)
	if err != nil || warn == "" {
		t.Fatalf("Open: %v %q", err, warn)
	}
	for _, size := range [][2]int{{60, 16}, {80, 24}, {120, 40}} {
		d := newDriver(t, Options{Catalog: fixture(t), Store: st}, size[0], size[1])
		header := strings.SplitN(d.m.View(), "\n", 2)[0]
		if !strings.Contains(header, "progress not saved: progress.json") {
			t.Errorf("%dx%d: header %q does not say progress is not saved", size[0], size[1], header)
		}
		d.key("enter") // opens the first lesson, which saves a visit
		header = strings.SplitN(d.m.View(), "\n", 2)[0]
		if !strings.Contains(header, "progress not saved") || strings.Count(header, "progress not saved") != 1 {
			t.Errorf("%dx%d: after a save, header %q", size[0], size[1], header)
		}
		d.key("q")
	}
}

// The final exam keeps its own record, out of its full length; a lesson's
// best is not touched by it.
func TestFinalExamKeepsItsOwnRecord(t *testing.T) {
	opts := testOptions(t)
	if _, err := opts.Store.RecordQuiz("descent", 2, 2); err != nil {
		t.Fatal(err)
	}
	d := newDriver(t, opts, 100, 30)
	qs, qz := takeFinalExam(t, d)
	f := opts.Store.Final()
	if f == nil || f.Total != len(qz.Items) || f.Correct != qs.score.Correct {
		t.Errorf("final = %+v, want %d of %d", f, qs.score.Correct, len(qz.Items))
	}
	if b := opts.Store.Lesson("descent").Best; b == nil || *b != (lessons.QuizScore{Correct: 2, Total: 2}) {
		t.Errorf("the final exam changed descent's best to %+v", b)
	}
	d.key("q")
}

// takeFinalExam answers a final exam of 10 questions on the driver's
// catalog to its end, choosing the first choice (or the number 1).
func takeFinalExam(t *testing.T, d *driver) (*quizScreen, *lessons.Quiz) {
	t.Helper()
	qz := lessons.FinalExam(d.m.c.Opts.Catalog, 10, 1)
	qs := newQuiz(d.m.c, "Final quiz", "", qz)
	d.run(push(qs))
	for i := 0; !qs.done && i < 100; i++ {
		if qs.res == nil && qs.err == "" && qs.item().Question.Kind != lessons.KindSingle {
			// Numeric: with no evaluator the question cannot be graded and
			// counts as wrong. Multi: enter needs a choice.
			d.key("1")
		}
		d.key("enter")
	}
	if !qs.done {
		t.Fatalf("quiz not finished:\n%s", d.m.View())
	}
	return qs, qz
}
