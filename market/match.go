package market

import (
	"math"

	"github.com/caremarket/caremarket/agents"
)

// option is one setting a child may be placed in, with the vacancy slots
// that serve it (docs/model.md §4.2).
type option struct {
	setting agents.Setting // FosterInHouse, FosterIFA, ChildrensHome or Supported
	slots   [2]slot
	nslots  int
	market  bool // market vacancies serve it (all rings)
	inHouse bool // in-house vacancies serve it (ring 0 and the co-op pool)
	whole   bool // a VeryComplex child taking a whole empty home
	a       float64
	logq    float64 // log(1 − min(a, 1 − a)), for the binomial draw
	qpow    *[qpowN]float64
	psi     float64
	rsv     float64
	limit   float64 // the highest unit cost that can still make an offer
	ceil    float64 // price-cap ceiling on quotes (0 none)
}

const maxOptions = 5

// profile groups children whose options are the same: tier, age class
// (under 10, 10–15, 16–17), UASC flag and placeability (hard to place or
// not).
type profile struct {
	opts [maxOptions]option
	n    int
	ok   [maxOptions]uint64 // bit r set: providers in region r can offer
}

const numProfiles = agents.NumTiers * 3 * 2 * 2

func profileOf(t agents.Tier, ageWeeks int, uasc, hard bool) int {
	a := 0
	switch {
	case ageWeeks >= 16*agents.WeeksPerYear:
		a = 2
	case ageWeeks >= 10*agents.WeeksPerYear:
		a = 1
	}
	return profileIndex(t, a, uasc, hard)
}

// profileIndex returns the index of the profile of tier t, age class a,
// UASC flag and placeability.
func profileIndex(t agents.Tier, a int, uasc, hard bool) int {
	i := int(t)*3 + a
	if uasc {
		i = i*2 + 1
	} else {
		i *= 2
	}
	if hard {
		return i*2 + 1
	}
	return i * 2
}

// hardShare returns the probability that a child of tier t entering care
// aged age weeks is hard to place (docs/model.md 4.2).
func (w *World) hardShare(t agents.Tier, age int) float64 {
	pl := &w.cfg.Matching.Placeability
	p := pl.HardShare.At(t)
	if age >= 10*agents.WeeksPerYear {
		p *= pl.OlderFactor
	}
	return math.Min(p, 1)
}

// maxRegions is the number of regions matching can tell apart (a bit mask).
const maxRegions = 64

// buildProfiles fills the option table of every profile from the current
// rules and costs; match calls it each week.
func (w *World) buildProfiles() {
	for t := agents.Tier(0); t < agents.NumTiers; t++ {
		for a, age := range [3]int{0, 10 * agents.WeeksPerYear, 16 * agents.WeeksPerYear} {
			for u := 0; u < 4; u++ {
				uasc, hard := u&1 != 0, u&2 != 0
				p := &w.profiles[profileIndex(t, a, uasc, hard)]
				p.n = w.options(t, age, uasc, hard, &p.opts)
				for i := 0; i < p.n; i++ {
					var mask uint64
					for r := range w.regions {
						if r < maxRegions && w.regionOK(&p.opts[i], r, t) {
							mask |= 1 << uint(r)
						}
					}
					p.ok[i] = mask
				}
			}
		}
	}
}

