package lessons

import (
	"errors"
	"strings"
	"testing"

	"github.com/nnlab/nnlab/lab/spec"
)

func TestRunTextScript(t *testing.T) {
	cat := loadGood(t)
	qz := NewQuiz(cat.Questions(), 1, false) // basics-1, basics-2, worked-1, worked-2
	f := &fakeEval{values: map[string]float64{"loss": 0.0822, "w_after": -0.5}}
	script := strings.Join([]string{
		"2",      // basics-1: wrong
		"x",      // basics-2: garbage,
		"1 4",    // out of range,
		"1, 2",   // then right
		"abc",    // worked-1: garbage,
		"8.2e-2", // then right
		// worked-2: the input ends
	}, "\n") + "\n"
	var out strings.Builder
	score, err := RunText(strings.NewReader(script), &out, qz, f.eval)
	if err != nil {
		t.Fatal(err)
	}
	if score.Correct != 2 || score.Total != 3 || score.PerLesson["basics"] != [2]int{1, 2} || score.PerLesson["worked"] != [2]int{1, 1} {
		t.Errorf("score = %+v", score)
	}
	want := `4 question(s). Type q to stop.

Question 1 of 4 (lesson basics)
What does a softmax output sum to?
  1) 1
  2) 0
  3) The number of classes
Your answer (one number, 1 to 3): Wrong. The answer is: 1
  1) correct, you missed it: It is a probability distribution.
  2) you chose it, wrong: Every output is positive.
  3) not correct: That would be the sum of ones.
Explanation: Softmax normalises the exponentials.
See it in the lab: basics/tiny

Question 2 of 4 (lesson basics)
Which are activations?
  1) tanh
  2) relu
  3) sgd
Your answer (one or more correct; enter numbers separated by spaces or commas, 1 to 3): Sorry: "x" is not a choice; choices are numbered 1 to 3. Try again.
Your answer (one or more correct; enter numbers separated by spaces or commas, 1 to 3): Sorry: "4" is not a choice; choices are numbered 1 to 3. Try again.
Your answer (one or more correct; enter numbers separated by spaces or commas, 1 to 3): Right.
  1) you chose it, right: tanh squashes to (−1, 1).
  2) you chose it, right: relu is max(0, z).
  3) not correct: sgd is an optimizer.
Explanation: Activations act on each unit's sum.
See it in the lab: basics/tiny

Question 3 of 4 (lesson worked)
What is the loss at the start?
Your answer (enter a number, like 0.0822 or 8.2e-2): Sorry: "abc" is not a number; write it like 0.0822 or 8.2e-2. Try again.
Your answer (enter a number, like 0.0822 or 8.2e-2): Right. The computed answer is 0.0822; answers within ±0.001 count.
Explanation: The loss is the mean squared error.
See it in the lab: worked/one

Question 4 of 4 (lesson worked)
What is the weight w[0][1] of layer 1 after one step?
Your answer (enter a number, like 0.0822 or 8.2e-2): 
Stopped early: 3 of 4 question(s) answered.

Score: 2 of 3 (67%)
  basics: 1 of 2
  worked: 1 of 1
`
	if got := out.String(); got != want {
		t.Errorf("transcript differs:\n--- got\n%s\n--- want\n%s", got, want)
	}
	if strings.Contains(out.String(), "\x1b") {
		t.Errorf("output has escape sequences")
	}
}

func TestRunTextShuffledAllRight(t *testing.T) {
	cat := loadGood(t)
	qz := NewQuiz(cat.Questions(), 7, true)
	f := &fakeEval{values: map[string]float64{"loss": 0.0822, "w_after": -0.5}}
	// Answer from the shown order: the positions of the correct choices.
	var lines []string
	for _, it := range qz.Items {
		if it.Question.Kind == KindNumeric {
			v, _ := it.Question.Answer(f.eval)
			lines = append(lines, FormatNumber(v, it.Question.Tolerance))
			continue
		}
		var picks []string
		for k, c := range it.Choices() {
			if c.Correct {
				picks = append(picks, string(rune('1'+k)))
			}
		}
		lines = append(lines, strings.Join(picks, ","))
	}
	var out strings.Builder
	// No newline after the last answer: it still counts.
	score, err := RunText(strings.NewReader(strings.Join(lines, "\n")), &out, qz, f.eval)
	if err != nil {
		t.Fatal(err)
	}
	if score.Correct != 4 || score.Total != 4 || score.Stopped {
		t.Errorf("score = %+v\n%s", score, out.String())
	}
	if !strings.Contains(out.String(), "Score: 4 of 4 (100%)\n  basics: 2 of 2\n  worked: 2 of 2\n") || strings.Contains(out.String(), "Stopped early") {
		t.Errorf("summary wrong:\n%s", out.String())
	}
}

func TestRunTextQuitAndSkip(t *testing.T) {
	cat := loadGood(t)
	qz := NewQuiz([]*Question{cat.Question("worked-1"), cat.Question("basics-1"), cat.Question("basics-2")}, 1, false)
	failing := func(*spec.Spec, Compute) (float64, error) { return 0, errors.New("diverged") }
	var out strings.Builder
	score, err := RunText(strings.NewReader("1 2\n1\nq\n"), &out, qz, failing)
	if err != nil {
		t.Fatal(err)
	}
	got := out.String()
	if !strings.Contains(got, "This question is skipped: its answer could not be computed") {
		t.Errorf("numeric question not skipped:\n%s", got)
	}
	if !strings.Contains(got, "Sorry: choose only one answer: enter one number from 1 to 3. Try again.") {
		t.Errorf("two answers to a single question not re-asked:\n%s", got)
	}
	if score.Total != 1 || score.Correct != 1 || !score.Stopped || !strings.Contains(got, "Stopped early: 1 of 3 question(s) answered.") {
		t.Errorf("score = %+v\n%s", score, got)
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestRunTextWriteError(t *testing.T) {
	cat := loadGood(t)
	qz := NewQuiz(cat.Questions(), 1, false)
	if _, err := RunText(strings.NewReader("1\n"), failingWriter{}, qz, nil); err == nil || err.Error() != "disk full" {
		t.Errorf("err = %v, want the write error", err)
	}
}
