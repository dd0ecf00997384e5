package lessons

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"strconv"
	"strings"

	"github.com/nnlab/nnlab/lab/spec"
)

// Evaluator computes the quantity c names by running spec (a clone of the
// preset's spec with defaults filled in). The lab package supplies it; tests
// supply fakes.
type Evaluator func(spec *spec.Spec, c Compute) (float64, error)

// Answer computes the answer of a numeric question with ev.
func (q *Question) Answer(ev Evaluator) (float64, error) {
	if q.Kind != KindNumeric || q.Compute == nil {
		return 0, fmt.Errorf("question %s: not a numeric question", q.ID)
	}
	if q.preset == nil || q.preset.Spec == nil {
		return 0, fmt.Errorf("question %s: compute.preset %q names no preset", q.ID, q.Compute.Preset)
	}
	if ev == nil {
		return 0, fmt.Errorf("question %s: no evaluator to compute the answer", q.ID)
	}
	spec, err := q.Compute.specFor(q.preset)
	if err != nil {
		return 0, fmt.Errorf("question %s: %w", q.ID, err)
	}
	spec.Defaults()
	v, err := ev(spec, *q.Compute)
	if err != nil {
		return 0, fmt.Errorf("question %s: computing %s of %s: %w", q.ID, q.Compute.Quantity, q.Compute.Preset, err)
	}
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("question %s: %s of %s came out as %v", q.ID, q.Compute.Quantity, q.Compute.Preset, v)
	}
	return v, nil
}

// Response is what a learner answered: Choices (0-based indices into
// Question.Choices, in file order) for single and multi questions, Number
// for numeric ones.
type Response struct {
	Choices []int
	Number  float64
}

// Result is a graded response.
type Result struct {
	Correct bool
	// Expected is the right answer: the correct choice texts, or the
	// computed number.
	Expected string
	// Answer is the response, as text.
	Answer string
	// Explanation holds the lines to show after answering: for choice
	// questions one line per choice (in file order) saying whether choosing
	// it or leaving it was right, and why; then the question's explain.
	Explanation []string
	// Choices says, per choice in file order, what was chosen.
	Choices []ChoiceResult
}

// ChoiceResult is one choice of a graded response.
type ChoiceResult struct {
	Chosen  bool
	Correct bool // the choice is a correct one
	Why     string
}

// Grade grades a response. ev is needed for numeric questions only. Errors
// come from the evaluator or a response that does not fit the question
// (a choice index out of range, no choice for a single question).
func Grade(q *Question, r Response, ev Evaluator) (Result, error) {
	switch q.Kind {
	case KindNumeric:
		return gradeNumber(q, r.Number, ev)
	case KindSingle, KindMulti:
		return gradeChoices(q, r.Choices)
	}
	return Result{}, fmt.Errorf("question %s: unknown kind %q", q.ID, q.Kind)
}

func gradeNumber(q *Question, x float64, ev Evaluator) (Result, error) {
	want, err := q.Answer(ev)
	if err != nil {
		return Result{}, err
	}
	res := Result{
		Correct:  withinTolerance(x, want, q.Tolerance),
		Expected: FormatNumber(want, q.Tolerance),
		Answer:   strconv.FormatFloat(x, 'g', -1, 64),
	}
	if q.Explain != "" {
		res.Explanation = append(res.Explanation, q.Explain)
	}
	return res, nil
}

func gradeChoices(q *Question, chosen []int) (Result, error) {
	picked := make([]bool, len(q.Choices))
	for _, i := range chosen {
		if i < 0 || i >= len(q.Choices) {
			return Result{}, fmt.Errorf("question %s: choice %d does not exist; choices are 1 to %d", q.ID, i+1, len(q.Choices))
		}
		picked[i] = true
	}
	if q.Kind == KindSingle && len(chosen) > 1 {
		return Result{}, fmt.Errorf("question %s: choose one answer, got %d", q.ID, len(chosen))
	}
	if len(chosen) == 0 {
		return Result{}, fmt.Errorf("question %s: no choice given", q.ID)
	}
	res := Result{Correct: true}
	var want, got []string
	for i, c := range q.Choices {
		res.Choices = append(res.Choices, ChoiceResult{Chosen: picked[i], Correct: c.Correct, Why: c.Why})
		if picked[i] != c.Correct {
			res.Correct = false
		}
		if c.Correct {
			want = append(want, c.Text)
		}
		if picked[i] {
			got = append(got, c.Text)
		}
		var verdict string
		switch {
		case picked[i] && c.Correct:
			verdict = "Right to choose"
		case picked[i]:
			verdict = "Wrong to choose"
		case c.Correct:
			verdict = "Missed"
		default:
			verdict = "Right to leave out"
		}
		res.Explanation = append(res.Explanation, fmt.Sprintf("%s %q: %s", verdict, c.Text, c.Why))
	}
	res.Expected = strings.Join(want, "; ")
	res.Answer = strings.Join(got, "; ")
	if q.Explain != "" {
		res.Explanation = append(res.Explanation, q.Explain)
	}
	return res, nil
}

// withinTolerance tells whether |x−want| ≤ tol, allowing for the rounding
// of decimal input (0.0822−0.0812 is a hair above 0.001 in binary).
func withinTolerance(x, want, tol float64) bool {
	return !math.IsNaN(x) && math.Abs(x-want) <= tol*(1+1e-9)
}

// FormatNumber writes an answer with enough digits for its tolerance.
func FormatNumber(x, tol float64) string {
	digits := 6
	if tol > 0 && x != 0 {
		// Significant digits that resolve the tolerance, plus one.
		d := int(math.Ceil(math.Log10(math.Abs(x)/tol))) + 1
		digits = max(3, min(d, 15))
	}
	return strconv.FormatFloat(x, 'g', digits, 64)
}

