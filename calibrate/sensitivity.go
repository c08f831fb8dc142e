package calibrate

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sort"
	"sync"

	"golang.org/x/sync/errgroup"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"

	"github.com/caremarket/caremarket/market"
	"github.com/caremarket/caremarket/scenarios"
)

// DesignOptions set a sampled design: Points parameter sets drawn by Latin
// hypercube over the priors, each run Runs times for Years years. Point p
// runs the run indices p·Runs to p·Runs+Runs−1 from Seed, so points have
// independent noise and, within a point, every scenario runs the same
// indices (paired comparisons).
type DesignOptions struct {
	// Config is the market; nil means the England baseline.
	Config *market.Config
	// Points, Runs and Years size the design (defaults 100, 2, 10 for
	// Sensitivity; 24, 2, 10 for Robustness).
	Points, Runs, Years int
	// Seed seeds the Latin hypercube and the runs (default 1).
	Seed uint64
	// Workers is the number of runs done at once (default GOMAXPROCS); the
	// results do not depend on it.
	Workers int
	// Progress, when not nil, is called after each run with the runs done
	// and the total; calls never overlap.
	Progress func(done, total int)
}

// Output is a scalar outcome of a run for the sensitivity analysis.
type Output struct {
	Name, Label, Unit string
	// Scale is for display (value × Scale in Unit).
	Scale float64
	value func(r *market.Results) float64
}

// SensitivityOutputs returns the outcomes the sensitivity analysis
// explains: spend over the horizon, children waiting, shortage (waiting and
// unregistered) and the for-profit operating margin.
func SensitivityOutputs() []Output {
	mean := func(m market.Metric) func(r *market.Results) float64 {
		return func(r *market.Results) float64 { return stat.Mean(r.Series[m], nil) }
	}
	return []Output{
		{Name: "net_public_cost_gbp_total", Label: "net public cost over the horizon", Unit: "£bn", Scale: 1e-9,
			value: func(r *market.Results) float64 { return sum(r.Series[market.NetPublicCostGBP]) }},
		{Name: "waiting_mean", Label: "children waiting (mean over the horizon)", Unit: "children", Scale: 1, value: mean(market.Waiting)},
		{Name: "shortage_mean", Label: "children waiting or unregistered (mean)", Unit: "children", Scale: 1,
			value: func(r *market.Results) float64 {
				return (sum(r.Series[market.Waiting]) + sum(r.Series[market.UnregisteredPlaced])) / float64(len(r.Series[market.Waiting]))
			}},
		{Name: "margin_for_profit_mean", Label: "for-profit operating margin (mean)", Unit: "%", Scale: 100, value: mean(market.MarginForProfit)},
	}
}

func sum(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s
}

// Coefficients are the standardised regression coefficients of one output
// on the priors (and the same on ranks).
type Coefficients struct {
	Output string
	// R2 is the share of the output's variance across points the linear
	// model explains; RankR2 the same on ranks. A low R2 means the SRCs miss
	// non-linear effects or interactions (or that run noise dominates).
	R2, RankR2 float64
	// SRC[j] is prior j's standardised coefficient (the change in the
	// output, in standard deviations, per standard deviation of the prior,
	// others held), SE[j] its standard error; SRRC[j] the coefficient on
	// ranks.
	SRC, SE, SRRC []float64
}

// SensitivityResult is a sampled design of the baseline and the
// coefficients of each output.
type SensitivityResult struct {
	Priors  []Prior
	Outputs []Output
	Runs    int
	Years   int
	Seed    uint64
	// X[p][j] is prior j at point p; Y[p][k] output k at point p, the mean
	// over the point's runs.
	X, Y [][]float64
	// Coefs holds one entry per output.
	Coefs []Coefficients
}

// Sensitivity samples the priors that act on the baseline (Priors without
// Scenario) by Latin hypercube, runs the baseline at each point and
// regresses each output on the priors (standardised regression
// coefficients, and on ranks). It stops with ctx's error when cancelled.
// (Sweep.RunShard runs a share of the same runs on one machine of many.)
func Sensitivity(ctx context.Context, opts DesignOptions) (*SensitivityResult, error) {
	d, err := newSensDesign(opts)
	if err != nil {
		return nil, err
	}
	vals := make([][]float64, d.tasks()) // run → outputs
	err = runAll(ctx, len(vals), d.opts.Workers, d.opts.Progress, func(ctx context.Context, t int) (err error) {
		vals[t], err = d.run(ctx, t)
		return err
	})
	if err != nil {
		return nil, err
	}
	return d.res, d.res.fill(vals)
}

