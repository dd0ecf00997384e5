package tui

import (
	"fmt"
	"strings"
	"sync"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/nnlab/nnlab/lab"
	"github.com/nnlab/nnlab/lab/spec"
)

// walkReadyMsg carries a walkthrough worked out by walkPanel.start.
type walkReadyMsg struct {
	id   int
	walk *lab.Walk
	err  error
}

var walkIDs struct {
	sync.Mutex
	n int
}

// walkPanel shows a preset as a walkthrough: one training step of its
// network taken apart value by value (lab.Walkthrough), revealed one value
// at a time.
type walkPanel struct {
	c     *Common
	spec  *spec.Spec
	title string
	id    int // tags the walkReadyMsg of the latest start
	walk  *lab.Walk
	err   error
	shown int // values revealed
	w, h  int
	cache string
}

func newWalkPanel(c *Common, spec *spec.Spec, title string) *walkPanel {
	return &walkPanel{c: c, spec: spec, title: title}
}

// start works the walkthrough out in a Cmd (it builds the network and
// loads the data).
func (p *walkPanel) start() tea.Cmd {
	walkIDs.Lock()
	walkIDs.n++
	p.id = walkIDs.n
	walkIDs.Unlock()
	id, spec := p.id, p.spec.Clone()
	p.walk, p.err, p.shown = nil, nil, 0
	p.render()
	return func() tea.Msg {
		w, err := lab.Walkthrough(spec)
		return walkReadyMsg{id: id, walk: w, err: err}
	}
}

// accept takes the walkthrough of the panel's latest start.
func (p *walkPanel) accept(msg walkReadyMsg) bool {
	if msg.id != p.id {
		return false
	}
	p.walk, p.err, p.shown = msg.walk, msg.err, 0
	p.render()
	return true
}

func (p *walkPanel) total() int {
	if p.walk == nil {
		return 0
	}
	return len(p.walk.Steps)
}

func (p *walkPanel) acceptRuns(runsStartedMsg) bool { return false }
func (p *walkPanel) tick() bool                     { return false }
func (p *walkPanel) keys() []key.Binding            { return p.c.Keys.walkKeys() }
func (p *walkPanel) park()                          {}
func (p *walkPanel) unpark()                        {}
func (p *walkPanel) close()                         {}
func (p *walkPanel) view() string                   { return p.cache }

func (p *walkPanel) key(msg tea.KeyMsg) (tea.Cmd, bool) {
	k := p.c.Keys
	switch {
	case key.Matches(msg, k.WalkNext):
		p.shown = min(p.shown+1, p.total())
	case key.Matches(msg, k.WalkSection):
		// Through the last value of the section the next value opens.
		if n := p.total(); p.shown < n {
			g := p.walk.Steps[p.shown].Group
			for p.shown < n && p.walk.Steps[p.shown].Group == g {
				p.shown++
			}
		}
	case key.Matches(msg, k.WalkEnd):
		p.shown = p.total()
	case key.Matches(msg, k.WalkBack):
		p.shown = max(p.shown-1, 0)
	case key.Matches(msg, k.WalkReset):
		p.shown = 0
	default:
		return nil, false
	}
	p.render()
	return nil, true
}

func (p *walkPanel) setSize(w, h int) {
	if w == p.w && h == p.h {
		return
	}
	p.w, p.h = w, h
	p.render()
}

func (p *walkPanel) render() {
	v := walkView{title: p.title, shown: p.shown, loading: p.walk == nil && p.err == nil}
	if p.err != nil {
		v.errText = p.err.Error()
	}
	if p.walk != nil {
		v.setup, v.steps, v.note = p.walk.Setup, p.walk.Steps, p.walk.Note
	}
	p.cache = renderWalk(v, p.w, p.h, p.c.Styles)
}

// walkView is what renderWalk needs.
type walkView struct {
	title   string
	setup   string
	steps   []lab.Step
	note    string
	shown   int // how many steps are revealed; the last of them is current
	loading bool
	errText string
}

// fmtWalkValue formats a walkthrough value with 9 significant digits
// (trailing zeros kept, so that the values line up) and a true minus sign.
func fmtWalkValue(v float64) string {
	s := fmt.Sprintf("%#.9g", v)
	if i := strings.IndexByte(s, 'e'); i >= 0 { // e-05 → e-5
		mant, exp := s[:i], s[i+1:]
		sign := ""
		if exp[0] == '-' {
			sign = "-"
		}
		s = mant + "e" + sign + strings.TrimLeft(exp[1:], "0")
	}
	if strings.HasPrefix(s, "-") {
		s = "−" + s[1:]
	}
	return s
}

// walkGroupTitle is a group's heading: "forward" → "Forward".
func walkGroupTitle(g string) string {
	if g == "" {
		return g
	}
	return strings.ToUpper(g[:1]) + g[1:]
}

