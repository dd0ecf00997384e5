package tui

// The lesson's "try this" tasks: a list to pick from, and a one-line input
// that changes the task's knob on the experiment it names.

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/nnlab/nnlab/lab"
	"github.com/nnlab/nnlab/lab/spec"
	"github.com/nnlab/nnlab/lessons"
)

// presetEdit is a preset as the learner changed it from the tasks; it lasts
// until the lesson is left.
type presetEdit struct {
	spec   *spec.Spec // the spec (the base of a comparison)
	values []string   // the values a comparison varies
	notes  []knobNote
}

// knobNote is one change, for the experiment's title.
type knobNote struct{ path, value string }

// note is the title's note, "(changed: optimizer.lr = 0.1)", or "".
func (e *presetEdit) note() string {
	if e == nil || len(e.notes) == 0 {
		return ""
	}
	parts := make([]string, len(e.notes))
	for i, n := range e.notes {
		parts[i] = n.path + " = " + n.value
	}
	return "(changed: " + strings.Join(parts, ", ") + ")"
}

// setNote records path = value, or forgets path when value is the lesson's.
func (e *presetEdit) setNote(path, value string, asWritten bool) {
	e.notes = slices.DeleteFunc(e.notes, func(n knobNote) bool { return n.path == path })
	if !asWritten {
		e.notes = append(e.notes, knobNote{path, value})
	}
}

// knobInput is the open input of a task's knob.
type knobInput struct {
	preset  int
	knob    string
	values  bool     // the knob is what the comparison varies: edit its values
	allowed []string // the names ←/→ cycle through (nil: type only)
	ti      textinput.Model
	// fresh says the value is as it was opened (or chosen): typing
	// replaces it, as in a field whose text is selected.
	fresh bool
	hint  string // why there is no current value (Get's error)
	err   string // why the last enter changed nothing
	lines []string
}

// taskPreset is the preset a task's text names at its start ("In xor, …"),
// or −1. Ids match case-sensitively, the longest first.
func taskPreset(l *lessons.Lesson, text string) int {
	rest, ok := strings.CutPrefix(text, "In ")
	if !ok {
		return -1
	}
	best, bestLen := -1, 0
	for i, p := range l.Presets {
		if p.ID == "" || !strings.HasPrefix(rest, p.ID) || len(p.ID) <= bestLen {
			continue
		}
		if after := rest[len(p.ID):]; after != "" && isIDChar(after[0]) {
			continue // "In xor2, …" names no preset xor
		}
		best, bestLen = i, len(p.ID)
	}
	return best
}

// mentionRE finds the words a text sets in italics: "*loop*".
var mentionRE = regexp.MustCompile(`\*([A-Za-z0-9_-]+)\*`)

// presetMentions are the presets a text names in italics ("open the
// preset *loop*"), in the order first named.
func presetMentions(l *lessons.Lesson, text string) []int {
	var out []int
	for _, m := range mentionRE.FindAllStringSubmatch(text, -1) {
		for i, p := range l.Presets {
			if p.ID == m[1] && !slices.Contains(out, i) {
				out = append(out, i)
			}
		}
	}
	return out
}

