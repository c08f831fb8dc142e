package market_test

import (
	"context"
	"math"
	"testing"

	"github.com/caremarket/caremarket/agents"
	"github.com/caremarket/caremarket/market"
)

// smallConfig returns a small market for tests: 2 regions, 5 councils and
// 480 children looked after, with the England baseline's rules and prices
// (scenarios/data/baseline.yaml) and supply scaled to the children (foster
// households, starters, approvals and care staff per child as in England;
// fewer agencies and groups). Acceptance scales are higher than England's
// because a small world has far fewer vacancies per search ring. It does not
// depend on package scenarios, so the engine's tests stand alone.
func smallConfig() *market.Config {
	return &market.Config{
		Regions: []market.RegionSpec{
			{Name: "North", PropIndex: 0.7, WageLevel: 0.98, Adjacent: []string{"South"}},
			{Name: "South", PropIndex: 1.3, WageLevel: 1.04, Adjacent: []string{"North"}},
		},
		Councils: []market.CouncilSpec{
			{Code: "E08000003", Name: "Metro North", Region: "North", Lat: 53.48, Lon: -2.24, Children: 140, Population: 120000},
			{Code: "E06000014", Name: "Unitary North", Region: "North", Lat: 53.96, Lon: -1.08, Children: 70, Population: 35000},
			{Code: "E10000023", Name: "County North", Region: "North", Lat: 54.10, Lon: -1.60, Children: 90, Population: 60000},
			{Code: "E09000033", Name: "Borough South", Region: "South", Lat: 51.50, Lon: -0.14, Children: 60, Population: 45000},
			{Code: "E10000014", Name: "County South", Region: "South", Lat: 51.06, Lon: -1.31, Children: 120, Population: 250000},
		},
		Coops: []market.CoopSpec{
			{Layout: "regions", Name: "North", Members: []string{"E08000003", "E06000014", "E10000023"}},
			{Layout: "regions", Name: "South", Members: []string{"E09000033", "E10000014"}},
		},
		Demand: market.Demand{
			StartersPerYear: 190, // England: 33,000 starters for about 83,800 children; × 480
			ArrivalTrend:    0,
			EpisodeMu:       4.5,
			EpisodeSigma:    1.7,
			StarterAges:     market.StarterAges{Under1: 0.15, Age1to4: 0.15, Age5to9: 0.15, Age10to15: 0.26, Age16to17: 0.29},
			UASCShare:       0.21,
			UASCOlderShare:  0.9,
			Tiers:           market.ByTier{Standard: 0.785, Complex: 0.20, VeryComplex: 0.015},
			ComplexGrowth:   0.02,
			OtherProb:       market.ByAgeBand{Age0to4: 0.32, Age5to9: 0.24, Age10to15: 0.20, Age16to17: 0.12},
		},
		Mix: market.Mix{FosterInHouse: 0.279, FosterIFA: 0.248, ChildrensHome: 0.114, Supported: 0.098},
		Costs: market.Costs{
			HomeFixed:         2800,
			HomeVariable:      market.ByTier{Standard: 500, Complex: 1200, VeryComplex: 6000},
			IFAFixed:          120,
			IFAVariable:       520,
			InHouseFixed:      100,
			InHouseVariable:   380,
			SupportedFixed:    600,
			SupportedVariable: 600,
			ORef:              market.ORef{Homes: 0.80, Foster: 0.62, Supported: 0.85},
			Punreg:            market.ByTier{Standard: 7000, Complex: 9000, VeryComplex: 15000},
			UnregCostShare:    0.8,
			Kinship:           250,
		},
		Matching: market.Matching{
			Acceptance: market.AcceptanceTable{
				FosterInHouse: market.ByTier{Standard: 0.7, Complex: 0.35},
				FosterIFA:     market.ByTier{Standard: 0.7, Complex: 0.35},
				ChildrensHome: market.ByTier{Standard: 0.9, Complex: 0.6, VeryComplex: 0.3},
				Supported:     market.ByTier{Standard: 0.8, Complex: 0.5},
			},
			AcceptanceScale:   market.BySetting{FosterInHouse: 0.3, FosterIFA: 0.3, ChildrensHome: 0.5, Supported: 0.5},
			OlderFosterFactor: 0.6,
			Lambda:            5,
			Psi:               market.Psi{HomeStandard: 2000, HomeComplex: 1000, OlderFosterUASC: 1000, OlderFoster: 500},
			MaxWaitWeeks:      4,
			SpreadKm:          market.Spread{London: 3, Metropolitan: 5, Unitary: 8, County: 15},
			HomesUsableShare:  0.92,
			FosterUsableShare: 0.65,
			EmergencyPremium:  0.25,
			HomesMinAge:       10,
			Placeability: market.Placeability{
				HardShare: market.ByTier{Standard: 0.05, Complex: 0.15, VeryComplex: 0.30}, OlderFactor: 2, Acceptance: 0.02,
			},
			Under16ExtraWaitWeeks: 8,
			FirstRing:             0,
			PlannedMoves:          market.PlannedMoves{StepDownRate: 0.01, StableWeeks: 26, SupportedRate: 0.01, CloserRate: 0.02, CloserGain: 100},
		},
		Pricing: market.Pricing{
			Mu:    market.ByOwnership{PrivateEquity: 0.10, Private: 0.10, NotForProfit: 0.03},
			Kappa: market.ByOwnership{PrivateEquity: 0.25, Private: 0.25, NotForProfit: 0.05},
			Rho:   2,
			Beta:  0.15,
			PRef:  market.BySetting{FosterInHouse: 900, FosterIFA: 900, ChildrensHome: 5800, Supported: 1500},
		},
		Breakdowns: market.Breakdowns{Foster: 0.008, Homes: 0.012, TierFactor: market.ByTier{Standard: 1, Complex: 1.3, VeryComplex: 1.6}},
		Investment: market.Investment{
			Gamma: 0.05, Nu: 0.5, K0: 700000, SupportedK0: 0.4, BuildLagWeeks: 39,
			Hurdle:      market.ByOwnership{PrivateEquity: 0.15, Private: 0.12, NotForProfit: 0.06, Council: 0.035},
			ClosureRate: 0.03, NoticeWeeks: 4, RegistrationCap: 5, GroupHomes: 4, StartupQuarters: 4,
			ForecastHurdleCut: 0.01, ClosureOccupancy: 0.6,
			AcquireRate: 1, AcquireMultiple: 11, AcquirerHomes: 4, TargetHomes: 3,
			// England's £50m a year for about 83,800 children, × 480
			CouncilCapital: 290000, CouncilPlaceCapital: 250000, CouncilGapHomes: 1, CouncilCarryYears: 2,
		},
		Finance: market.Finance{
			Leverage: market.ByOwnership{PrivateEquity: 5.5, Private: 1.5, NotForProfit: 0.5},
			Interest: market.ByOwnership{PrivateEquity: 0.09, Private: 0.07, NotForProfit: 0.05},
			BaseRate: 0.04, RefinanceYears: 5,
			CashWeeks: 13, DividendWeeks: 26, StartupWeeks: 26,
		},
		Foster: market.Foster{
			Households:     200, // England: 35,000 for about 83,800 children; × 480
			IFAShare:       0.45,
			Approved:       [3]float64{0.25, 0.42, 0.33},
			AcceptsComplex: 0.25,
			// England's rates: 4,080 approvals a year for 35,000 households
			// (× 200/35,000 = 23.3), 14.6% leaving a year.
			FosterRules:  agents.FosterRules{ApprovalsPerYear: 23.3, AttritionRate: 0.146, IFAShare: 0.55, GapSlope: 2, Elasticity: 0.1},
			ExitTransfer: 0.9,
		},
		Workforce: market.Workforce{Pool: 260, Epsilon: 0.2, WageStepMin: 0.8, WageStepMax: 1.25, HalfLife: 2, Recruitment: 3, Elasticity: 1.5, StaffShare: 0.7}, // England: 46,000 staff for about 12,000 places
		Supply: market.Supply{
			HomeOwnership:      market.ByOwnership{PrivateEquity: 0.25, Private: 0.59, NotForProfit: 0.04, Council: 0.12},
			SupportedOwnership: market.ByOwnership{PrivateEquity: 0.10, Private: 0.60, NotForProfit: 0.20, Council: 0.10},
			IFAOwnership:       market.ByOwnership{PrivateEquity: 0.35, Private: 0.50, NotForProfit: 0.15},
			LargeGroups:        2, LargeGroupShare: 0.28, SingleHomeShare: 0.16,
			Agencies: 5, AgencyGroups: 1, AgencyGroupShare: 0.55,
			MidHomes: 3,
		},
	}
}

