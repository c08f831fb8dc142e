package main

import (
	"bytes"
	"context"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/caremarket/caremarket/examples/internal/exampletest"
)

// TestRun runs the example at a small size: the North East and North West
// market, 2 years, 2 paired runs, programmes of 20 and 60 homes from the
// first week.
func TestRun(t *testing.T) {
	o := defaultOptions()
	out := exampletest.Small(t, &o.Options, 2, exampletest.Runs(2), "North East", "North West")
	o.Top, o.Homes = 1, []int{20, 60}
	res, err := run(context.Background(), o)
	require.NoError(t, err)

	names := []string{"profit-cap", "cap-nfp-20", "cap-nfp-60", "cap-nfp-60-targeted"}
	require.Len(t, res.Rows, len(names))
	for i, n := range names {
		assert.Equal(t, n, res.Rows[i].Name)
		assert.False(t, math.IsNaN(res.Rows[i].PlacesOffset) || math.IsNaN(res.Rows[i].ShortageOffset))
	}
	assert.Zero(t, res.Rows[0].PlacesOffset, "the cap alone offsets nothing")
	require.Len(t, res.Targeted, 1)
	assert.Contains(t, o.Regions, res.Targeted[0])
	assert.Equal(t, o.Regions, res.Regions)

	// The regions' shortage adds up to the national shortage.
	for i, r := range res.Rows {
		sum := 0.0
		for reg := range res.Regions {
			sum += res.RegionShortage[reg][i]
		}
		assert.InDelta(t, r.Shortage.Mean, sum, 1e-6*math.Max(1, math.Abs(sum)), r.Name)
	}

	exampletest.CheckOutputs(t, out.String(), append(names, "places offset", "shortage offset", "North West", "sited in "+res.Targeted[0]), res.Files, 2)
}

func TestOffset(t *testing.T) {
	assert.Equal(t, 0.0, offset(-100, -100))
	assert.Equal(t, 1.0, offset(0, -100))
	assert.Equal(t, 0.5, offset(-50, -100))
	assert.Equal(t, 1.5, offset(50, -100))
	assert.Equal(t, 0.0, offset(10, 0))
}

func TestErrors(t *testing.T) {
	o := defaultOptions()
	o.Stdout, o.Progress = &bytes.Buffer{}, nil
	o.Homes = nil
	_, err := run(context.Background(), o)
	assert.Error(t, err)
	o.Homes = []int{0}
	o.Regions, o.Years, o.Runs = []string{"North East"}, 1, 1
	o.StartWeek = 0
	_, err = run(context.Background(), o)
	assert.ErrorContains(t, err, "homes")
}
