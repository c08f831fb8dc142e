package report

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/caremarket/caremarket/calibrate"
	"github.com/caremarket/caremarket/market"
	"github.com/caremarket/caremarket/plots"
	"github.com/caremarket/caremarket/results"
	"github.com/caremarket/caremarket/scenarios"
)

// Direction says which way a change is better for the public and for
// children; Neutral columns are marked higher or lower, never better or
// worse.
type direction int

const (
	lowerBetter direction = iota
	neutral
)

// kind says how a column's values are computed from the comparison.
type kind int

const (
	// horizonTotal is Diff.Total as it is: flows summed over the horizon
	// (£, exits), stocks of children summed over the weeks (child-weeks).
	horizonTotal kind = iota
	// horizonMean is Diff.Total divided by the weeks of the horizon: the
	// mean over the horizon of a stock (a margin).
	horizonMean
	// share is Σ num ÷ Σ den over some years, per run, so its paired
	// differences need the runs' values (scenarios.RunValues).
	share
)

// column is one column of the headline table.
type column struct {
	Title, Unit string
	dir         direction
	kind        kind
	metric      market.Metric   // horizonTotal, horizonMean
	num, den    []market.Metric // share
	lastYear    bool            // share: the last year only, not the horizon
	format      func(v float64, signed bool) string
	// validation names the validation pattern (calibrate.Validation) that
	// says whether the model reproduces the published level behind this
	// column; "" when none applies.
	validation string
	// Caveat marks a column whose published level the model does not
	// reproduce (or whose validation is not available): its effects are
	// shown with a visible warning linked to the validation section.
	Caveat bool
	// robust names the outcome of the robustness analysis
	// (calibrate.RobustnessOutcomes) that measures this column; its cells
	// are marked better or worse only when the effect's sign holds in
	// enough of the analysis's parameter sets.
	robust string
}

// placedMetrics are the children whose distance from home is measured:
// those in registered foster care, children's homes and supported
// accommodation (unregistered settings are in the child's own council, and
// kinship care is not a placement by the market).
var placedMetrics = []market.Metric{market.PlacedFosterInHouse, market.PlacedFosterIFA, market.PlacedHomes, market.PlacedSupported}

// ownerMetrics are children's home places by owner.
var ownerMetrics = []market.Metric{market.HomePlacesPrivateEquity, market.HomePlacesPrivate, market.HomePlacesNFP, market.HomePlacesCouncil}

// RunMetrics returns the metrics whose per-run values the headline table
// needs for the paired intervals of its shares (see Options.Runs).
func RunMetrics() []market.Metric {
	return append(append([]market.Metric{market.Over20Miles}, placedMetrics...), ownerMetrics...)
}

func money(v float64, signed bool) string { return plots.FormatMoney(v, signed) }

// count writes a count; a value too small for FormatCount's rounding
// keeps two significant figures, so that a small but clear change never
// reads as 0.
func count(v float64, signed bool) string {
	if v != 0 && math.Abs(v) < 0.05 {
		return sign(v, signed) + twoFigures(math.Abs(v))
	}
	return plots.FormatCount(v, signed)
}

// percent writes a share ("12.5%") or, signed, a difference of shares in
// percentage points ("+1.5 pp"); a difference too small for one decimal
// keeps two significant figures ("+0.0042 pp").
func percent(v float64, signed bool) string {
	if signed && v != 0 && math.Abs(v*100) < 0.05 {
		return sign(v, true) + twoFigures(math.Abs(v*100)) + " pp"
	}
	return plots.FormatPercent(v, signed)
}

// twoFigures writes a positive x below 1 with two significant figures in
// fixed notation: 0.0000213 → "0.000021".
func twoFigures(x float64) string {
	d := max(0, 1-int(math.Floor(math.Log10(x))))
	return strconv.FormatFloat(x, 'f', d, 64)
}

func sign(v float64, signed bool) string {
	switch {
	case v < 0:
		return "-"
	case signed && v > 0:
		return "+"
	}
	return ""
}

