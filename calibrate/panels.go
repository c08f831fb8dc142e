package calibrate

import (
	"github.com/caremarket/caremarket/market"
	"github.com/caremarket/caremarket/scenarios"
)

// FitPanel is one panel of the fit figure (plots.FitFigure draws it): a
// modelled quantity over time as bands of the runs, with the published
// figures it was fitted to and the published figures kept aside to
// validate it.
type FitPanel struct {
	// Title names the quantity.
	Title string
	// Unit chooses the axis labels: "£" (money), "£/week", "share" (0.12
	// is 12%), or anything else for counts, which is shown as the axis
	// label (e.g. "children").
	Unit string
	// X are the times of Bands in financial years, x = y being 1 April of
	// year y (so x = 2023.5 is the middle of 2023/24).
	X     []float64
	Bands []scenarios.Band
	// Fitted and Validation are published figures (Observation: the year,
	// the value, and whether it is a count on 31 March at the year's end).
	Fitted, Validation []Observation
}

// Observation is one published figure to draw against modelled values: the
// value for the financial year starting in April of Year (a yearly mean for
// stocks, a yearly total for flows, like the modelled yearly values). With
// AtEnd set it is a count on 31 March at the end of that year (e.g. the
// children looked after on 31 March 2024 is Year 2023, AtEnd).
type Observation struct {
	Year  int
	Value float64
	AtEnd bool
}

// weekly returns the weekly bands across runs of a quantity computed from
// each run's week k, and the times of the weeks in financial years.
func weekly(results []*market.Results, f func(r *market.Results, k int) float64) ([]float64, []scenarios.Band) {
	if len(results) == 0 {
		return nil, nil
	}
	start := float64(results[0].StartYear)
	return bandsOver(results, results[0].Weeks, func(k int) float64 { return start + (float64(k)+0.5)/52 }, f)
}

// yearly returns the yearly bands across runs of a quantity computed from
// each run's year y.
func yearly(results []*market.Results, f func(r *market.Results, y int) float64) ([]float64, []scenarios.Band) {
	if len(results) == 0 {
		return nil, nil
	}
	start := float64(results[0].StartYear)
	return bandsOver(results, results[0].Years(), func(y int) float64 { return start + float64(y) + 0.5 }, f)
}

// bandsOver returns, for each i below n, the time x(i) and the band across
// runs of f(r, i).
func bandsOver(results []*market.Results, n int, x func(i int) float64, f func(r *market.Results, i int) float64) ([]float64, []scenarios.Band) {
	xs := make([]float64, n)
	bs := make([]scenarios.Band, n)
	vals := make([]float64, len(results))
	for i := range n {
		for j, r := range results {
			vals[j] = f(r, i)
		}
		xs[i] = x(i)
		bs[i] = scenarios.BandOf(vals)
	}
	return xs, bs
}

func metricAt(m market.Metric) func(r *market.Results, k int) float64 {
	return func(r *market.Results, k int) float64 { return r.Series[m][k] }
}

func shareAt(ms ...market.Metric) func(r *market.Results, k int) float64 {
	return func(r *market.Results, k int) float64 {
		s := 0.0
		for _, m := range ms {
			s += r.Series[m][k]
		}
		return ratio(s, r.Series[market.ChildrenInCare][k])
	}
}

func flowYear(m market.Metric) func(r *market.Results, y int) float64 {
	return func(r *market.Results, y int) float64 { return yearValue(r, m, y) }
}

