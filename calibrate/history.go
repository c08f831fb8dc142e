package calibrate

import (
	"strconv"

	"github.com/caremarket/caremarket/market"
	"github.com/caremarket/caremarket/scenarios"
)

// history is the 2019 world of a fit: the history-2019 scenario, to which
// each candidate's parameters are applied as to the England baseline, except
// those the scenario sets itself (the 2019 arrival rate, for one).
type history struct {
	sc   *scenarios.Scenario
	skip map[string]bool // setting keys history-2019 overrides
}

// newHistory returns the history of a fit starting from start, or nil when
// sc is nil. A parameter whose value in sc differs from start's is the
// scenario's own (a dated figure) and is never applied to it.
func newHistory(sc *scenarios.Scenario, start *market.Config, ps []Param) *history {
	if sc == nil {
		return nil
	}
	h := &history{sc: sc, skip: map[string]bool{}}
	for _, p := range ps {
		if p.Get(sc.Config) != p.Get(start) {
			for _, s := range p.Settings(sc.Config, p.Get(sc.Config)) {
				h.skip[s.Key] = true
			}
		}
	}
	return h
}

// with returns the history scenario with settings applied (those it does
// not set itself); nil when h is nil.
func (h *history) with(settings []Setting) (*scenarios.Scenario, error) {
	if h == nil {
		return nil, nil
	}
	var keep []Setting
	for _, s := range settings {
		if !h.skip[s.Key] {
			keep = append(keep, s)
		}
	}
	cfg, err := Apply(h.sc.Config, keep)
	if err != nil {
		return nil, err
	}
	sc := *h.sc
	sc.Config = cfg
	return &sc, nil
}

// endOfYear is a weekly metric in the last week of reported year y (31
// March); y = −1 is the first week, the start of the horizon.
func endOfYear(r *market.Results, m market.Metric, y int) float64 {
	return r.Series[m][max(0, (y+1)*52-1)]
}

// fosterShareAt is the share of children looked after with council or
// agency foster carers in week k.
func fosterShareAt(r *market.Results, k int) float64 {
	return ratio(r.Series[market.PlacedFosterInHouse][k]+r.Series[market.PlacedFosterIFA][k], r.Series[market.ChildrenInCare][k])
}

// HistoryMoments returns the moments measured on runs of history-2019
// (April 2019 to March 2024; docs/data.md, "History from April 2019").
// Levels that the model defines as the published figure are fitted as
// levels; where the 2019 world's definitions differ from the published ones
// (kinship foster care is untraded in the model) the change over the period
// is fitted instead.
func HistoryMoments() []Moment {
	dfe := "DfE, Children looked after in England including adoptions, 2023 and 2024 releases (31 March)"
	cla := func(name string, y int, pub float64) Moment {
		return Moment{Name: name, Label: "children looked after, 31 March " + strconv.Itoa(2020+y) + " (history-2019)", Published: pub, Half: 0.05 * pub,
			Scale: 1, Unit: "children", Count: true, Source: dfe, Basis: "one published figure: tolerance of the issue-3 acceptance band (±5%)",
			Stage: 1, Years: y + 1, History: true,
			value: func(r *market.Results) float64 { return endOfYear(r, market.ChildrenInCare, y) }}
	}
	// change is a stage-2 moment of the whole five years, in % or points.
	change := func(name, label string, pub, half float64, unit, src, basis string, v func(r *market.Results) float64) Moment {
		return Moment{Name: name, Label: label + " (history-2019)", Published: pub, Half: half, Scale: 100, Unit: unit,
			Source: src, Basis: basis, Stage: 2, Years: 5, History: true, value: v}
	}
	// growth is the relative change of at from one time to another.
	growth := func(at func(r *market.Results, y int) float64, from, to int) func(r *market.Results) float64 {
		return func(r *market.Results) float64 { return ratio(at(r, to), at(r, from)) - 1 }
	}
	places := func(r *market.Results, y int) float64 { return endOfYear(r, market.HomePlaces, y) }
	households := func(r *market.Results, y int) float64 {
		return endOfYear(r, market.FosterHouseholdsCouncil, y) + endOfYear(r, market.FosterHouseholdsIFA, y)
	}
	price := func(r *market.Results, y int) float64 { return yearValue(r, market.PriceHomeMean, y) }
	return []Moment{
		cla("h_children_in_care_2020", 0, 80000),
		cla("h_children_in_care_2022", 2, 82090),
		change("h_foster_share_change", "change in the foster-care share, 31 Mar 2019 to 31 Mar 2024", -0.04, 0.02, "points",
			dfe+": 71% (55,760 of 78,140) in 2019, 67% in 2024, with kinship foster care",
			"the change, as the model's foster care excludes kinship foster care (a level gap of about 14 points); ±2 points, as validation V5",
			func(r *market.Results) float64 { return fosterShareAt(r, 5*52-1) - fosterShareAt(r, 0) }),
		change("h_home_places_growth", "growth of children's home places, 31 Mar 2020 to 31 Mar 2024", 12870.0/10033-1, 0.05, "%",
			"Ofsted, Children's social care in England, as reported by Community Care (Jul 2024): 10,033 (2020) to 12,870 (2024) mainstream places",
			"growth, as the 2019 world builds its homes from the children placed in them (their 2019 level is the occupancy's, not a fitted number); stated tolerance ±5 points",
			growth(places, 0, 4)),
		change("h_foster_households_change", "change in mainstream fostering households, 31 Mar 2019 to 31 Mar 2024", 33745.0/37520-1, 0.02, "%",
			"Ofsted, Fostering in England (31 March): 37,520 (2019) to 33,745 (2024)",
			"the level at the start is the scenario's data, so the change is fitted; ±2 points, as validation V6",
			growth(households, -1, 4)),
		change("h_home_price_growth", "real growth of the weekly price of a children's home place, 2019/20 to 2023/24", 6120.0/4610-1, 0.10, "%",
			"NAO, Managing children's residential care (Sep 2025): £239,800 and £318,400 a year a place, in 2023/24 prices",
			"growth, as the 2019 world keeps the 2023/24 cost levels (docs/model.md, The 2019 world); stated tolerance ±10 points",
			growth(price, 0, 4)),
	}
}

// usesHistory reports whether any moment in use is measured on history
// runs.
func (o *objective) usesHistory() bool {
	for k, m := range o.moments {
		if o.use[k] && m.History {
			return true
		}
	}
	return false
}
