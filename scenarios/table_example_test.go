package scenarios_test

import (
	"context"
	"fmt"
	"math"

	"github.com/caremarket/caremarket/market"
	"github.com/caremarket/caremarket/scenarios"
)

// A summary prints as a table of yearly bands: the mean across the runs
// and, in brackets, the 5th and 95th percentiles. Here a summary is built
// by hand; Ensemble returns real ones.
func ExampleSummary_Table() {
	s := &scenarios.Summary{Scenario: "baseline", Runs: 20, StartYear: 2023, Years: 2}
	s.Yearly[market.Waiting] = []scenarios.Band{{Mean: 1840, P5: 1710, P50: 1835, P95: 1990}, {Mean: 2105, P5: 1890, P50: 2100, P95: 2330}}
	s.Yearly[market.NetPublicCostGBP] = []scenarios.Band{{Mean: 6.41e9, P5: 6.35e9, P50: 6.41e9, P95: 6.48e9}, {Mean: 6.72e9, P5: 6.6e9, P50: 6.71e9, P95: 6.85e9}}
	s.Yearly[market.MarginForProfit] = []scenarios.Band{{Mean: 0.226, P5: 0.22, P50: 0.226, P95: 0.231}, {Mean: 0.241, P5: 0.232, P50: 0.24, P95: 0.25}}
	fmt.Print(s.Table(market.Waiting, market.NetPublicCostGBP, market.MarginForProfit))
	// Output:
	// baseline: 20 runs, 2023/24 to 2024/25; yearly mean [5th, 95th percentile of runs]
	// year       waiting (children)  net public cost (£m)  for-profit margin (%)
	// 2023/24  1,840 [1,710, 1,990]  6,410 [6,350, 6,480]      22.6 [22.0, 23.1]
	// 2024/25  2,105 [1,890, 2,330]  6,720 [6,600, 6,850]      24.1 [23.2, 25.0]
}

// A comparison prints each alternative's paired difference from the
// baseline over the horizon, with the 90% confidence interval of the mean.
func ExampleComparison_Table() {
	base := &scenarios.Summary{Scenario: "baseline", Runs: 20, StartYear: 2023, Years: 10}
	d := scenarios.Diff{Scenario: "profit-cap"}
	d.Total[market.NetPublicCostGBP] = scenarios.DiffBand{Band: scenarios.Band{Mean: -412e6}, MeanLo: -530e6, MeanHi: -295e6}
	d.Total[market.Waiting] = scenarios.DiffBand{Band: scenarios.Band{Mean: 61500}, MeanLo: 48200, MeanHi: 74800}
	c := &scenarios.Comparison{Baseline: base, Alternatives: []*scenarios.Summary{{Scenario: "profit-cap"}}, Diffs: []scenarios.Diff{d}}
	fmt.Print(c.Table(market.NetPublicCostGBP, market.Waiting))
	// Output:
	// Paired differences from baseline over 10 years (2023/24 to 2032/33), 20 runs: mean [90% CI of the mean]
	// scenario    net public cost (£m)       waiting (child-weeks)
	// profit-cap     -412 [-530, -295]  +61,500 [+48,200, +74,800]
	// Money: totals over the horizon; children: child-weeks; places, prices and shares: mean difference over the horizon.
}

// Rows turn a summary into long-form records for a data-frame tool: one
// per metric, region and financial year.
func ExampleSummary_Rows() {
	s := &scenarios.Summary{Scenario: "baseline", Runs: 20, StartYear: 2023, Years: 2}
	s.Yearly[market.Waiting] = []scenarios.Band{{Mean: 1840, P5: 1710, P50: 1835, P95: 1990}, {Mean: 2105, P5: 1890, P50: 2100, P95: 2330}}
	for _, r := range s.Rows(market.Waiting) {
		fmt.Printf("%s %d %s %s: %.0f [%.0f, %.0f]\n", r.Scenario, r.Year, r.Region, r.Metric, r.Mean, r.P5, r.P95)
	}
	fmt.Println(s.Rows(market.Waiting)[0].Map()["p50"])
	// Output:
	// baseline 2023 England waiting: 1840 [1710, 1990]
	// baseline 2024 England waiting: 2105 [1890, 2330]
	// 1835
}

// DiffOf gives paired differences in a quantity of one's own: here the
// child-weeks of shortage (waiting or in unregistered settings) that 100
// not-for-profit homes save in the North East over two years. The
// comparison must keep every run's results (KeepRuns).
func ExampleComparison_DiffOf() {
	cfg, err := scenarios.RegionalBaseline("North East")
	if err != nil {
		fmt.Println(err)
		return
	}
	base := &scenarios.Scenario{Name: "baseline", Seed: 1, Years: 2, Config: cfg}
	nfp := *base
	nfp.Name = "nfp-100"
	iv := scenarios.NewNFPEntry(0)
	iv.Homes, iv.Years = 100, 1
	nfp.Interventions = []scenarios.Intervention{iv}
	c, err := scenarios.Compare(context.Background(), base, []*scenarios.Scenario{&nfp}, scenarios.EnsembleOptions{Runs: 4, KeepRuns: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	short, err := c.DiffOf(scenarios.WeeklySum(market.Waiting, market.UnregisteredPlaced))
	if err != nil {
		fmt.Println(err)
		return
	}
	d := c.Diffs[0].Total
	fmt.Println("one band per alternative:", len(short) == 1)
	fmt.Println("mean is waiting + unregistered:", math.Abs(short[0].Mean-(d[market.Waiting].Mean+d[market.UnregisteredPlaced].Mean)) < 1e-6)
	fmt.Println("interval holds the mean:", short[0].MeanLo <= short[0].Mean && short[0].Mean <= short[0].MeanHi)
	// Output:
	// one band per alternative: true
	// mean is waiting + unregistered: true
	// interval holds the mean: true
}
