package market_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/caremarket/caremarket/agents"
	"github.com/caremarket/caremarket/internal/testkit"
	"github.com/caremarket/caremarket/market"
	"github.com/caremarket/caremarket/scenarios"
)

// policies returns interventions that use every lever that keeps state in
// slices (co-ops, both building programmes) and others, all from reported
// week start; fresh ones on each call.
func policies(start int) []market.Intervention {
	return []market.Intervention{
		&rulesChange{start: start, name: "coops", apply: func(w *market.World) error {
			rule := market.DefaultRules().Coop
			rule.PooledSearch, rule.BuyerPower, rule.BlockContracts, rule.Forecasting = true, true, true, true
			return w.SetCoopCommissioning(rule, []agents.Coop{{Name: "North", Members: []int{0, 1, 2}}, {Name: "South", Members: []int{3, 4}}})
		}},
		&rulesChange{start: start + 3, name: "programmes", apply: func(w *market.World) error {
			w.StartProgram(false, 6, 104, nil)
			w.StartProgram(true, 4, 104, []int{1})
			w.StartFosterDrive(30, 52, 1.1)
			return nil
		}},
		&rulesChange{start: start + 5, name: "caps", apply: func(w *market.World) error {
			w.SetTransparency()
			w.SetProfitCap(market.PriceCeiling, 0.1, 2)
			w.SetUnregistered(market.Ban, 0, 0.05)
			return nil
		}},
	}
}

// stepTo steps w until its engine week is week.
func stepTo(t *testing.T, w *market.World, week int) {
	t.Helper()
	for w.Week() < week {
		require.NoError(t, w.Step())
	}
}

// TestCloneContinues runs a world some weeks, clones it, and checks that the
// copy and the original each go on to give, bit for bit, the results of an
// uninterrupted run: the copy stepped to the end first, then the original
// (so a state they shared would show), and the two stepped in turns. The
// copies check the world's invariants every week.
func TestCloneContinues(t *testing.T) {
	t.Parallel()
	const years = 3
	for _, tc := range []struct {
		name   string
		at     int // engine week of the copy
		policy bool
	}{
		{"as built", 0, false},
		{"in the warm-up", 17, false},
		{"at the first reported week", 52, false},
		{"mid-year", 52 + 30, true},
		{"after the policies", 52 + 60, true},
		{"at a quarter and April", 52 + 103, true},
		{"at the last week", 52 + years*52 - 1, true},
		{"at the end", 52 + years*52, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			opts := market.Options{Seed: 11, Run: 2, Years: years}
			if tc.policy {
				opts.Interventions = policies(40)
			}
			want := run(t, smallConfig(), opts)

			w, err := market.New(smallConfig(), opts)
			require.NoError(t, err)
			stepTo(t, w, tc.at)
			runCopyThenOriginal(t, w, want)

			w, err = market.New(smallConfig(), opts)
			require.NoError(t, err)
			stepTo(t, w, tc.at)
			a, b := w.Clone(), w.Clone()
			for !a.Done() {
				require.NoError(t, a.Step())
				require.NoError(t, b.Step())
				require.NoError(t, a.Check(), "week %d", a.Week())
			}
			require.NoError(t, resultsEqual(want, a.Results()), "copies stepped in turns")
			require.NoError(t, resultsEqual(want, b.Results()), "copies stepped in turns")
		})
	}
}

// TestCloneContinuesEngland is TestCloneContinues on the England baseline
// with the copy at the built-ins' policy start.
func TestCloneContinuesEngland(t *testing.T) {
	testkit.SkipShort(t, "three England runs take a few seconds; skipped with -short")
	t.Parallel()
	cfg, err := scenarios.Baseline()
	require.NoError(t, err)
	opts := market.Options{Seed: 1, Run: 1, Years: 2}
	want := run(t, cfg, opts)
	w, err := market.New(cfg, opts)
	require.NoError(t, err)
	stepTo(t, w, market.WarmupWeeks+scenarios.PolicyStart)
	runCopyThenOriginal(t, w, want)
}

// runCopyThenOriginal runs a Clone of w to the end, then w itself, and
// requires both to give want.
func runCopyThenOriginal(t *testing.T, w *market.World, want *market.Results) {
	t.Helper()
	res, err := w.Clone().Run(t.Context(), nil)
	require.NoError(t, err)
	require.NoError(t, resultsEqual(want, res), "the copy")
	res, err = w.Run(t.Context(), nil)
	require.NoError(t, err)
	require.NoError(t, resultsEqual(want, res), "the original, after its copy ran")
}

