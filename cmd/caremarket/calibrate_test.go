package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/caremarket/caremarket/calibrate"
	"github.com/caremarket/caremarket/internal/testkit"
	"github.com/caremarket/caremarket/scenarios"
)

// TestToolCommandUsageErrors: calibrate and sensitivity refuse bad
// command lines with usage status 2 and an error naming what is wrong; -h
// prints the usage with status 0.
func TestToolCommandUsageErrors(t *testing.T) {
	commands := map[string]func(context.Context, []string, io.Writer, io.Writer) int{
		"calibrate": calibrateCommand, "sensitivity": sensitivityCommand, "robustness": robustnessCommand,
	}
	type usageCase struct {
		name string
		args []string
		want string
	}
	cases := map[string][]usageCase{
		"calibrate": {
			{"negative runs", []string{"-runs", "-1"}, "-runs = -1"},
			{"zero seed", []string{"-seed", "0"}, "-seed = 0"},
			{"quick write", []string{"-quick", "-write"}, "-write = true"},
			{"too many runs", []string{"-runs", "5000"}, "runs = 5000"},
		},
		"sensitivity": {
			{"negative points", []string{"-points", "-3"}, "-points = -3"},
			{"one point", []string{"-points", "1"}, "points = 1"},
			{"fewer points than priors", []string{"-points", "10"}, "-points = 10"},
			{"short robustness", []string{"-years", "1"}, "-years = 1"},
			{"both shard flags", []string{"-shard", "1/2", "-shard-index", "0/2"}, "not both"},
			{"shard index out of range", []string{"-shard-index", "3/3"}, "0 ≤ I < N"},
			{"bad shard", []string{"-shard", "0/3"}, "K/N with 1 ≤ K ≤ N"},
		},
		"robustness": {
			{"one set", []string{"-sets", "1"}, "points = 1"},
			{"negative runs", []string{"-runs", "-2"}, "-runs = -2"},
			{"short horizon", []string{"-years", "1"}, "-years = 1"},
			{"the baseline is no intervention", []string{"-scenarios", "profit-cap,baseline"}, "-scenarios = baseline"},
			{"unknown scenario", []string{"-scenarios", "nope"}, "-scenarios = nope"},
			{"both shard flags", []string{"-shard", "1/2", "-shard-index", "0/2"}, "not both"},
		},
	}
	for _, name := range []string{"calibrate", "sensitivity", "robustness"} {
		cmd := commands[name]
		all := append([]usageCase{
			{"unknown flag", []string{"-bogus"}, "bogus"},
			{"argument", []string{"baseline"}, `unexpected argument "baseline"`},
		}, cases[name]...)
		for _, tc := range all {
			t.Run(name+"/"+tc.name, func(t *testing.T) {
				var out, errb bytes.Buffer
				assert.Equal(t, 2, cmd(context.Background(), tc.args, &out, &errb))
				assert.Contains(t, errb.String(), tc.want)
			})
		}
	}
	var out, errb bytes.Buffer
	assert.Equal(t, 0, calibrateCommand(context.Background(), []string{"-h"}, &out, &errb))
	assert.Contains(t, errb.String(), "usage: caremarket calibrate")
}

