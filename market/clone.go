package market

// Deep copies of a running world, for paired comparisons that simulate the
// weeks before the first policy once and continue each alternative from a
// copy (scenarios.CollectComparison, docs/performance.md).
//
// EVERY NEW FIELD of World, or of a type it holds (children, vacancies,
// calendar, accounts, stats, priceState, costTable, scratch, region, Rules,
// Results, ...), that is a slice, map or pointer MUST BE COPIED HERE. Value
// fields are copied by the struct copy that starts each clone.
// TestCloneSharesNothing fails when a reference is left shared and
// TestCloneFieldsListed when World gains a field not named in its list;
// TestCloneContinues checks that a copy steps on exactly as the original
// would.

import (
	"fmt"
	"sort"
)

// Clone returns a deep copy of the world: every agent, list, calendar,
// account, metric accumulator and scratch buffer, and the state of every
// random stream. The copy and w then evolve independently, each exactly as
// w would have without the copy. The interventions are shared, not copied
// (package market cannot copy them): a world whose interventions keep
// state between weeks should not be cloned after they are in force; Fork
// gives the copy interventions of its own. A world being built (in New)
// cannot be cloned; a built one can at any week.
func (w *World) Clone() *World {
	c := *w
	c.cfg = *w.cfg.Clone()
	c.opts.Interventions = cloneFull(w.opts.Interventions)
	c.Rules = w.Rules.clone()
	for i, p := range w.src {
		s := *p // a PCG's state is its value
		c.src[i] = &s
	}
	c.rng = streamsOf(c.src)
	c.regions = cloneRegions(w.regions)
	// agents, each with the state the engine keeps beside it
	c.Councils = cloneFull(w.Councils)
	c.councilFund = cloneFull(w.councilFund)
	c.Providers = cloneFull(w.Providers)
	c.kids = w.kids.clone()
	c.Homes = cloneFull(w.Homes)
	c.closing = cloneFull(w.closing)
	c.building = cloneFull(w.building)
	c.blockPayer = cloneFull(w.blockPayer)
	c.Households = cloneFull(w.Households)
	c.vac = w.vac.clone()
	c.cal = w.cal.clone()
	for t := range c.seek {
		c.seek[t] = cloneFull(w.seek[t])
	}
	// money, prices and records
	c.acct = w.acct.clone()
	c.stats = w.stats.clone()
	c.res = w.res.cloneFull()
	c.costs = costTable{unit: cloneFull(w.costs.unit), variable: cloneFull(w.costs.variable), fixed: cloneFull(w.costs.fixed)}
	c.price = w.price.clone()
	c.sB = cloneFull(w.sB)
	c.qpows = cloneFull(w.qpows)
	c.relinkQpows(w)
	// interventions and what they left
	c.interventions = cloneFull(w.interventions)
	c.applied = cloneFull(w.applied)
	c.warnings = cloneFull(w.warnings)
	c.nfpByRegion = cloneFull(w.nfpByRegion)
	c.ctx = nil
	c.scratch = w.scratch.clone()
	return &c
}

// Fork returns a Clone of the world that will run the interventions ivs
// instead of w's: the paired alternative of a run whose weeks so far are
// the same with either set. It fails unless none of w's interventions is
// in force yet and every one of ivs starts at the current reported week or
// later, so that neither set has acted on the weeks already run (an
// intervention acts only from its start week: Intervention). ivs are used
// as given (not copied) and ordered by start week as New orders them.
func (w *World) Fork(ivs []Intervention) (*World, error) {
	for i, done := range w.applied {
		if done {
			return nil, &FieldError{Field: "fork", Value: w.interventions[i].Name(),
				Allowed: fmt.Sprintf("a world with no intervention in force yet (this one started at reported week %d; the world is at %d)", w.interventions[i].StartWeek(), w.ReportedWeek())}
		}
	}
	now, horizon := w.ReportedWeek(), w.weeks-w.warmup
	for i, iv := range ivs {
		if iv == nil {
			return nil, &FieldError{Field: fmt.Sprintf("interventions[%d]", i), Value: nil, Allowed: "must not be nil"}
		}
		if s := iv.StartWeek(); s < max(now, 0) || s >= horizon {
			return nil, &FieldError{Field: fmt.Sprintf("interventions[%d] (%s).start_week", i, iv.Name()), Value: s,
				Allowed: fmt.Sprintf("allowed %d to %d: a fork at reported week %d cannot take an intervention due earlier", max(now, 0), horizon-1, now)}
		}
	}
	c := w.Clone()
	c.opts.Interventions = append([]Intervention(nil), ivs...)
	c.interventions = append([]Intervention(nil), ivs...)
	sort.SliceStable(c.interventions, func(i, j int) bool {
		return c.interventions[i].StartWeek() < c.interventions[j].StartWeek()
	})
	c.applied = make([]bool, len(c.interventions))
	return c, nil
}

