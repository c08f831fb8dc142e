package market

import (
	"errors"
	"fmt"

	"github.com/caremarket/caremarket/agents"
)

// InvariantError reports a broken invariant of the world.
type InvariantError struct {
	Invariant string
	Detail    string
}

// Error implements error.
func (e *InvariantError) Error() string {
	return "invariant " + e.Invariant + " broken: " + e.Detail
}

func broken(inv, format string, args ...any) error {
	return &InvariantError{Invariant: inv, Detail: fmt.Sprintf(format, args...)}
}

// Check verifies the invariants of the world (DEVELOPERS.md): every child is
// in exactly one place or waiting; no unit holds more children than its
// capacity; every pound a council pays is received by a provider (in-house
// and unregistered suppliers included) or booked as a waiting cost; counts
// never go negative; and the running totals and vacancy lists agree with a
// recount from scratch.
func (w *World) Check() error {
	ck := &checker{w: w}
	seen := make([]uint8, len(w.kids.alive))
	ck.homes(seen)
	ck.households(seen)
	rc := ck.children(seen)
	ck.settings(rc)
	ck.money(rc)
	ck.nonNegative()
	// Vacancy lists.
	if err := w.checkVacancies(); err != nil {
		ck.add(err)
	}
	if err := w.checkMarketCounts(); err != nil {
		ck.add(err)
	}
	return errors.Join(ck.errs...)
}

// checker gathers the first 20 broken invariants Check finds.
type checker struct {
	w    *World
	errs []error
}

func (ck *checker) add(err error) {
	if len(ck.errs) < 20 {
		ck.errs = append(ck.errs, err)
	}
}

// recount holds what Check recounts from the children themselves: children
// alive and by setting, and the weekly rates councils pay for placements
// and waiting and providers receive.
type recount struct {
	alive                          int
	setting                        [agents.NumSettings]int
	waitRate, councilRate, provRev []int64
}

// homes checks homes' capacity and that the children they hold record
// them, counting in seen each child's places.
func (ck *checker) homes(seen []uint8) {
	w, add := ck.w, ck.add
	for h := range w.Homes {
		hm := &w.Homes[h]
		if int(hm.Occupied) > int(hm.Places) || int(hm.Occupied) > max(int(hm.Usable), 1) {
			add(broken("capacity", "home %d holds %d children in %d places (%d usable)", h, hm.Occupied, hm.Places, hm.Usable))
		}
		if hm.Whole && hm.Occupied != 1 {
			add(broken("capacity", "home %d taken whole holds %d children", h, hm.Occupied))
		}
		if hm.Occupied > 0 && hm.Status != agents.Open && hm.Status != agents.Closing {
			add(broken("placement", "home %d is %v but holds %d children", h, hm.Status, hm.Occupied))
		}
		ck.occupants("home", h, hm.Children[:hm.Occupied], seen, agents.ChildrensHome, agents.Supported)
	}
}

// occupants checks the children unit u (a home or a household, named by
// what) holds: each is in care, counted in seen, and records the unit in
// setting a or b.
func (ck *checker) occupants(what string, u int, ids []int32, seen []uint8, a, b agents.Setting) {
	k := &ck.w.kids
	for _, id := range ids {
		if id < 0 || int(id) >= len(k.alive) || !k.alive[id] {
			ck.add(broken("placement", "%s %d holds a child %d not in care", what, u, id))
			continue
		}
		seen[id]++
		if k.unit[id] != int32(u) || (k.hot[id].setting != a && k.hot[id].setting != b) {
			ck.add(broken("placement", "child %d is in %s %d but records %v unit %d", id, what, u, k.hot[id].setting, k.unit[id]))
		}
	}
}

// households checks foster households likewise.
func (ck *checker) households(seen []uint8) {
	w, add := ck.w, ck.add
	for h := range w.Households {
		hh := &w.Households[h]
		if hh.Occupied > hh.Usable || hh.Usable > hh.Approved {
			add(broken("capacity", "household %d holds %d children with %d usable of %d approved places", h, hh.Occupied, hh.Usable, hh.Approved))
		}
		if hh.Occupied > 0 && !hh.Active {
			add(broken("placement", "inactive household %d holds %d children", h, hh.Occupied))
		}
		ck.occupants("household", h, hh.Children[:hh.Occupied], seen, agents.FosterInHouse, agents.FosterIFA)
	}
}

