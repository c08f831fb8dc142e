package scenarios_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/caremarket/caremarket/market"
	"github.com/caremarket/caremarket/scenarios"
)

func TestParseGoodFile(t *testing.T) {
	src := `
name: my-test
description: a test
seed: 42
runs: 7
years: 3
start: "2024-04"
overrides:
  demand:
    starters_per_year: 35000
    tiers: {standard: 0.7, complex: 0.28, very_complex: 0.02}
  regions:
    - {name: "North", prop_index: 0.7, adjacent: ["South"]}
    - {name: "South", prop_index: 1.2, adjacent: ["North"]}
  councils:
    - {code: E08000003, name: M, region: North, lat: 53.5, lon: -2.2, children: 100, population: 90000}
    - {code: E10000014, name: C, region: South, lat: 51.1, lon: -1.3, children: 80, population: 200000}
  coops: []
interventions:
  - type: ProfitCap
    start_week: 52
    rate: 0.08
    mode: Clawback
  - type: NFPEntry
    start_week: 10
    homes: 50
`
	sc, err := scenarios.Parse("dir/my.yaml", []byte(src))
	require.NoError(t, err)
	base, err := scenarios.Baseline()
	require.NoError(t, err)
	assert.Equal(t, "my-test", sc.Name)
	assert.Equal(t, "a test", sc.Description)
	assert.Equal(t, uint64(42), sc.Seed)
	assert.Equal(t, 7, sc.Runs)
	assert.Equal(t, 3, sc.Years)
	assert.Equal(t, "2024-04", sc.Start)
	assert.Equal(t, 35000.0, sc.Config.Demand.StartersPerYear)
	assert.Equal(t, market.ByTier{Standard: 0.7, Complex: 0.28, VeryComplex: 0.02}, sc.Config.Demand.Tiers)
	// Keys not given keep the baseline's values.
	assert.Equal(t, base.Demand.EpisodeMu, sc.Config.Demand.EpisodeMu)
	assert.Equal(t, base.Costs, sc.Config.Costs)
	// Lists replace the whole list.
	require.Len(t, sc.Config.Councils, 2)
	require.Len(t, sc.Config.Regions, 2)
	assert.Empty(t, sc.Config.Coops)
	require.Len(t, sc.Interventions, 2)
	pc, ok := sc.Interventions[0].(*scenarios.ProfitCap)
	require.True(t, ok)
	assert.Equal(t, 52, pc.StartWeek())
	assert.Equal(t, 0.08, pc.Rate)
	assert.Equal(t, "Clawback", pc.Mode)
	assert.True(t, pc.Transparency, "parameters not given keep the type's defaults")
	assert.Equal(t, 2, pc.PhaseInYears)
	nfp := sc.Interventions[1].(*scenarios.NFPEntry)
	assert.Equal(t, 50, nfp.Homes)
	assert.Equal(t, 5.0, nfp.Years)
	assert.Equal(t, []byte(src), sc.Source)
}

func TestParseDefaults(t *testing.T) {
	sc, err := scenarios.Parse("some/where/quiet-run.yml", []byte("extends: baseline\n"))
	require.NoError(t, err)
	def, err := scenarios.Builtin("baseline")
	require.NoError(t, err)
	assert.Equal(t, "quiet-run", sc.Name, "the name defaults to the file's base name")
	assert.Equal(t, def.Seed, sc.Seed)
	assert.Equal(t, def.Years, sc.Years)
	assert.Equal(t, def.Config, sc.Config)
	assert.Empty(t, sc.Interventions)

	// Extending another built-in keeps its interventions; the file's come after.
	sc, err = scenarios.Parse("x.yaml", []byte("extends: nfp-entry\ninterventions:\n  - {type: FinancialOversight, start_week: 52}\n"))
	require.NoError(t, err)
	require.Len(t, sc.Interventions, 2)
	assert.IsType(t, &scenarios.NFPEntry{}, sc.Interventions[0])
	assert.IsType(t, &scenarios.FinancialOversight{}, sc.Interventions[1])

	// Empty overrides and interventions are allowed.
	_, err = scenarios.Parse("x.yaml", []byte("overrides:\ninterventions:\n"))
	require.NoError(t, err)
}

// oneFileError parses src as bad.yaml and checks that it gives one error,
// a *scenarios.FileError starting with want and holding also; it returns
// the error.
func oneFileError(t *testing.T, src, want, also string) error {
	t.Helper()
	_, err := scenarios.Parse("bad.yaml", []byte(src))
	require.Error(t, err)
	msg := err.Error()
	assert.Equal(t, 1, strings.Count(msg, "\n")+1, "one error: %s", msg)
	assert.True(t, strings.HasPrefix(msg, want), "%q should start with %q", msg, want)
	assert.Contains(t, msg, also)
	var fe *scenarios.FileError
	assert.True(t, errors.As(err, &fe), "a *scenarios.FileError in %v", err)
	return err
}

