//go:build amd64 && !purego

#include "textflag.h"
#include "tiles_amd64.h"

// AVX2/FMA tiles for the products of gemm.go (see mulTiles). Each computes
// a block of 4 rows of C, w columns wide (w = 8, 4 or 2):
//
//	acc(r, 0..w) = [bias(0..w)] + Σ_l A(r, l)·B(l, 0..w)
//	C(r, 0..w)   = acc, or C + acc when acc is set
//
// A(r, l) is at ar + l·al, B(l, j) at b + l·bl + j, strides in float64s.
// tile4xW takes one pointer per row of A and of C (rows may repeat: all of
// C is read before any of it is written); panel4xW does groups of 4 rows
// at a time, rows ai apart in A and ldc apart in C. k ≥ 1.
//
// Registers: R8–R11 the rows of A, then of C; AX the offset of column l in
// A's rows; R12 al, R13 bl (bytes); SI row l of B; CX the count of l. Y0–Y7
// accumulate, Y8–Y13 hold operands.

// INITw: the accumulators start at the bias row (AX) or 0 (AX nil).
#define INIT8 \
	TESTQ AX, AX; JZ 4(PC); \
	VMOVUPD (AX), Y0; VMOVUPD 32(AX), Y1; JMP 3(PC); \
	VXORPD Y0, Y0, Y0; VXORPD Y1, Y1, Y1; \
	VMOVAPD Y0, Y2; VMOVAPD Y1, Y3; VMOVAPD Y0, Y4; VMOVAPD Y1, Y5; VMOVAPD Y0, Y6; VMOVAPD Y1, Y7

#define INIT4 \
	TESTQ AX, AX; JZ 3(PC); \
	VMOVUPD (AX), Y0; JMP 2(PC); \
	VXORPD Y0, Y0, Y0; \
	VMOVAPD Y0, Y1; VMOVAPD Y0, Y2; VMOVAPD Y0, Y3

#define INIT2 \
	TESTQ AX, AX; JZ 3(PC); \
	VMOVUPD (AX), X0; JMP 2(PC); \
	VXORPD X0, X0, X0; \
	VMOVAPD X0, X1; VMOVAPD X0, X2; VMOVAPD X0, X3

#define ADVANCE \
	ADDQ R12, AX; ADDQ R13, SI; DECQ CX

// STEPw: one l of the sums.
#define STEP8 \
	VMOVUPD (SI), Y8; VMOVUPD 32(SI), Y9; \
	VBROADCASTSD (R8)(AX*1), Y10; VFMADD231PD Y8, Y10, Y0; VFMADD231PD Y9, Y10, Y1; \
	VBROADCASTSD (R9)(AX*1), Y11; VFMADD231PD Y8, Y11, Y2; VFMADD231PD Y9, Y11, Y3; \
	VBROADCASTSD (R10)(AX*1), Y12; VFMADD231PD Y8, Y12, Y4; VFMADD231PD Y9, Y12, Y5; \
	VBROADCASTSD (R11)(AX*1), Y13; VFMADD231PD Y8, Y13, Y6; VFMADD231PD Y9, Y13, Y7; \
	ADVANCE

#define STEP4 \
	VMOVUPD (SI), Y8; \
	VBROADCASTSD (R8)(AX*1), Y10; VFMADD231PD Y8, Y10, Y0; \
	VBROADCASTSD (R9)(AX*1), Y11; VFMADD231PD Y8, Y11, Y1; \
	VBROADCASTSD (R10)(AX*1), Y12; VFMADD231PD Y8, Y12, Y2; \
	VBROADCASTSD (R11)(AX*1), Y13; VFMADD231PD Y8, Y13, Y3; \
	ADVANCE

#define STEP2 \
	VMOVUPD (SI), X8; \
	VMOVDDUP (R8)(AX*1), X10; VFMADD231PD X8, X10, X0; \
	VMOVDDUP (R9)(AX*1), X11; VFMADD231PD X8, X11, X1; \
	VMOVDDUP (R10)(AX*1), X12; VFMADD231PD X8, X12, X2; \
	VMOVDDUP (R11)(AX*1), X13; VFMADD231PD X8, X13, X3; \
	ADVANCE

