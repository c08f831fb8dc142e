package market

import (
	"math"

	"github.com/caremarket/caremarket/agents"
)

// openHome opens home h.
func (w *World) openHome(h int) {
	hm := &w.Homes[h]
	hm.Status = agents.Open
	hm.OpenWeek = int32(w.week)
	w.countHomePlaces(h, +1)
	pr := &w.Providers[hm.Owner]
	if hm.Kind == agents.SupportedScheme {
		pr.Schemes++
	} else {
		pr.Homes++
		pr.Places += int(hm.Places)
	}
	w.bookOpenHome(h)
	w.refreshHome(h)
}

// closeHome closes home h now: its children seek new places.
func (w *World) closeHome(h int) {
	hm := &w.Homes[h]
	if hm.Status == agents.Closed {
		return
	}
	wasBuilding := hm.Status == agents.Building
	for hm.Occupied > 0 {
		id := hm.Children[hm.Occupied-1]
		w.unplace(id)
		w.setSeeking(id)
	}
	w.countHomePlaces(h, -1)
	hm.Status = agents.Closed
	w.refreshHome(h)
	if wasBuilding {
		return
	}
	pr := &w.Providers[hm.Owner]
	if hm.Kind == agents.SupportedScheme {
		pr.Schemes--
	} else {
		pr.Homes--
		pr.Places -= int(hm.Places)
	}
	w.bookCloseHome(h)
	w.setBlock(h, 0, 0, -1, 0)
}

// transferHome passes home h to provider to, keeping its children.
func (w *World) transferHome(h int, to int32) {
	hm := &w.Homes[h]
	from := hm.Owner
	if from == to {
		return
	}
	// Leave the lists under the old owner, move rates, rejoin under the new.
	w.countHomePlaces(h, -1)
	open := hm.Status
	hm.Status = agents.Closed
	w.refreshHome(h)
	hm.Status = open
	w.bookTransferHome(h, from, to)
	pf, pt := &w.Providers[from], &w.Providers[to]
	if hm.Status == agents.Open || hm.Status == agents.Closing {
		if hm.Kind == agents.SupportedScheme {
			pf.Schemes--
			pt.Schemes++
		} else {
			pf.Homes--
			pt.Homes++
			pf.Places -= int(hm.Places)
			pt.Places += int(hm.Places)
		}
	}
	hm.Owner = to
	w.countHomePlaces(h, +1)
	w.refreshHome(h)
}

// transferHousehold passes foster household h to provider to, keeping its
// children and their prices.
func (w *World) transferHousehold(h int, to int32) {
	hh := &w.Households[h]
	from := hh.Owner
	if from == to {
		return
	}
	w.countHouseholdPlaces(h, -1)
	active := hh.Active
	hh.Active = false
	w.refreshHousehold(h)
	hh.Active = active
	fromSetting := w.hhSetting(h)
	w.bookHouseholdLeaves(h)
	w.Providers[from].Households--
	hh.Owner = to
	w.countHouseholdPlaces(h, +1)
	toSetting := w.hhSetting(h)
	w.bookHouseholdJoins(h)
	w.Providers[to].Households++
	if toSetting != fromSetting {
		for _, id := range hh.Children[:hh.Occupied] {
			w.bookResetting(id, fromSetting, toSetting)
			w.kids.hot[id].setting = toSetting
		}
	}
	w.refreshHousehold(h)
}

// removeHousehold ends foster household h: its children seek new places.
func (w *World) removeHousehold(h int) {
	hh := &w.Households[h]
	if !hh.Active {
		return
	}
	for hh.Occupied > 0 {
		id := hh.Children[hh.Occupied-1]
		w.unplace(id)
		w.setSeeking(id)
	}
	w.countHouseholdPlaces(h, -1)
	hh.Active = false
	w.refreshHousehold(h)
	w.bookRemoveHousehold(h)
	w.Providers[hh.Owner].Households--
}

// setSeeking makes child id a seeker with no place, in an interim
// arrangement priced by interimPrice.
func (w *World) setSeeking(id int32) {
	k := &w.kids
	k.hot[id].setting = agents.Seeking
	k.unit[id] = -1
	k.hot[id].seekSince = int32(w.week)
	k.hot[id].waitPrice = penceOf(w.interimPrice(id))
	w.bookWait(id)
	t := k.hot[id].tier
	if !k.queued[id] {
		k.queued[id] = true
		w.seek[t] = append(w.seek[t], id)
	}
}

