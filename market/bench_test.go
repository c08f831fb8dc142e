package market_test

import (
	"testing"

	"github.com/caremarket/caremarket/market"
	"github.com/caremarket/caremarket/scenarios"
)

// BenchmarkEnglandYear times one simulated financial year of the full
// England baseline: the 52 reported weeks after the warm-up. Building the
// world and stepping through its warm-up are outside the timing (and the
// allocation counts), so ns/op is the cost of a year of the running market.
func BenchmarkEnglandYear(b *testing.B) {
	cfg, err := scenarios.Baseline()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		w, err := market.New(cfg, market.Options{Seed: 1, Run: i, Years: 1})
		if err != nil {
			b.Fatal(err)
		}
		for w.ReportedWeek() < 0 {
			if err := w.Step(); err != nil {
				b.Fatal(err)
			}
		}
		b.StartTimer()
		for !w.Done() {
			if err := w.Step(); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkEnglandBuild times building the England baseline world.
func BenchmarkEnglandBuild(b *testing.B) {
	cfg, err := scenarios.Baseline()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := market.New(cfg, market.Options{Seed: 1, Run: i, Years: 1}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSmallWorldYear times a year of the small test world, for
// comparison across changes without the England data.
func BenchmarkSmallWorldYear(b *testing.B) {
	cfg := smallConfig()
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		w, err := market.New(cfg, market.Options{Seed: 1, Run: i, Years: 1})
		if err != nil {
			b.Fatal(err)
		}
		for w.ReportedWeek() < 0 {
			if err := w.Step(); err != nil {
				b.Fatal(err)
			}
		}
		b.StartTimer()
		for !w.Done() {
			if err := w.Step(); err != nil {
				b.Fatal(err)
			}
		}
	}
}
