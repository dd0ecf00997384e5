package tui

import (
	"path/filepath"
	"testing"

	"github.com/nnlab/nnlab/lab/spec/safetext/safetexttest"
	"github.com/nnlab/nnlab/lessons"
)

// TestHostileLessonRendersClean opens a lesson pack with terminal escapes in
// every text field and checks that the screens (home, lesson, tasks, quiz,
// the graded answer) show none of them.
func TestHostileLessonRendersClean(t *testing.T) {
	cat, probs := lessons.LoadDir("../lessons/testdata/hostile")
	if cat.Lesson("hostile") == nil || len(probs) == 0 {
		t.Fatalf("hostile pack: %d lessons, %d problems", len(cat.Lessons), len(probs))
	}
	st, _, err := lessons.Open(filepath.Join(t.TempDir(), "progress.json"))
	if err != nil {
		t.Fatal(err)
	}
	d := newDriver(t, Options{Catalog: cat, Store: st}, 120, 40)
	safetexttest.Check(t, "home", d.m.View())
	d.key("enter")
	if _, ok := d.m.top().(*lessonScreen); !ok {
		t.Fatalf("enter opened %T", d.m.top())
	}
	safetexttest.Check(t, "lesson", d.m.View())
	d.key("?")
	safetexttest.Check(t, "lesson help", d.m.View())
	d.key("?", "z")
	if _, ok := d.m.top().(*quizScreen); !ok {
		t.Fatalf("z opened %T", d.m.top())
	}
	safetexttest.Check(t, "quiz", d.m.View())
	d.key("enter")
	safetexttest.Check(t, "graded", d.m.View())
	d.key("enter")
	safetexttest.Check(t, "score", d.m.View())
	d.key("q")
	checkStopped(t, d.allRuns())
}

func FuzzMarkdown(f *testing.F) {
	for _, p := range safetexttest.Payloads {
		f.Add("## Page " + p + "\n\nBody " + p + " and `code " + p + "`\n\n```\n" + p + "\n```\n\n- item " + p + "\n")
	}
	f.Add("[link](http://x\x1b]8;;y) *em\x9b* **\u202e** > quote \x1bP q\x1b\\")
	md := newMarkdown()
	f.Fuzz(func(t *testing.T, text string) {
		if len(text) > 4096 {
			return
		}
		safetexttest.Check(t, "markdown", md.Render(text, 60))
	})
}
