package explorer

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/caremarket/caremarket/scenarios"
)

// Job states.
const (
	StateQueued    = "queued"
	StateRunning   = "running"
	StateDone      = "done"
	StateFailed    = "failed"
	StateCancelled = "cancelled"
)

// Status is what a job's watchers are told.
type Status struct {
	ID    string `json:"id"`
	State string `json:"state"`
	Done  int    `json:"done"`  // runs finished
	Total int    `json:"total"` // runs to do (those not cached)
	// Position is the number of jobs ahead in the queue (queued only).
	Position int    `json:"position,omitempty"`
	Error    string `json:"error,omitempty"`
	Base     string `json:"base"`    // cache key of the base ensemble
	Variant  string `json:"variant"` // cache key of the variant's
	Name     string `json:"name"`    // the variant's name
}

// job is one question being answered: the base and the variant
// ensembles, each taken from the cache or run.
type job struct {
	q        *Question
	cancel   context.CancelFunc
	mu       sync.Mutex
	st       Status
	watchers int
	idle     *time.Timer
	changed  chan struct{} // closed and replaced at every change
}

// jobs runs at most maxRunning jobs at once, queues at most maxQueued
// more, and cancels a job that nobody has watched for idle.
type jobs struct {
	mu         sync.Mutex
	byID       map[string]*job
	queue      []*job // waiting, in order
	active     int    // jobs queued or running
	slots      chan struct{}
	maxQueued  int
	idle       time.Duration
	cache      *cache
	workers    int
	finishedAt map[string]time.Time
}

// ErrBusy is returned when the queue is full.
var ErrBusy = errors.New("the explorer is busy: every job slot is taken and the queue is full; try again when a run finishes")

func newJobs(maxRunning, maxQueued, workers int, idle time.Duration, c *cache) *jobs {
	return &jobs{byID: map[string]*job{}, slots: make(chan struct{}, max(maxRunning, 1)), maxQueued: maxQueued,
		idle: idle, cache: c, workers: workers, finishedAt: map[string]time.Time{}}
}

func newID() string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// submit starts a job for q, or fails with ErrBusy.
func (js *jobs) submit(q *Question) (*job, error) {
	ctx, cancel := context.WithCancel(context.Background())
	j := &job{q: q, cancel: cancel, changed: make(chan struct{})}
	j.st = Status{ID: newID(), State: StateQueued, Base: Key(q.BaseYAML), Variant: Key(q.VariantYAML), Name: q.Variant.Name}
	for _, k := range []string{j.st.Base, j.st.Variant} {
		if !js.cache.has(k) {
			j.st.Total += q.Runs
		}
	}
	j.idle = time.AfterFunc(js.idle, j.idleCancel)
	js.mu.Lock()
	js.gc()
	if js.active >= cap(js.slots)+js.maxQueued {
		js.mu.Unlock()
		j.idle.Stop()
		cancel()
		return nil, ErrBusy
	}
	js.active++
	js.byID[j.st.ID] = j
	js.queue = append(js.queue, j)
	js.mu.Unlock()
	go js.run(ctx, j)
	return j, nil
}

// gc forgets jobs finished more than ten minutes ago (js.mu held).
func (js *jobs) gc() {
	for id, t := range js.finishedAt {
		if time.Since(t) > 10*time.Minute {
			delete(js.byID, id)
			delete(js.finishedAt, id)
		}
	}
}

// get returns the job with id, or nil.
func (js *jobs) get(id string) *job {
	js.mu.Lock()
	defer js.mu.Unlock()
	return js.byID[id]
}

// run waits for a slot, then answers the question.
func (js *jobs) run(ctx context.Context, j *job) {
	defer j.cancel()
	select {
	case js.slots <- struct{}{}:
	case <-ctx.Done():
		js.dequeue(j)
		js.finish(j, ctx.Err())
		return
	}
	js.dequeue(j)
	defer func() { <-js.slots }()
	j.update(func(s *Status) { s.State = StateRunning })
	base := j.q.Base
	done, err := js.runPair(ctx, j)
	if err != nil {
		js.finish(j, err)
		return
	}
	for _, sc := range []*scenarios.Scenario{j.q.Base, j.q.Variant} {
		text := j.q.BaseYAML
		if sc == j.q.Variant {
			text = j.q.VariantYAML
		}
		key := Key(text)
		run := func(ctx context.Context) (*Entry, error) {
			// paired: the baseline's seed, as Compare does
			return js.ensemble(ctx, sc, text, j.q.Runs, base.Seed, func(d int) { j.update(func(s *Status) { s.Done = done + d }) })
		}
		cached := js.cache.has(key)
		if _, err := js.cache.getOrRun(ctx, key, run); err != nil {
			js.finish(j, err)
			return
		}
		if !cached {
			done += j.q.Runs
		}
	}
	js.finish(j, nil)
}

