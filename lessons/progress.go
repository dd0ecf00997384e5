package lessons

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
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
	// Final is the best score of the final exam, nil before the first. It
	// is a record of its own: the final exam never changes a lesson's best.
	Final *QuizScore `json:"final,omitempty"`
}

// LessonProgress is the learner's progress in one lesson.
type LessonProgress struct {
	Visited   bool `json:"visited,omitempty"`
	Completed bool `json:"completed,omitempty"`
	// Best is the best score of a finished quiz of the lesson, out of the
	// quiz's full length; nil before the first.
	Best *QuizScore `json:"best,omitempty"`
	// Answers holds the last answer to each question, by question id.
	Answers map[string]AnswerRecord `json:"answers,omitempty"`
}

// QuizScore is a quiz result: Correct of Total.
type QuizScore struct {
	Correct int `json:"correct"`
	Total   int `json:"total"`
}

// valid tells whether s is a possible score: 0 ≤ Correct ≤ Total, Total ≥ 1.
func (s QuizScore) valid() bool { return s.Total >= 1 && s.Correct >= 0 && s.Correct <= s.Total }

// better tells whether s beats t (a higher share, then more questions).
func (s QuizScore) better(t QuizScore) bool {
	a, b := s.Correct*t.Total, t.Correct*s.Total
	if a != b {
		return a > b
	}
	return s.Total > t.Total
}

// betterOf returns the better of two scores (either may be nil).
func betterOf(a, b *QuizScore) *QuizScore {
	if a == nil || (b != nil && b.better(*a)) {
		return b
	}
	return a
}

// AnswerRecord is the last answer given to a question.
type AnswerRecord struct {
	Answer  string `json:"answer"`
	Correct bool   `json:"correct"`
}

// merge adds the records of o to p: visited and completed are or-ed, the
// better best score is kept, o's answers replace p's. Merging is idempotent
// and, but for answers to the same question, order-free.
func (p *Progress) merge(o *Progress) {
	if p.Lessons == nil {
		p.Lessons = map[string]*LessonProgress{}
	}
	for id, ol := range o.Lessons {
		lp := p.lesson(id)
		lp.Visited = lp.Visited || ol.Visited
		lp.Completed = lp.Completed || ol.Completed
		lp.Best = cloneScore(betterOf(lp.Best, ol.Best))
		for q, a := range ol.Answers {
			if lp.Answers == nil {
				lp.Answers = map[string]AnswerRecord{}
			}
			lp.Answers[q] = a
		}
	}
	p.Final = cloneScore(betterOf(p.Final, o.Final))
}

func (p *Progress) lesson(id string) *LessonProgress {
	lp := p.Lessons[id]
	if lp == nil {
		lp = &LessonProgress{}
		p.Lessons[id] = lp
	}
	return lp
}

func cloneScore(s *QuizScore) *QuizScore {
	if s == nil {
		return nil
	}
	c := *s
	return &c
}

// Store keeps the learner's progress in a JSON file. Its methods are safe
// for concurrent use, and so are Stores of the same file in other
// processes: changes stay in memory until Save, which merges them into the
// file under a lock, so no record of another process is lost.
type Store struct {
	mu   sync.Mutex
	path string
	// data is what the learner sees: the file as last read, with changes.
	data Progress
	// changes holds the records made since the last save.
	changes Progress
	// readOnly says why saves are refused, after the file's name ("" when
	// they are not).
	readOnly string
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
// starts empty. Records that cannot be right (a score of more than its
// total, a negative one, a total under 1) are left out. A file written by a
// newer nnlab is read but never overwritten, and a file that cannot be read
// or set aside gives an empty progress that is never saved. warning says
// each of these; the error is only for a path that cannot be told.
func Open(path string) (s *Store, warning string, err error) {
	if path == "" {
		if path, err = DefaultProgressPath(); err != nil {
			return nil, "", err
		}
	}
	s = &Store{path: path, data: emptyProgress(), changes: emptyProgress()}
	p, problems, err := readProgress(path)
	var ce *corruptError
	switch {
	case errors.As(err, &ce):
		aside, rerr := setAside(path)
		if rerr != nil {
			s.readOnly = "is not valid and could not be moved aside"
			return s, fmt.Sprintf("progress file %s is not valid (%v) and could not be moved aside (%v); progress starts empty and is not saved in this session", path, ce.err, rerr), nil
		}
		return s, fmt.Sprintf("progress file %s was not valid (%v); it was moved to %s and progress starts afresh", path, ce.err, aside), nil
	case err != nil:
		s.readOnly = "could not be read"
		return s, fmt.Sprintf("progress file %s could not be read (%v); progress starts empty and is not saved in this session", path, err), nil
	}
	s.data = p
	if p.Version > ProgressVersion {
		s.readOnly = "was written by a newer nnlab"
		problems = append(problems, fmt.Sprintf("it was written by a newer nnlab (version %d, this one knows %d); progress is shown but not saved", p.Version, ProgressVersion))
	}
	for i, msg := range problems {
		if i > 0 {
			warning += "; "
		}
		warning += msg
	}
	if warning != "" {
		warning = fmt.Sprintf("progress file %s: %s", path, warning)
	}
	return s, warning, nil
}

// ReadOnly tells in a few words why the store does not save, as
// "progress.json could not be read" ("" when it saves).
func (s *Store) ReadOnly() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.readOnly == "" {
		return ""
	}
	return filepath.Base(s.path) + " " + s.readOnly
}

