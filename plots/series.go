package plots

import (
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/caremarket/caremarket/market"
	"github.com/caremarket/caremarket/scenarios"
)

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// bandSeries draws a centre line over a shaded band (e.g. median over the
// 5–95% range of the runs). Points where a value is not finite are skipped:
// the line and the band break there. A point standing alone is drawn as a
// dot with a vertical interval.
type bandSeries struct {
	xs, lo, mid, hi []float64
	line            draw.LineStyle
	fill            color.Color // nil: no band
	noLine          bool        // draw the band only
	glyph           vg.Length
}

var (
	_ plot.Plotter     = (*bandSeries)(nil)
	_ plot.DataRanger  = (*bandSeries)(nil)
	_ plot.Thumbnailer = (*bandSeries)(nil)
)

// newBandSeries builds a series from bands at positions xs, centred on the
// median (or the mean when mean is set).
func newBandSeries(xs []float64, bs []scenarios.Band, st Style, th theme, band, mean bool) *bandSeries {
	n := min(len(xs), len(bs))
	s := &bandSeries{
		xs: xs[:n], lo: make([]float64, n), mid: make([]float64, n), hi: make([]float64, n),
		line:  lineStyle(st, th.line),
		glyph: th.glyph,
	}
	for i, b := range bs[:n] {
		s.lo[i], s.hi[i] = b.P5, b.P95
		if mean {
			s.mid[i] = b.Mean
		} else {
			s.mid[i] = b.P50
		}
	}
	if band {
		s.fill = withAlpha(st.Color, bandAlpha)
	}
	return s
}

// runs returns the maximal index ranges [a, b) where ok holds.
func runs(n int, ok func(i int) bool) [][2]int {
	var out [][2]int
	start := -1
	for i := 0; i <= n; i++ {
		if i < n && ok(i) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			out = append(out, [2]int{start, i})
			start = -1
		}
	}
	return out
}

// Plot implements plot.Plotter.
func (s *bandSeries) Plot(c draw.Canvas, p *plot.Plot) {
	tx, ty := p.Transforms(&c)
	n := len(s.xs)
	if s.fill != nil {
		for _, r := range runs(n, func(i int) bool { return finite(s.xs[i]) && finite(s.lo[i]) && finite(s.hi[i]) }) {
			if r[1]-r[0] == 1 {
				i := r[0]
				st := draw.LineStyle{Color: s.fill, Width: s.glyph * 1.4}
				c.StrokeLines(st, c.ClipLinesXY([]vg.Point{{X: tx(s.xs[i]), Y: ty(s.lo[i])}, {X: tx(s.xs[i]), Y: ty(s.hi[i])}})...)
				continue
			}
			poly := make([]vg.Point, 0, 2*(r[1]-r[0]))
			for i := r[0]; i < r[1]; i++ {
				poly = append(poly, vg.Point{X: tx(s.xs[i]), Y: ty(s.hi[i])})
			}
			for i := r[1] - 1; i >= r[0]; i-- {
				poly = append(poly, vg.Point{X: tx(s.xs[i]), Y: ty(s.lo[i])})
			}
			c.FillPolygon(s.fill, c.ClipPolygonXY(poly))
		}
	}
	if s.noLine {
		return
	}
	for _, r := range runs(n, func(i int) bool { return finite(s.xs[i]) && finite(s.mid[i]) }) {
		if r[1]-r[0] == 1 {
			i := r[0]
			pt := vg.Point{X: tx(s.xs[i]), Y: ty(s.mid[i])}
			if c.Contains(pt) {
				c.DrawGlyph(draw.GlyphStyle{Color: s.line.Color, Radius: s.glyph, Shape: draw.CircleGlyph{}}, pt)
			}
			continue
		}
		line := make([]vg.Point, 0, r[1]-r[0])
		for i := r[0]; i < r[1]; i++ {
			line = append(line, vg.Point{X: tx(s.xs[i]), Y: ty(s.mid[i])})
		}
		c.StrokeLines(s.line, c.ClipLinesXY(line)...)
	}
}

