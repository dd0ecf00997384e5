package lab

import (
	"fmt"
	"math/rand/v2"

	"github.com/nnlab/nnlab/lab/data"
	"github.com/nnlab/nnlab/lab/spec"
	"github.com/nnlab/nnlab/nn"
)

// Random streams of one run, all seeded by Spec.Seed.
const (
	streamInit uint64 = iota + 1
	streamOrder
	streamDropout
)

// LoadData loads or generates the data set a (defaulted) spec names, with
// its validation split. dataDir, when not empty, is where Fashion-MNIST is
// looked for first.
func LoadData(s *spec.Spec, dataDir string) (*data.Set, error) {
	set, err := loadSplits(s, dataDir)
	if err != nil {
		return nil, err
	}
	if s.Data.Set == "inline" {
		err = set.ValidationRows(s.Data.ValidationInputs, s.Data.ValidationTargets)
	} else {
		err = HoldOut(s, set)
	}
	if err != nil {
		return nil, err
	}
	return set, nil
}

// HoldOut moves the spec's data.validation share of set's training samples
// into its validation split (see data.Set.HoldOut): for a set loaded
// without LoadData.
func HoldOut(s *spec.Spec, set *data.Set) error {
	return set.HoldOut(spec.ValidationSamples(set.Train.N, s.Data.Validation))
}

// loadSplits loads or generates the training and test splits.
func loadSplits(s *spec.Spec, dataDir string) (*data.Set, error) {
	d := s.Data
	switch d.Set {
	case "fashion":
		dir := d.Dir
		if dir == "" {
			dir = dataDir
		}
		o := data.FashionOptions{}
		if d.N > 0 {
			o.Test = fashionTest(d.N)
			o.Train = d.N - o.Test
		}
		return data.LoadFashion(dir, o)
	case "inline":
		return data.FromRows(d.Inputs, d.Targets, d.TestInputs, d.TestTargets, s.UsesLabels())
	}
	o := data.Options{N: d.N, Features: d.Features, Seed: s.Seed}
	if d.Noise != nil {
		o.Noise = *d.Noise
	}
	if d.Test != nil {
		o.Test = *d.Test
		if o.Test == 0 {
			o.Test = -1 // hold nothing out (data.Options reads 0 as the default)
		}
	}
	return data.Generate(d.Set, o)
}

// BuildNetwork makes the spec's network for the data set and sets its
// starting weights: the explicit ones, or drawn by the initializer from the
// spec's seed. threads (0 or 1: none) is nn.Config.Threads: a network with
// more must be closed.
func BuildNetwork(s *spec.Spec, set *data.Set, threads int) (*nn.Network, error) {
	cfg, err := NetConfig(s, set)
	if err != nil {
		return nil, err
	}
	cfg.Threads = threads
	net, err := nn.New(cfg)
	if err != nil {
		return nil, fmt.Errorf("model.%v", err)
	}
	if err := startWeights(net, s); err != nil {
		net.Close()
		return nil, err
	}
	net.SetDropoutRNG(rand.New(rand.NewPCG(s.Seed, streamDropout)))
	return net, nil
}

// startWeights sets the network's starting weights from the spec.
func startWeights(net *nn.Network, s *spec.Spec) error {
	if len(s.Model.Weights) == 0 {
		kind, err := nn.ParseInit(s.Model.Init)
		if err != nil {
			return fmt.Errorf("model.init: %v", err)
		}
		net.Init(nn.Init{Kind: kind, Std: s.Model.InitStd, Limit: s.Model.InitLimit, Bias: s.Model.Bias},
			rand.New(rand.NewPCG(s.Seed, streamInit)))
		return nil
	}
	for i, w := range s.Model.Weights {
		b := w.B
		if len(b) == 0 && !net.Layer(i).NoBias { // left out: every bias starts at model.bias
			b = make([]float64, net.Layer(i).Out.C)
			for j := range b {
				b[j] = s.Model.Bias
			}
		}
		if err := net.SetWeights(i, w.W, b); err != nil {
			return fmt.Errorf("model.%v", err)
		}
	}
	return nil
}

// NetConfig is nn's description of a (defaulted) spec's network on the
// data set: its input shape, its layers and its loss.
func NetConfig(s *spec.Spec, set *data.Set) (nn.Config, error) {
	if in := s.InputShape(); in.Size() != set.Inputs {
		return nn.Config{}, fmt.Errorf("model.input: %v holds %d values per sample, but the data have %d", in, in.Size(), set.Inputs)
	}
	return specConfig(s)
}

