package scenarios

import (
	"github.com/caremarket/caremarket/market"
	"github.com/caremarket/caremarket/results"
)

// The result types are defined in package results, below scenarios in the
// layers; these aliases keep their scenarios names for existing callers.
type (
	Band       = results.Band
	Summary    = results.Summary
	DiffBand   = results.DiffBand
	Diff       = results.Diff
	Comparison = results.Comparison
	Row        = results.Row
	DiffRow    = results.DiffRow
)

// BandOf is results.BandOf.
func BandOf(values []float64) Band { return results.BandOf(values) }

// TableMetrics is results.TableMetrics.
func TableMetrics() []market.Metric { return results.TableMetrics() }

// TotalUnit is results.TotalUnit.
func TotalUnit(m market.Metric) string { return results.TotalUnit(m) }
