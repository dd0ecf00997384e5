package lessons

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/nnlab/nnlab/lab/spec"
)

// fakeEval answers every numeric question with a fixed number per
// quantity, and counts its calls.
type fakeEval struct {
	values map[string]float64
	calls  int
	last   Compute
}

func (f *fakeEval) eval(spec *spec.Spec, c Compute) (float64, error) {
	f.calls++
	f.last = c
	if spec == nil {
		return 0, errors.New("no spec")
	}
	v, ok := f.values[c.Quantity]
	if !ok {
		return 0, fmt.Errorf("no value for %s", c.Quantity)
	}
	return v, nil
}

func TestNumericGradingWithTolerance(t *testing.T) {
	cat := loadGood(t)
	q := cat.Question("worked-1") // loss, tolerance 1e-3
	f := &fakeEval{values: map[string]float64{"loss": 0.0822}}
	ans, err := q.Answer(f.eval)
	if err != nil || ans != 0.0822 {
		t.Fatalf("Answer = %v, %v", ans, err)
	}
	if f.last.Preset != "worked/one" || f.last.Quantity != "loss" {
		t.Errorf("evaluator got %+v", f.last)
	}
	for _, tc := range []struct {
		typed string
		right bool
	}{
		{"0.0822", true},
		{"8.2e-2", true},
		{"0.0830", true},  // |diff| = 0.0008
		{"0.0812", true},  // |diff| = 0.001, at the tolerance
		{"0.0833", false}, // 0.0011 off
		{"-0.0822", false},
		{" .0822 ", true},
	} {
		x, err := ParseNumber(tc.typed)
		if err != nil {
			t.Fatalf("ParseNumber(%q): %v", tc.typed, err)
		}
		res, err := Grade(q, Response{Number: x}, f.eval)
		if err != nil {
			t.Fatal(err)
		}
		if res.Correct != tc.right {
			t.Errorf("%s graded %v, want %v", tc.typed, res.Correct, tc.right)
		}
		if res.Expected != "0.0822" {
			t.Errorf("Expected = %q", res.Expected)
		}
		if len(res.Explanation) != 1 || res.Explanation[0] != q.Explain {
			t.Errorf("Explanation = %q", res.Explanation)
		}
	}

	failing := func(*spec.Spec, Compute) (float64, error) { return 0, errors.New("diverged") }
	if _, err := Grade(q, Response{Number: 1}, failing); err == nil || !strings.Contains(err.Error(), "diverged") {
		t.Errorf("evaluator error not passed on: %v", err)
	}
	if _, err := q.Answer(nil); err == nil {
		t.Errorf("Answer(nil) must fail")
	}
}

func TestParseNumberRejects(t *testing.T) {
	for _, s := range []string{"", "abc", "1,5", "NaN", "inf", "0.1.2"} {
		if _, err := ParseNumber(s); err == nil {
			t.Errorf("ParseNumber(%q) accepted", s)
		}
	}
	if x, err := ParseNumber("−1.5"); err != nil || x != -1.5 {
		t.Errorf("Unicode minus: %v, %v", x, err)
	}
}

func TestParseChoices(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []int
		ok   bool
	}{
		{"1", []int{0}, true},
		{"3 1", []int{0, 2}, true},
		{"1,3", []int{0, 2}, true},
		{" 1, 3 ,1", []int{0, 2}, true},
		{"2)", []int{1}, true},
		{"4", nil, false},
		{"0", nil, false},
		{"a", nil, false},
		{"", nil, false},
	} {
		got, err := ParseChoices(tc.in, 3)
		if (err == nil) != tc.ok || (tc.ok && !reflect.DeepEqual(got, tc.want)) {
			t.Errorf("ParseChoices(%q) = %v, %v", tc.in, got, err)
		}
	}
}

