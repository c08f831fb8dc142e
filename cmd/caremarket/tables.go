package main

import (
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/caremarket/caremarket/market"
	"github.com/caremarket/caremarket/plots"
	"github.com/caremarket/caremarket/scenarios"
)

// runTableMetrics are the figures run prints for its first and last year.
var runTableMetrics = []market.Metric{
	market.ChildrenInCare, market.Waiting, market.UnregisteredPlaced, market.Over20Miles,
	market.SpendGBP, market.NetPublicCostGBP, market.PriceHomeMean, market.HomePlaces, market.MarginForProfit,
}

// runTable prints a scenario's headline figures in its first and last
// reported year: the mean of the runs and, with more than one run, the
// 5–95% band of the runs.
func runTable(w io.Writer, s *scenarios.Summary) {
	if s.Years < 1 {
		return
	}
	first, last := 0, s.Years-1
	fmt.Fprintf(w, "%s: mean of %s", s.Scenario, plural(s.Runs, "run"))
	if s.Runs > 1 {
		fmt.Fprint(w, " [5–95% of runs]")
	}
	fmt.Fprintln(w, "; stocks are yearly means, flows yearly sums:")
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "  metric\t%s", plots.FinancialYear(s.StartYear+first))
	if last != first {
		fmt.Fprintf(tw, "\t%s", plots.FinancialYear(s.StartYear+last))
	}
	fmt.Fprintln(tw)
	for _, m := range runTableMetrics {
		fmt.Fprintf(tw, "  %s\t%s", m, bandText(m, s.Yearly[m], first, s.Runs))
		if last != first {
			fmt.Fprintf(tw, "\t%s", bandText(m, s.Yearly[m], last, s.Runs))
		}
		fmt.Fprintln(tw)
	}
	tw.Flush()
}

// bandText writes year y of a metric's bands: the mean, and the 5–95% band
// when there is more than one run.
func bandText(m market.Metric, bands []scenarios.Band, y, runs int) string {
	if y >= len(bands) {
		return "n/a"
	}
	b := bands[y]
	if runs < 2 {
		return plots.FormatValue(m, b.Mean, false)
	}
	return fmt.Sprintf("%s [%s – %s]", plots.FormatValue(m, b.Mean, false), plots.FormatValue(m, b.P5, false), plots.FormatValue(m, b.P95, false))
}

// headline prints each alternative's effect over the horizon on the net
// public cost, children waiting and children in unregistered settings,
// with 90% intervals of the mean (none from a single run).
func headline(w io.Writer, c *scenarios.Comparison) {
	b := c.Baseline
	fmt.Fprintf(w, "Paired differences from %s over %s (%s; mean", b.Scenario, plural(b.Years, "year"), plural(b.Runs, "run"))
	if b.Runs > 1 {
		fmt.Fprint(w, " and 90% interval of the mean")
	} else {
		fmt.Fprint(w, "; one run gives no interval")
	}
	fmt.Fprintln(w, "):")
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "  scenario\tnet public cost\tchildren waiting (child-weeks)\tunregistered placements (child-weeks)")
	for _, d := range c.Diffs {
		fmt.Fprintf(tw, "  %s", d.Scenario)
		for _, m := range []market.Metric{market.NetPublicCostGBP, market.Waiting, market.UnregisteredPlaced} {
			t := d.Total[m]
			fmt.Fprintf(tw, "\t%s", plots.FormatValue(m, t.Mean, true))
			if b.Runs > 1 {
				fmt.Fprintf(tw, " [%s, %s]", plots.FormatValue(m, t.MeanLo, true), plots.FormatValue(m, t.MeanHi, true))
			}
		}
		fmt.Fprintln(tw)
	}
	tw.Flush()
}
