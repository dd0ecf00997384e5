package tui

import (
	"fmt"
	"slices"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/nnlab/nnlab/lab"
	"github.com/nnlab/nnlab/lab/spec"
)

// experiment is a live experiment inside a screen: one run (runPanel) or a
// comparison of several (comparePanel).
type experiment interface {
	start() tea.Cmd
	acceptRuns(runsStartedMsg) bool
	// tick drains snapshots, re-renders when one arrived, and reports
	// whether a run is still training (or starting).
	tick() bool
	// key handles the run keys; false when the key is not one of them.
	key(msg tea.KeyMsg) (tea.Cmd, bool)
	setSize(w, h int)
	view() string
	keys() []key.Binding
	park()
	unpark()
	close()
}

// baseLR is the spec's learning rate after defaults.
func baseLR(spec *spec.Spec) float64 {
	d := spec.Clone()
	d.Defaults()
	if d.Optimizer.LR != nil {
		return *d.Optimizer.LR
	}
	return 0.1
}

// maxOutputs is the largest training set whose outputs a run panel lists
// sample by sample (the inline data of the worked examples).
const maxOutputs = 8

// runPanel is one live run with its experiment panel.
type runPanel struct {
	c      *Common
	g      *runGroup
	spec   *spec.Spec // as started (seed included)
	title  string
	lr     float64
	points []dataPoint
	labels []string
	logY   bool
	acc    bool // the chart shows accuracy
	scores bool // the network outputs scores, not probabilities
	w, h   int
	cache  string
	opt    lab.Options
	viewN  int // cycled by the View key (image and function runs)
	focus  int // the test image whose feature maps a conv network shows
	// The boundary's toggles (T, d).
	showTest, discrete bool
	// liveStep is the step at which the run was first changed live (lr,
	// momentum, batch, dropout) since it started from step 0; −1: never.
	// A saved file starts with the changed settings at step 0, so the run
	// on screen matches it only after a reset.
	liveStep int
	neurons  neuronCursor
}

func newRunPanel(c *Common, spec *spec.Spec, title string) *runPanel {
	p := &runPanel{c: c, g: newRunGroup(c), spec: spec, title: title, liveStep: -1}
	p.opt = lab.Options{Interval: 50 * time.Millisecond, GridW: 40, GridH: 40, Units: true, Outputs: maxOutputs, KeepAlive: true, DataDir: c.Opts.DataDir}
	p.lr = baseLR(spec)
	d := spec.Clone()
	d.Defaults()
	p.labels, p.scores = layerLabels(d), scoresOut(d)
	return p
}

func (p *runPanel) start() tea.Cmd {
	s, dir := p.spec.Clone(), p.c.Opts.DataDir
	p.liveStep = -1
	p.lr = baseLR(s)
	p.c.paceOptions(&p.opt)
	p.opt.Samples, p.opt.EmbedSamples, p.opt.EmbedLayer = 0, 0, 0
	if isImageSpec(s) {
		p.opt.Samples, p.opt.EmbedSamples, p.opt.EmbedLayer = imageSamplesN, 300, -1
	}
	p.opt.ConvViews, p.opt.FocusImage = isImageSpec(s) && hasConvSpec(s), p.focus
	p.render()
	return p.g.startCmd([]*spec.Spec{s}, []string{s.Name}, p.opt, func() any { return loadPoints(s, dir) })
}

func (p *runPanel) acceptRuns(msg runsStartedMsg) bool {
	if !p.g.accept(msg) {
		return false
	}
	if pts, ok := msg.extra.([]dataPoint); ok {
		p.points = pts
	}
	p.render()
	return true
}

func (p *runPanel) tick() bool {
	if p.g.drain() {
		p.render()
	}
	return p.g.live()
}

func (p *runPanel) snap() (lab.Snapshot, bool) {
	if len(p.g.have) == 0 || !p.g.have[0] {
		return lab.Snapshot{}, false
	}
	return p.g.snaps[0], true
}

