// Command nfpentry answers: how many not-for-profit children's homes, and
// in which regions, would make up for the supply a profit cap drives out?
//
// A 10% price-ceiling profit cap from April 2024 (the built-in
// "profit-cap") cuts new for-profit investment, so fewer home places open
// and more children wait. This example runs, paired against the England
// baseline:
//
//   - the cap alone;
//   - the cap with funded not-for-profit (NFP) entry of several sizes
//     (-homes, default 100, 200 and 400 homes over 5 years), sited where
//     children wait longest (the engine's rule: most children waiting per
//     10,000);
//   - the cap with the middle size sited only in the regions where the cap
//     alone adds the most shortage (found from the first runs; -top).
//
// For each it reports the change in children's home places in the last year
// and in child-weeks of shortage (waiting or in unregistered settings), and
// how much of the cap's loss each recovers ("offset"), then breaks the
// shortage down by region. Figures: home places by scenario over time, and
// paired differences of cost and shortage.
//
//	go run ./examples/nfpentry                  # writes out/examples/nfpentry/
//	go run ./examples/nfpentry -runs 20 -homes 200,400,800
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/caremarket/caremarket/examples/internal/example"
	"github.com/caremarket/caremarket/market"
	"github.com/caremarket/caremarket/plots"
	"github.com/caremarket/caremarket/scenarios"
)

// options set the example's size and the programmes tried (the cap and
// the programmes start at StartWeek).
type options struct {
	example.Options
	// Homes are the NFP programme sizes tried with the cap.
	Homes []int
	// Top is how many regions the targeted programme is sited in.
	Top int
}

func defaultOptions() options {
	return options{Options: example.Defaults("nfpentry", 6), Homes: []int{100, 200, 400}, Top: 2}
}

// row is one scenario's paired effects.
type row struct {
	Name string
	// Places is the change in children's home places in the last year
	// (mean and 90% CI of the mean); Shortage the change in child-weeks
	// waiting or unregistered over the horizon.
	Places, Shortage scenarios.DiffBand
	// PlacesOffset and ShortageOffset are the shares of the cap's loss of
	// places and of its added shortage that the scenario wins back (the cap
	// alone is 0, the baseline 1).
	PlacesOffset, ShortageOffset float64
}

type result struct {
	Rows []row
	// Targeted are the regions the targeted programme was sited in.
	Targeted []string
	// RegionShortage[r][i] is the mean change in shortage (child-weeks) in
	// region r for alternative i.
	Regions        []string
	RegionShortage [][]float64
	Files          []string
}

func main() {
	o := defaultOptions()
	parsed := o.Flags("week the cap and the programmes start (52 = April 2024)")
	homes := flag.String("homes", "100,200,400", "NFP programme sizes (homes over 5 years) to try with the cap")
	flag.IntVar(&o.Top, "top", o.Top, "regions the targeted programme is sited in")
	flag.Parse()
	o.Homes = nil
	for _, f := range strings.Split(*homes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil {
			fmt.Fprintf(os.Stderr, "nfpentry: -homes: %q is not a whole number\n", f)
			os.Exit(2)
		}
		o.Homes = append(o.Homes, n)
	}
	parsed()
	example.Main("nfpentry", run, o)
}

// shortage is a run's child-weeks waiting or in unregistered settings in
// one region.
func shortage(region string) func(*market.Results) float64 {
	w := scenarios.RegionalWeeklySum(market.RegionWaiting, region)
	u := scenarios.RegionalWeeklySum(market.RegionUnregistered, region)
	return func(r *market.Results) float64 { return w(r) + u(r) }
}

func run(ctx context.Context, o options) (*result, error) {
	if len(o.Homes) == 0 {
		return nil, errors.New("no NFP programme sizes to try")
	}
	cfg, err := example.Baseline(o.Regions...)
	if err != nil {
		return nil, err
	}
	scenario := func(name, desc string, ivs ...scenarios.Intervention) *scenarios.Scenario {
		return &scenarios.Scenario{Name: name, Description: desc, Seed: 1, Years: o.Years, Config: cfg, Interventions: ivs}
	}
	capped := func() *scenarios.ProfitCap { return scenarios.NewProfitCap(o.StartWeek) }
	nfp := func(homes int, regions []string) *scenarios.NFPEntry {
		n := scenarios.NewNFPEntry(o.StartWeek)
		n.Homes, n.Regions = homes, regions
		return n
	}
	opts := scenarios.EnsembleOptions{Runs: o.Runs, Workers: o.Workers, KeepRuns: true}
	total := o.Runs * (3 + len(o.Homes))
	done := 0
	if o.Progress != nil {
		opts.Progress = func(int, int) {
			done++
			fmt.Fprintf(o.Progress, "\rruns done: %d of %d", done, total)
			if done == total {
				fmt.Fprintln(o.Progress)
			}
		}
	}

	// Stage 1: the baseline and the cap alone, to find where the cap adds
	// most shortage. The aggregates are kept and reused in stage 2, so
	// these runs are not repeated.
	base := scenario("baseline", "no intervention")
	capOnly := scenario("profit-cap", "10% price-ceiling profit cap", capped())
	first, err := scenarios.CollectComparison(ctx, base, []*scenarios.Scenario{capOnly}, opts)
	if err != nil {
		return nil, err
	}
	c1, err := scenarios.CompareAggregates(first[0], first[1:])
	if err != nil {
		return nil, err
	}
	targeted, err := targetRegions(c1, o.Top)
	if err != nil {
		return nil, err
	}

	// Stage 2: the cap with NFP programmes, on the baseline's seed and runs.
	var alts []*scenarios.Scenario
	for _, h := range o.Homes {
		alts = append(alts, scenario(fmt.Sprintf("cap-nfp-%d", h), fmt.Sprintf("cap + %d NFP homes sited by need", h), capped(), nfp(h, nil)))
	}
	mid := o.Homes[len(o.Homes)/2]
	alts = append(alts, scenario(fmt.Sprintf("cap-nfp-%d-targeted", mid),
		fmt.Sprintf("cap + %d NFP homes in %s", mid, strings.Join(targeted, " and ")), capped(), nfp(mid, targeted)))
	parts := first
	for _, a := range alts {
		a.Seed = base.Seed // paired: the same random streams as the baseline
		agg, err := scenarios.Collect(ctx, a, opts)
		if err != nil {
			return nil, fmt.Errorf("scenario %s: %w", a.Name, err)
		}
		parts = append(parts, agg)
	}
	cmp, err := scenarios.CompareAggregates(parts[0], parts[1:])
	if err != nil {
		return nil, err
	}

	res, err := summarise(cmp, targeted, o.Years-1)
	if err != nil {
		return nil, err
	}
	printTables(o.Stdout, cmp, res)
	if res.Files, err = example.LinesAndDifferences(o.Out, cmp, market.HomePlaces,
		"Children's home places: a 10% profit cap, alone and with not-for-profit homes", "home_places.png",
		market.HomePlaces, market.NetPublicCostGBP, market.Waiting, market.UnregisteredPlaced); err != nil {
		return nil, err
	}
	fmt.Fprintf(o.Stdout, "wrote %s\n", strings.Join(res.Files, ", "))
	return res, nil
}

