package scenarios_test

import (
	"bytes"
	"context"
	"errors"
	"math/rand/v2"
	"runtime"
	"sort"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/stat"

	"github.com/caremarket/caremarket/market"
	"github.com/caremarket/caremarket/results"
	"github.com/caremarket/caremarket/scenarios"
)

// neScenario is the North East market (scenarios.RegionalBaseline), small
// enough for ensembles in tests.
func neScenario(t testing.TB, years int) *scenarios.Scenario {
	t.Helper()
	cfg, err := scenarios.RegionalBaseline("North East")
	require.NoError(t, err)
	return &scenarios.Scenario{Name: "ne", Description: "North East", Seed: 11, Years: years, Config: cfg}
}

// nePair returns neScenario(t, years) and an alternative to it named name
// whose starters per year are more times as many.
func nePair(t testing.TB, years int, name string, more float64) (base, alt *scenarios.Scenario) {
	t.Helper()
	base, alt = neScenario(t, years), neScenario(t, years)
	alt.Name = name
	alt.Config.Demand.StartersPerYear *= more
	return base, alt
}

func summaryJSON(t testing.TB, s *scenarios.Summary) []byte {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, results.WriteSummaryJSON(&b, s))
	return b.Bytes()
}

func seriesCSV(t testing.TB, s *scenarios.Summary) []byte {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, results.WriteSeriesCSV(&b, s))
	return b.Bytes()
}

func TestEnsembleSameBytesAnyWorkers(t *testing.T) {
	sc := neScenario(t, 2)
	prev := runtime.GOMAXPROCS(1)
	one, err := scenarios.Ensemble(context.Background(), sc, scenarios.EnsembleOptions{Runs: 7, Workers: 1, WeeklyRuns: 5})
	runtime.GOMAXPROCS(prev)
	require.NoError(t, err)
	four, err := scenarios.Ensemble(context.Background(), sc, scenarios.EnsembleOptions{Runs: 7, Workers: 4, WeeklyRuns: 5})
	require.NoError(t, err)
	seven, err := scenarios.Ensemble(context.Background(), sc, scenarios.EnsembleOptions{Runs: 7, Workers: 7, WeeklyRuns: 5})
	require.NoError(t, err)
	assert.Equal(t, string(summaryJSON(t, one)), string(summaryJSON(t, four)))
	assert.Equal(t, string(summaryJSON(t, one)), string(summaryJSON(t, seven)))
	assert.Equal(t, string(seriesCSV(t, one)), string(seriesCSV(t, four)))
	assert.Equal(t, one, four)
	// The runs differ from one another, so the bands are not trivially equal.
	b := one.Yearly[market.SpendGBP][0]
	assert.Less(t, b.P5, b.P95)
}

// TestEnsembleBandsFromRuns checks the bands against runs done one by one
// with scenarios.Run on the same run indices, and gonum/stat directly.
func TestEnsembleBandsFromRuns(t *testing.T) {
	sc := neScenario(t, 2)
	const runs, first = 5, 3
	s, err := scenarios.Ensemble(context.Background(), sc, scenarios.EnsembleOptions{Runs: runs, FirstRun: first, Workers: 3, WeeklyRuns: 2, KeepRuns: true})
	require.NoError(t, err)
	require.Len(t, s.Results, runs)
	assert.Equal(t, 2, s.WeeklyRuns)
	var res []*market.Results
	for i := range runs {
		r, err := scenarios.Run(context.Background(), sc, scenarios.RunOptions{Run: first + i})
		require.NoError(t, err)
		res = append(res, r)
		assert.Equal(t, r.Series, s.Results[i].Series, "run %d", first+i)
	}
	for _, m := range []market.Metric{market.ChildrenInCare, market.SpendGBP, market.Waiting, market.PriceHomeMean, market.Moves} {
		for y := range 2 {
			xs := make([]float64, runs)
			for i, r := range res {
				xs[i] = r.Yearly(m)[y]
			}
			mean := stat.Mean(xs, nil)
			sort.Float64s(xs)
			got := s.Yearly[m][y]
			assert.Equal(t, mean, got.Mean, "%s year %d", m, y)
			assert.Equal(t, stat.Quantile(0.05, stat.Empirical, xs, nil), got.P5)
			assert.Equal(t, stat.Quantile(0.5, stat.Empirical, xs, nil), got.P50)
			assert.Equal(t, stat.Quantile(0.95, stat.Empirical, xs, nil), got.P95)
		}
		// Weekly bands use the first WeeklyRuns (2) runs only.
		k := 60
		xs := []float64{res[0].Series[m][k], res[1].Series[m][k]}
		assert.Equal(t, stat.Mean(xs, nil), s.Weekly[m][k].Mean, "%s week %d", m, k)
	}
	for rm := range market.NumRegionalMetrics {
		xs := make([]float64, runs)
		for i, r := range res {
			xs[i] = r.RegionalYearly(rm)[0][1]
		}
		assert.Equal(t, stat.Mean(xs, nil), s.RegionalYearly[rm][0][1].Mean, "%s", rm)
	}
}

