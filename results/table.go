package results

import (
	"fmt"
	"math"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/caremarket/caremarket/market"
)

// This file holds the readable forms of results for notebooks and scripts:
// plain-text tables (String, Table) and rows in long form for data-frame
// tools (Rows, Map).

// TableMetrics returns the metrics Summary.String and Comparison.String
// show: children waiting, children in unregistered settings, the net public
// cost, children's home places and the for-profit operating margin.
func TableMetrics() []market.Metric {
	return []market.Metric{market.Waiting, market.UnregisteredPlaced, market.NetPublicCostGBP, market.HomePlaces, market.MarginForProfit}
}

// String returns the summary as a table of TableMetrics by financial year
// (see Table).
func (s *Summary) String() string { return s.Table() }

// Table returns a plain-text table of the summary: one row per financial
// year, one column per metric (TableMetrics when none are given), each cell
// the yearly value's mean across the runs and, in brackets, its 5th and
// 95th percentiles. Stocks are yearly means of weekly values and flows
// yearly totals; money is in £m, shares in per cent.
func (s *Summary) Table(metrics ...market.Metric) string {
	if s == nil {
		return "<nil summary>\n"
	}
	if len(metrics) == 0 {
		metrics = TableMetrics()
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s, %s; yearly mean [5th, 95th percentile of runs]\n", s.Scenario, tabRuns(s.Runs), tabYears(s.StartYear, s.Years))
	head := []string{"year"}
	for _, m := range metrics {
		head = append(head, tabColumn(m, false))
	}
	rows := [][]string{head}
	for y := range s.Years {
		row := []string{tabFinancialYear(s.StartYear + y)}
		for _, m := range metrics {
			if !tabValidMetric(m) || y >= len(s.Yearly[m]) {
				row = append(row, "n/a")
				continue
			}
			x := s.Yearly[m][y]
			row = append(row, tabCell(m, 1, false, x.Mean, x.P5, x.P95))
		}
		rows = append(rows, row)
	}
	tabWrite(&b, rows)
	return b.String()
}

// String returns the comparison as a table of the paired differences in
// TableMetrics over the horizon (see Table).
func (c *Comparison) String() string { return c.Table() }

// Table returns a plain-text table of the comparison: one row per
// alternative, one column per metric (TableMetrics when none are given),
// each cell the alternative's paired difference from the baseline over the
// whole horizon (Diff.Total): its mean and, in brackets, the 90% confidence
// interval of the mean. Money is the total in £m, children are child-weeks
// (the sum over the weeks), and other stocks — places, prices, shares — the
// mean difference over the horizon.
func (c *Comparison) Table(metrics ...market.Metric) string {
	if c == nil || c.Baseline == nil {
		return "<nil comparison>\n"
	}
	if len(metrics) == 0 {
		metrics = TableMetrics()
	}
	base := c.Baseline
	var b strings.Builder
	fmt.Fprintf(&b, "Paired differences from %s over %s (%s), %s: mean [90%% CI of the mean]\n",
		base.Scenario, tabPlural(base.Years, "year"), tabYears(base.StartYear, base.Years), tabRuns(base.Runs))
	head := []string{"scenario"}
	for _, m := range metrics {
		head = append(head, tabColumn(m, true))
	}
	rows := [][]string{head}
	weeks := float64(52 * base.Years)
	for _, d := range c.Diffs {
		row := []string{d.Scenario}
		for _, m := range metrics {
			if !tabValidMetric(m) {
				row = append(row, "n/a")
				continue
			}
			div := 1.0
			if !m.Flow() && m.Unit() != "children" && weeks > 0 {
				div = weeks // a mean over the horizon
			}
			t := d.Total[m]
			row = append(row, tabCell(m, div, true, t.Mean, t.MeanLo, t.MeanHi))
		}
		rows = append(rows, row)
	}
	tabWrite(&b, rows)
	b.WriteString("Money: totals over the horizon; children: child-weeks; places, prices and shares: mean difference over the horizon.\n")
	return b.String()
}

// Row is one value of a summary in long form, as in summary_tidy.csv: a
// metric in one financial year (Year 2023 is April 2023 to March 2024) for
// England or a region, summarised across the runs.
type Row struct {
	Scenario string  `json:"scenario"`
	Year     int     `json:"year"`
	Region   string  `json:"region"` // England for national values
	Metric   string  `json:"metric"`
	Unit     string  `json:"unit"`
	Mean     float64 `json:"mean"`
	P5       float64 `json:"p5"`
	P50      float64 `json:"p50"`
	P95      float64 `json:"p95"`
}

// Rows returns the summary in long form, one Row per metric, region and
// financial year: the national values of every metric in
// market.MetricNames order, then the regional metrics by region — the rows
// of summary_tidy.csv. With metrics given, only their rows (national and,
// for the regional metrics' underlying metrics, regional) are returned.
// Rows suit data-frame tools that load a slice of structs; Row.Map gives
// maps for those that load maps.
func (s *Summary) Rows(metrics ...market.Metric) []Row {
	if s == nil {
		return nil
	}
	want := tabMetricSet(metrics)
	var out []Row
	for m := range market.NumMetrics {
		if !want(m) {
			continue
		}
		for y, x := range s.Yearly[m] {
			out = append(out, Row{s.Scenario, s.StartYear + y, England, m.String(), m.Unit(), x.Mean, x.P5, x.P50, x.P95})
		}
	}
	for rm := range market.NumRegionalMetrics {
		m := rm.Metric()
		if !want(m) {
			continue
		}
		for r, name := range s.Regions {
			if r >= len(s.RegionalYearly[rm]) {
				continue
			}
			for y, x := range s.RegionalYearly[rm][r] {
				out = append(out, Row{s.Scenario, s.StartYear + y, name, m.String(), m.Unit(), x.Mean, x.P5, x.P50, x.P95})
			}
		}
	}
	return out
}

// Map returns the row as a map keyed by the column names of
// summary_tidy.csv.
func (r Row) Map() map[string]any {
	return map[string]any{"scenario": r.Scenario, "year": r.Year, "region": r.Region, "metric": r.Metric, "unit": r.Unit,
		"mean": r.Mean, "p5": r.P5, "p50": r.P50, "p95": r.P95}
}

// DiffRow is one paired difference of a comparison in long form, as in
// comparison.csv: an alternative's difference from the baseline in a
// metric, in one financial year (Period "year") or over the whole horizon
// (Period "total", Year 0, Unit the total's unit, see TotalUnit).
type DiffRow struct {
	Scenario string  `json:"scenario"`
	Baseline string  `json:"baseline"`
	Metric   string  `json:"metric"`
	Unit     string  `json:"unit"`
	Period   string  `json:"period"` // "year" or "total"
	Year     int     `json:"year"`   // 0 for the total
	Mean     float64 `json:"mean"`
	P5       float64 `json:"p5"`
	P50      float64 `json:"p50"`
	P95      float64 `json:"p95"`
	MeanLo   float64 `json:"mean_lo"`
	MeanHi   float64 `json:"mean_hi"`
}

// Rows returns the comparison's paired differences in long form: for each
// alternative and metric (every metric, or those given), one DiffRow per
// financial year and then one for the total — the rows of comparison.csv.
func (c *Comparison) Rows(metrics ...market.Metric) []DiffRow {
	if c == nil || c.Baseline == nil {
		return nil
	}
	want := tabMetricSet(metrics)
	var out []DiffRow
	for _, d := range c.Diffs {
		for m := range market.NumMetrics {
			if !want(m) {
				continue
			}
			row := func(unit, period string, year int, x DiffBand) DiffRow {
				return DiffRow{d.Scenario, c.Baseline.Scenario, m.String(), unit, period, year, x.Mean, x.P5, x.P50, x.P95, x.MeanLo, x.MeanHi}
			}
			for y, x := range d.Yearly[m] {
				out = append(out, row(m.Unit(), "year", c.Baseline.StartYear+y, x))
			}
			out = append(out, row(TotalUnit(m), "total", 0, d.Total[m]))
		}
	}
	return out
}

// Map returns the row as a map keyed by the column names of
// comparison.csv (year is 0 for the total).
func (r DiffRow) Map() map[string]any {
	return map[string]any{"scenario": r.Scenario, "baseline": r.Baseline, "metric": r.Metric, "unit": r.Unit,
		"period": r.Period, "year": r.Year, "mean": r.Mean, "p5": r.P5, "p50": r.P50, "p95": r.P95,
		"mean_lo": r.MeanLo, "mean_hi": r.MeanHi}
}

// tabMetricSet reports whether a metric is among metrics (every valid metric
// when none are given).
func tabMetricSet(metrics []market.Metric) func(market.Metric) bool {
	if len(metrics) == 0 {
		return tabValidMetric
	}
	return func(m market.Metric) bool {
		for _, x := range metrics {
			if x == m {
				return true
			}
		}
		return false
	}
}

func tabValidMetric(m market.Metric) bool { return m >= 0 && m < market.NumMetrics }

func tabRuns(n int) string { return tabPlural(n, "run") }

func tabPlural(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return fmt.Sprintf("%d %ss", n, unit)
}

func tabFinancialYear(y int) string { return fmt.Sprintf("%d/%02d", y, (y+1)%100) }

// tabYears names the financial years from start: "2023/24 to 2032/33".
func tabYears(start, years int) string {
	if years <= 1 {
		return tabFinancialYear(start)
	}
	return tabFinancialYear(start) + " to " + tabFinancialYear(start+years-1)
}

// tabColumn heads a table column: a short name and the unit of the cells.
func tabColumn(m market.Metric, total bool) string {
	if !tabValidMetric(m) {
		return m.String()
	}
	name := m.String()
	switch m {
	case market.Waiting:
		name = "waiting"
	case market.UnregisteredPlaced:
		name = "unregistered"
	case market.Over20Miles:
		name = "over 20 miles"
	case market.SpendGBP:
		name = "spend"
	case market.NetPublicCostGBP:
		name = "net public cost"
	case market.HomePlaces:
		name = "home places"
	case market.MarginForProfit:
		name = "for-profit margin"
	case market.PriceHomeMean:
		name = "home price"
	case market.PriceIFAMean:
		name = "agency foster price"
	case market.ChildrenInCare:
		name = "children in care"
	case market.OutOfArea:
		name = "out of area"
	case market.SpendBlockGBP:
		name = "block spend"
	case market.ClawbackGBP:
		name = "clawback"
	case market.TaxReceiptsGBP:
		name = "windfall tax"
	case market.ChildrenOver500k:
		name = "over £500k a year"
	}
	unit := m.Unit()
	switch unit {
	case "£":
		unit = "£m"
	case "£/week":
		unit = "£/week"
	case "share":
		unit = "%"
		if total {
			unit = "pp"
		}
	case "children":
		if total && !m.Flow() {
			unit = "child-weeks"
		}
	}
	if strings.HasSuffix(name, " "+unit) {
		return name // "home places", not "home places (places)"
	}
	return name + " (" + unit + ")"
}

var tabPrinter = message.NewPrinter(language.BritishEnglish)

// tabScale converts v to the table's unit for metric m: £m for money, per
// cent for shares.
func tabScale(m market.Metric, v float64) float64 {
	switch m.Unit() {
	case "£":
		return v / 1e6
	case "share":
		return v * 100
	}
	return v
}

// tabNumber writes v (already scaled) with d decimals, thousands separators
// and a sign when signed.
func tabNumber(v float64, d int, signed bool) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "n/a"
	}
	if r := math.Pow(10, float64(d)); math.Round(v*r) == 0 {
		return tabPrinter.Sprintf("%.*f", d, 0.0) // no "-0"
	}
	s := tabPrinter.Sprintf("%.*f", d, v)
	if signed && v > 0 {
		s = "+" + s
	}
	return s
}

