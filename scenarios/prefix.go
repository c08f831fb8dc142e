package scenarios

// Shared prefixes of paired comparisons. Run i of every scenario of a
// comparison starts from the same random streams, and an intervention acts
// only from its start week (market.Intervention), so an alternative on the
// baseline's configuration is, week for week and bit for bit, the baseline
// until the first start week of either's interventions. CollectComparison
// simulates those weeks once per run: it steps the baseline's world to each
// alternative's first start week, forks a copy there with the
// alternative's interventions (market.World.Fork), runs the copy to the
// horizon, and carries on with the baseline (docs/performance.md).

import (
	"context"
	"fmt"
	"reflect"
	"runtime/debug"
	"sort"

	"github.com/caremarket/caremarket/market"
)

// jointMember is one scenario of a joint run: its aggregate, its scenario
// with the configuration resolved, and, for an alternative, the reported
// week up to which its runs are the baseline's.
type jointMember struct {
	agg  *Aggregate
	sc   *Scenario
	fork int
}

// sharedPrefix reports whether alternative alt's runs are the baseline's
// until some week, and returns the reported week of the first difference:
// the first start week of either's interventions (the horizon when neither
// has one). Both are resolved scenarios (newAggregate); the runs agree
// before that week when they have the same seed, start, horizon and
// configuration (its hash as in the manifests, and deep equality).
func sharedPrefix(base, alt *jointMember) (int, bool) {
	b, a := base.sc, alt.sc
	bs, _ := b.StartYear()
	as, _ := a.StartYear()
	if a.Seed != b.Seed || as != bs || a.Years != b.Years ||
		alt.agg.meta.Hash.Config != base.agg.meta.Hash.Config || !reflect.DeepEqual(a.Config, b.Config) {
		return 0, false
	}
	week := b.Years * 52
	for _, iv := range append(append([]Intervention(nil), b.Interventions...), a.Interventions...) {
		week = min(week, iv.StartWeek())
	}
	return week, week >= 0
}

// runShared runs the runs of the baseline ms[0] and the alternatives
// ms[1:], which share its weeks before their fork weeks, as one joint run
// per index on opts.Workers workers (so at most that many worlds and their
// forks are in memory at once). Each member's records go to its aggregate;
// progress is called after each member's run, in member order within a
// joint run. It returns the member runs done and the error of the failed
// joint run with the lowest index.
func runShared(ctx context.Context, ms []jointMember, indices []int, opts EnsembleOptions, progress func(done int)) (int, error) {
	alts := append([]jointMember(nil), ms[1:]...)
	sort.SliceStable(alts, func(i, j int) bool { return alts[i].fork < alts[j].fork })
	order := append([]jointMember{ms[0]}, alts...)
	done := 0
	_, err := schedule(ctx, indices, opts.Workers, func(ctx context.Context, j, idx int) (func(), error) {
		recs, err := runJoint(ctx, order, idx, opts)
		return func() {
			for i, m := range order {
				m.agg.recs[j] = recs[i]
			}
		}, err
	}, func(int) {
		for range order {
			done++
			progress(done)
		}
	})
	return done, err
}

// runJoint runs run idx of every member of order (the baseline first, then
// the alternatives by fork week): it steps the baseline's world to each
// alternative's fork week, runs a fork of it with the alternative's
// interventions to the horizon, then runs the baseline to the horizon. A
// panic is turned into an error, as in runRecovered.
func runJoint(ctx context.Context, order []jointMember, idx int, opts EnsembleOptions) (recs []runRecord, err error) {
	cur := 0 // the member being run, for errors
	defer func() {
		if r := recover(); r != nil {
			recs, err = nil, jointError(order[cur], &RunError{Run: idx, Err: fmt.Errorf("internal error (please report it): %v\n%s", r, debug.Stack())})
		}
	}()
	base := *order[0].sc
	base.Interventions = cloneInterventions(base.Interventions)
	w, err := base.WorldContext(ctx, RunOptions{Run: idx, CheckInvariants: opts.CheckInvariants})
	if err != nil {
		return nil, jointError(order[0], runError(ctx, idx, err))
	}
	recs = make([]runRecord, len(order))
	for i := 1; i < len(order); i++ {
		cur = 0
		if err := stepUntil(ctx, w, order[i].fork); err != nil {
			return nil, jointError(order[0], runError(ctx, idx, err))
		}
		cur = i
		if recs[i], err = forkRun(ctx, w, order[i], idx); err != nil {
			return nil, jointError(order[i], err)
		}
	}
	cur = 0
	res, err := w.Run(ctx, nil)
	if err != nil {
		return nil, jointError(order[0], runError(ctx, idx, err))
	}
	if recs[0], err = order[0].agg.record(idx, res); err != nil {
		return nil, jointError(order[0], err)
	}
	return recs, nil
}

// forkRun runs member m's run idx from a fork of w with m's interventions
// (fresh copies, as runOne gives each run).
func forkRun(ctx context.Context, w *market.World, m jointMember, idx int) (runRecord, error) {
	ivs := cloneInterventions(m.sc.Interventions)
	mivs := make([]market.Intervention, len(ivs))
	for i, iv := range ivs {
		mivs[i] = iv
	}
	f, err := w.Fork(mivs)
	if err != nil {
		return runRecord{}, runError(ctx, idx, fmt.Errorf("scenario %q: %w", m.sc.Name, err))
	}
	res, err := f.Run(ctx, nil)
	if err != nil {
		return runRecord{}, runError(ctx, idx, err)
	}
	return m.agg.record(idx, res)
}

// stepUntil steps w until its reported week is week (or its horizon),
// checking ctx every week as World.Run does.
func stepUntil(ctx context.Context, w *market.World, week int) error {
	for w.ReportedWeek() < week && !w.Done() {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := w.Step(); err != nil {
			return err
		}
	}
	return nil
}

// jointError names the scenario whose run failed, as CollectComparison
// does for a failed ensemble.
func jointError(m jointMember, err error) error {
	return fmt.Errorf("compare: scenario %q: %w", m.sc.Name, err)
}
