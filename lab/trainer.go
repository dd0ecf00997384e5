package lab

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"sync/atomic"
	"time"

	"github.com/nnlab/nnlab/lab/data"
	"github.com/nnlab/nnlab/lab/spec"
	"github.com/nnlab/nnlab/nn"
)

// Status is the state of a run.
type Status string

// The states of a run.
const (
	Running  Status = "running"
	Paused   Status = "paused"
	Done     Status = "done"
	Diverged Status = "diverged"
	// Failed is a live run that could not go on (a reset that could not
	// rebuild it, a change it could not apply); Snapshot.Reason says why.
	Failed Status = "failed"
)

// evalChunk is how many samples are evaluated at once, unless the
// network's buffers for that many would take more than evalChunkBytes:
// then evaluation goes in chunks of the training batch, whose buffers the
// network already has (a LeNet's buffers for 256 images take about 150 MB).
const (
	evalChunk      = 256
	evalChunkBytes = 32 << 20
)

// evalLimit is how many samples of each split the evaluations during a run
// look at (the final one looks at all).
const evalLimit = 2000

// Trainer trains one spec step by step, synchronously. It is the engine of
// both the headless commands (which want every step) and Run (which trains
// in a goroutine and publishes snapshots). A Trainer is not safe for
// concurrent use.
type Trainer struct {
	spec *spec.Spec
	Set  *data.Set
	Net  *nn.Network
	opt  *nn.Optimizer
	fn   *fnState

	optCfg          nn.OptimizerConfig
	baseLR, mom     float64
	sched           nn.Schedule
	ramp            *nn.Ramp
	lr, curMom      float64
	batch           int
	order           *rand.Rand
	perm            []int
	pos             int
	step, epoch     int
	maxSteps        int
	evalEvery       int
	loss            float64
	firstLoss       float64
	status          Status
	reason          string
	bb, eb          batchBuf // room for a training batch and an evaluation chunk
	b               nn.Batch
	iota            []int
	train           *History
	evals           []Eval // every evaluation (thinned to at most 1024)
	eval            Eval
	conf, confWork  []int   // test confusion counts, classes×classes (true row, predicted column)
	confDone        bool    // conf holds an evaluation
	watchVal        bool    // early stopping and restore_best watch validation (else test)
	best            float64 // the lowest watched loss so far
	bestStep, stale int
	restore         bool         // restore_best: end with the weights of bestStep
	ckpt            nn.State     // those weights, while the run goes on
	restored        int          // the step whose weights the run ended with (0: none restored)
	rt              *rangeState  // a learning-rate range test (StartRangeTest)
	bigEval         bool         // a chunk of evalChunk samples is too large: evaluate by batches
	clipped         int          // steps whose gradients clip_norm shrank
	avg             float64      // moving average of the loss over about highSteps steps
	stop            *atomic.Bool // set when the run is to stop (see StopWhenDone)
	threads         int
	trainTime       time.Duration // in training steps (batches and updates)
	evalTime        time.Duration // in evaluations
}

// batchBuf is room for a batch: its inputs in the network's precision (x,
// or x32 for a float32 network), labels and targets.
type batchBuf struct {
	x   []float64
	x32 []float32
	lab []int
	y   []float64
}

// newBatchBuf makes room for rows samples of the trainer's data.
func (t *Trainer) newBatchBuf(rows int) batchBuf {
	b := batchBuf{lab: make([]int, rows), y: make([]float64, rows*max(t.Set.Outputs, 1))}
	if t.Net.Precision() == nn.Float32 {
		b.x32 = make([]float32, rows*t.Set.Inputs)
	} else {
		b.x = make([]float64, rows*t.Set.Inputs)
	}
	return b
}

// TrainerOption changes how NewTrainer builds a trainer.
type TrainerOption func(*Trainer)

// WithThreads makes the trainer's network share its large products and
// convolutions among n goroutines (see nn.Config.Threads); the trainer
// must then be closed. 0 or 1: the caller's goroutine alone (the default).
func WithThreads(n int) TrainerOption { return func(t *Trainer) { t.threads = n } }

