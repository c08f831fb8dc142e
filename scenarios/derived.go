package scenarios

import (
	"math"

	"github.com/caremarket/caremarket/market"
)

// WeeklySum returns a function that adds up metrics over every reported
// week of a run, the way Diff.Total counts them: flows in their unit (£ of
// spend over the horizon) and stocks in unit-weeks (children waiting become
// child-weeks). Summing metrics with different units is allowed but rarely
// meaningful. An invalid metric gives NaN.
func WeeklySum(metrics ...market.Metric) func(*market.Results) float64 {
	ms := append([]market.Metric(nil), metrics...)
	return func(res *market.Results) float64 {
		if res == nil {
			return math.NaN()
		}
		t := 0.0
		for _, m := range ms {
			if m < 0 || m >= market.NumMetrics {
				return math.NaN()
			}
			for _, v := range res.Series[m] {
				t += v
			}
		}
		return t
	}
}

// RegionalWeeklySum returns a function that adds up a regional metric for
// one region over every reported week of a run (child-weeks for the
// children counts, £ for spend). A region the results do not hold gives
// NaN, which DiffOf reports.
func RegionalWeeklySum(rm market.RegionalMetric, region string) func(*market.Results) float64 {
	return func(res *market.Results) float64 {
		if res == nil || rm < 0 || rm >= market.NumRegionalMetrics {
			return math.NaN()
		}
		for r, name := range res.Regions {
			if name == region && r < len(res.Regional[rm]) {
				t := 0.0
				for _, v := range res.Regional[rm][r] {
					t += v
				}
				return t
			}
		}
		return math.NaN()
	}
}
