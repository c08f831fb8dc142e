package calibrate

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/caremarket/caremarket/internal/digits"
	"github.com/caremarket/caremarket/internal/jsonsafe"
	"github.com/caremarket/caremarket/internal/safeio"
	"github.com/caremarket/caremarket/scenarios"
)

// RobustnessFormat identifies the format of robustness.json. A reader
// refuses another format rather than misread it.
const RobustnessFormat = "caremarket-robustness/1"

// RobustnessMeasure says how every outcome of the robustness analysis is
// measured, for its files.
const RobustnessMeasure = "each outcome is cumulative over the reported horizon (money and exits summed over the weeks; children waiting and in unregistered settings in child-weeks; the over-20-miles share as Σ children over 20 miles ÷ Σ children placed); an effect is the intervention minus the baseline, the mean over a parameter set's paired runs"

// RobustnessFile is robustness.json: a robustness analysis as the briefing
// report and the explorer read it.
type RobustnessFile struct {
	Format       string `json:"format"`
	Version      string `json:"caremarket_version"`
	GoVersion    string `json:"go_version"`
	Market       string `json:"market"`
	Sets         int    `json:"sets"`
	Runs         int    `json:"runs"`
	Years        int    `json:"years"`
	Seed         uint64 `json:"seed"`
	ConfigSHA256 string `json:"config_sha256"`
	// Threshold is RobustThreshold: an effect is robust when it keeps the
	// sign of its median in at least this share of sets.
	Threshold float64          `json:"threshold"`
	Measure   string           `json:"measure"`
	Priors    []RobustPrior    `json:"priors"`
	Outcomes  []RobustOutcome  `json:"outcomes"`
	Scenarios []RobustScenario `json:"scenarios"`
	X         [][]float64      `json:"parameter_sets"`
}

// RobustPrior is a prior of the analysis.
type RobustPrior struct {
	Name         string  `json:"name"`
	Desc         string  `json:"desc"`
	Lo           float64 `json:"lo"`
	Hi           float64 `json:"hi"`
	AtLo         float64 `json:"at_lo,omitempty"`
	Basis        string  `json:"basis"`
	ScenarioOnly bool    `json:"scenario_only,omitempty"`
}

// RobustOutcome is an outcome of the analysis.
type RobustOutcome struct {
	Name  string `json:"name"`
	Label string `json:"label"`
	Unit  string `json:"unit"`
}

// RobustScenario is one intervention's effects, one per outcome in the
// order of RobustnessFile.Outcomes.
type RobustScenario struct {
	Name    string         `json:"name"`
	Effects []RobustEffect `json:"effects"`
}

// RobustEffect is one intervention's effect on one outcome across the
// parameter sets (RobustCell).
type RobustEffect struct {
	Outcome   string  `json:"outcome"`
	Median    float64 `json:"median"`
	Mean      float64 `json:"mean"`
	P5        float64 `json:"p5"`
	P95       float64 `json:"p95"`
	Sign      int     `json:"sign"`
	SignShare float64 `json:"sign_share"`
	Below     float64 `json:"below"`
	Above     float64 `json:"above"`
	Robust    bool    `json:"robust"`
	// R2 and RankR2 are those of the regression of the effects on the
	// priors; Drivers its coefficients, largest |SRC| first; both absent
	// when the regression was not run (DriversSkipped says why).
	R2             float64        `json:"r2,omitempty"`
	RankR2         float64        `json:"rank_r2,omitempty"`
	Drivers        []RobustDriver `json:"drivers,omitempty"`
	DriversSkipped string         `json:"drivers_skipped,omitempty"`
	// Values are the effects at every parameter set.
	Values []float64 `json:"values"`
}

// RobustDriver is a prior's standardised regression coefficient (SRC, ±
// SE) and its coefficient on ranks (SRRC).
type RobustDriver struct {
	Prior string  `json:"prior"`
	SRC   float64 `json:"src"`
	SE    float64 `json:"se"`
	SRRC  float64 `json:"srrc"`
}

