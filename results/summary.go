package results

import "github.com/caremarket/caremarket/market"

// England is the region column of national values in the tidy files.
const England = "England"

// Band summarises one value across the runs of an ensemble: the mean and the
// 5th, 50th and 95th percentiles (gonum stat.Quantile, stat.Empirical). With
// one run every field equals the run's value.
type Band struct {
	Mean float64 `json:"mean"`
	P5   float64 `json:"p5"`
	P50  float64 `json:"p50"`
	P95  float64 `json:"p95"`
}

// Summary aggregates the runs of one scenario.
type Summary struct {
	Scenario    string
	Description string
	Seed        uint64
	Runs        int
	Start       string // "2023-04"
	StartYear   int
	Years       int
	Regions     []string
	// Yearly[m][y] is metric m in financial year y: stocks are the yearly
	// mean of weekly values, flows the yearly sum; computed over all runs.
	Yearly [market.NumMetrics][]Band
	// Weekly[m][k] is metric m in reported week k, over the first
	// WeeklyRuns runs (run indices 0 to WeeklyRuns−1), so that memory does
	// not grow with the number of runs.
	Weekly     [market.NumMetrics][]Band
	WeeklyRuns int
	// RegionalYearly[m][r][y] is regional metric m for region r in year y.
	RegionalYearly [market.NumRegionalMetrics][][]Band
	// Warnings collects the distinct warnings of the runs.
	Warnings []string
	// Results holds every run's weekly results, only when the caller asked
	// to keep them.
	Results []*market.Results
}

// DiffBand summarises the paired differences (alternative − baseline, run by
// run on the same seeds) of one value: Band gives their mean and the 5th, 50th
// and 95th percentiles (a 90% interval of the effect in one run), and
// MeanLo, MeanHi a 90% confidence interval of the mean effect
// (mean ± t(0.95, n−1)·sd/√n, Student's t).
type DiffBand struct {
	Band
	MeanLo float64 `json:"mean_lo"`
	MeanHi float64 `json:"mean_hi"`
}

// Diff holds one alternative's paired differences from the baseline.
type Diff struct {
	Scenario string
	// Yearly[m][y] is the difference in metric m in financial year y.
	Yearly [market.NumMetrics][]DiffBand
	// Total[m] is the difference cumulated over the horizon: flows summed
	// over the years (e.g. £ spent), stocks summed over the weeks (e.g.
	// child-weeks waiting).
	Total [market.NumMetrics]DiffBand
}

// Comparison is a paired comparison of alternatives with a baseline, every
// scenario run on the same seeds and run indices.
type Comparison struct {
	Baseline     *Summary
	Alternatives []*Summary
	Diffs        []Diff // one per alternative, in the same order
}