// tabCell writes "mid [lo, hi]" of metric m, each divided by div, with
// one decimal when the largest of them is under 10 (or always for shares)
// and none otherwise.
func tabCell(m market.Metric, div float64, signed bool, mid, lo, hi float64) string {
	mid, lo, hi = tabScale(m, mid/div), tabScale(m, lo/div), tabScale(m, hi/div)
	d := 0
	if top := math.Max(math.Abs(mid), math.Max(math.Abs(lo), math.Abs(hi))); top < 10 || m.Unit() == "share" {
		d = 1
	}
	return tabNumber(mid, d, signed) + " [" + tabNumber(lo, d, signed) + ", " + tabNumber(hi, d, signed) + "]"
}

// tabWrite writes rows as aligned columns: the first left-aligned, the
// others right-aligned, two spaces apart.
func tabWrite(b *strings.Builder, rows [][]string) {
	var width []int
	for _, r := range rows {
		for i, c := range r {
			if i >= len(width) {
				width = append(width, 0)
			}
			width[i] = max(width[i], utf8.RuneCountInString(c))
		}
	}
	for _, r := range rows {
		var line strings.Builder
		for i, c := range r {
			pad := strings.Repeat(" ", width[i]-utf8.RuneCountInString(c))
			if i == 0 {
				line.WriteString(c + pad)
				continue
			}
			line.WriteString("  " + pad + c)
		}
		b.WriteString(strings.TrimRight(line.String(), " ") + "\n")
	}
}
