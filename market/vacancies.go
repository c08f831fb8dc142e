package market

// Vacancy storage and slot policy: which list each unit with a free usable
// place is in (by council, scope and slot kind, and by region), and the rule
// that decides a unit's slot and usable places (docs/model.md §4.2).

import (
	"math"

	"github.com/caremarket/caremarket/agents"
)

// slot kinds of the vacancy lists.
type slot uint8

const (
	slotFosterStd slot = iota // households that do not take Complex children
	slotFosterCx              // households that take Complex children
	slotHomeStd
	slotHomeCx
	slotHomeSolo
	slotHomeEmpty // empty Complex homes, which a VeryComplex child may take whole
	slotSupported
	numSlots
)

func (s slot) foster() bool { return s <= slotFosterCx }

// scope separates market vacancies from councils' in-house ones and from
// homes held whole under a co-operative's block contract.
const (
	scopeMarket  = 0
	scopeInHouse = 1
	scopeBlock   = 2 // lists by co-op rather than by council
)

// listKey records which council (or co-op) and scope lists a home.
type listKey struct {
	council int32
	scope   int8
}

// vacancies indexes units with a free usable place by council, scope and
// slot kind; each unit knows its position so removal is a swap.
type vacancies struct {
	lists [][2][numSlots][]int32 // [council][scope][slot]
	// rlist[region][slot] holds the region's market vacancies again, so the
	// wider rings are a few lists rather than one per council.
	rlist   [][numSlots][]int32
	hhPos   []int32 // household position in its council list, -1
	hmPos   []int32 // home position in its main council list, -1
	hmEPos  []int32 // home position in the council empty list, -1
	hhRPos  []int32 // positions in the region lists, likewise
	hmRPos  []int32
	hmERPos []int32
	// coop[k][slot] lists the homes held under co-op k's block contracts.
	coop    [][numSlots][]int32
	hmWhere []listKey // where a home is listed
}

func (v *vacancies) list(council, scope int, s slot) *[]int32 {
	if scope == scopeBlock {
		return &v.coop[council][s]
	}
	return &v.lists[council][scope][s]
}

func pushList(l *[]int32, unit int32, pos []int32) {
	pos[unit] = int32(len(*l))
	*l = append(*l, unit)
}

func popList(l *[]int32, unit int32, pos []int32) {
	i := pos[unit]
	last := (*l)[len(*l)-1]
	(*l)[i] = last
	pos[last] = i
	*l = (*l)[:len(*l)-1]
	pos[unit] = -1
}

// push lists unit as a vacancy of slot s for council (or co-op) and scope,
// and, for market vacancies, in its region's list.
func (v *vacancies) push(council, scope int, s slot, unit int32, pos, rpos []int32, region int) {
	pushList(v.list(council, scope, s), unit, pos)
	if scope == scopeMarket {
		pushList(&v.rlist[region][s], unit, rpos)
	}
}

// pop removes unit from the lists push put it in.
func (v *vacancies) pop(council, scope int, s slot, unit int32, pos, rpos []int32, region int) {
	popList(v.list(council, scope, s), unit, pos)
	if scope == scopeMarket {
		popList(&v.rlist[region][s], unit, rpos)
	}
}

// regionCount returns the market vacancies of slot s in region r.
func (v *vacancies) regionCount(r int, s slot) int { return len(v.rlist[r][s]) }

// effUsable returns home h's usable places after the regional workforce
// limit: min(usable, ⌊usable·f + u⌋) with u fixed at registration, which
// rounds without bias and without redrawing (docs/model.md §4.8, and the
// ratchet warned of in §12).
func (w *World) effUsable(h int) int {
	hm := &w.Homes[h]
	if hm.Kind == agents.SupportedScheme {
		return int(hm.Usable)
	}
	f := w.regions[hm.Region].workFactor
	if f >= 1 {
		return int(hm.Usable)
	}
	return min(int(hm.Usable), int(math.Floor(float64(hm.Usable)*f+float64(hm.Round))))
}

func homeSlot(k agents.HomeKind) slot {
	switch k {
	case agents.StandardHome:
		return slotHomeStd
	case agents.ComplexHome:
		return slotHomeCx
	case agents.SoloHome:
		return slotHomeSolo
	}
	return slotSupported
}

// listCouncil returns the council whose lists hold a unit: the owning
// council for in-house units, the host council otherwise.
func (w *World) listCouncil(owner int32, host int16) (council, scope int) {
	if o := w.Providers[owner].Owner; o >= 0 {
		return o, scopeInHouse
	}
	return int(host), scopeMarket
}

// refreshHome puts home h in or out of the vacancy lists after a change.
func (w *World) refreshHome(h int) {
	hm := &w.Homes[h]
	c, sc := w.listCouncil(hm.Owner, hm.Council)
	if hm.BlockCoop >= 0 {
		c, sc = int(hm.BlockCoop), scopeBlock
	}
	// A home leaves the lists it is in before joining others (its block
	// status may have changed).
	if k := w.vac.hmWhere[h]; int(k.scope) != sc || int(k.council) != c {
		if w.vac.hmPos[h] >= 0 {
			w.vac.pop(int(k.council), int(k.scope), homeSlot(hm.Kind), int32(h), w.vac.hmPos, w.vac.hmRPos, int(hm.Region))
		}
		if w.vac.hmEPos[h] >= 0 {
			w.vac.pop(int(k.council), int(k.scope), slotHomeEmpty, int32(h), w.vac.hmEPos, w.vac.hmERPos, int(hm.Region))
		}
		w.vac.hmWhere[h] = listKey{int32(c), int8(sc)}
	}
	reg := int(hm.Region)
	open := hm.Status == agents.Open
	in := open && !hm.Whole && int(hm.Occupied) < w.effUsable(h)
	s := homeSlot(hm.Kind)
	if pos := w.vac.hmPos[h]; in && pos < 0 {
		w.vac.push(c, sc, s, int32(h), w.vac.hmPos, w.vac.hmRPos, reg)
	} else if !in && pos >= 0 {
		w.vac.pop(c, sc, s, int32(h), w.vac.hmPos, w.vac.hmRPos, reg)
	}
	if hm.Kind == agents.ComplexHome {
		e := open && hm.Occupied == 0 && !hm.Whole && w.effUsable(h) > 0 && sc != scopeBlock
		if pos := w.vac.hmEPos[h]; e && pos < 0 {
			w.vac.push(c, sc, slotHomeEmpty, int32(h), w.vac.hmEPos, w.vac.hmERPos, reg)
		} else if !e && pos >= 0 {
			w.vac.pop(c, sc, slotHomeEmpty, int32(h), w.vac.hmEPos, w.vac.hmERPos, reg)
		}
	}
}

// refreshHousehold puts household h in or out of the vacancy lists.
func (w *World) refreshHousehold(h int) {
	hh := &w.Households[h]
	c, sc := w.listCouncil(hh.Owner, hh.Council)
	reg := w.Councils[hh.Council].Region
	s := slotFosterStd
	if hh.AcceptsComplex {
		s = slotFosterCx
	}
	in := hh.Active && hh.Occupied < hh.Usable
	if pos := w.vac.hhPos[h]; in && pos < 0 {
		w.vac.push(c, sc, s, int32(h), w.vac.hhPos, w.vac.hhRPos, reg)
	} else if !in && pos >= 0 {
		w.vac.pop(c, sc, s, int32(h), w.vac.hhPos, w.vac.hhRPos, reg)
	}
}
