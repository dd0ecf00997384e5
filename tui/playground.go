package tui

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/nnlab/nnlab/lab"
	"github.com/nnlab/nnlab/lab/spec"
)

// playgroundSpec is where the playground starts: a small tanh network on
// the circle, every knob's field written out.
func playgroundSpec(seed uint64) *spec.Spec {
	lr, noise, test := 0.1, 0.1, 0.5
	hidden := spec.LayerSpec{Units: 8, Activation: "tanh"}
	return &spec.Spec{
		Name:      "playground",
		Seed:      seed,
		Data:      spec.DataSpec{Set: "circle", N: 500, Noise: &noise, Test: &test},
		Model:     spec.ModelSpec{Layers: []spec.LayerSpec{hidden, hidden, {Units: 2, Activation: "softmax"}}, Init: "xavier_normalized"},
		Loss:      "cross_entropy",
		Optimizer: spec.OptimizerSpec{Name: "sgd", LR: &lr},
		Batch:     32,
		Steps:     10000,
	}
}

// playground lets the learner build a network and its data with knobs.
// The knobs edit a spec (pending); enter applies it: live knobs through
// the run's setters, any other change by starting the run again from step
// 0 with the same seed.
type playground struct {
	c       *Common
	sel     int        // the selected knob
	top     int        // the first knob row shown
	pending *spec.Spec // the knobs' values
	applied *spec.Spec // what the run was started with, live changes applied
	err     string
	note    string
	focus   int // 0 knobs, 1 experiment
	panel   *runPanel
	knobW   int
	left    string // the knob panel, rendered on change
	files   *filePrompt
}

func newPlayground(c *Common) *playground {
	seed := uint64(1)
	if c.Opts.Seed != 0 {
		seed = c.Opts.Seed
	}
	return newPlaygroundFrom(c, playgroundSpec(seed), "")
}

// newPlaygroundFrom opens the playground on a spec (a file's, named by
// from).
func newPlaygroundFrom(c *Common, s *spec.Spec, from string) *playground {
	p := &playground{c: c, pending: s.Clone(), applied: s.Clone()}
	title := ""
	if from != "" {
		title = "Opened " + from
		p.note = "opened " + from + ": the knobs show its settings"
	}
	p.panel = newRunPanel(c, s.Clone(), title)
	p.files = newFilePrompt(c, "playground")
	return p
}

func (p *playground) Init() tea.Cmd                    { return p.panel.start() }
func (p *playground) Title() string                    { return "Playground" }
func (p *playground) Tick() bool                       { return p.panel.tick() }
func (p *playground) Park()                            { p.panel.park() }
func (p *playground) Unpark()                          { p.panel.unpark() }
func (p *playground) Close()                           { p.panel.close() }
func (p *playground) acceptRuns(m runsStartedMsg) bool { return p.panel.acceptRuns(m) }
func (p *playground) Typing() bool                     { return p.files.open() }

// Esc closes the file prompt.
func (p *playground) Esc() bool {
	if !p.files.esc() {
		return false
	}
	p.Resize()
	return true
}

func (p *playground) Resize() {
	w := p.c.Width
	p.knobW = max(30, min(35, w/3))
	p.panel.setSize(w-p.knobW-3, p.c.Height-p.files.height(w-p.knobW-3))
	p.renderKnobs()
}

func (p *playground) Help() help.KeyMap {
	k := p.c.Keys
	if p.files.open() {
		return helpKeys{short: k.inputKeys(false), full: [][]key.Binding{k.inputKeys(false)}}
	}
	change := key.NewBinding(key.WithKeys("left", "right"), key.WithHelp("←/→", "change value"))
	apply := key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "apply"))
	knobKeys := []key.Binding{k.Up, k.Down, change, apply}
	var short []key.Binding
	if p.focus == 0 {
		short = append(short, knobKeys...)
		short = append(short, k.Pause, k.Reset, k.Save, k.Export, k.NextPane)
	} else {
		short = append(short, p.panel.keys()...)
		short = append(short, k.Save, k.Export, k.NextPane)
	}
	short = append(short, k.Back, k.Help)
	return helpKeys{short: short, full: [][]key.Binding{knobKeys, p.panel.keys(), {k.Save, k.Export}, k.globalKeys()}}
}