func TestChoiceGrading(t *testing.T) {
	cat := loadGood(t)
	single := cat.Question("basics-1") // correct: 0
	multi := cat.Question("basics-2")  // correct: 0, 1

	res, err := Grade(single, Response{Choices: []int{0}}, nil)
	if err != nil || !res.Correct || res.Expected != "1" {
		t.Errorf("single right: %+v, %v", res, err)
	}
	want := []string{
		`Right to choose "1": It is a probability distribution.`,
		`Right to leave out "0": Every output is positive.`,
		`Right to leave out "The number of classes": That would be the sum of ones.`,
		"Softmax normalises the exponentials.",
	}
	if !reflect.DeepEqual(res.Explanation, want) {
		t.Errorf("Explanation =\n%q\nwant\n%q", res.Explanation, want)
	}
	res, _ = Grade(single, Response{Choices: []int{1}}, nil)
	if res.Correct || res.Explanation[0] != `Missed "1": It is a probability distribution.` || res.Explanation[1] != `Wrong to choose "0": Every output is positive.` {
		t.Errorf("single wrong: %+v", res)
	}
	if _, err := Grade(single, Response{Choices: []int{0, 1}}, nil); err == nil {
		t.Errorf("two answers to a single question must be an error")
	}
	if _, err := Grade(single, Response{Choices: []int{7}}, nil); err == nil {
		t.Errorf("out of range choice must be an error")
	}

	for _, tc := range []struct {
		chosen []int
		right  bool
	}{
		{[]int{0, 1}, true},
		{[]int{1, 0}, true},
		{[]int{0}, false},
		{[]int{0, 1, 2}, false},
		{[]int{2}, false},
	} {
		res, err := Grade(multi, Response{Choices: tc.chosen}, nil)
		if err != nil || res.Correct != tc.right {
			t.Errorf("multi %v: %v, %v", tc.chosen, res.Correct, err)
		}
	}
}

func TestShuffledQuizDeterministicAndMapsBack(t *testing.T) {
	cat := loadGood(t)
	qs := cat.Questions()

	a := NewQuiz(qs, 42, true)
	b := NewQuiz(qs, 42, true)
	if !reflect.DeepEqual(orders(a), orders(b)) {
		t.Errorf("same seed, different orders: %v vs %v", orders(a), orders(b))
	}
	differs := false
	for seed := uint64(0); seed < 20 && !differs; seed++ {
		differs = !reflect.DeepEqual(orders(NewQuiz(qs, seed, true)), orders(a))
	}
	if !differs {
		t.Errorf("20 seeds all gave the order of seed 42: not shuffled")
	}
	plain := NewQuiz(qs, 42, false)
	for _, it := range plain.Items {
		for k, i := range it.Order {
			if k != i {
				t.Errorf("unshuffled quiz has order %v", it.Order)
			}
		}
	}

	for seed := uint64(0); seed < 10; seed++ {
		qz := NewQuiz(qs, seed, true)
		for _, it := range qz.Items {
			if it.Question.Kind == KindNumeric {
				continue
			}
			shown := it.Choices()
			var right []int
			for k, c := range shown {
				if c.Correct {
					right = append(right, k)
				}
			}
			res, err := it.Grade(Response{Choices: right}, nil)
			if err != nil || !res.Correct {
				t.Errorf("seed %d, %s: choosing the shown correct positions %v graded %v, %v", seed, it.Question.ID, right, res.Correct, err)
			}
			// Picking the first shown choice is right exactly when it is
			// a correct one (single) — mapping back must agree.
			if it.Question.Kind == KindSingle {
				res, _ := it.Grade(Response{Choices: []int{0}}, nil)
				if res.Correct != shown[0].Correct {
					t.Errorf("seed %d: first shown choice %q graded %v", seed, shown[0].Text, res.Correct)
				}
			}
		}
	}
}

func orders(q *Quiz) [][]int {
	var out [][]int
	for _, it := range q.Items {
		out = append(out, it.Order)
	}
	return out
}

