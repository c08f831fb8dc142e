package plots_test

import (
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/stat"

	"github.com/caremarket/caremarket/market"
	"github.com/caremarket/caremarket/scenarios"
)

// This file builds small deterministic Summaries and Comparisons with the
// shapes of the real ones (the engine is not run), so that the plots can be
// tested quickly and their goldens stay stable while the engine changes.

var englandRegions = []string{
	"North East", "North West", "Yorkshire and The Humber", "East Midlands", "West Midlands",
	"East of England", "London", "South East", "South West",
}

// regionShare is each region's share of England's children looked after
// (roughly, from the baseline data).
var regionShare = []float64{0.06, 0.16, 0.11, 0.08, 0.12, 0.10, 0.12, 0.15, 0.10}

// level is a metric's weekly value at the start and its growth per year.
type level struct {
	v, growth, noise float64
}

// synthLevels are England-like weekly levels (flows per week).
func synthLevels() map[market.Metric]level {
	return map[market.Metric]level{
		market.ChildrenInCare:          {83000, 0.01, 0.01},
		market.Waiting:                 {400, 0.04, 0.15},
		market.UnregisteredPlaced:      {900, 0.03, 0.10},
		market.Over20Miles:             {25000, 0.01, 0.02},
		market.OutOfArea:               {34000, 0.01, 0.02},
		market.SpendGBP:                {4.2e9 / 52, 0.04, 0.03},
		market.NetPublicCostGBP:        {4.2e9 / 52, 0.04, 0.03},
		market.PriceHomeMean:           {5800, 0.05, 0.02},
		market.MarginPrivateEquity:     {0.22, 0, 0.15},
		market.MarginPrivate:           {0.17, 0, 0.15},
		market.MarginNFP:               {0.04, 0, 0.4},
		market.MarginForProfit:         {0.19, 0, 0.12},
		market.HomePlacesPrivateEquity: {4200, 0.02, 0.03},
		market.HomePlacesPrivate:       {6100, 0.02, 0.03},
		market.HomePlacesNFP:           {700, 0.0, 0.05},
		market.HomePlacesCouncil:       {1700, -0.01, 0.03},
		market.HomePlaces:              {12700, 0.015, 0.02},
		market.ExitsDisorderly:         {0.1, 0, 0.5},
	}
}

// synthEffects are multiplicative effects of each alternative, reached in
// full after two years.
func synthEffects(name string) map[market.Metric]float64 {
	switch name {
	case "profit-cap":
		return map[market.Metric]float64{market.SpendGBP: 0.975, market.NetPublicCostGBP: 0.97, market.Waiting: 1.3,
			market.UnregisteredPlaced: 1.15, market.MarginForProfit: 0.55, market.MarginPrivateEquity: 0.5,
			market.MarginPrivate: 0.6, market.HomePlacesPrivateEquity: 0.85, market.HomePlacesPrivate: 0.92,
			market.HomePlaces: 0.93, market.Over20Miles: 1.04}
	case "nfp-entry":
		return map[market.Metric]float64{market.SpendGBP: 0.995, market.NetPublicCostGBP: 0.995, market.Waiting: 0.85,
			market.UnregisteredPlaced: 0.9, market.HomePlacesNFP: 1.9, market.HomePlaces: 1.05, market.Over20Miles: 0.97}
	case "coop":
		return map[market.Metric]float64{market.SpendGBP: 0.985, market.NetPublicCostGBP: 0.985, market.Waiting: 0.95,
			market.Over20Miles: 0.9, market.HomePlacesCouncil: 1.35, market.HomePlaces: 1.03, market.MarginForProfit: 0.95}
	}
	return nil
}

// synthRun returns one run's weekly series and regional series.
func synthRun(name string, seed uint64, run, years int) *market.Results {
	base := rand.New(rand.NewPCG(seed, uint64(run)))           // common to all scenarios (paired)
	own := rand.New(rand.NewPCG(seed^hash(name), uint64(run))) // scenario-specific noise
	weeks := 52 * years
	r := &market.Results{StartYear: 2023, Weeks: weeks, Regions: englandRegions}
	levels := synthLevels()
	eff := synthEffects(name)
	for m := range market.NumMetrics {
		lv, ok := levels[m]
		s := make([]float64, weeks)
		if ok {
			shock := 1 + lv.noise*base.NormFloat64()
			drift := lv.noise * 0.3 * own.NormFloat64()
			for k := range s {
				t := float64(k) / 52
				f := 1.0
				if e, ok := eff[m]; ok {
					f = 1 + (e-1)*math.Min(1, t/2)
				}
				season := 1 + 0.03*math.Sin(2*math.Pi*t)
				s[k] = lv.v * math.Pow(1+lv.growth, t) * (shock + drift*t/float64(years)) * f * season
			}
		}
		r.Series[m] = s
	}
	for rm := range market.NumRegionalMetrics {
		m := rm.Metric()
		r.Regional[rm] = make([][]float64, len(englandRegions))
		for i := range englandRegions {
			w := regionShare[i] * (1 + 0.5*math.Sin(float64(i*7+int(rm)))) // uneven by region
			s := make([]float64, weeks)
			for k := range s {
				s[k] = r.Series[m][k] * w
			}
			r.Regional[rm][i] = s
		}
	}
	return r
}

