package tui

// Tests of what a learner sees: train and test side by side, labels that
// say what they are, numbers that say which quantity they are, charts that
// a diverged run does not flatten, comparisons on fair bases.

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/nnlab/nnlab/lab"
	"github.com/nnlab/nnlab/lab/spec"
	"github.com/nnlab/nnlab/lessons"
)

// overfitSpec is lesson 8's big network on fifty noisy points, shortened.
func overfitSpec(steps int) *spec.Spec {
	s := overfit()
	s.Steps = steps
	return s
}

// A single run shows train and test loss and accuracy: in its numbers
// (each saying which it is) and in one chart that draws train and test
// together, a for accuracy, with the gap in the title.
func TestRunShowsTrainAndTest(t *testing.T) {
	m, _, snap := overfitLesson(t, 600)
	defer m.closeAll()
	e := snap.Eval
	v := m.View()
	checkFrame(t, v, 120, 40)
	nums := fmt.Sprintf("loss/acc at step %d: train %s/%s, test %s/%s", e.Step, fmtNum(e.TrainLoss), fmtPct(e.TrainAcc), fmtNum(e.TestLoss), fmtPct(e.TestAcc))
	for _, want := range []string{nums, "last batch loss " + fmtNum(snap.Loss), "━ train " + fmtNum(e.TrainLoss), "═ test " + fmtNum(e.TestLoss), "a: accuracy"} {
		if !strings.Contains(v, want) {
			t.Errorf("run view lacks %q:\n%s", want, v)
		}
	}
	m.Update(keyMsg("a"))
	v = m.View()
	gap := fmt.Sprintf("gap %.1f points", 100*(e.TrainAcc-e.TestAcc))
	for _, want := range []string{"Accuracy %", gap, "━ train " + fmtPct(e.TrainAcc), "═ test " + fmtPct(e.TestAcc)} {
		if !strings.Contains(v, want) {
			t.Errorf("accuracy chart lacks %q:\n%s", want, v)
		}
	}
	if e.TrainAcc-e.TestAcc < 0.05 {
		t.Errorf("the overfitting preset shows no gap (train %v, test %v): a poor test case", e.TrainAcc, e.TestAcc)
	}
	m.Update(keyMsg("a"))
	if v = m.View(); !strings.Contains(v, "━ train "+fmtNum(e.TrainLoss)) {
		t.Errorf("a again did not return to the loss chart:\n%s", v)
	}
}

// A comparison tabulates and charts the same quantities as nnlab compare
// prints: batch and test loss, train and test accuracy (and their gap);
// a steps the chart through them.
func TestCompareShowsTrainAndTest(t *testing.T) {
	m, s := viewLesson(t, 120, 40, lessons.Preset{ID: "dropout", Title: "Dropout", Spec: overfitSpec(300),
		Vary: &lessons.Vary{Field: "dropout", Values: []string{"0", "0.5"}}})
	defer m.closeAll()
	p := s.exp.(*comparePanel)
	snaps := trainCompare(t, p, 300)
	v := m.View()
	checkFrame(t, v, 120, 40)
	for _, want := range []string{"varies dropout", "batch loss", "test loss", "train acc", "test acc", "dropout 0 ", "dropout 0.5"} {
		if !strings.Contains(v, want) {
			t.Errorf("comparison lacks %q:\n%s", want, v)
		}
	}
	for i, sn := range snaps {
		row := fmt.Sprintf("%s +%s +%s +%s +%s", p.labels[i], fmtNum(qBatchLoss.last(sn)), fmtNum(sn.Eval.TestLoss), fmtPct(sn.Eval.TrainAcc), fmtPct(sn.Eval.TestAcc))
		if !matches(v, row) {
			t.Errorf("no table row %q:\n%s", row, v)
		}
	}
	for _, title := range []string{"Test loss at each evaluation", "Training accuracy % at each evaluation", "Test accuracy % at each evaluation", "Batch loss, mean per bucket"} {
		m.Update(keyMsg("a"))
		v := m.View()
		if !strings.Contains(v, title) {
			t.Errorf("a: the chart is not %q:\n%s", title, v)
		}
		// Narrow: the table keeps the kind of number the chart shows.
		if strings.Contains(title, "accuracy") && !strings.Contains(v, "gap") {
			t.Errorf("the accuracy chart's table has no gap column:\n%s", v)
		}
	}
}

