package scenarios

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/caremarket/caremarket/market"
)

// Limits on what a scenario may ask for, checked before anything is
// allocated for it.
const (
	MaxRuns  = 1_000_000
	MaxYears = market.MaxYears
)

// Intervention is a policy lever: it acts on the world at its start week
// (see market.Intervention) and names the rules it sets, so that two
// interventions that set the same rule are caught before a run.
//
// A researcher can write one in a notebook: embed a start week, set fields
// of w.Rules (or act on w's agents) in Apply, and list the rule names in
// Touches.
type Intervention interface {
	market.Intervention
	// Touches names the rules the intervention sets, e.g. "ProfitCap".
	Touches() []string
}

// Scenario is a named set-up to run: the market's data and parameters, a
// seed, a start and a horizon, and the interventions in force.
type Scenario struct {
	// Name identifies the scenario in outputs (letters, digits, '-', '_', '.').
	Name string
	// Description is a one-line summary for listings and reports.
	Description string
	// Seed is the scenario seed; run i uses streams derived from (Seed, i).
	Seed uint64
	// Start is the first reported month, "YYYY-04"; empty means "2023-04".
	Start string
	// Years is the reported horizon in financial years (default 10).
	Years int
	// Runs is the default number of runs of an ensemble (default 1).
	Runs int
	// Config holds the market's data and parameters; nil means the
	// England baseline.
	Config *market.Config
	// Interventions act at their start weeks.
	Interventions []Intervention
	// Source is the text the scenario was read from (a scenario file), for
	// manifests; empty for built-in scenarios.
	Source []byte
}

var nameRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$`)

// StartYear returns the calendar year of the scenario's first reported April.
func (sc *Scenario) StartYear() (int, error) {
	if sc.Start == "" {
		return 2023, nil // DefaultStart
	}
	t, err := time.Parse("2006-01", sc.Start)
	if err != nil || t.Month() != time.April {
		return 0, &market.FieldError{Field: "start", Value: sc.Start, Allowed: `a financial-year start "YYYY-04", e.g. "2023-04"`}
	}
	if t.Year() < 1900 || t.Year() > 2200 {
		return 0, &market.FieldError{Field: "start", Value: sc.Start, Allowed: "a year from 1900 to 2200"}
	}
	return t.Year(), nil
}

// Validate checks the scenario's own fields and its interventions (each
// rule set by at most one intervention), but not its Config, which
// market.New validates.
func (sc *Scenario) Validate() error {
	var errs []error
	if !nameRE.MatchString(sc.Name) {
		errs = append(errs, &market.FieldError{Field: "name", Value: sc.Name, Allowed: "1 to 64 letters, digits, '-', '_' or '.', starting with a letter or digit"})
	}
	if sc.Years < 1 || sc.Years > MaxYears {
		errs = append(errs, &market.FieldError{Field: "years", Value: sc.Years, Allowed: fmt.Sprintf("allowed 1 to %d", MaxYears)})
	}
	if sc.Runs < 0 || sc.Runs > MaxRuns {
		errs = append(errs, &market.FieldError{Field: "runs", Value: sc.Runs, Allowed: fmt.Sprintf("allowed 1 to %d (0 means 1)", MaxRuns)})
	}
	if _, err := sc.StartYear(); err != nil {
		errs = append(errs, err)
	}
	owner := map[string]int{}
	for i, iv := range sc.Interventions {
		if iv == nil {
			errs = append(errs, &market.FieldError{Field: fmt.Sprintf("interventions[%d]", i), Value: nil, Allowed: "must not be nil"})
			continue
		}
		if s := iv.StartWeek(); s < 0 || s >= sc.Years*52 {
			errs = append(errs, &market.FieldError{Field: fmt.Sprintf("interventions[%d] (%s).start_week", i, iv.Name()), Value: s,
				Allowed: fmt.Sprintf("allowed 0 to %d: the horizon is %d weeks", sc.Years*52-1, sc.Years*52)})
		}
		if v, ok := iv.(interface{ Validate() error }); ok {
			if err := v.Validate(); err != nil {
				errs = append(errs, fmt.Errorf("interventions[%d] (%s): %w", i, iv.Name(), err))
			}
		}
		errs = append(errs, sc.conflicts(i, owner)...)
	}
	return errors.Join(errs...)
}

// conflicts returns one RuleConflictError for each earlier intervention
// that sets a rule intervention i sets too, and records i as the owner of
// its rules in owner (rule name → intervention index).
func (sc *Scenario) conflicts(i int, owner map[string]int) []error {
	iv := sc.Interventions[i]
	var errs []error
	byPrev := map[int]*RuleConflictError{}
	for _, r := range iv.Touches() {
		prev, ok := owner[r]
		owner[r] = i
		if !ok || combinable(sc.Interventions[prev].Name(), iv.Name(), r) {
			continue
		}
		if e := byPrev[prev]; e != nil {
			e.Rules = append(e.Rules, r)
			continue
		}
		e := &RuleConflictError{Index: i, Name: iv.Name(), Rules: []string{r}, PrevIndex: prev, PrevName: sc.Interventions[prev].Name()}
		byPrev[prev] = e
		errs = append(errs, e)
	}
	return errs
}

// RuleConflictError reports two interventions of a scenario that set the
// same rules: interventions[Index] (Name) sets Rules, which
// interventions[PrevIndex] (PrevName) already sets.
type RuleConflictError struct {
	Index     int
	Name      string
	Rules     []string
	PrevIndex int
	PrevName  string
}

// Error implements error.
func (e *RuleConflictError) Error() string {
	return fmt.Sprintf("interventions[%d] (%s) %s, which interventions[%d] (%s) already sets: combine them into one intervention or drop one",
		e.Index, e.Name, e.SetsRules(), e.PrevIndex, e.PrevName)
}

// SetsRules says which rules are set twice: "sets rule A" or "sets rules
// A and B".
func (e *RuleConflictError) SetsRules() string {
	if len(e.Rules) == 1 {
		return "sets rule " + e.Rules[0]
	}
	return "sets rules " + strings.Join(e.Rules[:len(e.Rules)-1], ", ") + " and " + e.Rules[len(e.Rules)-1]
}

// combinable reports whether two interventions may both set rule r. No
// combination is defined yet: every rule has one owner.
func combinable(a, b, r string) bool { return false }

// RunOptions set how Run runs one replicate.
type RunOptions struct {
	// Run is the run index; with the scenario seed it sets every random
	// stream.
	Run int
	// Progress, when not nil, is called as weeks are done.
	Progress market.Progress
	// CheckInvariants checks the world's invariants every week (slower).
	CheckInvariants bool
}

// World builds the world of run opts.Run of the scenario, ready to step.
func (sc *Scenario) World(opts RunOptions) (*market.World, error) {
	return sc.WorldContext(context.Background(), opts)
}

// WorldContext is World with a context that can stop the building.
func (sc *Scenario) WorldContext(ctx context.Context, opts RunOptions) (*market.World, error) {
	if sc == nil {
		return nil, errors.New("scenarios: nil scenario")
	}
	if err := sc.Validate(); err != nil {
		return nil, fmt.Errorf("scenario %q: %w", sc.Name, err)
	}
	cfg := sc.Config
	if cfg == nil {
		var err error
		if cfg, err = Baseline(); err != nil {
			return nil, err
		}
	}
	start, _ := sc.StartYear()
	ivs := make([]market.Intervention, len(sc.Interventions))
	for i, iv := range sc.Interventions {
		ivs[i] = iv
	}
	w, err := market.NewContext(ctx, cfg, market.Options{
		Seed: sc.Seed, Run: opts.Run, Years: sc.Years, StartYear: start,
		Interventions: ivs, CheckInvariants: opts.CheckInvariants,
	})
	if err != nil {
		return nil, fmt.Errorf("scenario %q: %w", sc.Name, err)
	}
	return w, nil
}

// Run runs one replicate of a scenario (run index opts.Run) and returns its
// weekly results. It stops with ctx's error when ctx is cancelled.
func Run(ctx context.Context, sc *Scenario, opts RunOptions) (*market.Results, error) {
	w, err := sc.WorldContext(ctx, opts)
	if err != nil {
		return nil, err
	}
	return w.Run(ctx, opts.Progress)
}