func hash(s string) uint64 {
	var h uint64 = 14695981039346656037
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

// band summarises values across runs as the Ensemble does.
func band(x []float64) scenarios.Band {
	s := slices.Clone(x)
	slices.Sort(s)
	return scenarios.Band{
		Mean: stat.Mean(s, nil),
		P5:   stat.Quantile(0.05, stat.Empirical, s, nil),
		P50:  stat.Quantile(0.5, stat.Empirical, s, nil),
		P95:  stat.Quantile(0.95, stat.Empirical, s, nil),
	}
}

func diffBand(x []float64) scenarios.DiffBand {
	b := band(x)
	sd := 0.0
	if len(x) > 1 {
		sd = stat.StdDev(x, nil)
	}
	h := 1.645 * sd / math.Sqrt(float64(len(x)))
	return scenarios.DiffBand{Band: b, MeanLo: b.Mean - h, MeanHi: b.Mean + h}
}

// summarize aggregates runs into a Summary, the way scenarios.Ensemble is
// specified to (yearly bands over all runs, weekly bands over the first
// weeklyRuns runs).
func summarize(name string, seed uint64, rs []*market.Results, weeklyRuns int) *scenarios.Summary {
	years := rs[0].Years()
	s := &scenarios.Summary{
		Scenario: name, Description: "synthetic " + name, Seed: seed, Runs: len(rs),
		Start: "2023-04", StartYear: rs[0].StartYear, Years: years, Regions: rs[0].Regions,
		WeeklyRuns: min(weeklyRuns, len(rs)),
	}
	col := make([]float64, len(rs))
	for m := range market.NumMetrics {
		yearly := make([][]float64, len(rs))
		for i, r := range rs {
			yearly[i] = r.Yearly(m)
		}
		s.Yearly[m] = make([]scenarios.Band, years)
		for y := range years {
			for i := range rs {
				col[i] = yearly[i][y]
			}
			s.Yearly[m][y] = band(col)
		}
		if s.WeeklyRuns > 0 {
			s.Weekly[m] = make([]scenarios.Band, rs[0].Weeks)
			for k := range s.Weekly[m] {
				wc := make([]float64, s.WeeklyRuns)
				for i := range wc {
					wc[i] = rs[i].Series[m][k]
				}
				s.Weekly[m][k] = band(wc)
			}
		}
	}
	for rm := range market.NumRegionalMetrics {
		ry := make([][][]float64, len(rs))
		for i, r := range rs {
			ry[i] = r.RegionalYearly(rm)
		}
		s.RegionalYearly[rm] = make([][]scenarios.Band, len(s.Regions))
		for g := range s.Regions {
			s.RegionalYearly[rm][g] = make([]scenarios.Band, years)
			for y := range years {
				for i := range rs {
					col[i] = ry[i][g][y]
				}
				s.RegionalYearly[rm][g][y] = band(col)
			}
		}
	}
	return s
}

// total cumulates one run's metric over the horizon as Diff.Total does:
// flows summed over the years, stocks over the weeks.
func total(r *market.Results, m market.Metric) float64 {
	t := 0.0
	for _, v := range r.Series[m] {
		t += v
	}
	return t
}

// compare builds a paired Comparison from runs of a baseline and
// alternatives on the same seeds.
func compare(base []*market.Results, baseSum *scenarios.Summary, alts [][]*market.Results, altSums []*scenarios.Summary) *scenarios.Comparison {
	cmp := &scenarios.Comparison{Baseline: baseSum, Alternatives: altSums}
	n := len(base)
	for a, rs := range alts {
		d := scenarios.Diff{Scenario: altSums[a].Scenario}
		col := make([]float64, n)
		for m := range market.NumMetrics {
			years := base[0].Years()
			d.Yearly[m] = make([]scenarios.DiffBand, years)
			for y := range years {
				for i := range n {
					col[i] = rs[i].Yearly(m)[y] - base[i].Yearly(m)[y]
				}
				d.Yearly[m][y] = diffBand(col)
			}
			for i := range n {
				col[i] = total(rs[i], m) - total(base[i], m)
			}
			d.Total[m] = diffBand(col)
		}
		cmp.Diffs = append(cmp.Diffs, d)
	}
	return cmp
}

// synthSummary returns a synthetic Summary of one scenario.
func synthSummary(name string, runs, years int) *scenarios.Summary {
	rs := make([]*market.Results, runs)
	for i := range rs {
		rs[i] = synthRun(name, 7, i, years)
	}
	return summarize(name, 7, rs, 5)
}

// synthComparison returns a synthetic paired Comparison of the baseline
// with alternatives.
func synthComparison(runs, years int, alternatives ...string) *scenarios.Comparison {
	mk := func(name string) ([]*market.Results, *scenarios.Summary) {
		rs := make([]*market.Results, runs)
		for i := range rs {
			rs[i] = synthRun(name, 7, i, years)
		}
		return rs, summarize(name, 7, rs, 5)
	}
	base, baseSum := mk("baseline")
	var alts [][]*market.Results
	var sums []*scenarios.Summary
	for _, a := range alternatives {
		rs, s := mk(a)
		alts = append(alts, rs)
		sums = append(sums, s)
	}
	return compare(base, baseSum, alts, sums)
}
