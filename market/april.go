package market

import (
	"math"

	"github.com/caremarket/caremarket/agents"
)

// april settles the financial year that ends this week and opens the next:
// clawback and windfall tax, price-ceiling phase-in, the care wages and the
// price uplift, dividends, placement-stability statistics and new accounts.
func (w *World) april() {
	w.settleProfitRules()
	w.phaseInCeiling()
	w.updateWages()
	w.dividends()
	w.stability()
	w.yearWarnings()
	for p := range w.Providers {
		w.Providers[p].Year = agents.Accounts{}
	}
}

// settleProfitRules applies a clawback profit cap and a windfall tax to the
// year's accounts. Providers book a share of excess profit as cost unless
// they are transparent (docs/model.md §6).
func (w *World) settleProfitRules() {
	pc := &w.Rules.ProfitCap
	wt := &w.Rules.Windfall
	if !pc.Clawing() && !wt.Active {
		return
	}
	for p := range w.Providers {
		pr := &w.Providers[p]
		if !pr.Market() || pr.Year.Revenue <= 0 {
			continue
		}
		_, shift := w.alpha(int32(p))
		profit := pr.Year.OperatingProfit()
		rev := pr.Year.Revenue
		if cb := pc.ClawbackOf(profit, rev, shift); cb > 0 {
			w.bookClawback(pr, cb)
			profit -= cb
		}
		if wt.Applies(rev) {
			if tax := wt.TaxOf(profit, rev, shift); tax > 0 {
				w.bookTax(pr, tax)
			}
		}
	}
}

// phaseInCeiling cuts ongoing prices above a profit-cap price ceiling in
// equal steps over PhaseInYears Aprils.
func (w *World) phaseInCeiling() {
	pc := &w.Rules.ProfitCap
	steps := pc.PhaseInSteps(w.week)
	if steps == 0 {
		return
	}
	k := &w.kids
	for id, alive := range k.alive {
		if !alive || k.block[id] {
			continue
		}
		s := k.hot[id].setting
		var cost float64
		var owner int32
		switch s {
		case agents.FosterIFA:
			hh := &w.Households[k.unit[id]]
			owner = hh.Owner
			cost = w.unitCostOf(owner, w.Councils[hh.Council].Region, s, k.hot[id].tier)
		case agents.ChildrensHome, agents.Supported:
			owner = w.Homes[k.unit[id]].Owner
			cost = w.homeUnitCost(int(k.unit[id]), k.hot[id].tier)
		default:
			continue
		}
		if !w.Providers[owner].Market() {
			continue
		}
		ceil := penceOf(w.ceiling(owner, s, k.hot[id].tier, cost))
		if p := k.price[id]; ceil > 0 && p > ceil {
			w.setPrice(int32(id), PhaseIn(p, ceil, steps))
		}
	}
	pc.StepsDone++
}

// recomputeCostRates rebuilds every provider's and home's cost rates from
// the current cost table (after a wage change).
func (w *World) recomputeCostRates() {
	a := &w.acct
	for p := range a.provFix {
		a.provFix[p] = 0
		if w.Providers[p].Ownership != agents.UnregisteredSupplier {
			a.provVar[p] = 0
		}
	}
	k := &w.kids
	for h := range w.Homes {
		hm := &w.Homes[h]
		a.homeVar[h] = 0
		if hm.Status == agents.Open || hm.Status == agents.Closing {
			a.provFix[hm.Owner] += w.homeFixed(h)
		}
		s := homeSetting(hm.Kind)
		for _, id := range hm.Children[:hm.Occupied] {
			vc := w.costs.variable[hm.Region][s][k.hot[id].tier]
			k.varCost[id] = vc
			a.homeVar[h] += vc
			a.provVar[hm.Owner] += vc
		}
	}
	for h := range w.Households {
		hh := &w.Households[h]
		if !hh.Active {
			continue
		}
		reg := w.Councils[hh.Council].Region
		s := w.hhSetting(h)
		a.provFix[hh.Owner] += w.hhFixed(h)
		for _, id := range hh.Children[:hh.Occupied] {
			vc := w.costs.variable[reg][s][k.hot[id].tier]
			k.varCost[id] = vc
			a.provVar[hh.Owner] += vc
		}
	}
}

// stability records the year's placement stability (DfE: share of children
// looked after at 31 March with one placement in the year, and with three or
// more; children in untraded settings count with one) and starts the count
// for the next year.
func (w *World) stability() {
	k := &w.kids
	one, three, n := 0, 0, 0
	for id, alive := range k.alive {
		if !alive {
			continue
		}
		if k.hot[id].setting == agents.Other {
			// Kinship care, placed with parents, placed for adoption: in
			// DfE's denominator, with one placement in the year.
			n++
			one++
			continue
		}
		p := k.placesYr[id]
		if p == 0 {
			continue
		}
		n++
		if p == 1 {
			one++
		}
		if p >= 3 {
			three++
		}
		if k.hot[id].setting == agents.Seeking {
			k.placesYr[id] = 0
		} else {
			k.placesYr[id] = 1
		}
	}
	if n == 0 {
		return
	}
	w.stats.stabilityOne = float64(one) / float64(n)
	w.stats.stabilityThree = float64(three) / float64(n)
	// The year's series take the value measured at its end.
	if w.week >= w.warmup {
		for _, m := range []Metric{StabilityOne, StabilityThreePlus} {
			s := w.res.Series[m]
			v := w.stats.stabilityOne
			if m == StabilityThreePlus {
				v = w.stats.stabilityThree
			}
			from := len(s) - (agents.WeeksPerYear - 1)
			for i := max(0, from); i < len(s); i++ {
				s[i] = v
			}
		}
	}
}

