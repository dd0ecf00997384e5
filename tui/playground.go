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

// knob is one setting of the playground: a Spec.Set path and its choices.
type knob struct {
	name   string
	path   string
	values []string
	live   bool // applied to the running run without a restart
}

var knobs = []knob{
	{"data", "dataset", []string{"circle", "xor", "gauss", "spiral", "moons"}, false},
	{"noise", "noise", []string{"0", "0.05", "0.1", "0.2", "0.3", "0.5"}, false},
	{"layers", "layers", []string{"", "4", "8", "8,8", "16,16", "8,8,8", "16,16,16,16", "32,32,32,32,32,32"}, false},
	{"activation", "activation", []string{"tanh", "relu", "leaky_relu", "sigmoid", "linear"}, false},
	{"init", "init", []string{"xavier", "xavier_normalized", "he_uniform", "he_normal", "normal", "uniform", "zeros"}, false},
	{"loss", "loss", []string{"cross_entropy", "mse", "hinge", "bce"}, false},
	{"optimizer", "optimizer", []string{"sgd", "rmsprop", "adagrad", "adam"}, false},
	{"lr", "lr", []string{"0.001", "0.003", "0.01", "0.03", "0.1", "0.3", "1", "3"}, true},
	{"momentum", "momentum", []string{"0", "0.5", "0.9", "0.99"}, true},
	{"batch", "batch", []string{"1", "8", "16", "32", "64", "0"}, true},
	{"dropout", "dropout", []string{"0", "0.1", "0.2", "0.5"}, true},
	{"l2", "l2", []string{"0", "0.0001", "0.001", "0.01", "0.1"}, false},
	{"residual", "residual", []string{"false", "true"}, false},
}

// playgroundStart is the knobs' starting choice (indices into values).
var playgroundStart = []int{0, 2, 3, 0, 0, 0, 0, 4, 0, 3, 0, 0, 0}

type playground struct {
	c       *Common
	sel     int
	pending []int // the values shown
	applied []int // the values of the running spec
	err     string
	note    string
	focus   int // 0 knobs, 1 experiment
	panel   *runPanel
	seed    uint64
	knobW   int
	left    string // the knob panel, rendered on change
}

func newPlayground(c *Common) *playground {
	p := &playground{c: c, seed: 1}
	if c.Opts.Seed != 0 {
		p.seed = c.Opts.Seed
	}
	p.pending = append([]int(nil), playgroundStart...)
	p.applied = append([]int(nil), playgroundStart...)
	spec, err := p.specOf(p.applied)
	if err != nil { // cannot happen with the built-in start
		spec = moons()
	}
	p.panel = newRunPanel(c, spec, "")
	return p
}

// specOf builds the spec the knob values describe.
func (p *playground) specOf(vals []int) (*spec.Spec, error) {
	lr := 0.1
	s := &spec.Spec{
		Name:      "playground",
		Seed:      p.seed,
		Data:      spec.DataSpec{Set: "circle", N: 500},
		Model:     spec.ModelSpec{Layers: []spec.LayerSpec{{Units: 8, Activation: "tanh"}, {Units: 2, Activation: "softmax"}}},
		Loss:      "cross_entropy",
		Optimizer: spec.OptimizerSpec{Name: "sgd", LR: &lr},
		Steps:     10000,
	}
	noHidden := false
	for i, k := range knobs {
		v := k.values[vals[i]]
		if k.path == "layers" && v == "" {
			noHidden = true
		}
		if noHidden && (k.path == "activation" || k.path == "dropout" || k.path == "residual") {
			continue // nothing to act on
		}
		if k.path == "loss" {
			if err := p.setLoss(s, v); err != nil {
				return nil, err
			}
			continue
		}
		if k.path == "momentum" && v == "0" {
			continue // optimizers without momentum reject the field
		}
		if err := s.Set(k.path, v); err != nil {
			return nil, fmt.Errorf("%s: %v", k.name, err)
		}
	}
	d := s.Clone()
	d.Defaults()
	if err := d.Validate(); err != nil {
		return nil, err
	}
	return s, nil
}