func (p *playground) Update(msg tea.Msg) tea.Cmd {
	pw := p.c.Width - p.knobW - 3
	before := p.files.height(pw)
	cmd, ok := p.files.update(msg)
	if p.files.height(pw) != before {
		p.Resize()
	}
	if ok {
		return cmd
	}
	km, ok := msg.(tea.KeyMsg)
	if !ok {
		return nil
	}
	cmd = p.update(km)
	p.renderKnobs()
	return cmd
}

func (p *playground) update(km tea.KeyMsg) tea.Cmd {
	k := p.c.Keys
	knobs := knobsFor(defaulted(p.pending))
	p.sel = min(p.sel, len(knobs)-1)
	switch {
	case key.Matches(km, k.NextPane), key.Matches(km, k.PrevPane):
		p.focus = 1 - p.focus
		return nil
	case p.focus == 0 && key.Matches(km, k.Up):
		p.sel = (p.sel + len(knobs) - 1) % len(knobs)
		return nil
	case p.focus == 0 && key.Matches(km, k.Down):
		p.sel = (p.sel + 1) % len(knobs)
		return nil
	case p.focus == 0 && (key.Matches(km, k.Left) || key.Matches(km, k.Right)):
		dir := 1
		if key.Matches(km, k.Left) {
			dir = -1
		}
		p.turn(knobs[p.sel], dir)
		return nil
	case key.Matches(km, k.Enter):
		return p.apply()
	case key.Matches(km, k.NewSeed):
		p.pending.Seed++
		p.applied.Seed++
		return p.restart(fmt.Sprintf("new seed %d: restarted from step 0", p.applied.Seed))
	case key.Matches(km, k.Save), key.Matches(km, k.Export):
		return p.files.ask(km, p.panel)
	}
	cmd, handled := p.panel.key(km)
	if handled && (key.Matches(km, k.LRUp) || key.Matches(km, k.LRDown)) {
		lr := strconv.FormatFloat(p.panel.lr, 'g', -1, 64)
		p.pending.Set("lr", lr) // a positive number: Set cannot fail
		p.applied.Set("lr", lr)
		p.note = "lr now " + fmtNum(p.panel.lr) + " (live)"
	}
	return cmd
}

// turn steps a knob on the pending spec; a value the spec cannot take
// leaves it unchanged and says why.
func (p *playground) turn(k knob, dir int) {
	d := defaulted(p.pending)
	cur := k.get(d)
	if cur == "" {
		p.err = k.name + " does not apply to this network or data"
		return
	}
	next := p.pending.Clone()
	if err := k.step(next, cur, dir); err != nil {
		p.err = err.Error()
		return
	}
	p.pending, p.err, p.note = next, "", ""
}

// defaulted is a copy of s with the defaults filled in.
func defaulted(s *spec.Spec) *spec.Spec {
	d := s.Clone()
	d.Defaults()
	return d
}

// changed lists the knobs whose pending value differs from the run's, and
// says whether any of them needs a restart.
func (p *playground) changed() (names []string, restart bool) {
	dp, da := defaulted(p.pending), defaulted(p.applied)
	for _, k := range knobsFor(dp) {
		if k.get(dp) != k.get(da) {
			names = append(names, strings.TrimSpace(k.name)+" "+showValue(k, k.get(dp)))
			restart = restart || !k.live
		}
	}
	if len(hiddenWidths(dp)) != len(hiddenWidths(da)) {
		restart = true
	}
	return names, restart
}

// apply starts the pending values: live knobs through the run's setters,
// anything else by restarting the run from step 0 with the same seed.
func (p *playground) apply() tea.Cmd {
	d := defaulted(p.pending)
	if err := d.Validate(); err != nil {
		p.err = err.Error()
		return nil
	}
	p.err = ""
	names, restart := p.changed()
	if restart || len(p.panel.g.runs) == 0 {
		p.applied = p.pending.Clone()
		return p.restart(fmt.Sprintf("restarted from step 0 with seed %d: %s", p.applied.Seed, strings.Join(names, ", ")))
	}
	if len(names) == 0 {
		return nil
	}
	da := defaulted(p.applied)
	for _, k := range knobsFor(d) {
		v := k.get(d)
		if !k.live || v == k.get(da) {
			continue
		}
		f, _ := strconv.ParseFloat(v, 64) // the knobs' own numbers
		switch k.name {
		case "lr":
			p.panel.lr = f
			p.panel.g.each(func(r *lab.Run) { r.SetLR(f) })
		case "momentum":
			p.panel.g.each(func(r *lab.Run) { r.SetMomentum(f) })
		case "dropout":
			p.panel.g.each(func(r *lab.Run) { r.SetDropout(f) })
		case "batch":
			p.panel.g.each(func(r *lab.Run) { r.SetBatch(int(f)) })
		}
	}
	p.applied = p.pending.Clone()
	p.panel.spec = p.applied.Clone()
	p.panel.markLive()
	p.note = "live: " + strings.Join(names, ", ")
	if s, ok := p.panel.snap(); ok && (s.Status == lab.Done || s.Status == lab.Diverged) {
		// A finished run would ignore them: train again with them.
		p.panel.g.each((*lab.Run).Reset)
		p.note += " (run restarted)"
	}
	return nil
}

