package agents_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/caremarket/caremarket/agents"
)

// tol is the tolerance for comparing hand-computed money and rates: the
// rules are a handful of float64 operations, so anything above rounding
// noise is a real difference.
const tol = 1e-9

func TestUnitCost(t *testing.T) {
	t.Parallel()
	assertNear(t, tol, []near{
		// ĉ = cF/oRef + cV
		{"home standard", agents.UnitCost(2800, 0.80, 500), 4000},          // 2800/0.8 = 3500; + 500
		{"home complex", agents.UnitCost(2800, 0.80, 1200), 4700},          // 3500 + 1200
		{"ifa", agents.UnitCost(120, 0.62, 520), 713.5483870967742},        // 120/0.62 = 193.548387…; + 520
		{"supported", agents.UnitCost(600, 0.85, 600), 1305.8823529411766}, // 600/0.85 = 705.882352…; + 600
		{"full occupancy", agents.UnitCost(100, 1, 380), 480},              // 100/1 + 380
		{"no fixed cost", agents.UnitCost(0, 0.5, 250), 250},               // 0/0.5 + 250
	})
}

func TestWholeHomeCost(t *testing.T) {
	t.Parallel()
	assertNear(t, tol, []near{
		// ĉ = cF·places + cV
		{"solo home", agents.WholeHomeCost(2800, 1, 6000), 8800},           // 2800·1 + 6000
		{"complex home whole", agents.WholeHomeCost(2800, 3, 6000), 14400}, // 2800·3 = 8400; + 6000
		{"no places", agents.WholeHomeCost(2800, 0, 6000), 6000},           // 0 + 6000
	})
}

func TestReservation(t *testing.T) {
	t.Parallel()
	assertNear(t, tol, []near{
		// R = min(Punreg, ρ·pRef)
		{"home standard: Punreg binds", agents.Reservation(7000, 2, 5800), 7000},       // min(7000, 11600)
		{"home very complex: ρ·pRef binds", agents.Reservation(15000, 2, 5800), 11600}, // min(15000, 11600)
		{"ifa", agents.Reservation(7000, 2, 900), 1800},                                // min(7000, 1800)
		{"supported, ρ 1.3", agents.Reservation(7000, 1.3, 1500), 1950},                // min(7000, 1950)
		{"equal", agents.Reservation(3000, 2, 1500), 3000},                             // min(3000, 3000)
	})
}

