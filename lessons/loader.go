package lessons

import (
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/nnlab/nnlab/lab/spec"
	"github.com/nnlab/nnlab/lab/spec/safefile"
	"github.com/nnlab/nnlab/lab/spec/safetext"
	"github.com/nnlab/nnlab/lab/spec/strictyaml"
)

// MaxFileBytes is the largest lesson or quiz file read (1 MiB).
const MaxFileBytes = 1 << 20

// MaxLineBytes is the longest line a lesson or quiz file may have: text is
// wrapped to the screen, and a line of megabytes would take long to wrap.
const MaxLineBytes = 10_000

// Load reads the lessons of fsys (content/*.md and quiz/*.yaml) and checks
// them, references included. origin prefixes file names in problems and in
// Lesson.File (a folder path, or "lessons" for the embedded files). The
// catalog holds every lesson that could be read, so that one broken file
// does not hide the others; problems are sorted by file and line.
func Load(fsys fs.FS, origin string) (*Catalog, []Problem) {
	cat, probs := load(fsys, origin)
	probs = append(probs, checkRefs(cat, cat)...)
	cat.link(cat)
	sortProblems(probs)
	return cat, capAlike(probs)
}

// load reads and checks every file on its own, then the things that need
// all files of fsys: unique lesson and question ids, quiz files naming a
// lesson. References to presets are checked by checkRefs.
func load(fsys fs.FS, origin string) (*Catalog, []Problem) {
	cat := &Catalog{}
	var probs []Problem
	name := func(p string) string {
		if origin == "" {
			return filepath.FromSlash(p)
		}
		return filepath.Join(origin, filepath.FromSlash(p))
	}

	lessonFiles, quizFiles, strays := listFiles(fsys)
	for _, s := range strays {
		probs = append(probs, Problem{File: name(s.path), Msg: s.msg})
	}

	firstLesson := map[string]*Lesson{}
	for _, p := range lessonFiles {
		file := name(p)
		data, err := safefile.ReadFile(fsys, p, MaxFileBytes)
		if err != nil {
			probs = append(probs, Problem{File: file, Msg: fmt.Sprintf("cannot read: %v", unwrapPathError(err))})
			continue
		}
		l, idLine, broken, ps := parseLesson(data, file)
		probs = append(probs, ps...)
		if l == nil {
			cat.markBroken(idFromFileName(p))
			continue
		}
		for _, b := range broken {
			cat.markBroken(l.ID + "/" + b)
		}
		if prev := firstLesson[l.ID]; prev != nil {
			probs = append(probs, Problem{File: file, Line: idLine,
				Msg: fmt.Sprintf("id: lesson id %q is already used by %s; every lesson needs its own id", l.ID, prev.File)})
			continue
		}
		firstLesson[l.ID] = l
		cat.Lessons = append(cat.Lessons, l)
	}
	cat.sort()

	type seen struct {
		file string
		line int
	}
	firstQuestion := map[string]seen{}
	for _, p := range quizFiles {
		file := name(p)
		lessonID := strings.TrimSuffix(path.Base(p), ".yaml")
		data, err := safefile.ReadFile(fsys, p, MaxFileBytes)
		if err != nil {
			probs = append(probs, Problem{File: file, Msg: fmt.Sprintf("cannot read: %v", unwrapPathError(err))})
			continue
		}
		qs, ps := parseQuiz(data, file, lessonID)
		probs = append(probs, ps...)
		l := firstLesson[lessonID]
		if l == nil && !cat.broken[lessonID] {
			probs = append(probs, Problem{File: file, Msg: fmt.Sprintf(
				"no lesson with id %q for this quiz; a quiz file is named after the id of a lesson in content/ (lessons here: %s)",
				lessonID, lessonIDs(cat))})
		}
		for _, q := range qs {
			if prev, dup := firstQuestion[q.ID]; dup {
				probs = append(probs, Problem{File: file, Line: q.line,
					Msg: fmt.Sprintf("%s.id: question id %q is already used at %s:%d; question ids are unique across all quizzes", q.path, q.ID, prev.file, prev.line)})
				continue
			}
			firstQuestion[q.ID] = seen{file, q.line}
			if l != nil {
				l.Questions = append(l.Questions, q)
			} else {
				cat.orphans = append(cat.orphans, q)
			}
		}
	}
	return cat, probs
}

type stray struct{ path, msg string }

