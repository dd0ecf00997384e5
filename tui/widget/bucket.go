package widget

import "math"

// BucketMode says how Bucket reduces the points of one bucket.
type BucketMode int

const (
	// BucketMean averages the finite points: the trend of a noisy curve.
	BucketMean BucketMode = iota
	// BucketMin keeps the smallest finite point.
	BucketMin
	// BucketMax keeps the largest finite point, so a single spike survives
	// downsampling (the "max envelope").
	BucketMax
)

// Bucket shrinks points to at most n values. It splits points into n
// contiguous buckets of nearly equal size (bucket i holds
// points[i*len/n : (i+1)*len/n]) and reduces each with mode. NaN and ±Inf
// are ignored; a bucket without a finite point yields NaN, so the result
// never holds an infinity. When len(points) <= n every point is its own
// bucket (non-finite points become NaN). n <= 0 or no points gives nil.
func Bucket(points []float64, n int, mode BucketMode) []float64 {
	if n <= 0 || len(points) == 0 {
		return nil
	}
	if n > len(points) {
		n = len(points)
	}
	out := make([]float64, n)
	bucketInto(out, points, len(points), mode)
	return out
}

// bucketInto fills dst with len(dst) buckets over a virtual series of total
// points of which pts is a prefix (a run that is behind the others): buckets
// past the end of pts are NaN.
func bucketInto(dst, pts []float64, total int, mode BucketMode) {
	n := len(dst)
	for i := range dst {
		lo := i * total / n
		hi := (i + 1) * total / n
		if hi > len(pts) {
			hi = len(pts)
		}
		if lo >= hi {
			dst[i] = math.NaN()
			continue
		}
		dst[i] = reduce(pts, lo, hi, mode)
	}
}

func reduce(pts []float64, lo, hi int, mode BucketMode) float64 {
	acc, cnt := 0.0, 0
	// v-v == 0 holds exactly for finite v (NaN-NaN and Inf-Inf are NaN).
	switch mode {
	case BucketMin:
		for _, v := range pts[lo:hi] {
			if v-v == 0 && (cnt == 0 || v < acc) {
				acc = v
				cnt++
			}
		}
	case BucketMax:
		for _, v := range pts[lo:hi] {
			if v-v == 0 && (cnt == 0 || v > acc) {
				acc = v
				cnt++
			}
		}
	default:
		for _, v := range pts[lo:hi] {
			if v-v == 0 {
				acc += v
				cnt++
			}
		}
	}
	if cnt == 0 {
		return math.NaN()
	}
	if mode == BucketMean {
		return acc / float64(cnt)
	}
	return acc
}

// resample maps pts (a prefix of a virtual series of total points) onto n
// evenly spaced sample positions covering indices 0..total-1, linearly
// interpolating between neighbours (next to a non-finite point the nearest
// point is taken, so lone points stay visible); positions past the end of
// pts, or nearest to a non-finite point, are NaN. A single-point series lands on position 0
// only.
func resample(dst, pts []float64, total int) {
	n := len(dst)
	for i := range dst {
		dst[i] = math.NaN()
	}
	if total <= 1 || n == 1 {
		if len(pts) > 0 && finite(pts[0]) {
			dst[0] = pts[0]
		}
		return
	}
	for i := range dst {
		p := float64(i) * float64(total-1) / float64(n-1)
		j := int(math.Floor(p))
		f := p - float64(j)
		if j >= len(pts) {
			break
		}
		a := pts[j]
		if f < 1e-9 {
			if finite(a) {
				dst[i] = a
			}
			continue
		}
		b := math.NaN() // past the end of a run that is behind
		if j+1 < len(pts) {
			b = pts[j+1]
		}
		switch {
		case finite(a) && finite(b):
			dst[i] = a + (b-a)*f
		case f < 0.5 && finite(a):
			dst[i] = a // next to a gap: nearest point, so lone points show
		case f >= 0.5 && finite(b):
			dst[i] = b
		}
	}
}
