package calibrate

import (
	"math"

	"github.com/caremarket/caremarket/market"
	"github.com/caremarket/caremarket/scenarios"
)

// MomentResult is one moment over the report runs: the published target
// and half-range (scaled for a regional market), the weight, the band of
// the simulated values across runs and the moment's share of the
// objective.
type MomentResult struct {
	Name  string `json:"name"`
	Label string `json:"label"`
	Stage int    `json:"stage"`
	// Fitted is false for a moment reported beside the fit but left out of
	// its objective (Moment.ReportedOnly).
	Fitted    bool           `json:"fitted"`
	Published float64        `json:"published"`
	Half      float64        `json:"half"`
	Weight    float64        `json:"weight"`
	Sim       scenarios.Band `json:"simulated"`
	// Contribution is w·(mean − published)²; Z is (median − published)/half,
	// the miss in half-ranges.
	Contribution float64 `json:"contribution"`
	Z            float64 `json:"z"`
	Scale        float64 `json:"scale"`
	Unit         string  `json:"unit"`
	Source       string  `json:"source"`
	Basis        string  `json:"basis"`
}

// Inside reports whether the median lies within the published range.
func (m MomentResult) Inside() bool { return math.Abs(m.Sim.P50-m.Published) <= m.Half }

// Report is the moments of one configuration over the report runs.
type Report struct {
	Label     string         `json:"label"`
	Runs      int            `json:"runs"`
	FirstRun  int            `json:"first_run"`
	Objective float64        `json:"objective"`
	Moments   []MomentResult `json:"moments"`
	// Checks are the acceptance bands of issue 3 and Validation the
	// patterns kept out of the fit (docs/calibration.md section 1).
	Checks     []Check `json:"bands"`
	Validation []Check `json:"validation"`
	// Summary and Results hold the report runs, for plots.
	Summary *scenarios.Summary `json:"-"`
	Results []*market.Results  `json:"-"`
	// History holds the report runs of history-2019, when the fit has
	// history moments, for the hindcast.
	History []*market.Results `json:"-"`
}

func newReport(label string, obj *objective, out *simOut, opts Options) *Report {
	vals := momentValues(obj.moments, out)
	total, contrib := obj.value(vals)
	r := &Report{Label: label, Runs: len(out.results), FirstRun: opts.ReportFirstRun, Objective: total,
		Summary: out.summary, Results: out.results, History: out.hist}
	for k, m := range obj.moments {
		b := scenarios.BandOf(vals[k])
		r.Moments = append(r.Moments, MomentResult{
			Name: m.Name, Label: m.Label, Stage: m.Stage, Fitted: obj.use[k], Published: obj.target[k], Half: obj.half[k], Weight: obj.weight[k],
			Sim: b, Contribution: contrib[k], Z: (b.P50 - obj.target[k]) / obj.half[k],
			Scale: m.Scale, Unit: m.Unit, Source: m.Source, Basis: m.Basis,
		})
	}
	scale := 1.0
	for k, m := range obj.moments {
		if m.Count {
			scale = obj.target[k] / m.Published
			break
		}
	}
	r.Checks = EvalChecks(Bands(), out.results, scale)
	r.Validation = EvalChecks(Validation(), out.results, scale)
	return r
}

// Check is a published figure with an acceptance range [Lo, Hi] for a
// model quantity, and that quantity's band across runs.
type Check struct {
	Name      string         `json:"name"`
	Label     string         `json:"label"`
	Published string         `json:"published"`
	Lo        float64        `json:"lo"`
	Hi        float64        `json:"hi"`
	Sim       scenarios.Band `json:"simulated"`
	// Pass: the median is within [Lo, Hi]; BandInside: so is the whole
	// 5–95% band of the runs.
	Pass       bool    `json:"pass"`
	BandInside bool    `json:"band_inside"`
	Scale      float64 `json:"scale"`
	Unit       string  `json:"unit"`
	Source     string  `json:"source"`
	Note       string  `json:"note,omitempty"`

	count bool
	value func(r *market.Results) float64
}

// EvalChecks evaluates checks (Bands or Validation) on runs' results: each
// check's band across the runs and whether it passes. Count checks (sizes
// of the market) have their ranges multiplied by scale, the market's size
// relative to England (1 for England).
func EvalChecks(cs []Check, results []*market.Results, scale float64) []Check {
	for i := range cs {
		c := &cs[i]
		if c.count {
			c.Lo *= scale
			c.Hi *= scale
		}
		vals := make([]float64, len(results))
		for j, r := range results {
			vals[j] = c.value(r)
		}
		c.Sim = scenarios.BandOf(vals)
		c.Pass = c.Sim.P50 >= c.Lo && c.Sim.P50 <= c.Hi
		c.BandInside = c.Sim.P5 >= c.Lo && c.Sim.P95 <= c.Hi
	}
	return cs
}

