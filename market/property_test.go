package market_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"

	"pgregory.net/rapid"

	"github.com/caremarket/caremarket/agents"
	"github.com/caremarket/caremarket/market"
)

// drawer draws the parameters of a random world. With uniform set it draws
// each number uniformly in its range from a stream seeded by rapid, which
// gives worlds that trade and grow; without, each number is a rapid draw,
// which favours the ends of ranges (zero acceptance, no carers, no staff)
// and shrinks a failure to a small case.
type drawer struct {
	t       *rapid.T
	uniform *rand.Rand
}

// newDrawer returns a drawer for t that rapid makes uniform (label
// uniformLabel), seeded by a drawn seed (label seedLabel), or not.
func newDrawer(t *rapid.T, uniformLabel, seedLabel string) drawer {
	d := drawer{t: t}
	if rapid.Bool().Draw(t, uniformLabel) {
		seed := rapid.Uint64().Draw(t, seedLabel)
		d.uniform = rand.New(rand.NewPCG(seed, ^seed))
	}
	return d
}

func (d drawer) f(lo, hi float64, label string) float64 {
	if d.uniform != nil {
		return lo + (hi-lo)*d.uniform.Float64()
	}
	return rapid.Float64Range(lo, hi).Draw(d.t, label)
}

func (d drawer) i(lo, hi int, label string) int {
	if d.uniform != nil {
		return lo + d.uniform.IntN(hi-lo+1)
	}
	return rapid.IntRange(lo, hi).Draw(d.t, label)
}

func (d drawer) b(label string) bool { return d.i(0, 1, label) == 1 }

// shares draws n positive weights and scales them to sum to 1.
func (d drawer) shares(n int, label string) []float64 {
	ws := make([]float64, n)
	tot := 0.0
	for i := range ws {
		ws[i] = d.f(0.01, 1, fmt.Sprintf("%s[%d]", label, i))
		tot += ws[i]
	}
	for i := range ws {
		ws[i] /= tot
	}
	return ws
}

func (d drawer) byTier(lo, hi float64, label string) market.ByTier {
	return market.ByTier{Standard: d.f(lo, hi, label+".standard"), Complex: d.f(lo, hi, label+".complex"), VeryComplex: d.f(lo, hi, label+".very_complex")}
}

func (d drawer) byOwnership(lo, hi float64, label string) market.ByOwnership {
	return market.ByOwnership{
		PrivateEquity: d.f(lo, hi, label+".pe"), Private: d.f(lo, hi, label+".private"),
		NotForProfit: d.f(lo, hi, label+".nfp"), Council: d.f(lo, hi, label+".council"),
	}
}