// children checks each child's setting against the places that hold it and
// recounts children and weekly rates.
func (ck *checker) children(seen []uint8) *recount {
	w, add, k := ck.w, ck.add, &ck.w.kids
	rc := &recount{
		waitRate:    make([]int64, len(w.Councils)),
		councilRate: make([]int64, len(w.Councils)),
		provRev:     make([]int64, len(w.Providers)),
	}
	setting, waitRate, councilRate, provRev := &rc.setting, rc.waitRate, rc.councilRate, rc.provRev
	for id, a := range k.alive {
		if !a {
			continue
		}
		rc.alive++
		s := k.hot[id].setting
		if int(s) >= agents.NumSettings {
			add(broken("placement", "child %d has no setting (%d)", id, s))
			continue
		}
		setting[s]++
		switch s {
		case agents.Seeking, agents.Other:
			if seen[id] != 0 || k.unit[id] != -1 {
				add(broken("placement", "child %d is %v but holds unit %d (%d places)", id, s, k.unit[id], seen[id]))
			}
			if s == agents.Seeking {
				waitRate[k.hot[id].council] += k.hot[id].waitPrice
				if k.hot[id].waitPrice <= 0 {
					add(broken("money", "waiting child %d has interim price %d p", id, k.hot[id].waitPrice))
				}
				if !k.queued[id] {
					add(broken("placement", "waiting child %d is in no seeker queue", id))
				}
			}
		case agents.Unregistered:
			if seen[id] != 0 || k.unit[id] != int32(k.hot[id].region) {
				add(broken("placement", "unregistered child %d has unit %d (%d places)", id, k.unit[id], seen[id]))
			}
			if !k.queued[id] {
				add(broken("placement", "unregistered child %d is in no seeker queue", id))
			}
		default:
			if seen[id] != 1 {
				add(broken("placement", "child %d (%v) is in %d places", id, s, seen[id]))
			}
		}
		if s != agents.Seeking && s != agents.Other {
			councilRate[k.hot[id].council] += k.price[id]
			if o := w.unitOwner(int32(id)); o >= 0 {
				provRev[o] += k.price[id]
			}
			if k.price[id] < 0 {
				add(broken("counts", "child %d has price %d", id, k.price[id]))
			}
		}
	}
	return rc
}

// settings checks the price histograms and the running counts of children
// against the recount.
func (ck *checker) settings(rc *recount) {
	w, add, k := ck.w, ck.add, &ck.w.kids
	setting, alive := &rc.setting, rc.alive
	var homeSum, supSum int64
	for id, a := range k.alive {
		if !a {
			continue
		}
		switch k.hot[id].setting {
		case agents.ChildrensHome:
			homeSum += k.price[id]
		case agents.Supported:
			supSum += k.price[id]
		}
	}
	if h := &w.stats.homePrices; h.n != setting[agents.ChildrensHome] || h.sum != homeSum {
		add(broken("counts", "home price histogram holds %d placements (%d p) but %d are placed (%d p)", h.n, h.sum, setting[agents.ChildrensHome], homeSum))
	}
	if h := &w.stats.supPrices; h.n != setting[agents.Supported] || h.sum != supSum {
		add(broken("counts", "supported price histogram holds %d placements (%d p) but %d are placed (%d p)", h.n, h.sum, setting[agents.Supported], supSum))
	}
	if alive != k.n {
		add(broken("counts", "%d children alive but %d counted", alive, k.n))
	}
	for s := range setting {
		if setting[s] != w.stats.setting[s] {
			add(broken("counts", "%d children in %v but %d counted", setting[s], agents.Setting(s), w.stats.setting[s]))
		}
	}
	ck.bySetting()
}

// bySetting checks the payments by setting and the councils with a child
// placed at over £500k a year against a recount.
func (ck *checker) bySetting() {
	w, add, k := ck.w, ck.add, &ck.w.kids
	var rate [agents.NumSettings]int64
	over := make([]int32, len(w.Councils))
	for id, a := range k.alive {
		if !a {
			continue
		}
		if s := k.hot[id].setting; s != agents.Seeking && s != agents.Other {
			rate[s] += k.price[id]
		}
		if k.flags[id]&flagOver500k != 0 {
			over[k.hot[id].council]++
		}
	}
	if rate != w.acct.settingRate {
		add(broken("money", "payments by setting are %v p a week but placements cost %v p", w.acct.settingRate, rate))
	}
	councils := 0
	for c, n := range over {
		if n > 0 {
			councils++
		}
		if n != w.stats.o500kCouncil[c] {
			add(broken("counts", "council %s has %d children over £500k a year but %d counted", w.Councils[c].Code, n, w.stats.o500kCouncil[c]))
		}
	}
	if councils != w.stats.o500kCouncils {
		add(broken("counts", "%d councils have a child over £500k a year but %d counted", councils, w.stats.o500kCouncils))
	}
}

