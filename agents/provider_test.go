package agents_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/caremarket/caremarket/agents"
)

func TestAccounts(t *testing.T) {
	t.Parallel()
	a := agents.Accounts{Revenue: 1000, FixedCost: 500, VariableCost: 300, Interest: 50, Clawback: 10, Tax: 5}
	// 1000 − 500 − 300 = 200, below the line items excluded.
	assert.InDelta(t, 200.0, a.OperatingProfit(), tol)
	// 200/1000
	assert.InDelta(t, 0.2, a.Margin(), tol)
	assert.Zero(t, agents.Accounts{FixedCost: 10}.Margin(), "no revenue: margin 0")
	loss := agents.Accounts{Revenue: 400, FixedCost: 500}
	// (400 − 500)/400 = −0.25
	assert.InDelta(t, -0.25, loss.Margin(), tol)
	a.Add(loss)
	assert.Equal(t, agents.Accounts{Revenue: 1400, FixedCost: 1000, VariableCost: 300, Interest: 50, Clawback: 10, Tax: 5}, a)
}

func TestBorrowingCapacity(t *testing.T) {
	t.Parallel()
	assertNear(t, 1e-6, []near{
		// (L+1)·max(0, EBITDA) − debt + start-up allowance, never negative
		{"PE at its initial leverage", agents.Finance{Leverage: 5.5, TrailingEBITDA: 1e6, Debt: 5.5e6}.BorrowingCapacity(), 1e6},                          // 6.5e6 − 5.5e6
		{"with start-up allowance", agents.Finance{Leverage: 5.5, TrailingEBITDA: 1e6, Debt: 5.5e6, StartupCapacity: 72800}.BorrowingCapacity(), 1072800}, // 1e6 + 26·2800
		{"negative EBITDA counts as zero", agents.Finance{Leverage: 1.5, TrailingEBITDA: -1e5, StartupCapacity: 5e4}.BorrowingCapacity(), 5e4},
		{"over-borrowed", agents.Finance{Leverage: 1.5, TrailingEBITDA: 1e5, Debt: 3e5}.BorrowingCapacity(), 0},  // 2.5e5 − 3e5 < 0
		{"no leverage", agents.Finance{TrailingEBITDA: 2e5}.BorrowingCapacity(), 2e5},                            // 1·2e5
		{"net cash", agents.Finance{Leverage: 0.5, TrailingEBITDA: 1e5, Debt: -2e4}.BorrowingCapacity(), 170000}, // 1.5e5 + 2e4
	})
}

func TestQuarterlyInterest(t *testing.T) {
	t.Parallel()
	assertNear(t, 1e-6, []near{
		{"PE", agents.Finance{Debt: 5.5e6, Rate: 0.09}.QuarterlyInterest(), 123750}, // 5.5e6·0.09/4 = 495000/4
		{"private", agents.Finance{Debt: 1e6, Rate: 0.07}.QuarterlyInterest(), 17500},
		{"no debt", agents.Finance{Rate: 0.09}.QuarterlyInterest(), 0},
		{"net cash earns nothing", agents.Finance{Debt: -1e6, Rate: 0.09}.QuarterlyInterest(), 0},
	})
}

func TestRecapitalise(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name     string
		f        agents.Finance
		wantDebt float64
	}{
		{"below target borrows up to L·EBITDA net", agents.Finance{Debt: 10, Cash: 4, Leverage: 5, TrailingEBITDA: 10}, 54},
		{"above target repays nothing", agents.Finance{Debt: 80, Cash: 4, Leverage: 5, TrailingEBITDA: 10}, 80},
		{"losses set no target", agents.Finance{Debt: 10, Cash: 4, Leverage: 5, TrailingEBITDA: -3}, 10},
		{"no leverage, net cash: nothing", agents.Finance{Debt: 0, Cash: 4, Leverage: 0, TrailingEBITDA: 10}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := tc.f
			f.Recapitalise()
			assert.InDelta(t, tc.wantDebt, f.Debt, 1e-9)
			assert.Equal(t, tc.f.Cash, f.Cash, "cash is unchanged: the new borrowing is paid out")
		})
	}
}

