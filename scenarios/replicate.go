package scenarios

import (
	"fmt"

	"github.com/caremarket/caremarket/market"
)

// ReplicatedBaseline returns k copies of the England baseline side by side,
// each shifted east by 10° of longitude, with its own regions, councils and
// co-ops, each its own country (its widest search ring is its own regions),
// and national flows and supply counts multiplied by k, so that work per
// child stays comparable. It exists to measure how the engine scales
// (docs/performance.md); the copies do not trade with each other.
func ReplicatedBaseline(k int) (*market.Config, error) {
	if k < 1 || k > 64 {
		return nil, &market.FieldError{Field: "copies", Value: k, Allowed: "allowed 1 to 64"}
	}
	cfg, err := Baseline()
	if err != nil {
		return nil, err
	}
	if k == 1 {
		return cfg, nil
	}
	name := func(s string, i int) string {
		if i == 0 {
			return s
		}
		return fmt.Sprintf("%s #%d", s, i+1)
	}
	code := func(s string, i int) string {
		if i == 0 {
			return s
		}
		return fmt.Sprintf("%s-%d", s, i+1)
	}
	var regions []market.RegionSpec
	var councils []market.CouncilSpec
	var coops []market.CoopSpec
	for i := 0; i < k; i++ {
		for _, r := range cfg.Regions {
			r.Name = name(r.Name, i)
			r.Adjacent = renameAll(r.Adjacent, i, name)
			r.HomePlacesShare /= float64(k)
			r.Country = fmt.Sprintf("England %d", i+1)
			regions = append(regions, r)
		}
		for _, c := range cfg.Councils {
			c.Code = code(c.Code, i)
			c.Name = name(c.Name, i)
			c.Region = name(c.Region, i)
			c.Lon += 10 * float64(i)
			councils = append(councils, c)
		}
		for _, cp := range cfg.Coops {
			cp.Name = name(cp.Name, i)
			cp.Members = renameAll(cp.Members, i, code)
			coops = append(coops, cp)
		}
	}
	cfg.Regions, cfg.Councils, cfg.Coops = regions, councils, coops
	f := float64(k)
	cfg.Demand.StartersPerYear *= f
	cfg.Foster.Households *= k
	cfg.Foster.ApprovalsPerYear *= f
	cfg.Workforce.Pool *= f
	cfg.Supply.LargeGroups *= k
	cfg.Supply.Agencies *= k
	cfg.Supply.AgencyGroups *= k
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("replicated baseline ×%d: %w", k, err)
	}
	return cfg, nil
}

// renameAll returns a new slice of f(x, i) for every x of xs.
func renameAll(xs []string, i int, f func(string, int) string) []string {
	out := make([]string, len(xs))
	for j, x := range xs {
		out[j] = f(x, i)
	}
	return out
}
