package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nnlab/nnlab/lessons"
)

// A quiz left early records nothing; a finished one records its score out
// of its full length; the final exam keeps its own record.
func TestQuizRecordsOnlyFinishedQuizzes(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("NNLAB_STATE_DIR", dir)
	path := filepath.Join(dir, "progress.json")
	cat, err := lessons.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	n := len(cat.Lesson("backprop").Questions)

	code, out, stderr := runCmd(t, "1\nq\n", "quiz", "--lesson", "backprop")
	if code != 0 || !strings.Contains(out, "not recorded") {
		t.Fatalf("exit %d\n%s%s", code, out, stderr)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("a quiz left after one answer wrote progress: %v", err)
	}

	// "1" answers every kind of question (a choice or the number 1).
	answers := strings.Repeat("1\n", 3*n)
	if code, out, stderr := runCmd(t, answers, "quiz", "--lesson", "backprop"); code != 0 {
		t.Fatalf("exit %d\n%s%s", code, out, stderr)
	}
	st := mustStore(t, path)
	best := st.Lesson("backprop").Best
	if best == nil || best.Total != n {
		t.Fatalf("backprop best = %+v, want a score out of %d", best, n)
	}
	if st.Final() != nil {
		t.Errorf("a lesson quiz set the final exam's record")
	}

	if code, out, stderr := runCmd(t, strings.Repeat("1\n", 9), "quiz", "--final", "3"); code != 0 {
		t.Fatalf("exit %d\n%s%s", code, out, stderr)
	}
	st = mustStore(t, path)
	if f := st.Final(); f == nil || f.Total != 3 {
		t.Errorf("final = %+v, want a score out of 3", f)
	}
	if b := st.Lesson("backprop").Best; b == nil || *b != *best {
		t.Errorf("the final exam changed backprop's best from %+v to %+v", *best, b)
	}
	if _, ok := st.Progress().Lessons["final"]; ok {
		t.Errorf("the final exam is recorded as a lesson")
	}
	code, out, _ = runCmd(t, "", "progress")
	if code != 0 || !strings.Contains(out, "final exam best ") || !strings.Contains(out, "/3\n") {
		t.Errorf("nnlab progress does not show the final exam:\n%s", out)
	}
}

// Progress that cannot be read: the command still runs, says on stderr
// that progress is not saved, and says it once per failed save.
func TestQuizWithUnreadableProgress(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("NNLAB_STATE_DIR", dir)
	os.Mkdir(filepath.Join(dir, "progress.json"), 0o700) // a folder cannot be read as a file
	code, out, stderr := runCmd(t, strings.Repeat("1\n", 3), "quiz", "--final", "1")
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, out, stderr)
	}
	if !strings.Contains(stderr, "could not be read") || !strings.Contains(stderr, "not saved in this session") {
		t.Errorf("stderr does not say progress is read-only: %q", stderr)
	}
	if strings.Count(stderr, "progress not saved") != 1 {
		t.Errorf("want one 'progress not saved': %q", stderr)
	}
}

func mustStore(t *testing.T, path string) *lessons.Store {
	t.Helper()
	st, warn, err := lessons.Open(path)
	if err != nil || warn != "" {
		t.Fatalf("Open: %v %q", err, warn)
	}
	return st
}
