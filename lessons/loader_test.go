package lessons

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/nnlab/nnlab/lab/spec"
)

// fixture returns the path of a folder under testdata, in the form
// problems use.
func fixture(name string) string { return filepath.Join("testdata", name) }

// problemStrings formats problems as "file:line: msg" with forward slashes,
// so that expectations read the same on every system.
func problemStrings(probs []Problem) []string {
	out := make([]string, len(probs))
	for i, p := range probs {
		out[i] = filepath.ToSlash(p.String())
	}
	return out
}

func sameLines(t *testing.T, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\ngot:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

// withEmbeddedRefs makes LoadDir resolve references against cat instead of
// the embedded lessons, for the length of a test.
func withEmbeddedRefs(t *testing.T, cat *Catalog) {
	t.Helper()
	old := embeddedForRefs
	embeddedForRefs = func() (*Catalog, error) {
		c := &Catalog{Lessons: append([]*Lesson(nil), cat.Lessons...)}
		return c, nil
	}
	t.Cleanup(func() { embeddedForRefs = old })
}

func loadGood(t *testing.T) *Catalog {
	t.Helper()
	cat, probs := Load(os.DirFS(fixture("good")), fixture("good"))
	if len(probs) > 0 {
		t.Fatalf("good fixture has problems:\n%s", strings.Join(problemStrings(probs), "\n"))
	}
	return cat
}

func TestLoadGoodLesson(t *testing.T) {
	cat := loadGood(t)
	if len(cat.Lessons) != 2 || cat.Lessons[0].ID != "basics" || cat.Lessons[1].ID != "worked" {
		t.Fatalf("lessons = %v, want basics, worked in order", lessonIDs(cat))
	}
	l := cat.Lesson("basics")
	if l.Order != 1 || l.Title != "Basics" || l.Goal != "See a tiny network learn a circle." {
		t.Errorf("lesson fields = %d %q %q", l.Order, l.Title, l.Goal)
	}
	if got := filepath.ToSlash(l.File); got != "testdata/good/content/01-basics.md" {
		t.Errorf("File = %q", got)
	}
	if len(l.Presets) != 1 || l.Presets[0].ID != "tiny" || l.Presets[0].Spec == nil {
		t.Fatalf("presets = %+v", l.Presets)
	}
	p := l.Presets[0]
	if p.Spec.Seed != 1 || p.Spec.Data.Set != "circle" || len(p.Spec.Model.Layers) != 2 || p.Spec.Model.Layers[0].Units != 4 {
		t.Errorf("spec not decoded as written: %+v", p.Spec)
	}
	if p.Spec.Model.Init != "" {
		t.Errorf("spec has defaults filled in (init %q); it should be as written", p.Spec.Model.Init)
	}
	if p.Vary == nil || p.Vary.Field != "init" || strings.Join(p.Vary.Values, ",") != "xavier,he_normal" {
		t.Errorf("vary = %+v", p.Vary)
	}
	if len(l.Tasks) != 2 || l.Tasks[0].Knob != "lr" || l.Tasks[1].Knob != "model.layers[0].units" || l.Tasks[0].Text == "" {
		t.Errorf("tasks = %+v", l.Tasks)
	}
	if len(l.Pages) != 2 {
		t.Fatalf("pages = %+v, want 2", l.Pages)
	}
	if l.Pages[0].Title != "First page" || l.Pages[0].Body != "Some text about `σ(z) = 1/(1+e^(−z))`." {
		t.Errorf("page 0 = %+v", l.Pages[0])
	}
	if l.Pages[1].Title != "Second page" || !strings.Contains(l.Pages[1].Body, "## not a heading, inside a code block") {
		t.Errorf("page 1 = %+v (a heading inside a code block must not split)", l.Pages[1])
	}

	if got := len(l.Questions); got != 2 {
		t.Fatalf("basics has %d questions, want 2", got)
	}
	q := cat.Question("basics-1")
	if q == nil || q.Kind != KindSingle || q.Lesson != "basics" || len(q.Choices) != 3 || !q.Choices[0].Correct || q.Choices[1].Correct {
		t.Fatalf("basics-1 = %+v", q)
	}
	if q.Choices[0].Text != "1" || q.Choices[0].Why != "It is a probability distribution." || q.Show != "basics/tiny" || q.Explain == "" {
		t.Errorf("basics-1 fields = %+v", q)
	}
	n := cat.Question("worked-2")
	want := Compute{Preset: "worked/one", Quantity: "w_after", Layer: 1, Row: 0, Col: 1, Steps: 1}
	if n == nil || n.Compute == nil || *n.Compute != want || n.Tolerance != 0.01 {
		t.Fatalf("worked-2 = %+v", n)
	}
	if cat.Preset("worked/one") == nil || cat.Preset("worked/none") != nil || cat.Preset("worked") != nil {
		t.Errorf("Preset lookups wrong")
	}
	if cat.Lesson("nope") != nil || cat.Question("nope") != nil {
		t.Errorf("lookups of missing ids must give nil")
	}
}

func TestLoadBrokenFixtures(t *testing.T) {
	tests := []struct {
		dir  string
		want []string
	}{
		{"badyaml", []string{
			"testdata/badyaml/content/01-broken.md:4: front matter is not valid YAML: did not find expected ',' or ']'",
		}},
		{"unknownkey", []string{
			`testdata/unknownkey/content/01-typo.md:6: unknown key "summary" (known: id, order, title, goal, presets, tasks)`,
			`testdata/unknownkey/content/01-typo.md:19: presets[0].vary: unknown key "value" (known: field, values, labels)`,
		}},
		{"dupids", []string{
			`testdata/dupids/content/02-same.md:2: id: lesson id "same" is already used by testdata/dupids/content/01-same.md; every lesson needs its own id`,
			`testdata/dupids/quiz/same.yaml:2: questions[0].id: question id "q-1" is already used at testdata/dupids/quiz/other.yaml:10; question ids are unique across all quizzes`,
		}},
		{"twocorrect", []string{
			"testdata/twocorrect/quiz/two.yaml:6: questions[0].choices: a single-choice question needs exactly one choice with correct: true, got 2 (choices[0], choices[1]); use kind: multi for several",
		}},
		{"missingshow", []string{
			`testdata/missingshow/quiz/ghost.yaml: no lesson with id "ghost" for this quiz; a quiz file is named after the id of a lesson in content/ (lessons here: shown)`,
			`testdata/missingshow/quiz/ghost.yaml:5: questions[0].compute.quantity: "gradient" is not a quantity; allowed: loss, output, grad_w, grad_b, w_after, b_after, params, init_gain, loss_class, rate, lambda_max, layer_params, out_c, out_h, out_w, receptive_field`,
			`testdata/missingshow/quiz/ghost.yaml:6: questions[0].tolerance: must be more than 0, got 0`,
			`testdata/missingshow/quiz/ghost.yaml:8: questions[0].show: no lesson "nowhere" for "nowhere/p"; lessons: shown`,
			`testdata/missingshow/quiz/shown.yaml:9: questions[0].show: lesson "shown" has no preset "nope"; its presets: p`,
		}},
		{"badspec", []string{
			"testdata/badspec/content/06-init.md:14: presets[0].spec: model.layers[0].units: must be at least 1, got 0",
		}},
	}
	for _, tc := range tests {
		t.Run(tc.dir, func(t *testing.T) {
			_, probs := Load(os.DirFS(fixture(tc.dir)), fixture(tc.dir))
			sameLines(t, problemStrings(probs), tc.want)
			// Check (the `nnlab lessons check DIR` entry) reports the same,
			// here with nothing to resolve against but the folder itself.
			withEmbeddedRefs(t, &Catalog{})
			sameLines(t, problemStrings(Check(fixture(tc.dir))), tc.want)
		})
	}
}

func TestCheckGoodFolder(t *testing.T) {
	withEmbeddedRefs(t, &Catalog{})
	if probs := Check(fixture("good")); len(probs) != 0 {
		t.Errorf("Check(good) = %v, want none", problemStrings(probs))
	}
}

func TestCheckMissingFolder(t *testing.T) {
	probs := Check(fixture("does-not-exist"))
	if len(probs) != 1 || !strings.Contains(probs[0].Msg, "cannot read the lessons folder") {
		t.Errorf("problems = %v", problemStrings(probs))
	}
	empty := t.TempDir()
	probs = Check(empty)
	if len(probs) != 1 || !strings.Contains(probs[0].Msg, "no lessons found") {
		t.Errorf("empty folder: problems = %v", problemStrings(probs))
	}
}

func TestMergeOverride(t *testing.T) {
	base := loadGood(t)
	withEmbeddedRefs(t, loadGood(t))
	// The override's quiz shows worked/one, a lesson only the base has:
	// resolved against the lessons it is merged over, it is fine.
	over, probs := LoadDir(fixture("override"))
	if len(probs) != 0 {
		t.Fatalf("override problems: %v", problemStrings(probs))
	}
	base.Merge(over)

	if got := lessonIDs(base); got != "basics, worked, extra" {
		t.Errorf("merged lessons = %s", got)
	}
	l := base.Lesson("basics")
	if l.Title != "Basics, revised" || filepath.ToSlash(l.File) != "testdata/override/content/01-basics.md" {
		t.Errorf("basics not replaced: %q from %s", l.Title, l.File)
	}
	if len(l.Questions) != 1 || l.Questions[0].ID != "basics-new" {
		t.Errorf("basics quiz not replaced: %d questions", len(l.Questions))
	}
	if base.Question("basics-1") != nil {
		t.Errorf("the replaced lesson's old questions are still found")
	}
	if base.Preset("basics/tiny").Spec.Data.Set != "moons" {
		t.Errorf("preset basics/tiny not replaced")
	}
	if base.Question("worked-1") == nil {
		t.Errorf("questions of lessons that were not replaced are lost")
	}

	// Without the base lessons, the same folder's reference is missing.
	withEmbeddedRefs(t, &Catalog{})
	sameLines(t, problemStrings(Check(fixture("override"))), []string{
		`testdata/override/quiz/basics.yaml:9: questions[0].show: no lesson "worked" for "worked/one"; lessons: basics, extra`,
	})
}

func TestMergeRelinksNumericPresets(t *testing.T) {
	base := loadGood(t)
	// A question of basics computes on worked/one; then worked is replaced.
	q := &Question{ID: "x", Kind: KindNumeric, Compute: &Compute{Preset: "worked/one", Quantity: "loss"}, Tolerance: 1}
	base.Lesson("basics").Questions = append(base.Lesson("basics").Questions, q)
	replaced := base.Preset("worked/one").Spec.Clone()
	replaced.Seed = 99
	base.Merge(&Catalog{Lessons: []*Lesson{{ID: "worked", Order: 2, Presets: []Preset{{ID: "one", Spec: replaced}}}}})
	if base.Question("worked-1") != nil {
		t.Errorf("the replaced lesson's question is still found")
	}
	var seed uint64
	ev := func(s *spec.Spec, c Compute) (float64, error) { seed = s.Seed; return 0, nil }
	if _, err := q.Answer(ev); err != nil {
		t.Fatal(err)
	}
	if seed != 99 {
		t.Errorf("compute ran on seed %d, want the new preset's 99", seed)
	}
}

func TestEmbeddedCatalog(t *testing.T) {
	cat, probs := Load(embedded, embeddedOrigin)
	for _, p := range probs {
		t.Errorf("%s", p)
	}
	if len(cat.Lessons) == 0 {
		t.Fatal("no embedded lessons")
	}
	for _, l := range cat.Lessons {
		if len(l.Pages) == 0 || len(l.Presets) == 0 {
			t.Errorf("lesson %s: %d pages, %d presets", l.ID, len(l.Pages), len(l.Presets))
		}
	}
	if _, err := Embedded(); err != nil && len(probs) == 0 {
		t.Errorf("Embedded() = %v though Load found no problems", err)
	}
}

// TestBrokenInputNeverPanics feeds every prefix of the fixture files (and
// some garbage) to the parsers: they must report, never panic.
func TestBrokenInputNeverPanics(t *testing.T) {
	var files []string
	for _, g := range []string{"testdata/*/content/*.md", "testdata/*/quiz/*.yaml"} {
		m, _ := filepath.Glob(g)
		files = append(files, m...)
	}
	if len(files) == 0 {
		t.Fatal("no fixture files found")
	}
	garbage := []string{"", "---", "---\n---\n", "---\n- a\n---\n", "---\n: :\n---\n", "---\nid: [\n", "\x00\xff",
		"---\nid: x\npresets: [{spec: *a}]\n---\n", "---\nid: &a x\norder: *a\n---\n", "questions: [{choices: [1, 2]}]",
		"questions:\n  - {kind: numeric, compute: 5, tolerance: x}\n", "questions: {}", "---\npresets:\n  - spec: {model: {layers: [{units: -1}]}}\n---\n"}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i <= len(data); i += 7 {
			garbage = append(garbage, string(data[:i]))
		}
	}
	for _, g := range garbage {
		fsys := fstest.MapFS{
			"content/01-x.md": {Data: []byte(g)},
			"quiz/x.yaml":     {Data: []byte(g)},
		}
		func() {
			defer func() {
				if p := recover(); p != nil {
					t.Fatalf("panic on %q: %v", g, p)
				}
			}()
			Load(fsys, "x")
		}()
	}
}

