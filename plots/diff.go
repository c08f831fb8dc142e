package plots

import (
	"errors"
	"fmt"
	"image/color"
	"math"
	"slices"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/caremarket/caremarket/market"
	"github.com/caremarket/caremarket/scenarios"
)

var errNilComparison = errors.New("plots: nil comparison (or one without a baseline)")

func checkComparison(cmp *scenarios.Comparison) error {
	if cmp == nil || cmp.Baseline == nil {
		return errNilComparison
	}
	if len(cmp.Diffs) != len(cmp.Alternatives) {
		return fmt.Errorf("plots: comparison has %d alternatives but %d diffs: want one diff per alternative", len(cmp.Alternatives), len(cmp.Diffs))
	}
	for i, a := range cmp.Alternatives {
		if a == nil {
			return fmt.Errorf("plots: comparison alternative %d is nil", i)
		}
	}
	return nil
}

// effect is one alternative's scaled total difference in one metric.
type effect struct {
	name                    string
	mean, p5, p95, mlo, mhi float64
	style                   Style
}

// effects returns the alternatives' total differences in metric m, scaled
// by TotalDisplay, in the comparison's order.
func effects(cmp *scenarios.Comparison, m market.Metric) []effect {
	div, _ := TotalDisplay(m, years(cmp.Baseline))
	names := make([]string, len(cmp.Diffs))
	for i, d := range cmp.Diffs {
		names[i] = d.Scenario
	}
	styles := ScenarioStyles(names)
	out := make([]effect, len(cmp.Diffs))
	for i, d := range cmp.Diffs {
		t := d.Total[m]
		out[i] = effect{name: d.Scenario, mean: t.Mean / div, p5: t.P5 / div, p95: t.P95 / div,
			mlo: t.MeanLo / div, mhi: t.MeanHi / div, style: styles[i]}
	}
	return out
}

// message draws a line of text in the middle of the data area (used when
// there is nothing to plot).
type message struct {
	text  string
	style text.Style
}

// Plot implements plot.Plotter.
func (msg message) Plot(c draw.Canvas, _ *plot.Plot) {
	sty := msg.style
	sty.XAlign, sty.YAlign = draw.XCenter, draw.YCenter
	c.FillText(sty, c.Center(), msg.text)
}

func noAlternatives(p *plot.Plot, th theme) {
	p.Add(message{text: "No alternative scenarios: nothing to compare with the baseline", style: textStyle(sans(th.label), darkGrey)})
	p.HideAxes()
}

// DifferenceBars is a forest plot of each alternative's paired difference
// from the baseline in metric m over the whole horizon (Diff.Total, shown
// as TotalDisplay says): a dot at the mean difference, a thick bar for the 90%
// confidence interval of the mean, a thin bar with end caps from the 5th to
// the 95th percentile of the runs, and a vertical line at zero (no change).
// Rows are sorted by mean difference, the largest fall at the top.
// Options read: WithTitle.
func DifferenceBars(cmp *scenarios.Comparison, m market.Metric, opts ...Option) (*plot.Plot, error) {
	if err := checkComparison(cmp); err != nil {
		return nil, err
	}
	if err := checkMetric(m); err != nil {
		return nil, err
	}
	o := collect(opts)
	th := slideTheme()
	p := forest(th, cmp, m, o.title)
	if len(cmp.Diffs) > 0 {
		p.Add(newSideLegend(th, forestLegend(th)))
	}
	return p, nil
}

func forestLegend(th theme) []LegendEntry {
	return []LegendEntry{
		{Text: "mean difference", Thumbs: []plot.Thumbnailer{glyphThumb{draw.GlyphStyle{Color: darkGrey, Radius: th.glyph * 1.2, Shape: draw.CircleGlyph{}}}}},
		{Text: "90% CI of the mean", Thumbs: []plot.Thumbnailer{lineThumb{draw.LineStyle{Color: darkGrey, Width: th.line * 2.5}}}},
		{Text: "5–95% of runs", Thumbs: []plot.Thumbnailer{lineThumb{draw.LineStyle{Color: darkGrey, Width: th.line * 0.6}}}},
	}
}

