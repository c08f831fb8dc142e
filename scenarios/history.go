package scenarios

import (
	"errors"
	"fmt"

	"github.com/caremarket/caremarket/agents"
	"github.com/caremarket/caremarket/market"
)

// Rule names of the dated events of a history.
const (
	RuleDemand              = "Demand"
	RuleUnder16Fallback     = "Under16Fallback"
	RuleSupportedRegulation = "SupportedRegulation"
	RuleCouncilCapital      = "CouncilCapital"
)

// DemandYear is the published demand of one financial year: starters, the
// share of them who are unaccompanied asylum-seeking children, and their
// ages.
type DemandYear struct {
	// Year is the financial year by its starting April (2019 is 2019/20).
	Year int `yaml:"year"`
	// Starters is the children starting to be looked after in the year.
	Starters float64 `yaml:"starters"`
	// UASCShare is the share of starters who are unaccompanied
	// asylum-seeking children.
	UASCShare float64 `yaml:"uasc_share"`
	// StarterAges are the shares of starters by age.
	StarterAges market.StarterAges `yaml:"starter_ages"`
}

// DemandPath makes demand follow a published path: each April from its
// start week, the starters, UASC share and ages of that financial year
// (listed in Years) replace the configuration's; a year not listed keeps
// the last one set. It is an input of a history, not a policy.
type DemandPath struct {
	Start `yaml:",inline"`
	Years []DemandYear `yaml:"years"`
}

// Name implements market.Intervention.
func (d *DemandPath) Name() string { return fmt.Sprintf("DemandPath(%d years)", len(d.Years)) }

// Touches implements Intervention.
func (d *DemandPath) Touches() []string { return []string{RuleDemand} }

// Validate checks the years.
func (d *DemandPath) Validate() error {
	var errs []error
	if len(d.Years) == 0 || len(d.Years) > MaxYears {
		errs = append(errs, &market.FieldError{Field: "years", Value: len(d.Years), Allowed: fmt.Sprintf("1 to %d financial years", MaxYears)})
	}
	seen := map[int]bool{}
	for i, y := range d.Years {
		f := fmt.Sprintf("years[%d]", i)
		errs = append(errs, checkInt(f+".year", y.Year, 1900, 2200))
		if seen[y.Year] {
			errs = append(errs, &market.FieldError{Field: f + ".year", Value: y.Year, Allowed: "each year at most once"})
		}
		seen[y.Year] = true
		errs = append(errs, checkRange(f+".starters", y.Starters, 0, market.MaxStartersPerYear),
			checkRange(f+".uasc_share", y.UASCShare, 0, 1))
		a := y.StarterAges
		sum := a.Under1 + a.Age1to4 + a.Age5to9 + a.Age10to15 + a.Age16to17
		for _, x := range []float64{a.Under1, a.Age1to4, a.Age5to9, a.Age10to15, a.Age16to17} {
			errs = append(errs, checkRange(f+".starter_ages", x, 0, 1))
		}
		if sum < 1-1e-6 || sum > 1+1e-6 {
			errs = append(errs, &market.FieldError{Field: f + ".starter_ages", Value: sum, Allowed: "shares must sum to 1"})
		}
	}
	return errors.Join(errs...)
}

// Apply implements market.Intervention: it sets the demand of the year it
// starts in.
func (d *DemandPath) Apply(w *market.World) error {
	if err := d.Validate(); err != nil {
		return err
	}
	return d.set(w)
}

// Step implements market.Stepper: each April, the year's demand.
func (d *DemandPath) Step(w *market.World) error {
	if w.ReportedWeek()%agents.WeeksPerYear != 0 || w.ReportedWeek() == d.Week {
		return nil
	}
	return d.set(w)
}

func (d *DemandPath) set(w *market.World) error {
	year := w.StartYear() + w.ReportedWeek()/agents.WeeksPerYear
	for _, y := range d.Years {
		if y.Year == year {
			return w.SetDemand(y.Starters, y.UASCShare, y.StarterAges)
		}
	}
	return nil
}

// Under16Ban is the ban on placing children under 16 in unregistered
// settings (in force from 9 September 2021): from its start week children
// under 16 seek ExtraWaitWeeks longer before the unregistered fallback
// (docs/model.md 4.2, matching.under16_extra_wait_weeks).
type Under16Ban struct {
	Start          `yaml:",inline"`
	ExtraWaitWeeks int `yaml:"extra_wait_weeks"` // 0 to 520 (default 8, the baseline's)
}

// NewUnder16Ban returns the ban with the baseline's extra wait of 8 weeks.
func NewUnder16Ban(start int) *Under16Ban { return &Under16Ban{Start: Start{start}, ExtraWaitWeeks: 8} }

// Name implements market.Intervention.
func (u *Under16Ban) Name() string { return fmt.Sprintf("Under16Ban(+%d weeks)", u.ExtraWaitWeeks) }

// Touches implements Intervention.
func (u *Under16Ban) Touches() []string { return []string{RuleUnder16Fallback} }

// Validate checks the parameters.
func (u *Under16Ban) Validate() error {
	return errors.Join(checkInt("extra_wait_weeks", u.ExtraWaitWeeks, 0, 520))
}

