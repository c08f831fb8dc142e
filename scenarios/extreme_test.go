package scenarios_test

import (
	"context"
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/floats"

	"github.com/caremarket/caremarket/agents"
	"github.com/caremarket/caremarket/market"
	"github.com/caremarket/caremarket/scenarios"
)

// exitAll is an intervention that takes every market provider out of the
// market within its first year: each week of that year the active market
// providers whose ID falls on the week (ID mod 52) exit, and in the last
// week every one still active, entrants of the year included.
type exitAll struct {
	scenarios.Start
}

func (*exitAll) Name() string                 { return "ExitAll" }
func (*exitAll) Touches() []string            { return nil }
func (*exitAll) Apply(w *market.World) error  { return nil }
func (e *exitAll) Step(w *market.World) error { e.exit(w); return nil }

func (e *exitAll) exit(w *market.World) {
	k := w.ReportedWeek() - e.Week
	if k < 0 || k >= 52 {
		return
	}
	for p := range w.Providers {
		pr := &w.Providers[p]
		if pr.Market() && pr.Status == agents.Active && (p%52 == k || k == 51) {
			w.Exit(int32(p))
		}
	}
}

// marketProviders counts the active market providers of a world (neither
// councils' in-house services nor unregistered suppliers).
func marketProviders(w *market.World) int {
	n := 0
	for p := range w.Providers {
		if w.Providers[p].Market() && w.Providers[p].Status == agents.Active {
			n++
		}
	}
	return n
}

// extremeCase is a scenario at the edge of what the model is meant for.
type extremeCase struct {
	name  string
	years int
	// short is the horizon under -short (0: years).
	short int
	// config changes the North East market (nil: unchanged).
	config func(c *market.Config)
	// ivs returns the interventions, fresh for each call.
	ivs func() []scenarios.Intervention
	// before checks the world as built; after checks the run's results
	// (that the extreme is real, and what it does).
	before func(t *testing.T, w *market.World)
	after  func(t *testing.T, cfg *market.Config, res *market.Results)
}

// noEntry stops every kind of new supply: no builds, no entrants, no
// foster approvals.
func noEntry(c *market.Config) {
	c.Investment.Gamma, c.Investment.Nu = 0, 0
	c.Investment.CouncilCapital = 0 // councils build no homes either
	c.Foster.ApprovalsPerYear = 0
}

