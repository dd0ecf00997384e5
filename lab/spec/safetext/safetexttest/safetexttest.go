// Package safetexttest holds terminal-attack payloads and a check that
// output carries none of them, for the tests of every package that shows
// text from files.
package safetexttest

import (
	"testing"
	"unicode/utf8"

	"github.com/nnlab/nnlab/lab/spec/safetext"
)

// Payloads are terminal attacks: OSC 52 (write the clipboard), OSC 0 (set
// the window title), OSC 8 (a hyperlink), CSI (clear, move, colour), 8-bit
// C1 CSI and OSC, a bidi override, zero-width characters, a lone CR, bytes
// that are not UTF-8 and a tag character.
var Payloads = []string{
	"\x1b]52;c;ZWNobyBwd25lZA==\x07",
	"\x1b]0;owned\x1b\\",
	"\x1b]8;;https://example.com\x1b\\link\x1b]8;;\x1b\\",
	"\x1b[2J\x1b[H\x1b[31mred\x1b[0m",
	"\u009b31m\u009d0;title\u009c",
	"admin\u202egnp.exe",
	"a\u2066b\u2069c\u200bd\u200fe\ufeff",
	"over\rwrite",
	"bad \xff\xfe bytes",
	"tag\U000e0041",
}

// All is every payload in one string.
func All() string {
	s := ""
	for _, p := range Payloads {
		s += p + " "
	}
	return s
}

// Check fails t when out holds an ESC, a C1 control, a byte that is not
// UTF-8 or any other character safetext escapes: what names the output.
// Newlines, tabs and colour codes of nnlab's own are not expected, since
// tests render without colour.
func Check(t testing.TB, what, out string) {
	t.Helper()
	for i := 0; i < len(out); {
		r, size := utf8.DecodeRuneInString(out[i:])
		if r == 0x1b || (r >= 0x80 && r < 0xa0) || (r == utf8.RuneError && size == 1) || safetext.Unsafe(r) {
			lo, hi := max(0, i-30), min(len(out), i+30)
			t.Errorf("%s: unsafe character %q at byte %d: %q", what, r, i, out[lo:hi])
			return
		}
		i += size
	}
}
