package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/nnlab/nnlab/lessons"
)

// gradedMsg carries the grade of a numeric answer (computed in a Cmd: it
// trains a network).
type gradedMsg struct {
	quiz  *quizScreen
	index int
	res   lessons.Result
	err   error
}

// showMsg asks for the lesson page and experiment behind a question
// ("show me"): the lesson under the quiz when it is that lesson, else a new
// one on top.
type showMsg struct {
	lesson       *lessons.Lesson
	preset, page int
}

// quizScreen asks a quiz's questions one by one. Nothing is recorded
// until the last question is answered: a quiz left before its end (esc,
// q) leaves no answers and no score, and z in its lesson picks it up where
// it was left.
type quizScreen struct {
	c       *Common
	title   string
	lesson  string // "" for the final exam
	qz      *lessons.Quiz
	idx     int
	cursor  int
	chosen  map[int]bool
	input   numberField
	res     *lessons.Result
	err     string // why the answer could not be graded
	hint    string // why enter did nothing (no choice made)
	busy    bool   // a numeric answer is being graded
	done    bool
	score   lessons.Score
	skipped int
	answers []answer // recorded when the quiz is finished
	vp      viewport.Model
}

// answer is one graded answer, kept until the quiz is finished.
type answer struct {
	lesson, question, text string
	correct                bool
}

func newQuiz(c *Common, title, lesson string, qz *lessons.Quiz) *quizScreen {
	s := &quizScreen{c: c, title: title, lesson: lesson, qz: qz, chosen: map[int]bool{}}
	s.input.placeholder = "type a number, e.g. 0.25"
	s.vp = viewport.New(10, 5)
	s.vp.KeyMap = textKeyMap()
	s.enter()
	return s
}

func (s *quizScreen) item() lessons.Item { return s.qz.Items[s.idx] }

// enter prepares the current question.
func (s *quizScreen) enter() {
	s.cursor, s.chosen, s.res, s.err, s.hint, s.busy = 0, map[int]bool{}, nil, "", "", false
	s.input.SetValue("")
	s.input.Blur()
	if len(s.qz.Items) == 0 {
		s.done = true
		return
	}
	if s.item().Question.Kind == lessons.KindNumeric {
		s.input.Focus()
	}
}

func (s *quizScreen) Init() tea.Cmd { s.render(); return nil }
func (s *quizScreen) Title() string { return s.title }
func (s *quizScreen) Tick() bool    { return false }
func (s *quizScreen) Park()         {}
func (s *quizScreen) Unpark()       { s.render() }
func (s *quizScreen) Close()        {}
func (s *quizScreen) Resize()       { s.render() }
func (s *quizScreen) View() string  { return blockText(s.vp.View(), s.c.Width, s.c.Height) }

// Typing is true while a number is typed.
func (s *quizScreen) Typing() bool { return !s.done && s.res == nil && s.input.Focused() }

func (s *quizScreen) Help() help.KeyMap {
	k := s.c.Keys
	submit := key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "submit"))
	next := key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "next"))
	var short []key.Binding
	switch {
	case s.done:
		short = []key.Binding{key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "back")), k.Up, k.Down}
	case s.res != nil || s.err != "":
		short = []key.Binding{next, k.ShowMe, k.Up, k.Down}
	case s.item().Question.Kind == lessons.KindNumeric:
		short = []key.Binding{submit, key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit"))}
	case s.item().Question.Kind == lessons.KindMulti:
		short = []key.Binding{k.Up, k.Down, k.Toggle, submit}
	default:
		short = []key.Binding{k.Up, k.Down, submit}
	}
	short = append(short, k.Back, k.Help)
	return helpKeys{short: short, full: [][]key.Binding{short, k.globalKeys()}}
}

func (s *quizScreen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case gradedMsg:
		if msg.quiz == s && msg.index == s.idx && s.busy {
			s.busy = false
			s.graded(msg.res, msg.err)
			s.render()
		}
		return nil
	case tea.MouseMsg:
		var cmd tea.Cmd
		s.vp, cmd = s.vp.Update(msg)
		return cmd
	case tea.KeyMsg:
		cmd := s.key(msg)
		s.render()
		return cmd
	}
	return nil
}

