package calibrate

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
)

// MergeSweep merges the shards of one sweep into its results, exactly
// (byte for byte in every file written from them) what Sensitivity and
// Robustness return in one process. It refuses shards of different sweeps,
// naming the first field that differs, a shard given twice, missing
// shards, and shards whose priors or outputs are not this caremarket's.
func MergeSweep(parts ...*SweepShard) (*SweepResult, error) {
	if len(parts) == 0 {
		return nil, errors.New("merge: no sweep shards given")
	}
	first := parts[0]
	n := first.Shard().N
	byK := make([]*SweepShard, n+1)
	for _, p := range parts {
		if p == nil {
			return nil, errors.New("merge: a sweep shard is nil")
		}
		if f, ok := sweepDiff(first.f.Sweep, p.f.Sweep); !ok {
			return nil, fmt.Errorf("merge: shards of different sweeps: field %s is %v in sweep shard %s and %v in sweep shard %s: run every shard with the same flags (but -shard K and -workers)",
				f.name, f.va, first.where(), f.vb, p.where())
		}
		k := p.Shard().K
		if q := byK[k]; q != nil {
			return nil, fmt.Errorf("merge: sweep shard %s is given twice: %s and %s", p.Shard(), q.where(), p.where())
		}
		byK[k] = p
	}
	var missing []string
	for k := 1; k <= n && len(missing) < 10; k++ {
		if byK[k] == nil {
			missing = append(missing, fmt.Sprintf("%d/%d", k, n))
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("merge: the sweep has %d shards and %d were given; missing shards include %s: give every shard", n, len(parts), strings.Join(missing, ", "))
	}
	m := first.f.Sweep
	if err := m.sameAsThisVersion(); err != nil {
		return nil, fmt.Errorf("merge: %w", err)
	}
	out := &SweepResult{Market: m.Market}
	nS := 0
	if m.Sens != nil {
		sens := &SensitivityResult{Priors: baselinePriors(), Outputs: SensitivityOutputs(), Runs: m.Sens.Runs, Years: m.Sens.Years, Seed: m.Sens.Seed, X: m.Sens.X}
		vals := gather(byK[1:], 0, m.Sens.Points*m.Sens.Runs, func(s *SweepShard) [][]float64 { return s.f.SensOutputs })
		if err := sens.fill(vals); err != nil {
			return nil, err
		}
		out.Sensitivity, nS = sens, len(vals)
	}
	if m.Rob == nil {
		return out, nil
	}
	rob := &RobustnessResult{Market: m.Market, Priors: Priors(), Outcomes: RobustnessOutcomes(), Scenarios: slices.Clone(m.Scenarios),
		Runs: m.Rob.Runs, Years: m.Rob.Years, Seed: m.Rob.Seed, ConfigSHA256: m.Rob.ConfigSHA256, X: m.Rob.X}
	rob.fill(gather(byK[1:], nS, m.Rob.Points*(len(m.Scenarios)+1)*m.Rob.Runs, func(s *SweepShard) [][]float64 { return s.f.RobOutcomes }))
	out.Robustness = rob
	return out, nil
}

// gather puts the values of n tasks, numbered from lo in the sweep, back
// in task order from every shard (vals gives a shard's values of them).
func gather(parts []*SweepShard, lo, n int, vals func(*SweepShard) [][]float64) [][]float64 {
	out := make([][]float64, n)
	for _, p := range parts {
		v := vals(p)
		for i, t := range ownedTasks(p.Shard(), lo, lo+n) {
			out[t] = v[i]
		}
	}
	return out
}

// where names a shard for errors: "K/N (FILE)".
func (s *SweepShard) where() string {
	if s.path == "" {
		return s.Shard().String()
	}
	return fmt.Sprintf("%s (%s)", s.Shard(), s.path)
}

// sameAsThisVersion checks that the sweep's outputs and priors are this
// caremarket's, which the merge uses to write its files.
func (m *sweepMeta) sameAsThisVersion() error {
	var outs, robOuts []string
	for _, o := range SensitivityOutputs() {
		outs = append(outs, o.Name)
	}
	for _, o := range RobustnessOutcomes() {
		robOuts = append(robOuts, o.Name)
	}
	switch {
	case m.Sens != nil && !slices.Equal(m.Outputs, outs):
		return fmt.Errorf("the shards' sensitivity outputs (%s) are not this caremarket's (%s): merge with the caremarket that wrote them (%s)", strings.Join(m.Outputs, ", "), strings.Join(outs, ", "), m.Version)
	case m.Sens != nil && !reflect.DeepEqual(m.Sens.Priors, priorMetas(baselinePriors())):
		return fmt.Errorf("the shards' sensitivity priors are not this caremarket's: merge with the caremarket that wrote them (%s)", m.Version)
	case m.Rob != nil && !reflect.DeepEqual(m.Rob.Priors, priorMetas(Priors())):
		return fmt.Errorf("the shards' robustness priors are not this caremarket's: merge with the caremarket that wrote them (%s)", m.Version)
	case m.Rob != nil && !slices.Equal(m.RobOutcomes, robOuts):
		return fmt.Errorf("the shards' robustness outcomes (%s) are not this caremarket's (%s): merge with the caremarket that wrote them (%s)", strings.Join(m.RobOutcomes, ", "), strings.Join(robOuts, ", "), m.Version)
	}
	return nil
}

// field is one field of two sweeps' descriptions, for sweepDiff.
type field struct {
	name   string
	same   bool
	va, vb any
}

// sweepDiff returns the first field in which a and b differ (the shard's
// K aside) and false, or true if they agree.
func sweepDiff(a, b sweepMeta) (field, bool) {
	fs := []field{
		{"caremarket version", a.Version == b.Version, a.Version, b.Version},
		{"Go version", a.GoVersion == b.GoVersion, a.GoVersion, b.GoVersion},
		{"number of shards N (-shard K/N)", a.Shard.N == b.Shard.N, a.Shard.N, b.Shard.N},
		{"market (-quick)", a.Market == b.Market, a.Market, b.Market},
		{"sensitivity analysis (caremarket sensitivity or robustness)", (a.Sens == nil) == (b.Sens == nil), a.Sens != nil, b.Sens != nil},
		{"sensitivity outputs", slices.Equal(a.Outputs, b.Outputs), a.Outputs, b.Outputs},
	}
	if a.Sens != nil && b.Sens != nil {
		fs = append(fs, designDiff("sensitivity", "-points", *a.Sens, *b.Sens)...)
	}
	fs = append(fs, field{"robustness analysis (-skip-robustness)", (a.Rob == nil) == (b.Rob == nil), a.Rob != nil, b.Rob != nil})
	if a.Rob != nil && b.Rob != nil {
		fs = append(fs, field{"robustness alternatives", slices.Equal(a.Scenarios, b.Scenarios), a.Scenarios, b.Scenarios})
		fs = append(fs, field{"robustness outcomes", slices.Equal(a.RobOutcomes, b.RobOutcomes), a.RobOutcomes, b.RobOutcomes})
		fs = append(fs, designDiff("robustness", "-robust-points", *a.Rob, *b.Rob)...)
	}
	for _, f := range fs {
		if !f.same {
			return f, false
		}
	}
	return field{}, true
}

// designDiff lists the fields of two designs, named "what FIELD".
func designDiff(what, pointsFlag string, a, b designMeta) []field {
	return []field{
		{what + " points (" + pointsFlag + ")", a.Points == b.Points, a.Points, b.Points},
		{what + " runs (-runs)", a.Runs == b.Runs, a.Runs, b.Runs},
		{what + " years (-years)", a.Years == b.Years, a.Years, b.Years},
		{what + " seed (-seed)", a.Seed == b.Seed, a.Seed, b.Seed},
		{what + " market configuration (its sha256)", a.ConfigSHA256 == b.ConfigSHA256, a.ConfigSHA256, b.ConfigSHA256},
		{what + " priors", reflect.DeepEqual(a.Priors, b.Priors), priorNames(a.Priors), priorNames(b.Priors)},
		{what + " parameter sets (X)", reflect.DeepEqual(a.X, b.X), "one set", "another"},
	}
}

// priorNames lists the priors' names, for errors.
func priorNames(ps []priorMeta) string {
	names := make([]string, len(ps))
	for i, p := range ps {
		names[i] = p.Name
	}
	return strings.Join(names, ", ")
}