// sensDesign is a sensitivity analysis before its runs: the result with
// its priors, outputs and points (X), and each point's configuration.
type sensDesign struct {
	opts DesignOptions
	res  *SensitivityResult
	cfgs []*market.Config
}

// newSensDesign checks opts (filling its defaults) and draws the design.
func newSensDesign(opts DesignOptions) (*sensDesign, error) {
	if err := opts.defaults(DefaultSensitivityPoints, DefaultDesignRuns, DefaultDesignYears); err != nil {
		return nil, err
	}
	base, err := baseConfig(opts.Config)
	if err != nil {
		return nil, err
	}
	opts.Config = base
	ps := baselinePriors()
	if min := len(ps) + 2; opts.Points < min {
		return nil, &market.FieldError{Field: "points", Value: opts.Points, Allowed: fmt.Sprintf("at least %d: the regression has %d priors", min, len(ps))}
	}
	us := LatinHypercube(opts.Points, len(ps), opts.Seed)
	res := &SensitivityResult{Priors: ps, Outputs: SensitivityOutputs(), Runs: opts.Runs, Years: opts.Years, Seed: opts.Seed,
		X: make([][]float64, opts.Points)}
	cfgs := make([]*market.Config, opts.Points)
	for p := range us {
		if res.X[p], cfgs[p], err = samplePoint(base, ps, us[p]); err != nil {
			return nil, fmt.Errorf("calibrate: sensitivity point %d: %w", p, err)
		}
	}
	return &sensDesign{opts: opts, res: res, cfgs: cfgs}, nil
}

// tasks returns the number of runs: task t is run t (from the seed) of
// point t / Runs.
func (d *sensDesign) tasks() int { return d.opts.Points * d.opts.Runs }

// run runs task t and returns its outputs.
func (d *sensDesign) run(ctx context.Context, t int) ([]float64, error) {
	p := t / d.opts.Runs
	sc := &scenarios.Scenario{Name: "sensitivity", Seed: d.opts.Seed, Years: d.opts.Years, Config: d.cfgs[p]}
	r, err := scenarios.Run(ctx, sc, scenarios.RunOptions{Run: t})
	if err != nil {
		return nil, fmt.Errorf("point %d run %d: %w", p, t, err)
	}
	outs := d.res.Outputs
	v := make([]float64, len(outs))
	for k := range outs {
		v[k] = outs[k].value(r)
	}
	return v, nil
}

// fill sets Y from every task's outputs (vals[t], in task order) and
// regresses each output on the priors.
func (res *SensitivityResult) fill(vals [][]float64) error {
	outs, runs := res.Outputs, res.Runs
	res.Y = make([][]float64, len(res.X))
	for p := range res.Y {
		res.Y[p] = make([]float64, len(outs))
		for k := range outs {
			s := 0.0
			for r := range runs {
				s += vals[p*runs+r][k]
			}
			res.Y[p][k] = s / float64(runs)
		}
	}
	res.Coefs = nil
	for k := range outs {
		y := make([]float64, len(res.X))
		for p := range y {
			y[p] = res.Y[p][k]
		}
		c, err := SRC(res.X, y)
		if err != nil {
			return fmt.Errorf("calibrate: regression of %s: %w", outs[k].Name, err)
		}
		c.Output = outs[k].Name
		res.Coefs = append(res.Coefs, c)
	}
	return nil
}

func baseConfig(cfg *market.Config) (*market.Config, error) {
	if cfg != nil {
		return cfg, cfg.Validate()
	}
	return scenarios.Baseline()
}

// runAll runs tasks 0..n−1 on workers goroutines (errgroup); each task
// writes its own result, so the outcome does not depend on scheduling. The
// first error in task order is returned; a cancelled ctx returns ctx's
// error.
func runAll(ctx context.Context, n, workers int, progress func(done, total int), task func(ctx context.Context, t int) error) error {
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(workers)
	errs := make([]error, n)
	var mu sync.Mutex
	done := 0
	for t := range n {
		if gctx.Err() != nil {
			break
		}
		g.Go(func() error {
			if err := task(gctx, t); err != nil {
				errs[t] = err
				return err
			}
			if progress != nil {
				mu.Lock()
				done++
				progress(done, n)
				mu.Unlock()
			}
			return nil
		})
	}
	werr := g.Wait()
	if err := ctx.Err(); err != nil {
		return err
	}
	if werr != nil {
		for _, e := range errs {
			if e != nil && !errors.Is(e, context.Canceled) {
				return e
			}
		}
		return werr
	}
	return nil
}

