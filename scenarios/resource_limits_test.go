package scenarios_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/caremarket/caremarket/internal/testkit"
	"github.com/caremarket/caremarket/market"
	"github.com/caremarket/caremarket/scenarios"
)

// TestLibraryRefusesOverLimits: through the library API (Scenario.Validate,
// Run, Ensemble and Collect), a horizon over 100 years and more than
// 1,000,000 runs are refused with a FieldError naming the field, before
// anything is sized from them: refusing allocates under 64 KB (one
// ensemble run's yearly values alone take 7 KB, and an ensemble keeps one
// record per run).
func TestLibraryRefusesOverLimits(t *testing.T) {
	// Not parallel: it measures allocations.
	cfg, err := scenarios.RegionalBaseline("North East")
	require.NoError(t, err)
	sc := func(years, runs int) *scenarios.Scenario {
		return &scenarios.Scenario{Name: "limits", Years: years, Runs: runs, Config: cfg}
	}
	ctx := context.Background()
	for _, tc := range []struct {
		name, field string
		call        func() error
	}{
		{"Validate 101 years", "years", func() error { return sc(101, 1).Validate() }},
		{"Validate 2^40 years", "years", func() error { return sc(1<<40, 1).Validate() }},
		{"Validate 1,000,001 runs", "runs", func() error { return sc(1, scenarios.MaxRuns+1).Validate() }},
		{"Validate negative runs", "runs", func() error { return sc(1, -1).Validate() }},
		{"Run 2^40 years", "years", func() error { _, err := scenarios.Run(ctx, sc(1<<40, 1), scenarios.RunOptions{}); return err }},
		{"Ensemble 2^40 years", "years", func() error {
			_, err := scenarios.Ensemble(ctx, sc(1<<40, 1), scenarios.EnsembleOptions{Runs: 2})
			return err
		}},
		{"Ensemble 1,000,001 runs", "runs", func() error {
			_, err := scenarios.Ensemble(ctx, sc(1, 1), scenarios.EnsembleOptions{Runs: scenarios.MaxRuns + 1})
			return err
		}},
		{"Collect 2^40 runs", "runs", func() error {
			_, err := scenarios.Collect(ctx, sc(1, 1), scenarios.EnsembleOptions{Runs: 1 << 40})
			return err
		}},
		{"Collect with a scenario of 2^40 runs", "runs", func() error {
			_, err := scenarios.Collect(ctx, sc(1, 1<<40), scenarios.EnsembleOptions{})
			return err
		}},
		{"Compare 2^40 runs", "runs", func() error {
			_, err := scenarios.Compare(ctx, sc(1, 1), []*scenarios.Scenario{sc(1, 1)}, scenarios.EnsembleOptions{Runs: 1 << 40})
			return err
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var err error
			n := testkit.Allocated(func() { err = tc.call() })
			require.Error(t, err)
			var fe *market.FieldError
			require.True(t, errors.As(err, &fe), "a *market.FieldError in %v", err)
			assert.Equal(t, tc.field, fe.Field, "%v", err)
			assert.Contains(t, fe.Allowed, "allowed 1 to")
			assert.Less(t, n, uint64(64<<10), "bytes allocated to refuse")
			t.Logf("%d bytes: %v", n, err)
		})
	}
}

// TestParseRefusesOverLimits: a scenario file's content over 2 MB is
// refused by Parse before it is parsed, and numbers over the limits are
// refused with the line and key (LoadFile's size check on disk, and files
// with more than 10,000 councils, are tested in file_test.go).
func TestParseRefusesOverLimits(t *testing.T) {
	// Not parallel: it measures allocations.
	big := []byte("name: big\n" + strings.Repeat("#", scenarios.MaxFileBytes))
	var err error
	n := testkit.Allocated(func() { _, err = scenarios.Parse("big.yaml", big) })
	require.Error(t, err)
	assert.Equal(t, "big.yaml: file is 2097162 bytes: scenario files may be at most 2097152 bytes (2 MB)", err.Error())
	assert.Less(t, n, uint64(64<<10), "bytes allocated to refuse")
	for _, tc := range []struct{ src, want string }{
		{"years: 1099511627776\n", "big.yaml:1: years: 1099511627776: allowed 1 to 100"},
		{"runs: 4611686018427387904\n", "big.yaml:1: runs: 4611686018427387904: allowed 1 to 1000000"},
		{"runs: -1\n", "big.yaml:1: runs: -1: allowed 1 to 1000000"},
		{"name: x\nyears: 0\n", "big.yaml:2: years: 0: allowed 1 to 100"},
	} {
		n := testkit.Allocated(func() { _, err = scenarios.Parse("big.yaml", []byte(tc.src)) })
		require.Error(t, err, tc.src)
		assert.Equal(t, tc.want, err.Error())
		// Nothing is sized from the refused number; the rest of the file
		// is still checked on the built-in it extends (about 1.5 MB), so
		// that one pass reports every problem.
		assert.Less(t, n, uint64(4<<20), "bytes allocated to refuse %q", tc.src)
	}
}