func TestPagesNeedHeadings(t *testing.T) {
	fsys := fstest.MapFS{"content/01-a.md": {Data: []byte(
		"---\nid: a\norder: 1\ntitle: A\ngoal: G\npresets:\n  - id: p\n    title: P\n    spec: {data: {set: circle}, model: {layers: [{units: 2, activation: softmax}]}}\n---\nIntro text.\n\n## Page\n\nBody.\n\n## Empty\n\n")}}
	cat, probs := Load(fsys, "x")
	sameLines(t, problemStrings(probs), []string{
		`x/content/01-a.md:11: text before the first "## " heading belongs to no page; start the lesson text with a "## Page title" line`,
		`x/content/01-a.md:17: page "Empty" has no text below its heading`,
	})
	if l := cat.Lesson("a"); l == nil || len(l.Pages) != 2 || l.Pages[0].Body != "Body." {
		t.Errorf("pages = %+v", l)
	}
}

func TestRequiredFieldsAndSyntax(t *testing.T) {
	fsys := fstest.MapFS{
		"content/01-a.md": {Data: []byte("---\nid: Bad_Id\norder: six\ngoal: G\npresets:\n  - id: p\n    spec: {data: {set: circle}, model: {layers: [{units: 2, activation: softmax}]}}\n    vary: {field: init, values: [xavier, nonsense]}\ntasks:\n  - knob: no.such.knob\n    text: T\n---\n## P\n\nText.\n")},
		"content/02-b.md": {Data: []byte("---\nid: b\norder: 2\ntitle: B\ngoal: G\npresets:\n  - id: p\n    title: P\n    spec: {data: {set: circle}, model: {layers: [{units: 2, activation: softmax}]}}\n---\n## P\n\nText.\n")},
		"quiz/b.yaml": {Data: []byte(`questions:
  - id: b-1
    kind: multiple
    text: T
    explain: E
    show: b/p
  - id: b-2
    kind: multi
    text: T
    choices:
      - {text: A, why: W, correct: "yes"}
      - {text: B}
    explain: E
    show: b/p
  - id: b-3
    kind: numeric
    text: T
    choices: [{text: A, why: W}]
    compute: {preset: b/zz, quantity: loss}
    tolerance: 0.1
    show: b
`)},
	}
	_, probs := Load(fsys, "x")
	got := problemStrings(probs)
	want := []string{
		`x/content/01-a.md:2: id: "Bad_Id" is not a valid id; use lower-case letters, digits and '-', starting with a letter or digit`,
		`x/content/01-a.md:2: title: missing; it is required`,
		`x/content/01-a.md:3: order: "six" is not a whole number`,
		`x/content/01-a.md:6: presets[0].title: missing; it is required`,
		`x/content/01-a.md:8: presets[0].vary.values[1]: cannot vary init to "nonsense": `,
		`x/content/01-a.md:10: tasks[0].knob: "no.such.knob" is not a knob of preset "p": `,
		`x/quiz/b.yaml:3: questions[0].kind: "multiple" is not a question kind; allowed: single, multi, numeric`,
		`x/quiz/b.yaml:11: questions[1].choices[0].correct: "yes" is text in quotes, not true or false; remove the quotes`,
		`x/quiz/b.yaml:11: questions[1].choices: a multi-choice question needs at least one choice with correct: true, got none`,
		`x/quiz/b.yaml:12: questions[1].choices[1].why: missing; it is required`,
		`x/quiz/b.yaml:15: questions[2].explain: missing; it is required`,
		`x/quiz/b.yaml:18: questions[2].choices: a numeric question has no choices; its answer is computed (see compute)`,
		`x/quiz/b.yaml:19: questions[2].compute.preset: lesson "b" has no preset "zz"; its presets: p`,
		`x/quiz/b.yaml:21: questions[2].show: "b" must name a preset as lesson-id/preset-id, e.g. init/seven`,
	}
	// The messages from lab (after the last ": ") are lab's to word; only
	// the prefix is checked for them.
	for _, g := range got {
		t.Log(g)
	}
	if len(got) != len(want) {
		t.Fatalf("got %d problems, want %d:\n%s", len(got), len(want), strings.Join(got, "\n"))
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) || (!strings.HasSuffix(want[i], ": ") && got[i] != want[i]) {
			t.Errorf("problem %d:\ngot  %s\nwant %s", i, got[i], want[i])
		}
	}
}

