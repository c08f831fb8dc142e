package market

import (
	"slices"

	"github.com/caremarket/caremarket/agents"
)

// investCell holds the investment test of one region and home kind.
type investCell struct {
	occ, usable int     // occupied and usable places, homes under construction counted
	price       float64 // p̂
	excess      [agents.NumOwnerships]float64
	large       [agents.NumOwnerships]float64 // excess for providers above the windfall threshold
}

// kindPlaces returns the registered places of a new home of kind k.
func kindPlaces(k agents.HomeKind) int { return k.Places() }

// expectedReturn returns the ROCE a provider of ownership o (large: above
// the windfall threshold) expects from a new home of kind k in region reg,
// with expected occupancy occ and price p̂, after any cap, clawback or tax in
// force (MODEL.md 4.4).
func (w *World) expectedReturn(o agents.Ownership, large bool, reg int, k agents.HomeKind, occ, price float64) float64 {
	s := homeSetting(k)
	places := kindPlaces(k)
	t := k.MainTier()
	cV := w.costs.variable[reg][s][t]
	cF := w.costs.fixed[reg][s]
	rules := &w.Rules
	alpha, shift := rules.Alpha(rules.Transparent(large))
	c := w.costs.unit[reg][s][t]
	if k == agents.SoloHome {
		c = agents.WholeHomeCost(cF, places, cV)
	}
	price = rules.ExpectedPrice(price, c, alpha, s, t)
	profit := agents.ExpectedAnnualProfit(places, occ, price, cV, cF)
	rev := agents.WeeksPerYear * float64(places) * occ * price
	profit = rules.ProfitAfterRules(profit, rev, shift, large)
	k0 := w.cfg.Investment.K0
	if k == agents.SupportedScheme {
		k0 *= w.cfg.Investment.SupportedK0
	}
	return agents.ROCE(profit, agents.Capital(k0, w.regions[reg].propIndex, places))
}

// hurdle returns the hurdle rate of ownership o in region reg, lower by
// Investment.ForecastHurdleCut under a co-op's forecasting switch.
func (w *World) hurdle(o agents.Ownership, reg int) float64 {
	h := w.cfg.Investment.Hurdle.At(o)
	if w.coopForecasting(reg) {
		h -= w.cfg.Investment.ForecastHurdleCut
	}
	return h
}

// coopForecasting reports whether region reg has a co-op with the
// forecasting switch on.
func (w *World) coopForecasting(reg int) bool {
	cr := &w.Rules.Coop
	if !cr.Active || !cr.Forecasting {
		return false
	}
	for _, c := range w.regions[reg].councils {
		if w.Councils[c].Coop >= 0 {
			return true
		}
	}
	return false
}

