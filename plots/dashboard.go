package plots

import (
	"fmt"
	"image/color"
	"math"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/caremarket/caremarket/market"
	"github.com/caremarket/caremarket/scenarios"
)

// summaries returns the baseline followed by the alternatives.
func summaries(cmp *scenarios.Comparison) []*scenarios.Summary {
	return append([]*scenarios.Summary{cmp.Baseline}, cmp.Alternatives...)
}

// horizonText names the financial years a summary covers: "2023/24 to
// 2032/33".
func horizonText(s *scenarios.Summary) string {
	n := years(s)
	if n == 1 {
		return FinancialYear(s.StartYear)
	}
	return FinancialYear(s.StartYear) + " to " + FinancialYear(s.StartYear+n-1)
}

// panelEvery returns the year-label step that fits a dashboard panel.
func panelEvery(n int) int { return max(1, (n+3)/4) }

// Dashboard is a 2 × 3 panel figure of the key outcomes of a comparison,
// every scenario in its own colour (legend at the top): council spend on
// placements, children waiting for a place, children in unregistered
// settings, children placed over 20 miles from home and the for-profit
// operating margin over time (median lines over 5–95% bands of the runs,
// by financial year), and children's home places by owner in the last year
// (bars at the median with 5–95% whiskers).
// Options read: WithTitle.
func Dashboard(cmp *scenarios.Comparison, opts ...Option) (*Figure, error) {
	if err := checkComparison(cmp); err != nil {
		return nil, err
	}
	o := collect(opts)
	th := panelTheme()
	ss := summaries(cmp)
	ny := years(cmp.Baseline)
	every := panelEvery(ny)
	var legend []LegendEntry
	panel := func(m market.Metric) *plot.Plot {
		p, entries, _ := compareLines(th, ss, m, options{res: Yearly, title: MetricTitle(m), every: every})
		p.X.Label.Text = ""
		if legend == nil {
			legend = entries[:len(ss)]
		}
		return p
	}
	f := &Figure{
		Title: o.title,
		Panels: [][]*plot.Plot{
			{panel(market.SpendGBP), panel(market.Waiting), panel(market.UnregisteredPlaced)},
			{panel(market.Over20Miles), panel(market.MarginForProfit), placesByOwner(th, ss)},
		},
	}
	if f.Title == "" {
		names := make([]string, len(cmp.Alternatives))
		for i, a := range cmp.Alternatives {
			names[i] = a.Scenario
		}
		f.Title = "Key outcomes, " + horizonText(cmp.Baseline) + ": baseline"
		if len(names) > 0 {
			f.Title += " and " + strings.Join(names, ", ")
		}
	}
	nruns := cmp.Baseline.Runs
	f.Legend = append(legend, LegendEntry{Text: fmt.Sprintf("shaded: 5–95%% of %s", runsNote(nruns)),
		Thumbs: []plot.Thumbnailer{boxThumb{withAlpha(black, bandAlpha)}}})
	f.Note = fmt.Sprintf("Lines: median of %s by financial year (stocks: yearly mean; spend: yearly total). "+
		"Every scenario runs on the same seeds. Bars: median in %s with 5–95%% whiskers.",
		runsNote(nruns), FinancialYear(cmp.Baseline.StartYear+ny-1))
	return f, nil
}

// placesByOwner draws children's home places by owner in the last year as
// grouped bars, one per scenario, with 5–95% whiskers.
func placesByOwner(th theme, ss []*scenarios.Summary) *plot.Plot {
	owners := []struct {
		m    market.Metric
		name string
	}{
		{market.HomePlacesPrivateEquity, "private\nequity"},
		{market.HomePlacesPrivate, "other\nprivate"},
		{market.HomePlacesNFP, "not for\nprofit"},
		{market.HomePlacesCouncil, "council"},
	}
	last := ss[0].StartYear + years(ss[0]) - 1
	p := newPlot(th, "Children's home places by owner, "+FinancialYear(last), "", "places, yearly mean")
	addGrid(p, true, false)
	names := make([]string, len(ss))
	for i, s := range ss {
		names[i] = s.Scenario
	}
	styles := ScenarioStyles(names)
	n := len(ss)
	width := 0.8 / float64(n)
	var bs bars
	var whiskers segments
	for g, ow := range owners {
		for i, s := range ss {
			yb := s.Yearly[ow.m]
			if len(yb) == 0 {
				continue
			}
			b := yb[len(yb)-1]
			x := float64(g) + (float64(i)-float64(n-1)/2)*width
			fill := color.Color(styles[i].Color)
			if s.Scenario == BaselineName {
				fill = withAlpha(black, 0xB0)
			}
			bs = append(bs, bar{x0: x - width*0.45, x1: x + width*0.45, y: b.P50, fill: fill})
			whiskers = append(whiskers, segment{x0: x, y0: b.P5, x1: x, y1: b.P95,
				style: draw.LineStyle{Color: black, Width: vg.Points(0.8)}, cap: vg.Points(2)})
		}
	}
	p.Add(bs, whiskers)
	labels := make([]string, len(owners))
	for i, ow := range owners {
		labels[i] = ow.name
	}
	p.NominalX(labels...)
	p.X.Min, p.X.Max = -0.5, float64(len(owners))-0.5
	p.Y.Min = 0
	if p.Y.Max <= 0 || math.IsInf(p.Y.Max, 0) {
		p.Y.Max = 1
	}
	p.Y.Max *= 1.05
	p.Y.Tick.Marker = CountTicks{}
	return p
}

// bar is a rectangle from 0 to y between x0 and x1 (data coordinates).
type bar struct {
	x0, x1, y float64
	fill      color.Color
}

// bars draws filled bars from zero; bars with a non-finite height are
// skipped.
type bars []bar

var (
	_ plot.Plotter    = bars(nil)
	_ plot.DataRanger = bars(nil)
)

// Plot implements plot.Plotter.
func (bs bars) Plot(c draw.Canvas, p *plot.Plot) {
	tx, ty := p.Transforms(&c)
	for _, b := range bs {
		if !finite(b.y) {
			continue
		}
		x0, x1, y0, y1 := tx(b.x0), tx(b.x1), ty(0), ty(b.y)
		c.FillPolygon(b.fill, c.ClipPolygonXY([]vg.Point{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}}))
	}
}

// DataRange implements plot.DataRanger; the range includes zero.
func (bs bars) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, xmax = math.Inf(1), math.Inf(-1)
	for _, b := range bs {
		if !finite(b.y) {
			continue
		}
		xmin, xmax = math.Min(xmin, b.x0), math.Max(xmax, b.x1)
		ymin, ymax = math.Min(ymin, b.y), math.Max(ymax, b.y)
	}
	return
}
