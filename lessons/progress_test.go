package lessons

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
)

func TestProgressPathFromEnvironment(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("NNLAB_STATE_DIR", filepath.Join(dir, "state"))
	t.Setenv("XDG_STATE_HOME", filepath.Join(dir, "xdg"))
	t.Setenv("HOME", filepath.Join(dir, "home"))
	if p, err := DefaultProgressPath(); err != nil || p != filepath.Join(dir, "state", "progress.json") {
		t.Errorf("NNLAB_STATE_DIR: %q, %v", p, err)
	}
	t.Setenv("NNLAB_STATE_DIR", "")
	if p, err := DefaultProgressPath(); err != nil || p != filepath.Join(dir, "xdg", "nnlab", "progress.json") {
		t.Errorf("XDG_STATE_HOME: %q, %v", p, err)
	}
	t.Setenv("XDG_STATE_HOME", "relative/ignored")
	if p, err := DefaultProgressPath(); err != nil || p != filepath.Join(dir, "home", ".local", "state", "nnlab", "progress.json") {
		t.Errorf("home: %q, %v", p, err)
	}

	// Open("") uses the same place, and saving creates the folders.
	t.Setenv("NNLAB_STATE_DIR", filepath.Join(dir, "state"))
	s, warn, err := Open("")
	if err != nil || warn != "" {
		t.Fatalf("Open: %v %q", err, warn)
	}
	s.Visit("init")
	if err := s.Save(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "state", "progress.json")); err != nil {
		t.Errorf("progress not written under NNLAB_STATE_DIR: %v", err)
	}
}

func TestProgressSaveAndReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "nnlab", "progress.json")
	s, warn, err := Open(path)
	if err != nil || warn != "" {
		t.Fatalf("Open of a missing file: %v %q", err, warn)
	}
	s.Visit("backprop")
	s.Complete("init")
	s.RecordAnswer("init", "init-1", "1", true)
	s.RecordAnswer("init", "init-1", "2", false) // the last answer wins
	for _, r := range []struct {
		correct, length int
		best            bool
	}{{2, 4, true}, {3, 4, true}, {1, 4, false}, {3, 4, false}, {6, 8, true}, {3, 4, false}, {4, 4, true}} {
		if best, err := s.RecordQuiz("init", r.correct, r.length); best != r.best || err != nil {
			t.Errorf("RecordQuiz(init, %d, %d) = %v, %v; want best %v", r.correct, r.length, best, err, r.best)
		}
	}
	if _, err := s.RecordQuiz("backprop", 1, 1); err != nil {
		t.Fatal(err)
	}
	if best, err := s.RecordFinal(5, 9); !best || err != nil {
		t.Errorf("RecordFinal = %v, %v", best, err)
	}
	if err := s.Save(); err != nil {
		t.Fatal(err)
	}

	if names := dirNames(filepath.Dir(path)); names != "progress.json progress.json.lock" {
		t.Errorf("folder holds %s; temporary files must be gone", names)
	}
	raw, _ := os.ReadFile(path)
	var p Progress
	if err := json.Unmarshal(raw, &p); err != nil || p.Version != ProgressVersion {
		t.Fatalf("file is not versioned progress JSON: %v\n%s", err, raw)
	}

	r, warn, err := Open(path)
	if err != nil || warn != "" {
		t.Fatalf("reopen: %v %q", err, warn)
	}
	init := r.Lesson("init")
	if !init.Visited || !init.Completed || init.Best == nil || *init.Best != (QuizScore{4, 4}) {
		t.Errorf("init = %+v", init)
	}
	if a := init.Answers["init-1"]; a.Answer != "2" || a.Correct {
		t.Errorf("answer = %+v", a)
	}
	if bp := r.Lesson("backprop"); !bp.Visited || bp.Completed || bp.Best == nil || *bp.Best != (QuizScore{1, 1}) {
		t.Errorf("backprop = %+v", bp)
	}
	if f := r.Final(); f == nil || *f != (QuizScore{5, 9}) {
		t.Errorf("final = %+v, want 5 of 9", f)
	}
	// Lesson returns a copy.
	init.Answers["init-1"] = AnswerRecord{Answer: "x"}
	if r.Lesson("init").Answers["init-1"].Answer != "2" {
		t.Errorf("Lesson's result shares memory with the store")
	}
}

