package scenarios_test

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/caremarket/caremarket/agents"
	"github.com/caremarket/caremarket/market"
	"github.com/caremarket/caremarket/scenarios"
)

// smallScenario is the North East market with the given interventions.
func smallScenario(t testing.TB, years int, ivs ...scenarios.Intervention) *scenarios.Scenario {
	t.Helper()
	cfg, err := scenarios.RegionalBaseline("North East")
	require.NoError(t, err)
	return &scenarios.Scenario{Name: "ne", Seed: 7, Years: years, Config: cfg, Interventions: ivs}
}

// runSmall runs a small scenario, checking invariants every week, and
// returns its results and every placement agreed.
func runSmall(t testing.TB, sc *scenarios.Scenario) (*market.Results, []market.Placement) {
	t.Helper()
	require.NoError(t, sc.Validate())
	var ps []market.Placement
	ivs := make([]market.Intervention, len(sc.Interventions))
	for i, iv := range sc.Interventions {
		ivs[i] = iv
	}
	// OnPlacement is a market option: build the world through market.New.
	w, err := market.New(sc.Config, market.Options{Seed: sc.Seed, Years: sc.Years, Interventions: ivs, CheckInvariants: true,
		OnPlacement: func(p market.Placement) { ps = append(ps, p) }})
	require.NoError(t, err)
	res, err := w.Run(context.Background(), nil)
	require.NoError(t, err)
	return res, ps
}

func TestInterventionValidation(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		iv    scenarios.Intervention
		field string
	}{
		{"negative cap", func() scenarios.Intervention { p := scenarios.NewProfitCap(0); p.Rate = -0.1; return p }(), "rate"},
		{"cap mode", func() scenarios.Intervention { p := scenarios.NewProfitCap(0); p.Mode = "Halve"; return p }(), "mode"},
		{"price cap", func() scenarios.Intervention { p := scenarios.NewPriceCap(0); p.FosterIFA.Standard = -5; return p }(), "foster_ifa.standard"},
		{"windfall tau", func() scenarios.Intervention { p := scenarios.NewWindfallTax(0); p.Tau = 2; return p }(), "tau"},
		{"nfp homes", func() scenarios.Intervention { p := scenarios.NewNFPEntry(0); p.Homes = 0; return p }(), "homes"},
		{"coop layout", func() scenarios.Intervention { p := scenarios.NewCoopCommissioning(0); p.Layout = "counties"; return p }(), "layout"},
		{"coop q", func() scenarios.Intervention { p := scenarios.NewCoopCommissioning(0); p.Q = 1.5; return p }(), "q"},
		{"oversight", func() scenarios.Intervention { p := scenarios.NewFinancialOversight(0); p.MinUnits = 0; return p }(), "min_units"},
		{"foster", func() scenarios.Intervention { p := scenarios.NewFosterRecruitment(0); p.Extra = -1; return p }(), "extra"},
		{"inhouse", func() scenarios.Intervention { p := scenarios.NewInHouseBuild(0); p.Years = 0; return p }(), "years"},
		{"unregistered", func() scenarios.Intervention { p := scenarios.NewUnregisteredBan(0); p.Mode = "Tax"; return p }(), "mode"},
		{"rate shock", func() scenarios.Intervention { p := scenarios.NewRateShock(0); p.Points = 30; return p }(), "points"},
		{"start beyond horizon", scenarios.NewWindfallTax(52 * 3), "start_week"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sc := &scenarios.Scenario{Name: "x", Years: 2, Interventions: []scenarios.Intervention{tc.iv}}
			err := sc.Validate()
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.field)
			var fe *market.FieldError
			assert.True(t, errors.As(err, &fe), "want a *market.FieldError in %v", err)
		})
	}
}

func TestInterventionConflicts(t *testing.T) {
	t.Parallel()
	sc := &scenarios.Scenario{Name: "x", Years: 2, Interventions: []scenarios.Intervention{scenarios.NewProfitCap(0), scenarios.NewProfitCap(52)}}
	err := sc.Validate()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "ProfitCap")
	// Different rules compose.
	sc.Interventions = []scenarios.Intervention{scenarios.NewProfitCap(0), scenarios.NewFinancialOversight(0), scenarios.NewNFPEntry(0), scenarios.NewCoopCommissioning(0)}
	assert.NoError(t, sc.Validate())
}

