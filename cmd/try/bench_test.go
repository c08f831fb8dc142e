//go:build tryit

package try

import (
	"context"
	"fmt"
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

func BenchmarkLadder(b *testing.B) {
	for _, k := range []int{1, 2, 4} {
		cfg, err := scenarios.ReplicatedBaseline(k)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprint(k), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				w, err := market.New(cfg, market.Options{Seed: 1, Years: 2})
				if err != nil {
					b.Fatal(err)
				}
				w.Run(context.Background(), nil)
			}
		})
	}
}
