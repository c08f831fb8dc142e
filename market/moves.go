package market

import (
	"math"

	"github.com/caremarket/caremarket/agents"
)

// Planned moves (docs/model.md 4.4): a child in a registered placement may
// move by plan rather than after a breakdown. Children are reviewed every
// reviewWeeks weeks at the weekly rates compounded: a stable child in a
// children's home is reviewed for a step-down to foster care with
// probability StepDownRate, and a child of 16 or 17 in foster care or a home
// for a move into supported accommodation with probability SupportedRate;
// the council then searches its own area and region (rings 0 and 1) for the
// new setting only, and the child moves if an offer is found. A move counts
// in moves and in moves_planned.

// reviewWeeks is how often, in weeks, children are reviewed for planned
// moves; each review covers the weeks since the last at the weekly rates.
const reviewWeeks = 4

// plannedRing is the widest ring searched for a planned move.
const plannedRing = 1

const (
	fosterMask    = 1<<uint(agents.FosterInHouse) | 1<<uint(agents.FosterIFA)
	supportedMask = 1 << uint(agents.Supported)
	closerMask    = 1 << 31 // marks a review for a move closer to home
)

// settingMask returns the mask of the settings of s's kind: both kinds of
// foster care, or s itself.
func settingMask(s agents.Setting) uint32 {
	if s == agents.FosterInHouse || s == agents.FosterIFA {
		return fosterMask
	}
	return 1 << uint(s)
}

// plannedMoves reviews every child in a registered placement for a planned
// move and makes the moves whose search finds an offer.
func (w *World) plannedMoves() {
	pm := &w.cfg.Matching.PlannedMoves
	if (pm.StepDownRate <= 0 && pm.SupportedRate <= 0 && pm.CloserRate <= 0) || w.week%reviewWeeks != 0 {
		return
	}
	ids := w.reviewAll(w.scratch.planned[:0])
	for i := 0; i < len(ids); i += 2 {
		if m := uint32(ids[i+1]); m&closerMask != 0 {
			w.closerMove(ids[i], m&^closerMask)
		} else {
			w.plannedMove(ids[i], m)
		}
	}
	w.scratch.planned = ids[:0]
}

// reviewAll appends to ids, in child order, each child reviewed this week
// and the setting mask of its review. It is a scan of every child every
// reviewWeeks weeks (6% of a run), so it reads the columns through local
// slices of one length (no reloads after the calls, fewer bounds checks)
// and the reviews' countdowns through reviewed's inlined fast path.
func (w *World) reviewAll(ids []int32) []int32 {
	pm := &w.cfg.Matching.PlannedMoves
	k := &w.kids
	older := int32(w.week - 16*agents.WeeksPerYear)
	stable := int32(w.week - pm.StableWeeks)
	sup, down, closer := &w.reviewLeft[reviewSupported], &w.reviewLeft[reviewStepDown], &w.reviewLeft[reviewCloser]
	alive := k.alive
	n := len(alive)
	hot, since, flags := k.hot[:n], k.since[:n], k.flags[:n]
	for id := range n {
		if !alive[id] || hot[id].tier == agents.VeryComplex {
			continue
		}
		h := &hot[id]
		var mask uint32
		switch h.setting {
		case agents.ChildrensHome:
			if h.birth <= older && w.reviewed(sup, reviewSupported, pm.SupportedRate) {
				mask = supportedMask
			} else if since[id] <= stable && w.reviewed(down, reviewStepDown, pm.StepDownRate) {
				mask = fosterMask
			}
		case agents.FosterInHouse, agents.FosterIFA:
			if h.birth <= older && w.reviewed(sup, reviewSupported, pm.SupportedRate) {
				mask = supportedMask
			}
		}
		if mask == 0 && flags[id]&flagOver20 != 0 && w.reviewed(closer, reviewCloser, pm.CloserRate) {
			mask = closerMask | settingMask(h.setting)
		}
		if mask != 0 {
			ids = append(ids, int32(id), int32(mask))
		}
	}
	return ids
}

// Kinds of planned-move review.
const (
	reviewStepDown = iota
	reviewSupported
	reviewCloser
	numReviews
)

// reviewed reports whether the next child eligible for review kind j is
// reviewed this week, each with probability rate independently: it counts
// down a geometric number of eligible children between reviews, so only
// about rate·eligible draws are made instead of one per child. l is
// &w.reviewLeft[j], passed in so that the call is cheap enough to inline.
func (w *World) reviewed(l *int, j int, rate float64) bool {
	if *l > 1 && rate > 0 { // the common case, inlined
		*l--
		return false
	}
	return w.reviewDraw(j, rate)
}

// reviewDraw is reviewed when the countdown is at 1 or below (or the rate
// is 0): the child is reviewed, and a countdown is drawn first when none is
// running.
func (w *World) reviewDraw(j int, rate float64) bool {
	if rate <= 0 {
		return false
	}
	if w.reviewLeft[j] <= 0 {
		p := 1 - math.Pow(1-rate, reviewWeeks) // the weekly rate over reviewWeeks
		w.reviewLeft[j] = geometricWeeks(w.rng[streamMatching], p)
	}
	w.reviewLeft[j]--
	return w.reviewLeft[j] == 0
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

// closerMove searches the child's own council (ring 0) for an offer in a
// setting of mask and moves child id there when the offer's cost, price +
// λ·distance + the out-of-area premium, undercuts its current placement's
// by more than CloserGain: a move back closer to home.
func (w *World) closerMove(id int32, mask uint32) {
	best, found := w.search(id, 0, mask)
	if !found {
		return
	}
	k := &w.kids
	mt := &w.cfg.Matching
	var ux, uy float32
	host := 0
	if best.home {
		hm := &w.Homes[best.unit]
		ux, uy, host = hm.X, hm.Y, int(hm.Council)
	} else {
		hh := &w.Households[best.unit]
		ux, uy, host = hh.X, hh.Y, int(hh.Council)
	}
	cost := func(price float64, d float32, out bool) float64 {
		c := price + mt.Lambda*float64(d)
		if out {
			c += mt.OutOfAreaPremium
		}
		return c
	}
	now := cost(poundsOf(k.price[id]), k.dist[id], k.flags[id]&flagOutOfArea != 0)
	d := dist(k.hot[id].x, k.hot[id].y, ux, uy)
	if d >= k.dist[id] || cost(best.price, d, host != int(k.hot[id].council)) > now-mt.PlannedMoves.CloserGain {
		return
	}
	w.unplace(id)
	w.placeAt(id, best)
	w.stats.movesPlanned++
}
