package market

// The ledger: the accounts (w.acct) and the metric counters (w.stats) that
// follow who is where. The state changes (a child placed, unplaced, waiting,
// no longer waiting, repriced or leaving; a home opened, closed or
// transferred; a household transferred or ended; block payments, clawback,
// tax, grants, entries and exits) are booked here, in one place each, so
// that unbooking mirrors booking; Check recounts them from scratch.

import (
	"github.com/caremarket/caremarket/agents"
)

// over500kPence is the annual price in pence above which a placement counts
// as a £500k-a-year placement.
const over500kPence = 500_000 * 100

// placement is the event of a child starting or ending a placement: what
// the ledger needs to book it.
type placement struct {
	id    int32
	s     agents.Setting
	unit  int32 // household, home or (unregistered) region
	owner int32 // provider paid
	host  int   // council the unit lies in (-1 for unregistered)
	price int64 // pence a week
	vc    float64
	block bool // a co-op's block place
}

// bookPlace books a new placement: the council's and provider's payment
// rates, the unit's revenue and variable cost, the price histogram, block
// payments, the spot-price record and the counters of children by setting,
// region and flag (over 20 km, out of area, over £500k a year).
func (w *World) bookPlace(ev placement) {
	k := &w.kids
	id, s, unit, price, vc := ev.id, ev.s, ev.unit, ev.price, ev.vc
	switch s {
	case agents.FosterIFA:
		w.stats.ifaPrice += price
		w.stats.ifaCount++
	case agents.ChildrensHome, agents.Supported:
		w.acct.homeRev[unit] += price
		w.acct.homeVar[unit] += vc
		w.priceHist(s).add(price, 1)
		w.syncBlock(int(unit))
		w.recordSpot(int(unit), price, ev.block)
	case agents.Unregistered:
		w.stats.regUnreg[k.hot[id].region]++
	}
	k.varCost[id] = vc
	c := k.hot[id].council
	w.acct.councilRate[c] += price
	w.acct.settingRate[s] += price
	w.acct.provRev[ev.owner] += price
	w.acct.provVar[ev.owner] += vc
	w.stats.setting[s]++
	var f uint8
	if s != agents.Unregistered {
		if k.dist[id] > over20Km {
			f |= flagOver20
			w.stats.over20++
			w.stats.regOver20[k.hot[id].region]++
		}
		if ev.host != int(c) {
			f |= flagOutOfArea
			w.stats.outOfArea++
		}
	}
	if price*agents.WeeksPerYear > over500kPence {
		f |= flagOver500k
		w.countOver500k(c, 1)
	}
	k.flags[id] = f
}

// countOver500k adds d (±1) to the children of council c whose placement
// costs over £500k a year, and keeps the count of councils with at least
// one.
func (w *World) countOver500k(c int16, d int32) {
	s := &w.stats
	s.o500k += int(d)
	n := s.o500kCouncil[c]
	s.o500kCouncil[c] = n + d
	switch {
	case n == 0 && d > 0:
		s.o500kCouncils++
	case n+d == 0:
		s.o500kCouncils--
	}
}

// bookUnplace takes a placement off the ledger, mirroring bookPlace.
func (w *World) bookUnplace(ev placement) {
	k := &w.kids
	id, s, unit, price := ev.id, ev.s, ev.unit, ev.price
	switch s {
	case agents.FosterIFA:
		w.stats.ifaPrice -= price
		w.stats.ifaCount--
	case agents.ChildrensHome, agents.Supported:
		w.acct.homeRev[unit] -= price
		w.acct.homeVar[unit] -= k.varCost[id]
		w.priceHist(s).add(price, -1)
		w.syncBlock(int(unit))
	case agents.Unregistered:
		w.stats.regUnreg[k.hot[id].region]--
	}
	c := k.hot[id].council
	w.acct.councilRate[c] -= price
	w.acct.settingRate[s] -= price
	w.acct.provRev[ev.owner] -= price
	w.acct.provVar[ev.owner] -= k.varCost[id]
	w.stats.setting[s]--
	f := k.flags[id]
	if f&flagOver20 != 0 {
		w.stats.over20--
		w.stats.regOver20[k.hot[id].region]--
	}
	if f&flagOutOfArea != 0 {
		w.stats.outOfArea--
	}
	if f&flagOver500k != 0 {
		w.countOver500k(c, -1)
	}
	k.flags[id] = 0
	k.varCost[id] = 0
}

