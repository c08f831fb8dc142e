package report_test

import (
	"bytes"
	"context"
	stdhtml "html"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/caremarket/caremarket/market"
	"github.com/caremarket/caremarket/plots"
	"github.com/caremarket/caremarket/report"
	"github.com/caremarket/caremarket/scenarios"
)

// small holds a small deterministic comparison: the North East market over
// two years, two paired runs, the baseline against the profit cap and NFP
// entry.
type small struct {
	cmp   *scenarios.Comparison
	parts []*scenarios.Aggregate
	scs   []*scenarios.Scenario
	runs  []*scenarios.RunValues
	man   *scenarios.Manifest
}

var (
	smallOnce sync.Once
	smallVal  *small
	smallErr  error
)

func smallComparison(t *testing.T) *small {
	t.Helper()
	smallOnce.Do(func() {
		s := &small{}
		cfg, err := scenarios.RegionalBaseline("North East")
		if err != nil {
			smallErr = err
			return
		}
		for _, n := range []string{"baseline", "profit-cap", "nfp-entry"} {
			sc, err := scenarios.Builtin(n)
			if err != nil {
				smallErr = err
				return
			}
			sc.Config, sc.Years = cfg, 2
			s.scs = append(s.scs, sc)
		}
		s.parts, err = scenarios.CollectComparison(context.Background(), s.scs[0], s.scs[1:], scenarios.EnsembleOptions{Runs: 2})
		if err != nil {
			smallErr = err
			return
		}
		if s.cmp, err = scenarios.CompareAggregates(s.parts[0], s.parts[1:]); err != nil {
			smallErr = err
			return
		}
		for _, p := range s.parts {
			v, err := p.RunValues(report.RunMetrics()...)
			if err != nil {
				smallErr = err
				return
			}
			s.runs = append(s.runs, v)
		}
		s.man, smallErr = scenarios.ComparisonManifest(s.parts)
		smallVal = s
	})
	require.NoError(t, smallErr)
	return smallVal
}

func render(t *testing.T, cmp *scenarios.Comparison, opts report.Options) string {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, report.Write(&b, cmp, opts))
	return b.String()
}

func (s *small) options() report.Options {
	return report.Options{Scenarios: s.scs, Manifest: s.man, Runs: s.runs}
}

// has fails the test when text lacks needle, printing the needle only.
func has(t *testing.T, text, needle string, msg ...any) {
	t.Helper()
	if !strings.Contains(text, needle) {
		t.Errorf("missing %q %v", needle, msg)
	}
}

// hasAll fails the test for each needle text does not hold.
func hasAll(t *testing.T, text string, needles ...string) {
	t.Helper()
	for _, n := range needles {
		has(t, text, n)
	}
}

// hasNot fails the test when text holds needle.
func hasNot(t *testing.T, text, needle string, msg ...any) {
	t.Helper()
	if i := strings.Index(text, needle); i >= 0 {
		t.Errorf("unexpected %q at %q %v", needle, text[max(0, i-80):min(len(text), i+80)], msg)
	}
}

// cellText is the HTML of a difference and its interval, as the report
// writes them: true minus signs, interval ends kept whole.
func cellText(diff, lo, hi string) string {
	m := func(s string) string {
		if strings.HasPrefix(s, "-") {
			return "−" + s[1:]
		}
		return s
	}
	return `<span class="diff">` + m(diff) + `</span><span class="iv">[<span class="nw">` + m(lo) + `</span>, <span class="nw">` + m(hi) + `</span>]</span>`
}

// headlineRows returns the rows of the headline table's body.
func headlineRows(t *testing.T, html string) []string {
	t.Helper()
	start := strings.Index(html, `<table class="headline">`)
	require.GreaterOrEqual(t, start, 0, "no headline table")
	end := strings.Index(html[start:], "</table>")
	require.Greater(t, end, 0)
	body := html[start : start+end]
	_, body, ok := strings.Cut(body, "<tbody>")
	require.True(t, ok)
	var rows []string
	for _, r := range strings.Split(body, "<tr")[1:] {
		rows = append(rows, r)
	}
	return rows
}

