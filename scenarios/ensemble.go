package scenarios

import (
	"context"
	"errors"
	"fmt"
	"math"
	"reflect"
	"runtime"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/sync/errgroup"

	"github.com/caremarket/caremarket/market"
	"github.com/caremarket/caremarket/results"
)

// DefaultWeeklyRuns is the number of runs, from the first, whose weekly
// values an ensemble keeps for its weekly bands.
const DefaultWeeklyRuns = 200

// EnsembleOptions set how an ensemble runs. The zero value runs the
// scenario's Runs on GOMAXPROCS workers.
type EnsembleOptions struct {
	// Runs is the number of runs; 0 means the scenario's Runs (or 1).
	Runs int
	// FirstRun is the run index of the first run (default 0): the ensemble
	// runs indices FirstRun to FirstRun+Runs−1, and run i always uses the
	// random streams derived from (scenario seed, i).
	FirstRun int
	// Workers is the number of runs done at once; 0 means GOMAXPROCS. The
	// results do not depend on it.
	Workers int
	// WeeklyRuns is how many runs, from the first, keep their weekly values
	// for the weekly bands (and the tidy series export); 0 means
	// DefaultWeeklyRuns, and it is capped at Runs. Yearly bands always use
	// every run.
	WeeklyRuns int
	// KeepRuns keeps every run's weekly results in Summary.Results. Without
	// it a run's results are dropped as soon as they are aggregated.
	KeepRuns bool
	// Progress, when not nil, is called after each run with the runs done
	// and the total. Calls never overlap and done increases by one each
	// time.
	Progress func(done, total int)
	// CheckInvariants checks the world's invariants every week (slower).
	CheckInvariants bool
	// Shard, when set, runs only one shard's share of the run indices (see
	// Shard); the result is a partial Aggregate to be merged.
	Shard Shard
}

// Shard selects a deterministic share of an ensemble's runs: shard K of N
// (1 ≤ K ≤ N) holds the runs at positions p = index − FirstRun with
// p mod N = K − 1. Round-robin shares balance the work and spread the runs
// that keep weekly values evenly. The zero value is the whole ensemble.
type Shard struct {
	K, N int
}

// ParseShard reads "K/N", e.g. "2/8".
func ParseShard(s string) (Shard, error) {
	k, n, ok := strings.Cut(s, "/")
	if !ok {
		return Shard{}, fmt.Errorf("shard %q: want K/N with 1 ≤ K ≤ N, e.g. 2/8", s)
	}
	ki, err1 := strconv.Atoi(strings.TrimSpace(k))
	ni, err2 := strconv.Atoi(strings.TrimSpace(n))
	if err1 != nil || err2 != nil {
		return Shard{}, fmt.Errorf("shard %q: want K/N with whole numbers 1 ≤ K ≤ N, e.g. 2/8", s)
	}
	sh := Shard{ki, ni}
	return sh, sh.Validate()
}

// MaxShards is the largest number of shards.
const MaxShards = 100_000

// Validate checks 1 ≤ K ≤ N ≤ MaxShards (or the zero value).
func (s Shard) Validate() error {
	if s == (Shard{}) {
		return nil
	}
	if s.N < 1 || s.N > MaxShards || s.K < 1 || s.K > s.N {
		return &market.FieldError{Field: "shard", Value: s.String(), Allowed: fmt.Sprintf("K/N with 1 ≤ K ≤ N ≤ %d", MaxShards)}
	}
	return nil
}

// Whole reports whether the shard is the whole ensemble.
func (s Shard) Whole() bool { return s.N <= 1 }

// String returns "K/N".
func (s Shard) String() string { return fmt.Sprintf("%d/%d", s.K, s.N) }

// Has reports whether the run at position p (index − FirstRun) is in the
// shard.
func (s Shard) Has(p int) bool { return s.Whole() || p%s.N == s.K-1 }

// CancelledError reports an ensemble stopped by its context: how many runs
// had finished of how many. It unwraps to the context's error.
type CancelledError struct {
	Done, Total int
	Err         error
}

func (e *CancelledError) Error() string {
	return fmt.Sprintf("ensemble stopped after %d of %d runs had finished: %v", e.Done, e.Total, e.Err)
}

// Unwrap returns the context's error.
func (e *CancelledError) Unwrap() error { return e.Err }

// RunError reports the failure of one run of an ensemble.
type RunError struct {
	Run int
	Err error
}

func (e *RunError) Error() string { return fmt.Sprintf("run %d: %v", e.Run, e.Err) }

