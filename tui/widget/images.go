package widget

import (
	"math"
	"strings"

	"github.com/charmbracelet/lipgloss"
)

const imageGap = 2

// ImagesHeight is the number of lines Images draws for w×h pixel images with
// captions of up to captionLines lines.
func ImagesHeight(h, captionLines int) int { return (h+1)/2 + captionLines }

// Images draws grayscale images (w×h bytes each, row by row, 0 = black,
// 255 = white) side by side, as many as fit in width with two spaces
// between them, each w cells wide. With colour every cell is a half block ▀
// holding two pixel rows in shades of Styles.Gray; without colour a shade
// character from Styles.Shades by the two pixels' mean.
//
// Under each image go its caption lines: captions[i] split at "\n", and a
// line wider than w also after " / ", centred and cut with "…" (a final ✓
// or ✗ is kept); a line with ✓ is styled good, with ✗ bad.
// The height is ImagesHeight(h, n) where n is the largest number of caption
// lines among the images shown; with no images, one line says so. Every line
// is exactly width cells. Missing pixels are black.
func Images(imgs [][]byte, w, h int, captions []string, width int, st Styles) string {
	st = st.filled()
	if width <= 0 {
		return ""
	}
	if len(imgs) == 0 || w <= 0 || h <= 0 {
		return fitLine(st.render(st.Muted, truncPlain("no images", width)), width)
	}
	n := max(1, (width+imageGap)/(w+imageGap))
	n = min(n, len(imgs))
	capLines := 0
	caps := make([][]string, n)
	for i := 0; i < n; i++ {
		if i < len(captions) && captions[i] != "" {
			caps[i] = captionLines(captions[i], w)
		}
		capLines = max(capLines, len(caps[i]))
	}
	rows := (h + 1) / 2
	lines := make([]string, rows+capLines)
	cache := map[[2]int]string{}
	gap := strings.Repeat(" ", imageGap)
	for i := 0; i < n; i++ {
		img := imgs[i]
		px := func(x, y int) int {
			if y >= h {
				return -1
			}
			if k := y*w + x; k < len(img) {
				return int(img[k])
			}
			return 0
		}
		for r := 0; r < rows; r++ {
			var b strings.Builder
			for x := 0; x < w; x++ {
				t, u := px(x, 2*r), px(x, 2*r+1)
				if !st.Color {
					m := t
					if u >= 0 {
						m = (t + u) / 2
					}
					b.WriteRune(st.Shades[m*len(st.Shades)/256])
					continue
				}
				gt, gu := t*len(st.Gray)/256, -1
				if u >= 0 {
					gu = u * len(st.Gray) / 256
				}
				key := [2]int{gt, gu}
				s, ok := cache[key]
				if !ok {
					sty := st.Base.Foreground(st.Gray[gt])
					if gu >= 0 {
						sty = sty.Background(st.Gray[gu])
					}
					s = sty.Render("▀")
					cache[key] = s
				}
				b.WriteString(s)
			}
			if i > 0 {
				lines[r] += gap
			}
			lines[r] += b.String()
		}
		for k := 0; k < capLines; k++ {
			text := ""
			if k < len(caps[i]) {
				text = caps[i][k]
			}
			text = center(keepMark(text, w), w)
			style := st.Base
			switch {
			case strings.Contains(text, "✓"):
				style = st.Good
			case strings.Contains(text, "✗"):
				style = st.Bad
			}
			if i > 0 {
				lines[rows+k] += gap
			}
			lines[rows+k] += st.render(style, text)
		}
	}
	return block(lines, width, len(lines))
}

// captionLines splits a caption at "\n", and a line too long for w cells
// also after " / " ("true: Shirt / pred: T-shirt ✗" becomes two lines).
func captionLines(s string, w int) []string {
	var out []string
	for _, line := range strings.Split(s, "\n") {
		for lipgloss.Width(line) > w {
			i := strings.Index(line, " / ")
			if i < 0 {
				break
			}
			out = append(out, line[:i])
			line = line[i+3:]
		}
		out = append(out, line)
	}
	return out
}

// keepMark cuts s to w cells like truncPlain but keeps a final ✓ or ✗.
func keepMark(s string, w int) string {
	if lipgloss.Width(s) <= w {
		return s
	}
	for _, m := range []string{" ✓", " ✗"} {
		if strings.HasSuffix(s, m) && w > 3 {
			return truncPlain(strings.TrimSuffix(s, m), w-2) + m
		}
	}
	return truncPlain(s, w)
}

// Downscale shrinks a w×h grayscale image by an integer factor f, each
// output pixel the mean of an f×f block (partial blocks at the edges
// average what they cover), rounded. It returns the new image and its size;
// f < 2 returns a copy.
func Downscale(img []byte, w, h, f int) ([]byte, int, int) {
	if w <= 0 || h <= 0 {
		return nil, 0, 0
	}
	if f < 2 {
		return append([]byte(nil), img...), w, h
	}
	v := make([]float64, w*h) // missing pixels are black
	for i := range min(len(img), len(v)) {
		v[i] = float64(img[i])
	}
	m, ow, oh := shrink(v, w, h, f)
	out := make([]byte, len(m))
	for i, x := range m {
		out[i] = byte(math.Floor(x + 0.5))
	}
	return out, ow, oh
}
