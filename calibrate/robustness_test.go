package calibrate

import (
	"bytes"
	"context"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/caremarket/caremarket/internal/jsonsafe"
	"github.com/caremarket/caremarket/scenarios"
)

// TestSignShare: the sign of the median and the share of sets keeping it,
// on effects with known answers.
func TestSignShare(t *testing.T) {
	nine := []float64{-1, -2, -3, -4, -5, -6, -7, -8, -9, 2}
	eight := []float64{-1, -2, -3, -4, -5, -6, -7, -8, 2, 3}
	cases := []struct {
		name       string
		effects    []float64
		median     float64
		sign       int
		share      float64
		below      float64
		above      float64
		wantRobust bool
	}{
		{"all below zero", []float64{-3, -2, -1}, -2, -1, 1, 1, 0, true},
		{"all above zero", []float64{5, 1, 2, 4}, 3, 1, 1, 0, 1, true},
		{"nine in ten keep the sign: robust", nine, -4.5, -1, 0.9, 0.9, 0.1, true},
		{"eight in ten: uncertain", eight, -3.5, -1, 0.8, 0.8, 0.2, false},
		{"median above zero, one set below", []float64{-1, 3, 5}, 3, 1, 2.0 / 3, 1.0 / 3, 2.0 / 3, false},
		{"a zero effect does not keep a sign", []float64{0, -1, -2, -3}, -1.5, -1, 0.75, 0.75, 0, false},
		{"median exactly zero: share of zeros, never robust", []float64{0, 0, 0, 1, -1}, 0, 0, 0.6, 0.2, 0.2, false},
		{"no effect in any set", []float64{0, 0, 0}, 0, 0, 1, 0, 0, false},
		{"even count: the mean of the middle two", []float64{-2, -1, 1, 4}, 0, 0, 0, 0.5, 0.5, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := SummariseEffects(tc.effects, nil)
			assert.Equal(t, tc.median, c.Median)
			assert.Equal(t, tc.sign, c.Sign)
			assert.InDelta(t, tc.share, c.SignShare, 1e-12)
			assert.InDelta(t, tc.below, c.Below, 1e-12)
			assert.InDelta(t, tc.above, c.Above, 1e-12)
			assert.Equal(t, tc.wantRobust, c.Robust)
			assert.Equal(t, len(tc.effects), c.Sets)
		})
	}
	c := SummariseEffects(nil, nil)
	assert.True(t, math.IsNaN(c.Median) && math.IsNaN(c.SignShare))
	assert.False(t, c.Robust)
	assert.False(t, c.HasDrivers)
}

// TestSummariseEffectsDrivers: on a Latin hypercube, an effect that is an
// exact linear function of the priors has SRCs b_j·sd(x_j)/sd(y) (here
// with equal spreads: b_j / √Σb²), R² 1 and its drivers in order; with too
// few sets the drivers are skipped and say why.
func TestSummariseEffectsDrivers(t *testing.T) {
	cases := []struct {
		name   string
		coef   []float64
		want   []float64 // SRCs
		top    []int
		robust bool
	}{
		{"one driver, always below zero", []float64{-2, 0, 0}, []float64{-1, 0, 0}, []int{0}, true},
		{"two drivers of opposite sign", []float64{3, -1, 0}, []float64{3 / math.Sqrt(10), -1 / math.Sqrt(10), 0}, []int{0, 1}, true},
		{"the second prior dominates", []float64{0.5, 0, -2}, []float64{0.5 / math.Sqrt(4.25), 0, -2 / math.Sqrt(4.25)}, []int{2, 0}, true},
	}
	const n = 60
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			x := LatinHypercube(n, len(tc.coef), 3)
			y := make([]float64, n)
			for p := range y {
				y[p] = -10 // an intercept that keeps every effect below zero
				for j, b := range tc.coef {
					y[p] += b * x[p][j]
				}
			}
			c := SummariseEffects(y, x)
			require.True(t, c.HasDrivers, c.DriversSkipped)
			// A Latin hypercube's columns have equal spreads but are not
			// exactly uncorrelated: allow for the small correlation.
			for j, w := range tc.want {
				assert.InDelta(t, w, c.Drivers.SRC[j], 0.02, "prior %d", j)
			}
			assert.InDelta(t, 1, c.Drivers.R2, 1e-9)
			assert.Equal(t, tc.top, c.TopDrivers(len(tc.top)))
			assert.Equal(t, tc.robust, c.Robust)
		})
	}
	x := LatinHypercube(4, 3, 1)
	c := SummariseEffects([]float64{1, 2, 3, 4}, x)
	assert.False(t, c.HasDrivers)
	assert.Contains(t, c.DriversSkipped, "needs at least 5 parameter sets, got 4")
	assert.Nil(t, c.TopDrivers(3))
}

