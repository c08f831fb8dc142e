package market_test

import (
	"fmt"
	"github.com/caremarket/caremarket/internal/testkit"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/caremarket/caremarket/market"
)

// TestValidateRefusesOversizeWorldsCheaply: Validate bounds the size of
// the starting world, not only each number in it: 10,000 councils of
// 1,000,000 children each (every one within its own limit; before, Validate
// accepted them and building the world grew to 3 GB in 15 s), the places
// they need, and the foster households and approvals are refused quickly
// and with little memory (issue 15 item 3).
func TestValidateRefusesOversizeWorldsCheaply(t *testing.T) {
	// Not parallel: it measures allocations.
	councils := func(n, children int) func(c *market.Config) {
		return func(c *market.Config) {
			base := c.Councils[0]
			c.Councils = make([]market.CouncilSpec, n)
			for i := range c.Councils {
				c.Councils[i] = base
				c.Councils[i].Code = fmt.Sprintf("E06%07d", i)
				c.Councils[i].Children = children
				c.Councils[i].Region = c.Regions[i%len(c.Regions)].Name
			}
			c.Coops = nil
		}
	}
	for _, tc := range []struct {
		name, field, allowed string
		mutate               func(c *market.Config)
		maxBytes             uint64
	}{
		{"10,000 councils of a million children", "councils", "at most 1000000 in all", councils(market.MaxCouncils, 1_000_000), 4 << 20},
		{"one child over the total", "councils", "at most 1000000 in all", councils(1000, 1001), 1 << 20},
		{"places for every child at 5% occupancy", "mix", "at most 500000", func(c *market.Config) {
			councils(100, 10_000)(c)
			c.Mix = market.Mix{FosterInHouse: 0.2, FosterIFA: 0.2, ChildrensHome: 0.5, Supported: 0.1}
			c.Costs.ORef.Homes = 0.05
		}, 1 << 20},
		{"households", "foster.households", "allowed 0 to 500,000", func(c *market.Config) { c.Foster.Households = market.MaxHouseholds + 1 }, 64 << 10},
		{"approvals", "foster.approvals_per_year", "allowed 0 to 100000", func(c *market.Config) { c.Foster.ApprovalsPerYear = market.MaxApprovalsPerYear + 1 }, 64 << 10},
		{"starters", "demand.starters_per_year", "allowed 0 to 500000", func(c *market.Config) { c.Demand.StartersPerYear = market.MaxStartersPerYear + 1 }, 64 << 10},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := smallConfig()
			tc.mutate(cfg)
			var err error
			start := time.Now()
			n := testkit.Allocated(func() { err = cfg.Validate() })
			assertNamesField(t, err, tc.field, tc.allowed)
			assert.Less(t, n, tc.maxBytes, "bytes allocated to refuse")
			assert.Less(t, time.Since(start), 2*time.Second)
			t.Logf("refused with %d bytes allocated in %v: %.300s", n, time.Since(start), err)
		})
	}
	// At the limits: a world of exactly MaxChildren is accepted.
	cfg := smallConfig()
	councils(1000, market.MaxChildren/1000)(cfg)
	require.NoError(t, cfg.Validate())
}

// assertNamesField asserts that err holds a FieldError for field whose
// Allowed contains allowed.
func assertNamesField(t *testing.T, err error, field, allowed string) {
	t.Helper()
	require.Error(t, err)
	for _, fe := range fieldErrors(err) {
		if fe.Field == field {
			assert.Contains(t, fe.Allowed, allowed)
			return
		}
	}
	t.Errorf("no FieldError names %s: %v", field, err)
}

// TestValidateNeedsACouncilInEveryRegion: a region without a council is
// refused by Validate (so caremarket validate says so), not only when the
// world is built (found measuring issue 15's worst case: validate said ok,
// run refused it).
func TestValidateNeedsACouncilInEveryRegion(t *testing.T) {
	cfg := smallConfig()
	cfg.Regions = append(cfg.Regions, market.RegionSpec{Name: "East", PropIndex: 1})
	assertNamesField(t, cfg.Validate(), "regions[2]", "every region needs at least one council")
}
