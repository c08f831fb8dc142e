package plots

import (
	"fmt"
	"slices"
	"strings"

	"github.com/caremarket/caremarket/market"
	"github.com/caremarket/caremarket/scenarios"
)

// KeyMetrics returns the metrics WriteComparison draws one comparison chart
// for: spend, net public cost, children waiting, children in unregistered
// settings, children placed over 20 miles away, the for-profit margin,
// children's home places and the mean weekly price of a home place.
func KeyMetrics() []market.Metric {
	return []market.Metric{
		market.SpendGBP, market.NetPublicCostGBP, market.Waiting, market.UnregisteredPlaced,
		market.Over20Miles, market.MarginForProfit, market.HomePlaces, market.PriceHomeMean,
	}
}

// WriteComparison writes the figures of a comparison into dir (created if
// needed): dashboard.png (Dashboard), tradeoff.png (TradeOff of net public
// cost against children waiting), differences.png (DifferenceGrid) and one
// CompareLines chart per key metric named after it (e.g. spend_gbp.svg) in
// format "png", "svg" or "pdf". Every figure is drawn before any file is
// written, then each file is written atomically (SaveAll). It returns the
// paths written, in that order; on error, the files written so far stay
// and the error names the file that failed.
func WriteComparison(dir string, cmp *scenarios.Comparison, format string) ([]string, error) {
	format = strings.ToLower(strings.TrimPrefix(format, "."))
	if !slices.Contains(Formats(), format) {
		return nil, fmt.Errorf("plots: format %q: allowed %s", format, strings.Join(Formats(), ", "))
	}
	if err := checkComparison(cmp); err != nil {
		return nil, err
	}
	type job struct {
		name string
		make func() (Drawer, error)
	}
	jobs := []job{
		{"dashboard.png", func() (Drawer, error) { return Dashboard(cmp) }},
		{"tradeoff.png", func() (Drawer, error) { return TradeOff(cmp, market.NetPublicCostGBP, market.Waiting) }},
		{"differences.png", func() (Drawer, error) { return DifferenceGrid(cmp, nil) }},
	}
	ss := summaries(cmp)
	for _, m := range KeyMetrics() {
		var opts []Option
		if m == market.NetPublicCostGBP && sameSeries(ss, market.SpendGBP, market.NetPublicCostGBP) {
			opts = append(opts, WithTitle(MetricTitle(m)+" by scenario (equal to spend: no clawback, tax or grants here)"))
		}
		jobs = append(jobs, job{m.String() + "." + format, func() (Drawer, error) { return CompareLines(ss, m, opts...) }})
	}
	figs := make([]NamedFigure, len(jobs))
	for i, j := range jobs {
		d, err := j.make()
		if err != nil {
			return nil, fmt.Errorf("plots: %s: %w", j.name, err)
		}
		figs[i] = NamedFigure{Name: j.name, Drawer: d}
	}
	return SaveAll(dir, figs...)
}

// sameSeries reports whether metrics a and b have the same yearly bands in
// every summary, as net public cost and spend do when no scenario claws
// back, taxes or grants anything.
func sameSeries(ss []*scenarios.Summary, a, b market.Metric) bool {
	for _, s := range ss {
		if !slices.Equal(s.Yearly[a], s.Yearly[b]) {
			return false
		}
	}
	return true
}
