package scenarios_test

import (
	"context"
	"math"
	"sort"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/caremarket/caremarket/market"
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