// interimPrice returns the weekly price in pounds of the interim
// arrangement of a child without a placement, priced by what the child needs
// rather than at the unregistered price (docs/model.md 4.2): the placement
// that just ended continuing on notice, or for a child with none an
// emergency bed in the setting it needs (a children's home for a Very
// Complex child, else foster care) at the higher of its reference price and
// its unit cost in the child's region; both carry the emergency premium.
func (w *World) interimPrice(id int32) float64 {
	k := &w.kids
	base := poundsOf(k.lastPrice[id])
	if base <= 0 {
		t := k.hot[id].tier
		s := agents.FosterIFA
		if t == agents.VeryComplex {
			s = agents.ChildrensHome
		}
		base = math.Max(w.cfg.Pricing.PRef.At(s), w.costs.unit[k.hot[id].region][s][t])
	}
	return base * (1 + w.cfg.Matching.EmergencyPremium)
}

// unitOwner returns the provider of a child's current placement.
func (w *World) unitOwner(id int32) int32 {
	k := &w.kids
	switch k.hot[id].setting {
	case agents.FosterInHouse, agents.FosterIFA:
		return w.Households[k.unit[id]].Owner
	case agents.ChildrensHome, agents.Supported:
		return w.Homes[k.unit[id]].Owner
	case agents.Unregistered:
		return w.regions[k.unit[id]].unreg
	}
	return -1
}

func removeChild(list []int32, id int32) {
	last := len(list) - 1
	for i, x := range list {
		if x == id {
			list[i] = list[last]
			list[last] = id
			return
		}
	}
}

// leave takes child id out of care.
func (w *World) leave(id int32) {
	k := &w.kids
	switch k.hot[id].setting {
	case agents.Other:
		w.stats.setting[agents.Other]--
	case agents.Seeking:
		w.unwait(id)
	default:
		w.unplace(id)
	}
	w.bookLeave(id)
	k.remove(id)
}

// notePlacement reports a placement to Options.OnPlacement.
func (w *World) notePlacement(id int32, owner int32, s agents.Setting, price int64, block, move bool) {
	k := &w.kids
	t := k.hot[id].tier
	var cost float64
	switch s {
	case agents.ChildrensHome, agents.Supported:
		cost = w.homeUnitCost(int(k.unit[id]), t)
	case agents.FosterInHouse, agents.FosterIFA:
		hh := &w.Households[k.unit[id]]
		cost = w.unitCostOf(hh.Owner, w.Councils[hh.Council].Region, s, t)
	case agents.Unregistered:
		cost = w.cfg.Costs.UnregCostShare * w.punreg[t]
	}
	ceil := 0.0
	if w.Providers[owner].Market() && !block {
		ceil = w.ceiling(owner, s, t, cost)
	}
	w.opts.OnPlacement(Placement{
		Week: w.week, Child: id, Council: int(k.hot[id].council), Tier: t, Setting: s, Provider: owner,
		Ownership: w.Providers[owner].Ownership, Price: poundsOf(price), UnitCost: cost, Ceiling: ceil,
		Block: block, Move: move,
	})
}

// priceHist returns the price histogram of home or supported placements.
func (w *World) priceHist(s agents.Setting) *priceHist {
	if s == agents.Supported {
		return &w.stats.supPrices
	}
	return &w.stats.homePrices
}

// place puts a seeking child (waiting or in an unregistered setting) into a
// unit at an agreed weekly price in pence. For homes and schemes unit is a
// home index, for foster care a household index, for Unregistered a region.
// It moves the child, books the placement (bookPlace), tells the observer
// and schedules a breakdown.
func (w *World) place(id int32, s agents.Setting, unit int32, price int64, block bool) {
	k := &w.kids
	switch k.hot[id].setting {
	case agents.Seeking:
		w.unwait(id)
	case agents.Unregistered:
		w.unplace(id)
	}
	if s != agents.Unregistered {
		k.hot[id].seekSince = -1
	}
	move := k.placed[id]
	if move {
		w.stats.moves++
	}
	k.placed[id] = true
	if k.placesYr[id] < 255 {
		k.placesYr[id]++
	}
	k.hot[id].setting = s
	k.unit[id] = unit
	k.price[id] = price
	k.since[id] = int32(w.week)
	k.block[id] = block
	ev := w.moveIn(id, s, unit)
	ev.price, ev.block = price, block
	w.bookPlace(ev)
	if w.opts.OnPlacement != nil {
		w.notePlacement(id, ev.owner, s, price, block, move)
	}
	w.scheduleBreakdown(id, s)
}

