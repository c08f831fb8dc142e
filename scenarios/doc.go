// Package scenarios holds what an adviser runs: the embedded England
// baseline, the interventions the advisory group is weighing, named
// scenarios, ensembles and paired comparisons, scenario files, and the
// formats in which their results are written, saved and loaded.
//
// # From a scenario to its outputs
//
// A Scenario is a market.Config (the data and parameters), a seed, a
// start, a horizon and the interventions in force. It comes from
//
//   - Builtin(name), one of List(): the baseline and the built-in
//     interventions on it;
//   - LoadFile(path) or Parse(name, data): a scenario file
//     (docs/scenario-files.md), checked strictly key by key
//     (internal/strictyaml) and against the validators;
//   - code: Baseline() or RegionalBaseline(regions...) for the Config,
//     plus interventions such as NewProfitCap (RegisterIntervention adds
//     types of one's own for scenario files).
//
// It is run in one of three ways, from the smallest:
//
//   - Run: one run, run index RunOptions.Run, giving the weekly
//     market.Results;
//   - Ensemble: EnsembleOptions.Runs runs on EnsembleOptions.Workers
//     goroutines, summarised as a Summary (yearly bands of every metric:
//     mean, 5th, 50th and 95th percentiles; see BandOf);
//   - Compare: the baseline and alternatives on the same run indices
//     (paired runs), giving a Comparison: each scenario's Summary and each
//     alternative's Diff against the baseline (DiffBand, PairedDiff).
//     An alternative on the baseline's configuration is the baseline
//     until its first policy week, so each run simulates those weeks once
//     and forks the alternative there (market.World.Fork; prefix.go).
//
// Results are the same, byte for byte, whatever the number of workers or
// GOMAXPROCS. To write results to disk or to split the work between
// processes, Collect and CollectComparison return Aggregates instead (the
// runs' per-year values, with their Hashes); Aggregate.Summary and
// CompareAggregates make the Summary and Comparison from them, and
// MergeAggregates joins the shards (EnsembleOptions.Shard) of one
// ensemble, written with Aggregate.ExportShard and read with LoadShards.
//
// Outputs (docs/outputs.md): Aggregate.Export writes a scenario's
// directory and ExportComparison a comparison's: summary.json (the
// contract of README.md, results.WriteSummaryJSON), series.csv and the
// tidy CSVs (results.WriteSeriesCSV, WriteSummaryTidyCSV,
// WriteSeriesTidyCSV), comparison.json and comparison.csv
// (results.WriteComparisonJSON, WriteComparisonCSV), per-run values
// (results.WriteRunValuesCSV), warnings, the scenarios' sources
// (WriteScenarioSources) and manifest.json (Manifest, ComparisonManifest),
// every file written atomically (results.WriteFileAtomic).
// LoadComparison and LoadManifest read a saved comparison back. Summary
// and Comparison print as tables (Table, Rows). The result types (Band,
// Summary, Comparison, …) are defined in package results, below this one;
// the names here are aliases. Package plots draws them and package report
// writes the briefing.
package scenarios