// TestBadFiles checks that each kind of mistake gives one error naming the
// file, the line and the key.
func TestBadFiles(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		want      string // the error's start: file:line: field
		also      string // a part of the message
	}{
		{"invalid yaml", "name: x\n  bad: : yaml\n", "bad.yaml:2: ", "invalid YAML"},
		{"tab indentation", "name: x\noverrides:\n\tdemand: 1\n", "bad.yaml:3: ", "invalid YAML"},
		{"unknown top key", "name: x\nyearz: 2\n", "bad.yaml:2: yearz: ", `did you mean "years"`},
		{"unknown nested key", "overrides:\n  demand:\n    starters_per_yer: 1\n", "bad.yaml:3: overrides.demand.starters_per_yer: ", "allowed in overrides.demand: starters_per_year"},
		{"unknown section", "overrides:\n  demandz: {}\n", "bad.yaml:2: overrides.demandz: ", "unknown key"},
		{"wrong type number", "years: two\n", "bad.yaml:1: years: ", "want a whole number"},
		{"wrong type float", "overrides:\n  costs:\n    home_fixed: lots\n", "bad.yaml:3: overrides.costs.home_fixed: ", "want a number"},
		{"wrong type mapping", "overrides:\n  demand: [1, 2]\n", "bad.yaml:2: overrides.demand: ", "want a mapping"},
		{"wrong type list", "overrides:\n  councils: {a: 1}\n", "bad.yaml:2: overrides.councils: ", "want a list"},
		{"wrong array length", "overrides:\n  foster:\n    approved: [0.5, 0.5]\n", "bad.yaml:3: overrides.foster.approved: ", "want a list of 3 values"},
		{"negative seed", "seed: -1\n", "bad.yaml:1: seed: ", "zero or more"},
		{"out of range", "overrides:\n  demand:\n    starters_per_year: -5\n", "bad.yaml:3: overrides.demand.starters_per_year: ", "-5: "},
		{"out of range share", "overrides:\n  matching:\n    homes_usable_share: 1.5\n", "bad.yaml:3: overrides.matching.homes_usable_share: ", "allowed 0 to 1"},
		{"shares not summing", "overrides:\n  foster:\n    approved: [0.5, 0.4, 0.2]\n", "bad.yaml:3: overrides.foster.approved: ", "sum to 1"},
		{"years out of range", "years: 101\n", "bad.yaml:1: years: ", "allowed 1 to 100"},
		{"runs out of range", "runs: 1000001\n", "bad.yaml:1: runs: ", "allowed 1 to 1000000"},
		{"zero runs", "runs: 0\n", "bad.yaml:1: runs: ", "allowed 1"},
		{"bad start", "start: 2023-05\n", "bad.yaml:1: start: ", "YYYY-04"},
		{"bad name", "name: ../../etc\n", "bad.yaml:1: name: ", "letters, digits"},
		{"unknown extends", "extends: utopia\n", "bad.yaml:1: extends: ", "not a built-in scenario"},
		{"council region", "overrides:\n  coops: []\n  councils:\n    - {code: E08000003, name: M, region: Atlantis, lat: 53.5, lon: -2.2, children: 100}\n", "bad.yaml:4: overrides.councils[0].region: ", "must name a region"},
		{"no value", "overrides:\n  demand:\n    starters_per_year:\n", "bad.yaml:3: overrides.demand.starters_per_year: ", "has no value"},
		{"duplicate key", "years: 2\nyears: 3\n", "bad.yaml:2: years: ", "given twice"},
		{"unknown intervention", "interventions:\n  - type: Utopia\n", "bad.yaml:2: interventions[0].type: ", "allowed CoopCommissioning"},
		{"intervention without type", "interventions:\n  - rate: 0.1\n", "bad.yaml:2: interventions[0]: ", "missing type"},
		{"intervention unknown key", "interventions:\n  - type: ProfitCap\n    rat: 0.1\n", "bad.yaml:3: interventions[0].rat: ", `did you mean "rate"`},
		{"intervention wrong type", "interventions:\n  - type: ProfitCap\n    rate: high\n", "bad.yaml:3: interventions[0].rate: ", "want a number"},
		{"intervention out of range", "interventions:\n  - type: ProfitCap\n    rate: 2\n", "bad.yaml:3: interventions[0].rate: ", "allowed 0 to 0.5"},
		{"intervention start", "years: 1\ninterventions:\n  - type: ProfitCap\n    start_week: 60\n", "bad.yaml:4: interventions[0].start_week: ", "allowed 0 to 51"},
		{"intervention not a mapping", "interventions:\n  - ProfitCap\n", "bad.yaml:2: interventions[0]: ", "mapping"},
		{"interventions not a list", "interventions: ProfitCap\n", "bad.yaml:1: interventions: ", "want a list"},
		{"not a mapping", "- a\n- b\n", "bad.yaml:1: ", "mapping of keys"},
		{"empty", "", "bad.yaml: ", "empty"},
		{"two documents", "name: a\n---\nname: b\n", "bad.yaml:2: ", "one YAML document"},
		{"merge keys", "overrides:\n  demand:\n    <<: {a: 1}\n", "bad.yaml:3: overrides.demand.<<: ", "unknown key"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			oneFileError(t, tc.src, tc.want, tc.also)
		})
	}
}