func around(v, tol float64) (float64, float64) { return v * (1 - tol), v * (1 + tol) }

// Bands returns the acceptance bands of issue 3 for year-2023 figures of
// the England baseline.
func Bands() []Check {
	mix := "Sufficiency FOI survey, Sep 2024 ⚠ (docs/data.md, Placement mix)"
	pts := func(name, label string, pub float64, m market.Metric, src string) Check {
		return Check{Name: name, Label: label, Published: fmtPct(pub), Lo: pub - 0.03, Hi: pub + 0.03,
			Scale: 100, Unit: "%", Source: src, value: share(m)}
	}
	c := func(name, label, pub string, v, tol float64, scale float64, unit string, count bool, src string, f func(r *market.Results) float64) Check {
		lo, hi := around(v, tol)
		return Check{Name: name, Label: label, Published: pub, Lo: lo, Hi: hi, Scale: scale, Unit: unit, Source: src, count: count, value: f}
	}
	return []Check{
		c("children_in_care", "children looked after ±5%", "83,760", 83760, 0.05, 1, "children", true, "DfE 2023", year0(market.ChildrenInCare)),
		c("arrivals", "starters ±10%", "33,000", 33000, 0.10, 1, "children", true, "DfE 2023", year0(market.Arrivals)),
		c("leavers", "leavers ±10%", "32,500", 32500, 0.10, 1, "children", true, "DfE 2023, 2024 (default)", year0(market.Leavers)),
		pts("share_foster_inhouse", "council foster care ±3 points", 0.279, market.PlacedFosterInHouse, mix),
		pts("share_foster_ifa", "agency foster care ±3 points", 0.248, market.PlacedFosterIFA, mix),
		pts("share_homes", "children's homes ±3 points", 0.114, market.PlacedHomes, mix),
		pts("share_supported", "supported accommodation ±3 points", 0.098, market.PlacedSupported, mix),
		pts("share_other", "kinship, parents, adoption ±3 points", 0.249, market.PlacedOther, mix),
		{Name: "share_unregistered", Label: "unregistered ±3 points (of ≈1%)", Published: "≈1%", Lo: 0, Hi: 0.04, Scale: 100, Unit: "%", Source: mix, value: share(market.UnregisteredPlaced)},
		c("spend_gbp", "spend on placements ±15%", "£5.4bn", 5.4e9, 0.15, 1e-9, "£bn", true, "LGA 2023", year0(market.SpendGBP)),
		c("home_places", "children's home places ±10%", "12,000", 12000, 0.10, 1, "places", true, "Ofsted via press", year0(market.HomePlaces)),
		{Name: "private_share_places", Label: "private share of home places ±5 points", Published: "84%", Lo: 0.79, Hi: 0.89, Scale: 100, Unit: "%", Source: "NAO 2025",
			value: func(r *market.Results) float64 {
				return ratio(yearValue(r, market.HomePlacesPrivateEquity, 0)+yearValue(r, market.HomePlacesPrivate, 0), yearValue(r, market.HomePlaces, 0))
			}},
		{Name: "ifa_share_households", Label: "agency share of foster households ±5 points", Published: "45%", Lo: 0.40, Hi: 0.50, Scale: 100, Unit: "%", Source: "Ofsted 2024; FOI",
			value: func(r *market.Results) float64 {
				ifa := yearValue(r, market.FosterHouseholdsIFA, 0)
				return ratio(ifa, ifa+yearValue(r, market.FosterHouseholdsCouncil, 0))
			}},
		c("price_home_mean", "mean home price ±15%", "£5,800", 5800, 0.15, 1, "£/week", false, "CMA; CCN; NAO", year0(market.PriceHomeMean)),
		c("price_ifa_mean", "mean IFA price ±15%", "£900", 900, 0.15, 1, "£/week", false, "CMA", year0(market.PriceIFAMean)),
	}
}

func fmtPct(v float64) string {
	return trimFloat(100*v, 1) + "%"
}