// SRC regresses y on the columns of x (points × parameters) after
// standardising both, and returns the standardised regression coefficients
// with their standard errors and R², and the same regression on ranks
// (SRRC). Columns with no spread get coefficient 0. It needs more points
// than parameters + 1.
func SRC(x [][]float64, y []float64) (Coefficients, error) {
	n := len(y)
	if n == 0 || len(x) != n {
		return Coefficients{}, fmt.Errorf("calibrate: SRC needs one row of x per value of y (got %d and %d)", len(x), n)
	}
	k := len(x[0])
	if n <= k+1 {
		return Coefficients{}, fmt.Errorf("calibrate: SRC of %d parameters needs more than %d points, got %d", k, k+1, n)
	}
	c := Coefficients{}
	var err error
	c.SRC, c.SE, c.R2, err = standardisedOLS(x, y)
	if err != nil {
		return c, err
	}
	rx := make([][]float64, n)
	for i := range rx {
		rx[i] = make([]float64, k)
	}
	col := make([]float64, n)
	for j := range k {
		for i := range n {
			col[i] = x[i][j]
		}
		r := ranks(col)
		for i := range n {
			rx[i][j] = r[i]
		}
	}
	c.SRRC, _, c.RankR2, err = standardisedOLS(rx, ranks(y))
	return c, err
}

// standardisedOLS fits y = Σ b_j x_j on z-scored columns and y.
func standardisedOLS(x [][]float64, y []float64) (b, se []float64, r2 float64, err error) {
	n, k := len(y), len(x[0])
	keep := make([]int, 0, k) // columns with spread
	cols := make([][]float64, k)
	for j := range k {
		col := make([]float64, n)
		for i := range n {
			col[i] = x[i][j]
		}
		m, s := stat.MeanStdDev(col, nil)
		if s > 0 && !math.IsNaN(s) {
			for i := range col {
				col[i] = (col[i] - m) / s
			}
			cols[j] = col
			keep = append(keep, j)
		}
	}
	b, se = make([]float64, k), make([]float64, k)
	my, sy := stat.MeanStdDev(y, nil)
	if sy == 0 || math.IsNaN(sy) || len(keep) == 0 {
		return b, se, 0, nil
	}
	X := mat.NewDense(n, len(keep), nil)
	for c, j := range keep {
		for i := range n {
			X.Set(i, c, cols[j][i])
		}
	}
	Y := mat.NewVecDense(n, nil)
	for i := range n {
		Y.SetVec(i, (y[i]-my)/sy)
	}
	var beta mat.VecDense
	if err := beta.SolveVec(X, Y); err != nil {
		return nil, nil, 0, fmt.Errorf("least squares: %w", err)
	}
	var fit mat.VecDense
	fit.MulVec(X, &beta)
	rss := 0.0
	for i := range n {
		d := Y.AtVec(i) - fit.AtVec(i)
		rss += d * d
	}
	tss := float64(n - 1) // y is standardised
	r2 = 1 - rss/tss
	sigma2 := rss / float64(n-len(keep)-1)
	var xtx, inv mat.Dense
	xtx.Mul(X.T(), X)
	if err := inv.Inverse(&xtx); err != nil {
		return nil, nil, 0, fmt.Errorf("inverting XᵀX: %w", err)
	}
	for c, j := range keep {
		b[j] = beta.AtVec(c)
		se[j] = math.Sqrt(sigma2 * inv.At(c, c))
	}
	return b, se, r2, nil
}

// ranks returns the ranks (1..n, ties averaged) of xs.
func ranks(xs []float64) []float64 {
	n := len(xs)
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return xs[idx[a]] < xs[idx[b]] })
	r := make([]float64, n)
	for i := 0; i < n; {
		j := i
		for j+1 < n && xs[idx[j+1]] == xs[idx[i]] {
			j++
		}
		avg := float64(i+j)/2 + 1
		for t := i; t <= j; t++ {
			r[idx[t]] = avg
		}
		i = j + 1
	}
	return r
}
