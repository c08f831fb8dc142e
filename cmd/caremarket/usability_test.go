package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestZeroIsRefusedNotDefaulted: -runs 0, -years 0 and -weekly-runs 0 were
// taken silently as "the default"; given explicitly they are out of range
// like -runs -3.
func TestZeroIsRefusedNotDefaulted(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"run", "-runs", "0", "baseline"}, "-runs 0: allowed 1 to 1000000"},
		{[]string{"run", "-years=0", "baseline"}, "-years 0: allowed 1 to 100"},
		{[]string{"compare", "-runs", "0"}, "-runs 0: allowed 1 to 1000000"},
		{[]string{"compare", "-weekly-runs", "0"}, "-weekly-runs 0: allowed 1 to 1000000"},
		{[]string{"report", "-years", "0"}, "-years 0: allowed 1 to 100"},
		{[]string{"run", "-runs", "-3", "baseline"}, "-runs -3: allowed 1 to 1000000"},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			code, _, stderr := cli(t, tc.args...)
			assert.Equal(t, exitUsage, code)
			assert.Contains(t, stderr, tc.want)
		})
	}
}

// TestHelpNamesEveryCommand: an unknown command lists them all, and
// "help NAME" prints NAME's own usage.
func TestHelpNamesEveryCommand(t *testing.T) {
	code, _, stderr := cli(t, "frobnicate")
	assert.Equal(t, exitUsage, code)
	for _, c := range commands {
		assert.Contains(t, stderr, c)
	}
	for _, tc := range []struct{ name, want string }{
		{"run", "Usage: caremarket run [flags] SCENARIO"},
		{"compare", "Usage: caremarket compare [flags] SCENARIO..."},
		{"merge", "Usage: caremarket merge"},
		{"validate", "Usage: caremarket validate FILE..."},
		{"report", "Usage: caremarket report [flags] SCENARIO..."},
		{"version", "Usage: caremarket version"},
	} {
		code, stdout, _ := cli(t, "help", tc.name)
		assert.Equal(t, exitOK, code, tc.name)
		assert.Contains(t, stdout, tc.want, tc.name)
	}
	code, stdout, _ := cli(t, "-h")
	assert.Equal(t, exitOK, code)
	assert.Contains(t, stdout, "docs/outputs.md")
	assert.NotContains(t, stdout, "outputs in README.md")
}

// TestRunPrintsHeadlineFigures: run prints a table of first- and last-year
// figures with 5-95% bands, counts with thousands separators, and no
// "1 runs" or "1 years".
func TestRunPrintsHeadlineFigures(t *testing.T) {
	dir := t.TempDir()
	f := neFile(t, dir)
	code, stdout, stderr := cli(t, "run", "-quiet", "-runs", "2", "-years", "2", "-out", filepath.Join(dir, "out"), f)
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stdout, "mean of 2 runs [5–95% of runs]")
	assert.Contains(t, stdout, "2023/24")
	assert.Contains(t, stdout, "2024/25")
	assert.Regexp(t, `spend_gbp\s+£[0-9.,]+[mbn]+ \[£[0-9.,]+[mbn]+ – £[0-9.,]+[mbn]+\]`, stdout)

	code, stdout, stderr = cli(t, "run", "-quiet", "-runs", "1", "-years", "1", "-out", filepath.Join(dir, "out1"), f)
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stdout, "mean of 1 run;")
	assert.Contains(t, stdout, "1 run, 1 year from")
	assert.NotContains(t, stdout, "[", "no band from one run")
}

// TestCompareTableGroupsDigitsAndNeedsTwoRunsForAnInterval: compare's
// table writes thousands separators and prints no interval from one run.
func TestCompareTableGroupsDigitsAndNeedsTwoRunsForAnInterval(t *testing.T) {
	dir := t.TempDir()
	f := neFile(t, dir)
	code, stdout, stderr := cli(t, "compare", "-quiet", "-runs", "1", "-years", "1", "-out", filepath.Join(dir, "one"), f, f)
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stdout, "(1 run; mean; one run gives no interval)")
	assert.Contains(t, stdout, "over 1 year ")
	assert.NotContains(t, stdout, "[")
}

// TestRepeatedCommandsReplaceTheirOwnOutputs: running compare, report and
// run again into the same -out replaces what the first run wrote (figures
// in plots/ included, which the manifest lists), while a file of the user's
// put among them makes the next run refuse and leaves it alone.
func TestRepeatedCommandsReplaceTheirOwnOutputs(t *testing.T) {
	dir := t.TempDir()
	f := neFile(t, dir)
	out := filepath.Join(dir, "out")
	for i := range 2 {
		for _, args := range [][]string{
			{"compare", "-quiet", "-runs", "2", "-years", "1", "-out", out, f, f},
			{"report", "-quiet", "-runs", "2", "-years", "1", "-out", out, f, f},
			{"run", "-quiet", "-runs", "2", "-years", "1", "-out", out, f},
		} {
			code, _, stderr := cli(t, args...)
			require.Equal(t, exitOK, code, "pass %d, %s: %s", i+1, args[0], stderr)
		}
	}
	mine := filepath.Join(out, "compare", "plots", "mine.txt")
	require.NoError(t, os.WriteFile(mine, []byte("mine"), 0o644))
	code, _, stderr := cli(t, "compare", "-quiet", "-runs", "2", "-years", "1", "-out", out, f, f)
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, `"plots/mine.txt"`)
	b, err := os.ReadFile(mine)
	require.NoError(t, err)
	assert.Equal(t, "mine", string(b))
}
