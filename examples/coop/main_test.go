package main

import (
	"context"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/caremarket/caremarket/examples/internal/exampletest"
	"github.com/caremarket/caremarket/market"
)

// TestRun runs the example at a small size: the North East and North West
// market for 2 years, co-operatives from the first week, with the North
// West's alone against both.
func TestRun(t *testing.T) {
	o := defaultOptions()
	out := exampletest.Small(t, &o.Options, 2, exampletest.Runs(2), "North East", "North West")
	res, err := run(context.Background(), o)
	require.NoError(t, err)

	cmp := res.Comparison
	require.Len(t, cmp.Diffs, 2)
	assert.Equal(t, "coop-north-west", cmp.Diffs[0].Scenario)
	assert.Equal(t, "coop", cmp.Diffs[1].Scenario)
	// Co-operatives pay their running costs and block payments: block
	// spend appears only with them, and two cost more than one.
	one, all := cmp.Diffs[0].Total[market.SpendBlockGBP].Mean, cmp.Diffs[1].Total[market.SpendBlockGBP].Mean
	assert.Greater(t, one, 0.0)
	assert.Greater(t, all, one)

	require.Len(t, res.Regions, 2)
	for i := range cmp.Diffs {
		// The regions' spend adds up to England's.
		sum := res.Regions[0].Spend[i].Mean + res.Regions[1].Spend[i].Mean
		want := cmp.Diffs[i].Total[market.SpendGBP].Mean
		assert.InDelta(t, want, sum, 1e-6*math.Max(1, math.Abs(want)))
	}
	exampletest.CheckOutputs(t, out.String(), []string{"Paired differences from baseline", "coop-north-west: shortage", "North West *", "North East", "wrote"}, res.Files, 2)
}

func TestUnknownCoop(t *testing.T) {
	o := defaultOptions()
	exampletest.Small(t, &o.Options, 1, 1, "North East")
	o.Coop = "Wessex"
	_, err := run(context.Background(), o)
	assert.ErrorContains(t, err, "Wessex")
}

func TestSlug(t *testing.T) {
	assert.Equal(t, "yorkshire-and-the-humber", slug("Yorkshire and The Humber"))
}
