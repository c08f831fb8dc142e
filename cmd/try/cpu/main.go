//go:build tryit

// Command cpu runs 10-year England runs and prints CPU seconds per run.
package main

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"syscall"
	"time"

	"github.com/caremarket/caremarket/market"
	"github.com/caremarket/caremarket/scenarios"
)

func cpu() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func main() {
	n := 3
	if len(os.Args) > 1 {
		n, _ = strconv.Atoi(os.Args[1])
	}
	cfg, _ := scenarios.Baseline()
	var initT, runT time.Duration
	for i := 0; i < n; i++ {
		c0 := cpu()
		w, err := market.New(cfg, market.Options{Seed: 1, Run: i, Years: 10})
		if err != nil {
			panic(err)
		}
		c1 := cpu()
		if _, err := w.Run(context.Background(), nil); err != nil {
			panic(err)
		}
		c2 := cpu()
		initT += c1 - c0
		runT += c2 - c1
	}
	fmt.Printf("init %.3fs run %.3fs total %.3fs CPU per 10-year run\n", initT.Seconds()/float64(n), runT.Seconds()/float64(n), (initT+runT).Seconds()/float64(n))
}
