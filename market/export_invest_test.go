package market

import "github.com/caremarket/caremarket/agents"

// ChildPlacement returns child id's setting, unit and weekly price in pence.
func (w *World) ChildPlacement(id int32) (agents.Setting, int32, int64) {
	k := &w.kids
	return k.hot[id].setting, k.unit[id], k.price[id]
}

// CouncilGap returns council c's sufficiency gap (children waiting or
// unregistered and in homes out of its area).
func (w *World) CouncilGap(c int) int {
	n := 0
	for _, g := range w.councilGaps()[c*int(agents.NumTiers) : (c+1)*int(agents.NumTiers)] {
		n += int(g)
	}
	return n
}

// SetCouncilInvestment replaces the council-building parameters.
func (w *World) SetCouncilInvestment(capital, placeCapital, gapHomes, carryYears float64) {
	in := &w.cfg.Investment
	in.CouncilCapital, in.CouncilPlaceCapital, in.CouncilGapHomes, in.CouncilCarryYears = capital, placeCapital, gapHomes, carryYears
}

// CouncilBuildingRound runs one quarter's council building with no
// registrations yet and returns the homes started by each council.
func (w *World) CouncilBuildingRound() []int {
	before := len(w.Homes)
	w.councilBuilding(make([]int, len(w.regions)))
	out := make([]int, len(w.Councils))
	for h := before; h < len(w.Homes); h++ {
		hm := &w.Homes[h]
		if hm.Status == agents.Building && w.Providers[hm.Owner].Ownership == agents.CouncilOwned {
			out[hm.Council]++
		}
	}
	return out
}
