package report

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"html/template"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/caremarket/caremarket/internal/english"
	"github.com/caremarket/caremarket/market"
	"github.com/caremarket/caremarket/plots"
	"github.com/caremarket/caremarket/results"
	"github.com/caremarket/caremarket/scenarios"
)

// FileName is the report's file name, as `caremarket report` writes it
// (OUT/report/report.html).
const FileName = "report.html"

// Options set what a report holds beyond the comparison itself. The zero
// value makes a report from the comparison alone, with the calibration
// record embedded in this version.
type Options struct {
	// Title heads the report; empty means "Briefing: BASELINE against
	// ALTERNATIVES".
	Title string
	// Scenarios are the definitions of the comparison's scenarios, matched
	// by name, for the per-scenario sections (description, interventions in
	// plain words, policy sources). A scenario without one is reported as
	// not recorded.
	Scenarios []*scenarios.Scenario
	// Manifest says what was run (version, seed, runs, scenario hashes, the
	// files); see scenarios.ComparisonManifest and LoadComparison. Without
	// it the report gives what the comparison itself records.
	Manifest *scenarios.Manifest
	// Runs are per-run values of the scenarios (Aggregate.RunValues or
	// run_values.csv) holding at least RunMetrics, for the paired intervals
	// of the headline table's shares. Without them the shares' differences
	// are shown without an interval, and never coloured.
	Runs []*scenarios.RunValues
	// Calibration is the text of a calibration.yaml; nil means the one
	// embedded in this version (the baseline's).
	Calibration []byte
	// Sensitivity is the src.csv written by `caremarket sensitivity`; nil
	// means the report says the sensitivity analysis is not yet available.
	Sensitivity []byte
	// SensitivitySource names where Sensitivity was read from.
	SensitivitySource string
	// Robustness is the robustness.json written by `caremarket robustness`
	// (calibrate.RobustnessFile). The headline table marks a cell better
	// or worse only when the robustness analysis swept that scenario (a
	// built-in's interventions, unchanged, against the unchanged baseline,
	// over the same horizon and market) and the effect keeps its sign in at
	// least 90% of its parameter sets; otherwise a clear difference is
	// marked uncertain. nil means no analysis: every such difference is
	// uncertain.
	Robustness []byte
	// RobustnessSource names where Robustness was read from.
	RobustnessSource string
	// Validation is the checks.csv written by `caremarket calibrate`, whose
	// validation rows say how close the fitted model comes to the
	// published patterns kept out of the fit; nil means not available.
	Validation []byte
	// ValidationSource names where Validation was read from.
	ValidationSource string
	// Hindcast is the hindcast.csv of a run of history-2019 (each
	// published figure of 2019 to 2024 with the model's band at the same
	// date) and HindcastFigure its plots/hindcast.png, as
	// scripts/hindcast-figure copies them to docs/img; nil means the report
	// says the hindcast is not yet available.
	Hindcast, HindcastFigure []byte
	// HindcastSource names where Hindcast was read from.
	HindcastSource string
}

//go:embed report.html.tmpl
var pageTemplate string

var tmpl = template.Must(template.New("report").Parse(pageTemplate))

// figure is one embedded figure.
type figure struct {
	ID, Title, Caption string
	SVG                template.HTML
}

// interventionView is one intervention of a scenario section.
type interventionView struct {
	Name, Starts, Describe, Source string
}

// scenarioView is one scenario's section.
type scenarioView struct {
	Name, Description string
	Baseline          bool
	Recorded          bool
	Interventions     []interventionView
	Warnings          []string
}

// manifestView is the manifest section.
type manifestView struct {
	Have                bool
	Version, GoVersion  string
	Seed                uint64
	Runs                int
	RunIndices          string
	WeeklyRuns          int
	Start               string
	Years               int
	Scenarios           []scenarios.ManifestScenario
	Files               []scenarios.ManifestEntry
	Reproduce           string
	ReproduceNeedsFiles bool
}

