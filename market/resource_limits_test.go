package market_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/caremarket/caremarket/internal/testkit"
	"github.com/caremarket/caremarket/market"
)

// TestNewRefusesOverLimits: a horizon over MaxYears (100) or a world over
// MaxCouncils (10,000) councils or MaxStartersPerYear arrivals is refused
// by market.New with a FieldError naming the limit, before the world is
// built: refusing allocates a small fraction of what the world would need.
func TestNewRefusesOverLimits(t *testing.T) {
	// Not parallel: it measures allocations (the least of five tries, so
	// that a stray goroutine's allocations are not counted).
	manyCouncils := func(n int) func(c *market.Config, o *market.Options) {
		return func(c *market.Config, o *market.Options) {
			base := c.Councils[0]
			c.Councils = make([]market.CouncilSpec, n)
			for i := range c.Councils {
				c.Councils[i] = base
				c.Councils[i].Code = fmt.Sprintf("E06%07d", i)
			}
			c.Coops = nil
		}
	}
	for _, tc := range []struct {
		name     string
		mutate   func(c *market.Config, o *market.Options)
		field    string
		allowed  string
		maxBytes uint64
	}{
		{"101 years", func(_ *market.Config, o *market.Options) { o.Years = market.MaxYears + 1 }, "years", "allowed 1 to 100", 1 << 10},
		{"2^40 years", func(_ *market.Config, o *market.Options) { o.Years = 1 << 40 }, "years", "allowed 1 to 100", 1 << 10},
		{"10,001 councils", manyCouncils(market.MaxCouncils + 1), "councils", "at most 10000 councils", 4 << 20},
		{"2^40 warm-up weeks", func(_ *market.Config, o *market.Options) { o.WarmupWeeks = 1 << 40 }, "warmup_weeks", "allowed 0 to 520", 64 << 10},
		{"arrivals over the limit", func(c *market.Config, _ *market.Options) { c.Demand.StartersPerYear = market.MaxStartersPerYear * 1.01 }, "demand.starters_per_year", "allowed 0 to 500000", 64 << 10},
		{"a billion foster households", func(c *market.Config, _ *market.Options) { c.Foster.Households = 1e9 }, "foster.households", "allowed 0 to 500,000", 64 << 10},
		{"a billion children in a council", func(c *market.Config, _ *market.Options) { c.Councils[0].Children = 1e9 }, "councils[0].children", "allowed 0 to 1,000,000", 64 << 10},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg, opts := smallMutated(tc.mutate)
			var w *market.World
			var err error
			n := testkit.Allocated(func() { w, err = market.New(cfg, opts) })
			assertNamesField(t, err, tc.field, tc.allowed)
			assert.Nil(t, w)
			assert.Less(t, n, tc.maxBytes, "bytes allocated to refuse")
			t.Logf("refused with %d bytes allocated: %.200s", n, err)
		})
	}
	// For scale: the small world itself (5 councils, 480 children, 2 years
	// of engine weeks).
	n := testkit.Allocated(func() {
		_, err := market.New(smallConfig(), market.Options{Seed: 1, Years: 1})
		require.NoError(t, err)
	})
	t.Logf("building the small world allocates %d bytes", n)
}