func TestUnknownRegionIsAnError(t *testing.T) {
	t.Parallel()
	nfp := scenarios.NewNFPEntry(0)
	nfp.Regions = []string{"Atlantis"}
	sc := smallScenario(t, 1, nfp)
	_, err := scenarios.Run(context.Background(), sc, scenarios.RunOptions{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "regions")
	assert.Contains(t, err.Error(), "Atlantis")
}

// TestPriceCeilingCapsNewQuotes: under a price-ceiling profit cap every new
// market placement is priced at or below ĉ·(1+α)/(1 − rate), with α = 0.02
// under transparency, and ongoing prices above it are cut over two Aprils.
func TestPriceCeilingCapsNewQuotes(t *testing.T) {
	t.Parallel()
	pc := scenarios.NewProfitCap(0)
	pc.Rate = 0.05
	_, ps := runSmall(t, smallScenario(t, 2, pc))
	n := 0
	for _, p := range ps {
		if p.Week < 52 || !p.Ownership.ForProfit() || p.Setting == agents.Unregistered || p.Block {
			continue
		}
		n++
		want := p.UnitCost * 1.02 / 0.95
		require.InDelta(t, want, p.Ceiling, 1e-6*want, "ceiling of %+v", p)
		require.LessOrEqual(t, p.Price, p.Ceiling+0.01, "placement above the ceiling: %+v", p)
	}
	require.Greater(t, n, 100, "too few placements to test")
}

func TestPriceCapCapsNewQuotes(t *testing.T) {
	t.Parallel()
	cap := scenarios.NewPriceCap(0)
	_, ps := runSmall(t, smallScenario(t, 2, cap))
	n := 0
	for _, p := range ps {
		if p.Week < 52 || !p.Ownership.ForProfit() && p.Ownership != agents.NotForProfit {
			continue
		}
		var c market.ByTier
		switch p.Setting {
		case agents.ChildrensHome:
			c = cap.ChildrensHome
		case agents.FosterIFA:
			c = cap.FosterIFA
		case agents.Supported:
			c = cap.Supported
		default:
			continue
		}
		if lim := c.At(p.Tier); lim > 0 {
			n++
			require.LessOrEqual(t, p.Price, lim+0.01, "placement above the cap: %+v", p)
		}
	}
	require.Greater(t, n, 100)
}

// stepTo steps w until engine week wk has been done.
func stepTo(t testing.TB, w *market.World, wk int) {
	t.Helper()
	for w.Week() <= wk {
		require.NoError(t, w.Step())
	}
}

// TestClawbackRepaysExcessProfit: at the April after a clawback cap starts,
// each provider repays (1 − α_shift)·max(0, profit − rate·revenue) of the
// year just ended, and councils' clawback equals what providers repaid.
func TestClawbackRepaysExcessProfit(t *testing.T) {
	t.Parallel()
	pc := scenarios.NewProfitCap(0)
	pc.Mode, pc.Transparency = "Clawback", false
	sc := smallScenario(t, 2, pc)
	w, err := sc.World(scenarios.RunOptions{CheckInvariants: true})
	require.NoError(t, err)
	april := w.WarmupWeeks() + 51 // the first April settlement after the start
	stepTo(t, w, april-1)
	before := make([]float64, len(w.Providers))
	for i := range w.Providers {
		before[i] = w.Providers[i].Finance.Cash
	}
	require.NoError(t, w.Step()) // closes Q4 and settles the year
	total := checkYearEnd(t, w, func(year agents.Accounts) float64 {
		return 0.5 * math.Max(0, year.OperatingProfit()-0.10*year.Revenue) // α_shift 0.5 without transparency
	}, func(p *agents.Provider) float64 { return p.Quarter.Clawback })
	require.Greater(t, total, 0.0)
	res := w.Results()
	k := april - w.WarmupWeeks()
	assert.InDelta(t, total, res.Series[market.ClawbackGBP][k], 1e-6*total)
	assert.InDelta(t, res.Series[market.SpendGBP][k]-total+res.Series[market.CouncilCapitalGBP][k], res.Series[market.NetPublicCostGBP][k], 1)
}

func TestWindfallTaxReceipts(t *testing.T) {
	t.Parallel()
	wt := scenarios.NewWindfallTax(0)
	wt.Threshold = 1e6 // small, so North East providers pay
	sc := smallScenario(t, 2, wt)
	w, err := sc.World(scenarios.RunOptions{})
	require.NoError(t, err)
	april := w.WarmupWeeks() + 51
	stepTo(t, w, april)
	total := checkYearEnd(t, w, func(year agents.Accounts) float64 {
		if year.Revenue <= wt.Threshold {
			return 0
		}
		return wt.Tau * 0.5 * math.Max(0, year.OperatingProfit()-wt.Theta*year.Revenue)
	}, func(p *agents.Provider) float64 { return p.Quarter.Tax })
	require.Greater(t, total, 0.0)
	res := w.Results()
	assert.InDelta(t, total, res.Series[market.TaxReceiptsGBP][april-w.WarmupWeeks()], 1e-6*total)
}

// checkYearEnd checks, for every provider in the market, that got(p) is
// want of the provider's last four quarters' accounts, and returns the sum
// of want.
func checkYearEnd(t *testing.T, w *market.World, want func(year agents.Accounts) float64, got func(p *agents.Provider) float64) float64 {
	t.Helper()
	total := 0.0
	for i := range w.Providers {
		p := &w.Providers[i]
		if !p.Market() {
			continue
		}
		var year agents.Accounts
		for _, q := range p.Last {
			year.Add(q)
		}
		v := want(year)
		assert.InDelta(t, v, got(p), 1e-6*(1+v), "provider %d", i)
		total += v
	}
	return total
}

// childrenOf returns the children in provider p's homes and their homes.
func childrenOf(w *market.World, p int32) map[int32]int {
	out := map[int32]int{}
	for h := range w.Homes {
		hm := &w.Homes[h]
		if hm.Owner != p {
			continue
		}
		for _, id := range hm.Children[:hm.Occupied] {
			out[id] = h
		}
	}
	return out
}

// TestOversightMakesExitsOrderly: the same provider's exit is disorderly
// without oversight (its homes close and its children move) and orderly with
// it (its homes pass to another provider and no child moves).
func TestOversightMakesExitsOrderly(t *testing.T) {
	t.Parallel()
	for _, oversee := range []bool{false, true} {
		var ivs []scenarios.Intervention
		if oversee {
			ov := scenarios.NewFinancialOversight(0)
			ov.MinUnits = 1
			ivs = append(ivs, ov)
		}
		w, err := smallScenario(t, 1, ivs...).World(scenarios.RunOptions{CheckInvariants: true})
		require.NoError(t, err)
		stepTo(t, w, w.WarmupWeeks()+13)
		// The market provider with most children in homes.
		best, bestN := int32(-1), 0
		for i := range w.Providers {
			if w.Providers[i].Market() && w.Providers[i].Homes > 0 {
				if n := len(childrenOf(w, int32(i))); n > bestN {
					best, bestN = int32(i), n
				}
			}
		}
		require.Greater(t, bestN, 3)
		kids := childrenOf(w, best)
		w.Exit(best)
		stepTo(t, w, w.Week()+6) // past the notice period
		res := w.Results()
		k := len(res.Series[market.ExitsOrderly]) - 7
		if oversee {
			assert.Equal(t, 1.0, res.Series[market.ExitsOrderly][k])
			for _, h := range kids {
				assert.NotEqual(t, best, w.Homes[h].Owner, "home %d should have passed on", h)
			}
			assert.Equal(t, 0, len(childrenOf(w, best)))
			// Children may leave care or break down in the six weeks; the exit
			// itself moves none, so nearly all are where they were.
			stay := 0
			for id, h := range kids {
				for _, c := range w.Homes[h].Children[:w.Homes[h].Occupied] {
					if c == id {
						stay++
					}
				}
			}
			assert.GreaterOrEqual(t, stay, bestN*3/4, "an orderly exit moves no child")
		} else {
			assert.Equal(t, 1.0, res.Series[market.ExitsDisorderly][k])
			assert.Equal(t, 0, len(childrenOf(w, best)), "a disorderly exit closes every home")
			for _, h := range kids {
				assert.Equal(t, agents.Closed, w.Homes[h].Status)
			}
		}
	}
}

func TestNFPEntryBuildsItsHomes(t *testing.T) {
	t.Parallel()
	nfp := scenarios.NewNFPEntry(0)
	nfp.Homes, nfp.Years = 12, 1
	sc := smallScenario(t, 2, nfp)
	// Staff hired as fast as the model allows (a staffing gap closes in
	// about a week), so the programme is not deferred by the workforce
	// limit, which it respects (docs/model.md §6). A larger pool would not
	// do: the staff a place needs is the pool over the starting places.
	sc.Config.Workforce.Recruitment = 52
	// No council building, whose homes would share the regions'
	// registration capacity with the programme.
	sc.Config.Investment.CouncilCapital = 0
	w, err := sc.World(scenarios.RunOptions{CheckInvariants: true})
	require.NoError(t, err)
	stepTo(t, w, w.TotalWeeks()-1)
	assert.Equal(t, 12, w.Rules.NFP.Built)
	open := 0
	for h := range w.Homes {
		hm := &w.Homes[h]
		if w.Providers[hm.Owner].Ownership == agents.NotForProfit && int(hm.OpenWeek) > w.WarmupWeeks() && hm.Status != agents.Building {
			open++
		}
	}
	assert.GreaterOrEqual(t, open, 10, "the programme's homes open after the build lag")
}

func TestCoopSwitches(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name                           string
		pooled, buyer, block, forecast bool
	}{
		{"buyer power", false, true, false, false},
		{"block contracts", false, false, true, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := scenarios.NewCoopCommissioning(0)
			c.PooledSearch, c.BuyerPower, c.BlockContracts, c.Forecasting = tc.pooled, tc.buyer, tc.block, tc.forecast
			w, err := smallScenario(t, 1, c).World(scenarios.RunOptions{CheckInvariants: true})
			require.NoError(t, err)
			stepTo(t, w, w.WarmupWeeks()+20)
			blocked := 0
			for h := range w.Homes {
				if w.Homes[h].BlockCoop >= 0 {
					blocked++
				}
			}
			for ci := range w.Councils {
				if tc.buyer {
					assert.InDelta(t, 1.0, w.BuyerShare(ci), 1e-9, "a regional co-op buys all the region's placements")
				} else {
					assert.Less(t, w.BuyerShare(ci), 0.5)
				}
			}
			if tc.block {
				assert.Greater(t, blocked, 0, "block contracts are signed")
				res := w.Results()
				sum := 0.0
				for _, v := range res.Series[market.SpendBlockGBP] {
					sum += v
				}
				assert.Greater(t, sum, 0.0)
			} else {
				assert.Equal(t, 0, blocked)
			}
		})
	}
}

