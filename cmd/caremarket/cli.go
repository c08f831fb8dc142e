package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"text/tabwriter"

	"github.com/caremarket/caremarket/internal/safeio"
	"github.com/caremarket/caremarket/market"
	"github.com/caremarket/caremarket/scenarios"
)

// Exit codes.
const (
	exitOK        = 0
	exitFailure   = 1   // a run or writing the outputs failed
	exitUsage     = 2   // bad command line or bad input
	exitInterrupt = 130 // SIGINT (128 + 2)
)

// defaultCompare are the scenarios compare runs when none is given.
var defaultCompare = []string{"baseline", "profit-cap", "nfp-entry", "coop"}

// defaultCompareRuns is compare's number of runs when -runs is not given.
const defaultCompareRuns = 20

// figures are hooks through which package plots adds figures to the
// outputs (set in figures.go); nil hooks add nothing. They are called with
// the temporary output directory before the manifest is written, so the
// figures are listed in the manifest and replace earlier results together
// with the other files.
var figures struct {
	run func(dir string, s *scenarios.Summary) error
	// compare writes a comparison's figures, the per-metric charts in
	// format (png, svg or pdf).
	compare func(dir string, c *scenarios.Comparison, format string) error
	// hindcast writes the hindcast figure and table of a history's runs
	// (a scenario starting before April 2023).
	hindcast func(dir string, results []*market.Results) error
}

// run runs the command line args and returns the exit code. SIGINT and
// SIGTERM cancel the work in progress; a second signal ends the process.
// A signal that arrives while the outputs are being written lets the
// write finish (outputs are replaced whole or not at all) and still exits
// 130 (SIGINT) or 143 (SIGTERM).
func run(args []string, stdout, stderr io.Writer) int {
	ctx, cancel := context.WithCancelCause(context.Background())
	defer cancel(nil)
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sigs)
	go func() {
		select {
		case s := <-sigs:
			signal.Stop(sigs) // a second signal ends the process the usual way
			if sig, ok := s.(syscall.Signal); ok {
				cancel(signalCause{sig})
			} else {
				cancel(signalCause{syscall.SIGINT})
			}
		case <-ctx.Done():
		}
	}()
	code := runContext(ctx, args, stdout, stderr)
	return afterSignal(ctx, code, stderr)
}

// signalCause is the cause of a context cancelled by a signal.
type signalCause struct{ sig syscall.Signal }

func (s signalCause) Error() string { return "received " + s.sig.String() }

// afterSignal returns a command's exit code given the context it ran
// with: after a signal, 128 + the signal's number, saying so when the
// command had finished its work regardless.
func afterSignal(ctx context.Context, code int, stderr io.Writer) int {
	var sc signalCause
	if !errors.As(context.Cause(ctx), &sc) {
		return code
	}
	if code == exitOK {
		fmt.Fprintf(stderr, "caremarket: %s arrived while the outputs were written: they were completed, not left half-written\n", sigName(sc.sig))
	}
	if code == exitOK || code == exitInterrupt {
		return 128 + int(sc.sig)
	}
	return code
}

func sigName(s syscall.Signal) string {
	switch s {
	case syscall.SIGINT:
		return "SIGINT"
	case syscall.SIGTERM:
		return "SIGTERM"
	}
	return s.String()
}

