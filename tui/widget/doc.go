// Package widget holds nnlab's rendering helpers: pure functions of plain data,
// a size and a Styles value that return a string.
//
// Every helper returns a block whose lines are all exactly the requested width in
// terminal cells (measured with lipgloss.Width) and, where a height is given or
// documented, exactly that many lines joined by "\n" with no trailing newline.
// Nothing here keeps state between calls, starts goroutines or knows about
// bubbletea or the rest of nnlab, so the helpers can be tested as plain functions
// and cached by the caller ("render on snapshot, join in View").
//
// Colour is never the only carrier of meaning: series have distinct line glyphs
// and names, gradient zones print their word, data classes have distinct
// glyphs. When Styles.Color is false (Ascii colour profile, e.g. NO_COLOR) no
// escape sequence at all is emitted and the half-block widgets (Boundary,
// Images) fall back to shade characters.
//
// Input slices are never modified.
package widget
