package plots

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/caremarket/caremarket/market"
	"github.com/caremarket/caremarket/scenarios"
)

var errNilSummary = errors.New("plots: nil summary")

func checkMetric(m market.Metric) error {
	if m < 0 || m >= market.NumMetrics {
		return fmt.Errorf("plots: metric %d out of range: allowed one of market.MetricNames() (0 to %d)", int(m), int(market.NumMetrics)-1)
	}
	return nil
}

// runsNote says how many runs a band summarises.
func runsNote(n int) string {
	if n == 1 {
		return "1 run"
	}
	return itoa(n) + " runs"
}

// bandRuns returns the number of runs behind the bands of s at a
// resolution.
func bandRuns(s *scenarios.Summary, res Resolution) int {
	if res == Weekly && s.WeeklyRuns > 0 {
		return s.WeeklyRuns
	}
	return s.Runs
}

// FanChart shows one metric of one scenario over time: the median of the
// runs as a line over a shaded band from the 5th to the 95th percentile of
// the runs, with optional published figures as black diamonds
// (WithPublished). Stocks are drawn week by week when the summary kept
// weekly bands, flows by financial year (WithResolution changes this).
// Options read: WithTitle, WithResolution, WithYearLabels, WithPublished,
// WithScenarios.
func FanChart(s *scenarios.Summary, m market.Metric, opts ...Option) (*plot.Plot, error) {
	if s == nil {
		return nil, errNilSummary
	}
	if err := checkMetric(m); err != nil {
		return nil, err
	}
	o := collect(opts)
	th := slideTheme()
	xs, bs, res := timeSeries(s, m, o.res)
	title := o.title
	if title == "" {
		title = fmt.Sprintf("%s: %s, %s", MetricTitle(m), s.Scenario, runsNote(bandRuns(s, res)))
	}
	p := newPlot(th, title, "", unitLabel(m, res))
	addGrid(p, true, false)
	st := styleIn(s.Scenario, o.set)
	series := newBandSeries(xs, bs, st, th, true, false)
	p.Add(series)
	entries := []LegendEntry{
		{Text: "median", Thumbs: []plot.Thumbnailer{lineThumb{series.line}}},
		{Text: "5–95% of runs", Thumbs: []plot.Thumbnailer{boxThumb{series.fill}}},
	}
	if len(o.published) > 0 {
		glyph := draw.GlyphStyle{Color: black, Radius: th.glyph * 1.3, Shape: draw.PyramidGlyph{}}
		marks := &points{glyph: glyph}
		for _, ob := range o.published {
			x := float64(ob.Year) + 0.5
			if ob.AtEnd {
				x = float64(ob.Year) + 1
			}
			marks.xs = append(marks.xs, x)
			marks.ys = append(marks.ys, ob.Value)
		}
		p.Add(marks)
		label := o.publishedLabel
		if label == "" {
			label = "published"
		}
		entries = append(entries, LegendEntry{Text: label, Thumbs: []plot.Thumbnailer{glyphThumb{glyph}}})
	}
	p.Add(newSideLegend(th, entries))
	p.Y.Tick.Marker = ticker(m, false)
	// The time axis spans the horizon and any published year within 50
	// years of its start.
	start, end := s.StartYear, s.StartYear+years(s)
	for _, ob := range o.published {
		if ob.Year < start && s.StartYear-ob.Year <= 50 {
			start = ob.Year
		}
		if e := ob.Year + 1; e > end && e-s.StartYear <= 50 {
			end = e
		}
	}
	setTimeAxis(p, start, end-start, o.every)
	padY(p, 0.04)
	return p, nil
}

// points draws glyphs at data positions; non-finite points are skipped.
type points struct {
	xs, ys []float64
	glyph  draw.GlyphStyle
}

var (
	_ plot.Plotter    = (*points)(nil)
	_ plot.DataRanger = (*points)(nil)
	_ plot.GlyphBoxer = (*points)(nil)
)