// runContext is run with a context, for tests.
func runContext(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 2 && args[0] == "help" && slices.Contains([]string{"report", "calibrate", "sensitivity", "robustness", "serve"}, args[1]) {
		args = []string{args[1], "-h"} // commands that parse their own flags
	}
	if len(args) > 0 {
		switch args[0] {
		case "report":
			return runReport(ctx, args[1:], stdout, stderr) // report.go
		case "calibrate":
			return calibrateCommand(ctx, args[1:], stdout, stderr)
		case "sensitivity":
			return sensitivityCommand(ctx, args[1:], stdout, stderr)
		case "robustness":
			return robustnessCommand(ctx, args[1:], stdout, stderr) // robustness.go
		case "serve":
			return serveCommand(ctx, args[1:], stdout, stderr) // serve.go
		}
	}
	c, err := parseArgs(args)
	if err != nil {
		fmt.Fprintf(stderr, "caremarket: %v\n", err)
		fmt.Fprintln(stderr, "Run 'caremarket help' for usage.")
		return exitUsage
	}
	switch c.name {
	case "help":
		fmt.Fprint(stdout, c.help)
		return exitOK
	case "version":
		fmt.Fprintln(stdout, "caremarket", version())
		return exitOK
	case "list":
		return list(stdout)
	case "validate":
		return validate(c, stdout, stderr)
	case "run":
		return runScenario(ctx, c, stdout, stderr)
	case "compare":
		return compare(ctx, c, stdout, stderr)
	case "merge":
		return merge(c, stdout, stderr)
	}
	fmt.Fprintf(stderr, "caremarket: unknown command %q\n", c.name)
	return exitUsage
}

func version() string {
	v, g := scenarios.BuildVersion()
	return v + " (" + g + ")"
}

func list(stdout io.Writer) int {
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "Built-in scenarios (caremarket run NAME):")
	for _, b := range scenarios.List() {
		fmt.Fprintf(tw, "  %s\t%s\n", b.Name, b.Description)
	}
	tw.Flush()
	fmt.Fprintf(stdout, "\nIntervention types for scenario files (docs/scenario-files.md):\n  %s\n", strings.Join(scenarios.InterventionTypes(), ", "))
	return exitOK
}

// isFile reports whether a SCENARIO argument names a scenario file.
func isFile(arg string) bool {
	ext := strings.ToLower(filepath.Ext(arg))
	return ext == ".yaml" || ext == ".yml"
}

// loadScenario reads a built-in scenario or a scenario file.
func loadScenario(arg string) (*scenarios.Scenario, error) {
	if isFile(arg) {
		return scenarios.LoadFile(arg)
	}
	sc, err := scenarios.Builtin(arg)
	if err != nil {
		return nil, err
	}
	return sc, nil
}

func validate(c *command, stdout, stderr io.Writer) int {
	code := exitOK
	for _, f := range c.args {
		if !isFile(f) {
			fmt.Fprintf(stderr, "%s: not a scenario file (they end .yaml or .yml)\n", safeio.Terminal(safeio.Clip(f)))
			code = exitUsage
			continue
		}
		sc, err := scenarios.LoadFile(f)
		if err != nil {
			fmt.Fprintln(stderr, err)
			code = exitUsage
			continue
		}
		fmt.Fprintf(stdout, "%s: ok: scenario %q, %s from %s, seed %d, %s, %s\n",
			f, sc.Name, plural(sc.Years, "year"), startOf(sc), sc.Seed, plural(max(sc.Runs, 1), "run"), plural(len(sc.Interventions), "intervention"))
	}
	return code
}

func startOf(sc *scenarios.Scenario) string {
	if sc.Start == "" {
		return "2023-04"
	}
	return sc.Start
}

// prepare loads a scenario and applies the command's -seed and -years.
func prepare(c *command, arg string) (*scenarios.Scenario, error) {
	sc, err := loadScenario(arg)
	if err != nil {
		return nil, err
	}
	if c.seedSet {
		sc.Seed = c.seed
	}
	if c.years > 0 {
		sc.Years = c.years
	}
	if err := sc.Validate(); err != nil {
		return nil, fmt.Errorf("scenario %q: %w", sc.Name, err)
	}
	if sc.Config != nil {
		if err := sc.Config.Validate(); err != nil {
			return nil, fmt.Errorf("scenario %q: %w", sc.Name, err)
		}
	}
	return sc, nil
}

func (c *command) ensembleOptions(runs int, p *progress) scenarios.EnsembleOptions {
	return scenarios.EnsembleOptions{
		Runs: runs, FirstRun: c.firstRun, Workers: c.workers, WeeklyRuns: c.weeklyRuns,
		CheckInvariants: c.invariants, Shard: c.shard, Progress: p.update,
	}
}

