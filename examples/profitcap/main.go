// Command profitcap answers: how much public money would a cap on
// for-profit providers' operating margins save over ten years, and how much
// shortage would it add, as the cap goes from 0% to 25% — enforced either as
// a ceiling on prices (PriceCeiling) or by clawing back excess profit each
// April (Clawback)?
//
// Each cap (with financial transparency, from April 2024, ongoing prices
// brought under a ceiling over two Aprils) is run paired against the England
// baseline: run i of every scenario starts from the same random streams, so
// the differences are the cap's effect, not noise. For each cap it reports
// the change in the net public cost (council spend less clawback, £m over
// the horizon; negative is money saved) and the change in shortage
// (child-weeks spent waiting for a place or in an unregistered setting;
// positive is more shortage), and draws one against the other with 90%
// confidence intervals of the mean effect.
//
// The defaults (4 paired runs of 10 years for each of 13 scenarios: about
// 160 s of CPU, so about 80 s on two idle cores) finish in under two minutes
// on two cores; the intervals are then wide, so add runs for a briefing
// (-runs 40 takes about 15 minutes on two cores, less on more).
//
//	go run ./examples/profitcap                 # writes out/examples/profitcap/
//	go run ./examples/profitcap -runs 40 -years 10
//	go run ./examples/profitcap -region "North West" -runs 20   # one region, fast, not calibrated alone
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/caremarket/caremarket/examples/internal/example"
	"github.com/caremarket/caremarket/market"
	"github.com/caremarket/caremarket/plots"
	"github.com/caremarket/caremarket/results"
	"github.com/caremarket/caremarket/scenarios"
)

// options set the sweep.
type options struct {
	Runs, Years int
	Out         string
	// Rates are the cap rates swept, 0 to 0.5.
	Rates []float64
	// Region, when set, runs one region's market (scenarios.RegionalBaseline)
	// instead of England.
	Region string
	// StartWeek is when the caps start, in weeks from April of the first year.
	StartWeek int
	// Workers is the number of runs done at once (0: one per core).
	Workers int
	// Stdout receives the table; Progress, when not nil, a progress line.
	Stdout, Progress io.Writer
}

func defaultOptions() options {
	return options{Runs: 4, Years: 10, Out: filepath.Join("out", "examples", "profitcap"),
		Rates: []float64{0, 0.05, 0.10, 0.15, 0.20, 0.25}, StartWeek: scenarios.PolicyStart, Stdout: os.Stdout, Progress: os.Stderr}
}

// modes are the two ways a cap is enforced, with the built-in scenario
// whose colour each takes in the figures.
var modes = []struct {
	mode, label, style string
	glyph              draw.GlyphDrawer
	dashes             []vg.Length
	// labelDY places the cap-rate labels above (price ceiling) or below
	// (clawback) their points, so that the two curves' labels do not
	// overlap where they meet near zero.
	labelDY vg.Length
}{
	{"PriceCeiling", "price ceiling", "profit-cap", draw.CircleGlyph{}, nil, vg.Points(4)},
	{"Clawback", "clawback", "profit-cap-clawback", draw.BoxGlyph{}, []vg.Length{vg.Points(6), vg.Points(3)}, vg.Points(-14)},
}

// point is one cap's paired effect.
type point struct {
	Mode     string
	Rate     float64
	Cost     scenarios.DiffBand // net public cost, £ over the horizon
	Shortage scenarios.DiffBand // waiting + unregistered, child-weeks
	Places   scenarios.DiffBand // children's home places, mean over the horizon
}

// result is what run produces.
type result struct {
	Points []point
	Files  []string
}

func main() {
	o := defaultOptions()
	example.SizeFlags(&o.Runs, &o.Years, &o.Out, &o.Workers)
	flag.StringVar(&o.Region, "region", "", "run one region's market instead of England (e.g. \"North West\")")
	flag.IntVar(&o.StartWeek, "start", o.StartWeek, "week the caps start (52 = April 2024)")
	rates := flag.String("rates", "0,5,10,15,20,25", "cap rates to sweep, in per cent")
	flag.Parse()
	var err error
	if o.Rates, err = parsePercents(*rates); err != nil {
		fmt.Fprintln(os.Stderr, "profitcap: -rates:", err)
		os.Exit(2)
	}
	example.Main("profitcap", run, o)
}

func parsePercents(s string) ([]float64, error) {
	var out []float64
	for _, f := range strings.Split(s, ",") {
		v, err := strconv.ParseFloat(strings.TrimSpace(f), 64)
		if err != nil {
			return nil, fmt.Errorf("%q is not a number of per cent", f)
		}
		out = append(out, v/100)
	}
	return out, nil
}

