package export

import (
	"bytes"
	"encoding/csv"
	"encoding/xml"
	"image"
	"image/color"
	"image/png"
	"io"
	"math"
	"strconv"
	"strings"
	"testing"

	"gonum.org/v1/plot/plotutil"

	"github.com/nnlab/nnlab/lab"
	"github.com/nnlab/nnlab/lab/spec"
)

// curves trains a small network on circle for steps and returns its
// history under name (init varies it).
func curves(t *testing.T, name, init string, steps int) lab.Curves {
	return curvesVal(t, name, init, steps, 0)
}

// curvesVal is curves with a validation share.
func curvesVal(t *testing.T, name, init string, steps int, val float64) lab.Curves {
	t.Helper()
	s := &spec.Spec{Seed: 1, Data: spec.DataSpec{Set: "circle", N: 200, Validation: val},
		Model: spec.ModelSpec{Layers: []spec.LayerSpec{{Units: 6, Activation: "tanh"}, {Units: 2, Activation: "softmax"}}, Init: init},
		Steps: steps, Batch: 20}
	tr, err := lab.NewTrainer(s, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	defer tr.Close()
	for !tr.Finished() {
		tr.Step()
	}
	return tr.Curves(name)
}

func TestFormatOf(t *testing.T) {
	for in, want := range map[string]string{"a.png": PNG, "dir/b.SVG": SVG, "c.Png": PNG} {
		if got, err := FormatOf(in); err != nil || got != want {
			t.Errorf("FormatOf(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"a.jpg", "png", "a.png.txt", ""} {
		if _, err := FormatOf(in); err == nil || !strings.Contains(err.Error(), ".png or .svg") {
			t.Errorf("FormatOf(%q): error %v, want one naming .png or .svg", in, err)
		}
	}
}

// TestPlotPNG decodes the image and finds each line's colour in it: one
// run draws train (colour 0) and test (colour 2) curves, and validation
// (colour 1) when it has a validation set; a comparison of three runs
// colours 0, 1 and 2.
func TestPlotPNG(t *testing.T) {
	run := curves(t, "circle", "", 300)
	cmp := []lab.Curves{curves(t, "zeros", "zeros", 150), run, curves(t, "he_normal", "he_normal", 150)}
	for _, c := range []struct {
		name      string
		runs      []lab.Curves
		colors    []int
		notColors []int
		w, h      int
	}{
		{"one run", []lab.Curves{run}, []int{0, 2}, []int{1, 3}, 1209, 378},
		{"one run with validation", []lab.Curves{curvesVal(t, "v", "", 300, 0.2)}, []int{0, 1, 2}, []int{3}, 1209, 378},
		{"comparison", cmp, []int{0, 1, 2}, []int{3}, 1209, 1134},
	} {
		var b bytes.Buffer
		if err := Plot(&b, PNG, "test", "init", c.runs); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		img, err := png.Decode(&b)
		if err != nil {
			t.Fatalf("%s: not a PNG: %v", c.name, err)
		}
		if got := img.Bounds().Size(); got.X != c.w || got.Y != c.h {
			t.Errorf("%s: %v, want %dx%d (16×10 cm a panel at 96 dpi)", c.name, got, c.w, c.h)
		}
		for _, i := range c.colors {
			if n := countColor(img, plotutil.Color(i)); n < 100 {
				t.Errorf("%s: line colour %d drawn on %d pixels, want a line", c.name, i, n)
			}
		}
		for _, i := range c.notColors {
			if n := countColor(img, plotutil.Color(i)); n != 0 {
				t.Errorf("%s: colour %d (no such line) on %d pixels", c.name, i, n)
			}
		}
	}
}

func countColor(img image.Image, c color.Color) int {
	r0, g0, b0, _ := c.RGBA()
	n := 0
	bd := img.Bounds()
	for y := bd.Min.Y; y < bd.Max.Y; y++ {
		for x := bd.Min.X; x < bd.Max.X; x++ {
			r, g, b, _ := img.At(x, y).RGBA()
			if r == r0 && g == g0 && b == b0 {
				n++
			}
		}
	}
	return n
}

// TestPlotSVG parses the SVG: its texts hold every panel title and a legend
// entry "init=value" per run, and it has one stroked path per line at
// least.
func TestPlotSVG(t *testing.T) {
	runs := []lab.Curves{curves(t, "zeros", "zeros", 150), curves(t, "xavier", "xavier", 150)}
	var b bytes.Buffer
	if err := Plot(&b, SVG, "", "init", runs); err != nil {
		t.Fatal(err)
	}
	texts, paths := parseSVG(t, b.Bytes())
	all := strings.Join(texts, "\n")
	for _, want := range []string{"Batch loss (mean per bucket)", "Train loss", "Test loss", "Train accuracy", "Test accuracy", "init=zeros", "init=xavier", "step", "accuracy %"} {
		if !strings.Contains(all, want) {
			t.Errorf("SVG texts lack %q:\n%s", want, all)
		}
	}
	if paths < 2*5 {
		t.Errorf("%d paths, want at least 10 (5 panels × 2 runs)", paths)
	}
}

// parseSVG returns an SVG document's texts and counts its paths.
func parseSVG(t *testing.T, data []byte) (texts []string, paths int) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(data))
	root := ""
	inText := false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not valid XML: %v", err)
		}
		switch e := tok.(type) {
		case xml.StartElement:
			if root == "" {
				root = e.Name.Local
			}
			inText = e.Name.Local == "text"
			if e.Name.Local == "path" {
				paths++
			}
		case xml.CharData:
			if inText {
				texts = append(texts, string(e))
			}
		case xml.EndElement:
			inText = false
		}
	}
	if root != "svg" {
		t.Fatalf("root element %q, want svg", root)
	}
	return texts, paths
}