func TestProgressAtomicWriteKeepsOldFileOnFailure(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "progress.json")
	s, _, _ := Open(path)
	s.Visit("a")
	if err := s.Save(); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(path)

	// Fail the save at the rename, after the temporary file is written: the
	// old file must stay whole and the temporary file must go.
	var tmpDir, tmpData string
	renameFile = func(from, to string) error {
		tmpDir = filepath.Dir(from)
		b, _ := os.ReadFile(from)
		tmpData = string(b)
		return errors.New("crash")
	}
	defer func() { renameFile = os.Rename }()
	s.Visit("b")
	if err := s.Save(); err == nil || !strings.Contains(err.Error(), "crash") {
		t.Fatalf("Save = %v, want the rename error", err)
	}
	if tmpDir != dir {
		t.Errorf("temporary file in %s, want the same folder %s (rename is atomic only there)", tmpDir, dir)
	}
	if !strings.Contains(tmpData, `"b"`) || !json.Valid([]byte(tmpData)) {
		t.Errorf("temporary file was not the whole new progress: %q", tmpData)
	}
	after, _ := os.ReadFile(path)
	if string(after) != string(before) {
		t.Errorf("a failed save changed the file")
	}
	if names := dirNames(dir); names != "progress.json progress.json.lock" {
		t.Errorf("a failed save left files behind: %s", names)
	}

	renameFile = os.Rename
	if err := s.Save(); err != nil {
		t.Fatal(err)
	}
	if r, _, _ := Open(path); !r.Lesson("b").Visited {
		t.Errorf("the next save did not write the change")
	}
}

func TestProgressCorruptFileSetAside(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "progress.json")
	bad := []byte(`{"version": 1, "lessons": {"init": {"visited": tru`)
	if err := os.WriteFile(path, bad, 0o600); err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(dir, "notes.txt")
	os.WriteFile(other, []byte("keep me"), 0o600)

	s, warn, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if s.Lesson("init").Visited {
		t.Errorf("corrupt progress was used")
	}
	m := regexp.MustCompile(`progress\.json\.corrupt-\d{8}-\d{6}`).FindString(warn)
	if m == "" || !strings.Contains(warn, "not valid") || !strings.Contains(warn, "starts afresh") {
		t.Fatalf("warning = %q", warn)
	}
	kept, err := os.ReadFile(filepath.Join(dir, m))
	if err != nil || string(kept) != string(bad) {
		t.Errorf("corrupt file not kept as %s: %v", m, err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("progress.json still there after being set aside")
	}
	if b, _ := os.ReadFile(other); string(b) != "keep me" {
		t.Errorf("other files touched")
	}

	// A second corrupt file in the same second gets its own name.
	os.WriteFile(path, []byte("[]"), 0o600)
	_, warn2, err := Open(path)
	if err != nil || warn2 == "" || warn2 == warn {
		t.Errorf("second corrupt file: %v %q", err, warn2)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 3 {
		t.Errorf("want notes and two corrupt files, got %v", entries)
	}
}

func TestProgressNewerVersionNotOverwritten(t *testing.T) {
	path := filepath.Join(t.TempDir(), "progress.json")
	newer := `{"version": 99, "lessons": {"init": {"visited": true}}, "future": 1}`
	os.WriteFile(path, []byte(newer), 0o600)
	s, warn, err := Open(path)
	if err != nil || !strings.Contains(warn, "newer") {
		t.Fatalf("Open: %v %q", err, warn)
	}
	if !s.Lesson("init").Visited {
		t.Errorf("known fields of a newer file not read")
	}
	s.Visit("x")
	if err := s.Save(); err == nil {
		t.Errorf("Save over a newer file must refuse")
	}
	if b, _ := os.ReadFile(path); string(b) != newer {
		t.Errorf("newer file changed")
	}
}

func TestProgressReset(t *testing.T) {
	path := filepath.Join(t.TempDir(), "progress.json")
	s, _, _ := Open(path)
	s.Complete("init")
	if err := s.Save(); err != nil {
		t.Fatal(err)
	}
	if err := s.Reset(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("file still there after Reset")
	}
	if s.Lesson("init").Completed || len(s.Progress().Lessons) != 0 {
		t.Errorf("memory not cleared")
	}
	if err := s.Reset(); err != nil {
		t.Errorf("Reset without a file: %v", err)
	}
	r, warn, err := Open(path)
	if err != nil || warn != "" || r.Lesson("init").Completed {
		t.Errorf("reopen after reset: %v %q", err, warn)
	}
}

// dirNames lists the names in dir, sorted, separated by spaces.
func dirNames(dir string) string {
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return strings.Join(names, " ")
}

func TestProgressRecordRules(t *testing.T) {
	s, _, _ := Open(filepath.Join(t.TempDir(), "progress.json"))
	for _, sc := range [][2]int{{-1, 3}, {4, 3}, {0, 0}, {1, 0}, {0, -2}} {
		if _, err := s.RecordQuiz("init", sc[0], sc[1]); err == nil {
			t.Errorf("RecordQuiz(init, %d, %d) accepted an impossible score", sc[0], sc[1])
		}
		if _, err := s.RecordFinal(sc[0], sc[1]); err == nil {
			t.Errorf("RecordFinal(%d, %d) accepted an impossible score", sc[0], sc[1])
		}
	}
	if s.Lesson("init").Best != nil || s.Final() != nil {
		t.Fatalf("an impossible score was kept: %+v %+v", s.Lesson("init").Best, s.Final())
	}
	// The final exam and a lesson's quiz keep separate records.
	if _, err := s.RecordQuiz("init", 6, 6); err != nil {
		t.Fatal(err)
	}
	if best, err := s.RecordFinal(0, 1); !best || err != nil {
		t.Fatalf("first final = %v, %v", best, err)
	}
	if b := s.Lesson("init").Best; b == nil || *b != (QuizScore{6, 6}) {
		t.Errorf("the final exam changed a lesson's best: %+v", b)
	}
	if f := s.Final(); f == nil || *f != (QuizScore{0, 1}) {
		t.Errorf("a lesson's quiz changed the final's best: %+v", f)
	}
	if _, ok := s.Progress().Lessons["final"]; ok {
		t.Errorf("the final exam is kept as a lesson")
	}
}

func TestProgressImpossibleScoresLeftOutOnLoad(t *testing.T) {
	path := filepath.Join(t.TempDir(), "progress.json")
	os.WriteFile(path, []byte(`{"version": 1, "lessons": {
		"a": {"visited": true, "best": {"correct": 7, "total": 6}},
		"b": {"best": {"correct": -1, "total": 3}},
		"c": {"best": {"correct": 0, "total": 0}},
		"d": {"best": {"correct": 2, "total": 3}}},
		"final": {"correct": 3, "total": -2}}`), 0o600)
	s, warn, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"a", "b", "c"} {
		if b := s.Lesson(id).Best; b != nil {
			t.Errorf("lesson %s: impossible best %+v kept", id, *b)
		}
		if !strings.Contains(warn, "lessons."+id+".best") {
			t.Errorf("warning does not name lessons.%s.best: %q", id, warn)
		}
	}
	if !strings.Contains(warn, "7 of 6 is not a possible score") || !strings.Contains(warn, "final: 3 of -2") {
		t.Errorf("warning = %q", warn)
	}
	if s.Final() != nil {
		t.Errorf("impossible final kept")
	}
	if !s.Lesson("a").Visited || *s.Lesson("d").Best != (QuizScore{2, 3}) {
		t.Errorf("good records lost: %+v %+v", s.Lesson("a"), s.Lesson("d"))
	}
}

