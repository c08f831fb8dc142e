package explorer

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"html/template"
	"io"
	"math"
	"net/http"
	"regexp"
	"slices"
	"strings"

	"github.com/caremarket/caremarket/market"
	"github.com/caremarket/caremarket/report"
	"github.com/caremarket/caremarket/results"
	"github.com/caremarket/caremarket/scenarios"
)

// MaxVariants is the most variants compared side by side.
const MaxVariants = 6

// errGone reports an ensemble no longer cached.
var errGone = errors.New("a result asked for is no longer in the cache (it was evicted or the server restarted): press Run again")

var keyRE = regexp.MustCompile(`^[0-9a-f]{32}$`)

// entries returns the cached base (query b) and variants (query v, up to
// MaxVariants), checking they were run paired: same seed, runs and years.
func (s *Server) entries(r *http.Request) (base *Entry, vars []*Entry, code int, err error) {
	q := r.URL.Query()
	keys := append([]string{q.Get("b")}, q["v"]...)
	if len(keys) < 2 || len(keys) > MaxVariants+1 {
		return nil, nil, http.StatusBadRequest, fmt.Errorf("give a base (b) and 1 to %d variants (v)", MaxVariants)
	}
	names := map[string]bool{}
	for i, k := range keys {
		if !keyRE.MatchString(k) {
			return nil, nil, http.StatusBadRequest, fmt.Errorf("%q: not a result key", clip(k))
		}
		e := s.cache.get(k)
		if e == nil {
			return nil, nil, http.StatusGone, errGone
		}
		if names[e.Scenario.Name] {
			return nil, nil, http.StatusBadRequest, fmt.Errorf("two scenarios are named %q: give each variant a name of its own", e.Scenario.Name)
		}
		names[e.Scenario.Name] = true
		if i == 0 {
			base = e
			continue
		}
		if e.Agg.Runs() != base.Agg.Runs() || e.Scenario.Seed != base.Scenario.Seed || e.Scenario.Years != base.Scenario.Years {
			return nil, nil, http.StatusBadRequest, fmt.Errorf("%s was run with other runs, seed or years than %s: run it again with the current settings", e.Scenario.Name, base.Scenario.Name)
		}
		vars = append(vars, e)
	}
	return base, vars, http.StatusOK, nil
}

// comparison computes the paired comparison of the variants with the base.
func comparison(base *Entry, vars []*Entry) (*scenarios.Comparison, error) {
	alts := make([]*scenarios.Aggregate, len(vars))
	for i, v := range vars {
		alts[i] = v.Agg
	}
	return scenarios.CompareAggregates(base.Agg, alts)
}

// reportOptions are the report's options for a comparison: the
// scenarios' definitions, the manifest and the runs' values.
func (s *Server) reportOptions(base *Entry, vars []*Entry) (report.Options, error) {
	opts := report.Options{Validation: s.opts.Validation, ValidationSource: "docs/calibration/checks.csv",
		Robustness: s.opts.Robustness, RobustnessSource: s.opts.RobustnessSource}
	parts := []*scenarios.Aggregate{base.Agg}
	opts.Scenarios = []*scenarios.Scenario{base.Scenario}
	for _, v := range vars {
		parts = append(parts, v.Agg)
		opts.Scenarios = append(opts.Scenarios, v.Scenario)
	}
	for _, p := range parts {
		rv, err := p.RunValues(report.RunMetrics()...)
		if err != nil {
			return opts, err
		}
		opts.Runs = append(opts.Runs, rv)
	}
	man, err := scenarios.ComparisonManifest(parts)
	opts.Manifest = man
	return opts, err
}

// Answer is what the page shows for a comparison.
type Answer struct {
	Headline template.HTML     `json:"headline"`
	Figures  []Figure          `json:"figures"`
	Variants []VariantAnswer   `json:"variants"`
	Runs     int               `json:"runs"`
	Years    int               `json:"years"`
	Warnings map[string]string `json:"warnings,omitempty"`
}