func TestPlotRefuses(t *testing.T) {
	if err := Plot(io.Discard, "jpg", "", "", []lab.Curves{{}}); err == nil {
		t.Error("jpg: no error")
	}
	if err := Plot(io.Discard, PNG, "", "", nil); err == nil {
		t.Error("no runs: no error")
	}
	if err := Plot(io.Discard, PNG, "", "", []lab.Curves{{Name: "empty"}}); err == nil || !strings.Contains(err.Error(), "nothing to plot") {
		t.Errorf("a run without steps: %v", err)
	}
}

// TestCSV reads the CSV back: every evaluation's values, exactly, at its
// step, and every bucket's mean at the step it ends.
func TestCSV(t *testing.T) {
	runs := []lab.Curves{curves(t, "a", "", 120), curves(t, "b,c", "zeros", 60)}
	var b bytes.Buffer
	if err := CSV(&b, runs); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(recs[0], ",") != strings.Join(csvHeader, ",") {
		t.Fatalf("header %v", recs[0])
	}
	byKey := map[string][]string{}
	for _, r := range recs[1:] {
		byKey[r[0]+"@"+r[1]] = r
	}
	for _, run := range runs {
		if len(run.Evals) == 0 || len(run.Train) == 0 {
			t.Fatalf("%s: no history", run.Name)
		}
		for _, e := range run.Evals {
			r := byKey[run.Name+"@"+strconv.Itoa(e.Step)]
			if r == nil {
				t.Fatalf("%s: no row for the evaluation at step %d", run.Name, e.Step)
			}
			for col, v := range map[int]float64{6: e.TrainLoss, 7: e.TrainAcc, 10: e.TestLoss, 11: e.TestAcc} {
				got, err := strconv.ParseFloat(r[col], 64)
				if err != nil || math.Float64bits(got) != math.Float64bits(v) || r[8] != "" {
					t.Errorf("%s step %d column %s: %q, want %v", run.Name, e.Step, csvHeader[col], r[col], v)
				}
			}
		}
		for _, bk := range run.Train {
			r := byKey[run.Name+"@"+strconv.Itoa(bk.Step+bk.N)]
			if r == nil || r[2] != strconv.FormatFloat(bk.Mean, 'g', -1, 64) {
				t.Errorf("%s: bucket at %d: row %v, want mean %v", run.Name, bk.Step, r, bk.Mean)
			}
		}
	}
}
