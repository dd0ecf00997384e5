package data

import (
	"fmt"
	"math"
	"strconv"
)

// Split is one part (train or test) of a data set. Samples are rows.
type Split struct {
	N, D   int       // samples, input width
	X      []float64 // N×D row-major inputs; nil when Pix is used
	Pix    []byte    // N×D bytes (images), scaled to [0,1] as x/255 when a batch is filled
	Labels []int     // class index per sample (classification); nil for regression
	Y      []float64 // N×K targets for regression (K = Set.Outputs); nil for classification
}

// Set is a data set: its shape, its train, validation and test splits,
// and a note on where it came from. The validation split is empty unless
// HoldOut or ValidationRows filled it.
type Set struct {
	Name       string
	Inputs     int      // input width
	Classes    int      // number of classes; 0 for regression
	Outputs    int      // regression target width, 0 for classification
	ClassNames []string // e.g. Fashion-MNIST's "T-shirt/top", ...; "0","1" for 2-D sets
	Train      Split
	Val        Split
	Test       Split
	Note       string

	// Raw is the number of input columns before the derived Features: 2 for
	// the 2-D sets, 1 for regression, Inputs for loaded data.
	Raw int
	// Features lists the derived columns after the raw ones, in order.
	Features []string
	// ImageW and ImageH are the image size when samples are images
	// (Fashion-MNIST: 28×28); 0 otherwise.
	ImageW, ImageH int

	feats []feature
}

// scale255 and scale255f32 map a byte b to b/255.
var (
	scale255    = scaleTable[float64]()
	scale255f32 = scaleTable[float32]()
)

func scaleTable[F float32 | float64]() (t [256]F) {
	for i := range t {
		t[i] = F(float64(i) / 255)
	}
	return t
}

// Fill copies the samples idx into x (len(idx)×D) and, for classification,
// their labels into lab (len(idx)) or, for regression, their targets into y
// (len(idx)×K). lab or y may be nil to skip them. Image bytes are scaled to
// [0,1] as b/255. Fill allocates nothing. Like a slice expression, it panics
// when an index is out of range or a buffer is too short: both are
// programming errors, not bad input.
func (s *Split) Fill(idx []int, x []float64, lab []int, y []float64) {
	fill(s, idx, x, &scale255, lab, y)
}

// Fill32 is Fill with the inputs in float32 (for a float32 network): image
// bytes go straight to float32, other inputs are rounded to it.
func (s *Split) Fill32(idx []int, x []float32, lab []int, y []float64) {
	fill(s, idx, x, &scale255f32, lab, y)
}

func fill[F float32 | float64](s *Split, idx []int, x []F, scale *[256]F, lab []int, y []float64) {
	d := s.D
	x = x[:len(idx)*d]
	if s.Pix != nil {
		for r, i := range idx {
			src := s.Pix[i*d : i*d+d]
			dst := x[r*d : r*d+d]
			for j, b := range src {
				dst[j] = scale[b]
			}
		}
	} else {
		for r, i := range idx {
			dst := x[r*d : r*d+d]
			for j, v := range s.X[i*d : i*d+d] {
				dst[j] = F(v)
			}
		}
	}
	if lab != nil && s.Labels != nil {
		lab = lab[:len(idx)]
		for r, i := range idx {
			lab[r] = s.Labels[i]
		}
	}
	if y != nil && s.Y != nil && s.N > 0 {
		k := len(s.Y) / s.N
		y = y[:len(idx)*k]
		for r, i := range idx {
			copy(y[r*k:r*k+k], s.Y[i*k:i*k+k])
		}
	}
}

// Row writes sample i's inputs (images scaled to [0,1]) into dst, which
// grows when shorter than D, and returns dst[:D].
func (s *Split) Row(dst []float64, i int) []float64 {
	if cap(dst) < s.D {
		dst = make([]float64, s.D)
	}
	dst = dst[:s.D]
	s.Fill([]int{i}, dst, nil, nil)
	return dst
}

// Image returns sample i's raw bytes (shared, not copied), or nil when the
// split does not hold images.
func (s *Split) Image(i int) []byte {
	if s.Pix == nil {
		return nil
	}
	return s.Pix[i*s.D : i*s.D+s.D]
}

// HoldOut moves the first k training samples into the validation split
// (Val), which shares their memory. The training split keeps the rest, in
// order. The generated sets are shuffled and Fashion-MNIST's files are
// nearly balanced in any prefix, so the first k are a fair sample.
func (s *Set) HoldOut(k int) error {
	tr := s.Train
	if k < 0 || k >= tr.N {
		return fmt.Errorf("data.validation: %d of %d training samples held out leaves none to train on; want fewer", k, tr.N)
	}
	if k == 0 {
		return nil
	}
	s.Val, s.Train = tr.slice(0, k), tr.slice(k, tr.N)
	s.Note += fmt.Sprintf(", %d of the training samples held out for validation", k)
	return nil
}

// slice is samples [from, to) of sp, sharing its memory.
func (sp Split) slice(from, to int) Split {
	out := Split{N: to - from, D: sp.D}
	if sp.X != nil {
		out.X = sp.X[from*sp.D : to*sp.D]
	}
	if sp.Pix != nil {
		out.Pix = sp.Pix[from*sp.D : to*sp.D]
	}
	if sp.Labels != nil {
		out.Labels = sp.Labels[from:to]
	}
	if sp.Y != nil && sp.N > 0 {
		k := len(sp.Y) / sp.N
		out.Y = sp.Y[from*k : to*k]
	}
	return out
}

