package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/caremarket/caremarket/internal/safeio"
	"github.com/caremarket/caremarket/report"
	"github.com/caremarket/caremarket/results"
	"github.com/caremarket/caremarket/scenarios"
)

// This file implements `caremarket report`: a paired comparison written as
// one self-contained HTML page (package report) for readers who do
// not run code.

const reportSynopsis = `caremarket report [flags] SCENARIO...
       caremarket report -from DIR [-out DIR] [-title TEXT] [-sensitivity FILE] [-robustness FILE]

Runs a paired comparison as compare does (the first scenario is the baseline;
with no scenario: %s), saves it in DIR/compare (as compare,
plus run_values.csv, warnings.csv and the text of any scenario file), and writes
DIR/report/report.html: one self-contained page (no network, no scripts) with
the headline table, the figures, the scenarios in plain words, what the
results rest on and the manifest. Open it in a browser; print it to A4.

With -from DIR it reads a saved comparison instead (DIR or DIR/compare, as
written by compare or report) and writes the report beside it, in
DIR/report/report.html unless -out is given.

Sensitivity results (src.csv of caremarket sensitivity) are read from
-sensitivity, or else from docs/calibration/src.csv or
docs/calibration/sensitivity/src.csv when present; the robustness analysis
(robustness.json of caremarket robustness) from -robustness, or else from
docs/calibration/robustness.json when present: without it no cell is marked
better or worse; the calibration's
validation results from docs/calibration/checks.csv and the hindcast from
docs/img/hindcast.csv and hindcast.png when present (run it from the
repository's root to include them).`

// defaultSensitivity are where report looks for sensitivity results when
// -sensitivity is not given, relative to the working directory.
var defaultSensitivity = []string{
	filepath.Join("docs", "calibration", "src.csv"),
	filepath.Join("docs", "calibration", "sensitivity", "src.csv"),
}

// defaultRobustness are where report looks for the robustness analysis
// (robustness.json of caremarket robustness) when -robustness is not
// given, relative to the working directory.
var defaultRobustness = []string{
	filepath.Join("docs", "calibration", "robustness.json"),
	filepath.Join("docs", "calibration", "robustness", "robustness.json"),
}

// defaultValidation is where report looks for the calibration's checks
// (validation patterns), relative to the working directory.
var defaultValidation = filepath.Join("docs", "calibration", "checks.csv")

// defaultHindcast is where report looks for the hindcast table and figure
// (scripts/hindcast-figure), relative to the working directory.
var defaultHindcast = [2]string{filepath.Join("docs", "img", "hindcast.csv"), filepath.Join("docs", "img", "hindcast.png")}

// reportCommand is a parsed `caremarket report` command line.
type reportCommand struct {
	command
	from        string
	title       string
	sensitivity string
	robustness  string
	outSet      bool
	runFlags    []string // flags that only apply when the comparison is run
}

// parseReportArgs parses the arguments of `caremarket report`. It does no
// I/O; help is returned as usage text in c.help with c.name "help".
func parseReportArgs(args []string) (*reportCommand, error) {
	c := &reportCommand{command: command{name: "report", out: "out"}}
	fs := flag.NewFlagSet("caremarket report", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	c.defineRunFlags(fs, fmt.Sprintf("`number` of runs (default %d)", defaultCompareRuns), "the baseline's", "the scenarios'")
	fs.StringVar(&c.out, "out", "out", "output `directory`: the report goes to DIR/report/report.html")
	fs.BoolVar(&c.quiet, "quiet", false, "no progress on stderr")
	fs.StringVar(&c.from, "from", "", "read a saved comparison from `DIR` (or DIR/compare) instead of running one")
	fs.StringVar(&c.title, "title", "", "the report's `title` (default: Briefing: BASELINE against ALTERNATIVES)")
	fs.StringVar(&c.sensitivity, "sensitivity", "", "sensitivity results `file` (src.csv of caremarket sensitivity)")
	fs.StringVar(&c.robustness, "robustness", "", "robustness analysis `file` (robustness.json of caremarket robustness)")
	if err := c.parseInterspersed(fs, args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			c.name, c.help = "help", usageText(fs, fmt.Sprintf(reportSynopsis, strings.Join(defaultCompare, " ")))
			return c, nil
		}
		return nil, usagef("report: %v", err)
	}
	c.set = map[string]bool{}
	fs.Visit(func(f *flag.Flag) {
		c.set[f.Name] = true
		switch f.Name {
		case "seed":
			c.seedSet = true
		case "out":
			c.outSet = true
		}
		switch f.Name {
		case "runs", "workers", "seed", "years", "first-run", "weekly-runs", "check":
			c.runFlags = append(c.runFlags, "-"+f.Name)
		}
	})
	if err := c.validate(); err != nil {
		return nil, err
	}
	if c.from != "" {
		if len(c.args) > 0 {
			return nil, usagef("report: -from reads a saved comparison: give no scenarios (got %s)", strings.Join(c.args, " "))
		}
		if len(c.runFlags) > 0 {
			verb := "apply"
			if len(c.runFlags) == 1 {
				verb = "applies"
			}
			return nil, usagef("report: %s only %s when report runs the comparison, not with -from", strings.Join(c.runFlags, ", "), verb)
		}
	} else if len(c.args) == 1 {
		return nil, usagef("report: give a baseline and at least one alternative (or nothing for %s)", strings.Join(defaultCompare, " "))
	}
	return c, nil
}