// cloneFull returns a copy of s with its length and capacity, the elements
// between them included (a buffer may be re-sliced up to its capacity), or
// nil for nil. Elements are copied as values.
func cloneFull[S ~[]E, E any](s S) S {
	if s == nil {
		return nil
	}
	c := make(S, len(s), cap(s))
	copy(c[:cap(s)], s[:cap(s)])
	return c
}

// cloneNested is cloneFull for a slice of slices: each inner slice is
// copied too.
func cloneNested[S ~[]E, E ~[]T, T any](s S) S {
	c := cloneFull(s)
	full := c[:cap(c)]
	for i := range full {
		full[i] = cloneFull(full[i])
	}
	return c
}

// cloneSlots copies lists of vacancies by slot kind.
func cloneSlots(s [][numSlots][]int32) [][numSlots][]int32 {
	c := cloneFull(s)
	full := c[:cap(c)]
	for i := range full {
		for k := range full[i] {
			full[i][k] = cloneFull(full[i][k])
		}
	}
	return c
}

func cloneRegions(rs []region) []region {
	c := cloneFull(rs)
	full := c[:cap(c)]
	for i := range full {
		r := &full[i]
		r.adjacent = cloneFull(r.adjacent)
		r.councils = cloneFull(r.councils)
		r.others = cloneFull(r.others)
	}
	return c
}

func (r Rules) clone() Rules {
	r.Coop.Coops = cloneFull(r.Coop.Coops)
	full := r.Coop.Coops[:cap(r.Coop.Coops)]
	for i := range full {
		full[i].Members = cloneFull(full[i].Members)
	}
	for _, p := range []*ProgramRule{&r.NFP, &r.InHouseBuild} {
		p.Regions = cloneFull(p.Regions)
		p.PerRegion = cloneFull(p.PerRegion)
	}
	return r
}

func (k children) clone() children {
	k.alive, k.hot, k.unit = cloneFull(k.alive), cloneFull(k.hot), cloneFull(k.unit)
	k.price, k.varCost, k.dist = cloneFull(k.price), cloneFull(k.varCost), cloneFull(k.dist)
	k.endWeek, k.gen, k.bdStamp = cloneFull(k.endWeek), cloneFull(k.gen), cloneFull(k.bdStamp)
	k.placed, k.block, k.flags = cloneFull(k.placed), cloneFull(k.block), cloneFull(k.flags)
	k.placesYr, k.queued, k.start = cloneFull(k.placesYr), cloneFull(k.queued), cloneFull(k.start)
	k.lastPrice, k.since = cloneFull(k.lastPrice), cloneFull(k.since)
	k.free = cloneFull(k.free)
	return k
}

func (v vacancies) clone() vacancies {
	v.lists = cloneFull(v.lists)
	full := v.lists[:cap(v.lists)]
	for i := range full {
		for s := range full[i] {
			for k := range full[i][s] {
				full[i][s][k] = cloneFull(full[i][s][k])
			}
		}
	}
	v.rlist = cloneSlots(v.rlist)
	v.coop = cloneSlots(v.coop)
	v.hhPos, v.hmPos, v.hmEPos = cloneFull(v.hhPos), cloneFull(v.hmPos), cloneFull(v.hmEPos)
	v.hhRPos, v.hmRPos, v.hmERPos = cloneFull(v.hhRPos), cloneFull(v.hmRPos), cloneFull(v.hmERPos)
	v.hmWhere = cloneFull(v.hmWhere)
	return v
}

