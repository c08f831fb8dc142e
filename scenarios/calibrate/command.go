package calibrate

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"time"

	"github.com/caremarket/caremarket/market"
	"github.com/caremarket/caremarket/plots"
	"github.com/caremarket/caremarket/scenarios"
)

// CalibrationPath is where `caremarket calibrate -write` writes the fit,
// relative to the repository root.
var CalibrationPath = filepath.Join("scenarios", filepath.FromSlash(scenarios.CalibrationFile))

// QuickRegion is the market of a quick fit.
const QuickRegion = "North East"

const calibrateUsage = `usage: caremarket calibrate [-quick] [-out DIR] [-seed S] [-runs R] [-workers W] [-write]

Fits the England baseline's identified parameters to published figures by
the method of simulated moments (docs/calibration.md) and writes the fit to
DIR: fit.json, moments.csv, params.csv, checks.csv, trace.csv, fit.md,
fit.png and calibration.yaml. With -write it also writes
scenarios/data/calibration.yaml (run it from the repository root), which the
embedded baseline applies.

-quick fits the North East market alone with one run and a handful of
evaluations: a smoke test of the machinery, not a calibration.

Flags:
`

// Command implements `caremarket calibrate`: it parses args, runs the fit
// and writes its outputs. It returns the exit status: 0 on success, 1 when
// the fit or writing fails, 2 for bad usage.
func Command(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("calibrate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, calibrateUsage)
		fs.PrintDefaults()
	}
	quick := fs.Bool("quick", false, "fit the North East market with 1 run and a few evaluations (a smoke test)")
	out := fs.String("out", filepath.Join("out", "calibration"), "directory for the fit's outputs")
	seed := fs.Uint64("seed", 1, "seed of every run")
	runs := fs.Int("runs", 0, "runs averaged per market evaluation, common to every evaluation (default 4; quick 1)")
	reportRuns := fs.Int("report-runs", 0, "runs behind the reported medians and bands (default 20; quick 2)")
	evals := fs.Int("evals", 0, "evaluations of the market stage (default 240; quick 6)")
	demandEvals := fs.Int("demand-evals", 0, "evaluations of the demand stage (default 60; quick 4)")
	workers := fs.Int("workers", 0, "runs done at once (default GOMAXPROCS); results do not depend on it")
	write := fs.Bool("write", false, "also write "+filepath.ToSlash(CalibrationPath)+" (run from the repository root)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "calibrate: unexpected argument %q: calibrate takes flags only\n", fs.Arg(0))
		fs.Usage()
		return 2
	}
	opts := Options{Seed: *seed, Runs: *runs, ReportRuns: *reportRuns, MarketEvals: *evals, DemandEvals: *demandEvals, Workers: *workers}
	var usage []error
	for _, f := range []struct {
		name string
		v    int
	}{{"runs", *runs}, {"report-runs", *reportRuns}, {"evals", *evals}, {"demand-evals", *demandEvals}, {"workers", *workers}} {
		if f.v < 0 {
			usage = append(usage, &market.FieldError{Field: "-" + f.name, Value: f.v, Allowed: "must be zero (the default) or positive"})
		}
	}
	if *seed == 0 {
		usage = append(usage, &market.FieldError{Field: "-seed", Value: 0, Allowed: "must be at least 1"})
	}
	name := "England"
	if *quick {
		if *write {
			usage = append(usage, &market.FieldError{Field: "-write", Value: true, Allowed: "not with -quick: a quick fit of one region must not replace the England calibration"})
		}
		cfg, err := scenarios.RegionalBaseline(QuickRegion)
		if err != nil {
			fmt.Fprintf(stderr, "calibrate: %v\n", err)
			return 1
		}
		opts.Config = cfg
		name = QuickRegion
		def := func(p *int, v int) {
			if *p == 0 {
				*p = v
			}
		}
		def(&opts.Runs, 1)
		def(&opts.DemandRuns, 1)
		def(&opts.ReportRuns, 2)
		def(&opts.MarketEvals, 6)
		def(&opts.DemandEvals, 4)
	}
	if *write {
		if st, err := os.Stat(filepath.Dir(CalibrationPath)); err != nil || !st.IsDir() {
			usage = append(usage, &market.FieldError{Field: "-write", Value: filepath.ToSlash(CalibrationPath), Allowed: "run from the repository root, where scenarios/data exists"})
		}
	}
	if err := opts.defaults(); err != nil {
		usage = append(usage, err)
	}
	if len(usage) > 0 {
		fmt.Fprintf(stderr, "calibrate: %v\n", errors.Join(usage...))
		return 2
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	began := time.Now()
	stageStart, lastEvent := began, began
	lastStage := ""
	opts.Progress = func(e Event) {
		now := time.Now()
		if e.Stage != lastStage {
			if lastStage != "" {
				fmt.Fprintf(stderr, "calibrate: %s stage took %s\n", lastStage, lastEvent.Sub(stageStart).Round(time.Second))
				stageStart = lastEvent
			}
			lastStage = e.Stage
		}
		lastEvent = now
		budget := ""
		switch e.Stage {
		case "demand":
			budget = fmt.Sprintf("/%d", opts.DemandEvals)
		case "market":
			budget = fmt.Sprintf("/%d", opts.MarketEvals)
		}
		fmt.Fprintf(stderr, "calibrate: %-6s %4d%s  objective %10.4f  best %10.4f  (%s)\n", e.Stage, e.Evaluation, budget, e.Objective, e.Best, now.Sub(began).Round(time.Second))
	}
	res, err := Fit(ctx, opts)
	if err != nil {
		fmt.Fprintf(stderr, "calibrate: %v\n", err)
		return 1
	}
	fmt.Fprintf(stderr, "calibrate: fit done in %s\n", time.Since(began).Round(time.Second))
	if err := res.WriteText(stdout); err != nil {
		fmt.Fprintf(stderr, "calibrate: %v\n", err)
		return 1
	}
	files, err := res.WriteFiles(*out)
	if err != nil {
		fmt.Fprintf(stderr, "calibrate: writing %s: %v\n", *out, err)
		return 1
	}
	fig, err := res.After.FitFigure(name, res.Scale)
	if err == nil {
		p := filepath.Join(*out, "fit.png")
		if err = plots.Save(fig, p); err == nil {
			files = append(files, p)
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "calibrate: fit plot: %v\n", err)
		return 1
	}
	cmd := fmt.Sprintf("caremarket calibrate -seed %d -runs %d -report-runs %d -evals %d -demand-evals %d",
		opts.Seed, opts.Runs, opts.ReportRuns, opts.MarketEvals, opts.DemandEvals)
	if *quick {
		cmd += " -quick"
	} else {
		cmd += " -write"
	}
	b, err := res.CalibrationYAML(cmd)
	if err != nil {
		fmt.Fprintf(stderr, "calibrate: %v\n", err)
		return 1
	}
	targets := []string{filepath.Join(*out, "calibration.yaml")}
	if *write {
		targets = append(targets, CalibrationPath)
	}
	for _, p := range targets {
		if err := writeBytes(p, b); err != nil {
			fmt.Fprintf(stderr, "calibrate: writing %s: %v\n", p, err)
			return 1
		}
		files = append(files, p)
	}
	fmt.Fprintln(stdout, "\nWrote:")
	for _, f := range files {
		fmt.Fprintln(stdout, "  "+filepath.ToSlash(f))
	}
	return 0
}