func TestFileLevelProblems(t *testing.T) {
	lesson := "---\nid: a\norder: 1\ntitle: A\ngoal: G\npresets:\n  - id: p\n    title: P\n    spec: {data: {set: circle}, model: {layers: [{units: 2, activation: softmax}]}}\n---\n## P\n\nText.\n"
	fsys := fstest.MapFS{
		"content/01-a.md":       {Data: []byte(lesson)},
		"content/02-nofront.md": {Data: []byte("## Page\n\nText.\n")},
		"content/03-open.md":    {Data: []byte("---\nid: open\norder: 3\n\n## Page\n")},
		"content/notes.txt":     {Data: []byte("notes")},
		"content/.a.md.swp":     {Data: []byte("editor file, skipped")},
		"quiz/a.yml":            {Data: []byte("questions: []")},
		"quiz/a.yaml":           {Data: []byte("")},
		"content/04-two.md":     {Data: []byte("---\n---\n## P\n\nText.\n")},
		"quiz/open.yaml":        {Data: []byte("questions:\n  - id: open-1\n    kind: single\n    text: T\n    choices: [{text: A, correct: true, why: W}, {text: B, why: W}]\n    explain: E\n    show: open/p\n")},
	}
	cat, probs := Load(fsys, "x")
	sameLines(t, problemStrings(probs), []string{
		`x/content/02-nofront.md:1: a lesson file must start with a "---" line, then the YAML front matter, then another "---" line`,
		`x/content/03-open.md:1: the front matter has no closing "---" line; end the YAML with a line holding only ---`,
		`x/content/04-two.md:1: the front matter is empty; it needs id, order, title, goal and presets (tasks are optional)`,
		`x/content/notes.txt: ignored: lesson files in content/ end in .md`,
		`x/quiz/a.yaml:1: the quiz file is empty; it needs a list of questions under "questions:"`,
		`x/quiz/a.yml: ignored: quiz files in quiz/ end in .yaml`,
	})
	// The quiz of the broken lesson "open" is not reported again: its
	// lesson exists but could not be read.
	if lessonIDs(cat) != "a" {
		t.Errorf("lessons = %s", lessonIDs(cat))
	}
}

