package market

import (
	"math"
	"math/rand/v2"

	"github.com/caremarket/caremarket/agents"
)

// buildHouseholds approves the foster households of the start: council
// households where council carers' children are, agency households where
// agency children are, agencies from a few national groups to many small
// regional ones (facts.md: 276 agencies, 6 groups hold most places).
func (w *World) buildHouseholds(r *rand.Rand, p plan) {
	fo := &w.cfg.Foster
	nIFA := int(math.Round(float64(fo.Households) * fo.IFAShare))
	nIH := fo.Households - nIFA
	wIH := make([]float64, len(w.Councils))
	wIFA := make([]float64, len(w.Councils))
	for _, id := range p.inHouse {
		wIH[w.kids.council[id]]++
	}
	for _, id := range p.ifa {
		wIFA[w.kids.council[id]]++
	}
	for c := range w.Councils {
		wIH[c] += 0.5
		wIFA[c] += 0.5
	}
	for c, n := range apportion(nIH, wIH) {
		for range n {
			w.addHousehold(r, w.Councils[c].InHouse, c)
		}
	}
	sites := make([]int, 0, nIFA)
	for c, n := range apportion(nIFA, wIFA) {
		for range n {
			sites = append(sites, c)
		}
	}
	rand.New(r).Shuffle(len(sites), func(i, j int) { sites[i], sites[j] = sites[j], sites[i] })
	sup := &w.cfg.Supply
	groupN := int(math.Round(sup.AgencyGroupShare * float64(len(sites))))
	if sup.AgencyGroups > 0 && groupN > 0 {
		wts := make([]float64, sup.AgencyGroups)
		for i := range wts {
			wts[i] = 1 / math.Pow(float64(i+1), 0.7)
		}
		next := 0
		for g, n := range apportion(groupN, wts) {
			if n == 0 {
				continue
			}
			o := agents.Private
			if g < 2 { // the two largest agencies are PE-owned (CMA 2021)
				o = agents.PrivateEquity
			}
			id := w.newProvider(o, w.Councils[sites[next]].Region)
			for _, c := range sites[next : next+n] {
				w.addHousehold(r, id, c)
			}
			next += n
		}
		sites = sites[next:]
	} else {
		groupN = 0
	}
	// Regional agencies: as many as the rest of the count, spread across
	// regions by households, with heavy-tailed sizes.
	byRegion := make([][]int, len(w.regions))
	for _, c := range sites {
		reg := w.Councils[c].Region
		byRegion[reg] = append(byRegion[reg], c)
	}
	rest := max(0, sup.Agencies-sup.AgencyGroups)
	regW := make([]float64, len(w.regions))
	for i, s := range byRegion {
		regW[i] = float64(len(s))
	}
	own := sup.IFAOwnership
	ownW := []float64{own.PrivateEquity, own.Private, own.NotForProfit}
	for reg, n := range apportion(rest, regW) {
		ss := byRegion[reg]
		if len(ss) == 0 {
			continue
		}
		n = max(1, min(n, len(ss)))
		wts := make([]float64, n)
		for i := range wts {
			wts[i] = math.Exp(1.2 * r.NormFloat64())
		}
		next := 0
		for _, k := range apportion(len(ss), wts) {
			if k == 0 {
				continue
			}
			o := agents.Ownership(max(0, weightedPick(r, ownW)))
			id := w.newProvider(o, reg)
			for _, c := range ss[next : next+k] {
				w.addHousehold(r, id, c)
			}
			next += k
		}
	}
}

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

