package lab

import (
	"fmt"
	"math"
	"slices"

	"github.com/nnlab/nnlab/nn"
)

// RangeTest is a learning-rate range test (L. N. Smith, "Cyclical Learning
// Rates for Training Neural Networks", 2017): one short run from the
// spec's starting weights whose rate rises exponentially, lr_t =
// Min·(Max/Min)^(t/(Steps−1)), while the batch loss is recorded at every
// rate. The loss first barely moves (the rate is too small to matter),
// then falls, then turns up and explodes: a good rate lies on the falling
// part, below where it turns.
type RangeTest struct {
	Min, Max float64
	Steps    int
}

// The range test's defaults and limits.
const (
	DefaultRangeMin   = 1e-5
	DefaultRangeMax   = 10.0
	DefaultRangeSteps = 100
	// rangeStop ends the test once the recent loss is this many times the
	// lowest smoothed loss: the loss has diverged.
	rangeStop = 4
)

// Check reports a range test that cannot run.
func (r RangeTest) Check() error {
	switch {
	case !(r.Min > 0) || math.IsInf(r.Min, 0):
		return fmt.Errorf("--min: must be a finite rate above 0, got %g", r.Min)
	case !(r.Max > r.Min) || math.IsInf(r.Max, 0):
		return fmt.Errorf("--max: must be a finite rate above --min (%g), got %g", r.Min, r.Max)
	case r.Steps < 10 || r.Steps > 100_000:
		return fmt.Errorf("--steps: must be 10 to 100000, got %d", r.Steps)
	}
	return nil
}

// RangePoint is one step of a range test: the rate, the batch loss before
// the update, and the loss smoothed over its neighbours (see
// RangeResult).
type RangePoint struct {
	LR, Loss, Smooth float64
}

// RangeResult is a range test's curve and what it suggests. Smooth is an
// exponential moving average of the batch losses, corrected for its start
// (as in fast.ai's learning-rate finder), over about a tenth of the sweep:
// s_t = β·s_{t−1} + (1−β)·loss_t, shown as s_t/(1−β^(t+1)), with
// β = 1 − 10/steps.
type RangeResult struct {
	Points []RangePoint
	// Steepest is the rate at which the smoothed loss falls fastest against
	// log lr, searched where the loss has begun to fall and before its
	// lowest point; 0 when the loss fell by less than a tenth of its start,
	// or less than twice the standard deviation of the batch losses in the
	// sweep's first tenth (the sweep was too short or too narrow to show a
	// fall above the noise).
	Steepest float64
	// Lowest is the rate of the lowest smoothed loss.
	Lowest float64
	// Diverged is the rate at which the smoothed loss passed rangeStop
	// times its lowest, or the loss stopped being finite; 0 when it did not
	// up to the top of the sweep.
	Diverged float64
}

// Suggested is the rate a range test suggests: the middle, on a log
// scale, of the steepest fall and a tenth of the rate of divergence,
// √(Steepest·Diverged/10); either alone when the other is missing; 0
// when neither is known.
func (r RangeResult) Suggested() float64 {
	a, b := r.Steepest, r.Diverged/10
	switch {
	case a > 0 && b > 0:
		return math.Sqrt(a * b)
	case a > 0:
		return a
	}
	return b
}

// rangeBeta is the smoothing factor for a sweep of n steps.
func rangeBeta(n int) float64 { return 1 - 10/float64(max(n, 20)) }

// rangeState is a trainer's range test under way.
type rangeState struct {
	test   RangeTest
	points []RangePoint
	avg    float64 // the moving average, before the correction for its start
	lowest float64 // the lowest smoothed loss so far
	// diverged is the rate at which the test ended by divergence (0: not).
	diverged float64
}

// StartRangeTest turns the trainer, before its first step, into a range
// test: its schedule (and any warmup) gives way to the exponential sweep,
// the run lasts Steps steps, or less when the loss diverges, and it makes
// no evaluations. The spec's optimizer, momentum and data are kept.
func (t *Trainer) StartRangeTest(r RangeTest) error {
	if err := r.Check(); err != nil {
		return err
	}
	if t.step > 0 {
		return fmt.Errorf("range test: the run has already taken %d steps", t.step)
	}
	t.rt = &rangeState{test: r, lowest: math.Inf(1)}
	t.baseLR = r.Min
	t.sched = nn.Schedule{Kind: nn.Exponential, Gamma: math.Pow(r.Max/r.Min, 1/float64(r.Steps-1))}
	t.maxSteps = r.Steps
	t.evalEvery = math.MaxInt
	return nil
}