// setLoss sets the loss and the output layer that fits it.
func (p *playground) setLoss(s *spec.Spec, loss string) error {
	if err := s.Set("loss", loss); err != nil {
		return err
	}
	out := "model.layers[-1]"
	switch loss {
	case "cross_entropy":
		return firstErr(s.Set(out+".units", "2"), s.Set(out+".activation", "softmax"))
	case "bce":
		return firstErr(s.Set(out+".units", "1"), s.Set(out+".activation", "sigmoid"))
	case "mse":
		return firstErr(s.Set(out+".units", "2"), s.Set(out+".activation", "sigmoid"))
	case "hinge":
		return firstErr(s.Set(out+".units", "2"), s.Set(out+".activation", "linear"))
	}
	return nil
}

func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

func (p *playground) Init() tea.Cmd                    { return p.panel.start() }
func (p *playground) Title() string                    { return "Playground" }
func (p *playground) Tick() bool                       { return p.panel.tick() }
func (p *playground) Park()                            { p.panel.park() }
func (p *playground) Unpark()                          { p.panel.unpark() }
func (p *playground) Close()                           { p.panel.close() }
func (p *playground) acceptRuns(m runsStartedMsg) bool { return p.panel.acceptRuns(m) }

func (p *playground) Resize() {
	w := p.c.Width
	p.knobW = max(28, min(34, w/3))
	p.panel.setSize(w-p.knobW-3, p.c.Height)
	p.renderKnobs()
}

func (p *playground) Help() help.KeyMap {
	k := p.c.Keys
	change := key.NewBinding(key.WithKeys("left", "right"), key.WithHelp("←/→", "change value"))
	apply := key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "apply"))
	knobKeys := []key.Binding{k.Up, k.Down, change, apply}
	var short []key.Binding
	if p.focus == 0 {
		short = append(short, knobKeys...)
		short = append(short, k.Pause, k.Reset, k.NextPane)
	} else {
		short = append(short, p.panel.keys()...)
		short = append(short, k.NextPane)
	}
	short = append(short, k.Back, k.Help)
	return helpKeys{short: short, full: [][]key.Binding{knobKeys, p.panel.keys(), k.globalKeys()}}
}

func (p *playground) Update(msg tea.Msg) tea.Cmd {
	km, ok := msg.(tea.KeyMsg)
	if !ok {
		return nil
	}
	cmd := p.update(km)
	p.renderKnobs()
	return cmd
}

func (p *playground) update(km tea.KeyMsg) tea.Cmd {
	k := p.c.Keys
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
	case p.focus == 0 && key.Matches(km, k.Left):
		n := len(knobs[p.sel].values)
		p.pending[p.sel] = (p.pending[p.sel] + n - 1) % n
		p.note = ""
		return nil
	case p.focus == 0 && key.Matches(km, k.Right):
		n := len(knobs[p.sel].values)
		p.pending[p.sel] = (p.pending[p.sel] + 1) % n
		p.note = ""
		return nil
	case key.Matches(km, k.Enter):
		return p.apply()
	case key.Matches(km, k.NewSeed):
		p.seed++
	}
	cmd, handled := p.panel.key(km)
	if handled && (key.Matches(km, k.LRUp) || key.Matches(km, k.LRDown)) {
		p.note = "lr now " + fmtNum(p.panel.lr) + " (live)"
	}
	return cmd
}