// matches says whether a line of v matches the regular expression re.
func matches(v, re string) bool {
	return regexpMust(re).MatchString(v)
}

// Runs are labelled by factor and value.
func TestRunLabels(t *testing.T) {
	base := overfitSpec(10)
	for _, c := range []struct{ field, value, want string }{
		{"dropout", "0.5", "dropout 0.5"},
		{"batch", "32", "batch 32"},
		{"batch", "0", "batch full"},
		{"optimizer.lr", "0.3", "lr 0.3"},
		{"residual", "true", "residual on"},
		{"optimizer.nesterov", "false", "nesterov off"},
		{"regularization.early_stop", "0", "early stop off"},
		{"regularization.l2", "0.01", "l2 0.01"},
		{"optimizer.name", "adam; lr=0.05", "adam, lr 0.05"},
		{"model.init", "uniform", "uniform ±0.05"},
		{"init", "normal", "normal σ 0.01"},
		{"init", "he_normal", "he_normal"},
		{"activation", "relu", "relu"},
		{"loss", "mse", "mse"},
	} {
		s, err := spec.Variant(base, c.field, c.value)
		if err != nil {
			t.Fatalf("%s=%s: %v", c.field, c.value, err)
		}
		if got := runLabel(c.field, c.value, s); got != c.want {
			t.Errorf("runLabel(%s, %q) = %q, want %q", c.field, c.value, got, c.want)
		}
	}
	// Lesson 6 widens uniform's range: the label follows the spec.
	wide := overfitSpec(10)
	wide.Model.InitLimit = 1
	s, _ := spec.Variant(wide, "init", "uniform")
	if got := runLabel("init", "uniform", s); got != "uniform ±1" {
		t.Errorf("uniform with init_limit 1 is labelled %q", got)
	}
}

// Before the first step there are no gradients: the bars say so instead
// of showing zeros as "vanishing"; a paused run shows no rate.
func TestNoDataBeforeTheFirstStep(t *testing.T) {
	m, _, _ := overfitLesson(t, 0)
	defer m.closeAll()
	v := m.View()
	if strings.Contains(v, "vanishing") || strings.Contains(v, "0.0e+00") || !strings.Contains(v, "no data yet") {
		t.Errorf("before the first step:\n%s", v)
	}
	if strings.Contains(v, "steps/s") {
		t.Errorf("a paused run shows a rate:\n%s", v)
	}
	if !strings.Contains(v, "not evaluated yet") {
		t.Errorf("before the first evaluation the numbers do not say so:\n%s", v)
	}
}

// A run that diverges leaves a comparison's chart (marked in the legend)
// instead of flattening the others, and why it diverged is told in full;
// a single diverged run is drawn on a log scale that says why.
func TestDivergedRunLeavesTheChart(t *testing.T) {
	m, s := viewLesson(t, 120, 40, lessons.Preset{ID: "rates", Title: "Rates", Spec: moons(),
		Vary: &lessons.Vary{Field: "optimizer.lr", Values: []string{"0.03", "0.3", "10"}}})
	defer m.closeAll()
	p := s.exp.(*comparePanel)
	snaps := trainCompare(t, p, 200)
	if snaps[2].Status != lab.Diverged {
		t.Fatalf("lr 10 did not diverge: %s", snaps[2].Status)
	}
	v := m.View()
	checkFrame(t, v, 120, 40)
	if !strings.Contains(v, "lr 10 ↑ off chart") {
		t.Errorf("the legend does not mark the diverged run:\n%s", v)
	}
	if top := topLabel(v); top > 1 {
		t.Errorf("the chart's top is %v: the diverged run flattens the others:\n%s", top, v)
	}
	if !strings.Contains(squash(rightPane(v)), "lr 10: "+snaps[2].Reason) {
		t.Errorf("the reason %q is not on screen in full:\n%s", snaps[2].Reason, v)
	}

	m2, s2 := viewLesson(t, 120, 40, lessons.Preset{ID: "one", Title: "One", Spec: p.specs[2]})
	defer m2.closeAll()
	rp := s2.exp.(*runPanel)
	showSnapshots(rp.g, []string{"one"}, []lab.Snapshot{snaps[2]})
	rp.render()
	if v := m2.View(); !strings.Contains(v, "log scale (the run diverged)") || !strings.Contains(squash(rightPane(v)), snaps[2].Reason) {
		t.Errorf("a single diverged run:\n%s", v)
	}
}

