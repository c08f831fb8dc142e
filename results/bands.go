package results

import (
	"errors"
	"fmt"
	"math"
	"sort"

	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/caremarket/caremarket/market"
)

// BandOf returns the Band of values: their mean (summed in the order
// given) and their 5th, 50th and 95th percentiles (gonum stat.Quantile with
// stat.Empirical, on a sorted copy). It returns NaNs for no values.
func BandOf(values []float64) Band {
	if len(values) == 0 {
		return Band{Mean: math.NaN(), P5: math.NaN(), P50: math.NaN(), P95: math.NaN()}
	}
	return BandOfWork(values, make([]float64, len(values)))
}

// BandOfWork returns the mean (in the order given) and the 5th, 50th and 95th
// percentiles (gonum stat.Quantile, stat.Empirical) of vals, using work
// (same length) for the sorted copy.
func BandOfWork(vals, work []float64) Band {
	copy(work, vals)
	sort.Float64s(work)
	return Band{
		Mean: stat.Mean(vals, nil),
		P5:   stat.Quantile(0.05, stat.Empirical, work, nil),
		P50:  stat.Quantile(0.50, stat.Empirical, work, nil),
		P95:  stat.Quantile(0.95, stat.Empirical, work, nil),
	}
}

// DiffBandOfWork returns the band of paired differences and a 90% confidence
// interval of their mean: mean ± t(0.95, n−1)·sd/√n, Student's t so that few
// runs give honestly wide intervals (the mean itself when n = 1).
func DiffBandOfWork(vals, work []float64) DiffBand {
	d := DiffBand{Band: BandOfWork(vals, work)}
	d.MeanLo, d.MeanHi = d.Mean, d.Mean
	if n := len(vals); n > 1 {
		v := stat.Variance(vals, nil)
		if v > 0 {
			h := tQuantile95(n-1) * math.Sqrt(v/float64(n))
			d.MeanLo, d.MeanHi = d.Mean-h, d.Mean+h
		}
	}
	return d
}

// tQuantile95 returns the 95th percentile of Student's t with df degrees of
// freedom (gonum distuv).
func tQuantile95(df int) float64 {
	return distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(df)}.Quantile(0.95)
}

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
		out[i] = DiffBandOfWork(vals, work)
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

// TotalUnit returns the unit of a metric's total over a horizon (Diff.Total):
// a flow keeps its unit; a stock summed over weeks is in unit-weeks (e.g.
// children-weeks), and a weekly price summed over weeks is in £.
func TotalUnit(m market.Metric) string {
	switch {
	case m.Flow():
		return m.Unit()
	case m.Unit() == "£/week":
		return "£"
	default:
		return m.Unit() + "-weeks"
	}
}
