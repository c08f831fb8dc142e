// Package calibrate fits, validates and stress-tests the England baseline
// (docs/model.md §8, docs/calibration.md).
//
// Fit estimates the few parameters that published figures identify by the
// method of simulated moments: moments of year-2023 runs (and 2024 for the
// growth of children's home places) are compared with docs/data.md, weighted by
// 1/(h² + v), h half the published range of the figure and v the variance
// of the moment across runs, and the weighted distance is minimised with
// gonum's Nelder–Mead over parameters mapped to an unbounded space within
// plausible bounds. Every evaluation runs the same run indices from the
// same seed (common random numbers), so a fit is reproducible from its seed
// whatever the number of workers. Demand parameters are fitted first,
// against demand moments that no market parameter moves, then the market
// parameters given them.
//
// Bands lists the acceptance bands of the baseline's year-2023 figures and
// Validation the published patterns kept out of the fit; EvalChecks
// evaluates either on runs. Sensitivity samples the unfitted priors by Latin hypercube and
// ranks them by standardised regression coefficients; Robustness runs, at
// each parameter set of such a sample over every prior, each built-in
// intervention and the baseline on paired seeds, and says for each
// outcome (RobustnessOutcomes) in what share of sets the effect keeps the
// sign of its median (robust at RobustThreshold) and which priors drive it
// (SummariseEffects); robustness.json (RobustnessFile, ReadRobustness) is
// what the briefing report and the explorer read. Sweep runs either or
// both as shards on many machines (Sweep.RunShard) and MergeSweep merges
// them into exactly the results of one process.
//
// The package computes and never draws: plots.CalibrationFit and
// plots.SensitivityTornado draw its results, package report shows the
// robustness shares, and the commands `caremarket calibrate`,
// `caremarket sensitivity` and `caremarket robustness` live in
// cmd/caremarket.
// It sits above scenarios and below plots in the layers of README's package
// map (internal/layers checks them).
package calibrate
