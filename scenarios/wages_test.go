package scenarios_test

import (
	"context"
	"sort"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/caremarket/caremarket/internal/testkit"
	"github.com/caremarket/caremarket/market"
	"github.com/caremarket/caremarket/scenarios"
)

// The care labour market on the England baseline (docs/model.md §4.8,
// issue 17): the regional care wage relative to the national care wage
// stays within 0.85–1.20 in every year of every run, because premia revert
// to their published levels and staff pools recruit (the mechanism tests in
// market/wages_internal_test.go show the reversion is not a clamp).

func wageRuns(t *testing.T, runs, years int) []*market.Results {
	t.Helper()
	sc, err := scenarios.Builtin("baseline")
	require.NoError(t, err)
	sc.Years = years
	out := make([]*market.Results, runs)
	for i := range out {
		out[i], err = scenarios.Run(context.Background(), sc, scenarios.RunOptions{Run: i})
		require.NoError(t, err)
	}
	return out
}

func median(xs []float64) float64 {
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	if n := len(s); n%2 == 1 {
		return s[n/2]
	} else {
		return (s[n/2-1] + s[n/2]) / 2
	}
}

// checkWageBounds asserts lo ≤ wage_index_min and wage_index_max ≤ hi in
// every year of every run, and logs the yearly medians across runs with
// spend and the national staffing picture.
func checkWageBounds(t *testing.T, res []*market.Results, lo, hi float64) {
	t.Helper()
	years := res[0].Years()
	for y := 0; y < years; y++ {
		var mins, maxs, spend []float64
		for i, r := range res {
			mn, mx := r.Yearly(market.WageIndexMin)[y], r.Yearly(market.WageIndexMax)[y]
			if mn < lo || mx > hi {
				t.Errorf("run %d, year %d: wage_index_min %.3f, wage_index_max %.3f; want within %.2f–%.2f", i, r.StartYear+y, mn, mx, lo, hi)
			}
			mins, maxs = append(mins, mn), append(maxs, mx)
			spend = append(spend, r.Yearly(market.SpendGBP)[y])
		}
		t.Logf("%d: wage_index_min %.3f, wage_index_max %.3f (medians of %d runs); spend £%.2fbn",
			res[0].StartYear+y, median(mins), median(maxs), len(res), median(spend)/1e9)
	}
}

func TestBaselineWageIndicesTenYears(t *testing.T) {
	testkit.SkipShort(t, "4 England runs of 10 years")
	checkWageBounds(t, wageRuns(t, 4, 10), 0.85, 1.20)
}

func TestBaselineWageIndicesThirtyYears(t *testing.T) {
	testkit.SkipShort(t, "2 England runs of 30 years")
	checkWageBounds(t, wageRuns(t, 2, 30), 0.85, 1.20)
}
