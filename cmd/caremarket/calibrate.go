package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/caremarket/caremarket/calibrate"
	"github.com/caremarket/caremarket/market"
	"github.com/caremarket/caremarket/plots"
	"github.com/caremarket/caremarket/results"
	"github.com/caremarket/caremarket/scenarios"
)

// calibrationPath is where `caremarket calibrate -write` writes the fit,
// relative to the repository root.
var calibrationPath = filepath.Join("scenarios", filepath.FromSlash(scenarios.CalibrationFile))

// quickRegion is the market of a quick fit or sensitivity analysis.
const quickRegion = "North East"

// Defaults of `caremarket calibrate -quick` (a smoke test).
const (
	quickFitRuns        = 1
	quickFitReportRuns  = 2
	quickFitMarketEvals = 6
	quickFitDemandEvals = 4
)

// Defaults of `caremarket sensitivity -quick` (a smoke test).
const (
	quickDesignRuns        = 1
	quickDesignYears       = 2
	quickSensitivityPoints = 30
	quickRobustnessPoints  = 3
	// robustnessMinYears: interventions start in the second year.
	robustnessMinYears = 2
	// progressStepPercent is how often (in percent of the runs) sensitivity
	// reports its progress.
	progressStepPercent = 5
)

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

const sensitivityUsage = `usage: caremarket sensitivity [-quick] [-out DIR] [-seed S] [-points N] [-robust-points P] [-runs R] [-years Y] [-workers W] [-skip-robustness] [-shard K/N | -shard-index I/N]

Samples the parameters no published figure identifies (docs/calibration.md)
by Latin hypercube within their plausible ranges and writes to DIR:

  sensitivity.csv, src.csv, sensitivity.md, tornado.png: which priors drive
    the baseline's cost over the horizon, children waiting and for-profit
    margins (standardised regression coefficients, R²);
  robustness.json, robustness.csv, robustness_src.csv,
    robustness_points.csv, robustness.md: the robustness analysis of
    caremarket robustness (which runs it alone), on the same sweep.

-quick runs the North East market for 2 years with a few points: a smoke
test, not an analysis.

-shard K/N (or -shard-index K-1/N) runs shard K of N of the runs of both
analyses and writes DIR/sweep-K-of-N.gob.gz instead; 'caremarket merge
-out OUT DIR' then writes OUT/sensitivity/ with exactly the files above
(docs/scale-out.md). Give every shard the same flags but -workers.

Flags:
`

// toolCommand is what `caremarket calibrate` and `caremarket sensitivity`
// share: a flag set with a usage text, the common flags, the checks of
// their values and the reporting of errors and written files.
type toolCommand struct {
	name           string
	fs             *flag.FlagSet
	stdout, stderr io.Writer
	quick          *bool
	out            *string
	seed           *uint64
	workers        *int
	counts         []countFlag      // flags that must not be negative
	shard          *scenarios.Shard // set by -shard and -shard-index (shardFlags), or nil
	// config and marketName are the market the command runs, set by
	// parse: England (a nil configuration) or, with -quick, quickRegion's.
	config     *market.Config
	marketName string
	usage      []error
	files      []string
}

// countFlag is an integer flag whose zero means "the default".
type countFlag struct {
	name string
	v    *int
}

// newToolCommand starts command name with its usage text and the flags
// both commands have: -quick, -out (default out/outDir) and -seed, each
// with its help text.
func newToolCommand(name, usage, outDir, outHelp, quickHelp, seedHelp string, stdout, stderr io.Writer) *toolCommand {
	c := &toolCommand{name: name, fs: flag.NewFlagSet(name, flag.ContinueOnError), stdout: stdout, stderr: stderr}
	c.fs.SetOutput(stderr)
	c.fs.Usage = func() {
		fmt.Fprint(stderr, usage)
		c.fs.PrintDefaults()
	}
	c.quick = c.fs.Bool("quick", false, quickHelp)
	c.out = c.fs.String("out", filepath.Join("out", outDir), outHelp)
	c.seed = c.fs.Uint64("seed", 1, seedHelp)
	return c
}