// TestRobustnessFill: the effects are the mean paired differences of each
// alternative from the baseline at each set, outcome by outcome.
func TestRobustnessFill(t *testing.T) {
	res := &RobustnessResult{Scenarios: []string{"a", "b"}, Outcomes: []Output{{Name: "cost"}, {Name: "waiting"}}, Runs: 2,
		X: [][]float64{{0}, {1}, {2}}}
	// vals[(p·3 + s)·2 + r] = {cost, waiting}; s 0 is the baseline.
	var vals [][]float64
	for p := range 3 {
		for s := range 3 {
			for r := range 2 {
				base := float64(100*p + r)
				switch s {
				case 0:
					vals = append(vals, []float64{base, base})
				case 1: // a: cost −1 − r (mean −1.5), waiting +p
					vals = append(vals, []float64{base - 1 - float64(r), base + float64(p)})
				case 2: // b: cost +2 at odd points, −2 at even; waiting 0
					vals = append(vals, []float64{base + 2*float64(2*(p%2)-1), base})
				}
			}
		}
	}
	res.fill(vals)
	assert.Equal(t, [][][]float64{
		{{-1.5, -1.5, -1.5}, {0, 1, 2}},
		{{-2, 2, -2}, {0, 0, 0}},
	}, res.Effects)
	a, b := res.Cell("a", "cost"), res.Cell("b", "cost")
	require.NotNil(t, a)
	require.NotNil(t, b)
	assert.True(t, a.Robust)
	assert.Equal(t, -1, b.Sign)
	assert.InDelta(t, 2.0/3, b.SignShare, 1e-12)
	assert.False(t, b.Robust)
	w := res.Cell("b", "waiting")
	assert.Equal(t, 0, w.Sign)
	assert.False(t, w.Robust)
	assert.Nil(t, res.Cell("c", "cost"))
	assert.Nil(t, res.Cell("a", "spend"))
}

// TestRobustnessFileRoundTrip: robustness.json reads back as written, and
// a file of another format or whose effects do not fit its outcomes is
// refused.
func TestRobustnessFileRoundTrip(t *testing.T) {
	res := &RobustnessResult{Market: "M", Priors: Priors(), Outcomes: RobustnessOutcomes(), Scenarios: []string{"profit-cap"}, Runs: 1, Years: 2, Seed: 1}
	res.X = LatinHypercube(3, len(res.Priors), 1)
	nO := len(res.Outcomes)
	var vals [][]float64
	for p := range 3 {
		for s := range 2 {
			v := make([]float64, nO)
			for o := range v {
				v[o] = float64(p) - float64(s*(o+1))
			}
			vals = append(vals, v)
		}
	}
	res.fill(vals)
	b, err := jsonsafe.Marshal(res.File())
	require.NoError(t, err)
	f, err := ReadRobustness(b)
	require.NoError(t, err)
	assert.Equal(t, RobustnessFormat, f.Format)
	assert.Equal(t, 3, f.Sets)
	e := f.Effect("profit-cap", "waiting")
	require.NotNil(t, e)
	assert.Equal(t, []float64{-2, -2, -2}, e.Values)
	assert.True(t, e.Robust)
	assert.Equal(t, 1.0, e.SignShare)
	assert.Contains(t, e.DriversSkipped, "parameter sets")
	assert.Nil(t, f.Effect("profit-cap", "nothing"))
	assert.Nil(t, f.Effect("coop", "waiting"))

	_, err = ReadRobustness(bytes.Replace(b, []byte(RobustnessFormat), []byte("caremarket-robustness/0"), 1))
	assert.ErrorContains(t, err, `format "caremarket-robustness/0"`)
	_, err = ReadRobustness(bytes.Replace(b, []byte(`"outcome": "waiting"`), []byte(`"outcome": "other"`), 1))
	assert.ErrorContains(t, err, `is of "other", want "waiting"`)
	_, err = ReadRobustness([]byte("{"))
	assert.Error(t, err)
}

// TestRobustnessTinySweep runs a tiny robustness sweep (North East, 2
// years, 3 parameter sets, 1 run, two interventions) in one process and as
// three shards, so that the machinery never rots: the merged shards give
// the same files, byte for byte, whatever the workers.
func TestRobustnessTinySweep(t *testing.T) {
	cfg, err := scenarios.RegionalBaseline("North East")
	require.NoError(t, err)
	opts := DesignOptions{Config: cfg, Points: 3, Runs: 1, Years: 2, Seed: 3, Workers: 2}
	names := []string{"profit-cap", "foster-recruitment"}
	one, err := Robustness(context.Background(), opts, names)
	require.NoError(t, err)
	one.Market = "North East"
	require.Len(t, one.Cells, 2)
	for s := range one.Cells {
		require.Len(t, one.Cells[s], len(RobustnessOutcomes()))
		for o := range one.Cells[s] {
			assert.Len(t, one.Effects[s][o], 3)
			assert.False(t, math.IsNaN(one.Cells[s][o].Median))
		}
	}
	opts.Workers = 1
	var parts []*SweepShard
	for k := 1; k <= 3; k++ {
		sh, err := Sweep{Market: "North East", Robustness: &opts, Names: names}.RunShard(context.Background(), scenarios.Shard{K: k, N: 3})
		require.NoError(t, err)
		var b bytes.Buffer
		require.NoError(t, sh.Write(&b))
		back, err := ReadSweepShard(&b)
		require.NoError(t, err)
		parts = append(parts, back)
	}
	merged, err := MergeSweep(parts...)
	require.NoError(t, err)
	assert.Nil(t, merged.Sensitivity)
	require.NotNil(t, merged.Robustness)
	d1, d2 := t.TempDir(), t.TempDir()
	f1, err := one.WriteFiles(d1)
	require.NoError(t, err)
	_, err = merged.Robustness.WriteFiles(d2)
	require.NoError(t, err)
	for _, p := range f1 {
		a, err := os.ReadFile(p)
		require.NoError(t, err)
		b, err := os.ReadFile(filepath.Join(d2, filepath.Base(p)))
		require.NoError(t, err)
		assert.Equal(t, string(a), string(b), filepath.Base(p))
	}
	j, err := os.ReadFile(filepath.Join(d1, "robustness.json"))
	require.NoError(t, err)
	f, err := ReadRobustness(j)
	require.NoError(t, err)
	assert.NotNil(t, f.Effect("foster-recruitment", "net_public_cost_gbp"))
}