// page is everything the template prints.
type page struct {
	Title, Subtitle string
	Baseline        string
	Horizon         string
	Years           int
	Runs            int
	Alternatives    int
	Headline        headline
	Robust          *robustView
	Figures         []figure
	Scenarios       []scenarioView
	Fit             fitView
	Assumptions     []assumption
	Sensitivity     *sensitivityView
	SensitivityFrom string
	Validation      *validationView
	ValidationFrom  string
	Hindcast        *hindcastView
	HindcastFrom    string
	Manifest        manifestView
	// FontFaces embeds the figures' fonts (fonts.go).
	FontFaces template.CSS
}

// Write writes a self-contained HTML briefing of a comparison to w: a
// headline table of each scenario's outcomes and paired differences from
// the baseline, the dashboard, trade-off and difference figures as inline
// SVG, a section per scenario with its interventions in plain words and
// their policy sources, what the results rest on (calibration, assumptions,
// sensitivity) and the manifest that traces them. The page needs no
// network and no JavaScript, and prints to A4. Every text from the
// comparison or the scenarios is escaped (html/template). The output
// depends only on its inputs, byte for byte.
func Write(w io.Writer, cmp *scenarios.Comparison, opts Options) error {
	p, err := build(cmp, opts)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := tmpl.Execute(&buf, p); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	_, err = w.Write(buf.Bytes())
	return err
}

// WriteFile writes the report to path (creating its directory), through a
// temporary file renamed into place, so path holds either its earlier
// content or the whole report.
func WriteFile(path string, cmp *scenarios.Comparison, opts Options) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	return results.WriteFileAtomic(path, func(w io.Writer) error { return Write(w, cmp, opts) })
}

func build(cmp *scenarios.Comparison, opts Options) (*page, error) {
	if cmp == nil || cmp.Baseline == nil {
		return nil, errors.New("report: nil comparison (or one without a baseline)")
	}
	if len(cmp.Diffs) != len(cmp.Alternatives) {
		return nil, fmt.Errorf("report: comparison has %d alternatives but %d diffs: want one diff per alternative", len(cmp.Alternatives), len(cmp.Diffs))
	}
	base := cmp.Baseline
	all := append([]*scenarios.Summary{base}, cmp.Alternatives...)
	for i, s := range all {
		if s == nil {
			return nil, fmt.Errorf("report: comparison scenario %d is nil", i)
		}
		if s.Years != base.Years || s.StartYear != base.StartYear {
			return nil, fmt.Errorf("report: %q covers %d years from %d and the baseline %q %d years from %d: a comparison needs one horizon", s.Scenario, s.Years, s.StartYear, base.Scenario, base.Years, base.StartYear)
		}
		for m := range market.NumMetrics {
			if len(s.Yearly[m]) != base.Years {
				return nil, fmt.Errorf("report: %q holds %d years of %s, want %d", s.Scenario, len(s.Yearly[m]), m, base.Years)
			}
		}
	}
	if base.Years < 1 {
		return nil, fmt.Errorf("report: the comparison covers %d years: want at least 1", base.Years)
	}
	p := &page{Baseline: base.Scenario, Years: base.Years, Runs: base.Runs, Alternatives: len(cmp.Alternatives), FontFaces: fontFaces()}
	p.Horizon = plots.FinancialYear(base.StartYear)
	if base.Years > 1 {
		p.Horizon += " to " + plots.FinancialYear(base.StartYear+base.Years-1)
	}
	names := make([]string, len(cmp.Alternatives))
	for i, a := range cmp.Alternatives {
		names[i] = a.Scenario
	}
	p.Title = opts.Title
	if p.Title == "" {
		p.Title = "Briefing: " + base.Scenario
		if len(names) > 0 {
			p.Title += " against " + english.JoinAnd(names)
		}
	}
	p.Subtitle = fmt.Sprintf("%s (%s) · %s, paired on the same seeds · baseline: %s", p.Horizon, plural(base.Years, "year"), plural(base.Runs, "run"), base.Scenario)
	p.Robust = buildRobust(cmp, opts)
	p.Headline = buildHeadline(cmp, opts.Runs, p.Robust)

	figs, err := figures(cmp)
	if err != nil {
		return nil, err
	}
	p.Figures = figs
	p.Scenarios = scenarioSections(all, opts.Scenarios, base.StartYear)

	cal := opts.Calibration
	if cal == nil {
		if cal, err = embeddedCalibration(); err != nil {
			p.Fit = fitView{Error: err.Error()}
		}
	}
	if cal != nil {
		p.Fit = parseFit(cal)
	}
	p.Assumptions = assumptions()
	if opts.Sensitivity != nil {
		s := parseSensitivity(opts.Sensitivity)
		p.Sensitivity = &s
		p.SensitivityFrom = opts.SensitivitySource
	}
	if opts.Validation != nil {
		v := parseChecks(opts.Validation)
		p.Validation = &v
		p.ValidationFrom = opts.ValidationSource
	}
	if opts.Hindcast != nil || opts.HindcastFigure != nil {
		h := parseHindcast(opts.Hindcast, opts.HindcastFigure)
		p.Hindcast = &h
		p.HindcastFrom = opts.HindcastSource
	}
	p.Headline.markCaveats(p.Validation)
	p.Manifest = manifestSection(cmp, opts.Manifest)
	return p, nil
}