// smallMutated returns smallConfig and the options of one year of seed 1,
// both changed by mutate.
func smallMutated(mutate func(*market.Config, *market.Options)) (*market.Config, market.Options) {
	cfg, opts := smallConfig(), market.Options{Seed: 1, Years: 1}
	mutate(cfg, &opts)
	return cfg, opts
}

// fataler is the part of testing.TB and *rapid.T that checkSeries uses.
type fataler interface {
	Helper()
	Fatalf(format string, args ...any)
}

// run builds a world and runs it to its horizon.
func run(t testing.TB, cfg *market.Config, opts market.Options) *market.Results {
	t.Helper()
	w, err := market.New(cfg, opts)
	if err != nil {
		t.Fatalf("market.New: %v", err)
	}
	res, err := w.Run(context.Background(), nil)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	return res
}

// signedMetrics may be negative: operating margins, and net public cost in
// a week when a clawback or tax is settled.
var signedMetrics = map[market.Metric]bool{
	market.MarginPrivateEquity: true,
	market.MarginPrivate:       true,
	market.MarginNFP:           true,
	market.MarginForProfit:     true,
	market.NetPublicCostGBP:    true,
}

// countMetrics are whole numbers of children, places, households, providers
// or homes.
var countMetrics = []market.Metric{
	market.ChildrenInCare, market.Arrivals, market.Leavers, market.PlacedFosterInHouse, market.PlacedFosterIFA,
	market.PlacedHomes, market.PlacedSupported, market.PlacedOther, market.Waiting, market.UnregisteredPlaced,
	market.Over20Miles, market.OutOfArea, market.Moves, market.HomePlacesPrivateEquity, market.HomePlacesPrivate,
	market.HomePlacesNFP, market.HomePlacesCouncil, market.FosterHouseholdsCouncil, market.FosterHouseholdsIFA,
	market.Entries, market.ExitsOrderly, market.ExitsDisorderly, market.ChildrenOver500k, market.HomePlaces,
	market.SupportedPlaces, market.HomesOpened, market.HomesOpenedForProfit, market.HomesClosed,
	market.HomesAcquired, market.CouncilHomesStarted,
	market.CouncilsWithOver500k,
}