// DataRange implements plot.DataRanger over the finite values.
func (s *bandSeries) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, ymin = math.Inf(1), math.Inf(1)
	xmax, ymax = math.Inf(-1), math.Inf(-1)
	for i, x := range s.xs {
		if !finite(x) {
			continue
		}
		vals := []float64{s.mid[i]}
		if s.fill != nil {
			vals = append(vals, s.lo[i], s.hi[i])
		}
		for _, v := range vals {
			if finite(v) {
				xmin, xmax = math.Min(xmin, x), math.Max(xmax, x)
				ymin, ymax = math.Min(ymin, v), math.Max(ymax, v)
			}
		}
	}
	return xmin, xmax, ymin, ymax
}

// Thumbnail implements plot.Thumbnailer: the band as a box with the line
// across it.
func (s *bandSeries) Thumbnail(c *draw.Canvas) {
	if s.fill != nil {
		boxThumb{s.fill}.Thumbnail(c)
	}
	if !s.noLine {
		lineThumb{s.line}.Thumbnail(c)
	}
}

// lineThumb is a legend thumbnail of a line.
type lineThumb struct{ style draw.LineStyle }

func (t lineThumb) Thumbnail(c *draw.Canvas) {
	y := c.Center().Y
	c.StrokeLine2(t.style, c.Min.X, y, c.Max.X, y)
}

// boxThumb is a legend thumbnail of a shaded area.
type boxThumb struct{ fill color.Color }

func (t boxThumb) Thumbnail(c *draw.Canvas) {
	h := (c.Max.Y - c.Min.Y) * 0.8
	y := c.Center().Y
	c.FillPolygon(t.fill, []vg.Point{{X: c.Min.X, Y: y - h/2}, {X: c.Max.X, Y: y - h/2}, {X: c.Max.X, Y: y + h/2}, {X: c.Min.X, Y: y + h/2}})
}

// glyphThumb is a legend thumbnail of a point.
type glyphThumb struct{ style draw.GlyphStyle }

func (t glyphThumb) Thumbnail(c *draw.Canvas) { c.DrawGlyph(t.style, c.Center()) }

// segment is a straight line between two points in data coordinates.
type segment struct {
	x0, y0, x1, y1 float64
	style          draw.LineStyle
	cap            vg.Length // half-length of end caps across the segment; 0 for none
}

// segments draws straight lines in data coordinates (interval bars,
// reference lines); segments with a non-finite end are skipped.
type segments []segment

var (
	_ plot.Plotter    = segments(nil)
	_ plot.DataRanger = segments(nil)
)

// Plot implements plot.Plotter.
func (ss segments) Plot(c draw.Canvas, p *plot.Plot) {
	tx, ty := p.Transforms(&c)
	for _, s := range ss {
		if !finite(s.x0) || !finite(s.y0) || !finite(s.x1) || !finite(s.y1) {
			continue
		}
		a := vg.Point{X: tx(s.x0), Y: ty(s.y0)}
		b := vg.Point{X: tx(s.x1), Y: ty(s.y1)}
		c.StrokeLines(s.style, c.ClipLinesXY([]vg.Point{a, b})...)
		if s.cap > 0 {
			capStyle := s.style
			capStyle.Dashes = nil
			for _, e := range []vg.Point{a, b} {
				var q0, q1 vg.Point
				if a.Y == b.Y { // horizontal: vertical caps
					q0, q1 = vg.Point{X: e.X, Y: e.Y - s.cap}, vg.Point{X: e.X, Y: e.Y + s.cap}
				} else {
					q0, q1 = vg.Point{X: e.X - s.cap, Y: e.Y}, vg.Point{X: e.X + s.cap, Y: e.Y}
				}
				c.StrokeLines(capStyle, c.ClipLinesXY([]vg.Point{q0, q1})...)
			}
		}
	}
}

// DataRange implements plot.DataRanger over the finite ends.
func (ss segments) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, ymin = math.Inf(1), math.Inf(1)
	xmax, ymax = math.Inf(-1), math.Inf(-1)
	for _, s := range ss {
		for _, pt := range [][2]float64{{s.x0, s.y0}, {s.x1, s.y1}} {
			if finite(pt[0]) && finite(pt[1]) {
				xmin, xmax = math.Min(xmin, pt[0]), math.Max(xmax, pt[0])
				ymin, ymax = math.Min(ymin, pt[1]), math.Max(ymax, pt[1])
			}
		}
	}
	return xmin, xmax, ymin, ymax
}

