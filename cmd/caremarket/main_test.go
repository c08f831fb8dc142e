package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/caremarket/caremarket/scenarios"
)

// TestMain lets the tests run this test binary as the caremarket command:
// with CAREMARKET_TEST_CLI=1 it runs the command line and exits.
func TestMain(m *testing.M) {
	if os.Getenv("CAREMARKET_TEST_CLI") == "1" {
		os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// cli runs a command line in this process.
func cli(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var o, e bytes.Buffer
	code = runContext(context.Background(), args, &o, &e)
	return code, o.String(), e.String()
}

// process starts a command line in a new process.
func process(t *testing.T, args ...string) *exec.Cmd {
	t.Helper()
	exe, err := os.Executable()
	require.NoError(t, err)
	cmd := exec.Command(exe, args...)
	cmd.Env = append(os.Environ(), "CAREMARKET_TEST_CLI=1")
	return cmd
}

// neFile writes a scenario file of the North East market (the baseline
// cut to one region, scenarios.RegionalBaseline), fast enough for CLI tests.
func neFile(t *testing.T, dir string) string {
	t.Helper()
	cfg, err := scenarios.RegionalBaseline("North East")
	require.NoError(t, err)
	doc := map[string]any{"name": "ne", "description": "North East", "seed": 5, "years": 1, "runs": 3, "overrides": cfg}
	b, err := yaml.Marshal(doc)
	require.NoError(t, err)
	p := filepath.Join(dir, "ne.yaml")
	require.NoError(t, os.WriteFile(p, b, 0o644))
	return p
}

func TestParseArgs(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want func(*command) bool
	}{
		{[]string{"list"}, func(c *command) bool { return c.name == "list" }},
		{[]string{"run", "baseline"}, func(c *command) bool {
			return c.name == "run" && c.args[0] == "baseline" && c.out == "out" && c.runs == 0 && !c.seedSet
		}},
		{[]string{"run", "-runs", "5", "-workers", "2", "-seed", "0", "-years", "3", "-out", "x", "-quiet", "-shard", "2/4", "f.yaml"}, func(c *command) bool {
			return c.runs == 5 && c.workers == 2 && c.seedSet && c.seed == 0 && c.years == 3 && c.out == "x" && c.quiet && c.shard == scenarios.Shard{K: 2, N: 4} && c.args[0] == "f.yaml"
		}},
		{[]string{"run", "baseline", "-runs", "7"}, func(c *command) bool { return c.runs == 7 && c.args[0] == "baseline" }},
		{[]string{"run", "-shard-index", "0/4", "baseline"}, func(c *command) bool { return c.shard == scenarios.Shard{K: 1, N: 4} }},
		{[]string{"run", "-shard-index", "3/4", "baseline"}, func(c *command) bool { return c.shard == scenarios.Shard{K: 4, N: 4} }},
		{[]string{"run", "--", "-odd.yaml"}, func(c *command) bool { return c.args[0] == "-odd.yaml" }},
		{[]string{"compare"}, func(c *command) bool { return c.name == "compare" && len(c.args) == 0 }},
		{[]string{"compare", "-runs", "3", "a", "b", "c"}, func(c *command) bool { return len(c.args) == 3 && c.runs == 3 }},
		{[]string{"validate", "a.yaml", "b.yaml"}, func(c *command) bool { return len(c.args) == 2 }},
		{[]string{"merge", "-out", "o", "s1", "s2"}, func(c *command) bool { return c.out == "o" && len(c.args) == 2 }},
		{[]string{"run", "-h"}, func(c *command) bool { return c.name == "help" && strings.Contains(c.help, "-shard K/N") }},
		{[]string{"help"}, func(c *command) bool { return c.name == "help" }},
		{[]string{"version"}, func(c *command) bool { return c.name == "version" }},
	} {
		c, err := parseArgs(tc.args)
		require.NoError(t, err, "%q", tc.args)
		assert.True(t, tc.want(c), "%q: %+v", tc.args, c)
	}
	for _, bad := range [][]string{
		nil, {""}, {"frobnicate"}, {"run"}, {"run", "a", "b"}, {"run", "-runs", "x", "baseline"},
		{"run", "-runs", "-1", "baseline"}, {"run", "-runs", "1000001", "baseline"}, {"run", "-years", "101", "baseline"},
		{"run", "-workers", "-2", "baseline"}, {"run", "-seed", "-1", "baseline"}, {"run", "-shard", "5/4", "baseline"},
		{"run", "-shard", "x", "baseline"}, {"run", "-nope", "baseline"}, {"run", "-out", "", "baseline"},
		{"list", "extra"}, {"validate"}, {"merge"}, {"compare", "only-one"}, {"version", "x"}, {"list", "-runs", "3"},
		{"validate", "-shard", "1/2", "f.yaml"}, {"compare", "-shard", "1/2", "a", "b"},
		{"run", "-shard-index", "4/4", "baseline"}, {"run", "-shard-index", "-1/4", "baseline"}, {"run", "-shard-index", "1", "baseline"},
		{"run", "-shard", "1/4", "-shard-index", "0/4", "baseline"}, {"merge", "-shard-index", "0/2", "d"},
	} {
		_, err := parseArgs(bad)
		assert.Error(t, err, "%q", bad)
	}
}

// FuzzParseArgs checks that argument parsing (every command, report
// included) never panics, and that a command line it accepts is within the
// limits (see checkParsed); arguments are separated by NUL bytes.
func FuzzParseArgs(f *testing.F) {
	for _, s := range []string{"run\x00baseline", "run\x00-runs\x005\x00-shard\x002/4\x00x.yaml", "compare\x00-h", "merge\x00-out\x00\x00d", "list\x00--\x00-x", "run\x00-seed\x0018446744073709551616\x00b",
		"run\x00-years\x00100\x00-runs\x001000000\x00-workers\x004096\x00-first-run\x001073741824\x00-weekly-runs\x001\x00-tidy-runs\x00-1\x00baseline",
		"compare\x00-format\x00svg\x00-check\x00-quiet\x00a.yaml\x00b.yml", "validate\x00a.yaml\x00--\x00-b.yaml", "version", "help",
		"report\x00-from\x00out\x00-title\x00T\x00-sensitivity\x00s.csv", "report\x00-runs\x003\x00baseline\x00profit-cap", "report\x00-from\x00d\x00-runs\x002",
		"run\x00-shard\x00100000/100000\x00-out\x00../x\x00baseline", "run\x00--runs=7\x00baseline"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		args := strings.Split(s, "\x00")
		if args[0] == "report" {
			c, err := parseReportArgs(args[1:])
			if err == nil {
				if c == nil {
					t.Fatal("no command and no error")
				}
				checkParsed(t, &c.command)
			}
			return
		}
		c, err := parseArgs(args)
		if err != nil {
			var ue *usageError
			if !errors.As(err, &ue) {
				t.Fatalf("a command-line mistake that is not a usage error (exit 2): %v", err)
			}
			return
		}
		if c == nil {
			t.Fatal("no command and no error")
		}
		checkParsed(t, c)
	})
}

