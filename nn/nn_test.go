package nn

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

// The classic 2-2-2 logistic network worked by hand (inputs 0.05, 0.10;
// targets 0.01, 0.99; learning rate 0.5). Every figure below is the
// published hand computation, to the 9 digits it gives.
func TestWorkedBackpropExample(t *testing.T) {
	n, err := New(Config{Inputs: 2, Loss: HalfSSE, Layers: []LayerConfig{
		{Units: 2, Activation: Sigmoid}, {Units: 2, Activation: Sigmoid}}})
	if err != nil {
		t.Fatal(err)
	}
	must(t, n.SetWeights(0, [][]float64{{0.15, 0.20}, {0.25, 0.30}}, []float64{0.35, 0.35}))
	must(t, n.SetWeights(1, [][]float64{{0.40, 0.45}, {0.50, 0.55}}, []float64{0.60, 0.60}))
	b := &Batch{N: 1, X: []float64{0.05, 0.10}, Y: []float64{0.01, 0.99}}
	out := n.Forward(b, true)
	h := n.Activations(0, 1)
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"out_h1", h[0], 0.593269992}, {"out_h2", h[1], 0.596884378},
		{"out_o1", out[0], 0.75136507}, {"out_o2", out[1], 0.772928465},
	} {
		if !near(c.got, c.want, 5e-9) {
			t.Errorf("%s = %.10f, want %.9f", c.name, c.got, c.want)
		}
	}
	loss := n.Backward(b)
	if !near(loss, 0.298371109, 5e-10) {
		t.Errorf("E_total = %.10f, want 0.298371109", loss)
	}
	if g := n.Grad(1, "weight")[0]; !near(g, 0.082167041, 5e-10) {
		t.Errorf("dE/dw5 = %.10f, want 0.082167041", g)
	}
	o, _ := NewOptimizer(DefaultOptimizerConfig(SGD), n.Params())
	o.Step(0.5, 0)
	w0, w1 := n.Tensor(0, "weight"), n.Tensor(1, "weight")
	want := map[string][2]float64{
		"w1": {w0[0], 0.149780716}, "w2": {w0[1], 0.19956143},
		"w3": {w0[2], 0.24975114}, "w4": {w0[3], 0.29950229},
		"w5": {w1[0], 0.35891648}, "w6": {w1[1], 0.408666186},
		"w7": {w1[2], 0.511301270}, "w8": {w1[3], 0.561370121},
	}
	for name, gw := range want {
		if !near(gw[0], gw[1], 5e-9) {
			t.Errorf("%s after one step = %.10f, want %.9f", name, gw[0], gw[1])
		}
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestInitializersMatchTheirFormulas(t *testing.T) {
	const fanIn, fanOut = 300, 200
	w := make([]float64, fanIn*fanOut)
	for _, in := range []Init{{Kind: Zeros}, {Kind: Normal, Std: 0.05}, {Kind: Uniform, Limit: 0.3},
		{Kind: Xavier}, {Kind: XavierNormalized}, {Kind: XavierNormal}, {Kind: HeUniform}, {Kind: HeNormal}} {
		rng := rand.New(rand.NewPCG(9, uint64(in.Kind)))
		in.Fill(w, fanIn, fanOut, rng)
		mean, std := meanStd(w)
		want := in.Variance(fanIn, fanOut)
		// With 60,000 draws the sample variance is within ~1.5% of its
		// expectation (standard error √(2/N) for a normal, less for a
		// uniform); 5% leaves room without hiding a wrong formula.
		if in.Kind == Zeros {
			if mean != 0 || std != 0 {
				t.Errorf("zeros: mean %g std %g", mean, std)
			}
			continue
		}
		if math.Abs(mean) > 4*math.Sqrt(want/float64(len(w))) {
			t.Errorf("%s: mean %g too far from 0", in.Kind, mean)
		}
		if v := std * std; math.Abs(v/want-1) > 0.05 {
			t.Errorf("%s: variance %g, formula says %g", in.Kind, v, want)
		}
		lo, hi := w[0], w[0]
		for _, v := range w {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
		limit := map[InitKind]float64{Uniform: 0.3, Xavier: 1 / math.Sqrt(fanIn),
			XavierNormalized: math.Sqrt(6.0 / (fanIn + fanOut)), HeUniform: math.Sqrt(6.0 / fanIn)}[in.Kind]
		if limit > 0 && (lo < -limit || hi > limit || hi < 0.99*limit || lo > -0.99*limit) {
			t.Errorf("%s: range [%g, %g], want to fill [−%g, %g]", in.Kind, lo, hi, limit, limit)
		}
	}
}

// In a 20-layer, 256-wide ReLU stack He initialization keeps the scale of
// the activations while Xavier's uniform U[±1/√fan_in] (variance 1/(3n))
// lets it shrink by about √6 per layer.
func TestHeKeepsScaleXavierShrinks(t *testing.T) {
	const depth, width, batch = 20, 256, 64
	scale := func(kind InitKind) []float64 {
		cfg := Config{Inputs: width, Loss: MSE}
		for i := 0; i < depth; i++ {
			cfg.Layers = append(cfg.Layers, LayerConfig{Units: width, Activation: ReLU})
		}
		cfg.Layers = append(cfg.Layers, LayerConfig{Units: 1})
		n, err := New(cfg)
		must(t, err)
		rng := rand.New(rand.NewPCG(5, 6))
		n.Init(Init{Kind: kind}, rng)
		b := &Batch{N: batch, X: make([]float64, batch*width)}
		for i := range b.X {
			b.X[i] = rng.NormFloat64()
		}
		n.Forward(b, false)
		rms := make([]float64, depth)
		for i := range rms {
			a := n.Activations(i, batch)
			rms[i] = norm(a) / math.Sqrt(float64(len(a)))
		}
		return rms
	}
	he, xa := scale(HeNormal), scale(Xavier)
	if r := he[depth-1] / he[0]; r < 0.5 || r > 2 {
		t.Errorf("He: activation RMS went from %g to %g (ratio %g), want it kept within 2×", he[0], he[depth-1], r)
	}
	for i := 1; i < depth; i++ {
		r := xa[i] / xa[i-1]
		if r < 1/math.Sqrt(6)*0.8 || r > 1/math.Sqrt(6)*1.25 {
			t.Errorf("Xavier: layer %d RMS ratio %g, theory 1/√6 = %.3f", i, r, 1/math.Sqrt(6))
		}
	}
	if xa[depth-1] > 1e-6*xa[0] {
		t.Errorf("Xavier: RMS %g at the last layer, want it vanished below 1e-6×%g", xa[depth-1], xa[0])
	}
}

func TestDropoutKeepsExpectationAndIsIdentityInEval(t *testing.T) {
	const width, batch, p = 200, 100, 0.3
	n, err := New(Config{Inputs: width, Loss: MSE, Layers: []LayerConfig{
		{Units: width, Activation: Linear, Dropout: p}, {Units: 1}}})
	must(t, err)
	eye := make([]float64, width*width)
	for i := 0; i < width; i++ { // identity weights
		eye[i*width+i] = 1
	}
	must(t, n.SetTensor(0, "weight", eye))
	n.SetDropoutRNG(rand.New(rand.NewPCG(1, 1)))
	b := &Batch{N: batch, X: make([]float64, batch*width)}
	for i := range b.X {
		b.X[i] = 1
	}
	n.Forward(b, true)
	ws := n.e.(*net[float64]).workspace(batch)
	y := ws.bufs[0].out
	zeros, sum := 0, 0.0
	for _, v := range y {
		sum += v
		if v == 0 {
			zeros++
		} else if !near(v, 1/(1-p), 1e-12) {
			t.Fatalf("kept unit scaled to %g, want 1/(1−p) = %g", v, 1/(1-p))
		}
	}
	N := float64(len(y))
	share := float64(zeros) / N
	if math.Abs(share-p) > 4*math.Sqrt(p*(1-p)/N) {
		t.Errorf("dropped share %g, want %g", share, p)
	}
	if mean := sum / N; math.Abs(mean-1) > 4*math.Sqrt(p/(1-p)/N) {
		t.Errorf("mean activation %g, want 1 (expectation kept)", mean)
	}
	n.Forward(b, false)
	for i, v := range ws.bufs[0].out {
		if v != 1 {
			t.Fatalf("evaluation: output %d is %g, want identity 1", i, v)
		}
	}
}

func TestSameSeedSameTrajectory(t *testing.T) {
	run := func() []float64 {
		n, err := New(Config{Inputs: 2, Loss: CrossEntropy, Layers: []LayerConfig{
			{Units: 8, Activation: ReLU, Dropout: 0.2}, {Units: 8, Activation: Tanh, Residual: true}, {Units: 2, Activation: Softmax}}})
		must(t, err)
		n.Init(Init{Kind: HeNormal}, rand.New(rand.NewPCG(1, 0)))
		n.SetDropoutRNG(rand.New(rand.NewPCG(1, 1)))
		o, _ := NewOptimizer(DefaultOptimizerConfig(Adam), n.Params())
		rng := rand.New(rand.NewPCG(1, 2))
		b := randomBatch(rng, 16, 2, 2, CrossEntropy)
		var losses []float64
		for i := 0; i < 50; i++ {
			losses = append(losses, n.TrainStep(b, o, 0.01, 0.9))
		}
		return append(losses, n.Tensor(2, "weight")...)
	}
	a, b := run(), run()
	for i := range a {
		if math.Float64bits(a[i]) != math.Float64bits(b[i]) {
			t.Fatalf("value %d differs: %v vs %v", i, a[i], b[i])
		}
	}
	if a[49] >= a[0] {
		t.Errorf("loss did not fall: %g → %g", a[0], a[49])
	}
}

func TestNewRejectsBadConfigs(t *testing.T) {
	for _, c := range []struct {
		cfg  Config
		want string
	}{
		{Config{Inputs: 0, Layers: []LayerConfig{{Units: 1}}}, "inputs: must be at least 1"},
		{Config{Inputs: 2}, "need at least one layer"},
		{Config{Inputs: 2, Layers: []LayerConfig{{Units: 0}}}, "layers[0].units: must be at least 1, got 0"},
		{Config{Inputs: 2, Layers: []LayerConfig{{Units: 2, Activation: Softmax}, {Units: 2}}}, "softmax is only allowed on the output layer"},
		{Config{Inputs: 2, Layers: []LayerConfig{{Units: 3, Residual: true}, {Units: 2}}}, "layers[0].residual: needs units (3) equal to the layer's input width (2)"},
		{Config{Inputs: 2, Layers: []LayerConfig{{Units: 2, Dropout: 1}, {Units: 2}}}, "layers[0].dropout: must be in [0, 1)"},
		{Config{Inputs: 2, Layers: []LayerConfig{{Units: 2, Dropout: math.NaN()}, {Units: 2}}}, "layers[0].dropout"},
		{Config{Inputs: 2, Layers: []LayerConfig{{Units: 2, Dropout: 0.5}}}, "not the output layer"},
		{Config{Inputs: 2, Loss: CrossEntropy, Layers: []LayerConfig{{Units: 2, Activation: Sigmoid}}}, "cross_entropy needs a softmax or linear output layer"},
		{Config{Inputs: 2, Loss: BCE, Layers: []LayerConfig{{Units: 1}}}, "bce needs a sigmoid output layer"},
		{Config{Inputs: 2, Loss: Hinge, Layers: []LayerConfig{{Units: 1}}}, "hinge needs at least 2 output units"},
	} {
		_, err := New(c.cfg)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("New(%+v) = %v, want an error containing %q", c.cfg, err, c.want)
		}
	}
}

func TestSetWeightsChecksShapes(t *testing.T) {
	n, _ := New(Config{Inputs: 2, Layers: []LayerConfig{{Units: 3}}})
	for _, c := range []struct {
		w    [][]float64
		b    []float64
		want string
	}{
		{[][]float64{{1, 2}}, []float64{0, 0, 0}, "weights[0].w: has 1 rows, want 3"},
		{[][]float64{{1, 2}, {1}, {1, 2}}, []float64{0, 0, 0}, "weights[0].w[1]: has 1 values, want 2"},
		{[][]float64{{1, 2}, {1, 2}, {1, 2}}, []float64{0}, "weights[0].b: has 1 values, want 3"},
	} {
		if err := n.SetWeights(0, c.w, c.b); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("got %v, want %q", err, c.want)
		}
	}
}