// options fills opts with the settings suitable for a child of tier t, aged
// age weeks, UASC or not, hard to place or not, in the council's order of
// preference, and returns how many (docs/model.md §4.2). A hard-to-place child's
// acceptances are all scaled by the placeability factor (docs/model.md §4.2).
func (w *World) options(t agents.Tier, age int, uasc, hard bool, opts *[maxOptions]option) int {
	mt := &w.cfg.Matching
	fosterA := func(s agents.Setting) float64 {
		return agents.Acceptance(w.acceptBase[s][t], true, age, mt.OlderFosterFactor)
	}
	n := 0
	add := func(o option) {
		if hard {
			o.a *= mt.Placeability.Acceptance
		}
		o.rsv = w.reservation(o.setting, t)
		if o.whole {
			o.rsv = w.reservationCap(t)
		}
		o.limit = o.rsv
		o.logq = math.Log1p(-math.Min(o.a, 1-o.a))
		o.qpow = w.qpowFor(o.a, o.logq)
		if w.Rules.PriceCap.Active {
			if c := w.Rules.PriceCap.Ceiling[o.setting][t]; c > 0 {
				o.ceil = c
				o.limit = math.Min(o.limit, c)
			}
		}
		opts[n] = o
		n++
	}
	if t == agents.VeryComplex {
		a := w.acceptBase[agents.ChildrensHome][t]
		add(option{setting: agents.ChildrensHome, slots: [2]slot{slotHomeSolo}, nslots: 1, market: true, inHouse: true, a: a})
		add(option{setting: agents.ChildrensHome, slots: [2]slot{slotHomeEmpty}, nslots: 1, market: true, inHouse: true, a: a, whole: true})
		return n
	}
	older := age >= 16*agents.WeeksPerYear
	fs := [2]slot{slotFosterStd, slotFosterCx}
	nfs := 2
	if t == agents.Complex {
		fs = [2]slot{slotFosterCx}
		nfs = 1
	}
	psiF := 0.0
	if older {
		psiF = mt.Psi.OlderFoster
		if uasc {
			psiF = mt.Psi.OlderFosterUASC
		}
	}
	add(option{setting: agents.FosterInHouse, slots: fs, nslots: nfs, inHouse: true, a: fosterA(agents.FosterInHouse), psi: psiF})
	add(option{setting: agents.FosterIFA, slots: fs, nslots: nfs, market: true, a: fosterA(agents.FosterIFA), psi: psiF})
	if older {
		add(option{setting: agents.Supported, slots: [2]slot{slotSupported}, nslots: 1, market: true, inHouse: true, a: w.acceptBase[agents.Supported][t]})
	}
	if age < mt.HomesMinAge*agents.WeeksPerYear {
		return n // children's homes take children aged HomesMinAge and over
	}
	hs, nhs, psiH := [2]slot{slotHomeStd, slotHomeCx}, 2, mt.Psi.HomeStandard
	if t == agents.Complex {
		hs, nhs, psiH = [2]slot{slotHomeCx}, 1, mt.Psi.HomeComplex
	}
	add(option{setting: agents.ChildrensHome, slots: hs, nslots: nhs, market: true, inHouse: true, a: w.acceptBase[agents.ChildrensHome][t], psi: psiH})
	return n
}

// regionOK reports whether any provider in region reg might offer option o
// to a child of tier t: the unit cost of the cheapest provider there could
// be (the lowest cost factor drawn) must not exceed the option's limit.
// Each provider's own cost is checked when its vacancy is drawn (offers).
func (w *World) regionOK(o *option, reg int, t agents.Tier) bool {
	s := o.setting
	if s == agents.FosterInHouse {
		return true
	}
	f := math.Min(1, w.price.minCost)
	c := w.unitCostAt(f, reg, s, t)
	if o.whole {
		c = agents.WholeHomeCost(f*w.costs.fixed[reg][s], agents.ComplexHome.Places(), w.costs.variable[reg][s][t])
	} else if t == agents.VeryComplex {
		c = agents.WholeHomeCost(f*w.costs.fixed[reg][s], agents.SoloHome.Places(), w.costs.variable[reg][s][t])
	}
	return c <= o.limit
}

// inHousePool returns the councils whose in-house vacancies are in council
// c's ring 0: c itself, and its co-op's members under pooled search.
func (w *World) inHousePool(c int) []int {
	if k := w.Councils[c].Coop; k >= 0 && w.Rules.Coop.Active && w.Rules.Coop.PooledSearch {
		return w.Rules.Coop.Coops[k].Members
	}
	w.scratch.one[0] = c
	return w.scratch.one[:]
}