func TestHelpAndVersion(t *testing.T) {
	code, out, _ := cli(t, "help")
	assert.Equal(t, 0, code)
	assert.Contains(t, out, "caremarket run [flags] SCENARIO")
	code, out, _ = cli(t, "compare", "-h")
	assert.Equal(t, 0, code)
	assert.Contains(t, out, "baseline profit-cap nfp-entry coop")
	code, out, _ = cli(t, "version")
	assert.Equal(t, 0, code)
	assert.Contains(t, out, runtime.Version())
}

func TestList(t *testing.T) {
	code, out, errOut := cli(t, "list")
	assert.Equal(t, 0, code, errOut)
	for _, b := range scenarios.List() {
		assert.Contains(t, out, b.Name)
		assert.Contains(t, out, b.Description)
	}
	assert.Contains(t, out, "ProfitCap")
}

func TestBadUsageExits2(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	require.NoError(t, os.WriteFile(bad, []byte("years: 2\nyearz: 3\n"), 0o644))
	for _, args := range [][]string{
		{}, {"nope"}, {"run"}, {"run", "-runs", "zero", "baseline"}, {"run", "no-such-scenario"},
		{"run", filepath.Join(dir, "missing.yaml")}, {"run", bad}, {"validate", bad}, {"validate", "baseline"},
		{"merge", dir}, {"compare", "baseline", "no-such-scenario"}, {"run", "-shard", "0/3", "baseline"},
	} {
		code, out, errOut := cli(t, args...)
		assert.Equal(t, 2, code, "%q: %s", args, errOut)
		assert.Empty(t, out, "%q", args)
		assert.NotEmpty(t, errOut, "%q", args)
		assert.NotContains(t, errOut, "panic", "%q", args)
	}
	_, _, errOut := cli(t, "run", bad)
	assert.Contains(t, errOut, "bad.yaml:2: yearz: unknown key")
}

