package nn_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nnlab/nnlab/nn"
)

// Parity with PyTorch: every fixture in testdata/torch (made by
// make_fixtures.py with torch, float64, one thread) is replayed with package
// nn, and each step's learning rate, momentum and loss and the final weights
// and biases must agree.
//
// Agreement is relative 1e-9 with an absolute floor of 1e-12:
//
//	|a−b| ≤ max(1e-9·max(|a|, |b|), 1e-12)
//
// The floor is for values that are (close to) zero, such as a weight that an
// L1 penalty holds near 0 or a learning rate that reached lr_min 0: there the
// two libraries' rounding differs by ~1e-17, while every value compared here
// is O(1e-3..1), so any real difference in semantics is many orders larger.
const (
	parityRel = 1e-9
	parityAbs = 1e-12
)

// A float32 case (PyTorch float32 against nn float32) agrees on its losses
// to relative 1e-4: after 25 steps rounding in float32 (about 6e-8 per
// operation) has grown far above 1e-9, while a wrong formula still shows
// in the first steps at 1e-2 or more.
const parityRel32 = 1e-4

func parityClose(a, b float64) bool {
	return parityErr(a, b) <= 1
}

// parityErr is |a−b| in units of the allowed difference: ≤ 1 agrees.
func parityErr(a, b float64) float64 {
	return parityErrRel(a, b, parityRel)
}

func parityErrRel(a, b, rel float64) float64 {
	return math.Abs(a-b) / max(rel*max(math.Abs(a), math.Abs(b)), parityAbs)
}

// torchFixture is one case as make_fixtures.py writes it.
type torchFixture struct {
	Name      string `json:"name"`
	Inputs    int    `json:"inputs"`
	Input     []int  `json:"input"`     // C, H, W of an image input
	Precision string `json:"precision"` // float64 (default) or float32
	Layers    []struct {
		Kind       string `json:"kind"` // dense when empty
		Units      int    `json:"units"`
		Activation string `json:"activation"`
		Residual   bool   `json:"residual"`
		Filters    int    `json:"filters"`
		Kernel     []int  `json:"kernel"`
		Stride     int    `json:"stride"`
		Padding    int    `json:"padding"`
		Bias       *bool  `json:"bias"`
	} `json:"layers"`
	Loss      string  `json:"loss"`
	L1        float64 `json:"l1"`
	L2        float64 `json:"l2"`
	Optimizer struct {
		Kind        string  `json:"kind"`
		Momentum    float64 `json:"momentum"` // SGD's and RMSprop's momentum, Adam's beta1
		Nesterov    bool    `json:"nesterov"`
		WeightDecay float64 `json:"weight_decay"`
		Alpha       float64 `json:"alpha"`
		Beta2       float64 `json:"beta2"`
		Eps         float64 `json:"eps"`
		ClipNorm    float64 `json:"clip_norm"`
	} `json:"optimizer"`
	LR       float64 `json:"lr"`
	Schedule struct {
		Kind     string  `json:"kind"`
		StepSize int     `json:"step_size"`
		Gamma    float64 `json:"gamma"`
		K        float64 `json:"k"`
		TMax     int     `json:"t_max"`
		LRMin    float64 `json:"lr_min"`
		Warmup   int     `json:"warmup"`
	} `json:"schedule"`
	Steps        int          `json:"steps"`
	Init         torchWeights `json:"init"`
	X            [][]float64  `json:"x"`
	Labels       []int        `json:"labels"`
	Y            [][]float64  `json:"y"`
	Batches      [][]int      `json:"batches"`
	MomentumRamp *struct {
		From  float64 `json:"from"`
		To    float64 `json:"to"`
		Steps int     `json:"steps"`
	} `json:"momentum_ramp"`
	LRs      []float64    `json:"lrs"`
	Momenta  []float64    `json:"momenta"`
	Losses   []float64    `json:"losses"`
	EvalLoss *float64     `json:"eval_loss"` // after training, every sample, evaluation mode
	Final    torchWeights `json:"final"`     // not in float32 cases
}