// Unwrap returns the run's error.
func (e *RunError) Unwrap() error { return e.Err }

// runRecord is what an ensemble keeps of one run.
type runRecord struct {
	index int
	// yearly holds the run's yearly values: metric m, year y at
	// m*years+y, then regional metric rm, region r, year y at
	// NumMetrics*years + (rm*regions+r)*years + y.
	yearly   []float64
	warnings []string
	// weekly is the run's weekly results when the run is among the weekly
	// runs (or all runs are kept), else nil.
	weekly *market.Results
}

// Aggregate holds what an ensemble keeps of its runs, from which its
// Summary is computed: every run's yearly values and the weekly values of
// the first WeeklyRuns runs. A shard's Aggregate is partial; merged with
// the other shards' (MergeAggregates) it is identical to the Aggregate of a
// single process.
type Aggregate struct {
	meta aggMeta
	recs []runRecord // sorted by run index
	keep bool        // KeepRuns: every record holds its weekly results
	// tidyRuns is the ExportOptions.TidyRuns a shard was written with, so
	// that a merge exports what one process would have.
	tidyRuns int
}

// aggMeta describes an ensemble; two shards can be merged only when their
// aggMeta agree (except the shard's K).
type aggMeta struct {
	Scenario, Description string
	Seed                  uint64
	Start                 string
	StartYear, Years      int
	Regions               []string
	Runs, FirstRun        int
	WeeklyRuns            int
	Shard                 Shard
	Hash                  Hashes
	Version, GoVersion    string
}

// Hashes identify what an ensemble ran.
type Hashes struct {
	// Source is the scenario file's base name, or "builtin:NAME".
	Source string `json:"source"`
	// Scenario is the sha256 of the scenario file, or for a built-in
	// scenario of the embedded baseline data followed by the built-in's name.
	Scenario string `json:"scenario_sha256"`
	// Baseline is the sha256 of the embedded baseline data.
	Baseline string `json:"baseline_sha256"`
	// Config is the sha256 of the YAML encoding of the market configuration
	// actually run (after overrides).
	Config string `json:"config_sha256"`
}

// Scenario returns the name of the scenario.
func (a *Aggregate) Scenario() string { return a.meta.Scenario }

// Runs returns the number of runs of the whole ensemble.
func (a *Aggregate) Runs() int { return a.meta.Runs }

// FirstRun returns the run index of the ensemble's first run.
func (a *Aggregate) FirstRun() int { return a.meta.FirstRun }

// WeeklyRuns returns how many runs, from the first, keep weekly values.
func (a *Aggregate) WeeklyRuns() int { return a.meta.WeeklyRuns }

// Shard returns the shard the aggregate holds (the zero Shard for a whole
// ensemble or a merge).
func (a *Aggregate) Shard() Shard { return a.meta.Shard }

// Hashes returns the hashes that identify what was run.
func (a *Aggregate) Hashes() Hashes { return a.meta.Hash }

// Indices returns the run indices held, in order.
func (a *Aggregate) Indices() []int {
	out := make([]int, len(a.recs))
	for i, r := range a.recs {
		out[i] = r.index
	}
	return out
}

// Complete reports whether the aggregate holds every run of the ensemble.
func (a *Aggregate) Complete() bool { return len(a.recs) == a.meta.Runs }

// WeeklyResults returns the weekly results kept (those of the first
// WeeklyRuns runs, or of every run with KeepRuns), with their run indices.
// The results are shared, not copied.
func (a *Aggregate) WeeklyResults() (indices []int, results []*market.Results) {
	for _, r := range a.recs {
		if r.weekly != nil {
			indices = append(indices, r.index)
			results = append(results, r.weekly)
		}
	}
	return indices, results
}

