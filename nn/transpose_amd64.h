// The 8×8 float32 transpose shared by transpose8s (simd32_amd64.s) and
// transposeSum8s (window32_amd64.s).

// TRANSPOSE8 transposes the rows in Y0..Y7 into Y8..Y15 (Y8 holds column
// 0) and stores them as 8 rows of dst from DI, DX bytes apart (R8 holds
// 3·DX; R9 is overwritten).
#define TRANSPOSE8 \
	VUNPCKLPS Y1, Y0, Y8; \
	VUNPCKHPS Y1, Y0, Y9; \
	VUNPCKLPS Y3, Y2, Y10; \
	VUNPCKHPS Y3, Y2, Y11; \
	VUNPCKLPS Y5, Y4, Y12; \
	VUNPCKHPS Y5, Y4, Y13; \
	VUNPCKLPS Y7, Y6, Y14; \
	VUNPCKHPS Y7, Y6, Y15; \
	VSHUFPS $0x44, Y10, Y8, Y0; \
	VSHUFPS $0xee, Y10, Y8, Y1; \
	VSHUFPS $0x44, Y11, Y9, Y2; \
	VSHUFPS $0xee, Y11, Y9, Y3; \
	VSHUFPS $0x44, Y14, Y12, Y4; \
	VSHUFPS $0xee, Y14, Y12, Y5; \
	VSHUFPS $0x44, Y15, Y13, Y6; \
	VSHUFPS $0xee, Y15, Y13, Y7; \
	VPERM2F128 $0x20, Y4, Y0, Y8; \
	VPERM2F128 $0x20, Y5, Y1, Y9; \
	VPERM2F128 $0x20, Y6, Y2, Y10; \
	VPERM2F128 $0x20, Y7, Y3, Y11; \
	VPERM2F128 $0x31, Y4, Y0, Y12; \
	VPERM2F128 $0x31, Y5, Y1, Y13; \
	VPERM2F128 $0x31, Y6, Y2, Y14; \
	VPERM2F128 $0x31, Y7, Y3, Y15; \
	MOVQ DI, R9; \
	VMOVUPS Y8, (R9); \
	VMOVUPS Y9, (R9)(DX*1); \
	VMOVUPS Y10, (R9)(DX*2); \
	VMOVUPS Y11, (R9)(R8*1); \
	LEAQ (R9)(DX*4), R9; \
	VMOVUPS Y12, (R9); \
	VMOVUPS Y13, (R9)(DX*1); \
	VMOVUPS Y14, (R9)(DX*2); \
	VMOVUPS Y15, (R9)(R8*1)