// highSteps is the window of the loss's moving average: a run whose average
// stays above 10× its starting loss counts as diverged.
const highSteps = 50

// Eval is one evaluation of the model on the training, validation and
// test sets. Accuracies are NaN for regression, a split's numbers NaN when
// the data have no such split; everything is NaN before the first
// evaluation.
type Eval struct {
	Step                int
	TrainLoss, TrainAcc float64
	ValLoss, ValAcc     float64
	TestLoss, TestAcc   float64
}

// noEval is an evaluation not made yet (or not made at all).
func noEval(step int) Eval {
	nan := math.NaN()
	return Eval{Step: step, TrainLoss: nan, TrainAcc: nan, ValLoss: nan, ValAcc: nan, TestLoss: nan, TestAcc: nan}
}

// NewTrainer validates the spec (after filling its defaults in a copy),
// loads its data and builds its network. set, when not nil, is used instead
// of loading the data again (it must be the spec's data set). Close
// releases what the trainer holds (its network's threads).
func NewTrainer(spec *spec.Spec, set *data.Set, dataDir string, opts ...TrainerOption) (*Trainer, error) {
	s := spec.Clone()
	s.Defaults()
	if err := s.Validate(); err != nil {
		return nil, err
	}
	t := &Trainer{spec: s, train: NewHistory(512), status: Running}
	for _, o := range opts {
		o(t)
	}
	if t.threads < 0 || t.threads > nn.MaxThreads {
		return nil, fmt.Errorf("threads: must be 1 to %d, got %d", nn.MaxThreads, t.threads)
	}
	t.eval = noEval(-1)
	t.best = math.Inf(1)
	var err error
	if t.optCfg, t.baseLR, t.mom, err = optimizerOf(s); err != nil {
		return nil, err
	}
	if t.sched, t.ramp, err = scheduleOf(s); err != nil {
		return nil, err
	}
	if s.Function != nil {
		t.maxSteps = s.Steps
		t.fn, err = newFnState(s.Function, t.optCfg)
		return t, err
	}
	if set == nil {
		if set, err = LoadData(s, dataDir); err != nil {
			return nil, fmt.Errorf("data: %v", err)
		}
	}
	t.Set = set
	if set.Train.N == 0 {
		return nil, emptyTrainError(s)
	}
	if t.Net, err = BuildNetwork(s, set, t.threads); err != nil {
		return nil, err
	}
	if t.opt, err = nn.NewOptimizer(t.optCfg, t.Net.Params()); err != nil {
		t.Close()
		return nil, fmt.Errorf("optimizer: %v", err)
	}
	t.order = rand.New(rand.NewPCG(s.Seed, streamOrder))
	n := set.Train.N
	t.perm = make([]int, n)
	t.iota = make([]int, max(n, set.Val.N, set.Test.N, evalChunk))
	t.watchVal = set.Val.N > 0
	t.restore = s.RestoresBest()
	for i := range t.iota {
		t.iota[i] = i
	}
	cfg, err := NetConfig(s, set)
	if err != nil {
		t.Close()
		return nil, err
	}
	if t.bigEval, err = bigWorkspace(cfg, t.optCfg); err != nil {
		t.Close()
		return nil, err
	}
	t.SetBatch(s.Batch)
	t.pos = n // shuffle before the first step
	t.maxSteps = s.Steps
	if s.Epochs > 0 {
		per := (n + t.batch - 1) / t.batch
		if e := s.Epochs * per; t.maxSteps == 0 || e < t.maxSteps {
			t.maxSteps = e
		}
	}
	t.evalEvery = s.EvalEvery
	if t.evalEvery == 0 {
		t.evalEvery = max(1, t.maxSteps/100)
	}
	t.eb = t.newBatchBuf(evalChunk)
	if set.Classes > 0 && set.Test.Labels != nil {
		t.conf = make([]int, set.Classes*set.Classes)
		t.confWork = make([]int, set.Classes*set.Classes)
	}
	return t, nil
}

// Close stops the threads of the trainer's network (see WithThreads). The
// trainer still works afterwards, on the caller's goroutine alone; Close is
// safe to call more than once.
func (t *Trainer) Close() {
	if t.Net != nil {
		t.Net.Close()
	}
}

