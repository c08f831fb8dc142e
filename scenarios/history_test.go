package scenarios_test

import (
	"context"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/caremarket/caremarket/internal/testkit"
	"github.com/caremarket/caremarket/market"
	"github.com/caremarket/caremarket/scenarios"
)

// spendParts add up to spend_gbp: placements by setting, unregistered
// placements, waiting and co-op block payments. other_cost_gbp (kinship
// care) is outside spend.
var spendParts = []market.Metric{
	market.SpendHomesGBP, market.SpendFosterIFAGBP, market.SpendFosterInHouseGBP, market.SpendSupportedGBP,
	market.SpendUnregisteredGBP, market.SpendWaitingGBP, market.SpendBlockGBP,
}

// TestSpendBySettingAddsUp runs built-ins with and without co-op block
// payments and a history, and checks in every run and year that the spend
// keys add up to spend_gbp (to a part in 10^9), that each setting's spend
// is positive, and that the summary's means add up too.
func TestSpendBySettingAddsUp(t *testing.T) {
	testkit.SkipShort(t, "runs the England scenarios (seconds); skipped with -short")
	for _, name := range []string{"baseline", "coop", "history-2019"} {
		t.Run(name, func(t *testing.T) {
			sc, err := scenarios.Builtin(name)
			require.NoError(t, err)
			if name != "history-2019" { // its dated events fall in years 3 and 5
				sc.Years = 2
			}
			if name == "coop" {
				sc.Interventions[0].(*scenarios.CoopCommissioning).Week = 0
			}
			agg, err := scenarios.Collect(context.Background(), sc, scenarios.EnsembleOptions{Runs: 2, Workers: 2})
			require.NoError(t, err)
			rv, err := agg.RunValues(append(spendParts, market.SpendGBP, market.OtherCostGBP)...)
			require.NoError(t, err)
			for i := range rv.Runs {
				for y := 0; y < rv.Years; y++ {
					sum := 0.0
					for _, m := range spendParts {
						sum += rv.Yearly[m][i][y]
					}
					spend := rv.Yearly[market.SpendGBP][i][y]
					assert.InDelta(t, spend, sum, 1e-9*spend+0.01, "run %d year %d: parts sum to %.2f, spend_gbp %.2f", rv.Runs[i], y, sum, spend)
					for _, m := range spendParts[:4] {
						assert.Greater(t, rv.Yearly[m][i][y], 0.0, "%s in run %d year %d", m, rv.Runs[i], y)
					}
					// Kinship care is outside spend: adding it breaks the identity.
					assert.Greater(t, math.Abs(sum+rv.Yearly[market.OtherCostGBP][i][y]-spend), 1.0)
				}
			}
			if name == "coop" {
				assert.Greater(t, rv.Yearly[market.SpendBlockGBP][0][1], 0.0, "co-op block payments in the second year")
			}
		})
	}
}

// TestHistory2019Horizon checks that history-2019 reports the financial
// years 2019 to 2023 and the baseline still starts in 2023.
func TestHistory2019Horizon(t *testing.T) {
	t.Parallel()
	h, err := scenarios.Builtin("history-2019")
	require.NoError(t, err)
	y, err := h.StartYear()
	require.NoError(t, err)
	assert.Equal(t, 2019, y)
	assert.Equal(t, 5, h.Years)
	assert.Empty(t, h.Source, "a built-in, not a file")
	names := map[string]bool{}
	for _, iv := range h.Interventions {
		names[iv.Touches()[0]] = true
	}
	assert.Equal(t, map[string]bool{scenarios.RuleDemand: true, scenarios.RuleUnder16Fallback: true, scenarios.RuleSupportedRegulation: true, scenarios.RuleCouncilCapital: true}, names)
	assert.Equal(t, 0, h.Config.Matching.Under16ExtraWaitWeeks, "no under-16 ban before 2021")
	assert.Zero(t, h.Config.Investment.CouncilCapital, "no council capital programme before April 2022")
	total := 0
	for _, c := range h.Config.Councils {
		total += c.Children
	}
	assert.InDelta(t, 78140, total, 10, "children looked after on 31 March 2019")

	b, err := scenarios.Builtin("baseline")
	require.NoError(t, err)
	y, err = b.StartYear()
	require.NoError(t, err)
	assert.Equal(t, 2023, y)
	assert.Equal(t, 8, b.Config.Matching.Under16ExtraWaitWeeks)

	if testing.Short() {
		return // the run below takes a few seconds
	}
	sc, err := scenarios.Builtin("history-2019")
	require.NoError(t, err)
	s, err := scenarios.Ensemble(context.Background(), sc, scenarios.EnsembleOptions{Runs: 1, Workers: 1})
	require.NoError(t, err)
	require.Equal(t, 2019, s.StartYear)
	require.Equal(t, 5, s.Years)
	require.Len(t, s.Yearly[market.ChildrenInCare], 5)
	// Starters follow the published path (Poisson noise is about 0.6%).
	for y, want := range []float64{31010, 28470, 31090, 33000, 33050} {
		assert.InEpsilon(t, want, s.Yearly[market.Arrivals][y].Mean, 0.03, "starters in %d/%02d", 2019+y, 20+y)
	}
	assert.Equal(t, "2019-04", s.Start)
}

// TestHistoryEventsApply checks that each dated event changes what it
// should in a world, and refuses a value out of range.
func TestHistoryEventsApply(t *testing.T) {
	t.Parallel()
	sc, err := scenarios.Builtin("history-2019")
	require.NoError(t, err)
	sc.Interventions = nil
	w, err := sc.World(scenarios.RunOptions{})
	require.NoError(t, err)
	before := w.Config()
	ages := market.StarterAges{Under1: 0.2, Age1to4: 0.2, Age5to9: 0.2, Age10to15: 0.2, Age16to17: 0.2}
	tests := []struct {
		name  string
		iv    scenarios.Intervention
		check func(c market.Config) bool
	}{
		{"under-16 ban", scenarios.NewUnder16Ban(0), func(c market.Config) bool { return c.Matching.Under16ExtraWaitWeeks == 8 }},
		{"supported regulation", scenarios.NewSupportedRegulation(0), func(c market.Config) bool {
			return c.Costs.SupportedFixed == before.Costs.SupportedFixed+88
		}},
		// The world is at the start of its warm-up year, 2018/19.
		{"demand path", &scenarios.DemandPath{Years: []scenarios.DemandYear{{Year: 2018, Starters: 12345, UASCShare: 0.3, StarterAges: ages}}},
			func(c market.Config) bool {
				return c.Demand.StartersPerYear == 12345 && c.Demand.UASCShare == 0.3 && c.Demand.StarterAges == ages
			}},
	}
	for _, tt := range tests {
		require.NoError(t, tt.iv.Apply(w), tt.name)
		assert.True(t, tt.check(w.Config()), tt.name)
	}
	require.NoError(t, w.Check())
	bad := []scenarios.Intervention{
		&scenarios.Under16Ban{ExtraWaitWeeks: -1},
		&scenarios.SupportedRegulation{CostPerWeek: math.NaN()},
		&scenarios.DemandPath{Years: []scenarios.DemandYear{{Year: 2019, Starters: 1000, StarterAges: market.StarterAges{Under1: 0.5}}}},
		&scenarios.DemandPath{},
	}
	for _, iv := range bad {
		assert.Error(t, iv.Apply(w), iv.Name())
	}
}