// spendParts are the metrics that add up to spend_gbp: placements by
// setting, unregistered placements, waiting and co-op block payments
// (other_cost_gbp, kinship care, is outside spend).
var spendParts = []market.Metric{
	market.SpendHomesGBP, market.SpendFosterIFAGBP, market.SpendFosterInHouseGBP, market.SpendSupportedGBP,
	market.SpendUnregisteredGBP, market.SpendWaitingGBP, market.SpendBlockGBP,
}

// checkSpendParts fails unless the spend parts add up to spend_gbp in week
// (or year) k of series s, to a penny and a part in 10^9.
func checkSpendParts(fail func(string, ...any), s *[market.NumMetrics][]float64, k int, what string) {
	sum := 0.0
	for _, m := range spendParts {
		sum += s[m][k]
	}
	if d := math.Abs(sum - s[market.SpendGBP][k]); d > 1e-9*s[market.SpendGBP][k]+0.01 {
		fail("%s %d: spend by setting, unregistered, waiting and block sum to %v, spend_gbp is %v", what, k, sum, s[market.SpendGBP][k])
	}
}

// checkSeries verifies the accounting identities that every run's results
// must satisfy, week by week. initial is the number of children looked
// after before the first reported week's flows, or −1 when unknown (with a
// warm-up, the stock at its end is not recorded).
func checkSeries(t fataler, cfg *market.Config, res *market.Results, years, initial int) {
	t.Helper()
	checkSeriesFine(t, cfg, res, years, initial, 0)
}

