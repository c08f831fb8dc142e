// Package results holds what a run, an ensemble or a comparison produces,
// independent of how it was run, and its file formats: Band and DiffBand
// (a value across runs, a paired difference), Summary (one scenario's
// yearly and weekly bands), Comparison and Diff (paired differences from a
// baseline), their tables (Table, Rows), the unit of a total (TotalUnit),
// per-run values (RunValues, PairedDiff), and the writers of the result
// files: summary.json (WriteSummaryJSON, the contract of README.md),
// series.csv, the tidy CSVs, comparison.json and .csv, run_values.csv and
// warnings.csv, every file written atomically (WriteFileAtomic).
//
// It sits between market and scenarios in the layers of README's package
// map: it imports market and nothing above it, and package scenarios,
// which runs the ensembles, fills these types (scenarios.Summary and the
// others are aliases of them). What needs a scenario or an ensemble's
// internals stays in scenarios: Aggregate.Export and ExportComparison
// (directories and manifest.json), shards, and LoadComparison.
package results
