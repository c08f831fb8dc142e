package market

// Weekly pricing: reservation prices, unit costs, quotes and their
// ceilings, buyer shares, the unregistered price, and the record of spot
// prices that investment reads (docs/model.md §4.3).

import (
	"github.com/caremarket/caremarket/agents"
)

// quoteFor returns the price provider owner quotes for child id in a unit
// of setting s in region reg with unit cost c, given n offers.
func (w *World) quoteFor(id int32, owner int32, s agents.Setting, reg int, c, rsv float64, n int) (float64, bool) {
	pr := &w.Providers[owner]
	if pr.Ownership == agents.CouncilOwned {
		return c, true
	}
	return pr.Terms.Quote(c, rsv, n, w.cfg.Pricing.Beta, w.buyerShare(int(w.kids.council[id])), w.ceiling(owner, s, w.kids.tier[id], c))
}

// reservation returns R for child tier t in setting s.
func (w *World) reservation(s agents.Setting, t agents.Tier) float64 {
	return agents.Reservation(w.punreg[t], w.cfg.Pricing.Rho, w.cfg.Pricing.PRef.At(s))
}

// homeUnitCost returns ĉ for a child of tier t in home h: the whole-home
// cost for a VeryComplex child, else the unit cost at oRef.
func (w *World) homeUnitCost(h int, t agents.Tier) float64 {
	hm := &w.Homes[h]
	s := homeSetting(hm.Kind)
	if t == agents.VeryComplex && s == agents.ChildrensHome {
		return agents.WholeHomeCost(w.costs.fixed[hm.Region][s], int(hm.Places), w.costs.variable[hm.Region][s][t])
	}
	return w.costs.unit[hm.Region][s][t]
}

// buyerShare returns the share of regional placements of the buyer that
// commissions for council c (docs/model.md §4.3).
func (w *World) buyerShare(c int) float64 {
	if c < 0 || c >= len(w.sB) {
		return 0
	}
	return w.sB[c]
}

// updateBuyerShares sets each buyer's share of its region's placements,
// from the given shares or, when nil, from current placements. Co-op
// members with the buyer-power switch take their co-op's share.
func (w *World) updateBuyerShares(given []float64) {
	if w.sB == nil {
		w.sB = make([]float64, len(w.Councils))
	}
	if given != nil {
		copy(w.sB, given)
		return
	}
	placed := make([]float64, len(w.Councils))
	reg := make([]float64, len(w.regions))
	for id, alive := range w.kids.alive {
		if !alive {
			continue
		}
		switch w.kids.setting[id] {
		case agents.Other, agents.Seeking:
			continue
		}
		c := w.kids.council[id]
		placed[c]++
		reg[w.Councils[c].Region]++
	}
	for c := range w.Councils {
		share := placed[c]
		if k := w.Councils[c].Coop; k >= 0 && w.Rules.Coop.Active && w.Rules.Coop.BuyerPower {
			share = 0
			for _, m := range w.Rules.Coop.Coops[k].Members {
				if w.Councils[m].Region == w.Councils[c].Region {
					share += placed[m]
				}
			}
		}
		if rp := reg[w.Councils[c].Region]; rp > 0 {
			w.sB[c] = share / rp
		} else {
			w.sB[c] = 0
		}
	}
}

// recordSpot adds a spot placement's price to its region's and kind's
// running mean for the investment test.
func (w *World) recordSpot(h int, price int64, block bool) {
	hm := &w.Homes[h]
	if block || w.Providers[hm.Owner].Ownership == agents.CouncilOwned {
		return
	}
	rg := &w.regions[hm.Region]
	rg.spotSum[hm.Kind][0] += poundsOf(price)
	rg.spotCount[hm.Kind][0]++
}

// spotPrice returns p̂ for region reg and kind k: the mean spot price of
// placements started in the last 4 quarters, or pRef when none.
func (w *World) spotPrice(reg int, k agents.HomeKind) float64 {
	rg := &w.regions[reg]
	sum, n := 0.0, 0
	for q := range 4 {
		sum += rg.spotSum[k][q]
		n += rg.spotCount[k][q]
	}
	if n == 0 {
		return w.cfg.Pricing.PRef.At(homeSetting(k))
	}
	return sum / float64(n)
}

// ceiling returns the ceiling on provider owner's new quote for a child of
// tier t in setting s at unit cost c (Rules.QuoteCeiling); 0 for none.
func (w *World) ceiling(owner int32, s agents.Setting, t agents.Tier, c float64) float64 {
	pr := &w.Providers[owner]
	return w.Rules.QuoteCeiling(pr.Market(), w.Rules.Transparent(pr.Reports), s, t, c)
}

// alpha returns the cost over-statement α and profit-shifting share of a
// provider's reports (docs/model.md §6).
func (w *World) alpha(owner int32) (alpha, shift float64) {
	return w.Rules.Alpha(w.Rules.Transparent(w.Providers[owner].Reports))
}

// unregPrice returns the weekly price of an unregistered placement.
func (w *World) unregPrice(t agents.Tier) float64 {
	p := w.punreg[t]
	if w.Rules.Unregistered.Mode == Enforce {
		p += w.Rules.Unregistered.Fine
	}
	if c := w.Rules.Unregistered.Ceiling[t]; c > 0 && p > c {
		p = c
	}
	return p
}
