package nn

import "unsafe"

// Precision is the floating-point type a network computes in.
type Precision uint8

// The precisions. Float64 is the default and the one every exact check
// (PyTorch parity to 1e-9, the golden trajectories) holds for.
const (
	Float64 Precision = iota
	Float32
)

var precisionNames = []string{"float64", "float32"}

func (p Precision) String() string { return nameOf(precisionNames, int(p), "precision") }

// ParsePrecision reads a precision by its name (as String gives it).
func ParsePrecision(s string) (Precision, error) {
	return parseName[Precision](precisionNames, s, "precision")
}

// PrecisionNames lists the names ParsePrecision accepts.
func PrecisionNames() []string { return append([]string(nil), precisionNames...) }

// float is the element type of the generic core, instantiated twice.
// float32 and float64 have different GC shapes, so each instantiation is
// compiled for its type.
type float interface{ ~float32 | ~float64 }

// is64 reports whether T is 8 bytes wide (float64). The size of a type
// parameter is fixed per shape, so the test costs nothing at run time; it
// is how the core reaches the float64 assembly without boxing a slice.
func is64[T float]() bool {
	var x T
	return unsafe.Sizeof(x) == 8
}

// as64 and as32 view a []T as the slice it is; call them only after is64
// has said which.
func as64[T float](s []T) []float64 {
	return unsafe.Slice((*float64)(unsafe.Pointer(unsafe.SliceData(s))), len(s))
}

func as32[T float](s []T) []float32 {
	return unsafe.Slice((*float32)(unsafe.Pointer(unsafe.SliceData(s))), len(s))
}

// fromF64 views a []float64 as []T when T is float64.
func fromF64[T float](s []float64) []T {
	return unsafe.Slice((*T)(unsafe.Pointer(unsafe.SliceData(s))), len(s))
}

// fromF32 views a []float32 as []T when T is float32.
func fromF32[T float](s []float32) []T {
	return unsafe.Slice((*T)(unsafe.Pointer(unsafe.SliceData(s))), len(s))
}

// widen copies src into dst (of at least its length) as float64.
func widen[T float](dst []float64, src []T) []float64 {
	dst = dst[:len(src)]
	for i, v := range src {
		dst[i] = float64(v)
	}
	return dst
}

// narrow copies src into dst as T.
func narrow[T float](dst []T, src []float64) {
	dst = dst[:len(src)]
	for i, v := range src {
		dst[i] = T(v)
	}
}
