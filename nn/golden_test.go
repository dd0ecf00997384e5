package nn

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// The golden runs pin float64 dense training to the exact bits it gave
// before nn became a sequence of layer kinds: every activation, residual
// layers, dropout, every loss, every optimizer, L1/L2, odd batch sizes and a
// 784-wide input. The file keeps, per run, a SHA-256 of the bits of every
// parameter (Params order) and of every step's loss, and the first values in
// hex to show what moved. The products sum in another order with the AVX2
// tiles than without (and arm64 fuses multiply-adds), so there is one file
// per kernel set; other architectures skip the test.
//
//	go test ./nn -run Golden -update               (AVX2 machine)
//	go test -tags purego ./nn -run Golden -update
var update = flag.Bool("update", false, "rewrite testdata/golden_*.json from the current code")

type goldenCase struct {
	name    string
	inputs  int
	layers  []LayerConfig
	loss    Loss
	l1, l2  float64
	opt     OptimizerConfig
	lr, mom float64
	batch   []int // batch sizes, cycled
	steps   int
}

func goldenCases() []goldenCase {
	sgd, rms, ada, adam := DefaultOptimizerConfig(SGD), DefaultOptimizerConfig(RMSprop), DefaultOptimizerConfig(Adagrad), DefaultOptimizerConfig(Adam)
	nest := sgd
	nest.Nesterov = true
	wd := adam
	wd.WeightDecay = 0.01
	rmsWD := rms
	rmsWD.WeightDecay = 0.001
	d := func(units int, act Activation) LayerConfig { return LayerConfig{Units: units, Activation: act} }
	return []goldenCase{
		{"sigmoid_mse_sgd", 3, []LayerConfig{d(7, Sigmoid), d(5, Sigmoid), d(3, Linear)}, MSE, 0, 0, sgd, 0.5, 0, []int{13}, 30},
		{"tanh_ce_momentum", 5, []LayerConfig{d(9, Tanh), d(6, Tanh), d(4, Softmax)}, CrossEntropy, 0, 0, sgd, 0.1, 0.9, []int{7, 11, 1}, 30},
		{"relu_ce_linear_nesterov", 4, []LayerConfig{d(12, ReLU), d(10, ReLU), d(3, Linear)}, CrossEntropy, 0, 0, nest, 0.05, 0.9, []int{17}, 30},
		{"leaky_hinge_rmsprop", 6, []LayerConfig{d(11, LeakyReLU), d(5, Tanh)}, Hinge, 0, 0, rmsWD, 0.01, 0.5, []int{9, 5}, 30},
		{"linear_bce_adagrad", 3, []LayerConfig{d(8, Linear), d(2, Sigmoid)}, BCE, 0, 0, ada, 0.1, 0, []int{15}, 30},
		{"bce_one_output_adam", 2, []LayerConfig{d(6, Tanh), d(1, Sigmoid)}, BCE, 0, 0, adam, 0.02, 0.9, []int{10}, 30},
		{"halfsse_sigmoid_out", 4, []LayerConfig{d(5, ReLU), d(3, Sigmoid)}, HalfSSE, 0, 0, sgd, 0.3, 0, []int{6}, 30},
		{"mse_softmax_out_l1l2", 3, []LayerConfig{d(7, Sigmoid), d(4, Softmax)}, MSE, 1e-3, 1e-2, rms, 0.01, 0, []int{9}, 30},
		{"two_class_softmax_adam", 2, []LayerConfig{d(16, ReLU), d(16, ReLU), d(2, Softmax)}, CrossEntropy, 0, 1e-3, wd, 0.01, 0.9, []int{33, 31}, 40},
		{"residual_dropout_adam", 4, []LayerConfig{d(10, ReLU), {Units: 10, Activation: Tanh, Residual: true, Dropout: 0.2},
			{Units: 10, Activation: LeakyReLU, Residual: true, Dropout: 0.1}, d(3, Softmax)}, CrossEntropy, 0, 0, adam, 0.01, 0.9, []int{21}, 40},
		{"dropout_sigmoid_sgd", 5, []LayerConfig{{Units: 13, Activation: Sigmoid, Dropout: 0.3}, d(2, Linear)}, MSE, 0, 0, sgd, 0.2, 0.5, []int{19}, 30},
		{"fashion_784_adam", 784, []LayerConfig{d(37, ReLU), {Units: 21, Activation: ReLU, Dropout: 0.25}, d(10, Softmax)}, CrossEntropy, 0, 0, adam, 1e-3, 0.9, []int{45, 3}, 12},
		{"fashion_784_tanh_sgd", 784, []LayerConfig{d(9, Tanh), d(10, Linear)}, CrossEntropy, 1e-4, 0, sgd, 0.05, 0.9, []int{23}, 10},
	}
}

