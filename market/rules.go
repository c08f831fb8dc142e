package market

import (
	"github.com/caremarket/caremarket/agents"
)

// ProfitCapMode says how a profit cap bites (docs/model.md §6).
type ProfitCapMode uint8

// Profit-cap modes.
const (
	// PriceCeiling caps new quotes at ĉ_reported/(1 − rate) and cuts ongoing
	// prices above it in equal steps over the next PhaseInYears Aprils.
	PriceCeiling ProfitCapMode = iota
	// Clawback repays max(0, profit − rate·revenue) to councils each April.
	Clawback
)

// String returns the name of the ProfitCapMode.
func (m ProfitCapMode) String() string {
	if m == Clawback {
		return "Clawback"
	}
	return "PriceCeiling"
}

// ProfitCapRule is a cap on for-profit operating margins.
type ProfitCapRule struct {
	Active       bool
	Mode         ProfitCapMode
	Rate         float64 // margin cap, e.g. 0.10
	PhaseInYears int     // Aprils over which ongoing prices are brought under a ceiling
	// FromWeek is the engine week the cap started; StepsDone counts the
	// phase-in steps applied so far.
	FromWeek  int
	StepsDone int
}

// PriceCapRule holds weekly price ceilings on new quotes, by setting and
// tier; zero means no ceiling.
type PriceCapRule struct {
	Active  bool
	Ceiling [agents.NumSettings][agents.NumTiers]float64
}

// WindfallRule is a windfall tax: τ·max(0, profit − θ·revenue) each April for
// providers whose annual revenue exceeds Threshold.
//
// Its yaml keys are those of the WindfallTax intervention of scenario
// files, which embeds it.
type WindfallRule struct {
	Active    bool    `yaml:"-" json:"-"`
	Tau       float64 `yaml:"tau"`       // tax rate, 0 to 1 (default 0.25)
	Theta     float64 `yaml:"theta"`     // margin above which profit is taxed, 0 to 1 (default 0.10)
	Threshold float64 `yaml:"threshold"` // £ annual revenue above which a provider pays (default 50m)
}

// TransparencyRule sets how providers report costs (docs/model.md §6):
// without transparency they report ĉ·(1+Alpha) and book AlphaShift of excess
// profit as cost; with it the smaller Transparent values apply.
type TransparencyRule struct {
	Alpha, AlphaShift                       float64 // without transparency
	TransparentAlpha, TransparentAlphaShift float64 // with transparency
	// All makes every provider transparent (a profit rule's precondition).
	All bool
}

// OversightRule is financial oversight of large providers.
type OversightRule struct {
	Active   bool
	MinUnits float64 // units (homes + schemes + 0.1 × households) that bring a provider under oversight
	// TransferWeeks is how long an orderly exit takes to pass homes on.
	TransferWeeks int
}

// CoopRule is regional co-operative commissioning (docs/model.md §6).
type CoopRule struct {
	Active bool
	// Coops are the co-operatives in force; councils point at theirs
	// through Council.Coop.
	Coops []agents.Coop
	// The four switches.
	PooledSearch, BuyerPower, BlockContracts, Forecasting bool
	// Q is the share of forecast demand offered as block places; Delta the
	// markup discount δ of the block price; DeltaAccept the discount δ_accept
	// a provider accepts against its spot yield; TermYears the block term.
	Q, Delta, DeltaAccept float64
	TermYears             int
	// RunningCost is a co-op's running cost a year and Capital its one-off
	// capital, both counted in spend.
	RunningCost, Capital float64
	// NextBlockWeek is the engine week of the next block-contract round.
	NextBlockWeek int
}

// ProgramRule funds a number of new homes over a span of weeks: NFP entry or
// councils' in-house building.
type ProgramRule struct {
	Active   bool
	Homes    int // homes funded in all
	Weeks    int // span over which they are commissioned
	FromWeek int
	// Regions, when not empty, limits siting to these region indices.
	Regions []int
	// Built counts homes commissioned so far, and PerRegion by region.
	Built     int
	PerRegion []int
}

// FosterRule is a foster-carer recruitment drive.
type FosterRule struct {
	Active bool
	// Extra approvals over Weeks weeks from FromWeek.
	Extra    float64
	Weeks    int
	FromWeek int
	// AllowanceRatio is the council allowance relative to its base (1 = no
	// change); it moves approvals by the elasticity and the agencies' share
	// through the logit.
	AllowanceRatio float64
	// Done counts extra approvals made so far.
	Done float64
}

// UnregisteredMode says how unregistered placements are treated.
type UnregisteredMode uint8

// Unregistered modes.
const (
	Allowed UnregisteredMode = iota // the fallback of docs/model.md §4.2
	Ban                             // no fallback: children wait at waiting cost
	Enforce                         // a fine is added to the unregistered price
)

// String returns the name of the UnregisteredMode.
func (m UnregisteredMode) String() string {
	switch m {
	case Ban:
		return "Ban"
	case Enforce:
		return "Enforce"
	}
	return "Allowed"
}

// UnregisteredRule is the treatment of unregistered placements.
type UnregisteredRule struct {
	Mode UnregisteredMode
	Fine float64 // £ a week added to the unregistered price under Enforce
	// Ceiling caps the weekly price of new unregistered placements by tier
	// (0 for none). It caps only the price paid, not the cost of a child
	// waiting.
	Ceiling [agents.NumTiers]float64
	// ConversionRate is the share a year of unregistered placements that
	// convert to registered homes (0.005 by default; 0.05 under Ban or
	// Enforce).
	ConversionRate float64
}

// Rules is the regulatory state of the market: the part of the world that
// interventions change. The engine reads it every week.
type Rules struct {
	ProfitCap    ProfitCapRule
	PriceCap     PriceCapRule
	Windfall     WindfallRule
	Transparency TransparencyRule
	Oversight    OversightRule
	Coop         CoopRule
	NFP          ProgramRule
	InHouseBuild ProgramRule
	Foster       FosterRule
	Unregistered UnregisteredRule
	// BaseRateRise is a rise in the base rate above finance.base_rate (a
	// year, e.g. 0.03 for 3 points): debt refinanced from then on pays it.
	BaseRateRise float64
}

// DefaultRules returns the rules of the baseline: no intervention in force.
func DefaultRules() Rules {
	return Rules{
		Transparency: TransparencyRule{Alpha: 0.10, AlphaShift: 0.5, TransparentAlpha: 0.02, TransparentAlphaShift: 0.1},
		Oversight:    OversightRule{MinUnits: 20, TransferWeeks: agents.WeeksPerQuarter},
		Coop:         CoopRule{Q: 0.5, Delta: 0.3, DeltaAccept: 0.1, TermYears: 3, RunningCost: 0.9e6, Capital: 5e6},
		Foster:       FosterRule{AllowanceRatio: 1},
		Unregistered: UnregisteredRule{ConversionRate: 0.005},
	}
}
