package nn_test

import (
	"compress/gzip"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/nnlab/nnlab/nn"
)

// stepShape is one training step benchmarked by BenchmarkStep and
// bench/torch_step.py: ReLU hidden layers, a softmax output with
// cross-entropy, He-normal weights, Adam, on real data (see batch).
type stepShape struct {
	sizes []int // inputs, hidden..., outputs
	batch int
}

var stepShapes = []stepShape{
	{[]int{2, 8, 8, 2}, 200},
	{[]int{2, 16, 16, 16, 2}, 32},
	{[]int{64, 128, 64, 10}, 64},
	{[]int{784, 256, 128, 10}, 128},
}

// name is how the shape appears in benchmark names: 2-8-8-2_b200.
func (s stepShape) name() string {
	parts := make([]string, len(s.sizes))
	for i, v := range s.sizes {
		parts[i] = strconv.Itoa(v)
	}
	return fmt.Sprintf("%s_b%d", strings.Join(parts, "-"), s.batch)
}

// setup builds the network in precision p, its Adam optimizer and one
// batch of real data.
func (s stepShape) setup(tb testing.TB, p nn.Precision) (*nn.Network, *nn.Optimizer, *nn.Batch) {
	tb.Helper()
	b := s.data(tb)
	rng := rand.New(rand.NewPCG(1, 2))
	cfg := nn.Config{Inputs: s.sizes[0], Loss: nn.CrossEntropy, Precision: p}
	for i, units := range s.sizes[1:] {
		act := nn.ReLU
		if i == len(s.sizes)-2 {
			act = nn.Softmax
		}
		cfg.Layers = append(cfg.Layers, nn.LayerConfig{Units: units, Activation: act})
	}
	net, err := nn.New(cfg)
	if err != nil {
		tb.Fatal(err)
	}
	net.Init(nn.Init{Kind: nn.HeNormal}, rng)
	opt, err := nn.NewOptimizer(nn.DefaultOptimizerConfig(nn.Adam), net.Params())
	if err != nil {
		tb.Fatal(err)
	}
	if p == nn.Float32 {
		b.X32 = make([]float32, len(b.X))
		for i, v := range b.X {
			b.X32[i] = float32(v)
		}
	}
	return net, opt, b
}

// data is the shape's batch, the same as bench/torch_step.py builds: for
// 2 inputs, points of the circle set (class 0 in the disc of radius 0.5,
// class 1 in the ring 0.7..1) placed by a golden-ratio sequence; for 784,
// the first Fashion-MNIST training images scaled to [0, 1]; for 64, the
// same images shrunk to 8×8 (the means of the 3×3 blocks of their central
// 24×24). Labels are the points' classes or the images' labels.
func (s stepShape) data(tb testing.TB) *nn.Batch {
	in, n := s.sizes[0], s.batch
	b := &nn.Batch{N: n, X: make([]float64, n*in), Labels: make([]int, n)}
	if in == 2 {
		for i := range n {
			c := i % 2
			u := math.Mod(float64(i+1)*0.6180339887498949, 1)
			v := math.Mod(float64(i+1)*0.7548776662466927, 1)
			r := 0.5 * math.Sqrt(u)
			if c == 1 {
				r = math.Sqrt(0.49 + 0.51*u)
			}
			b.X[2*i], b.X[2*i+1] = r*math.Cos(2*math.Pi*v), r*math.Sin(2*math.Pi*v)
			b.Labels[i] = c
		}
		return b
	}
	pix, lab := fashionData(tb)
	for i := range n {
		img := pix[i*784 : i*784+784]
		b.Labels[i] = int(lab[i])
		if in == 784 {
			for j, p := range img {
				b.X[i*784+j] = float64(p) / 255
			}
			continue
		}
		for by := range 8 {
			for bx := range 8 {
				sum := 0
				for y := 2 + 3*by; y < 5+3*by; y++ {
					for x := 2 + 3*bx; x < 5+3*bx; x++ {
						sum += int(img[y*28+x])
					}
				}
				b.X[i*64+by*8+bx] = float64(sum) / 9 / 255
			}
		}
	}
	return b
}

