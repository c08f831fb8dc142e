package market

import (
	"math"

	"github.com/caremarket/caremarket/agents"
)

// programs commissions the quarter's homes under the NFP-entry and in-house
// building programmes and returns the homes registered in each region, which
// count against the registration cap.
func (w *World) programs() []int {
	built := make([]int, len(w.regions))
	if p := &w.Rules.NFP; p.Active {
		for _, reg := range w.programSites(p, built) {
			kind := w.neededKind(reg)
			owner := w.nfpProvider(reg)
			w.build(owner, reg, kind)
			w.bookGrant(reg, kind, true)
		}
	}
	if p := &w.Rules.InHouseBuild; p.Active {
		for _, reg := range w.programSites(p, built) {
			kind := w.neededKind(reg)
			c := w.neediestCouncil(reg)
			r := w.rng[streamSupply]
			w.addHome(r, w.Councils[c].InHouse, c, kind, kindPlaces(kind), w.week+w.cfg.Investment.BuildLagWeeks)
			w.bookGrant(reg, kind, false)
		}
	}
	return built
}

// programStaffed is the least share of a region's home places its staff
// pool can staff for a programme to commission a home there (assumption,
// docs/model.md §4.8): staff pools close a staffing gap over months, so
// a region whose homes grow is always a little short.
const programStaffed = 0.95

// programSites returns the regions of the homes a programme commissions this
// quarter: the homes due by now, sited one by one in the region with most
// children waiting (or unregistered) per 10,000, within the registration
// cap and the workforce.
func (w *World) programSites(p *ProgramRule, built []int) []int {
	elapsed := w.week + 1 - p.FromWeek
	due := p.Homes
	if p.Weeks > 0 && elapsed < p.Weeks {
		due = int(math.Floor(float64(p.Homes) * float64(elapsed) / float64(p.Weeks)))
	}
	var out []int
	capReg := w.cfg.Investment.RegistrationCap
	pressure := w.regionPressure()
	for p.Built < due {
		best, bv := -1, math.Inf(-1)
		for reg := range w.regions {
			if len(p.Regions) > 0 && !containsInt(p.Regions, reg) {
				continue
			}
			if built[reg] >= capReg || w.regions[reg].workFactor < programStaffed {
				continue
			}
			if pressure[reg] > bv {
				best, bv = reg, pressure[reg]
			}
		}
		if best < 0 {
			break // deferred to a later quarter
		}
		out = append(out, best)
		built[best]++
		p.Built++
		if len(p.PerRegion) != len(w.regions) {
			p.PerRegion = make([]int, len(w.regions))
		}
		p.PerRegion[best]++
		// Each home relieves the pressure a little, spreading the programme.
		if pop := float64(w.regions[best].pop); pop > 0 {
			pressure[best] -= 3 * 1e4 / pop
		}
	}
	return out
}

func containsInt(xs []int, x int) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// regionPressure returns children waiting or in unregistered settings per
// 10,000 children, by region.
func (w *World) regionPressure() []float64 {
	out := make([]float64, len(w.regions))
	for i := range w.regions {
		if pop := float64(w.regions[i].pop); pop > 0 {
			out[i] = float64(w.stats.regWaiting[i]+w.stats.regUnreg[i]) * 1e4 / pop
		}
	}
	return out
}

// neededKind returns the home kind most needed in region reg: the kind the
// most waiting children there need, Standard when none wait.
func (w *World) neededKind(reg int) agents.HomeKind {
	wk := w.waitingByKind(reg)
	best, bv := agents.StandardHome, 0
	for k := agents.HomeKind(0); k < agents.NumHomeKinds; k++ {
		if wk[k] > bv {
			best, bv = k, wk[k]
		}
	}
	return best
}

// neediestCouncil returns the council of region reg with most children
// waiting, unregistered or placed over 20 miles away.
func (w *World) neediestCouncil(reg int) int {
	k := &w.kids
	counts := make(map[int]int)
	for id, alive := range k.alive {
		if !alive || int(k.hot[id].region) != reg {
			continue
		}
		s := k.hot[id].setting
		if s == agents.Seeking || s == agents.Unregistered || k.flags[id]&flagOver20 != 0 {
			counts[int(k.hot[id].council)]++
		}
	}
	best, bv := w.regions[reg].councils[0], -1
	for _, c := range w.regions[reg].councils {
		if counts[c] > bv {
			best, bv = c, counts[c]
		}
	}
	return best
}