// TestFork checks that a world forked before any intervention acts, with
// another set of interventions, gives the results of a run built with that
// set; and that Fork refuses what would not be.
func TestFork(t *testing.T) {
	t.Parallel()
	const years, start = 2, 30
	base := market.Options{Seed: 3, Years: years}
	alt := base
	alt.Interventions = policies(start)
	want := run(t, smallConfig(), alt)
	wantBase := run(t, smallConfig(), base)
	for _, at := range []int{0, 52, 52 + start} {
		w, err := market.New(smallConfig(), base)
		require.NoError(t, err)
		stepTo(t, w, at)
		f, err := w.Fork(policies(start))
		require.NoError(t, err)
		res, err := f.Run(t.Context(), nil)
		require.NoError(t, err)
		require.NoError(t, resultsEqual(want, res), "fork at engine week %d", at)
		res, err = w.Run(t.Context(), nil)
		require.NoError(t, err)
		require.NoError(t, resultsEqual(wantBase, res), "the baseline after its fork, at %d", at)
	}

	for _, tc := range []struct {
		name, want string
		opts       market.Options
		at         int
		ivs        []market.Intervention
	}{
		{"an intervention already in force", "no intervention in force", alt, 52 + start + 1, nil},
		{"an intervention due earlier", "cannot take an intervention due earlier", base, 52 + start + 1, policies(start)},
		{"past the horizon", "allowed", base, 52, []market.Intervention{stubIntervention{start: years * 52}}},
		{"nil", "must not be nil", base, 52, []market.Intervention{nil}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w, err := market.New(smallConfig(), tc.opts)
			require.NoError(t, err)
			stepTo(t, w, tc.at)
			_, err = w.Fork(tc.ivs)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

// cloneFields lists World's fields, each of which Clone (clone.go) copies.
// A field added to World fails TestCloneFieldsListed until it is copied
// there and named here.
var cloneFields = []string{
	"cfg", "opts", "Rules", "week", "warmup", "weeks", "startYear", "rng", "src",
	"regions", "Councils", "Providers", "Homes", "Households",
	"kids", "vac", "cal", "seek", "acct", "stats", "res",
	"interventions", "applied", "warnings",
	"acceptBase", "punreg", "reviewLeft", "costs", "price", "profiles", "qpows", "ctx",
	"fosterExtra", "yearExits", "yearProviders", "growthAt", "growthVal", "nonUASCAges",
	"scratch", "sB", "staffRatio", "nationalWage", "closing", "building", "nfpByRegion",
	"blockPayer", "meanUnits0", "councilFund",
}

// TestCloneFieldsListed fails when World's fields and cloneFields differ.
func TestCloneFieldsListed(t *testing.T) {
	t.Parallel()
	typ := reflect.TypeFor[market.World]()
	var got []string
	for i := range typ.NumField() {
		got = append(got, typ.Field(i).Name)
	}
	for _, f := range got {
		assert.Contains(t, cloneFields, f, "World.%s is new: copy it in Clone (market/clone.go) and list it in cloneFields", f)
	}
	for _, f := range cloneFields {
		assert.Contains(t, got, f, "World.%s is gone: drop it from cloneFields", f)
	}
}

// TestCloneSharesNothing walks a world and its copy field by field (every
// type it holds, to any depth) and fails on any slice, map or pointer the
// two share: a reference Clone forgot. Only the interventions (which market
// cannot copy) and functions are shared.
func TestCloneSharesNothing(t *testing.T) {
	t.Parallel()
	opts := market.Options{Seed: 5, Years: 2, Interventions: policies(10)}
	w, err := market.New(smallConfig(), opts)
	require.NoError(t, err)
	stepTo(t, w, 52+60) // every buffer in use, the policies in force
	c := w.Clone()
	var wk walker
	wk.walk("World", reflect.ValueOf(w).Elem(), reflect.ValueOf(c).Elem())
	assert.Empty(t, wk.shared, "references shared by a world and its Clone")
	assert.Greater(t, wk.seen, 100, "the walk compared too few references")
}

// walker finds the references two values share.
type walker struct {
	shared []string // paths of shared references
	seen   int      // references compared
}

// walk records the path of every reference a and b share.
func (wk *walker) walk(path string, a, b reflect.Value) {
	switch a.Kind() {
	case reflect.Slice:
		if a.Cap() == 0 {
			return
		}
		wk.seen++
		if a.Pointer() == b.Pointer() {
			wk.shared = append(wk.shared, path)
			return
		}
		if a.Cap() != b.Cap() || a.Len() != b.Len() {
			wk.shared = append(wk.shared, path+" (length or capacity differ)")
			return
		}
		if !hasRefs(a.Type().Elem()) {
			return
		}
		fa, fb := a.Slice(0, a.Cap()), b.Slice(0, b.Cap())
		for i := range fa.Len() {
			wk.walk(path+"[]", fa.Index(i), fb.Index(i))
		}
	case reflect.Pointer, reflect.Map:
		if a.IsNil() {
			return
		}
		wk.seen++
		if a.Pointer() == b.Pointer() {
			wk.shared = append(wk.shared, path)
			return
		}
		if a.Kind() == reflect.Pointer {
			wk.walk(path+"*", a.Elem(), b.Elem())
		}
	case reflect.Array:
		if hasRefs(a.Type().Elem()) {
			for i := range a.Len() {
				wk.walk(path+"[]", a.Index(i), b.Index(i))
			}
		}
	case reflect.Struct:
		for i := range a.NumField() {
			wk.walk(path+"."+a.Type().Field(i).Name, a.Field(i), b.Field(i))
		}
	case reflect.Interface:
		if !a.IsNil() && !strings.HasSuffix(path, "nterventions[]") {
			wk.walk(path+"(dynamic)", a.Elem(), b.Elem())
		}
	}
}

// hasRefs reports whether values of typ hold slices, maps, pointers or
// interfaces.
func hasRefs(typ reflect.Type) bool {
	switch typ.Kind() {
	case reflect.Slice, reflect.Map, reflect.Pointer, reflect.Interface:
		return true
	case reflect.Array:
		return hasRefs(typ.Elem())
	case reflect.Struct:
		for i := range typ.NumField() {
			if hasRefs(typ.Field(i).Type) {
				return true
			}
		}
	}
	return false
}