// figures renders the dashboard, trade-off and difference figures.
func figures(cmp *scenarios.Comparison) ([]figure, error) {
	runs := plural(cmp.Baseline.Runs, "run")
	specs := []struct {
		id, title, caption string
		make               func() (plots.Drawer, error)
	}{
		{"fig-dashboard", "Key outcomes over time",
			"Each line is a scenario's median across the " + runs + " by financial year; the shaded band holds the middle 90% of runs (5th to 95th percentile). Bottom right: children's home places by owner in the last year.",
			func() (plots.Drawer, error) { return plots.Dashboard(cmp) }},
		{"fig-tradeoff", "Cost against shortage",
			"Each point is an alternative's mean paired difference from the baseline over the horizon: net public cost across, child-weeks waiting up. Bars span the 5th to 95th percentile of the runs' differences. Down and to the left is cheaper with fewer children waiting.",
			func() (plots.Drawer, error) {
				return plots.TradeOff(cmp, market.NetPublicCostGBP, market.Waiting)
			}},
		{"fig-differences", "Differences from the baseline",
			"For each alternative: the mean paired difference (dot), its 90% confidence interval (thick bar; the interval used to colour the table) and the 5th to 95th percentile of the runs' differences (thin bar). A bar that crosses zero is no clear change.",
			func() (plots.Drawer, error) { return plots.DifferenceGrid(cmp, nil) }},
	}
	var out []figure
	for _, s := range specs {
		d, err := s.make()
		if err != nil {
			return nil, fmt.Errorf("report: %s: %w", s.title, err)
		}
		svg, err := inlineSVG(d, s.title)
		if err != nil {
			return nil, err
		}
		out = append(out, figure{ID: s.id, Title: s.title, Caption: s.caption, SVG: svg})
	}
	return out, nil
}

// scenarioSections describes every scenario of the comparison.
func scenarioSections(all []*scenarios.Summary, defs []*scenarios.Scenario, startYear int) []scenarioView {
	byName := map[string]*scenarios.Scenario{}
	for _, d := range defs {
		if d != nil {
			byName[d.Name] = d
		}
	}
	var out []scenarioView
	for i, s := range all {
		v := scenarioView{Name: s.Scenario, Description: s.Description, Baseline: i == 0, Warnings: s.Warnings}
		if d := byName[s.Scenario]; d != nil {
			v.Recorded = true
			if v.Description == "" {
				v.Description = d.Description
			}
			for _, iv := range d.Interventions {
				if iv == nil {
					continue
				}
				v.Interventions = append(v.Interventions, interventionView{
					Name: iv.Name(), Starts: startText(startYear, iv.StartWeek()),
					Describe: scenarios.Describe(iv), Source: policySource(iv),
				})
			}
		}
		out = append(out, v)
	}
	return out
}

