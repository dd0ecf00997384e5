package lessons

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
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
	if !s.RecordQuiz("init", 2, 4) || !s.RecordQuiz("init", 3, 4) || s.RecordQuiz("init", 1, 4) {
		t.Errorf("RecordQuiz did not keep the best score")
	}
	s.RecordScore(Score{PerLesson: map[string][2]int{"backprop": {1, 1}}})
	if err := s.Save(); err != nil {
		t.Fatal(err)
	}

	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 || entries[0].Name() != "progress.json" {
		t.Errorf("folder holds %v; temporary files must be gone", entries)
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
	if !init.Visited || !init.Completed || init.Best == nil || *init.Best != (QuizScore{3, 4}) {
		t.Errorf("init = %+v", init)
	}
	if a := init.Answers["init-1"]; a.Answer != "2" || a.Correct {
		t.Errorf("answer = %+v", a)
	}
	if bp := r.Lesson("backprop"); !bp.Visited || bp.Completed || bp.Best == nil || *bp.Best != (QuizScore{1, 1}) {
		t.Errorf("backprop = %+v", bp)
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
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("a failed save left files behind: %v", entries)
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