// resolve fills in the defaults of opts for scenario sc.
func (opts EnsembleOptions) resolve(sc *Scenario) (EnsembleOptions, error) {
	if opts.Runs == 0 {
		opts.Runs = max(sc.Runs, 1)
	}
	if opts.Runs < 1 || opts.Runs > MaxRuns {
		return opts, &market.FieldError{Field: "runs", Value: opts.Runs, Allowed: fmt.Sprintf("allowed 1 to %d", MaxRuns)}
	}
	if opts.FirstRun < 0 || opts.FirstRun > math.MaxInt32-opts.Runs {
		return opts, &market.FieldError{Field: "first_run", Value: opts.FirstRun, Allowed: "allowed 0 to 2^31−1−runs"}
	}
	if opts.Workers == 0 {
		opts.Workers = runtime.GOMAXPROCS(0)
	}
	if opts.Workers < 1 {
		return opts, &market.FieldError{Field: "workers", Value: opts.Workers, Allowed: "must be at least 1 (0 means GOMAXPROCS)"}
	}
	if opts.WeeklyRuns == 0 {
		opts.WeeklyRuns = DefaultWeeklyRuns
	}
	if opts.WeeklyRuns < 1 {
		return opts, &market.FieldError{Field: "weekly_runs", Value: opts.WeeklyRuns, Allowed: "must be at least 1 (0 means 200)"}
	}
	opts.WeeklyRuns = min(opts.WeeklyRuns, opts.Runs)
	if err := opts.Shard.Validate(); err != nil {
		return opts, err
	}
	if opts.Shard.Whole() {
		opts.Shard = Shard{}
	}
	return opts, nil
}

// Ensemble runs opts.Runs replicates of a scenario on opts.Workers workers
// and summarises every metric across them: yearly bands over all runs,
// weekly bands over the first WeeklyRuns runs. Run i uses the random
// streams derived from (sc.Seed, i), and the summary is computed in run
// order, so it is identical for any number of workers and any GOMAXPROCS.
//
// Memory is bounded by what is kept, not by the runs in flight: every run's
// yearly values (8 bytes × years × (metrics + 4 regional metrics × regions):
// about 7 KB a run for 10 years of England) and the weekly values of the
// first WeeklyRuns runs (about 350 KB a run for 10 years); with KeepRuns,
// every run's weekly values.
//
// A cancelled ctx stops every worker within about one simulated week (or
// the building of a world, which cannot be interrupted) and
// returns a *CancelledError (which unwraps to ctx.Err()) saying how many
// runs had finished. A failed run stops the ensemble with a *RunError.
func Ensemble(ctx context.Context, sc *Scenario, opts EnsembleOptions) (*Summary, error) {
	if !opts.Shard.Whole() {
		return nil, errors.New("scenarios: Ensemble runs whole ensembles; use Collect for a shard")
	}
	a, err := Collect(ctx, sc, opts)
	if err != nil {
		return nil, err
	}
	return a.Summary()
}

// Collect runs the runs of an ensemble (or of one shard of it, see
// EnsembleOptions.Shard) and returns what is kept of them. Ensemble is
// Collect followed by Summary.
func Collect(ctx context.Context, sc *Scenario, opts EnsembleOptions) (*Aggregate, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	a, base, indices, opts, err := newAggregate(sc, opts)
	if err != nil {
		return nil, err
	}
	return a, a.runAll(ctx, base, indices, opts)
}

// newAggregate validates a scenario and the options of its ensemble and
// returns the empty aggregate, the scenario with its configuration
// resolved and the run indices of this shard.
func newAggregate(sc *Scenario, opts EnsembleOptions) (*Aggregate, *Scenario, []int, EnsembleOptions, error) {
	if sc == nil {
		return nil, nil, nil, opts, errors.New("scenarios: nil scenario")
	}
	if err := sc.Validate(); err != nil {
		return nil, nil, nil, opts, fmt.Errorf("scenario %q: %w", sc.Name, err)
	}
	opts, err := opts.resolve(sc)
	if err != nil {
		return nil, nil, nil, opts, err
	}
	cfg := sc.Config
	if cfg == nil {
		if cfg, err = Baseline(); err != nil {
			return nil, nil, nil, opts, err
		}
	}
	if err := cfg.Validate(); err != nil {
		return nil, nil, nil, opts, fmt.Errorf("scenario %q: %w", sc.Name, err)
	}
	hashes, err := scenarioHashes(sc, cfg)
	if err != nil {
		return nil, nil, nil, opts, err
	}
	startYear, _ := sc.StartYear()
	regions := make([]string, len(cfg.Regions))
	for i, r := range cfg.Regions {
		regions[i] = r.Name
	}
	version, goVersion := BuildVersion()
	a := &Aggregate{
		meta: aggMeta{
			Scenario: sc.Name, Description: sc.Description, Seed: sc.Seed,
			Start: startString(startYear), StartYear: startYear, Years: sc.Years,
			Regions: regions, Runs: opts.Runs, FirstRun: opts.FirstRun,
			WeeklyRuns: opts.WeeklyRuns, Shard: opts.Shard, Hash: hashes,
			Version: version, GoVersion: goVersion,
		},
		keep: opts.KeepRuns,
	}
	var indices []int
	for p := range opts.Runs {
		if opts.Shard.Has(p) {
			indices = append(indices, opts.FirstRun+p)
		}
	}
	a.recs = make([]runRecord, len(indices))
	base := *sc
	base.Config = cfg
	return a, &base, indices, opts, nil
}

