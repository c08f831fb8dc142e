package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/caremarket/caremarket/calibrate"
	"github.com/caremarket/caremarket/market"
)

// Defaults of `caremarket robustness -quick` (a smoke test, as CI runs it).
const (
	quickRobustSets  = 4
	quickRobustRuns  = 1
	quickRobustYears = 2
)

const robustnessUsage = `usage: caremarket robustness [-quick] [-out DIR] [-seed S] [-sets N] [-runs R] [-years Y] [-workers W] [-scenarios A,B,...] [-shard K/N | -shard-index I/N]

For every built-in intervention, runs it and the baseline on the same seeds
(paired runs) at N parameter sets drawn by Latin hypercube over the priors
of docs/calibration.md, and writes to DIR, each file atomically:

  robustness.json (format caremarket-robustness/1), robustness.csv,
  robustness_src.csv, robustness_points.csv, robustness.md:
  for each intervention and each outcome (net public cost, children
  waiting, children in unregistered settings, spend, the share placed over
  20 miles, disorderly exits; each cumulative over the horizon), the
  effect at every set, its median and 5-95% range, the share of sets in
  which it keeps the sign of its median (robust at 90% or more), and the
  priors that drive it (standardised regression coefficients, with more
  sets than priors + 1).

caremarket report reads DIR/robustness.json (-robustness FILE, or
docs/calibration/robustness.json) and caremarket serve shows its shares.

-quick runs the North East market for 2 years, 4 sets and 1 run: a smoke
test, not an analysis.

-shard K/N (or -shard-index K-1/N) runs shard K of N of the runs and writes
DIR/sweep-K-of-N.gob.gz instead; 'caremarket merge -out OUT DIR' then
writes OUT/robustness/ with exactly the files above (docs/scale-out.md).
Give every shard the same flags but -workers.

Flags:
`

// robustnessCommand implements `caremarket robustness`. It returns the
// exit status: 0 on success, 1 when a run or writing fails, 2 for bad
// usage.
func robustnessCommand(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	c := newToolCommand("robustness", robustnessUsage, "robustness", "directory for the outputs", "North East market, 2 years, 4 sets, 1 run (a smoke test)", "seed of the Latin hypercube and the runs", stdout, stderr)
	sets := c.count("sets", fmt.Sprintf("parameter sets (default %d; quick %d)", calibrate.DefaultRobustnessPoints, quickRobustSets))
	runs := c.count("runs", fmt.Sprintf("paired runs per parameter set (default %d; quick %d)", calibrate.DefaultDesignRuns, quickRobustRuns))
	years := c.count("years", fmt.Sprintf("horizon in years, at least 2 (default %d; quick %d)", calibrate.DefaultDesignYears, quickRobustYears))
	c.defineWorkers()
	list := c.fs.String("scenarios", "", "comma-separated built-in interventions (default: every built-in but the baseline and histories)")
	shard := c.shardFlags()
	if code, ok := c.parse(args); !ok {
		return code
	}
	cfg, name := c.config, c.marketName
	opts := calibrate.DesignOptions{Config: cfg, Points: *sets, Runs: *runs, Years: *years, Seed: *c.seed, Workers: *c.workers}
	if *c.quick {
		setDefault(&opts.Points, quickRobustSets)
		setDefault(&opts.Runs, quickRobustRuns)
		setDefault(&opts.Years, quickRobustYears)
	}
	names := c.robustNames(*list)
	c.usageError(opts.CheckRobustness())
	if opts.Years < robustnessMinYears {
		c.usageError(&market.FieldError{Field: "-years", Value: opts.Years, Allowed: "at least 2: the interventions start in the second year"})
	}
	if code, ok := c.ready(); !ok {
		return code
	}
	began := time.Now()
	if !shard.Whole() {
		return c.sweepShard(ctx, calibrate.Sweep{Market: name, Robustness: &opts, Names: names}, *shard, began)
	}
	opts.Progress = c.designProgress("robustness", began)
	nAlt := len(names)
	if names == nil {
		nAlt = len(calibrate.Alternatives())
	}
	fmt.Fprintf(stderr, "robustness: %s market, %d parameter sets × %d scenarios × %d paired runs × %d years\n", name, opts.Points, nAlt+1, opts.Runs, opts.Years)
	rr, err := calibrate.Robustness(ctx, opts, names)
	if err != nil {
		return c.fail(err)
	}
	rr.Market = name
	fmt.Fprintf(stderr, "robustness: done in %s\n", time.Since(began).Round(time.Second))
	if code := c.writeRobustness(rr); code != exitOK {
		return code
	}
	return c.wrote()
}

// robustNames parses -scenarios: nil (every built-in intervention) when
// empty; each name must be a built-in other than the baseline and the
// histories.
func (c *toolCommand) robustNames(list string) []string {
	if strings.TrimSpace(list) == "" {
		return nil
	}
	all := calibrate.Alternatives()
	var names []string
	for _, n := range strings.Split(list, ",") {
		n = strings.TrimSpace(n)
		ok := false
		for _, a := range all {
			ok = ok || a == n
		}
		if !ok {
			c.usageError(&market.FieldError{Field: "-scenarios", Value: n, Allowed: "built-in interventions: " + strings.Join(all, ", ")})
			continue
		}
		names = append(names, n)
	}
	return names
}
