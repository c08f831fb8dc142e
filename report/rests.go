package report

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/caremarket/caremarket/calibrate"
	"github.com/caremarket/caremarket/internal/digits"
	"github.com/caremarket/caremarket/scenarios"
)

// embeddedCalibration returns the text of the calibration.yaml embedded in
// this version.
func embeddedCalibration() ([]byte, error) { return scenarios.CalibrationData() }

// fitView is the calibration fit as the report shows it.
type fitView struct {
	Method     string
	Manual     bool
	Command    string
	Seed       uint64
	Runs       int
	Objective  string // "12.3 → 1.2"
	Parameters []fitParam
	Moments    []fitMoment
	Inside     int // moments whose median lies within the published range
	Error      string
}

type fitParam struct{ Name, Start, Fitted, Range string }

type fitMoment struct {
	Name, Published, Model string
	Inside                 bool
}

// num writes a parameter's value for a table: four significant figures at
// most, no trailing zeros, thousands separators ("500,000", "1.3", "0.025").
func num(v float64) string {
	if !finite(v) {
		return "n/a"
	}
	if v == 0 {
		return "0"
	}
	p := math.Pow10(3 - int(math.Floor(math.Log10(math.Abs(v)))))
	r := math.Round(v*p) / p
	s := digits.Group(strconv.FormatFloat(math.Abs(r), 'f', -1, 64))
	if r < 0 {
		return "−" + s
	}
	return s
}

// parseFit reads the fit key of a calibration.yaml.
func parseFit(b []byte) fitView {
	var doc struct {
		Fit calibrate.FitRecord `yaml:"fit"`
	}
	if err := yaml.Unmarshal(b, &doc); err != nil {
		return fitView{Error: "the calibration record could not be read: " + err.Error()}
	}
	r := doc.Fit
	v := fitView{Method: r.Method, Manual: r.Method == "manual" || r.Method == "", Command: r.Command, Seed: r.Seed, Runs: r.Runs}
	if r.Method == "" {
		v.Method = "not recorded"
	}
	if r.Objective.Start != 0 || r.Objective.Fit != 0 {
		v.Objective = num(r.Objective.Start) + " → " + num(r.Objective.Fit)
	}
	for _, p := range r.Parameters {
		v.Parameters = append(v.Parameters, fitParam{Name: p.Name, Start: num(p.Start), Fitted: num(p.Fitted), Range: num(p.Lo) + " to " + num(p.Hi)})
	}
	moments := map[string]calibrate.Moment{}
	for _, m := range calibrate.Moments() {
		moments[m.Name] = m
	}
	for _, m := range r.Moments {
		in := math.Abs(m.Median-m.Published) <= m.Half
		if in {
			v.Inside++
		}
		label, scale, unit := m.Name, 1.0, ""
		if d, ok := moments[m.Name]; ok {
			label, scale, unit = d.Label, d.Scale, d.Unit
		}
		v.Moments = append(v.Moments, fitMoment{Name: label, Published: withUnit(num(m.Published*scale)+" ± "+num(m.Half*scale), unit),
			Model: withUnit(num(m.Median*scale), unit) + " [" + num(m.P5*scale) + ", " + num(m.P95*scale) + "]", Inside: in})
	}
	return v
}

// withUnit appends a unit to a number: "23.8%", "781 children".
func withUnit(s, unit string) string {
	switch {
	case unit == "":
		return s
	case unit == "%":
		return s + "%"
	case unit == "£/week":
		return "£" + s + " a week"
	case strings.HasPrefix(unit, "£"):
		return "£" + s + strings.TrimPrefix(unit, "£") // "£5.4 ± 0.81bn"
	}
	return s + " " + unit
}

// validationView is the validation patterns' results (checks.csv of
// `caremarket calibrate`).
type validationView struct {
	Checks []checkView
	Pass   int
	Error  string
}

type checkView struct {
	Name                                  string // the pattern's identifier, e.g. V2_unregistered_share
	Label, Published, Accept, Model, Note string
	Pass                                  bool
}

// passed reports whether the pattern named name is present and reproduced.
func (v *validationView) passed(name string) bool {
	for _, c := range v.Checks {
		if c.Name == name {
			return c.Pass
		}
	}
	return false
}

// readColumns reads CSV records b: a header and at least one row with the
// columns need. It returns the records, header first, and each column's
// index; or, when b cannot be read or lacks a column, a sentence for the
// report saying so, naming the file as what ("the validation results").
func readColumns(b []byte, what string, need ...string) (recs [][]string, col map[string]int, problem string) {
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil || len(recs) < 2 {
		if err == nil {
			err = errors.New("no rows")
		}
		return nil, nil, what + " could not be read: " + err.Error()
	}
	col = map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	for _, h := range need {
		if _, ok := col[h]; !ok {
			return nil, nil, fmt.Sprintf("%s have no %q column", what, h)
		}
	}
	return recs, col, ""
}

