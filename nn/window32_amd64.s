//go:build amd64 && !purego

#include "textflag.h"
#include "transpose_amd64.h"

// The float32 kernels of the image layers: 2×2 max pooling at stride 2,
// whose blocks of eight outputs go through masked loads and stores so that
// it touches no float outside the ones its Go wrapper checked, whatever
// the widths; a conv layer's ∂z transposed with its sums; and im2col and
// col2im at stride 1 across.

// lane: 0..7, then 8..15; evens: 0, 2, .., 14; sixteen: 16 (int32s).
DATA lane<>+0(SB)/4, $0
DATA lane<>+4(SB)/4, $1
DATA lane<>+8(SB)/4, $2
DATA lane<>+12(SB)/4, $3
DATA lane<>+16(SB)/4, $4
DATA lane<>+20(SB)/4, $5
DATA lane<>+24(SB)/4, $6
DATA lane<>+28(SB)/4, $7
DATA lane<>+32(SB)/4, $8
DATA lane<>+36(SB)/4, $9
DATA lane<>+40(SB)/4, $10
DATA lane<>+44(SB)/4, $11
DATA lane<>+48(SB)/4, $12
DATA lane<>+52(SB)/4, $13
DATA lane<>+56(SB)/4, $14
DATA lane<>+60(SB)/4, $15
GLOBL lane<>(SB), RODATA|NOPTR, $64

DATA evens<>+0(SB)/4, $0
DATA evens<>+4(SB)/4, $2
DATA evens<>+8(SB)/4, $4
DATA evens<>+12(SB)/4, $6
DATA evens<>+16(SB)/4, $8
DATA evens<>+20(SB)/4, $10
DATA evens<>+24(SB)/4, $12
DATA evens<>+28(SB)/4, $14
GLOBL evens<>(SB), RODATA|NOPTR, $32

DATA sixteen<>+0(SB)/8, $0x0000001000000010
DATA sixteen<>+8(SB)/8, $0x0000001000000010
DATA sixteen<>+16(SB)/8, $0x0000001000000010
DATA sixteen<>+24(SB)/8, $0x0000001000000010
GLOBL sixteen<>(SB), RODATA|NOPTR, $32

// BCAST sets the int32 lanes of Y to the 32-bit register R.
#define BCAST(R, X, Y) VMOVQ R, X; VPBROADCASTD X, Y

// TAKE makes the candidate V the window's maximum where it is larger
// than the maximum so far (Y9), ordered, or is NaN, and then its offset
// in the window (S) the selected one (Y8): the scalar loop's test, v >
// best || v != v.
#define TAKE(V, S) \
	VCMPPS    $0x1e, Y9, V, Y0; \
	VCMPPS    $0x03, V, V, Y2; \
	VORPS     Y2, Y0, Y0; \
	VBLENDVPS Y0, V, Y9, Y9; \
	VBLENDVPS Y0, S, Y8, Y8

// LOADROW loads row R of the block (SI + R·lds) into Y, or zeros past the
// rows there are.
#define LOADROW(R, Y) \
	VXORPS Y, Y, Y; \
	CMPQ   BX, $R; \
	JLE    2(PC); \
	VMOVUPS (R9), Y; \
	ADDQ   AX, R9

// ADDROW adds the eight float32s of Y, widened, to the sums in Y0 (the
// first four) and Y1.
#define ADDROW(Y, X) \
	VCVTPS2PD    X, Y2; \
	VADDPD       Y2, Y0, Y0; \
	VEXTRACTF128 $1, Y, X3; \
	VCVTPS2PD    X3, Y3; \
	VADDPD       Y3, Y1, Y1

// ROWMASKS sets, for the columns Y0 of a block: Y1 to those in
// [wlo, whi) (Y14 holds wlo−1, Y13 whi) and Y3 to those below n (Y12).
#define ROWMASKS \
	VPCMPGTD Y14, Y0, Y1; \
	VPCMPGTD Y0, Y13, Y2; \
	VPAND    Y2, Y1, Y1; \
	VPCMPGTD Y0, Y12, Y3

