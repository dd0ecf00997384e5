package lab

import (
	"context"
	"fmt"
	"time"

	"github.com/nnlab/nnlab/lab/data"
	"github.com/nnlab/nnlab/lab/spec"
)

// Options tune a live run.
type Options struct {
	// DataDir is where Fashion-MNIST is looked for first.
	DataDir string
	// Every publishes a snapshot every this many steps (0: by time only).
	Every int
	// Interval publishes a snapshot at least this often (default 50 ms).
	Interval time.Duration
	// GridW×GridH asks for the decision boundary in each snapshot (2-D data).
	GridW, GridH int
	// EmbedLayer asks for that layer's embedding view (−1 or 0 with
	// EmbedSamples 0: none), on EmbedSamples test inputs.
	EmbedLayer, EmbedSamples int
	// Samples asks for that many fixed test images with their predictions
	// in each snapshot (image data only).
	Samples int
	// Units asks, with the decision boundary, for the input features' and
	// every hidden unit's maps and the dense layers' weights (recomputed
	// about three times a second while the run trains).
	Units bool
	// ConvViews asks, for a network with conv2d layers, for the kernels of
	// every conv2d layer and, for test image FocusImage (image data only;
	// Run.SetFocus changes it), the class probabilities and the feature maps
	// after every conv2d and pooling layer, in each snapshot.
	ConvViews  bool
	FocusImage int
	// Outputs asks for the network's outputs on every training sample in
	// each snapshot, when there are at most this many samples.
	Outputs int
	// KeepAlive keeps the run's goroutine waiting for commands (reset) after
	// the run finishes, until the context is cancelled. Without it the
	// channel closes when the run finishes.
	KeepAlive bool
	// StartPaused starts the run paused.
	StartPaused bool
	// MaxStepsPerSec paces the run so a learner can watch it (0: as fast as
	// it goes).
	MaxStepsPerSec float64
	// MaxMemory refuses a run (at Start, at a reset, at a larger batch)
	// whose estimate (EstimateRun) is above it; 0: no budget.
	MaxMemory int64
	// Threads is how many goroutines the run's network shares its large
	// products and convolutions among (0 or 1: the run's own; see
	// ThreadsPerRun for runs that train at the same time).
	Threads int
	// Seconds, when MaxStepsPerSec is 0, paces the run so that its planned
	// steps take about this long (at least MinAutoPace steps a second), so
	// a short preset can be watched rather than finishing before the first
	// frame. 0: no pace.
	Seconds float64
	// Range, when set, makes the run a learning-rate range test (see
	// Trainer.StartRangeTest); Snapshot.Range holds its curve.
	Range *RangeTest
}

// newRunTrainer makes a run's trainer: set, when not nil, is the spec's
// data already loaded.
func newRunTrainer(s *spec.Spec, set *data.Set, opt Options) (*Trainer, error) {
	tr, err := NewTrainer(s, set, opt.DataDir, WithThreads(opt.Threads))
	if err != nil || opt.Range == nil {
		return tr, err
	}
	if err := tr.StartRangeTest(*opt.Range); err != nil {
		tr.Close()
		return nil, err
	}
	return tr, nil
}

// MinAutoPace is the slowest pace Options.Seconds sets, in steps a second.
const MinAutoPace = 20

type cmdKind int

const (
	cmdPause cmdKind = iota
	cmdResume
	cmdToggle
	cmdStep
	cmdReset
	cmdLR
	cmdMomentum
	cmdDropout
	cmdBatch
	cmdGrid
	cmdSpeed
	cmdFocus
)

type command struct {
	kind cmdKind
	f    float64
	i, j int
}

// Run is a training run in its own goroutine. Its methods are safe to call
// from any goroutine; commands are applied between steps.
type Run struct {
	snaps chan Snapshot
	cmds  chan command
	done  chan struct{}
}