// parseChecks reads checks.csv as `caremarket calibrate` writes it
// (kind,check,published,lo,hi,start_p50,fit_p5,fit_p50,fit_p95,pass,
// band_inside) and keeps the validation patterns, labelled and scaled as
// calibrate.Validation says.
func parseChecks(b []byte) validationView {
	recs, col, problem := readColumns(b, "the validation results", "kind", "check", "published", "lo", "hi", "fit_p5", "fit_p50", "fit_p95", "pass")
	if problem != "" {
		return validationView{Error: problem}
	}
	defs := map[string]calibrate.Check{}
	for _, c := range calibrate.Validation() {
		defs[c.Name] = c
	}
	var v validationView
	for _, r := range recs[1:] {
		if len(r) != len(recs[0]) || r[col["kind"]] != "validation" {
			continue
		}
		f := func(h string) float64 {
			x, err := strconv.ParseFloat(r[col[h]], 64)
			if err != nil {
				return math.NaN()
			}
			return x
		}
		d, ok := defs[r[col["check"]]]
		label, scale, unit := r[col["check"]], 1.0, ""
		if ok {
			label, scale, unit = d.Label, d.Scale, d.Unit
		}
		c := checkView{Name: r[col["check"]], Label: label, Published: r[col["published"]], Note: d.Note,
			Accept: withUnit(num(f("lo")*scale)+" to "+num(f("hi")*scale), unit),
			Model:  withUnit(num(f("fit_p50")*scale), unit) + " [" + num(f("fit_p5")*scale) + ", " + num(f("fit_p95")*scale) + "]",
			Pass:   r[col["pass"]] == "true"}
		if c.Pass {
			v.Pass++
		}
		v.Checks = append(v.Checks, c)
	}
	if len(v.Checks) == 0 {
		v.Error = "the validation results hold no validation pattern"
	}
	return v
}

// assumption is an uncertain parameter of the model (calibrate.Priors).
type assumption struct{ Name, Desc, Range, Basis string }

func assumptions() []assumption {
	var out []assumption
	for _, p := range calibrate.Priors() {
		out = append(out, assumption{Name: p.Name, Desc: p.Desc, Range: num(p.Lo) + " to " + num(p.Hi), Basis: p.Basis})
	}
	return out
}

// sensitivityView is the sensitivity analysis as the report shows it.
type sensitivityView struct {
	Outputs []sensOutput
	Error   string
}

type sensOutput struct {
	Name, Label, R2 string
	Top             []sensPrior
}

type sensPrior struct {
	Name, Desc, SRC, Effect string
}

// topPriors is how many parameters the report lists for each output.
const topPriors = 5

// parseSensitivity reads src.csv as `caremarket sensitivity` writes it
// (output,prior,src,src_se,srrc,r2,rank_r2,lo,hi) and keeps, for each
// output, the parameters with the largest standardised coefficients.
func parseSensitivity(b []byte) sensitivityView {
	recs, col, problem := readColumns(b, "the sensitivity results", "output", "prior", "src", "src_se", "r2")
	if problem != "" {
		return sensitivityView{Error: problem}
	}
	labels := map[string]string{}
	for _, o := range calibrate.SensitivityOutputs() {
		labels[o.Name] = o.Label
	}
	descs := map[string]string{}
	for _, p := range calibrate.Priors() {
		descs[p.Name] = p.Desc
	}
	type entry struct {
		prior   string
		src, se float64
	}
	var order []string
	byOut := map[string][]entry{}
	r2 := map[string]float64{}
	for _, r := range recs[1:] {
		if len(r) != len(recs[0]) {
			continue
		}
		out := r[col["output"]]
		src, err1 := strconv.ParseFloat(r[col["src"]], 64)
		se, err2 := strconv.ParseFloat(r[col["src_se"]], 64)
		rr, err3 := strconv.ParseFloat(r[col["r2"]], 64)
		if errors.Join(err1, err2, err3) != nil || !finite(src) {
			continue
		}
		if _, ok := byOut[out]; !ok {
			order = append(order, out)
		}
		byOut[out] = append(byOut[out], entry{r[col["prior"]], src, se})
		r2[out] = rr
	}
	var v sensitivityView
	for _, out := range order {
		es := byOut[out]
		sort.SliceStable(es, func(i, j int) bool { return math.Abs(es[i].src) > math.Abs(es[j].src) })
		o := sensOutput{Name: out, Label: labels[out], R2: strconv.FormatFloat(r2[out], 'f', 2, 64)}
		if o.Label == "" {
			o.Label = out
		}
		for _, e := range es[:min(topPriors, len(es))] {
			d := descs[e.prior]
			if d == "" {
				d = e.prior
			}
			effect := "higher → higher"
			if e.src < 0 {
				effect = "higher → lower"
			}
			o.Top = append(o.Top, sensPrior{Name: e.prior, Desc: d,
				SRC: minus(strconv.FormatFloat(e.src, 'f', 2, 64)) + " ± " + strconv.FormatFloat(1.96*e.se, 'f', 2, 64), Effect: effect})
		}
		v.Outputs = append(v.Outputs, o)
	}
	if len(v.Outputs) == 0 {
		v.Error = "the sensitivity results hold no usable rows"
	}
	return v
}
