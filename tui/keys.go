package tui

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// KeyMap holds every key binding of the app. Screens pick the bindings that
// apply to them for their help (see the helpKeys type).
type KeyMap struct {
	Quit, Help, Back, Enter     key.Binding
	Up, Down, Left, Right       key.Binding
	NextPane, PrevPane          key.Binding
	PageUp, PageDown            key.Binding
	PrevPage, NextPage          key.Binding
	Pause, Step, Reset, NewSeed key.Binding
	LRUp, LRDown, LogScale      key.Binding
	Chart                       key.Binding // loss or accuracy
	Slower, Faster              key.Binding
	Preset, Tasks, Quiz, Factor key.Binding
	Toggle, ShowMe              key.Binding
	View                        key.Binding
	// NextImage and PrevImage step through the test images whose feature
	// maps a conv network shows.
	NextImage, PrevImage key.Binding
	// The decision boundary's toggles: test points, class regions.
	TestData, Discretize key.Binding
	// Save writes the experiment as a spec file; Export its charts and
	// history.
	Save, Export key.Binding
	// The neuron view: next and previous unit, next and previous page,
	// enlarge the unit.
	NextUnit, PrevUnit, NextUnits, PrevUnits, Enlarge key.Binding
	// The walkthrough's keys: reveal the next value, the rest of the
	// section, everything; hide the last one; start over.
	WalkNext, WalkSection, WalkEnd, WalkBack, WalkReset key.Binding
	// The lesson's tasks: pick one, open the input of its knob; in the
	// input: cycle the allowed names, apply, cancel.
	PickTask, ChangeKnob, CloseTasks key.Binding
	Choose, Apply, Cancel            key.Binding
}

// DefaultKeyMap returns nnlab's key bindings.
func DefaultKeyMap() KeyMap {
	b := func(help, desc string, keys ...string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
	}
	return KeyMap{
		Quit:        b("q", "quit", "q", "ctrl+c"),
		Help:        b("?", "more keys", "?"),
		Back:        b("esc", "back", "esc"),
		Enter:       b("enter", "open", "enter"),
		Up:          b("↑/k", "up", "up", "k"),
		Down:        b("↓/j", "down", "down", "j"),
		Left:        b("←/h", "left", "left", "h"),
		Right:       b("→", "right", "right"),
		NextPane:    b("tab", "next pane", "tab"),
		PrevPane:    b("shift+tab", "prev pane", "shift+tab"),
		PageUp:      b("pgup", "page up", "pgup"),
		PageDown:    b("pgdn", "page down", "pgdown"),
		PrevPage:    b("[/←", "prev page", "[", "left"),
		NextPage:    b("]/→", "next page", "]", "right"),
		Pause:       b("space", "pause/run", " "),
		Step:        b("n", "one step", "n"),
		Reset:       b("r", "reset", "r"),
		NewSeed:     b("R", "new seed", "R"),
		LRUp:        b("+", "lr ×1.5", "+", "="),
		LRDown:      b("-", "lr ÷1.5", "-", "_"),
		LogScale:    b("l", "log scale", "l"),
		Chart:       b("a", "loss/accuracy", "a"),
		Slower:      b("<", "slower", "<", ","),
		Faster:      b(">", "faster", ">", "."),
		Preset:      b("p", "next preset", "p"),
		Tasks:       b("t", "try this", "t"),
		Quiz:        b("z", "quiz", "z"),
		Factor:      b("f", "next factor", "f"),
		Toggle:      b("space", "toggle choice", " "),
		ShowMe:      b("s", "show me", "s"),
		View:        b("v", "next view", "v"),
		NextImage:   b("i", "next image", "i"),
		PrevImage:   b("I", "previous image", "I"),
		TestData:    b("T", "test data", "T"),
		Discretize:  b("d", "discretize", "d"),
		Save:        b("w", "save spec", "w"),
		Export:      b("x", "export charts", "x"),
		NextUnit:    b("u", "next unit", "u"),
		PrevUnit:    b("U", "prev unit", "U"),
		NextUnits:   b("}", "next page of units", "}"),
		PrevUnits:   b("{", "prev page of units", "{"),
		Enlarge:     b("e", "enlarge unit", "e"),
		WalkNext:    b("n/enter", "next value", "n", "enter"),
		WalkSection: b("g", "to the section's end", "g"),
		WalkEnd:     b("G", "to the end", "G"),
		WalkBack:    b("b/⌫", "back one", "b", "backspace"),
		WalkReset:   b("r", "start over", "r"),

		PickTask:   b("↑/↓", "choose task", "up", "down", "k", "j"),
		ChangeKnob: b("enter", "change knob", "enter"),
		CloseTasks: b("t", "close tasks", "t"),
		Choose:     b("←/→", "choose", "left", "right"),
		Apply:      b("enter", "apply", "enter"),
		Cancel:     b("esc", "cancel", "esc"),
	}
}

// helpKeys adapts a pair of binding lists to help.KeyMap.
type helpKeys struct {
	short []key.Binding
	full  [][]key.Binding
}

func (h helpKeys) ShortHelp() []key.Binding  { return h.short }
func (h helpKeys) FullHelp() [][]key.Binding { return h.full }

// inputKeys are the bindings of the knob input (choose: names to cycle).
func (k KeyMap) inputKeys(choose bool) []key.Binding {
	if choose {
		return []key.Binding{k.Choose, k.Apply, k.Cancel}
	}
	return []key.Binding{k.Apply, k.Cancel}
}

// walkKeys are the bindings of a walkthrough.
func (k KeyMap) walkKeys() []key.Binding {
	return []key.Binding{k.WalkNext, k.WalkSection, k.WalkEnd, k.WalkBack, k.WalkReset}
}

// runKeys are the bindings of every screen with live runs.
func (k KeyMap) runKeys() []key.Binding {
	return []key.Binding{k.Pause, k.Step, k.Reset, k.NewSeed, k.LRUp, k.LRDown, k.Slower, k.Faster, k.LogScale, k.Chart}
}

func (k KeyMap) globalKeys() []key.Binding {
	return []key.Binding{k.NextPane, k.PrevPane, k.Back, k.Help, k.Quit}
}

// speedStep is +1 (slower) for the Slower key, −1 for Faster.
func speedStep(msg tea.KeyMsg, k KeyMap) int {
	if key.Matches(msg, k.Slower) {
		return 1
	}
	return -1
}