// runAll runs the given indices on opts.Workers workers into a.recs.
// Runs start in index order. A failed run stops the start of runs with
// higher indices and cancels those in flight, but lets runs with lower
// indices finish, so the error reported is always that of the failed run
// with the lowest index, whatever the timing.
func (a *Aggregate) runAll(ctx context.Context, base *Scenario, indices []int, opts EnsembleOptions) error {
	done, err := schedule(ctx, indices, opts.Workers, func(ctx context.Context, j, idx int) (func(), error) {
		rec, err := a.runOne(ctx, base, idx, opts)
		return func() { a.recs[j] = rec }, err
	}, func(done int) {
		if opts.Progress != nil {
			opts.Progress(done, len(indices))
		}
	})
	if err := ctx.Err(); err != nil {
		return &CancelledError{Done: done, Total: len(indices), Err: err}
	}
	return err
}

// runTask runs the run with index idx (slot j) and returns a function that
// stores what it made, called only when it succeeded.
type runTask func(ctx context.Context, j, idx int) (store func(), err error)

// schedule runs task for each index on workers workers, in index order,
// with the rules of runAll. After each success it calls store and then
// progress with the tasks done so far, under a lock (calls never overlap).
// It returns the number of tasks done and the error of the failed task
// with the lowest index; the caller checks ctx for cancellation.
func schedule(ctx context.Context, indices []int, workers int, task runTask, progress func(done int)) (int, error) {
	var g errgroup.Group
	g.SetLimit(workers)
	s := &runScheduler{lowestFailed: math.MaxInt, inFlight: map[int]context.CancelFunc{}, errs: make([]error, len(indices))}
	for j, idx := range indices {
		if ctx.Err() != nil || s.stopped(idx) {
			break
		}
		g.Go(func() error {
			rctx, ok := s.begin(ctx, idx)
			if !ok {
				return nil
			}
			store, err := task(rctx, j, idx)
			if s.end(ctx, j, idx, err) {
				store()
				progress(s.done)
			}
			s.mu.Unlock()
			return nil
		})
	}
	g.Wait()
	for _, e := range s.errs {
		if e != nil {
			return s.done, e
		}
	}
	return s.done, nil
}

// runScheduler is the shared state of an ensemble's workers: the runs in
// flight, the lowest failed index, each run's error and the count done.
type runScheduler struct {
	mu           sync.Mutex
	done         int
	lowestFailed int
	inFlight     map[int]context.CancelFunc
	errs         []error
}

// stopped reports whether a run with an index below idx has failed.
func (s *runScheduler) stopped(idx int) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.lowestFailed < idx
}

// begin registers run idx as in flight and returns its context, or false
// when a run with a lower index has failed meanwhile.
func (s *runScheduler) begin(ctx context.Context, idx int) (context.Context, bool) {
	rctx, cancel := context.WithCancel(ctx)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.lowestFailed < idx {
		cancel()
		return nil, false
	}
	s.inFlight[idx] = cancel
	return rctx, true
}

// end records the outcome of run idx (slot j). It returns with s.mu held
// (the caller stores the record and unlocks) and reports whether the run
// succeeded; a failure cancels the runs in flight with higher indices.
func (s *runScheduler) end(ctx context.Context, j, idx int, err error) bool {
	s.mu.Lock()
	s.inFlight[idx]()
	delete(s.inFlight, idx)
	if err == nil {
		s.done++
		return true
	}
	if ctx.Err() == nil && errors.Is(err, context.Canceled) {
		return false // cancelled because a run with a lower index failed
	}
	s.errs[j] = err
	if idx < s.lowestFailed {
		s.lowestFailed = idx
		for i, c := range s.inFlight {
			if i > idx {
				c()
			}
		}
	}
	return false
}

// runOne runs run idx and keeps what the ensemble needs of it.
func (a *Aggregate) runOne(ctx context.Context, base *Scenario, idx int, opts EnsembleOptions) (runRecord, error) {
	sc := *base
	sc.Interventions = cloneInterventions(base.Interventions)
	res, err := runRecovered(ctx, &sc, RunOptions{Run: idx, CheckInvariants: opts.CheckInvariants})
	if err != nil {
		return runRecord{}, runError(ctx, idx, err)
	}
	return a.record(idx, res)
}