// forest builds the forest plot of DifferenceBars.
func forest(th theme, cmp *scenarios.Comparison, m market.Metric, title string) *plot.Plot {
	ny := years(cmp.Baseline)
	_, unit := TotalDisplay(m, ny)
	if title == "" {
		title = "Change in " + lowerFirst(MetricTitle(m)) + " vs baseline"
	}
	p := newPlot(th, title, unit+", paired runs", "")
	addGrid(p, false, true)
	es := effects(cmp, m)
	if len(es) == 0 {
		noAlternatives(p, th)
		return p
	}
	// Largest fall at the top: sort by mean descending, row 0 at the
	// bottom. Non-finite means sort last (bottom).
	slices.SortStableFunc(es, func(a, b effect) int {
		switch {
		case !finite(a.mean) && !finite(b.mean):
			return 0
		case !finite(a.mean):
			return -1
		case !finite(b.mean):
			return 1
		case a.mean > b.mean:
			return -1
		case a.mean < b.mean:
			return 1
		}
		return 0
	})
	names := make([]string, len(es))
	var bars segments
	dots := make([]*points, len(es))
	for i, e := range es {
		y := float64(i)
		// The mean difference is written beside the row's name, outside
		// the data area, where neither the zero line nor a neighbour's bar
		// can cross it.
		names[i] = e.name + ": " + formatTotal(m, e.mean)
		thin := draw.LineStyle{Color: e.style.Color, Width: th.line * 0.6}
		thick := draw.LineStyle{Color: e.style.Color, Width: th.line * 2.5}
		bars = append(bars,
			segment{x0: e.p5, y0: y, x1: e.p95, y1: y, style: thin, cap: th.glyph * 1.4},
			segment{x0: e.mlo, y0: y, x1: e.mhi, y1: y, style: thick})
		dots[i] = &points{xs: []float64{e.mean}, ys: []float64{y},
			glyph: draw.GlyphStyle{Color: e.style.Color, Radius: th.glyph * 1.2, Shape: markerOf(e.style)}}
	}
	zero := &refLine{value: 0, vertical: true, style: draw.LineStyle{Color: midGrey, Width: vg.Points(1), Dashes: []vg.Length{vg.Points(4), vg.Points(3)}},
		label: "no change", font: textStyle(sans(th.tick), darkGrey)}
	p.Add(zero, bars)
	for _, d := range dots {
		p.Add(d)
	}
	p.NominalY(names...)
	p.Y.Tick.Label.Font = sans(th.label)
	p.Y.Tick.Label.Color = black
	p.Y.Min, p.Y.Max = -1.1, float64(len(es))-0.4 // room below the last row for the "no change" label
	p.X.Tick.Marker = ticker(m, true)
	padX(p, 0.06)
	return p
}

// formatTotal writes a scaled total difference of m (see TotalDisplay) for a
// label: "+£120m", "-1,250" (child-weeks), "+1.5 pp".
func formatTotal(m market.Metric, v float64) string { return formatValue(m, v, true) }

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	// Keep acronyms and proper names (e.g. "NFP") as they are.
	if len(s) > 1 && s[1] >= 'A' && s[1] <= 'Z' {
		return s
	}
	b := []byte(s)
	if b[0] >= 'A' && b[0] <= 'Z' {
		b[0] += 'a' - 'A'
	}
	return string(b)
}

// padX widens the x range of p by frac of its span on each side.
func padX(p *plot.Plot, frac float64) {
	lo, hi := p.X.Min, p.X.Max
	if !finite(lo) || !finite(hi) || !(hi > lo) {
		return
	}
	d := (hi - lo) * frac
	p.X.Min, p.X.Max = lo-d, hi+d
}

// haloText draws txt at pt over a white, slightly transparent box, so that
// grid and reference lines behind it do not cut through the letters.
func haloText(c draw.Canvas, sty text.Style, pt vg.Point, txt string) {
	r := sty.Rectangle(txt)
	pad := sty.Font.Size * 0.12
	x0, y0 := pt.X+r.Min.X-pad, pt.Y+r.Min.Y
	x1, y1 := pt.X+r.Max.X+pad, pt.Y+r.Max.Y
	c.FillPolygon(color.NRGBA{0xFF, 0xFF, 0xFF, 0xF0}, []vg.Point{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}})
	c.FillText(sty, pt, txt)
}

