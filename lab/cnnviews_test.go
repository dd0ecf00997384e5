package lab

import (
	"context"
	"math"
	"testing"
	"time"
)

// lenetTrainer is fashion-lenet.yaml on the embedded subset, after steps
// training steps.
func lenetTrainer(t *testing.T, steps int) *Trainer {
	t.Helper()
	s := mustLoad(t, "testdata/fashion-lenet.yaml")
	s.Steps = steps
	tr, err := NewTrainer(s, embeddedFashion(t), "")
	if err != nil {
		t.Fatal(err)
	}
	for !tr.Finished() {
		tr.Step()
	}
	return tr
}

func TestConvFiltersAndFocus(t *testing.T) {
	tr := lenetTrainer(t, 20)
	fs := tr.ConvFilters()
	if len(fs) != 2 || fs[0].Layer != 0 || fs[1].Layer != 2 {
		t.Fatalf("filters of layers %+v, want layers 0 and 2", fs)
	}
	if f := fs[1]; f.Out != 16 || f.In != 6 || f.KH != 5 || f.KW != 5 || len(f.W) != 16*6*25 {
		t.Fatalf("second conv: %d×%d×%d×%d, %d values", f.Out, f.In, f.KH, f.KW, len(f.W))
	}
	w := tr.Net.Tensor(2, "weight")
	if k := fs[1].Kernel(3, 4); k[7] != w[(3*6+4)*25+7] {
		t.Errorf("Kernel(3, 4)[7] = %g, the network's weight is %g", k[7], w[(3*6+4)*25+7])
	}

	f := tr.FocusOn(7)
	if f == nil || f.Index != 7 || f.Images != tr.Set.Test.N || f.W != 28 || f.H != 28 || len(f.Maps) != 4 {
		t.Fatalf("focus %+v", f)
	}
	if f.Label != tr.Set.Test.Labels[7] {
		t.Errorf("label %d, the data say %d", f.Label, tr.Set.Test.Labels[7])
	}
	sum, best := 0.0, 0
	for c, p := range f.Probs {
		sum += p
		if p > f.Probs[best] {
			best = c
		}
	}
	if math.Abs(sum-1) > 1e-12 || best != f.Pred {
		t.Errorf("probabilities sum to %g, argmax %d, Pred %d", sum, best, f.Pred)
	}
	// The first map by hand: 5×5 kernels with padding 2 on the image
	// scaled to [0, 1], plus the bias, through ReLU.
	conv := f.Maps[0]
	if conv.Layer != 0 || conv.C != 6 || conv.H != 28 || conv.W != 28 {
		t.Fatalf("first map %d: %d×%d×%d", conv.Layer, conv.C, conv.H, conv.W)
	}
	b := tr.Net.Tensor(0, "bias")
	for _, c := range []int{0, 5} {
		k := fs[0].Kernel(c, 0)
		for _, p := range [][2]int{{0, 0}, {13, 9}, {27, 27}, {3, 26}} {
			y, x := p[0], p[1]
			z := b[c]
			for dy := 0; dy < 5; dy++ {
				for dx := 0; dx < 5; dx++ {
					iy, ix := y+dy-2, x+dx-2
					if iy >= 0 && iy < 28 && ix >= 0 && ix < 28 {
						z += k[dy*5+dx] * float64(f.Pix[iy*28+ix]) / 255
					}
				}
			}
			if got := conv.Map(c)[y*28+x]; math.Abs(got-math.Max(z, 0)) > 1e-12 {
				t.Errorf("conv map %d at (%d, %d) = %g, by hand %g", c, y, x, got, math.Max(z, 0))
			}
		}
	}
	// The pool after it: the largest of each 2×2 window.
	pool := f.Maps[1]
	if pool.Layer != 1 || pool.C != 6 || pool.H != 14 {
		t.Fatalf("second map: layer %d, %d×%d×%d", pool.Layer, pool.C, pool.H, pool.W)
	}
	for _, c := range []int{1, 4} {
		for _, p := range [][2]int{{0, 0}, {6, 11}, {13, 13}} {
			y, x := p[0], p[1]
			m := conv.Map(c)
			want := math.Max(math.Max(m[2*y*28+2*x], m[2*y*28+2*x+1]), math.Max(m[(2*y+1)*28+2*x], m[(2*y+1)*28+2*x+1]))
			if got := pool.Map(c)[y*14+x]; got != want {
				t.Errorf("pool map %d at (%d, %d) = %g, the window's max %g", c, y, x, got, want)
			}
		}
	}
	if got := [2]int{f.Maps[2].C * f.Maps[2].H * f.Maps[2].W, f.Maps[3].C * f.Maps[3].H * f.Maps[3].W}; got != [2]int{1600, 400} {
		t.Errorf("maps after the second conv and pool hold %v values", got)
	}
	if tr.FocusOn(tr.Set.Test.N) != nil || tr.FocusOn(-1) != nil {
		t.Errorf("a focus outside the test set")
	}
	if i := tr.focusIndex(-1); i != tr.Set.Test.N-1 {
		t.Errorf("focusIndex(-1) = %d, want the last image", i)
	}
}

func TestRunConvViews(t *testing.T) {
	s := mustLoad(t, "testdata/fashion-lenet.yaml")
	s.Data.Dir = "data/fashion" // the embedded subset's files
	s.Steps = 5
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	r, err := Start(ctx, s, Options{ConvViews: true, FocusImage: -1, KeepAlive: true, StartPaused: true})
	if err != nil {
		t.Fatal(err)
	}
	next := func(want func(Snapshot) bool) Snapshot {
		t.Helper()
		deadline := time.After(10 * time.Second)
		for {
			select {
			case sn := <-r.Snapshots():
				if want(sn) {
					return sn
				}
			case <-deadline:
				t.Fatal("no such snapshot")
			}
		}
	}
	sn := next(func(sn Snapshot) bool { return sn.Focus != nil })
	if len(sn.Filters) != 2 || sn.Focus.Index != 999 {
		t.Fatalf("%d filter sets, focus on image %d; want 2 and the last of 1000", len(sn.Filters), sn.Focus.Index)
	}
	r.SetFocus(3)
	next(func(sn Snapshot) bool { return sn.Focus != nil && sn.Focus.Index == 3 })
	before := sn.Filters[0].W[0]
	for range 5 {
		r.Step()
	}
	sn = next(func(sn Snapshot) bool { return sn.Step == 5 && sn.Focus != nil })
	if sn.Filters[0].W[0] == before {
		t.Errorf("the filters did not change in 5 steps")
	}
}
