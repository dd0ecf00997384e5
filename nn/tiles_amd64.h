// The bodies of the tile and panel kernels of simd_amd64.s (float64) and
// simd32_amd64.s (float32), which differ only in their INIT, STEP and
// STORE macros and in SHIFT, log2 of the element size in bytes.

// TILE: the body of tile4xW(k int, a0, a1, a2, a3 unsafe.Pointer, al int,
// b unsafe.Pointer, bl int, c0, c1, c2, c3, bias unsafe.Pointer, acc bool).
#define TILE(INIT, STEP, STORE, SHIFT) \
	MOVQ k+0(FP), CX; \
	MOVQ a0+8(FP), R8; MOVQ a1+16(FP), R9; MOVQ a2+24(FP), R10; MOVQ a3+32(FP), R11; \
	MOVQ al+40(FP), R12; SHLQ $SHIFT, R12; \
	MOVQ b+48(FP), SI; \
	MOVQ bl+56(FP), R13; SHLQ $SHIFT, R13; \
	MOVQ bias+96(FP), AX; \
	INIT; \
	XORL AX, AX; \
loop: \
	STEP; \
	JNZ loop; \
	MOVQ c0+64(FP), R8; MOVQ c1+72(FP), R9; MOVQ c2+80(FP), R10; MOVQ c3+88(FP), R11; \
	MOVBLZX acc+104(FP), AX; \
	STORE; \
	VZEROUPPER; \
	RET

// PANEL: the body of panel4xW(groups, k int, a unsafe.Pointer, ai, al int,
// b unsafe.Pointer, bl int, c unsafe.Pointer, ldc int, bias unsafe.Pointer,
// acc bool). DI and DX walk A and C by 4 rows, BX counts the groups.
#define PANEL(INIT, STEP, STORE, SHIFT) \
	MOVQ groups+0(FP), BX; \
	MOVQ a+16(FP), DI; \
	MOVQ c+56(FP), DX; \
	MOVQ al+32(FP), R12; SHLQ $SHIFT, R12; \
	MOVQ bl+48(FP), R13; SHLQ $SHIFT, R13; \
group: \
	MOVQ ai+24(FP), AX; SHLQ $SHIFT, AX; \
	MOVQ DI, R8; LEAQ (R8)(AX*1), R9; LEAQ (R9)(AX*1), R10; LEAQ (R10)(AX*1), R11; LEAQ (R11)(AX*1), DI; \
	MOVQ b+40(FP), SI; \
	MOVQ k+8(FP), CX; \
	MOVQ bias+72(FP), AX; \
	INIT; \
	XORL AX, AX; \
loop: \
	STEP; \
	JNZ loop; \
	MOVQ ldc+64(FP), AX; SHLQ $SHIFT, AX; \
	MOVQ DX, R8; LEAQ (R8)(AX*1), R9; LEAQ (R9)(AX*1), R10; LEAQ (R10)(AX*1), R11; LEAQ (R11)(AX*1), DX; \
	MOVBLZX acc+80(FP), AX; \
	STORE; \
	DECQ BX; \
	JNZ group; \
	VZEROUPPER; \
	RET
