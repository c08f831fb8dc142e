package report_test

import (
	stdhtml "html"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/caremarket/caremarket/calibrate"
	"github.com/caremarket/caremarket/internal/jsonsafe"
)

// robustnessJSON returns a robustness.json of the small comparison's
// market and horizon that swept profit-cap only, every effect keeping a
// sign in share of the sets (below and above zero alike, so whatever the
// sign of a cell's difference), over years.
func robustnessJSON(t *testing.T, s *small, share float64, years int) []byte {
	t.Helper()
	h, err := calibrate.ConfigSHA256(s.scs[0].Config)
	require.NoError(t, err)
	f := calibrate.RobustnessFile{Format: calibrate.RobustnessFormat, Market: "North East", Sets: 50, Runs: 1, Years: years, Seed: 1,
		ConfigSHA256: h, Threshold: calibrate.RobustThreshold}
	rs := calibrate.RobustScenario{Name: "profit-cap"}
	for _, o := range calibrate.RobustnessOutcomes() {
		f.Outcomes = append(f.Outcomes, calibrate.RobustOutcome{Name: o.Name, Label: o.Label, Unit: o.Unit})
		rs.Effects = append(rs.Effects, calibrate.RobustEffect{Outcome: o.Name, Sign: -1, SignShare: share, Below: share, Above: share, Robust: share >= 0.9})
	}
	f.Scenarios = append(f.Scenarios, rs)
	b, err := jsonsafe.Marshal(f)
	require.NoError(t, err)
	return b
}

// marks counts the cells of a headline row marked better or worse, and
// uncertain.
func marks(row string) (judged, uncertain int) {
	judged = strings.Count(row, `<td class="better">`) + strings.Count(row, `<td class="worse">`)
	return judged, strings.Count(row, `<span class="mark uncertain">? uncertain</span>`)
}

// TestReportRobustness: a cell is marked better or worse only when the
// robustness analysis swept its scenario and the effect keeps the sign of
// the cell's difference in at least 90% of sets; a clear difference that
// fails the test, or is untested, is marked uncertain and says so.
func TestReportRobustness(t *testing.T) {
	s := smallComparison(t)
	rowsOf := func(rob []byte) []string {
		opts := s.options()
		opts.Robustness, opts.RobustnessSource = rob, "robustness.json"
		html := render(t, s.cmp, opts)
		rows := headlineRows(t, html)
		for i := range rows {
			rows[i] = stdhtml.UnescapeString(rows[i])
		}
		return append(rows, stdhtml.UnescapeString(html))
	}
	robust := rowsOf(robustnessJSON(t, s, 1, 2))
	cap, nfp := robust[1], robust[2]
	capJudged, capUncertain := marks(cap)
	assert.Zero(t, capUncertain, "a robust swept effect is never uncertain")
	require.Positive(t, capJudged, "the small comparison has a clear difference where lower is better")
	assert.Equal(t, 6, strings.Count(cap, "same sign in 100% of 50 parameter sets"), "the six columns where lower is better")
	nfpJudged, nfpUncertain := marks(nfp)
	assert.Zero(t, nfpJudged, "nfp-entry was not swept: never better or worse")
	assert.Equal(t, 6, strings.Count(nfp, "robustness untested"))
	has(t, robust[len(robust)-1], "Robustness untested for:")
	has(t, robust[len(robust)-1], "nfp-entry (the analysis swept the built-in interventions, unchanged, not this scenario's)")

	uncertain := rowsOf(robustnessJSON(t, s, 0.88, 2))
	j, u := marks(uncertain[1])
	assert.Zero(t, j, "88% of sets is short of 90%: never better or worse")
	assert.Equal(t, capJudged, u, "every clear difference is uncertain instead")
	assert.Equal(t, 6, strings.Count(uncertain[1], "same sign in 88% of 50 parameter sets"))

	none := rowsOf(nil)
	j, u = marks(none[1])
	assert.Zero(t, j)
	assert.Equal(t, capJudged, u)
	_, u = marks(none[2])
	assert.Equal(t, nfpUncertain, u, "nfp-entry is untested either way")
	has(t, none[len(none)-1], "No robustness analysis")

	other := rowsOf(robustnessJSON(t, s, 1, 10))
	j, _ = marks(other[1])
	assert.Zero(t, j)
	has(t, other[len(other)-1], "the analysis covers 10 years and this comparison 2")

	bad := rowsOf([]byte(`{"format": "x"}`))
	has(t, bad[len(bad)-1], "The robustness analysis could not be read")
}