// money checks block payments and that the weekly rates councils pay and
// providers receive agree with the recount, and that councils paid what
// providers received.
func (ck *checker) money(rc *recount) {
	w, add := ck.w, ck.add
	waitRate, councilRate, provRev := rc.waitRate, rc.councilRate, rc.provRev
	for h := range w.Homes {
		hm := &w.Homes[h]
		if hm.BlockCoop >= 0 {
			want := int64(max(0, int(hm.BlockPlaces)-int(hm.Occupied))) * penceOf(hm.BlockPrice)
			if want != w.acct.blockRate[h] {
				add(broken("money", "home %d is owed %d p a week for empty block places but is paid %d p", h, want, w.acct.blockRate[h]))
			}
		} else if w.acct.blockRate[h] != 0 {
			add(broken("money", "home %d has no block contract but is paid %d p a week for one", h, w.acct.blockRate[h]))
		}
		provRev[hm.Owner] += w.acct.blockRate[h]
	}
	for c := range w.Councils {
		if councilRate[c] != w.acct.councilRate[c] {
			add(broken("money", "council %s pays %d p a week but its placements cost %d p", w.Councils[c].Code, w.acct.councilRate[c], councilRate[c]))
		}
		if waitRate[c] != w.acct.waitRate[c] {
			add(broken("money", "council %s books %d p of waiting a week but its waiting children cost %d p", w.Councils[c].Code, w.acct.waitRate[c], waitRate[c]))
		}
	}
	for p := range provRev {
		if provRev[p] != w.acct.provRev[p] {
			add(broken("money", "provider %d receives %d p a week but its placements pay %d p", p, w.acct.provRev[p], provRev[p]))
		}
	}
	if w.acct.paid != w.acct.received {
		add(broken("money", "councils paid %d p but providers received %d p", w.acct.paid, w.acct.received))
	}
}

// nonNegative checks that running counts never go negative.
func (ck *checker) nonNegative() {
	w, add := ck.w, ck.add
	s := &w.stats
	for _, x := range []int{s.over20, s.outOfArea, s.o500k, s.supportedPlaces, s.hhCouncil, s.hhIFA, s.ifaCount} {
		if x < 0 {
			add(broken("counts", "a running count is negative: %d", x))
		}
	}
	for i := range w.regions {
		if s.regWaiting[i] < 0 || s.regUnreg[i] < 0 || s.regOver20[i] < 0 {
			add(broken("counts", "region %s has a negative count", w.regions[i].name))
		}
	}
	for o, p := range s.homePlaces {
		if p < 0 {
			add(broken("counts", "%v home places are %d", agents.Ownership(o), p))
		}
	}
}

func (w *World) checkVacancies() error {
	var region = make([][numSlots]int32, len(w.regions))
	for c := range w.vac.lists {
		for sc := 0; sc < 2; sc++ {
			for s := slot(0); s < numSlots; s++ {
				for i, u := range w.vac.lists[c][sc][s] {
					var pos int32
					switch {
					case s.foster():
						pos = w.vac.hhPos[u]
						if w.Households[u].Free() <= 0 || !w.Households[u].Active {
							return broken("vacancies", "household %d is listed with no free usable place", u)
						}
					case s == slotHomeEmpty:
						pos = w.vac.hmEPos[u]
						if w.Homes[u].Occupied != 0 {
							return broken("vacancies", "home %d is listed empty with %d children", u, w.Homes[u].Occupied)
						}
					default:
						pos = w.vac.hmPos[u]
						if int(w.Homes[u].Occupied) >= w.effUsable(int(u)) || w.Homes[u].Status != agents.Open {
							return broken("vacancies", "home %d is listed with no free usable place", u)
						}
					}
					if int(pos) != i {
						return broken("vacancies", "unit %d sits at %d but records position %d", u, i, pos)
					}
					if sc == scopeMarket {
						region[w.Councils[c].Region][s]++
					}
				}
			}
		}
	}
	for k := range w.vac.coop {
		for s := slot(0); s < numSlots; s++ {
			for i, u := range w.vac.coop[k][s] {
				hm := &w.Homes[u]
				if int(hm.BlockCoop) != k || int(w.vac.hmPos[u]) != i || int(hm.Occupied) >= w.effUsable(int(u)) {
					return broken("vacancies", "home %d is listed for co-op %d wrongly", u, k)
				}
			}
		}
	}
	for r := range region {
		for s := slot(0); s < numSlots; s++ {
			l := w.vac.rlist[r][s]
			if int(region[r][s]) != len(l) {
				return broken("vacancies", "region %s lists %d vacancies of slot %d but its councils list %d", w.regions[r].name, len(l), s, region[r][s])
			}
			for i, u := range l {
				var pos int32
				switch {
				case s.foster():
					pos = w.vac.hhRPos[u]
				case s == slotHomeEmpty:
					pos = w.vac.hmERPos[u]
				default:
					pos = w.vac.hmRPos[u]
				}
				if int(pos) != i {
					return broken("vacancies", "unit %d sits at %d of region %s's list but records %d", u, i, w.regions[r].name, pos)
				}
			}
		}
	}
	for h := range w.Homes {
		hm := &w.Homes[h]
		free := hm.Status == agents.Open && !hm.Whole && int(hm.Occupied) < w.effUsable(h)
		if free != (w.vac.hmPos[h] >= 0) {
			return broken("vacancies", "home %d has a free usable place %v but is listed %v", h, free, w.vac.hmPos[h] >= 0)
		}
	}
	for h := range w.Households {
		hh := &w.Households[h]
		free := hh.Active && hh.Free() > 0
		if free != (w.vac.hhPos[h] >= 0) {
			return broken("vacancies", "household %d has a free usable place %v but is listed %v", h, free, w.vac.hhPos[h] >= 0)
		}
	}
	return nil
}