// STOREw: C rows in R8–R11; AX nonzero to add to C.
#define STORE8 \
	TESTQ AX, AX; JZ 9(PC); \
	VADDPD (R8), Y0, Y0; VADDPD 32(R8), Y1, Y1; VADDPD (R9), Y2, Y2; VADDPD 32(R9), Y3, Y3; \
	VADDPD (R10), Y4, Y4; VADDPD 32(R10), Y5, Y5; VADDPD (R11), Y6, Y6; VADDPD 32(R11), Y7, Y7; \
	VMOVUPD Y0, (R8); VMOVUPD Y1, 32(R8); VMOVUPD Y2, (R9); VMOVUPD Y3, 32(R9); \
	VMOVUPD Y4, (R10); VMOVUPD Y5, 32(R10); VMOVUPD Y6, (R11); VMOVUPD Y7, 32(R11)

#define STORE4 \
	TESTQ AX, AX; JZ 5(PC); \
	VADDPD (R8), Y0, Y0; VADDPD (R9), Y1, Y1; VADDPD (R10), Y2, Y2; VADDPD (R11), Y3, Y3; \
	VMOVUPD Y0, (R8); VMOVUPD Y1, (R9); VMOVUPD Y2, (R10); VMOVUPD Y3, (R11)

#define STORE2 \
	TESTQ AX, AX; JZ 5(PC); \
	VADDPD (R8), X0, X0; VADDPD (R9), X1, X1; VADDPD (R10), X2, X2; VADDPD (R11), X3, X3; \
	VMOVUPD X0, (R8); VMOVUPD X1, (R9); VMOVUPD X2, (R10); VMOVUPD X3, (R11)

// func tile4x8(k int, a0, a1, a2, a3 *float64, al int, b *float64, bl int, c0, c1, c2, c3 *float64, bias *float64, acc bool)
TEXT ·tile4x8(SB), NOSPLIT, $0-105
	TILE(INIT8, STEP8, STORE8, 3)

// func tile4x4(k int, a0, a1, a2, a3 *float64, al int, b *float64, bl int, c0, c1, c2, c3 *float64, bias *float64, acc bool)
TEXT ·tile4x4(SB), NOSPLIT, $0-105
	TILE(INIT4, STEP4, STORE4, 3)

// func tile4x2(k int, a0, a1, a2, a3 *float64, al int, b *float64, bl int, c0, c1, c2, c3 *float64, bias *float64, acc bool)
TEXT ·tile4x2(SB), NOSPLIT, $0-105
	TILE(INIT2, STEP2, STORE2, 3)

// func panel4x8(groups, k int, a *float64, ai, al int, b *float64, bl int, c *float64, ldc int, bias *float64, acc bool)
TEXT ·panel4x8(SB), NOSPLIT, $0-81
	PANEL(INIT8, STEP8, STORE8, 3)

// func panel4x4(groups, k int, a *float64, ai, al int, b *float64, bl int, c *float64, ldc int, bias *float64, acc bool)
TEXT ·panel4x4(SB), NOSPLIT, $0-81
	PANEL(INIT4, STEP4, STORE4, 3)

// func panel4x2(groups, k int, a *float64, ai, al int, b *float64, bl int, c *float64, ldc int, bias *float64, acc bool)
TEXT ·panel4x2(SB), NOSPLIT, $0-81
	PANEL(INIT2, STEP2, STORE2, 3)

// func cpuid(leaf, sub uint32) (a, b, c, d uint32)
TEXT ·cpuid(SB), NOSPLIT, $0-24
	MOVL leaf+0(FP), AX
	MOVL sub+4(FP), CX
	CPUID
	MOVL AX, a+8(FP)
	MOVL BX, b+12(FP)
	MOVL CX, c+16(FP)
	MOVL DX, d+20(FP)
	RET

// func xgetbv() (lo, hi uint32)
TEXT ·xgetbv(SB), NOSPLIT, $0-8
	MOVL $0, CX
	XGETBV
	MOVL AX, lo+0(FP)
	MOVL DX, hi+4(FP)
	RET