// Start validates the spec, loads the data and builds the network
// synchronously (so a bad spec is an error here), then trains in a new
// goroutine. Cancelling ctx stops the run and closes Snapshots.
func Start(ctx context.Context, s *spec.Spec, opt Options) (*Run, error) {
	if err := CheckMemory([]*spec.Spec{s}, opt); err != nil {
		return nil, err
	}
	tr, err := newRunTrainer(s, nil, opt)
	if err != nil {
		return nil, err
	}
	if opt.Interval <= 0 {
		opt.Interval = 50 * time.Millisecond
	}
	if opt.MaxStepsPerSec == 0 && opt.Seconds > 0 && tr.MaxSteps() > 0 {
		opt.MaxStepsPerSec = max(float64(tr.MaxSteps())/opt.Seconds, MinAutoPace)
	}
	r := &Run{snaps: make(chan Snapshot, 1), cmds: make(chan command, 64), done: make(chan struct{})}
	go r.loop(ctx, tr, opt)
	return r, nil
}

// Snapshots delivers the latest state; older unread snapshots are dropped,
// so training never waits for a reader. It is closed when the run ends.
func (r *Run) Snapshots() <-chan Snapshot { return r.snaps }

// Done is closed when the run's goroutine has exited.
func (r *Run) Done() <-chan struct{} { return r.done }

func (r *Run) send(c command) {
	select {
	case r.cmds <- c:
	case <-r.done:
	}
}

// Pause, Resume, Toggle and Step control the run; Step takes one step
// while paused.
func (r *Run) Pause() { r.send(command{kind: cmdPause}) }

// Resume continues a paused run.
func (r *Run) Resume() { r.send(command{kind: cmdResume}) }

// Toggle pauses a running run or resumes a paused one.
func (r *Run) Toggle() { r.send(command{kind: cmdToggle}) }

// Step takes one step of a paused (or finished-but-kept-alive) run.
func (r *Run) Step() { r.send(command{kind: cmdStep}) }

// Reset restarts the run from its spec with the same seed, keeping the
// live changes made so far.
func (r *Run) Reset() { r.send(command{kind: cmdReset}) }

// SetLR changes the base learning rate.
func (r *Run) SetLR(lr float64) { r.send(command{kind: cmdLR, f: lr}) }

// SetMomentum changes the momentum (Adam's beta1).
func (r *Run) SetMomentum(m float64) { r.send(command{kind: cmdMomentum, f: m}) }

// SetDropout changes every hidden layer's dropout rate.
func (r *Run) SetDropout(p float64) { r.send(command{kind: cmdDropout, f: p}) }

// SetBatch changes the mini-batch size.
func (r *Run) SetBatch(b int) { r.send(command{kind: cmdBatch, i: b}) }

// SetSpeed paces the run at most stepsPerSec steps a second (0: no limit).
func (r *Run) SetSpeed(stepsPerSec float64) { r.send(command{kind: cmdSpeed, f: stepsPerSec}) }

// SetFocus chooses the test image whose feature maps the snapshots carry
// (with Options.ConvViews); an index past either end wraps around.
func (r *Run) SetFocus(i int) { r.send(command{kind: cmdFocus, i: i}) }

// SetGrid changes the requested decision-boundary size.
func (r *Run) SetGrid(w, h int) { r.send(command{kind: cmdGrid, i: w, j: h}) }

type runState struct {
	tr *Trainer
	// release stops tr watching the run's context (see StopWhenDone).
	release func() bool
	// failure, when set, is why the run cannot go on (status Failed).
	failure  string
	opt      Options
	ctx      context.Context
	paused   bool
	steps    int // single steps requested
	lastPub  time.Time
	lastStep int
	rate     float64
	started  time.Time
	// The embedding, the samples, the unit maps and the conv views,
	// recomputed at most every viewEvery (they cost a forward pass over
	// many inputs, or many values) and when the step moves.
	embed     []EmbedPoint
	samples   []Sample
	maps      Maps
	filters   []Filters
	focus     *Focus
	viewStep  int
	viewAt    time.Time
	viewValid bool
	// Pacing: paceSteps steps taken since paceStart under the current limit.
	paceStart time.Time
	paceSteps int
	// spec is a copy of the trainer's spec for snapshots, made again when
	// a command may have changed it (nil then).
	spec *spec.Spec
}

