// Package tui is nnlab's terminal interface: a root model that routes
// between small screens (home, lesson, compare, playground, quiz) sharing a
// Common struct. Screens see training only through lab snapshots, drained
// by one ~30 fps tick loop that runs only while something changes (a run
// trains, or a key was pressed a moment ago); charts are rendered when a
// snapshot arrives or the size changes, and View only joins the cached
// strings.
package tui

import (
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/nnlab/nnlab/lab/spec/safetext"
)

// Minimum terminal size.
const (
	MinWidth  = 60
	MinHeight = 16
)

// frame is the tick interval: at most ~30 frames per second.
const frame = time.Second / 30

// grace is how long the tick loop keeps going after the last message
// (a key press, runs started) when no run is training, so that the effect
// of a command (a single step, a pause) reaches the screen; after it a
// still screen costs no CPU.
const grace = time.Second

// screen is one page of the app. Screens are pointers and update in place.
type screen interface {
	Init() tea.Cmd
	Update(msg tea.Msg) tea.Cmd
	View() string
	// Resize re-renders for the size in Common.
	Resize()
	// Help is the key help of the focused pane.
	Help() help.KeyMap
	// Tick drains the screen's runs (called ~30 times a second while the
	// tick loop runs) and reports whether any of them is still training,
	// so that the loop goes on.
	Tick() bool
	// Title is shown in the header bar.
	Title() string
	// Park and Unpark are called when another screen covers this one and
	// when it is back on top; Close when it is left for good.
	Park()
	Unpark()
	Close()
}

// escaper is a screen that uses esc itself (closing an overlay) before esc
// means "back".
type escaper interface{ Esc() bool }

// typer is a screen that is reading text, so that letters are not global
// keys (q still quits only via ctrl+c then).
type typer interface{ Typing() bool }

type (
	tickMsg  time.Time
	pushMsg  struct{ s screen }
	popMsg   struct{}
	savedMsg struct{ err error }
)

func push(s screen) tea.Cmd { return func() tea.Msg { return pushMsg{s} } }
func pop() tea.Msg          { return popMsg{} }

func tick() tea.Cmd { return tea.Tick(frame, func(t time.Time) tea.Msg { return tickMsg(t) }) }

// Model is the root model.
type Model struct {
	c        *Common
	stack    []screen
	w, h     int
	quitting bool
	flash    string // a message in the header (progress not saved)
	// ticking says a tick is on its way; quietAt is when the loop may stop
	// if no run is training.
	ticking bool
	quietAt time.Time
}

// New returns the app's root model, showing the home screen.
func New(opts Options) tea.Model { return newModel(opts) }

func newModel(opts Options) *Model {
	c := &Common{Styles: NewStyles(), Keys: DefaultKeyMap(), Opts: opts, Help: help.New(), Markdown: newMarkdown(), Speed: autoSpeed}
	c.Help.ShortSeparator = " · "
	if !c.Styles.Color {
		c.Help.Styles = help.Styles{}
	}
	m := &Model{c: c, w: 80, h: 24}
	if opts.Store != nil {
		if why := opts.Store.ReadOnly(); why != "" {
			m.flash = "progress not saved: " + why
		}
	}
	m.stack = []screen{newHome(c)}
	if o := opts.Open; o != nil {
		// Esc goes back to the home screen.
		from := safetext.Clean(o.From)
		if o.Vary != nil {
			m.stack = append(m.stack, newCompareFrom(c, o.Spec, o.Vary, from))
		} else {
			m.stack = append(m.stack, newPlaygroundFrom(c, o.Spec, from))
		}
	}
	m.resize()
	return m
}

