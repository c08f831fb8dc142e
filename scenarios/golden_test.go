package scenarios_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/caremarket/caremarket/internal/testkit"
	"github.com/caremarket/caremarket/scenarios"
)

var update = flag.Bool("update", false, "rewrite the golden summary testdata/golden/baseline-2runs-2years.summary.json")

// goldenFile is the summary.json of the England baseline, 2 runs of 2
// years, seed 1.
var goldenFile = filepath.Join("testdata", "golden", "baseline-2runs-2years.summary.json")

// TestBaselineGolden guards against accidental changes of behaviour: the
// summary.json of the built-in England baseline (2 runs of 2 years, its
// seed) must equal testdata/golden byte for byte. Any change to the engine,
// the baseline data or its calibration that moves a number fails it; when
// the change is meant, regenerate the file on purpose with -update and
// commit it with the change.
func TestBaselineGolden(t *testing.T) {
	testkit.SkipShort(t, "runs the England baseline (a few seconds); skipped with -short")
	if runtime.GOARCH != "amd64" {
		// Go may fuse a*b+c into one rounding on other architectures
		// (arm64, ppc64, s390x), which can move the last bits.
		t.Skipf("the golden summary was made on amd64; this is %s", runtime.GOARCH)
	}
	sc, err := scenarios.Builtin("baseline")
	require.NoError(t, err)
	sc.Years = 2
	s, err := scenarios.Ensemble(context.Background(), sc, scenarios.EnsembleOptions{Runs: 2, Workers: 2})
	require.NoError(t, err)
	got := summaryJSON(t, s)
	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(goldenFile), 0o755))
		require.NoError(t, os.WriteFile(goldenFile, got, 0o644))
		t.Logf("wrote %s (%d bytes)", goldenFile, len(got))
		return
	}
	want, err := os.ReadFile(goldenFile)
	require.NoError(t, err, "no golden summary: make it with go test ./scenarios -run TestBaselineGolden -update")
	if !bytes.Equal(got, want) {
		t.Fatalf("the England baseline's summary.json (2 runs of 2 years, seed %d) differs from %s:\n%s\n"+
			"If the change is meant (a change to the model, to scenarios/data/*.yaml or a new calibration in "+
			"scenarios/data/calibration.yaml), regenerate the golden file on purpose and commit it with the change:\n"+
			"  go test ./scenarios -run TestBaselineGolden -update",
			sc.Seed, goldenFile, jsonDifferences(got, want, 12))
	}
}

// jsonDifferences lists up to n leaves (by path) whose values differ
// between two JSON documents, as "path: got X, golden Y".
func jsonDifferences(got, want []byte, n int) string {
	var g, w any
	if json.Unmarshal(got, &g) != nil || json.Unmarshal(want, &w) != nil {
		return "  (one of the two is not valid JSON)"
	}
	var out []string
	var walk func(path string, a, b any)
	walk = func(path string, a, b any) {
		switch av := a.(type) {
		case map[string]any:
			bv, ok := b.(map[string]any)
			if !ok {
				out = append(out, fmt.Sprintf("  %s: got an object, golden %v", path, b))
				return
			}
			keys := map[string]bool{}
			for k := range av {
				keys[k] = true
			}
			for k := range bv {
				keys[k] = true
			}
			var ks []string
			for k := range keys {
				ks = append(ks, k)
			}
			sort.Strings(ks)
			for _, k := range ks {
				walk(path+"."+k, av[k], bv[k])
			}
		case []any:
			bv, ok := b.([]any)
			if !ok || len(av) != len(bv) {
				out = append(out, fmt.Sprintf("  %s: got %d items, golden %v", path, len(av), b))
				return
			}
			for i := range av {
				walk(fmt.Sprintf("%s[%d]", path, i), av[i], bv[i])
			}
		default:
			if fmt.Sprint(a) != fmt.Sprint(b) {
				out = append(out, fmt.Sprintf("  %s: got %v, golden %v", path, a, b))
			}
		}
	}
	walk("", g, w)
	if len(out) == 0 {
		return "  (the same values, written differently)"
	}
	more := ""
	if len(out) > n {
		more = fmt.Sprintf("\n  … and %d more", len(out)-n)
		out = out[:n]
	}
	return strings.Join(out, "\n") + more
}

// TestReplicatedBaselineRenames: the first copy of England keeps its
// names; the second names its regions, their neighbours and its
// co-operatives "… #2", its councils' codes "…-2", and its co-operatives'
// members by those codes.
func TestReplicatedBaselineRenames(t *testing.T) {
	base, err := scenarios.Baseline()
	require.NoError(t, err)
	cfg, err := scenarios.ReplicatedBaseline(2)
	require.NoError(t, err)
	nr, nc, np := len(base.Regions), len(base.Councils), len(base.Coops)
	require.Len(t, cfg.Regions, 2*nr)
	require.Len(t, cfg.Councils, 2*nc)
	require.Len(t, cfg.Coops, 2*np)
	r, b := cfg.Regions[nr], base.Regions[0]
	require.Equal(t, b.Name, cfg.Regions[0].Name, "the first copy keeps the names")
	require.Equal(t, b.Adjacent, cfg.Regions[0].Adjacent)
	require.Equal(t, b.Name+" #2", r.Name)
	require.Len(t, r.Adjacent, len(b.Adjacent))
	for j, a := range b.Adjacent {
		require.Equal(t, a+" #2", r.Adjacent[j])
	}
	require.Equal(t, base.Councils[0].Code+"-2", cfg.Councils[nc].Code)
	if np > 0 {
		cp, bp := cfg.Coops[np], base.Coops[0]
		require.Equal(t, bp.Name+" #2", cp.Name)
		require.Len(t, cp.Members, len(bp.Members))
		for j, m := range bp.Members {
			require.Equal(t, m+"-2", cp.Members[j])
		}
	}
}
