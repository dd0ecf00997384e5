//go:build amd64 && !purego

#include "textflag.h"
#include "tiles_amd64.h"
#include "transpose_amd64.h"

// The float32 twins of simd_amd64.s: eight lanes a register where the
// float64 kernels have four. The tiles compute a block of 4 rows of C, w
// columns wide (w = 16, 8 or 4), as the float64 tiles do (same arguments,
// same registers, strides in float32s):
//
//	acc(r, 0..w) = [bias(0..w)] + Σ_l A(r, l)·B(l, 0..w)
//	C(r, 0..w)   = acc, or C + acc when acc is set
//
// Every element of C is one chain of fused multiply-adds over l in order,
// whichever tile width computes it, so a product split into blocks of
// columns or rows gives the same bits as the whole.

#define INIT16 \
	TESTQ AX, AX; JZ 4(PC); \
	VMOVUPS (AX), Y0; VMOVUPS 32(AX), Y1; JMP 3(PC); \
	VXORPS Y0, Y0, Y0; VXORPS Y1, Y1, Y1; \
	VMOVAPS Y0, Y2; VMOVAPS Y1, Y3; VMOVAPS Y0, Y4; VMOVAPS Y1, Y5; VMOVAPS Y0, Y6; VMOVAPS Y1, Y7

#define INIT8 \
	TESTQ AX, AX; JZ 3(PC); \
	VMOVUPS (AX), Y0; JMP 2(PC); \
	VXORPS Y0, Y0, Y0; \
	VMOVAPS Y0, Y1; VMOVAPS Y0, Y2; VMOVAPS Y0, Y3

#define INIT4 \
	TESTQ AX, AX; JZ 3(PC); \
	VMOVUPS (AX), X0; JMP 2(PC); \
	VXORPS X0, X0, X0; \
	VMOVAPS X0, X1; VMOVAPS X0, X2; VMOVAPS X0, X3

#define ADVANCE \
	ADDQ R12, AX; ADDQ R13, SI; DECQ CX

#define STEP16 \
	VMOVUPS (SI), Y8; VMOVUPS 32(SI), Y9; \
	VBROADCASTSS (R8)(AX*1), Y10; VFMADD231PS Y8, Y10, Y0; VFMADD231PS Y9, Y10, Y1; \
	VBROADCASTSS (R9)(AX*1), Y11; VFMADD231PS Y8, Y11, Y2; VFMADD231PS Y9, Y11, Y3; \
	VBROADCASTSS (R10)(AX*1), Y12; VFMADD231PS Y8, Y12, Y4; VFMADD231PS Y9, Y12, Y5; \
	VBROADCASTSS (R11)(AX*1), Y13; VFMADD231PS Y8, Y13, Y6; VFMADD231PS Y9, Y13, Y7; \
	ADVANCE

#define STEP8 \
	VMOVUPS (SI), Y8; \
	VBROADCASTSS (R8)(AX*1), Y10; VFMADD231PS Y8, Y10, Y0; \
	VBROADCASTSS (R9)(AX*1), Y11; VFMADD231PS Y8, Y11, Y1; \
	VBROADCASTSS (R10)(AX*1), Y12; VFMADD231PS Y8, Y12, Y2; \
	VBROADCASTSS (R11)(AX*1), Y13; VFMADD231PS Y8, Y13, Y3; \
	ADVANCE

#define STEP4 \
	VMOVUPS (SI), X8; \
	VBROADCASTSS (R8)(AX*1), X10; VFMADD231PS X8, X10, X0; \
	VBROADCASTSS (R9)(AX*1), X11; VFMADD231PS X8, X11, X1; \
	VBROADCASTSS (R10)(AX*1), X12; VFMADD231PS X8, X12, X2; \
	VBROADCASTSS (R11)(AX*1), X13; VFMADD231PS X8, X13, X3; \
	ADVANCE

#define STORE16 \
	TESTQ AX, AX; JZ 9(PC); \
	VADDPS (R8), Y0, Y0; VADDPS 32(R8), Y1, Y1; VADDPS (R9), Y2, Y2; VADDPS 32(R9), Y3, Y3; \
	VADDPS (R10), Y4, Y4; VADDPS 32(R10), Y5, Y5; VADDPS (R11), Y6, Y6; VADDPS 32(R11), Y7, Y7; \
	VMOVUPS Y0, (R8); VMOVUPS Y1, 32(R8); VMOVUPS Y2, (R9); VMOVUPS Y3, 32(R9); \
	VMOVUPS Y4, (R10); VMOVUPS Y5, 32(R10); VMOVUPS Y6, (R11); VMOVUPS Y7, 32(R11)

