package lab

import "math"

// Bucket summarises the values recorded over a run of steps.
type Bucket struct {
	Step           int // first step the bucket covers
	Min, Max, Mean float64
	N              int
}

// History keeps a loss curve of any length in a fixed number of buckets:
// when they are full, neighbours merge and each bucket covers twice as
// many steps. Memory stays bounded however long the run.
type History struct {
	width   int // steps per bucket
	max     int
	buckets []Bucket
}

// NewHistory keeps at most max buckets (rounded up to an even number).
func NewHistory(max int) *History {
	max += max % 2
	return &History{width: 1, max: max, buckets: make([]Bucket, 0, max)}
}

// Add records value v at step. Steps must not decrease. Non-finite values
// are not recorded.
func (h *History) Add(step int, v float64) {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return
	}
	start := step / h.width * h.width
	if n := len(h.buckets); n > 0 && h.buckets[n-1].Step == start {
		b := &h.buckets[n-1]
		b.Min, b.Max = math.Min(b.Min, v), math.Max(b.Max, v)
		b.Mean += (v - b.Mean) / float64(b.N+1)
		b.N++
		return
	}
	if len(h.buckets) == h.max {
		h.merge()
		h.Add(step, v)
		return
	}
	h.buckets = append(h.buckets, Bucket{Step: start, Min: v, Max: v, Mean: v, N: 1})
}

// merge doubles the bucket width, folding buckets that now share a start.
func (h *History) merge() {
	h.width *= 2
	out := h.buckets[:0]
	for _, b := range h.buckets {
		b.Step = b.Step / h.width * h.width
		if n := len(out); n > 0 && out[n-1].Step == b.Step {
			o := &out[n-1]
			o.Min, o.Max = math.Min(o.Min, b.Min), math.Max(o.Max, b.Max)
			o.Mean = (o.Mean*float64(o.N) + b.Mean*float64(b.N)) / float64(o.N+b.N)
			o.N += b.N
			continue
		}
		out = append(out, b)
	}
	h.buckets = out
}

// Width is how many steps one bucket covers now.
func (h *History) Width() int { return h.width }

// Buckets returns a copy of the buckets, oldest first.
func (h *History) Buckets() []Bucket { return append([]Bucket(nil), h.buckets...) }

// Reset empties the history.
func (h *History) Reset() { h.width, h.buckets = 1, h.buckets[:0] }

// Curves are a run's loss and accuracy history: the batch loss in buckets
// of TrainWidth steps (see History) and every evaluation, oldest first.
type Curves struct {
	Name       string
	Train      []Bucket
	TrainWidth int
	Evals      []Eval
}

// Curves copies the trainer's history under name.
func (t *Trainer) Curves(name string) Curves {
	return Curves{Name: name, Train: t.train.Buckets(), TrainWidth: t.train.Width(), Evals: append([]Eval(nil), t.evals...)}
}

// Curves is the snapshot's history under name.
func (s Snapshot) Curves(name string) Curves {
	return Curves{Name: name, Train: s.Train, TrainWidth: s.TrainWidth, Evals: s.Evals}
}
