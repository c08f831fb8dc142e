package scenarios

import (
	"fmt"
	"math"
	"strings"

	"github.com/caremarket/caremarket/market"
)

// RegionalBaseline returns the England baseline cut down to the named
// regions: their councils, with national flows and supply counts scaled by
// the regions' share of children looked after. A one-region market runs
// about ten times faster than England and is useful for tests, teaching and
// quick looks; it is not calibrated on its own.
func RegionalBaseline(regions ...string) (*market.Config, error) {
	cfg, err := Baseline()
	if err != nil {
		return nil, err
	}
	if len(regions) == 0 {
		return nil, &market.FieldError{Field: "regions", Value: "", Allowed: "at least one region name"}
	}
	keep := map[string]bool{}
	for _, r := range regions {
		found := false
		for _, spec := range cfg.Regions {
			if spec.Name == r {
				found = true
			}
		}
		if !found {
			var names []string
			for _, spec := range cfg.Regions {
				names = append(names, spec.Name)
			}
			return nil, &market.FieldError{Field: "regions", Value: r, Allowed: "a region: " + strings.Join(names, ", ")}
		}
		keep[r] = true
	}
	total, kept := 0, 0
	for _, c := range cfg.Councils {
		total += c.Children
	}
	var councils []market.CouncilSpec
	codes := map[string]bool{}
	for _, c := range cfg.Councils {
		if keep[c.Region] {
			councils = append(councils, c)
			codes[c.Code] = true
			kept += c.Children
		}
	}
	share := float64(kept) / float64(total)
	var rs []market.RegionSpec
	for _, spec := range cfg.Regions {
		if !keep[spec.Name] {
			continue
		}
		var adj []string
		for _, a := range spec.Adjacent {
			if keep[a] {
				adj = append(adj, a)
			}
		}
		spec.Adjacent = adj
		rs = append(rs, spec)
	}
	var coops []market.CoopSpec
	for _, cp := range cfg.Coops {
		var m []string
		for _, code := range cp.Members {
			if codes[code] {
				m = append(m, code)
			}
		}
		if len(m) > 0 {
			cp.Members = m
			coops = append(coops, cp)
		}
	}
	scale := func(n int, lo int) int { return max(lo, int(math.Round(float64(n)*share))) }
	cfg.Regions, cfg.Councils, cfg.Coops = rs, councils, coops
	cfg.Demand.StartersPerYear *= share
	cfg.Foster.Households = scale(cfg.Foster.Households, 1)
	cfg.Foster.ApprovalsPerYear *= share
	cfg.Workforce.Pool *= share
	cfg.Supply.LargeGroups = scale(cfg.Supply.LargeGroups, 1)
	cfg.Supply.Agencies = scale(cfg.Supply.Agencies, 2)
	cfg.Supply.AgencyGroups = min(cfg.Supply.Agencies-1, scale(cfg.Supply.AgencyGroups, 1))
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("regional baseline %v: %w", regions, err)
	}
	return cfg, nil
}
