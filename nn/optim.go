package nn

import (
	"errors"
	"fmt"
	"math"
)

// OptimizerKind names an optimizer.
type OptimizerKind uint8

// The optimizers, with PyTorch's semantics (torch.optim).
const (
	SGD OptimizerKind = iota
	RMSprop
	Adagrad
	Adam
	AdamW // Adam with decoupled weight decay (torch.optim.AdamW)
)

var optimizerNames = []string{"sgd", "rmsprop", "adagrad", "adam", "adamw"}

func (k OptimizerKind) String() string { return nameOf(optimizerNames, int(k), "optimizer") }

// ParseOptimizer reads an optimizer by its name (as String gives it).
func ParseOptimizer(s string) (OptimizerKind, error) {
	return parseName[OptimizerKind](optimizerNames, s, "optimizer")
}

// OptimizerNames lists the names ParseOptimizer accepts.
func OptimizerNames() []string { return append([]string(nil), optimizerNames...) }

// OptimizerConfig holds an optimizer's hyper-parameters. The learning rate
// and momentum are passed to each Step, so schedules and live knobs can
// change them.
type OptimizerConfig struct {
	Kind     OptimizerKind
	Nesterov bool // SGD only; needs momentum > 0
	// WeightDecay adds WeightDecay·p to every gradient (PyTorch's coupled
	// weight decay), biases included. AdamW decouples it instead: each step
	// first shrinks every parameter, p ← p·(1 − lr·WeightDecay), then
	// takes Adam's step on the gradient alone.
	WeightDecay float64
	Alpha       float64 // RMSprop smoothing constant (PyTorch default 0.99)
	Beta2       float64 // Adam's and AdamW's second-moment decay (default 0.999)
	Eps         float64 // denominator term (RMSprop, Adam, AdamW 1e-8; Adagrad 1e-10)
	// ClipNorm, when above 0, rescales the gradients before each step so
	// that their norm over every parameter together is at most ClipNorm, as
	// torch.nn.utils.clip_grad_norm_(params, ClipNorm) does: with
	// ‖g‖ = √(Σ over all parameters of g²), every gradient is multiplied
	// by ClipNorm/(‖g‖ + 1e-6) when that is below 1.
	ClipNorm float64
}

// DefaultOptimizerConfig is PyTorch's defaults for kind (AdamW's weight
// decay 0.01).
func DefaultOptimizerConfig(kind OptimizerKind) OptimizerConfig {
	c := OptimizerConfig{Kind: kind, Alpha: 0.99, Beta2: 0.999, Eps: 1e-8}
	switch kind {
	case Adagrad:
		c.Eps = 1e-10
	case AdamW:
		c.WeightDecay = 0.01
	}
	return c
}

// clipEps is what clip_grad_norm_ adds to the norm before dividing.
const clipEps = 1e-6

// Param is one parameter tensor and its gradient, flattened: Value and Grad
// in a float64 network, Value32 and Grad32 in a float32 one. They are the
// network's own memory.
type Param struct {
	Value, Grad     []float64
	Value32, Grad32 []float32
	Layer           int  // which layer it belongs to
	Weight          bool // weights (or batch_norm's γ), not biases
}

// Len is the number of values of the parameter.
func (p Param) Len() int { return len(p.Value) + len(p.Value32) }

// Optimizer updates parameters from their gradients. Its state (momentum
// buffers, running averages) is allocated once by NewOptimizer, in the
// precision of each parameter.
type Optimizer struct {
	cfg    OptimizerConfig
	params []Param
	// Per parameter, in its precision (the other is nil): the momentum
	// buffer / first moment / RMSprop momentum, and the squared-gradient
	// average or sum (not for SGD).
	buf, sq     [][]float64
	buf32, sq32 [][]float32
	t           int // steps taken
	// updSq[l] accumulates Σ(Δw)² of layer l's weights during a step.
	updSq []float64
	// gradNorm is the norm of every gradient together before the last step
	// and clipScale what clipping multiplied them by (1: not clipped);
	// both only with ClipNorm.
	gradNorm, clipScale float64
}

// optimizerSlots is how many values of state an optimizer keeps per
// parameter value.
func optimizerSlots(k OptimizerKind) int {
	if k == SGD {
		return 1
	}
	return 2
}