func extremeCases() []extremeCase {
	return []extremeCase{
		{
			name: "no market providers", years: 2,
			// Every home and scheme council-run, no agency carers, no entry
			// of new providers: the councils are the only suppliers, but for
			// the rare conversion of an unregistered setting into a
			// registered private home (docs/model.md §6, 0.5% a year).
			config: func(c *market.Config) {
				c.Supply.HomeOwnership = market.ByOwnership{Council: 1}
				c.Supply.SupportedOwnership = market.ByOwnership{Council: 1}
				c.Foster.IFAShare, c.Foster.FosterRules.IFAShare = 0, 0
				c.Investment.Nu = 0
			},
			before: func(t *testing.T, w *market.World) {
				assert.Zero(t, marketProviders(w), "market providers at the start")
			},
			after: func(t *testing.T, cfg *market.Config, res *market.Results) {
				for _, m := range []market.Metric{market.HomePlacesPrivateEquity, market.HomePlacesNFP,
					market.FosterHouseholdsIFA, market.PlacedFosterIFA} {
					assert.Zero(t, floats.Sum(res.Series[m]), "%s in a market without providers", m)
				}
				entries := floats.Sum(res.Series[market.Entries])
				assert.LessOrEqual(t, entries, 5.0, "entries (conversions only)")
				for k, v := range res.Series[market.HomePlacesPrivate] {
					require.LessOrEqual(t, v, 6*entries, "private home places in week %d beyond the conversions'", k)
				}
				assert.Positive(t, floats.Sum(res.Series[market.HomePlacesCouncil]), "council homes")
			},
		},
		{
			name: "zero capacity", years: 2,
			// No homes, schemes or foster households at the start and none
			// later: the starting mix is all foster care, there are no
			// carers and no Very Complex children (who always start in a
			// home), and nothing is built, approved or entered. Every child
			// who needs a placement waits or is placed unregistered.
			config: func(c *market.Config) {
				c.Mix = market.Mix{FosterInHouse: 0.4, FosterIFA: 0.3}
				c.Demand.Tiers.Standard += c.Demand.Tiers.VeryComplex
				c.Demand.Tiers.VeryComplex = 0
				c.Foster.Households = 0
				noEntry(c)
			},
			before: func(t *testing.T, w *market.World) {
				assert.Empty(t, w.Homes, "homes at the start")
				assert.Empty(t, w.Households, "foster households at the start")
			},
			after: func(t *testing.T, cfg *market.Config, res *market.Results) {
				for _, m := range []market.Metric{market.PlacedFosterInHouse, market.PlacedFosterIFA,
					market.FosterHouseholdsCouncil, market.FosterHouseholdsIFA} {
					assert.Zero(t, floats.Sum(res.Series[m]), "%s with no capacity", m)
				}
				// Homes and schemes come only from conversions of
				// unregistered settings, one place each at first.
				entries := floats.Sum(res.Series[market.Entries])
				for k, v := range res.Series[market.HomePlaces] {
					require.LessOrEqual(t, v+res.Series[market.SupportedPlaces][k], 6*entries, "places in week %d beyond the conversions'", k)
				}
				last := len(res.Series[market.ChildrenInCare]) - 1
				assert.Greater(t, res.Series[market.UnregisteredPlaced][last], res.Series[market.ChildrenInCare][last]/3, "children placed unregistered")
			},
		},
		{
			name: "ten times the arrival rate", years: 2, short: 1,
			config: func(c *market.Config) { c.Demand.StartersPerYear *= 10 },
			after: func(t *testing.T, cfg *market.Config, res *market.Results) {
				arr := res.Yearly(market.Arrivals)
				assert.InEpsilon(t, cfg.Demand.StartersPerYear, arr[0], 0.1, "arrivals a year")
				assert.Greater(t, res.Yearly(market.UnregisteredPlaced)[0], res.Yearly(market.PlacedHomes)[0], "more children unregistered than in homes")
			},
		},
		{
			name: "0% profit cap as a price ceiling", years: 2,
			ivs: func() []scenarios.Intervention {
				p := scenarios.NewProfitCap(0)
				p.Rate, p.PhaseInYears = 0, 0
				return []scenarios.Intervention{p}
			},
		},
		{
			name: "0% profit cap as a clawback", years: 2,
			ivs: func() []scenarios.Intervention {
				p := scenarios.NewProfitCap(0)
				p.Rate, p.Mode = 0, "Clawback"
				return []scenarios.Intervention{p}
			},
			after: func(t *testing.T, cfg *market.Config, res *market.Results) {
				assert.Positive(t, floats.Sum(res.Series[market.ClawbackGBP]), "a 0% clawback takes back every profit")
			},
		},
		{
			name: "caps on from week 0", years: 2,
			ivs: func() []scenarios.Intervention {
				return []scenarios.Intervention{scenarios.NewProfitCap(0), scenarios.NewPriceCap(0), scenarios.NewWindfallTax(0)}
			},
		},
		{
			name: "50-year horizon", years: 50, short: 5,
			after: func(t *testing.T, cfg *market.Config, res *market.Results) {
				y := res.Yearly(market.ChildrenInCare)
				assert.Len(t, y, res.Years())
				assert.Positive(t, y[len(y)-1], "children in care in the last year")
				assert.InEpsilon(t, y[0], y[len(y)-1], 0.5, "children in care stay within half of the first year's")
			},
		},
		{
			name: "a single council", years: 2,
			config: func(c *market.Config) {
				total := 0
				for _, k := range c.Councils {
					total += k.Children
				}
				one := c.Councils[0]
				share := float64(one.Children) / float64(total)
				c.Councils = []market.CouncilSpec{one}
				c.Coops = []market.CoopSpec{{Layout: "regions", Name: "solo", Members: []string{one.Code}}}
				c.Demand.StartersPerYear *= share
				c.Foster.Households = max(1, int(math.Round(float64(c.Foster.Households)*share)))
				c.Foster.ApprovalsPerYear *= share
				c.Workforce.Pool *= share
			},
			ivs: func() []scenarios.Intervention { return []scenarios.Intervention{scenarios.NewCoopCommissioning(10)} },
			before: func(t *testing.T, w *market.World) {
				assert.Len(t, w.Councils, 1)
			},
		},
		{
			name: "every provider exits in one year", years: 3,
			ivs: func() []scenarios.Intervention { return []scenarios.Intervention{&exitAll{}} },
			before: func(t *testing.T, w *market.World) {
				assert.Greater(t, marketProviders(w), 20, "market providers at the start")
			},
			after: func(t *testing.T, cfg *market.Config, res *market.Results) {
				exits := res.Yearly(market.ExitsDisorderly)[0]
				assert.Greater(t, exits, 20.0, "disorderly exits in year 1")
			},
		},
	}
}

