package nn

import (
	"errors"
	"fmt"
	"math"
	"strings"
)

// OptimizerKind names an optimizer.
type OptimizerKind uint8

// The optimizers, with PyTorch's semantics (torch.optim).
const (
	SGD OptimizerKind = iota
	RMSprop
	Adagrad
	Adam
)

var optimizerNames = []string{"sgd", "rmsprop", "adagrad", "adam"}

func (k OptimizerKind) String() string {
	if int(k) < len(optimizerNames) {
		return optimizerNames[k]
	}
	return fmt.Sprintf("optimizer(%d)", k)
}

// ParseOptimizer reads an optimizer by its name (as String gives it).
func ParseOptimizer(s string) (OptimizerKind, error) {
	for i, n := range optimizerNames {
		if s == n {
			return OptimizerKind(i), nil
		}
	}
	return 0, fmt.Errorf("unknown optimizer %q (allowed: %s)", s, strings.Join(optimizerNames, ", "))
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
	// weight decay), biases included.
	WeightDecay float64
	Alpha       float64 // RMSprop smoothing constant (PyTorch default 0.99)
	Beta2       float64 // Adam's second-moment decay (default 0.999)
	Eps         float64 // denominator term (RMSprop, Adam 1e-8; Adagrad 1e-10)
}

// DefaultOptimizerConfig is PyTorch's defaults for kind.
func DefaultOptimizerConfig(kind OptimizerKind) OptimizerConfig {
	c := OptimizerConfig{Kind: kind, Alpha: 0.99, Beta2: 0.999, Eps: 1e-8}
	if kind == Adagrad {
		c.Eps = 1e-10
	}
	return c
}

// Param is one parameter tensor and its gradient, flattened.
type Param struct {
	Value, Grad []float64
	Layer       int  // which layer it belongs to
	Weight      bool // weights (true) or biases
}

// Optimizer updates parameters from their gradients. Its state (momentum
// buffers, running averages) is allocated once by NewOptimizer.
type Optimizer struct {
	cfg    OptimizerConfig
	params []Param
	buf    [][]float64 // momentum buffer / first moment / RMSprop momentum
	sq     [][]float64 // squared-gradient average or sum
	t      int         // steps taken
	// updSq[l] accumulates Σ(Δw)² of layer l's weights during a step.
	updSq []float64
}

// NewOptimizer makes an optimizer for params.
func NewOptimizer(cfg OptimizerConfig, params []Param) (*Optimizer, error) {
	switch {
	case cfg.Kind > Adam:
		return nil, fmt.Errorf("optimizer: unknown kind %d", cfg.Kind)
	case cfg.Nesterov && cfg.Kind != SGD:
		return nil, errors.New("nesterov: only sgd has it")
	case cfg.WeightDecay < 0:
		return nil, fmt.Errorf("weight_decay: must be at least 0, got %g", cfg.WeightDecay)
	case cfg.Kind != SGD && !(cfg.Eps > 0):
		return nil, fmt.Errorf("eps: must be above 0, got %g", cfg.Eps)
	}
	o := &Optimizer{cfg: cfg, params: params}
	layers := 0
	for _, p := range params {
		o.buf = append(o.buf, make([]float64, len(p.Value)))
		if cfg.Kind != SGD {
			o.sq = append(o.sq, make([]float64, len(p.Value)))
		}
		layers = max(layers, p.Layer+1)
	}
	o.updSq = make([]float64, layers)
	return o, nil
}

// Steps is how many steps the optimizer has taken.
func (o *Optimizer) Steps() int { return o.t }

// Step applies one update with learning rate lr. momentum is SGD's and
// RMSprop's momentum and Adam's beta1.
func (o *Optimizer) Step(lr, momentum float64) {
	o.t++
	clear(o.updSq)
	c := o.cfg
	var bc1, bc2 float64 // Adam's bias corrections, the same for every parameter
	if c.Kind == Adam {
		bc1 = 1 - math.Pow(momentum, float64(o.t))
		bc2 = math.Sqrt(1 - math.Pow(c.Beta2, float64(o.t)))
	}
	for i, p := range o.params {
		buf := o.buf[i]
		var sq []float64
		if o.sq != nil {
			sq = o.sq[i]
		}
		upd := 0.0
		switch c.Kind {
		case SGD:
			for j, g := range p.Grad {
				g += c.WeightDecay * p.Value[j]
				if momentum != 0 {
					if o.t == 1 {
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
				p.Value[j] -= d
				upd += d * d
			}
		case RMSprop:
			for j, g := range p.Grad {
				g += c.WeightDecay * p.Value[j]
				sq[j] = c.Alpha*sq[j] + (1-c.Alpha)*g*g
				avg := math.Sqrt(sq[j]) + c.Eps
				var d float64
				if momentum > 0 {
					buf[j] = momentum*buf[j] + g/avg
					d = lr * buf[j]
				} else {
					d = lr * g / avg
				}
				p.Value[j] -= d
				upd += d * d
			}
		case Adagrad:
			for j, g := range p.Grad {
				g += c.WeightDecay * p.Value[j]
				sq[j] += g * g
				d := lr * g / (math.Sqrt(sq[j]) + c.Eps)
				p.Value[j] -= d
				upd += d * d
			}
		case Adam:
			b1, b2 := momentum, c.Beta2
			step, inv2, wd, eps := lr/bc1, 1/bc2, c.WeightDecay, c.Eps
			grad := p.Grad
			val, buf, sq := p.Value[:len(grad)], buf[:len(grad)], sq[:len(grad)]
			consts := [8]float64{b1, 1 - b1, b2, 1 - b2, step, inv2, wd, eps}
			var j0 int
			upd, j0 = adamSIMD(val, grad, buf, sq, &consts)
			for j := j0; j < len(grad); j++ {
				g := grad[j]
				g += wd * val[j]
				m := b1*buf[j] + (1-b1)*g
				v := b2*sq[j] + (1-b2)*g*g
				buf[j], sq[j] = m, v
				d := step * m / (math.Sqrt(v)*inv2 + eps)
				val[j] -= d
				upd += d * d
			}
		}
		if p.Weight {
			o.updSq[p.Layer] += upd
		}
	}
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
	o.t = 0
	for i := range o.buf {
		clear(o.buf[i])
	}
	for i := range o.sq {
		clear(o.sq[i])
	}
}
