package lessons

import (
	"testing"
	"testing/fstest"

	"github.com/nnlab/nnlab/lab"
)

func TestPresetView(t *testing.T) {
	const head = "---\nid: a\norder: 1\ntitle: A\ngoal: G\npresets:\n"
	const spec = "    spec: {data: {set: circle}, model: {layers: [{units: 2, activation: softmax}]}}\n"
	const tail = "---\n## P\n\nText.\n"
	fsys := fstest.MapFS{
		"content/01-a.md": {Data: []byte(head +
			"  - id: walk\n    title: W\n    view: walkthrough\n" + spec +
			"  - id: live\n    title: L\n" + spec +
			tail)},
		"content/02-b.md": {Data: []byte("---\nid: b\norder: 2\ntitle: B\ngoal: G\npresets:\n" +
			"  - id: typo\n    title: T\n    view: walkthru\n" + spec + // line 9
			"  - id: empty\n    title: E\n    view: \"\"\n" + spec + // line 13
			"  - id: both\n    title: B\n    view: walkthrough\n" + spec + // line 17
			"    vary: {field: init, values: [xavier, he_normal]}\n" +
			"  - id: list\n    title: L\n    view: [walkthrough]\n" + spec + // line 22
			"  - id: fn\n    title: F\n    view: lrfind\n    spec: {function: {name: quadratic}}\n" + // line 26
			"  - id: seeds\n    title: S\n    spec: {seeds: 3, data: {set: circle}, model: {layers: [{units: 2, activation: softmax}]}}\n" + // line 30
			tail)},
	}
	cat, probs := Load(fsys, "x")
	sameLines(t, problemStrings(probs), []string{
		`x/content/02-b.md:9: presets[0].view: "walkthru" is not a view; allowed: walkthrough, lrfind (or leave view out for the live run)`,
		`x/content/02-b.md:13: presets[1].view: is empty; allowed: walkthrough, lrfind (or leave view out for the live run)`,
		`x/content/02-b.md:17: presets[2].view: a preset with vary is a comparison of several runs; view: walkthrough shows one network, so give it a preset of its own`,
		`x/content/02-b.md:22: presets[3].view: expected text, got a list`,
		`x/content/02-b.md:26: presets[4].view: view: lrfind trains a network over a range of rates; a test function has none`,
		`x/content/02-b.md:30: presets[5].spec.seeds: 3 seeds: a preset without vary trains one network; give it vary to compare configurations over seeds, or leave seeds out`,
	})
	if p := cat.Preset("a/walk"); p == nil || p.View != ViewWalkthrough {
		t.Errorf("a/walk = %+v, want view %q", p, ViewWalkthrough)
	}
	if p := cat.Preset("a/live"); p == nil || p.View != "" {
		t.Errorf("a/live = %+v, want no view", p)
	}
}

// Every embedded walkthrough preset can be walked through, and lesson 2's
// worked network is one.
func TestEmbeddedWalkthroughs(t *testing.T) {
	cat, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	if p := cat.Preset("backprop/worked"); p == nil || p.View != ViewWalkthrough {
		t.Fatalf("backprop/worked has no walkthrough view: %+v", p)
	}
	for _, l := range cat.Lessons {
		for _, p := range l.Presets {
			if p.View != ViewWalkthrough {
				continue
			}
			if _, err := lab.Walkthrough(p.Spec); err != nil {
				t.Errorf("%s (%s/%s): %v", l.File, l.ID, p.ID, err)
			}
		}
	}
}
