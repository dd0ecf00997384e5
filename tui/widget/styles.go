package widget

import (
	"fmt"
	"strconv"
	"sync"

	"github.com/charmbracelet/lipgloss"
	"github.com/guptarohit/asciigraph"
	"github.com/muesli/termenv"
)

// Styles is everything the widgets need to know about looks. Build it once
// (DefaultStyles or NewStyles) and pass it by value; never build it in View.
//
// Colours are lipgloss.AdaptiveColor values so that they read on dark and on
// light backgrounds. The fields may be changed after construction; the slices
// must then stay non-empty.
type Styles struct {
	// Color is false when the colour profile is Ascii (NO_COLOR, dumb
	// terminal, golden tests). The widgets then emit no escape sequences at
	// all — asciigraph's raw ANSI colours included — and Boundary and Images
	// fall back to shade characters.
	Color bool
	// Dark reports whether the background was taken to be dark. It only
	// matters for the colours handed to asciigraph, which cannot adapt.
	Dark bool

	Base   lipgloss.Style // unstyled style bound to the renderer; cells derive from it
	Title  lipgloss.Style // chart titles
	Header lipgloss.Style // table header, gradient-bar header
	Axis   lipgloss.Style // axis lines and ticks
	Label  lipgloss.Style // axis labels
	Muted  lipgloss.Style // secondary text (rules, hints, "no data yet")

	Good lipgloss.Style // healthy value, correct prediction
	Warn lipgloss.Style // worth a look
	Bad  lipgloss.Style // broken: NaN, exploding, wrong prediction

	// Gradient-bar zones; the zone word is always printed too.
	Vanishing lipgloss.Style
	OK        lipgloss.Style
	Exploding lipgloss.Style

	// Palette holds the series colours (at least 7, all distinct) as
	// ANSI-256 indices; Series[i] is Palette[i] as a foreground style.
	Palette []lipgloss.AdaptiveColor
	Series  []lipgloss.Style
	// SeriesANSI is Palette resolved for asciigraph (for Dark and the colour
	// profile); nil when Color is false. AxisANSI and LabelANSI likewise for
	// the axis line and its labels.
	SeriesANSI []asciigraph.AnsiColor
	AxisANSI   asciigraph.AnsiColor
	LabelANSI  asciigraph.AnsiColor

	// Heat is Boundary's ramp from "surely class 0" (Heat[0]) through
	// "unsure" to "surely class 1" (last). ClassColors colour the data points
	// per class (cycled). Gray is Images' ramp from black to white.
	Heat        []lipgloss.AdaptiveColor
	ClassColors []lipgloss.AdaptiveColor
	Gray        []lipgloss.Color

	// Without colour, Images draws pixels with Shades (dark to bright) and
	// Boundary draws levels with BoundaryShades (class 0, blank, through a
	// dense band at the boundary to a dotted class-1 texture).
	Shades         []rune
	BoundaryShades []rune
	// ClassGlyphs mark training points per class, TestGlyphs test points
	// (both cycled when there are more classes). They must not occur in
	// BoundaryShades.
	ClassGlyphs []rune
	TestGlyphs  []rune

	// Levels is PathPlot's ramp for a function's level sets, from the
	// valley floor (Levels[0]) to the walls; without colour the level sets
	// are drawn as lines of ContourGlyph. PathGlyphs mark each optimizer
	// path (cycled), StartGlyph a path's start and MinGlyph a minimum; none
	// of them may be ContourGlyph.
	Levels       []lipgloss.AdaptiveColor
	ContourGlyph rune
	PathGlyphs   []rune
	StartGlyph   rune
	MinGlyph     rune
	// ScatterGlyphs mark Scatter's points per class (cycled): digits, so
	// that class 3 is drawn as 3.
	ScatterGlyphs []rune

	// memo keeps rendered cells (a styled glyph is the same string every
	// frame) across calls; NewStyles makes it, a zero Styles has none.
	memo *memo
}

// memo caches rendered cell strings by a small key. Widgets render on one
// goroutine in the app, but the lock keeps concurrent use (tests) safe.
type memo struct {
	mu sync.Mutex
	m  map[memoKey]string
}

type memoKey struct{ kind, a, b, c int }

// cached returns the string for k, rendering it with make the first time.
func (st Styles) cached(k memoKey, make func() string) string {
	if st.memo == nil {
		return make()
	}
	st.memo.mu.Lock()
	defer st.memo.mu.Unlock()
	s, ok := st.memo.m[k]
	if !ok {
		if len(st.memo.m) > 4096 {
			clear(st.memo.m)
		}
		s = make()
		st.memo.m[k] = s
	}
	return s
}

