package lessons

// The claims of lesson 10 (convolutional networks) and of lesson 5's
// batch-normalization comparison.

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/nnlab/nnlab/lab"
	"github.com/nnlab/nnlab/lab/spec"
	"github.com/nnlab/nnlab/nn"
)

// labelled is the spec of the run of comparison preset ref that the lesson
// labels label.
func labelled(t *testing.T, ref, label string) *spec.Spec {
	t.Helper()
	p := claimsPreset(t, ref)
	for i, l := range p.Vary.Labels {
		if l == label {
			return variant(t, ref, p.Vary.Values[i])
		}
	}
	t.Fatalf("%s has no run labelled %q (labels %v)", ref, label, p.Vary.Labels)
	return nil
}

// network builds s's network on its data (the embedded Fashion-MNIST
// subset for fashion), without training it.
func network(t *testing.T, s *spec.Spec) *nn.Network {
	t.Helper()
	return newTrainer(t, s).Net
}

// paramCount is the learnable values of a network.
func paramCount(net *nn.Network) int {
	n := 0
	for i := range net.NumLayers() {
		n += net.Layer(i).Params
	}
	return n
}

// textNum finds the first number the regular expression re captures in
// lesson l, with spaces between digit groups ("200 960") removed.
func textNum(t *testing.T, l *Lesson, re string) float64 {
	t.Helper()
	return atof(t, strings.ReplaceAll(textMatch(t, l, re)[1], " ", ""))
}

