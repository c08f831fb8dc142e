package market

// Start-up: the providers' opening balance sheets, the workforce and the
// derived supply figures (docs/model.md §4.6, §4.8, §5).

import (
	"math"

	"github.com/caremarket/caremarket/agents"
)

// initFinance gives each provider the balance sheet of docs/model.md §4.6 from its
// starting business: debt L·EBITDA₀, cash of 13 weeks' costs, and four past
// quarters like the first.
func (w *World) initFinance() {
	f := &w.cfg.Finance
	for p := range w.Providers {
		pr := &w.Providers[p]
		rev := poundsOf(w.acct.provRev[p])
		q := agents.Accounts{Revenue: agents.WeeksPerQuarter * rev, FixedCost: agents.WeeksPerQuarter * w.acct.provFix[p], VariableCost: agents.WeeksPerQuarter * w.acct.provVar[p]}
		ebitda := 4 * q.OperatingProfit()
		pr.Finance.Debt = pr.Finance.Leverage * math.Max(0, ebitda)
		q.Interest = pr.Finance.QuarterlyInterest()
		for i := range pr.Last {
			pr.Last[i] = q
		}
		pr.Finance.TrailingEBITDA = ebitda
		pr.Finance.Cash = f.CashWeeks * (w.acct.provFix[p] + w.acct.provVar[p])
	}
	w.updateMargins()
}

// drawLeverage draws a new provider's own leverage: its ownership's L times
// a mean-one lognormal with σ finance.leverage_spread for for-profit
// providers, L itself for the others (docs/model.md §4.6).
func (w *World) drawLeverage(o agents.Ownership) float64 {
	l := w.cfg.Finance.Leverage.At(o)
	if sd := w.cfg.Finance.LeverageSpread; sd > 0 && o.ForProfit() {
		l *= math.Exp(sd*w.rng[streamFinance].NormFloat64() - sd*sd/2)
	}
	return l
}

// openBalanceSheets sets each market provider's balance sheet again at the
// end of the warm-up, when the first reported year starts: net debt
// L·max(0, EBITDA) on the warm-up's four quarters and cash of
// finance.cash_weeks of its costs. The start-up accounts behind
// initFinance come from prices below the market's own (a large group's
// margin was 7% at week 0 and 22% by week 52), so leverage fixed there fell
// to about a third of L by the first reported year (docs/model.md §4.6).
func (w *World) openBalanceSheets() {
	f := &w.cfg.Finance
	for p := range w.Providers {
		pr := &w.Providers[p]
		if !pr.Market() || pr.Status != agents.Active || w.week < pr.StartupUntil {
			continue
		}
		pr.Finance.Cash = f.CashWeeks * pr.WeeklyCosts()
		pr.Finance.Debt = pr.Finance.Leverage*math.Max(0, pr.Finance.TrailingEBITDA) + pr.Finance.Cash
	}
}

// initWorkforce splits the care-staff pool across regions by their home
// places at the start, so staffing binds only as places grow faster than
// the pool (see docs/model.md for why not by children looked after).
func (w *World) initWorkforce() {
	places := make([]float64, len(w.regions))
	total := 0.0
	for h := range w.Homes {
		hm := &w.Homes[h]
		if hm.Kind != agents.SupportedScheme && hm.Status == agents.Open {
			places[hm.Region] += float64(hm.Places)
			total += float64(hm.Places)
		}
	}
	for i := range w.regions {
		rg := &w.regions[i]
		if total > 0 {
			rg.pool = w.cfg.Workforce.Pool * places[i] / total
		}
		rg.need = rg.pool
		rg.workFactor = 1
	}
}

// recountSupply records the derived supply figures after initialisation.
func (w *World) recountSupply() {
	places := 0
	for _, p := range w.stats.homePlaces {
		places += p
	}
	if places > 0 {
		w.staffRatio = w.cfg.Workforce.Pool / float64(places)
	}
}
