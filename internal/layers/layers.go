// Package layers states the import layers of caremarket's packages and
// checks an import graph against them. Its test lists the module's
// packages with `go list -json ./...` and fails if any package's non-test
// imports reach a higher layer, or if a package outside the drawing layers
// imports gonum.org/v1/plot.
//
// The layers, lowest first (a package may import its own layer and those
// below it; tests and benchmarks may import anything):
//
//	0 internal/digits, internal/jsonsafe, internal/safeio, internal/strictyaml, internal/layers  helpers that import no layer
//	1 agents      councils, providers, carers and their decision rules
//	2 market      the engine
//	3 results     what runs produce (bands, summaries, comparisons) and its file formats
//	4 scenarios   baseline, interventions, scenario files, Run / Ensemble / Compare
//	5 calibrate   fit, sensitivity and robustness (computes, never draws)
//	6 plots       figures, including calibrate's
//	7 report      the briefing report
//	8 explorer    the workshop explorer of caremarket serve
//	9 examples, cmd  programs, including the tryit harnesses in cmd/try
//
// A new package must be given a layer here, or the test fails.
package layers

import (
	"fmt"
	"sort"
	"strings"
)

// Module is the module path.
const Module = "github.com/caremarket/caremarket"

// Layer is a package's place in the import order: a package may import
// packages of its own layer or lower.
type Layer struct {
	Level int
	// Prefixes are module-relative package paths; a package belongs to the
	// layer of the longest prefix that is the package or a parent of it.
	Prefixes []string
	// MayPlot says whether the layer's packages may import gonum.org/v1/plot.
	MayPlot bool
}

// Layers are caremarket's layers, lowest first.
var Layers = []Layer{
	{Level: 0, Prefixes: []string{"internal/digits", "internal/english", "internal/jsonsafe", "internal/safeio", "internal/strictyaml", "internal/layers", "internal/testkit"}},
	{Level: 1, Prefixes: []string{"agents"}},
	{Level: 2, Prefixes: []string{"market"}},
	{Level: 3, Prefixes: []string{"results"}},
	{Level: 4, Prefixes: []string{"scenarios"}},
	{Level: 5, Prefixes: []string{"calibrate"}},
	{Level: 6, Prefixes: []string{"plots"}, MayPlot: true},
	{Level: 7, Prefixes: []string{"report"}, MayPlot: true},
	{Level: 8, Prefixes: []string{"explorer"}, MayPlot: true},
	{Level: 9, Prefixes: []string{"examples", "cmd"}, MayPlot: true},
}

// plotModule is the plotting library only the drawing layers may import.
const plotModule = "gonum.org/v1/plot"

// Package is a package of the graph: its import path and its non-test
// imports.
type Package struct {
	ImportPath string
	Imports    []string
}

// find returns the layer of the module-relative path rel, or false.
func find(layers []Layer, rel string) (Layer, bool) {
	best, bestLen, ok := Layer{}, -1, false
	for _, l := range layers {
		for _, p := range l.Prefixes {
			if (rel == p || strings.HasPrefix(rel, p+"/")) && len(p) > bestLen {
				best, bestLen, ok = l, len(p), true
			}
		}
	}
	return best, ok
}

// Check returns one message for every violation in pkgs of the layers: a
// module package without a layer, an import of a higher layer, or an
// import of gonum.org/v1/plot outside the drawing layers. Paths outside the
// module are ignored except for the plot rule.
func Check(layers []Layer, module string, pkgs []Package) []string {
	var bad []string
	rel := func(path string) (string, bool) {
		if path == module {
			return ".", true
		}
		r, ok := strings.CutPrefix(path, module+"/")
		return r, ok
	}
	for _, p := range pkgs {
		pr, ok := rel(p.ImportPath)
		if !ok {
			continue
		}
		pl, ok := find(layers, pr)
		if !ok {
			bad = append(bad, fmt.Sprintf("%s has no layer: add it to internal/layers.Layers", pr))
			continue
		}
		for _, imp := range p.Imports {
			if (imp == plotModule || strings.HasPrefix(imp, plotModule+"/")) && !pl.MayPlot {
				bad = append(bad, fmt.Sprintf("%s (layer %d) imports %s: only plots, report, the explorer, examples and cmd may draw", pr, pl.Level, imp))
			}
			ir, ok := rel(imp)
			if !ok {
				continue
			}
			il, ok := find(layers, ir)
			if !ok {
				bad = append(bad, fmt.Sprintf("%s imports %s, which has no layer", pr, ir))
				continue
			}
			if il.Level > pl.Level {
				bad = append(bad, fmt.Sprintf("%s (layer %d) imports %s (layer %d), a higher layer", pr, pl.Level, ir, il.Level))
			}
		}
	}
	sort.Strings(bad)
	return bad
}
