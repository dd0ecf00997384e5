package safetext_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/nnlab/nnlab/lab/spec/safetext"
	"github.com/nnlab/nnlab/lab/spec/safetext/safetexttest"
)

func TestCleanLeavesNoControl(t *testing.T) {
	for _, p := range append(safetexttest.Payloads, "\xc2\x9b31m") {
		got := safetext.Clean("x" + p + "y")
		if i := safetext.Find(got); i >= 0 {
			t.Errorf("safetext.Clean(%q) = %q still has an unsafe character at %d", p, got, i)
		}
		if !utf8.ValidString(got) {
			t.Errorf("safetext.Clean(%q) = %q", p, got)
		}
		safetexttest.Check(t, "Clean", got)
		if safetext.Clean(got) != got {
			t.Errorf("Clean is not idempotent on %q", got)
		}
	}
	if got, want := safetext.Clean("\x1b]0;t\x07 \u202e\xff"), `\x1b]0;t\x07 \u202e\xff`; got != want {
		t.Errorf("Clean = %q, want %q", got, want)
	}
}

func TestCleanKeepsText(t *testing.T) {
	for _, s := range []string{"", "plain", "tabs\tand\nnewlines", "σ(z) = 1/(1+e^−z) · ∂L/∂w — “quotes” 👍", `a \x1b written out`} {
		if got := safetext.Clean(s); got != s {
			t.Errorf("safetext.Clean(%q) = %q", s, got)
		}
		if safetext.Find(s) != -1 {
			t.Errorf("safetext.Find(%q) = %d", s, safetext.Find(s))
		}
	}
}

func TestEach(t *testing.T) {
	var got []string
	safetext.Each("a\x1bb\u202ec\xffd", func(i int, r rune) { got = append(got, safetext.Describe(r)) })
	want := []string{`U+001B, shown as \x1b`, `U+202E, shown as \u202e`, `a byte that is not UTF-8, shown as \xNN`}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("Each: %q, want %q", got, want)
	}
}