// listFiles finds lesson and quiz files; other files in content/ and quiz/
// are reported, hidden files skipped.
func listFiles(fsys fs.FS) (lessons, quizzes []string, strays []stray) {
	scan := func(dir, ext, what string) []string {
		entries, err := fs.ReadDir(fsys, dir)
		if err != nil {
			return nil
		}
		var out []string
		for _, e := range entries {
			n := e.Name()
			if strings.HasPrefix(n, ".") || e.IsDir() {
				continue
			}
			p := dir + "/" + n
			if strings.HasSuffix(n, ext) {
				out = append(out, p)
			} else {
				strays = append(strays, stray{p, fmt.Sprintf("ignored: %s files in %s/ end in %s", what, dir, ext)})
			}
		}
		return out
	}
	lessons = scan("content", ".md", "lesson")
	quizzes = scan("quiz", ".yaml", "quiz")
	return
}

func lessonIDs(cat *Catalog) string {
	if len(cat.Lessons) == 0 {
		return "none"
	}
	ids := make([]string, len(cat.Lessons))
	for i, l := range cat.Lessons {
		ids[i] = l.ID
	}
	return strings.Join(ids, ", ")
}

// splitFrontMatter returns the YAML between the first two "---" lines, the
// file line the YAML starts on, the Markdown after it and the line the
// Markdown starts on.
func splitFrontMatter(text string) (front string, frontLine int, body string, bodyLine int, err error) {
	lines := strings.SplitAfter(text, "\n")
	if len(lines) == 0 || strings.TrimRight(lines[0], " \t\r\n") != "---" {
		return "", 0, "", 0, fmt.Errorf("a lesson file must start with a \"---\" line, then the YAML front matter, then another \"---\" line")
	}
	for i := 1; i < len(lines); i++ {
		if strings.TrimRight(lines[i], " \t\r\n") == "---" {
			front = strings.Join(lines[1:i], "")
			body = strings.Join(lines[i+1:], "")
			return front, 2, body, i + 2, nil
		}
	}
	return "", 0, "", 0, fmt.Errorf("the front matter has no closing \"---\" line; end the YAML with a line holding only ---")
}

var lessonKeys = []string{"id", "order", "title", "goal", "presets", "tasks"}

// parseLesson reads one lesson file. It returns nil when the file cannot
// give a lesson with an id; idLine is the line of the id for messages.
func parseLesson(data []byte, file string) (l *Lesson, idLine int, brokenPresets []string, probs []Problem) {
	r := &reader{file: file}
	text := normalize(data)
	r.longLines(text)
	front, frontLine, body, bodyLine, err := splitFrontMatter(text)
	if err != nil {
		r.at(1, err.Error())
		return nil, 0, nil, r.problems()
	}
	r.Offset = frontLine - 1

	doc, serr := strictyaml.Parse([]byte(front))
	if serr != nil {
		line := 1
		if serr.Line > 0 {
			line = serr.Line + r.Offset
		}
		r.at(line, "front matter is not valid YAML: "+serr.Msg)
		return nil, 0, nil, r.problems()
	}
	root := strictyaml.Deref(doc)
	if root == nil {
		r.at(1, "the front matter is empty; it needs id, order, title, goal and presets (tasks are optional)")
		return nil, 0, nil, r.problems()
	}
	m, ok := r.fields(root, "", "a lesson's front matter", lessonKeys...)
	if !ok {
		return nil, 0, nil, r.problems()
	}

	l = &Lesson{File: file}
	l.ID = r.str(m, "id", "", true)
	r.checkID(m, "id", "", l.ID)
	if order, ok := r.integer(m, "order", "", true); ok {
		if order < 0 {
			r.errf(m.vals["order"], "order", "must be 0 or more, got %d", order)
		}
		l.Order = order
	}
	l.Title = r.str(m, "title", "", true)
	l.Goal = r.str(m, "goal", "", true)

	presetNodes := r.list(m, "presets", "", true)
	for i, pn := range presetNodes {
		p, ok := r.preset(pn, strictyaml.Index("presets", i))
		if !ok {
			if p.ID != "" {
				brokenPresets = append(brokenPresets, p.ID)
			}
			continue
		}
		if l.Preset(p.ID) != nil {
			r.errf(pn, strictyaml.Index("presets", i)+".id", "preset id %q is already used in this lesson; give each preset its own id", p.ID)
			continue
		}
		l.Presets = append(l.Presets, p)
	}

	for i, tn := range r.list(m, "tasks", "", false) {
		path := strictyaml.Index("tasks", i)
		tm, ok := r.fields(tn, path, "a task", "knob", "text")
		if !ok {
			continue
		}
		t := Task{Knob: r.str(tm, "knob", path, true), Text: r.str(tm, "text", path, true)}
		if t.Knob != "" && len(l.Presets) > 0 {
			if err := knobAccepted(l.Presets[0].Spec, t.Knob); err != nil {
				r.errf(tm.vals["knob"], path+".knob", "%q is not a knob of preset %q: %v", t.Knob, l.Presets[0].ID, err)
			}
		}
		l.Tasks = append(l.Tasks, t)
	}

	for i, ln := range strings.Split(body, "\n") {
		safetext.Each(ln, func(_ int, c rune) { r.at(bodyLine+i, unsafeMsg(c)) })
	}
	pages, ps := splitPages(safetext.Clean(body), bodyLine, file)
	probs = append(r.problems(), ps...)
	l.Pages = pages

	if l.ID == "" || !idPattern.MatchString(l.ID) {
		return nil, 0, nil, probs
	}
	return l, r.Line(m.vals["id"]), brokenPresets, probs
}

