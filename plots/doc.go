// Package plots draws the figures of caremarket's briefings from scenario
// results: fan charts of one scenario over time, scenario comparisons, the
// cost–shortage trade-off, forest plots of paired differences, regional tile
// maps, provider margins and a six-panel dashboard.
//
// Every figure function takes results from package scenarios (a Summary or a
// Comparison) and returns a value that draws itself: a *plot.Plot from
// gonum.org/v1/plot, which a notebook or script may restyle before saving,
// or a *Figure, several plots tiled on one canvas. Nothing here touches the
// filesystem except Save and WriteComparison; PNG, SVG and PDF render to
// bytes in one call.
//
// The figures are made to be read at a glance: titles that say what is
// shown, axis labels with units, money in £k/£m/£bn, financial years on time
// axes ("2023/24"), legends beside the data rather than over it, shaded
// 5–95% bands of the runs, and one colour per scenario kept across every
// figure (the colour-blind-safe Okabe–Ito palette, see ScenarioStyle), with
// the baseline always black.
//
// Non-finite values (NaN, ±Inf) are skipped, never drawn and never a panic:
// lines break around them and points are left out. The engine guards them
// out upstream (market.Results.Finite), so in practice they mark a bug, not
// data.
package plots
