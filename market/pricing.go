package market

// Weekly pricing: reservation prices, unit costs, quotes and their
// ceilings, buyer shares, the unregistered price, and the record of spot
// prices that investment reads (docs/model.md §4.3).

import (
	"math"

	"github.com/caremarket/caremarket/agents"
)

// quoteFor returns the price provider owner asks for child id in a unit of
// setting s in region reg at its unit cost c, given the child's reservation
// price rsv and n offers, and whether it offers at all: a council's in-house
// service charges its cost; a market provider quotes with its markup scaled
// by the region's scarcity (docs/model.md §4.3), and makes no offer when its
// own cost exceeds rsv or a ceiling in force.
func (w *World) quoteFor(id int32, owner int32, s agents.Setting, reg int, c, rsv float64, n int) (float64, bool) {
	pr := &w.Providers[owner]
	if pr.Ownership == agents.CouncilOwned {
		return c, true
	}
	t := w.kids.hot[id].tier
	return pr.Terms.Scarce(w.scarcity(reg, s, t)).Quote(c, rsv, n, w.cfg.Pricing.Beta, w.buyerShare(int(w.kids.hot[id].council)), w.ceiling(owner, s, t, c))
}

// reservation returns R for child tier t in setting s: ρ·pRef(s) moved by
// the index of recent agreed prices of that setting and need, within the
// budget limit (docs/model.md §4.3).
func (w *World) reservation(s agents.Setting, t agents.Tier) float64 {
	return agents.Reservation(w.reservationCap(t), w.cfg.Pricing.Rho, w.cfg.Pricing.PRef.At(s)*w.priceIndex(s, t))
}

