package tui

import (
	"fmt"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/nnlab/nnlab/lab/spec"
)

// factor is one thing the compare screen can vary, on a base where the
// comparison is fair: every value gets what it needs to work (an
// optimizer its own learning rate), and the rest is held fixed (and said
// so on screen).
type factor struct {
	field  string
	label  string
	values []string
	base   func() *spec.Spec
}

// compareFactors are cycled by f: initialization first. Their bases and
// values were chosen by running them on seeds 1, 2 and 3 (see
// TestCompareFactorsTeach).
var compareFactors = []factor{
	// A deep tanh net: tiny starting weights stall it, scaled ones train.
	{"model.init", "initialization", []string{"zeros", "normal", "uniform", "xavier", "xavier_normalized", "he_uniform", "he_normal"}, deepSpiral},
	// Each optimizer at a learning rate that suits it.
	{"optimizer.name", "optimizer", []string{"sgd; lr=0.05; momentum=0.9", "rmsprop; lr=0.01", "adagrad; lr=0.1", "adam; lr=0.01"}, func() *spec.Spec {
		s := deepSpiral()
		s.Optimizer.Momentum = 0
		return s
	}},
	// Too small, slow, good, diverging.
	{"optimizer.lr", "learning rate", []string{"0.003", "0.03", "0.3", "10"}, moons},
	// Sigmoid's gradients vanish through four layers; the others train.
	{"activation", "activation", []string{"sigmoid", "tanh", "relu", "leaky_relu"}, deepSpiral},
	// A big net on fifty noisy points overfits; dropout narrows the gap.
	{"dropout", "dropout", []string{"0", "0.2", "0.5"}, overfit},
}

// deepSpiral is a deep tanh net on the spiral, trained by SGD with
// momentum.
func deepSpiral() *spec.Spec {
	lr, noise := 0.05, 0.1
	hidden := spec.LayerSpec{Units: 16, Activation: "tanh"}
	return &spec.Spec{
		Name: "deep tanh on spiral",
		Seed: 1,
		Data: spec.DataSpec{Set: "spiral", N: 600, Noise: &noise},
		Model: spec.ModelSpec{Layers: []spec.LayerSpec{
			hidden, hidden, hidden, hidden,
			{Units: 2, Activation: "softmax"},
		}, Init: "xavier"},
		Loss:      "cross_entropy",
		Optimizer: spec.OptimizerSpec{Name: "sgd", LR: &lr, Momentum: 0.9},
		Batch:     32,
		Steps:     5000,
	}
}

// moons is a two-layer tanh net on the moons, trained by plain SGD.
func moons() *spec.Spec {
	lr, noise := 0.3, 0.1
	hidden := spec.LayerSpec{Units: 16, Activation: "tanh"}
	return &spec.Spec{
		Name:      "tanh on moons",
		Seed:      1,
		Data:      spec.DataSpec{Set: "moons", N: 500, Noise: &noise},
		Model:     spec.ModelSpec{Layers: []spec.LayerSpec{hidden, hidden, {Units: 2, Activation: "softmax"}}},
		Loss:      "cross_entropy",
		Optimizer: spec.OptimizerSpec{Name: "sgd", LR: &lr},
		Batch:     32,
		Steps:     2000,
	}
}

// overfit is lesson 8's big ReLU net on fifty noisy XOR points.
func overfit() *spec.Spec {
	lr, noise, test := 0.001, 0.8, 0.8
	hidden := spec.LayerSpec{Units: 64, Activation: "relu"}
	return &spec.Spec{
		Name:      "big net on noisy xor",
		Seed:      1,
		Data:      spec.DataSpec{Set: "xor", N: 250, Noise: &noise, Test: &test},
		Model:     spec.ModelSpec{Layers: []spec.LayerSpec{hidden, hidden, {Units: 2, Activation: "softmax"}}},
		Loss:      "cross_entropy",
		Optimizer: spec.OptimizerSpec{Name: "adam", LR: &lr},
		Steps:     3000,
		EvalEvery: 50,
	}
}

type compareScreen struct {
	c      *Common
	factor int
	panel  *comparePanel
	files  *filePrompt
	// opened is the comparison a file gave (nil: the built-in factors,
	// cycled with f).
	opened *factor
}