func TestProgressOldFinalRecordMoves(t *testing.T) {
	path := filepath.Join(t.TempDir(), "progress.json")
	os.WriteFile(path, []byte(`{"version": 1, "lessons": {"final": {"best": {"correct": 4, "total": 20}}}}`), 0o600)
	s, warn, err := Open(path)
	if err != nil || warn != "" {
		t.Fatal(err, warn)
	}
	if f := s.Final(); f == nil || *f != (QuizScore{4, 20}) {
		t.Errorf("final = %+v, want the old lesson-named record 4 of 20", f)
	}
	if _, ok := s.Progress().Lessons["final"]; ok {
		t.Errorf("old record still a lesson")
	}
}

// writeRecords is what one writer of the concurrency tests does: its own
// lesson visited and answered, and a score in a lesson and in the final
// exam that every writer shares (the best one must win).
func writeRecords(s *Store, i, writers int) error {
	s.Visit(fmt.Sprintf("own%d", i))
	s.RecordAnswer("shared", fmt.Sprintf("q%d", i), strconv.Itoa(i), i%2 == 0)
	if _, err := s.RecordQuiz("shared", i, writers); err != nil {
		return err
	}
	if _, err := s.RecordFinal(writers-1-i, writers); err != nil {
		return err
	}
	return s.Save()
}