// count defines an integer flag that must be zero (the default) or
// positive.
func (c *toolCommand) count(name, help string) *int {
	v := c.fs.Int(name, 0, help)
	c.counts = append(c.counts, countFlag{name, v})
	return v
}

// shardFlags defines -shard and -shard-index, which set the shard it
// returns; parse refuses the two together.
func (c *toolCommand) shardFlags() *scenarios.Shard {
	c.shard = new(scenarios.Shard)
	c.fs.Var(shardValue{s: c.shard}, "shard", "run shard `K/N` (K of N) of the sweep's runs and write DIR/sweep-K-of-N.gob.gz for caremarket merge")
	c.fs.Var(shardValue{s: c.shard, zero: true}, "shard-index", shardIndexHelp)
	return c.shard
}

// ready ends the checks of the arguments and makes the output
// directory. When either fails it returns the exit status to stop with
// (exitUsage after a usage error) and false.
func (c *toolCommand) ready() (int, bool) {
	if !c.checkUsage() {
		return exitUsage, false
	}
	if err := os.MkdirAll(*c.out, 0o755); err != nil {
		return c.fail(err), false
	}
	return exitOK, true
}

// defineWorkers defines -workers; call it after the command's own counts,
// so that the flags are checked in the order of the usage text.
func (c *toolCommand) defineWorkers() {
	c.workers = c.count("workers", "runs done at once (default GOMAXPROCS); results do not depend on it")
}

// parse parses args, checks the common flags and sets the market the
// command runs. It returns the exit status and false when the command must
// stop.
func (c *toolCommand) parse(args []string) (int, bool) {
	if err := c.fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK, false
		}
		return exitUsage, false
	}
	if c.fs.NArg() > 0 {
		fmt.Fprintf(c.stderr, "%s: unexpected argument %q: %s takes flags only\n", c.name, c.fs.Arg(0), c.name)
		c.fs.Usage()
		return exitUsage, false
	}
	for _, f := range c.counts {
		if *f.v < 0 {
			c.usage = append(c.usage, &market.FieldError{Field: "-" + f.name, Value: *f.v, Allowed: "must be zero (the default) or positive"})
		}
	}
	if *c.seed == 0 {
		c.usage = append(c.usage, &market.FieldError{Field: "-seed", Value: 0, Allowed: "must be at least 1"})
	}
	if c.shard != nil && c.given("shard") && c.given("shard-index") {
		c.usageError(&market.FieldError{Field: "-shard-index", Value: c.shard.String(), Allowed: "give -shard K/N or -shard-index I/N, not both"})
	}
	cfg, name, err := c.marketConfig()
	if err != nil {
		return c.fail(err), false
	}
	c.config, c.marketName = cfg, name
	return exitOK, true
}

