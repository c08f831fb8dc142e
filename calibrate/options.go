package calibrate

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"runtime"

	"github.com/caremarket/caremarket/market"
	"github.com/caremarket/caremarket/scenarios"
)

// Defaults of the sensitivity and robustness designs (DesignOptions fields
// left at zero).
const (
	DefaultSensitivityPoints = 100
	DefaultRobustnessPoints  = 50
	DefaultDesignRuns        = 2
	DefaultDesignYears       = 10
)

// Check fills the zero fields of o with their defaults and reports the
// fields out of range, as Fit does before it starts.
func (o *Options) Check() error { return o.defaults() }

// CheckSensitivity fills the zero fields of o with the defaults of
// Sensitivity and reports the fields out of range. (Sensitivity also needs
// at least MinSensitivityPoints points.)
func (o *DesignOptions) CheckSensitivity() error {
	return o.defaults(DefaultSensitivityPoints, DefaultDesignRuns, DefaultDesignYears)
}

// CheckRobustness fills the zero fields of o with the defaults of
// Robustness and reports the fields out of range.
func (o *DesignOptions) CheckRobustness() error {
	return o.defaults(DefaultRobustnessPoints, DefaultDesignRuns, DefaultDesignYears)
}

// MinSensitivityPoints is the fewest points of a sensitivity analysis: one
// more than the regression's coefficients (the priors and the intercept).
func MinSensitivityPoints() int { return len(baselinePriors()) + 2 }

// defaults fills the zero fields of o and reports those out of range.
func (o *Options) defaults() error {
	o.Seed = cmp.Or(o.Seed, 1)
	o.Runs, o.DemandRuns, o.ReportRuns = cmp.Or(o.Runs, 4), cmp.Or(o.DemandRuns, 2), cmp.Or(o.ReportRuns, 20)
	o.DemandEvals, o.MarketEvals = cmp.Or(o.DemandEvals, 60), cmp.Or(o.MarketEvals, 240)
	o.ReportFirstRun = cmp.Or(o.ReportFirstRun, 1000)
	o.SimplexSize = cmp.Or(o.SimplexSize, 0.5)
	o.Workers = cmp.Or(o.Workers, runtime.GOMAXPROCS(0))
	var errs []error
	errs = inRange(errs, "runs", o.Runs, 1, 1000)
	errs = inRange(errs, "demand_runs", o.DemandRuns, 1, 1000)
	errs = inRange(errs, "report_runs", o.ReportRuns, 1, 10000)
	errs = inRange(errs, "report_first_run", o.ReportFirstRun, 0, 1<<30)
	errs = inRange(errs, "workers", o.Workers, 1, 4096)
	if math.IsNaN(o.SimplexSize) || o.SimplexSize <= 0 || o.SimplexSize > 10 {
		errs = append(errs, &market.FieldError{Field: "simplex_size", Value: o.SimplexSize, Allowed: "greater than 0, at most 10"})
	}
	return errors.Join(errs...)
}

// defaults fills the zero fields of o with the given defaults and the
// package's, and reports those out of range.
func (o *DesignOptions) defaults(points, runs, years int) error {
	o.Points, o.Runs, o.Years = cmp.Or(o.Points, points), cmp.Or(o.Runs, runs), cmp.Or(o.Years, years)
	o.Seed = cmp.Or(o.Seed, 1)
	o.Workers = cmp.Or(o.Workers, runtime.GOMAXPROCS(0))
	var errs []error
	errs = inRange(errs, "points", o.Points, 2, 100000)
	errs = inRange(errs, "runs", o.Runs, 1, 1000)
	errs = inRange(errs, "years", o.Years, 1, scenarios.MaxYears)
	errs = inRange(errs, "workers", o.Workers, 1, 4096)
	return errors.Join(errs...)
}

// inRange appends to errs a FieldError naming field when v is outside
// lo to hi, and returns errs.
func inRange(errs []error, field string, v, lo, hi int) []error {
	if v < lo || v > hi {
		errs = append(errs, &market.FieldError{Field: field, Value: v, Allowed: fmt.Sprintf("allowed %d to %d", lo, hi)})
	}
	return errs
}
