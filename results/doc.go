// Package results holds what a run, an ensemble or a comparison produces,
// independent of how it was run: Band and DiffBand (a value across runs, a
// paired difference), Summary (one scenario's yearly and weekly bands),
// Comparison and Diff (paired differences from a baseline), their tables
// (Table, Rows) and the unit of a total (TotalUnit).
//
// It sits between market and scenarios in the layers of README's package
// map: it imports market and nothing above it, and package scenarios,
// which runs the ensembles, fills these types (scenarios.Summary and the
// others are aliases of them). The file formats and storage (summary.json,
// the tidy CSVs, shards, manifests, loading) are still written by package
// scenarios; they are to move here next (CHANGELOG.md).
package results
