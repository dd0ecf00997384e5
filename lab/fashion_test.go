package lab

import (
	"os"
	"testing"

	"github.com/nnlab/nnlab/lab/data"
)

// The unit's exercise network reaches at least 85% test accuracy on the
// full Fashion-MNIST test set after three epochs (about 40 s here).
func TestFashionMLPReaches85Percent(t *testing.T) {
	fullFashionRun(t, "testdata/fashion-mlp.yaml", 0.85)
}

// The LeNet-style network reaches at least 80% after one epoch (PyTorch's
// same network about 81%, BENCHMARKS.md; about 30 s here).
func TestFashionLeNetReaches80Percent(t *testing.T) {
	fullFashionRun(t, "testdata/fashion-lenet.yaml", 0.80)
}

// fullFashionRun trains the spec in file on the full Fashion-MNIST set
// and checks its final test accuracy.
func fullFashionRun(t *testing.T, file string, want float64) {
	if testing.Short() || raceEnabled {
		t.Skip("long: skipped with -short and under -race")
	}
	if _, err := os.Stat(data.SystemFashionDir + "/train-images-idx3-ubyte.gz"); err != nil && os.Getenv(data.EnvData) == "" {
		t.Skip("the full Fashion-MNIST set is not installed (Debian: dataset-fashion-mnist)")
	}
	tr, err := NewTrainer(mustLoad(t, file), nil, "")
	if err != nil {
		t.Fatal(err)
	}
	if tr.Set.Train.N != 60000 || tr.Set.Test.N != 10000 {
		t.Fatalf("loaded %d/%d images, want the full 60000/10000", tr.Set.Train.N, tr.Set.Test.N)
	}
	for !tr.Finished() {
		tr.Step()
	}
	if st, why := tr.Status(); st != Done {
		t.Fatalf("%s: %s", st, why)
	}
	e := tr.Evaluate(t.Context(), 0)
	t.Logf("after %d steps (%d epochs): test accuracy %.2f%%, test loss %.4f", tr.StepCount(), tr.Epoch(), 100*e.TestAcc, e.TestLoss)
	if e.TestAcc < want {
		t.Errorf("test accuracy %.2f%%, want at least %.0f%%", 100*e.TestAcc, 100*want)
	}
}
