package market_test

import (
	"context"
	"fmt"
	"math"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/caremarket/caremarket/market"
)

// leaf is a numeric field of a Config, named by its yaml path as Validate
// names it (regions[0].prop_index, foster.approved[2], …).
type leaf struct {
	path string
	v    reflect.Value
}

// leaves lists every float and int field of cfg, settable through v.
func leaves(cfg *market.Config) []leaf {
	var out []leaf
	var walk func(v reflect.Value, path string)
	walk = func(v reflect.Value, path string) {
		switch v.Kind() {
		case reflect.Struct:
			for i := range v.NumField() {
				sf := v.Type().Field(i)
				name, opts, _ := strings.Cut(sf.Tag.Get("yaml"), ",")
				p := path
				if !strings.Contains(opts, "inline") {
					if p != "" {
						p += "."
					}
					p += name
				}
				walk(v.Field(i), p)
			}
		case reflect.Slice, reflect.Array:
			for i := range v.Len() {
				walk(v.Index(i), fmt.Sprintf("%s[%d]", path, i))
			}
		case reflect.Float64, reflect.Int:
			out = append(out, leaf{path, v})
		}
	}
	walk(reflect.ValueOf(cfg).Elem(), "")
	return out
}

// crossField lists fields whose bad values are reported on another field,
// by the rule that ties them.
var crossField = map[string]string{
	"supply.single_home_share": "supply.large_group_share", // large + single ≤ 1
	"supply.agencies":          "supply.agency_groups",     // groups ≤ agencies
}

var index = regexp.MustCompile(`\[\d+\]$`)

// names reports whether a FieldError's field names the leaf at path: the
// same field, a sum or table it belongs to, or the field that carries a
// rule tying the two.
func names(field, path string) bool {
	f := index.ReplaceAllString(field, "")
	return field == path || strings.HasPrefix(path, f+".") || strings.HasPrefix(path, f+"[") || crossField[path] == field
}

// Values a user might type by mistake or on purpose at the edge of a range.
var (
	oddFloats = []float64{-1, -1e-9, 0, 1e-9, 0.05, 0.5, 1, 1 + 1e-9, 2, 7, 60, 520, math.NaN(), math.Inf(1), math.Inf(-1)}
	oddInts   = []int64{-1, 0, 1, 2, 7, 60, 521, 5000}
)

// TestNewNeverPanics sets one number of the small config to an odd value
// and checks that New either refuses it with a FieldError naming that field,
// or builds a world that runs a year with its invariants intact.
func TestNewNeverPanics(t *testing.T) {
	t.Parallel()
	rapid.Check(t, func(t *rapid.T) {
		cfg := smallConfig()
		ls := leaves(cfg)
		l := ls[rapid.IntRange(0, len(ls)-1).Draw(t, "field")]
		var shown string
		if l.v.Kind() == reflect.Float64 {
			x := rapid.SampledFrom(oddFloats).Draw(t, "value")
			l.v.SetFloat(x)
			shown = fmt.Sprint(x)
		} else {
			x := rapid.SampledFrom(oddInts).Draw(t, "value")
			l.v.SetInt(x)
			shown = fmt.Sprint(x)
		}
		t.Logf("%s = %s", l.path, shown)
		opts := market.Options{Seed: 1, Years: 1, WarmupWeeks: 13, CheckInvariants: true}
		w, err := market.New(cfg, opts)
		if err != nil {
			fes := fieldErrors(err)
			if len(fes) == 0 {
				t.Fatalf("error without a FieldError: %v", err)
			}
			for _, fe := range fes {
				if names(fe.Field, l.path) {
					return
				}
			}
			t.Fatalf("%s = %s refused, but the error names other fields: %v", l.path, shown, err)
		}
		if cfg.Validate() != nil {
			t.Fatal("New accepted a config that Validate refuses")
		}
		res, err := w.Run(context.Background(), nil)
		if err != nil {
			t.Fatalf("run: %v", err)
		}
		checkSeries(t, cfg, res, 1, -1)
	})
}

// TestLeaves checks the field walk that TestNewNeverPanics relies on.
func TestLeaves(t *testing.T) {
	t.Parallel()
	paths := map[string]bool{}
	for _, l := range leaves(smallConfig()) {
		paths[l.path] = true
	}
	for _, p := range []string{"regions[1].prop_index", "councils[4].children", "demand.starters_per_year",
		"demand.tiers.very_complex", "foster.approved[2]", "foster.approvals_per_year", "foster.ifa_share_of_approvals",
		"matching.acceptance.childrens_home.complex", "investment.build_lag_weeks", "supply.mid_homes"} {
		if !paths[p] {
			t.Errorf("no leaf %s", p)
		}
	}
}
