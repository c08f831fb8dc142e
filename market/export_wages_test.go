package market

import (
	"math"

	"github.com/caremarket/caremarket/agents"
)

// WagePremium returns region reg's care wage relative to the national care
// wage, and the national care wage index.
func (w *World) WagePremium(reg int) (premium, national float64) {
	return w.premium(reg), w.nationalWage
}

// ShockPremium multiplies region reg's care wage premium by f and
// refreshes costs as an April does (agreed prices are left alone).
func (w *World) ShockPremium(reg int, f float64) {
	w.regions[reg].premiumGap += math.Log(f)
	w.setWages()
	w.refreshCosts()
	w.recomputeCostRates()
}

// StaffPool returns region reg's care-staff pool and need.
func (w *World) StaffPool(reg int) (pool, need float64) {
	return w.regions[reg].pool, w.regions[reg].need
}

// SetStaffPool sets region reg's care-staff pool.
func (w *World) SetStaffPool(reg int, pool float64) { w.regions[reg].pool = pool }

// QuarterWorkforce runs the quarterly workforce update alone.
func (w *World) QuarterWorkforce() { w.workforce() }

// AprilWages runs the April wage update alone.
func (w *World) AprilWages() { w.updateWages() }

// UnitCostOf returns the unit cost of setting s and tier t in region reg.
func (w *World) UnitCostOf(reg int, s agents.Setting, t agents.Tier) float64 {
	return w.costs.unit[reg][s][t]
}

// PlacedPrices returns the weekly price in pence of every child placed in
// setting s, by child id.
func (w *World) PlacedPrices(s agents.Setting) map[int]int64 {
	out := map[int]int64{}
	k := &w.kids
	for id, alive := range k.alive {
		if alive && k.hot[id].setting == s {
			out[id] = k.price[id]
		}
	}
	return out
}

// HomeRegionOf returns the region of the home or scheme of child id.
func (w *World) HomeRegionOf(id int) int { return int(w.Homes[w.kids.unit[id]].Region) }