func TestLessonFileCap(t *testing.T) {
	big := "---\nid: a\n---\n## P\n\n" + strings.Repeat("word ", 300_000)
	_, probs := Load(fstest.MapFS{"content/01-a.md": {Data: []byte(big)}, "quiz/a.yaml": {Data: []byte(strings.Repeat("#", 2<<20))}}, "x")
	sameLines(t, problemStrings(probs)[:2], []string{
		"x/content/01-a.md: cannot read: the file has 1.4 MiB (1500020 bytes), over the limit of 1 MiB (1048576 bytes)",
		"x/quiz/a.yaml: cannot read: the file has 2 MiB (2097152 bytes), over the limit of 1 MiB (1048576 bytes)",
	})
}

func TestLongLines(t *testing.T) {
	long := strings.Repeat("x", MaxLineBytes+1)
	lesson := "---\nid: a\norder: 1\ntitle: A\ngoal: G\npresets:\n  - id: p\n    title: P\n    spec: {data: {set: circle}, model: {layers: [{units: 2, activation: softmax}]}}\n---\n## P\n\n" + long + "\n\n" + strings.Repeat("y", MaxLineBytes) + "\n"
	quiz := "questions:\n  - id: a-1\n    kind: single\n    text: " + long + "\n"
	_, probs := Load(fstest.MapFS{"content/01-a.md": {Data: []byte(lesson)}, "quiz/a.yaml": {Data: []byte(quiz)}}, "x")
	got := problemStrings(probs)
	for _, want := range []string{
		"x/content/01-a.md:13: the line is 10001 bytes long, over the limit of 10000; break it into shorter lines",
		"x/quiz/a.yaml:4: the line is 10011 bytes long, over the limit of 10000; break it into shorter lines",
	} {
		if !slices.Contains(got, want) {
			t.Errorf("problems lack %q:\n%s", want, strings.Join(got, "\n"))
		}
	}
	if slices.ContainsFunc(got, func(s string) bool { return strings.Contains(s, "01-a.md:15:") }) {
		t.Errorf("a line at the limit is refused")
	}
}