// investment runs the quarter's building and entry (MODEL.md 4.4).
func (w *World) investment() {
	inv := &w.cfg.Investment
	nr := len(w.regions)
	cells := w.scratch.invest[:0]
	for range nr * agents.NumHomeKinds {
		cells = append(cells, investCell{})
	}
	w.scratch.invest = cells
	cell := func(reg int, k agents.HomeKind) *investCell { return &cells[reg*agents.NumHomeKinds+int(k)] }
	// Occupancy by region and kind, homes under construction counted.
	for h := range w.Homes {
		hm := &w.Homes[h]
		switch hm.Status {
		case agents.Open:
			c := cell(int(hm.Region), hm.Kind)
			c.occ += int(hm.Occupied)
			if hm.Whole {
				c.occ += int(hm.Places) - 1
			}
			c.usable += w.effUsable(h)
			if hm.BlockCoop >= 0 {
				// contracted places count as full (ô = 1)
				c.occ += max(0, int(hm.BlockPlaces)-int(hm.Occupied))
			}
		case agents.Building:
			cell(int(hm.Region), hm.Kind).usable += int(hm.Usable)
		}
	}
	elig := w.eligibleByRegion()
	rOref := w.cfg.Costs.ORef
	large := func(pr *agents.Provider) bool {
		wt := &w.Rules.Windfall
		if !wt.Active {
			return pr.Reports
		}
		rev := 0.0
		for _, a := range pr.Last {
			rev += a.Revenue
		}
		return rev > wt.Threshold
	}
	r := w.rng[streamSupply]
	regBuilt := w.programs()
	for reg := 0; reg < nr; reg++ {
		// Expected returns by kind and ownership.
		forecast := w.coopForecasting(reg)
		var waitKind [agents.NumHomeKinds]int
		if forecast {
			waitKind = w.waitingByKind(reg)
		}
		for k := agents.HomeKind(0); k < agents.NumHomeKinds; k++ {
			c := cell(reg, k)
			o := rOref.Homes
			if k == agents.SupportedScheme {
				o = rOref.Supported
			}
			occ := agents.ExpectedOccupancy(o, c.occ, c.usable)
			if forecast {
				occ = agents.ForecastOccupancy(o, waitKind[k], w.buildingPlaces(reg, k), kindPlaces(k))
			}
			c.price = w.spotPrice(reg, k)
			for own := agents.PrivateEquity; own <= agents.NotForProfit; own++ {
				h := w.hurdle(own, reg)
				c.excess[own] = agents.Excess(w.expectedReturn(own, false, reg, k, occ, c.price), h)
				c.large[own] = agents.Excess(w.expectedReturn(own, true, reg, k, occ, c.price), h)
			}
		}
		// Eligible providers and the build rate.
		picks := elig[reg]
		total := 0.0
		for _, p := range picks {
			pr := &w.Providers[p]
			lg := large(pr)
			for k := agents.HomeKind(0); k < agents.NumHomeKinds; k++ {
				if lg {
					total += cell(reg, k).large[pr.Ownership]
				} else {
					total += cell(reg, k).excess[pr.Ownership]
				}
			}
		}
		capLeft := inv.RegistrationCap - regBuilt[reg]
		// Attempts beyond a few times the registration cap cannot add homes
		// (failed attempts lack funds or staff); bounding them keeps a huge
		// rate from stalling the week.
		builds := min(poisson(r, inv.Gamma*total), 4*capLeft)
		for b := 0; b < builds && capLeft > 0 && total > 0; b++ {
			if r.Float64() >= w.regions[reg].workFactor {
				continue // no staff for it
			}
			// A provider and kind with weight ∝ excess.
			u := r.Float64() * total
			var owner int32 = -1
			var kind agents.HomeKind
		find:
			for _, p := range picks {
				pr := &w.Providers[p]
				lg := large(pr)
				for k := agents.HomeKind(0); k < agents.NumHomeKinds; k++ {
					e := cell(reg, k).excess[pr.Ownership]
					if lg {
						e = cell(reg, k).large[pr.Ownership]
					}
					if u < e {
						owner, kind = p, k
						break find
					}
					u -= e
				}
			}
			if owner < 0 {
				continue
			}
			pr := &w.Providers[owner]
			k0 := inv.K0
			if kind == agents.SupportedScheme {
				k0 *= inv.SupportedK0
			}
			capital := agents.Capital(k0, w.regions[reg].propIndex, kindPlaces(kind))
			keep := w.cfg.Finance.CashWeeks * pr.WeeklyCosts()
			if !pr.Finance.Fund(capital, keep) {
				continue
			}
			w.build(owner, reg, kind)
			capLeft--
		}
		// Single-home private entrants.
		ent := 0.0
		for k := agents.HomeKind(0); k < agents.NumHomeKinds; k++ {
			ent += cell(reg, k).excess[agents.Private]
		}
		entrants := min(poisson(r, inv.Nu*ent), 4*max(0, capLeft))
		for e := 0; e < entrants && capLeft > 0 && ent > 0; e++ {
			if r.Float64() >= w.regions[reg].workFactor {
				continue
			}
			u := r.Float64() * ent
			kind := agents.HomeKind(0)
			for k := agents.HomeKind(0); k < agents.NumHomeKinds; k++ {
				if u < cell(reg, k).excess[agents.Private] {
					kind = k
					break
				}
				u -= cell(reg, k).excess[agents.Private]
			}
			w.enter(agents.Private, reg, kind, -1)
			capLeft--
		}
	}
}

