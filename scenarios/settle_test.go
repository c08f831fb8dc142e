package scenarios_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/caremarket/caremarket/internal/testkit"
	"github.com/caremarket/caremarket/market"
	"github.com/caremarket/caremarket/scenarios"
)

// TestThirtyYearBaselineSettles checks that the feedback loops of the
// market (wages and staff, prices and reservation prices, returns and
// investment) settle over 30 years of the baseline, 2 runs (issue 17): in
// every year the mean home price stays within twice its 2023 value,
// children in care within ±25% of 2023, private-equity and council home
// places at least half of 2023, children placed over 20 miles at most 40%
// of children in care, and the regional wage indices within 0.85–1.20.
func TestThirtyYearBaselineSettles(t *testing.T) {
	testkit.SkipShort(t, "two England runs of 30 years")
	sc, err := scenarios.Builtin("baseline")
	require.NoError(t, err)
	sc.Years = 30
	for run := 0; run < 2; run++ {
		r, err := scenarios.Run(context.Background(), sc, scenarios.RunOptions{Run: run})
		require.NoError(t, err)
		y := func(m market.Metric) []float64 { return r.Yearly(m) }
		price, cic := y(market.PriceHomeMean), y(market.ChildrenInCare)
		pe, council, far := y(market.HomePlacesPrivateEquity), y(market.HomePlacesCouncil), y(market.Over20Miles)
		lo, hi := y(market.WageIndexMin), y(market.WageIndexMax)
		for k := range price {
			year := 2023 + k
			require.LessOrEqual(t, price[k], 2*price[0], "run %d, %d: price_home_mean", run, year)
			require.InDelta(t, cic[0], cic[k], 0.25*cic[0], "run %d, %d: children_in_care", run, year)
			require.GreaterOrEqual(t, pe[k], pe[0]/2, "run %d, %d: home_places_private_equity", run, year)
			require.GreaterOrEqual(t, council[k], council[0]/2, "run %d, %d: home_places_council", run, year)
			require.LessOrEqual(t, far[k], 0.40*cic[k], "run %d, %d: over_20_miles", run, year)
			require.GreaterOrEqual(t, lo[k], 0.85, "run %d, %d: wage_index_min", run, year)
			require.LessOrEqual(t, hi[k], 1.20, "run %d, %d: wage_index_max", run, year)
		}
		t.Logf("run %d: home price £%.0f → £%.0f; children %.0f → %.0f; PE places %.0f → %.0f; council places %.0f → %.0f; over 20 miles %.1f%% → %.1f%%",
			run, price[0], price[29], cic[0], cic[29], pe[0], pe[29], council[0], council[29], 100*far[0]/cic[0], 100*far[29]/cic[29])
	}
}