// torchWeights are a dense case's weights and biases, or every layer's
// tensors by state_dict name (flattened).
type torchWeights struct {
	W       [][][]float64          `json:"w"` // per layer, out×in
	B       [][]float64            `json:"b"`
	Tensors []map[string][]float64 `json:"tensors"`
}

// count is how many layers the weights describe.
func (w *torchWeights) count() int { return max(len(w.W), len(w.Tensors)) }

func loadTorchFixture(path string) (*torchFixture, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var f torchFixture
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	n := len(f.X)
	switch {
	case f.Steps < 20:
		return nil, fmt.Errorf("%s: steps: %d, want at least 20", path, f.Steps)
	case len(f.Losses) != f.Steps || len(f.LRs) != f.Steps || len(f.Momenta) != f.Steps:
		return nil, fmt.Errorf("%s: losses/lrs/momenta: want %d of each", path, f.Steps)
	case f.Init.count() != len(f.Layers) || f.Precision != "float32" && f.Final.count() != len(f.Layers):
		return nil, fmt.Errorf("%s: init/final: want weights of %d layers", path, len(f.Layers))
	case f.Labels == nil && f.Y == nil, f.Labels != nil && len(f.Labels) != n, f.Y != nil && len(f.Y) != n:
		return nil, fmt.Errorf("%s: need labels or y for each of the %d samples", path, n)
	}
	return &f, nil
}

// network builds the fixture's network with its initial weights.
func (f *torchFixture) network() (*nn.Network, error) {
	loss, err := nn.ParseLoss(f.Loss)
	if err != nil {
		return nil, err
	}
	cfg := nn.Config{Inputs: f.Inputs, Loss: loss, L1: f.L1, L2: f.L2}
	if len(f.Input) == 3 {
		cfg.Input = nn.Shape{C: f.Input[0], H: f.Input[1], W: f.Input[2]}
	}
	if f.Precision != "" {
		if cfg.Precision, err = nn.ParsePrecision(f.Precision); err != nil {
			return nil, err
		}
	}
	for _, l := range f.Layers {
		lc := nn.LayerConfig{Units: l.Units, Residual: l.Residual, Filters: l.Filters, Stride: l.Stride,
			Padding: l.Padding, NoBias: l.Bias != nil && !*l.Bias}
		if l.Kind != "" {
			if lc.Kind, err = nn.ParseKind(l.Kind); err != nil {
				return nil, err
			}
		}
		if l.Activation != "" {
			if lc.Activation, err = nn.ParseActivation(l.Activation); err != nil {
				return nil, err
			}
		}
		if len(l.Kernel) == 2 {
			lc.KernelH, lc.KernelW = l.Kernel[0], l.Kernel[1]
		}
		cfg.Layers = append(cfg.Layers, lc)
	}
	net, err := nn.New(cfg)
	if err != nil {
		return nil, err
	}
	for i := range f.Layers {
		if f.Init.Tensors == nil {
			if err := net.SetWeights(i, f.Init.W[i], f.Init.B[i]); err != nil {
				return nil, err
			}
			continue
		}
		for name, v := range f.Init.Tensors[i] {
			if err := net.SetTensor(i, name, v); err != nil {
				return nil, err
			}
		}
	}
	return net, nil
}

func (f *torchFixture) optimizer(net *nn.Network) (*nn.Optimizer, error) {
	kind, err := nn.ParseOptimizer(f.Optimizer.Kind)
	if err != nil {
		return nil, err
	}
	o := f.Optimizer
	cfg := nn.OptimizerConfig{Kind: kind, Nesterov: o.Nesterov, WeightDecay: o.WeightDecay,
		Alpha: o.Alpha, Beta2: o.Beta2, Eps: o.Eps, ClipNorm: o.ClipNorm}
	return nn.NewOptimizer(cfg, net.Params())
}

func (f *torchFixture) schedule() (nn.Schedule, error) {
	kind, err := nn.ParseSchedule(f.Schedule.Kind)
	s := f.Schedule
	return nn.Schedule{Kind: kind, StepSize: s.StepSize, Gamma: s.Gamma, K: s.K, TMax: s.TMax, LRMin: s.LRMin, Warmup: s.Warmup}, err
}