// palette: ANSI-256 indices, darker variants for light backgrounds.
var paletteDefs = []lipgloss.AdaptiveColor{
	{Dark: "75", Light: "25"},   // blue
	{Dark: "215", Light: "166"}, // orange
	{Dark: "114", Light: "28"},  // green
	{Dark: "212", Light: "162"}, // pink
	{Dark: "80", Light: "30"},   // teal
	{Dark: "221", Light: "136"}, // gold
	{Dark: "141", Light: "91"},  // purple
	{Dark: "203", Light: "160"}, // red
}

// DefaultStyles builds Styles for lipgloss's default renderer: its colour
// profile (termenv honours NO_COLOR) and background.
func DefaultStyles() Styles { return NewStyles(lipgloss.DefaultRenderer()) }

// NewStyles builds Styles bound to renderer r (nil means the default
// renderer). Styles render with r's colour profile; Color is false when that
// profile is termenv.Ascii.
func NewStyles(r *lipgloss.Renderer) Styles {
	if r == nil {
		r = lipgloss.DefaultRenderer()
	}
	profile := r.ColorProfile()
	dark := r.HasDarkBackground()
	ac := func(dark, light string) lipgloss.AdaptiveColor {
		return lipgloss.AdaptiveColor{Dark: dark, Light: light}
	}
	base := r.NewStyle()
	st := Styles{
		memo:  &memo{m: map[memoKey]string{}},
		Color: profile != termenv.Ascii,
		Dark:  dark,

		Base:   base,
		Title:  base.Bold(true),
		Header: base.Bold(true),
		Axis:   base.Foreground(ac("242", "249")),
		Label:  base.Foreground(ac("246", "242")),
		Muted:  base.Foreground(ac("245", "243")),

		Good: base.Foreground(ac("114", "28")),
		Warn: base.Foreground(ac("221", "130")),
		Bad:  base.Foreground(ac("203", "160")).Bold(true),

		Vanishing: base.Foreground(ac("110", "61")),
		OK:        base.Foreground(ac("114", "28")),
		Exploding: base.Foreground(ac("203", "160")).Bold(true),

		Palette: append([]lipgloss.AdaptiveColor(nil), paletteDefs...),

		Shades:         []rune(" .:-=+*#%@"),
		BoundaryShades: []rune("   .-=+:::"),
		ClassGlyphs:    []rune("oxvsdw"),
		TestGlyphs:     []rune("OXVSDW"),

		ContourGlyph:  '·',
		PathGlyphs:    []rune("ox+#%@&="),
		StartGlyph:    'S',
		MinGlyph:      '*',
		ScatterGlyphs: []rune("0123456789abcdefghijklmnopqrstuvwxyz"),
	}
	for _, c := range st.Palette {
		st.Series = append(st.Series, base.Foreground(c))
	}
	if st.Color {
		for _, c := range st.Palette {
			st.SeriesANSI = append(st.SeriesANSI, graphColor(c, dark, profile))
		}
		st.AxisANSI = graphColor(ac("242", "249"), dark, profile)
		st.LabelANSI = graphColor(ac("246", "242"), dark, profile)
	}

	// Boundary heat ramp: blue (class 0) -> grey (unsure) -> amber (class 1).
	// Muted on dark backgrounds, pastel on light ones, so that the point
	// glyphs drawn on top stay readable.
	const levels = 17
	darkRamp := ramp3(levels, rgb{0x1d, 0x4a, 0x7e}, rgb{0x40, 0x40, 0x40}, rgb{0x8c, 0x4a, 0x10})
	lightRamp := ramp3(levels, rgb{0x9d, 0xc4, 0xf0}, rgb{0xee, 0xee, 0xee}, rgb{0xf4, 0xb8, 0x7e})
	for i := 0; i < levels; i++ {
		st.Heat = append(st.Heat, ac(darkRamp[i].hex(), lightRamp[i].hex()))
	}
	// Level-set ramp: dark teal valley floor -> grey -> dim red walls.
	const bands = 9
	darkLv := ramp3(bands, rgb{0x0c, 0x40, 0x48}, rgb{0x30, 0x30, 0x38}, rgb{0x50, 0x24, 0x24})
	lightLv := ramp3(bands, rgb{0xa8, 0xdc, 0xe0}, rgb{0xee, 0xee, 0xf0}, rgb{0xf2, 0xc4, 0xbc})
	for i := 0; i < bands; i++ {
		st.Levels = append(st.Levels, ac(darkLv[i].hex(), lightLv[i].hex()))
	}
	st.ClassColors = []lipgloss.AdaptiveColor{
		ac("#a6d8ff", "#08306b"), // class 0: light blue / navy
		ac("#ffd08a", "#7a2800"), // class 1: light amber / brown
		ac("#b8f0a0", "#0b5a0b"),
		ac("#ffb3e6", "#7a0b5a"),
		ac("#e0c8ff", "#3b1a80"),
	}
	for i := 0; i < 16; i++ {
		v := uint8(i * 255 / 15)
		st.Gray = append(st.Gray, lipgloss.Color(rgb{v, v, v}.hex()))
	}
	return st
}