func emptyProgress() Progress {
	return Progress{Version: ProgressVersion, Lessons: map[string]*LessonProgress{}}
}

// corruptError is a progress file that is not valid progress JSON.
type corruptError struct{ err error }

func (e *corruptError) Error() string { return e.err.Error() }

// readProgress reads a progress file: a missing one is empty; problems
// lists the records left out as impossible. The version is the file's.
func readProgress(path string) (p Progress, problems []string, err error) {
	raw, err := safefile.ReadFile(nil, path, maxProgressBytes)
	if errors.Is(err, fs.ErrNotExist) {
		return emptyProgress(), nil, nil
	}
	if err != nil {
		return p, nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	if err := dec.Decode(&p); err != nil || dec.More() {
		if err == nil {
			err = errors.New("extra data after the JSON object")
		}
		return p, nil, &corruptError{err}
	}
	if p.Lessons == nil {
		p.Lessons = map[string]*LessonProgress{}
	}
	// Before the final exam had its own record, nnlab quiz kept it as the
	// best of a lesson named "final".
	if old := p.Lessons["final"]; old != nil && p.Final == nil && !old.Visited && len(old.Answers) == 0 {
		p.Final = old.Best
		delete(p.Lessons, "final")
	}
	ids := make([]string, 0, len(p.Lessons))
	for id := range p.Lessons {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		lp := p.Lessons[id]
		if lp == nil {
			p.Lessons[id] = &LessonProgress{}
			continue
		}
		if lp.Best != nil && !lp.Best.valid() {
			problems = append(problems, fmt.Sprintf("lessons.%s.best: %d of %d is not a possible score (want 0 ≤ correct ≤ total, total ≥ 1); left out", id, lp.Best.Correct, lp.Best.Total))
			lp.Best = nil
		}
	}
	if p.Final != nil && !p.Final.valid() {
		problems = append(problems, fmt.Sprintf("final: %d of %d is not a possible score (want 0 ≤ correct ≤ total, total ≥ 1); left out", p.Final.Correct, p.Final.Total))
		p.Final = nil
	}
	return p, problems, nil
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
	p := emptyProgress()
	p.Version = s.data.Version
	p.merge(&s.data)
	return p
}

// Lesson returns a copy of the progress in one lesson (zero if none).
func (s *Store) Lesson(id string) LessonProgress {
	s.mu.Lock()
	defer s.mu.Unlock()
	lp := s.data.Lessons[id]
	if lp == nil {
		return LessonProgress{}
	}
	c := emptyProgress()
	c.merge(&Progress{Lessons: map[string]*LessonProgress{id: lp}})
	return *c.Lessons[id]
}

// Final returns the best score of the final exam, nil before the first.
func (s *Store) Final() *QuizScore {
	s.mu.Lock()
	defer s.mu.Unlock()
	return cloneScore(s.data.Final)
}

// record applies a change to what the learner sees and to the changes the
// next save merges into the file.
func (s *Store) record(change func(p *Progress)) {
	change(&s.data)
	change(&s.changes)
}

// Visit marks a lesson as visited.
func (s *Store) Visit(lesson string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.record(func(p *Progress) { p.lesson(lesson).Visited = true })
}

// Complete marks a lesson as completed (and visited).
func (s *Store) Complete(lesson string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.record(func(p *Progress) {
		lp := p.lesson(lesson)
		lp.Visited = true
		lp.Completed = true
	})
}

// RecordAnswer keeps the last answer to a question of a lesson.
func (s *Store) RecordAnswer(lesson, question, answer string, correct bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.record(func(p *Progress) {
		p.merge(&Progress{Lessons: map[string]*LessonProgress{lesson: {
			Answers: map[string]AnswerRecord{question: {Answer: answer, Correct: correct}},
		}}})
	})
}

// RecordQuiz records a finished quiz of one lesson: correct right answers
// out of length, the number of questions the quiz had (one skipped or not
// graded counts as wrong). A quiz left before its end is no score: do not
// record it. The score becomes the lesson's best when it beats it (a higher
// share, then more questions); best tells whether it did. The error is for
// a score that cannot be right (correct < 0, correct > length, length < 1).
func (s *Store) RecordQuiz(lesson string, correct, length int) (best bool, err error) {
	sc := QuizScore{Correct: correct, Total: length}
	if !sc.valid() {
		return false, fmt.Errorf("quiz %s: %d of %d is not a possible score", lesson, correct, length)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	best = betterOf(s.data.Lessons[lesson].bestScore(), &sc) == &sc
	s.record(func(p *Progress) {
		p.merge(&Progress{Lessons: map[string]*LessonProgress{lesson: {Best: &sc}}})
	})
	return best, nil
}

// RecordFinal records a finished final exam as RecordQuiz records a
// lesson's quiz. The final exam keeps its own best; it changes no lesson's.
func (s *Store) RecordFinal(correct, length int) (best bool, err error) {
	sc := QuizScore{Correct: correct, Total: length}
	if !sc.valid() {
		return false, fmt.Errorf("final exam: %d of %d is not a possible score", correct, length)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	best = betterOf(s.data.Final, &sc) == &sc
	s.record(func(p *Progress) { p.merge(&Progress{Final: &sc}) })
	return best, nil
}

func (lp *LessonProgress) bestScore() *QuizScore {
	if lp == nil {
		return nil
	}
	return lp.Best
}

// Save merges the changes made since the last save into the file: under a
// lock (progress.json.lock beside it) it reads the file again, merges (see
// Progress.merge), writes a temporary file in the same folder, syncs it and
// renames it over progress.json. Afterwards the store shows the merged
// progress, records of other processes included. A file that turned
// corrupt since Open is set aside and replaced by what this store holds.
// The error says what failed; it does not start with "progress not saved".
func (s *Store) Save() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.readOnly != "" {
		return fmt.Errorf("%s %s", s.path, s.readOnly)
	}
	if len(s.changes.Lessons) == 0 && s.changes.Final == nil {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(s.path), 0o700); err != nil {
		return err
	}
	unlock, err := lockFile(s.path + ".lock")
	if err != nil {
		return err
	}
	defer unlock()
	disk, _, err := readProgress(s.path)
	var ce *corruptError
	switch {
	case errors.As(err, &ce):
		if _, err := setAside(s.path); err != nil {
			return fmt.Errorf("%s is not valid (%v) and could not be moved aside: %w", s.path, ce.err, err)
		}
		disk = emptyProgress()
		disk.merge(&s.data)
	case err != nil:
		return err
	case disk.Version > ProgressVersion:
		return fmt.Errorf("%s was written by a newer nnlab (version %d) since it was read", s.path, disk.Version)
	}
	disk.Version = ProgressVersion
	disk.merge(&s.changes)
	data, err := json.MarshalIndent(disk, "", "  ")
	if err != nil {
		return err
	}
	if err := writeAtomic(s.path, append(data, '\n')); err != nil {
		return err
	}
	s.data, s.changes = disk, emptyProgress()
	return nil
}

// Reset forgets all progress and removes the file.
func (s *Store) Reset() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := os.MkdirAll(filepath.Dir(s.path), 0o700); err != nil {
		return fmt.Errorf("resetting progress: %w", err)
	}
	unlock, err := lockFile(s.path + ".lock")
	if err != nil {
		return fmt.Errorf("resetting progress: %w", err)
	}
	defer unlock()
	if err := os.Remove(s.path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("resetting progress: %w", err)
	}
	s.data, s.changes, s.readOnly = emptyProgress(), emptyProgress(), ""
	return nil
}

// renameFile is os.Rename; tests replace it to fail a save halfway.
var renameFile = os.Rename

// writeAtomic replaces path with data so that a crash leaves either the old
// file or the new one, never a part.
func writeAtomic(path string, data []byte) (err error) {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if _, err = f.Write(data); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	if err = renameFile(tmp, path); err != nil {
		return err
	}
	if d, derr := os.Open(dir); derr == nil {
		d.Sync() // make the rename durable; not all systems allow it
		d.Close()
	}
	return nil
}