func TestParseReportsSeveralProblems(t *testing.T) {
	_, err := scenarios.Parse("bad.yaml", []byte("yearz: 1\nrunz: 2\n"))
	require.Error(t, err)
	assert.Equal(t, "bad.yaml:1: yearz: unknown key (did you mean \"years\"?); allowed here: name, description, extends, seed, runs, years, start, overrides, interventions\n"+
		"bad.yaml:2: runz: unknown key (did you mean \"runs\"?); allowed here: name, description, extends, seed, runs, years, start, overrides, interventions", err.Error())
}

func TestLoadFileErrors(t *testing.T) {
	dir := t.TempDir()
	_, err := scenarios.LoadFile(filepath.Join(dir, "missing.yaml"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "missing.yaml")
	assert.ErrorIs(t, err, os.ErrNotExist)

	// A file over 2 MB is refused without reading it (a sparse file).
	big := filepath.Join(dir, "big.yaml")
	f, err := os.Create(big)
	require.NoError(t, err)
	require.NoError(t, f.Truncate(scenarios.MaxFileBytes+1))
	require.NoError(t, f.Close())
	_, err = scenarios.LoadFile(big)
	require.ErrorContains(t, err, "at most 2097152 bytes")
	assert.Contains(t, err.Error(), "big.yaml")

	_, err = scenarios.LoadFile(dir)
	require.ErrorContains(t, err, "directory")

	good := filepath.Join(dir, "good.yaml")
	require.NoError(t, os.WriteFile(good, []byte("years: 2\n"), 0o644))
	sc, err := scenarios.LoadFile(good)
	require.NoError(t, err)
	assert.Equal(t, "good", sc.Name)
	assert.Equal(t, 2, sc.Years)
}

func TestParseCapsTheErrors(t *testing.T) {
	// Replacing the councils leaves the co-ops naming councils that are
	// gone, and eight regions without a council: many problems, reported
	// up to a cap.
	_, err := scenarios.Parse("bad.yaml", []byte("overrides:\n  councils:\n    - {code: E08000003, name: M, region: North West, lat: 53.5, lon: -2.2, children: 100}\n"))
	require.Error(t, err)
	lines := strings.Split(err.Error(), "\n")
	assert.Len(t, lines, 21)
	assert.Contains(t, lines[0], "bad.yaml:1: overrides.regions[0]: North East: every region needs at least one council")
	assert.Contains(t, err.Error(), "bad.yaml:1: overrides.coops[0].members: ")
	assert.Regexp(t, `^bad.yaml: and \d+ more problems$`, lines[20])
}

func TestParseTooManyCouncils(t *testing.T) {
	var b strings.Builder
	b.WriteString("overrides:\n  councils:\n")
	for range market.MaxCouncils + 1 {
		b.WriteString("    - {}\n")
	}
	_, err := scenarios.Parse("many.yaml", []byte(b.String()))
	require.Error(t, err)
	assert.Equal(t, fmt.Sprintf("many.yaml:3: overrides.councils: %d councils: at most %d", market.MaxCouncils+1, market.MaxCouncils), err.Error())
}

func TestParseAliasBomb(t *testing.T) {
	// A "billion laughs" document must be refused, not expanded.
	src := `a: &a ["x","x","x","x","x","x","x","x","x"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
`
	_, err := scenarios.Parse("bomb.yaml", []byte(src))
	require.Error(t, err)
	_, err = scenarios.Parse("bomb.yaml", []byte("overrides:\n  coops: &c [{members: [a]}]\n  regions: *c\n"))
	require.Error(t, err)
}

func TestExampleScenarioFiles(t *testing.T) {
	files, err := filepath.Glob("../examples/scenarios/*.yaml")
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(files), 3)
	for _, f := range files {
		sc, err := scenarios.LoadFile(f)
		require.NoError(t, err, f)
		require.NoError(t, sc.Validate(), f)
		assert.NotEmpty(t, sc.Description, f)
		assert.Equal(t, strings.TrimSuffix(filepath.Base(f), ".yaml"), sc.Name, "%s: the name matches the file", f)
	}
}

