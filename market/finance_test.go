package market_test

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/caremarket/caremarket/agents"
	"github.com/caremarket/caremarket/internal/testkit"
	"github.com/caremarket/caremarket/market"
	"github.com/caremarket/caremarket/scenarios"
)

// leveragedInterest runs the small market for years with a base-rate rise
// from the start and returns the last quarter's interest of the active
// leveraged providers and their rates less their spreads.
func leveragedInterest(t *testing.T, rise float64, years int) (interest float64, bases []float64) {
	t.Helper()
	w, err := market.New(smallConfig(), market.Options{Seed: 3, Years: years, CheckInvariants: true})
	require.NoError(t, err)
	w.SetBaseRateRise(rise)
	for !w.Done() {
		require.NoError(t, w.Step())
	}
	for p := range w.Providers {
		pr := &w.Providers[p]
		if pr.Market() && pr.Status == agents.Active && pr.Finance.Leverage > 0 {
			interest += pr.Last[0].Interest
			bases = append(bases, pr.Finance.Rate-pr.Finance.Spread)
		}
	}
	return interest, bases
}

// TestRateShockRaisesInterest: after a full refinancing cycle every leveraged
// provider pays the shocked base rate plus its spread, and leveraged
// providers' interest is higher than on the same seed without the shock.
func TestRateShockRaisesInterest(t *testing.T) {
	t.Parallel()
	years := int(smallConfig().Finance.RefinanceYears) + 1
	base, _ := leveragedInterest(t, 0, years)
	shocked, bases := leveragedInterest(t, 0.03, years)
	require.NotEmpty(t, bases)
	for _, b := range bases {
		assert.InDelta(t, 0.04+0.03, b, 1e-12, "every provider has refinanced at base 4% + 3 points")
	}
	assert.Greater(t, shocked, base, "interest of leveraged providers: %.0f shocked vs %.0f", shocked, base)
}

// TestOrderlyLargeExit: under oversight the exit of the largest provider
// passes every home and child to other providers (no child moves, no home
// closes), is counted as orderly and large, and every invariant holds.
func TestOrderlyLargeExit(t *testing.T) {
	testkit.SkipShort(t, "builds the England baseline; skipped with -short")
	cfg, err := scenarios.Baseline()
	require.NoError(t, err)
	w, err := market.New(cfg, market.Options{Seed: 1, Years: 1, CheckInvariants: true})
	require.NoError(t, err)
	for w.Week() < w.WarmupWeeks()+1 {
		require.NoError(t, w.Step())
	}
	big, size := int32(-1), 0
	for p := range w.Providers {
		pr := &w.Providers[p]
		if pr.Market() && pr.Status == agents.Active && pr.Homes+pr.Schemes > size {
			big, size = int32(p), pr.Homes+pr.Schemes
		}
	}
	require.GreaterOrEqual(t, size, market.LargeExitHomes)
	w.SetOversight(20)
	type homeState struct {
		occupied int
		status   agents.HomeStatus
	}
	before := map[int]homeState{}
	for h := range w.Homes {
		if hm := &w.Homes[h]; hm.Owner == big && (hm.Status == agents.Open || hm.Status == agents.Closing) {
			before[h] = homeState{int(hm.Occupied), hm.Status}
		}
	}
	w.Exit(big)
	require.NoError(t, w.Check())
	assert.Equal(t, agents.Exited, w.Providers[big].Status)
	assert.Zero(t, w.Providers[big].Homes+w.Providers[big].Schemes)
	for h, st := range before {
		hm := &w.Homes[h]
		assert.NotEqual(t, big, hm.Owner, "home %d transferred", h)
		assert.Equal(t, st, homeState{int(hm.Occupied), hm.Status}, "home %d keeps its children and status", h)
	}
	require.NoError(t, w.Step())
	res := w.Results()
	last := len(res.Series[market.ExitsLarge]) - 1
	assert.Equal(t, 1.0, res.Series[market.ExitsLarge][last]+res.Series[market.ExitsLarge][last-1], "exits_large")
	assert.Equal(t, 1.0, res.Series[market.ExitsOrderly][last]+res.Series[market.ExitsOrderly][last-1], "exits_orderly")
	for range 13 {
		require.NoError(t, w.Step())
	}
}

// TestOpeningLeverage: at the end of the warm-up every active for-profit
// market provider's net debt is its own leverage times its trailing EBITDA
// (the opening balance sheet of the first reported year), and for-profit
// providers' leverages spread around their ownership's L while
// not-for-profit and council providers keep theirs exactly.
func TestOpeningLeverage(t *testing.T) {
	testkit.SkipShort(t, "builds the England baseline; skipped with -short")
	cfg, err := scenarios.Baseline()
	require.NoError(t, err)
	w, err := market.New(cfg, market.Options{Seed: 1, Years: 1})
	require.NoError(t, err)
	for w.Week() < w.WarmupWeeks() {
		require.NoError(t, w.Step())
	}
	checked, exact, spread := 0, 0, map[agents.Ownership]map[float64]bool{}
	for p := range w.Providers {
		pr := &w.Providers[p]
		if !pr.Market() || pr.Status != agents.Active {
			continue
		}
		if spread[pr.Ownership] == nil {
			spread[pr.Ownership] = map[float64]bool{}
		}
		spread[pr.Ownership][pr.Finance.Leverage] = true
		if !pr.Ownership.ForProfit() || pr.Finance.TrailingEBITDA <= 0 || pr.StartupUntil > w.Week() {
			continue
		}
		checked++
		target, tol := pr.Finance.Leverage*pr.Finance.TrailingEBITDA, 1e-6*pr.Finance.TrailingEBITDA+1e-6
		assert.GreaterOrEqual(t, pr.Finance.NetDebt(), target-tol, "provider %d: net debt at least L·EBITDA", p)
		if math.Abs(pr.Finance.NetDebt()-target) <= tol {
			exact++
		}
	}
	assert.Greater(t, checked, 100)
	// Builds started in the warm-up's last quarter add to some providers'
	// borrowing after the balance sheets are set; the others are exact.
	assert.Greater(t, float64(exact), 0.9*float64(checked), "%d of %d exactly L·EBITDA", exact, checked)
	assert.Greater(t, len(spread[agents.PrivateEquity]), 10, "private-equity leverages differ")
	assert.Len(t, spread[agents.NotForProfit], 1, "not-for-profit providers share one L")
}