// runReport implements `caremarket report`.
func runReport(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	c, err := parseReportArgs(args)
	if err != nil {
		fmt.Fprintf(stderr, "caremarket: %v\n", err)
		fmt.Fprintln(stderr, "Run 'caremarket report -h' for usage.")
		return exitUsage
	}
	if c.name == "help" {
		fmt.Fprint(stdout, c.help)
		return exitOK
	}
	var opts report.Options
	opts.Title = c.title
	if code := c.readSensitivity(&opts, stderr); code != exitOK {
		return code
	}
	if code := c.readRobustness(&opts, stderr); code != exitOK {
		return code
	}
	if code := readHindcast(&opts, stderr); code != exitOK {
		return code
	}
	var cmp *scenarios.Comparison
	out := c.out
	if c.from != "" {
		saved, err := scenarios.LoadComparison(c.from)
		if err != nil {
			fmt.Fprintf(stderr, "caremarket: report: %s\n", safeio.Terminal(err.Error()))
			return exitUsage
		}
		cmp = saved.Comparison
		opts.Manifest, opts.Runs, opts.Scenarios = saved.Manifest, saved.RunValues, saved.Definitions()
		if v, _ := scenarios.BuildVersion(); saved.Manifest.Version != v {
			fmt.Fprintf(stderr, "caremarket: note: %s was written by caremarket %s; this is %s: built-in scenarios are described as this version defines them\n",
				safeio.Terminal(safeio.Clip(saved.Dir)), safeio.Terminal(safeio.Clip(saved.Manifest.Version)), v)
		}
		if !c.outSet {
			out = saved.Dir
			if filepath.Base(out) == scenarios.CompareDir {
				out = filepath.Dir(out)
			}
		}
	} else {
		var code int
		if cmp, code = c.runComparison(ctx, &opts, stdout, stderr); code != exitOK {
			return code
		}
	}
	path := filepath.Join(out, "report", report.FileName)
	if err := report.WriteFile(path, cmp, opts); err != nil {
		return failed(err, stderr)
	}
	fmt.Fprintf(stdout, "wrote %s\n", path)
	return exitOK
}

// maxCalibrationBytes is the most bytes report reads of a sensitivity or
// checks file; larger files and files that are not regular (/dev/zero, a
// FIFO) are refused before they are read.
const maxCalibrationBytes = 64 << 20

// readSensitivity reads -sensitivity, or the first default file present,
// and then the calibration's checks when present.
func (c *reportCommand) readSensitivity(opts *report.Options, stderr io.Writer) int {
	b, src, code := readInput("sensitivity", c.sensitivity, defaultSensitivity, stderr)
	if code != exitOK {
		return code
	}
	if src != "" {
		opts.Sensitivity, opts.SensitivitySource = b, src
	}
	if c.sensitivity != "" {
		return exitOK
	}
	b, src, code = readInput("", "", []string{defaultValidation}, stderr)
	if src != "" {
		opts.Validation, opts.ValidationSource = b, src
	}
	return code
}

// readRobustness reads -robustness, or the first default file present.
func (c *reportCommand) readRobustness(opts *report.Options, stderr io.Writer) int {
	b, src, code := readInput("robustness", c.robustness, defaultRobustness, stderr)
	if src != "" {
		opts.Robustness, opts.RobustnessSource = b, src
	} else if code == exitOK {
		fmt.Fprintf(stderr, "caremarket: report: no robustness analysis found (looked for %s from %s; give -robustness FILE): no cell will be marked better or worse\n",
			strings.Join(slashed(defaultRobustness), " and "), workingDir())
	}
	return code
}

