package calibrate

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"os/signal"
	"path/filepath"
	"sort"
	"strconv"
	"time"

	"gonum.org/v1/plot"

	"github.com/caremarket/caremarket/market"
	"github.com/caremarket/caremarket/plots"
	"github.com/caremarket/caremarket/scenarios"
)

const sensitivityUsage = `usage: caremarket sensitivity [-quick] [-out DIR] [-seed S] [-points N] [-robust-points P] [-runs R] [-years Y] [-workers W] [-skip-robustness]

Samples the parameters no published figure identifies (docs/calibration.md)
by Latin hypercube within their plausible ranges and writes to DIR:

  sensitivity.csv, src.csv, sensitivity.md, tornado.png: which priors drive
    the baseline's cost over the horizon, children waiting and for-profit
    margins (standardised regression coefficients, R²);
  robustness.csv, robustness_points.csv, robustness.md: the share of
    parameter sets in which each built-in intervention beats the baseline
    on cost and on shortage (paired runs within each parameter set).

-quick runs the North East market for 2 years with a few points: a smoke
test, not an analysis.

Flags:
`

// SensitivityCommand implements `caremarket sensitivity`. It returns the
// exit status: 0 on success, 1 when a run or writing fails, 2 for bad usage.
func SensitivityCommand(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("sensitivity", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, sensitivityUsage)
		fs.PrintDefaults()
	}
	quick := fs.Bool("quick", false, "North East market, 2 years, few points (a smoke test)")
	out := fs.String("out", filepath.Join("out", "sensitivity"), "directory for the outputs")
	seed := fs.Uint64("seed", 1, "seed of the Latin hypercubes and the runs")
	points := fs.Int("points", 0, "parameter sets of the sensitivity analysis (default 100; quick 30)")
	rpoints := fs.Int("robust-points", 0, "parameter sets of the robustness analysis (default 24; quick 3)")
	runs := fs.Int("runs", 0, "runs per parameter set (default 2; quick 1)")
	years := fs.Int("years", 0, "horizon in years (default 10; quick 2)")
	workers := fs.Int("workers", 0, "runs done at once (default GOMAXPROCS); results do not depend on it")
	skipRobust := fs.Bool("skip-robustness", false, "run the sensitivity analysis only")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "sensitivity: unexpected argument %q: sensitivity takes flags only\n", fs.Arg(0))
		fs.Usage()
		return 2
	}
	var usage []error
	for _, f := range []struct {
		name string
		v    int
	}{{"points", *points}, {"robust-points", *rpoints}, {"runs", *runs}, {"years", *years}, {"workers", *workers}} {
		if f.v < 0 {
			usage = append(usage, &market.FieldError{Field: "-" + f.name, Value: f.v, Allowed: "must be zero (the default) or positive"})
		}
	}
	if *seed == 0 {
		usage = append(usage, &market.FieldError{Field: "-seed", Value: 0, Allowed: "must be at least 1"})
	}
	sens := DesignOptions{Points: *points, Runs: *runs, Years: *years, Seed: *seed, Workers: *workers}
	rob := DesignOptions{Points: *rpoints, Runs: *runs, Years: *years, Seed: *seed, Workers: *workers}
	name := "England"
	if *quick {
		cfg, err := scenarios.RegionalBaseline(QuickRegion)
		if err != nil {
			fmt.Fprintf(stderr, "sensitivity: %v\n", err)
			return 1
		}
		name = QuickRegion
		for _, o := range []*DesignOptions{&sens, &rob} {
			o.Config = cfg
			if o.Runs == 0 {
				o.Runs = 1
			}
			if o.Years == 0 {
				o.Years = 2
			}
		}
		if sens.Points == 0 {
			sens.Points = 30
		}
		if rob.Points == 0 {
			rob.Points = 3
		}
	}
	if err := sens.defaults(100, 2, 10); err != nil {
		usage = append(usage, err)
	} else if min := len(baselinePriors()) + 2; sens.Points < min {
		usage = append(usage, &market.FieldError{Field: "-points", Value: sens.Points, Allowed: fmt.Sprintf("at least %d: the regression has %d priors", min, min-2)})
	}
	if err := rob.defaults(24, 2, 10); err != nil && !*skipRobust {
		usage = append(usage, err)
	}
	if !*skipRobust && rob.Years < 2 {
		usage = append(usage, &market.FieldError{Field: "-years", Value: rob.Years, Allowed: "at least 2 for the robustness analysis (interventions start in the second year), or give -skip-robustness"})
	}
	if len(usage) > 0 {
		fmt.Fprintf(stderr, "sensitivity: %v\n", errors.Join(usage...))
		return 2
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		fmt.Fprintf(stderr, "sensitivity: %v\n", err)
		return 1
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	began := time.Now()
	prog := func(what string) func(done, total int) {
		step := 0
		return func(done, total int) {
			if pct := 100 * done / total; pct >= step || done == total {
				fmt.Fprintf(stderr, "sensitivity: %s %d/%d runs (%s)\n", what, done, total, time.Since(began).Round(time.Second))
				step = pct + 5
			}
		}
	}
	sens.Progress = prog("sensitivity")
	fmt.Fprintf(stderr, "sensitivity: %s market, %d points × %d runs × %d years\n", name, sens.Points, sens.Runs, sens.Years)
	sr, err := Sensitivity(ctx, sens)
	if err != nil {
		fmt.Fprintf(stderr, "sensitivity: %v\n", err)
		return 1
	}
	fmt.Fprintf(stderr, "sensitivity: sensitivity analysis done in %s\n", time.Since(began).Round(time.Second))
	files, err := sr.WriteFiles(*out, name)
	if err != nil {
		fmt.Fprintf(stderr, "sensitivity: %v\n", err)
		return 1
	}
	var md bytes.Buffer
	sr.WriteMarkdown(&md)
	stdout.Write(md.Bytes())
	if !*skipRobust {
		rob.Progress = prog("robustness")
		nAlt := len(scenarios.List()) - 1
		fmt.Fprintf(stderr, "sensitivity: robustness, %d points × %d scenarios × %d runs × %d years\n", rob.Points, nAlt+1, rob.Runs, rob.Years)
		t0 := time.Now()
		rr, err := Robustness(ctx, rob, nil)
		if err != nil {
			fmt.Fprintf(stderr, "sensitivity: %v\n", err)
			return 1
		}
		fmt.Fprintf(stderr, "sensitivity: robustness analysis done in %s\n", time.Since(t0).Round(time.Second))
		fs, err := rr.WriteFiles(*out)
		files = append(files, fs...)
		if err != nil {
			fmt.Fprintf(stderr, "sensitivity: %v\n", err)
			return 1
		}
		md.Reset()
		rr.WriteMarkdown(&md)
		fmt.Fprintln(stdout)
		stdout.Write(md.Bytes())
	}
	fmt.Fprintln(stdout, "\nWrote:")
	for _, f := range files {
		fmt.Fprintln(stdout, "  "+filepath.ToSlash(f))
	}
	return 0
}

