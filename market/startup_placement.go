package market

// Start-up: placing the starting stock of children in the homes and
// foster households built for them (docs/model.md §5).

import (
	"math"
	"math/rand/v2"

	"github.com/caremarket/caremarket/agents"
)

// placeInitial places the starting stock setting by setting, homes first,
// each home up to round(oRef·places) children; children it cannot place
// start as seekers and are matched in the warm-up (docs/model.md §5).
func (w *World) placeInitial(r *rand.Rand, p plan) {
	w.placeInitialHomes(p)
	w.placeInitialFoster(p)
	w.redrawInitial(r)
	w.finishInitial(p)
}

// redrawInitial draws the starting placements from the model's own
// matching rather than the nearest place (docs/model.md §5): in a random
// order, each child placed at the start leaves its place and searches as a
// seeking child would, ring by ring (0 its council to 3 England), for the
// same setting, taking the first week's best offer the hold-out rule lets
// it take; a child with no offer returns to its place. The vacancies it
// sees are the start's (homes at the reference occupancy), so each child's
// place is drawn given everyone else's, as in a market at its usual
// occupancy. Prices are the start's opening quotes.
func (w *World) redrawInitial(r *rand.Rand) {
	k := &w.kids
	var ids []int32
	for id, alive := range k.alive {
		if alive && k.placed[id] && k.hot[id].setting != agents.Unregistered {
			ids = append(ids, int32(id))
		}
	}
	r.Shuffle(len(ids), func(i, j int) { ids[i], ids[j] = ids[j], ids[i] })
	w.buildProfiles()
	for _, id := range ids {
		s, unit := k.hot[id].setting, k.unit[id]
		w.unplace(id)
		k.hot[id].setting = agents.Seeking // searched as a seeking child, off the waiting books
		best, found := w.startSearch(id, 1<<uint(s))
		if !found {
			w.placeStart(id, s, unit)
			continue
		}
		if best.home {
			w.placeStart(id, homeSetting(w.Homes[best.unit].Kind), best.unit)
		} else {
			w.placeStart(id, w.hhSetting(int(best.unit)), best.unit)
		}
	}
}

// startSearch searches ring by ring for child id's offer in a setting of
// mask, as in its first weeks of seeking: the best offer of the first ring
// (cumulative) that yields one the hold-out rule accepts.
func (w *World) startSearch(id int32, mask uint32) (cand, bool) {
	for ring := 0; ring <= 3; ring++ {
		best, found := w.search(id, ring, mask)
		if found && (ring == 3 || !w.holdOutAt(best, ring, w.startWaitPrice(id))) {
			return best, true
		}
	}
	return cand{}, false
}

// startWaitPrice is the weekly price of the interim arrangement a starting
// child would have while it searched: its setting's reference price with
// the emergency premium.
func (w *World) startWaitPrice(id int32) float64 {
	return w.interimPrice(id)
}

// placeStart places child id at the start in unit of setting s at its
// opening quote, without counting a move.
func (w *World) placeStart(id int32, s agents.Setting, unit int32) {
	k := &w.kids
	k.hot[id].setting = fresh
	k.placed[id] = false
	if s == agents.FosterInHouse || s == agents.FosterIFA {
		w.placeStartFoster(id, int(unit))
		return
	}
	hm := &w.Homes[unit]
	t := k.hot[id].tier
	c0 := w.homeUnitCost(int(unit), t)
	price, okq := w.quoteFor(id, hm.Owner, s, int(hm.Region), c0, math.Max(c0, w.reservation(s, t)), initialOffers)
	if !okq {
		price = c0
	}
	w.place(id, s, unit, penceOf(price), false)
}

// startHomes is the state of placing the starting stock in homes: each
// home's remaining start-up capacity, and the homes with room by kind and
// region (market) or by council (in-house); full homes drop out as the
// search goes.
type startHomes struct {
	w        *World
	capLeft  []int
	byRegion [agents.NumHomeKinds][][]int
	inHouse  [][]int
}