// NewOptimizer makes an optimizer for params.
func NewOptimizer(cfg OptimizerConfig, params []Param) (*Optimizer, error) {
	switch {
	case cfg.Kind > AdamW:
		return nil, fmt.Errorf("optimizer: unknown kind %d", cfg.Kind)
	case cfg.Nesterov && cfg.Kind != SGD:
		return nil, errors.New("nesterov: only sgd has it")
	case cfg.WeightDecay < 0:
		return nil, fmt.Errorf("weight_decay: must be at least 0, got %g", cfg.WeightDecay)
	case cfg.Kind != SGD && !(cfg.Eps > 0):
		return nil, fmt.Errorf("eps: must be above 0, got %g", cfg.Eps)
	case !(cfg.ClipNorm >= 0) || math.IsInf(cfg.ClipNorm, 0):
		return nil, fmt.Errorf("clip_norm: must be 0 (off) or a finite number above 0, got %g", cfg.ClipNorm)
	}
	o := &Optimizer{cfg: cfg, params: params, clipScale: 1}
	n := len(params)
	o.buf, o.sq, o.buf32, o.sq32 = make([][]float64, n), make([][]float64, n), make([][]float32, n), make([][]float32, n)
	layers := 0
	for i, p := range params {
		if p.Value32 != nil {
			o.buf32[i] = make([]float32, len(p.Value32))
			if cfg.Kind != SGD {
				o.sq32[i] = make([]float32, len(p.Value32))
			}
		} else {
			o.buf[i] = make([]float64, len(p.Value))
			if cfg.Kind != SGD {
				o.sq[i] = make([]float64, len(p.Value))
			}
		}
		layers = max(layers, p.Layer+1)
	}
	o.updSq = make([]float64, layers)
	return o, nil
}

// Steps is how many steps the optimizer has taken.
func (o *Optimizer) Steps() int { return o.t }

// Step applies one update with learning rate lr. momentum is SGD's and
// RMSprop's momentum and Adam's (and AdamW's) beta1. With ClipNorm it
// clips the gradients first.
func (o *Optimizer) Step(lr, momentum float64) {
	o.t++
	clear(o.updSq)
	if o.cfg.ClipNorm > 0 {
		o.clip()
	}
	var bc1, bc2 float64 // Adam's bias corrections, the same for every parameter
	if o.cfg.Kind == Adam || o.cfg.Kind == AdamW {
		bc1 = 1 - math.Pow(momentum, float64(o.t))
		bc2 = math.Sqrt(1 - math.Pow(o.cfg.Beta2, float64(o.t)))
	}
	s := step{cfg: o.cfg, t: o.t, lr: lr, momentum: momentum, bc1: bc1, bc2: bc2}
	for i, p := range o.params {
		var upd float64
		if p.Value32 != nil {
			upd = updateParam(&s, p.Value32, p.Grad32, o.buf32[i], o.sq32[i])
		} else {
			upd = updateParam(&s, p.Value, p.Grad, o.buf[i], o.sq[i])
		}
		if p.Weight {
			o.updSq[p.Layer] += upd
		}
	}
}

// clip rescales the gradients so that their norm together is at most
// ClipNorm (clip_grad_norm_: the norm of the per-parameter norms).
func (o *Optimizer) clip() {
	sq := 0.0
	for _, p := range o.params {
		var n float64
		if p.Grad32 != nil {
			n = norm(p.Grad32)
		} else {
			n = norm(p.Grad)
		}
		sq += n * n
	}
	o.gradNorm = math.Sqrt(sq)
	o.clipScale = 1
	c := o.cfg.ClipNorm / (o.gradNorm + clipEps)
	if !(c < 1) {
		return
	}
	o.clipScale = c
	for _, p := range o.params {
		scale(p.Grad, c)
		scale(p.Grad32, c)
	}
}

func scale[T float](x []T, c float64) {
	f := T(c)
	for i := range x {
		x[i] *= f
	}
}

// Clipping is the norm of every gradient together before the last step
// and the factor clipping multiplied them by (1 when under ClipNorm). It
// is (0, 1) without ClipNorm or before the first step.
func (o *Optimizer) Clipping() (norm, scale float64) { return o.gradNorm, o.clipScale }