// Run runs the app until the learner quits. A signal that would end the
// process ends the app instead, with the terminal restored; Run then
// returns a *SignalError.
func Run(opts Options) error {
	// catchSignals handles every signal. The renderer draws at most as
	// often as the tick loop makes frames; its own ticker is what still
	// wakes an idle program.
	popts := []tea.ProgramOption{tea.WithoutSignalHandler(), tea.WithFPS(int(time.Second / frame))}
	if opts.AltScreen {
		popts = append(popts, tea.WithAltScreen())
	}
	if !opts.NoMouse {
		popts = append(popts, tea.WithMouseCellMotion())
	}
	m := newModel(opts)
	p := tea.NewProgram(m, popts...)
	caught := catchSignals(p, os.Stdout)
	_, err := p.Run()
	sig := caught()
	m.closeAll() // also after a panic or a kill: no run outlives the program
	m.waitRuns(2 * time.Second)
	if sig != nil {
		return &SignalError{Signal: sig}
	}
	return err
}

// waitRuns waits (up to d) for the goroutines of every run to end.
func (m *Model) waitRuns(d time.Duration) {
	deadline := time.After(d)
	for _, g := range m.c.groups {
		for _, r := range g.started() {
			select {
			case <-r.Done():
			case <-deadline:
				return
			}
		}
	}
}

func (m *Model) top() screen { return m.stack[len(m.stack)-1] }

// Init starts the tick loop and the home screen.
func (m *Model) Init() tea.Cmd {
	m.ticking, m.quietAt = true, time.Now().Add(grace)
	return tea.Batch(tick(), m.top().Init())
}

func (m *Model) helpHeight() int {
	if !m.c.Help.ShowAll {
		return 1
	}
	return max(1, lipgloss.Height(m.c.Help.View(m.top().Help())))
}

// resize gives the top screen its area: everything but the header and the
// help lines.
func (m *Model) resize() {
	m.c.Width = max(1, m.w)
	m.c.Height = max(1, m.h-1-m.helpHeight())
	m.c.Help.Width = m.w
	if m.tooSmall() {
		return
	}
	m.top().Resize()
}

func (m *Model) tooSmall() bool { return m.w < MinWidth || m.h < MinHeight }

func (m *Model) closeAll() {
	for _, s := range m.stack {
		s.Close()
	}
}

// Update routes messages: global keys here, the rest to the top screen.
// Every message but a tick (re)starts the tick loop for a moment.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if m.quitting {
		return m, nil
	}
	if _, ok := msg.(tickMsg); ok {
		live := !m.tooSmall() && m.top().Tick()
		if live || time.Now().Before(m.quietAt) {
			return m, tick()
		}
		m.ticking = false
		return m, nil
	}
	if km, ok := msg.(tea.KeyMsg); ok && km.Type == tea.KeyRunes && len(km.Runes) > 1 && !km.Paste {
		// Keys typed faster than the program reads arrive as one message
		// ("53"): take them one by one, everywhere.
		var cmds []tea.Cmd
		for _, r := range km.Runes {
			one := km
			one.Runes = []rune{r}
			_, cmd := m.Update(one)
			cmds = append(cmds, cmd)
		}
		return m, tea.Batch(cmds...)
	}
	m.quietAt = time.Now().Add(grace)
	cmd := m.update(msg)
	if !m.ticking && !m.quitting {
		m.ticking = true
		cmd = tea.Batch(cmd, tick())
	}
	return m, cmd
}