// randomConfig draws a small world with every parameter somewhere in its
// valid range (and some at the edges: no children in a council, acceptance
// or hazards of zero, no foster carers, no care staff).
func randomConfig(t *rapid.T) *market.Config {
	d := newDrawer(t, "uniform", "parameter_seed")
	nr := d.i(1, 3, "regions")
	nc := d.i(nr, 6, "councils")
	cfg := &market.Config{}
	for i := range nr {
		rs := market.RegionSpec{Name: fmt.Sprintf("R%d", i), PropIndex: d.f(0.4, 2, "prop_index")}
		if d.b("fixed_share") {
			rs.HomePlacesShare = d.f(0, 0.6, "home_places_share")
		}
		for j := range nr {
			if j != i && d.b("adjacent") {
				rs.Adjacent = append(rs.Adjacent, fmt.Sprintf("R%d", j))
			}
		}
		cfg.Regions = append(cfg.Regions, rs)
	}
	prefixes := []string{"E06", "E08", "E09", "E10"}
	for i := range nc {
		reg := i // every region gets a council
		if i >= nr {
			reg = d.i(0, nr-1, "council_region")
		}
		cs := market.CouncilSpec{
			Code:       fmt.Sprintf("%s%06d", prefixes[d.i(0, 3, "code_prefix")], i),
			Name:       fmt.Sprintf("Council %d", i),
			Region:     fmt.Sprintf("R%d", reg),
			Lat:        d.f(50.5, 54.8, "lat"),
			Lon:        d.f(-3.5, 1.5, "lon"),
			Children:   d.i(0, 150, "children"),
			Population: d.i(0, 100000, "population"),
		}
		if d.b("explicit_type") {
			cs.Type = []string{"london", "metropolitan", "unitary", "county"}[d.i(0, 3, "type")]
		}
		cfg.Councils = append(cfg.Councils, cs)
	}
	ages := d.shares(5, "starter_ages")
	tiers := d.shares(3, "tiers")
	cfg.Demand = market.Demand{
		StartersPerYear: d.f(0, 250, "starters_per_year"),
		ArrivalTrend:    d.f(-0.05, 0.05, "arrival_trend"),
		EpisodeMu:       d.f(3, 6, "episode_mu"),
		EpisodeSigma:    d.f(0.3, 2.5, "episode_sigma"),
		StarterAges:     market.StarterAges{Under1: ages[0], Age1to4: ages[1], Age5to9: ages[2], Age10to15: ages[3], Age16to17: ages[4]},
		UASCShare:       d.f(0, 0.4, "uasc_share"),
		UASCOlderShare:  d.f(0, 1, "uasc_older_share"),
		Tiers:           market.ByTier{Standard: tiers[0], Complex: tiers[1], VeryComplex: tiers[2]},
		ComplexGrowth:   d.f(-0.05, 0.1, "complex_growth"),
		OtherProb:       market.ByAgeBand{Age0to4: d.f(0, 0.5, "other_0_4"), Age5to9: d.f(0, 0.5, "other_5_9"), Age10to15: d.f(0, 0.5, "other_10_15"), Age16to17: d.f(0, 0.5, "other_16_17")},
	}
	mix := d.shares(5, "mix") // the fifth share is Other
	cfg.Mix = market.Mix{FosterInHouse: mix[0], FosterIFA: mix[1], ChildrensHome: mix[2], Supported: mix[3]}
	pStd := d.f(2000, 10000, "punreg.standard")
	pCx := pStd + d.f(0, 5000, "punreg.complex")
	cfg.Costs = market.Costs{
		HomeFixed:         d.f(1000, 4000, "home_fixed"),
		HomeVariable:      market.ByTier{Standard: d.f(100, 1000, "hv.std"), Complex: d.f(500, 2000, "hv.cx"), VeryComplex: d.f(2000, 9000, "hv.vcx")},
		IFAFixed:          d.f(50, 200, "ifa_fixed"),
		IFAVariable:       d.f(300, 800, "ifa_variable"),
		InHouseFixed:      d.f(50, 200, "in_house_fixed"),
		InHouseVariable:   d.f(200, 600, "in_house_variable"),
		SupportedFixed:    d.f(300, 900, "supported_fixed"),
		SupportedVariable: d.f(300, 900, "supported_variable"),
		ORef:              market.ORef{Homes: d.f(0.5, 0.95, "oref.homes"), Foster: d.f(0.4, 0.9, "oref.foster"), Supported: d.f(0.5, 0.95, "oref.supported")},
		Punreg:            market.ByTier{Standard: pStd, Complex: pCx, VeryComplex: pCx + d.f(0, 10000, "punreg.very_complex")},
		UnregCostShare:    d.f(0, 1, "unreg_cost_share"),
		Kinship:           d.f(0, 500, "kinship"),
	}
	cfg.Matching = market.Matching{
		Acceptance: market.AcceptanceTable{
			FosterInHouse: d.byTier(0, 1, "acc.inhouse"), FosterIFA: d.byTier(0, 1, "acc.ifa"),
			ChildrensHome: d.byTier(0, 1, "acc.home"), Supported: d.byTier(0, 1, "acc.supported"),
		},
		AcceptanceScale: market.BySetting{
			FosterInHouse: d.f(0, 1, "scale.inhouse"), FosterIFA: d.f(0, 1, "scale.ifa"),
			ChildrensHome: d.f(0, 1, "scale.home"), Supported: d.f(0, 1, "scale.supported"),
		},
		OlderFosterFactor: d.f(0, 1, "older_foster_factor"),
		Lambda:            d.f(0, 25, "lambda"),
		Psi:               market.Psi{HomeStandard: d.f(0, 3000, "psi.hs"), HomeComplex: d.f(0, 3000, "psi.hc"), OlderFosterUASC: d.f(0, 2000, "psi.ofu"), OlderFoster: d.f(0, 2000, "psi.of")},
		MaxWaitWeeks:      d.i(1, 8, "max_wait_weeks"),
		SpreadKm:          market.Spread{London: d.f(0, 10, "spread.london"), Metropolitan: d.f(0, 10, "spread.metro"), Unitary: d.f(0, 20, "spread.unitary"), County: d.f(0, 30, "spread.county")},
		HomesUsableShare:  d.f(0.3, 1, "homes_usable_share"),
		FosterUsableShare: d.f(0.3, 1, "foster_usable_share"),
	}
	cfg.Pricing = market.Pricing{
		Mu:    d.byOwnership(0, 0.5, "mu"),
		Kappa: d.byOwnership(0, 1, "kappa"),
		Rho:   d.f(1, 3, "rho"),
		Beta:  d.f(0, 0.4, "beta"),
		PRef:  market.BySetting{FosterInHouse: d.f(500, 1200, "pref.inhouse"), FosterIFA: d.f(500, 1200, "pref.ifa"), ChildrensHome: d.f(3000, 8000, "pref.home"), Supported: d.f(800, 2500, "pref.supported")},
	}
	cfg.Breakdowns = market.Breakdowns{Foster: d.f(0, 0.05, "bd.foster"), Homes: d.f(0, 0.05, "bd.homes"), TierFactor: d.byTier(0, 3, "bd.tier")}
	cfg.Investment = market.Investment{
		Gamma: d.f(0, 0.2, "gamma"), Nu: d.f(0, 2, "nu"), K0: d.f(2e5, 1.5e6, "k0"), SupportedK0: d.f(0.1, 1, "supported_k0"),
		BuildLagWeeks: d.i(0, 78, "build_lag_weeks"), Hurdle: d.byOwnership(0.02, 0.3, "hurdle"),
		ClosureRate: d.f(0, 0.2, "closure_rate"), NoticeWeeks: d.i(0, 13, "notice_weeks"),
		RegistrationCap: d.i(0, 10, "registration_cap"), GroupHomes: d.i(1, 20, "group_homes"),
		StartupQuarters: d.i(0, 8, "startup_quarters"), ForecastHurdleCut: 0.01, ClosureOccupancy: 0.6,
		AcquireRate: d.f(0, 4, "acquire_rate"), AcquireMultiple: d.f(0, 15, "acquire_multiple"),
		AcquirerHomes: d.i(0, 6, "acquirer_homes"), TargetHomes: d.i(0, 4, "target_homes"),
		CouncilCapital: d.f(0, 3e6, "council_capital"), CouncilPlaceCapital: d.f(1e5, 4e5, "council_place_capital"),
		CouncilGapHomes: d.f(0, 3, "council_gap_homes"), CouncilCarryYears: d.f(0, 3, "council_carry_years"),
	}
	cfg.Finance = market.Finance{
		Leverage: d.byOwnership(0, 8, "leverage"), Interest: d.byOwnership(0, 0.15, "interest"),
		BaseRate: d.f(0, 0.1, "base_rate"), RefinanceYears: d.f(0.25, 10, "refinance_years"),
		CashWeeks: d.f(0, 26, "cash_weeks"), DividendWeeks: d.f(0, 52, "dividend_weeks"), StartupWeeks: d.f(0, 52, "startup_weeks"),
	}
	approved := d.shares(3, "approved")
	cfg.Foster = market.Foster{
		Households: d.i(0, 400, "households"), IFAShare: d.f(0, 1, "ifa_share"),
		Approved: [3]float64{approved[0], approved[1], approved[2]}, AcceptsComplex: d.f(0, 1, "accepts_complex"),
		FosterRules: agents.FosterRules{
			ApprovalsPerYear: d.f(0, 60, "approvals_per_year"), AttritionRate: d.f(0, 0.4, "attrition_rate"),
			IFAShare: d.f(0, 1, "ifa_share_of_approvals"), GapSlope: d.f(0, 5, "gap_slope"), Elasticity: d.f(0, 0.5, "elasticity"),
		},
		ExitTransfer: 0.9,
	}
	cfg.Workforce = market.Workforce{
		Pool: d.f(0, 500, "pool"), Epsilon: d.f(0, 0.5, "epsilon"), WageStepMin: 0.8, WageStepMax: 1.25,
		HalfLife: d.f(0.5, 5, "half_life"), Recruitment: d.f(0, 6, "recruitment"), Elasticity: d.f(0, 3, "elasticity"), StaffShare: d.f(0, 1, "staff_share"),
	}
	home := d.shares(4, "home_ownership")
	sup := d.shares(4, "supported_ownership")
	ifa := d.shares(3, "ifa_ownership")
	large := d.f(0, 0.6, "large_group_share")
	agenciesN := d.i(1, 10, "agencies")
	cfg.Supply = market.Supply{
		HomeOwnership:      market.ByOwnership{PrivateEquity: home[0], Private: home[1], NotForProfit: home[2], Council: home[3]},
		SupportedOwnership: market.ByOwnership{PrivateEquity: sup[0], Private: sup[1], NotForProfit: sup[2], Council: sup[3]},
		IFAOwnership:       market.ByOwnership{PrivateEquity: ifa[0], Private: ifa[1], NotForProfit: ifa[2]},
		LargeGroups:        d.i(0, 5, "large_groups"), LargeGroupShare: large,
		SingleHomeShare: d.f(0, 1-large, "single_home_share"),
		Agencies:        agenciesN, AgencyGroups: d.i(0, agenciesN, "agency_groups"),
		AgencyGroupShare: d.f(0, 1, "agency_group_share"), MidHomes: d.f(1, 8, "mid_homes"),
	}
	return cfg
}

