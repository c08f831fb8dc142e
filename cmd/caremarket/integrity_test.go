package main

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/caremarket/caremarket/scenarios"
)

// TestMergeRefusesDamagedShards (issue 15 item 1): a shard with one bit
// flipped in its compressed body, or with data after its end, makes merge
// exit 2 and write nothing; the intact shards merge.
func TestMergeRefusesDamagedShards(t *testing.T) {
	dir := t.TempDir()
	ne := neFile(t, dir)
	shards := filepath.Join(dir, "shards")
	for _, k := range []string{"1/3", "2/3", "3/3"} {
		code, _, stderr := cli(t, "run", "-quiet", "-runs", "6", "-shard", k, "-out", shards, ne)
		require.Equal(t, exitOK, code, stderr)
	}
	second := filepath.Join(shards, "ne", "shard-2-of-3.gob.gz")
	good, err := os.ReadFile(second)
	require.NoError(t, err)
	flipped := append([]byte{}, good...)
	flipped[len(flipped)/2] ^= 0x10
	for name, data := range map[string][]byte{
		"bit flipped in the compressed body": flipped,
		"trailing garbage":                   append(append([]byte{}, good...), "garbage"...),
	} {
		require.NoError(t, os.WriteFile(second, data, 0o644))
		out := filepath.Join(dir, "merged")
		code, _, stderr := cli(t, "merge", "-quiet", "-out", out, shards)
		assert.Equal(t, exitUsage, code, "%s: %s", name, stderr)
		assert.Contains(t, stderr, "shard-2-of-3.gob.gz", name)
		assert.NoDirExists(t, out, name)
	}
	require.NoError(t, os.WriteFile(second, good, 0o644))
	code, _, stderr := cli(t, "merge", "-quiet", "-out", filepath.Join(dir, "merged"), shards)
	require.Equal(t, exitOK, code, stderr)
}

// TestOutputsReplaceOnlyWhatCaremarketWrote (issue 15 item 2): run and
// compare refuse, before running, an OUT/NAME holding files caremarket did
// not write, and leave it intact; merge refuses to replace the directory
// that holds the shards it merges.
func TestOutputsReplaceOnlyWhatCaremarketWrote(t *testing.T) {
	dir := t.TempDir()
	ne := neFile(t, dir)
	precious := func(path string) {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, []byte("years of work"), 0o644))
	}
	intact := func(path string) {
		b, err := os.ReadFile(path)
		require.NoError(t, err)
		assert.Equal(t, "years of work", string(b))
	}
	home := filepath.Join(dir, "home")
	thesis := filepath.Join(home, "ne", "thesis.txt")
	precious(thesis)
	start := time.Now()
	code, _, stderr := cli(t, "run", "-quiet", "-runs", "50", "-out", home, ne)
	assert.Equal(t, exitUsage, code, stderr)
	assert.Contains(t, stderr, "not replacing")
	assert.Contains(t, stderr, `"thesis.txt"`)
	assert.Less(t, time.Since(start), 5*time.Second, "refused before running 50 runs")
	intact(thesis)

	w := filepath.Join(dir, "w")
	mine := filepath.Join(w, scenarios.CompareDir, "mine.txt")
	precious(mine)
	code, _, stderr = cli(t, "compare", "-quiet", "-runs", "2", "-out", w, ne, ne)
	assert.Equal(t, exitUsage, code, stderr)
	intact(mine)

	out := filepath.Join(dir, "out")
	for _, k := range []string{"1/2", "2/2"} {
		code, _, stderr := cli(t, "run", "-quiet", "-shard", k, "-out", out, ne)
		require.Equal(t, exitOK, code, stderr)
	}
	before := dirTree(t, out)
	code, _, stderr = cli(t, "merge", "-quiet", "-out", out, out)
	assert.Equal(t, exitUsage, code, stderr)
	assert.Contains(t, stderr, "one of the shard files being merged")
	assert.Equal(t, before, dirTree(t, out), "the shards are intact")
}

// savedComparison writes a small saved comparison (as report does) and
// returns its compare directory.
func savedComparison(t *testing.T, dir string) string {
	t.Helper()
	base, capped := neFiles(t, dir)
	out := filepath.Join(dir, "saved")
	code, _, stderr := cli(t, "report", "-runs", "2", "-quiet", "-out", out, base, capped)
	require.Equal(t, exitOK, code, stderr)
	return filepath.Join(out, scenarios.CompareDir)
}

