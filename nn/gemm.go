package nn

import (
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/blas/gonum"
)

// gonum's Dgemm goes parallel, starting goroutines and allocating, once C
// spans four or more 64×64 blocks. The pure-Go path hands it pieces of at
// most tileM×tileN (three blocks), which keeps every call serial and
// allocation-free; training runs already use one goroutine each.
const (
	tileM = 3 * 64
	tileN = 64
)

func blocks(n int) int { return (n + 63) / 64 }

// gemm computes C = alpha·op(A)·op(B) + beta·C for row-major matrices, where
// op(A) is m×k and op(B) is k×n.
func gemm(tA, tB bool, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	if m == 0 || n == 0 {
		return
	}
	ta, tb := blas.NoTrans, blas.NoTrans
	if tA {
		ta = blas.Trans
	}
	if tB {
		tb = blas.Trans
	}
	impl := blas64.Implementation()
	if _, pure := impl.(gonum.Implementation); !pure || blocks(m)*blocks(n) < 4 {
		impl.Dgemm(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		return
	}
	for i := 0; i < m; i += tileM {
		mi := min(tileM, m-i)
		// Rows i.. of op(A): A[i*lda:] untransposed, column offset i when transposed.
		ai := a[i*lda:]
		if tA {
			ai = a[i:]
		}
		for j := 0; j < n; j += tileN {
			nj := min(tileN, n-j)
			bj := b[j:]
			if tB {
				bj = b[j*ldb:]
			}
			impl.Dgemm(ta, tb, mi, nj, k, alpha, ai, lda, bj, ldb, beta, c[i*ldc+j:], ldc)
		}
	}
}
