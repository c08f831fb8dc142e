package scenarios_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"math"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/caremarket/caremarket/market"
	"github.com/caremarket/caremarket/results"
	"github.com/caremarket/caremarket/scenarios"
)

var (
	twoRegionOnce sync.Once
	twoRegionCmp  *scenarios.Comparison
	twoRegionErr  error
)

// twoRegionComparison is a paired comparison on the North East and North
// West market over 2 years, 3 runs kept whole: the baseline, 20% more
// children coming into care, and 100 NFP homes from week 10.
func twoRegionComparison(t *testing.T) *scenarios.Comparison {
	t.Helper()
	twoRegionOnce.Do(func() {
		cfg, err := scenarios.RegionalBaseline("North East", "North West")
		if err != nil {
			twoRegionErr = err
			return
		}
		base := &scenarios.Scenario{Name: "base", Seed: 5, Years: 2, Config: cfg}
		more := *base
		more.Name = "more-children"
		c2 := *cfg
		c2.Demand.StartersPerYear *= 1.2
		more.Config = &c2
		nfp := *base
		nfp.Name = "nfp"
		iv := scenarios.NewNFPEntry(10)
		iv.Homes, iv.Years = 100, 1
		nfp.Interventions = []scenarios.Intervention{iv}
		twoRegionCmp, twoRegionErr = scenarios.Compare(context.Background(), base, []*scenarios.Scenario{&more, &nfp},
			scenarios.EnsembleOptions{Runs: 3, Workers: 2, KeepRuns: true})
	})
	require.NoError(t, twoRegionErr)
	return twoRegionCmp
}

func parseFloat(t *testing.T, s string) float64 {
	t.Helper()
	if s == "" {
		return math.NaN()
	}
	v, err := strconv.ParseFloat(s, 64)
	require.NoError(t, err, s)
	return v
}

func readCSVBytes(t *testing.T, b []byte) [][]string {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	require.NoError(t, err)
	return recs
}

// checkRowsMatchCSV checks that maps (one a row, from Row.Map or
// DiffRow.Map) hold exactly the records of the CSV file b below its header,
// column by column; an int column is written by itoa.
func checkRowsMatchCSV(t *testing.T, b []byte, maps []map[string]any, itoa func(int) string) {
	t.Helper()
	recs := readCSVBytes(t, b)
	require.Len(t, maps, len(recs)-1)
	head := recs[0]
	for i, m := range maps {
		rec := recs[i+1]
		require.Len(t, m, len(head))
		for j, col := range head {
			switch v := m[col].(type) {
			case string:
				assert.Equal(t, rec[j], v, "row %d column %s", i, col)
			case int:
				assert.Equal(t, rec[j], itoa(v), "row %d column %s", i, col)
			case float64:
				assert.Equal(t, parseFloat(t, rec[j]), v, "row %d column %s", i, col)
			default:
				t.Fatalf("column %s: unexpected type %T", col, v)
			}
		}
	}
}

// rowMaps returns the Map of each row.
func rowMaps[R interface{ Map() map[string]any }](rows []R) []map[string]any {
	out := make([]map[string]any, len(rows))
	for i, r := range rows {
		out[i] = r.Map()
	}
	return out
}

// TestRowsMatchTidyCSV checks that Summary.Rows holds exactly the rows of
// summary_tidy.csv, and Row.Map its columns.
func TestRowsMatchTidyCSV(t *testing.T) {
	s := twoRegionComparison(t).Baseline
	var b bytes.Buffer
	require.NoError(t, results.WriteSummaryTidyCSV(&b, s))
	checkRowsMatchCSV(t, b.Bytes(), rowMaps(s.Rows()), strconv.Itoa)
	// A filter keeps the metric's national and regional rows only.
	waiting := s.Rows(market.Waiting)
	assert.Len(t, waiting, s.Years*(1+len(s.Regions)))
	for _, r := range waiting {
		assert.Equal(t, "waiting", r.Metric)
	}
	assert.Len(t, s.Rows(market.SpendGBP, market.Arrivals), s.Years*(2+len(s.Regions)))
}

// TestDiffRowsMatchComparisonCSV checks that Comparison.Rows holds exactly
// the rows of comparison.csv, and DiffRow.Map its columns.
func TestDiffRowsMatchComparisonCSV(t *testing.T) {
	c := twoRegionComparison(t)
	var b bytes.Buffer
	require.NoError(t, results.WriteComparisonCSV(&b, c))
	checkRowsMatchCSV(t, b.Bytes(), rowMaps(c.Rows()), func(v int) string {
		if v == 0 {
			return "" // the total's year is empty in the CSV
		}
		return strconv.Itoa(v)
	})
	assert.Len(t, c.Rows(market.NetPublicCostGBP), len(c.Diffs)*(c.Baseline.Years+1))
}