#define STORE8 \
	TESTQ AX, AX; JZ 5(PC); \
	VADDPS (R8), Y0, Y0; VADDPS (R9), Y1, Y1; VADDPS (R10), Y2, Y2; VADDPS (R11), Y3, Y3; \
	VMOVUPS Y0, (R8); VMOVUPS Y1, (R9); VMOVUPS Y2, (R10); VMOVUPS Y3, (R11)

#define STORE4 \
	TESTQ AX, AX; JZ 5(PC); \
	VADDPS (R8), X0, X0; VADDPS (R9), X1, X1; VADDPS (R10), X2, X2; VADDPS (R11), X3, X3; \
	VMOVUPS X0, (R8); VMOVUPS X1, (R9); VMOVUPS X2, (R10); VMOVUPS X3, (R11)

// func tile4x16s(k int, a0, a1, a2, a3 *float32, al int, b *float32, bl int, c0, c1, c2, c3 *float32, bias *float32, acc bool)
TEXT ·tile4x16s(SB), NOSPLIT, $0-105
	TILE(INIT16, STEP16, STORE16, 2)

// func tile4x8s(k int, a0, a1, a2, a3 *float32, al int, b *float32, bl int, c0, c1, c2, c3 *float32, bias *float32, acc bool)
TEXT ·tile4x8s(SB), NOSPLIT, $0-105
	TILE(INIT8, STEP8, STORE8, 2)

// func tile4x4s(k int, a0, a1, a2, a3 *float32, al int, b *float32, bl int, c0, c1, c2, c3 *float32, bias *float32, acc bool)
TEXT ·tile4x4s(SB), NOSPLIT, $0-105
	TILE(INIT4, STEP4, STORE4, 2)

// func panel4x16s(groups, k int, a *float32, ai, al int, b *float32, bl int, c *float32, ldc int, bias *float32, acc bool)
TEXT ·panel4x16s(SB), NOSPLIT, $0-81
	PANEL(INIT16, STEP16, STORE16, 2)

// func panel4x8s(groups, k int, a *float32, ai, al int, b *float32, bl int, c *float32, ldc int, bias *float32, acc bool)
TEXT ·panel4x8s(SB), NOSPLIT, $0-81
	PANEL(INIT8, STEP8, STORE8, 2)

// func panel4x4s(groups, k int, a *float32, ai, al int, b *float32, bl int, c *float32, ldc int, bias *float32, acc bool)
TEXT ·panel4x4s(SB), NOSPLIT, $0-81
	PANEL(INIT4, STEP4, STORE4, 2)

// func reluVec32(a, z *float32, n int)
// a[i] = max(z[i], +0) for i < n (n a positive multiple of 8); +0 for NaN
// and −0, as reluVec.
TEXT ·reluVec32(SB), NOSPLIT, $0-24
	MOVQ   a+0(FP), DI
	MOVQ   z+8(FP), SI
	MOVQ   n+16(FP), CX
	SHRQ   $3, CX
	VXORPS Y7, Y7, Y7

relu32loop:
	VMOVUPS (SI), Y0
	VMAXPS  Y7, Y0, Y0
	VMOVUPS Y0, (DI)
	ADDQ    $32, SI
	ADDQ    $32, DI
	DECQ    CX
	JNZ     relu32loop
	VZEROUPPER
	RET

// func reluBackVec32(dz, da, z *float32, n int)
// dz[i] = da[i] where z[i] > 0 (ordered), else +0, for i < n (n a positive
// multiple of 8).
TEXT ·reluBackVec32(SB), NOSPLIT, $0-32
	MOVQ   dz+0(FP), DI
	MOVQ   da+8(FP), SI
	MOVQ   z+16(FP), BX
	MOVQ   n+24(FP), CX
	SHRQ   $3, CX
	VXORPS Y7, Y7, Y7

rb32loop:
	VMOVUPS (BX), Y0
	VCMPPS  $0x1e, Y7, Y0, Y0 // z > 0, ordered, quiet
	VANDPS  (SI), Y0, Y0
	VMOVUPS Y0, (DI)
	ADDQ    $32, BX
	ADDQ    $32, SI
	ADDQ    $32, DI
	DECQ    CX
	JNZ     rb32loop
	VZEROUPPER
	RET