func TestSchedules(t *testing.T) {
	for _, c := range []struct {
		s    Schedule
		t    int
		want float64
	}{
		{Schedule{Kind: Constant}, 99, 0.1},
		{Schedule{Kind: StepDecay, StepSize: 10, Gamma: 0.5}, 9, 0.1},
		{Schedule{Kind: StepDecay, StepSize: 10, Gamma: 0.5}, 25, 0.025},
		{Schedule{Kind: Exponential, Gamma: 0.9}, 2, 0.1 * 0.81},
		{Schedule{Kind: InverseTime, K: 0.5}, 4, 0.1 / 3},
		{Schedule{Kind: Cosine, TMax: 100, LRMin: 0.01}, 50, 0.055},
		{Schedule{Kind: Cosine, TMax: 100, LRMin: 0.01}, 100, 0.01},
		{Schedule{Kind: Cosine, TMax: 100, LRMin: 0.01}, 500, 0.01},
		// Warmup multiplies by min(1, (t+1)/warmup); 1 and 0 are none.
		{Schedule{Kind: Constant, Warmup: 4}, 0, 0.025},
		{Schedule{Kind: Constant, Warmup: 4}, 2, 0.075},
		{Schedule{Kind: Constant, Warmup: 4}, 3, 0.1},
		{Schedule{Kind: Constant, Warmup: 1}, 0, 0.1},
		{Schedule{Kind: StepDecay, StepSize: 2, Gamma: 0.5, Warmup: 5}, 2, 0.05 * 0.6},
		{Schedule{Kind: InverseTime, K: 0.5, Warmup: 10}, 4, 0.1 / 3 * 0.5},
	} {
		if got := c.s.LR(0.1, c.t); !near(got, c.want, 1e-15) {
			t.Errorf("%s at t=%d: %g, want %g", c.s.Kind, c.t, got, c.want)
		}
	}
	r := Ramp{From: 0.5, To: 0.9, Steps: 4}
	for t0, want := range []float64{0.5, 0.6, 0.7, 0.8, 0.9, 0.9} {
		if got := r.At(t0); !near(got, want, 1e-15) {
			t.Errorf("ramp at %d: %g, want %g", t0, got, want)
		}
	}
}