// TestReportStructure checks the report's structure: one headline row per
// scenario with a cell per column, one inline SVG per figure, every
// section, the interventions in plain words and the manifest's values, and
// nothing that needs a network or runs a script.
func TestReportStructure(t *testing.T) {
	s := smallComparison(t)
	html := render(t, s.cmp, s.options())
	text := stdhtml.UnescapeString(html)

	rows := headlineRows(t, html)
	require.Len(t, rows, 3, "one row per scenario")
	for i, name := range []string{"baseline", "profit-cap", "nfp-entry"} {
		has(t, rows[i], ">"+name, "row", i)
		assert.Equal(t, 10, strings.Count(rows[i], "<td"), "row %d: the scenario and 9 columns", i)
	}
	has(t, rows[0], `class="base"`)
	hasNot(t, rows[0], `class="diff"`, "the baseline has no difference from itself")

	// One <svg> per figure, each inside its figure.
	assert.Equal(t, 3, strings.Count(html, "<svg"))
	assert.Equal(t, 3, strings.Count(html, "</svg>"))
	for _, id := range []string{"fig-dashboard", "fig-tradeoff", "fig-differences"} {
		i := strings.Index(html, `<figure id="`+id+`">`)
		require.GreaterOrEqual(t, i, 0, id)
		fig := html[i : i+strings.Index(html[i:], "</figure>")]
		assert.Equal(t, 1, strings.Count(fig, "<svg"), id)
		has(t, fig, `viewBox="0 0 `, id)
	}

	// Sections in order.
	last := -1
	for _, id := range []string{`id="headline"`, `id="figures"`, `id="scenarios"`, `id="rests"`, `id="manifest"`} {
		i := strings.Index(html, id)
		require.Greater(t, i, last, "section %s out of order", id)
		last = i
	}

	// The scenarios in plain words, with their policy sources and start.
	has(t, text, scenarios.Describe(s.scs[1].Interventions[0]))
	has(t, text, scenarios.Describe(s.scs[2].Interventions[0]))
	hasAll(t, text,
		"From April 2024 (2024/25)",
		"Policy source:",
		"No interventions: the market as it is",
	)

	// The manifest: version, seed, runs and every scenario's hashes.
	has(t, text, s.man.Version)
	has(t, text, s.man.GoVersion)
	has(t, html, `seed</th><td class="mono">1</td>`)
	has(t, html, "2 (run indices 0-1)")
	for _, sc := range s.man.Scenarios {
		has(t, html, sc.Scenario)
		has(t, html, sc.Config)
		has(t, html, sc.Baseline)
		has(t, html, sc.Source)
	}
	has(t, html, "caremarket report -runs 2 -seed 1 -years 2 baseline profit-cap nfp-entry")

	// What it rests on: the embedded calibration, the assumptions, and no
	// sensitivity, validation or hindcast results (none given).
	has(t, html, "Method: <strong>")
	has(t, html, "hurdle rate of private-equity providers")
	assert.Equal(t, 3, strings.Count(html, "<strong>Not yet available"), "sensitivity, validation and hindcast")

	// Self-contained: no script, no external reference, no filtered value.
	for _, bad := range []string{"<script", "http://", "https://", "<link", "<img", "<iframe", "@import"} {
		hasNot(t, html, bad)
	}
	assert.Equal(t, strings.Count(html, "url("), strings.Count(html, "url(data:font/ttf;base64,"), "every url() is an embedded font")
	hasNot(t, html, "ZgotmplZ", "html/template filtered a value")

	// Deterministic.
	assert.Equal(t, html, render(t, s.cmp, s.options()))
}