// goldenRun trains one case and returns the SHA-256 of its losses' and
// parameters' bits, and its first parameters.
func goldenRun(t *testing.T, c goldenCase) (sum string, first []string) {
	t.Helper()
	rng := rand.New(rand.NewPCG(uint64(len(c.name)), 7))
	n, err := New(Config{Inputs: c.inputs, Layers: c.layers, Loss: c.loss, L1: c.l1, L2: c.l2})
	if err != nil {
		t.Fatal(err)
	}
	n.Init(Init{Kind: HeNormal, Bias: 0.01}, rng)
	n.SetDropoutRNG(rand.New(rand.NewPCG(3, 4)))
	o, err := NewOptimizer(c.opt, n.Params())
	if err != nil {
		t.Fatal(err)
	}
	out := c.layers[len(c.layers)-1].Units
	var batches []*Batch
	for _, size := range c.batch {
		b := randomBatch(rng, size, c.inputs, out, c.loss)
		if c.loss == BCE && out == 1 {
			b.Labels, b.Y = make([]int, size), nil
			for i := range b.Labels {
				b.Labels[i] = rng.IntN(2)
			}
		}
		batches = append(batches, b)
	}
	h := sha256.New()
	var buf [8]byte
	put := func(v float64) {
		binary.LittleEndian.PutUint64(buf[:], math.Float64bits(v))
		h.Write(buf[:])
	}
	for s := 0; s < c.steps; s++ {
		put(n.TrainStep(batches[s%len(batches)], o, c.lr, c.mom))
	}
	for _, p := range n.Params() {
		for _, v := range p.Value {
			put(v)
			if len(first) < 4 {
				first = append(first, fmt.Sprintf("%016x", math.Float64bits(v)))
			}
		}
	}
	return hex.EncodeToString(h.Sum(nil)), first
}

type goldenEntry struct {
	Name  string   `json:"name"`
	SHA   string   `json:"sha256"`
	First []string `json:"first"`
}

func TestGoldenDenseTrajectories(t *testing.T) {
	if runtime.GOARCH != "amd64" {
		t.Skip("golden bits are recorded on amd64 only")
	}
	file := "golden_purego.json"
	if haveAVX2 {
		file = "golden_avx2.json"
	}
	path := filepath.Join("testdata", file)
	var got []goldenEntry
	for _, c := range goldenCases() {
		sum, first := goldenRun(t, c)
		got = append(got, goldenEntry{c.name, sum, first})
	}
	if *update {
		data, _ := json.MarshalIndent(got, "", "\t")
		if err := os.WriteFile(path, append(data, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var want []goldenEntry
	if err := json.Unmarshal(data, &want); err != nil {
		t.Fatal(err)
	}
	if len(want) != len(got) {
		t.Fatalf("%s has %d runs, the test %d", path, len(want), len(got))
	}
	for i, w := range want {
		g := got[i]
		if g.Name != w.Name || g.SHA != w.SHA {
			t.Errorf("%s: trajectory bits changed (first parameters now %v, were %v)", w.Name, g.First, w.First)
		}
	}
}