// TradeOff plots cost against shortage: one point per alternative at its
// mean paired difference from the baseline over the horizon in costMetric
// (x) and shortageMetric (y), both as TotalDisplay says, with interval bars
// both ways (by default the 5th to 95th percentile of the runs; see
// WithInterval). The baseline sits at the origin, marked by a black
// diamond and dashed cross-hairs; points are labelled with their scenario
// names. Down and to the left is cheaper with less shortage.
// Options read: WithTitle, WithInterval.
func TradeOff(cmp *scenarios.Comparison, costMetric, shortageMetric market.Metric, opts ...Option) (*plot.Plot, error) {
	if err := checkComparison(cmp); err != nil {
		return nil, err
	}
	for _, m := range []market.Metric{costMetric, shortageMetric} {
		if err := checkMetric(m); err != nil {
			return nil, err
		}
	}
	o := collect(opts)
	th := slideTheme()
	p, entries := tradeOff(th, cmp, costMetric, shortageMetric, o)
	p.Add(newSideLegend(th, entries))
	return p, nil
}

func tradeOff(th theme, cmp *scenarios.Comparison, xm, ym market.Metric, o options) (*plot.Plot, []LegendEntry) {
	ny := years(cmp.Baseline)
	_, xunit := TotalDisplay(xm, ny)
	_, yunit := TotalDisplay(ym, ny)
	title := o.title
	if title == "" {
		title = fmt.Sprintf("Cost against shortage: change from the baseline over %s", plural(ny, "year"))
	}
	p := newPlot(th, title,
		fmt.Sprintf("← cheaper      change in %s (%s)      dearer →", shortName(xm), axisUnit(xunit)),
		fmt.Sprintf("change in %s (%s)", shortName(ym), axisUnit(yunit)))
	addGrid(p, true, true)
	hair := draw.LineStyle{Color: midGrey, Width: vg.Points(1), Dashes: []vg.Length{vg.Points(4), vg.Points(3)}}
	p.Add(&refLine{value: 0, vertical: true, style: hair}, &refLine{value: 0, style: hair})
	xs, ys := effects(cmp, xm), effects(cmp, ym)
	baseGlyph := draw.GlyphStyle{Color: black, Radius: th.glyph * 1.6, Shape: draw.BoxGlyph{}}
	base := &points{xs: []float64{0}, ys: []float64{0}, glyph: baseGlyph}
	entries := []LegendEntry{{Text: BaselineName, Thumbs: []plot.Thumbnailer{glyphThumb{baseGlyph}}}}
	var bars segments
	var dots []*points
	labels := &pointLabels{style: textStyle(sans(th.legend), black)}
	labels.add(0, 0, BaselineName, baseGlyph.Radius)
	for i := range xs {
		x, y := xs[i], ys[i]
		xlo, xhi, ylo, yhi := x.p5, x.p95, y.p5, y.p95
		if o.interval == MeanInterval {
			xlo, xhi, ylo, yhi = x.mlo, x.mhi, y.mlo, y.mhi
		}
		ls := draw.LineStyle{Color: x.style.Color, Width: th.line * 0.75}
		bars = append(bars,
			segment{x0: xlo, y0: y.mean, x1: xhi, y1: y.mean, style: ls, cap: th.glyph},
			segment{x0: x.mean, y0: ylo, x1: x.mean, y1: yhi, style: ls, cap: th.glyph})
		g := draw.GlyphStyle{Color: x.style.Color, Radius: th.glyph * 1.5, Shape: markerOf(x.style)}
		dots = append(dots, &points{xs: []float64{x.mean}, ys: []float64{y.mean}, glyph: g})
		labels.add(x.mean, y.mean, x.name, g.Radius)
		entries = append(entries, LegendEntry{Text: x.name, Thumbs: []plot.Thumbnailer{glyphThumb{g}}})
	}
	p.Add(bars)
	for _, d := range dots {
		p.Add(d)
	}
	labels.obstacles = bars
	p.Add(base, labels)
	note := "bars: 5–95% of runs"
	if o.interval == MeanInterval {
		note = "bars: 90% CI of the mean"
	}
	entries = append(entries, LegendEntry{Text: note, Thumbs: []plot.Thumbnailer{lineThumb{draw.LineStyle{Color: darkGrey, Width: th.line * 0.75}}}})
	p.X.Tick.Marker = ticker(xm, true)
	p.Y.Tick.Marker = ticker(ym, true)
	padX(p, 0.08)
	padY(p, 0.08)
	if len(xs) == 0 {
		p.Add(message{text: "No alternative scenarios: only the baseline", style: textStyle(sans(th.label), darkGrey)})
	}
	return p, entries
}

// axisUnit keeps the unit of a TotalDisplay label, dropping the horizon
// ("£, 10-year total" → "£").
func axisUnit(u string) string {
	if i := strings.Index(u, ", "); i > 0 {
		return u[:i]
	}
	return u
}

