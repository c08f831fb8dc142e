package calibrate

import (
	"fmt"
	"math"

	"github.com/caremarket/caremarket/market"
	"github.com/caremarket/caremarket/scenarios"
)

// HindcastSeries is one quantity of the hindcast: the published figures of
// 2019 to 2024 (docs/data.md, "History from April 2019") and how the model
// measures it in a run's week.
type HindcastSeries struct {
	Title, Unit string
	// Definition says how the model's quantity is measured and how it
	// differs from the published one, if it does.
	Definition string
	Published  []Observation
	// Source names the publications of the figures.
	Source string
	at     func(r *market.Results, k int) float64
}

// Hindcast returns the six published series the history-2019 scenario is
// held against: children looked after, the foster-care share, children in
// residential settings, children's home places, mainstream fostering
// households and the cost of a children's home place.
func Hindcast() []HindcastSeries {
	end := func(y int, v float64) Observation { return Observation{Year: y, Value: v, AtEnd: true} }
	year := func(y int, v float64) Observation { return Observation{Year: y, Value: v} }
	sum := func(ms ...market.Metric) func(r *market.Results, k int) float64 {
		return func(r *market.Results, k int) float64 {
			s := 0.0
			for _, m := range ms {
				s += r.Series[m][k]
			}
			return s
		}
	}
	return []HindcastSeries{
		{Title: "Children looked after", Unit: "children", at: metricAt(market.ChildrenInCare),
			Definition: "children looked after",
			Published:  []Observation{end(2018, 78140), end(2019, 80000), end(2020, 80780), end(2021, 82090), end(2022, 83760), end(2023, 83630)},
			Source:     "DfE, Children looked after in England including adoptions, 2022 to 2024 releases (31 March)"},
		{Title: "Share in foster care", Unit: "share", at: shareAt(market.PlacedFosterInHouse, market.PlacedFosterIFA),
			Definition: "model: council and agency foster carers; DfE counts foster care with relatives and friends too (about 13 to 15 points), which the model holds in its untraded settings",
			Published:  []Observation{end(2018, 0.71), end(2021, 0.70), end(2022, 0.68), end(2023, 0.67)},
			Source:     "DfE, Children looked after in England including adoptions, 2023 release (31 March 2019: 55,760 of 78,140) and 2022 to 2024 releases as reported by Community Care (Nov 2023) and Home for Good (2024)"},
		{Title: "Children in residential settings", Unit: "children", at: sum(market.PlacedHomes, market.PlacedSupported, market.UnregisteredPlaced),
			Definition: "model: children's homes, supported accommodation and unregistered settings; DfE: secure units, children's homes and semi-independent living (the model's supported accommodation also holds the 3,020 living independently in 2019)",
			Published:  []Observation{end(2018, 10050), end(2022, 14580)},
			Source:     "DfE, Children looked after in England including adoptions, 2023 release (31 March 2019) and as reported by Community Care (Nov 2023)"},
		{Title: "Children's home places", Unit: "places", at: metricAt(market.HomePlaces),
			Definition: "registered children's home places",
			Published:  []Observation{end(2019, 10033), end(2023, 12870)},
			Source:     "Ofsted, Children's social care in England, as reported by Community Care (Jul 2024): mainstream places"},
		{Title: "Mainstream fostering households", Unit: "households", at: sum(market.FosterHouseholdsCouncil, market.FosterHouseholdsIFA),
			Definition: "council and agency households",
			Published:  []Observation{end(2018, 37520), end(2020, 37325), end(2022, 35005), end(2023, 33745)},
			Source:     "Ofsted, Fostering in England (31 March)"},
		{Title: "Weekly price of a children's home place", Unit: "£/week", at: metricAt(market.PriceHomeMean),
			Definition: "model: mean weekly price of children's home placements; NAO: cost of a place, £239,800 and £318,400 a year",
			Published:  []Observation{year(2019, 4610), year(2023, 6120)},
			Source:     "NAO, Managing children's residential care (Sep 2025), in 2023/24 prices"},
	}
}

// HindcastPanels returns one fit panel per hindcast series from the weekly
// results of runs of history-2019: the model's median and 5–95% band of
// the runs by financial year (stocks and prices as yearly means), with the
// published figures as points (the fit targets some of their changes,
// not these levels: HistoryMoments).
func HindcastPanels(results []*market.Results) []FitPanel {
	var ps []FitPanel
	for _, h := range Hindcast() {
		x, b := yearly(results, func(r *market.Results, y int) float64 { return yearMean(r, h.at, y) })
		ps = append(ps, FitPanel{Title: h.Title, Unit: h.Unit, X: x, Bands: b, Validation: h.Published})
	}
	return ps
}

// yearMean is the mean over financial year y of a weekly quantity.
func yearMean(r *market.Results, at func(r *market.Results, k int) float64, y int) float64 {
	s := 0.0
	for k := y * 52; k < (y+1)*52; k++ {
		s += at(r, k)
	}
	return s / 52
}

// HindcastPoint is one published figure of the hindcast with the model's
// value at the same time.
type HindcastPoint struct {
	Series    string
	Unit      string
	When      string // "31 Mar 2020" or "2019/20"
	Published float64
	// Model is the band across runs of the model's value when the figure
	// was taken: on 31 March, the last week of the year (the first week
	// when the date is the start of the horizon); for a year, its mean.
	Model scenarios.Band
}

// HindcastPoints returns every published figure of the hindcast within the
// runs' horizon with the model's band at the same time.
func HindcastPoints(results []*market.Results) []HindcastPoint {
	if len(results) == 0 {
		return nil
	}
	y0, weeks := results[0].StartYear, results[0].Weeks
	var out []HindcastPoint
	vals := make([]float64, len(results))
	for _, h := range Hindcast() {
		for _, ob := range h.Published {
			y := ob.Year - y0
			var when string
			var f func(r *market.Results) float64
			switch {
			case ob.AtEnd && y >= -1 && (y+1)*52 <= weeks:
				k := max(0, (y+1)*52-1)
				when = fmt.Sprintf("31 Mar %d", ob.Year+1)
				f = func(r *market.Results) float64 { return h.at(r, k) }
			case !ob.AtEnd && y >= 0 && (y+1)*52 <= weeks:
				when = fmt.Sprintf("%d/%02d", ob.Year, (ob.Year+1)%100)
				f = func(r *market.Results) float64 { return yearMean(r, h.at, y) }
			default:
				continue
			}
			for i, r := range results {
				vals[i] = f(r)
			}
			out = append(out, HindcastPoint{Series: h.Title, Unit: h.Unit, When: when, Published: ob.Value, Model: scenarios.BandOf(vals)})
		}
	}
	return out
}

// Miss returns the model's median less the published figure, relative to
// the published figure.
func (p HindcastPoint) Miss() float64 {
	if p.Published == 0 {
		return math.NaN()
	}
	return p.Model.P50/p.Published - 1
}
