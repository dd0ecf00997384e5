package tui

import "testing"

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