// func reluVec(a, z *float64, n int)
// a[i] = max(z[i], +0) for i < n (n a positive multiple of 4). VMAXPD
// returns its second source, +0, for NaN and for −0, as the scalar code does.
TEXT ·reluVec(SB), NOSPLIT, $0-24
	MOVQ   a+0(FP), DI
	MOVQ   z+8(FP), SI
	MOVQ   n+16(FP), CX
	SHRQ   $2, CX
	VXORPD Y7, Y7, Y7

reluloop:
	VMOVUPD (SI), Y0
	VMAXPD  Y7, Y0, Y0
	VMOVUPD Y0, (DI)
	ADDQ    $32, SI
	ADDQ    $32, DI
	DECQ    CX
	JNZ     reluloop
	VZEROUPPER
	RET

// func reluBackVec(dz, da, z *float64, n int)
// dz[i] = da[i] where z[i] > 0 (ordered: not for NaN), else +0, for i < n
// (n a positive multiple of 4).
TEXT ·reluBackVec(SB), NOSPLIT, $0-32
	MOVQ   dz+0(FP), DI
	MOVQ   da+8(FP), SI
	MOVQ   z+16(FP), BX
	MOVQ   n+24(FP), CX
	SHRQ   $2, CX
	VXORPD Y7, Y7, Y7

rbloop:
	VMOVUPD (BX), Y0
	VCMPPD  $0x1e, Y7, Y0, Y0 // z > 0, ordered, quiet
	VANDPD  (SI), Y0, Y0
	VMOVUPD Y0, (DI)
	ADDQ    $32, BX
	ADDQ    $32, SI
	ADDQ    $32, DI
	DECQ    CX
	JNZ     rbloop
	VZEROUPPER
	RET

// func sumSqVec(x *float64, n int, k float64) (s, q float64)
// s = Σ(x[i]−k), q = Σ(x[i]−k)² for i < n (n a positive multiple of 4), in
// four interleaved sums each (Y0–Y3 and Y4–Y7) so the adds overlap.
TEXT ·sumSqVec(SB), NOSPLIT, $0-40
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
	JZ           sqtail

sqloop:
	VMOVUPD     (SI), Y8
	VMOVUPD     32(SI), Y9
	VMOVUPD     64(SI), Y10
	VMOVUPD     96(SI), Y11
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
	ADDQ        $128, SI
	DECQ        CX
	JNZ         sqloop

sqtail:
	ANDQ        $12, DX // 0 to 3 blocks of 4 left
	JZ          sqsum

sqfour:
	VMOVUPD     (SI), Y8
	VSUBPD      Y12, Y8, Y8
	VADDPD      Y8, Y0, Y0
	VFMADD231PD Y8, Y8, Y4
	ADDQ        $32, SI
	SUBQ        $4, DX
	JNZ         sqfour

sqsum:
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

// func colSumVec(s, x *float64, rows, w, n int)
// s[j] = Σ_r x[r·w + j] for j < n (n a positive multiple of 4, n ≤ w,
// rows ≥ 1), four rows at a time into four sums.
TEXT ·colSumVec(SB), NOSPLIT, $0-40
	MOVQ s+0(FP), DI
	MOVQ x+8(FP), BX
	MOVQ w+24(FP), R8
	SHLQ $3, R8
	MOVQ n+32(FP), R9
	SHRQ $2, R9

csblock:
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3
	MOVQ   BX, SI
	MOVQ   rows+16(FP), CX
	CMPQ   CX, $4
	JLT    csone

csfour:
	VADDPD (SI), Y0, Y0
	ADDQ   R8, SI
	VADDPD (SI), Y1, Y1
	ADDQ   R8, SI
	VADDPD (SI), Y2, Y2
	ADDQ   R8, SI
	VADDPD (SI), Y3, Y3
	ADDQ   R8, SI
	SUBQ   $4, CX
	CMPQ   CX, $4
	JGE    csfour
	TESTQ  CX, CX
	JZ     csdone

csone:
	VADDPD (SI), Y0, Y0
	ADDQ   R8, SI
	DECQ   CX
	JNZ    csone

csdone:
	VADDPD  Y1, Y0, Y0
	VADDPD  Y3, Y2, Y2
	VADDPD  Y2, Y0, Y0
	VMOVUPD Y0, (DI)
	ADDQ    $32, DI
	ADDQ    $32, BX
	DECQ    R9
	JNZ     csblock
	VZEROUPPER
	RET

