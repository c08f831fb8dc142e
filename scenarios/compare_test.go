package scenarios_test

import (
	"bytes"
	"context"
	"math"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/caremarket/caremarket/market"
	"github.com/caremarket/caremarket/results"
	"github.com/caremarket/caremarket/scenarios"
)

// TestComparePairsRuns checks that Compare's differences are those of runs
// with the same index and the baseline's seed, computed here one run at a
// time.
func TestComparePairsRuns(t *testing.T) {
	base, alt := nePair(t, 2, "more-arrivals", 1.2)
	alt.Seed = 999 // ignored: Compare runs every scenario on the baseline's seed
	const runs, first = 4, 2
	c, err := scenarios.Compare(context.Background(), base, []*scenarios.Scenario{alt}, scenarios.EnsembleOptions{Runs: runs, FirstRun: first, Workers: 2})
	require.NoError(t, err)
	require.Len(t, c.Diffs, 1)
	require.Len(t, c.Alternatives, 1)
	assert.Equal(t, "more-arrivals", c.Diffs[0].Scenario)
	assert.Equal(t, base.Seed, c.Alternatives[0].Seed)
	assert.Equal(t, runs, c.Baseline.Runs)

	paired := *alt
	paired.Seed = base.Seed
	var rb, ra []*market.Results
	for i := range runs {
		b, err := scenarios.Run(context.Background(), base, scenarios.RunOptions{Run: first + i})
		require.NoError(t, err)
		a, err := scenarios.Run(context.Background(), &paired, scenarios.RunOptions{Run: first + i})
		require.NoError(t, err)
		rb, ra = append(rb, b), append(ra, a)
	}
	for _, m := range []market.Metric{market.SpendGBP, market.Waiting, market.ChildrenInCare, market.Arrivals} {
		tot := make([]float64, runs)
		for y := range 2 {
			d := make([]float64, runs)
			for i := range runs {
				d[i] = ra[i].Yearly(m)[y] - rb[i].Yearly(m)[y]
				tot[i] += d[i]
			}
			got := c.Diffs[0].Yearly[m][y]
			assert.Equal(t, stat.Mean(d, nil), got.Mean, "%s year %d", m, y)
			h := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: runs - 1}.Quantile(0.95) * stat.StdDev(d, nil) / math.Sqrt(runs)
			assert.InDelta(t, got.Mean-h, got.MeanLo, 1e-9*math.Abs(got.Mean)+1e-9)
			assert.InDelta(t, got.Mean+h, got.MeanHi, 1e-9*math.Abs(got.Mean)+1e-9)
			sort.Float64s(d)
			assert.Equal(t, stat.Quantile(0.5, stat.Empirical, d, nil), got.P50)
			assert.Equal(t, d[0], got.P5)
			assert.Equal(t, d[runs-1], got.P95)
		}
		if !m.Flow() {
			for i := range tot {
				tot[i] *= 52
			}
		}
		assert.InDelta(t, stat.Mean(tot, nil), c.Diffs[0].Total[m].Mean, 1e-9*math.Abs(stat.Mean(tot, nil))+1e-9, "%s total", m)
	}
	// More arrivals mean more children in care in every pair: the effect is
	// visible because the pairs share their random streams.
	assert.Greater(t, c.Diffs[0].Yearly[market.Arrivals][1].P5, 0.0)
	// Unpaired (run i against run i+1) differences are not what Compare
	// reports.
	var unpaired []float64
	for i := range runs {
		unpaired = append(unpaired, ra[i].Yearly(market.SpendGBP)[1]-rb[(i+1)%runs].Yearly(market.SpendGBP)[1])
	}
	sort.Float64s(unpaired)
	assert.NotEqual(t, unpaired[0], c.Diffs[0].Yearly[market.SpendGBP][1].P5)
}

func TestCompareWithItselfIsZero(t *testing.T) {
	base := neScenario(t, 1)
	same := neScenario(t, 1)
	same.Name = "same"
	same.Seed = 3
	c, err := scenarios.Compare(context.Background(), base, []*scenarios.Scenario{same}, scenarios.EnsembleOptions{Runs: 3})
	require.NoError(t, err)
	for m := range market.NumMetrics {
		assert.Equal(t, scenarios.DiffBand{}, c.Diffs[0].Total[m], "%s", m)
		assert.Equal(t, scenarios.DiffBand{}, c.Diffs[0].Yearly[m][0], "%s", m)
	}
	assert.Equal(t, c.Baseline.Yearly, c.Alternatives[0].Yearly)
}

func TestCompareRefusesMismatchedHorizons(t *testing.T) {
	_, err := scenarios.Compare(context.Background(), neScenario(t, 1), []*scenarios.Scenario{neScenario(t, 2)}, scenarios.EnsembleOptions{Runs: 1})
	require.ErrorContains(t, err, "same horizon")
}

func TestCompareProgressCountsAllScenarios(t *testing.T) {
	var last, total int
	_, err := scenarios.Compare(context.Background(), neScenario(t, 1), []*scenarios.Scenario{neScenario(t, 1)}, scenarios.EnsembleOptions{Runs: 2, Workers: 1,
		Progress: func(d, n int) { last, total = d, n }})
	require.NoError(t, err)
	assert.Equal(t, 4, last)
	assert.Equal(t, 4, total)
}