// bookWait books a child starting to wait: its council's cost of the
// child's interim arrangement (waitPrice, set by setSeeking) and the waiting
// counters.
func (w *World) bookWait(id int32) {
	k := &w.kids
	w.acct.waitRate[k.hot[id].council] += k.hot[id].waitPrice
	w.stats.setting[agents.Seeking]++
	w.stats.regWaiting[k.hot[id].region]++
}

// unwait ends a child's waiting (it is placed or leaves), mirroring
// bookWait.
func (w *World) unwait(id int32) {
	k := &w.kids
	w.acct.waitRate[k.hot[id].council] -= k.hot[id].waitPrice
	w.stats.setting[agents.Seeking]--
	w.stats.regWaiting[k.hot[id].region]--
}

// setPrice changes the weekly price of child id's placement and books the
// change.
func (w *World) setPrice(id int32, price int64) {
	k := &w.kids
	old := k.price[id]
	if price == old {
		return
	}
	d := price - old
	s := k.hot[id].setting
	owner := w.unitOwner(id)
	w.acct.councilRate[k.hot[id].council] += d
	w.acct.settingRate[s] += d
	w.acct.provRev[owner] += d
	switch s {
	case agents.ChildrensHome, agents.Supported:
		w.acct.homeRev[k.unit[id]] += d
		h := w.priceHist(s)
		h.add(old, -1)
		h.add(price, 1)
	case agents.FosterIFA:
		w.stats.ifaPrice += d
	case agents.Unregistered:
		vc := w.cfg.Costs.UnregCostShare * poundsOf(price)
		w.acct.provVar[owner] += vc - k.varCost[id]
		k.varCost[id] = vc
	}
	k.price[id] = price
	over := price*agents.WeeksPerYear > over500kPence
	was := k.flags[id]&flagOver500k != 0
	if over && !was {
		k.flags[id] |= flagOver500k
		w.countOver500k(k.hot[id].council, 1)
	} else if !over && was {
		k.flags[id] &^= flagOver500k
		w.countOver500k(k.hot[id].council, -1)
	}
}

// bookOpenHome books home h opening: its places and fixed cost, and the
// counts of homes opened.
func (w *World) bookOpenHome(h int) {
	hm := &w.Homes[h]
	pr := &w.Providers[hm.Owner]
	if hm.Kind == agents.SupportedScheme {
		w.stats.supportedPlaces += int(hm.Places)
	} else {
		w.stats.homePlaces[pr.Ownership] += int(hm.Places)
	}
	w.acct.provFix[hm.Owner] += w.homeFixed(h)
	w.stats.opened++
	if pr.Ownership.ForProfit() {
		w.stats.openedFP++
	}
}

// bookCloseHome books home h closing, mirroring bookOpenHome.
func (w *World) bookCloseHome(h int) {
	hm := &w.Homes[h]
	pr := &w.Providers[hm.Owner]
	if hm.Kind == agents.SupportedScheme {
		w.stats.supportedPlaces -= int(hm.Places)
	} else {
		w.stats.homePlaces[pr.Ownership] -= int(hm.Places)
	}
	w.acct.provFix[hm.Owner] -= w.homeFixed(h)
	w.stats.closed++
}

// bookTransferHome moves home h's revenue, variable and (if open) fixed
// cost and places from provider from to provider to.
func (w *World) bookTransferHome(h int, from, to int32) {
	hm := &w.Homes[h]
	rev, vr := w.acct.homeRev[h], w.acct.homeVar[h]
	w.acct.provRev[from] -= rev
	w.acct.provRev[to] += rev
	w.acct.provVar[from] -= vr
	w.acct.provVar[to] += vr
	if hm.Status == agents.Open || hm.Status == agents.Closing {
		w.acct.provFix[from] -= w.homeFixedFor(h, from)
		w.acct.provFix[to] += w.homeFixedFor(h, to)
		if hm.Kind != agents.SupportedScheme {
			w.stats.homePlaces[w.Providers[from].Ownership] -= int(hm.Places)
			w.stats.homePlaces[w.Providers[to].Ownership] += int(hm.Places)
		}
	}
}

// householdRates returns the weekly revenue and variable cost of household
// h's children.
func (w *World) householdRates(h int) (rev int64, vr float64) {
	hh := &w.Households[h]
	for _, id := range hh.Children[:hh.Occupied] {
		rev += w.kids.price[id]
		vr += w.kids.varCost[id]
	}
	return rev, vr
}