// TestReportHeadlineValues checks the headline cells against the
// comparison: the differences and intervals of the totals, the markers of
// coloured cells, and the shares' paired intervals computed from the runs'
// values.
func TestReportHeadlineValues(t *testing.T) {
	s := smallComparison(t)
	html := render(t, s.cmp, s.options())
	rows := headlineRows(t, html)
	for i, d := range s.cmp.Diffs {
		row := stdhtml.UnescapeString(rows[i+1])
		sp := d.Total[market.SpendGBP]
		has(t, row, cellText(plots.FormatMoney(sp.Mean, true), plots.FormatMoney(sp.MeanLo, true), plots.FormatMoney(sp.MeanHi, true)))
		w := d.Total[market.Waiting]
		has(t, row, cellText(plots.FormatCount(w.Mean, true), plots.FormatCount(w.MeanLo, true), plots.FormatCount(w.MeanHi, true)))
		// Every alternative cell has an interval: the shares too, from the
		// run values.
		assert.Equal(t, 9, strings.Count(row, `class="iv">[`), "row %s", d.Scenario)
		// A coloured cell says so in words, and only a coloured cell.
		for class, marks := range map[string][]string{"better": {"✓ better"}, "worse": {"✗ worse"}, "changed": {"▲ higher", "▼ lower"}} {
			n := 0
			for _, m := range marks {
				n += strings.Count(row, `<span class="mark">`+m+"</span>")
			}
			assert.Equal(t, strings.Count(row, `<td class="`+class+`">`), n, "%s: class %s", d.Scenario, class)
		}
		// A coloured cell's interval excludes zero, so no end of it is 0.
		for _, cell := range strings.Split(row, "<td")[2:] {
			if strings.HasPrefix(cell, ` class=`) {
				hasNot(t, cell, `"nw">0<`, "a coloured interval with an end at zero")
				hasNot(t, cell, `"nw">0 pp<`, "a coloured interval with an end at zero")
			}
		}
	}
	// The profit cap lowers the for-profit margin in every run of this
	// comparison, so that cell is a clear change.
	has(t, stdhtml.UnescapeString(rows[1]), "▼ lower")

	// The baseline's share over 20 miles is the mean of its runs' shares.
	base := s.runs[0]
	var sum float64
	for i := range base.Runs {
		var num, den float64
		for y := range base.Years {
			num += base.Yearly[market.Over20Miles][i][y]
			for _, m := range []market.Metric{market.PlacedFosterInHouse, market.PlacedFosterIFA, market.PlacedHomes, market.PlacedSupported} {
				den += base.Yearly[m][i][y]
			}
		}
		sum += num / den
	}
	has(t, rows[0], `<span class="level">`+plots.FormatPercent(sum/float64(len(base.Runs)), false)+"</span>")

	// Without the run values the shares have a difference but no interval.
	opts := s.options()
	opts.Runs = nil
	html = render(t, s.cmp, opts)
	rows = headlineRows(t, html)
	assert.Equal(t, 7, strings.Count(rows[1], `class="iv">[`))
	assert.Equal(t, 2, strings.Count(rows[1], "no interval: the runs"))
	has(t, html, "were not saved with this comparison")
}