// given reports whether flag name was on the command line.
func (c *toolCommand) given(name string) bool {
	set := false
	c.fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

// usageError records a bad flag value, if err is not nil.
func (c *toolCommand) usageError(err error) {
	if err != nil {
		c.usage = append(c.usage, err)
	}
}

// checkUsage reports the recorded usage errors and returns false if there
// were any.
func (c *toolCommand) checkUsage() bool {
	if len(c.usage) == 0 {
		return true
	}
	fmt.Fprintf(c.stderr, "%s: %v\n", c.name, errors.Join(c.usage...))
	return false
}

// fail reports err and returns exitFailure.
func (c *toolCommand) fail(err error) int {
	fmt.Fprintf(c.stderr, "%s: %v\n", c.name, err)
	return exitFailure
}

// historyScenario is the built-in whose path a fit of England targets.
const historyScenario = "history-2019"

// marketConfig returns the configuration and name of the market the
// command runs: England (a nil configuration, the library's default) or,
// with -quick, the regional baseline of quickRegion.
func (c *toolCommand) marketConfig() (*market.Config, string, error) {
	if !*c.quick {
		return nil, "England", nil
	}
	cfg, err := scenarios.RegionalBaseline(quickRegion)
	return cfg, quickRegion, err
}

// wrote lists the written files on stdout.
func (c *toolCommand) wrote() int {
	fmt.Fprintln(c.stdout, "\nWrote:")
	for _, f := range c.files {
		fmt.Fprintln(c.stdout, "  "+filepath.ToSlash(f))
	}
	return exitOK
}

// saveFigure saves fig to dir/name, or returns err if drawing it failed.
func (c *toolCommand) saveFigure(fig *plots.Figure, err error, dir, name string) error {
	if err != nil {
		return err
	}
	p := filepath.Join(dir, name)
	if err := plots.Save(fig, p); err != nil {
		return err
	}
	c.files = append(c.files, p)
	return nil
}

// setDefault sets *p to v if it is zero.
func setDefault(p *int, v int) {
	if *p == 0 {
		*p = v
	}
}

// calibrateCommand implements `caremarket calibrate`: it parses args, runs
// the fit and writes its outputs. It returns the exit status: 0 on success,
// 1 when the fit or writing fails, 2 for bad usage.
func calibrateCommand(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	c := newToolCommand("calibrate", calibrateUsage, "calibration", "directory for the fit's outputs", "fit the North East market with 1 run and a few evaluations (a smoke test)", "seed of every run", stdout, stderr)
	runs := c.count("runs", "runs averaged per market evaluation, common to every evaluation (default 4; quick 1)")
	reportRuns := c.count("report-runs", "runs behind the reported medians and bands (default 20; quick 2)")
	evals := c.count("evals", "evaluations of the market stage (default 240; quick 6)")
	demandEvals := c.count("demand-evals", "evaluations of the demand stage (default 60; quick 4)")
	c.defineWorkers()
	write := c.fs.Bool("write", false, "also write "+filepath.ToSlash(calibrationPath)+" (run from the repository root)")
	if code, ok := c.parse(args); !ok {
		return code
	}
	cfg, name := c.config, c.marketName
	opts := calibrate.Options{Config: cfg, Seed: *c.seed, Runs: *runs, ReportRuns: *reportRuns, MarketEvals: *evals, DemandEvals: *demandEvals, Workers: *c.workers}
	if *c.quick {
		if *write {
			c.usageError(&market.FieldError{Field: "-write", Value: true, Allowed: "not with -quick: a quick fit of one region must not replace the England calibration"})
		}
		setDefault(&opts.Runs, quickFitRuns)
		setDefault(&opts.DemandRuns, quickFitRuns)
		setDefault(&opts.ReportRuns, quickFitReportRuns)
		setDefault(&opts.MarketEvals, quickFitMarketEvals)
		setDefault(&opts.DemandEvals, quickFitDemandEvals)
	}
	if *write {
		if st, err := os.Stat(filepath.Dir(calibrationPath)); err != nil || !st.IsDir() {
			c.usageError(&market.FieldError{Field: "-write", Value: filepath.ToSlash(calibrationPath), Allowed: "run from the repository root, where scenarios/data exists"})
		}
	}
	c.usageError(opts.Check())
	if !c.checkUsage() {
		return exitUsage
	}
	if cfg == nil {
		// England: the fit also targets the 2019 to 2024 path of history-2019.
		h, err := scenarios.Builtin(historyScenario)
		if err != nil {
			return c.fail(err)
		}
		opts.History = h
	}
	began := time.Now()
	opts.Progress = fitProgress(stderr, &opts, began)
	res, err := calibrate.Fit(ctx, opts)
	if err != nil {
		return c.fail(err)
	}
	fmt.Fprintf(stderr, "calibrate: fit done in %s\n", time.Since(began).Round(time.Second))
	if err := res.WriteText(stdout); err != nil {
		return c.fail(err)
	}
	if c.files, err = res.WriteFiles(*c.out); err != nil {
		return c.fail(fmt.Errorf("writing %s: %w", *c.out, err))
	}
	fig, err := plots.CalibrationFit(res.After, name, res.Scale)
	if err := c.saveFigure(fig, err, *c.out, "fit.png"); err != nil {
		return c.fail(fmt.Errorf("fit plot: %w", err))
	}
	return c.writeCalibration(res, opts, *write)
}

// fitProgress returns the progress report of a fit: one line on stderr per
// evaluation, and the time each stage took.
func fitProgress(stderr io.Writer, opts *calibrate.Options, began time.Time) func(calibrate.Event) {
	stageStart, lastEvent := began, began
	lastStage := ""
	return func(e calibrate.Event) {
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
}

// writeCalibration writes the fit's calibration.yaml to the output
// directory (and, with write, to scenarios/data), then lists the files.
func (c *toolCommand) writeCalibration(res *calibrate.Result, opts calibrate.Options, write bool) int {
	cmd := fmt.Sprintf("caremarket calibrate -seed %d -runs %d -report-runs %d -evals %d -demand-evals %d",
		opts.Seed, opts.Runs, opts.ReportRuns, opts.MarketEvals, opts.DemandEvals)
	if *c.quick {
		cmd += " -quick"
	} else {
		cmd += " -write"
	}
	b, err := res.CalibrationYAML(cmd)
	if err != nil {
		return c.fail(err)
	}
	targets := []string{filepath.Join(*c.out, "calibration.yaml")}
	if write {
		targets = append(targets, calibrationPath)
	}
	for _, p := range targets {
		if err := results.WriteFileAtomic(p, func(w io.Writer) error { _, err := w.Write(b); return err }); err != nil {
			return c.fail(fmt.Errorf("writing %s: %w", p, err))
		}
		c.files = append(c.files, p)
	}
	return c.wrote()
}

// sensitivityCommand implements `caremarket sensitivity`. It returns the
// exit status: 0 on success, 1 when a run or writing fails, 2 for bad
// usage.
func sensitivityCommand(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	c := newToolCommand("sensitivity", sensitivityUsage, "sensitivity", "directory for the outputs", "North East market, 2 years, few points (a smoke test)", "seed of the Latin hypercubes and the runs", stdout, stderr)
	points := c.count("points", "parameter sets of the sensitivity analysis (default 100; quick 30)")
	rpoints := c.count("robust-points", fmt.Sprintf("parameter sets of the robustness analysis (default %d; quick %d)", calibrate.DefaultRobustnessPoints, quickRobustnessPoints))
	runs := c.count("runs", "runs per parameter set (default 2; quick 1)")
	years := c.count("years", "horizon in years (default 10; quick 2)")
	c.defineWorkers()
	skipRobust := c.fs.Bool("skip-robustness", false, "run the sensitivity analysis only")
	shard := c.shardFlags()
	if code, ok := c.parse(args); !ok {
		return code
	}
	cfg, name := c.config, c.marketName
	sens := calibrate.DesignOptions{Config: cfg, Points: *points, Runs: *runs, Years: *years, Seed: *c.seed, Workers: *c.workers}
	rob := calibrate.DesignOptions{Config: cfg, Points: *rpoints, Runs: *runs, Years: *years, Seed: *c.seed, Workers: *c.workers}
	if *c.quick {
		for _, o := range []*calibrate.DesignOptions{&sens, &rob} {
			setDefault(&o.Runs, quickDesignRuns)
			setDefault(&o.Years, quickDesignYears)
		}
		setDefault(&sens.Points, quickSensitivityPoints)
		setDefault(&rob.Points, quickRobustnessPoints)
	}
	if err := sens.CheckSensitivity(); err != nil {
		c.usageError(err)
	} else if min := calibrate.MinSensitivityPoints(); sens.Points < min {
		c.usageError(&market.FieldError{Field: "-points", Value: sens.Points, Allowed: fmt.Sprintf("at least %d: the regression has %d priors", min, min-2)})
	}
	if err := rob.CheckRobustness(); err != nil && !*skipRobust {
		c.usageError(err)
	}
	if !*skipRobust && rob.Years < robustnessMinYears {
		c.usageError(&market.FieldError{Field: "-years", Value: rob.Years, Allowed: "at least 2 for the robustness analysis (interventions start in the second year), or give -skip-robustness"})
	}
	if code, ok := c.ready(); !ok {
		return code
	}
	began := time.Now()
	if !shard.Whole() {
		sw := calibrate.Sweep{Market: name, Sensitivity: &sens}
		if !*skipRobust {
			sw.Robustness = &rob
		}
		return c.sweepShard(ctx, sw, *shard, began)
	}
	if code := c.sensitivity(ctx, sens, name, began); code != exitOK {
		return code
	}
	if !*skipRobust {
		if code := c.robustness(ctx, rob, name, began); code != exitOK {
			return code
		}
	}
	return c.wrote()
}

// sweepShard runs shard sh of the sweep and writes its file to the
// output directory.
func (c *toolCommand) sweepShard(ctx context.Context, sw calibrate.Sweep, sh scenarios.Shard, began time.Time) int {
	if sw.Sensitivity != nil {
		sw.Sensitivity.Progress = c.designProgress("sensitivity", began)
	}
	if sw.Robustness != nil {
		sw.Robustness.Progress = c.designProgress("robustness", began)
	}
	fmt.Fprintf(c.stderr, "%s: shard %s of the sweep of the %s market\n", c.name, sh, sw.Market)
	s, err := sw.RunShard(ctx, sh)
	if err != nil {
		return c.fail(err)
	}
	path, err := s.Export(*c.out)
	if err != nil {
		return c.fail(err)
	}
	fmt.Fprintf(c.stdout, "%s: shard %s: %s of the sweep (%s): wrote %s\n", c.name, sh, plural(s.Runs(), "run"), time.Since(began).Round(time.Second), filepath.ToSlash(path))
	return exitOK
}

// designProgress returns the progress report of a design's runs: a line on
// stderr every 5% of the runs.
func (c *toolCommand) designProgress(what string, began time.Time) func(done, total int) {
	step := 0
	return func(done, total int) {
		if pct := 100 * done / total; pct >= step || done == total {
			fmt.Fprintf(c.stderr, "%s: %s %d/%d runs (%s)\n", c.name, what, done, total, time.Since(began).Round(time.Second))
			step = pct + progressStepPercent
		}
	}
}

// sensitivity runs the sensitivity analysis and writes its files, figure
// and table.
func (c *toolCommand) sensitivity(ctx context.Context, sens calibrate.DesignOptions, name string, began time.Time) int {
	sens.Progress = c.designProgress("sensitivity", began)
	fmt.Fprintf(c.stderr, "sensitivity: %s market, %d points × %d runs × %d years\n", name, sens.Points, sens.Runs, sens.Years)
	sr, err := calibrate.Sensitivity(ctx, sens)
	if err != nil {
		return c.fail(err)
	}
	fmt.Fprintf(c.stderr, "sensitivity: sensitivity analysis done in %s\n", time.Since(began).Round(time.Second))
	return c.writeSensitivity(sr, name)
}

// writeSensitivity writes the sensitivity analysis's files and figure to
// the output directory, and its table to stdout.
func (c *toolCommand) writeSensitivity(sr *calibrate.SensitivityResult, name string) int {
	var err error
	c.files, err = sr.WriteFiles(*c.out)
	if err == nil {
		fig, ferr := plots.SensitivityTornado(sr, name)
		err = c.saveFigure(fig, ferr, *c.out, "tornado.png")
	}
	if err != nil {
		return c.fail(err)
	}
	var md bytes.Buffer
	sr.WriteMarkdown(&md)
	c.stdout.Write(md.Bytes())
	return exitOK
}

// robustness runs the robustness analysis and writes its files and table.
func (c *toolCommand) robustness(ctx context.Context, rob calibrate.DesignOptions, name string, began time.Time) int {
	rob.Progress = c.designProgress("robustness", began)
	fmt.Fprintf(c.stderr, "sensitivity: robustness, %d points × %d scenarios × %d runs × %d years\n", rob.Points, len(calibrate.Alternatives())+1, rob.Runs, rob.Years)
	t0 := time.Now()
	rr, err := calibrate.Robustness(ctx, rob, nil)
	if err != nil {
		return c.fail(err)
	}
	rr.Market = name
	fmt.Fprintf(c.stderr, "sensitivity: robustness analysis done in %s\n", time.Since(t0).Round(time.Second))
	return c.writeRobustness(rr)
}

// writeRobustness writes the robustness analysis's files to the output
// directory, and its table to stdout.
func (c *toolCommand) writeRobustness(rr *calibrate.RobustnessResult) int {
	fs, err := rr.WriteFiles(*c.out)
	c.files = append(c.files, fs...)
	if err != nil {
		return c.fail(err)
	}
	var md bytes.Buffer
	rr.WriteMarkdown(&md)
	fmt.Fprintln(c.stdout)
	c.stdout.Write(md.Bytes())
	return exitOK
}
