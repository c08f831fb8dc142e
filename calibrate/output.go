package calibrate

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/caremarket/caremarket/internal/digits"
	"github.com/caremarket/caremarket/internal/jsonsafe"
	"github.com/caremarket/caremarket/results"
	"github.com/caremarket/caremarket/scenarios"
)

// trimFloat formats v with at most dec decimals, without trailing zeros.
func trimFloat(v float64, dec int) string {
	s := strconv.FormatFloat(v, 'f', dec, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if s == "-0" {
		s = "0"
	}
	return s
}

// thousands formats v rounded to a whole number with thousands separators.
func thousands(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	n := int64(math.Round(v))
	neg := n < 0
	if neg {
		n = -n
	}
	s := digits.Group(strconv.FormatInt(n, 10))
	if neg {
		return "−" + s
	}
	return s
}

// show formats a value for display in its unit.
func show(v, scale float64, unit string) string {
	if math.IsNaN(v) {
		return "n/a"
	}
	x := v * scale
	switch unit {
	case "%":
		return trimFloat(x, 1) + "%"
	case "points":
		s := strconv.FormatFloat(x, 'f', 1, 64)
		if x > 0 {
			s = "+" + s
		}
		return s
	case "£bn":
		return "£" + strconv.FormatFloat(x, 'f', 2, 64) + "bn"
	case "£/week":
		return "£" + thousands(x)
	}
	return thousands(x)
}

// showBand formats a band as "median [p5–p95]".
func showBand(b scenarios.Band, scale float64, unit string) string {
	return fmt.Sprintf("%s [%s–%s]", show(b.P50, scale, unit), show(b.P5, scale, unit), show(b.P95, scale, unit))
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// WriteMarkdown writes the fit's tables in Markdown: parameters, moments
// before and after, the issue-3 bands and the validation patterns.
func (r *Result) WriteMarkdown(w io.Writer) error {
	var b bytes.Buffer
	fmt.Fprintf(&b, "Seed %d; %d runs per market evaluation, %d per demand evaluation (common random numbers, run indices from 0); "+
		"medians and 5–95%% bands over %d report runs (indices %d–%d).\n\n",
		r.Seed, r.Runs, r.DemandRuns, r.ReportRuns, r.ReportFirstRun, r.ReportFirstRun+r.ReportRuns-1)
	fmt.Fprintf(&b, "Objective over the report runs: %.2f at the start, %.2f at the fit.", r.Before.Objective, r.After.Objective)
	for _, s := range r.Stages {
		fmt.Fprintf(&b, " %s stage: %d evaluations, objective %.2f → %.2f on its own moments and runs (%s).", s.Name, s.Evaluations, s.Start, s.Best, s.Status)
	}
	b.WriteString("\n\n### Fitted parameters\n\n| parameter | what it is | plausible range | basis of the range | start | fitted |\n|---|---|---|---|---|---|\n")
	for _, p := range r.Params {
		fmt.Fprintf(&b, "| `%s` | %s | %s–%s | %s | %s | %s |\n", p.Name, p.Desc, trimFloat(p.Lo, 4), trimFloat(p.Hi, 4), p.Basis, fmtParam(p.Start), fmtParam(p.Fitted))
	}
	b.WriteString("\n### Moments: published against simulated\n\n| moment | published | half-range h | weight basis | start: median [5–95%] | fit: median [5–95%] | fit miss (h) | within h | source |\n|---|---|---|---|---|---|---|---|---|\n")
	for k, m := range r.After.Moments {
		s := r.Before.Moments[k]
		fmt.Fprintf(&b, "| %s (`%s`)%s | %s | %s | %s | %s | %s | %+.2f | %s | %s |\n", m.Label, m.Name, notFitted(m, " — reported, not fitted"),
			show(m.Published, m.Scale, m.Unit), showHalf(m.Half, m.Scale, m.Unit), m.Basis,
			showBand(s.Sim, s.Scale, s.Unit), showBand(m.Sim, m.Scale, m.Unit), m.Z, yesNo(m.Inside()), m.Source)
	}
	writeChecks := func(title string, before, after []Check) {
		fmt.Fprintf(&b, "\n### %s\n\n| check | published | accepted range | start: median [5–95%%] | fit: median [5–95%%] | median inside | 90%% band inside | source |\n|---|---|---|---|---|---|---|---|\n", title)
		for i, c := range after {
			s := before[i]
			note := c.Source
			if c.Note != "" {
				note += "; " + c.Note
			}
			fmt.Fprintf(&b, "| %s | %s | %s to %s | %s | %s | %s | %s | %s |\n", c.Label, c.Published,
				show(c.Lo, c.Scale, c.Unit), show(c.Hi, c.Scale, c.Unit), showBand(s.Sim, s.Scale, s.Unit), showBand(c.Sim, c.Scale, c.Unit),
				yesNo(c.Pass), yesNo(c.BandInside), note)
		}
	}
	writeChecks("Acceptance bands of issue 3 (year 2023)", r.Before.Checks, r.After.Checks)
	writeChecks("Validation patterns (not fitted)", r.Before.Validation, r.After.Validation)
	_, err := w.Write(b.Bytes())
	return err
}

// showHalf formats a half-range: "±3 points" for shares, "±£870" for prices.
func showHalf(h, scale float64, unit string) string {
	if unit == "%" {
		return "±" + trimFloat(h*scale, 2) + " points"
	}
	return "±" + show(h, scale, unit)
}

func fmtParam(v float64) string {
	a := math.Abs(v)
	switch {
	case a >= 1000:
		return thousands(v)
	case a >= 1:
		return trimFloat(v, 3)
	default:
		return strconv.FormatFloat(v, 'g', 4, 64)
	}
}

// WriteText writes a short plain-text account of the fit: fitted values,
// moments side by side and the objective.
func (r *Result) WriteText(w io.Writer) error {
	var b bytes.Buffer
	fmt.Fprintf(&b, "Fitted parameters (seed %d):\n", r.Seed)
	for _, p := range r.Params {
		fmt.Fprintf(&b, "  %-40s %12s -> %12s   [%s, %s]\n", p.Name, fmtParam(p.Start), fmtParam(p.Fitted), trimFloat(p.Lo, 4), trimFloat(p.Hi, 4))
	}
	fmt.Fprintf(&b, "\nMoments over %d report runs (median [5%%-95%%]):\n", r.ReportRuns)
	fmt.Fprintf(&b, "  %-26s %12s %28s %28s %7s\n", "moment", "published", "start", "fit", "miss/h")
	for k, m := range r.After.Moments {
		s := r.Before.Moments[k]
		fmt.Fprintf(&b, "  %-26s %12s %28s %28s %+7.2f%s\n", m.Name, show(m.Published, m.Scale, m.Unit), showBand(s.Sim, s.Scale, s.Unit), showBand(m.Sim, m.Scale, m.Unit), m.Z, notFitted(m, "  (reported, not fitted)"))
	}
	fmt.Fprintf(&b, "\nObjective over the report runs: start %.3f, fit %.3f\n", r.Before.Objective, r.After.Objective)
	fails := 0
	for _, c := range r.After.Checks {
		if !c.Pass {
			fails++
			fmt.Fprintf(&b, "  outside its issue-3 band: %s: median %s, band %s to %s\n", c.Label, show(c.Sim.P50, c.Scale, c.Unit), show(c.Lo, c.Scale, c.Unit), show(c.Hi, c.Scale, c.Unit))
		}
	}
	if fails == 0 {
		fmt.Fprintf(&b, "Every issue-3 band holds at the fit (medians).\n")
	}
	_, err := w.Write(b.Bytes())
	return err
}

// FitRecord is the fit key of calibration.yaml: how the overrides were
// found. It holds no date, so the file depends only on the fit. Package
// report reads it back; a manual fit has only a method.
type FitRecord struct {
	Method         string        `yaml:"method"`
	Command        string        `yaml:"command"`
	Seed           uint64        `yaml:"seed"`
	Runs           int           `yaml:"runs"`
	DemandRuns     int           `yaml:"demand_runs"`
	ReportRuns     int           `yaml:"report_runs"`
	ReportFirstRun int           `yaml:"report_first_run"`
	Evaluations    []StageRecord `yaml:"stages"`
	Objective      struct {
		Start float64 `yaml:"start"`
		Fit   float64 `yaml:"fit"`
	} `yaml:"objective"`
	Parameters []ParamRecord  `yaml:"parameters"`
	Moments    []MomentRecord `yaml:"moments"`
}

// StageRecord is one stage of a FitRecord.
type StageRecord struct {
	Name        string  `yaml:"name"`
	Evaluations int     `yaml:"evaluations"`
	Status      string  `yaml:"status"`
	Start       float64 `yaml:"objective_start"`
	Best        float64 `yaml:"objective_best"`
}

// ParamRecord is one fitted parameter of a FitRecord.
type ParamRecord struct {
	Name   string  `yaml:"name"`
	Start  float64 `yaml:"start"`
	Fitted float64 `yaml:"fitted"`
	Lo     float64 `yaml:"lo"`
	Hi     float64 `yaml:"hi"`
}

// MomentRecord is one moment of a FitRecord.
type MomentRecord struct {
	Name      string  `yaml:"name"`
	Published float64 `yaml:"published"`
	Half      float64 `yaml:"half"`
	Median    float64 `yaml:"median"`
	P5        float64 `yaml:"p5"`
	P95       float64 `yaml:"p95"`
}

// calibrationHeader heads calibration.yaml (the committed
// scenarios/data/calibration.yaml carries the same lines).
const calibrationHeader = `Fitted parameters of the England baseline, written by
` + "`caremarket calibrate -write`" + ` (package calibrate; docs/calibration.md).
` + "`overrides`" + ` holds market.Config keys that replace the priors in baseline.yaml;
` + "`fit`" + ` records how they were found (method of simulated moments, seed, runs,
objective, parameters and moments). Regenerate it with the command in
fit.command; do not edit it by hand.`

// CalibrationYAML returns the contents of scenarios/data/calibration.yaml
// for the fit: the overrides and a date-free record of the fit.
func (r *Result) CalibrationYAML(command string) ([]byte, error) {
	ob, err := OverridesYAML(r.Settings)
	if err != nil {
		return nil, err
	}
	var overrides yaml.Node
	if err := yaml.Unmarshal(ob, &overrides); err != nil {
		return nil, err
	}
	rec := FitRecord{Method: "method of simulated moments; gonum optimize Nelder–Mead; common random numbers; demand stage then market stage",
		Command: command, Seed: r.Seed, Runs: r.Runs, DemandRuns: r.DemandRuns, ReportRuns: r.ReportRuns, ReportFirstRun: r.ReportFirstRun}
	for _, s := range r.Stages {
		rec.Evaluations = append(rec.Evaluations, StageRecord{s.Name, s.Evaluations, s.Status, Round6(s.Start), Round6(s.Best)})
	}
	rec.Objective.Start, rec.Objective.Fit = Round6(r.Before.Objective), Round6(r.After.Objective)
	for _, p := range r.Params {
		rec.Parameters = append(rec.Parameters, ParamRecord{p.Name, Round6(p.Start), Round6(p.Fitted), p.Lo, p.Hi})
	}
	for _, m := range r.After.Moments {
		rec.Moments = append(rec.Moments, MomentRecord{m.Name, m.Published, Round6(m.Half), Round6(m.Sim.P50), Round6(m.Sim.P5), Round6(m.Sim.P95)})
	}
	var fit yaml.Node
	if err := fit.Encode(rec); err != nil {
		return nil, err
	}
	doc := &yaml.Node{Kind: yaml.MappingNode, HeadComment: calibrationHeader}
	doc.Content = append(doc.Content,
		&yaml.Node{Kind: yaml.ScalarNode, Value: "overrides"}, overrides.Content[0],
		&yaml.Node{Kind: yaml.ScalarNode, Value: "fit"}, &fit)
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// writeCSV writes rows to path atomically.
func writeCSV(path string, rows [][]string) error {
	return results.WriteFileAtomic(path, func(w io.Writer) error {
		cw := csv.NewWriter(w)
		if err := cw.WriteAll(rows); err != nil {
			return err
		}
		cw.Flush()
		return cw.Error()
	})
}

func writeBytes(path string, b []byte) error {
	return results.WriteFileAtomic(path, func(w io.Writer) error {
		_, err := w.Write(b)
		return err
	})
}

func num(v float64) string { return strconv.FormatFloat(v, 'g', 10, 64) }

// WriteFiles writes the fit to dir: fit.json (everything), moments.csv,
// params.csv, checks.csv (bands and validation), trace.csv (every
// evaluation) and fit.md (the Markdown tables). It creates dir.
func (r *Result) WriteFiles(dir string) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	var written []string
	put := func(name string, err error) error {
		if err == nil {
			written = append(written, filepath.Join(dir, name))
		}
		return err
	}
	js, err := jsonsafe.Marshal(r)
	if err != nil {
		return nil, err
	}
	if err := put("fit.json", writeBytes(filepath.Join(dir, "fit.json"), js)); err != nil {
		return written, err
	}
	rows := [][]string{{"moment", "stage", "published", "half", "weight", "start_p5", "start_p50", "start_p95", "fit_p5", "fit_p50", "fit_p95", "fit_miss_in_h", "source"}}
	for k, m := range r.After.Moments {
		s := r.Before.Moments[k]
		rows = append(rows, []string{m.Name, strconv.Itoa(m.Stage), num(m.Published), num(m.Half), num(m.Weight),
			num(s.Sim.P5), num(s.Sim.P50), num(s.Sim.P95), num(m.Sim.P5), num(m.Sim.P50), num(m.Sim.P95), num(m.Z), m.Source})
	}
	if err := put("moments.csv", writeCSV(filepath.Join(dir, "moments.csv"), rows)); err != nil {
		return written, err
	}
	rows = [][]string{{"parameter", "stage", "lo", "hi", "start", "fitted", "basis"}}
	for _, p := range r.Params {
		rows = append(rows, []string{p.Name, strconv.Itoa(p.Stage), num(p.Lo), num(p.Hi), num(p.Start), num(p.Fitted), p.Basis})
	}
	if err := put("params.csv", writeCSV(filepath.Join(dir, "params.csv"), rows)); err != nil {
		return written, err
	}
	rows = [][]string{{"kind", "check", "published", "lo", "hi", "start_p50", "fit_p5", "fit_p50", "fit_p95", "pass", "band_inside"}}
	for _, set := range []struct {
		kind          string
		before, after []Check
	}{{"band", r.Before.Checks, r.After.Checks}, {"validation", r.Before.Validation, r.After.Validation}} {
		for i, c := range set.after {
			rows = append(rows, []string{set.kind, c.Name, c.Published, num(c.Lo), num(c.Hi), num(set.before[i].Sim.P50),
				num(c.Sim.P5), num(c.Sim.P50), num(c.Sim.P95), strconv.FormatBool(c.Pass), strconv.FormatBool(c.BandInside)})
		}
	}
	if err := put("checks.csv", writeCSV(filepath.Join(dir, "checks.csv"), rows)); err != nil {
		return written, err
	}
	rows = [][]string{{"stage", "evaluation", "objective", "parameter", "value"}}
	for _, s := range r.Stages {
		for i, t := range s.Trace {
			for j, x := range t.X {
				rows = append(rows, []string{s.Name, strconv.Itoa(i + 1), num(t.Objective), s.Params[j], num(x)})
			}
		}
	}
	if err := put("trace.csv", writeCSV(filepath.Join(dir, "trace.csv"), rows)); err != nil {
		return written, err
	}
	var md bytes.Buffer
	if err := r.WriteMarkdown(&md); err != nil {
		return written, err
	}
	if err := put("fit.md", writeBytes(filepath.Join(dir, "fit.md"), md.Bytes())); err != nil {
		return written, err
	}
	return written, nil
}

// notFitted returns note for a moment left out of the objective, "" for a
// fitted one.
func notFitted(m MomentResult, note string) string {
	if m.Fitted {
		return ""
	}
	return note
}