// wait returns how long to wait before the next step to keep the pace.
func (st *runState) wait() time.Duration {
	if st.opt.MaxStepsPerSec <= 0 {
		return 0
	}
	due := st.paceStart.Add(time.Duration(float64(st.paceSteps) / st.opt.MaxStepsPerSec * float64(time.Second)))
	w := time.Until(due)
	if w < -time.Second/4 { // fell behind (a pause, a slow step): restart the pace
		st.paceStart, st.paceSteps = time.Now(), 0
		return 0
	}
	return w
}

func (r *Run) loop(ctx context.Context, tr *Trainer, opt Options) {
	defer close(r.done)
	defer close(r.snaps)
	now := time.Now()
	st := &runState{tr: tr, release: tr.StopWhenDone(ctx), opt: opt, ctx: ctx, paused: opt.StartPaused, started: now, lastPub: now, paceStart: now}
	defer func() {
		st.release()
		st.tr.Close()
	}()
	r.publish(st)
	for {
		idle := st.paused || st.tr.Finished() || st.failure != ""
		if idle && (st.steps == 0 || st.failure != "") {
			if (st.tr.Finished() || st.failure != "") && !opt.KeepAlive {
				return
			}
			select {
			case <-ctx.Done():
				return
			case c := <-r.cmds:
				r.apply(st, c)
			}
			continue
		}
		if w := st.wait(); w > 0 {
			timer := time.NewTimer(w)
			select {
			case <-ctx.Done():
				timer.Stop()
				return
			case c := <-r.cmds:
				timer.Stop()
				r.apply(st, c)
				continue
			case <-timer.C:
			}
		}
		select {
		case <-ctx.Done():
			return
		case c := <-r.cmds:
			r.apply(st, c)
			continue
		default:
		}
		st.paceSteps++
		if st.steps > 0 {
			st.steps--
		}
		wasRunning := !st.tr.Finished()
		st.tr.Step()
		if st.tr.Finished() && wasRunning {
			st.tr.Evaluate(ctx, 0) // the final evaluation covers every sample
			r.publish(st)
			continue
		}
		now := time.Now()
		if (opt.Every > 0 && st.tr.step%opt.Every == 0) || now.Sub(st.lastPub) >= opt.Interval || st.paused {
			r.publish(st)
		}
	}
}

func (r *Run) apply(st *runState, c command) {
	tr := st.tr
	switch c.kind {
	case cmdPause:
		st.paused = true
	case cmdResume:
		st.paused = false
	case cmdToggle:
		st.paused = !st.paused
	case cmdStep:
		st.paused = true
		if !tr.Finished() {
			st.steps++
		}
	case cmdReset:
		err := CheckMemory([]*spec.Spec{tr.spec}, st.opt)
		var nt *Trainer
		if err == nil {
			nt, err = newRunTrainer(tr.spec, tr.Set, st.opt)
		}
		if err != nil {
			st.failure = fmt.Sprintf("reset failed: %v", err)
			break
		}
		st.release()
		tr.Close()
		st.tr, st.release, st.failure = nt, nt.StopWhenDone(st.ctx), ""
		st.viewValid = false
		st.steps = 0
		st.lastStep = 0
		st.started = time.Now()
	case cmdLR:
		tr.SetLR(c.f)
	case cmdMomentum:
		tr.SetMomentum(c.f)
	case cmdDropout:
		if err := tr.SetDropout(c.f); err != nil {
			st.failure = err.Error()
		}
	case cmdBatch:
		bigger := tr.spec.Clone()
		bigger.Batch = c.i
		if err := CheckMemory([]*spec.Spec{bigger}, st.opt); err != nil {
			st.failure = fmt.Sprintf("batch %d refused: %v", c.i, err)
			break
		}
		tr.SetBatch(c.i)
	case cmdGrid:
		st.opt.GridW, st.opt.GridH = c.i, c.j
		st.viewValid = false // the unit maps are on the old lattice
	case cmdSpeed:
		if c.f >= 0 {
			st.opt.MaxStepsPerSec = c.f
			st.paceStart, st.paceSteps = time.Now(), 0
		}
	case cmdFocus:
		st.opt.FocusImage = c.i
		st.viewValid = false
	}
	st.spec = nil
	r.publish(st)
}

