package main

import (
	"bytes"
	"encoding/xml"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPlotFiles: run and compare write a PNG that decodes and an SVG that
// parses, whose legend names the factor and each value.
func TestPlotFiles(t *testing.T) {
	dir := t.TempDir()
	pngFile, svgFile := filepath.Join(dir, "run.png"), filepath.Join(dir, "cmp.svg")
	if code, out, errOut := runCmd(t, "", "run", "--steps", "200", "--plot", pngFile); code != 0 {
		t.Fatalf("run: exit %d\n%s%s", code, out, errOut)
	}
	b, err := os.ReadFile(pngFile)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("run --plot: not a PNG: %v", err)
	}
	if sz := img.Bounds().Size(); sz.X < 600 || sz.Y < 300 {
		t.Errorf("run --plot: %v, too small", sz)
	}
	if code, out, errOut := runCmd(t, "", "compare", "--steps", "150", "--vary", "init=zeros,xavier", "--plot", svgFile); code != 0 {
		t.Fatalf("compare: exit %d\n%s%s", code, out, errOut)
	}
	b, err = os.ReadFile(svgFile)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		XMLName xml.Name
		Body    []byte `xml:",innerxml"`
	}
	if err := xml.Unmarshal(b, &doc); err != nil || doc.XMLName.Local != "svg" {
		t.Fatalf("compare --plot: not SVG (%v, root %q)", err, doc.XMLName.Local)
	}
	for _, want := range []string{"init=zeros", "init=xavier", "Test loss"} {
		if !strings.Contains(string(doc.Body), want) {
			t.Errorf("compare --plot: SVG lacks %q", want)
		}
	}
}

// TestPlotBadName: a --plot name that is not .png or .svg, or a folder that
// does not exist, is bad input found before any data is loaded, and leaves
// no file behind.
func TestPlotBadName(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"run", "--plot", filepath.Join(dir, "x.jpg")}, "--plot: " + filepath.Join(dir, "x.jpg") + ": the name must end in .png or .svg"},
		{[]string{"compare", "--vary", "lr=0.1,1", "--plot", filepath.Join(dir, "no", "x.png")}, "--plot: open " + filepath.Join(dir, "no", "x.png")},
		// The fashion data would take seconds to load: the name is refused first.
		{[]string{"run", "--dataset", "fashion", "--plot", filepath.Join(dir, "x.pdf")}, "must end in .png or .svg"},
	} {
		code, out, errOut := runCmd(t, "", c.args...)
		if code != 2 || !strings.Contains(errOut, c.want) || strings.Contains(errOut, "data:") {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q before any data", c.args, code, errOut, c.want)
		}
		_ = out
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Errorf("files left behind: %v", ents)
	}
}

// TestOpenChecksTheFileFirst: nnlab open and nnlab --spec read the file
// before anything else: a bad one is refused with its line, a missing
// argument is a usage error, and a good one passes on to the terminal
// check (standard output here is not a terminal).
func TestOpenChecksTheFileFirst(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	good := filepath.Join(dir, "good.yaml")
	os.WriteFile(bad, []byte("seed: 1\ndata: {set: circle}\nvary:\n  field: model.init\n  values: [zeros, sideways]\n"), 0o644)
	os.WriteFile(good, []byte("seed: 1\ndata: {set: circle}\nvary: {field: lr, values: [0.1, 1]}\n"), 0o644)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"open", bad}, "bad.yaml:3: vary: --vary model.init=sideways"},
		{[]string{"--spec", bad}, "bad.yaml:3: vary:"},
		{[]string{"open"}, "open: want the experiment file to open"},
		{[]string{"open", good, good}, "unexpected argument"},
		{[]string{"open", good}, "the lab draws on a terminal"},
		{[]string{"open", "--max-memory", "1K", good}, "memory"},
	} {
		code, _, errOut := runCmd(t, "", c.args...)
		if code != 2 || !strings.Contains(errOut, c.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", c.args, code, errOut, c.want)
		}
	}
}