func isIDChar(c byte) bool {
	return c == '-' || c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// fieldPaths maps Set's short names to the paths they stand for.
var fieldPaths = func() map[string]string {
	m := map[string]string{}
	for _, p := range spec.ShortNames() {
		if !strings.Contains(p[1], " ") {
			m[p[0]] = p[1]
		}
	}
	return m
}()

// sameField says whether two Set paths name the same field.
func sameField(a, b string) bool {
	canon := func(p string) string {
		p = strings.TrimSpace(p)
		if f, ok := fieldPaths[p]; ok {
			return f
		}
		return p
	}
	return canon(a) == canon(b)
}

// expSpec is the spec an experiment runs (a comparison's base).
func expSpec(e experiment) *spec.Spec {
	switch e := e.(type) {
	case *runPanel:
		return e.spec
	case *comparePanel:
		return e.base
	case *walkPanel:
		return e.spec
	}
	return nil
}

// knobValue is a knob's value in spec as the input shows it: the value
// written, else (an optional field left to its default) the default.
func knobValue(spec *spec.Spec, knob string) (string, error) {
	v, err := spec.Get(knob)
	if err != nil || v != "" {
		return v, err
	}
	d := spec.Clone()
	d.Defaults()
	if dv, err := d.Get(knob); err == nil {
		return dv, nil
	}
	return v, nil
}

// splitValues reads "0.1, 0.3, 1" as a comparison's values.
func splitValues(s string) []string {
	var out []string
	for _, v := range strings.Split(s, ",") {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// tasksView renders the tasks for a pane w wide: "› 1. knob" then the text,
// the selected one highlighted and followed by the input lines when the
// input is open. It returns the lines and, per task, its first and last
// line (the input included).
func tasksView(tasks []lessons.Task, sel int, input []string, w int, st Styles) ([]string, [][2]int) {
	var lines []string
	var spans [][2]int
	const margin = "  "
	if len(tasks) == 0 {
		return wrapLines([]string{margin + "No suggestions for this lesson: turn any knob in the Playground."}, w), nil
	}
	lines = append(lines, wrapLines([]string{margin + st.render(st.Muted, "↑/↓ choose a task · enter changes its knob")}, w)...)
	lines = append(lines, "")
	const indent = "     "
	for i, t := range tasks {
		start := len(lines)
		mark := "  "
		if i == sel {
			mark = "› "
		}
		head := fit(fmt.Sprintf("%s%d. %s", mark, i+1, t.Knob), w)
		body := strings.Split(ansi.Wrap(t.Text, max(10, w-len(indent)), ""), "\n")
		if i == sel {
			head = st.render(st.Selected, head)
		} else {
			head = st.render(st.Section, head)
		}
		lines = append(lines, head)
		for _, b := range body {
			l := fit(indent+b, w)
			if i == sel {
				l = st.render(st.Selected, l)
			}
			lines = append(lines, l)
		}
		if i == sel && len(input) > 0 {
			lines = append(lines, "")
			lines = append(lines, input...)
		}
		spans = append(spans, [2]int{start, len(lines) - 1})
		lines = append(lines, "")
	}
	lines = append(lines, wrapLines([]string{st.render(st.Muted,
		"A change lasts until you leave the lesson (r resets the run and keeps it). The Playground (home screen) has every knob.")}, w-len(margin))...)
	for i := len(lines) - 1; i >= 0 && lines[i] != ""; i-- {
		lines[i] = margin + lines[i]
	}
	return lines, spans
}

// inputView renders the open knob input in w columns, indented under its
// task: a heading, the input, the allowed values, then the error (or why
// there is no value) and the keys.
func inputView(in *knobInput, presetID string, w int, st Styles) []string {
	const indent = "     "
	w -= len(indent)
	head := "Change " + in.knob + " in " + presetID + ":"
	if in.values {
		head = "Change the values " + presetID + " compares (" + in.knob + "):"
	}
	lines := wrapLines([]string{st.render(st.Section, head)}, w)
	lines = append(lines, in.field(w, st))
	var more []string
	if in.fresh && in.ti.Value() != "" {
		more = append(more, st.render(st.Muted, "typing replaces the value · ←/→ or backspace edit it"))
	}
	if len(in.allowed) > 0 {
		more = append(more, st.render(st.Muted, "←/→: "+strings.Join(in.allowed, ", ")))
	}
	if in.values {
		more = append(more, st.render(st.Muted, "one run per value, separated by commas"))
	}
	switch {
	case in.err != "":
		more = append(more, st.render(st.Bad, "Not changed: ")+in.err)
	case in.hint != "":
		more = append(more, st.render(st.Muted, in.hint))
	}
	more = append(more, st.render(st.Muted, "enter applies · esc cancels"))
	wrapped := wrapLines(more, w)
	if len(wrapped) > 8 {
		wrapped = append(wrapped[:7], "…")
	}
	lines = append(lines, wrapped...)
	for i := range lines {
		lines[i] = indent + lines[i]
	}
	return lines
}

// field draws the input line in w cells: the prompt, then the value with
// a cursor ▏ that shows without colour too (while the value is fresh it is
// highlighted and the cursor sits at its end). A value too long for the
// line scrolls to keep the cursor in view.
func (in *knobInput) field(w int, st Styles) string {
	v := []rune(in.ti.Value())
	pos := min(in.ti.Position(), len(v))
	room := max(1, w-lipglossWidth(in.ti.Prompt)-1)
	from := 0
	if len(v) > room {
		from = min(max(0, pos-room+1), len(v)-room)
	}
	to := min(len(v), from+room)
	win := append([]rune(nil), v[from:to]...)
	if from > 0 {
		win[0] = '…' // more to the left
	}
	before, after := string(win[:pos-from]), string(win[pos-from:])
	if in.fresh {
		before = st.render(st.Selected, before)
	}
	return fit(in.ti.Prompt+before+"▏"+after, w)
}

// selectTask moves the selection by d and keeps it in view.
func (s *lessonScreen) selectTask(d int) {
	n := len(s.l.Tasks)
	if n == 0 {
		return
	}
	s.sel = (s.sel + d + n) % n
	if s.sel == 0 {
		s.vp.SetYOffset(0) // the hint above the first task too
	}
	s.layoutInput()
}

// openInput opens the input of the selected task's knob, first switching
// to the preset the task names.
func (s *lessonScreen) openInput() tea.Cmd {
	if len(s.l.Tasks) == 0 || len(s.l.Presets) == 0 || s.exp == nil {
		return nil
	}
	t := s.l.Tasks[s.sel]
	var cmd tea.Cmd
	if i := taskPreset(s.l, t.Text); i >= 0 && i != s.preset {
		s.preset = i
		s.makeExperiment()
		cmd = s.exp.start()
	}
	p := s.l.Presets[s.preset]
	in := &knobInput{preset: s.preset, knob: strings.TrimSpace(t.Knob)}
	cur := expSpec(s.exp)
	var value string
	if cp, ok := s.exp.(*comparePanel); ok && p.Vary != nil && sameField(in.knob, p.Vary.Field) {
		in.values = true
		value = strings.Join(cp.values, ", ")
	} else {
		v, err := knobValue(cur, in.knob)
		if err != nil {
			in.hint = err.Error()
		}
		value = v
		in.allowed = spec.AllowedValues(in.knob)
		if in.allowed == nil && (v == "true" || v == "false") {
			in.allowed = []string{"false", "true"}
		}
		// Offer only the names that work here (no inline data set without
		// its rows, no fashion for a two-class loss).
		var values []string
		if cp, ok := s.exp.(*comparePanel); ok {
			values = cp.values
		}
		in.allowed = slices.DeleteFunc(in.allowed, func(name string) bool {
			edited := cur.Clone()
			return edited.Set(in.knob, name) != nil || checkEdited(p, edited, values) != nil
		})
	}
	in.ti = textinput.New()
	in.ti.Prompt = in.knob + " = "
	in.ti.CharLimit = 200
	in.ti.Cursor.SetMode(cursor.CursorStatic) // no blink ticks
	in.ti.SetValue(value)
	in.ti.CursorEnd()
	in.ti.Focus()
	in.fresh = true
	s.input = in
	s.layoutInput()
	return cmd
}

// layoutInput sizes and renders the input under its task, keeping the
// task's last lines (the input) in view.
func (s *lessonScreen) layoutInput() {
	in := s.input
	if in != nil {
		in.ti.Width = max(4, s.textW-5-lipglossWidth(in.ti.Prompt)-1)
		in.lines = inputView(in, s.l.Presets[in.preset].ID, s.textW, s.c.Styles)
	}
	if !s.tasks {
		return
	}
	s.setText()
	if s.sel < len(s.taskSpans) {
		sp := s.taskSpans[s.sel]
		top := s.vp.YOffset
		if sp[1] >= top+s.vp.Height {
			top = sp[1] - s.vp.Height + 1
		}
		if sp[0] < top && (in == nil || sp[1]-sp[0] < s.vp.Height) {
			top = sp[0]
		}
		s.vp.SetYOffset(top)
	}
}

// inputKey handles a key while the input is open.
func (s *lessonScreen) inputKey(msg tea.KeyMsg) tea.Cmd {
	in := s.input
	k := s.c.Keys
	switch {
	case key.Matches(msg, k.Apply):
		return s.applyInput()
	case len(in.allowed) > 0 && key.Matches(msg, k.Choose):
		d := 1
		if msg.Type == tea.KeyLeft {
			d = -1
		}
		i := slices.Index(in.allowed, strings.TrimSpace(in.ti.Value()))
		switch {
		case i < 0 && d > 0:
			i = 0
		case i < 0:
			i = len(in.allowed) - 1
		default:
			i = (i + d + len(in.allowed)) % len(in.allowed)
		}
		in.ti.SetValue(in.allowed[i])
		in.ti.CursorEnd()
		in.err, in.fresh = "", true
	default:
		switch {
		case !in.fresh:
		case msg.Type == tea.KeyRunes || msg.Type == tea.KeySpace:
			in.ti.SetValue("") // the first key typed replaces the value
		case msg.Type == tea.KeyBackspace || msg.Type == tea.KeyDelete:
			in.ti.SetValue("")
			in.fresh, in.err = false, ""
			s.layoutInput()
			return nil
		}
		var cmd tea.Cmd
		in.ti, cmd = in.ti.Update(msg)
		in.err, in.fresh = "", false
		s.layoutInput()
		return cmd
	}
	s.layoutInput()
	return nil
}

// checkEdited checks a preset's spec after a change: a walkthrough's
// network must still be one it can take apart, a comparison's variants
// (of values) must all be valid, a run's spec valid.
func checkEdited(p lessons.Preset, edited *spec.Spec, values []string) error {
	switch {
	case p.View == lessons.ViewWalkthrough:
		return lab.WalkCheck(edited)
	case p.Vary != nil:
		_, err := spec.Variants(edited, p.Vary.Field, values)
		return err
	}
	d := edited.Clone()
	d.Defaults()
	return d.Validate()
}

// applyInput sets the knob on a copy of the preset's spec, checks it and
// restarts the experiment with it; on a problem it shows it and changes
// nothing.
func (s *lessonScreen) applyInput() tea.Cmd {
	in := s.input
	p := s.l.Presets[in.preset]
	value := strings.TrimSpace(in.ti.Value())
	edited := expSpec(s.exp).Clone()
	var values []string
	if cp, ok := s.exp.(*comparePanel); ok {
		values = slices.Clone(cp.values)
	}
	fail := func(err error) tea.Cmd {
		in.err = err.Error()
		s.layoutInput()
		return nil
	}
	asWritten := false
	if in.values {
		vals := splitValues(value)
		if _, err := spec.Variants(edited, p.Vary.Field, vals); err != nil {
			return fail(err)
		}
		values = vals
		value = strings.Join(vals, ", ")
		asWritten = slices.Equal(vals, p.Vary.Values)
	} else {
		if err := edited.Set(in.knob, value); err != nil {
			return fail(err)
		}
		if err := checkEdited(p, edited, values); err != nil {
			return fail(err)
		}
		if v, err := edited.Get(in.knob); err == nil {
			value = v // as Set read it: "2e3" shows as 2000
		}
		orig, err := knobValue(s.c.spec(p.Spec), in.knob)
		asWritten = err == nil && orig == value
	}
	if s.edits == nil {
		s.edits = map[int]*presetEdit{}
	}
	e := s.edits[in.preset]
	if e == nil {
		e = &presetEdit{}
		s.edits[in.preset] = e
	}
	e.spec = edited
	if p.Vary != nil {
		e.values = values
	}
	e.setNote(in.knob, value, asWritten)
	s.input = nil
	s.tasks = false
	s.vp.SetYOffset(0) // the page, from its top
	s.setText()
	s.makeExperiment()
	return s.exp.start()
}