// Times are the wall time the trainer has spent in training steps (batches
// gathered, forward, backward and update) and in evaluations.
func (t *Trainer) Times() (train, eval time.Duration) { return t.trainTime, t.evalTime }

// emptyTrainError names the field that left the training split empty.
func emptyTrainError(s *spec.Spec) error {
	switch s.Data.Set {
	case "inline":
		return fmt.Errorf("data.inputs: no training rows; want at least one")
	case "fashion":
		return fmt.Errorf("data.n: %d leaves no training image; want at least 1", s.Data.N)
	}
	return fmt.Errorf("data.n: %d samples leave none for training after the test split (data.test); want a larger data.n or a smaller data.test", s.Data.N)
}

// StopWhenDone makes the step (or evaluation) under way stop early when ctx
// is done, rather than at its end: the network watches a flag between
// layers (see nn.Network.SetStop). A step cut short does not count. The
// result stops the watching.
func (t *Trainer) StopWhenDone(ctx context.Context) (release func() bool) {
	if t.Net == nil {
		return func() bool { return true }
	}
	t.stop = new(atomic.Bool)
	t.Net.SetStop(t.stop)
	stop := t.stop
	return context.AfterFunc(ctx, func() { stop.Store(true) })
}

// stopping tells whether ctx is done or the run is to stop.
func (t *Trainer) stopping(ctx context.Context) bool {
	return ctx.Err() != nil || (t.stop != nil && t.stop.Load())
}

// Spec is the (defaulted) spec the trainer runs, with live changes applied.
func (t *Trainer) Spec() *spec.Spec { return t.spec }

// SetBatch changes the mini-batch size from the next step (0: full batch).
func (t *Trainer) SetBatch(b int) {
	if t.Set == nil {
		return
	}
	n := t.Set.Train.N
	if b <= 0 || b > n {
		b = n
	}
	t.batch = b
	t.spec.Batch = b
	if len(t.bb.lab) < b {
		t.bb = t.newBatchBuf(b)
	}
}

// SetLR changes the base learning rate (the schedule still applies).
func (t *Trainer) SetLR(lr float64) {
	if lr > 0 && !math.IsInf(lr, 0) {
		t.baseLR = lr
		t.spec.Optimizer.LR = &lr
	}
}

// SetMomentum changes the momentum (Adam's and AdamW's beta1); it ends any ramp.
func (t *Trainer) SetMomentum(m float64) {
	if m >= 0 && m < 1 {
		t.mom, t.ramp = m, nil
		t.spec.Schedule.Momentum = nil
		if t.optCfg.Kind == nn.Adam || t.optCfg.Kind == nn.AdamW {
			t.spec.Optimizer.Beta1 = &m
		} else {
			t.spec.Optimizer.Momentum = m
		}
	}
}

// SetDropout sets the dropout rate of every hidden dense layer; a rate
// outside 0 ≤ p < 1 is an error and changes nothing.
func (t *Trainer) SetDropout(p float64) error {
	if !(p >= 0 && p < 1) {
		return fmt.Errorf("dropout: %v is not allowed; want 0 ≤ p < 1", p)
	}
	if t.Net == nil {
		return nil
	}
	for i := 0; i < t.Net.NumLayers()-1; i++ {
		if t.Net.Layer(i).Kind != nn.Dense {
			continue
		}
		if err := t.Net.SetDropout(i, p); err != nil {
			return err
		}
		t.spec.Model.Layers[i].Dropout = p
	}
	return nil
}

// LR is the learning rate the next step uses; Momentum likewise.
func (t *Trainer) LR() float64 { return t.sched.LR(t.baseLR, t.step) }

// Momentum is the momentum (Adam's beta1) the next step uses.
func (t *Trainer) Momentum() float64 {
	if t.ramp != nil {
		return t.ramp.At(t.step)
	}
	return t.mom
}

// StepCount is the number of steps taken; Epoch the number of full passes.
func (t *Trainer) StepCount() int { return t.step }

// Epoch is the number of completed passes over the training data.
func (t *Trainer) Epoch() int { return t.epoch }

