package calibrate

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sort"

	"github.com/caremarket/caremarket/market"
	"github.com/caremarket/caremarket/scenarios"
)

// RobustThreshold is the share of parameter sets in which an effect must
// keep the sign of its median for the effect to be called robust: the
// briefing report marks a cell better or worse only then.
const RobustThreshold = 0.9

// RobustnessResult is a robustness analysis: for each built-in
// intervention, each outcome and each parameter set of a Latin hypercube
// over the priors, the intervention's mean paired difference from the
// baseline, and each intervention's record across the sets.
type RobustnessResult struct {
	// Market names the market (e.g. "England"); set by the caller or the
	// merge, for the files.
	Market    string
	Priors    []Prior
	Outcomes  []Output
	Scenarios []string // alternatives, in scenarios.List order
	Runs      int
	Years     int
	Seed      uint64
	// ConfigSHA256 identifies the baseline market configuration.
	ConfigSHA256 string
	// X[p][j] is prior j at set p.
	X [][]float64
	// Effects[s][o][p] is alternative s minus the baseline in outcome o at
	// set p, the mean over the set's paired runs.
	Effects [][][]float64
	// Cells[s][o] summarise Effects[s][o] across the sets.
	Cells [][]RobustCell
}

// RobustCell is one intervention's effect on one outcome across the
// parameter sets.
type RobustCell struct {
	Scenario, Outcome string
	// Band is the 5th, 50th and 95th percentiles and the mean of the
	// effects across the sets (scenarios.BandOf); Median is the middle
	// effect (the mean of the two middle ones for an even number of sets).
	Band   scenarios.Band
	Median float64
	// Sign is the sign of Median (−1, 0 or +1) and SignShare the share of
	// sets whose effect has that sign (for Sign 0: whose effect is exactly
	// 0). Below and Above are the shares of sets with an effect below and
	// above zero.
	Sign           int
	SignShare      float64
	Below, Above   float64
	Robust         bool // Sign ≠ 0 and SignShare ≥ RobustThreshold
	Sets           int
	HasDrivers     bool
	Drivers        Coefficients // valid when HasDrivers
	DriversSkipped string       // why there are no drivers, when there are none
}

// RobustnessOutcomes returns the outcomes of the robustness analysis, each
// cumulative over the reported horizon, as the briefing report's headline
// table shows them: net public cost, children waiting and children in
// unregistered settings (the outcomes of issue 20), then spend, the share
// of placed children over 20 miles from home and disorderly exits (the
// headline table's other columns where lower is better).
func RobustnessOutcomes() []Output {
	total := func(m market.Metric) func(r *market.Results) float64 {
		return func(r *market.Results) float64 { return sum(r.Series[m]) }
	}
	return []Output{
		{Name: "net_public_cost_gbp", Label: "net public cost, summed over the horizon", Unit: "£", Scale: 1, value: total(market.NetPublicCostGBP)},
		{Name: "waiting", Label: "children waiting, child-weeks over the horizon", Unit: "child-weeks", Scale: 1, value: total(market.Waiting)},
		{Name: "unregistered_placed", Label: "children in unregistered settings, child-weeks over the horizon", Unit: "child-weeks", Scale: 1, value: total(market.UnregisteredPlaced)},
		{Name: "spend_gbp", Label: "spend on placements, summed over the horizon", Unit: "£", Scale: 1, value: total(market.SpendGBP)},
		{Name: "over_20_miles_share", Label: "share of placed children over 20 miles from home, over the horizon", Unit: "share", Scale: 1, value: over20Share},
		{Name: "exits_disorderly", Label: "disorderly provider exits over the horizon", Unit: "providers", Scale: 1, value: total(market.ExitsDisorderly)},
	}
}

// over20Share is Σ children placed over 20 miles ÷ Σ children placed in
// registered settings, over the weeks of the horizon (0 when none are
// placed).
func over20Share(r *market.Results) float64 {
	den := 0.0
	for _, m := range []market.Metric{market.PlacedFosterInHouse, market.PlacedFosterIFA, market.PlacedHomes, market.PlacedSupported} {
		den += sum(r.Series[m])
	}
	if den == 0 {
		return 0
	}
	return sum(r.Series[market.Over20Miles]) / den
}