func (p *runPanel) render() {
	s, have := p.snap()
	v := expView{snap: s, have: have, points: p.points, labels: p.labels, logY: p.logY, acc: p.acc, title: p.title, view: p.viewN, scores: p.scores,
		showTest: p.showTest, discrete: p.discrete, neurons: &p.neurons}
	if p.g.err != nil {
		v.errText = p.g.err.Error()
	}
	p.cache = renderExperiment(v, p.w, p.h, p.c.Styles)
}

func (p *runPanel) setSize(w, h int) {
	if w == p.w && h == p.h {
		return
	}
	p.w, p.h = w, h
	p.render()
}

func (p *runPanel) view() string { return p.cache }

// sweepRates makes the panel run a learning-rate range test of its spec
// (nnlab lrfind's default sweep) instead of training it.
func (p *runPanel) sweepRates() {
	p.opt.Range = &lab.RangeTest{Min: lab.DefaultRangeMin, Max: lab.DefaultRangeMax, Steps: lab.DefaultRangeSteps}
}

// rangeIgnores are the keys a range test has no use for: its sweep sets
// the rate, and it draws neither the usual charts, a boundary nor the
// other views.
func (p *runPanel) rangeIgnores() []key.Binding {
	k := p.c.Keys
	return []key.Binding{k.LRUp, k.LRDown, k.LogScale, k.Chart, k.View, k.TestData, k.Discretize}
}

func (p *runPanel) keys() []key.Binding {
	k := p.c.Keys.runKeys()
	if p.opt.Range != nil { // the sweep sets the rate, and its view is its own
		return slices.DeleteFunc(k, func(b key.Binding) bool {
			return slices.ContainsFunc(p.rangeIgnores(), func(no key.Binding) bool { return slices.Equal(b.Keys(), no.Keys()) })
		})
	}
	if isImageSpec(p.spec) || p.spec.Function != nil {
		k = append(k, p.c.Keys.View)
	}
	if p.opt.ConvViews {
		k = append(k, p.c.Keys.NextImage, p.c.Keys.PrevImage)
	}
	if len(p.points) > 0 {
		k = append(k, p.c.Keys.TestData, p.c.Keys.Discretize)
	}
	if p.neuronsShown() {
		k = append(k, p.c.Keys.NextUnit, p.c.Keys.PrevUnit, p.c.Keys.NextUnits, p.c.Keys.PrevUnits, p.c.Keys.Enlarge)
	} else if s, ok := p.snap(); ok && hasNeurons(s) {
		k = append(k, key.NewBinding(key.WithKeys("v"), key.WithHelp("v", "neurons")))
	}
	return k
}

// neuronsShown says whether the neuron view is on screen.
func (p *runPanel) neuronsShown() bool {
	s, ok := p.snap()
	return ok && hasNeurons(s) && p.viewN%len(netViewNames) == viewNeurons
}

// restart starts the spec again (a new spec or a new seed).
func (p *runPanel) restart(spec *spec.Spec) tea.Cmd {
	p.spec = spec
	d := spec.Clone()
	d.Defaults()
	p.labels, p.scores = layerLabels(d), scoresOut(d)
	return p.start()
}

