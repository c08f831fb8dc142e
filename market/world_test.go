package market_test

import (
	"context"
	"errors"
	"math"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/caremarket/caremarket/market"
)

func TestSmallConfigValid(t *testing.T) {
	t.Parallel()
	require.NoError(t, smallConfig().Validate())
	w, err := market.New(smallConfig(), market.Options{Seed: 1, Years: 1})
	require.NoError(t, err)
	require.NoError(t, w.Check(), "the world as built")
	assert.Equal(t, []string{"North", "South"}, w.Regions())
	assert.Len(t, w.Councils, 5)
	assert.Equal(t, 52, w.WarmupWeeks())
	assert.Equal(t, 104, w.TotalWeeks())
	assert.Equal(t, -52, w.ReportedWeek())
}

// TestInvariantsSmallWorld runs the small world for five years with Check
// after every week, on a few seeds, and checks the accounting identities of
// the results.
func TestInvariantsSmallWorld(t *testing.T) {
	t.Parallel()
	const years = 5
	for seed := uint64(1); seed <= 3; seed++ {
		cfg := smallConfig()
		res := run(t, cfg, market.Options{Seed: seed, Years: years, CheckInvariants: true})
		checkSeries(t, cfg, res, years, -1)
		// The small world is a working market, not an empty one.
		y := res.Yearly(market.ChildrenInCare)
		assert.Greater(t, y[0], 300.0, "children in care, year 1")
		assert.Greater(t, res.Yearly(market.PlacedHomes)[0], 10.0)
		assert.Greater(t, res.Yearly(market.PlacedFosterIFA)[0], 10.0)
		assert.Greater(t, res.Yearly(market.Moves)[0], 0.0)
	}
}

// TestInvariantsNoWarmup runs without a warm-up, so the stock before the
// first week's flows is the configured children looked after.
func TestInvariantsNoWarmup(t *testing.T) {
	t.Parallel()
	cfg := smallConfig()
	total := 0
	for _, c := range cfg.Councils {
		total += c.Children
	}
	res := run(t, cfg, market.Options{Seed: 7, Years: 3, WarmupWeeks: -1, CheckInvariants: true})
	checkSeries(t, cfg, res, 3, total)
}

// resultsEqual reports the first difference between two results, comparing
// every value bit for bit.
func resultsEqual(a, b *market.Results) error {
	if a.StartYear != b.StartYear || a.Weeks != b.Weeks || len(a.Regions) != len(b.Regions) {
		return errors.New("headers differ")
	}
	for m := range a.Series {
		if len(a.Series[m]) != len(b.Series[m]) {
			return errors.New(market.Metric(m).String() + ": lengths differ")
		}
		for k := range a.Series[m] {
			if math.Float64bits(a.Series[m][k]) != math.Float64bits(b.Series[m][k]) {
				return errors.New(market.Metric(m).String() + " differs")
			}
		}
	}
	for m := range a.Regional {
		for r := range a.Regional[m] {
			for k := range a.Regional[m][r] {
				if math.Float64bits(a.Regional[m][r][k]) != math.Float64bits(b.Regional[m][r][k]) {
					return errors.New(market.RegionalMetric(m).String() + " differs in " + a.Regions[r])
				}
			}
		}
	}
	if len(a.Warnings) != len(b.Warnings) {
		return errors.New("warnings differ")
	}
	for i := range a.Warnings {
		if a.Warnings[i] != b.Warnings[i] {
			return errors.New("warnings differ")
		}
	}
	return nil
}

// TestDeterminism checks that a seed and run index fix every number of the
// results, whatever GOMAXPROCS, and whether or not invariants are checked
// (Check must draw nothing); and that another seed or run gives others.
func TestDeterminism(t *testing.T) {
	// Not parallel: it sets GOMAXPROCS.
	const years = 3
	opts := market.Options{Seed: 42, Run: 3, Years: years}
	a := run(t, smallConfig(), opts)
	b := run(t, smallConfig(), opts)
	require.NoError(t, resultsEqual(a, b), "same seed, same run")

	checked := opts
	checked.CheckInvariants = true
	require.NoError(t, resultsEqual(a, run(t, smallConfig(), checked)), "invariant checks change the run")

	prev := runtime.GOMAXPROCS(1)
	c := run(t, smallConfig(), opts)
	runtime.GOMAXPROCS(prev)
	require.NoError(t, resultsEqual(a, c), "GOMAXPROCS(1)")

	other := opts
	other.Seed = 43
	assert.Error(t, resultsEqual(a, run(t, smallConfig(), other)), "another seed gives the same results")
	other = opts
	other.Run = 4
	assert.Error(t, resultsEqual(a, run(t, smallConfig(), other)), "another run gives the same results")
}