// MaxSteps is the planned length of the run.
func (t *Trainer) MaxSteps() int { return t.maxSteps }

// Loss is the last step's batch loss (before its update).
func (t *Trainer) Loss() float64 { return t.loss }

// Status is the run's state: Running until done or diverged.
func (t *Trainer) Status() (Status, string) { return t.status, t.reason }

// Finished says whether the run has ended (done or diverged).
func (t *Trainer) Finished() bool { return t.status == Done || t.status == Diverged }

// LastEval is the latest evaluation.
func (t *Trainer) LastEval() Eval { return t.eval }

// Step takes one training step, then evaluates when due. It does nothing
// once the run has finished, and nothing counts of a step that StopWhenDone
// cut short.
func (t *Trainer) Step() {
	if t.Finished() {
		return
	}
	lr, mom := t.LR(), t.Momentum()
	var loss float64
	if t.fn != nil {
		loss = t.fn.step(lr, mom)
	} else {
		pos, epoch := t.pos, t.epoch
		start := time.Now()
		loss = t.Net.TrainStep(t.nextBatch(), t.opt, lr, mom)
		t.trainTime += time.Since(start)
		if t.Net.Stopped() {
			t.pos, t.epoch = pos, epoch
			return
		}
	}
	t.lr, t.curMom, t.loss = lr, mom, loss
	if _, scale := t.optimizer().Clipping(); scale < 1 {
		t.clipped++
	}
	if t.step == 0 {
		t.firstLoss = t.loss
	}
	t.step++
	t.train.Add(t.step-1, t.loss)
	if t.rt != nil {
		t.rangeEnd()
		return
	}
	if reason := t.divergence(); reason != "" {
		t.status, t.reason = Diverged, fmt.Sprintf("diverged at step %d: %s", t.step, reason)
		return
	}
	if t.fn == nil && t.step%t.evalEvery == 0 {
		t.Evaluate(context.Background(), evalLimit)
	}
	if t.maxSteps > 0 && t.step >= t.maxSteps && !t.Finished() {
		t.status, t.reason = Done, fmt.Sprintf("done after %d steps", t.step)
	}
	if t.Finished() {
		t.restoreBest()
	}
}

// optimizer is the optimizer of the network or of the test function.
func (t *Trainer) optimizer() *nn.Optimizer {
	if t.fn != nil {
		return t.fn.opt
	}
	return t.opt
}

// Clipped is how many steps clip_norm has clipped so far.
func (t *Trainer) Clipped() int { return t.clipped }

// nextBatch fills the batch buffers with the next mini-batch, reshuffling
// at the start of each epoch.
func (t *Trainer) nextBatch() *nn.Batch {
	n := t.Set.Train.N
	if t.pos >= n {
		for i := range t.perm {
			t.perm[i] = i
		}
		t.order.Shuffle(n, func(i, j int) { t.perm[i], t.perm[j] = t.perm[j], t.perm[i] })
		t.pos = 0
	}
	end := min(t.pos+t.batch, n)
	idx := t.perm[t.pos:end]
	if t.pos = end; t.pos >= n {
		t.epoch++
	}
	t.fill(&t.Set.Train, idx, &t.bb)
	return &t.b
}

// fill loads samples idx of sp into bb and points t.b at them.
func (t *Trainer) fill(sp *data.Split, idx []int, bb *batchBuf) {
	k := len(idx)
	t.b = nn.Batch{N: k}
	if bb.x32 != nil {
		sp.Fill32(idx, bb.x32, bb.lab, bb.y)
		t.b.X32 = bb.x32[:k*sp.D]
	} else {
		sp.Fill(idx, bb.x, bb.lab, bb.y)
		t.b.X = bb.x[:k*sp.D]
	}
	if sp.Labels != nil {
		t.b.Labels = bb.lab[:k]
	} else {
		t.b.Y = bb.y[:k*t.Set.Outputs]
	}
}