// func adamVec(val, grad, m, v *float64, n int, c *[8]float64) (upd float64)
// One Adam update of n parameters (n a positive multiple of 4), with
// c = b1, 1−b1, b2, 1−b2, lr/bc1, 1/bc2, weight decay, eps:
//
//	g = grad + wd·val; m = b1·m + (1−b1)·g; v = b2·v + (1−b2)·g²
//	d = (lr/bc1)·m / (√v·(1/bc2) + eps); val −= d; upd = Σd²
TEXT ·adamVec(SB), NOSPLIT, $0-56
	MOVQ         val+0(FP), DI
	MOVQ         grad+8(FP), SI
	MOVQ         m+16(FP), DX
	MOVQ         v+24(FP), R8
	MOVQ         n+32(FP), CX
	SHRQ         $2, CX
	MOVQ         c+40(FP), AX
	VBROADCASTSD (AX), Y6
	VBROADCASTSD 8(AX), Y7
	VBROADCASTSD 16(AX), Y8
	VBROADCASTSD 24(AX), Y9
	VBROADCASTSD 32(AX), Y10
	VBROADCASTSD 40(AX), Y11
	VBROADCASTSD 48(AX), Y12
	VBROADCASTSD 56(AX), Y13
	VXORPD       Y0, Y0, Y0

adamloop:
	VMOVUPD     (DI), Y5
	VMOVUPD     (SI), Y1
	VFMADD231PD Y12, Y5, Y1 // g += wd·val
	VMULPD      (DX), Y6, Y2
	VFMADD231PD Y1, Y7, Y2  // m = b1·m + (1−b1)·g
	VMOVUPD     Y2, (DX)
	VMULPD      Y1, Y1, Y4
	VMULPD      (R8), Y8, Y3
	VFMADD231PD Y4, Y9, Y3  // v = b2·v + (1−b2)·g²
	VMOVUPD     Y3, (R8)
	VSQRTPD     Y3, Y4
	VFMADD213PD Y13, Y11, Y4 // √v·(1/bc2) + eps
	VMULPD      Y2, Y10, Y1
	VDIVPD      Y4, Y1, Y1   // d
	VSUBPD      Y1, Y5, Y5
	VMOVUPD     Y5, (DI)
	VFMADD231PD Y1, Y1, Y0
	ADDQ        $32, DI
	ADDQ        $32, SI
	ADDQ        $32, DX
	ADDQ        $32, R8
	DECQ        CX
	JNZ         adamloop

	VEXTRACTF128 $1, Y0, X1
	VADDPD       X1, X0, X0
	VUNPCKHPD    X0, X0, X1
	VADDSD       X1, X0, X0
	VZEROUPPER
	MOVSD        X0, upd+48(FP)
	RET

