package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/nnlab/nnlab/lessons"
)

// homeEntry is one line of the home menu.
type homeEntry struct {
	kind   string // lesson, playground, compare, final
	lesson *lessons.Lesson
	title  string
	desc   string
}

type home struct {
	c       *Common
	entries []homeEntry
	cursor  int
	offset  int
	cache   string
}

func newHome(c *Common) *home {
	h := &home{c: c}
	if cat := c.Opts.Catalog; cat != nil {
		for _, l := range cat.Lessons {
			h.entries = append(h.entries, homeEntry{kind: "lesson", lesson: l, title: l.Title, desc: l.Goal})
		}
	}
	h.entries = append(h.entries,
		homeEntry{kind: "playground", title: "Playground", desc: "Turn every knob of a small network and watch it train."},
		homeEntry{kind: "compare", title: "Compare", desc: "One factor varied at a time, the rest held fixed: initializer, optimizer, learning rate, activation, dropout (f: next factor)."},
	)
	if c.Opts.Catalog != nil && len(c.Opts.Catalog.Questions()) > 0 {
		h.entries = append(h.entries, homeEntry{kind: "final", title: "Final quiz", desc: "Questions from every lesson."})
	}
	return h
}

func (h *home) Init() tea.Cmd { return nil }
func (h *home) Title() string { return "Home" }
func (h *home) Park()         {}
func (h *home) Unpark()       { h.render() } // progress may have changed
func (h *home) Close()        {}
func (h *home) Tick() bool    { return false }
func (h *home) Resize()       { h.render() }
func (h *home) View() string  { return h.cache }

func (h *home) Help() help.KeyMap {
	k := h.c.Keys
	open := k.Enter
	return helpKeys{
		short: []key.Binding{k.Up, k.Down, open, k.Help, k.Quit},
		full:  [][]key.Binding{{k.Up, k.Down, open}, {k.Help, k.Quit}},
	}
}

func (h *home) Update(msg tea.Msg) tea.Cmd {
	km, ok := msg.(tea.KeyMsg)
	if !ok {
		return nil
	}
	k := h.c.Keys
	switch {
	case key.Matches(km, k.Up):
		h.cursor = (h.cursor + len(h.entries) - 1) % len(h.entries)
	case key.Matches(km, k.Down), key.Matches(km, k.NextPane):
		h.cursor = (h.cursor + 1) % len(h.entries)
	case key.Matches(km, k.PrevPane):
		h.cursor = (h.cursor + len(h.entries) - 1) % len(h.entries)
	case km.String() == "home" || km.String() == "g":
		h.cursor = 0
	case km.String() == "end" || km.String() == "G":
		h.cursor = len(h.entries) - 1
	case key.Matches(km, k.Enter), key.Matches(km, k.Right):
		h.render()
		return h.open(h.entries[h.cursor])
	default:
		// 1-9 open a lesson directly.
		if s := km.String(); len(s) == 1 && s[0] >= '1' && s[0] <= '9' {
			i := int(s[0] - '1')
			if i < len(h.entries) {
				h.cursor = i
			}
		}
	}
	h.render()
	return nil
}

func (h *home) open(e homeEntry) tea.Cmd {
	switch e.kind {
	case "lesson":
		return push(newLesson(h.c, e.lesson, -1))
	case "playground":
		return push(newPlayground(h.c))
	case "compare":
		return push(newCompare(h.c))
	case "final":
		qz := lessons.FinalExam(h.c.Opts.Catalog, 10, h.c.Opts.Seed)
		return push(newQuiz(h.c, "Final quiz", "", qz))
	}
	return nil
}

// progressNote summarises the learner's progress in a lesson in words.
func (h *home) progressNote(l *lessons.Lesson) string {
	if h.c.Opts.Store == nil {
		return ""
	}
	p := h.c.Opts.Store.Lesson(l.ID)
	var parts []string
	switch {
	case p.Completed:
		parts = append(parts, "✓✓ completed")
	case p.Visited:
		parts = append(parts, "✓ visited")
	}
	if p.Best != nil && p.Best.Total > 0 {
		parts = append(parts, fmt.Sprintf("quiz best %d/%d", p.Best.Correct, p.Best.Total))
	}
	return strings.Join(parts, " · ")
}

func (h *home) render() {
	c, st := h.c, h.c.Styles
	w, ht := c.Width, c.Height
	var lines []string
	lines = append(lines, "", st.render(st.Section, " Learn how neural networks train — live, in your terminal."), "")
	if c.Opts.Catalog == nil || len(c.Opts.Catalog.Lessons) == 0 {
		lines = append(lines, st.render(st.Muted, " (no lessons loaded)"), "")
	}
	// Each entry takes two lines (title, description) when there is room.
	two := ht-len(lines) >= 2*len(h.entries)+1
	var items []string
	cursorLine := 0
	sep := false
	// The first nine entries are numbered (1-9 move to them), and every
	// lesson: right-aligned when there are ten or more.
	numbered := func(i int, e homeEntry) bool { return i < 9 || e.kind == "lesson" }
	numW := 1
	for i, e := range h.entries {
		if numbered(i, e) {
			numW = len(fmt.Sprint(i + 1))
		}
	}
	for i, e := range h.entries {
		if e.kind != "lesson" && !sep {
			sep = true
			items = append(items, st.render(st.Muted, " "+strings.Repeat("─", max(0, min(w-2, 40)))))
		}
		mark := "  "
		if i == h.cursor {
			mark = "› "
			cursorLine = len(items)
		}
		num := strings.Repeat(" ", numW+2)
		if numbered(i, e) {
			num = fmt.Sprintf("%*d. ", numW, i+1)
		}
		title := e.title
		note := ""
		switch {
		case e.kind == "lesson":
			note = h.progressNote(e.lesson)
		case e.kind == "final" && c.Opts.Store != nil:
			if b := c.Opts.Store.Final(); b != nil {
				note = fmt.Sprintf("best %d/%d", b.Correct, b.Total) // its own record, not the lessons'
			}
		}
		if note != "" {
			title += "  " + st.render(st.Good, "["+note+"]")
		}
		line := " " + mark + num + title
		if i == h.cursor {
			line = " " + mark + num + st.render(st.Selected, e.title) + strings.TrimPrefix(title, e.title)
		}
		if two {
			items = append(items, line, "      "+st.render(st.Muted, e.desc))
		} else {
			items = append(items, line+st.render(st.Muted, " — "+e.desc))
		}
	}
	room := max(1, ht-len(lines))
	if cursorLine < h.offset {
		h.offset = cursorLine
	}
	if cursorLine+2 > h.offset+room {
		h.offset = cursorLine + 2 - room
	}
	h.offset = max(0, min(h.offset, max(0, len(items)-room)))
	lines = append(lines, items[h.offset:]...)
	h.cache = block(lines, w, ht)
}
