package market

import (
	"fmt"
	"math"
)

// Limits on the size of the starting world, checked by Validate before
// anything is allocated for it. Each is a multiple of England's size
// (83,752 children looked after in 153 councils, about 21,600 starting
// places in homes and supported accommodation, 35,000 foster households,
// 4,080 approvals a year), chosen so that the largest world Validate
// accepts runs a year (caremarket run -years 1 -runs 1) in under 1 GB of
// memory: docs/reliability.md, "Attacks of issue 15 (limits and library)",
// gives the measurement. A world at every limit at once is about 12 times
// England and needs several minutes a simulated year.
const (
	// MaxChildren bounds the children looked after at the start, summed
	// over the councils (about 12 times England's).
	MaxChildren = 1_000_000
	// MaxStartPlaces bounds the places in children's homes and supported
	// accommodation the starting stock of children needs at the reference
	// occupancies (about 23 times England's).
	MaxStartPlaces = 500_000
	// MaxHouseholds bounds the foster households at the start (about 14
	// times England's).
	MaxHouseholds = 500_000
	// MaxApprovalsPerYear bounds the foster households approved a year
	// (about 25 times England's).
	MaxApprovalsPerYear = 100_000
)

// validateScale checks the size of the starting world: the children of all
// councils together and the places they need. It runs after the councils
// and the mix are checked one by one.
func (c *Config) validateScale(v *validator) {
	total := 0
	for _, k := range c.Councils {
		if k.Children > 0 {
			total += k.Children // each at most 1,000,000, at most MaxCouncils of them
		}
	}
	if total > MaxChildren {
		v.add("councils", total, fmt.Sprintf("children of all councils: at most %d in all (about 12 times England's 83,752)", MaxChildren))
		return
	}
	m, o := c.Mix, c.Costs.ORef
	if !(o.Homes >= 0.05 && o.Supported >= 0.05 && m.ChildrensHome >= 0 && m.Supported >= 0) {
		return // reported by validateCosts or validateDemand
	}
	places := float64(total) * (m.ChildrensHome/o.Homes + m.Supported/o.Supported)
	if places > MaxStartPlaces {
		v.add("mix", int(math.Round(places)), fmt.Sprintf("starting places in homes and supported accommodation, children × (mix.childrens_home ÷ costs.o_ref.homes + mix.supported ÷ costs.o_ref.supported): at most %d (about 23 times England's)", MaxStartPlaces))
	}
}

// validateRegionsHaveCouncils checks that every region has a council, as
// building the world needs (so that validate and run agree).
func (c *Config) validateRegionsHaveCouncils(v *validator) {
	used := make(map[string]bool, len(c.Regions))
	for _, k := range c.Councils {
		used[k.Region] = true
	}
	for _, r := range c.Regions {
		delete(used, r.Name)
	}
	if len(used) > 0 {
		return // a council names an unknown region: that error, not empty regions
	}
	for _, k := range c.Councils {
		used[k.Region] = true
	}
	for i, r := range c.Regions {
		if !used[r.Name] {
			v.add(fmt.Sprintf("regions[%d]", i), r.Name, "every region needs at least one council")
		}
	}
}
