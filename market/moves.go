package market

import "github.com/caremarket/caremarket/agents"

// Planned moves (docs/model.md 4.2g): a child in a registered placement may
// move by plan rather than after a breakdown. Each week a stable child in a
// children's home is reviewed for a step-down to foster care with
// probability StepDownRate, and a child of 16 or 17 in foster care or a home
// for a move into supported accommodation with probability SupportedRate;
// the council then searches its own area and region (rings 0 and 1) for the
// new setting only, and the child moves if an offer is found. A move counts
// in moves and in moves_planned.

// plannedRing is the widest ring searched for a planned move.
const plannedRing = 1

const (
	fosterMask    = 1<<uint(agents.FosterInHouse) | 1<<uint(agents.FosterIFA)
	supportedMask = 1 << uint(agents.Supported)
)

// plannedMoves reviews every child in a registered placement for a planned
// move and makes the moves whose search finds an offer.
func (w *World) plannedMoves() {
	pm := &w.cfg.Matching.PlannedMoves
	if pm.StepDownRate <= 0 && pm.SupportedRate <= 0 {
		return
	}
	k := &w.kids
	r := w.rng[streamMatching]
	older := w.week - 16*agents.WeeksPerYear
	ids := w.scratch.planned[:0]
	for id, a := range k.alive {
		if !a || k.tier[id] == agents.VeryComplex {
			continue
		}
		var mask uint32
		switch k.setting[id] {
		case agents.ChildrensHome:
			if int(k.birth[id]) <= older && pm.SupportedRate > 0 && r.Float64() < pm.SupportedRate {
				mask = supportedMask
			} else if w.week-int(k.since[id]) >= pm.StableWeeks && pm.StepDownRate > 0 && r.Float64() < pm.StepDownRate {
				mask = fosterMask
			}
		case agents.FosterInHouse, agents.FosterIFA:
			if int(k.birth[id]) <= older && pm.SupportedRate > 0 && r.Float64() < pm.SupportedRate {
				mask = supportedMask
			}
		}
		if mask != 0 {
			ids = append(ids, int32(id), int32(mask))
		}
	}
	for i := 0; i < len(ids); i += 2 {
		w.plannedMove(ids[i], uint32(ids[i+1]))
	}
	w.scratch.planned = ids[:0]
}

// plannedMove searches for an offer in a setting of mask for child id, in
// rings 0 to plannedRing, and moves the child there if one is found.
func (w *World) plannedMove(id int32, mask uint32) {
	best, found := w.search(id, plannedRing, mask)
	if !found {
		return
	}
	w.unplace(id)
	w.placeAt(id, best)
	w.stats.movesPlanned++
}
