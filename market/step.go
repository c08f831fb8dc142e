package market

import (
	"fmt"
	"math"

	"github.com/caremarket/caremarket/agents"
)

// Step advances the world by one week, in the order of docs/model.md §3:
// interventions due, arrivals, endings, breakdowns, closures due, matching,
// payments, quarterly and April business, and the week's record.
func (w *World) Step() error {
	if w.Done() {
		return fmt.Errorf("market: the world has reached its horizon of %d weeks", w.weeks)
	}
	if err := w.applyInterventions(); err != nil {
		return err
	}
	w.arrivals()
	w.endings()
	w.breakdowns()
	w.closingsDue()
	if w.week >= w.warmup {
		w.fosterFlows()
	}
	w.updateScarcity()
	w.match()
	w.plannedMoves()
	w.pay()
	if (w.week+1)%agents.WeeksPerQuarter == 0 {
		w.updateReservations()
		w.quarter()
	}
	if (w.week+1)%agents.WeeksPerYear == 0 {
		w.april()
	}
	w.record()
	w.week++
	if w.opts.CheckInvariants {
		if err := w.Check(); err != nil {
			return fmt.Errorf("week %d: %w", w.week-1, err)
		}
	}
	return nil
}

func (w *World) applyInterventions() error {
	rep := w.week - w.warmup
	for i, iv := range w.interventions {
		if !w.applied[i] && rep >= iv.StartWeek() {
			if err := iv.Apply(w); err != nil {
				return fmt.Errorf("intervention %s: %w", iv.Name(), err)
			}
			w.applied[i] = true
		}
		if w.applied[i] {
			if s, ok := iv.(Stepper); ok {
				if err := s.Step(w); err != nil {
					return fmt.Errorf("intervention %s: %w", iv.Name(), err)
				}
			}
		}
	}
	return nil
}

// arrivals brings in the week's new children, Poisson by council.
func (w *World) arrivals() {
	r := w.rng[streamArrivals]
	d := &w.cfg.Demand
	yearsOn := float64(w.week-w.warmup) / agents.WeeksPerYear
	trend := math.Pow(1+d.ArrivalTrend, math.Max(0, yearsOn))
	for c := range w.Councils {
		n := poisson(r, w.Councils[c].ArrivalsPerWeek*trend)
		for range n {
			s := w.drawStarter(r, yearsOn)
			id := w.newChild(r, c, s, s.age, w.week+s.duration)
			w.stats.arrivals++
			if !s.other {
				w.setSeeking(id)
			}
		}
	}
}

// endings takes out the children whose episodes end this week.
func (w *World) endings() {
	w.cal.take(w.cal.ends, w.week, w.touchKeys, w.endOne)
}

func (w *World) endOne(e uint64) {
	k := &w.kids
	id, g := unpack(e)
	if k.alive[id] && k.gen[id] == g && int(k.endWeek[id]) == w.week {
		w.leave(id)
	}
}

// touchKeys reads, for a chunk of calendar keys at once, the columns and
// units that endOne and breakOne read (and leave and unplace after them).
// Each child is one or more cache misses away; read one child at a time,
// the misses come one after another, read together they overlap, and the
// work that follows finds the lines loaded (docs/performance.md). The sum
// is kept only so that the reads are not optimised away.
func (w *World) touchKeys(keys []uint64) {
	k := &w.kids
	var s uint32
	for _, e := range keys {
		id, _ := unpack(e)
		s += k.gen[id] ^ k.bdStamp[id] ^ uint32(k.endWeek[id]) ^ uint32(k.price[id]) ^ uint32(k.hot[id].council) ^
			uint32(k.flags[id]) ^ uint32(k.start[id]) ^ uint32(k.hot[id].tier) ^ uint32(k.varCost[id])
	}
	for _, e := range keys {
		id, _ := unpack(e)
		if !k.alive[id] {
			continue
		}
		switch u := k.unit[id]; k.hot[id].setting {
		case agents.FosterInHouse, agents.FosterIFA:
			s += uint32(w.Households[u].Owner)
		case agents.ChildrensHome, agents.Supported:
			s += uint32(w.Homes[u].Owner)
		}
	}
	w.scratch.touched += s
}

// breakdowns ends the placements that break down this week; the children
// seek again.
func (w *World) breakdowns() {
	w.cal.take(w.cal.breaks, w.week, w.touchKeys, w.breakOne)
}

func (w *World) breakOne(e uint64) {
	k := &w.kids
	id, st := unpack(e)
	if !k.alive[id] || k.bdStamp[id] != st {
		return
	}
	switch k.hot[id].setting {
	case agents.FosterInHouse, agents.FosterIFA, agents.ChildrensHome, agents.Supported:
		w.unplace(id)
		w.setSeeking(id)
	}
}

// closingsDue closes the homes whose notice ends this week and opens those
// whose building is done.
func (w *World) closingsDue() {
	for i := 0; i < len(w.closing); {
		h := w.closing[i]
		hm := &w.Homes[h]
		if hm.Status == agents.Closing && int(hm.CloseWeek) <= w.week {
			w.closeHome(int(h))
			w.closing[i] = w.closing[len(w.closing)-1]
			w.closing = w.closing[:len(w.closing)-1]
			continue
		}
		if hm.Status != agents.Closing {
			w.closing[i] = w.closing[len(w.closing)-1]
			w.closing = w.closing[:len(w.closing)-1]
			continue
		}
		i++
	}
	for i := 0; i < len(w.building); {
		h := w.building[i]
		hm := &w.Homes[h]
		if hm.Status != agents.Building {
			w.building[i] = w.building[len(w.building)-1]
			w.building = w.building[:len(w.building)-1]
			continue
		}
		if int(hm.OpenWeek) <= w.week {
			w.openHome(int(h))
			w.building[i] = w.building[len(w.building)-1]
			w.building = w.building[:len(w.building)-1]
			continue
		}
		i++
	}
}

// scheduleClosure gives home h notice to close.
func (w *World) scheduleClosure(h int, weeks int) {
	hm := &w.Homes[h]
	if hm.Status != agents.Open {
		if hm.Status == agents.Building {
			w.closeHome(h)
		}
		return
	}
	w.countHomePlaces(h, -1)
	hm.Status = agents.Closing
	hm.CloseWeek = int32(w.week + weeks)
	w.refreshHome(h)
	w.closing = append(w.closing, int32(h))
}