// columns returns the headline table's columns for a horizon of years.
func columns(years int, lastYear string) []column {
	h := fmt.Sprintf("%d-year", years)
	if years == 1 {
		h = "1-year"
	}
	return []column{
		{Title: "Spend on placements", Unit: "£, " + h + " total", dir: lowerBetter, kind: horizonTotal, metric: market.SpendGBP, format: money, robust: "spend_gbp"},
		{Title: "Net public cost", Unit: "£, " + h + " total: spend − clawback − tax + capital grants", dir: lowerBetter, kind: horizonTotal, metric: market.NetPublicCostGBP, format: money, robust: "net_public_cost_gbp"},
		{Title: "Children waiting", Unit: "child-weeks, " + h + " total", dir: lowerBetter, kind: horizonTotal, metric: market.Waiting, format: count, robust: "waiting"},
		{Title: "Children in unregistered settings", Unit: "child-weeks, " + h + " total", dir: lowerBetter, kind: horizonTotal, metric: market.UnregisteredPlaced, format: count, validation: unregisteredCheck, robust: "unregistered_placed"},
		{Title: "Placed over 20 miles from home", Unit: "share of placed children, " + h + " mean", dir: lowerBetter, kind: share, num: []market.Metric{market.Over20Miles}, den: placedMetrics, format: percent, robust: "over_20_miles_share"},
		{Title: "For-profit operating margin", Unit: "share of revenue, " + h + " mean", dir: neutral, kind: horizonMean, metric: market.MarginForProfit, format: percent},
		{Title: "Not-for-profit and council home places", Unit: "share of children's home places, " + lastYear, dir: neutral, kind: share, num: []market.Metric{market.HomePlacesNFP, market.HomePlacesCouncil}, den: ownerMetrics, lastYear: true, format: percent},
		{Title: "Orderly provider exits", Unit: "providers, " + h + " total", dir: neutral, kind: horizonTotal, metric: market.ExitsOrderly, format: count},
		{Title: "Disorderly provider exits", Unit: "providers, " + h + " total", dir: lowerBetter, kind: horizonTotal, metric: market.ExitsDisorderly, format: count, robust: "exits_disorderly"},
	}
}

// cell is one cell of the headline table, ready to print.
type cell struct {
	Level string // the scenario's own value
	Diff  string // the paired difference from the baseline (alternatives)
	// Lo and Hi bound its 90% confidence interval of the mean; empty when
	// there is none.
	Lo, Hi string
	// Class is "better", "worse" or "changed" (a clear change in a neutral
	// column) when the interval excludes zero, else "".
	Class  string
	Marker string // the text marker of Class: "✓ better", "✗ worse", "▲ higher", "▼ lower"; "? uncertain"
	Note   string // why there is no interval, when there is none
	// Robust says in how many of the robustness analysis's parameter sets
	// the effect has this difference's sign, or that it is untested; empty
	// in columns the analysis does not measure.
	Robust string
	// Uncertain marks a difference whose interval excludes zero but which
	// fails the robustness test (or is untested): not marked better or
	// worse.
	Uncertain bool
}

// row is one scenario's row.
type row struct {
	Scenario string
	Colour   string // the scenario's colour in the figures, "#rrggbb"
	Baseline bool
	Cells    []cell
}

// headline is the headline table.
type headline struct {
	Columns []column
	Rows    []row
	// SharesPaired is false when the shares' intervals could not be
	// computed (no per-run values).
	SharesPaired bool
}

// runValuesByName indexes run values by scenario.
func runValuesByName(vs []*scenarios.RunValues) map[string]*scenarios.RunValues {
	out := map[string]*scenarios.RunValues{}
	for _, v := range vs {
		if v != nil {
			out[v.Scenario] = v
		}
	}
	return out
}

// yearRange returns the years a column covers.
func (c column) yearRange(years int) (from, to int) {
	if c.lastYear {
		return years - 1, years
	}
	return 0, years
}

// shareOfMeans is a share computed from the yearly means of a summary:
// Σ num ÷ Σ den over the column's years.
func (c column) shareOfMeans(s *scenarios.Summary) float64 {
	from, to := c.yearRange(s.Years)
	var num, den float64
	for y := from; y < to; y++ {
		for _, m := range c.num {
			num += s.Yearly[m][y].Mean
		}
		for _, m := range c.den {
			den += s.Yearly[m][y].Mean
		}
	}
	return ratio(num, den)
}

func ratio(a, b float64) float64 {
	if b == 0 {
		return math.NaN()
	}
	return a / b
}