func (s *quizScreen) key(msg tea.KeyMsg) tea.Cmd {
	k := s.c.Keys
	if s.done {
		switch {
		case key.Matches(msg, k.Enter):
			return pop
		case key.Matches(msg, k.Up), key.Matches(msg, k.Down), key.Matches(msg, k.PageUp), key.Matches(msg, k.PageDown):
			s.vp, _ = s.vp.Update(msg)
		}
		return nil
	}
	q := s.item().Question
	if s.res != nil || s.err != "" {
		switch {
		case key.Matches(msg, k.Enter), key.Matches(msg, k.Right):
			return s.next()
		case key.Matches(msg, k.ShowMe):
			return s.showMe(q)
		case key.Matches(msg, k.Up), key.Matches(msg, k.Down), key.Matches(msg, k.PageUp), key.Matches(msg, k.PageDown):
			s.vp, _ = s.vp.Update(msg)
		}
		return nil
	}
	if s.busy {
		return nil
	}
	n := len(q.Choices)
	switch q.Kind {
	case lessons.KindNumeric:
		if key.Matches(msg, k.Enter) {
			x, err := lessons.ParseNumber(s.input.Value())
			if err != nil {
				s.input.problem = err.Error()
				return nil
			}
			return s.gradeNumber(x)
		}
		s.input.key(msg)
		return nil
	default:
		switch {
		case key.Matches(msg, k.Up):
			s.cursor = (s.cursor + n - 1) % max(n, 1)
		case key.Matches(msg, k.Down):
			s.cursor = (s.cursor + 1) % max(n, 1)
		case key.Matches(msg, k.Toggle):
			s.hint = ""
			if q.Kind == lessons.KindMulti {
				s.chosen[s.cursor] = !s.chosen[s.cursor]
			} else {
				s.chosen = map[int]bool{s.cursor: true}
			}
		case key.Matches(msg, k.Enter):
			var picked []int
			if q.Kind == lessons.KindSingle {
				picked = []int{s.cursor}
			} else {
				for i := 0; i < n; i++ {
					if s.chosen[i] {
						picked = append(picked, i)
					}
				}
			}
			if len(picked) == 0 {
				s.hint = "Choose at least one answer first: space or its number marks it."
				return nil
			}
			res, err := s.item().Grade(lessons.Response{Choices: picked}, nil)
			s.graded(res, err)
		default:
			if str := msg.String(); len(str) == 1 && str[0] >= '1' && str[0] <= '9' {
				if i := int(str[0] - '1'); i < n {
					s.hint = ""
					s.cursor = i
					if q.Kind == lessons.KindMulti {
						s.chosen[i] = !s.chosen[i]
					}
				}
			}
		}
	}
	return nil
}

func (s *quizScreen) gradeNumber(x float64) tea.Cmd {
	it, ev, idx := s.item(), s.c.Opts.Evaluator, s.idx
	s.busy = true
	return func() tea.Msg {
		res, err := it.Grade(lessons.Response{Number: x}, ev)
		return gradedMsg{quiz: s, index: idx, res: res, err: err}
	}
}

// graded records a graded answer.
func (s *quizScreen) graded(res lessons.Result, err error) {
	q := s.item().Question
	if err != nil {
		s.err = err.Error()
		s.skipped++
		return
	}
	s.res = &res
	s.input.Blur()
	s.score.Add(q.Lesson, res.Correct)
	s.answers = append(s.answers, answer{q.Lesson, q.ID, res.Answer, res.Correct})
	s.vp.SetYOffset(0)
}