// idFromFileName guesses a lesson id from a file named NN-id.md.
func idFromFileName(p string) string {
	base := strings.TrimSuffix(path.Base(p), ".md")
	trimmed := strings.TrimLeft(base, "0123456789")
	if trimmed != base {
		trimmed = strings.TrimPrefix(trimmed, "-")
	}
	return trimmed
}

func (c *Catalog) markBroken(ref string) {
	if ref == "" {
		return
	}
	if c.broken == nil {
		c.broken = map[string]bool{}
	}
	c.broken[ref] = true
}

var presetKeys = []string{"id", "title", "spec", "vary", "view"}

// preset reads one preset; ok is false when it has no usable id or spec.
func (r *reader) preset(n *yaml.Node, path string) (Preset, bool) {
	m, ok := r.fields(n, path, "a preset", presetKeys...)
	if !ok {
		return Preset{}, false
	}
	p := Preset{line: r.Line(m.node)}
	p.ID = r.str(m, "id", path, true)
	idOK := r.checkID(m, "id", path, p.ID)
	p.Title = r.str(m, "title", path, true)

	specNode := m.vals["spec"]
	if strictyaml.IsNull(specNode) {
		r.missing(m, "spec", path)
	} else {
		p.Spec = r.spec(specNode, path+".spec")
	}

	if m.has("view") {
		before := len(r.Problems)
		p.View = r.str(m, "view", path, false)
		switch {
		case len(r.Problems) > before: // not text: already reported
		case p.View == "":
			r.errf(m.vals["view"], path+".view", "is empty; allowed: %s (or leave view out for the live run)", strings.Join(Views, ", "))
		case !slices.Contains(Views, p.View):
			r.errf(m.vals["view"], path+".view", "%q is not a view; allowed: %s (or leave view out for the live run)", p.View, strings.Join(Views, ", "))
			p.View = ""
		case m.has("vary"):
			r.errf(m.vals["view"], path+".view", "a preset with vary is a comparison of several runs; view: %s shows one network, so give it a preset of its own", p.View)
		case p.View == ViewLRFind && p.Spec != nil && p.Spec.Function != nil:
			r.errf(m.vals["view"], path+".view", "view: lrfind trains a network over a range of rates; a test function has none")
		}
	}

	if p.Spec != nil && p.Spec.SeedCount() > 1 && strictyaml.IsNull(m.vals["vary"]) {
		r.errf(specNode, path+".spec.seeds", "%d seeds: a preset without vary trains one network; give it vary to compare configurations over seeds, or leave seeds out", p.Spec.Seeds)
	}
	if vn := m.vals["vary"]; !strictyaml.IsNull(vn) {
		vpath := path + ".vary"
		vm, ok := r.fields(vn, vpath, "a vary", "field", "values", "labels")
		if ok {
			v := &Vary{Field: r.str(vm, "field", vpath, true)}
			valNodes := r.list(vm, "values", vpath, true)
			for i, valNode := range valNodes {
				rv, ipath := strictyaml.Deref(valNode), strictyaml.Index(vpath+".values", i)
				if rv == nil || rv.Kind != yaml.ScalarNode || rv.Tag == "!!null" {
					r.errf(valNode, ipath, "must be a single value, got %s", strictyaml.Describe(rv))
					continue
				}
				val := r.text(valNode, ipath, rv.Value)
				if i == spec.MaxVariants {
					r.errf(valNode, ipath, "a comparison has at most %d values (one run each, all training at once)", spec.MaxVariants)
				}
				if i >= spec.MaxVariants {
					continue
				}
				if slices.Contains(v.Values, val) {
					r.errf(valNode, ipath, "value %q is listed twice; each run needs a different value", val)
					continue
				}
				if v.Field != "" && p.Spec != nil {
					if err := variedValid(p.Spec, v.Field, val); err != nil {
						r.errf(valNode, ipath, "%s", err)
						continue
					}
				}
				v.Values = append(v.Values, val)
			}
			r.varyLabels(vm, vpath, v, len(valNodes))
			p.Vary = v
		}
	}
	return p, idOK && p.Spec != nil
}