// Constants of softmax2Vec, each four times (a vector).
// log2(e)
DATA softmax2c<>+0(SB)/8, $0x3ff71547652b82fe
DATA softmax2c<>+8(SB)/8, $0x3ff71547652b82fe
DATA softmax2c<>+16(SB)/8, $0x3ff71547652b82fe
DATA softmax2c<>+24(SB)/8, $0x3ff71547652b82fe
// 1.5·2⁵², rounds to integers
DATA softmax2c<>+32(SB)/8, $0x4338000000000000
DATA softmax2c<>+40(SB)/8, $0x4338000000000000
DATA softmax2c<>+48(SB)/8, $0x4338000000000000
DATA softmax2c<>+56(SB)/8, $0x4338000000000000
// ln2, high part
DATA softmax2c<>+64(SB)/8, $0x3fe62e42fee00000
DATA softmax2c<>+72(SB)/8, $0x3fe62e42fee00000
DATA softmax2c<>+80(SB)/8, $0x3fe62e42fee00000
DATA softmax2c<>+88(SB)/8, $0x3fe62e42fee00000
// ln2, low part
DATA softmax2c<>+96(SB)/8, $0x3dea39ef35793c76
DATA softmax2c<>+104(SB)/8, $0x3dea39ef35793c76
DATA softmax2c<>+112(SB)/8, $0x3dea39ef35793c76
DATA softmax2c<>+120(SB)/8, $0x3dea39ef35793c76
// 1
DATA softmax2c<>+128(SB)/8, $0x3ff0000000000000
DATA softmax2c<>+136(SB)/8, $0x3ff0000000000000
DATA softmax2c<>+144(SB)/8, $0x3ff0000000000000
DATA softmax2c<>+152(SB)/8, $0x3ff0000000000000
// 700: beyond, rows go to Go
DATA softmax2c<>+160(SB)/8, $0x4085e00000000000
DATA softmax2c<>+168(SB)/8, $0x4085e00000000000
DATA softmax2c<>+176(SB)/8, $0x4085e00000000000
DATA softmax2c<>+184(SB)/8, $0x4085e00000000000
// |x| mask
DATA softmax2c<>+192(SB)/8, $0x7fffffffffffffff
DATA softmax2c<>+200(SB)/8, $0x7fffffffffffffff
DATA softmax2c<>+208(SB)/8, $0x7fffffffffffffff
DATA softmax2c<>+216(SB)/8, $0x7fffffffffffffff
// exponent bias 1023
DATA softmax2c<>+224(SB)/8, $0x00000000000003ff
DATA softmax2c<>+232(SB)/8, $0x00000000000003ff
DATA softmax2c<>+240(SB)/8, $0x00000000000003ff
DATA softmax2c<>+248(SB)/8, $0x00000000000003ff
// 1/13!
DATA softmax2c<>+256(SB)/8, $0x3de6124613a86d09
DATA softmax2c<>+264(SB)/8, $0x3de6124613a86d09
DATA softmax2c<>+272(SB)/8, $0x3de6124613a86d09
DATA softmax2c<>+280(SB)/8, $0x3de6124613a86d09
// 1/12!
DATA softmax2c<>+288(SB)/8, $0x3e21eed8eff8d898
DATA softmax2c<>+296(SB)/8, $0x3e21eed8eff8d898
DATA softmax2c<>+304(SB)/8, $0x3e21eed8eff8d898
DATA softmax2c<>+312(SB)/8, $0x3e21eed8eff8d898
// 1/11!
DATA softmax2c<>+320(SB)/8, $0x3e5ae64567f544e4
DATA softmax2c<>+328(SB)/8, $0x3e5ae64567f544e4
DATA softmax2c<>+336(SB)/8, $0x3e5ae64567f544e4
DATA softmax2c<>+344(SB)/8, $0x3e5ae64567f544e4
// 1/10!
DATA softmax2c<>+352(SB)/8, $0x3e927e4fb7789f5c
DATA softmax2c<>+360(SB)/8, $0x3e927e4fb7789f5c
DATA softmax2c<>+368(SB)/8, $0x3e927e4fb7789f5c
DATA softmax2c<>+376(SB)/8, $0x3e927e4fb7789f5c
// 1/9!
DATA softmax2c<>+384(SB)/8, $0x3ec71de3a556c734
DATA softmax2c<>+392(SB)/8, $0x3ec71de3a556c734
DATA softmax2c<>+400(SB)/8, $0x3ec71de3a556c734
DATA softmax2c<>+408(SB)/8, $0x3ec71de3a556c734
// 1/8!
DATA softmax2c<>+416(SB)/8, $0x3efa01a01a01a01a
DATA softmax2c<>+424(SB)/8, $0x3efa01a01a01a01a
DATA softmax2c<>+432(SB)/8, $0x3efa01a01a01a01a
DATA softmax2c<>+440(SB)/8, $0x3efa01a01a01a01a
// 1/7!
DATA softmax2c<>+448(SB)/8, $0x3f2a01a01a01a01a
DATA softmax2c<>+456(SB)/8, $0x3f2a01a01a01a01a
DATA softmax2c<>+464(SB)/8, $0x3f2a01a01a01a01a
DATA softmax2c<>+472(SB)/8, $0x3f2a01a01a01a01a
// 1/6!
DATA softmax2c<>+480(SB)/8, $0x3f56c16c16c16c17
DATA softmax2c<>+488(SB)/8, $0x3f56c16c16c16c17
DATA softmax2c<>+496(SB)/8, $0x3f56c16c16c16c17
DATA softmax2c<>+504(SB)/8, $0x3f56c16c16c16c17
// 1/5!
DATA softmax2c<>+512(SB)/8, $0x3f81111111111111
DATA softmax2c<>+520(SB)/8, $0x3f81111111111111
DATA softmax2c<>+528(SB)/8, $0x3f81111111111111
DATA softmax2c<>+536(SB)/8, $0x3f81111111111111
// 1/4!
DATA softmax2c<>+544(SB)/8, $0x3fa5555555555555
DATA softmax2c<>+552(SB)/8, $0x3fa5555555555555
DATA softmax2c<>+560(SB)/8, $0x3fa5555555555555
DATA softmax2c<>+568(SB)/8, $0x3fa5555555555555
// 1/3!
DATA softmax2c<>+576(SB)/8, $0x3fc5555555555555
DATA softmax2c<>+584(SB)/8, $0x3fc5555555555555
DATA softmax2c<>+592(SB)/8, $0x3fc5555555555555
DATA softmax2c<>+600(SB)/8, $0x3fc5555555555555
// 1/2!
DATA softmax2c<>+608(SB)/8, $0x3fe0000000000000
DATA softmax2c<>+616(SB)/8, $0x3fe0000000000000
DATA softmax2c<>+624(SB)/8, $0x3fe0000000000000
DATA softmax2c<>+632(SB)/8, $0x3fe0000000000000
// 1/1!
DATA softmax2c<>+640(SB)/8, $0x3ff0000000000000
DATA softmax2c<>+648(SB)/8, $0x3ff0000000000000
DATA softmax2c<>+656(SB)/8, $0x3ff0000000000000
DATA softmax2c<>+664(SB)/8, $0x3ff0000000000000
// 1/0!
DATA softmax2c<>+672(SB)/8, $0x3ff0000000000000
DATA softmax2c<>+680(SB)/8, $0x3ff0000000000000
DATA softmax2c<>+688(SB)/8, $0x3ff0000000000000
DATA softmax2c<>+696(SB)/8, $0x3ff0000000000000
GLOBL softmax2c<>(SB), RODATA|NOPTR, $704