func inMask(ok uint64, r int) bool { return r < maxRegions && ok&(1<<uint(r)) != 0 }

// ringCount returns the vacancies of option o in ring ring for a child of
// council c; ok has bit r set when region r's providers can offer. Rings are
// nested and searched as annuli: 0 the council (with its in-house and co-op
// pool), 1 the rest of its region, 2 adjacent regions, 3 the rest of England.
func (w *World) ringCount(o *option, ok uint64, ring, c int) int {
	reg := w.Councils[c].Region
	n := 0
	for j := 0; j < o.nslots; j++ {
		s := o.slots[j]
		switch ring {
		case 0:
			if o.market && inMask(ok, reg) {
				n += len(w.vac.lists[c][scopeMarket][s])
			}
			if o.inHouse {
				for _, m := range w.inHousePool(c) {
					n += len(w.vac.lists[m][scopeInHouse][s])
				}
			}
			if k := w.blockCoop(c); k >= 0 && o.market {
				n += len(w.vac.coop[k][s])
			}
		case 1:
			if o.market && inMask(ok, reg) {
				n += w.vac.regionCount(reg, s) - len(w.vac.lists[c][scopeMarket][s])
			}
		case 2:
			if o.market {
				for _, a := range w.regions[reg].adjacent {
					if inMask(ok, a) {
						n += w.vac.regionCount(a, s)
					}
				}
			}
		default:
			if o.market {
				for _, a := range w.regions[reg].others {
					if inMask(ok, a) {
						n += w.vac.regionCount(a, s)
					}
				}
			}
		}
	}
	return n
}

// segments returns the vacancy lists that make up option o's vacancies in
// ring ring for a child of council c, in a fixed order (held in scratch),
// and the council whose units in them are not part of the ring (ring 1 uses
// the region's lists, which hold the child's own council too), or -1.
func (w *World) segments(o *option, ok uint64, ring, c int) ([][]int32, int) {
	segs := w.scratch.segs[:0]
	reg := w.Councils[c].Region
	skip := -1
	addRegion := func(r int) {
		if !inMask(ok, r) {
			return
		}
		for j := 0; j < o.nslots; j++ {
			if l := w.vac.rlist[r][o.slots[j]]; len(l) > 0 {
				segs = append(segs, l)
			}
		}
	}
	switch ring {
	case 0:
		for j := 0; j < o.nslots; j++ {
			s := o.slots[j]
			if o.market && inMask(ok, reg) {
				if l := w.vac.lists[c][scopeMarket][s]; len(l) > 0 {
					segs = append(segs, l)
				}
			}
			if o.inHouse {
				for _, m := range w.inHousePool(c) {
					if l := w.vac.lists[m][scopeInHouse][s]; len(l) > 0 {
						segs = append(segs, l)
					}
				}
			}
			if k := w.blockCoop(c); k >= 0 && o.market {
				if l := w.vac.coop[k][s]; len(l) > 0 {
					segs = append(segs, l)
				}
			}
		}
	case 1:
		if o.market {
			addRegion(reg)
			skip = c
		}
	case 2:
		if o.market {
			for _, a := range w.regions[reg].adjacent {
				addRegion(a)
			}
		}
	default:
		if o.market {
			for _, a := range w.regions[reg].others {
				addRegion(a)
			}
		}
	}
	w.scratch.segs = segs
	return segs, skip
}

// unitCouncil returns the council a vacancy of option o lies in.
func (w *World) unitCouncil(o *option, u int32) int {
	if o.slots[0].foster() {
		return int(w.Households[u].Council)
	}
	return int(w.Homes[u].Council)
}

// sampleSmall is the largest offer count for which the chosen offer is
// always found by drawing the offering vacancies themselves.
const sampleSmall = 16

