package lessons

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"
)

// RunText asks the questions of qs as plain text on out and reads answers
// from in, one per line: choice numbers for single and multi questions, a
// number for numeric ones. Input that cannot be read is asked again with a
// hint. After each answer it prints whether it was right, the why of every
// choice and the explanation; at the end the score, per lesson too. "q" or
// the end of the input stops early with the score so far (Score.Stopped). The output has no
// colours or cursor movement, for screen readers and scripts.
//
// A numeric question whose answer cannot be computed is skipped (with a
// message) and not counted. The error is an I/O error of in or out.
func RunText(in io.Reader, out io.Writer, qs *Quiz, ev Evaluator) (Score, error) {
	w := &textWriter{w: out}
	br := bufio.NewReader(in)
	var score Score
	var lessonOrder []string
	count := func(lesson string, correct bool) {
		if _, seen := score.PerLesson[lesson]; !seen {
			lessonOrder = append(lessonOrder, lesson)
		}
		score.Add(lesson, correct)
	}

	n := len(qs.Items)
	w.printf("%d question(s). Type q to stop.\n", n)
	stopped := false
	for i, it := range qs.Items {
		if w.err != nil {
			return score, w.err
		}
		q := it.Question
		w.printf("\nQuestion %d of %d (lesson %s)\n%s\n", i+1, n, q.Lesson, q.Text)

		var want float64
		if q.Kind == KindNumeric {
			v, err := q.Answer(ev)
			if err != nil {
				w.printf("This question is skipped: its answer could not be computed (%v).\n", err)
				continue
			}
			want = v
		}
		cs := it.Choices()
		for k, c := range cs {
			w.printf("  %d) %s\n", k+1, c.Text)
		}

		var prompt string
		switch q.Kind {
		case KindSingle:
			prompt = fmt.Sprintf("Your answer (one number, 1 to %d): ", len(cs))
		case KindMulti:
			prompt = fmt.Sprintf("Your answer (one or more correct; enter numbers separated by spaces or commas, 1 to %d): ", len(cs))
		case KindNumeric:
			prompt = "Your answer (enter a number, like 0.0822 or 8.2e-2): "
		default:
			w.printf("This question is skipped: unknown kind %q.\n", q.Kind)
			continue
		}

		var resp Response
		for {
			if w.err != nil {
				return score, w.err
			}
			w.printf("%s", prompt)
			line, err := readLine(br)
			if err != nil {
				if errors.Is(err, io.EOF) {
					stopped = true
					w.printf("\n")
					break
				}
				return score, err
			}
			if t := strings.ToLower(strings.TrimSpace(line)); t == "q" || t == "quit" {
				stopped = true
				break
			}
			hint := ""
			switch q.Kind {
			case KindNumeric:
				x, err := ParseNumber(line)
				if err != nil {
					hint = err.Error()
				}
				resp.Number = x
			default:
				picks, err := ParseChoices(line, len(cs))
				switch {
				case err != nil:
					hint = err.Error()
				case q.Kind == KindSingle && len(picks) != 1:
					hint = fmt.Sprintf("choose only one answer: enter one number from 1 to %d", len(cs))
				}
				resp.Choices = picks
			}
			if hint == "" {
				break
			}
			w.printf("Sorry: %s. Try again.\n", hint)
		}
		if stopped {
			break
		}

		var res Result
		var err error
		if q.Kind == KindNumeric {
			res = gradeNumberWith(q, resp.Number, want)
		} else {
			res, err = it.Grade(resp, ev)
			if err != nil {
				w.printf("This question is skipped: %v.\n", err)
				continue
			}
		}
		count(q.Lesson, res.Correct)
		verdict := "Wrong."
		if res.Correct {
			verdict = "Right."
		}
		switch {
		case q.Kind == KindNumeric:
			w.printf("%s The computed answer is %s; answers within ±%g count.\n", verdict, res.Expected, q.Tolerance)
		case res.Correct:
			w.printf("%s\n", verdict)
		default:
			w.printf("%s The answer is: %s\n", verdict, res.Expected)
		}
		for _, line := range whyLines(it, res) {
			w.printf("%s\n", line)
		}
		if q.Explain != "" {
			w.printf("Explanation: %s\n", q.Explain)
		}
		if q.Show != "" {
			w.printf("See it in the lab: %s\n", q.Show)
		}
	}

	score.Stopped = stopped
	if stopped {
		w.printf("Stopped early: %d of %d question(s) answered.\n", score.Total, n)
	}
	w.printf("\nScore: %d of %d%s\n", score.Correct, score.Total, percent(score.Correct, score.Total))
	for _, l := range lessonOrder {
		c := score.PerLesson[l]
		w.printf("  %s: %d of %d\n", l, c[0], c[1])
	}
	return score, w.err
}

// gradeNumberWith grades a number against an answer already computed.
func gradeNumberWith(q *Question, x, want float64) Result {
	return Result{Correct: withinTolerance(x, want, q.Tolerance), Expected: FormatNumber(want, q.Tolerance)}
}

// whyLines lists the why of every choice in the order shown, numbered as
// shown.
func whyLines(it Item, res Result) []string {
	var lines []string
	for k, i := range it.Order {
		if i >= len(res.Choices) {
			continue
		}
		c := res.Choices[i]
		var verdict string
		switch {
		case c.Chosen && c.Correct:
			verdict = "you chose it, right"
		case c.Chosen:
			verdict = "you chose it, wrong"
		case c.Correct:
			verdict = "correct, you missed it"
		default:
			verdict = "not correct"
		}
		lines = append(lines, fmt.Sprintf("  %d) %s: %s", k+1, verdict, c.Why))
	}
	return lines
}

func percent(a, b int) string {
	if b == 0 {
		return ""
	}
	return fmt.Sprintf(" (%d%%)", (a*100+b/2)/b)
}

// readLine reads one line without its end; a last line without a newline
// still counts. io.EOF only when nothing is left.
func readLine(br *bufio.Reader) (string, error) {
	line, err := br.ReadString('\n')
	if err != nil {
		if errors.Is(err, io.EOF) && line != "" {
			return strings.TrimRight(line, "\r\n"), nil
		}
		return "", err
	}
	return strings.TrimRight(line, "\r\n"), nil
}

// textWriter remembers the first write error and stops writing after it.
type textWriter struct {
	w   io.Writer
	err error
}

func (t *textWriter) printf(format string, args ...any) {
	if t.err != nil {
		return
	}
	_, t.err = fmt.Fprintf(t.w, format, args...)
}