func TestValidate(t *testing.T) {
	dir := t.TempDir()
	ne := neFile(t, dir)
	code, out, errOut := cli(t, "validate", ne, "../../examples/scenarios/profit-cap-clawback.yaml")
	assert.Equal(t, 0, code, errOut)
	assert.Contains(t, out, `ne.yaml: ok: scenario "ne", 1 year from 2023-04, seed 5, 3 runs, 0 interventions`)
	assert.Contains(t, out, `profit-cap-clawback.yaml: ok: scenario "profit-cap-clawback", 10 years`)
	bad := filepath.Join(dir, "bad.yaml")
	require.NoError(t, os.WriteFile(bad, []byte("overrides:\n  demand:\n    starters_per_year: -1\n"), 0o644))
	code, out, errOut = cli(t, "validate", ne, bad)
	assert.Equal(t, 2, code)
	assert.Contains(t, out, "ne.yaml: ok")
	assert.Contains(t, errOut, "bad.yaml:3: overrides.demand.starters_per_year: -1: ")
}

// TestRunEngland runs a small ensemble of the England baseline for one
// year through the CLI.
func TestRunEngland(t *testing.T) {
	out := t.TempDir()
	code, stdout, errOut := cli(t, "run", "-runs", "2", "-years", "1", "-quiet", "-out", out, "baseline")
	require.Equal(t, 0, code, errOut)
	assert.Empty(t, errOut, "-quiet")
	assert.Contains(t, stdout, "baseline: 2 runs, 1 year from 2023-04, seed 1: wrote "+filepath.Join(out, "baseline"))
	for _, f := range []string{"summary.json", "series.csv", "summary_tidy.csv", "series_tidy.csv", "manifest.json"} {
		assert.FileExists(t, filepath.Join(out, "baseline", f))
	}
	var s struct {
		Scenario string                          `json:"scenario"`
		Runs     int                             `json:"runs"`
		Metrics  map[string][]map[string]float64 `json:"metrics"`
	}
	b, err := os.ReadFile(filepath.Join(out, "baseline", "summary.json"))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, &s))
	assert.Equal(t, 2, s.Runs)
	cic := s.Metrics["children_in_care"][0]
	assert.Equal(t, 2023.0, cic["year"])
	assert.InDelta(t, 83800, cic["mean"], 0.1*83800, "England's children in care in 2023/24")
}

func TestRunSameBytesAnyWorkers(t *testing.T) {
	dir := t.TempDir()
	ne := neFile(t, dir)
	o1, o4 := filepath.Join(dir, "o1"), filepath.Join(dir, "o4")
	code, _, errOut := cli(t, "run", "-quiet", "-runs", "9", "-workers", "1", "-out", o1, ne)
	require.Equal(t, 0, code, errOut)
	code, _, errOut = cli(t, "run", "-quiet", "-runs", "9", "-workers", "4", "-out", o4, ne)
	require.Equal(t, 0, code, errOut)
	assertSameFiles(t, filepath.Join(o1, "ne"), filepath.Join(o4, "ne"), "summary.json", "series.csv", "summary_tidy.csv", "series_tidy.csv", "manifest.json")
}

// assertSameFiles checks that the named files of directories a and b hold
// the same bytes.
func assertSameFiles(t *testing.T, a, b string, files ...string) {
	t.Helper()
	for _, f := range files {
		x, err := os.ReadFile(filepath.Join(a, f))
		require.NoError(t, err)
		y, err := os.ReadFile(filepath.Join(b, f))
		require.NoError(t, err)
		assert.Equal(t, string(x), string(y), f)
	}
}

// TestShardsAsProcesses runs 4 shards as separate processes and merges
// them: the files equal those of one process.
func TestShardsAsProcesses(t *testing.T) {
	dir := t.TempDir()
	ne := neFile(t, dir)
	whole := filepath.Join(dir, "whole")
	code, _, errOut := cli(t, "run", "-quiet", "-runs", "10", "-weekly-runs", "6", "-tidy-runs", "3", "-out", whole, ne)
	require.Equal(t, 0, code, errOut)

	var cmds []*exec.Cmd
	var outs []*bytes.Buffer
	for k := 1; k <= 4; k++ {
		cmd := process(t, "run", "-quiet", "-runs", "10", "-weekly-runs", "6", "-tidy-runs", "3", "-shard", strings.Join([]string{string(rune('0' + k)), "4"}, "/"), "-out", filepath.Join(dir, "shards", string(rune('0'+k))), ne)
		var buf bytes.Buffer
		cmd.Stdout, cmd.Stderr = &buf, &buf
		require.NoError(t, cmd.Start())
		cmds, outs = append(cmds, cmd), append(outs, &buf)
	}
	for i, cmd := range cmds {
		require.NoError(t, cmd.Wait(), outs[i].String())
		assert.Contains(t, outs[i].String(), "shard-"+string(rune('1'+i))+"-of-4.gob.gz")
	}
	// A missing shard is refused.
	code, _, errOut = cli(t, "merge", "-quiet", "-out", filepath.Join(dir, "merged"), filepath.Join(dir, "shards", "1"), filepath.Join(dir, "shards", "2"))
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "missing runs include [2 3 6 7]")

	merged := filepath.Join(dir, "merged")
	code, stdout, errOut := cli(t, "merge", "-out", merged, filepath.Join(dir, "shards"+string(filepath.Separator)+"1"), filepath.Join(dir, "shards", "2"), filepath.Join(dir, "shards", "3"), filepath.Join(dir, "shards", "4"))
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, stdout, "merged 4 shard files, 10 runs")
	assertSameFiles(t, filepath.Join(whole, "ne"), filepath.Join(merged, "ne"), "summary.json", "series.csv", "summary_tidy.csv", "series_tidy.csv", "manifest.json")
}

