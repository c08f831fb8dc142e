package agents

import "math"

// ProviderStatus is the life-cycle state of a provider.
type ProviderStatus uint8

// Provider states.
const (
	Active ProviderStatus = iota
	Exiting
	Exited
)

// String returns the name of the ProviderStatus.
func (s ProviderStatus) String() string {
	switch s {
	case Active:
		return "active"
	case Exiting:
		return "exiting"
	default:
		return "exited"
	}
}

// Accounts are a provider's accounts over a period, in pounds.
type Accounts struct {
	Revenue      float64 // payments received for placements (block payments included)
	FixedCost    float64 // Σ cF·registered places, paid every week
	VariableCost float64 // Σ cV·occupied places
	Interest     float64 // interest on net debt (below the operating line)
	Clawback     float64 // profit-cap clawback repaid to councils
	Tax          float64 // windfall tax paid
}

// OperatingProfit returns revenue − fixed cost − variable cost.
func (a Accounts) OperatingProfit() float64 {
	return a.Revenue - a.FixedCost - a.VariableCost
}

// Margin returns operating profit ÷ revenue, or 0 with no revenue.
func (a Accounts) Margin() float64 {
	if a.Revenue <= 0 {
		return 0
	}
	return a.OperatingProfit() / a.Revenue
}

// Add adds b to a.
func (a *Accounts) Add(b Accounts) {
	a.Revenue += b.Revenue
	a.FixedCost += b.FixedCost
	a.VariableCost += b.VariableCost
	a.Interest += b.Interest
	a.Clawback += b.Clawback
	a.Tax += b.Tax
}

// Finance is a provider's balance sheet and the state of its exit tests
// (docs/model.md §4.6).
type Finance struct {
	Cash float64 // £
	Debt float64 // borrowing, £ (net debt is Debt − Cash, see NetDebt)
	Rate float64 // annual interest rate on net debt, fixed until the next refinancing
	// Spread is the provider's margin over the base rate: each refinancing
	// sets Rate to the base rate then in force plus Spread.
	Spread   float64
	Leverage float64 // L: borrowing limit as a multiple of trailing EBITDA
	// TrailingEBITDA is operating profit over the last four quarters.
	TrailingEBITDA float64
	// CoverFailures counts consecutive quarters (from week 52, after any
	// start-up) in which interest exceeded operating profit.
	CoverFailures int
	// StartupCapacity is extra borrowing allowed during a new provider's
	// start-up, to cover its fill-up losses (26 weeks of cF·places).
	StartupCapacity float64
}

// BorrowingCapacity returns how much more the provider may borrow:
// (L+1)·trailing EBITDA − debt, plus any start-up allowance, never negative.
func (f Finance) BorrowingCapacity() float64 {
	c := (f.Leverage+1)*math.Max(0, f.TrailingEBITDA) - f.Debt + f.StartupCapacity
	return math.Max(0, c)
}

// NetDebt returns borrowing less cash; negative when cash exceeds debt.
func (f Finance) NetDebt() float64 { return f.Debt - f.Cash }

// QuarterlyInterest returns a quarter's interest on the provider's net
// debt (none when its cash covers its debt).
func (f Finance) QuarterlyInterest() float64 {
	return math.Max(0, f.NetDebt()) * f.Rate / 4
}

// Refinance rolls the provider's debt over at base plus its spread: the
// rate it pays from now until the next refinancing (never negative).
func (f *Finance) Refinance(base float64) {
	f.Rate = math.Max(0, base+f.Spread)
}

// Recapitalise raises the provider's net debt to its leverage target
// L·trailing EBITDA when that is positive and above its net debt, paying the new borrowing
// out to the owners (a dividend recapitalisation at refinancing, which
// keeps an owner's leverage as earnings grow); it never repays debt.
func (f *Finance) Recapitalise() {
	if target := f.Leverage * f.TrailingEBITDA; target > 0 && f.NetDebt() < target {
		f.Debt += target - f.NetDebt()
	}
}

// RecordCover counts a quarter of the interest-cover test: a quarter fails
// when the provider has net debt and its interest exceeds its operating
// profit; any other quarter resets the count of consecutive failures.
func (f *Finance) RecordCover(operatingProfit, interest float64) {
	if f.NetDebt() > 0 && interest > operatingProfit {
		f.CoverFailures++
	} else {
		f.CoverFailures = 0
	}
}