// slashed returns paths with forward slashes.
func slashed(paths []string) []string {
	out := make([]string, len(paths))
	for i, p := range paths {
		out[i] = filepath.ToSlash(p)
	}
	return out
}

// workingDir returns the working directory, or "." when it cannot be read.
func workingDir() string {
	if d, err := os.Getwd(); err == nil {
		return d
	}
	return "."
}

// readInput reads the file given to -flag (given), or else the first of
// defaults present. It returns the content, its source (given, or the
// default's path with forward slashes; "" when none is read) and the exit
// status: exitUsage when the given file cannot be read, exitFailure when a
// default is present but cannot be read.
func readInput(flag, given string, defaults []string, stderr io.Writer) (b []byte, source string, code int) {
	if given != "" {
		b, err := safeio.ReadFile(given, maxCalibrationBytes)
		if err != nil {
			fmt.Fprintf(stderr, "caremarket: report: -%s: %v\n", flag, err)
			return nil, "", exitUsage
		}
		return b, given, exitOK
	}
	for _, p := range defaults {
		b, err := safeio.ReadFile(p, maxCalibrationBytes)
		if err == nil {
			return b, filepath.ToSlash(p), exitOK
		}
		if !errors.Is(err, fs.ErrNotExist) {
			fmt.Fprintf(stderr, "caremarket: report: %v\n", err)
			return nil, "", exitFailure
		}
	}
	return nil, "", exitOK
}

// readHindcast reads the hindcast table and figure of docs/img when
// present.
func readHindcast(opts *report.Options, stderr io.Writer) int {
	for i, p := range defaultHindcast {
		b, err := safeio.ReadFile(p, maxCalibrationBytes)
		switch {
		case err == nil && i == 0:
			opts.Hindcast, opts.HindcastSource = b, filepath.ToSlash(p)
		case err == nil:
			opts.HindcastFigure = b
		case !errors.Is(err, fs.ErrNotExist):
			fmt.Fprintf(stderr, "caremarket: report: %v\n", err)
			return exitFailure
		}
	}
	return exitOK
}

// runComparison runs the paired comparison as compare does, saves it in
// OUT/compare with the run values and scenario files' text, and fills the
// report's scenarios, manifest and run values.
func (c *reportCommand) runComparison(ctx context.Context, opts *report.Options, stdout, stderr io.Writer) (*scenarios.Comparison, int) {
	scs, parts, code := collectComparison(ctx, &c.command, "report", stderr)
	if code != exitOK {
		return nil, code
	}
	cmp, err := scenarios.CompareAggregates(parts[0], parts[1:])
	if err != nil {
		return nil, failed(err, stderr)
	}
	var values []*scenarios.RunValues
	for _, a := range parts {
		v, err := a.RunValues(report.RunMetrics()...)
		if err != nil {
			return nil, failed(err, stderr)
		}
		values = append(values, v)
	}
	extra := func(dir string, cmp *scenarios.Comparison) error {
		if figures.compare != nil {
			if err := figures.compare(dir, cmp, "png"); err != nil {
				return err
			}
		}
		if err := results.WriteFileAtomic(filepath.Join(dir, scenarios.RunValuesFile), func(w io.Writer) error {
			return results.WriteRunValuesCSV(w, values)
		}); err != nil {
			return err
		}
		if err := results.WriteFileAtomic(filepath.Join(dir, scenarios.WarningsFile), func(w io.Writer) error {
			return results.WriteWarningsCSV(w, cmp)
		}); err != nil {
			return err
		}
		return scenarios.WriteScenarioSources(dir, scs)
	}
	dir, err := scenarios.ExportComparison(c.out, cmp, parts, scenarios.ExportComparisonOptions{Extra: extra})
	if err != nil {
		return nil, exportFailed(err, stderr)
	}
	man, err := scenarios.LoadManifest(filepath.Join(dir, scenarios.ManifestFile))
	if err != nil {
		return nil, failed(err, stderr)
	}
	opts.Scenarios, opts.Manifest, opts.Runs = scs, man, values
	headline(stdout, cmp)
	fmt.Fprintf(stdout, "wrote %s\n", dir)
	return cmp, exitOK
}
