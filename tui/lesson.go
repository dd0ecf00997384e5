package tui

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/nnlab/nnlab/lessons"
)

// Lesson panes.
const (
	paneText = iota
	paneExp
)

// lessonScreen shows a lesson's pages beside (wide) or above (narrow) the
// live experiment of the selected preset.
type lessonScreen struct {
	c      *Common
	l      *lessons.Lesson
	page   int
	preset int
	focus  int
	tasks  bool // the text pane shows the "try this" tasks
	sel    int  // the selected task
	// input, when open, edits the selected task's knob.
	input *knobInput
	// edits are the presets the learner changed from the tasks, by index.
	edits map[int]*presetEdit
	// quiz is the lesson's quiz while it is not finished: z picks it up
	// where it was left.
	quiz      *quizScreen
	taskSpans [][2]int // each task's first and last line in the text
	vp        viewport.Model
	exp       experiment
	wide      bool
	textW     int
	wideText  bool  // a line of the page is wider than the pane: it scrolls sideways
	lineW     []int // the width of each line of the page
	textH     int
	expW      int
	expH      int
	files     *filePrompt // w saves the experiment, x exports its charts
}

func textKeyMap() viewport.KeyMap {
	b := func(help, desc string, keys ...string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
	}
	return viewport.KeyMap{
		Up: b("↑/k", "scroll up", "up", "k"), Down: b("↓/j", "scroll down", "down", "j"),
		PageUp: b("pgup", "page up", "pgup"), PageDown: b("pgdn", "page down", "pgdown"),
		HalfPageUp: b("ctrl+u", "½ page up", "ctrl+u"), HalfPageDown: b("ctrl+d", "½ page down", "ctrl+d"),
		// Code lines wider than the pane scroll sideways (← and → turn
		// the pages).
		Left: b("shift+←", "scroll left", "shift+left"), Right: b("shift+→", "scroll right", "shift+right"),
	}
}

// newLesson opens lesson l at its first page with the given preset (−1:
// the one the first page names, else the first).
func newLesson(c *Common, l *lessons.Lesson, preset int) *lessonScreen {
	s := &lessonScreen{c: c, l: l, preset: preset, files: newFilePrompt(c, l.ID)}
	s.vp = viewport.New(10, 5)
	s.vp.KeyMap = textKeyMap()
	s.vp.SetHorizontalStep(8)
	if preset < 0 && len(l.Pages) > 0 {
		s.preset = pagePreset(l, 0)
	}
	if s.preset < 0 || s.preset >= len(l.Presets) {
		s.preset = 0
	}
	s.makeExperiment()
	return s
}

// makeExperiment builds the panel of the selected preset (not started).
func (s *lessonScreen) makeExperiment() {
	if s.exp != nil {
		s.exp.close()
		s.exp = nil
	}
	if len(s.l.Presets) == 0 {
		return
	}
	p := s.l.Presets[s.preset]
	spec := s.c.spec(p.Spec)
	var values []string
	if p.Vary != nil {
		values = p.Vary.Values
	}
	e := s.edits[s.preset]
	if e != nil {
		spec = e.spec.Clone()
		if e.values != nil {
			values = e.values
		}
	}
	// The preset's id, as the text names it ("open the preset *loop*").
	name := "Experiment " + p.ID
	if len(s.l.Presets) > 1 {
		name = fmt.Sprintf("Experiment %d/%d · %s", s.preset+1, len(s.l.Presets), p.ID)
	}
	note := e.note()
	title := strings.TrimSpace(note + " " + p.Title)
	if p.View == lessons.ViewWalkthrough {
		s.exp = newWalkPanel(s.c, spec, name+": "+title)
	} else if p.View == lessons.ViewLRFind {
		rp := newRunPanel(s.c, spec, name+": "+title)
		rp.sweepRates()
		s.exp = rp
	} else if p.Vary != nil {
		cp := newComparePanel(s.c, spec, p.Vary.Field, values, name, p.Title)
		cp.swapKey, cp.note = "f", note
		if len(p.Vary.Labels) > 0 {
			cp.nameRuns(p.Vary.Values, p.Vary.Labels)
		}
		s.exp = cp
	} else {
		s.exp = newRunPanel(s.c, spec, name+": "+title)
	}
	s.layoutExp()
}

func (s *lessonScreen) Init() tea.Cmd {
	var cmds []tea.Cmd
	if st := s.c.Opts.Store; st != nil {
		st.Visit(s.l.ID)
		cmds = append(cmds, saveCmd(s.c))
	}
	if s.exp != nil {
		cmds = append(cmds, s.exp.start())
	}
	return tea.Batch(cmds...)
}

