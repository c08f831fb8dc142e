package calibrate

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