// bookHouseholdLeaves takes household h's revenue, variable and fixed cost
// and count off its current owner, before a transfer.
func (w *World) bookHouseholdLeaves(h int) {
	hh := &w.Households[h]
	rev, vr := w.householdRates(h)
	w.acct.provRev[hh.Owner] -= rev
	w.acct.provVar[hh.Owner] -= vr
	w.acct.provFix[hh.Owner] -= w.hhFixed(h)
	w.countHousehold(hh.Owner, -1)
}

// bookHouseholdJoins books household h's revenue, variable and fixed cost
// and count to its new owner after a transfer.
func (w *World) bookHouseholdJoins(h int) {
	hh := &w.Households[h]
	rev, vr := w.householdRates(h)
	w.acct.provRev[hh.Owner] += rev
	w.acct.provVar[hh.Owner] += vr
	w.acct.provFix[hh.Owner] += w.hhFixed(h)
	w.countHousehold(hh.Owner, 1)
}

// bookResetting moves child id's counts from setting from to setting to
// (a foster household changing between in-house and agency).
func (w *World) bookResetting(id int32, from, to agents.Setting) {
	w.stats.setting[from]--
	w.stats.setting[to]++
	w.acct.settingRate[from] -= w.kids.price[id]
	w.acct.settingRate[to] += w.kids.price[id]
	if from == agents.FosterIFA {
		w.stats.ifaPrice -= w.kids.price[id]
		w.stats.ifaCount--
	} else {
		w.stats.ifaPrice += w.kids.price[id]
		w.stats.ifaCount++
	}
}

// bookRemoveHousehold takes a household that ends off its owner's fixed
// cost and the household counts.
func (w *World) bookRemoveHousehold(h int) {
	hh := &w.Households[h]
	w.acct.provFix[hh.Owner] -= w.hhFixed(h)
	w.countHousehold(hh.Owner, -1)
}

// countHousehold adds d to the count of council or agency households.
func (w *World) countHousehold(owner int32, d int) {
	if w.Providers[owner].Ownership == agents.CouncilOwned {
		w.stats.hhCouncil += d
	} else {
		w.stats.hhIFA += d
	}
}

// bookLeave counts child id leaving care (and leaving within a year of
// starting).
func (w *World) bookLeave(id int32) {
	w.stats.leavers++
	if w.week-int(w.kids.start[id]) < agents.WeeksPerYear {
		w.stats.leaversShort++
	}
}

// bookClawback books a profit-cap clawback cb repaid by provider pr.
func (w *World) bookClawback(pr *agents.Provider, cb float64) {
	pr.Year.Clawback += cb
	pr.Quarter.Clawback += cb
	pr.Finance.Cash -= cb
	w.stats.clawback += cb
}

// bookTax books windfall tax paid by provider pr.
func (w *World) bookTax(pr *agents.Provider, tax float64) {
	pr.Year.Tax += tax
	pr.Quarter.Tax += tax
	pr.Finance.Cash -= tax
	w.stats.tax += tax
}

// bookGrant books the capital grant of a programme home of kind in region
// reg; program marks a not-for-profit entry home, counted as opened by a
// programme.
func (w *World) bookGrant(reg int, kind agents.HomeKind, program bool) {
	if program {
		w.stats.openedProgram++
	}
	w.stats.grants += w.capital(reg, kind)
}

// bookEntry counts a new provider entering.
func (w *World) bookEntry() { w.stats.entries++ }

// bookExit counts a provider's exit, orderly or not, and large or not.
func (w *World) bookExit(orderly, large bool) {
	if large {
		w.stats.exitsLarge++
	}
	if orderly {
		w.stats.exitsOrderly++
	} else {
		w.stats.exitsDisorderly++
	}
}

// syncBlock recomputes what a co-op pays home h for its empty block places.
func (w *World) syncBlock(h int) {
	hm := &w.Homes[h]
	var rate int64
	if hm.BlockCoop >= 0 {
		rate = int64(max(0, int(hm.BlockPlaces)-int(hm.Occupied))) * penceOf(hm.BlockPrice)
	}
	d := rate - w.acct.blockRate[h]
	if d == 0 {
		return
	}
	k := hm.BlockCoop
	if k < 0 {
		// the contract ended: take the old rate off the co-op that paid it
		k = w.blockPayer[h]
	}
	w.acct.blockRate[h] = rate
	w.acct.provRev[hm.Owner] += d
	w.acct.homeRev[h] += d
	w.acct.coopRate[k] += d
}