// TestCheckCatchesWhatTheQuizWouldSkip: checks that lessons check accepted
// before: a sample out of range, a quoted "yes", duplicate choices, an
// unclosed code fence; and a mistake repeated many times is summarised.
func TestCheckCatchesWhatTheQuizWouldSkip(t *testing.T) {
	lesson := "---\nid: a\norder: 1\ntitle: A\ngoal: G\npresets:\n  - id: p\n    title: P\n    spec: {data: {set: circle, n: 100}, model: {layers: [{units: 2, activation: softmax}]}}\n---\n## P\n\nText.\n\n```\ncode\n\n## Q\n\nMore.\n"
	quiz := `questions:
  - id: a-1
    kind: numeric
    text: T
    compute: {preset: a/p, quantity: output, sample: 99999999}
    tolerance: 0.1
    explain: E
    show: a/p
  - id: a-2
    kind: numeric
    text: T
    compute: {preset: a/p, quantity: output, sample: 49, col: 2}
    tolerance: 0.1
    explain: E
    show: a/p
  - id: a-3
    kind: single
    text: T
    choices:
      - {text: Same, correct: "yes", why: W}
      - {text: Other, correct: true, why: W}
      - {text: Same, why: W}
    explain: E
    show: a/p
`
	var many strings.Builder
	many.WriteString("questions:\n")
	for i := range 30 {
		fmt.Fprintf(&many, "  - {id: b-%d, kind: single, text: T, explain: E, show: a/p, choices: [{text: X, correct: true}, {text: Y, why: W}]}\n", i)
	}
	_, probs := Load(fstest.MapFS{"content/01-a.md": {Data: []byte(lesson)}, "quiz/a.yaml": {Data: []byte(quiz)}, "quiz/b.yaml": {Data: []byte(many.String())}}, "x")
	sameLines(t, problemStrings(probs), []string{
		"x/content/01-a.md:15: the code block opened here with ``` is never closed; end it with a line holding ```",
		`x/quiz/a.yaml:5: questions[0].compute: sample 99999999 does not exist; preset "a/p" has 50 training samples (0 to 49)`,
		`x/quiz/a.yaml:12: questions[1].compute: col 2 does not exist; the output layer of preset "a/p" has 2 units (cols 0 to 1)`,
		`x/quiz/a.yaml:20: questions[2].choices[0].correct: "yes" is text in quotes, not true or false; remove the quotes`,
		`x/quiz/a.yaml:22: questions[2].choices[2].text: is the same as the text of choices[0]; each choice needs its own text`,
		`x/quiz/b.yaml: no lesson with id "b" for this quiz; a quiz file is named after the id of a lesson in content/ (lessons here: a)`,
		`x/quiz/b.yaml:2: questions[0].choices[0].why: missing; it is required`,
		`x/quiz/b.yaml:3: questions[1].choices[0].why: missing; it is required`,
		`x/quiz/b.yaml:4: questions[2].choices[0].why: missing; it is required`,
		`x/quiz/b.yaml:5: questions[3].choices[0].why: missing; it is required`,
		`x/quiz/b.yaml:6: questions[4].choices[0].why: missing; it is required`,
		`x/quiz/b.yaml:7: questions[5].choices[0].why: missing; it is required`,
		`x/quiz/b.yaml:8: questions[6].choices[0].why: missing; it is required`,
		`x/quiz/b.yaml:9: questions[7].choices[0].why: missing; it is required`,
		`x/quiz/b.yaml:10: questions[8].choices[0].why: missing; it is required`,
		`x/quiz/b.yaml:11: questions[9].choices[0].why: missing; it is required`,
		`x/quiz/b.yaml:11: … and 20 more like this`,
	})
}

