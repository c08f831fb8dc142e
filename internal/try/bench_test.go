//go:build tryit

package try

import (
	"context"
	"testing"

	"github.com/caremarket/caremarket/market"
	"github.com/caremarket/caremarket/scenarios"
)

func BenchmarkTen(b *testing.B) {
	cfg, _ := scenarios.Baseline()
	for i := 0; i < b.N; i++ {
		w, _ := market.New(cfg, market.Options{Seed: 1, Years: 10})
		w.Run(context.Background(), nil)
	}
}

func BenchmarkInit(b *testing.B) {
	cfg, _ := scenarios.Baseline()
	for i := 0; i < b.N; i++ {
		market.New(cfg, market.Options{Seed: 1, Years: 10})
	}
}

func BenchmarkWeeks(b *testing.B) {
	cfg, _ := scenarios.Baseline()
	w, _ := market.New(cfg, market.Options{Seed: 1, Years: 100})
	for w.Week() < 200 {
		w.Step()
	}
	b.ResetTimer()
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		w.Step()
	}
}