func (c *command) workersOrDefault() int {
	if c.workers > 0 {
		return c.workers
	}
	return runtime.GOMAXPROCS(0)
}

// failed reports an error of the work itself: 130 after a cancel (saying
// how many runs had finished), 1 otherwise.
func failed(err error, stderr io.Writer) int {
	var ce *scenarios.CancelledError
	if errors.As(err, &ce) {
		fmt.Fprintf(stderr, "caremarket: interrupted: %d of %s had finished; no results were written (earlier results are unchanged)\n", ce.Done, plural(ce.Total, "run"))
		return exitInterrupt
	}
	fmt.Fprintf(stderr, "caremarket: %v\n", err)
	return exitFailure
}

func runScenario(ctx context.Context, c *command, stdout, stderr io.Writer) int {
	sc, err := prepare(c, c.args[0])
	if err != nil {
		return refused(stderr, "", err)
	}
	if err := checkWritable(c.out); err != nil {
		return failed(err, stderr)
	}
	if c.shard.Whole() {
		if code := checkTarget(filepath.Join(c.out, sc.Name), stderr); code != exitOK {
			return code
		}
	}
	runs := c.runs
	if runs == 0 {
		runs = max(sc.Runs, 1)
	}
	total := runs
	label := sc.Name
	if !c.shard.Whole() {
		total = 0
		for p := range runs {
			if c.shard.Has(p) {
				total++
			}
		}
		label += " shard " + c.shard.String()
	}
	p := newProgress(stderr, c.quiet, label, total, c.workersOrDefault())
	a, err := scenarios.Collect(ctx, sc, c.ensembleOptions(runs, p))
	p.stop()
	if err != nil {
		return failed(err, stderr)
	}
	if ctx.Err() != nil {
		return failed(&scenarios.CancelledError{Done: total, Total: total, Err: ctx.Err()}, stderr)
	}
	if !c.shard.Whole() {
		path, err := a.ExportShard(c.out, scenarios.ExportOptions{TidyRuns: c.tidyRuns})
		if err != nil {
			return failed(err, stderr)
		}
		fmt.Fprintf(stdout, "%s: shard %s: %d of %s, %s: wrote %s\n", sc.Name, c.shard, total, plural(runs, "run"), plural(sc.Years, "year"), path)
		return exitOK
	}
	dir, err := a.Export(c.out, scenarios.ExportOptions{TidyRuns: c.tidyRuns, Extra: runExtras(sc, a)})
	if err != nil {
		return exportFailed(err, stderr)
	}
	if s, err := a.Summary(); err == nil {
		runTable(stdout, s)
	}
	fmt.Fprintf(stdout, "%s: %s, %s from %s, seed %d: wrote %s\n", sc.Name, plural(runs, "run"), plural(sc.Years, "year"), startOf(sc), sc.Seed, dir)
	return exitOK
}

// refused prints why a command is refused ("caremarket: " what err) and
// returns exitUsage.
func refused(stderr io.Writer, what string, err error) int {
	fmt.Fprintf(stderr, "caremarket: %s%v\n", what, err)
	return exitUsage
}

func merge(c *command, stdout, stderr io.Writer) int {
	if sweep, err := isSweepMerge(c.args); err != nil {
		return refused(stderr, "merge: ", err)
	} else if sweep {
		return mergeSweep(c, stdout, stderr) // sweep.go
	}
	files, err := scenarios.ShardFiles(c.args...)
	if err != nil {
		return refused(stderr, "merge: ", err)
	}
	parts, err := scenarios.LoadShards(files...)
	if err != nil {
		return refused(stderr, "merge: ", err)
	}
	a, err := scenarios.MergeAggregates(parts...)
	if err != nil {
		return refused(stderr, "", err)
	}
	name, err := scenarios.SafeName(a.Scenario())
	if err != nil {
		return refused(stderr, "merge: ", err)
	}
	if err := mergeTarget(filepath.Join(c.out, name), files); err != nil {
		return refused(stderr, "merge: ", err)
	}
	dir, err := a.Export(c.out, scenarios.ExportOptions{TidyRuns: c.tidyRuns, Extra: figures.run})
	if err != nil {
		return exportFailed(err, stderr)
	}
	fmt.Fprintf(stdout, "%s: merged %s, %s: wrote %s\n", a.Scenario(), plural(len(parts), "shard file"), plural(a.Runs(), "run"), dir)
	return exitOK
}