// Figure is one figure of an answer, as inline SVG.
type Figure struct {
	ID      string        `json:"id"`
	Title   string        `json:"title"`
	Caption string        `json:"caption"`
	SVG     template.HTML `json:"svg"`
}

// VariantAnswer describes one variant of an answer.
type VariantAnswer struct {
	Key        string `json:"key"`
	Name       string `json:"name"`
	Describe   string `json:"describe"`
	Robustness string `json:"robustness"`
}

// reportInput is what a report of the request's comparison needs.
type reportInput struct {
	base *Entry
	vars []*Entry
	cmp  *scenarios.Comparison
	opts report.Options
}

// reportInputs returns the comparison and report options of the request's
// baseline and variants, or an error with its HTTP status.
func (s *Server) reportInputs(r *http.Request) (in reportInput, code int, err error) {
	in.base, in.vars, code, err = s.entries(r)
	if err != nil {
		return in, code, err
	}
	if in.cmp, err = comparison(in.base, in.vars); err != nil {
		return in, http.StatusInternalServerError, err
	}
	if in.opts, err = s.reportOptions(in.base, in.vars); err != nil {
		return in, http.StatusInternalServerError, err
	}
	return in, 0, nil
}

// answer serves the headline table, figures and robustness of a
// comparison as JSON.
func (s *Server) answer(w http.ResponseWriter, r *http.Request) {
	in, code, err := s.reportInputs(r)
	if err != nil {
		http.Error(w, err.Error(), code)
		return
	}
	base, vars, cmp, opts := in.base, in.vars, in.cmp, in.opts
	fr, err := report.WriteFragments(cmp, opts)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	a := Answer{Headline: fr.Headline, Runs: cmp.Baseline.Runs, Years: cmp.Baseline.Years}
	for _, f := range fr.Figures {
		a.Figures = append(a.Figures, Figure(f))
	}
	for _, v := range vars {
		var ds []string
		for _, iv := range v.Scenario.Interventions {
			ds = append(ds, scenarios.Describe(iv))
		}
		a.Variants = append(a.Variants, VariantAnswer{Key: v.Key, Name: v.Scenario.Name, Describe: strings.Join(ds, " "),
			Robustness: s.robustness(base, v)})
	}
	writeJSON(w, http.StatusOK, a)
}

// robustness says how robust a variant's effect is to the uncertain
// parameters: for the outcomes of issue 20 (net public cost, children
// waiting, children in unregistered settings), the direction of the
// median effect across the sweep's parameter sets and the share of sets
// that keep it, when the sweep ran that very intervention against this
// very baseline over this horizon (calibrate.RobustnessFile.Covers); else
// that it is untested.
func (s *Server) robustness(base, v *Entry) string {
	const untested = "Robustness untested: the sweep across the uncertain parameters (caremarket robustness) has not been run for this variant (only the built-in interventions, unchanged, against the unchanged baseline over the sweep's horizon are swept), so no effect of it is marked better or worse. Read its effects as those of the fitted parameters only."
	name, _ := s.robust.Covers(base.Scenario, v.Scenario, v.Scenario.Years)
	if name == "" {
		return untested
	}
	var parts []string
	for _, o := range []struct{ name, label string }{
		{"net_public_cost_gbp", "net public cost"}, {"waiting", "children waiting"}, {"unregistered_placed", "children in unregistered settings"},
	} {
		e := s.robust.Effect(name, o.name)
		if e == nil {
			continue
		}
		dir := map[int]string{-1: "lower", 0: "unchanged", 1: "higher"}[e.Sign]
		verdict := "uncertain"
		if e.Robust {
			verdict = "robust"
		}
		parts = append(parts, fmt.Sprintf("%s %s in %.0f%% of sets (%s)", o.label, dir, math.Floor(100*e.SignShare+1e-9), verdict))
	}
	return fmt.Sprintf("Robustness (the sweep of built-in %q across %d parameter sets of the uncertain parameters, %s): %s. A cell is marked better or worse only where the sign holds in at least %.0f%% of sets.",
		name, s.robust.Sets, s.opts.RobustnessSource, strings.Join(parts, "; "), 100*s.robust.Threshold)
}