// BenchmarkStep times one training step (forward, backward, Adam update)
// on one thread, in both precisions. bench/run.sh compares it with the
// same step in PyTorch.
func BenchmarkStep(b *testing.B) {
	for _, s := range stepShapes {
		for _, p := range []nn.Precision{nn.Float64, nn.Float32} {
			b.Run(s.name()+"/"+p.String(), func(b *testing.B) {
				net, opt, batch := s.setup(b, p)
				net.TrainStep(batch, opt, 1e-3, 0.9) // first use allocates the workspace
				b.ReportAllocs()
				b.ResetTimer()
				for b.Loop() {
					net.TrainStep(batch, opt, 1e-3, 0.9)
				}
			})
		}
	}
}

// TestStepAllocatesNothing: after its first step with a batch size, a
// training step allocates nothing: the dense shapes, and a network of
// every kind (conv2d, batch_norm, both pools, dropout) in both precisions.
func TestStepAllocatesNothing(t *testing.T) {
	check := func(t *testing.T, net *nn.Network, opt *nn.Optimizer, batch *nn.Batch) {
		net.TrainStep(batch, opt, 1e-3, 0.9)
		runs := 10
		if testing.Short() {
			runs = 2
		}
		allocs := testing.AllocsPerRun(runs, func() {
			net.TrainStep(batch, opt, 1e-3, 0.9)
		})
		if allocs != 0 {
			t.Errorf("%v allocations per step, want 0", allocs)
		}
	}
	for _, s := range stepShapes {
		for _, p := range []nn.Precision{nn.Float64, nn.Float32} {
			t.Run(s.name()+"_"+p.String(), func(t *testing.T) {
				net, opt, batch := s.setup(t, p)
				check(t, net, opt, batch)
			})
		}
	}
	for _, p := range []nn.Precision{nn.Float64, nn.Float32} {
		for _, threads := range []int{1, 2} {
			t.Run(fmt.Sprintf("every_kind_%s_threads%d", p, threads), func(t *testing.T) {
				everyKind(t, p, threads, check)
			})
		}
		// Every optimizer, with clipping that shrinks the gradients.
		for _, name := range nn.OptimizerNames() {
			t.Run(fmt.Sprintf("%s_clipped_%s", name, p), func(t *testing.T) {
				kind, _ := nn.ParseOptimizer(name)
				oc := nn.DefaultOptimizerConfig(kind)
				oc.ClipNorm = 1e-3
				rng := rand.New(rand.NewPCG(7, 8))
				cfg := nn.Config{Inputs: 6, Loss: nn.CrossEntropy, Precision: p, Layers: []nn.LayerConfig{
					{Units: 9, Activation: nn.Tanh}, {Units: 3, Activation: nn.Softmax}}}
				net, opt := build(t, cfg, oc, rng)
				defer net.Close()
				check(t, net, opt, randomImages(rng, 13, 6, 3))
				if _, scale := opt.Clipping(); !(scale < 1) {
					t.Errorf("clip_norm %g did not clip (scale %g): the case does not reach the clipping", oc.ClipNorm, scale)
				}
			})
		}
	}
}

// everyKind runs check on a network of every kind (conv2d, batch_norm,
// both pools, dropout) whose products are large enough to be split over
// its threads.
func everyKind(t *testing.T, p nn.Precision, threads int, check func(*testing.T, *nn.Network, *nn.Optimizer, *nn.Batch)) {
	cfg := nn.Config{Input: nn.Shape{C: 1, H: 12, W: 12}, Loss: nn.CrossEntropy, Precision: p, Threads: threads, Layers: []nn.LayerConfig{
		{Kind: nn.Conv2D, Filters: 4, KernelH: 3, KernelW: 3, Padding: 1, NoBias: true},
		{Kind: nn.BatchNorm, Activation: nn.ReLU},
		{Kind: nn.MaxPool2D, KernelH: 2, KernelW: 2},
		{Kind: nn.Conv2D, Filters: 6, KernelH: 3, KernelW: 3, Activation: nn.Tanh, Dropout: 0.1},
		{Kind: nn.AvgPool2D, KernelH: 2, KernelW: 2},
		{Kind: nn.Flatten},
		{Kind: nn.Dropout, Dropout: 0.2},
		{Units: 16, Activation: nn.ReLU, Dropout: 0.1},
		{Kind: nn.BatchNorm},
		{Units: 10, Activation: nn.Softmax},
	}}
	rng := rand.New(rand.NewPCG(3, 4))
	net, opt := build(t, cfg, nn.DefaultOptimizerConfig(nn.Adam), rng)
	defer net.Close()
	check(t, net, opt, randomImages(rng, 67, cfg.Input.C*cfg.Input.H*cfg.Input.W, 10))
}