func (p *playground) restart(note string) tea.Cmd {
	p.note = note
	return p.panel.restart(p.applied.Clone())
}

// renderKnobs draws the knob panel (on key presses and resizes only).
func (p *playground) renderKnobs() {
	st := p.c.Styles
	h, kw := p.c.Height, p.knobW
	d, da := defaulted(p.pending), defaulted(p.applied)
	knobs := knobsFor(d)
	p.sel = min(p.sel, len(knobs)-1)
	var lines []string
	title := "Knobs"
	if p.focus == 0 {
		lines = append(lines, fit(st.render(st.Focused, "▸ "+title), kw))
	} else {
		lines = append(lines, fit(st.render(st.Muted, "  "+title), kw))
	}
	var foot []string
	names, restart := p.changed()
	switch {
	case p.err != "":
		foot = wrapLines([]string{st.render(st.Bad, "Not valid: ") + p.err}, kw)
	case len(names) > 0 && restart:
		foot = wrapLines([]string{st.render(st.Warn, fmt.Sprintf("* not applied: enter restarts the run from step 0 (seed %d)", p.pending.Seed))}, kw)
	case len(names) > 0:
		foot = wrapLines([]string{st.render(st.Warn, "* not applied: enter changes the running net")}, kw)
	case p.note != "":
		foot = wrapLines([]string{st.render(st.Muted, p.note)}, kw)
	}
	foot = append(foot, wrapLines([]string{st.render(st.Muted, "~ live: changes the running net; others restart it from step 0, same seed.")}, kw)...)
	rows := max(1, h-1-1-len(foot))
	if p.sel < p.top {
		p.top = p.sel
	}
	if p.sel >= p.top+rows {
		p.top = p.sel - rows + 1
	}
	p.top = max(0, min(p.top, len(knobs)-rows))
	nameW := 12
	for i := p.top; i < min(len(knobs), p.top+rows); i++ {
		k := knobs[i]
		cur := "  "
		if i == p.sel {
			cur = "› "
		}
		v := k.get(d)
		mark := " "
		if v != k.get(da) {
			mark = "*"
		}
		name := padName(k.name, nameW, k.live)
		val := "  " + showValue(k, v)
		if i == p.sel && p.focus == 0 {
			name = st.render(st.Selected, name)
			val = "‹ " + showValue(k, v) + " ›"
		}
		lines = append(lines, fit(cur+mark+name+val, kw))
	}
	if more := len(knobs) - (p.top + rows); more > 0 || p.top > 0 {
		lines = append(lines, st.render(st.Muted, fit(fmt.Sprintf("  ↑↓ %d knobs in all", len(knobs)), kw)))
	} else {
		lines = append(lines, "")
	}
	lines = append(lines, foot...)
	p.left = block(lines, kw, h)
}

func (p *playground) View() string {
	st := p.c.Styles
	w, h, kw := p.c.Width, p.c.Height, p.knobW
	sep := strings.TrimSuffix(strings.Repeat("│\n", h), "\n")
	if st.Color {
		sep = st.Blurred.Render(sep)
	}
	right := p.panel.view()
	if p.focus == 1 {
		right = markFocus(right, st)
	}
	if ph := p.files.height(w - kw - 3); ph > 0 {
		right = blockText(right, max(1, w-kw-3), h-ph) + "\n" + p.files.view(max(1, w-kw-3))
	}
	return blockText(hjoinSep(p.left, sep, blockText(right, max(1, w-kw-3), h)), w, h)
}

// padName pads a knob name, marking live knobs with "~".
func padName(name string, w int, live bool) string {
	if live {
		name += "~"
	}
	if d := w - lipglossWidth(name); d > 0 {
		name += strings.Repeat(" ", d)
	}
	return name
}