func (s *lessonScreen) Title() string { return s.l.Title }

func (s *lessonScreen) acceptRuns(msg runsStartedMsg) bool {
	return s.exp != nil && s.exp.acceptRuns(msg)
}

// acceptWalk takes the walkthrough its walk panel asked for.
func (s *lessonScreen) acceptWalk(msg walkReadyMsg) bool {
	wp, ok := s.exp.(*walkPanel)
	return ok && wp.accept(msg)
}

func (s *lessonScreen) Tick() bool { return s.exp != nil && s.exp.tick() }

func (s *lessonScreen) Park() {
	if s.exp != nil {
		s.exp.park()
	}
}

func (s *lessonScreen) Unpark() {
	if s.exp != nil {
		s.exp.unpark()
	}
}

func (s *lessonScreen) Close() {
	if s.exp != nil {
		s.exp.close()
	}
}

// Esc cancels the knob input, then closes the tasks overlay.
func (s *lessonScreen) Esc() bool {
	if s.files.esc() {
		s.layoutExp()
		return true
	}
	if s.input != nil {
		s.input = nil
		s.layoutInput()
		return true
	}
	if s.tasks {
		s.tasks = false
		s.vp.SetYOffset(0)
		s.setText()
		return true
	}
	return false
}

// Typing says whether the knob input reads the keys.
func (s *lessonScreen) Typing() bool { return s.input != nil || s.files.open() }

func (s *lessonScreen) Help() help.KeyMap {
	k := s.c.Keys
	if s.files.open() {
		return helpKeys{short: k.inputKeys(false), full: [][]key.Binding{k.inputKeys(false)}}
	}
	if s.input != nil {
		keys := k.inputKeys(len(s.input.allowed) > 0)
		return helpKeys{short: keys, full: [][]key.Binding{keys}}
	}
	if s.tasks && s.focus == paneText && len(s.l.Tasks) > 0 && s.exp != nil {
		tasks := []key.Binding{k.PickTask, k.ChangeKnob, k.CloseTasks}
		short := append(slices.Clone(tasks), k.Pause, k.Reset, k.Preset, k.NextPane, k.Back, k.Help)
		return helpKeys{short: short, full: [][]key.Binding{tasks, {k.PrevPage, k.NextPage, k.Preset, k.Quiz}, s.exp.keys(), k.globalKeys()}}
	}
	nav := []key.Binding{k.PrevPage, k.NextPage, k.Preset, k.Tasks, k.Quiz}
	text := []key.Binding{k.Up, k.Down, k.PageUp, k.PageDown, s.vp.KeyMap.Left, s.vp.KeyMap.Right}
	run := k.runKeys()
	if s.exp != nil {
		run = s.exp.keys()
	}
	if _, ok := s.exp.(*comparePanel); ok {
		run = append(run, key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "chart/gradients/activations")))
	}
	var short []key.Binding
	_, walk := s.exp.(*walkPanel)
	if s.focus == paneText && walk {
		short = append(short, k.Up, k.Down, k.PrevPage, k.NextPage, k.WalkNext, k.Preset, k.Tasks, k.Quiz, k.NextPane)
	} else if s.focus == paneText {
		short = append(short, k.Up, k.Down, k.PrevPage, k.NextPage, k.Pause, k.Preset, k.Tasks, k.Quiz, k.NextPane)
	} else {
		short = append(short, run...)
		short = append(short, k.Preset, k.NextPane)
	}
	short = append(short, k.Back, k.Help)
	return helpKeys{short: short, full: [][]key.Binding{text, nav, run, {k.Save, k.Export}, k.globalKeys()}}
}

// Resize lays the panes out: side by side from 120 columns, else stacked.
func (s *lessonScreen) Resize() {
	w, h := s.c.Width, s.c.Height
	s.wide = w >= 120
	if s.wide {
		s.textW = max(40, min(60, w*3/8))
		s.textH = h - 1
		s.expW = w - s.textW - 3
		s.expH = h
	} else {
		s.textW = w
		// Stacked: the focused pane gets the room.
		textRows := max(4, h/2)
		if s.focus == paneExp {
			textRows = max(3, h/5)
		}
		if s.exp == nil {
			textRows = h - 1
		}
		s.textH = textRows
		s.expW = w
		s.expH = max(0, h-textRows-1)
	}
	s.vp.Width, s.vp.Height = s.textW, max(1, s.textH)
	s.setText()
	s.layoutInput()
	s.layoutExp()
}

