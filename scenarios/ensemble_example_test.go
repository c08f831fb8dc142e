package scenarios_test

import (
	"context"
	"fmt"

	"github.com/caremarket/caremarket/market"
	"github.com/caremarket/caremarket/scenarios"
)

// An ensemble of 8 runs of the North East market for 2 years, on 4
// workers: yearly bands over every run.
func ExampleEnsemble() {
	cfg, err := scenarios.RegionalBaseline("North East")
	if err != nil {
		fmt.Println(err)
		return
	}
	sc := &scenarios.Scenario{Name: "north-east", Seed: 1, Years: 2, Config: cfg}
	s, err := scenarios.Ensemble(context.Background(), sc, scenarios.EnsembleOptions{Runs: 8, Workers: 4})
	if err != nil {
		fmt.Println(err)
		return
	}
	spend := s.Yearly[market.SpendGBP]
	fmt.Println(s.Runs, "runs,", len(spend), "years from", s.StartYear)
	fmt.Println("p5 ≤ p50 ≤ p95:", spend[0].P5 <= spend[0].P50 && spend[0].P50 <= spend[0].P95)
	// Output:
	// 8 runs, 2 years from 2023
	// p5 ≤ p50 ≤ p95: true
}

// BandOf summarises values as an ensemble does: the mean and the 5th, 50th
// and 95th percentiles (gonum stat.Empirical).
func ExampleBandOf() {
	fmt.Printf("%+v\n", scenarios.BandOf([]float64{3, 1, 4, 1, 5, 9, 2, 6, 5, 3}))
	// Output:
	// {Mean:3.9 P5:1 P50:3 P95:9}
}

// Errors in scenario files name the file, the line and the key.
func ExampleParse() {
	_, err := scenarios.Parse("my.yaml", []byte(`
extends: baseline
overrides:
  demand:
    starters_per_yer: 36000
  costs:
    home_fixed: -1
`))
	fmt.Println(err)
	// Output:
	// my.yaml:5: overrides.demand.starters_per_yer: unknown key (did you mean "starters_per_year"?); allowed in overrides.demand: starters_per_year, arrival_trend, episode_mu, episode_sigma, starter_ages, uasc_share, uasc_older_share, tiers, complex_growth, other_prob
}
