package tui

import (
	"strings"
	"testing"

	"github.com/nnlab/nnlab/lab"
	"github.com/nnlab/nnlab/lab/spec"
)

// paneOf starts a run panel on the spec in YAML and returns what it shows
// once its start is done (the panel is closed).
func paneOf(t *testing.T, opts Options, yaml string) (view string, d *driver) {
	t.Helper()
	d = newDriver(t, opts, 100, 30)
	s, err := spec.Load([]byte(yaml), "pane")
	if err != nil {
		t.Fatal(err)
	}
	p := newRunPanel(d.m.c, s, "pane")
	defer p.close()
	p.setSize(100, 30)
	msg, ok := p.start()().(runsStartedMsg)
	if !ok || !p.acceptRuns(msg) {
		t.Fatalf("start gave %T", msg)
	}
	p.render()
	return p.view(), d
}

// Data that leaves nothing to train on is a message on the experiment
// pane, not a crash or a "diverged" run; so is a run that failed.
func TestExperimentPaneSaysWhyARunCannotGo(t *testing.T) {
	view, d := paneOf(t, testOptions(t), "seed: 1\ndata: {set: circle, n: 10, test: 0.9}\nsteps: 50\n")
	if v := squash(view); !strings.Contains(v, "Could not start:") || !strings.Contains(v, "data.n: 10 samples with test share 0.9 leave 1 for training") || strings.Contains(v, "diverged") {
		t.Errorf("pane:\n%s", view)
	}
	st := stateWord(lab.Snapshot{Status: lab.Failed, Reason: "reset failed: data.n: too big"}, d.m.c.Styles)
	if !strings.Contains(st, "reset failed: data.n: too big") {
		t.Errorf("a failed run reads %q", st)
	}
}

// An experiment above the memory budget (Options.MaxMemory) is not
// started: the pane says what it would need.
func TestExperimentAboveTheBudget(t *testing.T) {
	opts := testOptions(t)
	opts.MaxMemory = 1 << 20
	view, d := paneOf(t, opts, "seed: 1\ndata: {set: circle, n: 4000}\nmodel: {layers: [{units: 512}, {units: 512}, {units: 2, activation: softmax}]}\nbatch: 1000\nsteps: 50\n")
	if v := squash(view); !strings.Contains(v, "Could not start: the run needs about") || !strings.Contains(v, "above the memory budget of 1.00 MiB") {
		t.Errorf("pane:\n%s", view)
	}
	if len(d.allRuns()) != 0 {
		t.Errorf("%d runs started", len(d.allRuns()))
	}
}