// batches are the fixture's mini-batches (one full batch when it has none),
// step t using batches[t % len].
func (f *torchFixture) batches() []*nn.Batch {
	idx := f.Batches
	if idx == nil {
		all := make([]int, len(f.X))
		for i := range all {
			all[i] = i
		}
		idx = [][]int{all}
	}
	var bs []*nn.Batch
	for _, rows := range idx {
		b := &nn.Batch{N: len(rows)}
		for _, r := range rows {
			b.X = append(b.X, f.X[r]...)
			if f.Labels != nil {
				b.Labels = append(b.Labels, f.Labels[r])
			}
			if f.Y != nil {
				b.Y = append(b.Y, f.Y[r]...)
			}
		}
		bs = append(bs, b)
	}
	return bs
}

func torchFixturePaths(t *testing.T) []string {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join("testdata", "torch", "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) < 20 {
		t.Fatalf("found %d fixtures in testdata/torch, want at least 20; regenerate them (see testdata/torch/README.md)", len(paths))
	}
	return paths
}

func TestParityWithPyTorch(t *testing.T) {
	for _, path := range torchFixturePaths(t) {
		name := strings.TrimSuffix(filepath.Base(path), ".json")
		t.Run(name, func(t *testing.T) {
			f, err := loadTorchFixture(path)
			if err != nil {
				t.Fatal(err)
			}
			runParity(t, f)
		})
	}
}

func runParity(t *testing.T, f *torchFixture) {
	net, err := f.network()
	if err != nil {
		t.Fatalf("network: %v", err)
	}
	opt, err := f.optimizer(net)
	if err != nil {
		t.Fatalf("optimizer: %v", err)
	}
	sched, err := f.schedule()
	if err != nil {
		t.Fatalf("schedule: %v", err)
	}
	var ramp *nn.Ramp
	if r := f.MomentumRamp; r != nil {
		ramp = &nn.Ramp{From: r.From, To: r.To, Steps: r.Steps}
	}
	batches := f.batches()

	rel := parityRel
	if net.Precision() == nn.Float32 {
		rel = parityRel32
	}
	worst := 0.0 // the largest parityErr seen, logged for -v
	clipped := 0 // steps whose gradients clipping shrank
	// Steps: the lr and momentum in force, and the loss before the update as
	// torch printed it (data loss plus penalty). Stop at the first step that
	// disagrees: everything after it would disagree too.
	for step := 0; step < f.Steps; step++ {
		lr := sched.LR(f.LR, step)
		if !parityClose(lr, f.LRs[step]) {
			t.Fatalf("step %d: lr %.17g, torch %.17g (schedule %s)", step, lr, f.LRs[step], f.Schedule.Kind)
		}
		momentum := f.Optimizer.Momentum
		if ramp != nil {
			momentum = ramp.At(step)
		}
		if !parityClose(momentum, f.Momenta[step]) {
			t.Fatalf("step %d: momentum %.17g, torch %.17g", step, momentum, f.Momenta[step])
		}
		b := batches[step%len(batches)]
		penalty := net.Penalty()
		loss := net.TrainStep(b, opt, lr, momentum) + penalty
		if _, scale := opt.Clipping(); scale < 1 {
			clipped++
		}
		e := parityErrRel(loss, f.Losses[step], rel)
		worst = max(worst, e)
		if e > 1 {
			t.Fatalf("step %d: loss %.17g, torch %.17g (rel. diff %.3g)", step, loss, f.Losses[step],
				math.Abs(loss-f.Losses[step])/math.Abs(f.Losses[step]))
		}
	}

	// A clipping case must clip some steps and leave others, or it does
	// not test the threshold.
	if f.Optimizer.ClipNorm > 0 && (clipped == 0 || clipped == f.Steps) {
		t.Errorf("clip_norm %g clipped %d of %d steps: want some clipped and some not", f.Optimizer.ClipNorm, clipped, f.Steps)
	}
	if f.EvalLoss != nil {
		all := &nn.Batch{N: len(f.X)}
		for r, x := range f.X {
			all.X = append(all.X, x...)
			if f.Labels != nil {
				all.Labels = append(all.Labels, f.Labels[r])
			}
			if f.Y != nil {
				all.Y = append(all.Y, f.Y[r]...)
			}
		}
		got := net.LossOf(all)
		if e := parityErrRel(got, *f.EvalLoss, rel); e > 1 {
			t.Errorf("loss in evaluation mode after training %.17g, torch %.17g", got, *f.EvalLoss)
		}
	}
	if net.Precision() == nn.Float32 {
		t.Logf("%d steps; largest difference %.2g of the tolerance", f.Steps, worst)
		return
	}

	// Final parameters.
	bad, moved := 0, 0
	report := func(format string, args ...any) {
		if bad++; bad <= 5 {
			t.Errorf(format, args...)
		}
	}
	for i, want := range f.Final.Tensors {
		for name, vals := range want {
			got := net.Tensor(i, name)
			if len(got) != len(vals) {
				report("layer %d: %s has %d values, torch %d", i, name, len(got), len(vals))
				continue
			}
			for j, v := range vals {
				worst = max(worst, parityErr(got[j], v))
				if !parityClose(got[j], v) {
					report("layer %d: %s[%d] = %.17g, torch %.17g", i, name, j, got[j], v)
				}
				if got[j] != f.Init.Tensors[i][name][j] {
					moved++
				}
			}
		}
	}
	for i := range f.Final.W {
		l := net.Layer(i)
		w, b := net.Tensor(i, "weight"), net.Tensor(i, "bias")
		for r := 0; r < l.Out.C; r++ {
			for c := 0; c < l.In.C; c++ {
				got, want := w[r*l.In.C+c], f.Final.W[i][r][c]
				worst = max(worst, parityErr(got, want))
				if !parityClose(got, want) {
					report("layer %d: w[%d][%d] = %.17g, torch %.17g", i, r, c, got, want)
				}
				if got != f.Init.W[i][r][c] {
					moved++
				}
			}
			got, want := b[r], f.Final.B[i][r]
			worst = max(worst, parityErr(got, want))
			if !parityClose(got, want) {
				report("layer %d: b[%d] = %.17g, torch %.17g", i, r, got, want)
			}
		}
	}
	if bad > 5 {
		t.Errorf("... and %d more parameters differ", bad-5)
	}
	t.Logf("%d steps; largest difference %.2g of the tolerance", f.Steps, worst)
	if moved == 0 {
		t.Error("no weight moved from its initial value: the case tests nothing")
	}
}