func (p *runPanel) key(msg tea.KeyMsg) (tea.Cmd, bool) {
	k := p.c.Keys
	switch {
	case key.Matches(msg, k.Pause):
		p.g.each((*lab.Run).Toggle)
	case key.Matches(msg, k.Step):
		p.g.each((*lab.Run).Step)
	case key.Matches(msg, k.Reset):
		p.g.each((*lab.Run).Reset)
		p.liveStep = -1
	case key.Matches(msg, k.NewSeed):
		s := p.spec.Clone()
		s.Seed++
		return p.restart(s), true
	case p.opt.Range != nil && key.Matches(msg, p.rangeIgnores()...):
		return nil, true // the sweep sets the rate; nothing to switch
	case key.Matches(msg, k.LRUp):
		p.lr *= 1.5
		lr := p.lr
		p.g.each(func(r *lab.Run) { r.SetLR(lr) })
		p.markLive()
	case key.Matches(msg, k.LRDown):
		p.lr /= 1.5
		lr := p.lr
		p.g.each(func(r *lab.Run) { r.SetLR(lr) })
		p.markLive()
	case key.Matches(msg, k.Slower), key.Matches(msg, k.Faster):
		pace := p.c.changeSpeed(speedStep(msg, k))
		p.g.each(func(r *lab.Run) { r.SetSpeed(pace) })
	case key.Matches(msg, k.LogScale):
		p.logY = !p.logY
		p.render()
	case key.Matches(msg, k.Chart):
		p.acc = !p.acc
		p.render()
	case key.Matches(msg, k.TestData) && len(p.points) > 0:
		p.showTest = !p.showTest
		p.render()
	case key.Matches(msg, k.Discretize) && len(p.points) > 0:
		p.discrete = !p.discrete
		p.render()
	case key.Matches(msg, k.View) && (isImageSpec(p.spec) || p.spec.Function != nil || hasNeurons(p.lastSnap())):
		p.viewN++
		p.render()
	case p.opt.ConvViews && (key.Matches(msg, k.NextImage) || key.Matches(msg, k.PrevImage)):
		if key.Matches(msg, k.NextImage) {
			p.focus++
		} else {
			p.focus--
		}
		if s, ok := p.snap(); ok && s.Focus != nil && s.Focus.Images > 0 {
			n := s.Focus.Images
			p.focus = (p.focus%n + n) % n
		}
		i := p.focus
		p.g.each(func(r *lab.Run) { r.SetFocus(i) })
	case p.neuronsShown() && (key.Matches(msg, k.NextUnit) || key.Matches(msg, k.PrevUnit)):
		p.neurons.move(p.lastSnap(), direction(msg, k.PrevUnit))
		p.render()
	case p.neuronsShown() && (key.Matches(msg, k.NextUnits) || key.Matches(msg, k.PrevUnits)):
		p.neurons.page(p.lastSnap(), direction(msg, k.PrevUnits))
		p.render()
	case p.neuronsShown() && key.Matches(msg, k.Enlarge):
		p.neurons.big = !p.neurons.big
		p.render()
	default:
		return nil, false
	}
	return nil, true
}

func (p *runPanel) park()   { p.g.park() }
func (p *runPanel) unpark() { p.g.unpark() }
func (p *runPanel) close()  { p.g.close() }

// scoresOut says whether a (defaulted) spec's network outputs scores (a
// linear output layer) rather than probabilities.
func scoresOut(d *spec.Spec) bool {
	n := len(d.Model.Layers)
	return n > 0 && (d.Model.Layers[n-1].Activation == "linear" || d.Model.Layers[n-1].Activation == "")
}

// seedNote describes a spec's seed for titles.
func seedNote(s *spec.Spec) string { return fmt.Sprintf("seed %d", s.Seed) }

// direction is −1 for the back key, else +1.
func direction(msg tea.KeyMsg, back key.Binding) int {
	if key.Matches(msg, back) {
		return -1
	}
	return 1
}

// lastSnap is the latest snapshot (zero before the first).
func (p *runPanel) lastSnap() lab.Snapshot {
	s, _ := p.snap()
	return s
}

// markLive notes a live change to the run (the first since step 0).
func (p *runPanel) markLive() {
	if s, ok := p.snap(); ok && s.Step > 0 && p.liveStep < 0 {
		p.liveStep = s.Step
	}
}

// experimentFile is the run's spec as it trains now (defaults filled in,
// live changes applied), seed included.
func (p *runPanel) experimentFile() ([]byte, string, error) {
	s := p.spec
	if snap, ok := p.snap(); ok && snap.Spec != nil {
		s = snap.Spec
	}
	data, err := spec.EncodeFile(s, nil)
	holds := fmt.Sprintf("the settings on screen with seed %d; it replays this run from step 0, step for step", s.Seed)
	if p.liveStep > 0 {
		holds = fmt.Sprintf("the settings on screen with seed %d, from step 0; this run was changed live at step %d, so it matches the file after r (reset)", s.Seed, p.liveStep)
	}
	return data, holds, err
}

// curves is the run's history.
func (p *runPanel) curves() (string, string, []lab.Curves) {
	s, _ := p.snap()
	return p.spec.Name, "", []lab.Curves{s.Curves(p.spec.Name)}
}
