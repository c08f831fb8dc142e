package scenarios

import (
	"github.com/caremarket/caremarket/internal/safeio"

	"fmt"
	"sort"
	"strings"

	"github.com/caremarket/caremarket/internal/strictyaml"
)

// builtin describes a named scenario: a one-line description and a
// function that builds it on the England baseline.
type builtin struct {
	name, desc string
	make       func(sc *Scenario) error
	// file, when not empty, is an embedded scenario file (data/NAME.yaml)
	// the built-in is read from: its start, horizon, overrides and dated
	// events, laid over the England baseline.
	file string
}

// DefaultStart is the first reported month of the England baseline and the
// built-ins built on it: April 2023 (financial year 2023/24). A built-in
// read from a scenario file takes the file's start.
const DefaultStart = "2023-04"

// registerFile registers a built-in read from the embedded scenario file
// file.
func registerFile(name, desc, file string) {
	builtins = append(builtins, builtin{name: name, desc: desc, file: file})
}

var builtins []builtin

func register(name, desc string, make func(sc *Scenario) error) {
	builtins = append(builtins, builtin{name: name, desc: desc, make: make})
}

// PolicyStart is the week the built-in interventions start: April 2024, a
// year into the reported horizon, so the first year shows the market before
// them.
const PolicyStart = 52

// with returns a builder that gives each scenario fresh interventions, so
// scenarios built from the same name share no state.
func with(make func() []Intervention) func(*Scenario) error {
	return func(sc *Scenario) error {
		sc.Interventions = append(sc.Interventions, make()...)
		return nil
	}
}

func ivs(xs ...Intervention) []Intervention { return xs }

func init() {
	s := PolicyStart
	register("baseline", "England 2023/24 with no intervention: the market as it is", with(func() []Intervention { return nil }))
	register("profit-cap", "10% cap on operating margins as a price ceiling on new quotes, with transparency, from 2024/25",
		with(func() []Intervention { return ivs(NewProfitCap(s)) }))
	register("profit-cap-clawback", "10% cap on operating margins, excess profit clawed back each April, from 2024/25",
		with(func() []Intervention {
			clawback := NewProfitCap(s)
			clawback.Mode = "Clawback"
			return ivs(clawback)
		}))
	register("price-cap", "weekly price caps on new placements about 10% below 2023/24 prices, from 2024/25",
		with(func() []Intervention { return ivs(NewPriceCap(s)) }))
	register("windfall-tax", "25% tax on profit above a 10% margin for providers with revenue over £50m, from 2024/25",
		with(func() []Intervention { return ivs(NewWindfallTax(s)) }))
	register("nfp-entry", "not-for-profit providers funded to open 200 children's homes over 5 years, from 2024/25",
		with(func() []Intervention { return ivs(NewNFPEntry(s)) }))
	register("coop", "all 9 regions commission through regional co-operatives (all four switches), from 2024/25",
		with(func() []Intervention { return ivs(NewCoopCommissioning(s)) }))
	register("coop-nfp", "regional co-operatives in all 9 regions plus 200 NFP homes over 5 years, from 2024/25",
		with(func() []Intervention { return ivs(NewCoopCommissioning(s), NewNFPEntry(s)) }))
	register("oversight", "financial oversight of providers with 20+ units: orderly exits, transparent costs, from 2024/25",
		with(func() []Intervention { return ivs(NewFinancialOversight(s)) }))
	register("foster-recruitment", "9,000 extra foster households approved over 3 years, from 2024/25",
		with(func() []Intervention { return ivs(NewFosterRecruitment(s)) }))
	register("inhouse-build", "councils funded to open 100 children's homes of their own over 5 years, from 2024/25",
		with(func() []Intervention { return ivs(NewInHouseBuild(s)) }))
	register("unregistered-ban", "no unregistered placements: children wait instead; 5% of unregistered settings register a year, from 2024/25",
		with(func() []Intervention { return ivs(NewUnregisteredBan(s)) }))
	register("reform-2024", "the November 2024 package: financial oversight, a backstop 10% profit cap held in reserve, 200 NFP homes, regional co-operatives",
		with(func() []Intervention {
			reserve := NewProfitCap(s)
			reserve.Reserve = true
			return ivs(NewFinancialOversight(s), reserve, NewNFPEntry(s), NewCoopCommissioning(s))
		}))
	register("rate-shock", "stress test: the base rate rises 3 points from 2024/25 and leveraged providers refinance at the higher rate",
		with(func() []Intervention { return ivs(NewRateShock(s)) }))
	register("oversight-rate-shock", "the rate shock with financial oversight of providers with 20+ units from 2024/25: exits of large providers are orderly",
		with(func() []Intervention { return ivs(NewRateShock(s), NewFinancialOversight(s)) }))
	registerFile("history-2019", "England from April 2019, demand on its published path, the 2021 and 2023 rules as dated events: the hindcast of 2019/20 to 2023/24",
		"data/history-2019.yaml")
}

// Info names a built-in scenario.
type Info struct {
	Name, Description string
	// History marks a history (a hindcast from an earlier start, read
	// from an embedded scenario file), not a policy alternative to the
	// baseline: comparisons and the robustness analysis leave it out.
	History bool
}

// List returns the built-in scenarios in the order they are registered.
func List() []Info {
	out := make([]Info, len(builtins))
	for i, b := range builtins {
		out[i] = Info{Name: b.name, Description: b.desc, History: b.file != ""}
	}
	return out
}

// Builtin returns a fresh copy of the named built-in scenario, with seed 1,
// 10 years and one run.
func Builtin(name string) (*Scenario, error) {
	for _, b := range builtins {
		if b.name == name && b.file != "" {
			return builtinFile(b)
		}
		if b.name == name {
			cfg, err := Baseline()
			if err != nil {
				return nil, err
			}
			sc := &Scenario{Name: b.name, Description: b.desc, Seed: 1, Start: DefaultStart, Years: 10, Runs: 1, Config: cfg}
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
	hint := ""
	if s := strictyaml.Closest(name, names); s != "" {
		hint = fmt.Sprintf(" (did you mean %q?)", s)
	}
	return nil, fmt.Errorf("unknown scenario %q%s: built-in scenarios are %s; or give a scenario file (NAME.yaml)", safeio.Clip(name), hint, strings.Join(names, ", "))
}

// builtinFile reads built-in b from its embedded scenario file. It is a
// built-in, not a file: its text is hashed with the baseline's for
// manifests (builtinData), and Source stays empty.
func builtinFile(b builtin) (*Scenario, error) {
	data, err := dataFS.ReadFile(b.file)
	if err != nil {
		return nil, err
	}
	sc, err := Parse("embedded "+b.file, data)
	if err != nil {
		return nil, err
	}
	sc.Name, sc.Description, sc.Source = b.name, b.desc, nil
	return sc, nil
}

// builtinData returns the embedded scenario file of the named built-in, or
// nil for a built-in made in code.
func builtinData(name string) []byte {
	for _, b := range builtins {
		if b.name == name && b.file != "" {
			data, _ := dataFS.ReadFile(b.file)
			return data
		}
	}
	return nil
}