// varyLabels reads a vary's labels: none, or one text per value (of the
// given number), each different.
func (r *reader) varyLabels(vm mapping, vpath string, v *Vary, values int) {
	nodes := r.list(vm, "labels", vpath, false)
	for i, n := range nodes {
		rn, ipath := strictyaml.Deref(n), strictyaml.Index(vpath+".labels", i)
		if rn == nil || rn.Kind != yaml.ScalarNode || rn.Tag == "!!null" || strings.TrimSpace(rn.Value) == "" {
			r.errf(n, ipath, "must be a name for the run, got %s", strictyaml.Describe(rn))
			return
		}
		l := r.text(n, ipath, strings.TrimSpace(rn.Value))
		if slices.Contains(v.Labels, l) {
			r.errf(n, ipath, "label %q is given twice; each run needs its own", l)
			return
		}
		v.Labels = append(v.Labels, l)
	}
	switch {
	case len(nodes) > 0 && len(v.Labels) != values:
		r.errf(vm.vals["labels"], vpath+".labels", "has %d labels for %d values; give one per value, in the same order", len(v.Labels), values)
		v.Labels = nil
	case len(v.Labels) != len(v.Values):
		v.Labels = nil // a value was refused (and reported): the labels no longer line up
	}
}

var quizKeys = []string{"questions"}
var questionKeys = []string{"id", "kind", "text", "choices", "explain", "show", "compute", "tolerance"}
var choiceKeys = []string{"text", "correct", "why"}
var computeKeys = []string{"preset", "value", "quantity", "layer", "row", "col", "sample", "steps"}
var kinds = []string{KindSingle, KindMulti, KindNumeric}

// parseQuiz reads one quiz file. Questions without a valid id are left out.
func parseQuiz(data []byte, file, lessonID string) ([]*Question, []Problem) {
	r := &reader{file: file}
	text := normalize(data)
	r.longLines(text)
	doc, serr := strictyaml.Parse([]byte(text))
	if serr != nil {
		r.at(max(serr.Line, 1), "not valid YAML: "+serr.Msg)
		return nil, r.problems()
	}
	root := strictyaml.Deref(doc)
	if root == nil {
		r.at(1, "the quiz file is empty; it needs a list of questions under \"questions:\"")
		return nil, r.problems()
	}
	m, ok := r.fields(root, "", "a quiz file", quizKeys...)
	if !ok {
		return nil, r.problems()
	}
	var qs []*Question
	for i, qn := range r.list(m, "questions", "", true) {
		if q := r.question(qn, strictyaml.Index("questions", i), lessonID); q != nil {
			qs = append(qs, q)
		}
	}
	return qs, r.problems()
}

