package main

import (
	"path/filepath"

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
}
