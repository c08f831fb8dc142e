package market

import (
	"math"

	"github.com/caremarket/caremarket/agents"
)

// This file holds the policy arithmetic of the rules: every formula by which
// a rule in force changes a price, a payment or an expected return. Matching,
// April settlement, entry and investment call these methods rather than
// writing the formulas themselves (docs/model.md §6).

// Transparent reports whether a provider that reports under financial
// oversight (reports) is transparent about its costs: every provider is
// when the transparency rule covers all, and reporting providers are while
// oversight is in force.
func (r *Rules) Transparent(reports bool) bool {
	return r.Transparency.All || (r.Oversight.Active && reports)
}

// Alpha returns the cost over-statement α and the profit-shifting share of a
// provider's reports, transparent or not (docs/model.md §6).
func (r *Rules) Alpha(transparent bool) (alpha, shift float64) {
	tr := &r.Transparency
	if transparent {
		return tr.TransparentAlpha, tr.TransparentAlphaShift
	}
	return tr.Alpha, tr.AlphaShift
}

// PriceCeiling reports whether a profit cap in price-ceiling mode is in force.
func (pc *ProfitCapRule) PriceCeiling() bool { return pc.Active && pc.Mode == PriceCeiling }

// Clawing reports whether a profit cap in clawback mode is in force.
func (pc *ProfitCapRule) Clawing() bool { return pc.Active && pc.Mode == Clawback }

// CeilingAt returns the profit-cap price ceiling for a provider whose unit
// cost is c and who over-states it by alpha: ĉ(1+α)/(1 − rate).
func (pc *ProfitCapRule) CeilingAt(c, alpha float64) float64 {
	return c * (1 + alpha) / (1 - pc.Rate)
}

// ClawbackOf returns the clawback due on a year's profit and revenue when a
// share shift of the excess is booked as cost: (1 − shift)·max(0, profit −
// rate·revenue). It is 0 when no clawback cap is in force.
func (pc *ProfitCapRule) ClawbackOf(profit, revenue, shift float64) float64 {
	if !pc.Clawing() {
		return 0
	}
	excess := math.Max(0, profit-pc.Rate*revenue)
	return (1 - shift) * excess
}

// PhaseInSteps returns how many April steps remain to bring ongoing prices
// under a price ceiling in week week, or 0 when none is due.
func (pc *ProfitCapRule) PhaseInSteps(week int) int {
	if !pc.PriceCeiling() || week < pc.FromWeek || pc.StepsDone >= max(1, pc.PhaseInYears) {
		return 0
	}
	return max(1, pc.PhaseInYears) - pc.StepsDone
}

// PhaseIn returns the price after one phase-in step from price p (in pence)
// towards ceiling ceil with steps steps left; p itself when it is not above
// a positive ceiling.
func PhaseIn(p, ceil int64, steps int) int64 {
	if ceil > 0 && p > ceil {
		return p - (p-ceil)/int64(steps)
	}
	return p
}

// TaxOf returns the windfall tax due on a year's profit and revenue when a
// share shift of the excess is booked as cost: τ(1 − shift)·max(0, profit −
// θ·revenue). It is 0 when no windfall tax is in force.
func (wt *WindfallRule) TaxOf(profit, revenue, shift float64) float64 {
	if !wt.Active {
		return 0
	}
	return wt.Tau * (1 - shift) * math.Max(0, profit-wt.Theta*revenue)
}

// Applies reports whether the windfall tax applies to a year's revenue.
func (wt *WindfallRule) Applies(revenue float64) bool { return wt.Active && revenue > wt.Threshold }

// QuoteCeiling returns the ceiling on a new quote for setting s and tier t at
// unit cost c: the tighter of a price cap and, for a provider that sells in
// the market, a profit-cap price ceiling; 0 for none.
func (r *Rules) QuoteCeiling(market, transparent bool, s agents.Setting, t agents.Tier, c float64) float64 {
	ceil := 0.0
	if r.PriceCap.Active {
		ceil = r.PriceCap.Ceiling[s][t]
	}
	if pc := &r.ProfitCap; pc.PriceCeiling() && market {
		alpha, _ := r.Alpha(transparent)
		pcl := pc.CeilingAt(c, alpha)
		if ceil == 0 || pcl < ceil {
			ceil = pcl
		}
	}
	return ceil
}

// ExpectedPrice returns the expected price p̂ of a new home for setting s and
// tier t once the ceilings in force apply, for a provider with unit cost c
// over-stated by alpha.
func (r *Rules) ExpectedPrice(price, c, alpha float64, s agents.Setting, t agents.Tier) float64 {
	if pc := &r.ProfitCap; pc.PriceCeiling() {
		price = math.Min(price, pc.CeilingAt(c, alpha))
	}
	if r.PriceCap.Active {
		if c := r.PriceCap.Ceiling[s][t]; c > 0 {
			price = math.Min(price, c)
		}
	}
	return price
}

// ProfitAfterRules returns an expected annual profit after any clawback and,
// for a large provider, windfall tax, at expected revenue rev and profit
// shifting share shift (docs/model.md §4.5).
func (r *Rules) ProfitAfterRules(profit, rev, shift float64, large bool) float64 {
	if r.ProfitCap.Clawing() {
		profit -= r.ProfitCap.ClawbackOf(profit, rev, shift)
	}
	if large && r.Windfall.Active {
		profit -= r.Windfall.TaxOf(profit, rev, shift)
	}
	return profit
}