// placeInitial places the starting stock setting by setting, homes first,
// each home up to round(oRef·places) children; children it cannot place
// start as seekers and are matched in the warm-up (MODEL.md 5).
func (w *World) placeInitial(r *rand.Rand, p plan) {
	k := &w.kids
	oRef := w.cfg.Costs.ORef
	// Initial capacity of each home.
	capLeft := make([]int, len(w.Homes))
	for h := range w.Homes {
		hm := &w.Homes[h]
		o := oRef.Homes
		if hm.Kind == agents.SupportedScheme {
			o = oRef.Supported
		}
		capLeft[h] = min(w.effUsable(h), int(math.Round(o*float64(hm.Places))))
	}
	// Order home children: VeryComplex, then Complex, then Standard.
	order := make([]int32, 0, len(p.homes))
	for t := agents.VeryComplex; ; t-- {
		for _, id := range p.homes {
			if k.tier[id] == t {
				order = append(order, id)
			}
		}
		if t == agents.Standard {
			break
		}
	}
	// Kinds a child may start in: Very Complex in Solo homes, Complex in
	// Complex homes, Standard in Standard or Complex homes.
	kindsFor := func(id int32) []agents.HomeKind {
		switch k.tier[id] {
		case agents.VeryComplex:
			return []agents.HomeKind{agents.SoloHome}
		case agents.Complex:
			return []agents.HomeKind{agents.ComplexHome}
		}
		return []agents.HomeKind{agents.StandardHome, agents.ComplexHome}
	}
	// Homes with room, by kind and region (market) or by council (in-house);
	// full homes drop out as the search goes.
	var byRegion [agents.NumHomeKinds][][]int
	for kd := range byRegion {
		byRegion[kd] = make([][]int, len(w.regions))
	}
	inHouse := make([][]int, len(w.Councils))
	for h := range w.Homes {
		hm := &w.Homes[h]
		if o := w.Providers[hm.Owner].Owner; o >= 0 {
			inHouse[o] = append(inHouse[o], h)
		} else {
			byRegion[hm.Kind][hm.Region] = append(byRegion[hm.Kind][hm.Region], h)
		}
	}
	full := func(h int) bool { return capLeft[h] <= 0 }
	placeHome := func(id int32, kinds []agents.HomeKind) bool {
		c := int(k.council[id])
		reg := w.Councils[c].Region
		ok := func(h int) bool {
			for _, kd := range kinds {
				if w.Homes[h].Kind == kd {
					return true
				}
			}
			return false
		}
		h, _ := w.nearestHome(id, &inHouse[c], ok, full)
		inRegion := func(r int) int {
			best, bd := -1, float32(math.MaxFloat32)
			for _, kd := range kinds {
				if g, d := w.nearestHome(id, &byRegion[kd][r], func(int) bool { return true }, full); g >= 0 && (d < bd || (d == bd && g < best)) {
					best, bd = g, d
				}
			}
			return best
		}
		if h < 0 {
			h = inRegion(reg)
		}
		for _, a := range w.regions[reg].adjacent {
			if h >= 0 {
				break
			}
			h = inRegion(a)
		}
		for _, a := range w.regions[reg].others {
			if h >= 0 {
				break
			}
			h = inRegion(a)
		}
		if h < 0 {
			return false
		}
		hm := &w.Homes[h]
		s := homeSetting(hm.Kind)
		t := k.tier[id]
		c0 := w.homeUnitCost(h, t)
		price, okq := w.quoteFor(id, hm.Owner, s, int(hm.Region), c0, math.Max(c0, w.reservation(s, t)), initialOffers)
		if !okq {
			price = c0
		}
		capLeft[h]--
		w.place(id, s, int32(h), penceOf(price), false)
		return true
	}
	for _, id := range order {
		if !placeHome(id, kindsFor(id)) {
			w.setSeeking(id)
		}
	}
	supported := []agents.HomeKind{agents.SupportedScheme}
	for _, id := range p.supported {
		if !placeHome(id, supported) {
			w.setSeeking(id)
		}
	}
	// Foster care: council carers for their own council's children, agency
	// carers nearest first. Complex children go first.
	ihByCouncil := make([][]int, len(w.Councils))
	ifaByCouncil := make([][]int, len(w.Councils))
	for h := range w.Households {
		hh := &w.Households[h]
		if o := w.Providers[hh.Owner].Owner; o >= 0 {
			ihByCouncil[o] = append(ihByCouncil[o], h)
		} else {
			ifaByCouncil[hh.Council] = append(ifaByCouncil[hh.Council], h)
		}
	}
	fosterOK := func(id int32) func(int) bool {
		cx := k.tier[id] == agents.Complex
		return func(h int) bool {
			hh := &w.Households[h]
			return hh.Free() > 0 && (!cx || hh.AcceptsComplex)
		}
	}
	complexFirst := func(ids []int32) []int32 {
		out := make([]int32, 0, len(ids))
		for _, id := range ids {
			if k.tier[id] != agents.Standard {
				out = append(out, id)
			}
		}
		for _, id := range ids {
			if k.tier[id] == agents.Standard {
				out = append(out, id)
			}
		}
		return out
	}
	placeFoster := func(id int32, h int) {
		hh := &w.Households[h]
		s := w.hhSetting(h)
		reg := w.Councils[hh.Council].Region
		c0 := w.costs.unit[reg][s][k.tier[id]]
		price, okq := w.quoteFor(id, hh.Owner, s, reg, c0, math.Max(c0, w.reservation(agents.FosterIFA, k.tier[id])), initialOffers)
		if !okq {
			price = c0
		}
		w.place(id, s, int32(h), penceOf(price), false)
	}
	var spill []int32
	for _, id := range complexFirst(p.inHouse) {
		c := int(k.council[id])
		if h := w.nearestHousehold(id, &ihByCouncil[c], fosterOK(id)); h >= 0 {
			placeFoster(id, h)
		} else {
			spill = append(spill, id)
		}
	}
	regionIFA := make([][]int, len(w.regions))
	for c, hs := range ifaByCouncil {
		reg := w.Councils[c].Region
		regionIFA[reg] = append(regionIFA[reg], hs...)
	}
	for _, id := range complexFirst(append(p.ifa, spill...)) {
		c := int(k.council[id])
		ok := fosterOK(id)
		h := w.nearestHousehold(id, &ifaByCouncil[c], ok)
		if h < 0 {
			h = w.nearestHousehold(id, &regionIFA[w.Councils[c].Region], ok)
		}
		if h >= 0 {
			placeFoster(id, h)
		} else {
			w.setSeeking(id)
		}
	}
	// Children the plan gave no setting (e.g. an all-zero mix) start seeking.
	for id, alive := range k.alive {
		if alive && k.setting[id] == fresh {
			w.setSeeking(int32(id))
		}
	}
	// Children placed at the start have an episode history; count no move.
	for _, id := range p.homes {
		k.placesYr[id] = 0
	}
	for i := range k.placesYr {
		if k.alive[i] && k.placed[i] {
			k.placesYr[i] = 1
		}
	}
}

