// Command scenariofile answers: what does the policy written in a scenario
// file do, against the England baseline? It is the library route to what
// `caremarket compare baseline FILE` does, for a script that goes on to its
// own analysis.
//
// A scenario file (YAML; docs/scenario-files.md) names the scenario,
// overrides any baseline parameter and lists interventions with their
// parameters; examples/scenarios/ holds commented ones. This example loads
// a file, runs it paired against the baseline (same seed and run indices,
// so the differences are the policy's effect), prints the England-wide
// paired differences and the yearly change in the net public cost, and
// writes the comparison figures (dashboard, trade-off, paired differences
// and one chart per key metric).
//
//	go run ./examples/scenariofile                                   # examples/scenarios/profit-cap-clawback.yaml
//	go run ./examples/scenariofile -runs 20 examples/scenarios/regional-package.yaml
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/caremarket/caremarket/examples/internal/example"
	"github.com/caremarket/caremarket/market"
	"github.com/caremarket/caremarket/plots"
	"github.com/caremarket/caremarket/scenarios"
)

type options struct {
	// File is the scenario file.
	File string
	// Runs and Years replace the file's runs and years when not 0.
	Runs, Years int
	Out         string
	Workers     int
	// Stdout receives the tables; Progress, when not nil, progress lines.
	Stdout, Progress io.Writer
}

func defaultOptions() options {
	return options{File: filepath.Join("examples", "scenarios", "profit-cap-clawback.yaml"), Runs: 8,
		Out: filepath.Join("out", "examples", "scenariofile"), Stdout: os.Stdout, Progress: os.Stderr}
}

type result struct {
	Scenario   *scenarios.Scenario
	Comparison *scenarios.Comparison
	Files      []string
}

func main() {
	o := defaultOptions()
	flag.IntVar(&o.Runs, "runs", o.Runs, "paired runs per scenario (0: the file's runs)")
	flag.IntVar(&o.Years, "years", 0, "financial years (default: the file's)")
	flag.StringVar(&o.Out, "out", o.Out, "output directory")
	example.WorkersFlag(&o.Workers)
	flag.Usage = func() {
		fmt.Fprintln(flag.CommandLine.Output(), "usage: scenariofile [flags] [FILE.yaml]   (default "+o.File+")")
		flag.PrintDefaults()
	}
	flag.Parse()
	switch flag.NArg() {
	case 0:
	case 1:
		o.File = flag.Arg(0)
	default:
		flag.Usage()
		os.Exit(2)
	}
	example.Main("scenariofile", run, o)
}

func run(ctx context.Context, o options) (*result, error) {
	// LoadFile checks the whole file: errors name the file, line and key.
	sc, err := scenarios.LoadFile(o.File)
	if err != nil {
		return nil, err
	}
	if o.Years > 0 {
		sc.Years = o.Years
	}
	runs := o.Runs
	if runs == 0 {
		runs = max(sc.Runs, 1)
	}
	// The baseline on the file's horizon and start; Compare runs the file's
	// scenario on the baseline's seed.
	base, err := scenarios.Builtin("baseline")
	if err != nil {
		return nil, err
	}
	base.Years, base.Start = sc.Years, sc.Start
	if base.Name == sc.Name {
		return nil, errors.New("the file's scenario is named baseline: give it a name of its own")
	}

	fmt.Fprintf(o.Stdout, "%s: %s\n", sc.Name, sc.Description)
	for _, iv := range sc.Interventions {
		fmt.Fprintf(o.Stdout, "  from week %d: %s\n", iv.StartWeek(), iv.Name())
	}
	opts := scenarios.EnsembleOptions{Runs: runs, Workers: o.Workers}
	opts.Progress = example.Progress(o.Progress)
	cmp, err := scenarios.Compare(ctx, base, []*scenarios.Scenario{sc}, opts)
	if err != nil {
		return nil, err
	}
	fmt.Fprint(o.Stdout, cmp)
	fmt.Fprintln(o.Stdout)
	fmt.Fprintln(o.Stdout, "Change in the net public cost by financial year (£m): mean [90% CI of the mean]")
	for y, d := range cmp.Diffs[0].Yearly[market.NetPublicCostGBP] {
		fmt.Fprintf(o.Stdout, "  %s  %+8.1f [%+.1f, %+.1f]\n", plots.FinancialYear(cmp.Baseline.StartYear+y), d.Mean/1e6, d.MeanLo/1e6, d.MeanHi/1e6)
	}
	files, err := plots.WriteComparison(o.Out, cmp, "png")
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(o.Stdout, "wrote %d figures to %s (%s, ...)\n", len(files), o.Out, strings.Join(names(files[:min(3, len(files))]), ", "))
	return &result{Scenario: sc, Comparison: cmp, Files: files}, nil
}

func names(paths []string) []string {
	out := make([]string, len(paths))
	for i, p := range paths {
		out[i] = filepath.Base(p)
	}
	return out
}