// renderWalk draws a walkthrough in exactly w×h cells: the title, the
// progress ("value 7 of 60"), the setup when there is room, then the
// revealed values under their group headings, each as
// "label = formula = value", the newest marked with "›" and highlighted.
// The list keeps its newest line in view (the heading of the group at the
// top stays visible); after the last value comes the walk's note.
func renderWalk(v walkView, w, h int, st Styles) string {
	if w <= 0 || h <= 0 {
		return ""
	}
	var head []string
	if v.title != "" {
		head = append(head, fit(st.render(st.Section, v.title), w))
	}
	switch {
	case v.errText != "":
		head = append(head, st.render(st.Bad, "No walkthrough: ")+v.errText)
		return block(wrapLines(head, w), w, h)
	case v.loading:
		head = append(head, st.render(st.Muted, "working the values out…"))
		return block(head, w, h)
	}
	n := len(v.steps)
	shown := max(0, min(v.shown, n))
	progress := fmt.Sprintf("value %d of %d", shown, n)
	switch {
	case shown == 0:
		progress += st.render(st.Muted, " · n or enter shows the first · g a section · G all")
	case shown == n:
		progress += st.render(st.Muted, " · all shown · r starts over")
	default:
		progress += st.render(st.Muted, " · n next · g section · G all · b back · r start over")
	}
	head = append(head, fit(progress, w))
	if v.setup != "" && h >= 14 {
		for _, l := range wrapLines(strings.Split(v.setup, "\n"), w) {
			head = append(head, st.render(st.Muted, l))
		}
	}
	rows := h - len(head)
	if rows <= 0 {
		return block(head, w, h)
	}

	body, groups, isHead := walkLines(v.steps, shown, w, st)
	if shown == n && v.note != "" {
		note := wrapLines([]string{"Done. " + v.note}, w)
		for _, l := range note {
			body = append(body, st.render(st.Good, l))
			groups = append(groups, "")
			isHead = append(isHead, true)
		}
	}
	// Keep the newest lines in view; the heading of the top group stays.
	off := max(0, len(body)-rows)
	visible := body[off:]
	if off > 0 && rows > 1 && !isHead[off] && !isHead[off+1] {
		title := fit(st.render(st.Section, walkGroupTitle(groups[off+1])+" (continued)"), w)
		visible = append([]string{title}, body[off+1:]...)
	}
	return block(append(head, visible...), w, h)
}

// walkLines lays the first shown steps out for width w: a heading where the
// group changes, then "label = formula = value" with labels and values in
// columns (laid out for all steps, so that revealing one moves nothing). A
// formula too long for its column runs into the value's column when the
// line has room, else wraps onto more lines. It returns the lines, the
// group of each and whether each is a heading.
func walkLines(steps []lab.Step, shown, w int, st Styles) (lines, groups []string, isHead []bool) {
	const marker, eq = 2, 3 // "› ", " = "
	labelW, valueW, formulaW := 0, 0, 0
	for _, s := range steps {
		labelW = max(labelW, lipglossWidth(s.Label))
		valueW = max(valueW, lipglossWidth(fmtWalkValue(s.Value)))
		formulaW = max(formulaW, lipglossWidth(s.Formula))
	}
	labelW = min(labelW, max(4, w/4))
	formulaW = min(formulaW, w-marker-labelW-eq-eq-valueW)
	narrow := formulaW < 12 // too narrow for columns: the value goes below
	if narrow {
		formulaW = max(4, w-marker-labelW-eq)
	}
	group := ""
	for i := 0; i < shown; i++ {
		s := steps[i]
		if s.Group != group {
			group = s.Group
			lines = append(lines, fit(st.render(st.Section, walkGroupTitle(group)), w))
			groups, isHead = append(groups, group), append(isHead, true)
		}
		current := i == shown-1
		mark := "  "
		if current {
			mark = "› "
		}
		label := fit(s.Label, labelW)
		value := fmtWalkValue(s.Value)
		var out []string
		if fw := lipglossWidth(s.Formula); !narrow && fw > formulaW && marker+labelW+eq+fw+eq+lipglossWidth(value) <= w {
			out = append(out, mark+label+" = "+s.Formula+" = "+value)
		} else {
			parts := strings.Split(ansi.Wrap(s.Formula, formulaW, ""), "\n")
			for j, f := range parts {
				pre := strings.Repeat(" ", marker+labelW) + "   "
				if j == 0 {
					pre = mark + label + " = "
				}
				line := pre + fit(f, formulaW)
				if j == len(parts)-1 && !narrow {
					line += " = " + value
				}
				out = append(out, line)
			}
		}
		if narrow {
			out = append(out, strings.Repeat(" ", marker+labelW)+" = "+value)
		}
		for _, l := range out {
			l = fit(strings.TrimRight(l, " "), w)
			if current {
				l = st.render(st.Selected, l)
			}
			lines = append(lines, l)
			groups, isHead = append(groups, group), append(isHead, false)
		}
	}
	return lines, groups, isHead
}