// Stressed reports whether the provider has missed interest cover in its
// latest quarter: it then closes its loss-making homes (docs/model.md §4.6).
func (f Finance) Stressed() bool { return f.CoverFailures > 0 }

// Fund pays amount from cash and then by borrowing within capacity. It
// reports false, and changes nothing, when the two together do not suffice.
// Cash above keep weeks' worth of costs is spent first.
func (f *Finance) Fund(amount, keep float64) bool {
	spare := math.Max(0, f.Cash-keep)
	if amount <= spare {
		f.Cash -= amount
		return true
	}
	rest := amount - spare
	if rest > f.BorrowingCapacity() {
		return false
	}
	f.Cash -= spare
	f.Debt += rest
	return true
}

// ExitReason says why a provider fails its exit test.
type ExitReason uint8

// Exit reasons (docs/model.md §4.6).
const (
	NoExit        ExitReason = iota
	Insolvent                // cash negative and no borrowing capacity left
	InterestCover            // net debt, and interest above operating profit for 4 quarters
)

// String returns the name of the ExitReason.
func (r ExitReason) String() string {
	switch r {
	case Insolvent:
		return "insolvent"
	case InterestCover:
		return "interest cover"
	default:
		return "none"
	}
}

// CoverQuarters is the number of consecutive quarters of interest above
// operating profit after which an indebted provider exits.
const CoverQuarters = 4

// ExitTest applies the exit test of docs/model.md §4.6 to a provider's finances:
// it exits when its cash is negative and it cannot borrow to cover it, or, if
// it has net debt (borrowing above its cash), when interest has exceeded
// operating profit for 4 quarters in a row.
func (f Finance) ExitTest() ExitReason {
	if f.Cash < 0 && -f.Cash > f.BorrowingCapacity() {
		return Insolvent
	}
	if f.NetDebt() > 0 && f.CoverFailures >= CoverQuarters {
		return InterestCover
	}
	return NoExit
}

// Provider is a supplier of placements: a children's home operator, an
// independent fostering agency, a supported-accommodation provider, a
// council's in-house service, or a region's unregistered pseudo-provider.
type Provider struct {
	ID        int32
	Ownership Ownership
	Region    int // region of its first unit, for reporting
	Terms     Terms
	Hurdle    float64 // real unlevered hurdle rate h
	// CostFactor is the provider's own fixed costs relative to its
	// region's (overheads, rents, management): 1 for councils and the
	// unregistered pseudo-providers (docs/model.md §4.1).
	CostFactor float64
	Finance    Finance
	Status     ProviderStatus
	// ExitWeek is the week the provider exited, or -1.
	ExitWeek int
	// StartupUntil is the first week after the provider's start-up, during
	// which it is exempt from the exit tests; 0 for none.
	StartupUntil int
	// Reports marks a provider under financial oversight: it reports its
	// finances and its exits are orderly.
	Reports bool
	// Homes, Schemes and Households count its open units; Places counts
	// registered children's-home places.
	Homes, Schemes, Households, Places int
	// Quarter and Year accumulate the current quarter's and financial year's
	// accounts; Last holds the last four completed quarters, newest first.
	Quarter, Year Accounts
	Last          [4]Accounts
	// Owner is the council index of an in-house provider, or -1.
	Owner int
}

// Market reports whether the provider sells placements in the market (not a
// council's in-house service and not an unregistered pseudo-provider).
func (p *Provider) Market() bool {
	return p.Ownership != CouncilOwned && p.Ownership != UnregisteredSupplier
}

// Units returns the size measure used by financial oversight: homes and
// supported schemes plus 0.1 × foster households (docs/model.md §6).
func (p *Provider) Units() float64 {
	return float64(p.Homes+p.Schemes) + 0.1*float64(p.Households)
}

// CloseQuarter moves the quarter's accounts into the history of the last
// four quarters and starts a new quarter.
func (p *Provider) CloseQuarter() {
	copy(p.Last[1:], p.Last[:3])
	p.Last[0] = p.Quarter
	p.Quarter = Accounts{}
	e := 0.0
	for _, a := range p.Last {
		e += a.OperatingProfit()
	}
	p.Finance.TrailingEBITDA = e
}

// WeeklyCosts returns the provider's average weekly operating cost over the
// last four quarters (used for cash buffers and dividends).
func (p *Provider) WeeklyCosts() float64 {
	c := 0.0
	for _, a := range p.Last {
		c += a.FixedCost + a.VariableCost + a.Interest
	}
	return c / WeeksPerYear
}
