// Package data holds the lab's data sets: synthetic 2-D sets in the style of
// TensorFlow Playground (Generate), inline rows from a spec (FromRows), and
// Fashion-MNIST read from IDX files (ReadIDX, LoadFashion).
//
// A Set has a train and a test Split. The runner fills preallocated
// row-major float64 batches from a Split with Fill, which allocates nothing.
// Images stay bytes until a batch is filled, where they are scaled to [0,1].
//
// Randomness comes from math/rand/v2 PCG generators seeded from the options;
// there is no global generator, and the same options give bit-identical sets.
//
// # The embedded Fashion-MNIST subset
//
// The directory fashion/ holds a stratified subset of Fashion-MNIST (5,600
// training and 1,000 test images, the same number per class) as gzipped IDX
// files, embedded so that the lab works with nothing installed. It is built
// from Debian's dataset-fashion-mnist files by tools/mkfashion; to rebuild it,
// run from the repository root:
//
//	go run ./tools/mkfashion
//
// (flags -src, -train, -test, -seed, -max; same flags, same bytes). The
// files must stay under 3,000,000 bytes together; mkfashion refuses more.
package data