// viewEvery is how often the embedding and samples are recomputed while a
// run trains; a paused or finished run gets them at once.
const viewEvery = 300 * time.Millisecond

// viewsDue says whether the embedding, the samples and the unit maps are
// to be recomputed for a snapshot of step.
func (st *runState) viewsDue(step int, now time.Time) bool {
	if st.opt.EmbedSamples <= 0 && st.opt.Samples <= 0 && !st.opt.Units && !st.opt.ConvViews {
		return false
	}
	idle := st.paused || st.tr.Finished()
	return !st.viewValid || (step != st.viewStep && (idle || now.Sub(st.viewAt) >= viewEvery))
}

// views refreshes the embedding, the samples and the conv views.
// Snapshots share these slices, which are never written after they are
// made.
func (st *runState) views(step int, now time.Time) {
	st.embed, st.samples = nil, nil
	if st.opt.EmbedSamples > 0 {
		st.embed = st.tr.Embedding(st.opt.EmbedLayer, st.opt.EmbedSamples)
	}
	if st.opt.Samples > 0 {
		st.samples = st.tr.Samples(st.opt.Samples)
	}
	st.filters, st.focus = nil, nil
	if st.opt.ConvViews && st.tr.HasConv() {
		st.filters = st.tr.ConvFilters()
		st.opt.FocusImage = st.tr.focusIndex(st.opt.FocusImage)
		st.focus = st.tr.FocusOn(st.opt.FocusImage)
	}
	st.viewStep, st.viewAt, st.viewValid = step, now, true
}

// publish replaces any unread snapshot with the current one.
func (r *Run) publish(st *runState) {
	now := time.Now()
	tr := st.tr
	if dt := now.Sub(st.lastPub).Seconds(); dt > 0 && tr.step >= st.lastStep {
		st.rate = 0.7*st.rate + 0.3*float64(tr.step-st.lastStep)/dt
	}
	st.lastPub, st.lastStep = now, tr.step
	s := tr.Snapshot()
	s.StepsPerSec = st.rate
	s.Elapsed = now.Sub(st.started)
	switch {
	case st.failure != "":
		s.Status, s.Reason = Failed, st.failure
	case st.paused && !tr.Finished():
		s.Status = Paused
	}
	s.MaxStepsPerSec = st.opt.MaxStepsPerSec
	due := st.viewsDue(s.Step, now)
	if st.opt.GridW > 0 && st.opt.GridH > 0 {
		m := tr.Maps(st.opt.GridW, st.opt.GridH, st.opt.Units && due)
		s.Grid, s.GridW, s.GridH, s.Box = m.Grid, m.W, m.H, m.Box
		if st.opt.Units && due {
			st.maps = m
		}
		s.Inputs, s.Units, s.Weights = st.maps.Inputs, st.maps.Units, st.maps.Weights
	}
	if due {
		st.views(s.Step, now)
	}
	s.Embed, s.Samples = st.embed, st.samples
	s.Filters, s.Focus = st.filters, st.focus
	if st.spec == nil {
		st.spec = tr.Spec().Clone()
	}
	s.Spec = st.spec
	if st.opt.Outputs > 0 {
		s.Outputs = tr.Outputs(st.opt.Outputs)
	}
	select {
	case <-r.snaps:
	default:
	}
	r.snaps <- s
}