// SETUP loads the registers ROWMASKS and the loops use: Y15 the lanes,
// Y11 eight, and the bounds; R9 the row stride of the plane in bytes.
#define SETUP \
	VMOVDQU lane<>+0(SB), Y15; \
	MOVQ    $8, AX; BCAST(AX, X11, Y11); \
	MOVQ    wlo+48(FP), AX; DECQ AX; BCAST(AX, X14, Y14); \
	MOVQ    whi+56(FP), AX; BCAST(AX, X13, Y13); \
	MOVQ    n+40(FP), CX; BCAST(CX, X12, Y12); \
	MOVQ    ldp+16(FP), R9; SHLQ $2, R9; \
	MOVQ    at+8(FP), AX; SHLQ $2, AX; \
	MOVQ    plane+0(FP), SI; ADDQ AX, SI; \
	MOVQ    row+24(FP), DI; \
	MOVQ    rows+32(FP), BX

// BCASTM broadcasts the int argument A into the int32 lanes of Y.
#define BCASTM(A, X, Y) MOVQ A, AX; BCAST(AX, X, Y)

// func maxPool2s(src unsafe.Pointer, w int, dst, arg unsafe.Pointer, ho, wo int)
// Pools the 2×2 windows at stride 2 of the plane src (w columns) into dst
// (ho rows of wo), and writes to arg where in src each maximum is: the
// first one of its window in the order (0,0), (0,1), (1,0), (1,1), a later
// value taking over only when it is larger or NaN. ho, wo ≥ 1, 2·wo ≤ w.
TEXT ·maxPool2s(SB), NOSPLIT, $0-48
	MOVQ    src+0(FP), SI
	MOVQ    w+8(FP), DX
	MOVQ    dst+16(FP), DI
	MOVQ    arg+24(FP), R8
	MOVQ    ho+32(FP), BX
	MOVQ    wo+40(FP), R9
	VMOVDQU lane<>+0(SB), Y15
	VMOVDQU lane<>+32(SB), Y10
	MOVQ    $1, AX
	BCAST(AX, X14, Y14)
	BCAST(DX, X13, Y13)
	LEAQ    1(DX), AX
	BCAST(AX, X12, Y12)
	XORQ    CX, CX     // top: the index in src of the row pair
	SHLQ    $2, DX     // w in bytes

mprow:
	MOVQ    SI, R10
	LEAQ    (SI)(DX*1), R11
	MOVQ    DI, R12
	MOVQ    R8, R13
	MOVQ    R9, R14 // outputs left in the row
	BCAST(CX, X11, Y11)
	VPADDD  evens<>(SB), Y11, Y11 // index of each window's (0,0)

mpblock:
	MOVQ       $8, AX
	CMPQ       R14, AX
	CMOVQLT    R14, AX
	BCAST(AX, X0, Y0)
	VPCMPGTD   Y15, Y0, Y1 // outputs to store
	VPADDD     Y0, Y0, Y0
	VPCMPGTD   Y15, Y0, Y3 // inputs 0..7 to load
	VPCMPGTD   Y10, Y0, Y4 // inputs 8..15
	VMASKMOVPS (R10), Y3, Y5
	VMASKMOVPS 32(R10), Y4, Y6
	VMASKMOVPS (R11), Y3, Y7
	VMASKMOVPS 32(R11), Y4, Y8
	VSHUFPS    $0x88, Y6, Y5, Y9 // (0,0) of outputs 0 1 4 5 | 2 3 6 7
	VSHUFPS    $0xdd, Y6, Y5, Y5 // (0,1)
	VSHUFPS    $0x88, Y8, Y7, Y6 // (1,0)
	VSHUFPS    $0xdd, Y8, Y7, Y7 // (1,1)
	VPXOR      Y8, Y8, Y8
	TAKE(Y5, Y14)
	TAKE(Y6, Y13)
	TAKE(Y7, Y12)
	VPERMPD    $0xd8, Y9, Y9 // outputs 0..7 in order
	VPERMPD    $0xd8, Y8, Y8
	VPADDD     Y11, Y8, Y8
	VMASKMOVPS Y9, Y1, (R12)
	VMASKMOVPS Y8, Y1, (R13)
	ADDQ       $64, R10
	ADDQ       $64, R11
	ADDQ       $32, R12
	ADDQ       $32, R13
	VPADDD     sixteen<>(SB), Y11, Y11
	SUBQ       $8, R14
	JGT        mpblock

	LEAQ (SI)(DX*2), SI
	LEAQ (DI)(R9*4), DI
	LEAQ (R8)(R9*4), R8
	MOVQ DX, AX
	SHRQ $1, AX // 2·w in floats
	ADDQ AX, CX
	DECQ BX
	JNZ  mprow
	VZEROUPPER
	RET

