package market_test

// Tests of a market with no traded share in its mix (issue 10, reliability).

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/caremarket/caremarket/market"
)

// TestZeroMixNoInvariantChecks: a mix with no traded share (valid by
// Config.Validate: shares in [0,1] summing to at most 1) starts every
// traded child of the starting stock seeking, so the settings still add up
// to the children in care. (Before the fix they were left neither placed
// nor seeking.)
func TestZeroMixNoInvariantChecks(t *testing.T) {
	cfg := smallConfig()
	cfg.Mix = market.Mix{}
	require.NoError(t, cfg.Validate())
	res := run(t, cfg, market.Options{Seed: 1, Years: 1})
	checkSeries(t, cfg, res, 1, -1) // fails: "settings hold N children, M in care"
}

// TestZeroMixCheckDoesNotPanic: with CheckInvariants, Check indexes its
// per-setting counts by the child's setting (255 for "fresh") and panics
// with "index out of range [255] with length 7" instead of reporting a
// broken invariant.
func TestZeroMixCheckDoesNotPanic(t *testing.T) {
	cfg := smallConfig()
	cfg.Mix = market.Mix{}
	w, err := market.New(cfg, market.Options{Seed: 1, Years: 1})
	require.NoError(t, err)
	require.NotPanics(t, func() { _ = w.Check() })
	require.NoError(t, w.Check())
}
