package scenarios

import (
	"errors"
	"fmt"
	"math"

	"github.com/caremarket/caremarket/market"
)

// DiffOf returns each alternative's paired difference from the baseline in
// a quantity of one's own, computed by f from a run's weekly results: for
// example the child-weeks of shortage, WeeklySum(market.Waiting,
// market.UnregisteredPlaced), or one region's spend. f is called on run i
// of the baseline and of each alternative, and the differences are
// summarised as Diff.Total is (mean, percentiles of the runs, 90%
// confidence interval of the mean). The result has one DiffBand per
// alternative, in the comparison's order.
//
// DiffOf needs every run's weekly results: run the comparison with
// EnsembleOptions.KeepRuns. It fails if they are missing or if f returns a
// value that is not finite (naming the scenario and run).
func (c *Comparison) DiffOf(f func(*market.Results) float64) ([]DiffBand, error) {
	if c == nil || c.Baseline == nil {
		return nil, errors.New("scenarios: DiffOf on a nil comparison")
	}
	if f == nil {
		return nil, errors.New("scenarios: DiffOf with a nil function")
	}
	base, err := valuesOf(c.Baseline, f)
	if err != nil {
		return nil, err
	}
	out := make([]DiffBand, len(c.Alternatives))
	vals := make([]float64, len(base))
	work := make([]float64, len(base))
	for i, a := range c.Alternatives {
		alt, err := valuesOf(a, f)
		if err != nil {
			return nil, err
		}
		if len(alt) != len(base) {
			return nil, fmt.Errorf("scenarios: DiffOf: %q holds %d runs and the baseline %q %d", a.Scenario, len(alt), c.Baseline.Scenario, len(base))
		}
		for j := range vals {
			vals[j] = alt[j] - base[j]
		}
		out[i] = diffBand(vals, work)
	}
	return out, nil
}

// valuesOf applies f to every kept run of s.
func valuesOf(s *Summary, f func(*market.Results) float64) ([]float64, error) {
	if s == nil {
		return nil, errors.New("scenarios: DiffOf: nil summary in the comparison")
	}
	if len(s.Results) == 0 || len(s.Results) != s.Runs {
		return nil, fmt.Errorf("scenarios: DiffOf: %q keeps the weekly results of %d of its %d runs: run the comparison with EnsembleOptions.KeepRuns", s.Scenario, len(s.Results), s.Runs)
	}
	out := make([]float64, len(s.Results))
	for i, res := range s.Results {
		if res == nil {
			return nil, fmt.Errorf("scenarios: DiffOf: %q has no results for its run %d: run the comparison with EnsembleOptions.KeepRuns", s.Scenario, i)
		}
		v := f(res)
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("scenarios: DiffOf: the quantity is %v in run %d of %q (an unknown region or metric?)", v, i, s.Scenario)
		}
		out[i] = v
	}
	return out, nil
}

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