// TestCalibrateQuick runs `caremarket calibrate -quick` end to end, twice
// with different numbers of workers, and checks that the outputs exist,
// that they are identical (common random numbers, run-order aggregation),
// and that the calibration file they write is one the baseline can apply.
func TestCalibrateQuick(t *testing.T) {
	dirs := []string{t.TempDir(), t.TempDir()}
	workers := []string{"1", "2"}
	if testing.Short() {
		dirs, workers = dirs[:1], workers[:1]
	}
	var stdout bytes.Buffer
	for i, dir := range dirs {
		var out, errb bytes.Buffer
		code := calibrateCommand(context.Background(), []string{"-quick", "-out", dir, "-workers", workers[i]}, &out, &errb)
		require.Equal(t, 0, code, "stderr:\n%s", errb.String())
		if i == 0 {
			stdout = out
		}
		for _, f := range []string{"fit.json", "moments.csv", "params.csv", "checks.csv", "trace.csv", "fit.md", "fit.png", "calibration.yaml"} {
			st, err := os.Stat(filepath.Join(dir, f))
			require.NoError(t, err, f)
			assert.Greater(t, st.Size(), int64(0), f)
		}
	}
	assert.Contains(t, stdout.String(), "Objective over the report runs")
	assert.Contains(t, stdout.String(), "investment.gamma")
	if len(dirs) == 2 {
		for _, f := range []string{"fit.json", "moments.csv", "trace.csv", "calibration.yaml"} {
			a, err := os.ReadFile(filepath.Join(dirs[0], f))
			require.NoError(t, err)
			b, err := os.ReadFile(filepath.Join(dirs[1], f))
			require.NoError(t, err)
			assert.Equal(t, string(a), string(b), "%s differs between 1 and 2 workers", f)
		}
	}
	// calibration.yaml: strict overrides of market.Config keys, applied on
	// the regional baseline, give the fitted values recorded in fit.json.
	b, err := os.ReadFile(filepath.Join(dirs[0], "calibration.yaml"))
	require.NoError(t, err)
	var doc struct {
		Overrides yaml.Node `yaml:"overrides"`
		Fit       struct {
			Seed       uint64 `yaml:"seed"`
			Parameters []struct {
				Name   string  `yaml:"name"`
				Fitted float64 `yaml:"fitted"`
			} `yaml:"parameters"`
		} `yaml:"fit"`
	}
	require.NoError(t, yaml.Unmarshal(b, &doc))
	assert.Equal(t, uint64(1), doc.Fit.Seed)
	ob, err := yaml.Marshal(&doc.Overrides)
	require.NoError(t, err)
	cfg, err := scenarios.RegionalBaseline(quickRegion)
	require.NoError(t, err)
	dec := yaml.NewDecoder(bytes.NewReader(ob))
	dec.KnownFields(true)
	require.NoError(t, dec.Decode(cfg))
	require.NoError(t, cfg.Validate())
	ps := append(calibrate.DemandParams(), calibrate.MarketParams()...)
	require.Len(t, doc.Fit.Parameters, len(ps))
	for i, p := range ps {
		assert.Equal(t, p.Name, doc.Fit.Parameters[i].Name)
		assert.InDelta(t, doc.Fit.Parameters[i].Fitted, p.Get(cfg), 1e-5*doc.Fit.Parameters[i].Fitted+1e-12, p.Name)
	}
}

func TestSensitivityQuick(t *testing.T) {
	testkit.SkipShort(t, "runs 16 regional markets")
	dir := t.TempDir()
	var out, errb bytes.Buffer
	code := sensitivityCommand(context.Background(), []string{"-quick", "-out", dir, "-points", strconv.Itoa(calibrate.MinSensitivityPoints()), "-robust-points", "2"}, &out, &errb)
	require.Equal(t, 0, code, "stderr:\n%s", errb.String())
	for _, f := range []string{"sensitivity.csv", "src.csv", "sensitivity.md", "tornado.png", "robustness.json", "robustness.csv", "robustness_src.csv", "robustness_points.csv", "robustness.md"} {
		st, err := os.Stat(filepath.Join(dir, f))
		require.NoError(t, err, f)
		assert.Greater(t, st.Size(), int64(0), f)
	}
	assert.Contains(t, out.String(), "| profit-cap |")
}

// TestRobustnessQuick runs `caremarket robustness -quick` (what CI runs,
// so that the sweep never rots) in one process and as two shards merged,
// and checks that the merge writes the same files, byte for byte, in
// OUT/robustness, and that robustness.json reads back.
func TestRobustnessQuick(t *testing.T) {
	if testing.Short() {
		t.Skip("runs about 30 regional markets")
	}
	dir := t.TempDir()
	args := []string{"-quick", "-sets", "3", "-scenarios", "profit-cap,foster-recruitment"}
	run := func(extra ...string) string {
		var out, errb bytes.Buffer
		code := robustnessCommand(context.Background(), append(append([]string{}, args...), extra...), &out, &errb)
		require.Equal(t, 0, code, "stderr:\n%s", errb.String())
		return out.String()
	}
	whole := filepath.Join(dir, "whole")
	out := run("-out", whole)
	assert.Contains(t, out, "| profit-cap |")
	shards := filepath.Join(dir, "shards")
	run("-out", shards, "-shard", "1/2", "-workers", "1")
	run("-out", shards, "-shard-index", "1/2")
	merged := filepath.Join(dir, "merged")
	code, _, errOut := cli(t, "merge", "-out", merged, shards)
	require.Equal(t, 0, code, errOut)
	want := []string{"robustness.csv", "robustness.json", "robustness.md", "robustness_points.csv", "robustness_src.csv"}
	require.Equal(t, want, dirFiles(t, whole))
	require.Equal(t, want, dirFiles(t, filepath.Join(merged, "robustness")))
	assertSameFiles(t, whole, filepath.Join(merged, "robustness"), want...)
	b, err := os.ReadFile(filepath.Join(whole, "robustness.json"))
	require.NoError(t, err)
	f, err := calibrate.ReadRobustness(b)
	require.NoError(t, err)
	assert.Equal(t, "North East", f.Market)
	assert.Equal(t, 3, f.Sets)
	assert.NotNil(t, f.Effect("foster-recruitment", "waiting"))
}