func (s *lessonScreen) layoutExp() {
	if s.exp != nil && s.expW > 0 {
		s.exp.setSize(s.expW, max(1, s.expH-s.files.height(s.expW)))
	}
}

// setText renders the current page (or the tasks) into the viewport.
func (s *lessonScreen) setText() {
	st := s.c.Styles
	var md string
	if s.tasks {
		var input []string
		if s.input != nil {
			input = s.input.lines
		}
		lines, spans := tasksView(s.l.Tasks, s.sel, input, s.textW, st)
		s.taskSpans = spans
		yoff := s.vp.YOffset
		s.vp.SetContent(strings.Join(lines, "\n"))
		s.vp.SetYOffset(yoff)
		return
	} else if len(s.l.Pages) > 0 {
		p := s.l.Pages[s.page]
		md = "## " + p.Title + "\n\n" + p.Body
	} else {
		md = s.l.Goal
	}
	yoff := s.vp.YOffset
	text := s.c.Markdown.Render(md, s.textW)
	s.lineW = s.lineW[:0]
	s.wideText = false
	for _, l := range strings.Split(text, "\n") {
		s.lineW = append(s.lineW, lipglossWidth(l))
		s.wideText = s.wideText || lipglossWidth(l) > s.textW
	}
	s.vp.SetContent(text)
	s.vp.SetYOffset(yoff)
}

// setPage turns to page p; a page that names a preset ("In *schedules*
// …") opens that preset's experiment.
func (s *lessonScreen) setPage(p int) tea.Cmd {
	if len(s.l.Pages) == 0 {
		return nil
	}
	p = (p + len(s.l.Pages)) % len(s.l.Pages)
	if p != s.page || s.tasks {
		s.page, s.tasks = p, false
		s.vp.SetYOffset(0)
		s.setText()
	}
	return s.openPreset(pagePreset(s.l, p))
}

// show turns to page p and opens preset i ("show me" from a quiz).
func (s *lessonScreen) show(i, p int) tea.Cmd {
	if p >= 0 && p < len(s.l.Pages) && (p != s.page || s.tasks) {
		s.page, s.tasks = p, false
		s.vp.SetYOffset(0)
		s.setText()
	}
	return s.openPreset(i)
}

// presetPage is the first page that names preset i (0 when none does).
func presetPage(l *lessons.Lesson, i int) int {
	for p, pg := range l.Pages {
		if slices.Contains(presetMentions(l, pg.Body), i) {
			return p
		}
	}
	return 0
}

// pagePreset is the preset page p is about: the first it names, or −1.
func pagePreset(l *lessons.Lesson, p int) int {
	if m := presetMentions(l, l.Pages[p].Body); len(m) > 0 {
		return m[0]
	}
	return -1
}

// openPreset switches the experiment to preset i (nothing for −1 or the
// one shown).
func (s *lessonScreen) openPreset(i int) tea.Cmd {
	if i < 0 || i == s.preset || i >= len(s.l.Presets) {
		return nil
	}
	s.preset = i
	s.makeExperiment()
	return s.exp.start()
}

func (s *lessonScreen) Update(msg tea.Msg) tea.Cmd {
	k := s.c.Keys
	before := s.files.height(s.expW)
	cmd, ok := s.files.update(msg)
	if s.files.height(s.expW) != before {
		s.layoutExp()
	}
	if ok {
		return cmd
	}
	switch msg := msg.(type) {
	case tea.MouseMsg:
		var cmd tea.Cmd
		s.vp, cmd = s.vp.Update(msg)
		return cmd
	case tea.KeyMsg:
		if s.input != nil {
			return s.inputKey(msg)
		}
		if s.tasks && s.focus == paneText && s.exp != nil {
			switch {
			case key.Matches(msg, k.PickTask) && key.Matches(msg, k.Up):
				s.selectTask(-1)
				return nil
			case key.Matches(msg, k.PickTask):
				s.selectTask(+1)
				return nil
			case key.Matches(msg, k.ChangeKnob):
				return s.openInput()
			}
		}
		switch {
		case key.Matches(msg, k.NextPane), key.Matches(msg, k.PrevPane):
			if s.exp != nil {
				s.focus = 1 - s.focus
				s.Resize()
			}
			return nil
		case key.Matches(msg, k.PrevPage):
			return s.setPage(s.page - 1)
		case key.Matches(msg, k.NextPage):
			return s.setPage(s.page + 1)
		case key.Matches(msg, k.Preset):
			if len(s.l.Presets) > 1 {
				s.preset = (s.preset + 1) % len(s.l.Presets)
				s.makeExperiment()
				return s.exp.start()
			}
			return nil
		case key.Matches(msg, k.Tasks):
			s.tasks = !s.tasks
			s.vp.SetYOffset(0)
			if s.tasks && s.focus != paneText {
				s.focus = paneText // the tasks are picked in the text pane
				s.Resize()
			}
			s.setText()
			if s.tasks {
				s.selectTask(0)
			}
			return nil
		case key.Matches(msg, k.Quiz):
			if len(s.l.Questions) == 0 {
				return nil
			}
			if s.quiz == nil || s.quiz.done {
				qz := lessons.NewQuiz(s.l.Questions, s.c.Opts.Seed, true)
				s.quiz = newQuiz(s.c, "Quiz: "+s.l.Title, s.l.ID, qz)
			}
			return push(s.quiz)
		case key.Matches(msg, k.Factor):
			if cp, ok := s.exp.(*comparePanel); ok {
				cp.swapView()
			}
			return nil
		case key.Matches(msg, k.Save), key.Matches(msg, k.Export):
			sv, _ := s.exp.(saver)
			cmd := s.files.ask(msg, sv)
			s.layoutExp()
			return cmd
		}
		if s.exp != nil {
			if cmd, ok := s.exp.key(msg); ok {
				return cmd
			}
		}
		if s.focus == paneText || s.exp == nil {
			var cmd tea.Cmd
			s.vp, cmd = s.vp.Update(msg)
			return cmd
		}
	}
	return nil
}

