package market_test

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/caremarket/caremarket/market"
)

// fieldErrors returns every *market.FieldError in an error tree (Validate
// joins one per problem).
func fieldErrors(err error) []*market.FieldError {
	var out []*market.FieldError
	var walk func(error)
	walk = func(e error) {
		if e == nil {
			return
		}
		if fe, ok := e.(*market.FieldError); ok {
			out = append(out, fe)
		}
		switch u := e.(type) {
		case interface{ Unwrap() []error }:
			for _, x := range u.Unwrap() {
				walk(x)
			}
		case interface{ Unwrap() error }:
			walk(u.Unwrap())
		}
	}
	walk(err)
	return out
}

// stubIntervention is an intervention that does nothing, for testing how
// New checks start weeks.
type stubIntervention struct{ start int }

func (s stubIntervention) Name() string                { return "stub" }
func (s stubIntervention) StartWeek() int              { return s.start }
func (s stubIntervention) Apply(w *market.World) error { return nil }

// TestNewBadInput checks that market.New returns an error, and never
// panics, on bad input, and that the error names the field, the value and
// what is allowed.
func TestNewBadInput(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		mutate  func(c *market.Config, o *market.Options)
		field   string // the FieldError's Field
		value   string // the value as printed; "~x" compares a float sum with x
		allowed string // part of what is allowed
	}{
		{"negative starters", func(c *market.Config, _ *market.Options) { c.Demand.StartersPerYear = -1 },
			"demand.starters_per_year", "-1", "allowed 0 to 500000"},
		{"no half-life", func(c *market.Config, _ *market.Options) { c.Workforce.HalfLife = 0 },
			"workforce.half_life", "0", "allowed 0.1 to 50"},
		{"negative recruitment", func(c *market.Config, _ *market.Options) { c.Workforce.Recruitment = -1 },
			"workforce.recruitment", "-1", "allowed 0 to 52"},
		{"NaN elasticity", func(c *market.Config, _ *market.Options) { c.Workforce.Elasticity = math.NaN() },
			"workforce.elasticity", "NaN", "allowed 0 to 10"},
		{"staff share above one", func(c *market.Config, _ *market.Options) { c.Workforce.StaffShare = 1.5 },
			"workforce.staff_share", "1.5", "allowed 0 to 1"},
		{"wage level too high", func(c *market.Config, _ *market.Options) { c.Regions[1].WageLevel = 2 },
			"regions[1].wage_level", "2", "allowed 0 (England's level) or 0.5 to 1.5"},
		{"NaN wage level", func(c *market.Config, _ *market.Options) { c.Regions[0].WageLevel = math.NaN() },
			"regions[0].wage_level", "NaN", "0.5 to 1.5"},
		{"negative foster breakdown hazard", func(c *market.Config, _ *market.Options) { c.Breakdowns.Foster = -0.1 },
			"breakdowns.foster", "-0.1", "allowed 0 to 1"},
		{"hazard above one", func(c *market.Config, _ *market.Options) { c.Breakdowns.Homes = 1.5 },
			"breakdowns.homes", "1.5", "allowed 0 to 1"},
		{"NaN cost", func(c *market.Config, _ *market.Options) { c.Costs.HomeFixed = math.NaN() },
			"costs.home_fixed", "NaN", "must be zero or positive"},
		{"infinite lambda", func(c *market.Config, _ *market.Options) { c.Matching.Lambda = math.Inf(1) },
			"matching.lambda", "+Inf", "allowed 0 to 1000"},
		{"negative acceptance", func(c *market.Config, _ *market.Options) { c.Matching.Acceptance.FosterIFA.Complex = -0.2 },
			"matching.acceptance.foster_ifa.complex", "-0.2", "allowed 0 to 1"},
		{"negative markup", func(c *market.Config, _ *market.Options) { c.Pricing.Mu.Private = -0.1 },
			"pricing.mu.private", "-0.1", "allowed 0 to 2"},
		{"negative attrition", func(c *market.Config, _ *market.Options) { c.Foster.AttritionRate = -0.146 },
			"foster.attrition_rate", "-0.146", "allowed 0 to 1"},
		{"zero punreg", func(c *market.Config, _ *market.Options) { c.Costs.Punreg.Complex = 0 },
			"costs.punreg.complex", "0", "must be a positive number"},
		{"council in an unknown region", func(c *market.Config, _ *market.Options) { c.Councils[2].Region = "Atlantis" },
			"councils[2].region", "Atlantis", "must name a region in regions: North, South"},
		{"a council with no region", func(c *market.Config, _ *market.Options) { c.Councils[0].Region = "" },
			"councils[0].region", "", "must name a region in regions: North, South"},
		{"adjacent to an unknown region", func(c *market.Config, _ *market.Options) { c.Regions[0].Adjacent = []string{"South", "Wales"} },
			"regions[0].adjacent", "Wales", "must name a region in regions: North, South"},
		{"a region with no council", func(c *market.Config, _ *market.Options) {
			c.Regions = append(c.Regions, market.RegionSpec{Name: "East", PropIndex: 1})
		}, "regions[2]", "East", "every region needs at least one council"},
		{"unnamed region", func(c *market.Config, _ *market.Options) { c.Regions[1].Name = " " },
			"regions[1].name", " ", "a region needs a name"},
		{"duplicate region", func(c *market.Config, _ *market.Options) { c.Regions[1].Name = "North" },
			"regions[1].name", "North", "region names must be unique"},
		{"no regions", func(c *market.Config, _ *market.Options) { c.Regions = nil },
			"regions", "0", "at least one region is needed"},
		{"no councils", func(c *market.Config, _ *market.Options) { c.Councils = nil; c.Coops = nil },
			"councils", "0", "at least one council is needed"},
		{"duplicate council code", func(c *market.Config, _ *market.Options) { c.Councils[1].Code = c.Councils[0].Code },
			"councils[1].code", "E08000003", "council codes must be unique"},
		{"unknown council type", func(c *market.Config, _ *market.Options) { c.Councils[0].Type = "village" },
			"councils[0].type", "village", "allowed london, metropolitan, unitary, county"},
		{"code with no type", func(c *market.Config, _ *market.Options) { c.Councils[3].Code = "W06000015" },
			"councils[3].type", "", "E06, E08, E09 or E10"},
		{"negative children", func(c *market.Config, _ *market.Options) { c.Councils[4].Children = -5 },
			"councils[4].children", "-5", "allowed 0 to 1,000,000"},
		{"latitude off the globe", func(c *market.Config, _ *market.Options) { c.Councils[0].Lat = 91 },
			"councils[0].lat", "91", "allowed "},
		{"longitude not a number", func(c *market.Config, _ *market.Options) { c.Councils[1].Lon = math.NaN() },
			"councils[1].lon", "NaN", "allowed "},
		{"co-op member unknown", func(c *market.Config, _ *market.Options) {
			c.Coops[0].Members = append(c.Coops[0].Members, "E06999999")
		},
			"coops[0].members", "E06999999", "must be the code of a council"},
		{"home ownership shares", func(c *market.Config, _ *market.Options) { c.Supply.HomeOwnership.Council = 0.02 },
			"supply.home_ownership", "~0.9", "shares must sum to 1"},
		{"tier shares", func(c *market.Config, _ *market.Options) { c.Demand.Tiers.Complex = 0.3 },
			"demand.tiers", "~1.1", "shares must sum to 1"},
		{"starter age shares", func(c *market.Config, _ *market.Options) { c.Demand.StarterAges.Under1 = 0 },
			"demand.starter_ages", "~0.85", "shares must sum to 1"},
		{"approved-place shares", func(c *market.Config, _ *market.Options) { c.Foster.Approved = [3]float64{0.5, 0.5, 0.5} },
			"foster.approved", "~1.5", "shares must sum to 1"},
		{"mix above one", func(c *market.Config, _ *market.Options) { c.Mix.FosterInHouse = 0.6 },
			"mix", "~1.06", "traded shares must sum to at most 1"},
		{"council-owned agencies", func(c *market.Config, _ *market.Options) {
			c.Supply.IFAOwnership = market.ByOwnership{PrivateEquity: 0.35, Private: 0.45, NotForProfit: 0.1, Council: 0.1}
		}, "supply.ifa_ownership.council", "0.1", "must be 0"},
		{"groups and single homes", func(c *market.Config, _ *market.Options) { c.Supply.SingleHomeShare = 0.8 },
			"supply.large_group_share", "0.28", "large_group_share + single_home_share must be at most 1"},
		{"more agency groups than agencies", func(c *market.Config, _ *market.Options) { c.Supply.AgencyGroups = 6 },
			"supply.agency_groups", "6", "allowed 0 to supply.agencies"},
		{"no agencies", func(c *market.Config, _ *market.Options) { c.Supply.Agencies = 0; c.Supply.AgencyGroups = 0 },
			"supply.agencies", "0", "allowed 1 to 100,000"},
		{"zero wait", func(c *market.Config, _ *market.Options) { c.Matching.MaxWaitWeeks = 0 },
			"matching.max_wait_weeks", "0", "allowed 1 to 520"},
		{"reference occupancy zero", func(c *market.Config, _ *market.Options) { c.Costs.ORef.Homes = 0 },
			"costs.o_ref.homes", "0", "allowed 0.05 to 1"},
		{"rho below one", func(c *market.Config, _ *market.Options) { c.Pricing.Rho = 0.5 },
			"pricing.rho", "0.5", "allowed 1 to 10"},
		{"negative build lag", func(c *market.Config, _ *market.Options) { c.Investment.BuildLagWeeks = -1 },
			"investment.build_lag_weeks", "-1", "allowed 0 to 520"},
		{"zero hurdle", func(c *market.Config, _ *market.Options) { c.Investment.Hurdle.NotForProfit = 0 },
			"investment.hurdle.not_for_profit", "0", "allowed 0.001 to 1"},
		{"negative households", func(c *market.Config, _ *market.Options) { c.Foster.Households = -1 },
			"foster.households", "-1", "allowed 0 to 500,000"},
		{"zero years", func(_ *market.Config, o *market.Options) { o.Years = 0 },
			"years", "0", "allowed 1 to 100"},
		{"negative years", func(_ *market.Config, o *market.Options) { o.Years = -3 },
			"years", "-3", "allowed 1 to 100"},
		{"too many years", func(_ *market.Config, o *market.Options) { o.Years = 101 },
			"years", "101", "allowed 1 to 100"},
		{"negative run", func(_ *market.Config, o *market.Options) { o.Run = -1 },
			"run", "-1", "must be zero or positive"},
		{"long warm-up", func(_ *market.Config, o *market.Options) { o.WarmupWeeks = 600 },
			"warmup_weeks", "600", "allowed 0 to 520"},
		{"nil intervention", func(_ *market.Config, o *market.Options) { o.Interventions = []market.Intervention{nil} },
			"interventions[0]", "<nil>", "must not be nil"},
		{"intervention after the horizon", func(_ *market.Config, o *market.Options) {
			o.Interventions = []market.Intervention{stubIntervention{start: 0}, stubIntervention{start: 52}}
		}, "interventions[1] (stub).start_week", "52", "allowed 0 to 51 (the horizon is 1 years)"},
		{"intervention before the start", func(_ *market.Config, o *market.Options) {
			o.Interventions = []market.Intervention{stubIntervention{start: -1}}
		}, "interventions[0] (stub).start_week", "-1", "allowed 0 to 51"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg, opts := smallMutated(tc.mutate)
			var w *market.World
			var err error
			require.NotPanics(t, func() { w, err = market.New(cfg, opts) })
			require.Error(t, err)
			assert.Nil(t, w)
			var fe *market.FieldError
			require.True(t, errors.As(err, &fe), "a *market.FieldError in %v", err)
			var found *market.FieldError
			for _, e := range fieldErrors(err) {
				if e.Field == tc.field {
					found = e
				}
			}
			require.NotNil(t, found, "no error names %s in: %v", tc.field, err)
			msg := err.Error()
			if sum, ok := strings.CutPrefix(tc.value, "~"); ok {
				want, perr := strconv.ParseFloat(sum, 64)
				require.NoError(t, perr)
				got, isFloat := found.Value.(float64)
				require.True(t, isFloat, "value %v", found.Value)
				assert.InDelta(t, want, got, 1e-9, "value")
				assert.Contains(t, msg, tc.field+" = ")
			} else {
				assert.Equal(t, tc.value, fmt.Sprint(found.Value), "value")
				assert.Contains(t, msg, tc.field+" = "+tc.value)
			}
			// The message a user sees names the field, the value and what is allowed.
			assert.Contains(t, found.Allowed, tc.allowed)
			assert.Contains(t, msg, tc.allowed)
		})
	}
}

