package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/caremarket/caremarket/market"
)

// TestRun runs the example files of examples/scenarios at a small size:
// one run of England for one year (rising demand, which has no
// intervention) or two (the clawback cap, which starts in week 52).
func TestRun(t *testing.T) {
	for _, tc := range []struct {
		file  string
		years int
		check func(t *testing.T, r *result)
	}{
		{"rising-demand.yaml", 1, func(t *testing.T, r *result) {
			// 10% more children starting to be looked after.
			assert.Greater(t, r.Comparison.Diffs[0].Total[market.Arrivals].Mean, 0.0)
		}},
		{"profit-cap-clawback.yaml", 2, func(t *testing.T, r *result) {
			require.Len(t, r.Scenario.Interventions, 1)
			assert.Contains(t, r.Scenario.Interventions[0].Name(), "Clawback 8%")
		}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			if testing.Short() && tc.years > 1 {
				t.Skip("England for two years: not in -short")
			}
			if raceEnabled {
				t.Skip("England runs and eleven figures take over a minute under the race detector; the non-race pass runs them")
			}
			o := defaultOptions()
			o.File = filepath.Join("..", "scenarios", tc.file)
			o.Runs, o.Years = 1, tc.years
			o.Out = t.TempDir()
			var out bytes.Buffer
			o.Stdout, o.Progress = &out, nil
			res, err := run(context.Background(), o)
			require.NoError(t, err)
			require.Len(t, res.Comparison.Diffs, 1)
			assert.Equal(t, res.Scenario.Name, res.Comparison.Diffs[0].Scenario)
			assert.Equal(t, tc.years, res.Comparison.Baseline.Years)
			tc.check(t, res)
			text := out.String()
			for _, s := range []string{res.Scenario.Name + ": ", "Paired differences from baseline", "net public cost by financial year", "2023/24", "wrote"} {
				assert.Contains(t, text, s)
			}
			require.NotEmpty(t, res.Files)
			for _, f := range res.Files {
				st, err := os.Stat(f)
				require.NoError(t, err)
				assert.Greater(t, st.Size(), int64(1000), f)
			}
		})
	}
}

func TestBadFile(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	require.NoError(t, os.WriteFile(bad, []byte("name: bad\nextends: baseline\nyears: 0\n"), 0o644))
	o := defaultOptions()
	o.File, o.Stdout, o.Progress = bad, &bytes.Buffer{}, nil
	_, err := run(context.Background(), o)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "bad.yaml")
	o.File = filepath.Join(dir, "missing.yaml")
	_, err = run(context.Background(), o)
	assert.Error(t, err)
}