// Validation returns the validation patterns declared in
// docs/calibration.md section 1 before the fit, with their criteria.
func Validation() []Check {
	fosterShare := func(r *market.Results, k int) float64 {
		return ratio(r.Series[market.PlacedFosterInHouse][k]+r.Series[market.PlacedFosterIFA][k], r.Series[market.ChildrenInCare][k])
	}
	households := func(r *market.Results, k int) float64 {
		return r.Series[market.FosterHouseholdsCouncil][k] + r.Series[market.FosterHouseholdsIFA][k]
	}
	return []Check{
		{Name: "V1_margin_for_profit", Label: "operating margin of for-profit providers (2023)", Published: "≈ 20–23% (largest providers)", Lo: 0.17, Hi: 0.26,
			Scale: 100, Unit: "%", Source: "CMA 2021/2022 (project brief)", value: year0(market.MarginForProfit)},
		{Name: "V1_margin_private_equity", Label: "operating margin of private-equity providers (2023)", Published: "≈ 20–23%", Lo: 0.17, Hi: 0.26,
			Scale: 100, Unit: "%", Source: "CMA 2021/2022 (project brief)", Note: "shown with V1", value: year0(market.MarginPrivateEquity)},
		{Name: "V1_nfp_below_for_profit", Label: "for-profit margin minus NFP margin (2023)", Published: "NFP below for-profit", Lo: 0, Hi: 1,
			Scale: 100, Unit: "points", Source: "docs/model.md §4.3 (μ, κ lower for NFP)", value: func(r *market.Results) float64 {
				return yearValue(r, market.MarginForProfit, 0) - yearValue(r, market.MarginNFP, 0)
			}},
		{Name: "V2_unregistered_share", Label: "children in unregistered settings, share (2023)", Published: "≈ 1%", Lo: 0.005, Hi: 0.02,
			Scale: 100, Unit: "%", Source: "Sufficiency FOI survey, Sep 2024 ⚠", value: share(market.UnregisteredPlaced)},
		{Name: "V3_children_over_500k", Label: "children costing over £500,000 a year (2023)", Published: "1,500+ (2022/23)", Lo: 1200, Hi: 2500,
			Scale: 1, Unit: "children", Source: "project brief (LGA/CCN via press)", count: true, value: year0(market.ChildrenOver500k)},
		{Name: "V4_children_in_care_end", Label: "children looked after, 31 March 2024", Published: "83,630", Lo: 83630 * 0.98, Hi: 83630 * 1.02,
			Scale: 1, Unit: "children", Source: "DfE 2024", count: true, value: func(r *market.Results) float64 { return r.Series[market.ChildrenInCare][51] }},
		{Name: "V5_foster_share_change", Label: "change in foster care share of children, Apr 2023 to Mar 2024", Published: "68% → 67% (−1 point)", Lo: -0.02, Hi: 0,
			Scale: 100, Unit: "points", Source: "DfE", Note: "mainstream foster care only (kinship is in Other)", value: func(r *market.Results) float64 {
				return fosterShare(r, 51) - fosterShare(r, 0)
			}},
		{Name: "V6_foster_households_change", Label: "change in foster households, Apr 2023 to Mar 2024", Published: "35,005 → 33,745 (−3.6%)", Lo: -0.056, Hi: -0.016,
			Scale: 100, Unit: "%", Source: "Ofsted, Fostering in England", value: func(r *market.Results) float64 {
				return ratio(households(r, 51), households(r, 0)) - 1
			}},
		{Name: "V7_leavers_2023_24", Label: "children ceasing to be looked after, 2023/24", Published: "33,620", Lo: 33620 * 0.95, Hi: 33620 * 1.05,
			Scale: 1, Unit: "children", Source: "DfE 2024", count: true, Note: "weak check: leavers are fitted to 32,500 ± 10%", value: year0(market.Leavers)},
		{Name: "V8_moves", Label: "placement changes in the year (2023/24)", Published: "66,070", Lo: 66070 * 0.85, Hi: 66070 * 1.15,
			Scale: 1, Unit: "moves", Source: "DfE 2024", count: true, value: year0(market.Moves)},
		{Name: "V9_home_price_growth", Label: "real growth of the mean home price, 2023 to 2024", Published: "+3.5% a year (2016–20)", Lo: 0, Hi: 0.07,
			Scale: 100, Unit: "%", Source: "CMA 2021/2022", value: func(r *market.Results) float64 {
				if r.Years() < 2 {
					return math.NaN()
				}
				return ratio(yearValue(r, market.PriceHomeMean, 1), yearValue(r, market.PriceHomeMean, 0)) - 1
			}},
		{Name: "V10_homes_supported_unregistered", Label: "children in homes, supported and unregistered settings (2023)", Published: "14,580 (17%)", Lo: 14580 * 0.9, Hi: 14580 * 1.1,
			Scale: 1, Unit: "children", Source: "DfE via press", count: true, Note: "expected to miss by definition (the FOI mix gives 21.2%)", value: func(r *market.Results) float64 {
				return yearValue(r, market.PlacedHomes, 0) + yearValue(r, market.PlacedSupported, 0) + yearValue(r, market.UnregisteredPlaced, 0)
			}},
	}
}