// subsetShare is the largest share of the ring's units the offers may be
// for the offer to be found by drawing them rather than by rank: drawing n
// of total units prices about n of them, ranking prices all.
const subsetShare = 4 // n ≤ total/4

// bestOffer returns the best offer of option o among the v vacancies in
// segs (leaving out units in council skip) when n of them offer and the child
// has nOffers offers in all. Given n, the offering vacancies are a uniform
// n-subset (docs/model.md §4.2), so the best offer is found either by drawing that
// subset and pricing only its members (n ≤ sampleSmall, or n at most a
// quarter of the ring), or by drawing the rank of the best (bestRank) and
// selecting it among all v. Both are exact in distribution; see
// docs/performance.md.
func (w *World) bestOffer(id int32, o *option, segs [][]int32, skip, v, n, nOffers int) (cand, bool) {
	w.scratch.cands = w.scratch.cands[:0]
	total := 0
	for _, l := range segs {
		total += len(l)
	}
	if v <= 0 || n <= 0 || total < v {
		return cand{}, false
	}
	if n <= sampleSmall || n*subsetShare <= total {
		return w.bestOfSubset(id, o, segs, skip, total, n, nOffers), true
	}
	for _, l := range segs {
		for _, u := range l {
			if skip >= 0 && w.unitCouncil(o, u) == skip {
				continue
			}
			w.candidate(id, o, u, nOffers)
		}
	}
	cs := w.scratch.cands
	if len(cs) != v || len(cs) < n {
		return cand{}, false
	}
	r := bestRank(w.rng[streamMatching], len(cs), n)
	return nth(cs, r-1), true
}

// bestOfSubset draws n distinct positions uniformly among the total units of
// segs, rejecting repeats and units in council skip (a uniform n-subset of
// the v vacancies), prices only those, and returns the best. The caller
// ensures n ≤ v. Drawn positions are marked in a scratch bit set, cleared
// before returning.
func (w *World) bestOfSubset(id int32, o *option, segs [][]int32, skip, total, n, nOffers int) cand {
	rng := w.rng[streamMatching]
	words := (total + 63) / 64
	if cap(w.scratch.drawn) < words {
		w.scratch.drawn = make([]uint64, words)
	}
	seen := w.scratch.drawn[:words]
	for k := 0; k < n; {
		p := rng.IntN(total)
		if seen[p/64]&(1<<(p%64)) != 0 {
			continue
		}
		seen[p/64] |= 1 << (p % 64)
		u := unitAt(segs, p)
		if skip >= 0 && w.unitCouncil(o, u) == skip {
			continue
		}
		k++
		w.candidate(id, o, u, nOffers)
	}
	clear(seen)
	cs := w.scratch.cands
	best := cs[0]
	for i := 1; i < len(cs); i++ {
		if candLess(&cs[i], &best) {
			best = cs[i]
		}
	}
	return best
}

// unitAt returns the unit at position p of the concatenated lists.
func unitAt(segs [][]int32, p int) int32 {
	for _, l := range segs {
		if p < len(l) {
			return l[p]
		}
		p -= len(l)
	}
	return -1
}