// specConfig is NetConfig for the data the spec describes (its input
// shape), before they are loaded.
func specConfig(s *spec.Spec) (nn.Config, error) {
	loss, err := nn.ParseLoss(s.Loss)
	if err != nil {
		return nn.Config{}, fmt.Errorf("loss: %v", err)
	}
	cfg := nn.Config{Input: nn.Shape(s.InputShape()), Loss: loss, L1: s.Regularization.L1, L2: s.Regularization.L2}
	if s.Precision != "" {
		if cfg.Precision, err = nn.ParsePrecision(s.Precision); err != nil {
			return nn.Config{}, fmt.Errorf("precision: %v", err)
		}
	}
	for i, l := range s.Model.Layers {
		lc, err := layerConfig(l)
		if err != nil {
			return nn.Config{}, fmt.Errorf("model.layers[%d].%v", i, err)
		}
		cfg.Layers = append(cfg.Layers, lc)
	}
	return cfg, nil
}

// layerConfig is nn's description of one layer of a defaulted spec.
func layerConfig(l spec.LayerSpec) (nn.LayerConfig, error) {
	kind, err := nn.ParseKind(spec.KindOf(l))
	if err != nil {
		return nn.LayerConfig{}, fmt.Errorf("kind: %v", err)
	}
	lc := nn.LayerConfig{Kind: kind, Units: l.Units, Residual: l.Residual, Dropout: l.Dropout, Filters: l.Filters,
		Stride: l.Stride, Padding: l.Padding, NoBias: l.Bias != nil && !*l.Bias, Momentum: l.Momentum, Eps: l.Eps}
	if l.Activation != "" {
		if lc.Activation, err = nn.ParseActivation(l.Activation); err != nil {
			return nn.LayerConfig{}, fmt.Errorf("activation: %v", err)
		}
	}
	switch len(l.Kernel) {
	case 1:
		lc.KernelH, lc.KernelW = l.Kernel[0], l.Kernel[0]
	case 2:
		lc.KernelH, lc.KernelW = l.Kernel[0], l.Kernel[1]
	}
	if kind == nn.Dropout && l.Rate != nil {
		lc.Dropout = *l.Rate
	}
	return lc, nil
}

// optimizerOf reads the spec's optimizer: its config, base learning rate
// and momentum (Adam's and AdamW's beta1).
func optimizerOf(s *spec.Spec) (nn.OptimizerConfig, float64, float64, error) {
	o := s.Optimizer
	kind, err := nn.ParseOptimizer(o.Name)
	if err != nil {
		return nn.OptimizerConfig{}, 0, 0, fmt.Errorf("optimizer.name: %v", err)
	}
	c := nn.DefaultOptimizerConfig(kind)
	c.Nesterov, c.ClipNorm = o.Nesterov, o.ClipNorm
	if o.WeightDecay != nil {
		c.WeightDecay = *o.WeightDecay
	}
	if o.Alpha != nil {
		c.Alpha = *o.Alpha
	}
	if o.Beta2 != nil {
		c.Beta2 = *o.Beta2
	}
	if o.Eps != nil {
		c.Eps = *o.Eps
	}
	lr := 0.1
	if o.LR != nil {
		lr = *o.LR
	}
	mu := o.Momentum
	if kind == nn.Adam || kind == nn.AdamW {
		mu = 0.9
		if o.Beta1 != nil {
			mu = *o.Beta1
		}
	}
	return c, lr, mu, nil
}

// scheduleOf reads the spec's learning-rate schedule and momentum ramp.
func scheduleOf(s *spec.Spec) (nn.Schedule, *nn.Ramp, error) {
	sc := s.Schedule
	kind := nn.Constant
	if sc.Kind != "" {
		k, err := nn.ParseSchedule(sc.Kind)
		if err != nil {
			return nn.Schedule{}, nil, fmt.Errorf("schedule.kind: %v", err)
		}
		kind = k
	}
	out := nn.Schedule{Kind: kind, StepSize: sc.StepSize, Gamma: sc.Gamma, K: sc.K, TMax: sc.TMax, LRMin: sc.LRMin, Warmup: sc.Warmup}
	if sc.Momentum == nil {
		return out, nil, nil
	}
	return out, &nn.Ramp{From: sc.Momentum.From, To: sc.Momentum.To, Steps: sc.Momentum.Steps}, nil
}