// Dead ReLUs and saturated sigmoids are counted as documented.
func TestStatsCountDeadAndSaturated(t *testing.T) {
	n, _ := New(Config{Inputs: 1, Loss: MSE, Layers: []LayerConfig{
		{Units: 4, Activation: ReLU}, {Units: 2, Activation: Sigmoid}, {Units: 1}}})
	// Units 0 and 1 of layer 0 see z = −x − 1 < 0 for x ≥ 0: dead.
	must(t, n.SetWeights(0, [][]float64{{-1}, {-1}, {1}, {1}}, []float64{-1, -1, 0, 0}))
	// Layer 1 unit 0 saturates (z huge), unit 1 stays near z = 0.
	must(t, n.SetWeights(1, [][]float64{{100, 100, 100, 100}, {0.1, 0.1, 0.1, 0.1}}, []float64{0, 0}))
	must(t, n.SetWeights(2, [][]float64{{1, 1}}, []float64{0}))
	b := &Batch{N: 3, X: []float64{1, 2, 3}, Y: []float64{0, 0, 0}}
	n.Forward(b, false)
	n.Backward(b)
	if d := n.Stats()[0].Dead; d != 0.5 {
		t.Errorf("dead share %g, want 0.5", d)
	}
	if s := n.Stats()[1].Saturated; s != 0.5 {
		t.Errorf("saturated share %g, want 0.5", s)
	}
	if g := n.Stats()[0].GradNorm; g != norm(n.Grad(0, "weight")) || g == 0 {
		t.Errorf("grad norm %g", g)
	}
}

