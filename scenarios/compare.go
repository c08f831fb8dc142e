package scenarios

import (
	"context"
	"errors"
	"fmt"

	"github.com/caremarket/caremarket/market"
	"github.com/caremarket/caremarket/results"
)

// DefaultCompareRuns is the number of runs of Compare and
// CollectComparison when neither the options nor the baseline give two or
// more: caremarket compare's default too.
const DefaultCompareRuns = 20

// Compare runs a baseline and alternatives as paired ensembles and reports
// each alternative's difference from the baseline, run by run: every
// scenario runs the same run indices with the baseline's seed (the
// alternatives' own seeds are ignored), so run i of every scenario starts
// from the same random streams and the differences isolate the policy's
// effect from the model's noise. Runs defaults to the baseline's Runs, or
// DefaultCompareRuns when that is under 2 (the built-ins have 1, and one
// run gives a mean but no interval: its bands' bounds equal the mean);
// every scenario must have the baseline's start and years. opts.Progress
// counts runs over all scenarios. Scenarios run one after another, each on
// opts.Workers workers; opts.Shard must be empty.
func Compare(ctx context.Context, baseline *Scenario, alts []*Scenario, opts EnsembleOptions) (*Comparison, error) {
	parts, err := CollectComparison(ctx, baseline, alts, opts)
	if err != nil {
		return nil, err
	}
	return CompareAggregates(parts[0], parts[1:])
}

// CollectComparison runs the ensembles of Compare and returns their
// aggregates, baseline first, for CompareAggregates and ExportComparison.
func CollectComparison(ctx context.Context, baseline *Scenario, alts []*Scenario, opts EnsembleOptions) ([]*Aggregate, error) {
	if baseline == nil {
		return nil, errors.New("compare: nil baseline")
	}
	if !opts.Shard.Whole() {
		return nil, errors.New("compare: comparisons run whole ensembles (no shard)")
	}
	if opts.Runs == 0 {
		opts.Runs = baseline.Runs
		if opts.Runs < 2 {
			opts.Runs = DefaultCompareRuns // one run gives no interval
		}
	}
	scs := []*Scenario{baseline}
	for i, a := range alts {
		if a == nil {
			return nil, fmt.Errorf("compare: alternative %d is nil", i)
		}
		if a.Years != baseline.Years {
			return nil, fmt.Errorf("compare: %q runs %d years and the baseline %q %d: give them the same horizon", a.Name, a.Years, baseline.Name, baseline.Years)
		}
		as, _ := a.StartYear()
		bs, _ := baseline.StartYear()
		if as != bs {
			return nil, fmt.Errorf("compare: %q starts in %d and the baseline %q in %d: give them the same start", a.Name, as, baseline.Name, bs)
		}
		c := *a
		c.Seed = baseline.Seed
		scs = append(scs, &c)
	}
	total := opts.Runs * len(scs)
	progress := opts.Progress
	parts := make([]*Aggregate, len(scs))
	for i, sc := range scs {
		o := opts
		if progress != nil {
			off := i * opts.Runs
			o.Progress = func(done, _ int) { progress(off+done, total) }
		}
		a, err := Collect(ctx, sc, o)
		if err != nil {
			var ce *CancelledError
			if errors.As(err, &ce) {
				return nil, &CancelledError{Done: i*opts.Runs + ce.Done, Total: total, Err: ce.Err}
			}
			return nil, fmt.Errorf("compare: scenario %q: %w", sc.Name, err)
		}
		parts[i] = a
	}
	return parts, nil
}

// CompareAggregates computes the paired differences of alternatives from a
// baseline, from complete aggregates that hold the same run indices.
func CompareAggregates(base *Aggregate, alts []*Aggregate) (*Comparison, error) {
	bs, err := base.Summary()
	if err != nil {
		return nil, err
	}
	c := &Comparison{Baseline: bs}
	years := base.meta.Years
	n := len(base.recs)
	vals := make([]float64, n)
	work := make([]float64, n)
	tot := make([][market.NumMetrics]float64, n)
	for _, a := range alts {
		if a.meta.Years != years || len(a.recs) != n || a.meta.Seed != base.meta.Seed || a.meta.StartYear != base.meta.StartYear {
			return nil, fmt.Errorf("compare: %q and the baseline %q differ in runs, seed, start or years", a.meta.Scenario, base.meta.Scenario)
		}
		for i := range a.recs {
			if a.recs[i].index != base.recs[i].index {
				return nil, fmt.Errorf("compare: %q holds run %d where the baseline holds run %d: pairs need the same run indices", a.meta.Scenario, a.recs[i].index, base.recs[i].index)
			}
		}
		s, err := a.Summary()
		if err != nil {
			return nil, err
		}
		c.Alternatives = append(c.Alternatives, s)
		d := Diff{Scenario: a.meta.Scenario}
		for i := range tot {
			tot[i] = [market.NumMetrics]float64{}
		}
		for m := range market.NumMetrics {
			d.Yearly[m] = make([]DiffBand, years)
			for y := range years {
				k := int(m)*years + y
				for i := range vals {
					vals[i] = a.recs[i].yearly[k] - base.recs[i].yearly[k]
					tot[i][m] += vals[i]
				}
				d.Yearly[m][y] = results.DiffBandOfWork(vals, work)
			}
			for i := range vals {
				vals[i] = tot[i][m]
				if !m.Flow() {
					vals[i] *= 52
				}
			}
			d.Total[m] = results.DiffBandOfWork(vals, work)
		}
		c.Diffs = append(c.Diffs, d)
	}
	return c, nil
}