func TestUnregisteredBan(t *testing.T) {
	t.Parallel()
	ban := scenarios.NewUnregisteredBan(0)
	res, ps := runSmall(t, smallScenario(t, 2, ban))
	for _, p := range ps {
		if p.Week >= 52 {
			require.NotEqual(t, agents.Unregistered, p.Setting, "no unregistered placement under a ban: %+v", p)
		}
	}
	for k, v := range res.Series[market.UnregisteredPlaced] {
		require.Zero(t, v, "week %d", k)
	}
	enf := scenarios.NewUnregisteredBan(0)
	enf.Mode, enf.Fine = "Enforce", 1000
	_, ps = runSmall(t, smallScenario(t, 2, enf))
	n := 0
	for _, p := range ps {
		if p.Week >= 52 && p.Setting == agents.Unregistered {
			n++
			punreg := map[agents.Tier]float64{agents.Standard: 7000, agents.Complex: 9000, agents.VeryComplex: 15000}[p.Tier]
			require.InDelta(t, punreg+1000, p.Price, 0.01)
		}
	}
	t.Logf("%d unregistered placements under enforcement", n)
}

func TestFosterRecruitmentAddsHouseholds(t *testing.T) {
	t.Parallel()
	fr := scenarios.NewFosterRecruitment(0)
	fr.Extra, fr.Years = 600, 1
	base, _ := runSmall(t, smallScenario(t, 1))
	alt, _ := runSmall(t, smallScenario(t, 1, fr))
	last := func(r *market.Results) float64 {
		s1, s2 := r.Series[market.FosterHouseholdsCouncil], r.Series[market.FosterHouseholdsIFA]
		return s1[len(s1)-1] + s2[len(s2)-1]
	}
	d := last(alt) - last(base)
	// 600 approvals spread over the year, less attrition (about 15% a year)
	// and sampling noise of the two runs' own flows.
	assert.Greater(t, d, 400.0)
	assert.Less(t, d, 700.0)
}