// ValidationRows makes the validation split of an inline set (FromRows)
// from rows given in a spec, checked as FromRows checks its rows; class
// indices above the set's classes add classes.
func (s *Set) ValidationRows(inputs, targets [][]float64) error {
	if len(inputs) == 0 && len(targets) == 0 {
		return nil
	}
	if len(inputs) == 0 {
		return fmt.Errorf("data.validation_inputs: missing while data.validation_targets has %d rows; give both or neither", len(targets))
	}
	k := max(s.Outputs, 1)
	v, err := rowsSplit("data.validation_inputs", "data.validation_targets", inputs, targets, s.Inputs, k, s.Classes > 0)
	if err != nil {
		return err
	}
	s.Val = v
	for _, l := range v.Labels {
		for s.Classes <= l {
			s.ClassNames = append(s.ClassNames, strconv.Itoa(s.Classes))
			s.Classes++
		}
	}
	return nil
}

// maxClasses bounds the class indices FromRows accepts.
const maxClasses = 1000

// FromRows builds a set named "inline" from rows given in a spec. Each input
// row is one sample. With classification, each target row is one
// non-negative integer class index; otherwise target rows are regression
// targets of one common width. testInputs and testTargets may both be empty
// (the test split is then empty). Errors name the field and row, e.g.
// "data.targets[3]: has 2 values, want 1".
func FromRows(inputs, targets, testInputs, testTargets [][]float64, classification bool) (*Set, error) {
	if len(inputs) == 0 {
		return nil, fmt.Errorf("data.inputs: no rows; want at least one row of input values")
	}
	d := len(inputs[0])
	if d == 0 {
		return nil, fmt.Errorf("data.inputs[0]: has no values; want at least one")
	}
	k := 1
	if !classification {
		if len(targets) > 0 {
			k = len(targets[0])
		}
		if k == 0 {
			return nil, fmt.Errorf("data.targets[0]: has no values; want at least one")
		}
	}
	s := &Set{Name: "inline", Inputs: d, Raw: d, Note: "inline data"}
	var err error
	if s.Train, err = rowsSplit("data.inputs", "data.targets", inputs, targets, d, k, classification); err != nil {
		return nil, err
	}
	if len(testInputs) > 0 || len(testTargets) > 0 {
		if len(testInputs) == 0 {
			return nil, fmt.Errorf("data.test_inputs: missing while data.test_targets has %d rows; give both or neither", len(testTargets))
		}
		if s.Test, err = rowsSplit("data.test_inputs", "data.test_targets", testInputs, testTargets, d, k, classification); err != nil {
			return nil, err
		}
	} else {
		s.Test = Split{D: d}
		if classification {
			s.Test.Labels = []int{}
		} else {
			s.Test.Y = []float64{}
		}
		s.Test.X = []float64{}
	}
	if classification {
		top := 0
		for _, l := range s.Train.Labels {
			top = max(top, l)
		}
		for _, l := range s.Test.Labels {
			top = max(top, l)
		}
		s.Classes = max(top+1, 2)
		s.ClassNames = make([]string, s.Classes)
		for i := range s.ClassNames {
			s.ClassNames[i] = strconv.Itoa(i)
		}
	} else {
		s.Outputs = k
	}
	return s, nil
}

func rowsSplit(inName, tgName string, in, tg [][]float64, d, k int, classification bool) (Split, error) {
	if len(tg) != len(in) {
		return Split{}, fmt.Errorf("%s: has %d rows but %s has %d; want one target row per input row", tgName, len(tg), inName, len(in))
	}
	sp := Split{N: len(in), D: d, X: make([]float64, 0, len(in)*d)}
	for i, row := range in {
		if len(row) != d {
			return Split{}, fmt.Errorf("%s[%d]: has %d values, want %d like data.inputs[0]", inName, i, len(row), d)
		}
		for j, v := range row {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return Split{}, fmt.Errorf("%s[%d][%d]: is %v; want a finite number", inName, i, j, v)
			}
		}
		sp.X = append(sp.X, row...)
	}
	if classification {
		sp.Labels = make([]int, len(tg))
		for i, row := range tg {
			if len(row) != 1 {
				return Split{}, fmt.Errorf("%s[%d]: has %d values, want 1 (a class index)", tgName, i, len(row))
			}
			v := row[0]
			if !(v >= 0 && v < maxClasses && v == math.Trunc(v)) {
				return Split{}, fmt.Errorf("%s[%d]: class %v is not allowed; want an integer 0..%d", tgName, i, v, maxClasses-1)
			}
			sp.Labels[i] = int(v)
		}
		return sp, nil
	}
	sp.Y = make([]float64, 0, len(tg)*k)
	for i, row := range tg {
		if len(row) != k {
			return Split{}, fmt.Errorf("%s[%d]: has %d values, want %d like data.targets[0]", tgName, i, len(row), k)
		}
		for j, v := range row {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return Split{}, fmt.Errorf("%s[%d][%d]: is %v; want a finite number", tgName, i, j, v)
			}
		}
		sp.Y = append(sp.Y, row...)
	}
	return sp, nil
}
