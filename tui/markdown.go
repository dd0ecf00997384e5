package tui

import (
	"regexp"
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
	// Code blocks (the lessons' formulas, worked numbers and tables) keep
	// their lines: wider than the pane, they scroll sideways. The prose
	// between them goes through glamour.
	var out strings.Builder
	for i, b := range splitBlocks(unwrap(text)) {
		if i > 0 {
			out.WriteString("\n")
			if !b.item || !b.afterItem {
				out.WriteString("\n") // a blank line, except between list items
			}
		}
		if b.code {
			out.WriteString(codeLines(b.text))
			continue
		}
		s, err := m.prose(r, b.text, width)
		if err != nil {
			return wrapPlain(text, width)
		}
		out.WriteString(s)
	}
	return out.String()
}

// prose renders a run of prose (or one list item, as a paragraph that
// starts with its bullet: glamour's list items wrap a line too long and
// then cut it, "≈ 0." and "693.") with glamour.
func (m *markdown) prose(r *glamour.TermRenderer, text string, width int) (string, error) {
	{
		out, err := r.Render(glamourInput(text, width))
		if err != nil {
			return "", err
		}
		out = restoreProse(strings.Trim(out, "\n"))
		// Trailing blanks glamour pads with, and any line that still
		// overflows.
		lines := strings.Split(out, "\n")
		for i, l := range lines {
			l = strings.TrimRight(l, " ")
			if ansi.StringWidth(l) > width {
				l = ansi.Truncate(l, width, "…")
			}
			lines[i] = l
		}
		return strings.Join(lines, "\n"), nil
	}
}

// glamourInput is prose as handed to glamour for a pane width wide.
func glamourInput(text string, width int) string {
	return breakWords(keepTogether(text, width-4), width-4)
}

// Stand-ins that glamour's word wrap cannot break at, put back after it:
// a space that must not break a line, and a hyphen inside a word.
const (
	keepSpace  = 'ǀ'
	keepHyphen = 'ǁ'
)

// inWordHyphen finds a hyphen between two letters or digits ("per-sample").
var inWordHyphen = regexp.MustCompile(`([\pL\pN])-([\pL\pN])`)

// keepTogether marks what glamour must not wrap apart in prose wrapped to
// width: a hyphenated word (its wrap broke "per-" from "sample" and left
// the next word alone on a line), and the last two words of every
// paragraph and list item, so that no paragraph ends in a one-word line.
func keepTogether(text string, width int) string {
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if t == "" || strings.HasPrefix(t, "#") || strings.HasPrefix(t, "|") {
			continue
		}
		l = inWordHyphen.ReplaceAllString(l, "${1}"+string(keepHyphen)+"${2}")
		l = inWordHyphen.ReplaceAllString(l, "${1}"+string(keepHyphen)+"${2}") // "a-b-c" overlaps
		if j := strings.LastIndexByte(strings.TrimRight(l, " "), ' '); j > 0 {
			last := strings.TrimRight(l, " ")[j+1:]
			before := strings.LastIndexByte(l[:j], ' ')
			if pair := l[before+1 : j]; len([]rune(pair))+1+len([]rune(last)) <= width*2/3 && before > 0 && !startsBlock(pair+" ") {
				l = l[:j] + string(keepSpace) + l[j+1:]
			}
		}
		lines[i] = l
	}
	return strings.Join(lines, "\n")
}

// restoreProse puts the spaces and hyphens keepTogether hid back.
func restoreProse(s string) string {
	return strings.NewReplacer(string(keepSpace), " ", string(keepHyphen), "-").Replace(s)
}

// mdBlock is a run of lesson text: a code block (kept line by line), one
// list item, or the prose between.
type mdBlock struct {
	text      string
	code      bool
	item      bool // a list item, its bullet written out ("• ", "2\\. ")
	afterItem bool // it follows a list item
}

// listItem reads a list item: "- text" or "* text" as "• text", "2. text"
// as "2\\. text" (escaped, so that glamour takes it as a paragraph).
func listItem(l string) (string, bool) {
	t := strings.TrimLeft(l, " ")
	if strings.HasPrefix(t, "- ") || strings.HasPrefix(t, "* ") || strings.HasPrefix(t, "+ ") {
		return "• " + strings.TrimSpace(t[2:]), true
	}
	i := 0
	for i < len(t) && t[i] >= '0' && t[i] <= '9' {
		i++
	}
	if i > 0 && i+1 < len(t) && (t[i] == '.' || t[i] == ')') && t[i+1] == ' ' {
		return t[:i] + "\\" + t[i:], true
	}
	return "", false
}

// splitBlocks cuts text (soft breaks already joined) into code blocks
// (indented by four spaces after a blank line, or fenced with ```), list
// items, and the prose between them.
func splitBlocks(text string) []mdBlock {
	var out []mdBlock
	var cur []string
	code := false
	add := func(b mdBlock) {
		b.afterItem = len(out) > 0 && out[len(out)-1].item
		out = append(out, b)
	}
	flush := func() {
		for len(cur) > 0 && strings.TrimSpace(cur[len(cur)-1]) == "" {
			cur = cur[:len(cur)-1]
		}
		for len(cur) > 0 && strings.TrimSpace(cur[0]) == "" {
			cur = cur[1:]
		}
		if len(cur) > 0 {
			add(mdBlock{text: strings.Join(cur, "\n"), code: code})
		}
		cur = nil
	}
	prevBlank, fenced := true, false
	for _, l := range strings.Split(text, "\n") {
		item, isItem := listItem(l)
		switch {
		case strings.HasPrefix(strings.TrimLeft(l, " "), "```"):
			flush()
			fenced = !fenced
			code = fenced
			prevBlank = true
			continue
		case fenced:
			cur = append(cur, "    "+l)
		case strings.TrimSpace(l) == "":
			cur = append(cur, l)
		case strings.HasPrefix(l, "    ") && (prevBlank || code):
			if !code {
				flush()
				code = true
			}
			cur = append(cur, l)
		case isItem:
			flush()
			code = false
			add(mdBlock{text: item, item: true})
		default:
			if code {
				flush()
				code = false
			}
			cur = append(cur, l)
		}
		prevBlank = strings.TrimSpace(l) == ""
	}
	flush()
	return out
}

// codeLines lays a code block (its lines indented by four spaces, the
// Markdown mark of code) out as glamour would: four spaces in from the
// pane's edge. Lines keep their length.
func codeLines(text string) string {
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight("    "+strings.TrimPrefix(l, "    "), " ")
		if strings.TrimSpace(l) == "" {
			lines[i] = ""
		}
	}
	return strings.Join(lines, "\n")
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