// mergeTarget checks that the merge's output directory target holds none
// of the shard files being merged, and may be replaced.
func mergeTarget(target string, files []string) error {
	abs, err := filepath.Abs(target)
	if err != nil {
		return err
	}
	for _, f := range files {
		af, err := filepath.Abs(f)
		if err != nil {
			return err
		}
		if rel, err := filepath.Rel(abs, af); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return fmt.Errorf("-out %s would replace %s, which holds %s, one of the shard files being merged: give another -out", safeio.Clip(filepath.Dir(target)), safeio.Clip(target), safeio.Clip(f))
		}
	}
	return scenarios.CheckReplaceable(target)
}

// exportFailed reports an export's error: 2 when the output directory is
// one caremarket will not replace, else as failed.
func exportFailed(err error, stderr io.Writer) int {
	var fe *scenarios.ForeignDirError
	if errors.As(err, &fe) {
		return refused(stderr, "", err)
	}
	return failed(err, stderr)
}

// checkTarget reports, before a long run, an output directory that
// caremarket would refuse to replace (scenarios.CheckReplaceable).
func checkTarget(dir string, stderr io.Writer) int {
	if err := scenarios.CheckReplaceable(dir); err != nil {
		return exportFailed(err, stderr)
	}
	return exitOK
}

func compare(ctx context.Context, c *command, stdout, stderr io.Writer) int {
	_, parts, code := collectComparison(ctx, c, "compare", stderr)
	if code != exitOK {
		return code
	}
	cmp, err := scenarios.CompareAggregates(parts[0], parts[1:])
	if err != nil {
		return failed(err, stderr)
	}
	var extra func(dir string, cmp *scenarios.Comparison) error
	if hook := figures.compare; hook != nil {
		format := c.format
		if format == "" {
			format = "png"
		}
		extra = func(dir string, cmp *scenarios.Comparison) error { return hook(dir, cmp, format) }
	}
	dir, err := scenarios.ExportComparison(c.out, cmp, parts, scenarios.ExportComparisonOptions{Extra: extra})
	if err != nil {
		return exportFailed(err, stderr)
	}
	headline(stdout, cmp)
	fmt.Fprintf(stdout, "wrote %s\n", dir)
	return exitOK
}

// collectComparison prepares the scenarios named on the command line (the
// default set when none), checks they share a horizon and a start and that
// -out can be written, and runs them paired; label names the work in the
// progress line. On failure it prints why and returns the exit code.
func collectComparison(ctx context.Context, c *command, label string, stderr io.Writer) ([]*scenarios.Scenario, []*scenarios.Aggregate, int) {
	names := c.args
	if len(names) == 0 {
		names = defaultCompare
	}
	var scs []*scenarios.Scenario
	taken := map[string]bool{}
	for _, n := range names {
		sc, err := prepare(c, n)
		if err != nil {
			fmt.Fprintf(stderr, "caremarket: %v\n", err)
			return nil, nil, exitUsage
		}
		sc.Name = uniqueName(sc.Name, taken) // outputs are keyed by name
		scs = append(scs, sc)
	}
	base := scs[0]
	for _, sc := range scs[1:] {
		if sc.Years != base.Years {
			fmt.Fprintf(stderr, "caremarket: %s reports %s and %s %d: give -years to compare them over one horizon\n", sc.Name, plural(sc.Years, "year"), base.Name, base.Years)
			return nil, nil, exitUsage
		}
		if startOf(sc) != startOf(base) {
			fmt.Fprintf(stderr, "caremarket: %s starts in %s and %s in %s: a comparison needs one start\n", sc.Name, startOf(sc), base.Name, startOf(base))
			return nil, nil, exitUsage
		}
	}
	if err := checkWritable(c.out); err != nil {
		return nil, nil, failed(err, stderr)
	}
	if code := checkTarget(filepath.Join(c.out, scenarios.CompareDir), stderr); code != exitOK {
		return nil, nil, code
	}
	runs := c.runs
	if runs == 0 {
		runs = defaultCompareRuns
	}
	p := newProgress(stderr, c.quiet, label+" "+strings.Join(namesOf(scs), " "), runs*len(scs), c.workersOrDefault())
	parts, err := scenarios.CollectComparison(ctx, base, scs[1:], c.ensembleOptions(runs, p))
	p.stop()
	if err != nil {
		return nil, nil, failed(err, stderr)
	}
	if ctx.Err() != nil {
		return nil, nil, failed(&scenarios.CancelledError{Done: runs * len(scs), Total: runs * len(scs), Err: ctx.Err()}, stderr)
	}
	return scs, parts, exitOK
}

