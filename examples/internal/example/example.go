// Package example holds the scaffolding the example programs share, so that
// each program shows only its question and the library calls that answer
// it: the common flags, running with Ctrl-C handling, the baseline of
// England or of some regions, progress lines, and numbers with thousands
// separators. Only the programs under examples/ may import it.
package example

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/caremarket/caremarket/market"
	"github.com/caremarket/caremarket/plots"
	"github.com/caremarket/caremarket/scenarios"
)

// Main runs run(ctx, o) with a context that Ctrl-C cancels. On an error it
// prints "name: error" to standard error and exits with status 1.
func Main[O, R any](name string, run func(ctx context.Context, o O) (R, error), o O) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if _, err := run(ctx, o); err != nil {
		fmt.Fprintln(os.Stderr, name+":", err)
		os.Exit(1)
	}
}

// Options are the settings the comparison examples share.
type Options struct {
	Runs, Years int
	Out         string
	// Regions, when set, runs only these regions' market
	// (scenarios.RegionalBaseline) instead of England.
	Regions []string
	// StartWeek is when the policies start.
	StartWeek int
	// Workers is the number of runs done at once (0: one per core).
	Workers int
	// Stdout receives the tables; Progress, when not nil, progress lines.
	Stdout, Progress io.Writer
}

// Defaults returns the options of the example called name: runs paired
// runs of 10 years of England, the policies from April 2024, the figures
// in out/examples/NAME, the tables on standard output and progress on
// standard error.
func Defaults(name string, runs int) Options {
	return Options{Runs: runs, Years: 10, Out: filepath.Join("out", "examples", name),
		StartWeek: scenarios.PolicyStart, Stdout: os.Stdout, Progress: os.Stderr}
}

// Flags defines the flags of o: -runs, -years, -out and -workers
// (SizeFlags), -regions and -start (described by startHelp). Call the
// function it returns after flag.Parse.
func (o *Options) Flags(startHelp string) (parsed func()) {
	SizeFlags(&o.Runs, &o.Years, &o.Out, &o.Workers)
	regions := RegionsFlag()
	flag.IntVar(&o.StartWeek, "start", o.StartWeek, startHelp)
	return func() { o.Regions = regions() }
}

// SizeFlags defines the flags of a paired comparison's size and outputs:
// -runs, -years, -out and -workers (default 0: one per core).
func SizeFlags(runs, years *int, out *string, workers *int) {
	flag.IntVar(runs, "runs", *runs, "paired runs per scenario")
	flag.IntVar(years, "years", *years, "financial years from April 2023")
	flag.StringVar(out, "out", *out, "output directory")
	WorkersFlag(workers)
}

// WorkersFlag defines -workers, the runs done at once (default 0: one per
// core).
func WorkersFlag(workers *int) {
	flag.IntVar(workers, "workers", 0, "runs done at once (default: one per core)")
}

// RegionsFlag defines -regions. The function it returns, called after
// flag.Parse, gives the regions named (nil when none: England).
func RegionsFlag() func() []string {
	s := flag.String("regions", "", "run only these regions' market, comma-separated (default England)")
	return func() []string {
		if *s == "" {
			return nil
		}
		return strings.Split(*s, ",")
	}
}

// Baseline returns the England baseline, or with regions named, the market
// of those regions alone (scenarios.RegionalBaseline).
func Baseline(regions ...string) (*market.Config, error) {
	if len(regions) == 0 {
		return scenarios.Baseline()
	}
	return scenarios.RegionalBaseline(regions...)
}

// Progress returns an ensemble progress callback that keeps a "runs done"
// line up to date on w and ends it when the last run is done (nil when w
// is nil: no progress).
func Progress(w io.Writer) func(done, total int) {
	if w == nil {
		return nil
	}
	return func(done, total int) {
		fmt.Fprintf(w, "\rruns done: %d of %d", done, total)
		if done == total {
			fmt.Fprintln(w)
		}
	}
}

// Number prints numbers with thousands separators ("12,345").
var Number = message.NewPrinter(language.BritishEnglish)

// CI writes a mean and its 90% confidence interval, divided by div, with
// prec decimals and thousands separators: "1,234 [1,000, 1,468]".
func CI(d scenarios.DiffBand, div float64, prec int) string {
	f := func(v float64) string { return Number.Sprintf("%.*f", prec, v/div) }
	return fmt.Sprintf("%s [%s, %s]", f(d.Mean), f(d.MeanLo), f(d.MeanHi))
}

// LinesAndDifferences writes two PNG figures of a comparison to dir: the
// metric over time for every scenario (plots.CompareLines, titled title,
// file name), and the paired differences of diffs (plots.DifferenceGrid,
// file differences.png). It returns the files' paths.
func LinesAndDifferences(dir string, cmp *scenarios.Comparison, metric market.Metric, title, name string, diffs ...market.Metric) ([]string, error) {
	all := append([]*scenarios.Summary{cmp.Baseline}, cmp.Alternatives...)
	lines, err := plots.CompareLines(all, metric, plots.WithTitle(title))
	if err != nil {
		return nil, err
	}
	grid, err := plots.DifferenceGrid(cmp, diffs)
	if err != nil {
		return nil, err
	}
	return plots.SaveAll(dir, plots.NamedFigure{Name: name, Drawer: lines}, plots.NamedFigure{Name: "differences.png", Drawer: grid})
}
