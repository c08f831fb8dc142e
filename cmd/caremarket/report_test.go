package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/caremarket/caremarket/scenarios"
)

func TestParseReportArgs(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want func(*reportCommand) bool
	}{
		{nil, func(c *reportCommand) bool {
			return c.name == "report" && len(c.args) == 0 && c.out == "out" && c.from == ""
		}},
		{[]string{"-runs", "3", "a", "b", "-years", "2", "-quiet"}, func(c *reportCommand) bool {
			return c.runs == 3 && c.years == 2 && c.quiet && len(c.args) == 2 && !c.outSet
		}},
		{[]string{"-from", "out", "-title", "T", "-sensitivity", "s.csv", "-out", "x"}, func(c *reportCommand) bool {
			return c.from == "out" && c.title == "T" && c.sensitivity == "s.csv" && c.out == "x" && c.outSet
		}},
		{[]string{"-seed", "0", "a", "b"}, func(c *reportCommand) bool { return c.seedSet && c.seed == 0 }},
		{[]string{"-h"}, func(c *reportCommand) bool {
			return c.name == "help" && strings.Contains(c.help, "caremarket report [flags] SCENARIO...") && strings.Contains(c.help, "-from DIR")
		}},
	} {
		c, err := parseReportArgs(tc.args)
		require.NoError(t, err, "%q", tc.args)
		assert.True(t, tc.want(c), "%q: %+v", tc.args, c)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"baseline"}, "at least one alternative"},
		{[]string{"-from", "out", "a", "b"}, "give no scenarios"},
		{[]string{"-from", "out", "-runs", "3"}, "-runs only applies"},
		{[]string{"-from", "out", "-runs", "3", "-seed", "2"}, "-runs, -seed only apply"},
		{[]string{"-runs", "-1", "a", "b"}, "-runs -1"},
		{[]string{"-out", "", "a", "b"}, "-out"},
		{[]string{"-bogus"}, "flag provided but not defined"},
	} {
		_, err := parseReportArgs(tc.args)
		require.Error(t, err, "%q", tc.args)
		assert.Contains(t, err.Error(), tc.want)
	}
}

// neFiles writes two scenario files of the North East market: "ne" and
// "ne-cap", the same with a profit cap from the first week.
func neFiles(t *testing.T, dir string) (string, string) {
	t.Helper()
	cfg, err := scenarios.RegionalBaseline("North East")
	require.NoError(t, err)
	write := func(name string, doc map[string]any) string {
		b, err := yaml.Marshal(doc)
		require.NoError(t, err)
		p := filepath.Join(dir, name+".yaml")
		require.NoError(t, os.WriteFile(p, b, 0o644))
		return p
	}
	base := write("ne", map[string]any{"name": "ne", "description": "North East <as it is>", "seed": 5, "years": 1, "overrides": cfg})
	capped := write("ne-cap", map[string]any{"name": "ne-cap", "description": "North East with a profit cap", "seed": 5, "years": 1, "overrides": cfg,
		"interventions": []map[string]any{{"type": "ProfitCap", "rate": 0.12, "transparency": false}}})
	return base, capped
}

// TestReportCommand runs a small comparison into a report, then rebuilds
// the report from the saved comparison: the two pages are the same.
func TestReportCommand(t *testing.T) {
	dir := t.TempDir()
	base, capped := neFiles(t, dir)
	out := filepath.Join(dir, "out")
	code, stdout, stderr := cli(t, "report", "-runs", "2", "-quiet", "-out", out, base, capped)
	require.Equal(t, exitOK, code, stderr)
	path := filepath.Join(out, "report", "report.html")
	assert.Contains(t, stdout, "wrote "+path)
	assert.Contains(t, stdout, "Paired differences from ne")
	// The test runs in cmd/caremarket, where docs/calibration/robustness.json
	// is absent: the command says the cells go unmarked.
	assert.Contains(t, stderr, "no robustness analysis found")
	assert.Contains(t, stderr, "give -robustness FILE")
	for _, f := range []string{scenarios.SummaryFile, scenarios.ManifestFile, scenarios.ComparisonFile, scenarios.RunValuesFile, scenarios.WarningsFile, "scenario_ne.yaml", "scenario_ne-cap.yaml"} {
		assert.FileExists(t, filepath.Join(out, scenarios.CompareDir, f))
	}
	first, err := os.ReadFile(path)
	require.NoError(t, err)
	html := string(first)
	assert.Contains(t, html, "North East &lt;as it is&gt;")
	assert.Contains(t, html, "capped at 12%")
	assert.Contains(t, html, "Warnings from the runs", "the cap without transparency warns")
	assert.Contains(t, html, "without financial transparency")
	assert.Contains(t, html, "run_values.csv")
	assert.Equal(t, 3, strings.Count(html, "<svg"))

	// From the saved comparison, in place: the same page.
	code, stdout, stderr = cli(t, "report", "-from", out)
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stdout, "wrote "+path)
	second, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, html, string(second), "a report from the saved comparison equals the one from the run")

	// From the compare directory itself, elsewhere, with a title and
	// sensitivity results.
	sens := filepath.Join(dir, "src.csv")
	require.NoError(t, os.WriteFile(sens, []byte("output,prior,src,src_se,srrc,r2,rank_r2,lo,hi\nwaiting_mean,pricing.beta,-0.5,0.1,-0.5,0.7,0.7,0,0.4\n"), 0o644))
	other := filepath.Join(dir, "other")
	code, _, stderr = cli(t, "report", "-from", filepath.Join(out, scenarios.CompareDir), "-out", other, "-title", "Quick look", "-sensitivity", sens)
	require.Equal(t, exitOK, code, stderr)
	third, err := os.ReadFile(filepath.Join(other, "report", "report.html"))
	require.NoError(t, err)
	assert.Contains(t, string(third), "<title>Quick look</title>")
	assert.Contains(t, string(third), "buyer-power discount")
	assert.NotContains(t, string(third), "Not yet available.")
}

func TestReportCommandErrors(t *testing.T) {
	dir := t.TempDir()
	code, _, stderr := cli(t, "report", "-from", filepath.Join(dir, "nothing"))
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "report:")
	code, _, stderr = cli(t, "report", "-sensitivity", filepath.Join(dir, "missing.csv"), "baseline", "profit-cap")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "-sensitivity")
	code, _, stderr = cli(t, "report", "-quiet", "no-such-scenario", "baseline")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "unknown scenario")
	code, stdout, _ := cli(t, "report", "-h")
	assert.Equal(t, exitOK, code)
	assert.Contains(t, stdout, "report.html")
	code, stdout, _ = cli(t, "help")
	assert.Equal(t, exitOK, code)
	assert.Contains(t, stdout, "caremarket report")
}
