package tui

import (
	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/nnlab/nnlab/lab"
	"github.com/nnlab/nnlab/lab/spec"
	"github.com/nnlab/nnlab/lessons"
	"github.com/nnlab/nnlab/tui/widget"
)

// Options configure the app.
type Options struct {
	// Catalog holds the lessons; nil shows the playground and comparisons only.
	Catalog *lessons.Catalog
	// Store keeps the learner's progress; nil keeps nothing.
	Store *lessons.Store
	// Evaluator computes the answers of numeric quiz questions; nil makes
	// those questions unanswerable (the quiz says so and skips them).
	Evaluator lessons.Evaluator
	// DataDir is where Fashion-MNIST is looked for first.
	DataDir string
	// Seed, when not 0, replaces the seed of every experiment.
	Seed uint64
	// MaxMemory refuses experiments estimated to need more bytes (all the
	// runs of a comparison together); 0: no budget.
	MaxMemory int64
	// AltScreen runs the app in the terminal's alternate screen.
	AltScreen bool
	// NoMouse leaves the mouse to the terminal (text selection) instead of
	// scrolling lesson text with the wheel (Run only).
	NoMouse bool
	// Open, when set, is an experiment to open at once: in the playground,
	// or in the comparison screen when it varies a factor.
	Open *Opened
}

// Opened is an experiment read from a file (spec.LoadFile).
type Opened struct {
	Spec *spec.Spec
	Vary *spec.Vary // nil: one run
	From string     // the file's name, for titles
}

// Styles are the app's looks, built once.
type Styles struct {
	W widget.Styles // the widgets' styles

	Color     bool
	App       lipgloss.Style
	Title     lipgloss.Style // screen title in the header bar
	Header    lipgloss.Style // the header bar
	Section   lipgloss.Style // pane titles
	Muted     lipgloss.Style
	Selected  lipgloss.Style // the selected row (also marked by "›")
	Focused   lipgloss.Style // border of the focused pane
	Blurred   lipgloss.Style // border of other panes
	Good, Bad lipgloss.Style
	Warn      lipgloss.Style
	Key       lipgloss.Style
}

// NewStyles builds the styles for lipgloss's default renderer.
func NewStyles() Styles {
	r := lipgloss.DefaultRenderer()
	w := widget.NewStyles(r)
	base := r.NewStyle()
	ac := func(d, l string) lipgloss.AdaptiveColor { return lipgloss.AdaptiveColor{Dark: d, Light: l} }
	st := Styles{
		W:        w,
		Color:    r.ColorProfile() != termenv.Ascii,
		App:      base,
		Title:    base.Bold(true).Foreground(ac("230", "235")),
		Header:   base.Background(ac("236", "254")),
		Section:  base.Bold(true),
		Muted:    base.Foreground(ac("245", "243")),
		Selected: base.Bold(true).Foreground(ac("75", "25")),
		Focused:  base.Foreground(ac("75", "25")),
		Blurred:  base.Foreground(ac("240", "250")),
		Good:     base.Foreground(ac("114", "28")),
		Bad:      base.Foreground(ac("203", "160")).Bold(true),
		Warn:     base.Foreground(ac("221", "130")),
		Key:      base.Bold(true),
	}
	return st
}

// Common is shared by every screen: the size of the area a screen may draw
// in, the styles, the keys and the options.
type Common struct {
	Width, Height int // the screen's area (the help line is outside it)
	Styles        Styles
	Keys          KeyMap
	Opts          Options
	Help          help.Model
	Markdown      *markdown
	// Speed indexes Speeds: the pace every run is held to, shared by all
	// screens so a learner's choice carries over. autoSpeed (the start)
	// spreads each run over about autoSeconds.
	Speed int

	groups []*runGroup // every run group made, for tests that check shutdown
}

// Speeds are the paces < and > step through, in steps a second; 0 is as
// fast as the machine goes.
var Speeds = []float64{0, 3000, 1000, 300, 100, 30, 10}

// autoSpeed is the Speed that paces each run to last about autoSeconds,
// so that a learner sees a preset train instead of finding it done.
const (
	autoSpeed   = -1
	autoSeconds = 10
)

// pace is the current fixed pace in steps a second (0: no limit, and for
// autoSpeed, see paceOptions).
func (c *Common) pace() float64 {
	if c.Speed == autoSpeed {
		return 0
	}
	return Speeds[c.Speed]
}

// paceOptions sets a run's pace options from the current speed.
func (c *Common) paceOptions(o *lab.Options) {
	o.MaxStepsPerSec, o.Seconds = c.pace(), 0
	if c.Speed == autoSpeed {
		o.Seconds = autoSeconds
	}
}

// changeSpeed moves one pace slower (d > 0) or faster (d < 0) and returns
// the new pace. From the automatic pace, faster is "as fast as it goes" and
// slower is 1000 steps a second.
func (c *Common) changeSpeed(d int) float64 {
	switch {
	case c.Speed == autoSpeed && d < 0:
		c.Speed = 0
	case c.Speed == autoSpeed:
		c.Speed = 2
	default:
		c.Speed = max(0, min(len(Speeds)-1, c.Speed+d))
	}
	return c.pace()
}

// spec prepares a preset spec for running: a clone with the app's seed.
func (c *Common) spec(s *spec.Spec) *spec.Spec {
	out := s.Clone()
	if c.Opts.Seed != 0 {
		out.Seed = c.Opts.Seed
	}
	return out
}

// render applies a style only when colour is on.
func (s Styles) render(st lipgloss.Style, text string) string {
	if !s.Color || text == "" {
		return text
	}
	return st.Render(text)
}
