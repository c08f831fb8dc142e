package calibrate

import (
	"context"
	"fmt"
	"math"

	"gonum.org/v1/gonum/optimize"

	"github.com/caremarket/caremarket/market"
	"github.com/caremarket/caremarket/scenarios"
)

// Options set a fit. The zero value fits the England baseline with the
// defaults below.
type Options struct {
	// Config is the market to fit, starting from its current values; nil
	// means the England baseline (scenarios.Baseline).
	Config *market.Config
	// Seed is the seed of every run (default 1).
	Seed uint64
	// Runs is the number of runs (indices 0 to Runs−1) averaged in each
	// evaluation of the market stage (default 4); DemandRuns those of the
	// demand stage (default 2). The same indices are run at every
	// evaluation: common random numbers.
	Runs, DemandRuns int
	// ReportRuns runs (indices ReportFirstRun onwards, default 20 from
	// 1000, apart from the fitting runs) give the moments' medians and 90%
	// bands before and after the fit, and the simulated variances of the
	// weights.
	ReportRuns, ReportFirstRun int
	// DemandEvals and MarketEvals cap the evaluations of each stage
	// (defaults 60 and 240); 0 skips nothing, a negative value skips the
	// stage.
	DemandEvals, MarketEvals int
	// SimplexSize is the size of Nelder–Mead's first simplex in the
	// unbounded space (default 0.5: about an eighth of each range).
	SimplexSize float64
	// Workers is the number of runs done at once (default GOMAXPROCS); the
	// results do not depend on it.
	Workers int
	// History, when not nil, is the 2019 world whose path the fit also
	// targets (HistoryMoments): normally scenarios.Builtin("history-2019")
	// for a fit of England. Each candidate's parameters are applied to it
	// as to Config, except those it sets itself.
	History *scenarios.Scenario
	// Progress, when not nil, is called after every evaluation.
	Progress func(Event)
}

// Event reports one evaluation of a fit.
type Event struct {
	Stage      string  // "before", "demand", "market" or "after"
	Evaluation int     // 1, 2, … within the stage
	Objective  float64 // this evaluation's objective (report stages: over the report runs)
	Best       float64 // best so far in the stage
}

// FittedParam is one parameter's start and fitted value.
type FittedParam struct {
	Name   string  `json:"name"`
	Desc   string  `json:"desc"`
	Lo     float64 `json:"lo"`
	Hi     float64 `json:"hi"`
	Basis  string  `json:"basis"`
	Stage  int     `json:"stage"`
	Start  float64 `json:"start"`
	Fitted float64 `json:"fitted"`
}

// Stage records one optimisation.
type Stage struct {
	Name        string       `json:"name"`
	Params      []string     `json:"params"`
	Moments     []string     `json:"moments"`
	Runs        int          `json:"runs"`
	Years       int          `json:"years"`
	Evaluations int          `json:"evaluations"`
	Status      string       `json:"status"`
	Start       float64      `json:"objective_start"`
	Best        float64      `json:"objective_best"`
	Trace       []TracePoint `json:"trace"`
}

// TracePoint is one evaluation: the parameters and the objective.
type TracePoint struct {
	X         []float64 `json:"x"`
	Objective float64   `json:"objective"`
}

// Result is a completed fit.
type Result struct {
	Seed           uint64        `json:"seed"`
	Runs           int           `json:"runs"`
	DemandRuns     int           `json:"demand_runs"`
	ReportRuns     int           `json:"report_runs"`
	ReportFirstRun int           `json:"report_first_run"`
	Scale          float64       `json:"market_scale"`
	Params         []FittedParam `json:"params"`
	Stages         []Stage       `json:"stages"`
	// Settings are the market.Config values the fit sets (calibration.yaml's
	// overrides), rounded to 6 significant digits; After was run with them.
	Settings []Setting `json:"settings"`
	// Before and After are the moments over the report runs at the start
	// and at the fit, with the same weights.
	Before *Report `json:"before"`
	After  *Report `json:"after"`
	// Config is the fitted configuration.
	Config *market.Config `json:"-"`
}

