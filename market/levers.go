package market

// The levers: intent-level methods by which interventions put rules in force.
// Each sets its rule and brings the world into line with it at once (no
// resync call is left to the caller). The rule's arithmetic lives in the
// methods of the rule types (policy.go).

import "github.com/caremarket/caremarket/agents"

// SetProfitCap puts a profit cap in force from this week.
func (w *World) SetProfitCap(mode ProfitCapMode, rate float64, phaseInYears int) {
	w.Rules.ProfitCap = ProfitCapRule{Active: true, Mode: mode, Rate: rate, PhaseInYears: phaseInYears, FromWeek: w.week}
}

// SetTransparency makes every provider report its costs transparently.
func (w *World) SetTransparency() { w.Rules.Transparency.All = true }

// SetPriceCap puts weekly ceilings on new quotes (zero: none) in force.
func (w *World) SetPriceCap(ceiling [agents.NumSettings][agents.NumTiers]float64) {
	w.Rules.PriceCap = PriceCapRule{Active: true, Ceiling: ceiling}
}

// SetWindfall puts windfall tax rule in force: τ·max(0, profit − θ·revenue)
// each April for providers with annual revenue above the threshold.
func (w *World) SetWindfall(rule WindfallRule) {
	rule.Active = true
	w.Rules.Windfall = rule
}

// SetOversight puts financial oversight in force for providers with at
// least minUnits units and brings those providers under it now.
func (w *World) SetOversight(minUnits float64) {
	w.Rules.Oversight.Active = true
	w.Rules.Oversight.MinUnits = minUnits
	w.oversightCoverage()
}

// SetBaseRateRise raises the base rate by rise (a year, e.g. 0.03 for 3
// points) above finance.base_rate: providers pay it on their net debt from
// their next refinancing, and new providers from their start.
func (w *World) SetBaseRateRise(rise float64) { w.Rules.BaseRateRise = rise }

// SetCoopCommissioning puts co-operative commissioning under rule in force
// from this week with the given co-ops, and books each co-op's one-off
// capital rule.Capital.
func (w *World) SetCoopCommissioning(rule CoopRule, coops []agents.Coop) error {
	rule.Active = true
	rule.NextBlockWeek = w.week
	w.Rules.Coop = rule
	if err := w.SetCoops(coops); err != nil {
		return err
	}
	for k := range coops {
		if err := w.BookCoopCost(k, rule.Capital); err != nil {
			return err
		}
	}
	return nil
}

// StartProgram starts a building programme from this week: homes new homes
// over weeks weeks, sited in regions (all when empty); inHouse chooses
// councils' in-house building rather than not-for-profit entry.
func (w *World) StartProgram(inHouse bool, homes, weeks int, regions []int) {
	r := ProgramRule{Active: true, Homes: homes, Weeks: weeks, FromWeek: w.week, Regions: regions}
	if inHouse {
		w.Rules.InHouseBuild = r
	} else {
		w.Rules.NFP = r
	}
}

// StartFosterDrive starts a foster-carer recruitment drive from this week:
// extra approvals over weeks weeks, with council allowances at
// allowanceRatio of their base.
func (w *World) StartFosterDrive(extra float64, weeks int, allowanceRatio float64) {
	w.Rules.Foster = FosterRule{Active: true, Extra: extra, Weeks: weeks, FromWeek: w.week, AllowanceRatio: allowanceRatio}
}

// SetUnregistered sets the treatment of unregistered placements and
// reprices those in place, or under a ban ends them (the children wait).
func (w *World) SetUnregistered(mode UnregisteredMode, fine, conversionRate float64) {
	w.Rules.Unregistered = UnregisteredRule{Mode: mode, Fine: fine, ConversionRate: conversionRate}
	w.RepriceUnregistered()
}
