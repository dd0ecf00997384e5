package tui

import (
	"strings"
	"testing"
)

func TestUnwrapJoinsSoftBreaksOnly(t *testing.T) {
	in := "Some text that\ncontinues here.\n\n- Item one that\n  goes on.\n- Item two\n\n    code line one\n    code line two\n\n## Heading\nText after\nheading.\n\n1. First\n2. Second\n"
	want := "Some text that continues here.\n\n- Item one that goes on.\n- Item two\n\n    code line one\n    code line two\n\n## Heading\nText after heading.\n\n1. First\n2. Second\n"
	if got := unwrap(in); got != want {
		t.Errorf("unwrap:\n%q\nwant\n%q", got, want)
	}
}

func TestFitCodeHangsUnderTheSecondColumn(t *testing.T) {
	in := "Text.\n\n    hidden   h1: w1 = 0.15 (from i1), w2 = 0.20 (from i2)\n    short\n\nAfter."
	want := "Text.\n\n    hidden   h1: w1 = 0.15 (from i1),\n             w2 = 0.20 (from i2)\n    short\n\nAfter."
	if got := fitCode(in, 36); got != want {
		t.Errorf("fitCode:\n%s\nwant\n%s", got, want)
	}
	// Prose and lines that fit are left alone.
	prose := "A paragraph that is much longer than the limit but is not code at all."
	if got := fitCode(prose, 20); got != prose {
		t.Errorf("prose changed: %q", got)
	}
}

// longestWord is the length in runes of the longest run without a space,
// newline or tab.
func longestWord(s string) int {
	longest, run := 0, 0
	for _, r := range s {
		if r == ' ' || r == '\n' || r == '\t' {
			run = 0
			continue
		}
		run++
		longest = max(longest, run)
	}
	return longest
}

// TestLongWordsBrokenBeforeGlamour: glamour's wrapping is quadratic in the
// length of a word, so no word longer than the wrap width (at most 200
// runes) may reach it. A 1 MB word still renders, cut into lines.
func TestLongWordsBrokenBeforeGlamour(t *testing.T) {
	word := strings.Repeat("a", 1<<20)
	text := "## Page\n\nSome words, then " + word + " and https://example.com/" + strings.Repeat("é", 300) + "\n\n    code " + word[:5000] + "\n"
	for _, w := range []int{20, 80, 300} {
		in := glamourInput(text, w)
		if got, limit := longestWord(in), min(w-4, maxWord); got > limit {
			t.Errorf("width %d: a word of %d runes reaches glamour, over %d", w, got, limit)
		}
		if !strings.Contains(strings.ReplaceAll(in, " ", ""), word) {
			t.Errorf("width %d: the word lost characters", w)
		}
	}
	if got := breakWords("short words stay as they are", 8); got != "short words stay as they are" {
		t.Errorf("breakWords changed %q", got)
	}
	if got := breakWords("abcdefghijklmnopqrst uvw", 8); got != "abcdefgh ijklmnop qrst uvw" {
		t.Errorf("breakWords = %q", got)
	}
	out := newMarkdown().Render(text, 80)
	if !strings.Contains(out, strings.Repeat("a", 76)) || strings.Count(out, "\n") < (1<<20)/76 {
		t.Errorf("the long word is not shown in full lines: %d lines", strings.Count(out, "\n"))
	}
}

func BenchmarkMarkdownLongWord(b *testing.B) {
	text := "## Page\n\n" + strings.Repeat("a", 1<<20)
	for b.Loop() {
		newMarkdown().Render(text, 80)
	}
}