func TestFund(t *testing.T) {
	t.Parallel()
	fund := func(amount, keep float64) func(*agents.Finance) bool {
		return func(f *agents.Finance) bool { return f.Fund(amount, keep) }
	}
	assertFunded(t, []funded{
		// spare cash = max(0, cash − keep); the rest is borrowed within capacity.
		{
			// spare 100k − 40k = 60k ≥ 50k: paid from cash.
			name: "from spare cash", f: agents.Finance{Cash: 100e3, Leverage: 1.5, TrailingEBITDA: 1e5},
			fund: fund(50e3, 40e3), ok: true, cash: 50e3, debt: 0,
		},
		{
			// spare 60k; rest 40k ≤ capacity 2.5·100k = 250k: cash 40k, debt 40k.
			name: "cash then debt", f: agents.Finance{Cash: 100e3, Leverage: 1.5, TrailingEBITDA: 1e5},
			fund: fund(100e3, 40e3), ok: true, cash: 40e3, debt: 40e3,
		},
		{
			// cash 10k below keep 40k: spare 0; borrow all 200k ≤ 250k.
			name: "cash below buffer", f: agents.Finance{Cash: 10e3, Leverage: 1.5, TrailingEBITDA: 1e5},
			fund: fund(200e3, 40e3), ok: true, cash: 10e3, debt: 200e3,
		},
		{
			// spare 60k; rest 240k > capacity 2.5·100k − 50k = 200k: refused, unchanged.
			name: "beyond capacity", f: agents.Finance{Cash: 100e3, Debt: 50e3, Leverage: 1.5, TrailingEBITDA: 1e5},
			fund: fund(300e3, 40e3), ok: false, cash: 100e3, debt: 50e3,
		},
		{
			// spare 60k; rest 200k = capacity 200k exactly: accepted.
			name: "exactly at capacity", f: agents.Finance{Cash: 100e3, Debt: 50e3, Leverage: 1.5, TrailingEBITDA: 1e5},
			fund: fund(260e3, 40e3), ok: true, cash: 40e3, debt: 250e3,
		},
		{
			// no EBITDA, no allowance: capacity 0; rest 1 > 0: refused.
			name: "new provider without allowance", f: agents.Finance{Cash: 0},
			fund: fund(1, 0), ok: false, cash: 0, debt: 0,
		},
		{
			// start-up allowance 72.8k covers 70k.
			name: "start-up allowance", f: agents.Finance{StartupCapacity: 72800},
			fund: fund(70e3, 0), ok: true, cash: 0, debt: 70e3,
		},
	})
}

func TestExitTest(t *testing.T) {
	t.Parallel()
	assertSame(t, []same[agents.ExitReason]{
		{"healthy", agents.Finance{Cash: 1e5, Debt: 1e6, CoverFailures: 3}.ExitTest(), agents.NoExit},
		// cash −10k, capacity (1.5+1)·0 − 0 = 0 < 10k
		{"insolvent", agents.Finance{Cash: -10e3, Leverage: 1.5}.ExitTest(), agents.Insolvent},
		// cash −10k, capacity 2.5·1e5 = 250k ≥ 10k: it can borrow
		{"overdrawn but can borrow", agents.Finance{Cash: -10e3, Leverage: 1.5, TrailingEBITDA: 1e5}.ExitTest(), agents.NoExit},
		// cash −250k = −capacity: still covered
		{"overdrawn to capacity", agents.Finance{Cash: -250e3, Leverage: 1.5, TrailingEBITDA: 1e5}.ExitTest(), agents.NoExit},
		{"interest cover", agents.Finance{Cash: 1e5, Debt: 1e6, CoverFailures: 4}.ExitTest(), agents.InterestCover},
		{"cover failures without debt", agents.Finance{Cash: 1e5, CoverFailures: 9}.ExitTest(), agents.NoExit},
		{"insolvency first", agents.Finance{Cash: -1e5, Debt: 1e6, CoverFailures: 4}.ExitTest(), agents.Insolvent},
		// net debt 1e6 − 2e6 < 0: the cover test does not apply (it used gross debt)
		{"cash above debt", agents.Finance{Cash: 2e6, Debt: 1e6, CoverFailures: 4}.ExitTest(), agents.NoExit},
	})
}

func TestCloseQuarter(t *testing.T) {
	t.Parallel()
	q := func(rev, fixed, variable float64) agents.Accounts {
		return agents.Accounts{Revenue: rev, FixedCost: fixed, VariableCost: variable}
	}
	p := agents.Provider{
		Last:    [4]agents.Accounts{q(100, 50, 10), q(200, 50, 10), q(300, 50, 10), q(400, 50, 10)},
		Quarter: q(1000, 600, 100),
	}
	p.CloseQuarter()
	// The new quarter goes first, the oldest (400) drops out.
	assert.Equal(t, [4]agents.Accounts{q(1000, 600, 100), q(100, 50, 10), q(200, 50, 10), q(300, 50, 10)}, p.Last)
	assert.Equal(t, agents.Accounts{}, p.Quarter)
	// EBITDA = 300 + 40 + 140 + 240 = 720
	assert.InDelta(t, 720.0, p.Finance.TrailingEBITDA, tol)
	p.CloseQuarter()
	// an empty quarter: 0 + 300 + 40 + 140 = 480
	assert.InDelta(t, 480.0, p.Finance.TrailingEBITDA, tol)
	assert.Equal(t, agents.Accounts{}, p.Last[0])
}

