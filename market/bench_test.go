package market_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/caremarket/caremarket/market"
	"github.com/caremarket/caremarket/scenarios"
)

// baselineConfig returns the England baseline or stops the benchmark.
func baselineConfig(b *testing.B) *market.Config {
	b.Helper()
	cfg, err := scenarios.Baseline()
	if err != nil {
		b.Fatal(err)
	}
	return cfg
}

// newBenchWorld builds a world of cfg or stops the benchmark.
func newBenchWorld(b *testing.B, cfg *market.Config, o market.Options) *market.World {
	b.Helper()
	w, err := market.New(cfg, o)
	if err != nil {
		b.Fatal(err)
	}
	return w
}

// benchYear times the 52 reported weeks of a one-year world of cfg;
// building the world and stepping through its warm-up are outside the
// timing (and the allocation counts).
func benchYear(b *testing.B, cfg *market.Config) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		w := newBenchWorld(b, cfg, market.Options{Seed: 1, Run: i, Years: 1})
		for w.ReportedWeek() < 0 {
			market.StepOrFail(b, w)
		}
		b.StartTimer()
		for !w.Done() {
			market.StepOrFail(b, w)
		}
	}
}

// benchRuns times whole runs of cfg over years: building the world, the
// warm-up and the reported years.
func benchRuns(b *testing.B, cfg *market.Config, years int) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		w := newBenchWorld(b, cfg, market.Options{Seed: 1, Run: i, Years: years})
		if _, err := w.Run(context.Background(), nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEnglandYear times one simulated financial year of the full
// England baseline: the 52 reported weeks after the warm-up. Building the
// world and stepping through its warm-up are outside the timing (and the
// allocation counts), so ns/op is the cost of a year of the running market.
func BenchmarkEnglandYear(b *testing.B) {
	benchYear(b, baselineConfig(b))
}

// BenchmarkEnglandBuild times building the England baseline world.
func BenchmarkEnglandBuild(b *testing.B) {
	cfg := baselineConfig(b)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		newBenchWorld(b, cfg, market.Options{Seed: 1, Run: i, Years: 1})
	}
}

// BenchmarkSmallWorldYear times a year of the small test world, for
// comparison across changes without the England data.
func BenchmarkSmallWorldYear(b *testing.B) {
	benchYear(b, smallConfig())
}

// BenchmarkEnglandTenYears times one full England run: building the world,
// the 52-week warm-up and ten reported years.
func BenchmarkEnglandTenYears(b *testing.B) {
	benchRuns(b, baselineConfig(b), 10)
}

// BenchmarkWeek times one steady-state week of England: a world already two
// years in steps on week after week (a 100-year horizon leaves room).
func BenchmarkWeek(b *testing.B) {
	w := newBenchWorld(b, baselineConfig(b), market.Options{Seed: 1, Years: market.MaxYears})
	market.StepUntil(b, w, 2*52)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if w.Done() {
			b.Fatal("the benchmark ran past the world's horizon")
		}
		market.StepOrFail(b, w)
	}
}

// BenchmarkLadder runs two years of England replicated side by side 1, 2 and
// 4 times (councils, children and providers on a map as many times as
// large), so work per child stays comparable; ns/op should grow no faster
// than the size.
func BenchmarkLadder(b *testing.B) {
	for _, k := range []int{1, 2, 4} {
		cfg, err := scenarios.ReplicatedBaseline(k)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("size=%dx", k), func(b *testing.B) {
			benchRuns(b, cfg, 2)
		})
	}
}
