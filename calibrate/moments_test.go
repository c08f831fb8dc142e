package calibrate

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/caremarket/caremarket/market"
)

// synthetic returns results of the given years in which every metric is
// constant (value f(m)) except those set by edit.
func synthetic(years int, f func(m market.Metric) float64, edit func(r *market.Results)) *market.Results {
	r := &market.Results{StartYear: 2023, Weeks: 52 * years}
	for m := range market.NumMetrics {
		s := make([]float64, 52*years)
		for k := range s {
			s[k] = f(m)
		}
		r.Series[m] = s
	}
	if edit != nil {
		edit(r)
	}
	return r
}

func TestMomentValues(t *testing.T) {
	val := map[market.Metric]float64{
		market.ChildrenInCare: 1000, market.Arrivals: 10, market.Leavers: 8, market.LeaversUnderOneYear: 4,
		market.PlacedFosterInHouse: 280, market.PlacedFosterIFA: 250, market.PlacedHomes: 110, market.PlacedSupported: 100, market.PlacedOther: 250,
		market.SpendGBP: 1e8, market.HomePlaces: 150, market.HomePlacesPrivateEquity: 30, market.HomePlacesPrivate: 90,
		market.FosterHouseholdsIFA: 45, market.FosterHouseholdsCouncil: 55, market.PriceHomeMean: 5800, market.PriceIFAMean: 900,
		market.StabilityOne: 0.7, market.StabilityThreePlus: 0.1, market.SingleHomeShare: 0.2,
	}
	r := synthetic(2, func(m market.Metric) float64 { return val[m] }, func(r *market.Results) {
		// Places grow from 150 to 165 in the second year; the single-home
		// share is read in the last week of the first year.
		for k := 52; k < 104; k++ {
			r.Series[market.HomePlaces][k] = 165
		}
		r.Series[market.SingleHomeShare][51] = 0.16
	})
	want := map[string]float64{
		"children_in_care": 1000, "arrivals": 520, "leavers": 416, "leavers_under_1y": 0.5,
		"share_foster_inhouse": 0.28, "share_foster_ifa": 0.25, "share_homes": 0.11, "share_supported": 0.10, "share_other": 0.25,
		"spend_gbp": 52e8, "home_places": 150, "home_places_growth": 0.1, "private_share_places": 0.8, "ifa_share_households": 0.45,
		"price_home_mean": 5800, "price_ifa_mean": 900, "stability_one": 0.7, "stability_three_plus": 0.1, "single_home_share": 0.16,
	}
	ms := Moments()
	require.Len(t, ms, len(want))
	for _, m := range ms {
		w, ok := want[m.Name]
		require.True(t, ok, "unexpected moment %s", m.Name)
		assert.InDelta(t, w, m.Value(r), 1e-9*math.Max(1, w), m.Name)
		assert.Greater(t, m.Half, 0.0, m.Name)
		assert.NotEmpty(t, m.Source, m.Name)
	}
	// One year is too short for the growth of places.
	one := synthetic(1, func(m market.Metric) float64 { return val[m] }, nil)
	for _, m := range ms {
		if m.Name == "home_places_growth" {
			assert.True(t, math.IsNaN(m.Value(one)))
		} else {
			assert.False(t, math.IsNaN(m.Value(one)), m.Name)
		}
	}
	// A zero denominator gives NaN, not a panic or Inf.
	empty := synthetic(2, func(market.Metric) float64 { return 0 }, nil)
	for _, m := range ms {
		if m.Name == "share_homes" {
			assert.True(t, math.IsNaN(m.Value(empty)))
		}
	}
}

func TestObjective(t *testing.T) {
	ms := []Moment{
		{Name: "a", Published: 10, Half: 2, Count: true, Stage: 1},
		{Name: "b", Published: 0.5, Half: 0.1, Stage: 2},
	}
	o := newObjective(ms, 0.5, []float64{3, 0.01})
	// Count moments scale with the market: target 5, half 1.
	assert.Equal(t, 5.0, o.target[0])
	assert.Equal(t, 1.0, o.half[0])
	assert.InDelta(t, 1/(1.0+3), o.weight[0], 1e-12)
	assert.InDelta(t, 1/(0.01+0.01), o.weight[1], 1e-12)
	vals := [][]float64{{6, 8}, {0.4, 0.4}} // means 7 and 0.4
	total, contrib := o.value(vals)
	assert.InDelta(t, 0.25*4, contrib[0], 1e-12)
	assert.InDelta(t, 50*0.01, contrib[1], 1e-12)
	assert.InDelta(t, 1.5, total, 1e-12)
	d1, _ := o.only(1).value(vals)
	assert.InDelta(t, 1.0, d1, 1e-12)
	d2, _ := o.only(2).value(vals)
	assert.InDelta(t, 0.5, d2, 1e-12)
	// A moment in use that is not finite makes the objective +Inf; one out
	// of use does not.
	nan := [][]float64{{math.NaN()}, {0.5}}
	d, _ := o.value(nan)
	assert.True(t, math.IsInf(d, 1))
	d, _ = o.only(2).value(nan)
	assert.Equal(t, 0.0, d)
	assert.Equal(t, []float64{2, 0}, variances([][]float64{{1, 3}, {5}}))
}

func TestChecksHaveRanges(t *testing.T) {
	r := synthetic(2, func(m market.Metric) float64 { return 1 }, nil)
	for _, cs := range [][]Check{Bands(), Validation()} {
		names := map[string]bool{}
		for _, c := range EvalChecks(cs, []*market.Results{r}, 1) {
			assert.False(t, names[c.Name], "duplicate check %s", c.Name)
			names[c.Name] = true
			assert.LessOrEqual(t, c.Lo, c.Hi, c.Name)
			assert.NotEmpty(t, c.Published, c.Name)
		}
	}
	// The bands of issue 3: 15 figures, each with its tolerance.
	assert.Len(t, Bands(), 15)
	assert.Len(t, Validation(), 12)
}

func TestValidationValues(t *testing.T) {
	// Foster share falls from 53% to 52% and households by 4% across the
	// first year; children in care end the year at 83,000.
	r := synthetic(2, func(m market.Metric) float64 {
		switch m {
		case market.ChildrenInCare:
			return 100
		case market.PlacedFosterInHouse, market.PlacedFosterIFA:
			return 26.5
		case market.FosterHouseholdsCouncil, market.FosterHouseholdsIFA:
			return 50
		}
		return 0
	}, func(r *market.Results) {
		r.Series[market.PlacedFosterIFA][51] = 25.5
		r.Series[market.FosterHouseholdsIFA][51] = 46
		r.Series[market.ChildrenInCare][51] = 83000
	})
	got := map[string]float64{}
	for _, c := range EvalChecks(Validation(), []*market.Results{r}, 1) {
		got[c.Name] = c.Sim.P50
	}
	assert.InDelta(t, (26.5+25.5)/83000-0.53, got["V5_foster_share_change"], 1e-12)
	assert.InDelta(t, -0.04, got["V6_foster_households_change"], 1e-12)
	assert.Equal(t, 83000.0, got["V4_children_in_care_end"])
}