// Apply implements market.Intervention.
func (u *Under16Ban) Apply(w *market.World) error {
	if err := u.Validate(); err != nil {
		return err
	}
	return w.SetUnder16ExtraWait(u.ExtraWaitWeeks)
}

// SupportedRegulation is the registration of supported accommodation for
// 16- and 17-year-olds with Ofsted and its national standards (mandatory
// from 28 October 2023): from its start week the fixed cost of a supported
// place rises by CostPerWeek £ a place-week.
type SupportedRegulation struct {
	Start       `yaml:",inline"`
	CostPerWeek float64 `yaml:"cost_per_week"` // £ a registered place-week, 0 to 10,000 (default 88)
}

// NewSupportedRegulation returns the regulation at £88 a place-week: the
// £123m over three years the Department for Education gave councils to
// meet its costs (consultation response, March 2023), over the 8,980
// children in supported accommodation on 31 March 2023 (DfE).
func NewSupportedRegulation(start int) *SupportedRegulation {
	return &SupportedRegulation{Start: Start{start}, CostPerWeek: 88}
}

// Name implements market.Intervention.
func (s *SupportedRegulation) Name() string {
	return fmt.Sprintf("SupportedRegulation(+£%.0f a place-week)", s.CostPerWeek)
}

// Touches implements Intervention.
func (s *SupportedRegulation) Touches() []string { return []string{RuleSupportedRegulation} }

// Validate checks the parameters.
func (s *SupportedRegulation) Validate() error {
	return errors.Join(checkRange("cost_per_week", s.CostPerWeek, 0, 10000))
}

// Apply implements market.Intervention.
func (s *SupportedRegulation) Apply(w *market.World) error {
	if err := s.Validate(); err != nil {
		return err
	}
	return w.AddSupportedFixedCost(s.CostPerWeek)
}

// CouncilCapital is a dated programme of central capital for councils'
// own children's homes: from its start week councils' capital for new
// homes (investment.council_capital) is GBPPerYear a year for England,
// spent by the council-building rule of docs/model.md §4.5. The 2019
// history starts with none and puts the programme that began with the 2021
// Spending Review's £259m fund (first bidding round July 2022) in force
// from April 2022 at the baseline's £50m a year.
type CouncilCapital struct {
	Start      `yaml:",inline"`
	GBPPerYear float64 `yaml:"gbp_per_year"` // £ a year for England, 0 to 1e11 (default 50,000,000)
}

// NewCouncilCapital returns the programme at £50m a year: the mean of the
// £45m for about 200 open places (HM Treasury, Spring Budget 2024) and the
// £53m for about 200 places (DfE, July 2025).
func NewCouncilCapital(start int) *CouncilCapital {
	return &CouncilCapital{Start: Start{start}, GBPPerYear: 50e6}
}

// Name implements market.Intervention.
func (c *CouncilCapital) Name() string {
	return fmt.Sprintf("CouncilCapital(£%.0fm a year)", c.GBPPerYear/1e6)
}

// Touches implements Intervention.
func (c *CouncilCapital) Touches() []string { return []string{RuleCouncilCapital} }

// Validate checks the parameters.
func (c *CouncilCapital) Validate() error {
	return errors.Join(checkRange("gbp_per_year", c.GBPPerYear, 0, 1e11))
}

// Apply implements market.Intervention.
func (c *CouncilCapital) Apply(w *market.World) error {
	if err := c.Validate(); err != nil {
		return err
	}
	return w.SetCouncilCapital(c.GBPPerYear)
}

// Describe says what the demand path sets.
func (d *DemandPath) Describe() string {
	if len(d.Years) == 0 {
		return "Demand follows no published path."
	}
	first, last := d.Years[0], d.Years[len(d.Years)-1]
	return fmt.Sprintf("Demand follows its published path: %s starters in %d/%02d to %s in %d/%02d, %s to %s of them unaccompanied asylum-seeking children.",
		descNum(first.Starters), first.Year, (first.Year+1)%100, descNum(last.Starters), last.Year, (last.Year+1)%100, descPct(first.UASCShare), descPct(last.UASCShare))
}

// Describe says what the ban does.
func (u *Under16Ban) Describe() string {
	return fmt.Sprintf("Placing children under 16 in unregistered settings is banned: they seek %s longer before the unregistered fallback.", descCount(u.ExtraWaitWeeks, "week", "weeks"))
}

// Describe says what the programme gives.
func (c *CouncilCapital) Describe() string {
	return fmt.Sprintf("Councils receive %s a year of capital for new homes of their own.", descPounds(c.GBPPerYear))
}

// Describe says what the regulation does.
func (s *SupportedRegulation) Describe() string {
	return fmt.Sprintf("Supported accommodation must register with Ofsted and meet national standards: its fixed cost rises by %s a place-week.", descPounds(s.CostPerWeek))
}

func init() {
	registerIntervention("DemandPath", func() Intervention { return &DemandPath{} })
	registerIntervention("Under16Ban", func() Intervention { return NewUnder16Ban(0) })
	registerIntervention("SupportedRegulation", func() Intervention { return NewSupportedRegulation(0) })
	registerIntervention("CouncilCapital", func() Intervention { return NewCouncilCapital(0) })
}