// func transposeSum8s(src unsafe.Pointer, lds, rows int, dst unsafe.Pointer, ldd, blocks int, sums *[8]float64)
// Transposes rows (1..8) rows of src, rows lds apart, 8·blocks columns,
// as if zero rows made them 8, into 8·blocks rows of dst, 8 columns each,
// rows ldd apart; and adds each column of dst, in float64 row by row in
// order, into sums. blocks ≥ 1.
TEXT ·transposeSum8s(SB), NOSPLIT, $0-56
	MOVQ src+0(FP), SI
	MOVQ lds+8(FP), AX
	SHLQ $2, AX
	MOVQ rows+16(FP), BX
	MOVQ dst+24(FP), DI
	MOVQ ldd+32(FP), DX
	SHLQ $2, DX
	MOVQ blocks+40(FP), CX
	MOVQ sums+48(FP), R10
	LEAQ (DX)(DX*2), R8 // 3·ldd

tsloop:
	MOVQ SI, R9
	LOADROW(0, Y0)
	LOADROW(1, Y1)
	LOADROW(2, Y2)
	LOADROW(3, Y3)
	LOADROW(4, Y4)
	LOADROW(5, Y5)
	LOADROW(6, Y6)
	LOADROW(7, Y7)

	TRANSPOSE8

	VMOVUPD (R10), Y0
	VMOVUPD 32(R10), Y1
	ADDROW(Y8, X8)
	ADDROW(Y9, X9)
	ADDROW(Y10, X10)
	ADDROW(Y11, X11)
	ADDROW(Y12, X12)
	ADDROW(Y13, X13)
	ADDROW(Y14, X14)
	ADDROW(Y15, X15)
	VMOVUPD Y0, (R10)
	VMOVUPD Y1, 32(R10)

	ADDQ $32, SI
	LEAQ (DI)(DX*8), DI
	DECQ CX
	JNZ  tsloop
	VZEROUPPER
	RET

// func col2imRow32(plane unsafe.Pointer, ldp int, cols unsafe.Pointer, ld, rows, w, wo, kw, pad int)
// Folds the rows of cols of one kernel row (kernel columns j < kw, rows ld
// apart) back into the plane at stride 1 across: for t < rows and iw < w,
// plane[t·ldp + iw] gets cols[j·ld + t·wo + iw − j + pad] added for each j
// in order where 0 ≤ iw − j + pad < wo: p = p + v, as the scalar loop
// does, the sum of one j at a time. rows, w, wo, kw ≥ 1.
TEXT ·col2imRow32(SB), NOSPLIT, $0-72
	VMOVDQU lane<>+0(SB), Y15
	BCASTM(w+40(FP), X14, Y14)
	MOVQ    pad+64(FP), AX
	NOTQ    AX // −pad − 1
	BCAST(AX, X13, Y13)
	MOVQ    wo+48(FP), AX
	SUBQ    pad+64(FP), AX
	BCAST(AX, X12, Y12)
	BCASTM($1, X11, Y11)
	BCASTM($8, X10, Y10)
	MOVQ    plane+0(FP), DI
	MOVQ    ldp+8(FP), R9
	SHLQ    $2, R9
	MOVQ    pad+64(FP), AX
	MOVQ    cols+16(FP), SI
	LEAQ    (SI)(AX*4), SI // column 0 of the plane in kernel column 0
	MOVQ    ld+24(FP), R8
	SHLQ    $2, R8
	SUBQ    $4, R8 // from kernel column j to j+1
	MOVQ    rows+32(FP), BX
	MOVQ    wo+48(FP), CX
	SHLQ    $2, CX // from one output row to the next in cols

c2ipair: // two rows at once, their chains interleaved
	CMPQ    BX, $2
	JLT     c2irow
	MOVQ    DI, R10
	MOVQ    SI, R14
	MOVQ    w+40(FP), R13
	VMOVDQA Y15, Y0