func newCompare(c *Common) *compareScreen {
	s := &compareScreen{c: c, files: newFilePrompt(c, "compare")}
	s.panel = newComparePanel(c, c.spec(deepSpiral()), "", nil, "", "")
	s.setFactor(0)
	return s
}

// newCompareFrom opens the comparison a file holds (named by from).
func newCompareFrom(c *Common, base *spec.Spec, vary *spec.Vary, from string) *compareScreen {
	s := &compareScreen{c: c, files: newFilePrompt(c, "compare"), opened: &factor{field: vary.Field, label: vary.Field, values: vary.Values}}
	s.panel = newComparePanel(c, base, "", nil, "", "")
	s.panel.name = "Opened " + from
	s.panel.fixed = "Held fixed: " + specSummary(base, vary.Field)
	s.panel.setFactor(base, vary.Field, vary.Values)
	return s
}

func (s *compareScreen) setFactor(i int) {
	s.factor = i
	f := compareFactors[i]
	base := s.c.spec(f.base())
	s.panel.name = fmt.Sprintf("Compare %d/%d (f: next factor)", i+1, len(compareFactors))
	s.panel.fixed = "Held fixed: " + specSummary(base, f.field)
	s.panel.q, s.panel.shown = 0, 0
	s.panel.setFactor(base, f.field, f.values)
}

func (s *compareScreen) Init() tea.Cmd                    { return s.panel.start() }
func (s *compareScreen) Tick() bool                       { return s.panel.tick() }
func (s *compareScreen) Park()                            { s.panel.park() }
func (s *compareScreen) Unpark()                          { s.panel.unpark() }
func (s *compareScreen) Close()                           { s.panel.close() }
func (s *compareScreen) acceptRuns(m runsStartedMsg) bool { return s.panel.acceptRuns(m) }
func (s *compareScreen) Typing() bool                     { return s.files.open() }

// Esc closes the file prompt.
func (s *compareScreen) Esc() bool {
	if !s.files.esc() {
		return false
	}
	s.Resize()
	return true
}

func (s *compareScreen) Title() string {
	if s.opened != nil {
		return "Compare " + s.opened.label
	}
	return "Compare " + compareFactors[s.factor].label
}

func (s *compareScreen) Resize() {
	s.panel.setSize(s.c.Width, max(1, s.c.Height-s.files.height(s.c.Width)))
}

func (s *compareScreen) View() string {
	if ph := s.files.height(s.c.Width); ph > 0 {
		return blockText(s.panel.view(), s.c.Width, max(1, s.c.Height-ph)) + "\n" + s.files.view(s.c.Width)
	}
	return s.panel.view()
}

func (s *compareScreen) Help() help.KeyMap {
	k := s.c.Keys
	if s.files.open() {
		return helpKeys{short: k.inputKeys(false), full: [][]key.Binding{k.inputKeys(false)}}
	}
	tab := key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "chart/gradients/activations"))
	var short []key.Binding
	if s.opened == nil {
		short = append(short, k.Factor)
	}
	short = append(short, k.runKeys()...)
	short = append(short, k.Save, k.Export, tab, k.Back, k.Help)
	return helpKeys{short: short, full: [][]key.Binding{{k.Factor, tab}, k.runKeys(), {k.Save, k.Export}, k.globalKeys()}}
}

func (s *compareScreen) Update(msg tea.Msg) tea.Cmd {
	before := s.files.height(s.c.Width)
	cmd, ok := s.files.update(msg)
	if s.files.height(s.c.Width) != before {
		s.Resize()
	}
	if ok {
		return cmd
	}
	km, ok := msg.(tea.KeyMsg)
	if !ok {
		return nil
	}
	k := s.c.Keys
	switch {
	case key.Matches(km, k.Save), key.Matches(km, k.Export):
		cmd := s.files.ask(km, s.panel)
		s.Resize()
		return cmd
	case key.Matches(km, k.Factor) && s.opened != nil:
		return nil
	case key.Matches(km, k.Factor):
		s.setFactor((s.factor + 1) % len(compareFactors))
		return s.panel.start()
	case key.Matches(km, k.NextPane), key.Matches(km, k.PrevPane):
		s.panel.swapView()
		return nil
	}
	cmd, _ = s.panel.key(km)
	return cmd
}
