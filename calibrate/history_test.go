package calibrate

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/caremarket/caremarket/market"
	"github.com/caremarket/caremarket/scenarios"
)

func TestHistoryMomentValues(t *testing.T) {
	// Five years of a 2019 world: 1,000 children throughout; foster care
	// falls from 600 to 560; places 100 at 31 Mar 2020, 130 at 31 Mar 2024;
	// households 200 at the start, 180 at the end; price 4,000 in the first
	// year, 5,000 in the last.
	r := synthetic(5, func(m market.Metric) float64 {
		return map[market.Metric]float64{market.ChildrenInCare: 1000, market.PlacedFosterInHouse: 300, market.PlacedFosterIFA: 300,
			market.HomePlaces: 100, market.FosterHouseholdsCouncil: 100, market.FosterHouseholdsIFA: 100, market.PriceHomeMean: 4000}[m]
	}, func(r *market.Results) {
		last := 5*52 - 1
		r.Series[market.PlacedFosterIFA][last] = 260
		r.Series[market.HomePlaces][last] = 130
		r.Series[market.FosterHouseholdsIFA][last] = 80
		r.Series[market.ChildrenInCare][51] = 80500
		r.Series[market.ChildrenInCare][3*52-1] = 82000
		for k := 4 * 52; k <= last; k++ {
			r.Series[market.PriceHomeMean][k] = 5000
		}
	})
	want := map[string]float64{
		"h_children_in_care_2020": 80500, "h_children_in_care_2022": 82000, "h_foster_share_change": -0.04,
		"h_home_places_growth": 0.3, "h_foster_households_change": -0.1, "h_home_price_growth": 0.25,
	}
	ms := HistoryMoments()
	require.Len(t, ms, len(want))
	for _, m := range ms {
		assert.True(t, m.History, m.Name)
		assert.InDelta(t, want[m.Name], m.Value(r), 1e-9*math.Max(1, math.Abs(want[m.Name])), m.Name)
	}
	// Without history runs a history moment is NaN, never a baseline value.
	vals := momentValues(ms, &simOut{results: []*market.Results{r}})
	for k := range ms {
		assert.True(t, math.IsNaN(vals[k][0]), ms[k].Name)
	}
	vals = momentValues(ms, &simOut{results: []*market.Results{nil}, hist: []*market.Results{r}})
	assert.InDelta(t, 0.25, vals[len(ms)-1][0], 1e-12)
}

func TestHistoryKeepsItsOwnFigures(t *testing.T) {
	start, err := scenarios.Baseline()
	require.NoError(t, err)
	sc, err := scenarios.Builtin("history-2019")
	require.NoError(t, err)
	ps := append(DemandParams(), MarketParams()...)
	h := newHistory(sc, start, ps)
	// The 2019 arrival rate is the scenario's own; episode lengths and
	// the market's parameters are shared with the baseline.
	assert.True(t, h.skip["demand.starters_per_year"])
	assert.False(t, h.skip["demand.episode_mu"])
	assert.False(t, h.skip["pricing.scarcity"])
	got, err := h.with([]Setting{{"demand.starters_per_year", 40000}, {"demand.episode_mu", 4.2}, {"pricing.scarcity", 2.5}})
	require.NoError(t, err)
	assert.Equal(t, sc.Config.Demand.StartersPerYear, got.Config.Demand.StartersPerYear)
	assert.Equal(t, 4.2, got.Config.Demand.EpisodeMu)
	assert.Equal(t, 2.5, got.Config.Pricing.Scarcity)
	assert.Equal(t, sc.Start, got.Start)
	assert.Len(t, got.Interventions, len(sc.Interventions))
	// The template is not changed.
	assert.NotEqual(t, 4.2, sc.Config.Demand.EpisodeMu)
	var none *history
	nsc, err := none.with(nil)
	assert.NoError(t, err)
	assert.Nil(t, nsc)
}

func TestReportedOnlyMomentsAreNotFitted(t *testing.T) {
	ms := []Moment{{Name: "a", Published: 1, Half: 1, Stage: 2}, {Name: "b", Published: 1, Half: 1, Stage: 2, ReportedOnly: true}}
	vals := [][]float64{{3}, {11}}
	o := newObjective(ms, 1, nil)
	for _, obj := range []*objective{o, o.only(0), o.only(2)} {
		total, contrib := obj.value(vals)
		assert.Equal(t, 4.0, total, "only the fitted moment counts")
		assert.Equal(t, 100.0, contrib[1], "the reported one is still measured")
	}
	total, _ := o.only(1).value(vals)
	assert.Zero(t, total)
	// The 2023 one-year growth of places is reported, not fitted.
	for _, m := range Moments() {
		assert.Equal(t, m.Name == "home_places_growth", m.ReportedOnly, m.Name)
	}
}