// TestParityFixturesCoverEverything guards the fixture set itself: every
// optimizer, loss, hidden activation and schedule of the package, and the
// options the issue names, must occur in some case.
func TestParityFixturesCoverEverything(t *testing.T) {
	seen := map[string]bool{}
	for _, path := range torchFixturePaths(t) {
		f, err := loadTorchFixture(path)
		if err != nil {
			t.Fatal(err)
		}
		o := f.Optimizer
		seen["optimizer "+o.Kind] = true
		seen["loss "+f.Loss] = true
		seen["schedule "+f.Schedule.Kind] = true
		if f.Schedule.Warmup > 1 {
			seen["warmup "+f.Schedule.Kind] = true
		}
		if o.ClipNorm > 0 {
			seen["clip_norm "+o.Kind] = true
		}
		optTag := o.Kind
		if o.Kind == "sgd" && o.Momentum > 0 {
			optTag = "sgd momentum"
		}
		if f.EvalLoss != nil {
			seen["eval loss"] = true
		}
		for i, l := range f.Layers {
			if l.Kind != "" && l.Kind != "dense" {
				seen[l.Kind+" with "+optTag] = true
				if f.Precision == "float32" {
					seen["float32 "+l.Kind] = true
				}
			}
			switch {
			case l.Kind == "conv2d" && l.Stride > 1:
				seen["conv2d stride"] = true
			case l.Kind == "conv2d" && l.Padding > 0:
				seen["conv2d padding"] = true
			case l.Kind == "batch_norm" && f.Layers[i-1].Kind == "dense":
				seen["batch_norm after dense"] = true
			case l.Kind == "batch_norm" && f.Layers[i-1].Kind == "conv2d":
				seen["batch_norm after conv2d"] = true
			}
			if len(l.Kernel) == 2 && l.Kernel[0] != l.Kernel[1] {
				seen["rectangular kernel"] = true
			}
			if l.Kind == "conv2d" && i+4 < len(f.Layers) && f.Layers[i+2].Kind == "conv2d" {
				seen["lenet"] = true
			}
			if i < len(f.Layers)-1 {
				seen["hidden "+l.Activation] = true
			} else {
				seen["output "+l.Activation] = true
				if l.Activation == "softmax" && l.Units == 2 {
					seen["two-class softmax"] = true
				}
				if l.Units == 1 {
					seen["one output"] = true
				}
			}
			if l.Units > 8 && l.Units%4 != 0 {
				seen["wide layer"] = true // a block of 8 columns and a remainder
			}
			if l.Residual {
				seen["residual"] = true
			}
		}
		if f.L1 > 0 {
			seen["l1"] = true
		}
		if f.L2 > 0 {
			seen["l2"] = true
		}
		if f.Batches != nil {
			seen["mini-batches"] = true
		}
		if f.MomentumRamp != nil && o.Kind == "adam" {
			seen["adam beta1 ramp"] = true
		}
		switch {
		case o.Kind == "sgd" && o.Nesterov:
			seen["sgd nesterov"] = true
		case o.Kind == "sgd" && o.Momentum > 0 && o.WeightDecay > 0:
			seen["sgd momentum+weight_decay"] = true
		case o.Kind == "sgd" && o.Momentum > 0:
			seen["sgd momentum"] = true
		case o.Kind == "sgd" && o.WeightDecay > 0:
			seen["sgd weight_decay"] = true
		case o.Kind == "rmsprop" && o.Momentum > 0:
			seen["rmsprop momentum"] = true
		case o.Kind == "adam" && (o.Momentum != 0.9 || o.Beta2 != 0.999):
			seen["adam betas"] = true
		case o.Kind == "adamw" && (o.Momentum != 0.9 || o.Beta2 != 0.999) && o.WeightDecay != 0.01:
			seen["adamw options"] = true
		}
		if o.Kind == "adamw" && f.Precision == "float32" {
			seen["float32 adamw"] = true
		}
		if o.Kind != "sgd" && o.Kind != "adamw" && o.WeightDecay > 0 {
			seen[o.Kind+" weight_decay"] = true
		}
		defaults := o.Momentum == 0
		wd := o.WeightDecay == 0
		if o.Kind == "adam" || o.Kind == "adamw" {
			defaults = o.Momentum == 0.9 && o.Beta2 == 0.999 && o.Eps == 1e-8 && f.MomentumRamp == nil
		}
		if o.Kind == "adamw" {
			wd = o.WeightDecay == 0.01 // its default
		}
		if defaults && wd && o.ClipNorm == 0 && f.Schedule.Warmup == 0 && f.L1 == 0 && f.L2 == 0 && !o.Nesterov {
			seen[o.Kind+" plain"] = true
		}
	}
	var want []string
	for _, name := range nn.OptimizerNames() {
		want = append(want, "optimizer "+name)
	}
	for _, name := range nn.LossNames() {
		want = append(want, "loss "+name)
	}
	for _, name := range nn.ScheduleNames() {
		want = append(want, "schedule "+name, "warmup "+name)
	}
	for _, name := range nn.ActivationNames() {
		if name != "softmax" {
			want = append(want, "hidden "+name)
		}
	}
	for _, k := range nn.KindNames() {
		if k != "dense" && k != "dropout" { // dropout draws from another generator than torch's
			want = append(want, k+" with sgd momentum", k+" with adam")
		}
	}
	want = append(want, "conv2d stride", "conv2d padding", "rectangular kernel", "batch_norm after dense",
		"batch_norm after conv2d", "lenet", "eval loss", "float32 conv2d", "float32 batch_norm", "float32 max_pool2d")
	want = append(want, "output linear", "output sigmoid", "output tanh", "output softmax",
		"residual", "l1", "l2", "mini-batches", "adam beta1 ramp",
		"two-class softmax", "one output", "wide layer",
		"sgd plain", "sgd momentum", "sgd nesterov", "sgd weight_decay", "sgd momentum+weight_decay",
		"rmsprop plain", "rmsprop momentum", "rmsprop weight_decay",
		"adagrad plain", "adagrad weight_decay", "adam plain", "adam weight_decay", "adam betas",
		"adamw plain", "adamw options", "float32 adamw", "clip_norm sgd", "clip_norm adam")
	for _, w := range want {
		if !seen[w] {
			t.Errorf("no fixture covers %s", w)
		}
	}
}