// Max pooling sends a window's gradient to its first maximum, as
// PyTorch's CPU kernel does: after a ReLU whole windows tie at 0. A NaN
// takes the window over.
func TestMaxPoolRoutesToTheFirstMaximum(t *testing.T) {
	n, err := New(Config{Input: Shape{1, 2, 4}, Loss: MSE, Layers: []LayerConfig{
		{Kind: MaxPool2D, KernelH: 2, KernelW: 2}, {Kind: Flatten}, {Units: 1}}})
	must(t, err)
	must(t, n.SetWeights(2, [][]float64{{1, 1}}, []float64{0}))
	nan := math.NaN()
	b := &Batch{N: 1, X: []float64{0, 0, 1, nan, 0, 0, 3, 2}, Y: []float64{0}}
	out := n.Forward(b, false)
	if !math.IsNaN(out[0]) {
		t.Fatalf("output %v, want NaN (the NaN of the second window)", out)
	}
	e := n.e.(*net[float64])
	ws := e.workspace(1)
	if got := ws.bufs[0].arg; got[0] != 0 || got[1] != 3 {
		t.Errorf("argmax %v, want [0 3]: the first of four zeros, the NaN over the 3", got)
	}
	b.X[3] = 0
	n.Forward(b, true)
	n.Backward(b)
	dx := make([]float64, 8)
	e.layers[0].backward(&e.p, ws.bufs[0], ws.in, dx)
	for i, v := range dx {
		if (i == 0 || i == 6) != (v != 0) {
			t.Errorf("gradient %v reaches input %d: want it at inputs 0 and 6 only", dx, i)
			break
		}
	}
}