// newStartHomes sizes each home's start-up capacity and lists the homes.
func (w *World) newStartHomes() *startHomes {
	oRef := w.cfg.Costs.ORef
	sh := &startHomes{w: w, capLeft: make([]int, len(w.Homes)), inHouse: make([][]int, len(w.Councils))}
	for h := range w.Homes {
		hm := &w.Homes[h]
		o := oRef.Homes
		if hm.Kind == agents.SupportedScheme {
			o = oRef.Supported
		}
		sh.capLeft[h] = min(w.effUsable(h), int(math.Round(o*float64(hm.Places))))
	}
	for kd := range sh.byRegion {
		sh.byRegion[kd] = make([][]int, len(w.regions))
	}
	for h := range w.Homes {
		hm := &w.Homes[h]
		if o := w.Providers[hm.Owner].Owner; o >= 0 {
			sh.inHouse[o] = append(sh.inHouse[o], h)
		} else {
			sh.byRegion[hm.Kind][hm.Region] = append(sh.byRegion[hm.Kind][hm.Region], h)
		}
	}
	return sh
}

func (sh *startHomes) full(h int) bool { return sh.capLeft[h] <= 0 }

// inRegion returns the nearest home with room of one of kinds in region r
// for child id, or -1.
func (sh *startHomes) inRegion(id int32, kinds []agents.HomeKind, r int) int {
	best, bd := -1, float32(math.MaxFloat32)
	for _, kd := range kinds {
		if g, d := sh.w.nearestHome(id, &sh.byRegion[kd][r], func(int) bool { return true }, sh.full); g >= 0 && (d < bd || (d == bd && g < best)) {
			best, bd = g, d
		}
	}
	return best
}

// find returns the home child id starts in: the nearest in-house home of
// its council, else the nearest market home in its region, an adjacent
// region or the rest of England; -1 for none.
func (sh *startHomes) find(id int32, kinds []agents.HomeKind) int {
	w := sh.w
	c := int(w.kids.hot[id].council)
	reg := w.Councils[c].Region
	ok := func(h int) bool {
		for _, kd := range kinds {
			if w.Homes[h].Kind == kd {
				return true
			}
		}
		return false
	}
	h, _ := w.nearestHome(id, &sh.inHouse[c], ok, sh.full)
	if h < 0 {
		h = sh.inRegion(id, kinds, reg)
	}
	for _, a := range w.regions[reg].adjacent {
		if h >= 0 {
			break
		}
		h = sh.inRegion(id, kinds, a)
	}
	for _, a := range w.regions[reg].others {
		if h >= 0 {
			break
		}
		h = sh.inRegion(id, kinds, a)
	}
	return h
}

// place places child id in a home of one of kinds at its opening quote and
// reports whether there was one.
func (sh *startHomes) place(id int32, kinds []agents.HomeKind) bool {
	w := sh.w
	h := sh.find(id, kinds)
	if h < 0 {
		return false
	}
	sh.capLeft[h]--
	w.placeStart(id, homeSetting(w.Homes[h].Kind), int32(h))
	return true
}

// startKinds returns the kinds a child may start in: Very Complex in Solo
// homes, Complex in Complex homes, Standard in Standard or Complex homes.
func startKinds(t agents.Tier) []agents.HomeKind {
	switch t {
	case agents.VeryComplex:
		return []agents.HomeKind{agents.SoloHome}
	case agents.Complex:
		return []agents.HomeKind{agents.ComplexHome}
	}
	return []agents.HomeKind{agents.StandardHome, agents.ComplexHome}
}

// placeInitialHomes places the plan's children's home children, Very
// Complex first, then Complex, then Standard, and its supported children.
func (w *World) placeInitialHomes(p plan) {
	k := &w.kids
	sh := w.newStartHomes()
	order := make([]int32, 0, len(p.homes))
	for t := agents.VeryComplex; ; t-- {
		for _, id := range p.homes {
			if k.hot[id].tier == t {
				order = append(order, id)
			}
		}
		if t == agents.Standard {
			break
		}
	}
	for _, id := range order {
		if !sh.place(id, startKinds(k.hot[id].tier)) {
			w.setSeeking(id)
		}
	}
	supported := []agents.HomeKind{agents.SupportedScheme}
	for _, id := range p.supported {
		if !sh.place(id, supported) {
			w.setSeeking(id)
		}
	}
}

