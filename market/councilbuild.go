package market

import (
	"github.com/caremarket/caremarket/agents"
)

// Council building (docs/model.md §4.5): councils hold capital for new
// homes, Investment.CouncilCapital a year for England shared by children
// looked after at the start, of which they may hold CouncilCarryYears'
// worth unspent. Each quarter after the warm-up a council whose
// sufficiency gap — its children waiting or in unregistered settings plus
// its children in children's homes outside its area — is at least
// CouncilGapHomes homes' worth of places, and whose capital covers
// CouncilPlaceCapital a place, starts one in-house home of the kind its gap
// most needs, within the region's registration cap and workforce. The
// capital spent is public money, booked in council_capital_gbp and
// net_public_cost_gbp.

// councilBuilding adds the quarter's capital to each council's fund and
// starts the homes the rule calls for; regBuilt counts registrations so
// far in each region and is updated.
func (w *World) councilBuilding(regBuilt []int) {
	inv := &w.cfg.Investment
	if inv.CouncilCapital <= 0 || inv.CouncilPlaceCapital <= 0 || len(w.Councils) == 0 {
		return
	}
	w.fundCouncils()
	gap := w.councilGaps()
	r := w.rng[streamInvest]
	lag := w.cfg.Investment.BuildLagWeeks
	for c := range w.Councils {
		kind, n := councilKind(gap[c*int(agents.NumTiers) : (c+1)*int(agents.NumTiers)])
		places := kindPlaces(kind)
		capital := inv.CouncilPlaceCapital * float64(places)
		if float64(n) < inv.CouncilGapHomes*float64(places) || w.councilFund[c] < capital {
			continue
		}
		reg := w.Councils[c].Region
		if regBuilt[reg] >= inv.RegistrationCap || r.Float64() >= w.regions[reg].workFactor {
			continue
		}
		w.addHome(r, w.Councils[c].InHouse, c, kind, places, w.week+lag)
		regBuilt[reg]++
		w.councilFund[c] -= capital
		w.bookCouncilCapital(capital)
	}
}

// fundCouncils adds a quarter's capital to each council's fund, held to
// CouncilCarryYears of its capital.
func (w *World) fundCouncils() {
	inv := &w.cfg.Investment
	if len(w.councilFund) != len(w.Councils) {
		w.councilFund = make([]float64, len(w.Councils))
	}
	total := 0
	for c := range w.Councils {
		total += w.Councils[c].Children
	}
	for c := range w.Councils {
		share := 1 / float64(len(w.Councils))
		if total > 0 {
			share = float64(w.Councils[c].Children) / float64(total)
		}
		year := inv.CouncilCapital * share
		w.councilFund[c] = min(w.councilFund[c]+year/4, max(year/4, inv.CouncilCarryYears*year))
	}
}

// councilGaps returns each council's sufficiency gap by tier, NumTiers
// counts a council: its children waiting or in unregistered settings, and
// its children in children's homes outside its area.
func (w *World) councilGaps() []int32 {
	n := len(w.Councils) * int(agents.NumTiers)
	gap := w.scratch.gap[:0]
	for range n {
		gap = append(gap, 0)
	}
	k := &w.kids
	for id, alive := range k.alive {
		if !alive {
			continue
		}
		switch k.hot[id].setting {
		case agents.Seeking, agents.Unregistered:
		case agents.ChildrensHome:
			if k.flags[id]&flagOutOfArea == 0 {
				continue
			}
		default:
			continue
		}
		gap[int(k.hot[id].council)*int(agents.NumTiers)+int(k.hot[id].tier)]++
	}
	w.scratch.gap = gap
	return gap
}

// councilKind returns the kind of home a council's gap by tier most needs
// (a Standard, Complex or Solo home for the tier with most children) and
// the gap's total.
func councilKind(gap []int32) (agents.HomeKind, int) {
	best, n := agents.Standard, 0
	for t, g := range gap {
		n += int(g)
		if g > gap[best] {
			best = agents.Tier(t)
		}
	}
	switch best {
	case agents.VeryComplex:
		return agents.SoloHome, n
	case agents.Complex:
		return agents.ComplexHome, n
	}
	return agents.StandardHome, n
}

// bookCouncilCapital books capital a council spends on a new home.
func (w *World) bookCouncilCapital(capital float64) {
	w.stats.councilHomes++
	w.stats.councilCapital += capital
}
