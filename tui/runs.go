package tui

import (
	"context"
	"sync"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/nnlab/nnlab/lab"
	"github.com/nnlab/nnlab/lab/spec"
)

// runGroup owns the live runs of one screen: their context, the latest
// snapshot of each, and the bookkeeping to stop them all. Runs are started
// by a tea.Cmd (lab.Start loads data, which is I/O) and handed back in a
// runsStartedMsg tagged with the group's generation, so that a late message
// for runs that were replaced or abandoned is recognised and dropped.
type runGroup struct {
	ctx       context.Context
	cancel    context.CancelFunc
	gen       int // bumped on every restart; stale messages carry an older one
	cancelGen context.CancelFunc

	runs  []*lab.Run
	names []string
	snaps []lab.Snapshot
	have  []bool // a snapshot arrived for run i
	err   error  // why the last start failed

	// all remembers every run ever started in the group (also those of
	// cancelled generations), so that close can wait for their goroutines.
	mu  *sync.Mutex
	all *[]*lab.Run

	// maxMemory is the budget of the group's runs together (0: none).
	maxMemory int64

	parked []bool // runs paused by park, to resume on unpark
}

var groupIDs struct {
	sync.Mutex
	n int
}

func newRunGroup(c *Common) *runGroup {
	ctx, cancel := context.WithCancel(context.Background())
	groupIDs.Lock()
	groupIDs.n++
	id := groupIDs.n
	groupIDs.Unlock()
	g := &runGroup{ctx: ctx, cancel: cancel, gen: id * 1000, mu: &sync.Mutex{}, all: new([]*lab.Run), maxMemory: c.Opts.MaxMemory}
	c.groups = append(c.groups, g)
	return g
}

// runsStartedMsg carries runs started by startCmd.
type runsStartedMsg struct {
	gen   int
	runs  []*lab.Run
	names []string
	extra any // screen-specific data loaded with the runs (training points)
	err   error
}

// startCmd returns a Cmd that starts one run per spec under a fresh child
// context, cancelling the runs of the previous generation. load, when not
// nil, runs in the same Cmd for data the screen wants once (it may do I/O).
// Runs that together need more memory than the budget are not started:
// the message carries why.
func (g *runGroup) startCmd(specs []*spec.Spec, names []string, opt lab.Options, load func() any) tea.Cmd {
	g.stopRuns()
	g.gen++
	gen := g.gen
	ctx, cancel := context.WithCancel(g.ctx)
	g.cancelGen = cancel
	opt.MaxMemory = g.maxMemory
	// The runs share the machine's threads (one each when there are as
	// many runs as cores or more).
	opt.Threads = lab.ThreadsPerRun(0, len(specs))
	return func() tea.Msg {
		msg := runsStartedMsg{gen: gen, names: names}
		if err := lab.CheckMemory(specs, opt); err != nil {
			cancel()
			msg.err = err
			return msg
		}
		for _, s := range specs {
			r, err := lab.Start(ctx, s, opt)
			if err != nil {
				cancel()
				msg.err = err
				msg.runs = nil
				return msg
			}
			g.mu.Lock()
			*g.all = append(*g.all, r)
			g.mu.Unlock()
			msg.runs = append(msg.runs, r)
		}
		if load != nil && ctx.Err() == nil {
			msg.extra = load()
		}
		return msg
	}
}

// accept installs the runs of msg if it belongs to the current generation
// and reports whether it did.
func (g *runGroup) accept(msg runsStartedMsg) bool {
	if msg.gen != g.gen {
		return false
	}
	g.err = msg.err
	g.runs = msg.runs
	g.names = msg.names
	g.snaps = make([]lab.Snapshot, len(msg.runs))
	g.have = make([]bool, len(msg.runs))
	g.parked = nil
	return true
}

// stopRuns cancels the current generation's runs (their goroutines end on
// their own; close waits for them).
func (g *runGroup) stopRuns() {
	if g.cancelGen != nil {
		g.cancelGen()
		g.cancelGen = nil
	}
	g.runs, g.snaps, g.have = nil, nil, nil
}

// drain takes the latest snapshot of every run without blocking and
// reports whether any arrived.
func (g *runGroup) drain() bool {
	changed := false
	for i, r := range g.runs {
		select {
		case s, ok := <-r.Snapshots():
			if ok {
				g.snaps[i], g.have[i] = s, true
				changed = true
			}
		default:
		}
	}
	return changed
}

// live says whether a run of the group is training or has not sent its
// first snapshot yet (a paused, finished or diverged run changes only on a
// command, and a command is a message that restarts the tick loop).
func (g *runGroup) live() bool {
	for i := range g.runs {
		if !g.have[i] || g.snaps[i].Status == lab.Running {
			return true
		}
	}
	return false
}

// each calls f for every live run.
func (g *runGroup) each(f func(r *lab.Run)) {
	for _, r := range g.runs {
		f(r)
	}
}

// park pauses the running runs while another screen is on top.
func (g *runGroup) park() {
	g.parked = make([]bool, len(g.runs))
	for i, r := range g.runs {
		if g.have[i] && g.snaps[i].Status == lab.Running {
			r.Pause()
			g.parked[i] = true
		}
	}
}

// unpark resumes what park paused.
func (g *runGroup) unpark() {
	for i, p := range g.parked {
		if p && i < len(g.runs) {
			g.runs[i].Resume()
		}
	}
	g.parked = nil
}

// close cancels every run of the group.
func (g *runGroup) close() {
	g.stopRuns()
	g.cancel()
}

// started returns every run the group ever started (for tests that wait
// for their goroutines).
func (g *runGroup) started() []*lab.Run {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]*lab.Run(nil), (*g.all)...)
}
