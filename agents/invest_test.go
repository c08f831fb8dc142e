package agents_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/caremarket/caremarket/agents"
)

func TestExpectedAnnualProfit(t *testing.T) {
	t.Parallel()
	assertNear(t, 1e-6, []near{
		// E[π] = 52·places·(ô·(p̂ − cV) − cF)
		// 52·4·(0.8·4500 − 2800) = 208·(3600 − 2800) = 208·800
		{"standard home", agents.ExpectedAnnualProfit(4, 0.8, 5000, 500, 2800), 166400},
		// 52·4·(0.5·4500 − 2800) = 208·(2250 − 2800) = 208·(−550)
		{"half empty loses", agents.ExpectedAnnualProfit(4, 0.5, 5000, 500, 2800), -114400},
		// 52·1·(0.8·(14000 − 6000) − 2800) = 52·(6400 − 2800) = 52·3600
		{"solo home", agents.ExpectedAnnualProfit(1, 0.8, 14000, 6000, 2800), 187200},
		// 52·6·(0.85·(1500 − 600) − 600) = 312·(765 − 600) = 312·165
		{"supported scheme", agents.ExpectedAnnualProfit(6, 0.85, 1500, 600, 600), 51480},
		// 52·3·(0 − 2800) = 156·(−2800)
		{"empty", agents.ExpectedAnnualProfit(3, 0, 5700, 1200, 2800), -436800},
	})
}

func TestCapital(t *testing.T) {
	t.Parallel()
	assertNear(t, 1e-6, []near{
		// K = K0·propIndex·places/4
		{"4 places South East", agents.Capital(700000, 1.27, 4), 889000}, // 700000·1.27·4/4
		{"solo North East", agents.Capital(700000, 0.52, 1), 91000},      // 700000·0.52·1/4 = 364000/4
		{"complex London", agents.Capital(700000, 1.70, 3), 892500},      // 700000·1.7 = 1190000; ·3/4
		{"supported scheme", agents.Capital(280000, 1, 6), 420000},       // (700000·0.4)·1·6/4
	})
}

func TestROCE(t *testing.T) {
	t.Parallel()
	assertNear(t, tol, []near{
		{"positive", agents.ROCE(166400, 700000), 0.23771428571428571}, // 166400/700000
		{"loss", agents.ROCE(-114400, 889000), -0.12868391451068616},   // −114400/889000
		{"no capital", agents.ROCE(166400, 0), 0},
		{"negative capital", agents.ROCE(166400, -1), 0},
	})
}

func TestExcess(t *testing.T) {
	t.Parallel()
	assertNear(t, tol, []near{
		// max(0, ROCE − h)/h
		{"above hurdle", agents.Excess(0.23771428571428571, 0.15), 0.5847619047619047}, // 0.0877142…/0.15
		{"double the hurdle", agents.Excess(0.30, 0.15), 1},                            // 0.15/0.15
		{"NFP hurdle", agents.Excess(0.09, 0.06), 0.5},                                 // 0.03/0.06
		{"below hurdle", agents.Excess(0.10, 0.15), 0},                                 // max(0, −0.05)
		{"at hurdle", agents.Excess(0.12, 0.12), 0},
		{"loss", agents.Excess(-0.2, 0.12), 0},
		{"zero hurdle", agents.Excess(0.3, 0), 0},
		{"negative hurdle", agents.Excess(0.3, -0.1), 0},
	})
}

func TestExpectedOccupancy(t *testing.T) {
	t.Parallel()
	assertNear(t, tol, []near{
		// min(oRef, occupied/usable)
		{"below reference", agents.ExpectedOccupancy(0.8, 30, 40), 0.75}, // 30/40
		{"capped at reference", agents.ExpectedOccupancy(0.8, 40, 40), 0.8},
		{"pipeline dilutes", agents.ExpectedOccupancy(0.8, 40, 80), 0.5}, // 40/80
		{"no usable places", agents.ExpectedOccupancy(0.8, 0, 0), 0.8},
		{"negative usable", agents.ExpectedOccupancy(0.85, 3, -1), 0.85},
		{"empty", agents.ExpectedOccupancy(0.8, 0, 12), 0},
	})
}

func TestForecastOccupancy(t *testing.T) {
	t.Parallel()
	assertNear(t, tol, []near{
		// min(1, oRef + waiting/(building + places))
		{"some waiting", agents.ForecastOccupancy(0.8, 1, 6, 4), 0.9},    // 0.8 + 1/10
		{"fills exactly", agents.ForecastOccupancy(0.8, 2, 6, 4), 1},     // 0.8 + 2/10 = 1.0
		{"capped at one", agents.ForecastOccupancy(0.8, 10, 0, 4), 1},    // 0.8 + 10/4 = 3.3 → 1
		{"none waiting", agents.ForecastOccupancy(0.8, 0, 12, 4), 0.8},   // 0.8 + 0
		{"nothing planned", agents.ForecastOccupancy(0.8, 5, 0, 0), 0.8}, // no places: oRef
		{"solo home", agents.ForecastOccupancy(0.8, 0, 0, 1), 0.8},
	})
}