// TestTables checks the plain-text tables of a real comparison: one line
// per year or alternative, aligned columns, and the numbers of the summary.
func TestTables(t *testing.T) {
	c := twoRegionComparison(t)
	s := c.Baseline
	tab := s.String()
	lines := strings.Split(strings.TrimSuffix(tab, "\n"), "\n")
	require.Len(t, lines, 2+s.Years, tab)
	assert.Contains(t, lines[0], "base: 3 runs, 2023/24 to 2024/25")
	assert.Contains(t, lines[1], "waiting (children)")
	assert.Contains(t, lines[1], "net public cost (£m)")
	assert.Contains(t, lines[1], "for-profit margin (%)")
	assert.True(t, strings.HasPrefix(lines[2], "2023/24"))
	assert.True(t, strings.HasPrefix(lines[3], "2024/25"))
	width := len([]rune(lines[1]))
	for _, l := range lines[2:] {
		assert.Equal(t, width, len([]rune(l)), "columns aligned:\n%s", tab)
	}
	// The cells are the yearly bands: mean [p5, p95], waiting rounded.
	w := s.Yearly[market.Waiting][1]
	cell := strconv.Itoa(int(math.Round(w.Mean))) // under 1,000 children in two regions
	require.Less(t, w.P95, 999.5)
	assert.Contains(t, lines[3], cell+" ["+strconv.Itoa(int(math.Round(w.P5)))+", "+strconv.Itoa(int(math.Round(w.P95)))+"]")

	ct := c.String()
	clines := strings.Split(strings.TrimSuffix(ct, "\n"), "\n")
	require.Len(t, clines, 3+len(c.Diffs), ct)
	assert.Contains(t, clines[0], "Paired differences from base over 2 years (2023/24 to 2024/25), 3 runs")
	assert.Contains(t, clines[1], "waiting (child-weeks)")
	assert.Contains(t, clines[1], "for-profit margin (pp)")
	assert.True(t, strings.HasPrefix(clines[2], "more-children"))
	assert.True(t, strings.HasPrefix(clines[3], "nfp"))
	// 20% more children coming into care costs more: a "+" total in £m.
	d := c.Diffs[0].Total[market.NetPublicCostGBP]
	require.Greater(t, d.MeanLo, 0.0)
	assert.Contains(t, clines[2], "+")

	// Chosen metrics, and a metric out of range shown as n/a, not a panic.
	one := s.Table(market.PriceHomeMean, market.Metric(-1))
	assert.Contains(t, one, "home price (£/week)")
	assert.Contains(t, one, "n/a")
	assert.Contains(t, c.Table(market.Metric(999)), "n/a")
	var nilS *scenarios.Summary
	var nilC *scenarios.Comparison
	assert.Equal(t, "<nil summary>\n", nilS.String())
	assert.Equal(t, "<nil comparison>\n", nilC.String())
	assert.Nil(t, nilS.Rows())
	assert.Nil(t, nilC.Rows())
}

// TestDiffOf checks DiffOf against the comparison's own paired totals, and
// regional sums against national ones.
func TestDiffOf(t *testing.T) {
	c := twoRegionComparison(t)
	close := func(want, got float64, what string) {
		t.Helper()
		assert.InDelta(t, want, got, 1e-9*math.Max(1, math.Abs(want)), what)
	}
	for _, m := range []market.Metric{market.NetPublicCostGBP, market.Waiting, market.HomePlaces, market.Arrivals} {
		got, err := c.DiffOf(scenarios.WeeklySum(m))
		require.NoError(t, err)
		require.Len(t, got, len(c.Diffs))
		for i, d := range c.Diffs {
			want := d.Total[m]
			close(want.Mean, got[i].Mean, m.String()+" mean")
			close(want.P5, got[i].P5, m.String()+" p5")
			close(want.P50, got[i].P50, m.String()+" p50")
			close(want.P95, got[i].P95, m.String()+" p95")
			close(want.MeanLo, got[i].MeanLo, m.String()+" mean_lo")
			close(want.MeanHi, got[i].MeanHi, m.String()+" mean_hi")
		}
	}
	// Summing two metrics sums their mean differences.
	both, err := c.DiffOf(scenarios.WeeklySum(market.Waiting, market.UnregisteredPlaced))
	require.NoError(t, err)
	for i, d := range c.Diffs {
		close(d.Total[market.Waiting].Mean+d.Total[market.UnregisteredPlaced].Mean, both[i].Mean, "waiting + unregistered")
	}
	// The regions' waiting adds up to England's.
	ne, err := c.DiffOf(scenarios.RegionalWeeklySum(market.RegionWaiting, "North East"))
	require.NoError(t, err)
	nw, err := c.DiffOf(scenarios.RegionalWeeklySum(market.RegionWaiting, "North West"))
	require.NoError(t, err)
	for i, d := range c.Diffs {
		close(d.Total[market.Waiting].Mean, ne[i].Mean+nw[i].Mean, "regional waiting")
	}
}

func TestDiffOfErrors(t *testing.T) {
	c := twoRegionComparison(t)
	_, err := c.DiffOf(scenarios.RegionalWeeklySum(market.RegionWaiting, "Narnia"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), `run 0 of "base"`)
	_, err = c.DiffOf(scenarios.WeeklySum(market.Metric(-3)))
	assert.Error(t, err)
	_, err = c.DiffOf(nil)
	assert.Error(t, err)
	var nilC *scenarios.Comparison
	_, err = nilC.DiffOf(scenarios.WeeklySum(market.Waiting))
	assert.Error(t, err)

	// Without KeepRuns the weekly results of every run are not kept.
	cfg, err := scenarios.RegionalBaseline("North East")
	require.NoError(t, err)
	base := &scenarios.Scenario{Name: "b", Seed: 1, Years: 1, Config: cfg}
	alt := *base
	alt.Name = "a"
	cmp, err := scenarios.Compare(context.Background(), base, []*scenarios.Scenario{&alt}, scenarios.EnsembleOptions{Runs: 2, Workers: 2})
	require.NoError(t, err)
	_, err = cmp.DiffOf(scenarios.WeeklySum(market.Waiting))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "KeepRuns")
	assert.True(t, math.IsNaN(scenarios.WeeklySum(market.Waiting)(nil)))
}