func plural(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return itoa(n) + " " + unit + "s"
}

// pointLabels writes names beside points, each at the first of a few
// candidate places (right, left, above, below, then diagonals) where it
// overlaps no label placed before it, no point, no interval bar and no edge
// of the data area; if none is free it takes the first candidate inside
// the area. Labels sit on a white halo so that lines do not cross them.
type pointLabels struct {
	items     []pointLabel
	style     text.Style
	obstacles segments // interval bars the labels keep clear of
}

type pointLabel struct {
	x, y   float64
	text   string
	radius vg.Length
}

var _ plot.Plotter = (*pointLabels)(nil)

func (l *pointLabels) add(x, y float64, text string, radius vg.Length) {
	l.items = append(l.items, pointLabel{x, y, text, radius})
}

func overlaps(a, b vg.Rectangle) bool {
	return a.Min.X < b.Max.X && b.Min.X < a.Max.X && a.Min.Y < b.Max.Y && b.Min.Y < a.Max.Y
}

func inside(a, c vg.Rectangle) bool {
	return a.Min.X >= c.Min.X && a.Max.X <= c.Max.X && a.Min.Y >= c.Min.Y && a.Max.Y <= c.Max.Y
}

// Plot implements plot.Plotter.
func (l *pointLabels) Plot(c draw.Canvas, p *plot.Plot) {
	tx, ty := p.Transforms(&c)
	var taken []vg.Rectangle
	pts := make([]vg.Point, len(l.items))
	for i, it := range l.items {
		pts[i] = vg.Point{X: tx(it.x), Y: ty(it.y)}
		if finite(it.x) && finite(it.y) {
			r := it.radius
			taken = append(taken, vg.Rectangle{Min: vg.Point{X: pts[i].X - r, Y: pts[i].Y - r}, Max: vg.Point{X: pts[i].X + r, Y: pts[i].Y + r}})
		}
	}
	for _, o := range l.obstacles {
		if !finite(o.x0) || !finite(o.y0) || !finite(o.x1) || !finite(o.y1) {
			continue
		}
		a, b := vg.Point{X: tx(o.x0), Y: ty(o.y0)}, vg.Point{X: tx(o.x1), Y: ty(o.y1)}
		w := max(o.cap, o.style.Width/2)
		taken = append(taken, vg.Rectangle{
			Min: vg.Point{X: min(a.X, b.X) - w, Y: min(a.Y, b.Y) - w},
			Max: vg.Point{X: max(a.X, b.X) + w, Y: max(a.Y, b.Y) + w},
		})
	}
	sty := l.style
	sty.XAlign, sty.YAlign = draw.XLeft, draw.YBottom
	for i, it := range l.items {
		if !finite(it.x) || !finite(it.y) {
			continue
		}
		box, far, ok := placeLabel(c, pts[i], it, sty, taken)
		if !ok {
			continue // no free place: the legend still names the point
		}
		taken = append(taken, box)
		if far {
			leader(c, pts[i], box, it.radius)
		}
		haloText(c, sty, box.Min, it.text)
	}
}

// labelRings is how many distances from its point a label may be tried
// at; beyond the first a thin leader line joins label and point.
const labelRings = 4

// placeLabel finds a box for a point's label, trying eight positions around
// the point at growing distances, that lies inside the canvas and overlaps
// nothing taken. far reports a box beyond the first ring.
func placeLabel(c draw.Canvas, pt vg.Point, it pointLabel, sty text.Style, taken []vg.Rectangle) (box vg.Rectangle, far, ok bool) {
	w, h := sty.Width(it.text), sty.Height(it.text)
	for ring := 1; ring <= labelRings; ring++ {
		gap := it.radius + vg.Points(3) + vg.Length(ring-1)*h
		cands := [...]vg.Point{
			{X: pt.X + gap, Y: pt.Y - h/2},         // right
			{X: pt.X - gap - w, Y: pt.Y - h/2},     // left
			{X: pt.X - w/2, Y: pt.Y + gap},         // above
			{X: pt.X - w/2, Y: pt.Y - gap - h},     // below
			{X: pt.X + gap*0.7, Y: pt.Y + gap*0.7}, // upper right
			{X: pt.X + gap*0.7, Y: pt.Y - gap*0.7 - h},
			{X: pt.X - gap*0.7 - w, Y: pt.Y + gap*0.7},
			{X: pt.X - gap*0.7 - w, Y: pt.Y - gap*0.7 - h},
		}
		for _, q := range cands {
			b := vg.Rectangle{Min: q, Max: vg.Point{X: q.X + w, Y: q.Y + h}}
			if inside(b, c.Rectangle) && !slices.ContainsFunc(taken, func(t vg.Rectangle) bool { return overlaps(b, t) }) {
				return b, ring > 1, true
			}
		}
	}
	return vg.Rectangle{}, false, false
}

