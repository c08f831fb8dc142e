package scenarios

import (
	"fmt"
	"sort"
	"strings"
)

// interventionTypes maps an intervention type name, as written in scenario
// files, to a constructor of that intervention with its defaults.
var interventionTypes = map[string]func() Intervention{}

// registerIntervention makes an intervention type available to scenario
// files under name.
func registerIntervention(name string, fn func() Intervention) {
	interventionTypes[name] = fn
}

// NewIntervention returns the named intervention type with its default
// parameters, ready for a scenario file's parameters to be decoded into it
// (its exported fields carry yaml tags). The names are those of MODEL.md
// section 6, e.g. "ProfitCap".
func NewIntervention(typeName string) (Intervention, error) {
	fn, ok := interventionTypes[typeName]
	if !ok {
		return nil, fmt.Errorf("unknown intervention type %q: allowed %s", typeName, strings.Join(InterventionTypes(), ", "))
	}
	return fn(), nil
}

// InterventionTypes returns the intervention type names, sorted.
func InterventionTypes() []string {
	out := make([]string, 0, len(interventionTypes))
	for n := range interventionTypes {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}