// File returns the analysis as robustness.json holds it.
func (r *RobustnessResult) File() *RobustnessFile {
	version, goVersion := scenarios.BuildVersion()
	f := &RobustnessFile{Format: RobustnessFormat, Version: version, GoVersion: goVersion, Market: r.Market, Sets: len(r.X),
		Runs: r.Runs, Years: r.Years, Seed: r.Seed, ConfigSHA256: r.ConfigSHA256, Threshold: RobustThreshold, Measure: RobustnessMeasure, X: r.X}
	for _, p := range r.Priors {
		f.Priors = append(f.Priors, RobustPrior{Name: p.Name, Desc: p.Desc, Lo: p.Lo, Hi: p.Hi, AtLo: p.AtLo, Basis: p.Basis, ScenarioOnly: p.Scenario})
	}
	for _, o := range r.Outcomes {
		f.Outcomes = append(f.Outcomes, RobustOutcome{Name: o.Name, Label: o.Label, Unit: o.Unit})
	}
	for s, name := range r.Scenarios {
		rs := RobustScenario{Name: name}
		for o := range r.Outcomes {
			c := &r.Cells[s][o]
			e := RobustEffect{Outcome: c.Outcome, Median: c.Median, Mean: c.Band.Mean, P5: c.Band.P5, P95: c.Band.P95, Sign: c.Sign,
				SignShare: c.SignShare, Below: c.Below, Above: c.Above, Robust: c.Robust, DriversSkipped: c.DriversSkipped, Values: r.Effects[s][o]}
			if c.HasDrivers {
				e.R2, e.RankR2 = c.Drivers.R2, c.Drivers.RankR2
				for _, j := range c.TopDrivers(len(r.Priors)) {
					e.Drivers = append(e.Drivers, RobustDriver{Prior: r.Priors[j].Name, SRC: c.Drivers.SRC[j], SE: c.Drivers.SE[j], SRRC: c.Drivers.SRRC[j]})
				}
			}
			rs.Effects = append(rs.Effects, e)
		}
		f.Scenarios = append(f.Scenarios, rs)
	}
	return f
}

// maxRobustnessJSON bounds the size of a robustness.json ReadRobustness
// reads.
const maxRobustnessJSON = 256 << 20

// ReadRobustness reads robustness.json (RobustnessFile), refusing another
// format and content that does not fit its own sizes.
func ReadRobustness(b []byte) (*RobustnessFile, error) {
	if len(b) > maxRobustnessJSON {
		return nil, fmt.Errorf("robustness.json: %d bytes, at most %d", len(b), maxRobustnessJSON)
	}
	var f RobustnessFile
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, fmt.Errorf("robustness.json: %w", err)
	}
	if f.Format != RobustnessFormat {
		return nil, fmt.Errorf("robustness.json: format %q: this caremarket reads %q (run caremarket robustness again)", safeio.Clip(f.Format), RobustnessFormat)
	}
	for _, sc := range f.Scenarios {
		if len(sc.Effects) != len(f.Outcomes) {
			return nil, fmt.Errorf("robustness.json: scenario %q has %d effects for %d outcomes", safeio.Clip(sc.Name), len(sc.Effects), len(f.Outcomes))
		}
		for o, e := range sc.Effects {
			if e.Outcome != f.Outcomes[o].Name {
				return nil, fmt.Errorf("robustness.json: scenario %q: effect %d is of %q, want %q", safeio.Clip(sc.Name), o, safeio.Clip(e.Outcome), safeio.Clip(f.Outcomes[o].Name))
			}
		}
	}
	return &f, nil
}