func TestClosureTest(t *testing.T) {
	t.Parallel()
	assertSame(t, []same[bool]{
		{"loss and low occupancy", agents.ClosureTest(-1, 0.59, 0.6), true},
		{"loss at 0.6", agents.ClosureTest(-1, 0.6, 0.6), false}, // the test is strictly below 0.6
		{"break-even and empty", agents.ClosureTest(0, 0, 0.6), false},
		{"profit and empty", agents.ClosureTest(1e5, 0.1, 0.6), false},
		{"loss and full", agents.ClosureTest(-1e5, 1, 0.6), false},
	})
}

// TestBuildWeight: a provider's build weight is proportional to its
// capacity (units), shared between the regions where it may build, and
// scaled by its access to capital; the number of providers does not enter.
func TestBuildWeight(t *testing.T) {
	t.Parallel()
	assertNear(t, 1e-12, []near{
		{"mean provider, one region", agents.BuildWeight(4, 4, 1, 1), 1},
		{"twice the capacity", agents.BuildWeight(8, 4, 1, 1), 2},
		{"a group of 40 homes", agents.BuildWeight(40, 4, 1, 1), 10},
		{"shared by 4 regions", agents.BuildWeight(40, 4, 4, 1), 2.5},
		{"half the capital", agents.BuildWeight(8, 4, 1, 0.5), 1},
		{"no capital", agents.BuildWeight(8, 4, 1, 0), 0},
		{"only a home being built counts as one", agents.BuildWeight(0, 4, 1, 1), 0.25},
		{"no regions", agents.BuildWeight(8, 4, 0, 1), 0},
	})
	// Two providers of 4 homes pull as much as one of 8.
	two := 2 * agents.BuildWeight(4, 3.5, 3, 1)
	assert.InDelta(t, agents.BuildWeight(8, 3.5, 3, 1), two, 1e-12)
}

func TestCapitalAccess(t *testing.T) {
	t.Parallel()
	assertNear(t, 1e-12, []near{
		{"cash covers it", agents.CapitalAccess(agents.Finance{Cash: 2e6}, 5e5, 7e5), 1},
		{"cash above the buffer covers half", agents.CapitalAccess(agents.Finance{Cash: 8.5e5}, 5e5, 7e5), 0.5},
		{"borrowing covers it", agents.CapitalAccess(agents.Finance{Leverage: 5.5, TrailingEBITDA: 2e5, Debt: 6e5}, 0, 7e5), 1}, // 6.5·0.2m − 0.6m = 0.7m
		{"no room", agents.CapitalAccess(agents.Finance{Cash: 1e5, Leverage: 1, TrailingEBITDA: 1e5, Debt: 3e5}, 2e5, 7e5), 0},
		{"no capital needed", agents.CapitalAccess(agents.Finance{}, 0, 0), 1},
	})
}

// TestFundAcquisition: the price comes from cash above the buffer, then
// from borrowing against the combined group's EBITDA, raising debt; a
// price beyond both changes nothing.
func TestFundAcquisition(t *testing.T) {
	t.Parallel()
	acquire := func(price, ebitda, keep float64) func(*agents.Finance) bool {
		return func(f *agents.Finance) bool { return f.FundAcquisition(price, ebitda, keep) }
	}
	assertFunded(t, []funded{
		{"from cash", agents.Finance{Cash: 5e6, Leverage: 5.5}, acquire(2e6, 2e5, 1e6), true, 3e6, 0},
		{"cash then debt", agents.Finance{Cash: 1.5e6, Leverage: 5.5, TrailingEBITDA: 1e6, Debt: 5e6}, acquire(2.2e6, 2e5, 1e6), true, 1e6, 6.7e6},
		// room (5.5+1)·(1m + 0.2m) − 5m = 2.8m: 2.2m borrowed leaves debt 7.2m
		{"all debt on the combined EBITDA", agents.Finance{Leverage: 5.5, TrailingEBITDA: 1e6, Debt: 5e6}, acquire(2.2e6, 2e5, 0), true, 0, 7.2e6},
		{"beyond the combined limit", agents.Finance{Leverage: 5.5, TrailingEBITDA: 1e6, Debt: 5e6}, acquire(3e6, 2e5, 0), false, 0, 5e6},
		{"no leverage", agents.Finance{Cash: 1e5, TrailingEBITDA: 1e6, Debt: 2e6}, acquire(1e6, 1e5, 0), false, 1e5, 2e6},
	})
	assert.InDelta(t, 11e5, agents.AcquisitionPrice(11, 1e5), 1e-6)
	assert.Zero(t, agents.AcquisitionPrice(11, -1e5))
}
