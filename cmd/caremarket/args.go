package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/caremarket/caremarket/scenarios"
)

// command is a parsed command line.
type command struct {
	name string   // list, run, validate, compare, merge, help, version
	args []string // positional arguments: scenarios, files or shard directories

	runs       int // 0: the scenario's (run) or 20 (compare)
	workers    int // 0: GOMAXPROCS
	seed       uint64
	seedSet    bool
	years      int // 0: the scenario's
	out        string
	quiet      bool
	shard      scenarios.Shard
	firstRun   int
	weeklyRuns int             // 0: scenarios.DefaultWeeklyRuns
	tidyRuns   int             // 0: scenarios.DefaultTidyRuns (or the shards')
	invariants bool            // -check
	format     string          // compare: format of the per-metric charts (png, svg, pdf)
	help       string          // usage text, for help
	set        map[string]bool // the flags given on the command line
}

// usageError is a command-line mistake: the CLI prints it with a hint and
// exits 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return &usageError{fmt.Sprintf(format, args...)} }

const mainUsage = `caremarket simulates England's market for children's care placements.

Usage:
  caremarket list                         built-in scenarios and intervention types
  caremarket run [flags] SCENARIO         run a scenario (a built-in name or a .yaml file)
  caremarket compare [flags] SCENARIO...  paired comparison with the first scenario
  caremarket report [flags] SCENARIO...   the same, written as an HTML briefing (or -from DIR)
  caremarket validate FILE...             check scenario files
  caremarket merge [-out DIR] SHARD...    combine the shards of a run or of a sweep
  caremarket calibrate [-quick] [-out DIR] fit the baseline's unknown parameters (docs/calibration.md)
  caremarket sensitivity [flags]          Latin-hypercube sensitivity and robustness (docs/calibration.md)
  caremarket robustness [flags]           which interventions' effects keep their sign across the priors
  caremarket serve [-addr HOST:PORT]      the workshop explorer: try policies in a browser
  caremarket version                      print the version

Run 'caremarket help COMMAND' (or 'caremarket COMMAND -h') for a command's
flags. Scenario files are described in docs/scenario-files.md; every output
file (summary.json, the CSV files, manifest.json and the figures in plots/)
in docs/outputs.md.
`

// maxWorkers bounds -workers.
const maxWorkers = 4096

// shardValue is a flag.Value for -shard K/N, or with zero for
// -shard-index I/N: shard I+1 of N, I counting from 0 as the task index
// of a Kubernetes Indexed Job does, so that a container without a shell
// can pass $(JOB_COMPLETION_INDEX)/N.
type shardValue struct {
	s    *scenarios.Shard
	zero bool
}

func (v shardValue) String() string {
	if v.s == nil || v.s.Whole() {
		return ""
	}
	if v.zero {
		return fmt.Sprintf("%d/%d", v.s.K-1, v.s.N)
	}
	return v.s.String()
}

func (v shardValue) Set(s string) error {
	if v.zero {
		i, n, ok := strings.Cut(s, "/")
		ii, err1 := strconv.Atoi(strings.TrimSpace(i))
		nn, err2 := strconv.Atoi(strings.TrimSpace(n))
		if !ok || err1 != nil || err2 != nil || ii < 0 || ii >= nn {
			return fmt.Errorf("shard index %q: want I/N with whole numbers 0 ≤ I < N, e.g. 0/8", s)
		}
		s = strconv.Itoa(ii+1) + "/" + strings.TrimSpace(n)
	}
	sh, err := scenarios.ParseShard(s)
	if err != nil {
		return err
	}
	*v.s = sh
	return nil
}

// shardIndexHelp is the help of -shard-index.
const shardIndexHelp = "the same as -shard I+1/N: shard `I/N` counting I from 0, e.g. a Kubernetes Indexed Job's $(JOB_COMPLETION_INDEX)"

// parseInterspersed parses fs over args, flags and positional arguments in
// any order ("--" ends the flags), appending the positional ones to c.args.
// It returns the flag package's errors, flag.ErrHelp for -h.
func (c *command) parseInterspersed(fs *flag.FlagSet, args []string) error {
	for {
		if err := fs.Parse(args); err != nil {
			return err
		}
		args = fs.Args()
		if len(args) == 0 {
			return nil
		}
		if args[0] == "--" {
			c.args = append(c.args, args[1:]...)
			return nil
		}
		c.args = append(c.args, args[0])
		args = args[1:]
	}
}