// TestReportEscapes checks that text from scenario files cannot inject
// markup: a scenario name holding a script tag and a description holding
// an image with an event handler come out escaped, in the table, the
// figures and the sections.
func TestReportEscapes(t *testing.T) {
	s := smallComparison(t)
	const evil = `<script>alert(1)</script>`
	cmp := *s.cmp
	alt := *cmp.Alternatives[0]
	alt.Scenario = evil
	alt.Description = `<img src=x onerror=alert(2)> & "quotes"`
	alt.Warnings = []string{"<b>bold</b>"}
	cmp.Alternatives = append([]*scenarios.Summary{&alt}, cmp.Alternatives[1:]...)
	cmp.Diffs = append([]scenarios.Diff(nil), cmp.Diffs...)
	cmp.Diffs[0].Scenario = evil
	def := *s.scs[1]
	def.Name = evil
	opts := s.options()
	opts.Scenarios = []*scenarios.Scenario{s.scs[0], &def, s.scs[2]}
	opts.Title = "<i>title</i>"
	html := render(t, &cmp, opts)

	for _, bad := range []string{"<script", "<img", "<b>bold", "<i>title"} {
		hasNot(t, html, bad)
	}
	hasAll(t, html,
		"&lt;script&gt;alert(1)&lt;/script&gt;",
		"&lt;img src=x onerror=alert(2)&gt; &amp; &#34;quotes&#34;",
		"&lt;b&gt;bold&lt;/b&gt;",
	)
	// In the headline table, the section heading and the figures' text.
	rows := headlineRows(t, html)
	has(t, rows[1], "&lt;script&gt;alert(1)&lt;/script&gt;")
	has(t, html, "<h3>&lt;script&gt;alert(1)&lt;/script&gt;")
	has(t, html, "<title>&lt;i&gt;title&lt;/i&gt;</title>")
	i := strings.Index(html, `<figure id="fig-tradeoff">`)
	fig := html[i : i+strings.Index(html[i:], "</figure>")]
	has(t, fig, "&lt;script&gt;alert(1)&lt;/script&gt;", "the trade-off figure labels its points")
	opts.Title = ""
	html = render(t, &cmp, opts)
	hasNot(t, html, "<script")
	has(t, html, "<title>Briefing: baseline against &lt;script&gt;alert(1)&lt;/script&gt; and nfp-entry</title>")
}

// TestReportRests checks the "what this rests on" section with a formal
// fit and sensitivity results.
func TestReportRests(t *testing.T) {
	s := smallComparison(t)
	opts := s.options()
	opts.Calibration = []byte(`overrides: {}
fit:
  method: method of simulated moments
  command: caremarket calibrate -write
  seed: 3
  runs: 4
  objective: {start: 41.5, fit: 2.25}
  parameters:
    - {name: pricing.kappa.private, start: 0.5, fitted: 0.25, lo: 0.1, hi: 0.8}
  moments:
    - {name: children_in_care, published: 83760, half: 4188, median: 83000, p5: 82000, p95: 84000}
    - {name: price_home_mean, published: 5800, half: 870, median: 7000, p5: 6900, p95: 7100}
`)
	opts.Sensitivity = []byte("output,prior,src,src_se,srrc,r2,rank_r2,lo,hi\n" +
		"waiting_mean,investment.k0,0.10,0.05,0.1,0.8,0.8,500000,1000000\n" +
		"waiting_mean,pricing.beta,-0.70,0.05,-0.7,0.8,0.8,0,0.4\n" +
		"waiting_mean,matching.lambda,0.30,0.05,0.3,0.8,0.8,2,20\n")
	opts.SensitivitySource = "docs/calibration/src.csv"
	html := stdhtml.UnescapeString(render(t, s.cmp, opts))
	has(t, html, "Method: <strong>method of simulated moments</strong>")
	hasNot(t, html, "not yet been run")
	hasAll(t, html,
		"1 of 2 fitted figures have the model",
		"41.5 → 2.25",
		"<code>pricing.kappa.private</code>",
	)
	hasNot(t, html, "Not yet available.")
	has(t, html, "children waiting (mean over the horizon)</strong> (R² 0.80)")
	has(t, html, "<code>docs/calibration/src.csv</code>")
	// In the sensitivity table the parameters are ranked by |coefficient|.
	sens := html[strings.Index(html, "What the results are most sensitive to"):]
	beta := strings.Index(sens, "buyer-power discount β")
	lambda := strings.Index(sens, "λ, £ per km per week")
	k0 := strings.Index(sens, "capital of a 4-place home")
	require.True(t, beta > 0 && lambda > 0 && k0 > 0, "every parameter is listed")
	assert.Less(t, beta, lambda)
	assert.Less(t, lambda, k0)
	has(t, sens, "−0.70 ± 0.10")
	has(t, sens, "higher → lower")

	opts.Sensitivity = []byte("not,a,sensitivity,file\n1,2,3,4\n")
	has(t, render(t, s.cmp, opts), "the sensitivity results have no")

	// A manual fit says the formal fit has not been run.
	opts.Calibration = []byte("overrides: {}\nfit:\n  method: manual\n")
	html = stdhtml.UnescapeString(render(t, s.cmp, opts))
	has(t, html, "Method: <strong>manual</strong>")
	has(t, html, "not yet been run")
	hasNot(t, html, "fitted figures have the model")
}