// candidate prices unit u for child id under option o and appends it.
func (w *World) candidate(id int32, o *option, u int32, nOffers int) {
	k := &w.kids
	t := k.hot[id].tier
	var owner int32
	var ux, uy float32
	var cost float64
	var reg int
	s := o.setting
	block := false
	var blockPrice float64
	home := !o.slots[0].foster()
	if home {
		hm := &w.Homes[u]
		owner, ux, uy, reg = hm.Owner, hm.X, hm.Y, int(hm.Region)
		cost = w.homeUnitCost(int(u), t)
		if hm.BlockCoop >= 0 {
			// only members see block homes (ring 0 of their co-op)
			block, blockPrice = true, hm.BlockPrice
		}
	} else {
		hh := &w.Households[u]
		owner, ux, uy = hh.Owner, hh.X, hh.Y
		reg = w.Councils[hh.Council].Region
		cost = w.unitCostOf(owner, reg, s, t)
	}
	price, offers := blockPrice, true
	if !block {
		price, offers = w.quoteFor(id, owner, s, reg, cost, o.rsv, nOffers)
	}
	d := dist(k.hot[id].x, k.hot[id].y, ux, uy)
	psi := o.psi
	if w.unitCouncil(o, u) != int(k.hot[id].council) {
		psi += w.cfg.Matching.OutOfAreaPremium // the duty to place locally
	}
	gc := agents.Offer{Price: price, DistanceKm: float64(d), Psi: psi}.GeneralisedCost(w.cfg.Matching.Lambda)
	if !offers {
		// The provider's own cost exceeds the child's reservation price or
		// a ceiling in force: its vacancy was drawn but makes no offer. Last
		// in cost order, so the best of a draw is infeasible only when every
		// drawn vacancy is (docs/model.md §4.3).
		gc = math.Inf(1)
	}
	w.scratch.cands = append(w.scratch.cands, cand{gc: gc, price: price, dist: d, unit: u, home: home, block: block})
}

// match runs the week's matching of seeking children, most urgent first:
// by tier, then by weeks seeking (docs/model.md §3).
func (w *World) match() {
	w.buildProfiles()
	k := &w.kids
	for t := agents.VeryComplex; ; t-- {
		q := w.seek[t]
		out := q[:0]
		for _, id := range q {
			if h := &k.hot[id]; !k.alive[id] || (h.setting != agents.Seeking && h.setting != agents.Unregistered) || h.tier != t {
				k.queued[id] = false
				continue
			}
			if w.tryMatch(id) {
				k.queued[id] = false
				continue
			}
			out = append(out, id)
		}
		clear(q[len(out):])
		w.seek[t] = out
		if t == agents.Standard {
			break
		}
	}
}

// tryMatch searches the rings open to child id this week (one more each
// week it seeks) and places it at the acceptable offer of least generalised
// cost across all of them (docs/model.md 4.2): a farther offer wins when
// its price saving outweighs λ·distance and the out-of-area premium. It
// reports whether the child was placed. A child who has sought for its
// fallback time (fallbackWeeks) without an offer goes to an unregistered
// setting unless they are banned.
func (w *World) tryMatch(id int32) bool {
	k := &w.kids
	t := k.hot[id].tier
	ws := w.week - int(k.hot[id].seekSince)
	age := w.week - int(k.hot[id].birth)
	if best, found := w.search(id, min(ws+w.cfg.Matching.FirstRing, 3), allSettings); found && !w.holdOut(id, best, ws) {
		w.placeAt(id, best)
		return true
	}
	if k.hot[id].setting == agents.Seeking && ws+1 >= w.fallbackWeeks(age) && w.Rules.Unregistered.Mode != Ban {
		w.place(id, agents.Unregistered, int32(k.hot[id].region), penceOf(w.unregPrice(t)), false)
	}
	return false
}

// holdOut reports whether the council of child id, seeking for ws weeks,
// declines its best offer this week to wait for a nearer one: while the
// child has sought for fewer than MaxWaitWeeks − 1 weeks and keeps an
// interim arrangement, it waits when the offer's distance cost λ·d exceeds
// one more week of the interim arrangement (docs/model.md 4.2). Children in
// unregistered settings take the best offer at once.
func (w *World) holdOut(id int32, best cand, ws int) bool {
	k := &w.kids
	if k.hot[id].setting != agents.Seeking {
		return false
	}
	return w.holdOutAt(best, ws, poundsOf(k.hot[id].waitPrice))
}

// holdOutAt is the hold-out rule for a child seeking for ws weeks whose
// interim arrangement costs wait pounds a week.
func (w *World) holdOutAt(best cand, ws int, wait float64) bool {
	if ws+1 >= w.cfg.Matching.MaxWaitWeeks {
		return false
	}
	return w.cfg.Matching.Lambda*float64(best.dist) > wait
}