// Robustness samples every prior (including those that act on
// interventions) by Latin hypercube and, at each parameter set, runs the
// baseline and each built-in intervention on the same run indices,
// recording the paired differences in every outcome of
// RobustnessOutcomes. names selects the alternatives (nil: every built-in
// scenario but the baseline and the histories). It stops with ctx's error
// when cancelled. (Sweep.RunShard runs a share of the same runs on one
// machine of many.)
func Robustness(ctx context.Context, opts DesignOptions, names []string) (*RobustnessResult, error) {
	d, err := newRobDesign(opts, names)
	if err != nil {
		return nil, err
	}
	vals := make([][]float64, d.tasks())
	err = runAll(ctx, len(vals), d.opts.Workers, d.opts.Progress, func(ctx context.Context, t int) (err error) {
		vals[t], err = d.run(ctx, t)
		return err
	})
	if err != nil {
		return nil, err
	}
	d.res.fill(vals)
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

// Alternatives returns the built-in scenarios a robustness analysis
// compares with the baseline by default: every built-in but the baseline
// and the histories, in scenarios.List order.
func Alternatives() []string {
	var names []string
	for _, info := range scenarios.List() {
		if info.Name != "baseline" && !info.History {
			names = append(names, info.Name)
		}
	}
	return names
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
		names = Alternatives()
	}
	for _, n := range names {
		if _, err := scenarios.Builtin(n); err != nil {
			return nil, err
		}
		if n == "baseline" {
			return nil, &market.FieldError{Field: "scenarios", Value: n, Allowed: "built-in interventions: the baseline is what they are compared with"}
		}
	}
	hash, err := configHash(base)
	if err != nil {
		return nil, err
	}
	ps := Priors()
	us := LatinHypercube(opts.Points, len(ps), opts.Seed)
	res := &RobustnessResult{Priors: ps, Outcomes: RobustnessOutcomes(), Scenarios: slices.Clone(names), Runs: opts.Runs, Years: opts.Years,
		Seed: opts.Seed, ConfigSHA256: hash, X: make([][]float64, opts.Points)}
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

// run runs task t and returns its outcomes.
func (d *robDesign) run(ctx context.Context, t int) ([]float64, error) {
	nS, nR := len(d.all), d.opts.Runs
	p, s, r := t/(nS*nR), (t/nR)%nS, t%nR
	sc, err := scenarios.Builtin(d.all[s])
	if err != nil {
		return nil, err
	}
	sc.Config, sc.Seed, sc.Years = d.cfgs[p], d.opts.Seed, d.opts.Years
	applyScenarioPriors(sc, d.res.Priors, d.res.X[p])
	out, err := scenarios.Run(ctx, sc, scenarios.RunOptions{Run: p*nR + r})
	if err != nil {
		return nil, fmt.Errorf("point %d, %s, run %d: %w", p, d.all[s], p*nR+r, err)
	}
	v := make([]float64, len(d.res.Outcomes))
	for k, o := range d.res.Outcomes {
		v[k] = o.value(out)
	}
	return v, nil
}

// fill sets Effects and Cells from every task's outcomes (vals[t], in task
// order, indexed (point, scenario, run) as tasks says).
func (res *RobustnessResult) fill(vals [][]float64) {
	nS, nR, nO := len(res.Scenarios)+1, res.Runs, len(res.Outcomes)
	at := func(p, s, r, o int) float64 { return vals[(p*nS+s)*nR+r][o] }
	res.Effects = make([][][]float64, len(res.Scenarios))
	res.Cells = make([][]RobustCell, len(res.Scenarios))
	for s := range res.Scenarios {
		res.Effects[s] = make([][]float64, nO)
		res.Cells[s] = make([]RobustCell, nO)
		for o := range nO {
			e := make([]float64, len(res.X))
			for p := range e {
				for r := range nR {
					e[p] += at(p, s+1, r, o) - at(p, 0, r, o)
				}
				e[p] /= float64(nR)
			}
			res.Effects[s][o] = e
			c := SummariseEffects(e, res.X)
			c.Scenario, c.Outcome = res.Scenarios[s], res.Outcomes[o].Name
			res.Cells[s][o] = c
		}
	}
}

// SummariseEffects summarises an intervention's effects on one outcome
// across parameter sets (effects[p] at the priors x[p]): their band and
// median, the share of sets that keep the median's sign, and the
// standardised regression coefficients of the effects on the priors (SRC,
// and SRRC on ranks) when there are more sets than priors + 1.
func SummariseEffects(effects []float64, x [][]float64) RobustCell {
	c := RobustCell{Sets: len(effects), Band: scenarios.BandOf(effects)}
	c.Median = median(effects)
	c.Sign, c.SignShare, c.Below, c.Above = signShare(effects, c.Median)
	c.Robust = c.Sign != 0 && c.SignShare >= RobustThreshold
	k := 0
	if len(x) > 0 {
		k = len(x[0])
	}
	switch {
	case len(effects) == 0:
		c.DriversSkipped = "no parameter sets"
	case len(effects) <= k+1:
		c.DriversSkipped = fmt.Sprintf("the regression on %d priors needs at least %d parameter sets, got %d", k, k+2, len(effects))
	default:
		d, err := SRC(x, effects)
		if err != nil {
			c.DriversSkipped = err.Error()
		} else {
			c.Drivers, c.HasDrivers = d, true
		}
	}
	return c
}

// median returns the middle value of xs (the mean of the two middle values
// for an even count), NaN for none.
func median(xs []float64) float64 {
	n := len(xs)
	if n == 0 {
		return math.NaN()
	}
	s := slices.Clone(xs)
	sort.Float64s(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// signShare returns the sign of m and the share of xs with that sign (for
// sign 0, the share exactly 0), and the shares below and above zero.
func signShare(xs []float64, m float64) (sign int, share, below, above float64) {
	if len(xs) == 0 || math.IsNaN(m) {
		return 0, math.NaN(), math.NaN(), math.NaN()
	}
	var nb, na int
	for _, x := range xs {
		switch {
		case x < 0:
			nb++
		case x > 0:
			na++
		}
	}
	n := float64(len(xs))
	below, above = float64(nb)/n, float64(na)/n
	switch {
	case m < 0:
		return -1, below, below, above
	case m > 0:
		return 1, above, below, above
	}
	return 0, float64(len(xs)-nb-na) / n, below, above
}

// TopDrivers returns the indices of the k priors with the largest |SRC|,
// largest first (none when the cell has no drivers).
func (c *RobustCell) TopDrivers(k int) []int {
	if !c.HasDrivers {
		return nil
	}
	idx := make([]int, len(c.Drivers.SRC))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return math.Abs(c.Drivers.SRC[idx[a]]) > math.Abs(c.Drivers.SRC[idx[b]]) })
	return idx[:min(k, len(idx))]
}

// Cell returns the cell of scenario and outcome, or nil.
func (res *RobustnessResult) Cell(scenario, outcome string) *RobustCell {
	s := slices.Index(res.Scenarios, scenario)
	o := slices.IndexFunc(res.Outcomes, func(x Output) bool { return x.Name == outcome })
	if s < 0 || o < 0 {
		return nil
	}
	return &res.Cells[s][o]
}
