package market

import (
	"math/bits"
	"math/rand/v2"
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
// force (docs/model.md §4.5).
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

// investment runs the quarter's building and entry (docs/model.md §4.5).
func (w *World) investment() {
	if w.meanUnits0 == 0 {
		w.meanUnits0 = w.meanUnits()
	}
	if w.week >= w.warmup {
		w.acquisitions()
	}
	w.investOccupancy()
	elig := w.eligibleByRegion()
	r := w.rng[streamSupply]
	regBuilt := w.programs()
	if w.week >= w.warmup {
		w.councilBuilding(regBuilt)
	}
	for reg := range w.regions {
		w.investReturns(reg)
		capLeft := w.cfg.Investment.RegistrationCap - regBuilt[reg]
		capLeft = w.investBuilds(r, reg, elig[reg], capLeft)
		w.investEntrants(r, reg, capLeft)
	}
}

// attemptsPerRegistration bounds a region's build and entry attempts in a
// quarter to this many times its registrations left: attempts beyond it
// cannot add homes, and the bound keeps a huge rate from stalling the week.
const attemptsPerRegistration = 4

// investCell returns the investment test of region reg and kind k.
func (w *World) investCell(reg int, k agents.HomeKind) *investCell {
	return &w.scratch.invest[reg*agents.NumHomeKinds+int(k)]
}

// investOccupancy clears the investment tests and counts occupied and usable
// places by region and kind, homes under construction counted.
func (w *World) investOccupancy() {
	cells := w.scratch.invest[:0]
	for range len(w.regions) * agents.NumHomeKinds {
		cells = append(cells, investCell{})
	}
	w.scratch.invest = cells
	for h := range w.Homes {
		hm := &w.Homes[h]
		switch hm.Status {
		case agents.Open:
			c := w.investCell(int(hm.Region), hm.Kind)
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
			w.investCell(int(hm.Region), hm.Kind).usable += int(hm.Usable)
		}
	}
}

// largeInvestor reports whether provider pr counts as large in the
// investment test: above the windfall threshold over its last four quarters
// when a windfall tax is in force, else under oversight.
func (w *World) largeInvestor(pr *agents.Provider) bool {
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

// investReturns sets region reg's expected price and excess returns by kind
// and ownership.
func (w *World) investReturns(reg int) {
	rOref := w.cfg.Costs.ORef
	forecast := w.coopForecasting(reg)
	var waitKind [agents.NumHomeKinds]int
	if forecast {
		waitKind = w.waitingByKind(reg)
	}
	for k := agents.HomeKind(0); k < agents.NumHomeKinds; k++ {
		c := w.investCell(reg, k)
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
}

// investExcess returns provider pr's excess return on a home of kind k in
// region reg.
func (w *World) investExcess(pr *agents.Provider, lg bool, reg int, k agents.HomeKind) float64 {
	if lg {
		return w.investCell(reg, k).large[pr.Ownership]
	}
	return w.investCell(reg, k).excess[pr.Ownership]
}

// investBuilds runs region reg's builds by its eligible providers picks,
// with capLeft registrations left, and returns the registrations left.
// A provider's pull is its excess returns weighted by its capacity and its
// access to capital (buildWeights), so the region's build rate scales with
// the places providers run, not with how many providers there are.
func (w *World) investBuilds(r *rand.Rand, reg int, picks []int32, capLeft int) int {
	inv := &w.cfg.Investment
	wts := w.buildWeights(reg, picks)
	total := 0.0
	for i, p := range picks {
		pr := &w.Providers[p]
		lg := w.largeInvestor(pr)
		for k := agents.HomeKind(0); k < agents.NumHomeKinds; k++ {
			total += wts[i] * w.investExcess(pr, lg, reg, k)
		}
	}
	// Attempts beyond a few times the registration cap cannot add homes
	// (failed attempts lack funds or staff); bounding them keeps a huge
	// rate from stalling the week.
	builds := min(poisson(r, inv.Gamma*total), attemptsPerRegistration*capLeft)
	for b := 0; b < builds && capLeft > 0 && total > 0; b++ {
		if r.Float64() >= w.regions[reg].workFactor {
			continue // no staff for it
		}
		// A provider and kind with weight ∝ weighted excess.
		owner, kind := w.pickBuilder(reg, picks, wts, r.Float64()*total)
		if owner < 0 {
			continue
		}
		pr := &w.Providers[owner]
		capital := w.capital(reg, kind)
		keep := w.cfg.Finance.CashWeeks * pr.WeeklyCosts()
		if !pr.Finance.Fund(capital, keep) {
			continue
		}
		w.build(owner, reg, kind)
		capLeft--
	}
	return capLeft
}

// buildWeights returns the build weight of each provider of picks in region
// reg (agents.BuildWeight): its open homes and schemes relative to the mean
// provider's at the start, shared between the regions where it may build,
// times its access to the capital of a Standard home in the region.
func (w *World) buildWeights(reg int, picks []int32) []float64 {
	wts := w.scratch.weights[:0]
	k := w.capital(reg, agents.StandardHome)
	for _, p := range picks {
		pr := &w.Providers[p]
		keep := w.cfg.Finance.CashWeeks * pr.WeeklyCosts()
		acc := agents.CapitalAccess(pr.Finance, keep, k)
		wts = append(wts, agents.BuildWeight(pr.Homes+pr.Schemes, w.meanUnits0, int(w.scratch.nElig[p]), acc))
	}
	w.scratch.weights = wts
	return wts
}

// pickBuilder returns the provider among picks and the kind of home at
// position u of their weighted excess returns laid end to end, or -1.
func (w *World) pickBuilder(reg int, picks []int32, wts []float64, u float64) (int32, agents.HomeKind) {
	for i, p := range picks {
		pr := &w.Providers[p]
		lg := w.largeInvestor(pr)
		for k := agents.HomeKind(0); k < agents.NumHomeKinds; k++ {
			e := wts[i] * w.investExcess(pr, lg, reg, k)
			if u < e {
				return p, k
			}
			u -= e
		}
	}
	return -1, 0
}

// investEntrants runs region reg's single-home private entrants with
// capLeft registrations left.
func (w *World) investEntrants(r *rand.Rand, reg int, capLeft int) {
	ent := 0.0
	for k := agents.HomeKind(0); k < agents.NumHomeKinds; k++ {
		ent += w.investCell(reg, k).excess[agents.Private]
	}
	entrants := min(poisson(r, w.cfg.Investment.Nu*ent), attemptsPerRegistration*max(0, capLeft))
	for e := 0; e < entrants && capLeft > 0 && ent > 0; e++ {
		if r.Float64() >= w.regions[reg].workFactor {
			continue
		}
		u := r.Float64() * ent
		kind := agents.HomeKind(0)
		for k := agents.HomeKind(0); k < agents.NumHomeKinds; k++ {
			if u < w.investCell(reg, k).excess[agents.Private] {
				kind = k
				break
			}
			u -= w.investCell(reg, k).excess[agents.Private]
		}
		w.enter(agents.Private, reg, kind, -1)
		capLeft--
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
	w.bookEntry()
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
			if !k.alive[id] || int(k.hot[id].region) != reg {
				continue
			}
			if s := k.hot[id].setting; s != agents.Seeking && s != agents.Unregistered {
				continue
			}
			switch k.hot[id].tier {
			case agents.VeryComplex:
				out[agents.SoloHome]++
			case agents.Complex:
				out[agents.ComplexHome]++
			default:
				if w.week-int(k.hot[id].birth) >= 16*agents.WeeksPerYear {
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
// may build there (docs/model.md §4.5): those with a home (open or being built) in
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
	if nr <= 64 {
		w.markEligible(elig)
	} else {
		w.sortEligible(elig)
	}
	w.countEligible(elig)
	return elig
}

// sortEligible is eligibleByRegion for any number of regions: each region's
// list gathers its providers with repeats and is sorted and compacted.
func (w *World) sortEligible(elig [][]int32) {
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
}

// markEligible is eligibleByRegion for at most 64 regions: each provider's
// regions are marked in one bit mask, in one pass over the homes, and the
// lists are read off in provider order, so they come out sorted and without
// repeats (as the sort and compact of the general case leave them) without
// sorting every region's list every quarter (3% of a run).
func (w *World) markEligible(elig [][]int32) {
	np := len(w.Providers)
	marks := w.scratch.eligMarks[:0]
	for range np {
		marks = append(marks, 0)
	}
	w.scratch.eligMarks = marks
	for h := range w.Homes {
		hm := &w.Homes[h]
		if hm.Status != agents.Open && hm.Status != agents.Building {
			continue
		}
		r := int(hm.Region)
		m := marks[hm.Owner] | 1<<uint(r)
		for _, a := range w.regions[r].adjacent {
			m |= 1 << uint(a)
		}
		marks[hm.Owner] = m
	}
	all := uint64(1)<<uint(len(elig)) - 1
	if len(elig) == 64 {
		all = ^uint64(0)
	}
	for p := range w.Providers {
		pr := &w.Providers[p]
		m := marks[p]
		if !pr.Market() || pr.Status != agents.Active {
			continue
		}
		if pr.Homes >= w.cfg.Investment.GroupHomes {
			m = all
		}
		for ; m != 0; m &= m - 1 {
			r := bits.TrailingZeros64(m)
			elig[r] = append(elig[r], int32(p))
		}
	}
}

// countEligible sets scratch.nElig to the number of regions where each
// provider may build.
func (w *World) countEligible(elig [][]int32) {
	n := w.scratch.nElig[:0]
	for range w.Providers {
		n = append(n, 0)
	}
	for _, list := range elig {
		for _, p := range list {
			n[p]++
		}
	}
	w.scratch.nElig = n
}

// meanUnits returns the mean open homes and schemes of the active market
// providers that run any (1 when there are none): the capacity unit of the
// build rate, taken once at the first investment round.
func (w *World) meanUnits() float64 {
	units, n := 0, 0
	for p := range w.Providers {
		pr := &w.Providers[p]
		if pr.Market() && pr.Status == agents.Active && pr.Homes+pr.Schemes > 0 {
			units += pr.Homes + pr.Schemes
			n++
		}
	}
	if n == 0 {
		return 1
	}
	return float64(units) / float64(n)
}