func claimsCNN(t *testing.T) {
	l := claimsLesson(t, "cnn")
	lenet := variant(t, "cnn/lenet", "")
	net := network(t, lenet)

	t.Run("why convolution", func(t *testing.T) {
		// "784·256 + 256 = 200 960 parameters"
		dense := withField(t, variant(t, "cnn/lenet", ""), "model.layers", "[{units: 256, activation: relu}, {units: 10}]")
		if got, want := network(t, dense).Layer(0).Params, textNum(t, l, `784·256 \+ 256 = ([0-9 ]+) parameters`); float64(got) != want || got != 784*256+256 {
			t.Errorf("a dense layer 784→256 has %d parameters; the text says %g", got, want)
		}
		// "6·(1·5·5) + 6 = 156 parameters"
		if got, want := net.Layer(0).Params, textNum(t, l, `6·\(1·5·5\) \+ 6 = ([0-9]+) parameters`); float64(got) != want || got != 6*25+6 {
			t.Errorf("lenet's first layer has %d parameters; the text says %g", got, want)
		}
	})

	t.Run("output size", func(t *testing.T) {
		// The worked table: 6×28×28, 6×14×14, 16×10×10, 16×5×5, 400.
		want := []string{"6×28×28", "6×14×14", "16×10×10", "16×5×5", "400"}
		for i, w := range want {
			if got := lab.SummaryRows(net)[i].Shape; got != w {
				t.Errorf("layer %d outputs %s; the text says %s", i, got, w)
			}
			if !strings.Contains(textMatch(t, l, `(?s)(conv 5×5, p 2:.*flatten: +16·5·5 = 400)`)[1], w) {
				t.Errorf("the worked table lacks %s", w)
			}
		}
		// Each line of the table is the formula ⌊(H + 2p − k)/s⌋ + 1.
		for i, c := range []struct{ h, p, k, s, out int }{{28, 2, 5, 1, 28}, {28, 0, 2, 2, 14}, {14, 0, 5, 1, 10}, {10, 0, 2, 2, 5}} {
			if got := (c.h+2*c.p-c.k)/c.s + 1; got != c.out || net.Layer(i).Out.H != got {
				t.Errorf("layer %d: the formula gives %d, the network %d", i, got, net.Layer(i).Out.H)
			}
		}
	})

	t.Run("receptive field", func(t *testing.T) {
		// "conv 5×5: r = 1 + 4·1 = 5 / pool 2×2: r = 5 + 1·1 = 6 / conv 5×5:
		// r = 6 + 4·2 = 14 / pool 2×2: r = 14 + 1·2 = 16"
		for i, w := range []int{5, 6, 14, 16} {
			if got := lab.ReceptiveField(net, i); got != w {
				t.Errorf("layer %d: receptive field %d, the text says %d", i, got, w)
			}
		}
		if textNum(t, l, `one value after the second pool sums up a ([0-9]+)×`) != 16 {
			t.Errorf("the text's patch is not 16 pixels")
		}
	})

	t.Run("tasks", func(t *testing.T) {
		// "In lenet, give the second convolution padding 2. Its maps stay
		// 14×14, and flatten now hands 16·7·7 = 784 values to the dense
		// layer."
		padded := network(t, withField(t, variant(t, "cnn/lenet", ""), "model.layers[2].padding", "2"))
		if o := padded.Layer(2).Out; o.H != 14 || o.W != 14 || padded.Layer(4).Out.C != 784 || 16*7*7 != 784 {
			t.Errorf("with padding 2 the second conv gives %v, flatten %v", o, padded.Layer(4).Out)
		}
		// "In lenet, give the first convolution 2 filters instead of 6. The
		// filter view shows 2 kernels and the second convolution's kernels
		// come in 2 input channels."
		two := newTrainer(t, withField(t, variant(t, "cnn/lenet", ""), "model.layers[0].filters", "2"))
		if fs := two.ConvFilters(); len(fs) != 2 || fs[0].Out != 2 || fs[1].In != 2 {
			t.Errorf("2 filters: %d conv layers, %d and %d channels", len(fs), fs[0].Out, fs[1].In)
		}
	})

	t.Run("lenet", func(t *testing.T) {
		heavy(t, false)
		// "the embedded subset (5600 training images, 5 epochs, 440 steps)
		// ... 61 706 parameters, about a quarter of lesson 9's dense network."
		r := runSpec(t, lenet, 0)
		t.Logf("lenet: %d steps, %d epochs, test accuracy %.4f", len(r.losses), r.tr.Epoch(), r.final.TestAcc)
		if r.tr.Set.Train.N != 5600 || len(r.losses) != 440 || r.tr.Epoch() != 5 || r.status != lab.Done {
			t.Errorf("%d training images, %d steps, %d epochs, %s", r.tr.Set.Train.N, len(r.losses), r.tr.Epoch(), r.status)
		}
		if p := paramCount(net); p != 61706 || float64(p) != textNum(t, l, `batch 64, and ([0-9 ]+)\s+parameters`) {
			t.Errorf("lenet has %d parameters", p)
		}
		if ratio := float64(paramCount(network(t, variant(t, "fashion/base", "")))) / float64(paramCount(net)); ratio < 3.5 || ratio > 4.5 {
			t.Errorf("lesson 9's network is %.2f× lenet's size, not about four times", ratio)
		}
		// "On the subset the run ends near 84% test accuracy."
		if math.Abs(r.final.TestAcc-0.84) > 0.01 {
			t.Errorf("lenet ends at %.2f%% test accuracy, not near 84%%", 100*r.final.TestAcc)
		}
	})

	t.Run("mlp-vs-cnn", func(t *testing.T) {
		// "784·76 + 76 + 76·10 + 10 = 60 430 / LeNet: 61 706"
		mlp, cnn := labelled(t, "cnn/mlp-vs-cnn", "dense 784-76-10"), labelled(t, "cnn/mlp-vs-cnn", "LeNet")
		if p := paramCount(network(t, mlp)); p != 60430 || float64(p) != textNum(t, l, `76·10 \+ 10 = ([0-9 ]+)`) {
			t.Errorf("the dense network has %d parameters", p)
		}
		if p := paramCount(network(t, cnn)); p != 61706 || float64(p) != textNum(t, l, `LeNet: ([0-9 ]+)`) {
			t.Errorf("LeNet has %d parameters", p)
		}
		heavy(t, true)
		// "On each of the five seeds we tried, LeNet ended ahead, by 1.6
		// points on average."
		sum := 0.0
		for _, seed := range comparisonSeeds() {
			a, b := runSpec(t, reseeded(mlp, seed), 0), runSpec(t, reseeded(cnn, seed), 0)
			d := 100 * (b.final.TestAcc - a.final.TestAcc)
			t.Logf("seed %d: dense %.4f, LeNet %.4f (%d steps)", seed, a.final.TestAcc, b.final.TestAcc, len(b.losses))
			if d <= 0 {
				t.Errorf("seed %d: LeNet %.2f%%, the dense network %.2f%%: LeNet is not ahead", seed, 100*b.final.TestAcc, 100*a.final.TestAcc)
			}
			sum += d
		}
		if mean := sum / float64(len(comparisonSeeds())); math.Abs(mean-1.6) > 0.3 {
			t.Errorf("LeNet is ahead by %.2f points on average, the text says 1.6", mean)
		}
	})

	t.Run("batchnorm", func(t *testing.T) {
		// "Without it ... the gradient bars sit near zero and the loss stays
		// at ln 2 ≈ 0.693. With it the first layer's gradient is billions of
		// times larger, and the loss falls to near 0."
		// Task: "In batchnorm, raise the rate to 1. The network with
		// batch_norm still learns."
		for _, lr := range []string{"", "1"} {
			for _, seed := range comparisonSeeds() {
				plain, bn := reseeded(labelled(t, "cnn/batchnorm", "plain"), seed), reseeded(labelled(t, "cnn/batchnorm", "batch_norm"), seed)
				if lr != "" {
					withField(t, plain, "lr", lr)
					withField(t, bn, "lr", lr)
				}
				checkBatchNorm(t, fmt.Sprintf("lr %s seed %d", lr, seed), runSpec(t, plain, 0), runSpec(t, bn, 0), 1e9, lr == "")
			}
		}
	})
}