// complexFirst returns ids with the children who are not Standard first.
func (w *World) complexFirst(ids []int32) []int32 {
	k := &w.kids
	out := make([]int32, 0, len(ids))
	for _, id := range ids {
		if k.hot[id].tier != agents.Standard {
			out = append(out, id)
		}
	}
	for _, id := range ids {
		if k.hot[id].tier == agents.Standard {
			out = append(out, id)
		}
	}
	return out
}

// placeStartFoster places child id with household h at its opening quote.
func (w *World) placeStartFoster(id int32, h int) {
	k := &w.kids
	hh := &w.Households[h]
	s := w.hhSetting(h)
	reg := w.Councils[hh.Council].Region
	c0 := w.unitCostOf(hh.Owner, reg, s, k.hot[id].tier)
	price, okq := w.quoteFor(id, hh.Owner, s, reg, c0, math.Max(c0, w.reservation(agents.FosterIFA, k.hot[id].tier)), initialOffers)
	if !okq {
		price = c0
	}
	w.place(id, s, int32(h), penceOf(price), false)
}

// fosterCx reports whether child id needs a household that takes Complex
// children (nearestHousehold).
func (w *World) fosterCx(id int32) bool { return w.kids.hot[id].tier == agents.Complex }

// placeInitialFoster places the plan's foster children: council carers
// for their own council's children, agency carers nearest first (in the
// council, then the region). Complex children go first.
func (w *World) placeInitialFoster(p plan) {
	k := &w.kids
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
	var spill []int32
	for _, id := range w.complexFirst(p.inHouse) {
		c := int(k.hot[id].council)
		if h := w.nearestHousehold(id, &ihByCouncil[c], w.fosterCx(id)); h >= 0 {
			w.placeStartFoster(id, h)
		} else {
			spill = append(spill, id)
		}
	}
	regionIFA := make([][]int, len(w.regions))
	for c, hs := range ifaByCouncil {
		reg := w.Councils[c].Region
		regionIFA[reg] = append(regionIFA[reg], hs...)
	}
	for _, id := range w.complexFirst(append(p.ifa, spill...)) {
		c := int(k.hot[id].council)
		cx := w.fosterCx(id)
		h := w.nearestHousehold(id, &ifaByCouncil[c], cx)
		if h < 0 {
			h = w.nearestHousehold(id, &regionIFA[w.Councils[c].Region], cx)
		}
		if h >= 0 {
			w.placeStartFoster(id, h)
		} else {
			w.setSeeking(id)
		}
	}
}

// finishInitial sets children the plan gave no setting (e.g. an all-zero
// mix) seeking, and counts one placement this year for children placed at
// the start (they have an episode history; no move is counted).
func (w *World) finishInitial(p plan) {
	k := &w.kids
	for id, alive := range k.alive {
		if alive && k.hot[id].setting == fresh {
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
		if d := dist(k.hot[id].x, k.hot[id].y, x, y); d < bd || (d == bd && u < best) {
			best, bd = u, d
		}
	}
	*units = l
	return best, bd
}

func (w *World) homeAt(h int) (float32, float32) { return w.Homes[h].X, w.Homes[h].Y }

// nearestHome is nearest over homes.
func (w *World) nearestHome(id int32, hs *[]int, ok, full func(int) bool) (int, float32) {
	return w.nearest(id, hs, w.homeAt, ok, full)
}

// nearestHousehold is nearest over foster households for child id: the
// nearest with a free usable place that takes a Complex child when cx;
// full ones are dropped. It is nearest written out for households without
// the calls through function values, which were most of the start-up's
// placement time; the choice, ties included, is the same.
func (w *World) nearestHousehold(id int32, hs *[]int, cx bool) int {
	k := &w.kids
	cxid, cyid := k.hot[id].x, k.hot[id].y
	best, bd := -1, float32(math.MaxFloat32)
	l := *hs
	for i := 0; i < len(l); {
		u := l[i]
		hh := &w.Households[u]
		if hh.Free() <= 0 {
			l[i] = l[len(l)-1]
			l = l[:len(l)-1]
			continue
		}
		i++
		if cx && !hh.AcceptsComplex {
			continue
		}
		if d := dist(cxid, cyid, hh.X, hh.Y); d < bd || (d == bd && u < best) {
			best, bd = u, d
		}
	}
	*hs = l
	return best
}