// TestReportValidation checks the validation patterns read from the
// calibration's checks.csv: labelled, scaled, counted, and only the
// validation rows.
func TestReportValidation(t *testing.T) {
	s := smallComparison(t)
	opts := s.options()
	opts.Validation = []byte("kind,check,published,lo,hi,start_p50,fit_p5,fit_p50,fit_p95,pass,band_inside\n" +
		"band,children_in_care,\"83,760\",79572,87948,84423,83750,84022,84266,true,true\n" +
		"validation,V1_margin_for_profit,≈ 20–23% (largest providers),0.17,0.26,0.236,0.236,0.2382,0.24,true,true\n" +
		"validation,V3_children_over_500k,\"1,500+ (2022/23)\",1200,2500,772,737.3,781.9,807.5,false,false\n")
	opts.ValidationSource = "docs/calibration/checks.csv"
	html := stdhtml.UnescapeString(render(t, s.cmp, opts))
	hasAll(t, html,
		"<strong>1 of 2</strong> patterns are reproduced",
		"operating margin of for-profit providers (2023)",
		"17 to 26%",
		"23.82% [23.6, 24]",
		"1,200 to 2,500 children",
		"781.9 children [737.3, 807.5]</td><td><strong>no</strong>",
	)
	hasNot(t, html, "children looked after ±5%", "band rows are not validation patterns")
	has(t, html, "<code>docs/calibration/checks.csv</code>")

	opts.Validation = []byte("kind,check\nvalidation,x\n")
	has(t, render(t, s.cmp, opts), "the validation results have no")
}

// TestReportWithoutDefinitions checks a report of a saved comparison whose
// scenarios are unknown: the sections say so, and nothing fails.
func TestReportWithoutDefinitions(t *testing.T) {
	s := smallComparison(t)
	html := stdhtml.UnescapeString(render(t, s.cmp, report.Options{}))
	assert.Equal(t, 3, strings.Count(html, "interventions are not recorded"))
	has(t, html, "No manifest was given")
	assert.Equal(t, 3, len(headlineRows(t, html)))
}

func TestReportErrors(t *testing.T) {
	s := smallComparison(t)
	var b bytes.Buffer
	assert.Error(t, report.Write(&b, nil, report.Options{}))
	bad := *s.cmp
	bad.Diffs = bad.Diffs[:1]
	assert.ErrorContains(t, report.Write(&b, &bad, report.Options{}), "one diff per alternative")
	short := *s.cmp
	alt := *short.Alternatives[0]
	alt.Years = 1
	short.Alternatives = []*scenarios.Summary{&alt, short.Alternatives[1]}
	assert.ErrorContains(t, report.Write(&b, &short, report.Options{}), "one horizon")
	assert.Zero(t, b.Len(), "nothing is written on error")
}

// TestWriteFile checks that WriteFile creates the directory and leaves no
// temporary file.
func TestWriteFile(t *testing.T) {
	s := smallComparison(t)
	dir := filepath.Join(t.TempDir(), "out", "report")
	path := filepath.Join(dir, report.FileName)
	require.NoError(t, report.WriteFile(path, s.cmp, s.options()))
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.True(t, bytes.HasPrefix(b, []byte("<!DOCTYPE html>")))
	ents, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, ents, 1)
	assert.Error(t, report.WriteFile(filepath.Join(path, "x.html"), s.cmp, s.options()), "a file is in the way")
}

var tagRE = regexp.MustCompile(`<([a-zA-Z][a-zA-Z0-9]*)`)