// build makes the network of cfg with He-normal weights, a dropout
// generator and an optimizer.
func build(tb testing.TB, cfg nn.Config, oc nn.OptimizerConfig, rng *rand.Rand) (*nn.Network, *nn.Optimizer) {
	tb.Helper()
	net, err := nn.New(cfg)
	if err != nil {
		tb.Fatal(err)
	}
	net.Init(nn.Init{Kind: nn.HeNormal}, rng)
	net.SetDropoutRNG(rand.New(rand.NewPCG(5, 6)))
	opt, err := nn.NewOptimizer(oc, net.Params())
	if err != nil {
		tb.Fatal(err)
	}
	return net, opt
}

// randomImages is n samples of size values in [0, 1) with labels below
// classes.
func randomImages(rng *rand.Rand, n, size, classes int) *nn.Batch {
	b := &nn.Batch{N: n, X: make([]float64, n*size), Labels: make([]int, n)}
	for i := range b.X {
		b.X[i] = rng.Float64()
	}
	for i := range b.Labels {
		b.Labels[i] = rng.IntN(classes)
	}
	return b
}

// lenet is the LeNet-style network of lab/testdata/fashion-lenet.yaml
// (and bench/torch_epoch.py): conv 5×5 6 filters padding 2, relu, max
// pool 2, conv 5×5 16, relu, max pool 2, flatten, dense 120, 84, 10.
func lenet(p nn.Precision) nn.Config {
	return nn.Config{Input: nn.Shape{C: 1, H: 28, W: 28}, Loss: nn.CrossEntropy, Precision: p, Layers: []nn.LayerConfig{
		{Kind: nn.Conv2D, Filters: 6, KernelH: 5, KernelW: 5, Padding: 2, Activation: nn.ReLU},
		{Kind: nn.MaxPool2D, KernelH: 2, KernelW: 2},
		{Kind: nn.Conv2D, Filters: 16, KernelH: 5, KernelW: 5, Activation: nn.ReLU},
		{Kind: nn.MaxPool2D, KernelH: 2, KernelW: 2},
		{Kind: nn.Flatten},
		{Units: 120, Activation: nn.ReLU},
		{Units: 84, Activation: nn.ReLU},
		{Units: 10},
	}}
}

// fashionDir is where Debian's dataset-fashion-mnist puts the IDX files.
const fashionDir = "/usr/share/datasets/fashion-mnist"

// fashion holds the Fashion-MNIST training images (bytes, 784 each) and
// labels once read.
var fashion struct {
	once sync.Once
	pix  []byte
	lab  []byte
	err  error
}

// fashionData is the 60,000 Fashion-MNIST training images (bytes) and
// their labels; the test is skipped without them.
func fashionData(tb testing.TB) (pix, lab []byte) {
	tb.Helper()
	read := func(name string, header int) []byte {
		f, err := os.Open(fashionDir + "/" + name)
		if err != nil {
			fashion.err = err
			return nil
		}
		defer f.Close()
		z, err := gzip.NewReader(f)
		if err == nil {
			var data []byte
			if data, err = io.ReadAll(z); err == nil && len(data) >= header {
				return data[header:]
			}
		}
		fashion.err = fmt.Errorf("%s: %v", name, err)
		return nil
	}
	fashion.once.Do(func() {
		fashion.pix, fashion.lab = read("train-images-idx3-ubyte.gz", 16), read("train-labels-idx1-ubyte.gz", 8)
	})
	if fashion.err != nil {
		tb.Skipf("Fashion-MNIST not readable: %v", fashion.err)
	}
	return fashion.pix, fashion.lab
}

// fashionBatch is the first n training images of Fashion-MNIST, pixels
// scaled to [0, 1], with their labels; the test is skipped without them.
func fashionBatch(tb testing.TB, n int) *nn.Batch {
	tb.Helper()
	pix, lab := fashionData(tb)
	b := &nn.Batch{N: n, X: make([]float64, n*784), Labels: make([]int, n)}
	for i := range b.X {
		b.X[i] = float64(pix[i]) / 255
	}
	for i := range b.Labels {
		b.Labels[i] = int(lab[i])
	}
	return b
}