// shareRuns returns the share in every run, in run order, or nil when v
// lacks a metric or a year.
func (c column) shareRuns(v *scenarios.RunValues, years int) []float64 {
	if v == nil || v.Years != years {
		return nil
	}
	for _, m := range append(append([]market.Metric(nil), c.num...), c.den...) {
		if !v.Has(m) {
			return nil
		}
	}
	from, to := c.yearRange(years)
	out := make([]float64, len(v.Runs))
	for i := range v.Runs {
		var num, den float64
		for y := from; y < to; y++ {
			for _, m := range c.num {
				num += v.Yearly[m][i][y]
			}
			for _, m := range c.den {
				den += v.Yearly[m][i][y]
			}
		}
		out[i] = ratio(num, den)
	}
	return out
}

// level returns a scenario's own value in column c.
func (c column) level(s *scenarios.Summary, runs []float64) float64 {
	switch c.kind {
	case share:
		if runs != nil {
			return scenarios.BandOf(runs).Mean
		}
		return c.shareOfMeans(s)
	}
	var sum float64
	for _, b := range s.Yearly[c.metric] {
		sum += b.Mean
	}
	if c.kind == horizonMean {
		return ratio(sum, float64(len(s.Yearly[c.metric])))
	}
	if !c.metric.Flow() {
		sum *= 52 // a stock summed over the weeks
	}
	return sum
}

