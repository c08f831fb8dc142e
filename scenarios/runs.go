package scenarios

import (
	"fmt"
	"slices"

	"github.com/caremarket/caremarket/market"
	"github.com/caremarket/caremarket/results"
)

// RunValuesFile is the file of per-run yearly values that `caremarket
// report` writes beside a comparison (see WriteRunValuesCSV), so that
// paired statistics of derived quantities (shares, ratios) can be computed
// again from the saved comparison (results.RunValuesFile).
const RunValuesFile = results.RunValuesFile

// RunValues is results.RunValues.
type RunValues = results.RunValues

// RunValues returns the yearly values of metrics (every metric when none
// is given) in every run the aggregate holds, in run order. It fails on an
// unknown metric.
func (a *Aggregate) RunValues(metrics ...market.Metric) (*RunValues, error) {
	if len(metrics) == 0 {
		for m := range market.NumMetrics {
			metrics = append(metrics, m)
		}
	}
	years := a.meta.Years
	v := &RunValues{Scenario: a.meta.Scenario, StartYear: a.meta.StartYear, Years: years, Runs: a.Indices()}
	for _, m := range metrics {
		if m < 0 || m >= market.NumMetrics {
			return nil, &market.FieldError{Field: "metric", Value: int(m), Allowed: fmt.Sprintf("0 to %d", market.NumMetrics-1)}
		}
		rows := make([][]float64, len(a.recs))
		for i, r := range a.recs {
			rows[i] = slices.Clone(r.yearly[int(m)*years : (int(m)+1)*years])
		}
		v.Yearly[m] = rows
	}
	return v, nil
}
