package calibrate

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/caremarket/caremarket/scenarios"
)

// TestDemandMomentsIgnoreMarket checks the premise of the two-stage fit:
// with common random numbers, market parameters leave the demand moments
// exactly as they were.
func TestDemandMomentsIgnoreMarket(t *testing.T) {
	base, err := scenarios.RegionalBaseline("North East")
	require.NoError(t, err)
	var changed []Setting
	for _, p := range MarketParams() {
		changed = append(changed, p.Settings(base, p.Lo+0.8*(p.Hi-p.Lo))...)
	}
	alt, err := Apply(base, changed)
	require.NoError(t, err)
	s := sim{seed: 3, runs: 1, years: 1, workers: 1}
	a, err := s.run(context.Background(), base, nil)
	require.NoError(t, err)
	b, err := s.run(context.Background(), alt, nil)
	require.NoError(t, err)
	for _, m := range Moments() {
		va, vb := m.Value(a.results[0]), m.Value(b.results[0])
		if m.Stage == 1 {
			assert.Equal(t, va, vb, "demand moment %s moved with market parameters", m.Name)
		}
	}
	// And the market moments do move (the test has teeth).
	moved := false
	for _, m := range Moments() {
		if m.Stage == 2 && m.Years == 1 && m.Value(a.results[0]) != m.Value(b.results[0]) {
			moved = true
		}
	}
	assert.True(t, moved)
}

func TestSensitivityDeterministic(t *testing.T) {
	if testing.Short() {
		t.Skip("runs regional markets")
	}
	cfg, err := scenarios.RegionalBaseline("North East")
	require.NoError(t, err)
	run := func(workers int) *SensitivityResult {
		_, err := Sensitivity(context.Background(), DesignOptions{Config: cfg, Points: 4, Runs: 1, Years: 1, Seed: 5, Workers: workers})
		require.ErrorContains(t, err, "points = 4")
		r, err := Sensitivity(context.Background(), DesignOptions{Config: cfg, Points: MinSensitivityPoints(), Runs: 1, Years: 1, Seed: 5, Workers: workers})
		require.NoError(t, err)
		return r
	}
	a, b := run(1), run(3)
	assert.Equal(t, a.X, b.X)
	assert.Equal(t, a.Y, b.Y)
}