// divergence names why the run has diverged, or returns "".
func (t *Trainer) divergence() string {
	switch {
	case math.IsNaN(t.loss):
		return "the loss is NaN"
	case math.IsInf(t.loss, 0):
		return "the loss is infinite"
	case t.loss > 1e4*math.Max(t.firstLoss, 1):
		return fmt.Sprintf("the loss exploded to %.3g (it started at %.3g)", t.loss, t.firstLoss)
	}
	if t.step == 1 {
		t.avg = t.loss
	}
	t.avg += (t.loss - t.avg) / highSteps
	if t.step >= highSteps && t.avg > 10*math.Max(t.firstLoss, 1e-3) {
		return fmt.Sprintf("the loss stayed above 10× its start (%.3g): its recent average is %.3g", t.firstLoss, t.avg)
	}
	if t.fn != nil {
		return t.fn.divergence()
	}
	for _, s := range t.Net.Stats() {
		if math.IsNaN(s.GradNorm) || math.IsInf(s.GradNorm, 0) || math.IsInf(s.WeightNorm, 0) || math.IsNaN(s.WeightNorm) {
			return fmt.Sprintf("layer %d's gradient or weights are not finite", s.Layer+1)
		}
	}
	return ""
}

// Evaluate measures loss and accuracy on up to limit samples of the
// training and test sets (0: all of them) and records the test loss. It
// returns early, keeping the previous evaluation, when ctx is cancelled or
// the context given to StopWhenDone is. Evaluations are kept as a history
// (Snapshot.Evals).
// With early stopping set, it may end the run.
func (t *Trainer) Evaluate(ctx context.Context, limit int) Eval {
	if t.fn != nil || t.rt != nil { // a range test reads the batch losses only
		return t.eval
	}
	start := time.Now()
	defer func() { t.evalTime += time.Since(start) }()
	trL, trA, ok1 := t.evalSplit(ctx, &t.Set.Train, limit, nil)
	vaL, vaA, ok2 := t.evalSplit(ctx, &t.Set.Val, limit, nil)
	teL, teA, ok3 := t.evalSplit(ctx, &t.Set.Test, limit, t.confWork)
	if !ok1 || !ok2 || !ok3 {
		return t.eval
	}
	if t.conf != nil && t.Set.Test.N > 0 {
		copy(t.conf, t.confWork)
		t.confDone = true
	}
	t.eval = Eval{Step: t.step, TrainLoss: trL, TrainAcc: trA, ValLoss: vaL, ValAcc: vaA, TestLoss: teL, TestAcc: teA}
	if t.restored > 0 {
		// The weights of an earlier step: the history is of the run as it
		// went, so this evaluation is the run's result but not a point of it.
		return t.eval
	}
	if n := len(t.evals); n > 0 && t.evals[n-1].Step == t.step {
		t.evals[n-1] = t.eval // the final evaluation, over every sample, replaces the one of its step
	} else {
		t.evals = append(t.evals, t.eval)
	}
	if len(t.evals) > 1024 {
		t.evals = thin(t.evals)
	}
	if w := t.watched(t.eval); !math.IsNaN(w) && !t.Finished() {
		t.earlyStop(w)
	}
	return t.eval
}

// watched is the loss early stopping and restore_best watch: validation
// when the data have a validation set, else test.
func (t *Trainer) watched(e Eval) float64 {
	if t.watchVal {
		return e.ValLoss
	}
	return e.TestLoss
}

// WatchedSet names the set early stopping and restore_best watch:
// "validation" or "test".
func (t *Trainer) WatchedSet() string {
	if t.watchVal {
		return "validation"
	}
	return "test"
}

// earlyStop keeps the best watched loss (and, for restore_best, its
// weights) and ends the run when it has not improved for the spec's
// patience in evaluations.
func (t *Trainer) earlyStop(loss float64) {
	if loss < t.best {
		t.best, t.bestStep, t.stale = loss, t.step, 0
		if t.restore {
			t.Net.SaveState(&t.ckpt)
		}
		return
	}
	t.stale++
	if p := t.spec.Regularization.EarlyStop; p > 0 && t.stale >= p {
		t.status = Done
		t.reason = fmt.Sprintf("stopped early at step %d: the %s loss has not improved for %d evaluations (best %.4g at step %d)",
			t.step, t.WatchedSet(), p, t.best, t.bestStep)
	}
}