// homeUnitCost returns ĉ for a child of tier t in home h: the whole-home
// cost for a VeryComplex child, else the unit cost at oRef.
func (w *World) homeUnitCost(h int, t agents.Tier) float64 {
	hm := &w.Homes[h]
	s := homeSetting(hm.Kind)
	f := w.Providers[hm.Owner].CostFactor
	if t == agents.VeryComplex && s == agents.ChildrensHome {
		return agents.WholeHomeCost(f*w.costs.fixed[hm.Region][s], int(hm.Places), w.costs.variable[hm.Region][s][t])
	}
	return w.unitCostAt(f, int(hm.Region), s, t)
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
		switch w.kids.hot[id].setting {
		case agents.Other, agents.Seeking:
			continue
		}
		c := w.kids.hot[id].council
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

// priceState is what moves prices between weeks (docs/model.md §4.3): the
// scarcity factor of providers' markups by region, setting and tier, and
// the index of agreed prices behind councils' reservation prices: the
// recent mean price P(s, t) of new placements of each setting and need
// against its mean P₀(s, t) in the warm-up, with the agreed spot prices
// not yet counted.
type priceState struct {
	scarce  [][agents.NumSettings][agents.NumTiers]float64 // markup factor max(0, 1 + η·z)
	ref     [agents.NumSettings][agents.NumTiers]float64   // recent mean agreed price P(s, t), £ a week
	base    [agents.NumSettings][agents.NumTiers]float64   // P₀(s, t): the warm-up's mean; 0 until set
	sum     [agents.NumSettings][agents.NumTiers]float64   // agreed spot prices not yet counted, £
	n       [agents.NumSettings][agents.NumTiers]int       // and their number
	minCost float64                                        // lowest provider cost factor so far
	// scratch for updateScarcity, by region
	places, occupied [][agents.NumSettings]float64
	// running counts of market places and occupied places by region and
	// setting (countHomePlaces)
	run     [][agents.NumSettings][2]int64
	waiting [][agents.NumTiers]int
}

// initPrices sizes the price state: no scarcity markup (factor 1) and no
// price index yet.
func (w *World) initPrices() {
	ps := &w.price
	nr := len(w.regions)
	ps.scarce = make([][agents.NumSettings][agents.NumTiers]float64, nr)
	ps.places = make([][agents.NumSettings]float64, nr)
	ps.occupied = make([][agents.NumSettings]float64, nr)
	ps.run = make([][agents.NumSettings][2]int64, nr)
	ps.waiting = make([][agents.NumTiers]int, nr)
	for r := range ps.scarce {
		for s := range ps.scarce[r] {
			for t := range ps.scarce[r][s] {
				ps.scarce[r][s][t] = 1
			}
		}
	}
}

// drawCostFactor draws a new provider's own cost factor: mean-one
// lognormal with σ costs.provider_spread for market providers, 1 for
// councils and unregistered suppliers (docs/model.md §4.1).
func (w *World) drawCostFactor(o agents.Ownership) float64 {
	f := 1.0
	if sd := w.cfg.Costs.ProviderSpread; sd > 0 && o != agents.CouncilOwned && o != agents.UnregisteredSupplier {
		f = math.Exp(sd*w.rng[streamCosts].NormFloat64() - sd*sd/2)
	}
	if w.price.minCost == 0 || f < w.price.minCost {
		w.price.minCost = f
	}
	return f
}

// oRefOf returns the reference occupancy of setting s.
func (w *World) oRefOf(s agents.Setting) float64 {
	o := &w.cfg.Costs.ORef
	switch s {
	case agents.ChildrensHome:
		return o.Homes
	case agents.Supported:
		return o.Supported
	}
	return o.Foster
}

// unitCostAt returns ĉ in region reg for setting s and tier t of a
// provider whose fixed costs are f times its region's.
func (w *World) unitCostAt(f float64, reg int, s agents.Setting, t agents.Tier) float64 {
	return w.costs.unit[reg][s][t] + (f-1)*w.costs.fixed[reg][s]/w.oRefOf(s)
}

// unitCostOf returns provider owner's own unit cost ĉ in region reg for
// setting s and tier t.
func (w *World) unitCostOf(owner int32, reg int, s agents.Setting, t agents.Tier) float64 {
	return w.unitCostAt(w.Providers[owner].CostFactor, reg, s, t)
}

// scarcity returns the factor on provider markups in region reg for
// setting s and tier t this week.
func (w *World) scarcity(reg int, s agents.Setting, t agents.Tier) float64 {
	return w.price.scarce[reg][s][t]
}

// updateScarcity recomputes each region's tightness and the scarcity
// factor of markups (docs/model.md §4.3): occupancy of registered (homes,
// supported) or approved (agency foster) places of market providers, and the
// children of each tier waiting or in unregistered settings in the region,
// against the region's vacancies.
func (w *World) updateScarcity() {
	eta := w.cfg.Pricing.Scarcity
	if eta == 0 {
		return
	}
	ps := &w.price
	for r := range ps.run {
		for s := range ps.run[r] {
			ps.places[r][s] = float64(ps.run[r][s][0])
			ps.occupied[r][s] = float64(ps.run[r][s][1])
		}
	}
	clear(ps.waiting)
	k := &w.kids
	for t := range w.seek {
		for _, id := range w.seek[t] {
			if k.alive[id] && (k.hot[id].setting == agents.Seeking || k.hot[id].setting == agents.Unregistered) {
				ps.waiting[k.hot[id].region][t]++
			}
		}
	}
	for r := range ps.scarce {
		for _, s := range [...]agents.Setting{agents.FosterIFA, agents.ChildrensHome, agents.Supported} {
			o := 0.0
			if ps.places[r][s] > 0 {
				o = ps.occupied[r][s] / ps.places[r][s]
			}
			v := w.regionVacancies(r, s)
			for t := range ps.scarce[r][s] {
				ps.scarce[r][s][t] = agents.ScarcityFactor(eta, agents.Tightness(o, w.oRefOf(s), ps.waiting[r][t], v))
			}
		}
	}
}

// countMarketPlaces adds up, by region and setting, the places and
// occupied places of market providers' open units by scanning them all.
// updateScarcity reads the running counts instead (marketCount); Check
// compares the two.
func (w *World) countMarketPlaces() {
	ps := &w.price
	for h := range w.Homes {
		hm := &w.Homes[h]
		if hm.Status != agents.Open || !w.Providers[hm.Owner].Market() {
			continue
		}
		s := homeSetting(hm.Kind)
		ps.places[hm.Region][s] += float64(hm.Places)
		ps.occupied[hm.Region][s] += float64(hm.Occupied)
	}
	for h := range w.Households {
		hh := &w.Households[h]
		if !hh.Active || !w.Providers[hh.Owner].Market() {
			continue
		}
		reg := w.Councils[hh.Council].Region
		ps.places[reg][agents.FosterIFA] += float64(hh.Approved)
		ps.occupied[reg][agents.FosterIFA] += float64(hh.Occupied)
	}
}

// countHomePlaces adds sign (+1 or −1) times home h's places and occupied
// places to the running counts of market places when it counts in them (an
// open home of a market provider). The weekly scan of every home and
// household that updateScarcity made (countMarketPlaces) was 6% of a run;
// instead every change to what it reads is counted where it is made: a
// home's status or owner changes between a call with −1 and one with +1,
// and a placement moves the occupied count by one (countOccupied). The
// counts are whole numbers, so the float64 values updateScarcity makes of
// them equal the scan's sums exactly; Check compares the two.
func (w *World) countHomePlaces(h int, sign int64) {
	hm := &w.Homes[h]
	if hm.Status != agents.Open || !w.Providers[hm.Owner].Market() {
		return
	}
	r := &w.price.run[hm.Region][homeSetting(hm.Kind)]
	r[0] += sign * int64(hm.Places)
	r[1] += sign * int64(hm.Occupied)
}

// countHouseholdPlaces is countHomePlaces for foster household h (it counts
// when active with a market provider).
func (w *World) countHouseholdPlaces(h int, sign int64) {
	hh := &w.Households[h]
	if !hh.Active || !w.Providers[hh.Owner].Market() {
		return
	}
	r := &w.price.run[w.Councils[hh.Council].Region][agents.FosterIFA]
	r[0] += sign * int64(hh.Approved)
	r[1] += sign * int64(hh.Occupied)
}

// countOccupied adds sign to the occupied places counted for a unit of
// region reg and setting s whose owner is a market provider, when the unit
// counts (counted: an open home or an active household).
func (w *World) countOccupied(reg int, s agents.Setting, owner int32, counted bool, sign int64) {
	if counted && w.Providers[owner].Market() {
		w.price.run[reg][s][1] += sign
	}
}

// checkMarketCounts compares the running counts of market places with a
// scan of every unit.
func (w *World) checkMarketCounts() error {
	ps := &w.price
	clear(ps.places)
	clear(ps.occupied)
	w.countMarketPlaces()
	for r := range ps.run {
		for s := range ps.run[r] {
			if float64(ps.run[r][s][0]) != ps.places[r][s] || float64(ps.run[r][s][1]) != ps.occupied[r][s] {
				return broken("market places", "region %d setting %v: running %v, counted %v places and %v occupied",
					r, agents.Setting(s), ps.run[r][s], ps.places[r][s], ps.occupied[r][s])
			}
		}
	}
	return nil
}

// regionVacancies returns the market vacancies of setting s in region reg.
func (w *World) regionVacancies(reg int, s agents.Setting) int {
	var slots []slot
	switch s {
	case agents.FosterIFA:
		slots = []slot{slotFosterStd, slotFosterCx}
	case agents.ChildrensHome:
		slots = []slot{slotHomeStd, slotHomeCx, slotHomeSolo}
	case agents.Supported:
		slots = []slot{slotSupported}
	}
	n := 0
	for _, sl := range slots {
		n += w.vac.regionCount(reg, sl)
	}
	return n
}

// recordAgreed adds an agreed spot price of setting s for tier t to the
// quarter's record that moves the reference prices.
func (w *World) recordAgreed(s agents.Setting, t agents.Tier, price int64) {
	w.price.sum[s][t] += poundsOf(price)
	w.price.n[s][t]++
}

// updateReservations runs at the end of each quarter (docs/model.md §4.3).
// Until the warm-up is over it only records agreed prices; at its end P₀
// and P are the warm-up's mean agreed price of each setting and need. After
// that, P moves towards the quarter's mean at the half-life
// pricing.reservation_half_life_weeks (0 keeps it at P₀).
func (w *World) updateReservations() {
	ps := &w.price
	if w.week+1 < w.warmup {
		return
	}
	hl := w.cfg.Pricing.ReservationHalfLifeWeeks
	step := 0.0
	if hl > 0 {
		step = 1 - math.Pow(0.5, float64(agents.WeeksPerQuarter)/float64(hl))
	}
	for s := range ps.ref {
		for t := range ps.ref[s] {
			n := ps.n[s][t]
			switch {
			case n == 0:
			case ps.base[s][t] == 0:
				ps.base[s][t] = ps.sum[s][t] / float64(n)
				ps.ref[s][t] = ps.base[s][t]
			default:
				ps.ref[s][t] += step * (ps.sum[s][t]/float64(n) - ps.ref[s][t])
			}
			ps.sum[s][t], ps.n[s][t] = 0, 0
		}
	}
}

// priceIndex returns P(s, t)/P₀(s, t), the agreed prices of setting s and
// tier t against the warm-up's; 1 before the index starts.
func (w *World) priceIndex(s agents.Setting, t agents.Tier) float64 {
	if b := w.price.base[s][t]; b > 0 {
		return w.price.ref[s][t] / b
	}
	return 1
}

// reservationCap returns the budget limit on a reservation price for tier
// t: pricing.reservation_cap, or the unregistered price where it is 0.
func (w *World) reservationCap(t agents.Tier) float64 {
	if c := w.cfg.Pricing.ReservationCap.At(t); c > 0 {
		return c
	}
	return w.punreg[t]
}