// TestRandomWorlds runs random small worlds for a few years with Check after
// every week, and checks the accounting identities of their results:
// children conserved week by week (and from the configured stock when there
// is no warm-up), every child in one setting, no count negative, every
// value finite.
func TestRandomWorlds(t *testing.T) {
	t.Parallel()
	rapid.Check(t, func(t *rapid.T) {
		cfg := randomConfig(t)
		if err := cfg.Validate(); err != nil {
			t.Fatalf("the generator drew an invalid config: %v", err)
		}
		years := rapid.IntRange(1, 3).Draw(t, "years")
		warmup := rapid.SampledFrom([]int{-1, 13, 0}).Draw(t, "warmup_weeks") // 0 means the default 52
		opts := market.Options{Seed: rapid.Uint64().Draw(t, "seed"), Run: rapid.IntRange(0, 5).Draw(t, "run"),
			Years: years, WarmupWeeks: warmup, CheckInvariants: true}
		w, err := market.New(cfg, opts)
		if err != nil {
			t.Fatalf("market.New on a valid config: %v", err)
		}
		if err := w.Check(); err != nil {
			t.Fatalf("the world as built: %v", err)
		}
		res, err := w.Run(context.Background(), nil)
		if err != nil {
			t.Fatal(err)
		}
		initial := -1
		if warmup < 0 {
			initial = 0
			for _, c := range cfg.Councils {
				initial += c.Children
			}
		}
		checkSeries(t, cfg, res, years, initial)
	})
}