// checkRecords checks that every writer's records are in the file.
func checkRecords(t *testing.T, path string, writers int) {
	t.Helper()
	s, warn, err := Open(path)
	if err != nil || warn != "" {
		t.Fatalf("reopen: %v %q", err, warn)
	}
	lost := 0
	for i := 0; i < writers; i++ {
		if !s.Lesson(fmt.Sprintf("own%d", i)).Visited {
			lost++
		}
		if a, ok := s.Lesson("shared").Answers[fmt.Sprintf("q%d", i)]; !ok || a.Answer != strconv.Itoa(i) {
			lost++
		}
	}
	if lost > 0 {
		t.Errorf("%d of %d records lost", lost, 2*writers)
	}
	want := QuizScore{writers - 1, writers}
	if b := s.Lesson("shared").Best; b == nil || *b != want {
		t.Errorf("shared best = %+v, want %v", b, want)
	}
	if f := s.Final(); f == nil || *f != want {
		t.Errorf("final = %+v, want %v", f, want)
	}
}

func TestProgressConcurrentStoresKeepEveryRecord(t *testing.T) {
	const writers = 16
	for rep := 0; rep < 20; rep++ {
		path := filepath.Join(t.TempDir(), "progress.json")
		// Every store is open before any saves, as a TUI started before a
		// nnlab quiz is.
		stores := make([]*Store, writers)
		for i := range stores {
			var err error
			if stores[i], _, err = Open(path); err != nil {
				t.Fatal(err)
			}
		}
		var wg sync.WaitGroup
		errs := make(chan error, writers)
		for i, s := range stores {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if err := writeRecords(s, i, writers); err != nil {
					errs <- err
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		checkRecords(t, path, writers)
	}
}

// TestProgressWriterProcess is one writer of
// TestProgressConcurrentProcessesKeepEveryRecord; it does nothing unless
// that test starts it.
func TestProgressWriterProcess(t *testing.T) {
	path, id := os.Getenv("NNLAB_TEST_PROGRESS"), os.Getenv("NNLAB_TEST_WRITER")
	if path == "" {
		t.Skip("a helper process of TestProgressConcurrentProcessesKeepEveryRecord")
	}
	i, _ := strconv.Atoi(id)
	s, _, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := writeRecords(s, i, 16); err != nil {
		t.Fatal(err)
	}
}

func TestProgressConcurrentProcessesKeepEveryRecord(t *testing.T) {
	if testing.Short() {
		t.Skip("starts 320 processes")
	}
	const writers = 16
	for rep := 0; rep < 20; rep++ {
		path := filepath.Join(t.TempDir(), "progress.json")
		cmds := make([]*exec.Cmd, writers)
		for i := range cmds {
			cmds[i] = exec.Command(os.Args[0], "-test.run=^TestProgressWriterProcess$", "-test.count=1")
			cmds[i].Env = append(os.Environ(), "NNLAB_TEST_PROGRESS="+path, "NNLAB_TEST_WRITER="+strconv.Itoa(i))
			if err := cmds[i].Start(); err != nil {
				t.Fatal(err)
			}
		}
		for i, c := range cmds {
			if err := c.Wait(); err != nil {
				t.Fatalf("writer %d: %v", i, err)
			}
		}
		checkRecords(t, path, writers)
	}
}

func TestProgressEarlierStoreKeepsLaterScore(t *testing.T) {
	path := filepath.Join(t.TempDir(), "progress.json")
	tui, _, _ := Open(path)
	tui.Visit("init")
	if err := tui.Save(); err != nil {
		t.Fatal(err)
	}
	quiz, _, _ := Open(path)
	if _, err := quiz.RecordQuiz("backprop", 5, 6); err != nil {
		t.Fatal(err)
	}
	if err := quiz.Save(); err != nil {
		t.Fatal(err)
	}
	tui.Visit("lr")
	if err := tui.Save(); err != nil {
		t.Fatal(err)
	}
	for _, s := range []*Store{tui, mustOpen(t, path)} {
		if b := s.Lesson("backprop").Best; b == nil || *b != (QuizScore{5, 6}) {
			t.Errorf("the quiz's score was lost: %+v", b)
		}
		if !s.Lesson("init").Visited || !s.Lesson("lr").Visited {
			t.Errorf("visits lost")
		}
	}
	// A reset by another process stands: a store opened before it saves
	// only what it recorded since.
	if err := quiz.Reset(); err != nil {
		t.Fatal(err)
	}
	tui.Visit("momentum")
	if err := tui.Save(); err != nil {
		t.Fatal(err)
	}
	r := mustOpen(t, path)
	if r.Lesson("backprop").Best != nil || r.Lesson("init").Visited || !r.Lesson("momentum").Visited {
		t.Errorf("after a reset elsewhere: %+v", r.Progress())
	}
}

func mustOpen(t *testing.T, path string) *Store {
	t.Helper()
	s, warn, err := Open(path)
	if err != nil || warn != "" {
		t.Fatalf("Open: %v %q", err, warn)
	}
	return s
}
