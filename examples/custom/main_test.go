package main

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/caremarket/caremarket/examples/internal/exampletest"
	"github.com/caremarket/caremarket/market"
	"github.com/caremarket/caremarket/scenarios"
)

// TestDriveRamps steps a North East world week by week and checks the
// conversion rate the drive sets: the baseline's before the start, then
// equal steps to the target, then the target.
func TestDriveRamps(t *testing.T) {
	cfg, err := scenarios.RegionalBaseline("North East")
	require.NoError(t, err)
	drive := &RegistrationDrive{Start: scenarios.Start{Week: 3}, Target: 0.205, RampWeeks: 4}
	sc := &scenarios.Scenario{Name: "drive", Seed: 2, Years: 1, Config: cfg, Interventions: []scenarios.Intervention{drive}}
	w, err := sc.World(scenarios.RunOptions{})
	require.NoError(t, err)
	from := market.DefaultRules().Unregistered.ConversionRate
	require.Equal(t, 0.005, from)
	for w.ReportedWeek() < 10 {
		require.NoError(t, w.Step())
		k := w.ReportedWeek() - 1 // the week just stepped
		want := from
		if k >= 3 {
			want = from + min(1, float64(k-3+1)/4)*(0.205-from)
		}
		if k >= -2 { // skip most of the warm-up
			assert.InDelta(t, want, w.Rules.Unregistered.ConversionRate, 1e-12, "reported week %d", k)
		}
	}
	assert.InDelta(t, 0.205, w.Rules.Unregistered.ConversionRate, 1e-12)
	assert.Equal(t, from, drive.from, "Apply recorded the rate in force")
}

func TestDriveValidation(t *testing.T) {
	bad := &RegistrationDrive{Target: 1.5, RampWeeks: 0}
	sc := &scenarios.Scenario{Name: "bad", Years: 1, Interventions: []scenarios.Intervention{bad}}
	err := sc.Validate()
	require.Error(t, err)
	assert.ErrorContains(t, err, "target")
	assert.ErrorContains(t, err, "ramp_weeks")

	// The drive and a ban both set the rule on unregistered placements.
	ok := &RegistrationDrive{Target: 0.05, RampWeeks: 52}
	sc.Interventions = []scenarios.Intervention{ok, scenarios.NewUnregisteredBan(0)}
	assert.ErrorContains(t, sc.Validate(), "Unregistered")
}

// TestRun runs the example at a small size: the North East market for 2
// years, the policies from the first week.
func TestRun(t *testing.T) {
	o := defaultOptions()
	out := exampletest.Small(t, &o.Options, 2, 2, "North East")
	o.Target, o.RampWeeks = 0.3, 4
	res, err := run(context.Background(), o)
	require.NoError(t, err)
	cmp := res.Comparison
	require.Len(t, cmp.Diffs, 2)
	drive := cmp.Diffs[0].Total[market.UnregisteredPlaced]
	ban := cmp.Diffs[1].Total[market.UnregisteredPlaced]
	// Registering settings takes children out of unregistered placements;
	// a ban takes them all out.
	assert.Less(t, drive.Mean, 0.0, "the drive lowers unregistered placements")
	assert.Less(t, ban.Mean, drive.Mean, "a ban lowers them further")
	exampletest.CheckOutputs(t, out.String(), []string{"registration-drive", "unregistered-ban", "unregistered (child-weeks)", "wrote"}, res.Files, 2)
}