// question reads one question and checks what can be checked within the
// file; references to presets are checked by checkRefs.
func (r *reader) question(n *yaml.Node, path, lessonID string) *Question {
	m, ok := r.fields(n, path, "a question", questionKeys...)
	if !ok {
		return nil
	}
	q := &Question{Lesson: lessonID, file: r.file, path: path, line: r.Line(m.node)}
	q.ID = r.str(m, "id", path, true)
	idOK := r.checkID(m, "id", path, q.ID)
	q.Kind = r.str(m, "kind", path, true)
	if q.Kind != "" && !slices.Contains(kinds, q.Kind) {
		r.errf(m.vals["kind"], path+".kind", "%q is not a question kind; allowed: %s", q.Kind, strings.Join(kinds, ", "))
	}
	q.Text = r.str(m, "text", path, true)
	q.Explain = r.str(m, "explain", path, true)
	q.Show = r.str(m, "show", path, true)
	q.showLine = r.Line(m.vals["show"])
	if q.Show != "" {
		if _, _, ok := splitRef(q.Show); !ok {
			r.errf(m.vals["show"], path+".show", "%q must name a preset as lesson-id/preset-id, e.g. init/seven", q.Show)
		}
	}

	switch q.Kind {
	case KindSingle, KindMulti:
		q.Choices = r.choices(m, path, q.Kind)
		if m.has("compute") {
			r.errf(m.keys["compute"], path+".compute", "only numeric questions have compute; a %s question has choices", q.Kind)
		}
		if m.has("tolerance") {
			r.errf(m.keys["tolerance"], path+".tolerance", "only numeric questions have a tolerance")
		}
	case KindNumeric:
		if m.has("choices") {
			r.errf(m.keys["choices"], path+".choices", "a numeric question has no choices; its answer is computed (see compute)")
		}
		q.Compute = r.compute(m, path)
		if cm := child(m.vals["compute"], "preset"); cm != nil {
			q.presetLine = r.Line(cm)
		}
		if tol, ok := r.float(m, "tolerance", path, true); ok {
			if tol <= 0 {
				r.errf(m.vals["tolerance"], path+".tolerance", "must be more than 0, got %g", tol)
			}
			q.Tolerance = tol
		}
	}
	if !idOK {
		return nil
	}
	return q
}

func (r *reader) choices(m mapping, path, kind string) []Choice {
	var cs []Choice
	var correct []string
	nodes := r.list(m, "choices", path, true)
	for i, cn := range nodes {
		cpath := strictyaml.Index(path+".choices", i)
		cm, ok := r.fields(cn, cpath, "a choice", choiceKeys...)
		if !ok {
			continue
		}
		c := Choice{
			Text:    r.str(cm, "text", cpath, true),
			Correct: r.boolean(cm, "correct", cpath),
			Why:     r.str(cm, "why", cpath, true),
		}
		if j := slices.IndexFunc(cs, func(o Choice) bool { return o.Text == c.Text }); j >= 0 && c.Text != "" {
			r.errf(cm.vals["text"], cpath+".text", "is the same as the text of choices[%d]; each choice needs its own text", j)
		}
		if c.Correct {
			correct = append(correct, fmt.Sprintf("choices[%d]", i))
		}
		cs = append(cs, c)
	}
	if len(nodes) == 0 {
		return cs
	}
	cn := m.vals["choices"]
	switch {
	case len(nodes) < 2:
		r.errf(cn, path+".choices", "give at least two choices, got %d", len(nodes))
	case kind == KindSingle && len(correct) != 1:
		if len(correct) == 0 {
			r.errf(cn, path+".choices", "a single-choice question needs exactly one choice with correct: true, got none")
		} else {
			r.errf(cn, path+".choices", "a single-choice question needs exactly one choice with correct: true, got %d (%s); use kind: multi for several", len(correct), strings.Join(correct, ", "))
		}
	case kind == KindMulti && len(correct) == 0:
		r.errf(cn, path+".choices", "a multi-choice question needs at least one choice with correct: true, got none")
	}
	return cs
}

func (r *reader) compute(m mapping, path string) *Compute {
	n := m.vals["compute"]
	if strictyaml.IsNull(n) {
		r.missing(m, "compute", path)
		return nil
	}
	cpath := path + ".compute"
	cm, ok := r.fields(n, cpath, "a compute", computeKeys...)
	if !ok {
		return nil
	}
	c := &Compute{}
	c.Preset = r.str(cm, "preset", cpath, true)
	if c.Preset != "" {
		if _, _, ok := splitRef(c.Preset); !ok {
			r.errf(cm.vals["preset"], cpath+".preset", "%q must name a preset as lesson-id/preset-id, e.g. backprop/worked", c.Preset)
		}
	}
	c.Value = r.str(cm, "value", cpath, false)
	c.Quantity = r.str(cm, "quantity", cpath, true)
	if c.Quantity != "" && !slices.Contains(Quantities, c.Quantity) {
		r.errf(cm.vals["quantity"], cpath+".quantity", "%q is not a quantity; allowed: %s", c.Quantity, strings.Join(Quantities, ", "))
	}
	nonNeg := func(key string) int {
		v, ok := r.integer(cm, key, cpath, false)
		if ok && v < 0 {
			r.errf(cm.vals[key], cpath+"."+key, "must be 0 or more (indexes start at 0), got %d", v)
		}
		return v
	}
	c.Layer = nonNeg("layer")
	c.Row = nonNeg("row")
	c.Col = nonNeg("col")
	c.Sample = nonNeg("sample")
	c.Steps = nonNeg("steps")
	if (c.Quantity == "w_after" || c.Quantity == "b_after") && c.Steps < 1 && cm.vals["steps"] == nil {
		r.errf(cm.node, cpath+".steps", "missing; %s needs the number of training steps, at least 1", c.Quantity)
	} else if (c.Quantity == "w_after" || c.Quantity == "b_after") && c.Steps < 1 {
		r.errf(cm.vals["steps"], cpath+".steps", "must be at least 1 for %s, got %d", c.Quantity, c.Steps)
	}
	return c
}