// TestParityCrossEntropySoftmaxVsLinear: a softmax output layer computes
// cross-entropy from the probabilities it already has (one logarithm per
// batch, the product of p_y rescaled by powers of two, rows with tiny p_y
// through log-sum-exp of the logits); a linear output layer computes it from
// the logits. With the same weights the two must agree, in loss and in
// gradients, on batches large and confident enough to reach every branch.
func TestParityCrossEntropySoftmaxVsLinear(t *testing.T) {
	for _, c := range []struct {
		name    string
		classes int
		scale   float64 // of the weights: large scales make huge logits
		minLoss float64 // the mean loss must exceed this for the case to reach its branch
	}{
		{"two classes", 2, 1, 0},
		{"ten classes, product rescaled", 10, 1, 1.8}, // Π p_y < 2⁻⁵⁰⁰ when the mean loss > 500·ln2/200
		{"ten classes, p_y underflows", 10, 400, 300},
	} {
		t.Run(c.name, func(t *testing.T) {
			mk := func(out nn.Activation) *nn.Network {
				n, err := nn.New(nn.Config{Inputs: 3, Loss: nn.CrossEntropy, Layers: []nn.LayerConfig{
					{Units: 9, Activation: nn.Tanh}, {Units: c.classes, Activation: out}}})
				if err != nil {
					t.Fatal(err)
				}
				return n
			}
			soft, lin := mk(nn.Softmax), mk(nn.Linear)
			rng := rand.New(rand.NewPCG(21, uint64(c.classes)))
			soft.Init(nn.Init{Kind: nn.XavierNormal}, rng)
			for i := 0; i < soft.NumLayers(); i++ {
				w := soft.Tensor(i, "weight")
				for j := range w {
					w[j] *= c.scale
				}
				if err := soft.SetTensor(i, "weight", w); err != nil {
					t.Fatal(err)
				}
			}
			if err := lin.CopyWeightsFrom(soft); err != nil {
				t.Fatal(err)
			}
			b := &nn.Batch{N: 200, X: make([]float64, 600), Labels: make([]int, 200)}
			for i := range b.X {
				b.X[i] = rng.NormFloat64()
			}
			for i := range b.Labels {
				b.Labels[i] = rng.IntN(c.classes)
			}
			ls, ll := soft.LossOf(b), lin.LossOf(b)
			if ls <= c.minLoss {
				t.Fatalf("mean loss %g, want above %g to reach the branch under test", ls, c.minLoss)
			}
			if math.Abs(ls-ll) > 1e-12*ll {
				t.Errorf("loss: softmax output %.17g, linear output %.17g", ls, ll)
			}
			for _, n := range []*nn.Network{soft, lin} {
				n.Forward(b, true)
				n.Backward(b)
			}
			for i := 0; i < soft.NumLayers(); i++ {
				gs := append(soft.Grad(i, "weight"), soft.Grad(i, "bias")...)
				gl := append(lin.Grad(i, "weight"), lin.Grad(i, "bias")...)
				for j := range gs {
					if math.Abs(gs[j]-gl[j]) > 1e-12*max(math.Abs(gl[j]), 1e-3) {
						t.Fatalf("layer %d: gradient %d: softmax output %.17g, linear output %.17g", i, j, gs[j], gl[j])
					}
				}
			}
		})
	}
}