// func sumSqVec32(x *float32, n int, k float64) (s, q float64)
// s = Σ(x[i]−k), q = Σ(x[i]−k)² in float64 for i < n (n a positive
// multiple of 8): each float32 widened exactly, then as sumSqVec, in four
// interleaved sums each.
TEXT ·sumSqVec32(SB), NOSPLIT, $0-40
	MOVQ         x+0(FP), SI
	MOVQ         n+8(FP), CX
	VBROADCASTSD k+16(FP), Y12
	VXORPD       Y0, Y0, Y0
	VXORPD       Y1, Y1, Y1
	VXORPD       Y2, Y2, Y2
	VXORPD       Y3, Y3, Y3
	VXORPD       Y4, Y4, Y4
	VXORPD       Y5, Y5, Y5
	VXORPD       Y6, Y6, Y6
	VXORPD       Y7, Y7, Y7
	MOVQ         CX, DX
	SHRQ         $4, CX
	JZ           sq32tail

sq32loop:
	VCVTPS2PD   (SI), Y8
	VCVTPS2PD   16(SI), Y9
	VCVTPS2PD   32(SI), Y10
	VCVTPS2PD   48(SI), Y11
	VSUBPD      Y12, Y8, Y8
	VSUBPD      Y12, Y9, Y9
	VSUBPD      Y12, Y10, Y10
	VSUBPD      Y12, Y11, Y11
	VADDPD      Y8, Y0, Y0
	VADDPD      Y9, Y1, Y1
	VADDPD      Y10, Y2, Y2
	VADDPD      Y11, Y3, Y3
	VFMADD231PD Y8, Y8, Y4
	VFMADD231PD Y9, Y9, Y5
	VFMADD231PD Y10, Y10, Y6
	VFMADD231PD Y11, Y11, Y7
	ADDQ        $64, SI
	DECQ        CX
	JNZ         sq32loop

sq32tail:
	ANDQ        $8, DX // one block of 8 left, or none
	JZ          sq32sum
	VCVTPS2PD   (SI), Y8
	VCVTPS2PD   16(SI), Y9
	VSUBPD      Y12, Y8, Y8
	VSUBPD      Y12, Y9, Y9
	VADDPD      Y8, Y0, Y0
	VADDPD      Y9, Y1, Y1
	VFMADD231PD Y8, Y8, Y4
	VFMADD231PD Y9, Y9, Y5

sq32sum:
	VADDPD       Y1, Y0, Y0
	VADDPD       Y3, Y2, Y2
	VADDPD       Y2, Y0, Y0
	VADDPD       Y5, Y4, Y4
	VADDPD       Y7, Y6, Y6
	VADDPD       Y6, Y4, Y4
	VEXTRACTF128 $1, Y0, X1
	VADDPD       X1, X0, X0
	VUNPCKHPD    X0, X0, X1
	VADDSD       X1, X0, X0
	VEXTRACTF128 $1, Y4, X5
	VADDPD       X5, X4, X4
	VUNPCKHPD    X4, X4, X5
	VADDSD       X5, X4, X4
	VZEROUPPER
	MOVSD        X0, s+24(FP)
	MOVSD        X4, q+32(FP)
	RET

// func colSumVec32(s, x *float32, rows, w, n int)
// s[j] = Σ_r x[r·w + j] for j < n (n a positive multiple of 8, n ≤ w,
// rows ≥ 1), four rows at a time into four sums, as colSumVec.
TEXT ·colSumVec32(SB), NOSPLIT, $0-40
	MOVQ s+0(FP), DI
	MOVQ x+8(FP), BX
	MOVQ w+24(FP), R8
	SHLQ $2, R8
	MOVQ n+32(FP), R9
	SHRQ $3, R9

cs32block:
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
	MOVQ   BX, SI
	MOVQ   rows+16(FP), CX
	CMPQ   CX, $4
	JLT    cs32one

cs32four:
	VADDPS (SI), Y0, Y0
	ADDQ   R8, SI
	VADDPS (SI), Y1, Y1
	ADDQ   R8, SI
	VADDPS (SI), Y2, Y2
	ADDQ   R8, SI
	VADDPS (SI), Y3, Y3
	ADDQ   R8, SI
	SUBQ   $4, CX
	CMPQ   CX, $4
	JGE    cs32four
	TESTQ  CX, CX
	JZ     cs32done

cs32one:
	VADDPS (SI), Y0, Y0
	ADDQ   R8, SI
	DECQ   CX
	JNZ    cs32one

