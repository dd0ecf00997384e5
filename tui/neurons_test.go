package tui

import (
	"strconv"
	"strings"
	"testing"
)

// TestNeuronView builds three hidden layers with x² and y² in the
// playground at 120×40 and opens the neuron view: every unit of the three
// layers has its map (8 labels each), a unit enlarges with its weights,
// and a wider layer pages.
func TestNeuronView(t *testing.T) {
	d, pg := openPlayground(t, 120, 40, "input x²", "input y²", "layers")
	d.key("enter")
	d.waitFor("unit maps of three layers", func() bool { s, ok := pg.panel.snap(); return ok && len(s.Units) == 3 })
	d.key("tab", "v")
	v := d.m.View()
	for _, want := range []string{"[neurons]", "inputs", "L1 tanh", "L2 tanh", "L3 tanh", "output", "x²", "y²"} {
		if !strings.Contains(v, want) {
			t.Errorf("neuron view lacks %q:\n%s", want, v)
		}
	}
	if n := strings.Count(v, "#8"); n != 3 {
		t.Errorf("%d layers show their 8th unit, want 3:\n%s", n, v)
	}
	d.key("u", "e")
	v = d.m.View()
	for _, want := range []string{"L1 unit 2 of 8", "weights in, from inputs", "x² ", "weights out, to L2", "bias "} {
		if !strings.Contains(v, want) {
			t.Errorf("enlarged unit lacks %q:\n%s", want, v)
		}
	}
	d.key("U", "U")
	if v = d.m.View(); !strings.Contains(v, "L3 unit 8 of 8") {
		t.Errorf("U from the first unit: want the last unit of L3:\n%s", v)
	}
	d.key("e", "tab")
	// A layer of 16 units pages.
	d.knob(pg, "L1 units")
	for range 8 {
		d.key("right")
	}
	d.key("enter")
	d.waitFor("16 units", func() bool { s, ok := pg.panel.snap(); return ok && len(s.Units) == 3 && s.Units[0].Units == 16 })
	d.key("tab")
	page := pg.panel.neurons.perPage
	if page >= 16 || !strings.Contains(d.m.View(), "1–"+strconv.Itoa(page)+"/16") {
		t.Fatalf("a page of %d units of 16:\n%s", page, d.m.View())
	}
	d.key("}")
	if v = d.m.View(); !strings.Contains(v, strconv.Itoa(page+1)+"–") || !strings.Contains(v, "/16") {
		t.Errorf("} did not turn to the next page:\n%s", v)
	}
}
