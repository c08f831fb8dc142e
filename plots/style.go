package plots

import (
	"hash/fnv"
	"image/color"
	"slices"

	xfont "golang.org/x/image/font"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// The Okabe–Ito palette (Okabe and Ito 2008), safe for the common forms of
// colour blindness, with its yellow (#F0E442, contrast 1.3:1 on white)
// darkened to #9A8600 (3.6:1) so that thin lines, small markers and
// labels in it can be read on a white page. Black is kept for the
// baseline.
var okabeIto = [...]color.NRGBA{
	{0xD5, 0x5E, 0x00, 0xFF}, // vermillion
	{0x00, 0x9E, 0x73, 0xFF}, // bluish green
	{0x00, 0x72, 0xB2, 0xFF}, // blue
	{0xE6, 0x9F, 0x00, 0xFF}, // orange
	{0x56, 0xB4, 0xE9, 0xFF}, // sky blue
	{0xCC, 0x79, 0xA7, 0xFF}, // reddish purple
	{0x9A, 0x86, 0x00, 0xFF}, // dark yellow
}

var (
	black     = color.NRGBA{0, 0, 0, 0xFF}
	darkGrey  = color.NRGBA{0x55, 0x55, 0x55, 0xFF}
	midGrey   = color.NRGBA{0x88, 0x88, 0x88, 0xFF}
	gridGrey  = color.NRGBA{0xE2, 0xE2, 0xE2, 0xFF}
	lightGrey = color.NRGBA{0xF2, 0xF2, 0xF2, 0xFF}
)

// OkabeIto returns the seven colours of the Okabe–Ito palette other than
// black, in the order ScenarioStyle assigns them: vermillion, bluish green,
// blue, orange, sky blue, reddish purple, dark yellow.
func OkabeIto() []color.Color {
	out := make([]color.Color, len(okabeIto))
	for i, c := range okabeIto {
		out[i] = c
	}
	return out
}

// dash patterns: the second and third cycles of the palette are drawn dashed
// and dotted so that 21 scenarios stay distinct.
const numDashes = 3

func dashes(k int) []vg.Length {
	switch k {
	case 1:
		return []vg.Length{vg.Points(6), vg.Points(3)}
	case 2:
		return []vg.Length{vg.Points(1.5), vg.Points(2.5)}
	}
	return nil
}

// Style is how a scenario is drawn in every figure: its colour and, beyond
// the first seven scenarios, a dash pattern for lines and a marker shape
// for points.
type Style struct {
	// Color is the scenario's line and point colour; bands use it with
	// transparency.
	Color color.NRGBA
	// Dashes is the line's dash pattern; nil means solid.
	Dashes []vg.Length
	// Shape is the marker of the scenario's points: a circle for the first
	// seven, then a triangle, then a diamond, so that scenarios sharing a
	// colour stay apart in point plots too.
	Shape draw.GlyphDrawer
}

// shapes are the markers of the three cycles of the palette.
func shape(k int) draw.GlyphDrawer {
	switch k {
	case 1:
		return draw.TriangleGlyph{}
	case 2:
		return draw.PyramidGlyph{}
	}
	return draw.CircleGlyph{}
}

// BaselineName is the scenario name drawn in black as the reference.
const BaselineName = "baseline"

// slot returns the style of palette slot k (0 to 20): colour k mod 7, dash
// pattern k / 7.
func slot(k int) Style {
	return Style{Color: okabeIto[k%len(okabeIto)], Dashes: dashes(k / len(okabeIto)), Shape: shape(k / len(okabeIto))}
}

const numSlots = len(okabeIto) * numDashes

// builtinSlot returns the fixed palette slot of a built-in scenario name.
func builtinSlot(name string) (int, bool) {
	const dashed = len(okabeIto)
	switch name {
	case "profit-cap":
		return 0, true
	case "nfp-entry":
		return 1, true
	case "coop":
		return 2, true
	case "profit-cap-clawback":
		return 3, true
	case "coop-nfp":
		return 4, true
	case "price-cap":
		return 5, true
	case "windfall-tax":
		return 6, true
	case "unregistered-ban":
		return dashed + 0, true
	case "foster-recruitment":
		return dashed + 1, true
	case "inhouse-build":
		return dashed + 2, true
	case "reform-2024":
		return dashed + 3, true
	case "oversight":
		return dashed + 5, true
	}
	return 0, false
}

func hashSlot(name string) int {
	h := fnv.New32a()
	h.Write([]byte(name))
	return int(h.Sum32() % uint32(numSlots))
}

// ScenarioStyle returns the colour and dash pattern of a scenario, the same
// in every figure: the baseline is black; the built-in scenarios have fixed
// Okabe–Ito colours (profit-cap vermillion, nfp-entry bluish green, coop
// blue, profit-cap-clawback orange, coop-nfp sky blue, price-cap reddish
// purple, windfall-tax dark yellow; unregistered-ban, foster-recruitment,
// inhouse-build, reform-2024 and oversight dashed); any other name gets a
// slot from a hash of the name. Figures that show several scenarios resolve
// clashes between hashed names (see ScenarioStyles).
func ScenarioStyle(name string) Style {
	if name == BaselineName {
		return Style{Color: black}
	}
	if k, ok := builtinSlot(name); ok {
		return slot(k)
	}
	return slot(hashSlot(name))
}

// ScenarioStyles returns the styles of a set of scenarios drawn together.
// The baseline and built-in names keep their ScenarioStyle. Other names
// start from their hashed slot and move to the next free slot whose colour
// is not yet used in the set, or failing that the next free slot (names
// taken in sorted order, so the result does not depend on their order).
// Up to seven scenarios besides the baseline thus get distinct colours,
// and up to 21 distinct colour and dash pairs.
func ScenarioStyles(names []string) []Style {
	out := make([]Style, len(names))
	used := make(map[int]bool)
	var hashed []string
	for i, n := range names {
		if n == BaselineName {
			out[i] = ScenarioStyle(n)
			continue
		}
		if k, ok := builtinSlot(n); ok {
			used[k] = true
			out[i] = slot(k)
			continue
		}
		hashed = append(hashed, n)
	}
	slices.Sort(hashed)
	hashed = slices.Compact(hashed)
	assigned := make(map[string]int, len(hashed))
	colourUsed := func(k int) bool {
		for u := range used {
			if u%len(okabeIto) == k%len(okabeIto) {
				return true
			}
		}
		return false
	}
	for _, n := range hashed {
		h := hashSlot(n)
		k := -1
		// First choice: the next free slot of a colour not yet in the set;
		// else the next free slot.
		for j := range numSlots {
			if c := (h + j) % numSlots; !used[c] && !colourUsed(c) {
				k = c
				break
			}
		}
		for j := 0; k < 0 && j < numSlots; j++ {
			if c := (h + j) % numSlots; !used[c] {
				k = c
			}
		}
		if k < 0 { // more than 21 hashed names: styles repeat
			k = h
		}
		used[k] = true
		assigned[n] = k
	}
	for i, n := range names {
		if k, ok := assigned[n]; ok {
			out[i] = slot(k)
		}
	}
	return out
}

// withAlpha returns c with opacity a (0–255).
func withAlpha(c color.NRGBA, a uint8) color.NRGBA {
	c.A = a
	return c
}

// bandAlpha is the opacity of 5–95% bands: light enough that two
// overlapping bands and the lines over them stay readable.
const bandAlpha = 0x38

// Ownership colours (Okabe–Ito): warm for for-profit, cool for
// not-for-profit and public owners.
var (
	colourPrivateEquity = okabeIto[0] // vermillion
	colourPrivate       = okabeIto[3] // orange
	colourNFP           = okabeIto[1] // bluish green
	colourCouncil       = okabeIto[2] // blue
)

// theme holds the sizes of one kind of figure.
type theme struct {
	title, label, tick, legend, note vg.Length
	line                             vg.Length
	glyph                            vg.Length
}

// slideTheme sizes a single plot for a 10 × 5.625 in slide.
func slideTheme() theme {
	return theme{title: 15, label: 12, tick: 11, legend: 11, note: 9.5, line: 2, glyph: 3.5}
}

// panelTheme sizes one panel of a multi-panel figure.
func panelTheme() theme {
	return theme{title: 12, label: 10, tick: 9, legend: 11, note: 8.5, line: 1.6, glyph: 3}
}

// sans returns the Liberation Sans font (metrically compatible with Arial)
// at size s.
func sans(s vg.Length) font.Font {
	return font.Font{Typeface: "Liberation", Variant: "Sans", Size: s}
}

func sansBold(s vg.Length) font.Font {
	f := sans(s)
	f.Weight = xfont.WeightBold
	return f
}

func textStyle(f font.Font, c color.Color) text.Style {
	return text.Style{Color: c, Font: f, Handler: plot.DefaultTextHandler}
}

// newPlot returns a plot with the theme's fonts, a title and axis labels,
// and no data.
func newPlot(th theme, title, xlabel, ylabel string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.Title.TextStyle.Font = sansBold(th.title)
	p.Title.Padding = th.title * 0.6
	for _, ax := range []*plot.Axis{&p.X, &p.Y} {
		ax.Label.TextStyle.Font = sans(th.label)
		ax.Label.TextStyle.Color = darkGrey
		ax.Tick.Label.Font = sans(th.tick)
		ax.Tick.Label.Color = darkGrey
		ax.Tick.Length = vg.Points(4)
		ax.LineStyle.Color = midGrey
		ax.Tick.LineStyle.Color = midGrey
		ax.Padding = 0
	}
	p.X.Label.Text = xlabel
	p.Y.Label.Text = ylabel
	p.X.Label.Padding = vg.Points(3)
	p.Y.Label.Padding = vg.Points(4)
	p.Legend.TextStyle.Font = sans(th.legend)
	return p
}

// addGrid adds light grid lines at the major ticks of the value axes; add
// it before the data so that it is drawn underneath.
func addGrid(p *plot.Plot, horizontal, vertical bool) {
	g := plotter.NewGrid()
	g.Vertical.Color, g.Horizontal.Color = nil, nil
	if vertical {
		g.Vertical = draw.LineStyle{Color: gridGrey, Width: vg.Points(0.6)}
	}
	if horizontal {
		g.Horizontal = draw.LineStyle{Color: gridGrey, Width: vg.Points(0.6)}
	}
	p.Add(g)
}

func lineStyle(st Style, w vg.Length) draw.LineStyle {
	return draw.LineStyle{Color: st.Color, Width: w, Dashes: st.Dashes}
}
