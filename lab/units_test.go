package lab

import (
	"math"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/nnlab/nnlab/lab/spec"
	"github.com/nnlab/nnlab/nn"
)

// unitsSpec is a three-layer network (tanh, relu, leaky_relu) on circle
// with x² and y² features.
func unitsSpec(t testing.TB) *spec.Spec {
	t.Helper()
	s, err := spec.Load([]byte(`
seed: 4
data: {set: circle, n: 200, features: [x2, y2]}
model:
  layers:
    - {units: 5, activation: tanh}
    - {units: 4, activation: relu}
    - {units: 3, activation: leaky_relu}
    - {units: 2, activation: softmax}
steps: 40
`), "units")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestMapsAreTheUnitsOutputs checks every unit's map against the network
// run on each lattice point alone, scaled by the map's range; the ranges
// are tanh's own and, for relu and leaky_relu, the layer's largest value on
// the lattice; the boundary is Boundary's; the weights are the network's.
func TestMapsAreTheUnitsOutputs(t *testing.T) {
	tr, err := NewTrainer(unitsSpec(t), nil, "")
	if err != nil {
		t.Fatal(err)
	}
	for range 40 {
		tr.Step()
	}
	const w, h = 7, 5
	m := tr.Maps(w, h, true)
	grid, _, _, box := tr.Boundary(w, h)
	if m.Box != box || len(m.Grid) != w*h {
		t.Fatalf("box %v grid %d, want %v and %d", m.Box, len(m.Grid), box, w*h)
	}
	for i := range grid {
		if m.Grid[i] != grid[i] {
			t.Fatalf("grid[%d] %v, Boundary %v", i, m.Grid[i], grid[i])
		}
	}
	if len(m.Units) != 3 || m.Inputs.Units != 4 || len(m.Inputs.Names) != 4 || m.Inputs.Names[2] != "x2" {
		t.Fatalf("units %d, inputs %d %v; want 3 layers and x, y, x2, y2", len(m.Units), m.Inputs.Units, m.Inputs.Names)
	}
	if u := m.Units[0]; u.Lo != -1 || u.Hi != 1 || u.Activation != "tanh" {
		t.Errorf("tanh layer range %v..%v (%s), want -1..1", u.Lo, u.Hi, u.Activation)
	}
	if u := m.Units[1]; u.Lo != 0 || !(u.Hi > 0) {
		t.Errorf("relu layer range %v..%v, want 0..its largest value", u.Lo, u.Hi)
	}
	if u := m.Units[2]; u.Lo != -u.Hi || !(u.Hi > 0) {
		t.Errorf("leaky_relu layer range %v..%v, want symmetric", u.Lo, u.Hi)
	}
	row := make([]float64, tr.Set.Inputs)
	top := [3]float64{} // largest scaled value per layer: 1 for data ranges
	for r := 0; r < h; r++ {
		for c := 0; c < w; c++ {
			xv := box[0] + (float64(c)+0.5)/w*(box[1]-box[0])
			yv := box[3] - (float64(r)+0.5)/h*(box[3]-box[2])
			tr.Set.PointRow(row, xv, yv)
			tr.Net.Forward(&nn.Batch{N: 1, X: row}, false)
			for li, um := range m.Units {
				act := tr.Net.Activations(um.Layer, 1)
				for u := 0; u < um.Units; u++ {
					want := math.Max(0, math.Min(1, (act[u]-um.Lo)/(um.Hi-um.Lo)))
					got := um.Unit(u, w*h)[r*w+c]
					if math.Abs(got-want) > 1e-12 {
						t.Fatalf("layer %d unit %d at (%d,%d): %v, want %v", um.Layer, u, c, r, got, want)
					}
					top[li] = math.Max(top[li], got)
				}
			}
		}
	}
	for li := 1; li < 3; li++ {
		if math.Abs(top[li]-1) > 1e-12 {
			t.Errorf("layer %d: largest scaled value %v, want 1 (its own range)", m.Units[li].Layer, top[li])
		}
	}
	if len(m.Weights) != 4 {
		t.Fatalf("%d weight layers, want 4", len(m.Weights))
	}
	for _, lw := range m.Weights {
		want := tr.Net.Tensor(lw.Layer, "weight")
		if len(lw.W) != lw.In*lw.Out || len(lw.W) != len(want) || lw.W[len(want)-1] != want[len(want)-1] || len(lw.B) != lw.Out {
			t.Errorf("layer %d weights %d×%d (%d values), network has %d", lw.Layer, lw.Out, lw.In, len(lw.W), len(want))
		}
	}
	if m := tr.Maps(w, h, false); m.Units != nil || m.Weights != nil || len(m.Grid) != w*h {
		t.Errorf("without units: %d unit layers, %d weights", len(m.Units), len(m.Weights))
	}
}

// TestRunPublishesUnits: a run asked for units sends them with its
// snapshots, on the boundary's lattice.
func TestRunPublishesUnits(t *testing.T) {
	defer goleak.VerifyNone(t)
	r, stop := startPaused(t, unitsSpec(t), Options{GridW: 12, GridH: 9, Units: true})
	defer stop()
	r.Step()
	s := waitFor(t, r, func(s Snapshot) bool { return s.Step == 1 })
	if len(s.Units) != 3 || len(s.Units[0].Vals) != 5*12*9 || len(s.Inputs.Vals) != 4*12*9 || len(s.Weights) != 4 {
		t.Errorf("units %d, first %d values, inputs %d, weights %d", len(s.Units), len(s.Units[0].Vals), len(s.Inputs.Vals), len(s.Weights))
	}
}

// TestSnapshotSpecReplaysTheSettings is what a saved experiment means
// after live changes: the snapshot's spec, written and read back, trains
// exactly as the run does after r (a reset keeps the live changes), step
// by step, bit for bit; and it holds the live values.
func TestSnapshotSpecReplaysTheSettings(t *testing.T) {
	defer goleak.VerifyNone(t)
	const steps = 30
	r, stop := startPaused(t, circle(t, 1000), Options{Interval: time.Millisecond})
	defer stop()
	for range 7 {
		r.Step()
	}
	r.SetLR(0.15)
	r.SetBatch(10)
	r.SetDropout(0.2)
	r.SetMomentum(0.5)
	r.Step()
	s := waitFor(t, r, func(s Snapshot) bool { return s.Step == 8 })
	if s.Spec == nil {
		t.Fatal("no spec in the snapshot")
	}
	text, err := spec.EncodeFile(s.Spec, nil)
	if err != nil {
		t.Fatal(err)
	}
	saved, _, err := spec.LoadFile(text, "saved.yaml")
	if err != nil {
		t.Fatalf("%v\n%s", err, text)
	}
	if *saved.Optimizer.LR != 0.15 || saved.Batch != 10 || saved.Model.Layers[1].Dropout != 0.2 || saved.Optimizer.Momentum != 0.5 || saved.Seed != 3 {
		t.Errorf("saved spec lacks the live values:\n%s", text)
	}
	tr, err := NewTrainer(saved, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	r.Reset()
	for i := 1; i <= steps; i++ {
		tr.Step()
		r.Step()
		got := waitFor(t, r, func(s Snapshot) bool { return s.Step == i })
		if math.Float64bits(got.Loss) != math.Float64bits(tr.Loss()) {
			t.Fatalf("step %d: the run after reset has loss %v, the saved spec %v", i, got.Loss, tr.Loss())
		}
	}
}

// TestMapsOfALargeNetwork: the maps stop at MaxUnitMaps units, with the
// weights into the first layer left out.
func TestMapsOfALargeNetwork(t *testing.T) {
	s := unitsSpec(t)
	if err := s.Set("layers", "600,600,600"); err != nil {
		t.Fatal(err)
	}
	s.Model.Layers[1].Activation, s.Model.Layers[2].Activation = "tanh", "tanh"
	tr, err := NewTrainer(s, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	m := tr.Maps(10, 10, true)
	if len(m.Units) != 1 || m.Units[0].Units != 600 || len(m.Units[0].Vals) != 600*100 {
		t.Fatalf("%d unit layers, want the first (600 units; at most %d)", len(m.Units), MaxUnitMaps)
	}
	if len(m.Weights) != 2 || m.Weights[1].Layer != 1 || m.Weights[1].In != 600 {
		t.Errorf("weights of %d layers, want the first two (into and out of the mapped layer)", len(m.Weights))
	}
}

// BenchmarkMaps is one lattice of 40×40 for the playground's largest
// network (8 hidden layers of 32 units): the boundary alone, and with
// every unit's map and the weights.
func BenchmarkMaps(b *testing.B) {
	s := unitsSpec(b)
	if err := s.Set("layers", "32,32,32,32,32,32,32,32"); err != nil {
		b.Fatal(err)
	}
	tr, err := NewTrainer(s, nil, "")
	if err != nil {
		b.Fatal(err)
	}
	for _, units := range []bool{false, true} {
		name := "boundary"
		if units {
			name = "units"
		}
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				tr.Maps(40, 40, units)
			}
		})
	}
}
