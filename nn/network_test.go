package nn_test

import (
	"errors"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/nnlab/nnlab/nn"
)

func TestShapesAndPlacementErrors(t *testing.T) {
	img := nn.Shape{C: 1, H: 28, W: 28}
	shapes, err := nn.Shapes(lenet(nn.Float64))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range shapes {
		got = append(got, s.String())
	}
	want := []string{"6×28×28", "6×14×14", "16×10×10", "16×5×5", "400", "120", "84", "10"}
	if !slices.Equal(got, want) {
		t.Errorf("LeNet shapes %v, want %v", got, want)
	}
	conv := func(f, k, s, p int) nn.LayerConfig {
		return nn.LayerConfig{Kind: nn.Conv2D, Filters: f, KernelH: k, KernelW: k, Stride: s, Padding: p}
	}
	out := nn.LayerConfig{Units: 10}
	for _, c := range []struct {
		in        nn.Shape
		layers    []nn.LayerConfig
		bad       int // the layer a *ShapeError names, or -1 for a plain error
		want      string
		shapesBad int // how many shapes the ShapeError carries
	}{
		{img, []nn.LayerConfig{conv(4, 3, 1, 0), out}, 1, "a dense layer needs a flat input, got 4×26×26: add a flatten layer before it", 2},
		{img, []nn.LayerConfig{conv(4, 3, 1, 0), {Kind: nn.MaxPool2D, KernelH: 2, KernelW: 2}, conv(4, 15, 1, 0), {Kind: nn.Flatten}, out}, 2,
			"kernel 15×15 is larger than its input 13×13 (with padding)", 3},
		{nn.Shape{C: 8, H: 1, W: 1}, []nn.LayerConfig{conv(4, 1, 1, 0), out}, 0, "conv2d needs an image input (C×H×W), got the vector 8", 1},
		{img, []nn.LayerConfig{{Kind: nn.BatchNorm}, {Kind: nn.Flatten}, out}, -1, "layers[0].kind: batch_norm cannot be the first or the last layer", 0},
		{img, []nn.LayerConfig{{Kind: nn.Flatten}, {Kind: nn.MaxPool2D, KernelH: 2, KernelW: 2}, out}, 1, "max_pool2d needs an image input", 2},
		{img, []nn.LayerConfig{{Kind: nn.Flatten}, {Kind: nn.Dropout, Dropout: 0.5}}, -1, "layers[1].kind: the last layer must be dense", 0},
		{img, []nn.LayerConfig{conv(0, 3, 1, 0), {Kind: nn.Flatten}, out}, -1, "layers[0].filters: must be at least 1", 0},
		{img, []nn.LayerConfig{{Kind: nn.AvgPool2D, KernelH: 2, KernelW: 2, Padding: 1}, {Kind: nn.Flatten}, out}, -1, "layers[0].padding: only conv2d layers take padding", 0},
		{img, []nn.LayerConfig{{Kind: nn.Flatten}, {Units: 5, Residual: true}, out}, -1, "layers[1].residual: needs units (5) equal to the layer's input width (784)", 0},
	} {
		_, err := nn.Shapes(nn.Config{Input: c.in, Layers: c.layers})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Shapes(%v) = %v, want an error containing %q", c.layers, err, c.want)
			continue
		}
		var se *nn.ShapeError
		switch {
		case errors.As(err, &se) != (c.bad >= 0):
			t.Errorf("%v: a *ShapeError is %v, want %v", err, se != nil, c.bad >= 0)
		case se != nil && (se.Layer != c.bad || len(se.Shapes) != c.shapesBad):
			t.Errorf("%v: layer %d with %d shapes, want layer %d with %d", err, se.Layer, len(se.Shapes), c.bad, c.shapesBad)
		}
		if _, err2 := nn.New(nn.Config{Input: c.in, Layers: c.layers}); err2 == nil || err2.Error() != err.Error() {
			t.Errorf("New gives %v, Shapes %v", err2, err)
		}
	}
}

