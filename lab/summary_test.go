package lab

import (
	"strings"
	"testing"

	"github.com/nnlab/nnlab/lab/data"
	"github.com/nnlab/nnlab/lab/spec"
	"github.com/nnlab/nnlab/nn"
)

// embeddedFashion is the Fashion-MNIST subset built into the program.
func embeddedFashion(t *testing.T) *data.Set {
	t.Helper()
	set, err := data.LoadFashion("", data.FashionOptions{Embedded: true})
	if err != nil {
		t.Fatal(err)
	}
	return set
}

func TestModelSummary(t *testing.T) {
	tr, err := NewTrainer(mustLoad(t, "testdata/fashion-lenet.yaml"), embeddedFashion(t), "")
	if err != nil {
		t.Fatal(err)
	}
	// The counts by hand: 6·1·5·5 + 6, 16·6·5·5 + 16, 400·120 + 120,
	// 120·84 + 84, 84·10 + 10; 61,706 in all, as PyTorch counts the
	// parameters of the same network (bench/torch_epoch.py --model lenet).
	want := `layer                         output shape  params
──────────────────────────────────────────────────
input                         1×28×28             
[0] conv2d 6@5×5 pad 2, relu  6×28×28          156
[1] max_pool2d 2×2            6×14×14            0
[2] conv2d 16@5×5, relu       16×10×10       2,416
[3] max_pool2d 2×2            16×5×5             0
[4] flatten                   400                0
[5] dense 120, relu           120           48,120
[6] dense 84, relu            84            10,164
[7] dense 10, softmax         10               850
──────────────────────────────────────────────────
total params: 61,706
`
	if got := ModelSummary(tr.Net); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestLayerName(t *testing.T) {
	s, err := spec.Load([]byte(`data: {set: inline, inputs: [[`+strings.Repeat("0, ", 99)+`0]], targets: [[0]]}
loss: cross_entropy
model:
  input: [1, 10, 10]
  layers:
    - {kind: conv2d, filters: 2, kernel: [3, 2], stride: 2, bias: false}
    - {kind: batch_norm, activation: relu}
    - {kind: avg_pool2d, kernel: 2, stride: 1}
    - {kind: max_pool2d, kernel: [2, 1]}
    - {kind: dropout, rate: 0.3}
    - {kind: flatten}
    - {units: 4, activation: tanh, residual: false, dropout: 0.1}
    - {kind: batch_norm}
    - {units: 2}
`), "t.yaml")
	if err != nil {
		t.Fatal(err)
	}
	tr, err := NewTrainer(s, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range SummaryRows(tr.Net) {
		got = append(got, r.Name+" → "+r.Shape)
	}
	want := []string{
		"conv2d 2@3×2 stride 2 no bias, linear → 2×4×5",
		"batch_norm, relu → 2×4×5",
		"avg_pool2d 2×2 stride 1 → 2×3×4",
		"max_pool2d 2×1 → 2×1×4",
		"dropout 0.3 → 2×1×4",
		"flatten → 8",
		"dense 4, tanh, dropout 0.1 → 4",
		"batch_norm → 4",
		"dense 2, softmax → 2",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if tr.Net.Layer(0).Kind != nn.Conv2D {
		t.Fatal("layer 0 is not conv2d")
	}
}