// Fit fits the parameters of DemandParams and then MarketParams to the
// Moments by the method of simulated moments (see the package comment).
// It stops with ctx's error when ctx is cancelled.
func Fit(ctx context.Context, opts Options) (*Result, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	if err := opts.defaults(); err != nil {
		return nil, err
	}
	start, err := startConfig(opts.Config)
	if err != nil {
		return nil, err
	}
	scale, err := marketScale(start)
	if err != nil {
		return nil, err
	}
	ms := Moments()
	if opts.History != nil {
		ms = append(ms, HistoryMoments()...)
	}
	res := &Result{Seed: opts.Seed, Runs: opts.Runs, DemandRuns: opts.DemandRuns,
		ReportRuns: opts.ReportRuns, ReportFirstRun: opts.ReportFirstRun, Scale: scale}
	report := sim{seed: opts.Seed, first: opts.ReportFirstRun, runs: opts.ReportRuns, years: 2, workers: opts.Workers, summary: true}

	// Before: the moments at the start, whose spread across runs gives the
	// simulated variances of the weights.
	demand, markets := scaled(DemandParams(), scale), scaled(MarketParams(), scale)
	all := append(append([]Param(nil), demand...), markets...)
	hist := newHistory(opts.History, start, all)
	hsc, err := hist.with(nil)
	if err != nil {
		return nil, err
	}
	before, err := report.run(ctx, start, hsc)
	if err != nil {
		return nil, fmt.Errorf("calibrate: runs at the start: %w", err)
	}
	obj := newObjective(ms, scale, variances(momentValues(ms, before)))
	res.Before = newReport("start", obj, before, opts)
	progress(opts, Event{Stage: "before", Evaluation: 1, Objective: res.Before.Objective, Best: res.Before.Objective})

	// Stage 1: demand parameters against demand moments, one year; stage
	// 2: market parameters against the other moments, two years.
	stages := []fitStage{
		{"demand", demand, 1, opts.DemandRuns, 1, opts.DemandEvals},
		{"market", markets, 2, opts.Runs, 2, opts.MarketEvals},
	}
	cfg, err := runStages(ctx, res, candidate{base: start, hist: hist}, stages, obj, opts)
	if err != nil {
		return nil, err
	}
	for _, p := range all {
		res.Params = append(res.Params, FittedParam{Name: p.Name, Desc: p.Desc, Lo: p.Lo, Hi: p.Hi, Basis: p.Basis, Stage: p.Stage,
			Start: p.Get(start), Fitted: p.Get(cfg)})
	}
	res.Config = cfg

	if hsc, err = hist.with(res.Settings); err != nil {
		return nil, err
	}
	after, err := report.run(ctx, cfg, hsc)
	if err != nil {
		return nil, fmt.Errorf("calibrate: runs at the fit: %w", err)
	}
	res.After = newReport("fit", obj, after, opts)
	progress(opts, Event{Stage: "after", Evaluation: 1, Objective: res.After.Objective, Best: res.After.Objective})
	return res, nil
}