// Plot implements plot.Plotter.
func (pt *points) Plot(c draw.Canvas, p *plot.Plot) {
	tx, ty := p.Transforms(&c)
	for i := range pt.xs {
		if finite(pt.xs[i]) && finite(pt.ys[i]) {
			c.DrawGlyph(pt.glyph, vg.Point{X: tx(pt.xs[i]), Y: ty(pt.ys[i])})
		}
	}
}

// DataRange implements plot.DataRanger.
func (pt *points) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, ymin = math.Inf(1), math.Inf(1)
	xmax, ymax = math.Inf(-1), math.Inf(-1)
	for i := range pt.xs {
		if finite(pt.xs[i]) && finite(pt.ys[i]) {
			xmin, xmax = math.Min(xmin, pt.xs[i]), math.Max(xmax, pt.xs[i])
			ymin, ymax = math.Min(ymin, pt.ys[i]), math.Max(ymax, pt.ys[i])
		}
	}
	return
}

// GlyphBoxes implements plot.GlyphBoxer so that glyphs at the edges are not
// clipped.
func (pt *points) GlyphBoxes(p *plot.Plot) []plot.GlyphBox {
	var out []plot.GlyphBox
	r := pt.glyph.Radius
	for i := range pt.xs {
		if finite(pt.xs[i]) && finite(pt.ys[i]) {
			out = append(out, plot.GlyphBox{X: p.X.Norm(pt.xs[i]), Y: p.Y.Norm(pt.ys[i]),
				Rectangle: vg.Rectangle{Min: vg.Point{X: -r, Y: -r}, Max: vg.Point{X: r, Y: r}}})
		}
	}
	return out
}

// CompareLines shows one metric over time for several scenarios: for each,
// the median of the runs as a line in the scenario's colour over a light
// band from the 5th to the 95th percentile. Values are by financial year
// unless WithResolution(Weekly) asks for weeks. The baseline is drawn
// first, in black and wider, so that an alternative that follows it shows
// as a coloured line inside the black one.
// Options read: WithTitle, WithResolution, WithYearLabels.
func CompareLines(summaries []*scenarios.Summary, m market.Metric, opts ...Option) (*plot.Plot, error) {
	if err := checkMetric(m); err != nil {
		return nil, err
	}
	if len(summaries) == 0 {
		return nil, errors.New("plots: CompareLines needs at least one summary")
	}
	for i, s := range summaries {
		if s == nil {
			return nil, fmt.Errorf("plots: summaries[%d] is nil", i)
		}
	}
	o := collect(opts)
	if o.res == Auto {
		o.res = Yearly
	}
	th := slideTheme()
	p, entries, err := compareLines(th, summaries, m, o)
	if err != nil {
		return nil, err
	}
	p.Add(newSideLegend(th, entries))
	return p, nil
}

// compareLines builds the comparison plot and its legend entries.
func compareLines(th theme, summaries []*scenarios.Summary, m market.Metric, o options) (*plot.Plot, []LegendEntry, error) {
	names := make([]string, len(summaries))
	for i, s := range summaries {
		names[i] = s.Scenario
	}
	styles := ScenarioStyles(names)
	order := drawOrder(names)
	res := o.res
	nruns := 0
	title := o.title
	if title == "" {
		title = MetricTitle(m) + " by scenario"
	}
	p := newPlot(th, title, "", "")
	addGrid(p, true, false)
	var bands, lines []plot.Plotter
	entries := make([]LegendEntry, len(summaries))
	start, end := math.MaxInt, math.MinInt
	for _, i := range order {
		s := summaries[i]
		xs, bs, r := timeSeries(s, m, res)
		res = r
		nruns = max(nruns, bandRuns(s, r))
		band := newBandSeries(xs, bs, styles[i], th, true, false)
		band.noLine = true
		line := newBandSeries(xs, bs, styles[i], th, false, false)
		if s.Scenario == BaselineName {
			// Drawn first and wider, so that an alternative that
			// follows the baseline shows inside it instead of hiding.
			line.line.Width *= 1.9
		}
		alpha := uint8(bandAlpha)
		if len(summaries) > 2 {
			alpha = 0x22 // several bands overlap
		}
		band.fill = withAlpha(styles[i].Color, alpha)
		if s.Scenario == BaselineName {
			band.fill = withAlpha(black, alpha*2/3)
		}
		bands = append(bands, band)
		lines = append(lines, line)
		entries[i] = LegendEntry{Text: s.Scenario, Thumbs: []plot.Thumbnailer{band, line}}
		start = min(start, s.StartYear)
		end = max(end, s.StartYear+years(s))
	}
	p.Add(bands...)
	p.Add(lines...)
	entries = append(entries, LegendEntry{Text: "lines: median", Thumbs: nil},
		LegendEntry{Text: "shaded: 5–95%", Thumbs: []plot.Thumbnailer{boxThumb{withAlpha(black, bandAlpha)}}},
		LegendEntry{Text: "of " + runsNote(nruns), Thumbs: nil})
	p.Y.Label.Text = unitLabel(m, res)
	p.Y.Tick.Marker = ticker(m, false)
	setTimeAxis(p, start, end-start, o.every)
	padY(p, 0.04)
	return p, entries, nil
}

