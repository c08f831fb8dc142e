package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/caremarket/caremarket/calibrate"
	"github.com/caremarket/caremarket/internal/testkit"
)

// sweepArgs is a small sweep: the North East market (-quick), the fewest
// points the regression allows and 2 robustness points × every built-in,
// 1 run of 2 years each.
var sweepArgs = []string{"-quick", "-points", strconv.Itoa(calibrate.MinSensitivityPoints()), "-robust-points", "2", "-runs", "1", "-years", "2"}

// sensitivity runs `caremarket sensitivity` with sweepArgs and extra.
func sensitivity(t *testing.T, extra ...string) (stdout, stderr string) {
	t.Helper()
	var o, e bytes.Buffer
	code := sensitivityCommand(context.Background(), append(append([]string{}, sweepArgs...), extra...), &o, &e)
	require.Equal(t, 0, code, "stderr:\n%s", e.String())
	return o.String(), e.String()
}

// dirFiles returns the names of the files in dir, sorted.
func dirFiles(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	require.NoError(t, err)
	var out []string
	for _, e := range es {
		out = append(out, e.Name())
	}
	sort.Strings(out)
	return out
}

// TestSweepShardsMergeByteIdentical runs a sweep in one process and as 3
// shards (with different numbers of workers), merges the shards, and
// checks that every file the merge writes is byte-identical to the one
// process's, and the tables it prints too. It then checks the merge's
// refusals: a missing shard, a shard given twice, shards of different
// sweeps (naming the field), another number of shards, a damaged shard,
// and ensemble and sweep shards mixed.
func TestSweepShardsMergeByteIdentical(t *testing.T) {
	testkit.SkipShort(t, "runs about 150 regional markets")
	dir := t.TempDir()
	whole := filepath.Join(dir, "whole")
	wholeOut, _ := sensitivity(t, "-out", whole)
	shards := filepath.Join(dir, "shards")
	for k := 1; k <= 3; k++ {
		flag := []string{"-shard", fmt.Sprintf("%d/3", k)}
		if k == 2 {
			flag = []string{"-shard-index", "1/3"} // the same shard, counted from 0
		}
		out, _ := sensitivity(t, append(flag, "-out", shards, "-workers", fmt.Sprint(1+k%2))...)
		assert.Contains(t, out, fmt.Sprintf("sweep-%d-of-3.gob.gz", k))
	}
	require.Equal(t, []string{"sweep-1-of-3.gob.gz", "sweep-2-of-3.gob.gz", "sweep-3-of-3.gob.gz"}, dirFiles(t, shards))

	merged := filepath.Join(dir, "merged")
	code, mergedOut, errOut := cli(t, "merge", "-out", merged, shards)
	require.Equal(t, 0, code, errOut)
	want := []string{"robustness.csv", "robustness.json", "robustness.md", "robustness_points.csv", "robustness_src.csv", "sensitivity.csv", "sensitivity.md", "src.csv", "tornado.png"}
	require.Equal(t, want, dirFiles(t, whole))
	require.Equal(t, want, dirFiles(t, filepath.Join(merged, "sensitivity")))
	assertSameFiles(t, whole, filepath.Join(merged, "sensitivity"), want...)
	tables, _, ok := strings.Cut(wholeOut, "\nWrote:")
	require.True(t, ok)
	assert.True(t, strings.HasPrefix(mergedOut, tables), "merge prints the tables of one process")
	assert.Contains(t, mergedOut, "merged 3 shard files")
	csv, err := os.ReadFile(filepath.Join(whole, "sensitivity.csv"))
	require.NoError(t, err)
	assert.Equal(t, calibrate.MinSensitivityPoints()+1, strings.Count(string(csv), "\n"), "a header and one line a point")

	t.Run("refusals", func(t *testing.T) { sweepMergeRefusals(t, dir, shards) })
}

// sweepMergeRefusals checks that merge refuses bad sets of sweep shards
// with exit status 2 and an error naming what is wrong.
func sweepMergeRefusals(t *testing.T, dir, shards string) {
	shard := func(k int) string { return filepath.Join(shards, fmt.Sprintf("sweep-%d-of-3.gob.gz", k)) }
	other := func(name string, args ...string) string {
		d := filepath.Join(dir, name)
		sensitivity(t, append([]string{"-out", d}, args...)...)
		return d
	}
	// The fields are compared in a fixed order (the number of shards and
	// the sensitivity design before the robustness analysis), so these
	// shards skip the robustness runs to save time.
	seed2 := other("seed2", "-shard", "3/3", "-seed", "2", "-skip-robustness")
	noRobust := other("norobust", "-shard", "3/3", "-skip-robustness")
	halves := other("halves", "-shard", "1/2", "-skip-robustness")
	copyDir := filepath.Join(dir, "copy")
	require.NoError(t, os.MkdirAll(copyDir, 0o755))
	b, err := os.ReadFile(shard(2))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(copyDir, "sweep-2-of-3.gob.gz"), b, 0o644))
	damaged := filepath.Join(dir, "damaged")
	require.NoError(t, os.MkdirAll(damaged, 0o755))
	bad := append([]byte{}, b...)
	bad[len(bad)/2] ^= 0x40
	require.NoError(t, os.WriteFile(filepath.Join(damaged, "sweep-3-of-3.gob.gz"), bad, 0o644))
	// An ensemble shard among sweep shards, and one renamed as a sweep shard.
	ens := filepath.Join(dir, "ens")
	code, _, errOut := cli(t, "run", "-quiet", "-runs", "2", "-shard", "1/2", "-out", ens, neFile(t, dir))
	require.Equal(t, 0, code, errOut)
	ensFile := filepath.Join(ens, "ne", "shard-1-of-2.gob.gz")
	renamed := filepath.Join(dir, "renamed")
	require.NoError(t, os.MkdirAll(renamed, 0o755))
	eb, err := os.ReadFile(ensFile)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(renamed, "sweep-3-of-3.gob.gz"), eb, 0o644))

	cases := []struct {
		name  string
		paths []string
		want  string
	}{
		{"missing shard", []string{shard(1), shard(2)}, "missing shards include 3/3"},
		{"duplicate shard", []string{shards, copyDir}, "sweep shard 2/3 is given twice"},
		{"other seed", []string{shard(1), shard(2), seed2}, "field sensitivity seed (-seed) is 2 in sweep shard 3/3 ("},
		{"robustness skipped", []string{shard(1), shard(2), noRobust}, "field robustness analysis (-skip-robustness) is false in sweep shard 3/3 ("},
		{"other number of shards", []string{shard(1), shard(2), halves}, "field number of shards N (-shard K/N) is 2 in sweep shard 1/2 ("},
		{"damaged shard", []string{shard(1), shard(2), damaged}, "damaged"},
		{"ensemble shard renamed", []string{shard(1), shard(2), renamed}, `sweep shard format "caremarket-shard/2"`},
		{"ensemble and sweep shards", []string{shards, ens}, "merge each kind on its own"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errOut := cli(t, append([]string{"merge", "-out", filepath.Join(dir, "refused")}, tc.paths...)...)
			assert.Equal(t, 2, code)
			assert.Contains(t, errOut, tc.want)
			assert.NoDirExists(t, filepath.Join(dir, "refused"), "a refused merge writes nothing")
		})
	}
}