// examCatalog has lessons with 1, 2, 3 and 4 questions (and one with none).
func examCatalog() *Catalog {
	cat := &Catalog{}
	for li, n := range []int{1, 2, 0, 3, 4} {
		l := &Lesson{ID: fmt.Sprintf("l%d", li), Order: li}
		for qi := 0; qi < n; qi++ {
			l.Questions = append(l.Questions, &Question{
				ID: fmt.Sprintf("l%d-%d", li, qi), Kind: KindSingle, Lesson: l.ID,
				Choices: []Choice{{Text: "a", Correct: true}, {Text: "b"}, {Text: "c"}, {Text: "d"}},
			})
		}
		cat.Lessons = append(cat.Lessons, l)
	}
	return cat
}

func TestFinalExam(t *testing.T) {
	cat := examCatalog()
	ids := func(q *Quiz) string {
		var s []string
		for _, it := range q.Items {
			s = append(s, it.Question.ID)
		}
		return strings.Join(s, " ")
	}
	for seed := uint64(0); seed < 30; seed++ {
		ex := FinalExam(cat, 6, seed)
		if len(ex.Items) != 6 {
			t.Fatalf("seed %d: %d questions, want 6", seed, len(ex.Items))
		}
		lessons := map[string]bool{}
		seen := map[string]bool{}
		for _, it := range ex.Items {
			lessons[it.Question.Lesson] = true
			if seen[it.Question.ID] {
				t.Errorf("seed %d: %s twice", seed, it.Question.ID)
			}
			seen[it.Question.ID] = true
		}
		if len(lessons) != 4 {
			t.Errorf("seed %d: exam %s covers %d lessons, want all 4 with questions", seed, ids(ex), len(lessons))
		}
		if again := FinalExam(cat, 6, seed); ids(again) != ids(ex) || !reflect.DeepEqual(orders(again), orders(ex)) {
			t.Errorf("seed %d: not reproducible", seed)
		}
	}
	if ids(FinalExam(cat, 6, 1)) == ids(FinalExam(cat, 6, 2)) && ids(FinalExam(cat, 6, 3)) == ids(FinalExam(cat, 6, 4)) {
		t.Errorf("different seeds give the same exams")
	}
	if ex := FinalExam(cat, 2, 5); len(ex.Items) != 2 || ex.Items[0].Question.Lesson == ex.Items[1].Question.Lesson {
		t.Errorf("n below the lesson count: want 2 questions of 2 lessons, got %s", ids(ex))
	}
	if ex := FinalExam(cat, 0, 5); len(ex.Items) != 10 {
		t.Errorf("n=0: %d questions, want all 10", len(ex.Items))
	}
	if ex := FinalExam(cat, 99, 5); len(ex.Items) != 10 {
		t.Errorf("n=99: %d questions, want all 10", len(ex.Items))
	}
	if ex := FinalExam(&Catalog{}, 5, 1); len(ex.Items) != 0 {
		t.Errorf("empty catalog gave %d questions", len(ex.Items))
	}
}

func TestScoreAdd(t *testing.T) {
	var s Score
	s.Add("a", true)
	s.Add("a", false)
	s.Add("b", true)
	if s.Correct != 2 || s.Total != 3 || s.PerLesson["a"] != [2]int{1, 2} || s.PerLesson["b"] != [2]int{1, 1} {
		t.Errorf("score = %+v", s)
	}
}

func TestFormatNumber(t *testing.T) {
	for _, tc := range []struct {
		x, tol float64
		want   string
	}{
		{0.0822, 1e-3, "0.0822"},
		{0.08221234, 1e-6, "0.0822123"},
		{123.456, 0.5, "123.5"},
		{0, 1e-6, "0"},
	} {
		if got := FormatNumber(tc.x, tc.tol); got != tc.want {
			t.Errorf("FormatNumber(%v, %v) = %q, want %q", tc.x, tc.tol, got, tc.want)
		}
	}
}
