package calibrate

import (
	"context"
	"fmt"
	"slices"

	"github.com/caremarket/caremarket/market"
	"github.com/caremarket/caremarket/scenarios"
)

// RobustnessResult holds, for each built-in intervention and each sampled
// parameter set, the mean paired difference from the baseline in cost and
// in shortage, and the shares of parameter sets in which it beats the
// baseline.
type RobustnessResult struct {
	Priors    []Prior
	Scenarios []string // alternatives, in scenarios.List order
	Runs      int
	Years     int
	Seed      uint64
	// X[p][j] is prior j at point p.
	X [][]float64
	// Cost[s][p] is alternative s minus the baseline at point p in net
	// public cost summed over the horizon (£), the mean over the point's
	// paired runs; Shortage[s][p] the same in child-weeks waiting or in
	// unregistered settings.
	Cost, Shortage [][]float64
	// Rows summarise each alternative across points.
	Rows []RobustRow
}

// RobustRow is one alternative's record across parameter sets.
type RobustRow struct {
	Scenario string
	// BeatsCost, BeatsShortage and BeatsBoth are the shares of parameter
	// sets in which the alternative's mean paired difference is below zero
	// (cheaper; less shortage; both).
	BeatsCost, BeatsShortage, BeatsBoth float64
	// Cost and Shortage band the mean paired differences across parameter
	// sets (5th, 50th, 95th percentiles and mean).
	Cost, Shortage scenarios.Band
	// BetaZeroBeatsCost is BeatsCost among parameter sets with β = 0 (no
	// buyer power), BetaZeroPoints their number.
	BetaZeroBeatsCost, BetaZeroBeatsShortage float64
	BetaZeroPoints                           int
}

// CostMetric and ShortageMetrics define the outcomes of the robustness
// analysis: net public cost summed over the horizon, and child-weeks
// waiting or in unregistered settings.
var (
	CostMetric      = market.NetPublicCostGBP
	ShortageMetrics = []market.Metric{market.Waiting, market.UnregisteredPlaced}
)

// Robustness samples every prior (including those that act on
// interventions) by Latin hypercube and, at each point, runs the baseline
// and each built-in intervention on the same run indices, recording the
// paired differences in cost and shortage. names selects the alternatives
// (nil: every built-in scenario but the baseline). It stops with ctx's
// error when cancelled. (Sweep.RunShard runs a share of the same runs on
// one machine of many.)
func Robustness(ctx context.Context, opts DesignOptions, names []string) (*RobustnessResult, error) {
	d, err := newRobDesign(opts, names)
	if err != nil {
		return nil, err
	}
	n := d.tasks()
	cost, short := make([]float64, n), make([]float64, n)
	err = runAll(ctx, n, d.opts.Workers, d.opts.Progress, func(ctx context.Context, t int) (err error) {
		cost[t], short[t], err = d.run(ctx, t)
		return err
	})
	if err != nil {
		return nil, err
	}
	d.res.fill(cost, short)
	return d.res, nil
}

// robDesign is a robustness analysis before its runs: the result with its
// priors, alternatives and points (X), and each point's configuration.
type robDesign struct {
	opts DesignOptions
	res  *RobustnessResult
	all  []string // "baseline", then the alternatives
	cfgs []*market.Config
}

// newRobDesign checks opts (filling its defaults) and names, and draws the
// design.
func newRobDesign(opts DesignOptions, names []string) (*robDesign, error) {
	if err := opts.defaults(DefaultRobustnessPoints, DefaultDesignRuns, DefaultDesignYears); err != nil {
		return nil, err
	}
	if opts.Years < 2 {
		return nil, &market.FieldError{Field: "years", Value: opts.Years, Allowed: fmt.Sprintf("at least 2: the built-in interventions start in week %d", scenarios.PolicyStart)}
	}
	base, err := baseConfig(opts.Config)
	if err != nil {
		return nil, err
	}
	opts.Config = base
	if names == nil {
		for _, info := range scenarios.List() {
			if info.Name != "baseline" && !info.History {
				names = append(names, info.Name)
			}
		}
	}
	for _, n := range names {
		if _, err := scenarios.Builtin(n); err != nil {
			return nil, err
		}
	}
	ps := Priors()
	us := LatinHypercube(opts.Points, len(ps), opts.Seed)
	res := &RobustnessResult{Priors: ps, Scenarios: slices.Clone(names), Runs: opts.Runs, Years: opts.Years, Seed: opts.Seed,
		X: make([][]float64, opts.Points)}
	cfgs := make([]*market.Config, opts.Points)
	for p := range us {
		if res.X[p], cfgs[p], err = samplePoint(base, ps, us[p]); err != nil {
			return nil, fmt.Errorf("calibrate: robustness point %d: %w", p, err)
		}
	}
	return &robDesign{opts: opts, res: res, all: append([]string{"baseline"}, names...), cfgs: cfgs}, nil
}

