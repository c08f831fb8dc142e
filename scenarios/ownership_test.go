package scenarios_test

import (
	"context"
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/caremarket/caremarket/internal/testkit"
	"github.com/caremarket/caremarket/market"
	"github.com/caremarket/caremarket/scenarios"
)

// TestOwnershipHolds checks the investment mechanism of issue 17 (builds
// by capacity, acquisitions, council building): in the England baseline,
// 4 runs of 10 years, each run's private-equity share of children's home
// places and council home places stay within ±30% of their first reported
// year (2023/24) in every year. It logs the for-profit margin by year.
func TestOwnershipHolds(t *testing.T) {
	testkit.SkipShort(t, "four England runs of ten years")
	src := "name: ownership\nextends: baseline\nseed: 1\nruns: 4\nyears: 10\n"
	sc, err := scenarios.Parse("ownership.yaml", []byte(src))
	require.NoError(t, err)
	for run := 0; run < sc.Runs; run++ {
		res, err := scenarios.Run(context.Background(), sc, scenarios.RunOptions{Run: run})
		require.NoError(t, err)
		pe := res.Yearly(market.HomePlacesPrivateEquity)
		total := res.Yearly(market.HomePlaces)
		council := res.Yearly(market.HomePlacesCouncil)
		margin := res.Yearly(market.MarginForProfit)
		share0 := pe[0] / total[0]
		for y := range pe {
			share := pe[y] / total[y]
			t.Logf("run %d %d: PE share %.3f (%+.0f%%), council places %.0f (%+.0f%%), for-profit margin %.3f",
				run, 2023+y, share, 100*(share/share0-1), council[y], 100*(council[y]/council[0]-1), margin[y])
			require.LessOrEqual(t, math.Abs(share/share0-1), 0.30, "run %d year %d: private-equity share of home places", run, 2023+y)
			require.LessOrEqual(t, math.Abs(council[y]/council[0]-1), 0.30, "run %d year %d: council home places", run, 2023+y)
		}
	}
}
