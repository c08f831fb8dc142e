package scenarios_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/caremarket/caremarket/scenarios"
)

// TestExtendsConflictAdvisesBaseline: a file that extends a built-in and
// adds an intervention setting the same rule as the built-in's is told to
// extend baseline (a file cannot change or drop an inherited
// intervention), not to "combine them into one intervention", which a file
// cannot do (issue 15 item 11).
func TestExtendsConflictAdvisesBaseline(t *testing.T) {
	_, err := scenarios.Parse("bad.yaml", []byte("extends: profit-cap\ninterventions:\n  - {type: ProfitCap, rate: 0.05}\n"))
	require.Error(t, err)
	msg := err.Error()
	assert.Equal(t, 1, strings.Count(msg, "\n")+1, "one error: %s", msg)
	assert.Contains(t, msg, "bad.yaml:3: interventions[0]: ProfitCap(PriceCeiling 5%) sets rules ProfitCap and Transparency, which profit-cap's intervention ProfitCap(PriceCeiling 10%) already sets")
	assert.Contains(t, msg, "write extends: baseline")
	assert.NotContains(t, msg, "combine them")

	// Two of the file's own: combining or dropping one is the advice.
	_, err = scenarios.Parse("bad.yaml", []byte("interventions:\n  - {type: ProfitCap}\n  - {type: ProfitCap, rate: 0.05}\n"))
	require.Error(t, err)
	assert.Equal(t, "bad.yaml:3: interventions[1]: ProfitCap(PriceCeiling 5%) sets rules ProfitCap and Transparency, which interventions[0] (ProfitCap(PriceCeiling 10%)) already sets: combine them into one intervention or drop one", err.Error())

	// The advice works: extending baseline keeps the file's own cap.
	sc, err := scenarios.Parse("ok.yaml", []byte("extends: baseline\ninterventions:\n  - {type: ProfitCap, rate: 0.05}\n"))
	require.NoError(t, err)
	require.Len(t, sc.Interventions, 1)
}

// TestValidateReportsEveryIndependentError: runs, years and three bad
// override values are independent problems, all reported in one pass
// (issue 15 item 12; before, the header's two stopped the check).
func TestValidateReportsEveryIndependentError(t *testing.T) {
	src := "runs: -5\nyears: 0\noverrides:\n  demand:\n    starters_per_year: -1\n  matching:\n    lambda: -3\n  foster:\n    households: -7\n"
	_, err := scenarios.Parse("bad.yaml", []byte(src))
	require.Error(t, err)
	assert.Equal(t, "bad.yaml:1: runs: -5: allowed 1 to 1000000\n"+
		"bad.yaml:2: years: 0: allowed 1 to 100\n"+
		"bad.yaml:5: overrides.demand.starters_per_year: -1: allowed 0 to 500000\n"+
		"bad.yaml:7: overrides.matching.lambda: -3: allowed 0 to 1000\n"+
		"bad.yaml:9: overrides.foster.households: -7: allowed 0 to 500,000", err.Error())
}
