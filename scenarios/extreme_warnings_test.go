package scenarios_test

// Extreme scenarios warn the adviser (issue 10: "with clear warnings where
// meaningful"): a shortage far beyond the calibration (zero capacity, ten
// times the arrivals), providers leaving en masse, and a horizon far past the
// calibration.

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/caremarket/caremarket/scenarios"
)

func TestExtremeScenariosWarn(t *testing.T) {
	want := map[string]bool{"zero capacity": true, "ten times the arrival rate": true, "every provider exits in one year": true, "50-year horizon": true}
	for _, tc := range extremeCases() {
		if !want[tc.name] {
			continue
		}
		t.Run(tc.name, func(t *testing.T) {
			cfg, err := scenarios.RegionalBaseline("North East")
			require.NoError(t, err)
			if tc.config != nil {
				tc.config(cfg)
			}
			sc := &scenarios.Scenario{Name: "extreme", Seed: 3, Years: tc.years, Config: cfg}
			if tc.ivs != nil {
				sc.Interventions = tc.ivs()
			}
			res, err := scenarios.Run(context.Background(), sc, scenarios.RunOptions{})
			require.NoError(t, err)
			assert.NotEmpty(t, res.Warnings, "%s: no warning for the adviser", tc.name)
		})
	}
}
