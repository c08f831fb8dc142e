package market

// Dated changes of the configuration, for histories: the demand of a year
// and the rules that came into force on a date (scenarios' DemandPath,
// Under16Ban, SupportedRegulation and CouncilCapital). Each changes the
// configuration the engine reads and brings the derived tables into line
// at once.

import (
	"fmt"
	"math"

	"github.com/caremarket/caremarket/agents"
)

// StartYear returns the calendar year of the first reported April.
func (w *World) StartYear() int { return w.startYear }

// SetDemand sets the starters a year, their share of unaccompanied
// asylum-seeking children and their ages from this week on: each council's
// arrivals keep its share of the children looked after at the start
// (docs/model.md §3). It refuses values out of the ranges Validate allows,
// naming the field.
func (w *World) SetDemand(startersPerYear, uascShare float64, ages StarterAges) error {
	v := &validator{}
	v.rng("demand.starters_per_year", startersPerYear, 0, MaxStartersPerYear)
	v.share("demand.uasc_share", uascShare)
	a := ages.array()
	keys := ages.keys()
	for i, x := range a {
		v.share("demand.starter_ages."+keys[i], x)
	}
	v.sumOne("demand.starter_ages", a[:]...)
	if len(v.errs) > 0 {
		return v.errs[0]
	}
	d := &w.cfg.Demand
	d.StartersPerYear, d.UASCShare, d.StarterAges = startersPerYear, uascShare, ages
	total := 0
	for _, c := range w.cfg.Councils {
		total += c.Children
	}
	for i, c := range w.cfg.Councils {
		rate := 0.0
		if total > 0 {
			rate = startersPerYear * float64(c.Children) / float64(total) / agents.WeeksPerYear
		}
		w.Councils[i].ArrivalsPerWeek = rate
	}
	w.deriveStarterAges()
	return nil
}

// deriveStarterAges sets the age shares of starters who are not UASC, so
// that all starters match StarterAges; index 5 holds the total.
func (w *World) deriveStarterAges() {
	d := &w.cfg.Demand
	ages := d.StarterAges.array()
	copy(w.nonUASCAges[:5], ages[:])
	w.nonUASCAges[4] -= d.UASCShare * d.UASCOlderShare
	w.nonUASCAges[3] -= d.UASCShare * (1 - d.UASCOlderShare)
	w.nonUASCAges[5] = 0
	for i := 0; i < 5; i++ {
		w.nonUASCAges[i] = math.Max(0, w.nonUASCAges[i])
		w.nonUASCAges[5] += w.nonUASCAges[i]
	}
}

// SetUnder16ExtraWait sets how many weeks longer than MaxWaitWeeks a child
// under 16 seeks before the unregistered fallback, from this week on (the
// ban on unregistered placements of under-16s, 9 September 2021).
func (w *World) SetUnder16ExtraWait(weeks int) error {
	if weeks < 0 || weeks > 520 {
		return &FieldError{Field: "matching.under16_extra_wait_weeks", Value: weeks, Allowed: "allowed 0 to 520"}
	}
	w.cfg.Matching.Under16ExtraWaitWeeks = weeks
	return nil
}

// AddSupportedFixedCost adds pounds a registered place-week to the fixed
// cost of supported accommodation from this week on (the cost of meeting
// registration and national standards) and rebuilds the cost rates.
func (w *World) AddSupportedFixedCost(pounds float64) error {
	x := w.cfg.Costs.SupportedFixed + pounds
	if math.IsNaN(x) || math.IsInf(x, 0) || x < 0 {
		return &FieldError{Field: "costs.supported_fixed", Value: fmt.Sprint(x), Allowed: "must stay zero or positive"}
	}
	w.cfg.Costs.SupportedFixed = x
	w.refreshCosts()
	w.recomputeCostRates()
	return nil
}

// SetCouncilCapital sets councils' capital for new homes, £ a year for
// England, from this week on (a dated capital programme, docs/model.md
// §4.5): each council's fund grows by its share from the next quarter, and
// what it holds stays. It refuses a value outside 0 to 1e11, or capital
// with investment.council_place_capital below £1,000 a place.
func (w *World) SetCouncilCapital(gbpPerYear float64) error {
	v := &validator{}
	v.rng("investment.council_capital", gbpPerYear, 0, 1e11)
	if gbpPerYear > 0 {
		v.rng("investment.council_place_capital", w.cfg.Investment.CouncilPlaceCapital, 1000, 1e8)
	}
	if len(v.errs) > 0 {
		return v.errs[0]
	}
	w.cfg.Investment.CouncilCapital = gbpPerYear
	return nil
}
