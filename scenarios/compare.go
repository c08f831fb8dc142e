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
//
// An alternative on the baseline's configuration is the baseline, bit for
// bit, until the first start week of either's interventions; its runs are
// done as forks of the baseline's (prefix.go), one joint run per index, and
// give exactly the aggregates of separate ensembles. The other
// alternatives run as ensembles of their own after them. A failed run
// stops the comparison with the error of the failed (joint) run with the
// lowest index.
func CollectComparison(ctx context.Context, baseline *Scenario, alts []*Scenario, opts EnsembleOptions) ([]*Aggregate, error) {
	if ctx == nil {
		ctx = context.Background()
	}
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
	scs, err := pairedScenarios(baseline, alts)
	if err != nil {
		return nil, err
	}
	ms := make([]jointMember, len(scs))
	var indices []int
	for i, sc := range scs {
		a, base, idx, o, err := newAggregate(sc, opts)
		if err != nil {
			return nil, fmt.Errorf("compare: scenario %q: %w", sc.Name, err)
		}
		ms[i], indices, opts.Workers = jointMember{agg: a, sc: base}, idx, o.Workers
	}
	shared, alone := []jointMember{ms[0]}, []jointMember(nil)
	for _, m := range ms[1:] {
		if week, ok := sharedPrefix(&ms[0], &m); ok {
			m.fork = week
			shared = append(shared, m)
		} else {
			alone = append(alone, m)
		}
	}
	if len(shared) == 1 {
		shared, alone = nil, ms // nothing to share: the baseline runs alone too
	}
	if err := runComparison(ctx, shared, alone, indices, opts); err != nil {
		return nil, err
	}
	parts := make([]*Aggregate, len(ms))
	for i, m := range ms {
		parts[i] = m.agg
	}
	return parts, nil
}

// pairedScenarios checks that the alternatives have the baseline's horizon
// and start and returns the baseline and copies of the alternatives with
// the baseline's seed.
func pairedScenarios(baseline *Scenario, alts []*Scenario) ([]*Scenario, error) {
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
	return scs, nil
}

// runComparison runs the joint runs of the members in shared (the
// baseline first), then the ensemble of each member in alone, into their
// aggregates. opts.Progress counts member runs over them all.
func runComparison(ctx context.Context, shared, alone []jointMember, indices []int, opts EnsembleOptions) error {
	total := len(indices) * (len(shared) + len(alone))
	progress := func(off int) func(int) {
		return func(done int) {
			if opts.Progress != nil {
				opts.Progress(off+done, total)
			}
		}
	}
	off := 0
	if len(shared) > 0 {
		done, err := runShared(ctx, shared, indices, opts, progress(0))
		if ctx.Err() != nil {
			return &CancelledError{Done: done, Total: total, Err: ctx.Err()}
		}
		if err != nil {
			return err
		}
		off = done
	}
	for _, m := range alone {
		o, p := opts, progress(off)
		o.Progress = func(done, _ int) { p(done) }
		if err := m.agg.runAll(ctx, m.sc, indices, o); err != nil {
			var ce *CancelledError
			if errors.As(err, &ce) {
				return &CancelledError{Done: off + ce.Done, Total: total, Err: ce.Err}
			}
			return fmt.Errorf("compare: scenario %q: %w", m.sc.Name, err)
		}
		off += len(indices)
	}
	return nil
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