// run sweeps the caps, prints the table and writes the figure and the
// paired differences.
func run(ctx context.Context, o options) (*result, error) {
	if len(o.Rates) == 0 {
		return nil, errors.New("no cap rates to sweep")
	}
	cfg, err := config(o.Region)
	if err != nil {
		return nil, err
	}
	base := &scenarios.Scenario{Name: "baseline", Description: "no cap", Seed: 1, Years: o.Years, Config: cfg}
	var alts []*scenarios.Scenario
	for _, m := range modes {
		for _, r := range o.Rates {
			cap := scenarios.NewProfitCap(o.StartWeek)
			cap.Mode, cap.Rate = m.mode, r
			alts = append(alts, &scenarios.Scenario{
				Name:        fmt.Sprintf("%s-%gpct", strings.ReplaceAll(m.label, " ", "-"), 100*r),
				Description: fmt.Sprintf("%s profit cap at %g%%", m.label, 100*r),
				Seed:        base.Seed, Years: o.Years, Config: cfg,
				Interventions: []scenarios.Intervention{cap},
			})
		}
	}
	// KeepRuns keeps every run's weekly results, which DiffOf needs for the
	// shortage (a sum of two metrics, paired run by run).
	cmp, err := scenarios.Compare(ctx, base, alts, scenarios.EnsembleOptions{
		Runs: o.Runs, Workers: o.Workers, KeepRuns: true, Progress: example.Progress(o.Progress),
	})
	if err != nil {
		return nil, err
	}
	shortage, err := cmp.DiffOf(scenarios.WeeklySum(market.Waiting, market.UnregisteredPlaced))
	if err != nil {
		return nil, err
	}
	res := &result{}
	weeks := float64(52 * o.Years)
	for i, d := range cmp.Diffs {
		m := modes[i/len(o.Rates)]
		places := d.Total[market.HomePlaces]
		places.Mean, places.MeanLo, places.MeanHi = places.Mean/weeks, places.MeanLo/weeks, places.MeanHi/weeks
		res.Points = append(res.Points, point{Mode: m.mode, Rate: o.Rates[i%len(o.Rates)],
			Cost: d.Total[market.NetPublicCostGBP], Shortage: shortage[i], Places: places})
	}
	printTable(o.Stdout, cmp, res.Points)

	if err := os.MkdirAll(o.Out, 0o755); err != nil {
		return nil, err
	}
	fig, err := sweepPlot(res.Points, o, cmp.Baseline.Runs)
	if err != nil {
		return nil, err
	}
	png := filepath.Join(o.Out, "profitcap.png")
	if err := plots.Save(fig, png); err != nil {
		return nil, err
	}
	csvPath := filepath.Join(o.Out, "comparison.csv")
	err = results.WriteFileAtomic(csvPath, func(w io.Writer) error { return results.WriteComparisonCSV(w, cmp) })
	if err != nil {
		return nil, err
	}
	res.Files = []string{png, csvPath}
	fmt.Fprintf(o.Stdout, "wrote %s\n", strings.Join(res.Files, ", "))
	return res, nil
}

// config returns the England baseline, or one region's market.
func config(region string) (*market.Config, error) {
	if region == "" {
		return scenarios.Baseline()
	}
	return scenarios.RegionalBaseline(region)
}

// printTable prints each cap's effects: means with 90% confidence
// intervals of the mean.
func printTable(w io.Writer, cmp *scenarios.Comparison, pts []point) {
	b := cmp.Baseline
	fmt.Fprintf(w, "Profit caps against the baseline over %d years, %d paired runs: mean [90%% CI of the mean]\n", b.Years, b.Runs)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "mode\tcap\tnet public cost (£m)\tshortage (child-weeks)\thome places\t")
	for _, p := range pts {
		fmt.Fprintf(tw, "%s\t%g%%\t%s\t%s\t%s\t\n", p.Mode, 100*p.Rate,
			example.CI(p.Cost, 1e6, 0), example.CI(p.Shortage, 1, 0), example.CI(p.Places, 1, 0))
	}
	tw.Flush()
	fmt.Fprintln(w, "Negative cost is money saved; shortage is child-weeks waiting or in unregistered settings; home places is the mean change.")
}