// restoreBest ends a finished run with the weights of its best evaluation
// (restore_best), and says so in the reason.
func (t *Trainer) restoreBest() {
	if !t.restore || t.status != Done || t.bestStep == 0 || t.restored > 0 {
		return
	}
	if t.bestStep == t.step {
		t.reason += fmt.Sprintf("; the last evaluation had the lowest %s loss (%.4g), so the final weights are kept", t.WatchedSet(), t.best)
		return
	}
	if err := t.Net.LoadState(&t.ckpt); err != nil { // the same network: cannot happen
		t.reason += fmt.Sprintf("; restore_best failed (%v): the final weights are kept", err)
		return
	}
	t.restored = t.bestStep
	for _, e := range t.evals {
		if e.Step == t.bestStep {
			t.eval = e // until the final evaluation measures them on every sample
			t.eval.Step = t.step
		}
	}
	t.reason += fmt.Sprintf("; restored the weights of step %d, the lowest %s loss (%.4g)", t.bestStep, t.WatchedSet(), t.best)
}

// Restored is the step whose weights a restore_best run ended with, or 0.
func (t *Trainer) Restored() int { return t.restored }

// thin keeps every other evaluation, and the last.
func thin(e []Eval) []Eval {
	last := e[len(e)-1]
	odd := len(e)%2 == 0 // the last one has an odd index: not kept below
	out := e[:0]
	for i := 0; i < len(e); i += 2 {
		out = append(out, e[i])
	}
	if odd {
		out = append(out, last)
	}
	return out
}

// evalSplit is the mean loss and accuracy over the first limit samples of
// sp (all when limit is 0), in evaluation mode. When conf is not nil (and
// sp has labels) it is overwritten with the confusion counts.
func (t *Trainer) evalSplit(ctx context.Context, sp *data.Split, limit int, conf []int) (loss, acc float64, ok bool) {
	clear(conf)
	n := sp.N
	if limit > 0 && limit < n {
		n = limit
	}
	if n == 0 {
		return math.NaN(), math.NaN(), true
	}
	var sum float64
	correct := 0
	chunk := t.evalRows()
	for off := 0; off < n; off += chunk {
		if t.stopping(ctx) {
			return 0, 0, false
		}
		end := min(off+chunk, n)
		t.fill(sp, t.iota[off:end], &t.eb)
		l, c := t.Net.EvalBatch(&t.b)
		sum += l
		correct += c
		if conf != nil && sp.Labels != nil {
			t.countConfusion(conf, end-off)
		}
	}
	if t.stopping(ctx) { // the last chunk may have been cut short
		return 0, 0, false
	}
	acc = math.NaN()
	if sp.Labels != nil {
		acc = float64(correct) / float64(n)
	}
	return sum / float64(n), acc, true
}

// evalRows is how many samples are evaluated at once.
func (t *Trainer) evalRows() int {
	if t.bigEval {
		return min(t.batch, evalChunk)
	}
	return evalChunk
}

// bigWorkspace says whether the network's buffers for evalChunk samples
// would take more than evalChunkBytes.
func bigWorkspace(cfg nn.Config, o nn.OptimizerConfig) (bool, error) {
	with, err := nn.EstimateBytes(cfg, o, evalChunk)
	if err != nil {
		return false, fmt.Errorf("model.%v", err)
	}
	without, err := nn.EstimateBytes(cfg, o)
	if err != nil {
		return false, fmt.Errorf("model.%v", err)
	}
	return with-without > evalChunkBytes, nil
}

// countConfusion adds the last evaluated batch (k samples, labels in t.b)
// to conf: row true class, column predicted class.
func (t *Trainer) countConfusion(conf []int, k int) {
	w := t.Net.Outputs()
	out := t.Net.Activations(t.Net.NumLayers()-1, k)
	c := t.Set.Classes
	for r := 0; r < k; r++ {
		y, p := t.b.Labels[r], nn.ArgMax(out[r*w:r*w+w], w)
		if y >= 0 && y < c && p >= 0 && p < c {
			conf[y*c+p]++
		}
	}
}