func TestPresetDataDirRelativeToTheLesson(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "content"), 0o755)
	lesson := "---\nid: a\norder: 1\ntitle: A\ngoal: G\npresets:\n  - id: p\n    title: P\n    spec: {data: {set: fashion, dir: idx}, model: {layers: [{units: 10}]}}\n  - id: q\n    title: Q\n    spec: {data: {set: fashion, dir: /abs/idx}, model: {layers: [{units: 10}]}}\n---\n## P\n\nText.\n"
	if err := os.WriteFile(filepath.Join(dir, "content", "01-a.md"), []byte(lesson), 0o644); err != nil {
		t.Fatal(err)
	}
	cat, probs := LoadDir(dir)
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	if got, want := cat.Preset("a/p").Spec.Data.Dir, filepath.Join(dir, "content", "idx"); got != want {
		t.Errorf("data.dir %q, want %q", got, want)
	}
	if got := cat.Preset("a/q").Spec.Data.Dir; got != "/abs/idx" {
		t.Errorf("an absolute data.dir became %q", got)
	}
}

// TestComputeChecks: compute.value picks one run of a comparison, and the
// quantities beyond a network's weights are checked against the preset.
func TestComputeChecks(t *testing.T) {
	lesson := `---
id: a
order: 1
title: A
goal: G
presets:
  - id: net
    title: N
    spec: {data: {set: circle, n: 100}, model: {layers: [{units: 4}, {units: 2}]}, optimizer: {lr: 0.1}}
    vary: {field: optimizer.lr, values: ["0.1", "0.3"]}
  - id: reg
    title: R
    spec: {data: {set: regression, n: 100}, model: {layers: [{units: 1}]}}
  - id: fn
    title: F
    spec: {function: {name: rosenbrock}}
---
## P

Text.
`
	q := func(id, compute string) string {
		return "  - {id: " + id + ", kind: numeric, text: T, compute: " + compute + ", tolerance: 0.1, explain: E, show: a/net}\n"
	}
	quiz := "questions:\n" +
		q("a-1", "{preset: a/reg, value: '0.1', quantity: loss}") +
		q("a-2", "{preset: a/net, value: '0.2', quantity: loss}") +
		q("a-3", "{preset: a/net, value: '0.3', quantity: params}") +
		q("a-4", "{preset: a/net, quantity: rate}") +
		q("a-5", "{preset: a/fn, quantity: rate}") +
		q("a-6", "{preset: a/fn, quantity: grad_w}") +
		q("a-7", "{preset: a/fn, quantity: lambda_max}") +
		q("a-8", "{preset: a/reg, quantity: loss_class}") +
		q("a-9", "{preset: a/net, quantity: init_gain, layer: 2}") +
		q("a-10", "{preset: a/net, quantity: loss_class, sample: 3, col: 1}")
	cat, probs := Load(fstest.MapFS{"content/01-a.md": {Data: []byte(lesson)}, "quiz/a.yaml": {Data: []byte(quiz)}}, "x")
	sameLines(t, problemStrings(probs), []string{
		`x/quiz/a.yaml:2: questions[0].compute: value "0.1": preset "a/reg" compares no runs; leave value out`,
		`x/quiz/a.yaml:3: questions[1].compute: value "0.2" is not a run of preset "a/net"; its runs: 0.1, 0.3`,
		`x/quiz/a.yaml:5: questions[3].compute: rate is for test functions; preset "a/net" trains a network`,
		`x/quiz/a.yaml:6: questions[4].compute: rate is for the quadratic; preset "a/fn" minimises rosenbrock`,
		`x/quiz/a.yaml:7: questions[5].compute: preset "a/fn" minimises a test function and has no network; quantities loss, rate and lambda_max apply`,
		`x/quiz/a.yaml:9: questions[7].compute: loss_class needs a loss that takes class labels (cross_entropy or hinge); preset "a/reg" uses mse`,
		`x/quiz/a.yaml:10: questions[8].compute: layer 2 does not exist; preset "a/net" has layers 0 to 1`,
	})
	// The evaluator gets the run value picks, with defaults filled in.
	var lr float64
	ev := func(s *spec.Spec, c Compute) (float64, error) { lr = *s.Optimizer.LR; return 1, nil }
	if _, err := cat.Question("a-3").Answer(ev); err != nil || lr != 0.3 {
		t.Errorf("a-3 ran at η %v (%v), want the run of value 0.3", lr, err)
	}
	if _, err := cat.Question("a-10").Answer(ev); err != nil || lr != 0.1 {
		t.Errorf("a-10 ran at η %v (%v), want the preset's own 0.1", lr, err)
	}
}