// ensemble simulates runs of sc from seed and returns its cache entry
// (text is the scenario file it was read from); progress, when not nil,
// is told the runs done.
func (js *jobs) ensemble(ctx context.Context, sc *scenarios.Scenario, text []byte, runs int, seed uint64, progress func(done int)) (*Entry, error) {
	c := *sc
	c.Seed = seed
	opts := scenarios.EnsembleOptions{Runs: runs, Workers: js.workers, WeeklyRuns: 1}
	if progress != nil {
		opts.Progress = func(d, _ int) { progress(d) }
	}
	agg, err := scenarios.Collect(ctx, &c, opts)
	if err != nil {
		return nil, err
	}
	return &Entry{Key: Key(text), YAML: text, Scenario: sc, Agg: agg}, nil
}

// runPair answers a question whose base and variant are both uncached with
// one paired comparison (scenarios.CollectComparison), which simulates the
// weeks before the variant's first policy once per run, and caches both
// ensembles (the same as run one by one). It returns the runs done: 0
// when either was cached or a run of the base was already in flight, and
// run then computes what is missing.
func (js *jobs) runPair(ctx context.Context, j *job) (int, error) {
	bk, vk := Key(j.q.BaseYAML), Key(j.q.VariantYAML)
	bs, _ := j.q.Base.StartYear()
	vs, _ := j.q.Variant.StartYear()
	if bk == vk || j.q.Base.Years != j.q.Variant.Years || bs != vs || js.cache.has(bk) || js.cache.has(vk) {
		return 0, nil // CollectComparison needs one horizon and start
	}
	ran := false
	pair := func(ctx context.Context) (*Entry, error) {
		ran = true
		parts, err := scenarios.CollectComparison(ctx, j.q.Base, []*scenarios.Scenario{j.q.Variant}, scenarios.EnsembleOptions{
			Runs: j.q.Runs, Workers: js.workers, WeeklyRuns: 1,
			Progress: func(d, _ int) { j.update(func(s *Status) { s.Done = d }) }})
		if err != nil {
			return nil, err
		}
		js.cache.put(&Entry{Key: vk, YAML: j.q.VariantYAML, Scenario: j.q.Variant, Agg: parts[1]}, true)
		return &Entry{Key: bk, YAML: j.q.BaseYAML, Scenario: j.q.Base, Agg: parts[0]}, nil
	}
	if _, err := js.cache.getOrRun(ctx, bk, pair); err != nil {
		return 0, err
	}
	if !ran {
		return 0, nil
	}
	return 2 * j.q.Runs, nil
}

// dequeue removes j from the queue.
func (js *jobs) dequeue(j *job) {
	js.mu.Lock()
	defer js.mu.Unlock()
	for i, q := range js.queue {
		if q == j {
			js.queue = append(js.queue[:i], js.queue[i+1:]...)
			return
		}
	}
}

// position returns the number of jobs queued ahead of j.
func (js *jobs) position(j *job) int {
	js.mu.Lock()
	defer js.mu.Unlock()
	for i, q := range js.queue {
		if q == j {
			return i
		}
	}
	return 0
}

// finish records how j ended.
func (js *jobs) finish(j *job, err error) {
	j.update(func(s *Status) {
		var ce *scenarios.CancelledError
		switch {
		case err == nil:
			s.State, s.Done = StateDone, s.Total
		case errors.Is(err, context.Canceled) || errors.As(err, &ce):
			s.State, s.Error = StateCancelled, "cancelled"
		default:
			s.State, s.Error = StateFailed, err.Error()
		}
	})
	j.idle.Stop()
	js.mu.Lock()
	js.active--
	js.finishedAt[j.st.ID] = time.Now()
	js.mu.Unlock()
}

// update changes j's status and wakes its watchers.
func (j *job) update(f func(*Status)) {
	j.mu.Lock()
	f(&j.st)
	close(j.changed)
	j.changed = make(chan struct{})
	j.mu.Unlock()
}

// status returns j's status and a channel closed at its next change.
func (j *job) status() (Status, <-chan struct{}) {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.st, j.changed
}

// finished reports whether a state is final.
func finished(state string) bool {
	return state == StateDone || state == StateFailed || state == StateCancelled
}

// watch registers a watcher; the returned function unregisters it. A job
// left without watchers for the idle time is cancelled.
func (j *job) watch(idle time.Duration) func() {
	j.mu.Lock()
	j.watchers++
	j.idle.Stop()
	j.mu.Unlock()
	return func() {
		j.mu.Lock()
		j.watchers--
		if j.watchers == 0 {
			j.idle.Reset(idle)
		}
		j.mu.Unlock()
	}
}

// idleCancel cancels j if nobody watches it.
func (j *job) idleCancel() {
	j.mu.Lock()
	n := j.watchers
	j.mu.Unlock()
	if n == 0 {
		j.cancel()
	}
}

// String describes a job for logs.
func (j *job) String() string {
	s, _ := j.status()
	return fmt.Sprintf("job %s (%s, %d/%d runs)", s.ID, s.State, s.Done, s.Total)
}