// checkBatchNorm checks a comparison of a deep network without and with
// batch_norm: the plain one stuck at ln 2, the other learning, its first
// layer's gradient at least ratio times the plain one's at the start.
func checkBatchNorm(t *testing.T, name string, plain, bn *claimRun, ratio float64, stuck bool) {
	t.Helper()
	n := len(plain.losses)
	r := bn.grads[0][0] / plain.grads[0][0]
	t.Logf("%s: first-layer gradient plain %.3g, batch_norm %.3g (%.3g×); loss plain %.4f, batch_norm %.4f; test accuracy %.3f, %.3f",
		name, plain.grads[0][0], bn.grads[0][0], r, plain.meanLoss(n/2, n), bn.meanLoss(n-100, n), plain.final.TestAcc, bn.final.TestAcc)
	if stuck && math.Abs(plain.meanLoss(n/2, n)-math.Ln2) > 0.005 {
		t.Errorf("%s: the plain network's loss is %.4f over the second half, not ln 2", name, plain.meanLoss(n/2, n))
	}
	if r < ratio || bn.meanLoss(n-100, n) > 0.05 || bn.final.TestAcc < 0.99 {
		t.Errorf("%s: batch_norm's first-layer gradient is %.3g× the plain one's (want ≥ %g), its loss ends at %.4f, test accuracy %.3f",
			name, r, ratio, bn.meanLoss(n-100, n), bn.final.TestAcc)
	}
}

// claimsVanishingBatchNorm checks lesson 5's batchnorm comparison:
// "*batchnorm* trains the deep sigmoid network without and with a
// batch_norm layer after each hidden layer. With it, the first layer's
// gradient is hundreds of thousands of times larger than without, and the
// loss falls to near 0."
func claimsVanishingBatchNorm(t *testing.T) {
	for _, seed := range comparisonSeeds() {
		plain := reseeded(labelled(t, "vanishing/batchnorm", "plain"), seed)
		bn := reseeded(labelled(t, "vanishing/batchnorm", "batch_norm"), seed)
		if d := variant(t, "vanishing/deep", "sigmoid"); !strings.EqualFold(fmt.Sprint(d.Model.Layers), fmt.Sprint(plain.Model.Layers)) {
			t.Fatalf("the plain run is not the deep sigmoid network: %v", plain.Model.Layers)
		}
		checkBatchNorm(t, fmt.Sprintf("seed %d", seed), runSpec(t, plain, 0), runSpec(t, bn, 0), 1e5, true)
	}
}
