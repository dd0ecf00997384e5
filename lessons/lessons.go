// Package lessons holds the lesson texts, experiment presets and quiz
// questions of nnlab (embedded in the binary), their loader and validator,
// the quiz engine (grading, seeded shuffles, a plain-text runner) and the
// learner's progress store.
//
// It imports lab/spec for the experiment spec only (not lab, nor nn): it
// never runs an experiment itself.
// Numeric quiz answers are computed by an Evaluator that the caller supplies.
//
// The file format is described in docs/lesson-format.md.
package lessons

import (
	"embed"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/nnlab/nnlab/lab/spec"
	"github.com/nnlab/nnlab/lab/spec/safetext"
)

//go:embed content/*.md quiz/*.yaml
var embedded embed.FS

// embeddedOrigin prefixes the names of embedded files in problems, so that
// they read as paths in the repository.
const embeddedOrigin = "lessons"

// Catalog is a set of lessons, sorted by Order (then ID).
type Catalog struct {
	Lessons []*Lesson

	// broken holds the ids of lessons ("id") and presets ("lesson/preset")
	// that exist in the files but could not be read, so that references to
	// them are not reported a second time.
	broken map[string]bool
	// orphans are questions of quiz files that name no lesson; they are
	// kept only to check their references.
	orphans []*Question
}

// Lesson is one lesson: its text pages, its live experiments and its quiz.
type Lesson struct {
	ID    string
	Order int
	Title string
	Goal  string
	// Presets are the lesson's experiments; the first opens with the lesson.
	Presets []Preset
	// Tasks are "try this" suggestions: a knob to turn and what to watch.
	Tasks []Task
	// Pages are the lesson text split at level-2 headings.
	Pages []Page
	// Questions are the lesson's quiz, in file order.
	Questions []*Question
	// File is where the lesson came from, for messages.
	File string
}

// Preset is one experiment of a lesson.
type Preset struct {
	ID    string
	Title string
	// Spec is the spec as written in the lesson file: Defaults has not been
	// applied, so that a Vary value (such as a different optimizer) still
	// gets its own defaults. Clone it before changing it.
	Spec *spec.Spec
	// Vary, when set, makes the preset a comparison of several runs, one per
	// value of Field.
	Vary *Vary
	// View chooses how the experiment pane shows the preset: "" (the live
	// run, or the comparison when Vary is set), ViewWalkthrough (one
	// training step taken apart value by value) or ViewLRFind (a
	// learning-rate range test of the spec).
	View string
	line int
}

// Preset views.
const (
	// ViewWalkthrough steps through one training step of a small network
	// value by value (forward pass, error, chain rule, update, gradient
	// check) instead of running it live.
	ViewWalkthrough = "walkthrough"
	// ViewLRFind runs a learning-rate range test of the preset's spec
	// (nnlab lrfind's defaults: 1e-5 to 10 over 100 steps) and draws the
	// loss against the rate with what it suggests.
	ViewLRFind = "lrfind"
)

// Views lists the values Preset.View may take besides "".
var Views = []string{ViewWalkthrough, ViewLRFind}

// Vary describes a comparison: one run per value, each set with
// Spec.Set(Field, value) on a clone of the preset's spec.
type Vary struct {
	Field  string
	Values []string
	// Labels, when given (one per value), name the runs instead of the
	// factor and value: for values too long to read as a name, such as a
	// whole list of layers.
	Labels []string
}

// Task is a "try this" suggestion: Knob is a path accepted by Spec.Set.
type Task struct {
	Knob string
	Text string
}

// Page is one page of lesson text: the title of its "## " heading and the
// Markdown below it.
type Page struct {
	Title string
	Body  string
}

// Question kinds.
const (
	KindSingle  = "single"
	KindMulti   = "multi"
	KindNumeric = "numeric"
)

// Question is one quiz question.
type Question struct {
	ID   string
	Kind string // single, multi or numeric
	Text string
	// Choices are the answers offered (single and multi), in file order.
	Choices []Choice
	// Explain is shown after the question is answered.
	Explain string
	// Show is "lesson/preset", the experiment opened by "show me".
	Show string
	// Compute says how the answer of a numeric question is computed.
	Compute *Compute
	// Tolerance is the absolute tolerance for numeric answers.
	Tolerance float64
	// Lesson is the id of the lesson whose quiz holds the question.
	Lesson string

	file       string
	path       string // "questions[i]", for messages
	line       int
	showLine   int
	presetLine int
	preset     *Preset // Compute.Preset, resolved when the catalog is built
}

// Choice is one answer offered by a single or multi question.
type Choice struct {
	Text    string
	Correct bool
	// Why explains why the choice is right or wrong.
	Why string
}