// rangeStep records the step just taken and tells why the test ends
// ("" while it goes on): the loss is not finite, or (after the first
// tenth of the sweep) the smoothed loss is rangeStop times its lowest.
func (t *Trainer) rangeStep() string {
	rt := t.rt
	beta := rangeBeta(rt.test.Steps)
	i := len(rt.points)
	p := RangePoint{LR: t.lr, Loss: t.loss, Smooth: math.NaN()}
	if finite(t.loss) {
		rt.avg = beta*rt.avg + (1-beta)*t.loss
		p.Smooth = rt.avg / (1 - math.Pow(beta, float64(i+1)))
	}
	rt.points = append(rt.points, p)
	switch {
	case !finite(p.Smooth):
		rt.diverged = p.LR
		return fmt.Sprintf("the loss is no longer finite at lr %.3g", p.LR)
	case p.Smooth < rt.lowest:
		rt.lowest = p.Smooth
	case i >= rt.test.Steps/10 && p.Smooth > rangeStop*rt.lowest:
		rt.diverged = p.LR
		return fmt.Sprintf("the smoothed loss passed %d× its lowest (%.4g) at lr %.3g", rangeStop, rt.lowest, p.LR)
	}
	return ""
}

// rangeEnd ends a range test when the loss has diverged or the sweep has
// reached its last rate: divergence is how the test is meant to end, so
// the run is done, not diverged.
func (t *Trainer) rangeEnd() {
	why := t.rangeStep()
	if why == "" {
		if d := t.divergence(); d != "" {
			t.rt.diverged, why = t.lr, fmt.Sprintf("%s, at lr %.3g", d, t.lr)
		}
	}
	switch {
	case why != "":
		t.status, t.reason = Done, fmt.Sprintf("range test ended at step %d: %s", t.step, why)
	case t.step >= t.maxSteps:
		t.status, t.reason = Done, fmt.Sprintf("range test done: the loss did not diverge up to lr %.3g (raise the top of the sweep to see where it does)", t.lr)
	}
}

// RangeResult is the range test's curve so far and its suggestions (nil
// when the trainer runs no range test).
func (t *Trainer) RangeResult() *RangeResult {
	if t.rt == nil {
		return nil
	}
	return rangeResult(t.rt.points, t.rt.diverged)
}

// rangeResult reads a smoothed curve.
func rangeResult(points []RangePoint, diverged float64) *RangeResult {
	r := &RangeResult{Points: append([]RangePoint(nil), points...), Diverged: diverged}
	p := r.Points
	low := -1
	for i := range p {
		if finite(p[i].Smooth) && (low < 0 || p[i].Smooth < p[low].Smooth) {
			low = i
		}
	}
	if low < 0 {
		return r
	}
	r.Lowest = p[low].LR
	// Where the loss starts: the median of the first tenth of the sweep;
	// how much it jumps from batch to batch there: the standard deviation
	// of those batch losses.
	var head, raw []float64
	for _, q := range p[:max(1, len(p)/10)] {
		if finite(q.Smooth) {
			head, raw = append(head, q.Smooth), append(raw, q.Loss)
		}
	}
	if len(head) == 0 {
		return r
	}
	slices.Sort(head)
	start := head[len(head)/2]
	drop := start - p[low].Smooth
	if drop < 0.1*start || drop < 2*SpreadOf(raw).SD {
		return r // the loss barely fell, or not beyond its noise: no steepest part to speak of
	}
	// The search begins where the loss has fallen by a tenth of its drop,
	// so that the flat, noisy start cannot win.
	first := 0
	for first < low && p[first].Smooth > start-0.1*drop {
		first++
	}
	span := max(2, len(p)/20)
	best := 0.0
	// Nor the average's first tenth, which has seen few losses.
	for i := max(len(p)/10, first-span/2); i+span <= low; i++ {
		a, b := p[i], p[i+span]
		slope := (b.Smooth - a.Smooth) / math.Log(b.LR/a.LR)
		if slope < best {
			best, r.Steepest = slope, math.Sqrt(a.LR*b.LR)
		}
	}
	return r
}
