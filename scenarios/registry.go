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

// RegisterIntervention makes an intervention type written outside the
// library available to scenario files under name, e.g. from an init
// function of the program that reads them. fn returns the intervention with
// its defaults; its exported fields with yaml tags are the file's keys. It
// returns an error if the name is empty or already taken.
func RegisterIntervention(name string, fn func() Intervention) error {
	if name == "" || fn == nil {
		return fmt.Errorf("RegisterIntervention: need a name and a constructor")
	}
	if _, ok := interventionTypes[name]; ok {
		return fmt.Errorf("RegisterIntervention: intervention type %q is already registered", name)
	}
	interventionTypes[name] = fn
	return nil
}

// NewIntervention returns the named intervention type with its default
// parameters, ready for a scenario file's parameters to be decoded into it
// (its exported fields carry yaml tags). The names are those of docs/model.md
// §6, e.g. "ProfitCap".
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
