package market_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/caremarket/caremarket/market"
	"github.com/caremarket/caremarket/scenarios"
)

// BenchmarkEnglandTenYears times one full England run: building the world,
// the 52-week warm-up and ten reported years.
func BenchmarkEnglandTenYears(b *testing.B) {
	cfg, err := scenarios.Baseline()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		w, err := market.New(cfg, market.Options{Seed: 1, Run: i, Years: 10})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := w.Run(context.Background(), nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWeek times one steady-state week of England: a world already two
// years in steps on week after week (a 100-year horizon leaves room).
func BenchmarkWeek(b *testing.B) {
	cfg, err := scenarios.Baseline()
	if err != nil {
		b.Fatal(err)
	}
	w, err := market.New(cfg, market.Options{Seed: 1, Years: market.MaxYears})
	if err != nil {
		b.Fatal(err)
	}
	for w.Week() < 2*52 {
		if err := w.Step(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if w.Done() {
			b.Fatal("the benchmark ran past the world's horizon")
		}
		if err := w.Step(); err != nil {
			b.Fatal(err)
		}
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
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				w, err := market.New(cfg, market.Options{Seed: 1, Run: i, Years: 2})
				if err != nil {
					b.Fatal(err)
				}
				if _, err := w.Run(context.Background(), nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