// nearest returns the unit of *units nearest to child id that ok accepts,
// and its distance, or -1; units that are full are dropped from *units as it
// goes, so repeated searches do not rescan them. at gives a unit's position.
func (w *World) nearest(id int32, units *[]int, at func(int) (float32, float32), ok, full func(int) bool) (int, float32) {
	k := &w.kids
	best, bd := -1, float32(math.MaxFloat32)
	l := *units
	for i := 0; i < len(l); {
		u := l[i]
		if full(u) {
			l[i] = l[len(l)-1]
			l = l[:len(l)-1]
			continue
		}
		i++
		if !ok(u) {
			continue
		}
		x, y := at(u)
		if d := dist(k.x[id], k.y[id], x, y); d < bd || (d == bd && u < best) {
			best, bd = u, d
		}
	}
	*units = l
	return best, bd
}

func (w *World) homeAt(h int) (float32, float32)      { return w.Homes[h].X, w.Homes[h].Y }
func (w *World) householdAt(h int) (float32, float32) { return w.Households[h].X, w.Households[h].Y }

// nearestHome is nearest over homes.
func (w *World) nearestHome(id int32, hs *[]int, ok, full func(int) bool) (int, float32) {
	return w.nearest(id, hs, w.homeAt, ok, full)
}

// nearestHousehold is nearest over foster households; full ones (no free
// usable place) are dropped.
func (w *World) nearestHousehold(id int32, hs *[]int, ok func(int) bool) int {
	h, _ := w.nearest(id, hs, w.householdAt, ok, func(h int) bool { return w.Households[h].Free() <= 0 })
	return h
}

// initFinance gives each provider the balance sheet of MODEL.md 4.5 from its
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

// buyerShare returns the share of regional placements of the buyer that
// commissions for council c (MODEL.md 4.3).
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
