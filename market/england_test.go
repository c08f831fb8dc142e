package market_test

import (
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/caremarket/caremarket/internal/testkit"
	"github.com/caremarket/caremarket/market"
	"github.com/caremarket/caremarket/scenarios"
)

// TestInvariantsEngland runs the England baseline for a year (after its
// warm-up) with Check after every week, checks the accounting identities of
// its results, and checks that a second run of the same seed without the
// checks and on one core gives the same bits.
func TestInvariantsEngland(t *testing.T) {
	testkit.SkipShort(t, "the England baseline takes a few seconds; skipped with -short")
	// Not parallel: it sets GOMAXPROCS.
	cfg, err := scenarios.Baseline()
	require.NoError(t, err)
	opts := market.Options{Seed: 1, Years: 1, CheckInvariants: true}
	w, err := market.New(cfg, opts)
	require.NoError(t, err)
	require.NoError(t, w.Check(), "the world as built")
	assert.Len(t, w.Councils, 153)
	assert.Len(t, w.Regions(), 9)
	res, err := w.Run(t.Context(), nil)
	require.NoError(t, err)
	checkSeries(t, cfg, res, 1, -1)

	opts.CheckInvariants = false
	prev := runtime.GOMAXPROCS(1)
	again := run(t, cfg, opts)
	runtime.GOMAXPROCS(prev)
	require.NoError(t, resultsEqual(res, again), "same seed, GOMAXPROCS(1), no invariant checks")
}