// EstimateBytes agrees with what the allocator counts within 10%.
func TestEstimateBytesMatchesMemStats(t *testing.T) {
	adam := nn.DefaultOptimizerConfig(nn.Adam)
	mlp := nn.Config{Inputs: 784, Loss: nn.CrossEntropy, Layers: []nn.LayerConfig{
		{Units: 256, Activation: nn.ReLU, Dropout: 0.2}, {Units: 128, Activation: nn.Tanh}, {Units: 10, Activation: nn.Softmax}}}
	bn := nn.Config{Inputs: 300, Loss: nn.MSE, Layers: []nn.LayerConfig{
		{Units: 200, NoBias: true}, {Kind: nn.BatchNorm, Activation: nn.ReLU}, {Units: 3}}}
	mlp32 := mlp
	mlp32.Precision = nn.Float32
	lenetThreads := lenet(nn.Float32)
	lenetThreads.Threads = 3 // a conv layer's ∂cols per thread
	for _, c := range []struct {
		name    string
		cfg     nn.Config
		opt     nn.OptimizerConfig
		batches []int
	}{
		{"lenet64", lenet(nn.Float64), adam, []int{64, 17}},
		{"lenet32", lenet(nn.Float32), nn.DefaultOptimizerConfig(nn.SGD), []int{64}},
		{"lenet32_threads3", lenetThreads, adam, []int{64}},
		{"mlp64", mlp, adam, []int{128}},
		{"mlp32", mlp32, adam, []int{128, 256}},
		{"batchnorm", bn, nn.DefaultOptimizerConfig(nn.RMSprop), []int{100}},
	} {
		t.Run(c.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(1, 1))
			in := c.cfg.Input.Size()
			if in == 0 {
				in = c.cfg.Inputs
			}
			var batches []*nn.Batch
			for _, n := range c.batches {
				batches = append(batches, randomImages(rng, n, in, 3))
			}
			est, err := nn.EstimateBytes(c.cfg, c.opt, c.batches...)
			if err != nil {
				t.Fatal(err)
			}
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			net, err := nn.New(c.cfg)
			if err != nil {
				t.Fatal(err)
			}
			defer net.Close()
			net.SetDropoutRNG(rng)
			opt, err := nn.NewOptimizer(c.opt, net.Params())
			if err != nil {
				t.Fatal(err)
			}
			for _, b := range batches {
				net.TrainStep(b, opt, 0.01, 0.9)
			}
			runtime.ReadMemStats(&after)
			got := int64(after.TotalAlloc - before.TotalAlloc)
			t.Logf("estimated %d bytes, allocated %d", est, got)
			if r := float64(est) / float64(got); r < 0.9 || r > 1.1 {
				t.Errorf("estimated %d bytes, allocated %d (ratio %.3f)", est, got, r)
			}
		})
	}
	if _, err := nn.EstimateBytes(nn.Config{Inputs: 2}, adam, 1); err == nil {
		t.Error("EstimateBytes of a network without layers: no error")
	}
}