cs32done:
	VADDPS  Y1, Y0, Y0
	VADDPS  Y3, Y2, Y2
	VADDPS  Y2, Y0, Y0
	VMOVUPS Y0, (DI)
	ADDQ    $32, DI
	ADDQ    $32, BX
	DECQ    R9
	JNZ     cs32block
	VZEROUPPER
	RET

// func adamVec32(val, grad, m, v *float32, n int, c *[8]float32) (upd float64)
// adamVec in float32, eight parameters at a time (n a positive multiple of
// 8); Σd² is summed in float64.
TEXT ·adamVec32(SB), NOSPLIT, $0-56
	MOVQ         val+0(FP), DI
	MOVQ         grad+8(FP), SI
	MOVQ         m+16(FP), DX
	MOVQ         v+24(FP), R8
	MOVQ         n+32(FP), CX
	SHRQ         $3, CX
	MOVQ         c+40(FP), AX
	VBROADCASTSS (AX), Y6
	VBROADCASTSS 4(AX), Y7
	VBROADCASTSS 8(AX), Y8
	VBROADCASTSS 12(AX), Y9
	VBROADCASTSS 16(AX), Y10
	VBROADCASTSS 20(AX), Y11
	VBROADCASTSS 24(AX), Y12
	VBROADCASTSS 28(AX), Y13
	VXORPD       Y0, Y0, Y0
	VXORPD       Y14, Y14, Y14

adam32loop:
	VMOVUPS      (DI), Y5
	VMOVUPS      (SI), Y1
	VFMADD231PS  Y12, Y5, Y1 // g += wd·val
	VMULPS       (DX), Y6, Y2
	VFMADD231PS  Y1, Y7, Y2  // m = b1·m + (1−b1)·g
	VMOVUPS      Y2, (DX)
	VMULPS       Y1, Y1, Y4
	VMULPS       (R8), Y8, Y3
	VFMADD231PS  Y4, Y9, Y3  // v = b2·v + (1−b2)·g²
	VMOVUPS      Y3, (R8)
	VSQRTPS      Y3, Y4
	VFMADD213PS  Y13, Y11, Y4 // √v·(1/bc2) + eps
	VMULPS       Y2, Y10, Y1
	VDIVPS       Y4, Y1, Y1   // d
	VSUBPS       Y1, Y5, Y5
	VMOVUPS      Y5, (DI)
	VCVTPS2PD    X1, Y15
	VFMADD231PD  Y15, Y15, Y0
	VEXTRACTF128 $1, Y1, X1
	VCVTPS2PD    X1, Y15
	VFMADD231PD  Y15, Y15, Y14
	ADDQ         $32, DI
	ADDQ         $32, SI
	ADDQ         $32, DX
	ADDQ         $32, R8
	DECQ         CX
	JNZ          adam32loop

	VADDPD       Y14, Y0, Y0
	VEXTRACTF128 $1, Y0, X1
	VADDPD       X1, X0, X0
	VUNPCKHPD    X0, X0, X1
	VADDSD       X1, X0, X0
	VZEROUPPER
	MOVSD        X0, upd+48(FP)
	RET

// func transpose8s(src unsafe.Pointer, lds int, dst unsafe.Pointer, ldd int, blocks int)
// Transposes blocks 8×8 blocks of float32s side by side: block b is rows
// 0..7 of src, columns 8b..8b+7 (rows lds apart), and goes to rows
// 8b..8b+7 of dst, columns 0..7 (rows ldd apart). blocks ≥ 1.
TEXT ·transpose8s(SB), NOSPLIT, $0-40
	MOVQ src+0(FP), SI
	MOVQ lds+8(FP), AX
	SHLQ $2, AX
	MOVQ dst+16(FP), DI
	MOVQ ldd+24(FP), DX
	SHLQ $2, DX
	MOVQ blocks+32(FP), CX
	LEAQ (AX)(AX*2), BX // 3·lds
	LEAQ (DX)(DX*2), R8 // 3·ldd

tr8loop:
	MOVQ    SI, R9
	VMOVUPS (R9), Y0
	VMOVUPS (R9)(AX*1), Y1
	VMOVUPS (R9)(AX*2), Y2
	VMOVUPS (R9)(BX*1), Y3
	LEAQ    (R9)(AX*4), R9
	VMOVUPS (R9), Y4
	VMOVUPS (R9)(AX*1), Y5
	VMOVUPS (R9)(AX*2), Y6
	VMOVUPS (R9)(BX*1), Y7

	TRANSPOSE8

	ADDQ $32, SI
	LEAQ (DI)(DX*8), DI
	DECQ CX
	JNZ  tr8loop
	VZEROUPPER
	RET
