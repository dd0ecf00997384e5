package data

import (
	"math"
	"slices"
	"strings"
	"testing"
)

func TestFillRows(t *testing.T) {
	s, err := Generate("regression2d", Options{N: 40, Features: []string{"xy"}, Seed: 2})
	if err != nil {
		t.Fatal(err)
	}
	sp := s.Train
	idx := []int{7, 0, 19, 7}
	x := make([]float64, len(idx)*sp.D)
	y := make([]float64, len(idx))
	sp.Fill(idx, x, nil, y)
	for r, i := range idx {
		if !sameBits(x[r*3:r*3+3], sp.X[i*3:i*3+3]) || y[r] != sp.Y[i] {
			t.Errorf("batch row %d = %v → %v; want sample %d = %v → %v", r, x[r*3:r*3+3], y[r], i, sp.X[i*3:i*3+3], sp.Y[i])
		}
	}
	if got := sp.Row(nil, 19); !sameBits(got, sp.X[57:60]) {
		t.Errorf("Row(19) = %v, want %v", got, sp.X[57:60])
	}
}

func TestFillLabelsAndPixels(t *testing.T) {
	sp := Split{N: 3, D: 2, Pix: []byte{0, 255, 51, 102, 1, 254}, Labels: []int{4, 5, 6}}
	x := make([]float64, 4)
	lab := make([]int, 2)
	sp.Fill([]int{2, 1}, x, lab, nil)
	want := []float64{1.0 / 255, 254.0 / 255, 0.2, 0.4}
	if !sameBits(x, want) || !slices.Equal(lab, []int{6, 5}) {
		t.Errorf("Fill = %v %v; want %v [6 5]", x, lab, want)
	}
	if img := sp.Image(1); !slices.Equal(img, []byte{51, 102}) {
		t.Errorf("Image(1) = %v", img)
	}
	if (&Split{N: 1, D: 1, X: []float64{1}}).Image(0) != nil {
		t.Error("Image of a split without pixels is not nil")
	}
}

// TestFill32: Fill32 gives every input of Fill rounded to float32 (image
// bytes b/255 correctly rounded), with the same labels and targets.
func TestFill32(t *testing.T) {
	reg, err := Generate("regression2d", Options{N: 40, Features: []string{"xy"}, Seed: 2})
	if err != nil {
		t.Fatal(err)
	}
	pix := Split{N: 3, D: 2, Pix: []byte{0, 255, 51, 102, 1, 254}, Labels: []int{4, 5, 6}}
	for _, sp := range []*Split{&reg.Train, &pix} {
		idx := []int{2, 0, 1, 2}
		x, x32 := make([]float64, len(idx)*sp.D), make([]float32, len(idx)*sp.D)
		lab, lab32 := make([]int, len(idx)), make([]int, len(idx))
		y, y32 := make([]float64, len(idx)), make([]float64, len(idx))
		sp.Fill(idx, x, lab, y)
		sp.Fill32(idx, x32, lab32, y32)
		for i, v := range x {
			if x32[i] != float32(v) {
				t.Errorf("Fill32 value %d = %v, want float32(%v)", i, x32[i], v)
			}
		}
		if !slices.Equal(lab, lab32) || !sameBits(y, y32) {
			t.Errorf("Fill32 labels %v targets %v, Fill %v %v", lab32, y32, lab, y)
		}
	}
	x := make([]float32, 2)
	pix.Fill32([]int{1}, x, nil, nil)
	if x[0] != float32(51)/255 {
		t.Errorf("Fill32 of byte 51 = %v, want %v", x[0], float32(51)/255)
	}
}

func TestFillAllocatesNothing(t *testing.T) {
	g, _ := Generate("spiral", Options{N: 500, Features: []string{"x2", "sinx"}, Seed: 1})
	r, _ := Generate("regression", Options{N: 500, Seed: 1})
	f, err := LoadFashion("", FashionOptions{Embedded: true, Train: 200, Test: 10})
	if err != nil {
		t.Fatal(err)
	}
	idx := []int{3, 1, 4, 1, 5, 9, 2, 6, 53, 58, 97, 93, 23, 84, 62, 64}
	x := make([]float64, len(idx)*784)
	lab := make([]int, len(idx))
	y := make([]float64, len(idx))
	for _, c := range []struct {
		name string
		sp   *Split
	}{{"spiral", &g.Train}, {"regression", &r.Train}, {"fashion", &f.Train}} {
		n := testing.AllocsPerRun(100, func() { c.sp.Fill(idx, x, lab, y) })
		if n != 0 {
			t.Errorf("%s: Fill allocates %v times per call", c.name, n)
		}
		x32 := make([]float32, len(x))
		if n := testing.AllocsPerRun(100, func() { c.sp.Fill32(idx, x32, lab, y) }); n != 0 {
			t.Errorf("%s: Fill32 allocates %v times per call", c.name, n)
		}
	}
	var dst [4]float64
	if n := testing.AllocsPerRun(100, func() { g.PointRow(dst[:], 0.1, 0.2) }); n != 0 {
		t.Errorf("PointRow allocates %v times per call", n)
	}
}