func TestBuiltinsListAndBuild(t *testing.T) {
	t.Parallel()
	want := []string{"baseline", "profit-cap", "profit-cap-clawback", "price-cap", "windfall-tax", "nfp-entry", "coop", "coop-nfp",
		"oversight", "foster-recruitment", "inhouse-build", "unregistered-ban", "reform-2024", "rate-shock", "oversight-rate-shock", "history-2019"}
	var got []string
	for _, in := range scenarios.List() {
		got = append(got, in.Name)
		assert.NotEmpty(t, in.Description)
		sc, err := scenarios.Builtin(in.Name)
		require.NoError(t, err)
		require.NoError(t, sc.Validate(), in.Name)
	}
	assert.Equal(t, want, got)
	_, err := scenarios.Builtin("nope")
	require.Error(t, err)
	assert.True(t, strings.Contains(err.Error(), "baseline"))
}

func TestInterventionTypesRegistered(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"ProfitCap", "PriceCap", "WindfallTax", "NFPEntry", "CoopCommissioning", "FinancialOversight", "FosterRecruitment", "InHouseBuild", "UnregisteredBan", "RateShock", "Under16Ban", "SupportedRegulation"} {
		iv, err := scenarios.NewIntervention(name)
		require.NoError(t, err, name)
		if v, ok := iv.(interface{ Validate() error }); ok {
			assert.NoError(t, v.Validate(), "defaults of %s must be valid", name)
		}
	}
	_, err := scenarios.NewIntervention("Nationalise")
	require.Error(t, err)
}

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
		"CouncilCapital":      {"capital for new homes", "£50m a year"},
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
