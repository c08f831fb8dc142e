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
	sens := &SensitivityResult{Priors: baselinePriors(), Outputs: SensitivityOutputs(), Runs: m.Sens.Runs, Years: m.Sens.Years, Seed: m.Sens.Seed, X: m.Sens.X}
	vals := make([][]float64, m.Sens.Points*m.Sens.Runs)
	for _, p := range byK[1:] {
		for i, t := range ownedTasks(p.Shard(), 0, len(vals)) {
			vals[t] = p.f.SensOutputs[i]
		}
	}
	if err := sens.fill(vals); err != nil {
		return nil, err
	}
	out.Sensitivity = sens
	if m.Rob == nil {
		return out, nil
	}
	rob := &RobustnessResult{Priors: Priors(), Scenarios: slices.Clone(m.Scenarios), Runs: m.Rob.Runs, Years: m.Rob.Years, Seed: m.Rob.Seed, X: m.Rob.X}
	nS, nR := len(vals), m.Rob.Points*(len(m.Scenarios)+1)*m.Rob.Runs
	cost, short := make([]float64, nR), make([]float64, nR)
	for _, p := range byK[1:] {
		for i, t := range ownedTasks(p.Shard(), nS, nS+nR) {
			cost[t], short[t] = p.f.RobCost[i], p.f.RobShortage[i]
		}
	}
	rob.fill(cost, short)
	out.Robustness = rob
	return out, nil
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
	var outs []string
	for _, o := range SensitivityOutputs() {
		outs = append(outs, o.Name)
	}
	switch {
	case !slices.Equal(m.Outputs, outs):
		return fmt.Errorf("the shards' sensitivity outputs (%s) are not this caremarket's (%s): merge with the caremarket that wrote them (%s)", strings.Join(m.Outputs, ", "), strings.Join(outs, ", "), m.Version)
	case !reflect.DeepEqual(m.Sens.Priors, priorMetas(baselinePriors())):
		return fmt.Errorf("the shards' sensitivity priors are not this caremarket's: merge with the caremarket that wrote them (%s)", m.Version)
	case m.Rob != nil && !reflect.DeepEqual(m.Rob.Priors, priorMetas(Priors())):
		return fmt.Errorf("the shards' robustness priors are not this caremarket's: merge with the caremarket that wrote them (%s)", m.Version)
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
		{"sensitivity outputs", slices.Equal(a.Outputs, b.Outputs), a.Outputs, b.Outputs},
	}
	fs = append(fs, designDiff("sensitivity", "-points", a.Sens, b.Sens)...)
	fs = append(fs, field{"robustness analysis (-skip-robustness)", (a.Rob == nil) == (b.Rob == nil), a.Rob != nil, b.Rob != nil})
	if a.Rob != nil && b.Rob != nil {
		fs = append(fs, field{"robustness alternatives", slices.Equal(a.Scenarios, b.Scenarios), a.Scenarios, b.Scenarios})
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
