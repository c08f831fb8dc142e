package scenarios_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/caremarket/caremarket/internal/testkit"
	"github.com/caremarket/caremarket/market"
	"github.com/caremarket/caremarket/scenarios"
)

// faultAt is an intervention that fails when it starts (at its start week,
// e.g. 60: in the second year), by returning an error or by panicking.
type faultAt struct {
	scenarios.Start
	panics bool
}

func (*faultAt) Name() string      { return "Fault" }
func (*faultAt) Touches() []string { return nil }
func (f *faultAt) Apply(w *market.World) error {
	if f.panics {
		var m map[string]int
		m["boom"]++ // a nil-map write: a bug of the kind a researcher's intervention might have
	}
	return errors.New("injected failure in year 2")
}

// tree returns every file under dir with its content, and every directory.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	return testkit.Tree(t, dir, func(b []byte) string { return string(b) })
}

// TestFailedOrCancelledRunsLeaveEarlierResults: with results of a scenario
// already exported, a new ensemble of it that fails in its second year
// (an intervention returning an error, or panicking), or that is cancelled
// part-way, returns an error before anything is written, as the command
// line does: Collect fails, so Export is never reached. The earlier files
// are byte for byte as they were, and no temporary file is left.
func TestFailedOrCancelledRunsLeaveEarlierResults(t *testing.T) {
	t.Parallel()
	out := t.TempDir()
	sc := neScenario(t, 2)
	a, err := scenarios.Collect(context.Background(), sc, scenarios.EnsembleOptions{Runs: 2})
	require.NoError(t, err)
	_, err = a.Export(out, scenarios.ExportOptions{})
	require.NoError(t, err)
	before := tree(t, out)
	require.Contains(t, before, filepath.Join("ne", scenarios.SummaryFile))

	collectAndExport := func(ctx context.Context, sc *scenarios.Scenario, opts scenarios.EnsembleOptions) error {
		a, err := scenarios.Collect(ctx, sc, opts)
		if err != nil {
			return err
		}
		_, err = a.Export(out, scenarios.ExportOptions{})
		return err
	}
	for _, panics := range []bool{false, true} {
		bad := neScenario(t, 2)
		bad.Interventions = []scenarios.Intervention{&faultAt{Start: scenarios.Start{Week: 60}, panics: panics}}
		err := collectAndExport(context.Background(), bad, scenarios.EnsembleOptions{Runs: 4, Workers: 2})
		var re *scenarios.RunError
		require.ErrorAs(t, err, &re, "panics %v", panics)
		assert.Equal(t, 0, re.Run)
		if panics {
			assert.ErrorContains(t, err, "internal error (please report it): assignment to entry in nil map")
		} else {
			assert.ErrorContains(t, err, "injected failure in year 2")
		}
		assert.Equal(t, before, tree(t, out), "panics %v: the earlier results changed", panics)
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var calls atomic.Int32
	err = collectAndExport(ctx, neScenario(t, 2), scenarios.EnsembleOptions{Runs: 40, Workers: 2, Progress: func(done, total int) {
		if calls.Add(1) == 1 {
			cancel()
		}
	}})
	var ce *scenarios.CancelledError
	require.ErrorAs(t, err, &ce)
	assert.Less(t, ce.Done, 40)
	assert.Equal(t, before, tree(t, out), "cancelled: the earlier results changed")
}

// TestFailedComparisonExportLeavesEarlierResults: a comparison export that
// fails at its last step (here the figures) leaves the earlier comparison
// as it was, with no temporary directory beside it; one that completes
// replaces it whole.
func TestFailedComparisonExportLeavesEarlierResults(t *testing.T) {
	t.Parallel()
	c, parts := collectedComparison(t, 1.2)
	out := t.TempDir()
	_, err := scenarios.ExportComparison(out, c, parts, scenarios.ExportComparisonOptions{Extra: func(dir string, _ *scenarios.Comparison) error {
		return os.WriteFile(filepath.Join(dir, "figure.txt"), []byte("first"), 0o644)
	}})
	require.NoError(t, err)
	before := tree(t, out)
	_, err = scenarios.ExportComparison(out, c, parts, scenarios.ExportComparisonOptions{Extra: func(dir string, _ *scenarios.Comparison) error {
		require.NoError(t, os.WriteFile(filepath.Join(dir, "figure.txt"), []byte("second"), 0o644))
		return errors.New("no space left on device")
	}})
	require.ErrorContains(t, err, "no space left on device")
	assert.Equal(t, before, tree(t, out))
	_, err = scenarios.ExportComparison(out, c, parts, scenarios.ExportComparisonOptions{})
	require.NoError(t, err)
	after := tree(t, out)
	assert.NotContains(t, after, filepath.Join(scenarios.CompareDir, "figure.txt"), "a complete export replaces the directory whole")
	assert.Equal(t, before[filepath.Join(scenarios.CompareDir, scenarios.SummaryFile)], after[filepath.Join(scenarios.CompareDir, scenarios.SummaryFile)])
}

// TestExportIntoUnusableDirectories: an output directory that cannot be
// made (a file stands in the way) or a file where the result would go is
// an error naming the path; nothing is touched.
func TestExportIntoUnusableDirectories(t *testing.T) {
	t.Parallel()
	a, err := scenarios.Collect(context.Background(), neScenario(t, 1), scenarios.EnsembleOptions{Runs: 1})
	require.NoError(t, err)
	root := t.TempDir()
	blocker := filepath.Join(root, "file")
	require.NoError(t, os.WriteFile(blocker, []byte("keep"), 0o644))
	_, err = a.Export(filepath.Join(blocker, "out"), scenarios.ExportOptions{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), blocker)

	// A file where the scenario's directory would go was not written by
	// caremarket: it is refused and left as it was (issue 15 item 2).
	out := filepath.Join(root, "out")
	require.NoError(t, os.MkdirAll(out, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(out, "ne"), []byte("a file"), 0o644))
	_, err = a.Export(out, scenarios.ExportOptions{})
	var fe *scenarios.ForeignDirError
	require.ErrorAs(t, err, &fe)
	b, err := os.ReadFile(filepath.Join(out, "ne"))
	require.NoError(t, err)
	assert.Equal(t, "a file", string(b))
	b, err = os.ReadFile(blocker)
	require.NoError(t, err)
	assert.Equal(t, "keep", string(b))
}
