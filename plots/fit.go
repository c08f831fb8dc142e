package plots

import (
	"errors"
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/caremarket/caremarket/calibrate"
)

// FitPanel is one panel of FitFigure: a modelled quantity over time as a
// median line over a shaded 5–95% band of the runs, with the published
// figures it was fitted to (black triangles) and the published figures kept
// aside to validate it (open circles). The type lives in package calibrate,
// which computes the panels.
type FitPanel = calibrate.FitPanel

// fitFont is the font of the fit figure's panels.
func fitFont(size vg.Length, bold bool) font.Font {
	f := font.Font{Typeface: "Liberation", Variant: "Sans", Size: size}
	if bold {
		f.Weight = 700
	}
	return f
}

// FitFigure draws a calibration's fit as a grid of panels, cols to a row:
// every panel shows the model's median and 5–95% band over time against
// the published figures. Title names the whole figure and note is drawn in
// small print at the bottom (say how many runs the bands hold).
func FitFigure(title, note string, panels []FitPanel, cols int) (*Figure, error) {
	if len(panels) == 0 {
		return nil, errors.New("plots: FitFigure needs at least one panel")
	}
	if cols < 1 {
		return nil, fmt.Errorf("plots: FitFigure cols = %d: must be at least 1", cols)
	}
	f := &Figure{Title: title, Note: note}
	ps := make([]*plot.Plot, len(panels))
	for i := range panels {
		p, err := fitPanel(&panels[i])
		if err != nil {
			return nil, err
		}
		ps[i] = p
	}
	f.Panels = gridRows(ps, cols)
	rows := len(f.Panels)
	f.Width = vg.Length(cols) * 4.4 * vg.Inch
	f.Height = vg.Length(rows)*3.0*vg.Inch + 1.2*vg.Inch
	pal := OkabeIto()
	f.Legend = []LegendEntry{
		{Text: "model: median of the runs", Thumbs: []plot.Thumbnailer{fitLineThumb{color: pal[4]}}},
		{Text: "model: 5–95% of the runs", Thumbs: []plot.Thumbnailer{fitBoxThumb{color: fitFade(pal[4])}}},
		{Text: "published, fitted", Thumbs: []plot.Thumbnailer{fitGlyphThumb{style: fittedGlyph()}}},
		{Text: "published, kept aside to validate", Thumbs: []plot.Thumbnailer{fitGlyphThumb{style: validationGlyph()}}},
	}
	return f, nil
}

func fitFade(c color.Color) color.Color {
	r, g, b, _ := c.RGBA()
	return color.NRGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(b >> 8), A: 0x45}
}

func fittedGlyph() draw.GlyphStyle {
	return draw.GlyphStyle{Color: color.Black, Radius: vg.Points(4.5), Shape: draw.PyramidGlyph{}}
}

func validationGlyph() draw.GlyphStyle {
	return draw.GlyphStyle{Color: OkabeIto()[5], Radius: vg.Points(4.5), Shape: draw.RingGlyph{}}
}

type fitLineThumb struct{ color color.Color }

func (t fitLineThumb) Thumbnail(c *draw.Canvas) {
	y := c.Center().Y
	c.StrokeLine2(draw.LineStyle{Color: t.color, Width: vg.Points(2)}, c.Min.X, y, c.Max.X, y)
}

type fitBoxThumb struct{ color color.Color }

func (t fitBoxThumb) Thumbnail(c *draw.Canvas) {
	c.SetColor(t.color)
	c.Fill(c.Rectangle.Path())
}

type fitGlyphThumb struct{ style draw.GlyphStyle }

func (t fitGlyphThumb) Thumbnail(c *draw.Canvas) { c.DrawGlyph(t.style, c.Center()) }