func TestQuote(t *testing.T) {
	t.Parallel()
	forProfit := agents.Terms{Mu: 0.10, Kappa: 0.25}
	nfp := agents.Terms{Mu: 0.03, Kappa: 0.05}
	for _, tc := range []struct {
		name     string
		terms    agents.Terms
		unitCost float64
		r        float64
		n        int
		beta, sB float64
		ceiling  float64
		want     float64
		ok       bool
	}{
		// p0 = ĉ(1+μ); p = min(R, ĉ + (p0 − ĉ + κ·max(0, R − p0)/n)·(1 − β·sB)), then ≤ ceiling.
		{
			// p0 = 4400; surplus 7000−4400 = 2600; κ·2600/2 = 325;
			// (400 + 325)·(1 − 0) = 725; p = 4725.
			name: "two offers, no buyer power", terms: forProfit, unitCost: 4000, r: 7000, n: 2,
			beta: 0.15, sB: 0, want: 4725, ok: true,
		},
		{
			// as above but (400 + 325)·(1 − 0.15·0.1) = 725·0.985 = 714.125; p = 4714.125.
			name: "two offers, buyer share 10%", terms: forProfit, unitCost: 4000, r: 7000, n: 2,
			beta: 0.15, sB: 0.1, want: 4714.125, ok: true,
		},
		{
			// (400 + 325)·(1 − 0.4·0.5) = 725·0.8 = 580; p = 4580.
			name: "strong buyer", terms: forProfit, unitCost: 4000, r: 7000, n: 2,
			beta: 0.4, sB: 0.5, want: 4580, ok: true,
		},
		{
			// (1 − 1·1) = 0: the buyer takes everything; p = ĉ = 4000.
			name: "monopsony", terms: forProfit, unitCost: 4000, r: 7000, n: 2,
			beta: 1, sB: 1, want: 4000, ok: true,
		},
		{
			// one offer: κ·2600/1 = 650; 400 + 650 = 1050; p = 5050.
			name: "one offer", terms: forProfit, unitCost: 4000, r: 7000, n: 1,
			want: 5050, ok: true,
		},
		{
			// n = 0 counts as 1: p = 5050 as above.
			name: "n zero counts as one", terms: forProfit, unitCost: 4000, r: 7000, n: 0,
			want: 5050, ok: true,
		},
		{
			// n = −3 counts as 1: p = 5050.
			name: "n negative counts as one", terms: forProfit, unitCost: 4000, r: 7000, n: -3,
			want: 5050, ok: true,
		},
		{
			// ten offers: κ·2600/10 = 65; 400 + 65 = 465; p = 4465.
			name: "ten offers", terms: forProfit, unitCost: 4000, r: 7000, n: 10,
			want: 4465, ok: true,
		},
		{
			// NFP: p0 = 4000·1.03 = 4120; surplus 2880; 0.05·2880/3 = 48;
			// 120 + 48 = 168; p = 4168.
			name: "not for profit", terms: nfp, unitCost: 4000, r: 7000, n: 3,
			want: 4168, ok: true,
		},
		{
			// council terms μ = κ = 0: p = ĉ.
			name: "council at cost", terms: agents.Terms{}, unitCost: 713.5, r: 1800, n: 4,
			want: 713.5, ok: true,
		},
		{
			// ĉ = 8000 > R = 7000: no offer.
			name: "unit cost above reservation", terms: forProfit, unitCost: 8000, r: 7000, n: 1,
			want: 0, ok: false,
		},
		{
			// ĉ = R = 7000: p0 = 7700, surplus 0; 7000 + 700 = 7700 > R, so p = R = 7000.
			name: "unit cost equals reservation", terms: forProfit, unitCost: 7000, r: 7000, n: 1,
			want: 7000, ok: true,
		},
		{
			// μ = 0.5: p0 = 6000 > R = 5000; surplus 0; p = 4000 + 2000 = 6000 → R = 5000.
			name: "reservation binds", terms: agents.Terms{Mu: 0.5, Kappa: 0.5}, unitCost: 4000, r: 5000, n: 1,
			want: 5000, ok: true,
		},
		{
			// κ = 1, n = 1: p = 4000 + 400 + 2600 = 7000 = R exactly.
			name: "full surplus reaches reservation", terms: agents.Terms{Mu: 0.1, Kappa: 1}, unitCost: 4000, r: 7000, n: 1,
			want: 7000, ok: true,
		},
		{
			// uncapped p = 4725 (first case) → ceiling 4500.
			name: "ceiling binds", terms: forProfit, unitCost: 4000, r: 7000, n: 2,
			ceiling: 4500, want: 4500, ok: true,
		},
		{
			// ceiling 4800 above the uncapped 4725: no effect.
			name: "ceiling slack", terms: forProfit, unitCost: 4000, r: 7000, n: 2,
			ceiling: 4800, want: 4725, ok: true,
		},
		{
			// ceiling 8000 above R: the surplus is still computed on R; p = 4725.
			name: "ceiling above reservation", terms: forProfit, unitCost: 4000, r: 7000, n: 2,
			ceiling: 8000, want: 4725, ok: true,
		},
		{
			// ĉ = 4000 > ceiling 3900: no offer.
			name: "unit cost above ceiling", terms: forProfit, unitCost: 4000, r: 7000, n: 2,
			ceiling: 3900, want: 0, ok: false,
		},
		{
			// a non-positive ceiling means none: p = 4725.
			name: "negative ceiling is none", terms: forProfit, unitCost: 4000, r: 7000, n: 2,
			ceiling: -1, want: 4725, ok: true,
		},
		{
			// ĉ = ceiling = 4000: an offer at 4000.
			name: "unit cost equals ceiling", terms: forProfit, unitCost: 4000, r: 7000, n: 2,
			ceiling: 4000, want: 4000, ok: true,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, ok := tc.terms.Quote(tc.unitCost, tc.r, tc.n, tc.beta, tc.sB, tc.ceiling)
			assert.Equal(t, tc.ok, ok, "ok")
			assert.InDelta(t, tc.want, p, tol, "price")
		})
	}
}

// TestQuoteBounds checks, over a grid of inputs, that a quote lies between
// unit cost and the reservation price (and the ceiling), and that more
// offers and more buyer power never raise it.
func TestQuoteBounds(t *testing.T) {
	t.Parallel()
	terms := agents.Terms{Mu: 0.1, Kappa: 0.5}
	for _, c := range []float64{500, 4000, 6999} {
		for _, r := range []float64{1800, 7000, 11600} {
			for _, ceil := range []float64{0, 1000, 5000} {
				prev := -1.0
				for n := 1; n <= 8; n++ {
					p, ok := terms.Quote(c, r, n, 0.15, 0.2, ceil)
					limit := r
					if ceil > 0 && ceil < r {
						limit = ceil
					}
					if c > limit {
						assert.False(t, ok, "c=%v r=%v ceil=%v", c, r, ceil)
						continue
					}
					assert.True(t, ok)
					assert.GreaterOrEqual(t, p, c-tol)
					assert.LessOrEqual(t, p, limit+tol)
					if prev >= 0 {
						assert.LessOrEqual(t, p, prev+tol, "a quote rose with more offers")
					}
					prev = p
					pStrong, _ := terms.Quote(c, r, n, 0.15, 0.9, ceil)
					assert.LessOrEqual(t, pStrong, p+tol, "a quote rose with buyer power")
				}
			}
		}
	}
}