func (s *lessonScreen) textTitle() string {
	if s.tasks {
		return "Try this"
	}
	if len(s.l.Pages) == 0 {
		return s.l.Title
	}
	pct := ""
	if s.vp.TotalLineCount() > s.vp.Height {
		pct = fmt.Sprintf(" · %d%%", int(s.vp.ScrollPercent()*100))
	}
	if s.wideText {
		pct += " · wide lines: shift+←/→"
	}
	return fmt.Sprintf("Page %d/%d%s", s.page+1, len(s.l.Pages), pct)
}

// textView is the text pane's viewport, a line that goes on past the
// pane's right edge ending in "→".
func (s *lessonScreen) textView() string {
	v := s.vp.View()
	if !s.wideText || s.tasks {
		return v
	}
	longest := slices.Max(s.lineW)
	xoff := int(math.Round(s.vp.HorizontalScrollPercent() * float64(max(0, longest-s.vp.Width))))
	lines := strings.Split(v, "\n")
	for i, l := range lines {
		if j := s.vp.YOffset + i; j < len(s.lineW) && s.lineW[j] > xoff+s.vp.Width {
			lines[i] = ansi.Truncate(l, s.vp.Width-1, "") + "→"
		}
	}
	return strings.Join(lines, "\n")
}

// paneTitle marks the focused pane with ▸ (and colour).
func (s *lessonScreen) paneTitle(text string, focused bool, w int) string {
	st := s.c.Styles
	if focused {
		return fit(st.render(st.Focused, "▸ "+text), w)
	}
	return fit(st.render(st.Muted, "  "+text), w)
}

func (s *lessonScreen) View() string {
	w, h := s.c.Width, s.c.Height
	text := s.paneTitle(s.textTitle(), s.focus == paneText, s.textW) + "\n" + blockText(s.textView(), s.textW, s.textH)
	if s.exp == nil {
		return blockText(text, w, h)
	}
	exp := s.exp.view()
	if s.focus == paneExp {
		exp = markFocus(exp, s.c.Styles)
	}
	if ph := s.files.height(s.expW); ph > 0 {
		exp = sized(exp, s.expW, max(1, s.expH-ph)) + "\n" + s.files.view(s.expW)
	}
	if s.wide {
		sep := strings.TrimSuffix(strings.Repeat("│\n", h), "\n")
		if s.c.Styles.Color {
			sep = s.c.Styles.Blurred.Render(sep)
		}
		// Both panes are fitted to their cells already: join them row by
		// row instead of measuring the whole frame again.
		return joinRows(text, sep, sized(exp, s.expW, s.expH))
	}
	return blockText(text+"\n"+sized(exp, s.expW, s.expH), w, h)
}

// markFocus puts ▸ before the experiment's first line.
func markFocus(s string, st Styles) string {
	first, rest, _ := strings.Cut(s, "\n")
	w := lipglossWidth(first)
	if strings.HasPrefix(first, "  ") {
		first = first[2:]
	} else if strings.HasSuffix(first, "  ") {
		first = first[:len(first)-2] // room for the mark without cutting the title
	}
	return fit(st.render(st.Focused, "▸ ")+first, w) + "\n" + rest
}