// step is what one optimizer step applies to every parameter.
type step struct {
	cfg                    OptimizerConfig
	t                      int
	lr, momentum, bc1, bc2 float64
}

// update applies the step to one parameter and returns Σd² of its changes.
func updateParam[T float](s *step, val, grad, buf, sq []T) float64 {
	c := s.cfg
	lr, momentum, wd := T(s.lr), T(s.momentum), T(c.WeightDecay)
	upd := 0.0
	switch c.Kind {
	case SGD:
		for j, g := range grad {
			g += wd * val[j]
			if momentum != 0 {
				if s.t == 1 {
					buf[j] = g
				} else {
					buf[j] = momentum*buf[j] + g
				}
				if c.Nesterov {
					g += momentum * buf[j]
				} else {
					g = buf[j]
				}
			}
			d := lr * g
			val[j] -= d
			upd += float64(d) * float64(d)
		}
	case RMSprop:
		alpha, eps := T(c.Alpha), T(c.Eps)
		for j, g := range grad {
			g += wd * val[j]
			sq[j] = alpha*sq[j] + T(1-c.Alpha)*g*g
			avg := T(math.Sqrt(float64(sq[j]))) + eps
			var d T
			if momentum > 0 {
				buf[j] = momentum*buf[j] + g/avg
				d = lr * buf[j]
			} else {
				d = lr * g / avg
			}
			val[j] -= d
			upd += float64(d) * float64(d)
		}
	case Adagrad:
		eps := T(c.Eps)
		for j, g := range grad {
			g += wd * val[j]
			sq[j] += g * g
			d := lr * g / (T(math.Sqrt(float64(sq[j]))) + eps)
			val[j] -= d
			upd += float64(d) * float64(d)
		}
	case Adam:
		b1, b2 := s.momentum, c.Beta2
		step, inv2 := s.lr/s.bc1, 1/s.bc2
		val, buf, sq := val[:len(grad)], buf[:len(grad)], sq[:len(grad)]
		consts := [8]float64{b1, 1 - b1, b2, 1 - b2, step, inv2, c.WeightDecay, c.Eps}
		var j0 int
		upd, j0 = adamSIMDOf(val, grad, buf, sq, &consts)
		tb1, tc1, tb2, tc2, tstep, tinv2, teps := T(b1), T(1-b1), T(b2), T(1-b2), T(step), T(inv2), T(c.Eps)
		for j := j0; j < len(grad); j++ {
			g := grad[j]
			g += wd * val[j]
			m := tb1*buf[j] + tc1*g
			v := tb2*sq[j] + tc2*g*g
			buf[j], sq[j] = m, v
			d := tstep * m / (T(math.Sqrt(float64(v)))*tinv2 + teps)
			val[j] -= d
			upd += float64(d) * float64(d)
		}
	case AdamW:
		b1, b2 := T(s.momentum), T(c.Beta2)
		c1, c2 := T(1-s.momentum), T(1-c.Beta2)
		step, inv2, eps := T(s.lr/s.bc1), T(1/s.bc2), T(c.Eps)
		decay := T(1 - s.lr*c.WeightDecay)
		for j, g := range grad {
			m := b1*buf[j] + c1*g
			v := b2*sq[j] + c2*g*g
			buf[j], sq[j] = m, v
			w := val[j]
			nw := w*decay - step*m/(T(math.Sqrt(float64(v)))*inv2+eps)
			val[j] = nw
			d := float64(w) - float64(nw)
			upd += d * d
		}
	}
	return upd
}

// UpdateNorm is ‖ΔW‖ of layer l's weights in the last step.
func (o *Optimizer) UpdateNorm(l int) float64 {
	if l < 0 || l >= len(o.updSq) {
		return 0
	}
	return math.Sqrt(o.updSq[l])
}

// Reset forgets the optimizer's state, as if newly made.
func (o *Optimizer) Reset() {
	o.t, o.gradNorm, o.clipScale = 0, 0, 1
	for i := range o.params {
		clear(o.buf[i])
		clear(o.sq[i])
		clear(o.buf32[i])
		clear(o.sq32[i])
	}
}
