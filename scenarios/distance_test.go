package scenarios_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/caremarket/caremarket/internal/testkit"
	"github.com/caremarket/caremarket/market"
	"github.com/caremarket/caremarket/scenarios"
)

// lambdaScenario parses the England baseline with overrides.matching.lambda
// set to lambda: 2 runs, 3 years.
func lambdaScenario(t *testing.T, lambda float64) *scenarios.Scenario {
	t.Helper()
	src := fmt.Sprintf("name: lambda\nextends: baseline\nseed: 1\nruns: 2\nyears: 3\n"+
		"overrides:\n  matching:\n    lambda: %g\n", lambda)
	sc, err := scenarios.Parse("lambda.yaml", []byte(src))
	require.NoError(t, err)
	return sc
}

// yearlyOver20 returns each run's yearly mean of over_20_miles.
func yearlyOver20(t *testing.T, sc *scenarios.Scenario) [][]float64 {
	t.Helper()
	var out [][]float64
	for run := 0; run < sc.Runs; run++ {
		res, err := scenarios.Run(context.Background(), sc, scenarios.RunOptions{Run: run})
		require.NoError(t, err)
		out = append(out, res.Yearly(market.Over20Miles))
	}
	return out
}

// TestLambdaLowersDistance checks that distance enters the councils' choice
// (issue 16): raising λ from 5 to 20 £/km a week lowers the children placed
// over 20 miles from home by at least 5% in every reported year, summed over
// two paired runs of three years.
func TestLambdaLowersDistance(t *testing.T) {
	testkit.SkipShort(t, "six England runs of three years")
	lo, hi := yearlyOver20(t, lambdaScenario(t, 5)), yearlyOver20(t, lambdaScenario(t, 20))
	for y := range lo[0] {
		var a, b float64
		for run := range lo {
			a += lo[run][y]
			b += hi[run][y]
		}
		change := b/a - 1
		t.Logf("year %d: over_20_miles λ=5 %.0f, λ=20 %.0f (%+.1f%%)", 2023+y, a/2, b/2, 100*change)
		require.Less(t, change, -0.05, "year %d: λ 5→20 must lower over_20_miles by at least 5%%", 2023+y)
	}
}