// ParseNumber reads a number typed by a learner: "0.0822", "8.2e-2",
// "-1.5", "−1.5" (with a Unicode minus), ".5".
func ParseNumber(s string) (float64, error) {
	t := strings.TrimSpace(s)
	t = strings.ReplaceAll(t, "−", "-")
	t = strings.ReplaceAll(t, "_", "")
	if t == "" {
		return 0, errors.New("no number given")
	}
	x, err := strconv.ParseFloat(t, 64)
	if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
		return 0, fmt.Errorf("%q is not a number; write it like 0.0822 or 8.2e-2", strings.TrimSpace(s))
	}
	return x, nil
}

// ParseChoices reads choice numbers typed by a learner, 1 to n, separated
// by spaces or commas ("1 3", "1,3", "1, 3"), and returns them 0-based,
// sorted, without repeats.
func ParseChoices(s string, n int) ([]int, error) {
	fields := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == ';' })
	if len(fields) == 0 {
		return nil, errors.New("no choice given")
	}
	seen := map[int]bool{}
	var out []int
	for _, f := range fields {
		k, err := strconv.Atoi(strings.TrimSuffix(f, ")"))
		if err != nil || k < 1 || k > n {
			return nil, fmt.Errorf("%q is not a choice; choices are numbered 1 to %d", f, n)
		}
		if !seen[k-1] {
			seen[k-1] = true
			out = append(out, k-1)
		}
	}
	sort.Ints(out)
	return out, nil
}

// Quiz is a list of questions with their choices in presentation order.
type Quiz struct {
	Items []Item
}

// Item is one question of a quiz.
type Item struct {
	Question *Question
	// Order[k] is the index in Question.Choices of the choice shown k-th.
	Order []int
}

// Choices returns the question's choices in the order they are shown.
func (it Item) Choices() []Choice {
	cs := make([]Choice, len(it.Order))
	for k, i := range it.Order {
		cs[k] = it.Question.Choices[i]
	}
	return cs
}

// Original maps shown positions (0-based) to indices in Question.Choices.
// Positions out of range map to -1, which Grade rejects.
func (it Item) Original(shown []int) []int {
	out := make([]int, len(shown))
	for k, s := range shown {
		if s < 0 || s >= len(it.Order) {
			out[k] = -1
			continue
		}
		out[k] = it.Order[s]
	}
	return out
}

// Grade grades a response whose Choices are shown positions (0-based).
func (it Item) Grade(r Response, ev Evaluator) (Result, error) {
	r.Choices = it.Original(r.Choices)
	return Grade(it.Question, r, ev)
}

// NewQuiz makes a quiz of the questions in the order given. With shuffle,
// each question's choices are shown in an order drawn from seed (the same
// seed gives the same orders); without, in file order.
func NewQuiz(questions []*Question, seed uint64, shuffle bool) *Quiz {
	return newQuiz(questions, rand.New(rand.NewPCG(seed, quizStream)), shuffle)
}

// quizStream is the PCG stream of quiz shuffles.
const quizStream = 0x6e6e6c6162717a // "nnlabqz"

func newQuiz(questions []*Question, rng *rand.Rand, shuffle bool) *Quiz {
	qz := &Quiz{Items: make([]Item, 0, len(questions))}
	for _, q := range questions {
		order := make([]int, len(q.Choices))
		for i := range order {
			order[i] = i
		}
		if shuffle {
			rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		}
		qz.Items = append(qz.Items, Item{Question: q, Order: order})
	}
	return qz
}

// FinalExam draws n questions from the whole catalog: at least one from
// every lesson that has questions when n is at least the number of such
// lessons (otherwise n lessons, one question each), the rest at random. The
// questions come in random order with shuffled choices; the same seed gives
// the same exam. n <= 0 or more than there are questions takes them all.
func FinalExam(cat *Catalog, n int, seed uint64) *Quiz {
	rng := rand.New(rand.NewPCG(seed, quizStream+1))
	var byLesson [][]*Question
	total := 0
	for _, l := range cat.Lessons {
		if len(l.Questions) > 0 {
			byLesson = append(byLesson, l.Questions)
			total += len(l.Questions)
		}
	}
	if n <= 0 || n > total {
		n = total
	}
	var picked, rest []*Question
	lessonOrder := rng.Perm(len(byLesson))
	for k, li := range lessonOrder {
		qs := byLesson[li]
		first := rng.IntN(len(qs))
		for i, q := range qs {
			if i == first && k < n {
				picked = append(picked, q)
			} else {
				rest = append(rest, q)
			}
		}
	}
	rng.Shuffle(len(rest), func(i, j int) { rest[i], rest[j] = rest[j], rest[i] })
	picked = append(picked, rest[:n-len(picked)]...)
	rng.Shuffle(len(picked), func(i, j int) { picked[i], picked[j] = picked[j], picked[i] })
	return newQuiz(picked, rng, true)
}

// Score counts right answers, overall and per lesson (PerLesson[id] is
// {correct, total}). Total counts the graded answers; a question skipped
// or not graded is not in it.
type Score struct {
	Correct, Total int
	PerLesson      map[string][2]int
	// Stopped tells that the learner left before the end of the quiz.
	Stopped bool
}

// Add counts one graded answer for a lesson.
func (s *Score) Add(lesson string, correct bool) {
	if s.PerLesson == nil {
		s.PerLesson = map[string][2]int{}
	}
	c := s.PerLesson[lesson]
	c[1]++
	s.Total++
	if correct {
		c[0]++
		s.Correct++
	}
	s.PerLesson[lesson] = c
}
