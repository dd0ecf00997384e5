// Package nn is nnlab's training core: fully connected networks trained by
// mini-batch gradient descent, in float64, with the losses, initializers,
// optimizers and schedules the lessons teach.
//
// Conventions, after gonum's:
//   - Samples are rows. A batch of N samples with D inputs is an N×D
//     row-major []float64.
//   - Weights are stored out×in, as PyTorch's nn.Linear stores them, so a
//     layer computes z = x·Wᵀ + b.
//   - Everything a training step touches (parameters, gradients, optimizer
//     state, per-batch-size workspaces) is allocated once; a step allocates
//     nothing after its first use of a batch size.
//   - Randomness comes only from generators the caller owns
//     (math/rand/v2). The same seeds give bit-identical results.
//   - Loss and optimizer semantics follow PyTorch's documented definitions so
//     that runs can be checked against it (see nn/testdata/torch).
//   - On amd64 processors with AVX2 and FMA, the matrix products and the
//     element-wise loops of a step run in assembly (simd_amd64.s), several
//     times faster than pure Go; -tags purego leaves the assembly out, and
//     -tags openblas (cgo) hands the largest products to OpenBLAS. Results
//     agree across these to rounding; on one machine they are
//     deterministic. See BENCHMARKS.md.
//
// The package does no I/O, starts no goroutines and knows nothing of the UI.
package nn