// TestBandQuantiles checks the band of a known sample against values
// computed by hand and against gonum/stat.
func TestBandQuantiles(t *testing.T) {
	// 1..20 shuffled: the empirical 5% quantile is the smallest value with
	// at least 5% of the sample at or below it (1), the median 10, the 95%
	// 19; the mean 10.5.
	xs := make([]float64, 20)
	for i := range xs {
		xs[i] = float64(i + 1)
	}
	rand.New(rand.NewPCG(1, 2)).Shuffle(len(xs), func(i, j int) { xs[i], xs[j] = xs[j], xs[i] })
	b := scenarios.BandOf(xs)
	assert.Equal(t, scenarios.Band{Mean: 10.5, P5: 1, P50: 10, P95: 19}, b)
	sorted := append([]float64(nil), xs...)
	sort.Float64s(sorted)
	assert.Equal(t, stat.Quantile(0.95, stat.Empirical, sorted, nil), b.P95)
	// A skewed sample.
	ys := []float64{3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3, 2, 3, 8, 4, 6, 2, 6, 4, 3, 3, 8, 3, 2, 7, 9, 5, 0, 2, 8, 8, 4, 1, 9, 7, 1, 6, 9, 3, 9, 9, 3, 7, 5, 1}
	b = scenarios.BandOf(ys)
	sorted = append([]float64(nil), ys...)
	sort.Float64s(sorted)
	assert.Equal(t, stat.Mean(ys, nil), b.Mean)
	assert.Equal(t, 1.0, b.P5) // 5% of 50 is 2.5 values: the 3rd smallest is 1
	assert.Equal(t, stat.Quantile(0.05, stat.Empirical, sorted, nil), b.P5)
	assert.Equal(t, stat.Quantile(0.5, stat.Empirical, sorted, nil), b.P50)
	assert.Equal(t, 9.0, b.P95)
	assert.Equal(t, scenarios.Band{Mean: 7, P5: 7, P50: 7, P95: 7}, scenarios.BandOf([]float64{7}))
	xs[0] = 99
	assert.NotEqual(t, 10.5, scenarios.BandOf(xs).Mean, "BandOf must not keep a stale copy")
}

func TestOneRunBandsAreTheRun(t *testing.T) {
	sc := neScenario(t, 1)
	s, err := scenarios.Ensemble(context.Background(), sc, scenarios.EnsembleOptions{Runs: 1})
	require.NoError(t, err)
	r, err := scenarios.Run(context.Background(), sc, scenarios.RunOptions{})
	require.NoError(t, err)
	for m := range market.NumMetrics {
		v := r.Yearly(m)[0]
		assert.Equal(t, scenarios.Band{Mean: v, P5: v, P50: v, P95: v}, s.Yearly[m][0], "%s", m)
		assert.Equal(t, r.Series[m][10], s.Weekly[m][10].Mean)
	}
}

