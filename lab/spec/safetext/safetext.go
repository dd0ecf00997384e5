// Package safetext keeps text from files (lesson packs, quizzes, specs)
// from driving the terminal it is shown on. Clean writes every character
// that a terminal would act on, or that hides or reorders text, as a
// visible escape: C0 controls other than newline and tab (ESC among them,
// so no escape sequence survives), DEL, C1 controls, Unicode format
// characters (bidi controls U+202A–U+202E and U+2066–U+2069, zero-width
// characters U+200B–U+200F, U+2060–U+2064, U+FEFF, tag characters, ...),
// the line and paragraph separators U+2028 and U+2029, and bytes that are
// not UTF-8.
//
// Loaders call Clean once, where the text is read, so that everything
// downstream (the TUI, the plain quiz, lessons check, error messages) holds
// text that is safe to print.
package safetext

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Unsafe reports whether r must not reach a terminal as it is.
func Unsafe(r rune) bool {
	switch {
	case r == '\n' || r == '\t':
		return false
	case r < 0x20, r >= 0x7f && r < 0xa0:
		return true
	case r < 0xa0:
		return false
	}
	return unicode.Is(unicode.Cf, r) || r == '\u2028' || r == '\u2029'
}

// Escape writes r as it appears in Go source: \x1b, \u202e, \U000e0041.
func Escape(r rune) string {
	switch {
	case r < 0x100:
		return fmt.Sprintf(`\x%02x`, r)
	case r <= 0xffff:
		return fmt.Sprintf(`\u%04x`, r)
	}
	return fmt.Sprintf(`\U%08x`, r)
}

// Clean returns s with every unsafe character written as its Escape, and
// every byte that is not UTF-8 as \xNN. Text without them comes back as it
// is (the same string), so Clean is cheap on clean text and idempotent.
func Clean(s string) string {
	if Find(s) < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case Unsafe(r):
			b.WriteString(Escape(r))
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// Find returns the byte offset of the first unsafe character or non-UTF-8
// byte of s, or -1.
func Find(s string) int {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\n' && c != '\t' || c == 0x7f {
				return i
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size <= 1 || Unsafe(r) {
			return i
		}
		i += size
	}
	return -1
}

// Each calls f with the byte offset and the rune of every unsafe character
// of s (utf8.RuneError for a byte that is not UTF-8).
func Each(s string, f func(offset int, r rune)) {
	for i := Find(s); i >= 0; {
		r, size := utf8.DecodeRuneInString(s[i:])
		f(i, r)
		i += size
		next := Find(s[i:])
		if next < 0 {
			return
		}
		i += next
	}
}

// Describe names an unsafe character for a message: `U+001B, shown as
// \x1b`.
func Describe(r rune) string {
	if r == utf8.RuneError {
		return `a byte that is not UTF-8, shown as \xNN`
	}
	return fmt.Sprintf("U+%04X, shown as %s", r, Escape(r))
}