// refLine is a vertical (or horizontal) reference line across the whole
// data area at one value, with an optional label at its bottom (right)
// end, inside the data area.
// It widens the axis range to include its value.
type refLine struct {
	value    float64
	vertical bool
	style    draw.LineStyle
	label    string
	font     text.Style
}

var (
	_ plot.Plotter    = (*refLine)(nil)
	_ plot.DataRanger = (*refLine)(nil)
)

// Plot implements plot.Plotter.
func (r *refLine) Plot(c draw.Canvas, p *plot.Plot) {
	tx, ty := p.Transforms(&c)
	if r.vertical {
		x := tx(r.value)
		if !c.ContainsX(x) {
			return
		}
		c.StrokeLine2(r.style, x, c.Min.Y, x, c.Max.Y)
		if r.label != "" {
			sty := r.font
			sty.XAlign, sty.YAlign = draw.XLeft, draw.YBottom
			c.FillText(sty, vg.Point{X: x + vg.Points(3), Y: c.Min.Y + vg.Points(2)}, r.label)
		}
		return
	}
	y := ty(r.value)
	if !c.ContainsY(y) {
		return
	}
	c.StrokeLine2(r.style, c.Min.X, y, c.Max.X, y)
	if r.label != "" {
		sty := r.font
		sty.XAlign, sty.YAlign = draw.XRight, draw.YBottom
		c.FillText(sty, vg.Point{X: c.Max.X - vg.Points(2), Y: y + vg.Points(2)}, r.label)
	}
}

// DataRange implements plot.DataRanger.
func (r *refLine) DataRange() (xmin, xmax, ymin, ymax float64) {
	if r.vertical {
		return r.value, r.value, math.Inf(1), math.Inf(-1)
	}
	return math.Inf(1), math.Inf(-1), r.value, r.value
}

// timeSeries returns the positions (x = financial years, see YearTicks) and
// bands of metric m of s at a resolution, and the resolution used: Auto
// and Weekly fall back to Yearly when no weekly bands were kept.
func timeSeries(s *scenarios.Summary, m market.Metric, res Resolution) ([]float64, []scenarios.Band, Resolution) {
	if m < 0 || m >= market.NumMetrics {
		return nil, nil, Yearly
	}
	weekly := len(s.Weekly[m]) > 0
	if res == Auto {
		res = Yearly
		if weekly && !m.Flow() {
			res = Weekly
		}
	}
	if res == Weekly && !weekly {
		res = Yearly
	}
	if res == Weekly {
		bs := s.Weekly[m]
		xs := make([]float64, len(bs))
		for k := range xs {
			xs[k] = float64(s.StartYear) + (float64(k)+0.5)/52
		}
		return xs, bs, Weekly
	}
	bs := s.Yearly[m]
	xs := make([]float64, len(bs))
	for y := range xs {
		xs[y] = float64(s.StartYear) + float64(y) + 0.5
	}
	return xs, bs, Yearly
}

// years returns the horizon of s in financial years.
func years(s *scenarios.Summary) int {
	n := s.Years
	for m := range s.Yearly {
		n = max(n, len(s.Yearly[m]))
		n = max(n, (len(s.Weekly[m])+51)/52)
	}
	return max(n, 1)
}

// setTimeAxis sets the x axis of p to the financial years of s.
func setTimeAxis(p *plot.Plot, start, nyears, every int) {
	p.X.Min = float64(start)
	p.X.Max = float64(start + nyears)
	p.X.Tick.Marker = YearTicks{Every: every}
	p.X.Label.Text = "Financial year (April to March)"
}

// padY widens the y range of p by frac of its span on each side, so that
// bands and lines do not touch the axes.
func padY(p *plot.Plot, frac float64) {
	lo, hi := p.Y.Min, p.Y.Max
	if !finite(lo) || !finite(hi) || !(hi > lo) {
		return
	}
	d := (hi - lo) * frac
	p.Y.Min, p.Y.Max = lo-d, hi+d
}