func (s *quizScreen) next() tea.Cmd {
	if s.idx+1 < len(s.qz.Items) {
		s.idx++
		s.enter()
		s.vp.SetYOffset(0)
		return nil
	}
	s.done = true
	s.vp.SetYOffset(0)
	st := s.c.Opts.Store
	if st == nil {
		return nil
	}
	for _, a := range s.answers {
		st.RecordAnswer(a.lesson, a.question, a.text, a.correct)
	}
	// A finished quiz counts out of its full length: a question that could
	// not be graded counts as wrong.
	length := len(s.qz.Items)
	var err error
	if s.lesson != "" {
		_, err = st.RecordQuiz(s.lesson, s.score.Correct, length)
		if s.score.Correct*10 >= length*7 {
			st.Complete(s.lesson)
		}
	} else {
		_, err = st.RecordFinal(s.score.Correct, length)
	}
	if err != nil {
		return func() tea.Msg { return savedMsg{err} }
	}
	return saveCmd(s.c)
}

// showMe opens the experiment the question points at, with the lesson
// page that names it.
func (s *quizScreen) showMe(q *lessons.Question) tea.Cmd {
	cat := s.c.Opts.Catalog
	if q.Show == "" || cat == nil {
		return nil
	}
	lid, pid, _ := strings.Cut(q.Show, "/")
	l := cat.Lesson(lid)
	if l == nil {
		return nil
	}
	msg := showMsg{lesson: l}
	for i, p := range l.Presets {
		if p.ID == pid {
			msg.preset = i
		}
	}
	msg.page = presetPage(l, msg.preset)
	return func() tea.Msg { return msg }
}

func (s *quizScreen) render() {
	w, h := s.c.Width, s.c.Height
	s.vp.Width, s.vp.Height = w, h
	st := s.c.Styles
	tw := min(w-2, 100)
	var lines []string
	// hang adds text wrapped to the width, its first line after first and
	// the others after rest (a hanging indent).
	hang := func(text, first, rest string) {
		for i, l := range wrapLines([]string{text}, tw-len(rest)) {
			if i == 0 {
				lines = append(lines, first+l)
			} else {
				lines = append(lines, rest+l)
			}
		}
	}
	add := func(text, indent string) { hang(text, indent, indent) }
	if s.done {
		lines = append(lines, "", st.render(st.Section, " "+s.title+" — finished"), "")
		add(fmt.Sprintf("Score: %d of %d right.", s.score.Correct, len(s.qz.Items)), " ")
		if s.skipped > 0 {
			add(fmt.Sprintf("%d question(s) could not be graded; they count as wrong.", s.skipped), " ")
		}
		if s.lesson == "" && len(s.score.PerLesson) > 0 {
			lines = append(lines, "")
			if cat := s.c.Opts.Catalog; cat != nil {
				for _, l := range cat.Lessons {
					if r, ok := s.score.PerLesson[l.ID]; ok {
						add(fmt.Sprintf("%-40s %d/%d", l.Title, r[0], r[1]), " ")
					}
				}
			}
		}
		if s.c.Opts.Store != nil {
			lines = append(lines, "", st.render(st.Muted, " Your result is saved with your progress."))
		}
		lines = append(lines, "", st.render(st.Muted, " enter: back"))
		s.setContent(lines)
		return
	}
	it := s.item()
	q := it.Question
	kind := map[string]string{lessons.KindSingle: "one answer", lessons.KindMulti: "all that apply", lessons.KindNumeric: "a number"}[q.Kind]
	lines = append(lines, "", fit(st.render(st.Section, fmt.Sprintf(" Question %d of %d", s.idx+1, len(s.qz.Items)))+st.render(st.Muted, "  ("+kind+")"), w), "")
	add(q.Text, " ")
	lines = append(lines, "")
	choices := it.Choices()
	var cr []lessons.ChoiceResult
	if s.res != nil && len(s.res.Choices) == len(q.Choices) {
		cr = make([]lessons.ChoiceResult, len(choices))
		for k, i := range it.Order {
			cr[k] = s.res.Choices[i]
		}
	}
	for i, ch := range choices {
		cur := "  "
		if i == s.cursor && s.res == nil {
			cur = "› "
		}
		box := "( )"
		if q.Kind == lessons.KindMulti {
			box = "[ ]"
		}
		if s.chosen[i] || (cr != nil && cr[i].Chosen) || (s.res == nil && q.Kind == lessons.KindSingle && i == s.cursor) {
			box = strings.Replace(strings.Replace(box, "( )", "(•)", 1), "[ ]", "[x]", 1)
		}
		text := fmt.Sprintf("%s%s %d. %s", cur, box, i+1, ch.Text)
		if i == s.cursor && s.res == nil {
			text = cur + box + fmt.Sprintf(" %d. ", i+1) + st.render(st.Selected, ch.Text)
		}
		if cr != nil && cr[i].Chosen {
			text += st.render(st.Muted, "   ← your answer")
		}
		// Lines after the first go under the choice's text.
		hang(text, " ", " "+strings.Repeat(" ", lipglossWidth(fmt.Sprintf("%s%s %d. ", cur, box, i+1))))
		if cr != nil {
			verdict, style := "✗ incorrect", st.Bad
			if cr[i].Correct {
				verdict, style = "✓ correct", st.Good
			}
			add(st.render(style, verdict)+" — "+cr[i].Why, "         ")
		}
	}
	if q.Kind == lessons.KindNumeric {
		if s.res == nil && s.err == "" {
			lines = append(lines, " "+s.input.view(st))
			if s.busy {
				lines = append(lines, "", st.render(st.Muted, " computing the answer (training the preset)…"))
			}
		} else if s.res != nil {
			add("Your answer: "+s.res.Answer, " ")
		}
	}
	if s.hint != "" {
		lines = append(lines, "")
		add(st.render(st.Warn, s.hint), " ")
	}
	if s.err != "" {
		lines = append(lines, "")
		add(st.render(st.Bad, "Could not grade this question: ")+s.err, " ")
		add("enter: next question", " ")
	}
	if s.res != nil {
		lines = append(lines, "")
		if s.res.Correct {
			add(st.render(st.Good, "✓ Right!")+" The answer: "+s.res.Expected, " ")
		} else {
			add(st.render(st.Bad, "✗ Not quite.")+" The answer: "+s.res.Expected, " ")
		}
		if q.Explain != "" {
			lines = append(lines, "")
			add(q.Explain, " ")
		}
		lines = append(lines, "")
		hint := "enter: next question"
		if s.idx+1 == len(s.qz.Items) {
			hint = "enter: see your score"
		}
		if q.Show != "" {
			hint += " · s: show me (" + q.Show + ")"
		}
		add(st.render(st.Muted, hint), " ")
	}
	s.setContent(lines)
}