func TestCompare(t *testing.T) {
	dir := t.TempDir()
	ne := neFile(t, dir)
	out := filepath.Join(dir, "out")
	code, stdout, errOut := cli(t, "compare", "-quiet", "-runs", "2", "-out", out, ne, ne)
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, stdout, "Paired differences from ne over 1 year")
	assert.Contains(t, stdout, "ne-2")
	assert.Contains(t, stdout, "£0 [£0, £0]", "a scenario compared with itself differs by nothing")
	for _, f := range []string{"summary.json", "comparison.csv", "manifest.json"} {
		assert.FileExists(t, filepath.Join(out, "compare", f))
	}
	b, err := os.ReadFile(filepath.Join(out, "compare", "summary.json"))
	require.NoError(t, err)
	assert.True(t, json.Valid(b))
	assert.Contains(t, string(b), `"alternatives":["ne-2"]`)
}

func TestRunFailureExits1(t *testing.T) {
	dir := t.TempDir()
	ne := neFile(t, dir)
	blocker := filepath.Join(dir, "file")
	require.NoError(t, os.WriteFile(blocker, nil, 0o644))
	code, _, errOut := cli(t, "run", "-quiet", "-runs", "1", "-out", blocker, ne)
	assert.Equal(t, 1, code, errOut)
	assert.Contains(t, errOut, "caremarket: ")
}

// TestInterrupt sends SIGINT to a long run: the process stops within a
// second, exits 130, says how many runs had finished and writes nothing.
func TestInterrupt(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no SIGINT on Windows")
	}
	dir := t.TempDir()
	ne := neFile(t, dir)
	out := filepath.Join(dir, "out")
	require.NoError(t, os.MkdirAll(filepath.Join(out, "ne"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(out, "ne", "summary.json"), []byte("earlier"), 0o644))
	// A manifest listing it: caremarket replaces only what it wrote.
	require.NoError(t, os.WriteFile(filepath.Join(out, "ne", "manifest.json"), []byte(`{"format":"caremarket-manifest/1","files":[{"name":"summary.json"}]}`), 0o644))
	cmd := process(t, "run", "-runs", "100000", "-workers", "2", "-out", out, ne)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	require.NoError(t, cmd.Start())
	time.Sleep(1500 * time.Millisecond)
	sent := time.Now()
	require.NoError(t, cmd.Process.Signal(syscall.SIGINT))
	err := cmd.Wait()
	took := time.Since(sent)
	var ee *exec.ExitError
	require.ErrorAs(t, err, &ee, stderr.String())
	assert.Equal(t, 130, ee.ExitCode(), stderr.String())
	assert.Regexp(t, `interrupted: \d+ of 100000 runs had finished; no results were written`, stderr.String())
	assert.Less(t, took, time.Second)
	b, err := os.ReadFile(filepath.Join(out, "ne", "summary.json"))
	require.NoError(t, err)
	assert.Equal(t, "earlier", string(b), "earlier results are left alone")
	ents, err := os.ReadDir(out)
	require.NoError(t, err)
	assert.Len(t, ents, 1, "no temporary directory is left")
}

func TestPlainProgress(t *testing.T) {
	var b bytes.Buffer
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	p := newProgress(&b, false, "baseline", 4, 2)
	p.now = func() time.Time { return now }
	p.start, p.last = now, now
	now = now.Add(2 * time.Second)
	p.update(1, 4) // within the interval: no line
	now = now.Add(20 * time.Second)
	p.update(2, 4)
	now = now.Add(time.Second)
	p.update(3, 4) // within the interval again
	now = now.Add(time.Second)
	p.update(4, 4) // the last is always reported
	p.stop()
	assert.Equal(t, "baseline: 4 runs on 2 workers\n"+
		"baseline: 2/4 runs (50%), 0.09 runs/s, 22s elapsed, about 22s left\n"+
		"baseline: 4/4 runs (100%), 0.17 runs/s, 24s elapsed\n", b.String())
	assert.Nil(t, newProgress(&b, true, "x", 1, 1))
	var q *progress
	q.update(1, 1) // a nil progress is silent
	q.stop()
}

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