func TestShardsMergeToTheSameSummary(t *testing.T) {
	sc := neScenario(t, 1)
	opts := scenarios.EnsembleOptions{Runs: 7, Workers: 2, WeeklyRuns: 4}
	whole, err := scenarios.Collect(context.Background(), sc, opts)
	require.NoError(t, err)
	want, err := whole.Summary()
	require.NoError(t, err)

	var parts []*scenarios.Aggregate
	for k := 1; k <= 3; k++ {
		o := opts
		o.Shard = scenarios.Shard{K: k, N: 3}
		a, err := scenarios.Collect(context.Background(), sc, o)
		require.NoError(t, err)
		assert.False(t, a.Complete())
		_, err = a.Summary()
		require.Error(t, err, "a shard alone has no summary")
		var buf bytes.Buffer
		require.NoError(t, a.WriteShard(&buf))
		back, err := scenarios.ReadShard(&buf)
		require.NoError(t, err)
		assert.Equal(t, a.Indices(), back.Indices())
		parts = append(parts, back)
	}
	assert.Equal(t, []int{0, 3, 6}, parts[0].Indices())
	assert.Equal(t, []int{2, 5}, parts[2].Indices())

	merged, err := scenarios.MergeAggregates(parts[2], parts[0], parts[1])
	require.NoError(t, err)
	got, err := merged.Summary()
	require.NoError(t, err)
	assert.Equal(t, string(summaryJSON(t, want)), string(summaryJSON(t, got)))
	assert.Equal(t, string(seriesCSV(t, want)), string(seriesCSV(t, got)))

	_, err = scenarios.MergeAggregates(parts[0], parts[1])
	require.ErrorContains(t, err, "missing runs include [2 5]")
	_, err = scenarios.MergeAggregates(parts[0], parts[1], parts[2], parts[1])
	require.ErrorContains(t, err, "more than one shard")

	other := *sc
	other.Seed = 12
	o := opts
	o.Shard = scenarios.Shard{K: 3, N: 3}
	a, err := scenarios.Collect(context.Background(), &other, o)
	require.NoError(t, err)
	_, err = scenarios.MergeAggregates(parts[0], parts[1], a)
	require.ErrorContains(t, err, "does not match")
}

func TestReadShardRejectsGarbage(t *testing.T) {
	for _, data := range [][]byte{nil, []byte("hello"), {0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff}} {
		_, err := scenarios.ReadShard(bytes.NewReader(data))
		require.Error(t, err)
	}
	a, err := scenarios.Collect(context.Background(), neScenario(t, 1), scenarios.EnsembleOptions{Runs: 2, Shard: scenarios.Shard{K: 1, N: 2}})
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, a.WriteShard(&buf))
	_, err = scenarios.ReadShard(bytes.NewReader(buf.Bytes()[:buf.Len()/2]))
	require.Error(t, err, "a truncated shard file is refused")
}

func TestParseShard(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want scenarios.Shard
		ok   bool
	}{
		{"1/4", scenarios.Shard{K: 1, N: 4}, true},
		{"4/4", scenarios.Shard{K: 4, N: 4}, true},
		{"1/1", scenarios.Shard{K: 1, N: 1}, true},
		{"0/4", scenarios.Shard{}, false},
		{"5/4", scenarios.Shard{}, false},
		{"-1/4", scenarios.Shard{}, false},
		{"1/0", scenarios.Shard{}, false},
		{"4", scenarios.Shard{}, false},
		{"a/b", scenarios.Shard{}, false},
		{"1/100001", scenarios.Shard{}, false},
	} {
		got, err := scenarios.ParseShard(tc.in)
		if !tc.ok {
			assert.Error(t, err, tc.in)
			continue
		}
		require.NoError(t, err, tc.in)
		assert.Equal(t, tc.want, got)
	}
}

func TestEnsembleProgress(t *testing.T) {
	var calls []int
	total := 0
	_, err := scenarios.Ensemble(context.Background(), neScenario(t, 1), scenarios.EnsembleOptions{Runs: 5, Workers: 3,
		Progress: func(done, n int) { calls = append(calls, done); total = n }})
	require.NoError(t, err)
	assert.Equal(t, []int{1, 2, 3, 4, 5}, calls)
	assert.Equal(t, 5, total)
}