// func softmax2Vec(a, z *float64, rows int) (bad int)
// Softmax of rows of two (rows a positive multiple of 4), four rows at a
// time, as softmax2 does it: e = exp(−|z1−z0|), the larger logit's share
// 1/(1+e), the other's e/(1+e). exp is the usual reduction x = k·ln2 + r,
// |r| ≤ ln2/2, e^r by its Taylor series to r¹³/13! (truncation below 1e-17)
// and 2^k put into the exponent bits. Rows whose logits are not finite or
// lie more than 700 apart (where e^x would leave the normal range) are
// counted in bad, and their results are to be redone by the caller.
TEXT ·softmax2Vec(SB), NOSPLIT, $0-32
	MOVQ   a+0(FP), DI
	MOVQ   z+8(FP), SI
	MOVQ   rows+16(FP), CX
	SHRQ   $2, CX
	XORQ   DX, DX
	LEAQ   softmax2c<>(SB), BX
	VXORPD Y13, Y13, Y13

sm2loop:
	VMOVUPD   (SI), Y0
	VMOVUPD   32(SI), Y1
	VUNPCKLPD Y1, Y0, Y2 // z0 of rows 0, 2, 1, 3
	VUNPCKHPD Y1, Y0, Y3 // z1 of the same rows
	VSUBPD    Y2, Y3, Y4 // d = z1 − z0
	VANDPD    192(BX), Y4, Y5
	VCMPPD    $0x12, 160(BX), Y5, Y6 // |d| ≤ 700, false for NaN
	VMOVMSKPD Y6, AX
	CMPQ      AX, $15
	JEQ       sm2ok
	INCQ      DX