// build starts a new home of kind in region reg for provider owner; it opens
// after the build lag, hosted by a council drawn ∝ children looked after.
func (w *World) build(owner int32, reg int, kind agents.HomeKind) int {
	r := w.rng[streamSupply]
	c := w.hostCouncil(r, reg)
	return w.addHome(r, owner, c, kind, kindPlaces(kind), w.week+w.cfg.Investment.BuildLagWeeks)
}

// enter creates a new provider of ownership o with one home of kind in
// region reg (at council c, or a drawn one when c < 0), funded by its owners'
// equity, with a start-up allowance to borrow its fill-up losses.
func (w *World) enter(o agents.Ownership, reg int, kind agents.HomeKind, c int) int32 {
	id := w.newProvider(o, reg)
	pr := &w.Providers[id]
	lag := w.cfg.Investment.BuildLagWeeks
	pr.StartupUntil = w.week + lag + agents.WeeksPerQuarter*w.cfg.Investment.StartupQuarters
	fixed := w.costs.fixed[reg][homeSetting(kind)] * float64(kindPlaces(kind))
	pr.Finance.StartupCapacity = w.cfg.Finance.StartupWeeks * fixed
	r := w.rng[streamSupply]
	if c < 0 {
		c = w.hostCouncil(r, reg)
	}
	w.addHome(r, id, c, kind, kindPlaces(kind), w.week+lag)
	w.stats.entries++
	return id
}

// buildingPlaces returns the usable places of homes of kind k under
// construction in region reg.
func (w *World) buildingPlaces(reg int, k agents.HomeKind) int {
	n := 0
	for _, h := range w.building {
		hm := &w.Homes[h]
		if int(hm.Region) == reg && hm.Kind == k && hm.Status == agents.Building {
			n += int(hm.Usable)
		}
	}
	return n
}

// waitingByKind counts the children of region reg's councils who are waiting
// or in unregistered settings, by the kind of home they need.
func (w *World) waitingByKind(reg int) [agents.NumHomeKinds]int {
	var out [agents.NumHomeKinds]int
	k := &w.kids
	for t := range w.seek {
		for _, id := range w.seek[t] {
			if !k.alive[id] || int(k.region[id]) != reg {
				continue
			}
			if s := k.setting[id]; s != agents.Seeking && s != agents.Unregistered {
				continue
			}
			switch k.tier[id] {
			case agents.VeryComplex:
				out[agents.SoloHome]++
			case agents.Complex:
				out[agents.ComplexHome]++
			default:
				if w.week-int(k.birth[id]) >= 16*agents.WeeksPerYear {
					out[agents.SupportedScheme]++
				} else {
					out[agents.StandardHome]++
				}
			}
		}
	}
	return out
}

// eligibleByRegion lists, for each region, the active market providers that
// may build there (MODEL.md 4.4): those with a home (open or being built) in
// the region or an adjacent one, and groups with GroupHomes or more homes
// anywhere. Lists are sorted by provider ID.
func (w *World) eligibleByRegion() [][]int32 {
	nr := len(w.regions)
	if len(w.scratch.elig) != nr {
		w.scratch.elig = make([][]int32, nr)
	}
	elig := w.scratch.elig
	for r := range elig {
		elig[r] = elig[r][:0]
	}
	ok := func(p int32) bool {
		pr := &w.Providers[p]
		return pr.Market() && pr.Status == agents.Active
	}
	for h := range w.Homes {
		hm := &w.Homes[h]
		if (hm.Status != agents.Open && hm.Status != agents.Building) || !ok(hm.Owner) {
			continue
		}
		r := int(hm.Region)
		elig[r] = append(elig[r], hm.Owner)
		for _, a := range w.regions[r].adjacent {
			elig[a] = append(elig[a], hm.Owner)
		}
	}
	groups := w.scratch.picks[:0]
	for p := range w.Providers {
		if ok(int32(p)) && w.Providers[p].Homes >= w.cfg.Investment.GroupHomes {
			groups = append(groups, int32(p))
		}
	}
	w.scratch.picks = groups
	for r := range elig {
		elig[r] = append(elig[r], groups...)
		slices.Sort(elig[r])
		elig[r] = slices.Compact(elig[r])
	}
	return elig
}
