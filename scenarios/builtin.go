package scenarios

import (
	"fmt"
	"sort"
	"strings"
)

// builtin describes a named scenario: a one-line description and a
// function that builds it on the England baseline.
type builtin struct {
	name, desc string
	make       func(sc *Scenario) error
}

var builtins []builtin

func register(name, desc string, make func(sc *Scenario) error) {
	builtins = append(builtins, builtin{name, desc, make})
}

func init() {
	register("baseline", "England 2023/24 with no intervention: the market as it is", func(*Scenario) error { return nil })
}

// Info names a built-in scenario.
type Info struct {
	Name, Description string
}

// List returns the built-in scenarios in the order they are registered.
func List() []Info {
	out := make([]Info, len(builtins))
	for i, b := range builtins {
		out[i] = Info{b.name, b.desc}
	}
	return out
}

// Builtin returns a fresh copy of the named built-in scenario, with seed 1,
// 10 years and one run.
func Builtin(name string) (*Scenario, error) {
	for _, b := range builtins {
		if b.name == name {
			cfg, err := Baseline()
			if err != nil {
				return nil, err
			}
			sc := &Scenario{Name: b.name, Description: b.desc, Seed: 1, Start: "2023-04", Years: 10, Runs: 1, Config: cfg}
			if err := b.make(sc); err != nil {
				return nil, err
			}
			return sc, nil
		}
	}
	names := make([]string, len(builtins))
	for i, b := range builtins {
		names[i] = b.name
	}
	sort.Strings(names)
	return nil, fmt.Errorf("unknown scenario %q: built-in scenarios are %s (or give a scenario file ending .yaml)", name, strings.Join(names, ", "))
}