// parseArgs turns a command line (without the program name) into a
// command. It never panics and does no I/O: every mistake is an error.
// Flags may come before or after the positional arguments.
func parseArgs(args []string) (*command, error) {
	if len(args) == 0 {
		return nil, usagef("no command given")
	}
	c := &command{name: args[0], out: "out"}
	switch c.name {
	case "-h", "-help", "--help", "help":
		if len(args) > 1 && c.name == "help" {
			return helpFor(args[1])
		}
		c.name, c.help = "help", mainUsage
		return c, nil
	case "version", "-version", "--version":
		c.name = "version"
		if len(args) > 1 {
			return nil, usagef("version takes no arguments")
		}
		return c, nil
	}
	fs := flag.NewFlagSet("caremarket "+c.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var synopsis string
	switch c.name {
	case "list":
		synopsis = "caremarket list"
	case "validate":
		synopsis = "caremarket validate FILE..."
	case "run", "compare":
		if c.name == "run" {
			synopsis = "caremarket run [flags] SCENARIO\n\nSCENARIO is a built-in name (caremarket list) or a scenario file ending .yaml.\nWrites DIR/NAME/summary.json, series.csv, summary_tidy.csv, series_tidy.csv and manifest.json;\nwith -shard K/N, DIR/NAME/shard-K-of-N.gob.gz for caremarket merge."
		} else {
			synopsis = "caremarket compare [flags] SCENARIO...\n\nRuns every scenario on the same run indices and seed (the first scenario's) and\nreports each one's paired difference from the first. With no scenario:\n" + strings.Join(defaultCompare, " ") + ".\nWrites DIR/compare/summary.json, comparison.csv, manifest.json and plots/ (dashboard.png,\ntradeoff.png, differences.png and one chart per key metric in -format)."
		}
		c.defineRunFlags(fs, "`number` of runs (default: the scenario's runs for run, 20 for compare)", "the scenario's", "the scenario's")
		if c.name == "compare" {
			fs.StringVar(&c.format, "format", "png", "`format` of the per-metric comparison charts: png, svg or pdf (the dashboard, trade-off and differences are PNG)")
		}
		if c.name == "run" {
			fs.Var(shardValue{s: &c.shard}, "shard", "run shard `K/N` (K of N) of the run indices and write a partial aggregate")
			fs.Var(shardValue{s: &c.shard, zero: true}, "shard-index", shardIndexHelp)
			fs.IntVar(&c.tidyRuns, "tidy-runs", 0, fmt.Sprintf("`number` of runs written week by week to series_tidy.csv (default %d; -1 none)", scenarios.DefaultTidyRuns))
		}
	case "merge":
		synopsis = "caremarket merge [-out DIR] SHARD_DIR_OR_FILE...\n\nCombines the shard files (shard-K-of-N.gob.gz, in the directories given or one level\nbelow) of one run into the files one process would have written, in DIR/NAME; or the\nshards of a sweep (sweep-K-of-N.gob.gz, from caremarket sensitivity -shard or\ncaremarket robustness -shard) into the files that command writes, in DIR/sensitivity\nor DIR/robustness."
		fs.IntVar(&c.tidyRuns, "tidy-runs", 0, "`number` of runs written week by week to series_tidy.csv (default: as the shards were run)")
	default:
		return nil, usagef("unknown command %q: want %s", c.name, strings.Join(commands, ", "))
	}
	if c.name != "list" && c.name != "validate" {
		fs.StringVar(&c.out, "out", "out", "output `directory`")
		fs.BoolVar(&c.quiet, "quiet", false, "no progress on stderr")
	}

	if err := c.parseInterspersed(fs, args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			c.help = usageText(fs, synopsis)
			c.name = "help"
			return c, nil
		}
		return nil, usagef("%s: %v", c.name, err)
	}
	c.set = map[string]bool{}
	fs.Visit(func(f *flag.Flag) { c.set[f.Name] = true })
	c.seedSet = c.set["seed"]
	if c.set["shard"] && c.set["shard-index"] {
		return nil, usagef("%s: give -shard K/N or -shard-index I/N, not both", c.name)
	}
	return c, c.validate()
}

// commands are every command, in the order the usage lists them.
var commands = []string{"list", "run", "compare", "report", "validate", "merge", "calibrate", "sensitivity", "robustness", "serve", "help", "version"}