// diff returns an alternative's paired difference in column c, and false
// when it has no interval (a share without per-run values).
func (c column) diff(d scenarios.Diff, years int, base, alt []float64, baseSum, altSum *scenarios.Summary) (scenarios.DiffBand, bool) {
	switch c.kind {
	case share:
		if base != nil && alt != nil {
			if db, err := results.PairedDiff(alt, base); err == nil {
				return db, true
			}
		}
		v := c.shareOfMeans(altSum) - c.shareOfMeans(baseSum)
		return scenarios.DiffBand{Band: scenarios.Band{Mean: v, P5: math.NaN(), P50: math.NaN(), P95: math.NaN()}, MeanLo: math.NaN(), MeanHi: math.NaN()}, false
	case horizonMean:
		t := d.Total[c.metric]
		w := float64(52 * years)
		return scenarios.DiffBand{Band: scenarios.Band{Mean: t.Mean / w, P5: t.P5 / w, P50: t.P50 / w, P95: t.P95 / w}, MeanLo: t.MeanLo / w, MeanHi: t.MeanHi / w}, true
	}
	return d.Total[c.metric], true
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// classify returns the class and marker of a difference whose 90%
// interval of the mean is [lo, hi]: a clear change only when the interval
// excludes zero and comes from at least two runs.
func classify(dir direction, lo, hi float64, runs int) (class, marker string) {
	if runs < 2 || !finite(lo) || !finite(hi) || (lo <= 0 && hi >= 0) {
		return "", ""
	}
	up := lo > 0
	switch {
	case dir == neutral && up:
		return "changed", "▲ higher"
	case dir == neutral:
		return "changed", "▼ lower"
	case up: // lower is better
		return "worse", "✗ worse"
	default:
		return "better", "✓ better"
	}
}

// buildHeadline computes the headline table of a comparison.
func buildHeadline(cmp *scenarios.Comparison, runValues []*scenarios.RunValues, rob *robustView) headline {
	base := cmp.Baseline
	years := base.Years
	cols := columns(years, plots.FinancialYear(base.StartYear+years-1))
	rv := runValuesByName(runValues)
	names := []string{base.Scenario}
	for _, a := range cmp.Alternatives {
		names = append(names, a.Scenario)
	}
	styles := plots.ScenarioStyles(names)
	h := headline{Columns: cols, SharesPaired: true}
	baseRuns := make([][]float64, len(cols))
	r := row{Scenario: base.Scenario, Colour: hexColour(styles[0].Color), Baseline: true}
	for k, c := range cols {
		if c.kind == share {
			baseRuns[k] = c.shareRuns(rv[base.Scenario], years)
		}
		r.Cells = append(r.Cells, cell{Level: format(c, c.level(base, baseRuns[k]), false)})
	}
	h.Rows = append(h.Rows, r)
	for i, a := range cmp.Alternatives {
		r := row{Scenario: a.Scenario, Colour: hexColour(styles[i+1].Color)}
		for k, c := range cols {
			var altRuns []float64
			if c.kind == share {
				altRuns = c.shareRuns(rv[a.Scenario], years)
				if baseRuns[k] == nil || altRuns == nil || len(altRuns) != len(baseRuns[k]) {
					altRuns = nil
				}
			}
			d, paired := c.diff(cmp.Diffs[i], years, baseRuns[k], altRuns, base, a)
			x := cell{Level: format(c, c.level(a, altRuns), false)}
			mean, lo, hi := c.diffTexts(d, paired && base.Runs > 1)
			x.Diff = mean
			switch {
			case !paired:
				h.SharesPaired = false
				x.Note = "no interval: the runs' values were not saved"
			case base.Runs < 2:
				x.Note = "no interval from 1 run"
			default:
				x.Lo, x.Hi = lo, hi
				x.Class, x.Marker = classify(c.dir, d.MeanLo, d.MeanHi, base.Runs)
			}
			if c.robust != "" {
				sets, threshold := 0, calibrate.RobustThreshold
				if rob != nil && rob.file != nil {
					sets, threshold = rob.file.Sets, rob.file.Threshold
				}
				x.applyRobustness(rob.effect(a.Scenario, c.robust), sets, threshold, d.Mean)
			}
			r.Cells = append(r.Cells, x)
		}
		h.Rows = append(h.Rows, r)
	}
	return h
}

// diffTexts writes a difference and the ends of its interval. Money and
// counts round as the figures do; differences of shares and margins, in
// percentage points, get the decimals that show the interval's half-width
// to one significant figure (at least one, at most six), all three alike,
// so that precision follows the uncertainty: "−0.01 pp [−0.07, +0.05]",
// "+0.000021 pp [+0.000020, +0.000023]".
func (c column) diffTexts(d scenarios.DiffBand, interval bool) (mean, lo, hi string) {
	if !isPercent(c) {
		return format(c, d.Mean, true), format(c, d.MeanLo, true), format(c, d.MeanHi, true)
	}
	h := (d.MeanHi - d.MeanLo) / 2 * 100
	var dec int
	switch {
	case interval && finite(h) && h > 0:
		dec = -int(math.Floor(math.Log10(h)))
	case finite(d.Mean) && d.Mean != 0:
		dec = 1 - int(math.Floor(math.Log10(math.Abs(d.Mean*100))))
	}
	if interval && finite(d.MeanLo) && finite(d.MeanHi) && (d.MeanLo > 0 || d.MeanHi < 0) {
		// An interval that excludes zero keeps a digit at its nearer end.
		near := min(math.Abs(d.MeanLo), math.Abs(d.MeanHi)) * 100
		dec = max(dec, -int(math.Floor(math.Log10(near))))
	}
	dec = min(max(dec, 1), 6)
	pp := func(v float64) string {
		if !finite(v) {
			return "n/a"
		}
		s := strconv.FormatFloat(math.Abs(v*100), 'f', dec, 64)
		if strings.Trim(s, "0.") == "" {
			return s + " pp" // rounds to zero: no sign
		}
		if v < 0 {
			return "−" + s + " pp"
		}
		return "+" + s + " pp"
	}
	return pp(d.Mean), pp(d.MeanLo), pp(d.MeanHi)
}

// isPercent reports whether column c is a share or margin.
func isPercent(c column) bool {
	return c.kind == share || (c.metric >= 0 && c.metric < market.NumMetrics && c.metric.Unit() == "share" && c.kind == horizonMean)
}

// format writes a value of column c, with a true minus sign (which a line
// never breaks after); shares' differences are in percentage points.
func format(c column, v float64, signed bool) string {
	if !finite(v) {
		return "n/a"
	}
	return minus(c.format(v, signed))
}

// minus replaces a leading hyphen-minus with the minus sign.
func minus(s string) string {
	if strings.HasPrefix(s, "-") {
		return "−" + s[1:]
	}
	return s
}

// unregisteredCheck is the validation pattern of the share of children in
// unregistered settings.
const unregisteredCheck = "V2_unregistered_share"

// markCaveats sets Caveat on every column whose validation pattern is not
// reproduced by the model, or whose result is not available.
func (h *headline) markCaveats(v *validationView) {
	for i := range h.Columns {
		c := &h.Columns[i]
		if c.validation == "" {
			continue
		}
		c.Caveat = v == nil || v.Error != "" || !v.passed(c.validation)
	}
}
