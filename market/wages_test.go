package market_test

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/caremarket/caremarket/agents"
	"github.com/caremarket/caremarket/market"
)

// Mechanism tests of the care labour market (docs/model.md §4.8).

// wageWorld builds the small world and steps it to the end of its warm-up.
func wageWorld(t *testing.T, cfg *market.Config, years int) *market.World {
	t.Helper()
	w, err := market.New(cfg, market.Options{Seed: 7, Years: years, CheckInvariants: true})
	require.NoError(t, err)
	for w.Week() < w.WarmupWeeks() {
		require.NoError(t, w.Step())
	}
	return w
}

// A shocked regional premium returns toward its published level: with no
// shortage response (ε = 0) its log gap halves every half-life exactly;
// with ε > 0 its gap from an unshocked twin still decays, not in one step
// (it is not a clamp).
func TestPremiumRevertsAtHalfLife(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name          string
		halfLife, eps float64
	}{
		{"half-life 1 year, ε 0", 1, 0},
		{"half-life 2 years, ε 0", 2, 0},
		{"half-life 4 years, ε 0", 4, 0},
		{"half-life 2 years, ε 0.2", 2, 0.2},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			cfg := smallConfig()
			cfg.Workforce.HalfLife, cfg.Workforce.Epsilon = tc.halfLife, tc.eps
			w := wageWorld(t, cfg, 7)
			twin := wageWorld(t, cfg, 7) // the same world, not shocked
			level := cfg.Regions[0].WageLevel
			before, _ := w.WagePremium(0)
			w.ShockPremium(0, 1.15)
			prev, _ := w.WagePremium(0)
			require.InDelta(t, before*1.15, prev, 1e-12)
			g0 := math.Log(prev / level)
			var gaps, twinGaps []float64 // log gaps from the level after each April
			for !w.Done() {
				require.NoError(t, w.Step())
				require.NoError(t, twin.Step())
				if p, _ := w.WagePremium(0); p != prev {
					gaps = append(gaps, math.Log(p/level))
					q, _ := twin.WagePremium(0)
					twinGaps = append(twinGaps, math.Log(q/level))
					prev = p
				}
			}
			require.GreaterOrEqual(t, len(gaps), 6, "the premium moves each April")
			for n, g := range gaps {
				decay := g0 * math.Exp2(-float64(n+1)/tc.halfLife)
				if tc.eps == 0 {
					assert.InDelta(t, decay, g, 1e-9, "April %d", n+1)
					continue
				}
				if n == 0 {
					assert.Greater(t, g, g0/4, "one April does not undo the shock")
				}
				// With ε > 0 the premium also answers the region's own
				// shortage, so the shock is measured against the unshocked
				// twin: what is left of it shrinks at least at the half-life.
				// With ε > 0 the premium also answers the region's
				// shortage, which the shock itself moves, so what is left
				// of the shock is measured against the unshocked twin: it
				// shrinks every April and is under a quarter of the shock
				// after seven (3.5 half-lives; pure decay would leave 9%).
				d := math.Abs(g - twinGaps[n])
				t.Logf("April %d: gap %.4f, twin %.4f", n+1, g, twinGaps[n])
				if n > 0 {
					assert.Less(t, d, math.Abs(gaps[n-1]-twinGaps[n-1]), "April %d: what is left of the shock shrinks", n+1)
				}
				if n == len(gaps)-1 {
					assert.Less(t, d, math.Abs(g0)/4, "April %d: the shock has mostly gone", n+1)
				}
			}
			res := w.Results()
			lo, _ := w.WagePremium(1)
			hi, _ := w.WagePremium(0)
			lo, hi = math.Min(lo, hi), math.Max(lo, hi)
			last := len(res.Series[market.WageIndexMax]) - 1
			assert.InDelta(t, hi, res.Series[market.WageIndexMax][last], 1e-12)
			assert.InDelta(t, lo, res.Series[market.WageIndexMin][last], 1e-12)
		})
	}
}

