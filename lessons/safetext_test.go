package lessons

import (
	"os"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/nnlab/nnlab/lab/spec/safetext/safetexttest"
)

// TestHostilePackLoadsClean loads a lesson pack with terminal escapes in
// every text field (YAML escapes such as "\e]52;..." in the front matter and
// the quiz, raw ESC bytes in the Markdown) and checks that no field of the
// catalog holds one, and that each unsafe character is a problem with its
// line.
func TestHostilePackLoadsClean(t *testing.T) {
	cat, probs := LoadDir(fixture("hostile"))
	l := cat.Lesson("hostile")
	if l == nil {
		t.Fatalf("the hostile lesson did not load: %v", probs)
	}
	fields := lessonTexts(l)
	if len(l.Questions) != 1 || len(l.Questions[0].Choices) != 2 || len(l.Tasks) != 1 || len(l.Pages) != 1 {
		t.Fatalf("lesson read incompletely: %+v", l)
	}
	for name, v := range fields {
		safetexttest.Check(t, name, v)
		if name != "file" && !strings.Contains(v, `\x1b`) && !strings.Contains(v, `\u202e`) {
			t.Errorf("%s: the escapes are not shown: %q", name, v)
		}
	}
	var lines []string
	for _, p := range probs {
		s := p.String()
		safetexttest.Check(t, "problem", s)
		lines = append(lines, s)
	}
	out := strings.Join(lines, "\n")
	// One problem per character, the first ten of a kind in a file listed.
	for _, want := range []string{
		`content/01-hostile.md:4: title: text holds a control, bidi or zero-width character (U+001B, shown as \x1b); remove it`,
		`content/01-hostile.md:4: title: text holds a control, bidi or zero-width character (U+0007, shown as \x07); remove it`,
		`content/01-hostile.md:4: … and 74 more like this`,
		`content/01-hostile.md:20: presets[1].spec: name: contains a control, bidi or zero-width character`,
		`content/01-hostile.md:24: presets[1].spec: model.layers[0].activation: unknown "soft\x1b]52;c;ZWNobyBwd25lZA==\amax"`,
		`quiz/hostile.yaml:4: questions[0].text: text holds a control, bidi or zero-width character (U+001B, shown as \x1b); remove it`,
		`quiz/hostile.yaml:4: … and 86 more like this`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("problems lack %q", want)
		}
	}
	// Before the cap, every character is a problem at its own line.
	_, all := load(os.DirFS(fixture("hostile")), "h")
	var allLines []string
	for _, p := range all {
		allLines = append(allLines, p.String())
	}
	for _, want := range []string{
		`h/content/01-hostile.md:8: presets[0].title: text holds a control, bidi or zero-width character (U+202E, shown as \u202e); remove it`,
		`h/content/01-hostile.md:27: tasks[0].text: text holds a control, bidi or zero-width character (U+0007, shown as \x07); remove it`,
		`h/content/01-hostile.md:30: text holds a control, bidi or zero-width character (U+001B, shown as \x1b); remove it`,
		`h/content/01-hostile.md:34: text holds a control, bidi or zero-width character (U+009B, shown as \x9b); remove it`,
		`h/content/01-hostile.md:34: text holds a control, bidi or zero-width character (U+200B, shown as \u200b); remove it`,
		`h/content/01-hostile.md:37: text holds a control, bidi or zero-width character (U+001B, shown as \x1b); remove it`,
		`h/quiz/hostile.yaml:6: questions[0].choices[0].text: text holds a control`,
		`h/quiz/hostile.yaml:8: questions[0].choices[0].why: text holds a control`,
		`h/quiz/hostile.yaml:11: questions[0].explain: text holds a control`,
	} {
		if !slices.ContainsFunc(allLines, func(s string) bool { return strings.HasPrefix(s, want) }) {
			t.Errorf("problems before the cap lack %q", want)
		}
	}
	if t.Failed() {
		t.Log(out)
	}
	// The plain quiz shows the question, the choices, the verdict, why and
	// the explanation.
	var quiz strings.Builder
	if _, err := RunText(strings.NewReader("1\n"), &quiz, NewQuiz(l.Questions, 1, false), nil); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(quiz.String(), `Why \x1b]52`) {
		t.Errorf("the plain quiz lacks the explanation:\n%s", quiz.String())
	}
	safetexttest.Check(t, "plain quiz", quiz.String())
}

// lessonTexts collects every text of a lesson that is shown to a learner.
func lessonTexts(l *Lesson) map[string]string {
	fields := map[string]string{"title": l.Title, "goal": l.Goal, "file": l.File}
	for _, p := range l.Presets {
		fields["preset "+p.ID] = p.Title
	}
	for _, tk := range l.Tasks {
		fields["task"] = tk.Text
	}
	for i, p := range l.Pages {
		fields["page title"] += p.Title
		fields["page body"+string(rune('0'+i))] = p.Body
	}
	for _, q := range l.Questions {
		fields["question"] = q.Text
		fields["explain"] = q.Explain
		for _, c := range q.Choices {
			fields["choice"] += c.Text
			fields["why"] += c.Why
		}
	}
	return fields
}

func FuzzLoadLesson(f *testing.F) {
	lesson, err := os.ReadFile(fixture("hostile/content/01-hostile.md"))
	if err != nil {
		f.Fatal(err)
	}
	quiz, err := os.ReadFile(fixture("hostile/quiz/hostile.yaml"))
	if err != nil {
		f.Fatal(err)
	}
	good, err := os.ReadFile(fixture("good/content/01-basics.md"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(lesson, quiz)
	f.Add(good, []byte("questions: []\n"))
	for _, p := range safetexttest.Payloads {
		f.Add([]byte("---\nid: a\norder: 1\ntitle: "+p+"\n---\n## "+p+"\n"+p+"\n"), []byte("questions:\n  - text: "+p+"\n"))
	}
	f.Fuzz(func(t *testing.T, lesson, quiz []byte) {
		fsys := fstest.MapFS{"content/01-a.md": {Data: lesson}, "quiz/a.yaml": {Data: quiz}}
		cat, probs := Load(fsys, "x")
		for _, p := range probs {
			safetexttest.Check(t, "problem", p.String())
		}
		for _, l := range cat.Lessons {
			for name, v := range lessonTexts(l) {
				safetexttest.Check(t, name, v)
			}
		}
	})
}
