package nn

import (
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"
	"time"
)

// TestProductSplitsGiveSameBits: a product cut into any number of parts,
// by rows or by columns, gives the same bits as the whole, on every kernel
// path (the tiles, the 2×2 kernels, BLAS), in both precisions, with and
// without bias and accumulation. This is what makes a team's results
// independent of its size.
func TestProductSplitsGiveSameBits(t *testing.T) {
	t.Run("float64", func(t *testing.T) { productSplits[float64](t) })
	t.Run("float32", func(t *testing.T) { productSplits[float32](t) })
}

func productSplits[T float](t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	shapes := [][3]int{{1, 1, 1}, {3, 5, 7}, {5, 17, 3}, {9, 33, 40}, {37, 70, 11}, {70, 37, 129}, {130, 6, 200}, {64, 200, 150}, {4, 300, 2}}
	for _, sh := range shapes {
		m, n, k := sh[0], sh[1], sh[2]
		for v := 0; v < 8; v++ {
			tA, tB, acc := v&1 != 0, v&2 != 0, v&4 != 0
			lda, ldb := k, n
			if tA {
				lda = m
			}
			if tB {
				ldb = k
			}
			a, b, c0 := fill[T](rng, 0, m*k), fill[T](rng, 0, k*n), fill[T](rng, 0, m*n)
			var bias []T
			if !tA && !acc {
				bias = fill[T](rng, 0, n)
			}
			j := mulJob[T]{tA: tA, tB: tB, acc: acc, m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb, bias: bias, ldc: n}
			j.plan()
			j.c = slices.Clone(c0)
			j.block(0, m, 0, n)
			whole := j.c
			for parts := 2; parts <= 5; parts++ {
				for _, rows := range []bool{true, false} {
					j.c, j.byRows = slices.Clone(c0), rows
					for i := 0; i < parts; i++ {
						j.part(i, parts)
					}
					for x := range whole {
						if bitsOf(j.c[x]) != bitsOf(whole[x]) {
							t.Fatalf("%d×%d×%d tA %v tB %v acc %v path %d, %d parts by rows %v: C[%d] = %v, whole product %v",
								m, n, k, tA, tB, acc, j.path, parts, rows, x, j.c[x], whole[x])
						}
					}
				}
			}
		}
	}
}

// TestThreadsGiveSameWeights: 50 training steps of a dense and of a conv
// network (with batch_norm, both pools and dropout), in both precisions,
// end with bit-identical weights on 1, 2 and 3 threads; Close stops the
// workers.
func TestThreadsGiveSameWeights(t *testing.T) {
	dense := func(p Precision) Config {
		return Config{Inputs: 100, Loss: CrossEntropy, Precision: p, Layers: []LayerConfig{
			{Units: 96, Activation: ReLU},
			{Units: 70, Activation: Tanh, Dropout: 0.1},
			{Units: 10, Activation: Softmax},
		}}
	}
	conv := func(p Precision) Config {
		return Config{Input: Shape{C: 2, H: 14, W: 14}, Loss: CrossEntropy, Precision: p, Layers: []LayerConfig{
			{Kind: Conv2D, Filters: 6, KernelH: 5, KernelW: 5, Padding: 2, Activation: ReLU},
			{Kind: MaxPool2D, KernelH: 2, KernelW: 2},
			{Kind: Conv2D, Filters: 12, KernelH: 3, KernelW: 3, NoBias: true},
			{Kind: BatchNorm, Activation: ReLU},
			{Kind: AvgPool2D, KernelH: 2, KernelW: 2},
			{Kind: Flatten},
			{Units: 40, Activation: ReLU, Dropout: 0.2},
			{Units: 10},
		}}
	}
	for _, c := range []struct {
		name string
		cfg  func(Precision) Config
		rows int
	}{{"dense", dense, 67}, {"conv", conv, 23}} {
		for _, p := range []Precision{Float64, Float32} {
			t.Run(c.name+"_"+p.String(), func(t *testing.T) {
				var want [][]float64
				for threads := 1; threads <= 3; threads++ {
					before := runtime.NumGoroutine()
					cfg := c.cfg(p)
					cfg.Threads = threads
					got := trainFor(t, cfg, c.rows, 50)
					if threads == 1 {
						want = got
						continue
					}
					for i := range want {
						for x := range want[i] {
							if want[i][x] != got[i][x] {
								t.Fatalf("%d threads: tensor %d value %d is %v, on 1 thread %v", threads, i, x, got[i][x], want[i][x])
							}
						}
					}
					waitGoroutines(t, before)
				}
			})
		}
	}
}

// trainFor trains cfg's network for steps steps on one random batch of
// rows samples and returns every tensor, closing the network.
func trainFor(t *testing.T, cfg Config, rows, steps int) [][]float64 {
	t.Helper()
	n, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer n.Close()
	if n.Threads() != max(cfg.Threads, 1) {
		t.Fatalf("Threads() = %d, want %d", n.Threads(), cfg.Threads)
	}
	rng := rand.New(rand.NewPCG(11, 12))
	n.Init(Init{Kind: HeNormal}, rng)
	n.SetDropoutRNG(rand.New(rand.NewPCG(13, 14)))
	o, err := NewOptimizer(DefaultOptimizerConfig(Adam), n.Params())
	if err != nil {
		t.Fatal(err)
	}
	size := n.Input().Size()
	b := &Batch{N: rows, X: make([]float64, rows*size), Labels: make([]int, rows)}
	for i := range b.X {
		b.X[i] = rng.Float64()
	}
	for i := range b.Labels {
		b.Labels[i] = rng.IntN(10)
	}
	for range steps {
		n.TrainStep(b, o, 1e-3, 0.9)
	}
	var out [][]float64
	for i := 0; i < n.NumLayers(); i++ {
		for _, name := range tensorNames {
			if v := n.Tensor(i, name); v != nil {
				out = append(out, v)
			}
		}
	}
	return out
}

// waitGoroutines fails unless the goroutine count is back to at most want
// (Close waits for its workers, so this is at once unless another test's
// goroutines are winding down).
func waitGoroutines(t *testing.T, want int) {
	t.Helper()
	for range 100 {
		if runtime.NumGoroutine() <= want {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Errorf("%d goroutines after Close, %d before New", runtime.NumGoroutine(), want)
}

// A network dropped without Close stops its workers once it is garbage.
func TestDroppedNetworkStopsItsWorkers(t *testing.T) {
	before := runtime.NumGoroutine()
	func() {
		n, err := New(Config{Inputs: 4, Threads: 3, Layers: []LayerConfig{{Units: 2}}})
		if err != nil {
			t.Fatal(err)
		}
		if runtime.NumGoroutine() < before+2 {
			t.Fatalf("%d goroutines with a network of 3 threads, %d before", runtime.NumGoroutine(), before)
		}
		runtime.KeepAlive(n)
	}()
	for range 100 {
		runtime.GC()
		if runtime.NumGoroutine() <= before {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Errorf("%d goroutines after the network was dropped, %d before", runtime.NumGoroutine(), before)
}