// leader draws a thin grey line from just outside a point's marker to the
// nearest point of its label's box.
func leader(c draw.Canvas, pt vg.Point, box vg.Rectangle, radius vg.Length) {
	to := vg.Point{X: min(max(pt.X, box.Min.X), box.Max.X), Y: min(max(pt.Y, box.Min.Y), box.Max.Y)}
	dx, dy := float64(to.X-pt.X), float64(to.Y-pt.Y)
	d := math.Hypot(dx, dy)
	if d <= float64(radius) {
		return
	}
	from := vg.Point{X: pt.X + vg.Length(dx/d)*radius, Y: pt.Y + vg.Length(dy/d)*radius}
	c.StrokeLine2(draw.LineStyle{Color: midGrey, Width: vg.Points(0.5)}, from.X, from.Y, to.X, to.Y)
}

// DifferenceGrid is a figure of forest plots (see DifferenceBars), one
// panel per metric, two panels a row, with the legend shared at the top.
// With no metrics it shows net public cost, children waiting, children in
// unregistered settings and children placed over 20 miles from home.
// Options read: WithTitle.
func DifferenceGrid(cmp *scenarios.Comparison, metrics []market.Metric, opts ...Option) (*Figure, error) {
	if err := checkComparison(cmp); err != nil {
		return nil, err
	}
	if len(metrics) == 0 {
		metrics = []market.Metric{market.NetPublicCostGBP, market.Waiting, market.UnregisteredPlaced, market.Over20Miles}
	}
	for _, m := range metrics {
		if err := checkMetric(m); err != nil {
			return nil, err
		}
	}
	o := collect(opts)
	th := panelTheme()
	cols := min(2, len(metrics))
	f := &Figure{Title: o.title}
	ps := make([]*plot.Plot, len(metrics))
	for i, m := range metrics {
		ps[i] = forest(th, cmp, m, MetricTitle(m))
	}
	f.Panels = gridRows(ps, cols)
	ny := years(cmp.Baseline)
	if f.Title == "" {
		f.Title = fmt.Sprintf("Paired differences from the baseline over %s (%s, %s)", plural(ny, "year"), horizonText(cmp.Baseline), runsNote(cmp.Baseline.Runs))
	}
	if len(cmp.Diffs) > 0 {
		f.Legend = forestLegend(th)
	}
	f.Note = "Each scenario runs on the same seeds as the baseline; differences are taken run by run. " +
		"Money and flows: totals over the horizon; children: child-weeks; shares and other stocks: mean over the horizon."
	return f, nil
}

// markerOf returns a style's marker shape (a circle when unset) on a
// white disc, so that interval bars drawn underneath do not fill a hollow
// marker or hide its outline.
func markerOf(st Style) draw.GlyphDrawer {
	if st.Shape == nil {
		return haloGlyph{draw.CircleGlyph{}}
	}
	return haloGlyph{st.Shape}
}

// haloGlyph draws a glyph over a white disc a little larger than itself;
// a hollow triangle is drawn with a heavier outline than gonum's.
type haloGlyph struct{ draw.GlyphDrawer }

// DrawGlyph implements draw.GlyphDrawer.
func (h haloGlyph) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle, pt vg.Point) {
	halo := sty
	halo.Radius = sty.Radius * 1.3
	c.SetColor(color.White)
	draw.CircleGlyph{}.DrawGlyph(c, halo, pt)
	c.SetColor(sty.Color)
	if _, hollow := h.GlyphDrawer.(draw.TriangleGlyph); hollow {
		c.SetLineStyle(draw.LineStyle{Color: sty.Color, Width: sty.Radius * 0.35})
		r := sty.Radius
		p := make(vg.Path, 0, 4)
		p.Move(vg.Point{X: pt.X, Y: pt.Y + r})
		p.Line(vg.Point{X: pt.X - r*0.866, Y: pt.Y - r*0.5})
		p.Line(vg.Point{X: pt.X + r*0.866, Y: pt.Y - r*0.5})
		p.Close()
		c.Stroke(p)
		return
	}
	h.GlyphDrawer.DrawGlyph(c, sty, pt)
}
