package tui

import (
	"strings"

	"github.com/charmbracelet/glamour"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"

	"github.com/nnlab/nnlab/lab/spec/safetext"
)

// markdown renders lesson text with glamour, wrapped to a width, caching
// the result per text and width (rendering happens on page change or
// resize, never in View).
type markdown struct {
	style   string
	profile termenv.Profile
	cache   map[mdKey]string
	r       map[int]*glamour.TermRenderer
}

type mdKey struct {
	text  string
	width int
}

// newMarkdown picks glamour's style from the colour profile and background
// that lipgloss detected: "notty" without colour, else dark or light.
func newMarkdown() *markdown {
	m := &markdown{profile: lipgloss.ColorProfile(), cache: map[mdKey]string{}, r: map[int]*glamour.TermRenderer{}}
	switch {
	case m.profile == termenv.Ascii:
		m.style = "notty"
	case lipgloss.HasDarkBackground():
		m.style = "dark"
	default:
		m.style = "light"
	}
	return m
}

// Render returns text rendered to at most width cells per line.
func (m *markdown) Render(text string, width int) string {
	if width < 10 {
		width = 10
	}
	k := mdKey{text, width}
	if s, ok := m.cache[k]; ok {
		return s
	}
	if len(m.cache) > 256 {
		clear(m.cache)
	}
	// Lesson text is cleaned where it is loaded; cleaning again here keeps
	// any other caller from putting a file's escapes on the screen.
	out := m.render(safetext.Clean(text), width)
	m.cache[k] = out
	return out
}

func (m *markdown) render(text string, width int) string {
	r, ok := m.r[width]
	if !ok {
		var err error
		r, err = glamour.NewTermRenderer(
			glamour.WithStandardStyle(m.style),
			glamour.WithColorProfile(m.profile),
			glamour.WithWordWrap(width-4), // the styles indent by 2 on each side
		)
		if err != nil {
			return wrapPlain(text, width)
		}
		if len(m.r) > 16 {
			clear(m.r)
		}
		m.r[width] = r
	}
	out, err := r.Render(glamourInput(text, width))
	if err != nil {
		return wrapPlain(text, width)
	}
	out = strings.Trim(out, "\n")
	// Trailing blanks glamour pads with, and any line that still overflows.
	lines := strings.Split(out, "\n")
	for i, l := range lines {
		l = strings.TrimRight(l, " ")
		if ansi.StringWidth(l) > width {
			l = ansi.Truncate(l, width, "…")
		}
		lines[i] = l
	}
	return strings.Join(lines, "\n")
}

// glamourInput is text as handed to glamour for a pane width wide.
func glamourInput(text string, width int) string {
	return breakWords(fitCode(unwrap(text), width-9), width-4)
}

// breakWords puts a space into every run of more than limit runes (at most
// maxWord) without one, every limit runes. glamour's word wrap takes time
// quadratic in the length of a word (a 100 KB word took most of a minute),
// and a word wider than the pane is cut anyway. It runs in linear time.
func breakWords(text string, limit int) string {
	limit = min(max(limit, 8), maxWord)
	run, long := 0, false
	for _, r := range text {
		if r == ' ' || r == '\n' || r == '\t' {
			run = 0
		} else if run++; run > limit {
			long = true
			break
		}
	}
	if !long {
		return text
	}
	var b strings.Builder
	b.Grow(len(text) + len(text)/limit + 1)
	run = 0
	for _, r := range text {
		if r == ' ' || r == '\n' || r == '\t' {
			run = 0
		} else if run++; run > limit {
			b.WriteByte(' ')
			run = 1
		}
		b.WriteRune(r)
	}
	return b.String()
}

// maxWord is the longest word handed to glamour, whatever the width.
const maxWord = 200

// wrapPlain wraps text to width without Markdown.
func wrapPlain(text string, width int) string {
	return ansi.Wrap(text, width, "")
}

// unwrap joins the soft line breaks of paragraphs and list items, so that
// glamour reflows them to the pane (it keeps a list item's source breaks).
// Indented code blocks (formulas), fences, headings, tables and new list
// items keep their lines.
func unwrap(text string) string {
	lines := strings.Split(text, "\n")
	out := make([]string, 0, len(lines))
	prevText, fenced, code := false, false, false
	for _, l := range lines {
		trimmed := strings.TrimLeft(l, " ")
		indent := len(l) - len(trimmed)
		switch {
		case strings.HasPrefix(trimmed, "```"):
			fenced = !fenced
			prevText = false
		case fenced:
		case trimmed == "":
			prevText, code = false, false
		case indent >= 4 && (!prevText || code):
			code = true
		case prevText && indent < 4 && !startsBlock(trimmed):
			out[len(out)-1] += " " + trimmed
			continue
		default:
			prevText = !strings.HasPrefix(trimmed, "#") && !strings.HasPrefix(trimmed, "|")
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}

// startsBlock says whether a line opens a block of its own: a list item,
// heading, quote or table row.
func startsBlock(t string) bool {
	for _, p := range []string{"- ", "* ", "+ ", "#", ">", "|"} {
		if strings.HasPrefix(t, p) {
			return true
		}
	}
	i := 0
	for i < len(t) && t[i] >= '0' && t[i] <= '9' {
		i++
	}
	return i > 0 && i < len(t) && (t[i] == '.' || t[i] == ')')
}

// fitCode breaks the lines of indented code blocks (the lessons' formulas
// and worked numbers) that are longer than limit runes at a space, with a
// hanging indent under the line's second column ("hidden   h1: …" continues
// under "h1"), so that glamour, which would wrap them flush left, leaves
// them alone.
func fitCode(text string, limit int) string {
	if limit < 16 {
		return text
	}
	lines := strings.Split(text, "\n")
	out := make([]string, 0, len(lines))
	prevBlank, code := true, false
	for _, l := range lines {
		switch {
		case strings.TrimSpace(l) == "":
			prevBlank, code = true, false
			out = append(out, l)
			continue
		case strings.HasPrefix(l, "    ") && (prevBlank || code):
			code = true
			out = append(out, breakCode(l[4:], limit, "    ")...)
		default:
			code = false
			out = append(out, l)
		}
		prevBlank = false
	}
	return strings.Join(out, "\n")
}

// breakCode cuts one code line into pieces of at most limit runes, each
// prefixed with indent.
func breakCode(l string, limit int, indent string) []string {
	r := []rune(l)
	if len(r) <= limit {
		return []string{indent + l}
	}
	lead := len(r) - len([]rune(strings.TrimLeft(l, " ")))
	hang := lead + 2
	if i := strings.Index(string(r[lead:]), "  "); i > 0 {
		j := lead + len([]rune(string(r[lead:])[:i]))
		for j < len(r) && r[j] == ' ' {
			j++
		}
		if j < limit/2 {
			hang = j
		}
	}
	var out []string
	for len(r) > limit {
		// Break after a comma or semicolon if there is one, else at the
		// last space, so that "w2 = 0.20" stays together.
		cut := -1
		for k := limit; k > hang && cut < 0; k-- {
			if r[k] == ' ' && (r[k-1] == ',' || r[k-1] == ';') {
				cut = k
			}
		}
		for k := limit; k > hang && cut < 0; k-- {
			if r[k] == ' ' {
				cut = k
			}
		}
		if cut < 0 {
			break // no space to break at: leave the rest to glamour
		}
		out = append(out, indent+strings.TrimRight(string(r[:cut]), " "))
		r = append([]rune(strings.Repeat(" ", hang)), []rune(strings.TrimLeft(string(r[cut:]), " "))...)
	}
	return append(out, indent+string(r))
}