// A region's staff pool closes its staffing gap faster when its care wage
// is higher: the share closed in a quarter is 1 − exp(−r·(wage ÷
// reference)^elasticity / 4).
func TestStaffPoolRespondsToWage(t *testing.T) {
	t.Parallel()
	for _, el := range []float64{0, 1.5, 3} {
		t.Run("elasticity "+fmtF(el), func(t *testing.T) {
			t.Parallel()
			cfg := smallConfig()
			cfg.Workforce.Elasticity = el
			closed := map[float64]float64{}
			for _, shock := range []float64{1, 1.2} {
				w := wageWorld(t, cfg, 1)
				if shock != 1 {
					w.ShockPremium(0, shock)
				}
				_, need := w.StaffPool(0)
				require.Positive(t, need)
				w.SetStaffPool(0, 0.8*need)
				w.QuarterWorkforce()
				pool, need2 := w.StaffPool(0)
				require.InDelta(t, need, need2, 1e-9, "no home opened or closed")
				prem, nat := w.WagePremium(0)
				rel := nat * prem / cfg.Regions[0].WageLevel
				want := -math.Expm1(-cfg.Workforce.Recruitment * math.Pow(rel, el) / 4)
				closed[shock] = (pool - 0.8*need) / (0.2 * need)
				assert.InDelta(t, want, closed[shock], 1e-9)
			}
			if el == 0 {
				assert.InDelta(t, closed[1], closed[1.2], 1e-12)
			} else {
				assert.Greater(t, closed[1.2], closed[1])
			}
		})
	}
}

func fmtF(x float64) string { return map[float64]string{0: "0", 1.5: "1.5", 3: "3"}[x] }

// The care wage moves the costs and agreed prices of children's homes, not
// foster care's: foster fees follow their own allowances.
func TestFosterCostsIndependentOfCareWage(t *testing.T) {
	t.Parallel()
	cfg := smallConfig()
	w := wageWorld(t, cfg, 2)
	type key struct {
		reg int
		s   agents.Setting
		t   agents.Tier
	}
	costs := map[key]float64{}
	for reg := range cfg.Regions {
		for _, s := range []agents.Setting{agents.FosterInHouse, agents.FosterIFA, agents.ChildrensHome, agents.Supported} {
			for tr := agents.Tier(0); tr < agents.NumTiers; tr++ {
				costs[key{reg, s, tr}] = w.UnitCostOf(reg, s, tr)
			}
		}
		w.ShockPremium(reg, 1.3)
	}
	for k, c := range costs {
		switch k.s {
		case agents.FosterInHouse, agents.FosterIFA:
			assert.Equal(t, c, w.UnitCostOf(k.reg, k.s, k.t), "%+v", k)
		default:
			assert.Greater(t, w.UnitCostOf(k.reg, k.s, k.t), c*1.1, "%+v", k)
		}
	}
	// An April after the shock: the premia revert, so home prices fall by
	// the change in the staff-cost factor and foster prices stay.
	staffCost := func(reg int) float64 {
		p, n := w.WagePremium(reg)
		return 1 - cfg.Workforce.StaffShare + cfg.Workforce.StaffShare*p*n
	}
	before := [2]float64{staffCost(0), staffCost(1)}
	ifa, homes := w.PlacedPrices(agents.FosterIFA), w.PlacedPrices(agents.ChildrensHome)
	inHouse := w.PlacedPrices(agents.FosterInHouse)
	require.NotEmpty(t, ifa)
	require.NotEmpty(t, homes)
	w.AprilWages()
	require.NoError(t, w.Check())
	assert.Equal(t, ifa, w.PlacedPrices(agents.FosterIFA))
	assert.Equal(t, inHouse, w.PlacedPrices(agents.FosterInHouse))
	after := w.PlacedPrices(agents.ChildrensHome)
	for id, p := range homes {
		reg := w.HomeRegionOf(id)
		f := staffCost(reg) / before[reg]
		require.Less(t, f, 1.0)
		assert.InDelta(t, float64(p)*f, float64(after[id]), 0.5+1e-9, "child %d", id)
	}
}