// targetRegions returns the top regions (at least one) where the cap
// alone adds most shortage in comparison c1.
func targetRegions(c1 *scenarios.Comparison, top int) ([]string, error) {
	regions := c1.Baseline.Regions
	added := make([]float64, len(regions))
	for r, name := range regions {
		d, err := c1.DiffOf(shortage(name))
		if err != nil {
			return nil, err
		}
		added[r] = d[0].Mean
	}
	order := make([]int, len(regions))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return added[order[a]] > added[order[b]] })
	var targeted []string
	for _, r := range order[:min(max(top, 1), len(order))] {
		targeted = append(targeted, regions[r])
	}
	return targeted, nil
}

// summarise returns each alternative's change in home places in year last
// and in shortage, as a share of the cap's own effect, and each region's
// added shortage.
func summarise(cmp *scenarios.Comparison, targeted []string, last int) (*result, error) {
	regions := cmp.Baseline.Regions
	res := &result{Targeted: targeted, Regions: regions}
	short, err := cmp.DiffOf(scenarios.WeeklySum(market.Waiting, market.UnregisteredPlaced))
	if err != nil {
		return nil, err
	}
	capPlaces := cmp.Diffs[0].Yearly[market.HomePlaces][last].Mean
	capShort := short[0].Mean
	for i, d := range cmp.Diffs {
		r := row{Name: d.Scenario, Places: d.Yearly[market.HomePlaces][last], Shortage: short[i]}
		r.PlacesOffset = offset(r.Places.Mean, capPlaces)
		r.ShortageOffset = offset(r.Shortage.Mean, capShort)
		res.Rows = append(res.Rows, r)
	}
	res.RegionShortage = make([][]float64, len(regions))
	for r, name := range regions {
		d, err := cmp.DiffOf(shortage(name))
		if err != nil {
			return nil, err
		}
		for _, x := range d {
			res.RegionShortage[r] = append(res.RegionShortage[r], x.Mean)
		}
	}
	return res, nil
}

// offset is the share of the cap's effect capEffect (alternative − baseline
// for the cap alone) that an alternative with effect eff wins back: 0 for
// the cap alone, 1 for back to the baseline, above 1 for beyond it.
func offset(eff, capEffect float64) float64 {
	if capEffect == 0 {
		return 0
	}
	return 1 - eff/capEffect
}

func printTables(w io.Writer, cmp *scenarios.Comparison, res *result) {
	b := cmp.Baseline
	fmt.Fprintf(w, "Against the baseline, %d paired runs of %d years: mean [90%% CI of the mean]\n", b.Runs, b.Years)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "scenario\thome places in %s\tplaces offset\tshortage (child-weeks)\tshortage offset\t\n", plots.FinancialYear(b.StartYear+b.Years-1))
	for _, r := range res.Rows {
		fmt.Fprintf(tw, "%s\t%s\t%.0f%%\t%s\t%.0f%%\t\n", r.Name, example.CI(r.Places, 1, 0), 100*r.PlacesOffset, example.CI(r.Shortage, 1, 0), 100*r.ShortageOffset)
	}
	tw.Flush()
	fmt.Fprintln(w, "Offset: share of the cap's loss of places (or of its added shortage) won back; 100% is back to the baseline.")
	fmt.Fprintf(w, "The targeted programme is sited in %s, where the cap alone adds the most shortage.\n\n", strings.Join(res.Targeted, " and "))

	fmt.Fprintln(w, "Change in shortage by region (child-weeks waiting or unregistered, mean over runs):")
	tw = tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	head := "region\t"
	for _, d := range cmp.Diffs {
		head += d.Scenario + "\t"
	}
	fmt.Fprintln(tw, head)
	for r, name := range res.Regions {
		line := name + "\t"
		for _, v := range res.RegionShortage[r] {
			line += example.Number.Sprintf("%.0f", v) + "\t"
		}
		fmt.Fprintln(tw, line)
	}
	tw.Flush()
}