// Compute names the quantity that answers a numeric question: it is
// computed by running Preset (see Evaluator).
type Compute struct {
	Preset string // "lesson/preset"
	// Value, for a preset that compares runs (vary), picks the run the
	// answer comes from: one of the preset's vary values. Empty means the
	// preset's own spec.
	Value    string
	Quantity string // one of Quantities
	Layer    int    // 0-based layer index
	Row      int    // w is out×in: row is the output unit
	Col      int    // and col the input (for output and loss_class: the class)
	Sample   int    // for output and loss_class: which sample
	Steps    int    // for w_after and b_after: how many steps
}

// Quantities lists the values Compute.Quantity may take (the lab's Probe
// computes them; docs/lesson-format.md describes each).
var Quantities = []string{"loss", "output", "grad_w", "grad_b", "w_after", "b_after",
	"params", "init_gain", "loss_class", "rate", "lambda_max",
	"layer_params", "out_c", "out_h", "out_w", "receptive_field"}

// specFor is the spec c runs on preset p, before defaults: the preset's
// own, or the variant c.Value picks.
func (c *Compute) specFor(p *Preset) (*spec.Spec, error) {
	if c.Value == "" {
		return p.Spec.Clone(), nil
	}
	if p.Vary == nil {
		return nil, fmt.Errorf("value %q: preset %q compares no runs; leave value out", c.Value, c.Preset)
	}
	if !slices.Contains(p.Vary.Values, c.Value) {
		return nil, fmt.Errorf("value %q is not a run of preset %q; its runs: %s", c.Value, c.Preset, strings.Join(p.Vary.Values, ", "))
	}
	return spec.Variant(p.Spec, p.Vary.Field, c.Value)
}

// Problem is one thing wrong in a lesson or quiz file.
type Problem struct {
	File string
	Line int // 1-based; 0 when the problem is about the whole file or folder
	Msg  string
}

// String formats the problem as "file:line: msg", safe to print: control,
// bidi and zero-width characters (in a file name, say) come out as visible
// escapes.
func (p Problem) String() string {
	if p.Line > 0 {
		return safetext.Clean(fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Msg))
	}
	return safetext.Clean(fmt.Sprintf("%s: %s", p.File, p.Msg))
}

// Error makes a Problem usable as an error.
func (p Problem) Error() string { return p.String() }

// Embedded returns the lessons built into the binary. The embedded files are
// checked by the tests, so an error here means a broken build; the error
// lists every problem.
func Embedded() (*Catalog, error) {
	cat, probs := Load(embedded, embeddedOrigin)
	if len(probs) > 0 {
		return cat, problemsError(probs)
	}
	return cat, nil
}

// LoadDir loads an instructor's folder (DIR/content/*.md, DIR/quiz/*.yaml),
// meant to be merged over the embedded lessons with Merge. References in its
// quizzes (show, compute.preset) may name lessons of the folder or embedded
// ones. The catalog holds every lesson that could be read; problems lists
// everything wrong, with file and line.
func LoadDir(dir string) (*Catalog, []Problem) {
	info, err := os.Stat(dir)
	if err != nil {
		return &Catalog{}, []Problem{{File: dir, Msg: fmt.Sprintf("cannot read the lessons folder: %v", unwrapPathError(err))}}
	}
	if !info.IsDir() {
		return &Catalog{}, []Problem{{File: dir, Msg: "not a folder; expected a folder holding content/NN-id.md and quiz/ID.yaml"}}
	}
	cat, probs := load(os.DirFS(dir), dir)
	for _, l := range cat.Lessons {
		for _, p := range l.Presets {
			p.Spec.ResolveDir(filepath.Dir(l.File))
		}
	}
	if len(cat.Lessons) == 0 && len(probs) == 0 {
		probs = append(probs, Problem{File: dir, Msg: fmt.Sprintf("no lessons found; expected files %s", filepath.Join(dir, "content", "NN-id.md"))})
	}
	against := cat
	if emb, err := embeddedForRefs(); err == nil {
		emb.Merge(cat)
		against = emb
	}
	probs = append(probs, checkRefs(cat, against)...)
	cat.link(against)
	sortProblems(probs)
	return cat, capAlike(probs)
}

// embeddedForRefs loads the embedded catalog for resolving references of
// another folder; a variable so that tests can replace it.
var embeddedForRefs = func() (*Catalog, error) {
	cat, probs := load(embedded, embeddedOrigin)
	if len(probs) > 0 {
		return nil, problemsError(probs)
	}
	return cat, nil
}

// Check validates a lessons folder as `nnlab lessons check DIR` does: it
// returns every problem, sorted by file and line, or nil when the folder is
// fine.
func Check(dir string) []Problem {
	_, probs := LoadDir(dir)
	return probs
}