// csv serves the numbers behind the figures: comparison.csv (every paired
// difference, as `caremarket compare` writes it), differences.csv (the
// horizon totals the difference figure draws), tradeoff.csv (net public
// cost and children waiting, the trade-off figure's) and dashboard.csv
// (every scenario's yearly bands in England, the dashboard's).
func (s *Server) csv(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	if !slices.Contains([]string{"comparison.csv", "differences.csv", "tradeoff.csv", "dashboard.csv"}, name) {
		http.Error(w, "unknown file", http.StatusNotFound)
		return
	}
	base, vars, code, err := s.entries(r)
	if err != nil {
		http.Error(w, err.Error(), code)
		return
	}
	cmp, err := comparison(base, vars)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	var buf bytes.Buffer
	if err := writeCSV(&buf, name, cmp); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Write(buf.Bytes())
}

// writeCSV writes the named CSV file of a comparison.
func writeCSV(w io.Writer, name string, cmp *scenarios.Comparison) error {
	switch name {
	case "comparison.csv":
		return results.WriteComparisonCSV(w, cmp)
	case "dashboard.csv":
		for i, s := range append([]*scenarios.Summary{cmp.Baseline}, cmp.Alternatives...) {
			var b bytes.Buffer
			if err := results.WriteSummaryTidyCSV(&b, s); err != nil {
				return err
			}
			if err := copyLines(w, &b, i > 0, func(f []string) bool { return f[2] == scenarios.England }); err != nil {
				return err
			}
		}
		return nil
	}
	var b bytes.Buffer
	if err := results.WriteComparisonCSV(&b, cmp); err != nil {
		return err
	}
	keep := func(f []string) bool { return f[4] == "total" }
	if name == "tradeoff.csv" {
		keep = func(f []string) bool {
			return f[4] == "total" && (f[2] == market.NetPublicCostGBP.String() || f[2] == market.Waiting.String())
		}
	}
	return copyLines(w, &b, false, keep)
}

// copyLines copies the CSV lines of r that keep accepts (by their
// fields), the header unless skipHeader.
func copyLines(w io.Writer, r io.Reader, skipHeader bool, keep func([]string) bool) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for first := true; sc.Scan(); first = false {
		line := sc.Text()
		if first && skipHeader {
			continue
		}
		f, err := csv.NewReader(strings.NewReader(line)).Read()
		if err != nil {
			return err
		}
		if first || keep(f) {
			if _, err := io.WriteString(w, line+"\n"); err != nil {
				return err
			}
		}
	}
	return sc.Err()
}

// exportYAML serves a scenario file as run, for caremarket validate,
// run or compare.
func (s *Server) exportYAML(w http.ResponseWriter, r *http.Request) {
	key := strings.TrimSuffix(r.PathValue("key"), ".yaml")
	if !keyRE.MatchString(key) {
		http.Error(w, "not a result key", http.StatusBadRequest)
		return
	}
	e := s.cache.get(key)
	if e == nil {
		http.Error(w, errGone.Error(), http.StatusGone)
		return
	}
	w.Header().Set("Content-Type", "application/yaml; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+e.Scenario.Name+`.yaml"`)
	w.Write(e.YAML)
}

// exportReport serves the briefing report of a comparison.
func (s *Server) exportReport(w http.ResponseWriter, r *http.Request) {
	in, code, err := s.reportInputs(r)
	if err != nil {
		http.Error(w, err.Error(), code)
		return
	}
	cmp, opts := in.cmp, in.opts
	var buf bytes.Buffer
	if err := report.Write(&buf, cmp, opts); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+report.FileName+`"`)
	w.Write(buf.Bytes())
}
