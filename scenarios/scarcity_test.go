package scenarios_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/caremarket/caremarket/internal/testkit"
	"github.com/caremarket/caremarket/market"
	"github.com/caremarket/caremarket/scenarios"
)

// TestDemandRaisesHomePrices checks that prices respond to scarcity (issue
// 17): 10% more children starting to be looked after a year (36,300
// instead of 33,000), and nothing else changed, raises the mean price of a
// children's home place in year 5 above the baseline's in every one of four
// paired runs.
func TestDemandRaisesHomePrices(t *testing.T) {
	testkit.SkipShort(t, "eight England runs of five years")
	base, err := scenarios.Builtin("baseline")
	require.NoError(t, err)
	base.Years = 5
	more, err := scenarios.Parse("more.yaml", []byte("name: more\nextends: baseline\nseed: 1\nyears: 5\n"+
		"overrides:\n  demand:\n    starters_per_year: 36300\n"))
	require.NoError(t, err)
	more.Seed = base.Seed
	for run := 0; run < 4; run++ {
		b, err := scenarios.Run(context.Background(), base, scenarios.RunOptions{Run: run})
		require.NoError(t, err)
		m, err := scenarios.Run(context.Background(), more, scenarios.RunOptions{Run: run})
		require.NoError(t, err)
		pb, pm := b.Yearly(market.PriceHomeMean)[4], m.Yearly(market.PriceHomeMean)[4]
		t.Logf("run %d: price_home_mean year 5: baseline £%.0f, +10%% starters £%.0f (%+.1f%%)", run, pb, pm, 100*(pm/pb-1))
		require.Greater(t, pm, pb, "run %d: more demand must raise the home price in year 5", run)
	}
}