// fosterFlows approves new foster households and loses others (docs/model.md
// §4.7), each week at the annual rates: applied once a quarter, attrition
// displaced over a thousand children at once and the count of children
// waiting jumped at every quarter's end (see docs/model.md).
func (w *World) fosterFlows() {
	r := w.rng[streamFoster]
	fo := &w.cfg.Foster
	rule := &w.Rules.Foster
	ratio := 1.0
	extra := 0.0
	if rule.Active {
		ratio = rule.AllowanceRatio
		if w.week >= rule.FromWeek {
			weeks := max(1, rule.Weeks)
			due := rule.Extra * math.Min(1, float64(w.week+1-rule.FromWeek)/float64(weeks))
			extra = math.Max(0, due-rule.Done)
			rule.Done += extra
		}
	}
	n := poisson(r, fo.Approvals(1, ratio))
	w.fosterExtra += extra
	if e := math.Floor(w.fosterExtra); e > 0 {
		n += int(e)
		w.fosterExtra -= e
	}
	share := fo.IFAApprovalShare(-(ratio - 1))
	// Attrition first, so new households are not lost in their first week:
	// Binomial(active, weekly rate) leavers, drawn uniformly among active
	// households.
	active := w.stats.hhCouncil + w.stats.hhIFA
	for k := binomial(r, active, fo.LeaveProbability(1)); k > 0 && active > 0; {
		h := r.IntN(len(w.Households))
		if w.Households[h].Active {
			w.removeHousehold(h)
			k--
			active--
		}
	}
	if n == 0 {
		return
	}
	weights := w.scratch.floats[:0]
	for c := range w.Councils {
		weights = append(weights, w.Councils[c].ArrivalsPerWeek+1e-9)
	}
	w.scratch.floats = weights
	agencies := w.agenciesByRegion()
	for range n {
		c := weightedPick(r, weights)
		if c < 0 {
			break
		}
		owner := w.Councils[c].InHouse
		if r.Float64() < share {
			if as := agencies[w.Councils[c].Region]; len(as) > 0 {
				owner = as[r.IntN(len(as))]
			}
		}
		w.addHousehold(r, owner, c)
	}
}

// agenciesByRegion lists active agencies by their home region, one entry
// per 10 households (at least one), so recruits go mostly to larger ones.
func (w *World) agenciesByRegion() [][]int32 {
	if len(w.scratch.agencies) != len(w.regions) {
		w.scratch.agencies = make([][]int32, len(w.regions))
	}
	out := w.scratch.agencies
	for r := range out {
		out[r] = out[r][:0]
	}
	for p := range w.Providers {
		pr := &w.Providers[p]
		if !pr.Market() || pr.Status != agents.Active || pr.Households == 0 {
			continue
		}
		for range max(1, pr.Households/10) {
			out[pr.Region] = append(out[pr.Region], int32(p))
		}
	}
	return out
}

// yearWarnings tells the adviser, at the end of each reported year, when the
// market is somewhere the model was not calibrated for: a shortage far
// beyond anything observed, or providers leaving en masse.
func (w *World) yearWarnings() {
	if w.week < w.warmup {
		w.yearExits, w.yearProviders = 0, w.activeMarketProviders()
		return
	}
	year := w.startYear + (w.week-w.warmup)/agents.WeeksPerYear
	short := w.stats.setting[agents.Seeking] + w.stats.setting[agents.Unregistered]
	need := w.kids.n - w.stats.setting[agents.Other]
	if need > 0 && float64(short) > 0.1*float64(need) {
		w.Warn("at the end of %d/%02d, %.0f%% of children needing a placement were waiting or in unregistered settings: far beyond the shortage the model was calibrated on", year, (year+1)%100, 100*float64(short)/float64(need))
	}
	if w.yearProviders > 0 && float64(w.yearExits) > 0.1*float64(w.yearProviders) {
		w.Warn("in %d/%02d, %d of %d market providers exited: mass exits, beyond what the model was calibrated on", year, (year+1)%100, w.yearExits, w.yearProviders)
	}
	w.yearExits, w.yearProviders = 0, w.activeMarketProviders()
}

func (w *World) activeMarketProviders() int {
	n := 0
	for p := range w.Providers {
		if pr := &w.Providers[p]; pr.Market() && pr.Status == agents.Active {
			n++
		}
	}
	return n
}