// startConfig returns the configuration a fit starts from, validated: cfg,
// or the England baseline when cfg is nil.
func startConfig(cfg *market.Config) (*market.Config, error) {
	if cfg == nil {
		return scenarios.Baseline()
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	return cfg, nil
}

// fitStage is one optimisation of a fit: its parameters, the stage of the
// moments it targets, the runs and years of an evaluation and its budget.
type fitStage struct {
	name        string
	ps          []Param
	stage       int
	runs, years int
	budget      int
}

// runStages runs the stages in turn from c, each starting where the one
// before ended, records them and the rounded settings in res, and returns
// the fitted configuration.
func runStages(ctx context.Context, res *Result, c candidate, stages []fitStage, obj *objective, opts Options) (*market.Config, error) {
	cfg := c.base
	for _, st := range stages {
		xs := make([]float64, len(st.ps))
		for i := range st.ps {
			xs[i] = st.ps[i].Get(cfg)
		}
		if st.budget > 0 {
			s := sim{seed: opts.Seed, first: 0, runs: st.runs, years: st.years, workers: opts.Workers}
			var rec Stage
			var err error
			xs, rec, err = optimiseStage(ctx, candidate{cfg, c.hist, res.Settings}, st.ps, obj.only(st.stage), s, st.budget, opts, st.name)
			if err != nil {
				return nil, err
			}
			res.Stages = append(res.Stages, rec)
		}
		stSettings := roundSettings(paramSettings(cfg, st.ps, xs))
		var err error
		if cfg, err = Apply(cfg, stSettings); err != nil {
			return nil, err
		}
		res.Settings = append(res.Settings, stSettings...)
	}
	return cfg, nil
}

func progress(opts Options, e Event) {
	if opts.Progress != nil {
		opts.Progress(e)
	}
}

func roundSettings(s []Setting) []Setting {
	out := make([]Setting, len(s))
	for i, x := range s {
		out[i] = Setting{x.Key, Round6(x.Value)}
	}
	return out
}

// stopper is a gonum optimize.Recorder that stops a minimisation when the
// context is cancelled or an evaluation failed.
type stopper struct {
	ctx context.Context
	err *error
}

func (s stopper) Init() error { return nil }

func (s stopper) Record(*optimize.Location, optimize.Operation, *optimize.Stats) error {
	if *s.err != nil {
		return *s.err
	}
	return s.ctx.Err()
}

// candidate is where a stage starts: the configuration, and the history
// with the settings of the stages before.
type candidate struct {
	base *market.Config
	hist *history
	prev []Setting
}

// configs returns the configuration with settings applied and, when the
// objective needs it, the history scenario with the earlier stages'
// settings and these.
func (c candidate) configs(settings []Setting, withHistory bool) (*market.Config, *scenarios.Scenario, error) {
	cfg, err := Apply(c.base, settings)
	if err != nil || !withHistory {
		return cfg, nil, err
	}
	hsc, err := c.hist.with(append(append([]Setting(nil), c.prev...), settings...))
	return cfg, hsc, err
}

// optimiseStage minimises the objective over ps from their values in the
// candidate's base with Nelder–Mead in the unbounded space, and returns the
// best values.
func optimiseStage(ctx context.Context, c candidate, ps []Param, obj *objective, s sim, budget int, opts Options, name string) ([]float64, Stage, error) {
	base := c.base
	rec := Stage{Name: name, Runs: s.runs, Years: s.years, Start: math.NaN(), Best: math.Inf(1)}
	for _, p := range ps {
		rec.Params = append(rec.Params, p.Name)
	}
	for k, m := range obj.moments {
		if obj.use[k] {
			rec.Moments = append(rec.Moments, m.Name)
		}
	}
	z0 := make([]float64, len(ps))
	for i := range ps {
		z0[i] = ps[i].ToZ(ps[i].Get(base))
	}
	var evalErr error
	var bestX []float64
	f := func(z []float64) float64 {
		if evalErr != nil || ctx.Err() != nil {
			return math.Inf(1)
		}
		xs := make([]float64, len(ps))
		for i := range ps {
			xs[i] = ps[i].FromZ(z[i])
		}
		cfg, hsc, err := c.configs(paramSettings(base, ps, xs), obj.usesHistory())
		if err != nil {
			evalErr = err
			return math.Inf(1)
		}
		out, err := s.run(ctx, cfg, hsc)
		if err != nil {
			if ctx.Err() == nil {
				evalErr = fmt.Errorf("calibrate: %s stage, evaluation %d: %w", name, len(rec.Trace)+1, err)
			}
			return math.Inf(1)
		}
		d, _ := obj.value(momentValues(obj.moments, out))
		rec.Trace = append(rec.Trace, TracePoint{X: xs, Objective: d})
		if len(rec.Trace) == 1 {
			rec.Start = d
		}
		if d < rec.Best {
			rec.Best, bestX = d, xs
		}
		progress(opts, Event{Stage: name, Evaluation: len(rec.Trace), Objective: d, Best: rec.Best})
		return d
	}
	settings := &optimize.Settings{
		FuncEvaluations: budget,
		Converger:       &optimize.FunctionConverge{Absolute: 1e-6, Relative: 1e-4, Iterations: 4 * len(ps)},
		Recorder:        stopper{ctx: ctx, err: &evalErr},
	}
	r, err := optimize.Minimize(optimize.Problem{Func: f}, z0, settings, &optimize.NelderMead{SimplexSize: opts.SimplexSize})
	if cerr := ctx.Err(); cerr != nil {
		return nil, rec, cerr
	}
	if evalErr != nil {
		return nil, rec, evalErr
	}
	if err != nil && r == nil {
		return nil, rec, fmt.Errorf("calibrate: %s stage: %w", name, err)
	}
	rec.Evaluations = len(rec.Trace)
	rec.Status = r.Status.String()
	if bestX == nil {
		return nil, rec, fmt.Errorf("calibrate: %s stage: no evaluation gave a finite objective", name)
	}
	return bestX, rec, nil
}