// apply starts the pending values: live knobs through the run's setters,
// anything else by restarting the run with the new spec.
func (p *playground) apply() tea.Cmd {
	spec, err := p.specOf(p.pending)
	if err != nil {
		p.err = err.Error()
		return nil
	}
	p.err = ""
	restart := false
	for i, k := range knobs {
		if p.pending[i] != p.applied[i] && !k.live {
			restart = true
		}
	}
	if len(p.panel.g.runs) == 0 {
		restart = true
	}
	if restart {
		copy(p.applied, p.pending)
		p.note = "restarted with the new settings"
		return p.panel.restart(spec)
	}
	var changed []string
	for i, k := range knobs {
		if p.pending[i] == p.applied[i] {
			continue
		}
		v := k.values[p.pending[i]]
		changed = append(changed, k.name+" "+v)
		switch k.path {
		case "lr":
			f, _ := strconv.ParseFloat(v, 64)
			p.panel.lr = f
			p.panel.g.each(func(r *lab.Run) { r.SetLR(f) })
		case "momentum":
			f, _ := strconv.ParseFloat(v, 64)
			p.panel.g.each(func(r *lab.Run) { r.SetMomentum(f) })
		case "dropout":
			f, _ := strconv.ParseFloat(v, 64)
			p.panel.g.each(func(r *lab.Run) { r.SetDropout(f) })
		case "batch":
			b, _ := strconv.Atoi(v)
			p.panel.g.each(func(r *lab.Run) { r.SetBatch(b) })
		}
	}
	copy(p.applied, p.pending)
	p.panel.spec = spec
	if len(changed) > 0 {
		p.note = "live: " + strings.Join(changed, ", ")
		if s, ok := p.panel.snap(); ok && (s.Status == lab.Done || s.Status == lab.Diverged) {
			// A finished run would ignore them: train again with them.
			p.panel.g.each((*lab.Run).Reset)
			p.note += " (run restarted)"
		}
	}
	return nil
}

// renderKnobs draws the knob panel (on key presses and resizes only).
func (p *playground) renderKnobs() {
	st := p.c.Styles
	h := p.c.Height
	kw := p.knobW
	var lines []string
	title := "Knobs"
	if p.focus == 0 {
		lines = append(lines, fit(st.render(st.Focused, "▸ "+title), kw))
	} else {
		lines = append(lines, fit(st.render(st.Muted, "  "+title), kw))
	}
	nameW := 11
	for i, k := range knobs {
		cur := "  "
		if i == p.sel {
			cur = "› "
		}
		v := k.values[p.pending[i]]
		if v == "" {
			v = "none"
		}
		if k.path == "batch" && v == "0" {
			v = "all"
		}
		mark := " "
		if p.pending[i] != p.applied[i] {
			mark = "*"
		}
		name := padName(k.name, nameW, k.live)
		val := "  " + v
		if i == p.sel && p.focus == 0 {
			name = st.render(st.Selected, name)
			val = "‹ " + v + " ›"
		}
		lines = append(lines, fit(cur+mark+name+val, kw))
	}
	lines = append(lines, "")
	pending := false
	for i := range knobs {
		if p.pending[i] != p.applied[i] {
			pending = true
		}
	}
	switch {
	case p.err != "":
		lines = append(lines, wrapLines([]string{st.render(st.Bad, "Not valid: ") + p.err}, kw)...)
	case pending:
		lines = append(lines, wrapLines([]string{st.render(st.Warn, "* not applied yet: enter applies")}, kw)...)
	case p.note != "":
		lines = append(lines, wrapLines([]string{st.render(st.Muted, p.note)}, kw)...)
	}
	lines = append(lines, "")
	lines = append(lines, wrapLines([]string{st.render(st.Muted, "~ live: applied to the running net; the others restart it.")}, kw)...)
	p.left = block(lines, kw, h)
}

func (p *playground) View() string {
	st := p.c.Styles
	w, h, kw := p.c.Width, p.c.Height, p.knobW
	left := p.left
	sep := strings.TrimSuffix(strings.Repeat("│\n", h), "\n")
	if st.Color {
		sep = st.Blurred.Render(sep)
	}
	right := p.panel.view()
	if p.focus == 1 {
		right = markFocus(right, st)
	}
	return blockText(hjoinSep(left, sep, blockText(right, max(1, w-kw-3), h)), w, h)
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
