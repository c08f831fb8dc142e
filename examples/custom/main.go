// Command custom answers: what if, instead of banning unregistered
// placements, the government helped the people running unregistered
// settings to register them? And it shows how to write a new policy lever
// of one's own, outside the library, and compare it with the built-in ones.
//
// The extension point is scenarios.Intervention (market.Intervention plus
// Touches). A new lever is a type with:
//
//   - StartWeek, from an embedded scenarios.Start (weeks from April of the
//     first reported year);
//   - Name, for errors and outputs;
//   - Apply(w *market.World), called once at the start week: it changes the
//     rules the engine reads every week (w.Rules), or the world through its
//     exported methods;
//   - Touches, the names of the rules it sets, so that two levers setting
//     the same rule are caught before a run;
//   - optionally Step(w), to act at the start of every week from then on
//     (market.Stepper), and Validate() error, which Scenario.Validate calls
//     to check the lever's parameters before anything runs.
//
// An ensemble gives each run its own copy of a lever that is a pointer to a
// struct, so a lever may keep per-run state in its fields (here the rate in
// force before it).
//
// RegistrationDrive below raises, step by step over a ramp, the yearly share
// of unregistered placements that become registered children's homes (the
// child stays, the setting registers; docs/model.md §6), while leaving
// unregistered placements allowed. It is compared, paired against the
// England baseline, with the built-in UnregisteredBan, which converts
// settings at the same rate but forbids new unregistered placements, so
// children wait instead.
//
// The lever the issue first suggested, a cap on the weekly price of
// unregistered placements, cannot be written this way yet: the engine keeps
// that price (which also sets the cost of a child waiting) private, and no
// rule caps it. It needs a hook in the engine, such as a ceiling on the
// unregistered price in market.UnregisteredRule.
//
//	go run ./examples/custom                     # writes out/examples/custom/
//	go run ./examples/custom -target 0.10 -ramp 26 -runs 20
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"math"
	"strings"

	"github.com/caremarket/caremarket/examples/internal/example"
	"github.com/caremarket/caremarket/market"
	"github.com/caremarket/caremarket/scenarios"
)

// RegistrationDrive is a policy lever defined outside the library: from
// its start week, the yearly share of unregistered placements converted
// into registered children's homes rises in equal weekly steps from the
// rate in force (the baseline's 0.5% a year) to Target, reached after
// RampWeeks weeks. Unregistered placements stay allowed.
type RegistrationDrive struct {
	scenarios.Start `yaml:",inline"`
	// Target is the yearly conversion share at full strength, 0 to 1.
	Target float64 `yaml:"target"`
	// RampWeeks is how long the drive takes to reach Target, 1 to 520.
	RampWeeks int `yaml:"ramp_weeks"`

	from float64 // the conversion rate in force at the start (per run)
}

// Compile-time checks that RegistrationDrive is a lever that also acts
// every week.
var (
	_ scenarios.Intervention = (*RegistrationDrive)(nil)
	_ market.Stepper         = (*RegistrationDrive)(nil)
)

// Name implements market.Intervention.
func (d *RegistrationDrive) Name() string {
	return fmt.Sprintf("RegistrationDrive(%g%% a year over %d weeks)", 100*d.Target, d.RampWeeks)
}

// Touches implements scenarios.Intervention: the drive sets the rule on
// unregistered placements, as UnregisteredBan does, so the two cannot be
// combined by mistake.
func (d *RegistrationDrive) Touches() []string { return []string{scenarios.RuleUnregistered} }

// Validate checks the parameters; Scenario.Validate calls it before a run.
func (d *RegistrationDrive) Validate() error {
	var errs []error
	if math.IsNaN(d.Target) || d.Target < 0 || d.Target > 1 {
		errs = append(errs, &market.FieldError{Field: "target", Value: d.Target, Allowed: "allowed 0 to 1 (a share a year)"})
	}
	if d.RampWeeks < 1 || d.RampWeeks > 520 {
		errs = append(errs, &market.FieldError{Field: "ramp_weeks", Value: d.RampWeeks, Allowed: "allowed 1 to 520"})
	}
	return errors.Join(errs...)
}

// Apply implements market.Intervention: it records the rate in force; Step,
// called in the same week, sets the first step.
func (d *RegistrationDrive) Apply(w *market.World) error {
	if err := d.Validate(); err != nil {
		return err
	}
	d.from = w.Rules.Unregistered.ConversionRate
	return nil
}

// Step implements market.Stepper: week k of the drive (k = 0 at the start)
// sets the rate (k+1)/RampWeeks of the way from the starting rate to Target.
func (d *RegistrationDrive) Step(w *market.World) error {
	k := w.ReportedWeek() - d.StartWeek()
	frac := math.Min(1, float64(k+1)/float64(d.RampWeeks))
	w.Rules.Unregistered.ConversionRate = d.from + frac*(d.Target-d.from)
	return nil
}

type options struct {
	example.Options
	// Target and RampWeeks set the drive.
	Target    float64
	RampWeeks int
}

func defaultOptions() options {
	return options{Options: example.Defaults("custom", 8), Target: 0.05, RampWeeks: 52}
}

type result struct {
	Comparison *scenarios.Comparison
	Files      []string
}

func main() {
	o := defaultOptions()
	parsed := o.Flags("week the policies start (52 = April 2024)")
	flag.Float64Var(&o.Target, "target", o.Target, "share of unregistered placements registered a year at full strength")
	flag.IntVar(&o.RampWeeks, "ramp", o.RampWeeks, "weeks the drive takes to reach its target")
	flag.Parse()
	parsed()
	example.Main("custom", run, o)
}

func run(ctx context.Context, o options) (*result, error) {
	cfg, err := example.Baseline(o.Regions...)
	if err != nil {
		return nil, err
	}
	drive := &RegistrationDrive{Start: scenarios.Start{Week: o.StartWeek}, Target: o.Target, RampWeeks: o.RampWeeks}
	ban := scenarios.NewUnregisteredBan(o.StartWeek)
	ban.ConversionRate = o.Target // the same conversion, but no new unregistered placements
	base := &scenarios.Scenario{Name: "baseline", Seed: 1, Years: o.Years, Config: cfg}
	alts := []*scenarios.Scenario{
		{Name: "registration-drive", Description: drive.Name(), Seed: 1, Years: o.Years, Config: cfg,
			Interventions: []scenarios.Intervention{drive}},
		{Name: "unregistered-ban", Description: ban.Name(), Seed: 1, Years: o.Years, Config: cfg,
			Interventions: []scenarios.Intervention{ban}},
	}
	opts := scenarios.EnsembleOptions{Runs: o.Runs, Workers: o.Workers}
	opts.Progress = example.Progress(o.Progress)
	cmp, err := scenarios.Compare(ctx, base, alts, opts)
	if err != nil {
		return nil, err
	}
	fmt.Fprint(o.Stdout, cmp.Table(market.UnregisteredPlaced, market.Waiting, market.NetPublicCostGBP, market.HomePlaces, market.ChildrenOver500k))
	files, err := example.LinesAndDifferences(o.Out, cmp, market.UnregisteredPlaced,
		"Children in unregistered settings: a registration drive against a ban", "unregistered.png",
		market.UnregisteredPlaced, market.Waiting, market.NetPublicCostGBP, market.HomePlaces)
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(o.Stdout, "wrote %s\n", strings.Join(files, ", "))
	return &result{Comparison: cmp, Files: files}, nil
}