// checkSeriesFine is checkSeries for a run in which a fine of up to fine £
// a week may be added to unregistered prices.
func checkSeriesFine(t fataler, cfg *market.Config, res *market.Results, years, initial int, fine float64) {
	t.Helper()
	fail := func(format string, args ...any) {
		t.Helper()
		t.Fatalf(format, args...)
	}
	if err := res.Finite(); err != nil {
		fail("results not finite: %v", err)
	}
	weeks := years * 52
	if res.Weeks != weeks || res.Years() != years {
		fail("results hold %d weeks (%d years), want %d", res.Weeks, res.Years(), weeks)
	}
	for m := market.Metric(0); m < market.NumMetrics; m++ {
		if len(res.Series[m]) != weeks {
			fail("%s has %d weeks, want %d", m, len(res.Series[m]), weeks)
		}
		if signedMetrics[m] {
			continue
		}
		for k, v := range res.Series[m] {
			if v < 0 {
				fail("%s is %v in week %d", m, v, k)
			}
		}
	}
	for _, m := range countMetrics {
		for k, v := range res.Series[m] {
			if v != math.Trunc(v) {
				fail("%s is %v in week %d: not a whole number", m, v, k)
			}
		}
	}
	if len(res.Regions) != len(cfg.Regions) {
		fail("results name %d regions, config has %d", len(res.Regions), len(cfg.Regions))
	}
	s := &res.Series
	minP, maxP := math.Min(cfg.Costs.Punreg.Standard, math.Min(cfg.Costs.Punreg.Complex, cfg.Costs.Punreg.VeryComplex)),
		math.Max(cfg.Costs.Punreg.Standard, math.Max(cfg.Costs.Punreg.Complex, cfg.Costs.Punreg.VeryComplex))
	var yearly [market.NumMetrics][]float64
	for _, m := range append(spendParts, market.SpendGBP) {
		yearly[m] = res.Yearly(m)
	}
	for y := range years {
		checkSpendParts(fail, &yearly, y, "year")
	}
	for k := range weeks {
		cic := s[market.ChildrenInCare][k]
		// Children are conserved: the stock moves by arrivals − leavers.
		// The series are recorded after each week's flows, so week k's
		// stock is week k−1's plus week k's arrivals less its leavers.
		prev := float64(initial)
		if k > 0 {
			prev = s[market.ChildrenInCare][k-1]
		}
		if (k > 0 || initial >= 0) && cic != prev+s[market.Arrivals][k]-s[market.Leavers][k] {
			fail("week %d: %v children in care, but %v before + %v arrivals − %v leavers", k, cic, prev, s[market.Arrivals][k], s[market.Leavers][k])
		}
		// Every child is in exactly one setting or waiting.
		placed := s[market.PlacedFosterInHouse][k] + s[market.PlacedFosterIFA][k] + s[market.PlacedHomes][k] + s[market.PlacedSupported][k]
		all := placed + s[market.PlacedOther][k] + s[market.Waiting][k] + s[market.UnregisteredPlaced][k]
		if all != cic {
			fail("week %d: settings hold %v children, %v in care", k, all, cic)
		}
		if s[market.Over20Miles][k] > placed || s[market.OutOfArea][k] > placed {
			fail("week %d: %v over 20 miles and %v out of area of %v placed", k, s[market.Over20Miles][k], s[market.OutOfArea][k], placed)
		}
		// Regions add up to England.
		for rm, m := range map[market.RegionalMetric]market.Metric{
			market.RegionWaiting: market.Waiting, market.RegionUnregistered: market.UnregisteredPlaced, market.RegionOver20Miles: market.Over20Miles,
		} {
			sum := 0.0
			for r := range res.Regional[rm] {
				sum += res.Regional[rm][r][k]
			}
			if sum != s[m][k] {
				fail("week %d: regions' %s sum to %v, England %v", k, m, sum, s[m][k])
			}
		}
		checkSpendParts(fail, s, k, "week")
		if c := s[market.CouncilsWithOver500k][k]; c > s[market.ChildrenOver500k][k] || c > float64(len(cfg.Councils)) || (c == 0) != (s[market.ChildrenOver500k][k] == 0) {
			fail("week %d: %v councils with a child over £500k a year, %v such children", k, c, s[market.ChildrenOver500k][k])
		}
		spend := 0.0
		for r := range res.Regional[market.RegionSpendGBP] {
			spend += res.Regional[market.RegionSpendGBP][r][k]
		}
		// England's spend is whole pence; a co-op's weekly running cost is
		// split among its members in fractions of a penny.
		if math.Abs(spend-s[market.SpendGBP][k]) > 1e-9*s[market.SpendGBP][k]+0.01 {
			fail("week %d: regions' spend sums to %v, England %v", k, spend, s[market.SpendGBP][k])
		}
		// Spend: its parts, and the net cost.
		if s[market.NetPublicCostGBP][k] != s[market.SpendGBP][k]-s[market.ClawbackGBP][k]-s[market.TaxReceiptsGBP][k]+s[market.CapitalGrantsGBP][k]+s[market.CouncilCapitalGBP][k] {
			fail("week %d: net public cost %v ≠ spend − clawback − tax + capital grants + council capital", k, s[market.NetPublicCostGBP][k])
		}
		parts := s[market.SpendWaitingGBP][k] + s[market.SpendUnregisteredGBP][k] + s[market.SpendBlockGBP][k]
		if parts > s[market.SpendGBP][k]*(1+1e-12)+1e-6 {
			fail("week %d: waiting, unregistered and block spend %v exceed spend %v", k, parts, s[market.SpendGBP][k])
		}
		// Unregistered spend is paid on the placements at payment time; the
		// count is recorded at the end of the week, after a quarter's
		// conversions of unregistered settings to registered homes (which
		// only lower it; warm-ups are whole quarters, so quarters end in
		// reported weeks 12, 25, …). Prices are whole pence: each may be
		// rounded by half a penny.
		u, n := s[market.SpendUnregisteredGBP][k], s[market.UnregisteredPlaced][k]
		if u < n*(minP-0.005)-1e-6 || ((k+1)%13 != 0 && u > n*(maxP+fine+0.005)+1e-6) {
			fail("week %d: £%v for %v unregistered placements at £%v–£%v", k, u, n, minP, maxP+fine)
		}
		if got, want := s[market.OtherCostGBP][k], s[market.PlacedOther][k]*cfg.Costs.Kinship; got != want {
			fail("week %d: kinship cost %v for %v children, want %v", k, got, s[market.PlacedOther][k], want)
		}
		// Supply.
		places := s[market.HomePlacesPrivateEquity][k] + s[market.HomePlacesPrivate][k] + s[market.HomePlacesNFP][k] + s[market.HomePlacesCouncil][k]
		if places != s[market.HomePlaces][k] {
			fail("week %d: home places by ownership sum to %v, total %v", k, places, s[market.HomePlaces][k])
		}
		if occ := s[market.OccupancyHomes][k]; occ > 1 || (places == 0 && occ != 0) {
			fail("week %d: occupancy %v of %v places", k, occ, places)
		}
		if h := s[market.HHIHomePlaces][k]; h > 10000+1e-6 || (places > 0) != (h > 0) {
			fail("week %d: HHI %v with %v places", k, h, places)
		}
		if s[market.HomesOpenedForProfit][k] > s[market.HomesOpened][k] {
			fail("week %d: %v for-profit openings of %v", k, s[market.HomesOpenedForProfit][k], s[market.HomesOpened][k])
		}
		for _, m := range []market.Metric{market.MarginPrivateEquity, market.MarginPrivate, market.MarginNFP, market.MarginForProfit} {
			if s[m][k] > 1 {
				fail("week %d: %s %v above 1", k, m, s[m][k])
			}
		}
		if one, three := s[market.StabilityOne][k], s[market.StabilityThreePlus][k]; one > 1 || one+three > 1+1e-12 {
			fail("week %d: stability shares %v and %v", k, one, three)
		}
		// Prices exist exactly when someone pays them.
		if (s[market.PlacedFosterIFA][k] > 0) != (s[market.PriceIFAMean][k] > 0) {
			fail("week %d: %v agency placements at mean price %v", k, s[market.PlacedFosterIFA][k], s[market.PriceIFAMean][k])
		}
		if (s[market.PlacedHomes][k] > 0) != (s[market.PriceHomeMean][k] > 0) || (s[market.PlacedHomes][k] > 0) != (s[market.PriceHomeP90][k] > 0) {
			fail("week %d: %v home placements at mean price %v, p90 %v", k, s[market.PlacedHomes][k], s[market.PriceHomeMean][k], s[market.PriceHomeP90][k])
		}
		if (s[market.PlacedSupported][k] > 0) != (s[market.PriceSupportedMean][k] > 0) {
			fail("week %d: %v supported placements at mean price %v", k, s[market.PlacedSupported][k], s[market.PriceSupportedMean][k])
		}
	}
	// Over the run: the change in the stock between the first and last
	// weeks is the arrivals less the leavers of every week after the first
	// (week 0's flows are already in its stock).
	net := 0.0
	for k := 1; k < weeks; k++ {
		net += s[market.Arrivals][k] - s[market.Leavers][k]
	}
	if first, last := s[market.ChildrenInCare][0], s[market.ChildrenInCare][weeks-1]; last-first != net {
		fail("children in care went from %v to %v, but arrivals − leavers after week 0 sum to %v", first, last, net)
	}
	for rm := range res.Regional {
		if len(res.Regional[rm]) != len(cfg.Regions) {
			fail("regional %s has %d regions", market.RegionalMetric(rm), len(res.Regional[rm]))
		}
		for r := range res.Regional[rm] {
			if len(res.Regional[rm][r]) != weeks {
				fail("regional %s of %s has %d weeks", market.RegionalMetric(rm), res.Regions[r], len(res.Regional[rm][r]))
			}
			for k, v := range res.Regional[rm][r] {
				if v < 0 {
					fail("regional %s of %s is %v in week %d", market.RegionalMetric(rm), res.Regions[r], v, k)
				}
			}
		}
	}
	// Yearly: stocks average, flows add up.
	for _, m := range []market.Metric{market.ChildrenInCare, market.Arrivals, market.SpendGBP, market.PriceHomeMean} {
		y := res.Yearly(m)
		if len(y) != years {
			fail("Yearly(%s) has %d years", m, len(y))
		}
		for i := range y {
			sum := 0.0
			for _, v := range res.Series[m][i*52 : (i+1)*52] {
				sum += v
			}
			if !m.Flow() {
				sum /= 52
			}
			if math.Abs(sum-y[i]) > 1e-9*math.Abs(sum) {
				fail("Yearly(%s)[%d] = %v, weeks give %v", m, i, y[i], sum)
			}
		}
	}
}