// helpFor returns the help command of "caremarket help NAME": NAME's own
// usage and flags.
func helpFor(name string) (*command, error) {
	switch name {
	case "help":
		return &command{name: "help", help: mainUsage}, nil
	case "version":
		return &command{name: "help", help: "Usage: caremarket version\n\nPrints the version and the commit it was built from.\n"}, nil
	case "report", "calibrate", "sensitivity", "robustness", "serve":
		// Parsed by their own commands: runContext turns "help NAME" into
		// "NAME -h" before it gets here.
	}
	c, err := parseArgs([]string{name, "-h"})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// zeroMeansUnset are the flags whose zero value stands for "the default":
// given explicitly, zero is refused like any other value out of range.
var zeroMeansUnset = []string{"runs", "years", "weekly-runs"}

// validate checks the command's values and arguments.
func (c *command) validate() error {
	for _, f := range zeroMeansUnset {
		if c.set[f] && c.flagValue(f) == 0 {
			return usagef("-%s 0: allowed 1 to %d", f, c.flagMax(f))
		}
	}
	switch {
	case c.runs < 0 || c.runs > scenarios.MaxRuns:
		return usagef("-runs %d: allowed 1 to %d", c.runs, scenarios.MaxRuns)
	case c.workers < 0 || c.workers > maxWorkers:
		return usagef("-workers %d: allowed 1 to %d (0 means GOMAXPROCS)", c.workers, maxWorkers)
	case c.years < 0 || c.years > scenarios.MaxYears:
		return usagef("-years %d: allowed 1 to %d", c.years, scenarios.MaxYears)
	case c.firstRun < 0 || c.firstRun > 1<<30:
		return usagef("-first-run %d: allowed 0 to %d", c.firstRun, 1<<30)
	case c.weeklyRuns < 0 || c.weeklyRuns > scenarios.MaxRuns:
		return usagef("-weekly-runs %d: allowed 1 to %d", c.weeklyRuns, scenarios.MaxRuns)
	case c.tidyRuns < -1 || c.tidyRuns > scenarios.MaxRuns:
		return usagef("-tidy-runs %d: allowed -1 (none) to %d", c.tidyRuns, scenarios.MaxRuns)
	case c.out == "":
		return usagef("-out: give a directory")
	case c.name == "compare" && c.format != "png" && c.format != "svg" && c.format != "pdf":
		return usagef("-format %q: allowed png, svg or pdf", c.format)
	}
	switch c.name {
	case "list":
		if len(c.args) > 0 {
			return usagef("list takes no arguments")
		}
	case "run":
		if len(c.args) != 1 {
			return usagef("run takes one scenario (a built-in name or a .yaml file), got %d", len(c.args))
		}
	case "validate":
		if len(c.args) == 0 {
			return usagef("validate: give one or more scenario files")
		}
	case "merge":
		if len(c.args) == 0 {
			return usagef("merge: give the shard directories (or files)")
		}
	case "compare":
		if len(c.args) == 1 {
			return usagef("compare: give a baseline and at least one alternative (or nothing for %s)", strings.Join(defaultCompare, " "))
		}
	}
	return nil
}

func usageText(fs *flag.FlagSet, synopsis string) string {
	var b strings.Builder
	b.WriteString("Usage: " + synopsis + "\n")
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	if n > 0 {
		b.WriteString("\nFlags:\n")
		fs.SetOutput(&b)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
	}
	return b.String()
}

// flagValue returns the value of one of the zeroMeansUnset flags.
func (c *command) flagValue(name string) int {
	switch name {
	case "runs":
		return c.runs
	case "years":
		return c.years
	}
	return c.weeklyRuns
}

// flagMax returns the largest value one of the zeroMeansUnset flags takes.
func (c *command) flagMax(name string) int {
	if name == "years" {
		return scenarios.MaxYears
	}
	return scenarios.MaxRuns
}

// defineRunFlags defines the flags that run, compare and report share:
// -runs (described by runsHelp), -workers, -seed and -years (whose
// defaults come from seedFrom and yearsFrom, such as "the scenario's"),
// -first-run, -weekly-runs and -check.
func (c *command) defineRunFlags(fs *flag.FlagSet, runsHelp, seedFrom, yearsFrom string) {
	fs.IntVar(&c.runs, "runs", 0, runsHelp)
	fs.IntVar(&c.workers, "workers", 0, "`number` of runs done at once (default GOMAXPROCS)")
	fs.Uint64Var(&c.seed, "seed", 0, "scenario `seed` (default: "+seedFrom+")")
	fs.IntVar(&c.years, "years", 0, "financial `years` to report (default: "+yearsFrom+")")
	fs.IntVar(&c.firstRun, "first-run", 0, "`index` of the first run")
	fs.IntVar(&c.weeklyRuns, "weekly-runs", 0, fmt.Sprintf("`number` of runs, from the first, whose weekly values make the weekly bands (default %d)", scenarios.DefaultWeeklyRuns))
	fs.BoolVar(&c.invariants, "check", false, "check the model's invariants every week (slower)")
}