c2i2block:
	VPCMPGTD   Y0, Y14, Y1
	VMASKMOVPS (R10), Y1, Y2
	VMASKMOVPS (R10)(R9*1), Y1, Y9
	VMOVDQA    Y13, Y3
	VMOVDQA    Y12, Y4
	MOVQ       R14, R11
	MOVQ       kw+56(FP), R12

c2i2j:
	VPCMPGTD   Y3, Y0, Y5
	VPCMPGTD   Y0, Y4, Y6
	VPAND      Y6, Y5, Y5
	VPAND      Y1, Y5, Y5
	VMASKMOVPS (R11), Y5, Y7
	VMASKMOVPS (R11)(CX*1), Y5, Y8
	VADDPS     Y7, Y2, Y7
	VADDPS     Y8, Y9, Y8
	VBLENDVPS  Y5, Y7, Y2, Y2
	VBLENDVPS  Y5, Y8, Y9, Y9
	VPADDD     Y11, Y3, Y3
	VPADDD     Y11, Y4, Y4
	ADDQ       R8, R11
	DECQ       R12
	JNZ        c2i2j

	VMASKMOVPS Y2, Y1, (R10)
	VMASKMOVPS Y9, Y1, (R10)(R9*1)
	ADDQ       $32, R10
	ADDQ       $32, R14
	VPADDD     Y10, Y0, Y0
	SUBQ       $8, R13
	JGT        c2i2block

	LEAQ (DI)(R9*2), DI
	LEAQ (SI)(CX*2), SI
	SUBQ $2, BX
	JMP  c2ipair

c2irow:
	TESTQ   BX, BX
	JZ      c2idone
	MOVQ    DI, R10
	MOVQ    SI, R14
	MOVQ    w+40(FP), R13
	VMOVDQA Y15, Y0

c2iblock:
	VPCMPGTD   Y0, Y14, Y1 // in the plane
	VMASKMOVPS (R10), Y1, Y2
	VMOVDQA    Y13, Y3
	VMOVDQA    Y12, Y4
	MOVQ       R14, R11
	MOVQ       kw+56(FP), R12

c2ij:
	VPCMPGTD   Y3, Y0, Y5 // iw − j + pad ≥ 0
	VPCMPGTD   Y0, Y4, Y6 // iw − j + pad < wo
	VPAND      Y6, Y5, Y5
	VPAND      Y1, Y5, Y5
	VMASKMOVPS (R11), Y5, Y7
	VADDPS     Y7, Y2, Y8
	VBLENDVPS  Y5, Y8, Y2, Y2
	VPADDD     Y11, Y3, Y3
	VPADDD     Y11, Y4, Y4
	ADDQ       R8, R11
	DECQ       R12
	JNZ        c2ij

	VMASKMOVPS Y2, Y1, (R10)
	ADDQ       $32, R10
	ADDQ       $32, R14
	VPADDD     Y10, Y0, Y0
	SUBQ       $8, R13
	JGT        c2iblock

	ADDQ R9, DI
	ADDQ CX, SI
	DECQ BX
	JMP  c2irow

c2idone:
	VZEROUPPER
	RET

// func im2colRows32(plane unsafe.Pointer, at, ldp int, row unsafe.Pointer, rows, n, wlo, whi int)
// Row r < rows of row (n floats each, one after another) gets, in column
// ow, plane[at + r·ldp + ow] for wlo ≤ ow < whi and 0 elsewhere.
// rows, n ≥ 1.
TEXT ·im2colRows32(SB), NOSPLIT, $0-64
	SETUP

i2crow:
	MOVQ    SI, R10
	MOVQ    DI, R11
	MOVQ    CX, R12
	VMOVDQA Y15, Y0

i2cblock:
	ROWMASKS
	VMASKMOVPS (R10), Y1, Y4
	VMASKMOVPS Y4, Y3, (R11)
	ADDQ       $32, R10
	ADDQ       $32, R11
	VPADDD     Y11, Y0, Y0
	SUBQ       $8, R12
	JGT        i2cblock

	ADDQ R9, SI
	LEAQ (DI)(CX*4), DI
	DECQ BX
	JNZ  i2crow
	VZEROUPPER
	RET