// mlp is the unit's exercise network of lab/testdata/fashion-mlp.yaml:
// 784-256-128-10, ReLU, softmax with cross-entropy.
func mlp(p nn.Precision) nn.Config {
	return nn.Config{Inputs: 784, Loss: nn.CrossEntropy, Precision: p, Layers: []nn.LayerConfig{
		{Units: 256, Activation: nn.ReLU},
		{Units: 128, Activation: nn.ReLU},
		{Units: 10, Activation: nn.Softmax},
	}}
}

// BenchmarkFashionEpoch times one epoch over the 60,000 real Fashion-MNIST
// training images, shuffled: the MLP of fashion-mlp.yaml (batch 128) and
// the LeNet-style network of fashion-lenet.yaml (batch 64), Adam 1e-3, in
// both precisions, on one thread and on two. Each batch is gathered from
// the image bytes into the network's own precision (X or X32) inside the
// timed loop, as lab does. bench/epochs.sh runs it against PyTorch.
func BenchmarkFashionEpoch(b *testing.B) {
	pix, lab := fashionData(b)
	models := []struct {
		name  string
		cfg   func(nn.Precision) nn.Config
		batch int
	}{{"mlp", mlp, 128}, {"lenet", lenet, 64}}
	for _, m := range models {
		for _, p := range []nn.Precision{nn.Float64, nn.Float32} {
			for _, threads := range []int{1, 2} {
				b.Run(fmt.Sprintf("%s/%s/threads=%d", m.name, p, threads), func(b *testing.B) {
					cfg := m.cfg(p)
					cfg.Threads = threads
					net, opt := build(b, cfg, nn.DefaultOptimizerConfig(nn.Adam), rand.New(rand.NewPCG(1, 2)))
					defer net.Close()
					e := newEpoch(pix, lab, m.batch, p)
					for b.Loop() {
						e.run(net, opt)
					}
					b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/epoch")
				})
			}
		}
	}
}

// epoch goes over a training set of images in shuffled batches.
type epoch struct {
	pix, lab []byte
	perm     []int
	order    *rand.Rand
	b        nn.Batch
	f32      bool
}

func newEpoch(pix, lab []byte, batch int, p nn.Precision) *epoch {
	e := &epoch{pix: pix, lab: lab, perm: make([]int, len(lab)), order: rand.New(rand.NewPCG(3, 4)), f32: p == nn.Float32}
	e.b.Labels = make([]int, batch)
	if e.f32 {
		e.b.X32 = make([]float32, batch*784)
	} else {
		e.b.X = make([]float64, batch*784)
	}
	return e
}

// run trains net for one epoch.
func (e *epoch) run(net *nn.Network, opt *nn.Optimizer) {
	for i := range e.perm {
		e.perm[i] = i
	}
	e.order.Shuffle(len(e.perm), func(i, j int) { e.perm[i], e.perm[j] = e.perm[j], e.perm[i] })
	batch := len(e.b.Labels)
	for at := 0; at < len(e.perm); at += batch {
		idx := e.perm[at:min(at+batch, len(e.perm))]
		e.b.N = len(idx)
		for r, i := range idx {
			src := e.pix[i*784 : i*784+784]
			if e.f32 {
				dst := e.b.X32[r*784 : r*784+784]
				for j, v := range src {
					dst[j] = float32(v) / 255
				}
			} else {
				dst := e.b.X[r*784 : r*784+784]
				for j, v := range src {
					dst[j] = float64(v) / 255
				}
			}
			e.b.Labels[r] = int(e.lab[i])
		}
		net.TrainStep(&e.b, opt, 1e-3, 0.9)
	}
}

// BenchmarkLeNetStep times one training step of the LeNet-style network
// with Adam on a batch of 64 real Fashion-MNIST images, in both
// precisions, on one thread and on two.
func BenchmarkLeNetStep(b *testing.B) {
	batch := fashionBatch(b, 64)
	for _, p := range []nn.Precision{nn.Float64, nn.Float32} {
		for _, threads := range []int{1, 2} {
			b.Run(fmt.Sprintf("%s/threads=%d", p, threads), func(b *testing.B) {
				cfg := lenet(p)
				cfg.Threads = threads
				net, opt := build(b, cfg, nn.DefaultOptimizerConfig(nn.Adam), rand.New(rand.NewPCG(1, 2)))
				defer net.Close()
				net.TrainStep(batch, opt, 1e-3, 0.9)
				b.ReportAllocs()
				b.ResetTimer()
				for b.Loop() {
					net.TrainStep(batch, opt, 1e-3, 0.9)
				}
			})
		}
	}
}
