package tui

import (
	"fmt"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/nnlab/nnlab/lab/spec"
)

// factor is one thing the compare screen can vary.
type factor struct {
	field  string
	label  string
	values []string
}

// compareFactors are cycled by f: initialization first.
var compareFactors = []factor{
	{"model.init", "initialization", []string{"zeros", "normal", "uniform", "xavier", "xavier_normalized", "he_uniform", "he_normal"}},
	{"optimizer.name", "optimizer", []string{"sgd", "rmsprop", "adagrad", "adam"}},
	{"optimizer.lr", "learning rate", []string{"0.01", "0.1", "1", "3"}},
	{"activation", "activation", []string{"sigmoid", "tanh", "relu", "leaky_relu"}},
	{"dropout", "dropout", []string{"0", "0.2", "0.5"}},
}

// compareBase is the network every comparison starts from: a deep tanh
// net on the spiral.
func compareBase() *spec.Spec {
	lr := 0.05
	noise := 0.1
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

type compareScreen struct {
	c      *Common
	base   *spec.Spec
	factor int
	panel  *comparePanel
}

func newCompare(c *Common) *compareScreen {
	s := &compareScreen{c: c, base: c.spec(compareBase())}
	s.panel = newComparePanel(c, s.base, "", nil, "")
	s.setFactor(0)
	return s
}

func (s *compareScreen) setFactor(i int) {
	s.factor = i
	f := compareFactors[i]
	s.panel.title = fmt.Sprintf("Compare %s (%d/%d, f: next factor)", f.label, i+1, len(compareFactors))
	s.panel.setFactor(s.base, f.field, f.values)
}

func (s *compareScreen) Init() tea.Cmd                    { return s.panel.start() }
func (s *compareScreen) Title() string                    { return "Compare " + compareFactors[s.factor].label }
func (s *compareScreen) Tick() bool                       { return s.panel.tick() }
func (s *compareScreen) Park()                            { s.panel.park() }
func (s *compareScreen) Unpark()                          { s.panel.unpark() }
func (s *compareScreen) Close()                           { s.panel.close() }
func (s *compareScreen) View() string                     { return s.panel.view() }
func (s *compareScreen) Resize()                          { s.panel.setSize(s.c.Width, s.c.Height) }
func (s *compareScreen) acceptRuns(m runsStartedMsg) bool { return s.panel.acceptRuns(m) }

func (s *compareScreen) Help() help.KeyMap {
	k := s.c.Keys
	tab := key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "curves/gradients"))
	short := append([]key.Binding{k.Factor}, k.runKeys()...)
	short = append(short, tab, k.Back, k.Help)
	return helpKeys{short: short, full: [][]key.Binding{{k.Factor, tab}, k.runKeys(), k.globalKeys()}}
}

func (s *compareScreen) Update(msg tea.Msg) tea.Cmd {
	km, ok := msg.(tea.KeyMsg)
	if !ok {
		return nil
	}
	k := s.c.Keys
	switch {
	case key.Matches(km, k.Factor):
		s.setFactor((s.factor + 1) % len(compareFactors))
		return s.panel.start()
	case key.Matches(km, k.NextPane), key.Matches(km, k.PrevPane):
		s.panel.grads = !s.panel.grads
		s.panel.render()
		return nil
	}
	cmd, _ := s.panel.key(km)
	return cmd
}
