package tui

// A lesson may only ask the learner to watch what is on the screen. This
// check trains every preset a text talks about, renders its experiment in
// every mode a key reaches (loss or accuracy, each view, the chart's
// quantities, gradient pages, the activation view) at 120×40, and fails
// when the text names a view that none of those screens draws.

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/nnlab/nnlab/lab"
	"github.com/nnlab/nnlab/lab/spec"
	"github.com/nnlab/nnlab/lessons"
)

// viewWords are the words a lesson uses for what an experiment shows, each
// with the pattern the screen matches when it shows it.
var viewWords = []struct {
	name        string
	says, shows *regexp.Regexp
	cued        bool // a word with other meanings: checked only where the sentence asks to look
}{
	{"accuracy", regexp.MustCompile(`(?i)\baccurac(y|ies)\b`), regexp.MustCompile(`\bacc\b|Accuracy`), false},
	{"test loss", regexp.MustCompile(`(?i)\btest loss(es)?\b`), regexp.MustCompile(`═ test|test loss`), false},
	{"training loss", regexp.MustCompile(`(?i)\btrain(ing)? loss(es)?\b`), regexp.MustCompile(`batch (mean|loss)|━ train`), false},
	{"decision boundary", regexp.MustCompile(`(?i)\bboundar(y|ies)\b`), regexp.MustCompile(`Decision boundary`), false},
	{"outputs per sample", regexp.MustCompile(`(?i)\b(every|each) output (ends?|climbs?|falls?|reach(es)?|comes?|gets?|moves?)\b|\boutputs (end|climb|fall|reach|come|get|move)\b`), regexp.MustCompile(`Outputs per sample`), false},
	{"class probabilities p₀, p₁, …", regexp.MustCompile(`p[₀-₉]`), regexp.MustCompile(`p[₀-₉]`), false},
	{"activation view", regexp.MustCompile(`(?i)\bactivation view\b`), regexp.MustCompile(`Activation view`), false},
	{"activation health", regexp.MustCompile(`(?i)\bactivation health\b|\bdead units?\b`), regexp.MustCompile(`Activation health|dead +\d+%`), false},
	{"gradient bars", regexp.MustCompile(`(?i)\bgradient bars?\b`), regexp.MustCompile(`Gradient size per layer|\|grad\| zone`), false},
	{"train/test gap", regexp.MustCompile(`(?i)\bgap\b`), regexp.MustCompile(`\bgap\b`), false},
	{"paths", regexp.MustCompile(`(?i)\bpaths\b`), regexp.MustCompile(`Paths`), true},
	{"confusion matrix", regexp.MustCompile(`(?i)\bconfusion matrix\b`), regexp.MustCompile(`Confusion matrix`), false},
	{"hidden-layer map", regexp.MustCompile(`(?i)\bhidden-layer map\b`), regexp.MustCompile(`Hidden-layer map`), false},
	{"filter view", regexp.MustCompile(`(?i)\bfilter view\b`), regexp.MustCompile(`Filters  conv kernels`), false},
	{"feature maps", regexp.MustCompile(`(?i)\bfeature maps?\b`), regexp.MustCompile(`Feature maps of test image`), true},
	{"walkthrough", regexp.MustCompile(`(?i)\bvalue by value\b`), regexp.MustCompile(`value \d+ of \d+`), false},
	{"validation curve", regexp.MustCompile(`(?i)\bvalidation (loss|losses|accuracy|curve)\b`), regexp.MustCompile(`\+ val\b|val loss|val acc|Validation (loss|accuracy)`), false},
	{"band of the seeds", regexp.MustCompile(`(?i)\bband\b`), regexp.MustCompile(`band: lowest to highest`), false},
	{"update/weight ratio", regexp.MustCompile(`Δw/w|(?i)update/weight ratio`), regexp.MustCompile(`Δw/w`), false},
	{"range test chart", regexp.MustCompile(`(?i)\bsmoothed (loss|curve)\b|\bsteepest\b`), regexp.MustCompile(`Loss against the learning rate`), false},
}

// cue marks a sentence of a page that asks the learner to look.
var cue = regexp.MustCompile(`(?i)\b(watch|look|see|shows?|showing|open|compare|appears?|press)\b`)

