// Command coop answers: what does a regional care co-operative do in one
// region on its own, compared with co-operatives in all nine regions — for
// that region, for its neighbours, and for England?
//
// Councils in a co-operative commission together (docs/model.md §6):
// they search the members' in-house places as one pool, buy as one large
// buyer, hold block contracts on homes, and forecast demand together. This
// example runs, paired against the England baseline from April 2024, one
// co-operative for the councils of one region (-coop, default North West)
// and one co-operative in every region (the built-in "coop"). It prints the
// England-wide paired differences, then, by region, the change in shortage
// (child-weeks waiting or in unregistered settings) and in council spend —
// a co-operative's block contracts can draw places away from its
// neighbours. Figures: the comparison dashboard and the paired differences.
//
//	go run ./examples/coop                       # writes out/examples/coop/
//	go run ./examples/coop -coop London -runs 20
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/caremarket/caremarket/examples/internal/example"
	"github.com/caremarket/caremarket/market"
	"github.com/caremarket/caremarket/plots"
	"github.com/caremarket/caremarket/scenarios"
)

type options struct {
	example.Options
	// Coop is the region whose co-operative is formed alone.
	Coop string
}

func defaultOptions() options {
	return options{Options: example.Defaults("coop", 8), Coop: "North West"}
}

// regionEffect is one region's mean paired change under each alternative.
type regionEffect struct {
	Region string
	// Shortage and Spend hold, per alternative (one region's co-op, then
	// all), the change in child-weeks waiting or unregistered and in
	// council spend (£) over the horizon.
	Shortage, Spend []scenarios.DiffBand
}

type result struct {
	Comparison *scenarios.Comparison
	Regions    []regionEffect
	Files      []string
}

func main() {
	o := defaultOptions()
	parsed := o.Flags("week the co-operatives start (52 = April 2024)")
	flag.StringVar(&o.Coop, "coop", o.Coop, "the region whose co-operative is formed on its own")
	flag.Parse()
	parsed()
	example.Main("coop", run, o)
}

func run(ctx context.Context, o options) (*result, error) {
	cfg, err := example.Baseline(o.Regions...)
	if err != nil {
		return nil, err
	}
	one := scenarios.NewCoopCommissioning(o.StartWeek)
	one.Coops = []string{o.Coop} // only this region's co-operative of the "regions" layout
	all := scenarios.NewCoopCommissioning(o.StartWeek)
	base := &scenarios.Scenario{Name: "baseline", Seed: 1, Years: o.Years, Config: cfg}
	alts := []*scenarios.Scenario{
		{Name: "coop-" + slug(o.Coop), Description: "a co-operative in " + o.Coop + " only", Seed: 1, Years: o.Years, Config: cfg,
			Interventions: []scenarios.Intervention{one}},
		{Name: "coop", Description: "a co-operative in every region", Seed: 1, Years: o.Years, Config: cfg,
			Interventions: []scenarios.Intervention{all}},
	}
	opts := scenarios.EnsembleOptions{Runs: o.Runs, Workers: o.Workers, KeepRuns: true, Progress: example.Progress(o.Progress)}
	cmp, err := scenarios.Compare(ctx, base, alts, opts)
	if err != nil {
		return nil, err
	}
	res := &result{Comparison: cmp}
	for _, name := range cmp.Baseline.Regions {
		w := scenarios.RegionalWeeklySum(market.RegionWaiting, name)
		u := scenarios.RegionalWeeklySum(market.RegionUnregistered, name)
		short, err := cmp.DiffOf(func(r *market.Results) float64 { return w(r) + u(r) })
		if err != nil {
			return nil, err
		}
		spend, err := cmp.DiffOf(scenarios.RegionalWeeklySum(market.RegionSpendGBP, name))
		if err != nil {
			return nil, err
		}
		res.Regions = append(res.Regions, regionEffect{Region: name, Shortage: short, Spend: spend})
	}
	printTables(o.Stdout, o.Coop, res)
	if res.Files, err = writeFigures(o.Out, cmp); err != nil {
		return nil, err
	}
	fmt.Fprintf(o.Stdout, "wrote %s\n", strings.Join(res.Files, ", "))
	return res, nil
}

// slug turns a region name into a scenario-name part: "North West" →
// "north-west".
func slug(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(s), "-"))
}

func printTables(w io.Writer, coop string, res *result) {
	cmp := res.Comparison
	// The library's table: England-wide paired differences over the horizon.
	fmt.Fprint(w, cmp.Table(market.NetPublicCostGBP, market.Waiting, market.UnregisteredPlaced, market.Over20Miles, market.SpendBlockGBP))
	fmt.Fprintln(w)
	fmt.Fprintf(w, "By region (the co-operative alone is in %s): mean change over the horizon [90%% CI of the mean]\n", coop)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	head := "region\t"
	for _, d := range cmp.Diffs {
		head += d.Scenario + ": shortage (child-weeks)\t" + d.Scenario + ": spend (£m)\t"
	}
	fmt.Fprintln(tw, head)
	for _, r := range res.Regions {
		line := r.Region
		if r.Region == coop {
			line += " *"
		}
		line += "\t"
		for i := range cmp.Diffs {
			line += example.CI(r.Shortage[i], 1, 0) + "\t" + example.CI(r.Spend[i], 1e6, 0) + "\t"
		}
		fmt.Fprintln(tw, line)
	}
	tw.Flush()
}

// writeFigures writes the comparison dashboard and the paired differences.
func writeFigures(dir string, cmp *scenarios.Comparison) ([]string, error) {
	dash, err := plots.Dashboard(cmp)
	if err != nil {
		return nil, err
	}
	diffs, err := plots.DifferenceGrid(cmp, nil)
	if err != nil {
		return nil, err
	}
	return plots.SaveAll(dir, plots.NamedFigure{Name: "dashboard.png", Drawer: dash}, plots.NamedFigure{Name: "differences.png", Drawer: diffs})
}
