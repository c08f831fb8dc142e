package report_test

import (
	"bytes"
	"context"
	"fmt"
	"log"
	"strings"

	"github.com/caremarket/caremarket/report"
	"github.com/caremarket/caremarket/scenarios"
)

// Write a briefing of a small paired comparison: the North East market
// over two years, two runs each of the baseline and the profit cap. Real
// briefings compare England over ten years with 20 runs or more
// (`caremarket report`).
func ExampleWrite() {
	cfg, err := scenarios.RegionalBaseline("North East")
	if err != nil {
		log.Fatal(err)
	}
	var scs []*scenarios.Scenario
	for _, name := range []string{"baseline", "profit-cap"} {
		sc, err := scenarios.Builtin(name)
		if err != nil {
			log.Fatal(err)
		}
		sc.Config, sc.Years = cfg, 2
		scs = append(scs, sc)
	}
	parts, err := scenarios.CollectComparison(context.Background(), scs[0], scs[1:], scenarios.EnsembleOptions{Runs: 2})
	if err != nil {
		log.Fatal(err)
	}
	cmp, err := scenarios.CompareAggregates(parts[0], parts[1:])
	if err != nil {
		log.Fatal(err)
	}
	man, err := scenarios.ComparisonManifest(parts)
	if err != nil {
		log.Fatal(err)
	}
	// Per-run values give the headline's shares their paired intervals.
	var runs []*scenarios.RunValues
	for _, p := range parts {
		v, err := p.RunValues(report.RunMetrics()...)
		if err != nil {
			log.Fatal(err)
		}
		runs = append(runs, v)
	}
	// report.WriteFile writes the page atomically, e.g. to
	// out/report/report.html; here it goes to a buffer.
	var page bytes.Buffer
	err = report.Write(&page, cmp, report.Options{Scenarios: scs, Manifest: man, Runs: runs})
	if err != nil {
		log.Fatal(err)
	}
	html := page.String()
	fmt.Println(strings.HasPrefix(html, "<!DOCTYPE html>"))
	fmt.Println("figures:", strings.Count(html, "<svg"))
	fmt.Println("scripts:", strings.Count(html, "<script"))
	// Output:
	// true
	// figures: 3
	// scripts: 0
}