// A stop flag set before or during a step abandons it: the step returns
// NaN, Stopped reports it, and no parameter or running statistic moved.
func TestStopAbandonsTheStep(t *testing.T) {
	cfg := lenet(nn.Float64)
	cfg.Layers = slices.Insert(cfg.Layers, 1, nn.LayerConfig{Kind: nn.BatchNorm})
	rng := rand.New(rand.NewPCG(2, 2))
	net, opt := build(t, cfg, nn.DefaultOptimizerConfig(nn.Adam), rng)
	b := randomImages(rng, 64, 784, 10)
	var stop atomic.Bool
	net.SetStop(&stop)
	state := func() []float64 {
		var all []float64
		for i := 0; i < net.NumLayers(); i++ {
			for _, name := range []string{"weight", "bias", "running_mean", "running_var"} {
				all = append(all, net.Tensor(i, name)...)
			}
		}
		return all
	}
	if l := net.TrainStep(b, opt, 1e-3, 0.9); math.IsNaN(l) || net.Stopped() {
		t.Fatalf("a step without a stop: loss %v, stopped %v", l, net.Stopped())
	}
	stop.Store(true)
	s0 := state()
	if l := net.TrainStep(b, opt, 1e-3, 0.9); !math.IsNaN(l) || !net.Stopped() {
		t.Fatalf("a step with the flag set: loss %v, stopped %v; want NaN, true", l, net.Stopped())
	}
	if !slices.Equal(state(), s0) || opt.Steps() != 1 {
		t.Fatal("a stopped step changed the network or the optimizer")
	}
	// Set while steps run: some step is cut short, and it changed nothing.
	stop.Store(false)
	done := make(chan bool)
	go func() {
		for i := 0; i < 200 && !stop.Load(); i++ {
			runtime.Gosched()
		}
		stop.Store(true)
		done <- true
	}()
	for step := 0; ; step++ {
		s0, n0 := state(), opt.Steps()
		l := net.TrainStep(b, opt, 1e-3, 0.9)
		if !net.Stopped() {
			continue
		}
		if !math.IsNaN(l) || !slices.Equal(state(), s0) || opt.Steps() != n0 {
			t.Fatalf("step %d was stopped (loss %v) but changed the network", step, l)
		}
		break
	}
	<-done
}

// A float32 network takes X32 as it is and converts X otherwise: the same
// batch gives the same loss both ways; its tensors read back as float64
// rounded to float32.
func TestFloat32Inputs(t *testing.T) {
	cfg := lenet(nn.Float32)
	rng := rand.New(rand.NewPCG(4, 4))
	net, _ := build(t, cfg, nn.DefaultOptimizerConfig(nn.SGD), rng)
	b := randomImages(rng, 9, 784, 10)
	l64 := net.LossOf(b)
	b32 := &nn.Batch{N: b.N, Labels: b.Labels, X32: make([]float32, len(b.X))}
	for i, v := range b.X {
		b32.X32[i] = float32(v)
	}
	if l32 := net.LossOf(b32); l32 != l64 || math.IsNaN(l32) {
		t.Errorf("loss from X32 %v, from X %v", l32, l64)
	}
	w := net.Tensor(0, "weight")
	for _, v := range w {
		if float64(float32(v)) != v {
			t.Fatalf("float32 weight %v is not a float32", v)
		}
	}
	if net.Precision() != nn.Float32 || nn.GradCheck(net, b, 1e-3) != nil {
		t.Error("GradCheck of a float32 network should give nil")
	}
}

// Tensor, SetTensor, SetWeights and SetDropout refuse what a layer does
// not have, naming what it has.
func TestTensorErrors(t *testing.T) {
	net, err := nn.New(lenet(nn.Float64))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		err  error
		want string
	}{
		{net.SetTensor(1, "weight", nil), `layers[1] (max_pool2d) has no tensor "weight" (it has: none)`},
		{net.SetTensor(0, "running_mean", nil), `has no tensor "running_mean" (it has: weight, bias)`},
		{net.SetTensor(0, "bias", []float64{1}), "layers[0].bias: has 1 values, want 6"},
		{net.SetWeights(0, nil, nil), "weights[0]: layer 0 is conv2d, not dense"},
		{net.SetDropout(1, 0.5), "dropout: layer 1 (max_pool2d) takes no dropout"},
		{net.SetDropout(7, 0.5), "the output layer takes no dropout"},
	} {
		if c.err == nil || !strings.Contains(c.err.Error(), c.want) {
			t.Errorf("got %v, want %q", c.err, c.want)
		}
	}
	if net.Tensor(1, "weight") != nil || net.Grad(0, "running_var") != nil {
		t.Error("Tensor or Grad of a missing tensor is not nil")
	}
	if err := net.SetDropout(0, 0.5); err != nil {
		t.Errorf("dropout on a conv layer: %v", err)
	}
}