// Effect returns scenario's effect on outcome, or nil when the file holds
// none.
func (f *RobustnessFile) Effect(scenario, outcome string) *RobustEffect {
	if f == nil {
		return nil
	}
	for s := range f.Scenarios {
		if f.Scenarios[s].Name != scenario {
			continue
		}
		for o := range f.Scenarios[s].Effects {
			if e := &f.Scenarios[s].Effects[o]; e.Outcome == outcome {
				return e
			}
		}
	}
	return nil
}

// fmtEffect writes an effect on outcome o: money, a count or percentage
// points, signed.
func fmtEffect(o Output, v float64) string {
	switch {
	case math.IsNaN(v):
		return "n/a"
	case o.Unit == "£":
		return digits.Money(v, true)
	case o.Unit == "share":
		return fmt.Sprintf("%+.2f pp", 100*v)
	}
	return digits.Count(v, true)
}

// primaryOutcomes is the number of outcomes (the first ones) that the
// Markdown table shows: net public cost, children waiting and children in
// unregistered settings.
const primaryOutcomes = 3

// WriteMarkdown writes the robustness table: for each intervention and
// each of the primary outcomes, the median effect with its 5–95% range
// across sets and the share of sets keeping the median's sign (✓ when at
// least RobustThreshold), then the drivers of each robust effect.
func (r *RobustnessResult) WriteMarkdown(w io.Writer) error {
	var b bytes.Buffer
	fmt.Fprintf(&b, "Latin hypercube of %d parameter sets over %d priors × %d paired runs × %d years (seed %d, %s market). "+
		"Each cell: the median effect across sets [5th to 95th percentile], then the share of sets in which the effect keeps the sign of the median; "+
		"✓ marks an effect that keeps it in at least %.0f%% of sets (robust), ? one that does not (uncertain), = a median of no effect. Outcomes are cumulative over the horizon.\n\n",
		len(r.X), len(r.Priors), r.Runs, r.Years, r.Seed, r.Market, 100*RobustThreshold)
	nO := min(primaryOutcomes, len(r.Outcomes))
	b.WriteString("| intervention |")
	for _, o := range r.Outcomes[:nO] {
		fmt.Fprintf(&b, " %s |", o.Label)
	}
	b.WriteString("\n|---|" + strings.Repeat("---|", nO) + "\n")
	for s, name := range r.Scenarios {
		fmt.Fprintf(&b, "| %s |", name)
		for o := range nO {
			c, out := &r.Cells[s][o], r.Outcomes[o]
			mark := "?"
			switch {
			case c.Robust:
				mark = "✓"
			case c.Sign == 0:
				mark = "="
			}
			fmt.Fprintf(&b, " %s [%s to %s], %.0f%% %s |", fmtEffect(out, c.Median), fmtEffect(out, c.Band.P5), fmtEffect(out, c.Band.P95), 100*c.SignShare, mark)
		}
		b.WriteString("\n")
	}
	if len(r.Cells) > 0 && nO > 0 && !r.Cells[0][0].HasDrivers {
		fmt.Fprintf(&b, "\nThe drivers of the effects were not computed: %s.\n", r.Cells[0][0].DriversSkipped)
		_, err := w.Write(b.Bytes())
		return err
	}
	b.WriteString("\nWhat drives each effect across the sets (standardised regression coefficients of the effect on the priors, the three largest; R² of the regression):\n\n")
	b.WriteString("| intervention | outcome | R² | top drivers: SRC ± 1.96 SE |\n|---|---|---|---|\n")
	for s, name := range r.Scenarios {
		for o := range nO {
			c := &r.Cells[s][o]
			if !c.HasDrivers {
				fmt.Fprintf(&b, "| %s | %s | — | not computed: %s |\n", name, r.Outcomes[o].Name, c.DriversSkipped)
				continue
			}
			fmt.Fprintf(&b, "| %s | %s | %.2f | %s |\n", name, r.Outcomes[o].Name, c.Drivers.R2, r.driverText(c, 3))
		}
	}
	_, err := w.Write(b.Bytes())
	return err
}