// rightPane is the lesson's experiment pane: what follows the separator on
// each line.
func rightPane(v string) string {
	var out []string
	for _, l := range strings.Split(v, "\n") {
		if _, r, ok := strings.Cut(l, "│ "); ok {
			out = append(out, r)
		}
	}
	return strings.Join(out, "\n")
}

// topLabel is the top y label of the first chart on screen.
func topLabel(v string) float64 {
	for _, l := range strings.Split(v, "\n") {
		var x float64
		if i := strings.Index(l, "┤"); i > 0 {
			f := strings.Fields(l[:i])
			if len(f) > 0 {
				if _, err := fmt.Sscan(f[len(f)-1], &x); err == nil {
					return x
				}
			}
		}
	}
	return 0
}

// Every factor of the home comparison says what it holds fixed; values
// that need their own settings show them.
func TestCompareSaysWhatIsHeldFixed(t *testing.T) {
	d := newDriver(t, testOptions(t), 120, 40)
	cs := newCompare(d.m.c)
	d.m.Update(pushMsg{cs})
	defer d.m.closeAll()
	for i, f := range compareFactors {
		v := d.m.View()
		checkFrame(t, v, 120, 40)
		for _, want := range []string{"varies " + factorName(f.field), "Held fixed: ", cs.panel.labels[0]} {
			if !strings.Contains(v, want) {
				t.Errorf("factor %s: screen lacks %q:\n%s", f.label, want, v)
			}
		}
		if i < len(compareFactors)-1 {
			cs.setFactor(i + 1)
			cs.panel.render()
		}
	}
	cs.setFactor(1)
	if got := strings.Join(cs.panel.labels, " | "); got != "sgd, lr 0.05, momentum 0.9 | rmsprop, lr 0.01 | adagrad, lr 0.1 | adam, lr 0.01" {
		t.Errorf("optimizer labels: %s", got)
	}
}