// Merge adds the lessons of other to c. A lesson of other whose id is
// already in c replaces it, quiz included. Presets named by numeric
// questions are resolved again afterwards. other is not changed, but its
// lessons are shared with c.
func (c *Catalog) Merge(other *Catalog) {
	if other == nil {
		return
	}
	for _, l := range other.Lessons {
		replaced := false
		for i, old := range c.Lessons {
			if old.ID == l.ID {
				c.Lessons[i] = l
				replaced = true
				break
			}
		}
		if !replaced {
			c.Lessons = append(c.Lessons, l)
		}
	}
	c.sort()
	c.link(c)
}

// Lesson returns the lesson with the given id, or nil.
func (c *Catalog) Lesson(id string) *Lesson {
	if c == nil {
		return nil
	}
	for _, l := range c.Lessons {
		if l.ID == id {
			return l
		}
	}
	return nil
}

// Preset returns the preset named "lesson/preset", or nil.
func (c *Catalog) Preset(ref string) *Preset {
	lid, pid, ok := strings.Cut(ref, "/")
	if !ok {
		return nil
	}
	l := c.Lesson(lid)
	if l == nil {
		return nil
	}
	return l.Preset(pid)
}

// Question returns the question with the given id, or nil.
func (c *Catalog) Question(id string) *Question {
	if c == nil {
		return nil
	}
	for _, l := range c.Lessons {
		for _, q := range l.Questions {
			if q.ID == id {
				return q
			}
		}
	}
	return nil
}

// Questions returns every question of the catalog, lesson by lesson.
func (c *Catalog) Questions() []*Question {
	var qs []*Question
	for _, l := range c.Lessons {
		qs = append(qs, l.Questions...)
	}
	return qs
}

// Preset returns the lesson's preset with the given id, or nil.
func (l *Lesson) Preset(id string) *Preset {
	for i := range l.Presets {
		if l.Presets[i].ID == id {
			return &l.Presets[i]
		}
	}
	return nil
}

func (c *Catalog) sort() {
	sort.SliceStable(c.Lessons, func(i, j int) bool {
		a, b := c.Lessons[i], c.Lessons[j]
		if a.Order != b.Order {
			return a.Order < b.Order
		}
		return a.ID < b.ID
	})
}

// link points every numeric question at the preset its compute names,
// looked up in against.
func (c *Catalog) link(against *Catalog) {
	for _, l := range c.Lessons {
		for _, q := range l.Questions {
			q.preset = nil
			if q.Compute != nil {
				q.preset = against.Preset(q.Compute.Preset)
			}
		}
	}
}

func sortProblems(probs []Problem) {
	sort.SliceStable(probs, func(i, j int) bool {
		if probs[i].File != probs[j].File {
			return probs[i].File < probs[j].File
		}
		return probs[i].Line < probs[j].Line
	})
}

// maxAlike is how many problems of one kind in one file are listed.
const maxAlike = 10

// capAlike keeps the first maxAlike problems of each kind in each file (a
// kind is the message without its field path, numbers and quoted or
// bracketed details) and puts one line "… and K more like this" after the
// last one kept, so that one mistake repeated a thousand times reads as
// eleven lines. probs must be sorted.
func capAlike(probs []Problem) []Problem {
	type key struct{ file, kind string }
	total := map[key]int{}
	for _, p := range probs {
		total[key{p.File, problemKind(p.Msg)}]++
	}
	shown := map[key]int{}
	out := make([]Problem, 0, len(probs))
	for _, p := range probs {
		k := key{p.File, problemKind(p.Msg)}
		if shown[k]++; shown[k] > maxAlike {
			continue
		}
		out = append(out, p)
		if shown[k] == maxAlike && total[k] > maxAlike {
			out = append(out, Problem{File: p.File, Line: p.Line, Msg: fmt.Sprintf("… and %d more like this", total[k]-maxAlike)})
		}
	}
	return out
}

var (
	kindPath    = regexp.MustCompile(`^[\w.\[\]-]+: `)
	kindDetails = regexp.MustCompile(`"(?:[^"\\]|\\.)*"|\([^)]*\)|\d+`)
)

// problemKind is a problem's message without what varies between
// repetitions of one mistake.
func problemKind(msg string) string {
	return kindDetails.ReplaceAllString(kindPath.ReplaceAllString(msg, ""), "_")
}

// problemsError joins problems into one error, one per line.
func problemsError(probs []Problem) error {
	lines := make([]string, len(probs))
	for i, p := range probs {
		lines[i] = p.String()
	}
	return fmt.Errorf("%d problem(s) in the lessons:\n%s", len(probs), strings.Join(lines, "\n"))
}

func unwrapPathError(err error) error {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err
	}
	return err
}