func TestWeeklyCosts(t *testing.T) {
	t.Parallel()
	p := agents.Provider{Last: [4]agents.Accounts{
		{FixedCost: 13000, VariableCost: 2600, Interest: 1300, Revenue: 1e6},
		{FixedCost: 13000, VariableCost: 2600},
		{FixedCost: 13000},
		{},
	}}
	// (13000+2600+1300 + 13000+2600 + 13000)/52 = 45500/52 = 875; revenue ignored
	assert.InDelta(t, 875.0, p.WeeklyCosts(), tol)
	assert.Zero(t, (&agents.Provider{}).WeeklyCosts())
}

func TestProviderUnitsAndMarket(t *testing.T) {
	t.Parallel()
	p := agents.Provider{Homes: 3, Schemes: 1, Households: 25}
	// 3 + 1 + 0.1·25 = 6.5
	assert.InDelta(t, 6.5, p.Units(), tol)
	big := agents.Provider{Households: 200}
	// 0.1·200 = 20: a large agency reaches the oversight threshold
	assert.InDelta(t, 20.0, big.Units(), tol)
	for _, tc := range []struct {
		o         agents.Ownership
		market    bool
		forProfit bool
	}{
		{agents.PrivateEquity, true, true},
		{agents.Private, true, true},
		{agents.NotForProfit, true, false},
		{agents.CouncilOwned, false, false},
		{agents.UnregisteredSupplier, false, false},
	} {
		pr := agents.Provider{Ownership: tc.o}
		assert.Equal(t, tc.market, pr.Market(), "%v market", tc.o)
		assert.Equal(t, tc.forProfit, tc.o.ForProfit(), "%v for profit", tc.o)
	}
}

func TestHomeAndHouseholdFree(t *testing.T) {
	t.Parallel()
	assert.Equal(t, 1, (&agents.Home{Usable: 4, Occupied: 3}).Free())
	assert.Equal(t, 0, (&agents.Home{Usable: 3, Occupied: 1, Whole: true}).Free(), "a home taken whole has no free place")
	assert.Equal(t, 0, (&agents.Home{Usable: 0, Places: 4}).Free())
	assert.Equal(t, 2, (&agents.Household{Approved: 3, Usable: 2}).Free())
	assert.Equal(t, 0, (&agents.Household{Approved: 3, Usable: 2, Occupied: 2}).Free())
}

func TestStatusStrings(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "building", agents.Building.String())
	assert.Equal(t, "open", agents.Open.String())
	assert.Equal(t, "closing", agents.Closing.String())
	assert.Equal(t, "closed", agents.Closed.String())
	assert.Equal(t, "active", agents.Active.String())
	assert.Equal(t, "exiting", agents.Exiting.String())
	assert.Equal(t, "exited", agents.Exited.String())
	assert.Equal(t, "none", agents.NoExit.String())
	assert.Equal(t, "insolvent", agents.Insolvent.String())
	assert.Equal(t, "interest cover", agents.InterestCover.String())
}

// TestCoverOnNetDebt: a provider whose cash exceeds its debt pays no net
// interest and never fails the interest-cover test, however badly it trades;
// one with net debt fails after CoverQuarters quarters of interest above profit.
func TestCoverOnNetDebt(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name       string
		cash, debt float64
		profit     float64 // operating profit each quarter
		want       agents.ExitReason
	}{
		{"cash above debt, losses", 3e6, 1e6, -1e4, agents.NoExit},
		{"cash above debt, thin profit", 2e6, 1.9e6, 1, agents.NoExit},
		{"net debt, profit below interest", 1e5, 1e6, 1e4, agents.InterestCover}, // interest 9e5·0.09/4 = 20,250 > 10,000
		{"net debt, profit above interest", 1e5, 1e6, 3e4, agents.NoExit},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := agents.Finance{Cash: tc.cash, Debt: tc.debt, Rate: 0.09, Leverage: 5.5, TrailingEBITDA: 1e6}
			for range 2 * agents.CoverQuarters {
				f.RecordCover(tc.profit, f.QuarterlyInterest())
			}
			if tc.cash > tc.debt {
				assert.Zero(t, f.QuarterlyInterest())
				assert.Zero(t, f.CoverFailures)
			}
			assert.Equal(t, tc.want, f.ExitTest())
		})
	}
}

// TestRefinance: refinancing sets the rate to base plus spread, so a rise in
// the base rate raises a leveraged provider's interest, and never below 0.
func TestRefinance(t *testing.T) {
	t.Parallel()
	f := agents.Finance{Debt: 5.5e6, Cash: 5e5, Spread: 0.05}
	f.Refinance(0.04)
	assert.InDelta(t, 0.09, f.Rate, tol)
	before := f.QuarterlyInterest() // 5e6·0.09/4 = 112,500
	assert.InDelta(t, 112500.0, before, 1e-6)
	f.Refinance(0.07)
	assert.InDelta(t, 0.12, f.Rate, tol)
	assert.InDelta(t, 150000.0, f.QuarterlyInterest(), 1e-6) // 5e6·0.12/4
	f.Spread = -0.1
	f.Refinance(0.04)
	assert.Zero(t, f.Rate)
}