// runError is the error of run idx: ctx's error when ctx was cancelled,
// else a *RunError.
func runError(ctx context.Context, idx int, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return &RunError{Run: idx, Err: err}
}

// record keeps what the ensemble needs of run idx's results.
func (a *Aggregate) record(idx int, res *market.Results) (runRecord, error) {
	m := &a.meta
	if res.Years() != m.Years || len(res.Regions) != len(m.Regions) {
		return runRecord{}, &RunError{Run: idx, Err: fmt.Errorf("results hold %d years and %d regions, want %d and %d", res.Years(), len(res.Regions), m.Years, len(m.Regions))}
	}
	rec := runRecord{index: idx, yearly: yearlyValues(res, m.Years, len(m.Regions))}
	rec.warnings = append(rec.warnings, res.Warnings...)
	if err := res.Finite(); err != nil {
		rec.warnings = append(rec.warnings, "non-finite output: "+err.Error())
	}
	if a.keep || idx < m.FirstRun+m.WeeklyRuns {
		rec.weekly = res
	}
	return rec, nil
}

// runRecovered is Run, with a panic in the run (a bug in the engine or in
// an intervention) turned into an error carrying the panic and its stack,
// so that one bad run fails the ensemble like any failed run (earlier
// results left alone) instead of ending the process.
func runRecovered(ctx context.Context, sc *Scenario, opts RunOptions) (res *market.Results, err error) {
	defer func() {
		if r := recover(); r != nil {
			res, err = nil, fmt.Errorf("internal error (please report it): %v\n%s", r, debug.Stack())
		}
	}()
	return Run(ctx, sc, opts)
}

// yearlyValues flattens a run's yearly values (see runRecord.yearly).
func yearlyValues(res *market.Results, years, regions int) []float64 {
	out := make([]float64, 0, years*(int(market.NumMetrics)+int(market.NumRegionalMetrics)*regions))
	for m := range market.NumMetrics {
		out = append(out, res.Yearly(m)...)
	}
	for rm := range market.NumRegionalMetrics {
		for _, s := range res.RegionalYearly(rm) {
			out = append(out, s...)
		}
	}
	return out
}

// cloneInterventions returns per-run copies of interventions, so that
// interventions that keep state between weeks do not share it between runs
// done at once. An intervention with a Clone method is cloned by it; one
// that is a pointer to a struct is copied (a shallow copy); others are
// shared.
func cloneInterventions(ivs []Intervention) []Intervention {
	out := make([]Intervention, len(ivs))
	for i, iv := range ivs {
		out[i] = cloneIntervention(iv)
	}
	return out
}

func cloneIntervention(iv Intervention) Intervention {
	if c, ok := iv.(interface{ Clone() Intervention }); ok {
		return c.Clone()
	}
	v := reflect.ValueOf(iv)
	if v.Kind() != reflect.Pointer || v.IsNil() || v.Elem().Kind() != reflect.Struct {
		return iv
	}
	c := reflect.New(v.Elem().Type())
	c.Elem().Set(v.Elem())
	if out, ok := c.Interface().(Intervention); ok {
		return out
	}
	return iv
}