// TestValidateReportsEveryProblem checks that Validate reports all the
// problems of a config at once, one FieldError each.
func TestValidateReportsEveryProblem(t *testing.T) {
	t.Parallel()
	cfg := smallConfig()
	cfg.Demand.StartersPerYear = -1
	cfg.Breakdowns.Foster = -0.1
	cfg.Councils[1].Region = "Nowhere"
	err := cfg.Validate()
	require.Error(t, err)
	var fields []string
	for _, fe := range fieldErrors(err) {
		fields = append(fields, fe.Field)
	}
	assert.ElementsMatch(t, []string{"demand.starters_per_year", "breakdowns.foster", "councils[1].region"}, fields)
	assert.Equal(t, 3, strings.Count(err.Error(), "\n")+1, "one line per problem")
}

func TestNewNilConfig(t *testing.T) {
	t.Parallel()
	w, err := market.New(nil, market.Options{Years: 1})
	assert.Nil(t, w)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "nil config")
}

// TestNewLeavesConfigAlone checks that New copies the configuration: a
// caller may change or reuse it after.
func TestNewLeavesConfigAlone(t *testing.T) {
	t.Parallel()
	cfg := smallConfig()
	w, err := market.New(cfg, market.Options{Seed: 1, Years: 1})
	require.NoError(t, err)
	assert.Equal(t, smallConfig(), cfg, "New changed its input")
	cfg.Demand.StartersPerYear = 1e6
	assert.Equal(t, 190.0, w.Config().Demand.StartersPerYear)
}