// allSettings is the setting mask that lets search use every option.
const allSettings = ^uint32(0)

// search draws child id's offers this week in rings 0 to maxRing from the
// options of its profile whose setting is in mask (bit 1<<setting), and
// returns the offer of least generalised cost across all of them.
func (w *World) search(id int32, maxRing int, mask uint32) (cand, bool) {
	h := &w.kids.hot[id]
	c := int(h.council)
	pf := &w.profiles[profileOf(h.tier, w.week-int(h.birth), h.uasc, h.hard)]
	rng := w.rng[streamMatching]
	var nOff, nVac [4][maxOptions]int
	total := 0
	for ring := 0; ring <= maxRing; ring++ {
		for i := 0; i < pf.n; i++ {
			o := &pf.opts[i]
			if (ring > 0 && !o.market) || mask&(1<<uint(o.setting)) == 0 {
				continue
			}
			nVac[ring][i] = w.ringCount(o, pf.ok[i], ring, c)
			nOff[ring][i] = binomialTab(rng, nVac[ring][i], o.a, o.logq, o.qpow)
			total += nOff[ring][i]
		}
	}
	var best cand
	found := false
	for ring := 0; ring <= maxRing && total > 0; ring++ {
		for i := 0; i < pf.n; i++ {
			if nOff[ring][i] == 0 {
				continue
			}
			o := &pf.opts[i]
			segs, skip := w.segments(o, pf.ok[i], ring, c)
			ch, ok := w.bestOffer(id, o, segs, skip, nVac[ring][i], nOff[ring][i], total)
			if !ok {
				w.Warn("matching: counted %d vacancies for %v in ring %d but found fewer", nVac[ring][i], o.setting, ring)
				continue
			}
			if math.IsInf(ch.gc, 1) {
				continue // no drawn vacancy's provider could offer
			}
			if !found || candLess(&ch, &best) {
				best, found = ch, true
			}
		}
	}
	return best, found
}

// placeAt places child id at offer best and records a market provider's
// agreed spot price for the reservation prices (docs/model.md §4.3).
func (w *World) placeAt(id int32, best cand) {
	var s agents.Setting
	var owner int32
	if best.home {
		s, owner = homeSetting(w.Homes[best.unit].Kind), w.Homes[best.unit].Owner
	} else {
		s, owner = w.hhSetting(int(best.unit)), w.Households[best.unit].Owner
	}
	p := penceOf(best.price)
	w.place(id, s, best.unit, p, best.block)
	if !best.block && w.Providers[owner].Market() {
		w.recordAgreed(s, w.kids.hot[id].tier, p)
	}
}

// fallbackWeeks returns how long a child aged age weeks seeks before the
// unregistered fallback: MaxWaitWeeks, and Under16ExtraWaitWeeks more for a
// child under 16, whom the law has barred from unregistered settings since
// 9 September 2021 (docs/model.md 4.2).
func (w *World) fallbackWeeks(age int) int {
	mt := &w.cfg.Matching
	if age < 16*agents.WeeksPerYear {
		return mt.MaxWaitWeeks + mt.Under16ExtraWaitWeeks
	}
	return mt.MaxWaitWeeks
}

// qpowFor returns the table of (1 − a')^k for acceptance a, computed once
// per distinct a.
func (w *World) qpowFor(a, logq float64) *[qpowN]float64 {
	for i := range w.qpows {
		if w.qpows[i].a == a {
			return &w.qpows[i].pow
		}
	}
	w.qpows = append(w.qpows, qpowTable{a: a})
	t := &w.qpows[len(w.qpows)-1]
	for k := range t.pow {
		t.pow[k] = math.Exp(float64(k) * logq)
	}
	return &t.pow
}

type qpowTable struct {
	a   float64
	pow [qpowN]float64
}