sm2ok:
	VSUBPD       Y5, Y13, Y5 // x = −|d|
	VMOVUPD      (BX), Y6
	VFMADD213PD  32(BX), Y5, Y6 // x·log2(e) + 1.5·2⁵²: k in the low bits
	VSUBPD       32(BX), Y6, Y7 // k
	VMOVAPD      Y5, Y8
	VFNMADD231PD 64(BX), Y7, Y8 // r = x − k·ln2
	VFNMADD231PD 96(BX), Y7, Y8
	VMOVUPD     256(BX), Y9 // 1/13!
	VFMADD213PD 288(BX), Y8, Y9 // 1/12!
	VFMADD213PD 320(BX), Y8, Y9 // 1/11!
	VFMADD213PD 352(BX), Y8, Y9 // 1/10!
	VFMADD213PD 384(BX), Y8, Y9 // 1/9!
	VFMADD213PD 416(BX), Y8, Y9 // 1/8!
	VFMADD213PD 448(BX), Y8, Y9 // 1/7!
	VFMADD213PD 480(BX), Y8, Y9 // 1/6!
	VFMADD213PD 512(BX), Y8, Y9 // 1/5!
	VFMADD213PD 544(BX), Y8, Y9 // 1/4!
	VFMADD213PD 576(BX), Y8, Y9 // 1/3!
	VFMADD213PD 608(BX), Y8, Y9 // 1/2!
	VFMADD213PD 640(BX), Y8, Y9 // 1/1!
	VFMADD213PD 672(BX), Y8, Y9 // 1/0!
	VPADDQ       224(BX), Y6, Y10
	VPSLLQ       $52, Y10, Y10 // 2^k
	VMULPD       Y10, Y9, Y9   // e
	VADDPD       128(BX), Y9, Y10
	VMOVUPD      128(BX), Y11
	VDIVPD       Y10, Y11, Y11 // 1/(1+e)
	VMULPD       Y11, Y9, Y12  // e/(1+e)
	VCMPPD       $0x1e, Y13, Y4, Y6 // d > 0: z1 takes the larger share
	VBLENDVPD    Y6, Y12, Y11, Y0
	VBLENDVPD    Y6, Y11, Y12, Y1
	VUNPCKLPD    Y1, Y0, Y2
	VUNPCKHPD    Y1, Y0, Y3
	VMOVUPD      Y2, (DI)
	VMOVUPD      Y3, 32(DI)
	ADDQ         $64, SI
	ADDQ         $64, DI
	DECQ         CX
	JNZ          sm2loop
	VZEROUPPER
	MOVQ         DX, bad+24(FP)
	RET

// func transpose4d(src unsafe.Pointer, lds int, dst unsafe.Pointer, ldd int, blocks int)
// Transposes blocks 4×4 blocks of float64s side by side: block b is rows
// 0..3 of src, columns 4b..4b+3 (rows lds apart), and goes to rows
// 4b..4b+3 of dst, columns 0..3 (rows ldd apart). blocks ≥ 1.
TEXT ·transpose4d(SB), NOSPLIT, $0-40
	MOVQ src+0(FP), SI
	MOVQ lds+8(FP), AX
	SHLQ $3, AX
	MOVQ dst+16(FP), DI
	MOVQ ldd+24(FP), DX
	SHLQ $3, DX
	MOVQ blocks+32(FP), CX
	LEAQ (AX)(AX*2), BX // 3·lds
	LEAQ (DX)(DX*2), R8 // 3·ldd

tr4loop:
	VMOVUPD    (SI), Y0
	VMOVUPD    (SI)(AX*1), Y1
	VMOVUPD    (SI)(AX*2), Y2
	VMOVUPD    (SI)(BX*1), Y3
	VUNPCKLPD  Y1, Y0, Y4
	VUNPCKHPD  Y1, Y0, Y5
	VUNPCKLPD  Y3, Y2, Y6
	VUNPCKHPD  Y3, Y2, Y7
	VPERM2F128 $0x20, Y6, Y4, Y0
	VPERM2F128 $0x20, Y7, Y5, Y1
	VPERM2F128 $0x31, Y6, Y4, Y2
	VPERM2F128 $0x31, Y7, Y5, Y3
	VMOVUPD    Y0, (DI)
	VMOVUPD    Y1, (DI)(DX*1)
	VMOVUPD    Y2, (DI)(DX*2)
	VMOVUPD    Y3, (DI)(R8*1)
	ADDQ       $32, SI
	LEAQ       (DI)(DX*4), DI
	DECQ       CX
	JNZ        tr4loop
	VZEROUPPER
	RET
