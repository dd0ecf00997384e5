package nn

import "math"

// ScheduleKind names a learning-rate schedule.
type ScheduleKind uint8

// The schedules. t counts optimizer steps taken, from 0.
const (
	Constant    ScheduleKind = iota // lr
	StepDecay                       // lr·γ^⌊t/StepSize⌋ (PyTorch StepLR)
	Exponential                     // lr·γ^t (ExponentialLR)
	InverseTime                     // lr/(1+k·t)
	Cosine                          // lr_min + (lr−lr_min)·(1+cos(π·min(t,TMax)/TMax))/2 (CosineAnnealingLR)
)

var scheduleNames = []string{"constant", "step", "exponential", "inverse_time", "cosine"}

func (k ScheduleKind) String() string { return nameOf(scheduleNames, int(k), "schedule") }

// ParseSchedule reads a schedule by its name (as String gives it).
func ParseSchedule(s string) (ScheduleKind, error) {
	return parseName[ScheduleKind](scheduleNames, s, "schedule")
}

// ScheduleNames lists the names ParseSchedule accepts.
func ScheduleNames() []string { return append([]string(nil), scheduleNames...) }

// Schedule maps a base learning rate and a step count to the rate in force.
type Schedule struct {
	Kind     ScheduleKind
	StepSize int
	Gamma    float64
	K        float64
	TMax     int
	LRMin    float64
	// Warmup, when above 1, multiplies the rate of the kind by
	// min(1, (t+1)/Warmup): it climbs linearly from lr/Warmup at step 0 to
	// the full rate at step Warmup−1 (as PyTorch's LinearLR with
	// start_factor 1/Warmup over Warmup−1 steps, chained with the kind).
	Warmup int
}

// LR is the learning rate at step t for base rate lr.
func (s Schedule) LR(lr float64, t int) float64 {
	r := s.kindLR(lr, t)
	if s.Warmup > 1 && t+1 < s.Warmup {
		r *= float64(t+1) / float64(s.Warmup)
	}
	return r
}

// kindLR is the rate of the schedule's kind, before any warmup.
func (s Schedule) kindLR(lr float64, t int) float64 {
	switch s.Kind {
	case StepDecay:
		if s.StepSize > 0 {
			return lr * math.Pow(s.Gamma, float64(t/s.StepSize))
		}
	case Exponential:
		return lr * math.Pow(s.Gamma, float64(t))
	case InverseTime:
		return lr / (1 + s.K*float64(t))
	case Cosine:
		if s.TMax > 0 {
			tt := float64(min(t, s.TMax))
			return s.LRMin + (lr-s.LRMin)*(1+math.Cos(math.Pi*tt/float64(s.TMax)))/2
		}
	}
	return lr
}

// Ramp moves a value linearly from From to To over Steps steps, then holds
// To. With Steps 0 it is To from the start.
type Ramp struct {
	From, To float64
	Steps    int
}

// At is the ramp's value at step t.
func (r Ramp) At(t int) float64 {
	if r.Steps <= 0 || t >= r.Steps {
		return r.To
	}
	return r.From + (r.To-r.From)*float64(t)/float64(r.Steps)
}
