package scenarios_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/caremarket/caremarket/market"
	"github.com/caremarket/caremarket/scenarios"
)

// TestDescribeEveryType checks that every registered intervention type
// describes itself in words (not its Go name) and names its default
// parameters.
func TestDescribeEveryType(t *testing.T) {
	want := map[string][]string{
		"ProfitCap":           {"capped at 10%", "ceiling on the prices of new placements", "over the next 2 Aprils", "report its costs transparently"},
		"PriceCap":            {"children's homes: £5,000 (standard needs), £6,500 (complex needs) and £11,000 (very complex needs)", "agency foster care: £850 (standard and complex needs);", "supported accommodation: £1,400 (standard and complex needs).", "unregistered settings are outside the cap"},
		"WindfallTax":         {"revenue above £50m", "tax of 25%", "above a 10% operating margin"},
		"NFPEntry":            {"200 children's homes over 5 years", "regions with most children waiting per 10,000"},
		"CoopCommissioning":   {"one per region", "Switched on: pooled search", "every 3 years, 50% of forecast demand", "30% lower", "within 10%", "£900,000 a year", "£5m of capital"},
		"FinancialOversight":  {"20 units or more", "orderly", "no child moves"},
		"FosterRecruitment":   {"9,000 extra foster households approved over 3 years", "allowances unchanged"},
		"InHouseBuild":        {"100 children's homes of their own over 5 years"},
		"UnregisteredBan":     {"No unregistered placements", "5% of unregistered settings a year"},
		"DemandPath":          {"Demand follows no published path"},
		"Under16Ban":          {"under 16", "8 weeks longer"},
		"SupportedRegulation": {"register with Ofsted", "£88 a place-week"},
		"RateShock":           {"base rate rises by 3 percentage points", "next refinancing"},
	}
	types := scenarios.InterventionTypes()
	require.Len(t, want, len(types), "a new intervention type needs a row here")
	for _, typ := range types {
		t.Run(typ, func(t *testing.T) {
			iv, err := scenarios.NewIntervention(typ)
			require.NoError(t, err)
			_, ok := iv.(scenarios.Describer)
			require.True(t, ok, "%s does not implement Describer", typ)
			d := scenarios.Describe(iv)
			assert.NotContains(t, d, typ, "the description should be plain words, not the type name")
			for _, w := range want[typ] {
				assert.Contains(t, d, w)
			}
			assert.True(t, strings.HasSuffix(d, "."), "%q should end with a full stop", d)
		})
	}
}

// TestDescribeVariants checks that the descriptions follow the parameters.
func TestDescribeVariants(t *testing.T) {
	clawback := scenarios.NewProfitCap(0)
	clawback.Mode, clawback.Rate = "Clawback", 0.15
	reserve := scenarios.NewProfitCap(0)
	reserve.Reserve, reserve.Trigger, reserve.PhaseInYears = true, 0.3, 0
	opaque := scenarios.NewProfitCap(0)
	opaque.Transparency, opaque.PhaseInYears = false, 1
	price := scenarios.NewPriceCap(0)
	price.FosterIFA = market.ByTier{}
	nfp := scenarios.NewNFPEntry(0)
	nfp.Homes, nfp.Years, nfp.Regions = 1, 2.5, []string{"London", "North East"}
	coop := scenarios.NewCoopCommissioning(0)
	coop.Layout, coop.Coops, coop.BuyerPower, coop.BlockContracts = "pathfinders", []string{"Greater Manchester"}, false, false
	foster := scenarios.NewFosterRecruitment(0)
	foster.AllowanceRatio = 1.2
	fosterCut := scenarios.NewFosterRecruitment(0)
	fosterCut.AllowanceRatio = 0.9
	enforce := scenarios.NewUnregisteredBan(0)
	enforce.Mode, enforce.Fine, enforce.ConversionRate = "Enforce", 2500, 0.125
	tax := scenarios.NewWindfallTax(0)
	tax.Threshold = 1.5e9
	build := scenarios.NewInHouseBuild(0)
	build.Regions = []string{"London"}
	for _, c := range []struct {
		name    string
		iv      scenarios.Intervention
		want    []string
		notWant []string
	}{
		{"clawback", clawback, []string{"Each April providers repay", "above 15% of their revenue", "not capped"}, []string{"ceiling"}},
		{"reserve", reserve, []string{"A backstop held in reserve", "exceeds 30%", "cut to it at the first April"}, nil},
		{"no transparency", opaque, []string{"not required to report", "above the intended margin", "at the next April"}, []string{"must report"}},
		{"price cap without IFA", price, []string{"agency foster care: no ceiling"}, nil},
		{"nfp in regions", nfp, []string{"1 children's home over 2.5 years", "in London and North East"}, []string{"most children waiting per 10,000"}},
		{"pathfinder", coop, []string{"Greater Manchester pathfinder commission", "Switched off: buyer power", "block contracts"}, []string{"one per region"}},
		{"allowance up", foster, []string{"raised by 20%"}, nil},
		{"allowance down", fosterCut, []string{"cut by 10%"}, nil},
		{"enforce", enforce, []string{"fined £2,500 a week", "12.5% of unregistered settings"}, []string{"No unregistered"}},
		{"tax threshold", tax, []string{"above £1.5bn"}, nil},
		{"build in London", build, []string{"in London, each at the council"}, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := scenarios.Describe(c.iv)
			for _, w := range c.want {
				assert.Contains(t, d, w)
			}
			for _, w := range c.notWant {
				assert.NotContains(t, d, w)
			}
		})
	}
}

// named is an intervention without a description.
type named struct{ scenarios.Start }

func (named) Name() string                { return "Custom(lever)" }
func (named) Touches() []string           { return []string{"Custom"} }
func (named) Apply(w *market.World) error { return nil }

func TestDescribeFallsBackToName(t *testing.T) {
	assert.Equal(t, "Custom(lever)", scenarios.Describe(named{}))
}