func TestGeneralisedCost(t *testing.T) {
	t.Parallel()
	assertNear(t, tol, []near{
		// price + λ·distance + ψ
		{"home with penalty", agents.Offer{Price: 4725, DistanceKm: 40, Psi: 2000}.GeneralisedCost(5), 6925}, // 4725 + 200 + 2000
		{"local foster", agents.Offer{Price: 900, DistanceKm: 3.5}.GeneralisedCost(5), 917.5},                // 900 + 17.5
		{"distance free", agents.Offer{Price: 900, DistanceKm: 300}.GeneralisedCost(0), 900},                 // 900 + 0
		{"λ 20", agents.Offer{Price: 1500, DistanceKm: 12, Psi: 500}.GeneralisedCost(20), 2240},              // 1500 + 240 + 500
	})
}

// chooseOffer returns the index of the preferred offer, the vacancy units
// being the indices, or -1 when there is none.
func chooseOffer(offers []agents.Offer, lambda float64) int {
	best := -1
	for i, o := range offers {
		if best < 0 || agents.Preferred(o.GeneralisedCost(lambda), int32(i), offers[best].GeneralisedCost(lambda), int32(best)) {
			best = i
		}
	}
	return best
}

func TestPreferred(t *testing.T) {
	t.Parallel()
	assert.True(t, agents.Preferred(1000, 9, 1100, 1), "lower cost wins")
	assert.False(t, agents.Preferred(1100, 1, 1000, 9), "higher cost loses")
	assert.True(t, agents.Preferred(1000, 1, 1000, 9), "tie to the lower unit")
	assert.False(t, agents.Preferred(1000, 9, 1000, 1), "tie to the lower unit")
	assert.False(t, agents.Preferred(1000, 3, 1000, 3), "not preferred to itself")
}

func TestAcceptance(t *testing.T) {
	t.Parallel()
	older := 10 * agents.WeeksPerYear
	assert.Equal(t, 0.7, agents.Acceptance(0.7, true, older-1, 0.5))
	assert.Equal(t, 0.35, agents.Acceptance(0.7, true, older, 0.5))
	assert.Equal(t, 0.7, agents.Acceptance(0.7, false, older, 0.5), "homes take older children at the base rate")
}

func TestChooseOffer(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		offers []agents.Offer
		lambda float64
		want   int
	}{
		{"none", nil, 5, -1},
		{"empty", []agents.Offer{}, 5, -1},
		{"one", []agents.Offer{{Price: 5000}}, 5, 0},
		{
			// costs 900+250 = 1150; 4725+50+2000 = 6775; 1000+100 = 1100 → index 2.
			"cheapest generalised", []agents.Offer{
				{Price: 900, DistanceKm: 50}, {Price: 4725, DistanceKm: 10, Psi: 2000}, {Price: 1000, DistanceKm: 20},
			}, 5, 2,
		},
		{
			// with λ = 0 the costs are 900, 6725, 1000 → index 0.
			"distance free", []agents.Offer{
				{Price: 900, DistanceKm: 50}, {Price: 4725, DistanceKm: 10, Psi: 2000}, {Price: 1000, DistanceKm: 20},
			}, 0, 0,
		},
		{
			// 1000+100 = 1100 and 1100+0 = 1100 tie → the first.
			"tie goes to first", []agents.Offer{{Price: 1000, DistanceKm: 20}, {Price: 1100}}, 5, 0,
		},
		{
			// 1200; 1100 and 1100 tie after the first → index 1.
			"tie after a dearer one", []agents.Offer{{Price: 1200}, {Price: 1000, DistanceKm: 20}, {Price: 1100}}, 5, 1,
		},
		{
			// ψ decides: 5000+2000 = 7000 vs 6900+0 → index 1.
			"penalty decides", []agents.Offer{{Price: 5000, Psi: 2000}, {Price: 6900}}, 5, 1,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, chooseOffer(tc.offers, tc.lambda))
		})
	}
}
