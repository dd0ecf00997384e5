package tui

import (
	"fmt"
	"strings"

	"github.com/nnlab/nnlab/lab"
	"github.com/nnlab/nnlab/lab/spec"
	"github.com/nnlab/nnlab/tui/widget"
)

// imageMode is one view of an image classifier's run, cycled with the View
// key.
type imageMode int

const (
	imagePredictions imageMode = iota // samples and confusion matrix (when both fit)
	imageSamples                      // sample images with predictions
	imageConfusion                    // confusion matrix
	imageEmbedding                    // hidden-layer map
	imageLayers                       // gradient bars and activation health
	imageFilters                      // a conv network's kernels
	imageMaps                         // a conv network's feature maps of one test image
)

var imageModeNames = map[imageMode]string{
	imagePredictions: "predictions", imageSamples: "samples", imageConfusion: "confusion",
	imageEmbedding: "hidden-layer map", imageLayers: "layers", imageFilters: "filters", imageMaps: "feature maps",
}

// Image run panel geometry: thumbnails are the images halved (28 -> 14).
const (
	thumbScale = 2
	minChartH  = 7
)

// imageSamples is how many test images the panel asks lab for: enough for
// a wide terminal.
const imageSamplesN = 12

// isImages says whether a snapshot is of an image classifier with samples.
func isImages(s lab.Snapshot) bool { return len(s.Samples) > 0 }

// isImageSpec says whether a spec trains on images (so the panel asks for
// samples and the embedding).
func isImageSpec(spec *spec.Spec) bool {
	return spec != nil && spec.Function == nil && spec.Data.Set == "fashion"
}

// imageModes are the views that make sense in rows lines: samples and
// confusion matrix together when they fit, else one at a time; a conv
// network's filters and feature maps after them.
func imageModes(rows int, s lab.Snapshot) []imageMode {
	modes := []imageMode{imageSamples, imageConfusion}
	if rows >= 1+widget.ImagesHeight(14, 2)+1+widget.ConfusionHeight(10)+minChartH {
		modes = []imageMode{imagePredictions}
	}
	if len(s.Filters) > 0 {
		modes = append(modes, imageFilters, imageMaps)
	}
	return append(modes, imageEmbedding, imageLayers)
}

// viewBar lists the views with the current one in brackets.
func viewBar(modes []imageMode, cur imageMode, w int, st Styles) string {
	names := make([]string, len(modes))
	at := 0
	for i, m := range modes {
		names[i] = imageModeNames[m]
		if m == cur {
			at = i
		}
	}
	return viewBarNames(names, at, w, st)
}

// viewBarNames lists views by name with the one at cur in brackets.
func viewBarNames(names []string, cur, w int, st Styles) string {
	parts := make([]string, len(names))
	for i, n := range names {
		if i == cur {
			parts[i] = st.render(st.Section, "["+n+"]")
		} else {
			parts[i] = st.render(st.Muted, n)
		}
	}
	return fit("view "+strings.Join(parts, " ")+st.render(st.Muted, "   (v: next view)"), w)
}

// shortName is a class name for tight places: "T-shirt/top" -> "T-shirt".
func shortName(names []string, k int) string {
	if k < 0 || k >= len(names) {
		return fmt.Sprint(k)
	}
	n, _, _ := strings.Cut(names[k], "/")
	return n
}

func shortNames(names []string) []string {
	out := make([]string, len(names))
	for i := range names {
		out[i] = shortName(names, i)
	}
	return out
}

// sampleStrip draws the sample images with "true" and "prediction ✓/✗"
// captions under a title line.
func sampleStrip(s lab.Snapshot, w int, st Styles) []string {
	var imgs [][]byte
	var caps []string
	iw, ih := 0, 0
	for _, x := range s.Samples {
		img, tw, th := widget.Downscale(x.Pix, x.W, x.H, thumbScale)
		iw, ih = tw, th
		imgs = append(imgs, img)
		mark := " ✓"
		if x.Pred != x.Label {
			mark = " ✗"
		}
		caps = append(caps, shortName(s.ClassNames, x.Label)+"\n"+shortName(s.ClassNames, x.Pred)+mark)
	}
	title := fit(st.render(st.Section, "Test images")+st.render(st.Muted, "  true class, then the prediction (✓ right, ✗ wrong)"), w)
	return append([]string{title}, strings.Split(widget.Images(imgs, iw, ih, caps, w, st.W), "\n")...)
}

// confusionBlock draws the confusion matrix under a title line.
func confusionBlock(s lab.Snapshot, w int, st Styles) []string {
	n := 0
	for _, row := range s.Confusion {
		for _, v := range row {
			n += v
		}
	}
	title := st.render(st.Section, "Confusion matrix")
	if n > 0 {
		title += st.render(st.Muted, fmt.Sprintf("  %d test images: rows true class, columns predicted, [diagonal] right", n))
	}
	return append([]string{fit(title, w)}, strings.Split(widget.Confusion(s.Confusion, shortNames(s.ClassNames), w, st.W), "\n")...)
}

// embedBlock draws the hidden-layer map in h lines (title included).
func embedBlock(s lab.Snapshot, w, h int, st Styles) []string {
	pts := make([]widget.Point, len(s.Embed))
	for i, e := range s.Embed {
		pts[i] = widget.Point{X: (e.X + 1) / 2, Y: (e.Y + 1) / 2, Class: e.Label}
	}
	title := st.render(st.Section, "Hidden-layer map") +
		st.render(st.Muted, fmt.Sprintf("  last hidden layer on %d test images, on its two principal axes", len(s.Embed)))
	return append([]string{fit(title, w)}, strings.Split(widget.Scatter(pts, shortNames(s.ClassNames), w, h-1, st.W), "\n")...)
}

// renderImageBody draws an image run's view (all but the layers view) in
// w×rows cells.
func renderImageBody(s lab.Snapshot, mode imageMode, w, rows int, logY, acc bool, st Styles) []string {
	var lines []string
	add := func(block []string) {
		if len(lines)+len(block) <= rows {
			lines = append(lines, block...)
		}
	}
	switch mode {
	case imagePredictions:
		add(sampleStrip(s, w, st))
		add(confusionBlock(s, w, st))
	case imageSamples:
		add(sampleStrip(s, w, st))
	case imageConfusion:
		add(confusionBlock(s, w, st))
	case imageFilters:
		lines = filterBlock(s, w, max(rows*2/3, rows-12), st)
	case imageMaps:
		lines = mapsBlock(s, w, rows, st)
	case imageEmbedding:
		eh := rows
		if rows-rows*2/5 >= 12 && rows*2/5 >= minChartH {
			eh = rows - rows*2/5
		}
		lines = append(lines, embedBlock(s, w, eh, st)...)
	}
	if ch := rows - len(lines); ch >= 5 && (mode != imageMaps || ch >= 9) {
		lines = append(lines, strings.Split(runChart(s, acc, logY, w, ch, st), "\n")...)
	}
	return lines
}