// sentences splits text into sentences and list items, leaving out
// indented code blocks (formulas and worked numbers).
func sentences(text string) []string {
	var keep []string
	for _, l := range strings.Split(text, "\n") {
		if strings.HasPrefix(l, "    ") {
			keep = append(keep, "\n")
			continue
		}
		keep = append(keep, l)
	}
	text = strings.Join(keep, "\n")
	var out []string
	for _, block := range regexp.MustCompile(`\n\s*\n|\n\s*[-*] `).Split(text, -1) {
		for _, s := range regexp.MustCompile(`[.!?]\s+`).Split(squash(block), -1) {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
	}
	return out
}

// checkedText is a piece of lesson text and the presets it may be about.
type checkedText struct {
	where   string
	text    string
	presets []int
}

// lessonTexts are the sentences of a lesson that talk about its
// experiments: every task (about the preset it names); every sentence of a
// page that names presets (about the presets the sentence names, else
// those of the page); and on other pages the sentences that ask the
// learner to look (about all the lesson's presets).
func lessonTexts(l *lessons.Lesson) []checkedText {
	all := make([]int, len(l.Presets))
	for i := range all {
		all[i] = i
	}
	var out []checkedText
	for k, t := range l.Tasks {
		if i := taskPreset(l, t.Text); i >= 0 {
			out = append(out, checkedText{fmt.Sprintf("task %d", k+1), t.Text, []int{i}})
		}
	}
	for k, p := range l.Pages {
		page := presetMentions(l, p.Body)
		about := len(page) > 0
		if !about {
			page = all
		}
		for _, s := range sentences(p.Body) {
			named := presetMentions(l, s)
			if len(named) == 0 && !about && !cue.MatchString(s) {
				continue
			}
			if len(named) == 0 {
				named = page
			}
			out = append(out, checkedText{fmt.Sprintf("page %d (%s)", k+1, p.Title), s, named})
		}
	}
	return out
}

// checkSnapshot trains spec for up to steps steps and returns a paused
// snapshot with everything a run panel asks lab for, after an evaluation.
func checkSnapshot(t *testing.T, s *spec.Spec, steps int) lab.Snapshot {
	t.Helper()
	if isImageSpec(s) && s.Data.Dir == "" {
		// Which views a screen draws does not depend on how much it has
		// seen: 840 images of the embedded subset, a few steps (a LeNet
		// evaluated on the whole installed set took minutes under -race).
		s = s.Clone()
		s.Data.N, s.Data.Dir = 840, "../lab/data/fashion"
		steps = min(steps, 40)
	}
	snap, tr := trainedSnapshot(t, s, steps, true)
	snap.Outputs = tr.Outputs(maxOutputs)
	if isImageSpec(s) {
		snap.Samples = tr.Samples(imageSamplesN)
		snap.Embed = tr.Embedding(-1, 300)
	}
	if hasConvSpec(s) {
		snap.Filters, snap.Focus = tr.ConvFilters(), tr.FocusOn(0)
	}
	return snap
}

// rangeSnapshot runs a range test of s to its end.
func rangeSnapshot(t *testing.T, s *spec.Spec, rt lab.RangeTest) lab.Snapshot {
	t.Helper()
	tr, err := lab.NewTrainer(s, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	if err := tr.StartRangeTest(rt); err != nil {
		t.Fatal(err)
	}
	for !tr.Finished() {
		tr.Step()
	}
	return tr.Snapshot()
}

// presetScreens is everything preset i's experiment draws at 120×40, in
// every mode its keys reach, after up to steps training steps.
func presetScreens(t *testing.T, l *lessons.Lesson, i, steps int) string {
	t.Helper()
	m := newModel(Options{})
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	s := newLesson(m.c, l, i)
	m.Update(pushMsg{s})
	defer m.closeAll()
	var b strings.Builder
	add := func(v string) { b.WriteString(v + "\n") }
	switch e := s.exp.(type) {
	case *runPanel:
		snap := checkSnapshot(t, e.spec, steps)
		if e.opt.Range != nil {
			snap = rangeSnapshot(t, e.spec, *e.opt.Range)
		}
		showSnapshots(e.g, []string{l.Presets[i].ID}, []lab.Snapshot{snap})
		e.points = loadPoints(e.spec, "")
		for _, acc := range []bool{false, true} {
			for v := range 7 { // every view of an image run
				e.acc, e.viewN = acc, v
				e.render()
				add(e.view())
			}
		}
	case *comparePanel:
		// One snapshot per configuration, shown for each of its seeds (the
		// words on screen do not depend on the seed).
		var snaps []lab.Snapshot
		var names []string
		for c, sp := range e.specs {
			snap := checkSnapshot(t, sp, steps)
			for k := range e.seeds() {
				snaps, names = append(snaps, snap), append(names, e.runName(c*e.seeds()+k))
			}
		}
		showSnapshots(e.g, names, snaps)
		for q := range compareQuantities {
			for _, chartOnly := range []bool{false, true} {
				e.q, e.shown, e.chartOnly = q, 0, chartOnly
				e.render()
				add(e.view())
				for range e.grid.pages + 1 {
					e.swapView()
					add(e.view())
				}
			}
		}
	case *walkPanel:
		w, err := lab.Walkthrough(e.spec)
		if err != nil {
			t.Fatal(err)
		}
		e.accept(walkReadyMsg{id: e.id, walk: w})
		for range len(w.Steps) {
			e.key(keyMsg("n"))
			add(e.view())
		}
	}
	return b.String()
}

// viewProblems runs the check over a catalog: one line per view a text
// names that its presets do not draw.
func viewProblems(t *testing.T, cat *lessons.Catalog, steps int) []string {
	var out []string
	for _, l := range cat.Lessons {
		screens := map[int]string{}
		screen := func(i int) string {
			if _, ok := screens[i]; !ok {
				screens[i] = presetScreens(t, l, i, steps)
			}
			return screens[i]
		}
		for _, ct := range lessonTexts(l) {
			for _, w := range viewWords {
				if !w.says.MatchString(ct.text) || (w.cued && !cue.MatchString(ct.text)) {
					continue
				}
				shown := false
				var ids []string
				for _, i := range ct.presets {
					ids = append(ids, l.Presets[i].ID)
					shown = shown || w.shows.MatchString(screen(i))
				}
				if !shown {
					out = append(out, fmt.Sprintf("%s %s: %q names the %s, which %s does not draw",
						l.ID, ct.where, ct.text, w.name, strings.Join(ids, ", ")))
				}
			}
		}
	}
	return out
}

// Every lesson's text names only views its experiments draw.
func TestLessonsNameOnlyViewsOnScreen(t *testing.T) {
	if testing.Short() {
		t.Skip("trains every preset")
	}
	cat, err := lessons.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, l := range cat.Lessons {
		checked += len(lessonTexts(l))
	}
	if checked < 150 {
		t.Errorf("only %d sentences checked: the check has lost its text", checked)
	}
	for _, p := range viewProblems(t, cat, 300) {
		t.Error(p)
	}
}

// The check finds what issue 10 found by hand: outputs and p₀ that a run
// of many samples does not list, and an activation view that a single run
// does not have.
func TestViewCheckCatchesMissingViews(t *testing.T) {
	const moons = "    spec: {seed: 1, data: {set: moons, n: 200, noise: 0.1}, model: {layers: [{units: 8, activation: tanh}, {units: 2, activation: softmax}]}, optimizer: {name: sgd, lr: 0.3}, steps: 60}\n"
	fsys := fstest.MapFS{
		"content/01-a.md": {Data: []byte("---\nid: a\norder: 1\ntitle: A\ngoal: G\npresets:\n" +
			"  - id: moons\n    title: M\n" + moons +
			"  - id: pair\n    title: P\n" + moons + "    vary: {field: optimizer.lr, values: [0.1, 0.3]}\n" +
			"tasks:\n" +
			"  - knob: steps\n    text: In moons, run 60 steps and watch p₀ climb.\n" +
			"  - knob: steps\n    text: In moons, run 60 steps; every output ends within 0.1 of its target.\n" +
			"---\n## P\n\nIn *moons* the gradient bars and the boundary move together.\n\n" +
			"## Q\n\nOpen *pair*. Compare them with the activation health of each layer.\n\n" +
			"## R\n\nOpen *moons*. Compare it with the activation view.\n")},
	}
	cat, probs := lessons.Load(fsys, "x")
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	got := viewProblems(t, cat, 60)
	want := []string{"task 1: \"In moons, run 60 steps and watch p₀ climb.\" names the class probabilities",
		"task 2: \"In moons, run 60 steps; every output ends within 0.1 of its target.\" names the outputs per sample",
		"page 2 (Q): \"Compare them with the activation health of each layer.\" names the activation health",
		"page 3 (R): \"Compare it with the activation view.\" names the activation view"}
	if len(got) != len(want) {
		t.Fatalf("%d problems, want %d:\n%s", len(got), len(want), strings.Join(got, "\n"))
	}
	for i := range want {
		if !strings.Contains(got[i], want[i]) {
			t.Errorf("problem %d:\n%s\nwant it to contain\n%s", i+1, got[i], want[i])
		}
	}
}