// TestExtremeScenarios runs scenarios at the edges of the model (no
// market providers, no capacity, ten times the arrivals, a 0% profit cap,
// every cap from week 0, a 50-year horizon, one council, every provider
// leaving within a year) on the North East market: each runs to its end
// with the invariants checked every week, every output finite, and an
// ensemble of it gives a summary.json with no missing (non-finite) value.
// It logs the warnings each run gives.
func TestExtremeScenarios(t *testing.T) {
	t.Parallel()
	for _, tc := range extremeCases() {
		t.Run(strings.ReplaceAll(tc.name, " ", "_"), func(t *testing.T) {
			t.Parallel()
			years := tc.years
			if tc.short > 0 && raceEnabled {
				t.Skip("a heavy case: the race detector adds nothing to it (no concurrency); run without -race")
			}
			if testing.Short() && tc.short > 0 {
				years = tc.short
			}
			cfg, err := scenarios.RegionalBaseline("North East")
			require.NoError(t, err)
			if tc.config != nil {
				tc.config(cfg)
			}
			require.NoError(t, cfg.Validate(), "the extreme case is a valid configuration")
			mk := func() *scenarios.Scenario {
				sc := &scenarios.Scenario{Name: "extreme", Seed: 3, Years: years, Config: cfg}
				if tc.ivs != nil {
					sc.Interventions = tc.ivs()
				}
				return sc
			}
			var res *market.Results
			require.NotPanics(t, func() {
				w, err := mk().World(scenarios.RunOptions{CheckInvariants: true})
				require.NoError(t, err)
				if tc.before != nil {
					tc.before(t, w)
				}
				res, err = w.Run(context.Background(), nil)
				require.NoError(t, err, "the run stops")
			})
			require.NoError(t, res.Finite())
			require.Equal(t, years*52, res.Weeks, "the run reaches its horizon")
			for m := range market.NumMetrics {
				for k, v := range res.Series[m] {
					if m.Unit() == "children" && v < 0 {
						t.Fatalf("%s is %v in week %d", m, v, k)
					}
				}
			}
			if tc.after != nil {
				tc.after(t, cfg, res)
			}
			t.Logf("warnings: %q", res.Warnings)

			// The outputs: an ensemble's summary.json holds no null (a
			// non-finite value) and no "non-finite output" warning.
			s, err := scenarios.Ensemble(context.Background(), mk(), scenarios.EnsembleOptions{Runs: 2, Workers: 2})
			require.NoError(t, err)
			js := summaryJSON(t, s)
			require.True(t, json.Valid(js))
			assert.NotContains(t, string(js), "null", "a non-finite value in summary.json")
			for _, w := range s.Warnings {
				assert.NotContains(t, w, "non-finite", "warning")
			}
		})
	}
}

func TestExtremeScenariosWarn(t *testing.T) {
	want := map[string]bool{"zero capacity": true, "ten times the arrival rate": true, "every provider exits in one year": true, "50-year horizon": true}
	for _, tc := range extremeCases() {
		if !want[tc.name] {
			continue
		}
		t.Run(tc.name, func(t *testing.T) {
			cfg, err := scenarios.RegionalBaseline("North East")
			require.NoError(t, err)
			if tc.config != nil {
				tc.config(cfg)
			}
			sc := &scenarios.Scenario{Name: "extreme", Seed: 3, Years: tc.years, Config: cfg}
			if tc.ivs != nil {
				sc.Interventions = tc.ivs()
			}
			res, err := scenarios.Run(context.Background(), sc, scenarios.RunOptions{})
			require.NoError(t, err)
			assert.NotEmpty(t, res.Warnings, "%s: no warning for the adviser", tc.name)
		})
	}
}