// sweepPlot draws shortage added against cost saved, one line per mode
// through the cap rates, with 90% confidence intervals of the mean both ways.
func sweepPlot(pts []point, o options, runs int) (*plot.Plot, error) {
	p := plot.New()
	where := "England"
	if o.Region != "" {
		where = o.Region
	}
	p.Title.Text = fmt.Sprintf("Profit caps of 0–25%%: public money saved against shortage added (%s, %d years, %d paired runs)",
		where, o.Years, runs)
	p.X.Label.Text = "← saves money      change in net public cost over the horizon (£)      costs more →"
	p.Y.Label.Text = "change in shortage (child-weeks waiting or in unregistered settings)"
	p.X.Tick.Marker = plots.MoneyTicks{Signed: true}
	p.Y.Tick.Marker = plots.CountTicks{Signed: true}
	sans := func(size vg.Length) font.Font { return font.Font{Typeface: "Liberation", Variant: "Sans", Size: size} }
	p.Title.TextStyle.Font = sans(14)
	for _, ax := range []*plot.Axis{&p.X, &p.Y} {
		ax.Label.TextStyle.Font = sans(12)
		ax.Tick.Label.Font = sans(10.5)
	}
	p.Legend.TextStyle.Font = sans(11)
	p.Legend.Top, p.Legend.Left = true, true
	p.Add(plotter.NewGrid())

	// Dashed cross-hairs through the baseline (no change).
	xmin, xmax, ymin, ymax := 0.0, 0.0, 0.0, 0.0
	for _, q := range pts {
		xmin, xmax = math.Min(xmin, q.Cost.MeanLo), math.Max(xmax, q.Cost.MeanHi)
		ymin, ymax = math.Min(ymin, q.Shortage.MeanLo), math.Max(ymax, q.Shortage.MeanHi)
	}
	padX, padY := 0.05*(xmax-xmin)+1, 0.05*(ymax-ymin)+1
	hair := draw.LineStyle{Color: plots.ScenarioStyle(plots.BaselineName).Color, Width: vg.Points(0.8), Dashes: []vg.Length{vg.Points(4), vg.Points(3)}}
	for _, seg := range [][2]plotter.XY{{{X: xmin - padX, Y: 0}, {X: xmax + padX, Y: 0}}, {{X: 0, Y: ymin - padY}, {X: 0, Y: ymax + padY}}} {
		l, err := plotter.NewLine(plotter.XYs{seg[0], seg[1]})
		if err != nil {
			return nil, err
		}
		l.LineStyle = hair
		p.Add(l)
	}

	for _, m := range modes {
		var xy errPoints
		var names []string
		for _, q := range pts {
			if q.Mode == m.mode {
				xy = append(xy, q)
				names = append(names, fmt.Sprintf("%g%%", 100*q.Rate))
			}
		}
		if len(xy) == 0 {
			continue
		}
		st := plots.ScenarioStyle(m.style)
		line, points, err := plotter.NewLinePoints(xy)
		if err != nil {
			return nil, err
		}
		line.LineStyle = draw.LineStyle{Color: st.Color, Width: vg.Points(1.5), Dashes: m.dashes}
		points.GlyphStyle = draw.GlyphStyle{Color: st.Color, Radius: vg.Points(4), Shape: m.glyph}
		xe, err := plotter.NewXErrorBars(xy)
		if err != nil {
			return nil, err
		}
		ye, err := plotter.NewYErrorBars(xy)
		if err != nil {
			return nil, err
		}
		for _, lsty := range []*draw.LineStyle{&xe.LineStyle, &ye.LineStyle} {
			*lsty = draw.LineStyle{Color: st.Color, Width: vg.Points(1)}
		}
		labels, err := plotter.NewLabels(plotter.XYLabels{XYs: xy.xys(), Labels: names})
		if err != nil {
			return nil, err
		}
		for i := range labels.TextStyle {
			labels.TextStyle[i].Font = sans(10)
			labels.TextStyle[i].Color = st.Color
		}
		labels.Offset = vg.Point{X: vg.Points(6), Y: m.labelDY}
		p.Add(xe, ye, line, points, labels)
		p.Legend.Add(m.label+" (cap rate labelled)", line, points)
	}
	p.Legend.Add("bars: 90% CI of the mean")
	return p, nil
}

// errPoints are the caps as x (cost), y (shortage) with their intervals,
// for gonum/plot's error bars.
type errPoints []point

func (e errPoints) Len() int                    { return len(e) }
func (e errPoints) XY(i int) (float64, float64) { return e[i].Cost.Mean, e[i].Shortage.Mean }
func (e errPoints) XError(i int) (float64, float64) {
	return e[i].Cost.Mean - e[i].Cost.MeanLo, e[i].Cost.MeanHi - e[i].Cost.Mean
}
func (e errPoints) YError(i int) (float64, float64) {
	return e[i].Shortage.Mean - e[i].Shortage.MeanLo, e[i].Shortage.MeanHi - e[i].Shortage.Mean
}
func (e errPoints) xys() plotter.XYs {
	out := make(plotter.XYs, len(e))
	for i := range e {
		out[i].X, out[i].Y = e.XY(i)
	}
	return out
}