// tasks returns the number of runs, indexed (point, scenario, run): task t
// is scenario (t / Runs) mod S at point t / (S·Runs), run index
// point·Runs + t mod Runs, S counting the baseline.
func (d *robDesign) tasks() int { return d.opts.Points * len(d.all) * d.opts.Runs }

// run runs task t and returns its cost and shortage.
func (d *robDesign) run(ctx context.Context, t int) (cost, short float64, err error) {
	nS, nR := len(d.all), d.opts.Runs
	p, s, r := t/(nS*nR), (t/nR)%nS, t%nR
	sc, err := scenarios.Builtin(d.all[s])
	if err != nil {
		return 0, 0, err
	}
	sc.Config, sc.Seed, sc.Years = d.cfgs[p], d.opts.Seed, d.opts.Years
	applyScenarioPriors(sc, d.res.Priors, d.res.X[p])
	out, err := scenarios.Run(ctx, sc, scenarios.RunOptions{Run: p*nR + r})
	if err != nil {
		return 0, 0, fmt.Errorf("point %d, %s, run %d: %w", p, d.all[s], p*nR+r, err)
	}
	cost = sum(out.Series[CostMetric])
	for _, m := range ShortageMetrics {
		short += sum(out.Series[m])
	}
	return cost, short, nil
}

// fill summarises every alternative from the tasks' cost and shortage (in
// task order).
func (res *RobustnessResult) fill(cost, short []float64) {
	all := append([]string{"baseline"}, res.Scenarios...)
	res.Cost, res.Shortage, res.Rows = nil, nil, nil
	for s := 1; s < len(all); s++ {
		row, cs, ss := res.pairedRow(all, s, cost, short)
		res.Cost = append(res.Cost, cs)
		res.Shortage = append(res.Shortage, ss)
		res.Rows = append(res.Rows, row)
	}
}

// pairedRow summarises alternative s of all (0 is the baseline) from the
// runs' cost and shortage, indexed (point, scenario, run): its mean paired
// differences at every point and how often it beats the baseline.
func (res *RobustnessResult) pairedRow(all []string, s int, cost, short []float64) (row RobustRow, cs, ss []float64) {
	points, nS, nR := len(res.X), len(all), res.Runs
	at := func(v []float64, p, s, r int) float64 { return v[(p*nS+s)*nR+r] }
	betaIdx := slices.IndexFunc(res.Priors, func(pr Prior) bool { return pr.Name == "pricing.beta" })
	cs, ss = make([]float64, points), make([]float64, points)
	row = RobustRow{Scenario: all[s]}
	var bz, bzCost, bzShort int
	for p := range points {
		for r := range nR {
			cs[p] += at(cost, p, s, r) - at(cost, p, 0, r)
			ss[p] += at(short, p, s, r) - at(short, p, 0, r)
		}
		cs[p] /= float64(nR)
		ss[p] /= float64(nR)
		c, sh := cs[p] < 0, ss[p] < 0
		if c {
			row.BeatsCost++
		}
		if sh {
			row.BeatsShortage++
		}
		if c && sh {
			row.BeatsBoth++
		}
		if betaIdx >= 0 && res.X[p][betaIdx] == 0 {
			bz++
			if c {
				bzCost++
			}
			if sh {
				bzShort++
			}
		}
	}
	n := float64(points)
	row.BeatsCost /= n
	row.BeatsShortage /= n
	row.BeatsBoth /= n
	row.Cost, row.Shortage = scenarios.BandOf(cs), scenarios.BandOf(ss)
	row.BetaZeroPoints = bz
	if bz > 0 {
		row.BetaZeroBeatsCost = float64(bzCost) / float64(bz)
		row.BetaZeroBeatsShortage = float64(bzShort) / float64(bz)
	}
	return row, cs, ss
}
