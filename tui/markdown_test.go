package tui

import "testing"

func TestUnwrapJoinsSoftBreaksOnly(t *testing.T) {
	in := "Some text that\ncontinues here.\n\n- Item one that\n  goes on.\n- Item two\n\n    code line one\n    code line two\n\n## Heading\nText after\nheading.\n\n1. First\n2. Second\n"
	want := "Some text that continues here.\n\n- Item one that goes on.\n- Item two\n\n    code line one\n    code line two\n\n## Heading\nText after heading.\n\n1. First\n2. Second\n"
	if got := unwrap(in); got != want {
		t.Errorf("unwrap:\n%q\nwant\n%q", got, want)
	}
}
