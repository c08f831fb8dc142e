package agents

import "math"

// Terms are a provider's pricing terms (docs/model.md §4.3): the base
// markup μ over unit cost and the bargaining share κ of the surplus between
// the base price and the council's reservation price.
type Terms struct {
	Mu    float64 // base markup μ over unit cost, e.g. 0.10
	Kappa float64 // bargaining share κ of the surplus, in [0, 1]
}

// UnitCost returns the unit cost used for pricing, ĉ = cF/oRef + cV: the cost
// per occupied place-week at the reference occupancy oRef (docs/model.md §4.1).
func UnitCost(fixed, oRef, variable float64) float64 {
	return fixed/oRef + variable
}

// WholeHomeCost returns the unit cost of a VeryComplex child who occupies a
// whole home of the given registered places, ĉ = cF·places + cV (docs/model.md §4.1).
func WholeHomeCost(fixed float64, places int, variable float64) float64 {
	return fixed*float64(places) + variable
}

// Reservation returns a council's reservation price for a setting,
// R = min(Punreg(tier), ρ·pRef(setting)) (docs/model.md §4.3).
func Reservation(punreg, rho, pRef float64) float64 {
	return math.Min(punreg, rho*pRef)
}

// Scarce returns the terms with the base markup scaled by the scarcity
// factor m ≥ 0 (docs/model.md §4.3): μ·m.
func (t Terms) Scarce(m float64) Terms {
	t.Mu *= math.Max(0, m)
	return t
}

// ScarcityFactor returns the multiplier of a provider's base markup in a
// market of the given tightness z (docs/model.md §4.3): max(0, 1 + η·z). z
// is 0 at the reference occupancy with nobody waiting, negative with spare
// capacity and at most 2 when every place is full and the waiting list is
// deep.
func ScarcityFactor(eta, z float64) float64 {
	return math.Max(0, 1+eta*z)
}

// Tightness returns z for a setting in a region (docs/model.md §4.3):
// (o − oRef)/(1 − oRef), the occupancy o of usable places above the
// reference occupancy as a share of the headroom (−oRef/(1 − oRef) when
// empty, 1 when full), plus W/(W + V + 1), the depth of the waiting list of
// W children against V vacancies.
func Tightness(occupancy, oRef float64, waiting, vacancies int) float64 {
	z := 0.0
	if oRef < 1 {
		z = (occupancy - oRef) / (1 - oRef)
	}
	if waiting > 0 {
		z += float64(waiting) / float64(waiting+vacancies+1)
	}
	return z
}

// Quote returns the weekly price a provider with these terms asks for a child
// whose council has reservation price r, when the child has n acceptable
// offers and the buyer holds share sB of regional placements (docs/model.md §4.3):
//
//	p0 = ĉ·(1 + μ)
//	p  = min(R, ĉ + (p0 − ĉ + κ·max(0, R − p0)/n)·(1 − β·sB))
//
// A positive ceiling (a price cap or a profit-cap price ceiling) caps the
// quote further. ok is false when the provider makes no offer, because its
// unit cost exceeds the reservation price or the ceiling. n below 1 counts
// as 1.
func (t Terms) Quote(unitCost, r float64, n int, beta, sB, ceiling float64) (p float64, ok bool) {
	limit := r
	if ceiling > 0 && ceiling < limit {
		limit = ceiling
	}
	if unitCost > limit {
		return 0, false
	}
	if n < 1 {
		n = 1
	}
	p0 := unitCost * (1 + t.Mu)
	surplus := math.Max(0, r-p0)
	p = unitCost + (p0-unitCost+t.Kappa*surplus/float64(n))*(1-beta*sB)
	if p > r {
		p = r
	}
	if ceiling > 0 && p > ceiling {
		p = ceiling
	}
	return p, true
}

// Offer is one acceptable offer to a council for a child: its weekly price,
// the distance from the child's home in km, and the penalty ψ for a setting
// that is not the child's first choice (docs/model.md §4.2).
type Offer struct {
	Price      float64 // £ a week
	DistanceKm float64 // km from the child's home
	Psi        float64 // £ a week added for a non-first-choice setting
}

// GeneralisedCost returns price + λ·distance + ψ, the cost a council
// minimises when it chooses among offers (docs/model.md §4.2); λ is in £ per km
// per week.
func (o Offer) GeneralisedCost(lambda float64) float64 {
	return o.Price + lambda*o.DistanceKm + o.Psi
}

// Preferred reports whether a council prefers an offer of generalised cost
// gc from vacancy unit to one of generalised cost gcOther from vacancy
// other: the lower generalised cost wins, and a tie goes to the lower unit
// index, so the choice does not depend on the order offers are found
// (docs/model.md §4.2).
func Preferred(gc float64, unit int32, gcOther float64, other int32) bool {
	if gc != gcOther {
		return gc < gcOther
	}
	return unit < other
}

// Acceptance returns the probability that a vacancy offers a place to a
// child aged ageWeeks weeks, from the base probability of its setting and
// tier: foster carers (foster true) accept children aged 10 or over with
// the base probability times olderFactor (docs/model.md §4.2).
func Acceptance(base float64, foster bool, ageWeeks int, olderFactor float64) float64 {
	if foster && ageWeeks >= 10*WeeksPerYear {
		return base * olderFactor
	}
	return base
}
