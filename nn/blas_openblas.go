//go:build openblas

package nn

// Built with -tags openblas, the package does its large matrix products
// (see gemm) through OpenBLAS instead of gonum's pure-Go BLAS. It needs cgo
// and the library: on Debian, libopenblas-dev, and
//
//	CGO_LDFLAGS=-lopenblas go test -tags openblas ./nn
//
// (Do not point CGO_CFLAGS at OpenBLAS's own headers: netlib ships its own
// cblas.h and the two clash.) Set OPENBLAS_NUM_THREADS=1 to keep a run on
// one core, as training runs are. The default build stays pure Go.

import (
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/netlib/blas/netlib"
)

func init() {
	blas64.Use(netlib.Implementation{})
}