// copyDir copies the regular files of src into a new directory dst.
func copyDir(t *testing.T, src, dst string) {
	t.Helper()
	require.NoError(t, os.MkdirAll(dst, 0o755))
	ents, err := os.ReadDir(src)
	require.NoError(t, err)
	for _, e := range ents {
		if e.Type().IsRegular() {
			b, err := os.ReadFile(filepath.Join(src, e.Name()))
			require.NoError(t, err)
			require.NoError(t, os.WriteFile(filepath.Join(dst, e.Name()), b, 0o644))
		}
	}
}

// TestReportRefusesDevicesAndHugeInputs (issue 15 item 3, reads): report
// refuses at once, with exit 2, a -sensitivity or saved file that is
// /dev/zero or larger than its cap, instead of reading it.
func TestReportRefusesDevicesAndHugeInputs(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no /dev/zero")
	}
	dir := t.TempDir()
	saved := savedComparison(t, dir)
	check := func(name string, args ...string) {
		t.Helper()
		start := time.Now()
		code, _, stderr := cli(t, args...)
		assert.Equal(t, exitUsage, code, "%s: %s", name, stderr)
		assert.Contains(t, stderr, "is not a regular file", name)
		assert.Less(t, time.Since(start), 5*time.Second, name)
	}
	check("-sensitivity /dev/zero", "report", "-from", saved, "-out", filepath.Join(dir, "r"), "-sensitivity", "/dev/zero")
	for _, f := range []string{scenarios.SummaryFile, scenarios.RunValuesFile, scenarios.WarningsFile, scenarios.ManifestFile} {
		bad := filepath.Join(dir, "bad-"+f)
		copyDir(t, saved, bad)
		require.NoError(t, os.Remove(filepath.Join(bad, f)))
		require.NoError(t, os.Symlink("/dev/zero", filepath.Join(bad, f)))
		check(f+" -> /dev/zero", "report", "-from", bad, "-out", filepath.Join(dir, "r"))
	}
	// A sparse 2 GB summary.json is refused by its size, unread.
	huge := filepath.Join(dir, "huge")
	copyDir(t, saved, huge)
	require.NoError(t, os.Truncate(filepath.Join(huge, scenarios.SummaryFile), 2<<30))
	code, _, stderr := cli(t, "report", "-from", huge, "-out", filepath.Join(dir, "r"))
	assert.Equal(t, exitUsage, code, stderr)
	assert.Contains(t, stderr, "larger than")
}

// TestReportEscapesControlBytes (issue 15 item 6): a saved manifest whose
// caremarket_version holds ESC, BEL and CR is printed with them escaped.
func TestReportEscapesControlBytes(t *testing.T) {
	dir := t.TempDir()
	saved := savedComparison(t, dir)
	p := filepath.Join(saved, scenarios.ManifestFile)
	b, err := os.ReadFile(p)
	require.NoError(t, err)
	man := string(b)
	i := strings.Index(man, `"caremarket_version": "`)
	require.GreaterOrEqual(t, i, 0)
	j := i + len(`"caremarket_version": "`)
	k := j + strings.Index(man[j:], `"`)
	man = man[:j] + `v1\u001b]0;pwned\u0007\rfake` + man[k:]
	require.NoError(t, os.WriteFile(p, []byte(man), 0o644))
	code, _, stderr := cli(t, "report", "-from", saved, "-out", filepath.Join(dir, "r"))
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stderr, `v1\x1b]0;pwned\a\rfake`)
	assert.NotContains(t, stderr, "\x1b")
	assert.NotContains(t, stderr, "\a")
	assert.NotContains(t, stderr, "\r")
}

// TestLongValuesAreClippedInErrors (issue 15 item 6): a 100,000-character
// scenario name or file name gives an error of a few hundred bytes.
func TestLongValuesAreClippedInErrors(t *testing.T) {
	dir := t.TempDir()
	long := strings.Repeat("x", 100_000)
	f := filepath.Join(dir, "long.yaml")
	require.NoError(t, os.WriteFile(f, []byte("name: "+long+"\nyears: 1\n"), 0o644))
	for _, args := range [][]string{{"run", "-quiet", "-out", dir, long}, {"validate", long}, {"validate", f}, {"merge", "-out", dir, long}} {
		code, _, stderr := cli(t, args...)
		assert.Equal(t, exitUsage, code)
		assert.Less(t, len(stderr), 1000, "%s: %.300s", args[0], stderr)
		assert.Contains(t, stderr, "100000 characters")
	}
}
