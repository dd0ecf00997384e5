package lab

import (
	"os"
	"testing"

	"github.com/nnlab/nnlab/lab/data"
	"github.com/nnlab/nnlab/lab/spec"
)

// BenchmarkFashionEpoch times one epoch (469 steps of batch 128) of the
// unit's 784-256-128-10 network on the full Fashion-MNIST training set, data
// loading excluded, through the Trainer (bench/epochs.sh times the same
// epoch through nnlab run against PyTorch).
func BenchmarkFashionEpoch(b *testing.B) { benchEpoch(b, "testdata/fashion-mlp.yaml") }

// BenchmarkLeNetEpoch times one epoch (938 steps of batch 64) of
// fashion-lenet.yaml on the full training set, data loading excluded.
// bench/lenet_epoch.sh compares it with PyTorch.
func BenchmarkLeNetEpoch(b *testing.B) { benchEpoch(b, "testdata/fashion-lenet.yaml") }

// benchEpoch times one training epoch of the spec in file, without the
// evaluations.
func benchEpoch(b *testing.B, file string) {
	if _, err := os.Stat(data.SystemFashionDir); err != nil && os.Getenv(data.EnvData) == "" {
		b.Skip("the full Fashion-MNIST set is not installed")
	}
	raw, err := os.ReadFile(file)
	if err != nil {
		b.Fatal(err)
	}
	base, err := spec.Load(raw, file)
	if err != nil {
		b.Fatal(err)
	}
	base.Epochs = 1
	base.EvalEvery = spec.MaxSteps // no evaluation inside the epoch
	s := base.Clone()
	s.Defaults()
	set, err := LoadData(s, "")
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		tr, err := NewTrainer(base, set, "")
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		for tr.StepCount() < tr.MaxSteps() {
			tr.Step()
		}
	}
}
