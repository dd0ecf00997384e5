// Package nn is nnlab's training core: networks of dense, conv2d,
// max_pool2d, avg_pool2d, flatten, batch_norm and dropout layers, trained by
// mini-batch gradient descent in float64 or float32, with the losses,
// initializers, optimizers and schedules the lessons teach.
//
// A network is a sequence of layers (Config.Layers, checked by Shapes and
// New: the last layer is dense, a dense layer after an image needs a flatten
// layer first). Inside, one small generic layer interface (forward,
// backward, tensors, output shape, statistics) is instantiated once per
// precision; Network is the non-generic facade over it, and every method
// hands out float64.
//
// Conventions, after PyTorch's and gonum's:
//   - Samples are rows. A batch of N samples is N×C×H×W values in that
//     order (a flat input of D features is D×1×1).
//   - Tensors are stored as PyTorch stores them and named by its state_dict
//     names (Tensor, SetTensor): dense weights out×in (z = x·Wᵀ + b), conv
//     weights out×in×kh×kw, batch_norm weight (γ), bias (β), running_mean
//     and running_var. Semantics are PyTorch's too: output size
//     ⌊(H + 2p − k)/s⌋ + 1, max pooling's gradient to the first maximum of
//     a window, batch_norm's biased batch variance in training and unbiased
//     running variance (momentum 0.1, eps 1e-5). Evaluation (LossOf,
//     EvalBatch, Forward(b, false)) runs in eval mode: no dropout,
//     batch_norm on its running statistics.
//   - Everything a training step touches (parameters, gradients, optimizer
//     state, per-batch-size workspaces) is allocated once; a step allocates
//     nothing after its first use of a batch size. Each layer takes only the
//     buffers it needs, and EstimateBytes says how many bytes that is before
//     anything is allocated.
//   - Randomness comes only from generators the caller owns
//     (math/rand/v2). The same seeds give bit-identical results.
//   - Loss and optimizer semantics follow PyTorch's documented definitions so
//     that runs can be checked against it (see nn/testdata/torch: float64 to
//     relative 1e-9, float32 to 1e-4). Sums a person reads (losses,
//     statistics, norms, batch_norm's moments) run in float64 in both
//     precisions.
//   - Every matrix product goes through one entry point, gemm; convolutions
//     are products too (im2col). On amd64 processors with AVX2 and FMA, the
//     products and element-wise loops of a step run in assembly, four
//     float64s or eight float32s to a register (simd_amd64.s,
//     simd32_amd64.s), several times faster than pure Go. -tags purego
//     leaves the assembly out, and -tags openblas (cgo) hands the largest
//     float64 products to OpenBLAS. Results agree across these to rounding;
//     on one machine they are deterministic. See BENCHMARKS.md.
//   - Config.Threads splits large products and the samples of conv and
//     pooling layers over that many goroutines, started once by New and
//     stopped by Close; no goroutine is started per step. Each value is
//     computed by one thread, by the same instructions in the same order
//     whatever the count, so results are the same bits on any number of
//     threads.
//   - SetStop lets another goroutine abandon a long step (between layers
//     and every few samples of a conv layer) before it changes anything.
//
// The package does no I/O, starts goroutines only for Config.Threads, and
// knows nothing of the UI.
package nn