// splitRef splits "lesson/preset".
func splitRef(ref string) (lesson, preset string, ok bool) {
	lesson, preset, ok = strings.Cut(ref, "/")
	if !ok || !idPattern.MatchString(lesson) || !idPattern.MatchString(preset) {
		return "", "", false
	}
	return lesson, preset, true
}

// normalize drops a byte-order mark and turns CRLF line ends into LF.
func normalize(data []byte) string {
	s := strings.TrimPrefix(string(data), "\ufeff")
	return strings.ReplaceAll(s, "\r\n", "\n")
}

// splitPages cuts the Markdown body at "## " headings (outside fenced code
// blocks). startLine is the file line of the body's first line.
func splitPages(body string, startLine int, file string) ([]Page, []Problem) {
	var pages []Page
	var probs []Problem
	lines := strings.Split(body, "\n")
	var cur *Page
	var curLine, fenceLine int
	var buf []string
	fence := ""
	flush := func() {
		if cur == nil {
			return
		}
		cur.Body = strings.Trim(strings.Join(buf, "\n"), "\n")
		if strings.TrimSpace(cur.Body) == "" {
			probs = append(probs, Problem{File: file, Line: curLine, Msg: fmt.Sprintf("page %q has no text below its heading", cur.Title)})
		}
		pages = append(pages, *cur)
	}
	for i, ln := range lines {
		trimmed := strings.TrimSpace(ln)
		if fence != "" {
			if strings.HasPrefix(trimmed, fence) {
				fence = ""
			}
		} else if strings.HasPrefix(trimmed, "```") || strings.HasPrefix(trimmed, "~~~") {
			fence, fenceLine = trimmed[:3], startLine+i
		} else if strings.HasPrefix(ln, "## ") || ln == "##" {
			flush()
			title := strings.TrimSpace(strings.TrimRight(strings.TrimSpace(strings.TrimPrefix(ln, "##")), "#"))
			cur = &Page{Title: title}
			curLine = startLine + i
			buf = buf[:0]
			if title == "" {
				probs = append(probs, Problem{File: file, Line: curLine, Msg: "a page heading needs a title after \"## \""})
			}
			continue
		}
		if cur == nil {
			if trimmed != "" {
				probs = append(probs, Problem{File: file, Line: startLine + i,
					Msg: "text before the first \"## \" heading belongs to no page; start the lesson text with a \"## Page title\" line"})
				return pagesAfterStray(lines[i:], startLine+i, file, probs)
			}
			continue
		}
		buf = append(buf, ln)
	}
	flush()
	if fence != "" {
		probs = append(probs, Problem{File: file, Line: fenceLine, Msg: fmt.Sprintf("the code block opened here with %s is never closed; end it with a line holding %s", fence, fence)})
	}
	if len(pages) == 0 {
		probs = append(probs, Problem{File: file, Line: startLine, Msg: "the lesson has no pages; write its text below the front matter, each page starting with a \"## Page title\" line"})
	}
	return pages, probs
}

// pagesAfterStray continues splitting after stray text before the first
// heading has been reported: it skips to the first heading.
func pagesAfterStray(lines []string, startLine int, file string, probs []Problem) ([]Page, []Problem) {
	fence := ""
	for i, ln := range lines {
		trimmed := strings.TrimSpace(ln)
		if fence != "" {
			if strings.HasPrefix(trimmed, fence) {
				fence = ""
			}
			continue
		}
		if strings.HasPrefix(trimmed, "```") || strings.HasPrefix(trimmed, "~~~") {
			fence = trimmed[:3]
			continue
		}
		if strings.HasPrefix(ln, "## ") || ln == "##" {
			pages, more := splitPages(strings.Join(lines[i:], "\n"), startLine+i, file)
			return pages, append(probs, more...)
		}
	}
	return nil, append(probs, Problem{File: file, Line: startLine, Msg: "the lesson has no pages; each page starts with a \"## Page title\" line"})
}