// Summary computes the ensemble's summary: yearly bands over every run and
// weekly bands over the first WeeklyRuns runs, in run order. It fails on a
// partial (shard) aggregate.
func (a *Aggregate) Summary() (*Summary, error) {
	m := &a.meta
	if !a.Complete() {
		return nil, fmt.Errorf("aggregate of %q holds %d of %d runs: merge every shard first", m.Scenario, len(a.recs), m.Runs)
	}
	s := &Summary{
		Scenario: m.Scenario, Description: m.Description, Seed: m.Seed,
		Runs: m.Runs, Start: m.Start, StartYear: m.StartYear, Years: m.Years,
		Regions: append([]string(nil), m.Regions...), WeeklyRuns: m.WeeklyRuns,
	}
	n := len(a.recs)
	vals := make([]float64, n)
	work := make([]float64, n)
	for mi := range market.NumMetrics {
		s.Yearly[mi] = make([]Band, m.Years)
		for y := range m.Years {
			for i, r := range a.recs {
				vals[i] = r.yearly[int(mi)*m.Years+y]
			}
			s.Yearly[mi][y] = results.BandOfWork(vals, work)
		}
	}
	nr := len(m.Regions)
	off := int(market.NumMetrics) * m.Years
	for rm := range market.NumRegionalMetrics {
		s.RegionalYearly[rm] = make([][]Band, nr)
		for reg := range nr {
			s.RegionalYearly[rm][reg] = make([]Band, m.Years)
			for y := range m.Years {
				for i, r := range a.recs {
					vals[i] = r.yearly[off+(int(rm)*nr+reg)*m.Years+y]
				}
				s.RegionalYearly[rm][reg][y] = results.BandOfWork(vals, work)
			}
		}
	}
	var weekly []*market.Results
	for _, r := range a.recs {
		if r.weekly != nil && r.index < m.FirstRun+m.WeeklyRuns {
			weekly = append(weekly, r.weekly)
		}
	}
	if len(weekly) != m.WeeklyRuns {
		return nil, fmt.Errorf("aggregate of %q holds weekly values of %d runs, want %d", m.Scenario, len(weekly), m.WeeklyRuns)
	}
	weeks := m.Years * 52
	vals, work = vals[:len(weekly)], work[:len(weekly)]
	for mi := range market.NumMetrics {
		s.Weekly[mi] = make([]Band, weeks)
		for k := range weeks {
			for i, r := range weekly {
				vals[i] = r.Series[mi][k]
			}
			s.Weekly[mi][k] = results.BandOfWork(vals, work)
		}
	}
	seen := map[string]bool{}
	for _, r := range a.recs {
		for _, w := range r.warnings {
			if !seen[w] {
				seen[w] = true
				s.Warnings = append(s.Warnings, w)
			}
		}
	}
	if a.keep {
		s.Results = make([]*market.Results, n)
		for i, r := range a.recs {
			s.Results[i] = r.weekly
		}
	}
	return s, nil
}

func startString(year int) string { return fmt.Sprintf("%04d-04", year) }

// MergeAggregates merges the aggregates of the shards of one ensemble. It
// checks that they come from the same scenario, seed, runs and version and
// that together they hold every run exactly once; the result equals the
// aggregate of one process running the whole ensemble.
func MergeAggregates(parts ...*Aggregate) (*Aggregate, error) {
	if len(parts) == 0 {
		return nil, errors.New("merge: no shards given")
	}
	first := parts[0]
	want := first.meta
	want.Shard = Shard{}
	var recs []runRecord
	tidy := first.tidyRuns
	for i, p := range parts {
		if p == nil {
			return nil, fmt.Errorf("merge: shard %d is nil", i)
		}
		got := p.meta
		got.Shard = Shard{}
		if err := sameMeta(want, got); err != nil {
			return nil, fmt.Errorf("merge: shard %s of %q does not match shard %s: %w", p.meta.Shard, p.meta.Scenario, first.meta.Shard, err)
		}
		if p.tidyRuns != tidy {
			return nil, fmt.Errorf("merge: shard %s was written with %d tidy runs and shard %s with %d: run the shards with one -tidy-runs", p.meta.Shard, p.tidyRuns, first.meta.Shard, tidy)
		}
		recs = append(recs, p.recs...)
	}
	sort.SliceStable(recs, func(i, j int) bool { return recs[i].index < recs[j].index })
	var missing []int
	next := want.FirstRun
	for i, r := range recs {
		if i > 0 && r.index == recs[i-1].index {
			return nil, fmt.Errorf("merge: run %d is held by more than one shard", r.index)
		}
		for ; next < r.index && len(missing) < 10; next++ {
			missing = append(missing, next)
		}
		next = r.index + 1
	}
	for ; next < want.FirstRun+want.Runs && len(missing) < 10; next++ {
		missing = append(missing, next)
	}
	if len(missing) > 0 || len(recs) != want.Runs {
		return nil, fmt.Errorf("merge: the shards hold %d of the %d runs of %q; missing runs include %v: give every shard", len(recs), want.Runs, want.Scenario, missing)
	}
	return &Aggregate{meta: want, recs: recs, tidyRuns: tidy}, nil
}

func sameMeta(a, b aggMeta) error {
	if !reflect.DeepEqual(a, b) {
		return fmt.Errorf("scenario, seed, runs, years, hashes or version differ (%s seed %d runs %d from %d, %d years, %s, %s; vs %s seed %d runs %d from %d, %d years, %s, %s)",
			a.Scenario, a.Seed, a.Runs, a.FirstRun, a.Years, a.Hash.Scenario, a.Version,
			b.Scenario, b.Seed, b.Runs, b.FirstRun, b.Years, b.Hash.Scenario, b.Version)
	}
	return nil
}