func TestEnsembleCancel(t *testing.T) {
	sc, err := scenarios.Builtin("baseline")
	require.NoError(t, err)
	sc.Years = 1
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var cancelled atomic.Int64
	start := time.Now()
	_, err = scenarios.Ensemble(ctx, sc, scenarios.EnsembleOptions{Runs: 50, Workers: 2, Progress: func(done, total int) {
		if done == 1 {
			cancelled.Store(int64(time.Since(start)))
			cancel()
		}
	}})
	stopped := time.Since(start) - time.Duration(cancelled.Load())
	require.Error(t, err)
	assert.ErrorIs(t, err, context.Canceled)
	var ce *scenarios.CancelledError
	require.ErrorAs(t, err, &ce)
	assert.GreaterOrEqual(t, ce.Done, 1)
	assert.Less(t, ce.Done, 50)
	assert.Equal(t, 50, ce.Total)
	t.Logf("stopped %v after the cancel, %d runs done", stopped, ce.Done)
	if !raceEnabled {
		assert.Less(t, stopped, time.Second, "the ensemble stops within 1 s of the cancel")
	}
}

// failing is an intervention that fails when applied.
type failing struct{ scenarios.Start }

func (failing) Name() string                 { return "Failing" }
func (failing) Touches() []string            { return nil }
func (*failing) Apply(w *market.World) error { return errors.New("boom") }

func TestEnsembleRunFailure(t *testing.T) {
	sc := neScenario(t, 1)
	sc.Interventions = []scenarios.Intervention{&failing{}}
	for range 5 {
		_, err := scenarios.Ensemble(context.Background(), sc, scenarios.EnsembleOptions{Runs: 6, FirstRun: 2, Workers: 3})
		var re *scenarios.RunError
		require.ErrorAs(t, err, &re)
		assert.Equal(t, 2, re.Run, "the failed run with the lowest index is reported, whatever the timing")
		assert.ErrorContains(t, err, "boom")
	}

	bad := neScenario(t, 1)
	bad.Config.Demand.StartersPerYear = -1
	_, err := scenarios.Ensemble(context.Background(), bad, scenarios.EnsembleOptions{Runs: 2})
	require.ErrorContains(t, err, "demand.starters_per_year")
	_, err = scenarios.Ensemble(context.Background(), neScenario(t, 1), scenarios.EnsembleOptions{Runs: scenarios.MaxRuns + 1})
	require.ErrorContains(t, err, "runs")
	_, err = scenarios.Ensemble(context.Background(), neScenario(t, 1), scenarios.EnsembleOptions{Workers: -1})
	require.ErrorContains(t, err, "workers")
}

// counting counts its Apply calls and keeps state between weeks.
type counting struct {
	scenarios.Start
	applied, steps int
}

func (*counting) Name() string      { return "Counting" }
func (*counting) Touches() []string { return nil }
func (c *counting) Apply(w *market.World) error {
	c.applied++
	if c.applied != 1 {
		return errors.New("applied twice: state shared between runs")
	}
	return nil
}
func (c *counting) Step(w *market.World) error {
	c.steps++
	if c.steps > 52 {
		return errors.New("stepped too often: state shared between runs")
	}
	return nil
}

// TestStatefulInterventionsArePerRun runs an intervention with state on
// parallel workers (run it with -race): every run gets its own copy.
func TestStatefulInterventionsArePerRun(t *testing.T) {
	sc := neScenario(t, 1)
	iv := &counting{}
	sc.Interventions = []scenarios.Intervention{iv}
	_, err := scenarios.Ensemble(context.Background(), sc, scenarios.EnsembleOptions{Runs: 6, Workers: 3})
	require.NoError(t, err)
	assert.Zero(t, iv.applied, "the scenario's own intervention is not used by the runs")
}