func (m *Model) update(msg tea.Msg) tea.Cmd {
	k := m.c.Keys
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.w, m.h = msg.Width, msg.Height
		m.resize()
		return nil
	case tea.ResumeMsg:
		// Back from a suspend: bubbletea takes the terminal again but not
		// the mouse.
		if !m.c.Opts.NoMouse {
			return tea.EnableMouseCellMotion
		}
		return nil
	case runsStartedMsg:
		// Runs nobody accepts were cancelled when their screen closed.
		for _, s := range m.stack {
			if a, ok := s.(interface{ acceptRuns(runsStartedMsg) bool }); ok {
				a.acceptRuns(msg)
			}
		}
		return nil
	case walkReadyMsg:
		for _, s := range m.stack {
			if a, ok := s.(interface{ acceptWalk(walkReadyMsg) bool }); ok && a.acceptWalk(msg) {
				break
			}
		}
		return nil
	case pushMsg:
		m.top().Park()
		m.stack = append(m.stack, msg.s)
		m.resize()
		return msg.s.Init()
	case popMsg:
		m.popScreen()
		return nil
	case gradedMsg:
		// To its quiz, also when the learner left it while it was graded.
		return msg.quiz.Update(msg)
	case showMsg:
		// Back to the lesson under the quiz when it is the one to show,
		// so that z, s, z does not stack screens.
		if n := len(m.stack); n >= 2 {
			if ls, ok := m.stack[n-2].(*lessonScreen); ok && ls.l == msg.lesson {
				m.popScreen()
				return ls.show(msg.preset, msg.page)
			}
		}
		ls := newLesson(m.c, msg.lesson, msg.preset)
		ls.show(msg.preset, msg.page)
		return push(ls)
	case savedMsg:
		m.flash = ""
		if msg.err != nil {
			m.flash = "progress not saved: " + msg.err.Error()
		}
		return nil
	case tea.KeyMsg:
		typing := false
		if t, ok := m.top().(typer); ok {
			typing = t.Typing()
		}
		switch {
		case msg.Type == tea.KeyCtrlC, !typing && key.Matches(msg, k.Quit):
			return m.quit()
		case !typing && key.Matches(msg, k.Help):
			m.c.Help.ShowAll = !m.c.Help.ShowAll
			m.resize()
			return nil
		case key.Matches(msg, k.Back):
			if e, ok := m.top().(escaper); ok && e.Esc() {
				return nil
			}
			if len(m.stack) > 1 {
				m.popScreen()
			}
			return nil
		}
		if m.tooSmall() {
			return nil
		}
	}
	return m.top().Update(msg)
}

func (m *Model) popScreen() {
	if len(m.stack) <= 1 {
		return
	}
	m.top().Close()
	m.stack = m.stack[:len(m.stack)-1]
	m.resize()
	m.top().Unpark()
}

func (m *Model) quit() tea.Cmd {
	m.quitting = true
	m.closeAll()
	return tea.Quit
}

// View draws the header bar, the top screen and the help line.
func (m *Model) View() string {
	if m.quitting {
		return ""
	}
	if m.tooSmall() {
		msg := fmt.Sprintf("nnlab needs at least %d×%d (now %d×%d)", MinWidth, MinHeight, m.w, m.h)
		if m.w <= 0 || m.h <= 0 {
			return msg
		}
		// Wrapped to the width (30×8 must read it whole), centred.
		text := wrapLines([]string{msg}, m.w)
		lines := make([]string, m.h)
		top := max(0, (m.h-len(text))/2)
		for i, l := range text {
			if top+i < m.h {
				lines[top+i] = lipgloss.PlaceHorizontal(m.w, lipgloss.Center, fit(strings.TrimSpace(l), m.w))
			}
		}
		return block(lines, m.w, m.h)
	}
	var b strings.Builder
	b.WriteString(m.header())
	b.WriteByte('\n')
	b.WriteString(m.top().View())
	b.WriteByte('\n')
	b.WriteString(block(strings.Split(m.c.Help.View(m.top().Help()), "\n"), m.w, m.helpHeight()))
	return b.String()
}

func (m *Model) header() string {
	st := m.c.Styles
	crumbs := []string{"nnlab"}
	for _, s := range m.stack[1:] {
		crumbs = append(crumbs, s.Title())
	}
	left := " " + strings.Join(crumbs, " › ")
	right := "? keys  q quit "
	if m.flash != "" {
		right = m.flash + " "
	}
	if lipgloss.Width(left)+1+lipgloss.Width(right) > m.w {
		// Share the bar: a notice keeps at least half of it.
		right = fit(right, max(m.w/2, m.w-lipgloss.Width(left)-1))
		left = fit(left, m.w-lipgloss.Width(right)-1)
	}
	line := left + strings.Repeat(" ", max(1, m.w-lipgloss.Width(left)-lipgloss.Width(right))) + right
	line = fit(line, m.w)
	if st.Color {
		return st.Header.Render(st.Title.Render(line))
	}
	return line
}

// saveCmd writes the progress store (I/O, so in a Cmd).
func saveCmd(c *Common) tea.Cmd {
	s := c.Opts.Store
	if s == nil {
		return nil
	}
	return func() tea.Msg { return savedMsg{s.Save()} }
}