// TestDeterminismParallel runs worlds of the same seed on several
// goroutines at once: they share nothing, so each matches a lone run.
func TestDeterminismParallel(t *testing.T) {
	t.Parallel()
	opts := market.Options{Seed: 5, Years: 2}
	want := run(t, smallConfig(), opts)
	const n = 4
	got := make([]*market.Results, n)
	done := make(chan int)
	for i := range n {
		go func() {
			w, err := market.New(smallConfig(), opts)
			if err == nil {
				got[i], _ = w.Run(context.Background(), nil)
			}
			done <- i
		}()
	}
	for range n {
		<-done
	}
	for i := range n {
		require.NotNil(t, got[i])
		require.NoError(t, resultsEqual(want, got[i]), "world %d", i)
	}
}

func TestRunContextAndProgress(t *testing.T) {
	t.Parallel()
	w, err := market.New(smallConfig(), market.Options{Seed: 1, Years: 1})
	require.NoError(t, err)
	var calls, last, total int
	res, err := w.Run(context.Background(), func(done, tot int) {
		calls++
		assert.Greater(t, done, last, "progress goes forward")
		last, total = done, tot
	})
	require.NoError(t, err)
	assert.Equal(t, 104, total)
	assert.Equal(t, 104, last, "the last call reports the end")
	assert.Equal(t, 8, calls, "every 13 weeks of 104")
	assert.True(t, w.Done())
	assert.Error(t, w.Step(), "a step past the horizon")
	// Results share nothing with the world.
	res.Series[market.ChildrenInCare][0] = -1
	assert.NotEqual(t, -1.0, w.Results().Series[market.ChildrenInCare][0])

	w, err = market.New(smallConfig(), market.Options{Seed: 1, Years: 1})
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = w.Run(ctx, nil)
	assert.ErrorIs(t, err, context.Canceled)
	assert.Equal(t, 0, w.Week(), "a cancelled run takes no step")
}

func TestMetricNames(t *testing.T) {
	t.Parallel()
	names := market.MetricNames()
	require.Len(t, names, int(market.NumMetrics))
	seen := map[string]bool{}
	for i, n := range names {
		assert.False(t, seen[n], "duplicate metric name %q", n)
		seen[n] = true
		m, err := market.ParseMetric(n)
		require.NoError(t, err)
		assert.Equal(t, market.Metric(i), m)
		assert.Equal(t, n, m.String())
		assert.NotEmpty(t, m.Unit())
		assert.NotEmpty(t, m.Description())
	}
	_, err := market.ParseMetric("childern_in_care")
	require.Error(t, err)
	assert.Contains(t, err.Error(), `"childern_in_care"`)
	assert.Contains(t, err.Error(), "children_in_care")
	// The summary.json contract of issue 3, in order.
	contract := []string{"children_in_care", "arrivals", "leavers", "placed_foster_inhouse", "placed_foster_ifa",
		"placed_homes", "placed_supported", "placed_other", "waiting", "unregistered", "over_20_miles", "out_of_area",
		"moves", "spend_gbp", "clawback_gbp", "tax_receipts_gbp", "net_public_cost_gbp", "price_home_mean",
		"price_home_p90", "price_ifa_mean", "margin_private_equity", "margin_private", "margin_nfp",
		"home_places_private_equity", "home_places_private", "home_places_nfp", "home_places_council",
		"foster_households_council", "foster_households_ifa", "occupancy_homes", "entries", "exits_orderly",
		"exits_disorderly", "hhi_home_places", "children_over_500k"}
	assert.Equal(t, contract, names[:market.ContractMetrics])
	flows := map[string]bool{"spend_gbp": true, "clawback_gbp": true, "tax_receipts_gbp": true, "net_public_cost_gbp": true,
		"moves": true, "entries": true, "exits_orderly": true, "exits_disorderly": true, "arrivals": true, "leavers": true}
	for _, n := range contract {
		m, _ := market.ParseMetric(n)
		assert.Equal(t, flows[n], m.Flow(), "%s flow", n)
	}
}