// FuzzParse feeds the scenario-file loader and validator arbitrary bytes: it
// must never panic, every line of an error names the file, and a file it
// accepts must make a valid scenario. The seed corpus is
// testdata/fuzz/FuzzParse (every intervention type, extends, every
// overrides section, limits, broken YAML) plus the examples.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("../examples/scenarios/*.yaml")
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		sc, err := scenarios.Parse("fuzz.yaml", data)
		if err != nil {
			if strings.Contains(err.Error(), "internal error") {
				t.Fatalf("the loader panicked: %v", err)
			}
			for _, line := range strings.Split(err.Error(), "\n") {
				if !strings.HasPrefix(line, "fuzz.yaml") {
					t.Fatalf("a line of the error does not name the file: %q in %v", line, err)
				}
			}
			return
		}
		if err := sc.Validate(); err != nil {
			t.Fatalf("accepted an invalid scenario: %v", err)
		}
		if err := sc.Config.Validate(); err != nil {
			t.Fatalf("accepted an invalid configuration: %v", err)
		}
	})
}

// TestParseRefusesUnknownNames: names an intervention looks up in the
// configuration (regions, co-operative layouts and co-ops) are checked when
// the file is read, with the line of the key, rather than failing every run
// when the intervention starts; and an error in a file that extends a
// built-in with interventions names the file's own intervention index.
func TestParseRefusesUnknownNames(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		want      string // the error's start: file:line: field
		also      string
	}{
		{"NFP region", "years: 2\ninterventions:\n  - type: NFPEntry\n    start_week: 60\n    regions: [North East, Atlantis]\n",
			"bad.yaml:5: interventions[0].regions: Atlantis: ", "a region name: North East, North West"},
		{"in-house region", "interventions:\n  - {type: InHouseBuild, regions: [london]}\n",
			"bad.yaml:2: interventions[0].regions: london: ", "London"},
		{"unknown co-op", "interventions:\n  - {type: FinancialOversight}\n  - {type: CoopCommissioning, coops: [Nowhere]}\n",
			"bad.yaml:3: interventions[1].coops: Nowhere: ", "a co-op of layout regions: "},
		{"layout without co-ops", "overrides:\n  coops: []\ninterventions:\n  - {type: CoopCommissioning, layout: pathfinders}\n",
			"bad.yaml:4: interventions[0].layout: pathfinders: ", "a layout with co-ops in the configuration's coops table"},
		{"file's index after a built-in's interventions", "extends: nfp-entry\ninterventions:\n  - {type: FinancialOversight}\n  - {type: ProfitCap, start_week: 900}\n",
			"bad.yaml:4: interventions[1].start_week: 900: ", "allowed 0 to 519"},
		{"conflict with a built-in's intervention", "extends: nfp-entry\ninterventions:\n  - {type: NFPEntry, start_week: 0}\n",
			"bad.yaml:3: interventions[0]: ", "sets rule NFP"},
		{"co-ops removed under an inherited intervention", "extends: coop\noverrides:\n  coops: []\n",
			"bad.yaml:1: extends: ", "coop's intervention CoopCommissioning"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := oneFileError(t, tc.src, tc.want, tc.also)
			if strings.Contains(tc.name, "conflict") {
				return // a conflict of rules is no one field's value
			}
			var ve *market.FieldError
			assert.True(t, errors.As(err, &ve), "a *market.FieldError in %v", err)
		})
	}
	for _, ok := range []string{
		"interventions:\n  - {type: NFPEntry, regions: [North East, London]}\n  - {type: InHouseBuild, regions: [South West]}\n",
		"interventions:\n  - {type: CoopCommissioning, layout: pathfinders}\n",
		"interventions:\n  - {type: CoopCommissioning, coops: [London, North East]}\n",
		"extends: coop\n",
	} {
		_, err := scenarios.Parse("ok.yaml", []byte(ok))
		assert.NoError(t, err, ok)
	}
}

// TestStarterAgesAndTriggerAreChecked: docs/scenario-files.md said
// starter_ages and a profit cap's trigger were "any (not checked)"; both
// are checked, and the error names the key as the file writes it (not
// starter_ages[0]).
func TestStarterAgesAndTriggerAreChecked(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"overrides:\n  demand:\n    starter_ages:\n      under_1: 2\n", "overrides.demand.starter_ages.under_1: 2: allowed 0 to 1"},
		{"interventions:\n  - type: ProfitCap\n    trigger: 3\n", "trigger: 3: allowed 0 to 1"},
	} {
		_, err := scenarios.Parse("f.yaml", []byte(tc.src))
		require.Error(t, err, tc.src)
		assert.Contains(t, err.Error(), tc.want)
	}
}
