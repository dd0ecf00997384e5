package lessons

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/nnlab/nnlab/lab/spec/safefile"
)

// ProgressVersion is the version of progress.json this code writes.
const ProgressVersion = 1

// maxProgressBytes is the largest progress file read (4 MiB), far more than
// any number of lessons needs.
const maxProgressBytes = 4 << 20

// Progress is what progress.json holds.
type Progress struct {
	// Version is the file's format version, for future changes.
	Version int `json:"version"`
	// Lessons maps lesson ids to the learner's progress in them.
	Lessons map[string]*LessonProgress `json:"lessons"`
}

// LessonProgress is the learner's progress in one lesson.
type LessonProgress struct {
	Visited   bool `json:"visited,omitempty"`
	Completed bool `json:"completed,omitempty"`
	// Best is the best quiz score so far, nil before the first quiz.
	Best *QuizScore `json:"best,omitempty"`
	// Answers holds the last answer to each question, by question id.
	Answers map[string]AnswerRecord `json:"answers,omitempty"`
}

// QuizScore is a quiz result: Correct of Total.
type QuizScore struct {
	Correct int `json:"correct"`
	Total   int `json:"total"`
}

// better tells whether s beats t (a higher share, then more questions).
func (s QuizScore) better(t QuizScore) bool {
	if t.Total == 0 {
		return s.Total > 0
	}
	if s.Total == 0 {
		return false
	}
	a, b := s.Correct*t.Total, t.Correct*s.Total
	if a != b {
		return a > b
	}
	return s.Total > t.Total
}

// AnswerRecord is the last answer given to a question.
type AnswerRecord struct {
	Answer  string `json:"answer"`
	Correct bool   `json:"correct"`
}

// Store keeps the learner's progress in a JSON file. Its methods are safe
// for concurrent use. Changes stay in memory until Save.
type Store struct {
	mu       sync.Mutex
	path     string
	data     Progress
	readOnly bool
}

// DefaultProgressPath is $NNLAB_STATE_DIR/progress.json when that is set,
// else $XDG_STATE_HOME/nnlab/progress.json, else
// ~/.local/state/nnlab/progress.json.
func DefaultProgressPath() (string, error) {
	if d := os.Getenv("NNLAB_STATE_DIR"); d != "" {
		return filepath.Join(d, "progress.json"), nil
	}
	if d := os.Getenv("XDG_STATE_HOME"); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "nnlab", "progress.json"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil || home == "" {
		return "", fmt.Errorf("cannot tell where to keep progress: no home folder (%v); set NNLAB_STATE_DIR", err)
	}
	return filepath.Join(home, ".local", "state", "nnlab", "progress.json"), nil
}

// Open reads the progress file at path ("" for DefaultProgressPath). A
// missing file is an empty progress. A file that is not valid progress JSON
// is renamed to progress.json.corrupt-YYYYMMDD-HHMMSS and the progress
// starts empty; warning says so. A file written by a newer nnlab is read
// but never overwritten (warning says so too). The error is for a file that
// cannot be read or set aside.
func Open(path string) (s *Store, warning string, err error) {
	if path == "" {
		if path, err = DefaultProgressPath(); err != nil {
			return nil, "", err
		}
	}
	s = &Store{path: path, data: emptyProgress()}
	raw, err := safefile.ReadFile(nil, path, maxProgressBytes)
	if errors.Is(err, fs.ErrNotExist) {
		return s, "", nil
	}
	if err != nil {
		return nil, "", fmt.Errorf("reading progress: %w", err)
	}
	var p Progress
	dec := json.NewDecoder(bytes.NewReader(raw))
	if err := dec.Decode(&p); err != nil || dec.More() {
		if err == nil {
			err = errors.New("extra data after the JSON object")
		}
		aside, rerr := setAside(path)
		if rerr != nil {
			return nil, "", fmt.Errorf("progress file %s is not valid (%v) and could not be moved aside: %w", path, err, rerr)
		}
		return s, fmt.Sprintf("progress file %s was not valid (%v); it was moved to %s and progress starts afresh", path, err, aside), nil
	}
	if p.Version > ProgressVersion {
		s.readOnly = true
		warning = fmt.Sprintf("progress file %s was written by a newer nnlab (version %d, this one knows %d); progress is shown but not saved", path, p.Version, ProgressVersion)
	}
	p.Version = ProgressVersion
	if p.Lessons == nil {
		p.Lessons = map[string]*LessonProgress{}
	}
	for id, lp := range p.Lessons {
		if lp == nil {
			p.Lessons[id] = &LessonProgress{}
		}
	}
	s.data = p
	return s, warning, nil
}

func emptyProgress() Progress {
	return Progress{Version: ProgressVersion, Lessons: map[string]*LessonProgress{}}
}

