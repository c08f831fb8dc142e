package calibrate

import (
	"context"
	"math"

	"gonum.org/v1/gonum/stat"

	"github.com/caremarket/caremarket/market"
	"github.com/caremarket/caremarket/scenarios"
)

// sim runs a configuration over a fixed set of run indices: the common
// random numbers of the fit.
type sim struct {
	seed    uint64
	first   int // first run index
	runs    int
	years   int
	workers int
	summary bool // also compute the ensemble summary (for plots)
}

// simOut is what a simulation keeps: every run's results, in run order,
// and those of the history runs with the same indices when there were any.
type simOut struct {
	results []*market.Results
	hist    []*market.Results
	summary *scenarios.Summary
}

// run simulates cfg with the run indices of s. Runs go to s.workers workers
// (scenarios.Collect, errgroup); results are in run order, so they do not
// depend on the number of workers.
// hist, when not nil, is run too (its own horizon, s's seed and indices).
func (s sim) run(ctx context.Context, cfg *market.Config, hist *scenarios.Scenario) (*simOut, error) {
	sc := &scenarios.Scenario{Name: "calibrate", Seed: s.seed, Years: s.years, Runs: s.runs, Config: cfg}
	a, err := s.collect(ctx, sc)
	if err != nil {
		return nil, err
	}
	_, res := a.WeeklyResults()
	out := &simOut{results: res}
	if s.summary {
		if out.summary, err = a.Summary(); err != nil {
			return nil, err
		}
	}
	if hist != nil {
		h := *hist
		h.Seed = s.seed
		ha, err := s.collect(ctx, &h)
		if err != nil {
			return nil, err
		}
		_, out.hist = ha.WeeklyResults()
	}
	return out, nil
}

func (s sim) collect(ctx context.Context, sc *scenarios.Scenario) (*scenarios.Aggregate, error) {
	return scenarios.Collect(ctx, sc, scenarios.EnsembleOptions{
		Runs: s.runs, FirstRun: s.first, Workers: s.workers, KeepRuns: true, WeeklyRuns: s.runs,
	})
}

// momentValues returns vals[k][i], moment k in run i (NaN for a history
// moment when out has no history runs).
func momentValues(ms []Moment, out *simOut) [][]float64 {
	vals := make([][]float64, len(ms))
	for k := range ms {
		vals[k] = make([]float64, len(out.results))
		for i := range out.results {
			var r *market.Results
			switch {
			case !ms[k].History:
				r = out.results[i]
			case i < len(out.hist):
				r = out.hist[i]
			}
			vals[k][i] = ms[k].Value(r)
		}
	}
	return vals
}

// objective is the weighted distance between simulated and published
// moments: Σ_k w_k (mean_k − published_k)² over the moments in use, with
// mean_k the mean over the runs and w_k = 1/(h_k² + v_k).
type objective struct {
	moments []Moment
	target  []float64 // published values (scaled for a regional market)
	half    []float64 // half-ranges (scaled likewise)
	weight  []float64
	use     []bool
}

// newObjective builds the objective for moments ms, scaling count moments
// by scale (1 for England) and taking the simulated variances v (nil: 0).
func newObjective(ms []Moment, scale float64, v []float64) *objective {
	o := &objective{moments: ms, target: make([]float64, len(ms)), half: make([]float64, len(ms)),
		weight: make([]float64, len(ms)), use: make([]bool, len(ms))}
	for k, m := range ms {
		o.target[k], o.half[k] = m.Published, m.Half
		if m.Count {
			o.target[k] *= scale
			o.half[k] *= scale
		}
		vk := 0.0
		if v != nil && !math.IsNaN(v[k]) {
			vk = v[k]
		}
		o.weight[k] = 1 / (o.half[k]*o.half[k] + vk)
		o.use[k] = !m.ReportedOnly
	}
	return o
}

// only restricts the objective to moments of the given stage (0: all).
func (o *objective) only(stage int) *objective {
	c := *o
	c.use = make([]bool, len(o.use))
	for k, m := range o.moments {
		c.use[k] = o.use[k] && (stage == 0 || m.Stage == stage)
	}
	return &c
}

// value returns the objective and each moment's contribution from vals
// (moment × run). A moment in use whose mean is not finite makes the
// objective +Inf.
func (o *objective) value(vals [][]float64) (total float64, contrib []float64) {
	contrib = make([]float64, len(o.moments))
	for k := range o.moments {
		mean := stat.Mean(vals[k], nil)
		d := mean - o.target[k]
		contrib[k] = o.weight[k] * d * d
		if !o.use[k] {
			continue
		}
		if math.IsNaN(contrib[k]) || math.IsInf(contrib[k], 0) {
			return math.Inf(1), contrib
		}
		total += contrib[k]
	}
	return total, contrib
}

// variances returns each moment's sample variance across runs (0 with one
// run).
func variances(vals [][]float64) []float64 {
	v := make([]float64, len(vals))
	for k, xs := range vals {
		if len(xs) > 1 {
			v[k] = stat.Variance(xs, nil)
		}
	}
	return v
}

// marketScale returns the size of a market relative to England: its
// children looked after over the England baseline's.
func marketScale(cfg *market.Config) (float64, error) {
	eng, err := scenarios.Baseline()
	if err != nil {
		return 0, err
	}
	n, e := 0, 0
	for _, c := range cfg.Councils {
		n += c.Children
	}
	for _, c := range eng.Councils {
		e += c.Children
	}
	if e == 0 {
		return 1, nil
	}
	return float64(n) / float64(e), nil
}
