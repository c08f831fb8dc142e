package scenarios_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/caremarket/caremarket/market"
	"github.com/caremarket/caremarket/scenarios"
)

// TestCompareWithEmptyOptionsRunsEnoughForAnInterval: Compare with empty
// options on scenarios of one run (as the built-ins are) runs
// DefaultCompareRuns, not one run whose 90% interval would equal its mean
// (issue 15 item 10).
func TestCompareWithEmptyOptionsRunsEnoughForAnInterval(t *testing.T) {
	base, alt := neScenario(t, 1), neScenario(t, 1)
	base.Runs, alt.Runs = 1, 1
	alt.Name = "nfp"
	nfp := scenarios.NewNFPEntry(0)
	nfp.Homes = 10
	alt.Interventions = []scenarios.Intervention{nfp}
	c, err := scenarios.Compare(context.Background(), base, []*scenarios.Scenario{alt}, scenarios.EnsembleOptions{})
	require.NoError(t, err)
	assert.Equal(t, scenarios.DefaultCompareRuns, c.Baseline.Runs)
	assert.Equal(t, scenarios.DefaultCompareRuns, c.Alternatives[0].Runs)
	b := c.Baseline.Yearly[market.ChildrenInCare][0]
	assert.Less(t, b.P5, b.P95, "a 90%% interval from %d runs", c.Baseline.Runs)

	// A baseline asking for more runs keeps them.
	base.Runs = 3
	c, err = scenarios.Compare(context.Background(), base, []*scenarios.Scenario{alt}, scenarios.EnsembleOptions{})
	require.NoError(t, err)
	assert.Equal(t, 3, c.Baseline.Runs)
}

// TestUnknownScenarioSuggestsTheClosest: an unknown built-in name gets a
// "did you mean" like unknown keys do, and says a scenario file can be
// given instead.
func TestUnknownScenarioSuggestsTheClosest(t *testing.T) {
	for _, tc := range []struct{ name, want string }{
		{"profit-caps", `unknown scenario "profit-caps" (did you mean "profit-cap"?): built-in scenarios are baseline, `},
		{"basline", `unknown scenario "basline" (did you mean "baseline"?): `},
		{"utopia", `unknown scenario "utopia": built-in scenarios are `},
	} {
		_, err := scenarios.Builtin(tc.name)
		require.Error(t, err)
		assert.Contains(t, err.Error(), tc.want)
		assert.Contains(t, err.Error(), "; or give a scenario file (NAME.yaml)")
	}
}

// TestUnknownExtendsSuggestsTheClosest: a file's unknown extends gets the
// same "did you mean" as an unknown built-in name.
func TestUnknownExtendsSuggestsTheClosest(t *testing.T) {
	_, err := scenarios.Parse("bad.yaml", []byte("extends: profit-caps\n"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), `bad.yaml:1: extends: "profit-caps" is not a built-in scenario (did you mean "profit-cap"?): allowed baseline, `)
}