func (s *quizScreen) setContent(lines []string) {
	y := s.vp.YOffset
	s.vp.SetContent(strings.Join(lines, "\n"))
	s.vp.SetYOffset(y)
}

// numberField is a one-line field for a number.
type numberField struct {
	value       []rune
	focused     bool
	placeholder string
	problem     string // why the last submission was not a number
}

func (f *numberField) Focus()            { f.focused = true }
func (f *numberField) Blur()             { f.focused = false }
func (f *numberField) Focused() bool     { return f.focused }
func (f *numberField) Value() string     { return string(f.value) }
func (f *numberField) SetValue(v string) { f.value, f.problem = []rune(v), "" }

func (f *numberField) key(msg tea.KeyMsg) {
	switch msg.Type {
	case tea.KeyBackspace, tea.KeyDelete:
		if len(f.value) > 0 {
			f.value = f.value[:len(f.value)-1]
		}
	case tea.KeyCtrlU:
		f.value = nil
	case tea.KeyRunes, tea.KeySpace:
		for _, r := range msg.Runes {
			if strings.ContainsRune("0123456789.eE+-", r) && len(f.value) < 32 {
				f.value = append(f.value, r)
			}
		}
	}
	f.problem = ""
}

func (f *numberField) view(st Styles) string {
	s := "answer: " + string(f.value) + "▏"
	if len(f.value) == 0 {
		s += st.render(st.Muted, f.placeholder)
	}
	if f.problem != "" {
		s += "  " + st.render(st.Bad, "not a number: "+f.problem)
	}
	return s
}