// graphColor resolves an ANSI-256 adaptive colour for asciigraph, which
// writes raw escapes: 16-colour terminals get the nearest basic colour.
func graphColor(c lipgloss.AdaptiveColor, dark bool, p termenv.Profile) asciigraph.AnsiColor {
	s := c.Light
	if dark {
		s = c.Dark
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n > 255 {
		return asciigraph.Default
	}
	if p == termenv.ANSI && n >= 16 {
		if a, ok := termenv.ANSI.Convert(termenv.ANSI256Color(n)).(termenv.ANSIColor); ok {
			n = int(a)
		}
	}
	if n == 0 {
		return asciigraph.Black // asciigraph's 0 means "default colour"
	}
	return asciigraph.AnsiColor(n)
}

type rgb struct{ r, g, b uint8 }

func (c rgb) hex() string { return fmt.Sprintf("#%02x%02x%02x", c.r, c.g, c.b) }

func lerpRGB(a, b rgb, t float64) rgb {
	l := func(x, y uint8) uint8 { return uint8(float64(x) + (float64(y)-float64(x))*t + 0.5) }
	return rgb{l(a.r, b.r), l(a.g, b.g), l(a.b, b.b)}
}

// ramp3 returns n colours from a through m (middle) to b.
func ramp3(n int, a, m, b rgb) []rgb {
	out := make([]rgb, n)
	for i := range out {
		t := float64(i) / float64(n-1)
		if t <= 0.5 {
			out[i] = lerpRGB(a, m, t*2)
		} else {
			out[i] = lerpRGB(m, b, (t-0.5)*2)
		}
	}
	return out
}

// filled returns st with empty ramps, glyph sets and colour lists replaced
// by the defaults, so that a zero or hand-made Styles never panics.
func (st Styles) filled() Styles {
	if len(st.Shades) > 0 && len(st.BoundaryShades) > 0 && len(st.ClassGlyphs) > 0 &&
		len(st.TestGlyphs) > 0 && len(st.Heat) > 0 && len(st.Gray) > 0 && len(st.ClassColors) > 0 &&
		len(st.Levels) > 0 && len(st.PathGlyphs) > 0 && len(st.ScatterGlyphs) > 0 && st.ContourGlyph != 0 &&
		st.StartGlyph != 0 && st.MinGlyph != 0 {
		return st
	}
	d := NewStyles(nil)
	if len(st.Levels) == 0 {
		st.Levels = d.Levels
	}
	if len(st.PathGlyphs) == 0 {
		st.PathGlyphs = d.PathGlyphs
	}
	if len(st.ScatterGlyphs) == 0 {
		st.ScatterGlyphs = d.ScatterGlyphs
	}
	if st.ContourGlyph == 0 {
		st.ContourGlyph = d.ContourGlyph
	}
	if st.StartGlyph == 0 {
		st.StartGlyph = d.StartGlyph
	}
	if st.MinGlyph == 0 {
		st.MinGlyph = d.MinGlyph
	}
	if len(st.Shades) == 0 {
		st.Shades = d.Shades
	}
	if len(st.BoundaryShades) == 0 {
		st.BoundaryShades = d.BoundaryShades
	}
	if len(st.ClassGlyphs) == 0 {
		st.ClassGlyphs = d.ClassGlyphs
	}
	if len(st.TestGlyphs) == 0 {
		st.TestGlyphs = d.TestGlyphs
	}
	if len(st.Heat) == 0 {
		st.Heat = d.Heat
	}
	if len(st.Gray) == 0 {
		st.Gray = d.Gray
	}
	if len(st.ClassColors) == 0 {
		st.ClassColors = d.ClassColors
	}
	return st
}

// seriesStyle returns the style of series i (palette cycled).
func (st Styles) seriesStyle(i int) lipgloss.Style {
	if len(st.Series) == 0 {
		return st.Base
	}
	return cycle(st.Series, i)
}

// render applies s only when colour is on, so that Color=false really means
// "no escapes", whatever renderer the styles were built with.
func (st Styles) render(s lipgloss.Style, text string) string {
	if !st.Color || text == "" {
		return text
	}
	return s.Render(text)
}