func (c calendar) clone() calendar {
	c.ends, c.breaks, c.chunks = cloneFull(c.ends), cloneFull(c.breaks), cloneFull(c.chunks)
	return c
}

func (a accounts) clone() accounts {
	a.councilRate, a.waitRate = cloneFull(a.councilRate), cloneFull(a.waitRate)
	a.provRev, a.provVar, a.provFix = cloneFull(a.provRev), cloneFull(a.provVar), cloneFull(a.provFix)
	a.homeRev, a.homeVar = cloneFull(a.homeRev), cloneFull(a.homeVar)
	a.blockRate, a.coopRate, a.coopAdmin = cloneFull(a.blockRate), cloneFull(a.coopRate), cloneFull(a.coopAdmin)
	a.councilWeek = cloneFull(a.councilWeek)
	return a
}

func (s stats) clone() stats {
	s.o500kCouncil = cloneFull(s.o500kCouncil)
	s.homePrices, s.supPrices = s.homePrices.clone(), s.supPrices.clone()
	s.regWaiting, s.regUnreg, s.regOver20 = cloneFull(s.regWaiting), cloneFull(s.regUnreg), cloneFull(s.regOver20)
	return s
}

func (h priceHist) clone() priceHist {
	h.fine, h.blocks = cloneFull(h.fine), cloneFull(h.blocks)
	return h
}

func (p priceState) clone() priceState {
	p.scarce = cloneFull(p.scarce)
	p.places, p.occupied = cloneFull(p.places), cloneFull(p.occupied)
	p.run, p.waiting = cloneFull(p.run), cloneFull(p.waiting)
	return p
}

func (s scratch) clone() scratch {
	s.cands, s.drawn, s.prices = cloneFull(s.cands), cloneFull(s.drawn), cloneFull(s.prices)
	s.ids, s.floats = cloneFull(s.ids), cloneFull(s.floats)
	s.segs = cloneNested(s.segs)
	s.regPlaces, s.invest, s.picks = cloneFull(s.regPlaces), cloneFull(s.invest), cloneFull(s.picks)
	s.elig, s.agencies = cloneNested(s.elig), cloneNested(s.agencies)
	s.planned, s.weights, s.nElig = cloneFull(s.planned), cloneFull(s.weights), cloneFull(s.nElig)
	s.eligMarks, s.gap = cloneFull(s.eligMarks), cloneFull(s.gap)
	return s
}

// cloneFull is a deep copy of the results that keeps each series'
// capacity, so that the copy records its remaining weeks without
// allocating (clone, for Results handed out, trims them).
func (r *Results) cloneFull() *Results {
	if r == nil {
		return nil
	}
	c := *r
	c.Regions = cloneFull(r.Regions)
	for m := range c.Series {
		c.Series[m] = cloneFull(r.Series[m])
	}
	for m := range c.Regional {
		c.Regional[m] = cloneNested(r.Regional[m])
	}
	c.Warnings = cloneFull(r.Warnings)
	return &c
}

// relinkQpows points the options of c's profiles at c's own binomial
// tables (w's are those they were copied from): each option's table is the
// one for its acceptance a (qpowFor). A table no longer in w.qpows (left
// behind when the slice grew) is copied.
func (c *World) relinkQpows(w *World) {
	for p := range c.profiles {
		opts := &c.profiles[p].opts
		for i := range opts {
			o := &opts[i]
			if o.qpow == nil {
				continue
			}
			found := false
			for j := range w.qpows {
				if o.qpow == &w.qpows[j].pow {
					o.qpow, found = &c.qpows[j].pow, true
					break
				}
			}
			if !found {
				t := *o.qpow
				o.qpow = &t
			}
		}
	}
}
