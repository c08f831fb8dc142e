package explorer

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
)

// The page's default question: the England baseline against a variant
// named variant-1, 10 paired runs of 10 years from seed 1.
const (
	defaultBase  = "baseline"
	defaultName  = "variant-1"
	defaultRuns  = 10
	defaultYears = 10
	defaultSeed  = 1
)

// defaultForm returns the values the page's controls start with, capped
// by the server's limits.
func (s *Server) defaultForm() url.Values {
	return url.Values{
		"base":  {defaultBase},
		"name":  {defaultName},
		"runs":  {strconv.Itoa(min(defaultRuns, s.opts.MaxRuns))},
		"years": {strconv.Itoa(min(defaultYears, s.opts.MaxYears))},
		"seed":  {strconv.Itoa(defaultSeed)},
	}
}

// Prewarm simulates the base ensemble of the page's default question into
// the cache (memory and disk), as a question would, so that the first
// question of a workshop on the default base waits only for its variant.
// A question asked meanwhile shares the simulation in flight. It returns
// when the ensemble is cached, or with ctx's error.
func (s *Server) Prewarm(ctx context.Context) error {
	q, fe := s.Parse(s.defaultForm(), nil)
	if fe != nil {
		return fmt.Errorf("explorer: the default question: %v", fe)
	}
	_, err := s.cache.getOrRun(ctx, Key(q.BaseYAML), func(ctx context.Context) (*Entry, error) {
		return s.jobs.ensemble(ctx, q.Base, q.BaseYAML, q.Runs, q.Base.Seed, nil)
	})
	return err
}