// order returns the prior indices sorted by |SRC| of output k, largest
// first.
func (r *SensitivityResult) order(k int) []int {
	idx := make([]int, len(r.Priors))
	for i := range idx {
		idx[i] = i
	}
	c := r.Coefs[k]
	sort.SliceStable(idx, func(a, b int) bool { return math.Abs(c.SRC[idx[a]]) > math.Abs(c.SRC[idx[b]]) })
	return idx
}

// WriteMarkdown writes, for each output, its R² and the priors ranked by
// |SRC| with their SRRC.
func (r *SensitivityResult) WriteMarkdown(w io.Writer) error {
	var b bytes.Buffer
	fmt.Fprintf(&b, "Latin hypercube of %d parameter sets × %d runs × %d years (seed %d); outputs are means over each set's runs.\n\n",
		len(r.X), r.Runs, r.Years, r.Seed)
	b.WriteString("| output | mean across sets | 5–95% across sets | R² (SRC) | R² (ranks) | top drivers: SRC ± 1.96 SE |\n|---|---|---|---|---|---|\n")
	for k, o := range r.Outputs {
		ys := make([]float64, len(r.Y))
		for p := range ys {
			ys[p] = r.Y[p][k]
		}
		band := scenarios.BandOf(ys)
		var top []string
		for _, j := range r.order(k)[:min(4, len(r.Priors))] {
			top = append(top, fmt.Sprintf("%s %+.2f ± %.2f", r.Priors[j].Name, r.Coefs[k].SRC[j], 1.96*r.Coefs[k].SE[j]))
		}
		fmt.Fprintf(&b, "| %s (`%s`) | %s | %s–%s | %.2f | %.2f | %s |\n", o.Label, o.Name, show(band.Mean, o.Scale, o.Unit),
			show(band.P5, o.Scale, o.Unit), show(band.P95, o.Scale, o.Unit), r.Coefs[k].R2, r.Coefs[k].RankR2, joinSemi(top))
	}
	b.WriteString("\nStandardised regression coefficients (SRC; SRRC on ranks in brackets) of every prior:\n\n| prior | range | basis |")
	for _, o := range r.Outputs {
		fmt.Fprintf(&b, " %s |", o.Name)
	}
	b.WriteString("\n|---|---|---|")
	for range r.Outputs {
		b.WriteString("---|")
	}
	b.WriteString("\n")
	for j, p := range r.Priors {
		rng := trimFloat(p.Lo, 4) + "–" + trimFloat(p.Hi, 4)
		if p.AtLo > 0 {
			rng += fmt.Sprintf(" (%.0f%% at %s)", 100*p.AtLo, trimFloat(p.Lo, 4))
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s |", p.Name, rng, p.Basis)
		for k := range r.Outputs {
			c := r.Coefs[k]
			fmt.Fprintf(&b, " %+.2f (%+.2f) |", c.SRC[j], c.SRRC[j])
		}
		b.WriteString("\n")
	}
	_, err := w.Write(b.Bytes())
	return err
}

func joinSemi(ss []string) string {
	var b bytes.Buffer
	for i, s := range ss {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(s)
	}
	return b.String()
}

// WriteFiles writes sensitivity.csv (every point's priors and outputs),
// src.csv (coefficients), sensitivity.md and tornado.png to dir.
func (r *SensitivityResult) WriteFiles(dir, marketName string) ([]string, error) {
	var files []string
	head := []string{"point"}
	for _, p := range r.Priors {
		head = append(head, p.Name)
	}
	for _, o := range r.Outputs {
		head = append(head, o.Name)
	}
	rows := [][]string{head}
	for p := range r.X {
		row := []string{strconv.Itoa(p)}
		for _, x := range r.X[p] {
			row = append(row, num(x))
		}
		for _, y := range r.Y[p] {
			row = append(row, num(y))
		}
		rows = append(rows, row)
	}
	path := filepath.Join(dir, "sensitivity.csv")
	if err := writeCSV(path, rows); err != nil {
		return files, err
	}
	files = append(files, path)
	rows = [][]string{{"output", "prior", "src", "src_se", "srrc", "r2", "rank_r2", "lo", "hi"}}
	for k, o := range r.Outputs {
		c := r.Coefs[k]
		for j, p := range r.Priors {
			rows = append(rows, []string{o.Name, p.Name, num(c.SRC[j]), num(c.SE[j]), num(c.SRRC[j]), num(c.R2), num(c.RankR2), num(p.Lo), num(p.Hi)})
		}
	}
	path = filepath.Join(dir, "src.csv")
	if err := writeCSV(path, rows); err != nil {
		return files, err
	}
	files = append(files, path)
	var md bytes.Buffer
	if err := r.WriteMarkdown(&md); err != nil {
		return files, err
	}
	path = filepath.Join(dir, "sensitivity.md")
	if err := writeBytes(path, md.Bytes()); err != nil {
		return files, err
	}
	files = append(files, path)
	fig, err := r.Tornado(marketName)
	if err != nil {
		return files, err
	}
	path = filepath.Join(dir, "tornado.png")
	if err := plots.Save(fig, path); err != nil {
		return files, err
	}
	return append(files, path), nil
}

// TornadoOutputs are the outputs drawn in the tornado figure.
var TornadoOutputs = []string{"net_public_cost_gbp_total", "waiting_mean", "margin_for_profit_mean"}

// Tornado draws the SRCs of the main outputs, one panel each, with 95%
// intervals (± 1.96 standard errors).
func (r *SensitivityResult) Tornado(marketName string) (*plots.Figure, error) {
	var panels []*plot.Plot
	for _, name := range TornadoOutputs {
		k := -1
		for i, o := range r.Outputs {
			if o.Name == name {
				k = i
			}
		}
		if k < 0 {
			return nil, fmt.Errorf("calibrate: no output %q", name)
		}
		c := r.Coefs[k]
		var es []plots.Effect
		for j, p := range r.Priors {
			h := 1.96 * c.SE[j]
			es = append(es, plots.Effect{Label: p.Name, Value: c.SRC[j], Lo: c.SRC[j] - h, Hi: c.SRC[j] + h})
		}
		title := fmt.Sprintf("%s\n(R² %.2f; ranks %.2f)", r.Outputs[k].Label, c.R2, c.RankR2)
		p, err := plots.Tornado(title, "standardised regression coefficient", es, 12)
		if err != nil {
			return nil, err
		}
		panels = append(panels, p)
	}
	title := fmt.Sprintf("What drives the %s baseline over %d years: the 12 largest effects of uncertain priors", marketName, r.Years)
	note := fmt.Sprintf("Latin hypercube of %d parameter sets within their plausible ranges (docs/calibration.md), %d runs each, seed %d. "+
		"Bars: standardised regression coefficients (SD change in the output per SD of the prior); whiskers: 95%% intervals. "+
		"R² says how much of the variation a linear model explains.", len(r.X), r.Runs, r.Seed)
	return plots.TornadoFigure(title, note, panels...)
}

// WriteMarkdown writes the robustness table.
func (r *RobustnessResult) WriteMarkdown(w io.Writer) error {
	var b bytes.Buffer
	fmt.Fprintf(&b, "Latin hypercube of %d parameter sets (every prior, β = 0 in about a fifth) × %d paired runs × %d years (seed %d). "+
		"An intervention beats the baseline in a parameter set when its mean paired difference is below zero: on cost, net public cost summed over the horizon; "+
		"on shortage, child-weeks waiting or in unregistered settings.\n\n", len(r.X), r.Runs, r.Years, r.Seed)
	b.WriteString("| intervention | beats baseline on cost | on shortage | on both | cost difference: median [5–95%] | shortage difference, child-weeks: median [5–95%] | β = 0 sets: beats on cost / shortage |\n|---|---|---|---|---|---|---|\n")
	for _, row := range r.Rows {
		bz := "—"
		if row.BetaZeroPoints > 0 {
			bz = fmt.Sprintf("%.0f%% / %.0f%% (of %d)", 100*row.BetaZeroBeatsCost, 100*row.BetaZeroBeatsShortage, row.BetaZeroPoints)
		}
		fmt.Fprintf(&b, "| %s | %.0f%% | %.0f%% | %.0f%% | %s [%s to %s] | %s [%s to %s] | %s |\n", row.Scenario,
			100*row.BeatsCost, 100*row.BeatsShortage, 100*row.BeatsBoth,
			plots.FormatMoney(row.Cost.P50, true), plots.FormatMoney(row.Cost.P5, true), plots.FormatMoney(row.Cost.P95, true),
			plots.FormatCount(row.Shortage.P50, true), plots.FormatCount(row.Shortage.P5, true), plots.FormatCount(row.Shortage.P95, true), bz)
	}
	_, err := w.Write(b.Bytes())
	return err
}

// WriteFiles writes robustness.csv (the table), robustness_points.csv (every
// alternative's differences at every point, with the priors) and
// robustness.md to dir.
func (r *RobustnessResult) WriteFiles(dir string) ([]string, error) {
	var files []string
	rows := [][]string{{"scenario", "beats_cost", "beats_shortage", "beats_both", "cost_diff_p5", "cost_diff_p50", "cost_diff_p95",
		"shortage_diff_p5", "shortage_diff_p50", "shortage_diff_p95", "beta0_points", "beta0_beats_cost", "beta0_beats_shortage"}}
	for _, row := range r.Rows {
		rows = append(rows, []string{row.Scenario, num(row.BeatsCost), num(row.BeatsShortage), num(row.BeatsBoth),
			num(row.Cost.P5), num(row.Cost.P50), num(row.Cost.P95), num(row.Shortage.P5), num(row.Shortage.P50), num(row.Shortage.P95),
			strconv.Itoa(row.BetaZeroPoints), num(row.BetaZeroBeatsCost), num(row.BetaZeroBeatsShortage)})
	}
	path := filepath.Join(dir, "robustness.csv")
	if err := writeCSV(path, rows); err != nil {
		return files, err
	}
	files = append(files, path)
	head := []string{"scenario", "point", "cost_diff_gbp", "shortage_diff_child_weeks"}
	for _, p := range r.Priors {
		head = append(head, p.Name)
	}
	rows = [][]string{head}
	for s, name := range r.Scenarios {
		for p := range r.X {
			row := []string{name, strconv.Itoa(p), num(r.Cost[s][p]), num(r.Shortage[s][p])}
			for _, x := range r.X[p] {
				row = append(row, num(x))
			}
			rows = append(rows, row)
		}
	}
	path = filepath.Join(dir, "robustness_points.csv")
	if err := writeCSV(path, rows); err != nil {
		return files, err
	}
	files = append(files, path)
	var md bytes.Buffer
	if err := r.WriteMarkdown(&md); err != nil {
		return files, err
	}
	path = filepath.Join(dir, "robustness.md")
	if err := writeBytes(path, md.Bytes()); err != nil {
		return files, err
	}
	return append(files, path), nil
}
