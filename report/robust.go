package report

import (
	"fmt"
	"math"

	"github.com/caremarket/caremarket/calibrate"
	"github.com/caremarket/caremarket/scenarios"
)

// robustView is the robustness analysis (robustness.json of `caremarket
// robustness`) as the headline table uses it: which alternative was swept
// under which name, or why not.
type robustView struct {
	file   *calibrate.RobustnessFile
	Source string
	Error  string // the file could not be read
	Sets   int
	Years  int
	// Threshold is the share, in percent, of sets an effect's sign must
	// hold in for a cell to be marked better or worse.
	Threshold string
	swept     map[string]string // alternative → swept built-in
	// Untested lists the alternatives the analysis does not cover, with
	// why.
	Untested []untestedView
}

type untestedView struct{ Scenario, Why string }

// buildRobust reads opts.Robustness and matches the comparison's
// alternatives with the swept interventions (calibrate.RobustnessFile.Covers).
// It returns nil when no analysis was given.
func buildRobust(cmp *scenarios.Comparison, opts Options) *robustView {
	if opts.Robustness == nil {
		return nil
	}
	v := &robustView{Source: opts.RobustnessSource, swept: map[string]string{}}
	f, err := calibrate.ReadRobustness(opts.Robustness)
	if err != nil {
		v.Error = "The robustness analysis could not be read: " + err.Error()
		return v
	}
	v.file, v.Sets, v.Years = f, f.Sets, f.Years
	v.Threshold = fmt.Sprintf("%.0f%%", 100*f.Threshold)
	defs := map[string]*scenarios.Scenario{}
	for _, d := range opts.Scenarios {
		if d != nil {
			defs[d.Name] = d
		}
	}
	base := defs[cmp.Baseline.Scenario]
	for _, a := range cmp.Alternatives {
		name, why := f.Covers(base, defs[a.Scenario], cmp.Baseline.Years)
		if name == "" {
			v.Untested = append(v.Untested, untestedView{Scenario: a.Scenario, Why: why})
			continue
		}
		v.swept[a.Scenario] = name
	}
	return v
}

// effect returns the swept effect of alternative alt on outcome, or nil.
func (v *robustView) effect(alt, outcome string) *calibrate.RobustEffect {
	if v == nil || v.file == nil || outcome == "" {
		return nil
	}
	name, ok := v.swept[alt]
	if !ok {
		return nil
	}
	return v.file.Effect(name, outcome)
}

// applyRobustness qualifies cell x of a column whose outcome the
// robustness analysis sweeps, given its mean paired difference: it says
// in how many of the analysis's parameter sets the effect has the sign of
// this difference, and keeps a better or worse mark only when that sign
// holds in at least the threshold share of sets. A cell marked better or
// worse by its interval that fails this test (or that no analysis covers)
// is marked uncertain instead.
func (x *cell) applyRobustness(e *calibrate.RobustEffect, sets int, threshold, mean float64) {
	judged := x.Class == "better" || x.Class == "worse"
	if e == nil {
		x.Robust = "robustness untested"
		if judged {
			x.Class, x.Marker, x.Uncertain = "", "? uncertain", true
		}
		return
	}
	share := e.SignShare
	switch {
	case mean < 0:
		share = e.Below
	case mean > 0:
		share = e.Above
	}
	if math.IsNaN(share) {
		x.Robust = "robustness untested"
	} else {
		// Rounded down, so that a share short of the threshold never
		// reads as the threshold.
		x.Robust = fmt.Sprintf("same sign in %.0f%% of %d parameter sets", math.Floor(100*share+1e-9), sets)
	}
	if judged && !(share >= threshold) {
		x.Class, x.Marker, x.Uncertain = "", "? uncertain", true
	}
}