// TestRunValuesMatchComparison checks that the per-run values are those
// behind the comparison: their bands are the summaries' yearly bands and
// their paired differences the comparison's, to the last bit.
func TestRunValuesMatchComparison(t *testing.T) {
	base, alt := nePair(t, 2, "more-arrivals", 1.2)
	parts, err := scenarios.CollectComparison(context.Background(), base, []*scenarios.Scenario{alt}, scenarios.EnsembleOptions{Runs: 4, FirstRun: 3, Workers: 2})
	require.NoError(t, err)
	cmp, err := scenarios.CompareAggregates(parts[0], parts[1:])
	require.NoError(t, err)
	vb, err := parts[0].RunValues()
	require.NoError(t, err)
	va, err := parts[1].RunValues(market.Waiting, market.SpendGBP)
	require.NoError(t, err)
	assert.Equal(t, []int{3, 4, 5, 6}, vb.Runs)
	assert.True(t, va.Has(market.Waiting))
	assert.False(t, va.Has(market.Arrivals))
	assert.True(t, vb.Has(market.Arrivals), "no metric given means every metric")
	for _, m := range []market.Metric{market.Waiting, market.SpendGBP} {
		for y := range 2 {
			col := func(v *scenarios.RunValues) []float64 {
				out := make([]float64, len(v.Runs))
				for i := range out {
					out[i] = v.Yearly[m][i][y]
				}
				return out
			}
			assert.Equal(t, cmp.Baseline.Yearly[m][y], scenarios.BandOf(col(vb)), "%s year %d", m, y)
			d, err := results.PairedDiff(col(va), col(vb))
			require.NoError(t, err)
			assert.Equal(t, cmp.Diffs[0].Yearly[m][y], d, "%s year %d", m, y)
		}
	}
	_, err = parts[0].RunValues(market.NumMetrics)
	assert.Error(t, err)
}

func TestPairedDiff(t *testing.T) {
	d, err := results.PairedDiff([]float64{3, 5, 7, math.NaN()}, []float64{1, 2, 3, 4})
	require.NoError(t, err)
	assert.InDelta(t, 3, d.Mean, 1e-12, "the NaN pair is left out")
	h := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: 2}.Quantile(0.95) * 1 / math.Sqrt(3)
	assert.InDelta(t, 3-h, d.MeanLo, 1e-12)
	assert.InDelta(t, 3+h, d.MeanHi, 1e-12)
	_, err = results.PairedDiff([]float64{1}, []float64{1, 2})
	assert.Error(t, err)
	d, err = results.PairedDiff([]float64{math.NaN()}, []float64{1})
	require.NoError(t, err)
	assert.True(t, math.IsNaN(d.Mean))
}

// TestRunValuesCSVRoundTrip checks that run values survive the file
// exactly, NaN included, and that malformed files are refused.
func TestRunValuesCSVRoundTrip(t *testing.T) {
	v := &scenarios.RunValues{Scenario: "a", StartYear: 2023, Years: 2, Runs: []int{0, 7}}
	v.Yearly[market.Waiting] = [][]float64{{1.0 / 3, 2e-9}, {math.NaN(), 1e12 + 0.5}}
	w := &scenarios.RunValues{Scenario: "b", StartYear: 2023, Years: 2, Runs: []int{0, 7}}
	w.Yearly[market.SpendGBP] = [][]float64{{5, 6}, {7, 8}}
	var buf bytes.Buffer
	require.NoError(t, results.WriteRunValuesCSV(&buf, []*scenarios.RunValues{v, w}))
	got, err := results.ReadRunValuesCSV(bytes.NewReader(buf.Bytes()))
	require.NoError(t, err)
	require.Len(t, got, 2)
	assert.Equal(t, w, got[1])
	assert.Equal(t, v.Runs, got[0].Runs)
	g := got[0].Yearly[market.Waiting]
	assert.Equal(t, 1.0/3, g[0][0])
	assert.Equal(t, 2e-9, g[0][1])
	assert.True(t, math.IsNaN(g[1][0]))
	assert.Equal(t, 1e12+0.5, g[1][1])

	text := buf.String()
	for _, c := range []struct{ name, content, want string }{
		{"header", strings.Replace(text, "scenario,run", "scen,run", 1), "header"},
		{"duplicate", text + "a,0,waiting,2023,1\n", "appears twice"},
		{"missing", strings.Replace(text, "b,7,spend_gbp,2024,8\n", "", 1), "no value of spend_gbp for run 7, year 2024"},
		{"gap in years", strings.ReplaceAll(text, "b,0,spend_gbp,2024", "b,0,spend_gbp,2026"), "not consecutive"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := results.ReadRunValuesCSV(strings.NewReader(c.content))
			require.Error(t, err)
			assert.Contains(t, err.Error(), c.want)
		})
	}
	got, err = results.ReadRunValuesCSV(strings.NewReader(text + "a,0,metric_of_the_future,2023,1\n"))
	require.NoError(t, err, "metrics of another version are skipped")
	assert.Len(t, got, 2)
}