// TestReportTagsAllowed checks that the page uses only the HTML and SVG
// elements it means to: nothing that loads or runs anything.
func TestReportTagsAllowed(t *testing.T) {
	s := smallComparison(t)
	html := render(t, s.cmp, s.options())
	allowed := map[string]bool{}
	for _, tag := range strings.Fields("html head meta title style body header h1 h2 h3 p div ul ol li nav a section table thead tbody tr th td span strong code caption figure figcaption svg g path text title pre colgroup col i") {
		allowed[tag] = true
	}
	for _, m := range tagRE.FindAllStringSubmatch(html, -1) {
		assert.True(t, allowed[m[1]], "unexpected element <%s>", m[1])
	}
}

// TestReportCaveatsUnvalidatedColumns: the unregistered-settings column of
// the headline table carries a visible caveat linked to the validation
// section while the model misses the published level (or its validation
// is unknown), and none once the pattern is reproduced.
func TestReportCaveatsUnvalidatedColumns(t *testing.T) {
	s := smallComparison(t)
	opts := s.options()
	header := "kind,check,published,lo,hi,start_p50,fit_p5,fit_p50,fit_p95,pass,band_inside\n"
	for _, tc := range []struct {
		name       string
		validation string
		caveat     bool
	}{
		{"missed", header + "validation,V2_unregistered_share,≈ 1%,0.005,0.02,0,0,0,0,false,false\n", true},
		{"not available", "", true},
		{"reproduced", header + "validation,V2_unregistered_share,≈ 1%,0.005,0.02,0.01,0.008,0.01,0.012,true,true\n", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opts.Validation = nil
			if tc.validation != "" {
				opts.Validation = []byte(tc.validation)
			}
			html := stdhtml.UnescapeString(render(t, s.cmp, opts))
			if !tc.caveat {
				hasNot(t, html, `class="caveat"`)
				return
			}
			hasAll(t, html,
				`Children in unregistered settings <a class="caveat" href="#validation"`,
				"Children in unregistered settings: read with care.",
				`<h3 id="validation">`,
			)
			// The header, one cell per scenario and the note.
			assert.Equal(t, 1+len(s.cmp.Alternatives)+1+1, strings.Count(html, `<a class="caveat" href="#validation"`))
		})
	}
}

// TestReportHindcast checks the hindcast of "What this rests on": the
// figure embedded as a PNG data URL, the table of published figures against
// the model, a bad figure refused, and "not yet available" without one.
func TestReportHindcast(t *testing.T) {
	s := smallComparison(t)
	opts := s.options()
	html := stdhtml.UnescapeString(render(t, s.cmp, opts))
	has(t, html, "Hindcast: 2019 to 2024")
	has(t, html, "<strong>Not yet available</strong> with this report: the hindcast")
	pngBytes, err := os.ReadFile(filepath.Join("..", "docs", "img", "hindcast.png"))
	require.NoError(t, err)
	opts.HindcastFigure = pngBytes
	opts.Hindcast = []byte("series,unit,when,published,model_mean,model_p5,model_p50,model_p95,miss_p50\n" +
		"Children looked after,children,31 Mar 2020,80000,82754,82123,82788,83183,0.03485\n" +
		"Share in foster care,share,31 Mar 2022,0.7,0.53,0.525,0.53,0.534,-0.2424\n")
	opts.HindcastSource = "docs/img/hindcast.csv"
	html = stdhtml.UnescapeString(render(t, s.cmp, opts))
	hasAll(t, html,
		`src="data:image/png;base64,`,
		"<td>31 Mar 2020</td><td class=\"num\">80,000</td><td class=\"num\">82,788 [82,123, 83,183]</td><td class=\"num\">+3.5%</td>",
		"53.0% [52.5%, 53.4%]</td><td class=\"num\">−24.2%",
		"<code>docs/img/hindcast.csv</code>",
	)
	hasNot(t, html, "Not yet available</strong> with this report: the hindcast")

	opts.HindcastFigure = []byte("not a png")
	has(t, render(t, s.cmp, opts), "the hindcast figure is not a PNG image")
}