// drawOrder returns the indices of names with the baseline first, so that
// alternatives are drawn over it.
func drawOrder(names []string) []int {
	out := make([]int, 0, len(names))
	for i, n := range names {
		if n == BaselineName {
			out = append(out, i)
		}
	}
	for i, n := range names {
		if n != BaselineName {
			out = append(out, i)
		}
	}
	return out
}

// MarginsByOwnership shows the operating margins of private-equity, other
// private and not-for-profit providers over time for one scenario (median
// lines over 5–95% bands), with a dashed line at zero: below it providers
// make losses. Options read: WithTitle, WithResolution, WithYearLabels.
func MarginsByOwnership(s *scenarios.Summary, opts ...Option) (*plot.Plot, error) {
	if s == nil {
		return nil, errNilSummary
	}
	o := collect(opts)
	th := slideTheme()
	p, entries := marginsPlot(th, s, o)
	p.Add(newSideLegend(th, entries))
	return p, nil
}

func marginsPlot(th theme, s *scenarios.Summary, o options) (*plot.Plot, []LegendEntry) {
	groups := []struct {
		m    market.Metric
		name string
		c    Style
	}{
		{market.MarginPrivateEquity, "private equity", Style{Color: colourPrivateEquity}},
		{market.MarginPrivate, "other private", Style{Color: colourPrivate, Dashes: dashes(1)}},
		{market.MarginNFP, "not-for-profit", Style{Color: colourNFP}},
	}
	res := o.res
	var nruns int
	var bands, lines []plot.Plotter
	var entries []LegendEntry
	for _, g := range groups {
		xs, bs, r := timeSeries(s, g.m, o.res)
		res = r
		nruns = bandRuns(s, r)
		band := newBandSeries(xs, bs, g.c, th, true, false)
		band.noLine = true
		line := newBandSeries(xs, bs, g.c, th, false, false)
		bands = append(bands, band)
		lines = append(lines, line)
		entries = append(entries, LegendEntry{Text: g.name, Thumbs: []plot.Thumbnailer{band, line}})
	}
	title := o.title
	if title == "" {
		title = fmt.Sprintf("Operating margins by ownership: %s, %s", s.Scenario, runsNote(nruns))
	}
	p := newPlot(th, title, "", "operating margin, per cent of income")
	addGrid(p, true, false)
	p.Add(bands...)
	p.Add(&refLine{value: 0, style: draw.LineStyle{Color: midGrey, Width: vg.Points(1), Dashes: []vg.Length{vg.Points(4), vg.Points(3)}}})
	p.Add(lines...)
	entries = append(entries, LegendEntry{Text: "shaded: 5–95% of runs", Thumbs: []plot.Thumbnailer{boxThumb{withAlpha(black, bandAlpha)}}})
	if res == Yearly {
		p.Y.Label.Text = "operating margin, per cent (yearly mean)"
	}
	p.Y.Tick.Marker = PercentTicks{}
	setTimeAxis(p, s.StartYear, years(s), o.every)
	padY(p, 0.04)
	return p, entries
}