func fitPanel(fp *FitPanel) (*plot.Plot, error) {
	if len(fp.X) != len(fp.Bands) {
		return nil, fmt.Errorf("plots: fit panel %q has %d times and %d bands: want one band per time", fp.Title, len(fp.X), len(fp.Bands))
	}
	p := plot.New()
	p.Title.Text = fp.Title
	p.Title.TextStyle.Font = fitFont(11, true)
	p.Title.Padding = vg.Points(6)
	for _, ax := range []*plot.Axis{&p.X, &p.Y} {
		ax.Tick.Label.Font = fitFont(9, false)
		ax.Label.TextStyle.Font = fitFont(9.5, false)
		ax.Padding = 0
	}
	grid := plotter.NewGrid()
	grid.Vertical.Color = nil
	grid.Horizontal = draw.LineStyle{Color: color.Gray{Y: 0xe4}, Width: vg.Points(0.6)}
	p.Add(grid)
	if err := addFitBand(p, fp); err != nil {
		return nil, err
	}
	minX, maxX := math.Inf(1), math.Inf(-1)
	for _, x := range fp.X {
		minX, maxX = math.Min(minX, x), math.Max(maxX, x)
	}
	add := func(obs []Observation, g draw.GlyphStyle) error {
		var pts plotter.XYs
		for _, o := range obs {
			x := float64(o.Year) + 0.5
			if o.AtEnd {
				x = float64(o.Year) + 1
			}
			if fitFinite(x, o.Value) {
				pts = append(pts, plotter.XY{X: x, Y: o.Value})
				minX, maxX = math.Min(minX, x), math.Max(maxX, x)
			}
		}
		if len(pts) == 0 {
			return nil
		}
		sc, err := plotter.NewScatter(pts)
		if err != nil {
			return err
		}
		sc.GlyphStyle = g
		p.Add(sc)
		return nil
	}
	if err := add(fp.Fitted, fittedGlyph()); err != nil {
		return nil, err
	}
	if err := add(fp.Validation, validationGlyph()); err != nil {
		return nil, err
	}
	setFitAxes(p, fp.Unit, minX, maxX)
	return p, nil
}

// addFitBand adds a fit panel's band to p: the 5–95% polygon of the
// finite points (a short bar for a single time), the median line, and its
// points when there are few.
func addFitBand(p *plot.Plot, fp *FitPanel) error {
	pal := OkabeIto()
	// Band: the 5–95% polygon of the finite points.
	var lo, hi, mid plotter.XYs
	for i, b := range fp.Bands {
		x := fp.X[i]
		if fitFinite(x, b.P5, b.P50, b.P95) {
			lo = append(lo, plotter.XY{X: x, Y: b.P5})
			hi = append(hi, plotter.XY{X: x, Y: b.P95})
			mid = append(mid, plotter.XY{X: x, Y: b.P50})
		}
	}
	if len(mid) > 0 {
		poly := append(plotter.XYs(nil), lo...)
		for i := len(hi) - 1; i >= 0; i-- {
			poly = append(poly, hi[i])
		}
		if len(mid) == 1 {
			// A single time: draw the band as a short bar.
			w := 0.15
			poly = plotter.XYs{{X: lo[0].X - w, Y: lo[0].Y}, {X: lo[0].X + w, Y: lo[0].Y}, {X: hi[0].X + w, Y: hi[0].Y}, {X: hi[0].X - w, Y: hi[0].Y}}
		}
		pg, err := plotter.NewPolygon(poly)
		if err != nil {
			return err
		}
		pg.Color = fitFade(pal[4])
		pg.LineStyle.Width = 0
		p.Add(pg)
		ln, err := plotter.NewLine(mid)
		if err != nil {
			return err
		}
		ln.LineStyle = draw.LineStyle{Color: pal[4], Width: vg.Points(1.8)}
		p.Add(ln)
		if len(mid) <= 12 {
			sc, err := plotter.NewScatter(mid)
			if err != nil {
				return err
			}
			sc.GlyphStyle = draw.GlyphStyle{Color: pal[4], Radius: vg.Points(2.2), Shape: draw.CircleGlyph{}}
			p.Add(sc)
		}
	}
	return nil
}

// setFitAxes sets a fit panel's axes: years from minX to maxX, the y ticks
// and label of unit, and room around the data.
func setFitAxes(p *plot.Plot, unit string, minX, maxX float64) {
	if !(maxX > minX) {
		minX, maxX = minX-0.5, minX+0.5
	}
	start := math.Floor(minX)
	end := math.Ceil(maxX)
	if end <= start {
		end = start + 1
	}
	p.X.Min, p.X.Max = start, end
	p.X.Tick.Marker = YearTicks{}
	switch unit {
	case "£":
		p.Y.Tick.Marker = MoneyTicks{}
		p.Y.Label.Text = "£ a year"
	case "£/week":
		p.Y.Tick.Marker = MoneyTicks{}
		p.Y.Label.Text = "£ a week"
	case "share":
		p.Y.Tick.Marker = PercentTicks{}
	default:
		p.Y.Tick.Marker = CountTicks{}
		p.Y.Label.Text = unit
	}
	// Leave room around the data.
	if p.Y.Max > p.Y.Min {
		pad := 0.08 * (p.Y.Max - p.Y.Min)
		p.Y.Min -= pad
		p.Y.Max += pad
	} else {
		p.Y.Min, p.Y.Max = p.Y.Min-1, p.Y.Max+1
	}
}

func fitFinite(xs ...float64) bool {
	for _, x := range xs {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return false
		}
	}
	return true
}