func TestVaryLabels(t *testing.T) {
	preset := func(vary string) fstest.MapFS {
		return fstest.MapFS{"content/01-a.md": {Data: []byte("---\nid: a\norder: 1\ntitle: A\ngoal: G\npresets:\n  - id: p\n    title: P\n    spec: {data: {set: circle}, model: {layers: [{units: 4}, {units: 2}]}}\n    vary: " + vary + "\n---\n## P\n\nText.\n")}}
	}
	cat, probs := Load(preset(`{field: model.layers, values: ["[{units: 2}]", "[{units: 8}, {units: 2}]"], labels: [linear, hidden 8]}`), "x")
	if len(probs) > 0 {
		t.Fatal(problemStrings(probs))
	}
	if v := cat.Lesson("a").Presets[0].Vary; strings.Join(v.Labels, ",") != "linear,hidden 8" || len(v.Values) != 2 {
		t.Errorf("vary %+v", v)
	}
	for vary, want := range map[string]string{
		`{field: init, values: [xavier, he_normal], labels: [one]}`:        `x/content/01-a.md:10: presets[0].vary.labels: has 1 labels for 2 values; give one per value, in the same order`,
		`{field: init, values: [xavier, he_normal], labels: [same, same]}`: `x/content/01-a.md:10: presets[0].vary.labels[1]: label "same" is given twice; each run needs its own`,
		`{field: init, values: [xavier, he_normal], labels: [ok, [a, b]]}`: `x/content/01-a.md:10: presets[0].vary.labels[1]: must be a name for the run, got a list`,
		`{field: init, values: [xavier, he_normal], labels: "x"}`:          `x/content/01-a.md:10: presets[0].vary.labels: `,
	} {
		_, probs := Load(preset(vary), "x")
		if got := problemStrings(probs); len(got) != 1 || !strings.HasPrefix(got[0], want) {
			t.Errorf("%s:\ngot  %q\nwant %q", vary, got, want)
		}
	}
}
