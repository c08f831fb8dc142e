package plots

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"gonum.org/v1/plot"

	"github.com/caremarket/caremarket/market"
)

// metricTitles are the titles of the metrics whose description does not
// make a good one.
var metricTitles = map[market.Metric]string{
	market.ChildrenInCare:      "Children looked after",
	market.SpendGBP:            "Council spend on placements",
	market.NetPublicCostGBP:    "Net public cost of placements",
	market.ClawbackGBP:         "Profit-cap clawback repaid to councils",
	market.TaxReceiptsGBP:      "Windfall tax receipts",
	market.Waiting:             "Children waiting for a place",
	market.UnregisteredPlaced:  "Children in unregistered settings",
	market.Over20Miles:         "Children placed over 20 miles from home",
	market.OutOfArea:           "Children placed outside their council's area",
	market.MarginForProfit:     "Operating margin of for-profit providers",
	market.MarginPrivateEquity: "Operating margin of private-equity providers",
	market.MarginPrivate:       "Operating margin of other private providers",
	market.MarginNFP:           "Operating margin of not-for-profit providers",
	market.HomePlaces:          "Children's home places",
	market.PriceHomeMean:       "Mean weekly price of a children's home place",
	market.PriceIFAMean:        "Mean weekly price of an agency foster place",
	market.ExitsDisorderly:     "Disorderly provider exits",
	market.ExitsOrderly:        "Orderly provider exits",
	market.ChildrenOver500k:    "Children in placements costing over £500,000 a year",
}

// MetricTitle returns a short plain-English name of a metric for titles,
// e.g. "Council spend on placements" for spend_gbp.
func MetricTitle(m market.Metric) string { return lookup(metricTitles, m, descriptionTitle) }

// descriptionTitle is the title made of a metric's description: up to any
// parenthesis, with a capital first letter.
func descriptionTitle(m market.Metric) string {
	d := m.Description()
	if i := strings.Index(d, " ("); i > 0 {
		d = d[:i]
	}
	r, n := utf8.DecodeRuneInString(d)
	return string(unicode.ToUpper(r)) + d[n:]
}

// lookup returns table's entry for m, or else made(m).
func lookup(table map[market.Metric]string, m market.Metric, made func(market.Metric) string) string {
	if s, ok := table[m]; ok {
		return s
	}
	return made(m)
}

// shortNames are the axis-label names of the metrics whose title does
// not make a good one.
var shortNames = map[market.Metric]string{
	market.SpendGBP:           "spend on placements",
	market.NetPublicCostGBP:   "net public cost",
	market.Waiting:            "children waiting",
	market.UnregisteredPlaced: "children in unregistered settings",
	market.Over20Miles:        "children placed over 20 miles away",
	market.MarginForProfit:    "for-profit margin",
	market.HomePlaces:         "children's home places",
}

// shortName returns a few words naming a metric inside an axis label, e.g.
// "net public cost" or "children waiting".
func shortName(m market.Metric) string {
	return lookup(shortNames, m, func(m market.Metric) string { return lowerFirst(MetricTitle(m)) })
}

// Resolution is the time step of a time-series figure.
type Resolution int

// Resolutions.
const (
	// Auto draws stocks weekly when weekly bands are kept and flows by
	// financial year.
	Auto Resolution = iota
	// Yearly draws one value per financial year: the yearly mean for
	// stocks, the yearly sum for flows.
	Yearly
	// Weekly draws every reported week (stocks) or the weekly amount
	// (flows).
	Weekly
)

// unitLabel returns the y-axis label of metric m at a resolution (Yearly or
// Weekly).
func unitLabel(m market.Metric, res Resolution) string {
	per := ""
	if m.Flow() {
		if res == Weekly {
			per = " per week"
		} else {
			per = " per year"
		}
	}
	mean := ""
	if !m.Flow() && res == Yearly {
		mean = ", yearly mean"
	}
	switch m.Unit() {
	case "£":
		return "£" + per
	case "£/week":
		return "£ per week" + mean
	case "share":
		return "per cent" + mean
	case "index":
		return "index (0–10,000)" + mean
	}
	return m.Unit() + per + mean
}

// ticker returns the y ticker of a metric's values (signed for
// differences).
func ticker(m market.Metric, signed bool) plot.Ticker {
	switch m.Unit() {
	case "£", "£/week":
		return MoneyTicks{Signed: signed}
	case "share":
		return PercentTicks{Points: signed}
	case "index":
		return NumberTicks{Signed: signed}
	}
	return CountTicks{Signed: signed}
}

// formatValue writes one value of metric m for a label.
func formatValue(m market.Metric, v float64, signed bool) string {
	switch m.Unit() {
	case "£", "£/week":
		return FormatMoney(v, signed)
	case "share":
		return FormatPercent(v, signed)
	}
	return FormatCount(v, signed)
}

// TotalDisplay says how Diff.Total of a metric is shown by the difference
// figures: flows as the sum over the horizon (e.g. £ over 10 years),
// stocks counted in children as child-weeks (the sum over the weeks), and
// other stocks (places, prices, shares) as the mean over the horizon, that
// is Total divided by the number of weeks. It returns the divisor to apply
// to Total and the unit label, e.g. "£, 10-year total". (scenarios.TotalUnit
// is the unit of Total itself, as saved in comparison.json and .csv.)
func TotalDisplay(m market.Metric, years int) (div float64, label string) {
	h := horizon(years)
	if m.Flow() {
		u := m.Unit()
		if u == "£" {
			return 1, "£, " + h + " total"
		}
		return 1, u + ", " + h + " total"
	}
	if m.Unit() == "children" {
		return 1, "child-weeks, " + h + " total"
	}
	div = float64(52 * years)
	if years < 1 {
		div = 1
	}
	switch m.Unit() {
	case "share":
		return div, "percentage points, " + h + " mean"
	case "£/week":
		return div, "£ per week, " + h + " mean"
	}
	return div, m.Unit() + ", " + h + " mean"
}

func horizon(years int) string {
	if years == 1 {
		return "1-year"
	}
	return itoa(years) + "-year"
}

func itoa(n int) string { return strconv.Itoa(n) }

// FormatValue writes a value of metric m as the figures label it: money as
// "£5.91bn" or "£5,760", shares as per cent, counts with thousands
// separators; signed writes a leading + or - for differences.
func FormatValue(m market.Metric, v float64, signed bool) string { return formatValue(m, v, signed) }