// setAside renames a corrupt file to path.corrupt-YYYYMMDD-HHMMSS (with a
// counter when that exists already).
func setAside(path string) (string, error) {
	base := path + ".corrupt-" + time.Now().Format("20060102-150405")
	aside := base
	for i := 2; ; i++ {
		if _, err := os.Lstat(aside); errors.Is(err, fs.ErrNotExist) {
			break
		}
		if i > 100 {
			return "", fmt.Errorf("too many files named %s*", base)
		}
		aside = fmt.Sprintf("%s-%d", base, i)
	}
	if err := os.Rename(path, aside); err != nil {
		return "", err
	}
	return aside, nil
}

// Path returns the file the store reads and writes.
func (s *Store) Path() string { return s.path }

// Progress returns a deep copy of everything stored.
func (s *Store) Progress() Progress {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := Progress{Version: s.data.Version, Lessons: map[string]*LessonProgress{}}
	for id, lp := range s.data.Lessons {
		c := lp.clone()
		p.Lessons[id] = &c
	}
	return p
}

// Lesson returns a copy of the progress in one lesson (zero if none).
func (s *Store) Lesson(id string) LessonProgress {
	s.mu.Lock()
	defer s.mu.Unlock()
	if lp := s.data.Lessons[id]; lp != nil {
		return lp.clone()
	}
	return LessonProgress{}
}

func (lp *LessonProgress) clone() LessonProgress {
	c := *lp
	if lp.Best != nil {
		b := *lp.Best
		c.Best = &b
	}
	if lp.Answers != nil {
		c.Answers = make(map[string]AnswerRecord, len(lp.Answers))
		for k, v := range lp.Answers {
			c.Answers[k] = v
		}
	}
	return c
}

func (s *Store) lesson(id string) *LessonProgress {
	lp := s.data.Lessons[id]
	if lp == nil {
		lp = &LessonProgress{}
		s.data.Lessons[id] = lp
	}
	return lp
}

// Visit marks a lesson as visited.
func (s *Store) Visit(lesson string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.lesson(lesson).Visited = true
}

// Complete marks a lesson as completed (and visited).
func (s *Store) Complete(lesson string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	lp := s.lesson(lesson)
	lp.Visited = true
	lp.Completed = true
}

// RecordAnswer keeps the last answer to a question of a lesson.
func (s *Store) RecordAnswer(lesson, question, answer string, correct bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	lp := s.lesson(lesson)
	if lp.Answers == nil {
		lp.Answers = map[string]AnswerRecord{}
	}
	lp.Answers[question] = AnswerRecord{Answer: answer, Correct: correct}
}

// RecordQuiz keeps a quiz score of a lesson if it beats the best so far,
// and tells whether it did.
func (s *Store) RecordQuiz(lesson string, correct, total int) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	lp := s.lesson(lesson)
	sc := QuizScore{Correct: correct, Total: total}
	if lp.Best == nil || sc.better(*lp.Best) {
		lp.Best = &sc
		return true
	}
	return false
}

// RecordScore keeps the per-lesson results of a quiz (see RecordQuiz).
func (s *Store) RecordScore(sc Score) {
	for lesson, c := range sc.PerLesson {
		s.RecordQuiz(lesson, c[0], c[1])
	}
}

// Save writes the progress atomically: a temporary file in the same folder
// is written, synced and renamed over progress.json.
func (s *Store) Save() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.readOnly {
		return fmt.Errorf("progress not saved: %s was written by a newer nnlab", s.path)
	}
	data, err := json.MarshalIndent(s.data, "", "  ")
	if err != nil {
		return fmt.Errorf("saving progress: %w", err)
	}
	return writeAtomic(s.path, append(data, '\n'))
}

// Reset forgets all progress and removes the file.
func (s *Store) Reset() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.data = emptyProgress()
	s.readOnly = false
	if err := os.Remove(s.path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("resetting progress: %w", err)
	}
	return nil
}

// renameFile is os.Rename; tests replace it to fail a save halfway.
var renameFile = os.Rename

// writeAtomic replaces path with data so that a crash leaves either the old
// file or the new one, never a part.
func writeAtomic(path string, data []byte) (err error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("saving progress: %w", err)
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("saving progress: %w", err)
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if _, err = f.Write(data); err != nil {
		return fmt.Errorf("saving progress: %w", err)
	}
	if err = f.Sync(); err != nil {
		return fmt.Errorf("saving progress: %w", err)
	}
	if err = f.Close(); err != nil {
		return fmt.Errorf("saving progress: %w", err)
	}
	if err = renameFile(tmp, path); err != nil {
		return fmt.Errorf("saving progress: %w", err)
	}
	if d, derr := os.Open(dir); derr == nil {
		d.Sync() // make the rename durable; not all systems allow it
		d.Close()
	}
	return nil
}
