package scenarios_test

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/caremarket/caremarket/scenarios"
)

// neWith returns the North East scenario named name with interventions.
func neWith(t testing.TB, years int, name string, ivs ...scenarios.Intervention) *scenarios.Scenario {
	t.Helper()
	sc := neScenario(t, years)
	sc.Name, sc.Interventions = name, ivs
	return sc
}

// separately collects each scenario's ensemble on its own, on the
// baseline's seed: what CollectComparison gave before it shared prefixes.
func separately(t *testing.T, base *scenarios.Scenario, alts []*scenarios.Scenario, opts scenarios.EnsembleOptions) []*scenarios.Aggregate {
	t.Helper()
	var out []*scenarios.Aggregate
	for _, sc := range append([]*scenarios.Scenario{base}, alts...) {
		c := *sc
		c.Seed = base.Seed
		a, err := scenarios.Collect(context.Background(), &c, opts)
		require.NoError(t, err)
		out = append(out, a)
	}
	return out
}

// TestComparisonSharedPrefixIsExact checks that CollectComparison, which
// forks alternatives from the baseline's runs at their first policy week,
// gives exactly the aggregates of separate ensembles, for any number of
// workers: alternatives forked at different weeks (the first reported
// week, mid-year, the horizon for one with no intervention), one with
// state, one on another configuration (run on its own), and a baseline
// with an intervention of its own.
func TestComparisonSharedPrefixIsExact(t *testing.T) {
	const years = 2
	more := neWith(t, years, "more-arrivals", scenarios.NewProfitCap(20))
	more.Config.Demand.StartersPerYear *= 1.2
	late := scenarios.NewFosterRecruitment(70)
	for _, tc := range []struct {
		name string
		base *scenarios.Scenario
		alts []*scenarios.Scenario
	}{
		{"baseline without interventions", neScenario(t, years), []*scenarios.Scenario{
			neWith(t, years, "cap", scenarios.NewProfitCap(30)),
			more,
			neWith(t, years, "first-week", scenarios.NewPriceCap(0)),
			neWith(t, years, "none"),
			neWith(t, years, "two", late, scenarios.NewWindfallTax(45), scenarios.NewUnregisteredBan(60)),
			neWith(t, years, "stateful", &counting{Start: scenarios.Start{Week: 60}}),
		}},
		{"baseline with an intervention", neWith(t, years, "rate-shock", scenarios.NewRateShock(40)), []*scenarios.Scenario{
			neWith(t, years, "cap-early", scenarios.NewProfitCap(10)),
			neWith(t, years, "oversight-late", scenarios.NewFinancialOversight(90)),
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opts := scenarios.EnsembleOptions{Runs: 3, FirstRun: 1, Workers: 1}
			want := separately(t, tc.base, tc.alts, opts)
			for _, workers := range []int{1, 3} {
				opts.Workers = workers
				got, err := scenarios.CollectComparison(context.Background(), tc.base, tc.alts, opts)
				require.NoError(t, err)
				require.Len(t, got, len(want))
				for i := range want {
					assert.True(t, reflect.DeepEqual(want[i], got[i]), "%s on %d workers differs from its own ensemble", want[i].Scenario(), workers)
				}
			}
		})
	}
}

// TestComparisonSharedProgress checks that progress counts every
// scenario's runs one by one, joint runs and separate ensembles alike.
func TestComparisonSharedProgress(t *testing.T) {
	more := neWith(t, 1, "more-arrivals")
	more.Config.Demand.StartersPerYear *= 1.2
	alts := []*scenarios.Scenario{neWith(t, 1, "cap", scenarios.NewProfitCap(20)), more, neWith(t, 1, "ban", scenarios.NewUnregisteredBan(5))}
	var calls []int
	total := 0
	_, err := scenarios.CollectComparison(context.Background(), neScenario(t, 1), alts, scenarios.EnsembleOptions{Runs: 3, Workers: 2,
		Progress: func(done, n int) { calls = append(calls, done); total = n }})
	require.NoError(t, err)
	assert.Equal(t, []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, calls)
	assert.Equal(t, 12, total)
}

// TestComparisonSharedFailureAndCancel checks that a failed forked run
// names its scenario and the lowest failed run, and that a cancel stops a
// comparison with a *CancelledError.
func TestComparisonSharedFailureAndCancel(t *testing.T) {
	alts := []*scenarios.Scenario{neWith(t, 1, "cap", scenarios.NewProfitCap(20)), neWith(t, 1, "bad", &failing{Start: scenarios.Start{Week: 10}})}
	for range 3 {
		_, err := scenarios.CollectComparison(context.Background(), neScenario(t, 1), alts, scenarios.EnsembleOptions{Runs: 4, FirstRun: 2, Workers: 3})
		var re *scenarios.RunError
		require.ErrorAs(t, err, &re)
		assert.Equal(t, 2, re.Run)
		assert.ErrorContains(t, err, `scenario "bad"`)
		assert.ErrorContains(t, err, "boom")
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	_, err := scenarios.CollectComparison(ctx, neScenario(t, 1), alts[:1], scenarios.EnsembleOptions{Runs: 20, Workers: 2,
		Progress: func(done, _ int) {
			if done == 1 {
				cancel()
			}
		}})
	var ce *scenarios.CancelledError
	require.ErrorAs(t, err, &ce)
	assert.True(t, errors.Is(err, context.Canceled))
	assert.Equal(t, 40, ce.Total)
	assert.GreaterOrEqual(t, ce.Done, 2, "a joint run counts its two scenarios")
	assert.Less(t, ce.Done, 40)
}