// checkWritable reports, before a long run, whether its outputs could be
// written under dir: it creates and removes a temporary file in dir, or in
// its nearest existing ancestor when dir does not exist yet (dir itself is
// not created), so that a run does not end, hours later, in a permission
// error.
func checkWritable(dir string) error {
	d := filepath.Clean(dir)
	for {
		st, err := os.Stat(d)
		if err == nil {
			if !st.IsDir() {
				return fmt.Errorf("-out %s: %s is not a directory", dir, d)
			}
			break
		}
		if !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, syscall.ENOTDIR) {
			return fmt.Errorf("-out %s: %w", dir, err)
		}
		if lst, lerr := os.Lstat(d); lerr == nil && lst.Mode()&fs.ModeSymlink != 0 {
			target, _ := os.Readlink(d)
			return fmt.Errorf("-out %s: %s is a symbolic link to %q, which does not exist: create the directory it names or give another -out", dir, d, target)
		}
		parent := filepath.Dir(d)
		if parent == d {
			break
		}
		d = parent
	}
	f, err := os.CreateTemp(d, ".caremarket-write-check-*")
	if err != nil {
		return fmt.Errorf("-out %s: the outputs could not be written: %w", dir, err)
	}
	name := f.Name()
	f.Close()
	return os.Remove(name)
}

// maxNameLen is the longest scenario name (scenarios.SafeName).
const maxNameLen = 64

// uniqueName returns name, or when taken holds it already name with the
// first free suffix "-2", "-3", … (name shortened so that the whole stays
// within maxNameLen), and records the result in taken. Valid names are
// ASCII, so shortening keeps them valid.
func uniqueName(name string, taken map[string]bool) string {
	out := name
	for k := 2; taken[out]; k++ {
		suffix := fmt.Sprintf("-%d", k)
		base := name
		if len(base)+len(suffix) > maxNameLen {
			base = base[:maxNameLen-len(suffix)]
		}
		out = base + suffix
	}
	taken[out] = true
	return out
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

func namesOf(scs []*scenarios.Scenario) []string {
	out := make([]string, len(scs))
	for i, sc := range scs {
		out[i] = sc.Name
	}
	return out
}

// runExtras returns the hook that adds a run's figures to its outputs: the
// run figures, and for a history (a scenario starting before April 2023,
// such as history-2019) the hindcast figure and table from the weekly
// results of its runs.
func runExtras(sc *scenarios.Scenario, a *scenarios.Aggregate) func(dir string, s *scenarios.Summary) error {
	start, err := sc.StartYear()
	if err != nil || start >= 2023 || figures.hindcast == nil {
		return figures.run
	}
	return func(dir string, s *scenarios.Summary) error {
		if figures.run != nil {
			if err := figures.run(dir, s); err != nil {
				return err
			}
		}
		_, rs := a.WeeklyResults()
		if len(rs) == 0 {
			return nil
		}
		return figures.hindcast(dir, rs)
	}
}