func TestFromRows(t *testing.T) {
	s, err := FromRows(
		[][]float64{{0, 0}, {0, 1}, {1, 0}, {1, 1}}, [][]float64{{0}, {1}, {1}, {0}},
		[][]float64{{0.5, 0.5}}, [][]float64{{2}}, true)
	if err != nil {
		t.Fatal(err)
	}
	if s.Classes != 3 || s.Inputs != 2 || s.Train.N != 4 || s.Test.N != 1 || !slices.Equal(s.Train.Labels, []int{0, 1, 1, 0}) ||
		!slices.Equal(s.ClassNames, []string{"0", "1", "2"}) || s.Test.X[1] != 0.5 {
		t.Errorf("classification set = %+v", s)
	}
	s, err = FromRows([][]float64{{1}, {2}, {3}}, [][]float64{{1, 2}, {3, 4}, {5, 6}}, nil, nil, false)
	if err != nil {
		t.Fatal(err)
	}
	if s.Outputs != 2 || s.Classes != 0 || !slices.Equal(s.Train.Y, []float64{1, 2, 3, 4, 5, 6}) || s.Test.N != 0 {
		t.Errorf("regression set = %+v", s)
	}
	var dst [1]float64
	if got := s.PointRow(dst[:], 0.3, 9); len(got) != 1 || got[0] != 0.3 {
		t.Errorf("PointRow on 1-D inline data = %v", got)
	}
	// Fill on an empty test split is harmless.
	s.Test.Fill(nil, nil, nil, nil)
}

func TestFromRowsErrors(t *testing.T) {
	in := [][]float64{{0, 0}, {0, 1}, {1, 0}, {1, 1}}
	cases := []struct {
		in, tg, tin, ttg [][]float64
		class            bool
		want             string
	}{
		{nil, nil, nil, nil, true, "data.inputs: no rows"},
		{in, [][]float64{{0}, {1}, {1}, {0, 1}}, nil, nil, true, "data.targets[3]: has 2 values, want 1"},
		{in, [][]float64{{0}, {1}, {1}}, nil, nil, true, "data.targets: has 3 rows but data.inputs has 4"},
		{in, [][]float64{{0}, {1.5}, {1}, {0}}, nil, nil, true, "data.targets[1]: class 1.5 is not allowed; want an integer 0..999"},
		{in, [][]float64{{0}, {-1}, {1}, {0}}, nil, nil, true, "data.targets[1]: class -1"},
		{[][]float64{{0, 0}, {1}}, [][]float64{{0}, {1}}, nil, nil, true, "data.inputs[1]: has 1 values, want 2"},
		{[][]float64{{0, math.Inf(1)}}, [][]float64{{0}}, nil, nil, true, "data.inputs[0][1]: is +Inf; want a finite number"},
		{in, [][]float64{{0}, {1}, {1}, {0}}, [][]float64{{1, 2, 3}}, [][]float64{{0}}, true, "data.test_inputs[0]: has 3 values, want 2"},
		{in, [][]float64{{0}, {1}, {1}, {0}}, nil, [][]float64{{0}}, true, "data.test_inputs: missing"},
		{in, [][]float64{{0}, {1}, {1}, {0}}, [][]float64{{1, 2}}, nil, true, "data.test_targets: has 0 rows but data.test_inputs has 1"},
		{in, [][]float64{{0, 1}, {1, 1}, {1}, {0, 1}}, nil, nil, false, "data.targets[2]: has 1 values, want 2"},
		{in, [][]float64{{0}, {1}, {math.NaN()}, {0}}, nil, nil, false, "data.targets[2][0]: is NaN"},
	}
	for i, c := range cases {
		_, err := FromRows(c.in, c.tg, c.tin, c.ttg, c.class)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("case %d: err = %v; want it to contain %q", i, err, c.want)
		}
	}
}

// HoldOut moves the first k training samples into the validation split,
// sharing their memory and keeping the rest in order; it refuses to leave
// no training sample. ValidationRows checks inline rows as FromRows does
// and adds classes its labels name.
func TestHeldOutValidation(t *testing.T) {
	s, err := Generate("moons", Options{N: 100, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	train := s.Train
	if err := s.HoldOut(train.N); err == nil {
		t.Error("holding out every training sample was accepted")
	}
	if err := s.HoldOut(10); err != nil {
		t.Fatal(err)
	}
	if s.Val.N != 10 || s.Train.N != train.N-10 || &s.Val.X[0] != &train.X[0] || &s.Train.X[0] != &train.X[10*train.D] ||
		s.Val.Labels[3] != train.Labels[3] || s.Train.Labels[0] != train.Labels[10] || !strings.Contains(s.Note, "10 of the training samples held out for validation") {
		t.Errorf("validation %d, train %d (of %d); note %q", s.Val.N, s.Train.N, train.N, s.Note)
	}
	in, err := FromRows([][]float64{{1}, {2}}, [][]float64{{0}, {1}}, nil, nil, true)
	if err != nil {
		t.Fatal(err)
	}
	if err := in.ValidationRows([][]float64{{1, 2}}, [][]float64{{0}}); err == nil || !strings.Contains(err.Error(), "data.validation_inputs[0]: has 2 values, want 1") {
		t.Errorf("a validation row of the wrong width: %v", err)
	}
	if err := in.ValidationRows([][]float64{{3}}, [][]float64{{4}}); err != nil || in.Val.N != 1 || in.Classes != 5 || in.ClassNames[4] != "4" {
		t.Errorf("validation label 4: %v, %d classes %v", err, in.Classes, in.ClassNames)
	}
}