// moveIn puts child id into unit of setting s (its occupants, its vacancy
// lists and the child's distance from home) and returns the placement event
// without its price.
func (w *World) moveIn(id int32, s agents.Setting, unit int32) placement {
	k := &w.kids
	t := k.hot[id].tier
	ev := placement{id: id, s: s, unit: unit, host: -1}
	var ux, uy float32
	switch s {
	case agents.FosterInHouse, agents.FosterIFA:
		hh := &w.Households[unit]
		hh.Children[hh.Occupied] = id
		hh.Occupied++
		ev.owner, ux, uy, ev.host = hh.Owner, hh.X, hh.Y, int(hh.Council)
		ev.vc = w.costs.variable[w.Councils[ev.host].Region][s][t]
		w.countOccupied(w.Councils[ev.host].Region, agents.FosterIFA, hh.Owner, hh.Active, +1)
		w.refreshHousehold(int(unit))
	case agents.ChildrensHome, agents.Supported:
		hm := &w.Homes[unit]
		hm.Children[hm.Occupied] = id
		hm.Occupied++
		if t == agents.VeryComplex && hm.Kind != agents.SoloHome {
			hm.Whole = true
		}
		ev.owner, ux, uy, ev.host = hm.Owner, hm.X, hm.Y, int(hm.Council)
		ev.vc = w.costs.variable[hm.Region][s][t]
		w.countOccupied(int(hm.Region), homeSetting(hm.Kind), hm.Owner, hm.Status == agents.Open, +1)
		w.refreshHome(int(unit))
	case agents.Unregistered:
		ev.owner = w.regions[unit].unreg
		ev.vc = w.cfg.Costs.UnregCostShare * poundsOf(k.price[id])
		ev.host = 0
	}
	if s != agents.Unregistered {
		k.dist[id] = dist(k.hot[id].x, k.hot[id].y, ux, uy)
	} else {
		k.dist[id] = 0
	}
	return ev
}

// scheduleBreakdown draws the week child id's new placement in setting s
// breaks down, if before its episode ends, and puts it in the calendar.
func (w *World) scheduleBreakdown(id int32, s agents.Setting) {
	k := &w.kids
	bd := &w.cfg.Breakdowns
	hazard := 0.0
	switch s {
	case agents.FosterInHouse, agents.FosterIFA:
		hazard = bd.Foster
	case agents.ChildrensHome, agents.Supported:
		hazard = bd.Homes
	}
	k.bdStamp[id]++
	if hazard > 0 {
		h := hazard * bd.TierFactor.At(k.hot[id].tier)
		if wk := w.week + geometricWeeks(w.rng[streamMatching], h); wk < int(k.endWeek[id]) && wk < len(w.cal.breaks) {
			w.cal.add(w.cal.breaks, wk, pack(id, k.bdStamp[id]))
		}
	}
}

// unplace removes a child from its current placement (not Other or
// Seeking), reversing place: it takes the child out of its unit and the
// placement off the ledger (bookUnplace); the caller sets what comes next.
func (w *World) unplace(id int32) {
	k := &w.kids
	s := k.hot[id].setting
	unit := k.unit[id]
	ev := placement{id: id, s: s, unit: unit, owner: w.unitOwner(id), price: k.price[id]}
	switch s {
	case agents.FosterInHouse, agents.FosterIFA:
		hh := &w.Households[unit]
		removeChild(hh.Children[:hh.Occupied], id)
		hh.Occupied--
		hh.Children[hh.Occupied] = -1
		w.countOccupied(w.Councils[hh.Council].Region, agents.FosterIFA, hh.Owner, hh.Active, -1)
		w.refreshHousehold(int(unit))
	case agents.ChildrensHome, agents.Supported:
		hm := &w.Homes[unit]
		removeChild(hm.Children[:hm.Occupied], id)
		hm.Occupied--
		hm.Children[hm.Occupied] = -1
		w.countOccupied(int(hm.Region), homeSetting(hm.Kind), hm.Owner, hm.Status == agents.Open, -1)
		if hm.Occupied == 0 {
			hm.Whole = false
		}
		w.refreshHome(int(unit))
	case agents.Unregistered:
	default:
		return
	}
	w.bookUnplace(ev)
	k.lastPrice[id] = 0
	if s != agents.Unregistered {
		k.lastPrice[id] = k.price[id]
	}
	k.block[id] = false
	k.bdStamp[id]++
	k.unit[id] = -1
	k.price[id] = 0
}
