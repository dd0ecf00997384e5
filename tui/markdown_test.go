package tui

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/glamour"
	"github.com/charmbracelet/lipgloss"

	"github.com/nnlab/nnlab/lessons"
)

func TestUnwrapJoinsSoftBreaksOnly(t *testing.T) {
	in := "Some text that\ncontinues here.\n\n- Item one that\n  goes on.\n- Item two\n\n    code line one\n    code line two\n\n## Heading\nText after\nheading.\n\n1. First\n2. Second\n"
	want := "Some text that continues here.\n\n- Item one that goes on.\n- Item two\n\n    code line one\n    code line two\n\n## Heading\nText after heading.\n\n1. First\n2. Second\n"
	if got := unwrap(in); got != want {
		t.Errorf("unwrap:\n%q\nwant\n%q", got, want)
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

// Every page of every lesson, at the text pane's widths (120, 80 and 200
// columns): no paragraph or list item ends in a line of one word, no word
// is broken at its hyphen, and every code line is shown whole (wider ones
// scroll sideways).
func TestLessonTextWrapsWithoutOrphans(t *testing.T) {
	cat, err := lessons.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	m := newMarkdown()
	hyphenEnd := regexp.MustCompile(`[\pL\pN]-$`)
	checked := 0
	for _, w := range []int{45, 60, 80} {
		r, err := glamour.NewTermRenderer(glamour.WithStandardStyle("notty"), glamour.WithWordWrap(w-4))
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range cat.Lessons {
			for pi, p := range l.Pages {
				where := fmt.Sprintf("width %d, %s page %d", w, l.ID, pi+1)
				page := m.Render("## "+p.Title+"\n\n"+p.Body, w)
				for _, b := range splitBlocks(unwrap(p.Body)) {
					if b.code {
						for _, cl := range strings.Split(b.text, "\n") {
							if cl = strings.TrimPrefix(strings.TrimRight(cl, " "), "    "); cl != "" && !strings.Contains(page, "    "+cl) {
								t.Errorf("%s: code line %q not shown whole", where, cl)
							}
						}
						continue
					}
					out, err := m.prose(r, b.text, w)
					if err != nil {
						t.Fatal(err)
					}
					lines := strings.Split(out, "\n")
					last := strings.Fields(lines[len(lines)-1])
					// (A last word of a third of the line is no orphan.)
					if len(lines) > 1 && len(last) == 1 && len([]rune(last[0])) < w/3 && len(strings.Fields(b.text)) > 2 && !strings.HasPrefix(b.text, "#") && !strings.Contains(b.text, "|") {
						t.Errorf("%s: %q ends in a one-word line:\n%s", where, b.text, out)
					}
					for _, line := range lines {
						if hyphenEnd.MatchString(strings.TrimSpace(line)) {
							t.Errorf("%s: a word broken at its hyphen: %q", where, line)
						}
						if lipgloss.Width(line) > w {
							t.Errorf("%s: prose line wider than %d: %q", where, w, line)
						}
					}
					checked++
				}
			}
		}
	}
	if checked < 300 {
		t.Errorf("only %d prose blocks checked", checked)
	}
}

// A page with a code line wider than the pane says so in its title, and
// shift+→ scrolls the pane sideways to the line's end.
func TestWideCodeScrollsSideways(t *testing.T) {
	wide := "    net_o1 = 0.40·out_h1 + 0.45·out_h2 + 0.60 = 1.105905967 (the end)"
	m, s := viewLesson(t, 120, 40, lessons.Preset{ID: "p", Title: "P", Spec: overfitSpec(10)})
	defer m.closeAll()
	s.l.Pages = []lessons.Page{{Title: "Wide", Body: "Some prose first.\n\n" + wide + "\n\nMore prose."}}
	s.setText()
	v := m.View()
	if !strings.Contains(v, "wide lines: shift+←/→") || !strings.Contains(v, "net_o1 = 0.40") || strings.Contains(v, "(the end)") {
		t.Fatalf("the wide line or its hint:\n%s", v)
	}
	for range 4 {
		m.Update(tea.KeyMsg{Type: tea.KeyShiftRight})
	}
	if v = m.View(); !strings.Contains(v, "(the end)") {
		t.Errorf("shift+→ did not scroll to the end of the line:\n%s", v)
	}
	m.Update(keyMsg("]")) // other keys still work
	if s.page != 0 {
		t.Errorf("] on a one-page lesson moved to page %d", s.page)
	}
}