// driverText lists the k largest drivers of c: "name +0.59 ± 0.08; …".
func (r *RobustnessResult) driverText(c *RobustCell, k int) string {
	var top []string
	for _, j := range c.TopDrivers(k) {
		top = append(top, fmt.Sprintf("%s %+.2f ± %.2f", r.Priors[j].Name, c.Drivers.SRC[j], 1.96*c.Drivers.SE[j]))
	}
	return joinSemi(top)
}

// WriteFiles writes to dir, each file atomically: robustness.json
// (RobustnessFile, format RobustnessFormat), robustness.csv (one row per
// intervention and outcome), robustness_src.csv (every coefficient),
// robustness_points.csv (every effect at every parameter set, with the
// priors) and robustness.md.
func (r *RobustnessResult) WriteFiles(dir string) ([]string, error) {
	out := &outFiles{dir: dir}
	b, err := jsonsafe.Marshal(r.File())
	if err != nil {
		return nil, err
	}
	path := filepath.Join(dir, "robustness.json")
	if err := writeBytes(path, append(b, '\n')); err != nil {
		return nil, err
	}
	out.files = append(out.files, path)
	if err := out.csv("robustness.csv", r.summaryRows()); err != nil {
		return out.files, err
	}
	if err := out.csv("robustness_src.csv", r.srcRows()); err != nil {
		return out.files, err
	}
	if err := out.csv("robustness_points.csv", r.pointRows()); err != nil {
		return out.files, err
	}
	return out.files, out.markdown("robustness.md", r.WriteMarkdown)
}

// summaryRows are robustness.csv.
func (r *RobustnessResult) summaryRows() [][]string {
	rows := [][]string{{"scenario", "outcome", "sets", "median", "mean", "p5", "p95", "sign", "sign_share", "below", "above", "robust", "r2", "rank_r2", "top_drivers"}}
	for s, name := range r.Scenarios {
		for o, out := range r.Outcomes {
			c := &r.Cells[s][o]
			r2, rr2, top := "", "", ""
			if c.HasDrivers {
				r2, rr2, top = num(c.Drivers.R2), num(c.Drivers.RankR2), r.driverText(c, 3)
			}
			rows = append(rows, []string{name, out.Name, strconv.Itoa(c.Sets), num(c.Median), num(c.Band.Mean), num(c.Band.P5), num(c.Band.P95),
				strconv.Itoa(c.Sign), num(c.SignShare), num(c.Below), num(c.Above), strconv.FormatBool(c.Robust), r2, rr2, top})
		}
	}
	return rows
}

// srcRows are robustness_src.csv.
func (r *RobustnessResult) srcRows() [][]string {
	rows := [][]string{{"scenario", "outcome", "prior", "src", "src_se", "srrc", "r2", "rank_r2"}}
	for s, name := range r.Scenarios {
		for o, out := range r.Outcomes {
			c := &r.Cells[s][o]
			if !c.HasDrivers {
				continue
			}
			for j, p := range r.Priors {
				rows = append(rows, []string{name, out.Name, p.Name, num(c.Drivers.SRC[j]), num(c.Drivers.SE[j]), num(c.Drivers.SRRC[j]), num(c.Drivers.R2), num(c.Drivers.RankR2)})
			}
		}
	}
	return rows
}

// pointRows are robustness_points.csv.
func (r *RobustnessResult) pointRows() [][]string {
	head := []string{"scenario", "set"}
	for _, o := range r.Outcomes {
		head = append(head, o.Name+"_effect")
	}
	for _, p := range r.Priors {
		head = append(head, p.Name)
	}
	rows := [][]string{head}
	for s, name := range r.Scenarios {
		for p := range r.X {
			row := []string{name, strconv.Itoa(p)}
			for o := range r.Outcomes {
				row = append(row, num(r.Effects[s][o][p]))
			}
			for _, x := range r.X[p] {
				row = append(row, num(x))
			}
			rows = append(rows, row)
		}
	}
	return rows
}