// startText says when an intervention starts: "From April 2024 (2024/25)"
// at the start of a financial year, else the week and its date.
func startText(startYear, week int) string {
	if week <= 0 {
		return fmt.Sprintf("From the start, April %d (%s)", startYear, plots.FinancialYear(startYear))
	}
	if week%52 == 0 {
		y := startYear + week/52
		return fmt.Sprintf("From April %d (%s)", y, plots.FinancialYear(y))
	}
	d := time.Date(startYear, time.April, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, 7*week)
	return fmt.Sprintf("From week %d, about %s", week, d.Format("2 January 2006"))
}

// manifestSection prints what was run.
func manifestSection(cmp *scenarios.Comparison, man *scenarios.Manifest) manifestView {
	base := cmp.Baseline
	v := manifestView{Seed: base.Seed, Runs: base.Runs, WeeklyRuns: base.WeeklyRuns, Start: base.Start, Years: base.Years}
	if man != nil {
		v.Have = true
		v.Version, v.GoVersion = man.Version, man.GoVersion
		v.Seed, v.Runs, v.RunIndices, v.WeeklyRuns, v.Start, v.Years = man.Seed, man.Runs, man.RunIndices, man.WeeklyRuns, man.Start, man.Years
		v.Scenarios, v.Files = man.Scenarios, man.Files
	}
	var names []string
	for _, s := range append([]*scenarios.Summary{base}, cmp.Alternatives...) {
		names = append(names, s.Scenario)
	}
	for _, s := range v.Scenarios {
		if !strings.HasPrefix(s.Source, "builtin:") {
			v.ReproduceNeedsFiles = true
		}
	}
	cmd := fmt.Sprintf("caremarket report -runs %d -seed %d -years %d", v.Runs, v.Seed, v.Years)
	if first, _, ok := strings.Cut(v.RunIndices, "-"); ok && first != "0" {
		cmd += " -first-run " + first
	}
	if v.WeeklyRuns > 0 && v.WeeklyRuns != min(v.Runs, scenarios.DefaultWeeklyRuns) {
		cmd += fmt.Sprintf(" -weekly-runs %d", v.WeeklyRuns)
	}
	v.Reproduce = cmd + " " + strings.Join(names, " ")
	return v
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// Fragments are the parts of a report that an interactive page shows on
// its own: the headline table (with its key and notes) and the figures,
// rendered exactly as Write renders them in the full report.
type Fragments struct {
	// Headline is the HTML of the headline section's body: the table of
	// levels and paired differences with their 90% intervals, cells marked
	// better or worse when the interval excludes zero, the key and notes.
	Headline template.HTML
	// Figures are the dashboard, trade-off and difference figures.
	Figures []Figure
}

// Figure is one figure of a report, as inline SVG.
type Figure struct {
	// ID is the figure's anchor: "fig-dashboard", "fig-tradeoff" or
	// "fig-differences".
	ID, Title, Caption string
	SVG                template.HTML
}

// WriteFragments computes the headline table and the figures of a
// comparison with the same code as Write. opts are read as by Write
// (Runs for the intervals of the shares, Validation for the caveats).
func WriteFragments(cmp *scenarios.Comparison, opts Options) (*Fragments, error) {
	p, err := build(cmp, opts)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := tmpl.ExecuteTemplate(&buf, "headline", p); err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	f := &Fragments{Headline: template.HTML(buf.String())}
	for _, fig := range p.Figures {
		f.Figures = append(f.Figures, Figure(fig))
	}
	return f, nil
}
