package calibrate

import (
	"bytes"
	"fmt"

	"go.yaml.in/yaml/v3"

	"github.com/caremarket/caremarket/market"
	"github.com/caremarket/caremarket/scenarios"
)

// ConfigSHA256 returns the hash by which robustness.json identifies a
// market configuration (nil: the England baseline).
func ConfigSHA256(cfg *market.Config) (string, error) {
	if cfg == nil {
		var err error
		if cfg, err = scenarios.Baseline(); err != nil {
			return "", err
		}
	}
	return configHash(cfg)
}

// SweptAs returns the built-in intervention (one of Alternatives) whose
// interventions sc has exactly, parameter for parameter, whatever sc's
// name, and true; or "" and false.
func SweptAs(sc *scenarios.Scenario) (string, bool) {
	if sc == nil || len(sc.Interventions) == 0 {
		return "", false
	}
	for _, name := range Alternatives() {
		if sameInterventions(name, sc) {
			return name, true
		}
	}
	return "", false
}

// sameInterventions reports whether sc has exactly the interventions,
// parameter for parameter, of the built-in scenario name.
func sameInterventions(name string, sc *scenarios.Scenario) bool {
	b, err := scenarios.Builtin(name)
	if err != nil || len(b.Interventions) != len(sc.Interventions) {
		return false
	}
	for i := range b.Interventions {
		if sc.Interventions[i] == nil {
			return false
		}
		x, err1 := yaml.Marshal(b.Interventions[i])
		y, err2 := yaml.Marshal(sc.Interventions[i])
		if err1 != nil || err2 != nil || b.Interventions[i].Name() != sc.Interventions[i].Name() || !bytes.Equal(x, y) {
			return false
		}
	}
	return true
}

// Covers returns the name under which the analysis swept alternative alt
// against base over years, or "" and why it did not: base must have no
// interventions and both the analysis's market configuration, alt must
// have exactly the interventions of a swept built-in, and the horizon must
// be the analysis's.
func (f *RobustnessFile) Covers(base, alt *scenarios.Scenario, years int) (string, string) {
	switch {
	case f == nil:
		return "", "no robustness analysis was given"
	case base == nil || alt == nil:
		return "", "the scenarios' definitions are not recorded"
	case years != f.Years:
		return "", fmt.Sprintf("the analysis covers %d years and this comparison %d", f.Years, years)
	case len(base.Interventions) > 0:
		return "", "the analysis compares with the baseline without interventions"
	}
	name, ok := SweptAs(alt)
	if !ok || f.scenario(name) < 0 {
		return "", "the analysis swept the built-in interventions, unchanged, not this scenario's"
	}
	for _, sc := range []*scenarios.Scenario{base, alt} {
		h, err := ConfigSHA256(sc.Config)
		if err != nil || h != f.ConfigSHA256 {
			return "", "the analysis swept another market configuration than this comparison's"
		}
	}
	return name, ""
}

// scenario returns the index of the swept scenario name, or −1.
func (f *RobustnessFile) scenario(name string) int {
	for i, s := range f.Scenarios {
		if s.Name == name {
			return i
		}
	}
	return -1
}
