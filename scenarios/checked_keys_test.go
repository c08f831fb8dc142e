package scenarios_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/caremarket/caremarket/scenarios"
)

// TestStarterAgesAndTriggerAreChecked: docs/scenario-files.md said
// starter_ages and a profit cap's trigger were "any (not checked)"; both
// are checked, and the error names the key as the file writes it (not
// starter_ages[0]).
func TestStarterAgesAndTriggerAreChecked(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"overrides:\n  demand:\n    starter_ages:\n      under_1: 2\n", "overrides.demand.starter_ages.under_1: 2: allowed 0 to 1"},
		{"interventions:\n  - type: ProfitCap\n    trigger: 3\n", "trigger: 3: allowed 0 to 1"},
	} {
		_, err := scenarios.Parse("f.yaml", []byte(tc.src))
		require.Error(t, err, tc.src)
		assert.Contains(t, err.Error(), tc.want)
	}
}