// Max pooling against a plain scan of each window, on values full of ties
// and NaNs: the unrolled 2×2 stride-2 windows and the general loop pick
// the same maxima at the same places.
func TestMaxPoolAgainstPlainLoop(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 18))
	vals := []float64{0, 0, 1, 2, -1, math.NaN(), math.Inf(-1)}
	for _, c := range []struct{ h, w, kh, kw, s int }{{8, 10, 2, 2, 2}, {7, 9, 2, 2, 2}, {9, 9, 3, 3, 2}, {5, 7, 2, 3, 1}} {
		inf := LayerInfo{LayerConfig: LayerConfig{Kind: MaxPool2D, KernelH: c.kh, KernelW: c.kw, Stride: c.s},
			In: Shape{1, c.h, c.w}, Out: Shape{1, (c.h-c.kh)/c.s + 1, (c.w-c.kw)/c.s + 1}}
		l := newPool[float64](inf)
		src := make([]float64, c.h*c.w)
		for i := range src {
			src[i] = vals[rng.IntN(len(vals))]
		}
		out := inf.Out.H * inf.Out.W
		dst, arg := make([]float64, out), make([]int32, out)
		l.maxPlane(src, dst, arg)
		for oh := 0; oh < inf.Out.H; oh++ {
			for ow := 0; ow < inf.Out.W; ow++ {
				at := -1
				for i := 0; i < c.kh; i++ {
					for j := 0; j < c.kw; j++ {
						k := (oh*c.s+i)*c.w + ow*c.s + j
						if at < 0 || src[k] > src[at] || math.IsNaN(src[k]) {
							at = k
						}
					}
				}
				o := oh*inf.Out.W + ow
				if int(arg[o]) != at || math.Float64bits(dst[o]) != math.Float64bits(src[at]) {
					t.Fatalf("%+v window (%d,%d): max %v at %d, plain scan %v at %d", c, oh, ow, dst[o], arg[o], src[at], at)
				}
			}
		}
	}
}