// nfpProvider returns the programme's not-for-profit provider in region reg,
// creating it on first use.
func (w *World) nfpProvider(reg int) int32 {
	if w.nfpByRegion == nil {
		w.nfpByRegion = make([]int32, len(w.regions))
		for i := range w.nfpByRegion {
			w.nfpByRegion[i] = -1
		}
	}
	if p := w.nfpByRegion[reg]; p >= 0 && w.Providers[p].Status == agents.Active {
		return p
	}
	id := w.newProvider(agents.NotForProfit, reg)
	w.Providers[id].StartupUntil = w.week + w.cfg.Investment.BuildLagWeeks + agents.WeeksPerQuarter*w.cfg.Investment.StartupQuarters
	w.Providers[id].Finance.StartupCapacity = w.cfg.Finance.StartupWeeks * w.costs.fixed[reg][agents.ChildrensHome] * 4 * 4
	w.nfpByRegion[reg] = id
	w.bookEntry()
	return id
}

// conversions turns a share of unregistered placements into registered
// homes each quarter (docs/model.md §6, UnregisteredBan): the child stays
// and the setting becomes a registered home of a new private provider.
func (w *World) conversions() {
	rate := w.Rules.Unregistered.ConversionRate
	if rate <= 0 {
		return
	}
	p := 1 - math.Pow(1-rate, 0.25)
	r := w.rng[streamSupply]
	k := &w.kids
	for t := range w.seek {
		for _, id := range w.seek[t] {
			if !k.alive[id] || k.hot[id].setting != agents.Unregistered || r.Float64() >= p {
				continue
			}
			c := int(k.hot[id].council)
			reg := w.Councils[c].Region
			kind := agents.StandardHome
			switch k.hot[id].tier {
			case agents.VeryComplex:
				kind = agents.SoloHome
			case agents.Complex:
				kind = agents.ComplexHome
			default:
				if w.week-int(k.hot[id].birth) >= 16*agents.WeeksPerYear {
					kind = agents.SupportedScheme
				}
			}
			if kind != agents.SupportedScheme && k.hot[id].tier != agents.VeryComplex && w.week-int(k.hot[id].birth) < w.cfg.Matching.HomesMinAge*agents.WeeksPerYear {
				continue // too young for a children's home
			}
			// The new provider's quote for the child, with one offer: it
			// registers only if it can offer within any ceiling in force.
			s := homeSetting(kind)
			t := k.hot[id].tier
			f := w.drawCostFactor(agents.Private) // the new provider's own costs
			cost := w.unitCostAt(f, reg, s, t)
			if t == agents.VeryComplex && s == agents.ChildrensHome {
				cost = agents.WholeHomeCost(f*w.costs.fixed[reg][s], kindPlaces(kind), w.costs.variable[reg][s][t])
			}
			terms := agents.Terms{Mu: w.cfg.Pricing.Mu.Private, Kappa: w.cfg.Pricing.Kappa.Private}
			ceil := w.Rules.QuoteCeiling(true, w.Rules.Transparency.All, s, t, cost)
			price, ok := terms.Quote(cost, math.Max(cost, w.reservation(s, t)), 1, w.cfg.Pricing.Beta, w.buyerShare(c), ceil)
			if !ok {
				continue
			}
			owner := w.newProvider(agents.Private, reg)
			pr := &w.Providers[owner]
			pr.CostFactor = f
			pr.StartupUntil = w.week + agents.WeeksPerQuarter*w.cfg.Investment.StartupQuarters
			w.bookEntry()
			h := w.addHome(r, owner, c, kind, kindPlaces(kind), w.week)
			hm := &w.Homes[h]
			if hm.Usable == 0 {
				hm.Usable = 1 // the child is already living there
			}
			w.refreshHome(h)
			w.place(id, s, int32(h), penceOf(price), false)
			w.stats.moves-- // the child does not move
		}
	}
}

// capital returns the capital of a new home of kind in region reg,
// K0·propIndex·places/4 (× the supported factor for schemes).
func (w *World) capital(reg int, kind agents.HomeKind) float64 {
	k0 := w.cfg.Investment.K0
	if kind == agents.SupportedScheme {
		k0 *= w.cfg.Investment.SupportedK0
	}
	return agents.Capital(k0, w.regions[reg].propIndex, kindPlaces(kind))
}