// FitPanels returns the panels of the fit figure from report runs: the
// model's bands for each fitted figure and validation pattern, with the
// published figures (count targets multiplied by scale, the market's size
// relative to England).
func FitPanels(results []*market.Results, scale float64) []FitPanel {
	if len(results) == 0 {
		return nil
	}
	y0 := results[0].StartYear
	obs := func(y int, v float64, atEnd bool) []Observation {
		return []Observation{{Year: y, Value: v, AtEnd: atEnd}}
	}
	var ps []FitPanel
	wk := func(title, unit string, f func(r *market.Results, k int) float64, fitted, valid []Observation) {
		x, b := weekly(results, f)
		ps = append(ps, FitPanel{Title: title, Unit: unit, X: x, Bands: b, Fitted: fitted, Validation: valid})
	}
	yr := func(title, unit string, f func(r *market.Results, y int) float64, fitted, valid []Observation) {
		x, b := yearly(results, f)
		ps = append(ps, FitPanel{Title: title, Unit: unit, X: x, Bands: b, Fitted: fitted, Validation: valid})
	}
	wk("Children looked after", "children", metricAt(market.ChildrenInCare), obs(y0, 83760*scale, false), obs(y0, 83630*scale, true))
	yr("Children starting to be looked after", "children a year", flowYear(market.Arrivals), obs(y0, 33000*scale, false), nil)
	yr("Children leaving care", "children a year", flowYear(market.Leavers), obs(y0, 32500*scale, false), obs(y0, 33620*scale, false))
	yr("Leavers in care under a year", "share", func(r *market.Results, y int) float64 {
		return ratio(yearValue(r, market.LeaversUnderOneYear, y), yearValue(r, market.Leavers, y))
	}, obs(y0, 0.46, false), nil)
	yr("Council spend on placements", "£", flowYear(market.SpendGBP), obs(y0, 5.4e9*scale, false), nil)
	wk("Share with council foster carers", "share", shareAt(market.PlacedFosterInHouse), obs(y0, 0.279, false), nil)
	wk("Share with agency foster carers", "share", shareAt(market.PlacedFosterIFA), obs(y0, 0.248, false), nil)
	wk("Share in children's homes", "share", shareAt(market.PlacedHomes), obs(y0, 0.114, false), nil)
	wk("Share in supported accommodation", "share", shareAt(market.PlacedSupported), obs(y0, 0.098, false), nil)
	wk("Share in kinship, with parents, adoption", "share", shareAt(market.PlacedOther), obs(y0, 0.249, false), nil)
	wk("Share in unregistered settings", "share", shareAt(market.UnregisteredPlaced), nil, obs(y0, 0.01, false))
	// 2024/25: the published growth (+7.25%) applied to 12,000, reported
	// but not fitted (the first year carries the start's transient).
	wk("Children's home places", "places", metricAt(market.HomePlaces), obs(y0, 12000*scale, false), obs(y0+1, 12000*1.0725*scale, false))
	wk("Private share of home places", "share", func(r *market.Results, k int) float64 {
		return ratio(r.Series[market.HomePlacesPrivateEquity][k]+r.Series[market.HomePlacesPrivate][k], r.Series[market.HomePlaces][k])
	}, obs(y0, 0.84, false), nil)
	wk("Single-home share of for-profit homes", "share", metricAt(market.SingleHomeShare), obs(y0, 0.16, true), nil)
	wk("Mean weekly price, children's home", "£/week", metricAt(market.PriceHomeMean), obs(y0, 5800, false), nil)
	wk("Mean weekly price, agency foster care", "£/week", metricAt(market.PriceIFAMean), obs(y0, 900, false), nil)
	yr("One placement in the year", "share", flowYear(market.StabilityOne), obs(y0, 0.69, false), nil)
	yr("Three or more placements in the year", "share", flowYear(market.StabilityThreePlus), obs(y0, 0.10, false), nil)
	wk("Foster households", "households", func(r *market.Results, k int) float64 {
		return r.Series[market.FosterHouseholdsCouncil][k] + r.Series[market.FosterHouseholdsIFA][k]
	}, nil, append(obs(y0-1, 35005*scale, true), obs(y0, 33745*scale, true)...))
	wk("Agency share of foster households", "share", func(r *market.Results, k int) float64 {
		ifa := r.Series[market.FosterHouseholdsIFA][k]
		return ratio(ifa, ifa+r.Series[market.FosterHouseholdsCouncil][k])
	}, obs(y0, 0.45, false), nil)
	wk("For-profit operating margin", "share", metricAt(market.MarginForProfit), nil, obs(y0, 0.215, false))
	wk("Children costing over £500k a year", "children", metricAt(market.ChildrenOver500k), nil, obs(y0, 1500*scale, false))
	yr("Placement moves", "moves a year", flowYear(market.Moves), nil, obs(y0, 66070*scale, false))
	return ps
}