// The home comparison's bases teach what each factor does, on every one of
// seeds 1, 2 and 3 (measured with lab.Compare, as nnlab compare runs).
func TestCompareFactorsTeach(t *testing.T) {
	if testing.Short() {
		t.Skip("trains 69 networks")
	}
	type result = map[string][]lab.Summary // by value, one per seed
	run := func(f factor) result {
		out := result{}
		for seed := uint64(1); seed <= 3; seed++ {
			b := f.base()
			b.Seed = seed
			specs, err := spec.Variants(b, f.field, f.values)
			if err != nil {
				t.Fatal(err)
			}
			res, err := lab.Compare(context.Background(), specs, lab.CompareOptions{})
			if err != nil {
				t.Fatal(err)
			}
			for i, r := range res {
				out[f.values[i]] = append(out[f.values[i]], r)
			}
		}
		return out
	}
	each := func(r []lab.Summary, ok func(lab.Summary) bool) int {
		n := 0
		for _, s := range r {
			if ok(s) {
				n++
			}
		}
		return n
	}
	byLabel := map[string]factor{}
	for _, f := range compareFactors {
		byLabel[f.label] = f
	}
	stalls := func(s lab.Summary) bool { return s.Eval.TestAcc <= 0.55 }
	learns := func(s lab.Summary) bool { return s.Eval.TestAcc >= 0.95 && s.Status == lab.Done }

	r := run(byLabel["initialization"])
	for _, v := range []string{"zeros", "normal", "uniform"} {
		if n := each(r[v], stalls); n != 3 {
			t.Errorf("init %s: stalls on %d of 3 seeds, want 3", v, n)
		}
	}
	for _, v := range []string{"xavier_normalized", "he_uniform", "he_normal"} {
		if n := each(r[v], learns); n != 3 {
			t.Errorf("init %s: learns on %d of 3 seeds, want 3", v, n)
		}
	}
	r = run(byLabel["optimizer"])
	for _, v := range byLabel["optimizer"].values {
		if n := each(r[v], learns); n < 2 {
			t.Errorf("optimizer %q: learns on %d of 3 seeds, want at least 2", v, n)
		}
	}
	r = run(byLabel["learning rate"])
	for i := range 3 {
		small, good, big := r["0.003"][i], r["0.3"][i], r["10"][i]
		if !(small.Eval.TrainAcc < good.Eval.TrainAcc && !learns(small) && learns(good) && big.Status == lab.Diverged) {
			t.Errorf("lr seed %d: 0.003 → %.3f, 0.3 → %.3f (%s), 10 → %s: want too small, good, diverging", i+1,
				small.Eval.TrainAcc, good.Eval.TrainAcc, good.Status, big.Status)
		}
	}
	r = run(byLabel["activation"])
	if n := each(r["sigmoid"], stalls); n != 3 {
		t.Errorf("sigmoid stalls on %d of 3 seeds, want 3", n)
	}
	for _, v := range []string{"relu", "leaky_relu"} {
		if n := each(r[v], learns); n != 3 {
			t.Errorf("%s learns on %d of 3 seeds, want 3", v, n)
		}
	}
	r = run(byLabel["dropout"])
	for i := range 3 {
		a, b, c := r["0"][i].Eval.TestLoss, r["0.2"][i].Eval.TestLoss, r["0.5"][i].Eval.TestLoss
		if !(a > b && b > c) {
			t.Errorf("dropout seed %d: test loss %.3g, %.3g, %.3g for 0, 0.2, 0.5; want it to fall", i+1, a, b, c)
		}
	}
}

func regexpMust(re string) *regexp.Regexp { return regexp.MustCompile(re) }

// embeddedLesson opens lesson id of the built-in catalog at 120×40 with
// the given preset (−1: its first page's) over a driver's home screen.
func embeddedLesson(t *testing.T, id string, preset int) (*driver, *lessonScreen) {
	t.Helper()
	cat, err := lessons.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	d := newDriver(t, Options{Catalog: cat}, 120, 40)
	ls := newLesson(d.m.c, cat.Lesson(id), preset)
	d.m.Update(pushMsg{ls})
	return d, ls
}

// A page that names a preset opens it, and the experiment's title shows
// the id the text uses ("In *schedules* …" → "Experiment 2/4 · schedules").
func TestPageOpensItsPreset(t *testing.T) {
	d, ls := embeddedLesson(t, "learning-rate", -1)
	defer d.m.closeAll()
	l := ls.l
	want := l.Presets[ls.preset].ID
	if v := d.m.View(); !strings.Contains(v, fmt.Sprintf("Experiment %d/%d · %s", ls.preset+1, len(l.Presets), want)) {
		t.Errorf("the experiment's title lacks the preset id %q:\n%s", want, v)
	}
	for ls.l.Pages[ls.page].Title != "Schedules" {
		d.key("]")
		if ls.page == 0 {
			t.Fatal("no page Schedules")
		}
	}
	if got := l.Presets[ls.preset].ID; got != "schedules" {
		t.Errorf("the Schedules page shows preset %q, want schedules", got)
	}
	if v := d.m.View(); !strings.Contains(v, "· schedules") {
		t.Errorf("the title does not name schedules:\n%s", v)
	}
	// Turning to a page that names no preset keeps the one shown.
	for i := 1; i < len(l.Pages); i++ {
		if pagePreset(l, i) >= 0 {
			continue
		}
		for ls.page != i-1 {
			d.key("]")
		}
		d.key("p")
		shown := ls.preset
		d.key("]")
		if ls.page != i || ls.preset != shown {
			t.Errorf("page %d names no preset but switched from %d to %d", i+1, shown, ls.preset)
		}
		return
	}
	t.Error("every page of the lesson names a preset: nothing to test")
}

