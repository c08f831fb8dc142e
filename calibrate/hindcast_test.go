package calibrate_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/caremarket/caremarket/calibrate"
	"github.com/caremarket/caremarket/market"
	"github.com/caremarket/caremarket/scenarios"
)

// constRuns returns runs from April 2019 of years years in which every
// metric holds value v in every week, except metric m, which holds
// base + week.
func constRuns(n, years int, v float64, m market.Metric, base float64) []*market.Results {
	var rs []*market.Results
	for range n {
		r := &market.Results{StartYear: 2019, Weeks: 52 * years}
		for mm := range market.NumMetrics {
			s := make([]float64, 52*years)
			for k := range s {
				s[k] = v
				if mm == m {
					s[k] = base + float64(k)
				}
			}
			r.Series[mm] = s
		}
		rs = append(rs, r)
	}
	return rs
}

// TestHindcastPoints checks when the model is read for each published
// figure: 31 March is the last week of the year (the first week for 31
// March 2019), a financial year its mean; figures outside the horizon are
// left out.
func TestHindcastPoints(t *testing.T) {
	rs := constRuns(3, 5, 10, market.ChildrenInCare, 1000)
	pts := calibrate.HindcastPoints(rs)
	byWhen := map[string]calibrate.HindcastPoint{}
	for _, p := range pts {
		if p.Series == "Children looked after" {
			byWhen[p.When] = p
		}
	}
	tests := []struct {
		when string
		want float64
	}{{"31 Mar 2019", 1000}, {"31 Mar 2020", 1051}, {"31 Mar 2024", 1259}}
	for _, tt := range tests {
		p, ok := byWhen[tt.when]
		require.True(t, ok, tt.when)
		assert.Equal(t, tt.want, p.Model.P50, tt.when)
	}
	assert.Len(t, byWhen, 6)
	for _, p := range pts {
		switch p.Series {
		case "Share in foster care":
			if p.When == "31 Mar 2019" {
				assert.InDelta(t, 0.02, p.Model.P50, 1e-12, "(10+10)/1000")
			}
		case "Weekly price of a children's home place":
			assert.Contains(t, []string{"2019/20", "2023/24"}, p.When)
		}
	}
	// Two years from 2019: 31 March 2022 to 2024 are outside.
	short := calibrate.HindcastPoints(constRuns(2, 2, 10, market.ChildrenInCare, 0))
	for _, p := range short {
		assert.NotContains(t, []string{"31 Mar 2022", "31 Mar 2023", "31 Mar 2024", "2023/24"}, p.When)
	}
	assert.InDelta(t, 0.1, calibrate.HindcastPoint{Published: 10, Model: scenarios.Band{P50: 11}}.Miss(), 1e-12)
	assert.Empty(t, calibrate.HindcastPoints(nil))
}
