//go:build amd64 && !purego

#include "textflag.h"

// The float32 sliding-window kernels: 2×2 max pooling at stride 2. Every
// block of eight outputs goes through masked loads and stores, so that no
// kernel touches a float outside the ones its Go wrapper checked, whatever
// the widths.

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