// The home screen shows the final exam's own best, and the lesson's best
// is left alone; a score counts out of the quiz's full length.
func TestHomeShowsTheFinalExamsBest(t *testing.T) {
	opts := testOptions(t)
	d := newDriver(t, opts, 100, 30)
	defer d.m.closeAll()
	qs, qz := takeFinalExam(t, d)
	if v := d.m.View(); !strings.Contains(v, fmt.Sprintf("Score: %d of %d right.", qs.score.Correct, len(qz.Items))) {
		t.Errorf("score screen:\n%s", v)
	}
	d.key("enter")
	v := d.m.View()
	if want := fmt.Sprintf("Final quiz  [best %d/%d]", qs.score.Correct, len(qz.Items)); !strings.Contains(v, want) {
		t.Errorf("home lacks %q:\n%s", want, v)
	}
	if strings.Contains(v, "quiz best") {
		t.Errorf("the final exam shows as a lesson's best:\n%s", v)
	}
}

// The names a task's input offers are the ones that work on its preset:
// lesson 4's bce (a two-class loss) gets no fashion, and no inline data set
// without rows.
func TestTaskOffersOnlyNamesThatWork(t *testing.T) {
	d, ls := embeddedLesson(t, "cost", -1)
	defer d.m.closeAll()
	l := ls.l
	task := slices.IndexFunc(l.Tasks, func(t lessons.Task) bool { return t.Knob == "data.set" })
	if task < 0 || l.Presets[taskPreset(l, l.Tasks[task].Text)].ID != "bce" {
		t.Fatalf("lesson 4 has no data.set task on bce")
	}
	d.key("t")
	for range task {
		d.key("down")
	}
	d.key("enter")
	in := ls.input
	if in == nil {
		t.Fatal("no input")
	}
	for _, bad := range []string{"fashion", "inline"} {
		if slices.Contains(in.allowed, bad) {
			t.Errorf("offers %s: %v", bad, in.allowed)
		}
	}
	for _, good := range []string{"circle", "moons", "xor"} {
		if !slices.Contains(in.allowed, good) {
			t.Errorf("does not offer %s: %v", good, in.allowed)
		}
	}
	if v := d.m.View(); strings.Contains(v, "fashion") {
		t.Errorf("fashion on screen:\n%s", v)
	}
}

// Every run's gradient bars can be reached at 120×40 (lesson 6's seven
// deep runs do not fit under the chart): f turns their pages, then shows
// the activation view, then the chart again.
func TestEveryGradientPanelReachable(t *testing.T) {
	d, ls := embeddedLesson(t, "init", 0)
	defer d.m.closeAll()
	p := ls.exp.(*comparePanel)
	trainCompare(t, p, 20)
	seen := map[string]bool{}
	for range 10 {
		// A row of cells: a line of run labels over a line of headers.
		lines := strings.Split(rightPane(d.m.View()), "\n")
		for i := 0; i+1 < len(lines); i++ {
			if !strings.HasPrefix(lines[i+1], "layer ") {
				continue
			}
			for _, lb := range p.labels {
				if regexp.MustCompile(`(^|\s)` + regexp.QuoteMeta(lb) + `(\s|$)`).MatchString(lines[i]) {
					seen[lb] = true
				}
			}
		}
		v := d.m.View()
		if strings.Contains(v, "Activation view") {
			break
		}
		d.key("f")
	}
	for _, lb := range p.labels {
		if !seen[lb] {
			t.Errorf("the gradient bars of %q are never on screen", lb)
		}
	}
	if v := d.m.View(); !strings.Contains(v, "Activation view") {
		t.Errorf("f never reached the activation view:\n%s", v)
	}
	d.key("f")
	if v := d.m.View(); !strings.Contains(v, "Batch loss, mean per bucket") {
		t.Errorf("f after the activation view did not return to the chart:\n%s", v)
	}
}
