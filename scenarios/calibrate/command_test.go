package calibrate

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/caremarket/caremarket/scenarios"
)

func TestCommandUsageErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"unknown flag", []string{"-bogus"}, "bogus"},
		{"argument", []string{"baseline"}, `unexpected argument "baseline"`},
		{"negative runs", []string{"-runs", "-1"}, "-runs = -1"},
		{"zero seed", []string{"-seed", "0"}, "-seed = 0"},
		{"quick write", []string{"-quick", "-write"}, "-write = true"},
		{"too many runs", []string{"-runs", "5000"}, "runs = 5000"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			code := Command(tc.args, &out, &errb)
			assert.Equal(t, 2, code)
			assert.Contains(t, errb.String(), tc.want)
		})
	}
	var out, errb bytes.Buffer
	assert.Equal(t, 0, Command([]string{"-h"}, &out, &errb))
	assert.Contains(t, errb.String(), "usage: caremarket calibrate")
}

func TestSensitivityCommandUsageErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"unknown flag", []string{"-bogus"}, "bogus"},
		{"argument", []string{"x"}, `unexpected argument "x"`},
		{"negative points", []string{"-points", "-3"}, "-points = -3"},
		{"one point", []string{"-points", "1"}, "points = 1"},
		{"fewer points than priors", []string{"-points", "10"}, "-points = 10"},
		{"short robustness", []string{"-years", "1"}, "-years = 1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			assert.Equal(t, 2, SensitivityCommand(tc.args, &out, &errb))
			assert.Contains(t, errb.String(), tc.want)
		})
	}
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
		code := Command([]string{"-quick", "-out", dir, "-workers", workers[i]}, &out, &errb)
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
	cfg, err := scenarios.RegionalBaseline(QuickRegion)
	require.NoError(t, err)
	dec := yaml.NewDecoder(bytes.NewReader(ob))
	dec.KnownFields(true)
	require.NoError(t, dec.Decode(cfg))
	require.NoError(t, cfg.Validate())
	ps := append(DemandParams(), MarketParams()...)
	require.Len(t, doc.Fit.Parameters, len(ps))
	for i, p := range ps {
		assert.Equal(t, p.Name, doc.Fit.Parameters[i].Name)
		assert.InDelta(t, doc.Fit.Parameters[i].Fitted, p.Get(cfg), 1e-5*doc.Fit.Parameters[i].Fitted+1e-12, p.Name)
	}
}

// TestDemandMomentsIgnoreMarket checks the premise of the two-stage fit:
// with common random numbers, market parameters leave the demand moments
// exactly as they were.
func TestDemandMomentsIgnoreMarket(t *testing.T) {
	base, err := scenarios.RegionalBaseline(QuickRegion)
	require.NoError(t, err)
	var changed []Setting
	for _, p := range MarketParams() {
		changed = append(changed, p.Settings(base, p.Lo+0.8*(p.Hi-p.Lo))...)
	}
	alt, err := Apply(base, changed)
	require.NoError(t, err)
	s := sim{seed: 3, runs: 1, years: 1, workers: 1}
	a, err := s.run(context.Background(), base)
	require.NoError(t, err)
	b, err := s.run(context.Background(), alt)
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

func TestSensitivityQuick(t *testing.T) {
	if testing.Short() {
		t.Skip("runs 16 regional markets")
	}
	dir := t.TempDir()
	var out, errb bytes.Buffer
	code := SensitivityCommand([]string{"-quick", "-out", dir, "-points", "25", "-robust-points", "2"}, &out, &errb)
	require.Equal(t, 0, code, "stderr:\n%s", errb.String())
	for _, f := range []string{"sensitivity.csv", "src.csv", "sensitivity.md", "tornado.png", "robustness.csv", "robustness_points.csv", "robustness.md"} {
		st, err := os.Stat(filepath.Join(dir, f))
		require.NoError(t, err, f)
		assert.Greater(t, st.Size(), int64(0), f)
	}
	assert.Contains(t, out.String(), "| profit-cap |")
}

func TestSensitivityDeterministic(t *testing.T) {
	if testing.Short() {
		t.Skip("runs regional markets")
	}
	cfg, err := scenarios.RegionalBaseline(QuickRegion)
	require.NoError(t, err)
	run := func(workers int) *SensitivityResult {
		_, err := Sensitivity(context.Background(), DesignOptions{Config: cfg, Points: 4, Runs: 1, Years: 1, Seed: 5, Workers: workers})
		require.ErrorContains(t, err, "points = 4")
		r, err := Sensitivity(context.Background(), DesignOptions{Config: cfg, Points: 26, Runs: 1, Years: 1, Seed: 5, Workers: workers})
		require.NoError(t, err)
		return r
	}
	a, b := run(1), run(3)
	assert.Equal(t, a.X, b.X)
	assert.Equal(t, a.Y, b.Y)
}
