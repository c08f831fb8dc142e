package market

import (
	"math"

	"github.com/caremarket/caremarket/agents"
)

// The care labour market (docs/model.md §4.8). A region's care wage is the
// national care wage index times the region's premium; the premium is the
// region's published relative pay level times exp(gap), and each April the
// gap decays by half over workforce.half_life years while the region's
// staff shortage relative to England's pushes it. Staff pools recruit
// toward the staff that open homes need, faster when the wage is higher
// than the region's reference (the recruitment elasticity).

// setWages derives each region's care wage and staff-cost factor from the
// national index and the premium's gap.
func (w *World) setWages() {
	sh := w.cfg.Workforce.StaffShare
	for i := range w.regions {
		rg := &w.regions[i]
		rg.wage = w.nationalWage * rg.wageLevel * math.Exp(rg.premiumGap)
		rg.staffCost = 1 - sh + sh*rg.wage
	}
}

// premium returns region i's care wage relative to the national care wage.
func (w *World) premium(i int) float64 {
	rg := &w.regions[i]
	return rg.wageLevel * math.Exp(rg.premiumGap)
}

// wageStep returns the yearly factor 1 + ε·(x − 1) for a need ÷ pool ratio
// x, bounded to workforce.wage_step_min–max (an infinite x gives the upper
// bound).
func (w *World) wageStep(x float64) float64 {
	wf := &w.cfg.Workforce
	if wf.Epsilon == 0 || x == 1 {
		return 1
	}
	return math.Max(wf.WageStepMin, math.Min(wf.WageStepMax, 1+wf.Epsilon*(x-1)))
}

// shortage returns need ÷ pool: 1 when both are zero, +Inf when only the
// pool is.
func shortage(need, pool float64) float64 {
	switch {
	case pool > 0:
		return need / pool
	case need > 0:
		return math.Inf(1)
	}
	return 1
}

// updateWages runs each April: the national index moves by ε against the
// national shortage, each premium's gap decays at the half-life and moves
// by ε against the region's shortage relative to England's; then unit
// costs and cost rates are refreshed and agreed prices of children's homes
// and supported accommodation are uplifted by the change in their staff
// cost factor. Foster prices do not follow the care wage.
func (w *World) updateWages() {
	wf := &w.cfg.Workforce
	needE, poolE := 0.0, 0.0
	for i := range w.regions {
		needE += w.regions[i].need
		poolE += w.regions[i].pool
	}
	sE := shortage(needE, poolE)
	if !math.IsInf(sE, 1) {
		w.nationalWage *= w.wageStep(sE)
	}
	keep := math.Exp2(-1 / wf.HalfLife)
	ratio := w.scratch.regPlaces[:0]
	for i := range w.regions {
		rg := &w.regions[i]
		ratio = append(ratio, rg.staffCost)
		rel := 1.0
		if s := shortage(rg.need, rg.pool); sE > 0 && !math.IsInf(sE, 1) {
			rel = s / sE
		}
		rg.premiumGap = rg.premiumGap*keep + math.Log(w.wageStep(rel))
	}
	w.setWages()
	changed := false
	for i := range w.regions {
		ratio[i] = w.regions[i].staffCost / ratio[i]
		changed = changed || ratio[i] != 1
	}
	w.scratch.regPlaces = ratio
	w.refreshCosts()
	if changed {
		w.upliftPrices(ratio)
	}
	w.recomputeCostRates()
}

// upliftPrices multiplies the agreed price of every child in a children's
// home or supported accommodation by its region's factor.
func (w *World) upliftPrices(ratio []float64) {
	k := &w.kids
	for id, alive := range k.alive {
		if !alive {
			continue
		}
		switch k.hot[id].setting {
		case agents.ChildrensHome, agents.Supported:
			if f := ratio[w.Homes[k.unit[id]].Region]; f != 1 {
				w.setPrice(int32(id), int64(math.Round(float64(k.price[id])*f)))
			}
		}
	}
}

// workforce runs each quarter: each region's care-staff need follows its
// registered home places; the pool closes a share 1 − exp(−r/4) of the gap
// to the need, with r the recruitment rate times (wage ÷ the region's
// reference wage)^elasticity when short (the inverse power when in
// surplus: a higher wage keeps staff); then the share of usable places
// that can be staffed is min(1, pool ÷ need).
func (w *World) workforce() {
	wf := &w.cfg.Workforce
	places := w.regionHomePlaces()
	changed := false
	for i := range w.regions {
		rg := &w.regions[i]
		rg.need = w.staffRatio * places[i]
		rel := rg.wage / rg.wageLevel
		gap := rg.need - rg.pool
		r := wf.Recruitment
		if gap > 0 {
			r *= math.Pow(rel, wf.Elasticity)
		} else {
			r *= math.Pow(rel, -wf.Elasticity)
		}
		rg.pool += gap * -math.Expm1(-r/4)
		f := 1.0
		if rg.need > 0 && rg.pool < rg.need {
			f = rg.pool / rg.need
		}
		if f != rg.workFactor {
			rg.workFactor = f
			changed = true
		}
	}
	if changed {
		for h := range w.Homes {
			if w.Homes[h].Kind != agents.SupportedScheme {
				w.refreshHome(h)
			}
		}
	}
}

// premiumRange returns the lowest and highest regional care wage relative
// to the national care wage (1, 1 with no regions).
func (w *World) premiumRange() (lo, hi float64) {
	if len(w.regions) == 0 {
		return 1, 1
	}
	lo, hi = math.Inf(1), math.Inf(-1)
	for i := range w.regions {
		p := w.premium(i)
		lo, hi = math.Min(lo, p), math.Max(hi, p)
	}
	return lo, hi
}
