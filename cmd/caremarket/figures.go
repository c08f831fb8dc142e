package main

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"

	"github.com/caremarket/caremarket/calibrate"
	"github.com/caremarket/caremarket/market"
	"github.com/caremarket/caremarket/plots"
	"github.com/caremarket/caremarket/scenarios"
)

// The figures that go with the outputs: a comparison writes its dashboard,
// trade-off, differences and one chart per key metric into plots/ (PNG, or
// the format given with compare -format for the per-metric charts).
func init() {
	figures.compare = func(dir string, c *scenarios.Comparison, format string) error {
		_, err := plots.WriteComparison(filepath.Join(dir, "plots"), c, format)
		return err
	}
	figures.hindcast = func(dir string, results []*market.Results) error {
		if _, err := plots.WriteHindcast(filepath.Join(dir, "plots"), results); err != nil {
			return err
		}
		return writeHindcastCSV(filepath.Join(dir, HindcastTable), calibrate.HindcastPoints(results))
	}
}

// HindcastTable is the file of a history run that lists each published
// figure of the hindcast with the model's band at the same time.
const HindcastTable = "hindcast.csv"

// writeHindcastCSV writes the hindcast's points: series, unit, when,
// published, and the model's mean, 5th, 50th and 95th percentiles across
// runs.
func writeHindcastCSV(path string, pts []calibrate.HindcastPoint) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := csv.NewWriter(f)
	_ = w.Write([]string{"series", "unit", "when", "published", "model_mean", "model_p5", "model_p50", "model_p95", "miss_p50"})
	num := func(x float64) string { return strconv.FormatFloat(x, 'g', 6, 64) }
	for _, p := range pts {
		_ = w.Write([]string{p.Series, p.Unit, p.When, num(p.Published), num(p.Model.Mean), num(p.Model.P5), num(p.Model.P50), num(p.Model.P95), num(p.Miss())})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
