//go:build tryit

// Command heap reports the heap a 10-year England run holds at its end.
package main

import (
	"context"
	"fmt"
	"runtime"

	"github.com/caremarket/caremarket/market"
	"github.com/caremarket/caremarket/scenarios"
)

func main() {
	cfg, _ := scenarios.Baseline()
	var m0, m1 runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m0)
	w, _ := market.New(cfg, market.Options{Seed: 1, Years: 10})
	w.Run(context.Background(), nil)
	runtime.GC()
	runtime.ReadMemStats(&m1)
	fmt.Printf("heap held by one 10-year England run: %.1f MB (peak heap sys %.1f MB)\n", float64(m1.HeapAlloc-m0.HeapAlloc)/1e6, float64(m1.HeapSys)/1e6)
	runtime.KeepAlive(w)
}
