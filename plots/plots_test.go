package plots_test

import (
	"bytes"
	"flag"
	"html"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/plot/vg"

	"github.com/caremarket/caremarket/market"
	"github.com/caremarket/caremarket/plots"
	"github.com/caremarket/caremarket/scenarios"
)

var update = flag.Bool("update", false, "rewrite the golden SVG files in testdata/")

// testComparison is the small deterministic comparison the figure tests
// draw: 8 paired runs of 4 years of the baseline and three alternatives.
func testComparison() *scenarios.Comparison {
	return synthComparison(8, 4, "profit-cap", "nfp-entry", "coop")
}

// figureCase is one figure to render, with the texts its SVG must hold.
type figureCase struct {
	name   string
	make   func(cmp *scenarios.Comparison) (plots.Drawer, error)
	texts  []string // title, axis labels, legend entries, ...
	w, h   int      // PNG size in pixels
	golden bool
}

func asDrawer[T plots.Drawer](d T, err error) (plots.Drawer, error) { return d, err }

func figureCases() []figureCase {
	const pw, ph = 1500, 844  // 10 × 5.625 in at 150 dpi
	const fw, fh = 2000, 1125 // 13.333 × 7.5 in at 150 dpi
	return []figureCase{
		{
			name: "fan",
			make: func(cmp *scenarios.Comparison) (plots.Drawer, error) {
				return asDrawer(plots.FanChart(cmp.Baseline, market.Waiting,
					plots.WithPublished("DfE published", plots.Observation{Year: 2023, Value: 410}, plots.Observation{Year: 2024, Value: 455})))
			},
			texts: []string{"Children waiting for a place: baseline, 5 runs", "children", "Financial year (April to March)",
				"median", "5–95% of runs", "DfE published", "2023/24", "2026/27"},
			w: pw, h: ph, golden: true,
		},
		{
			name: "fan_spend",
			make: func(cmp *scenarios.Comparison) (plots.Drawer, error) {
				return asDrawer(plots.FanChart(cmp.Alternatives[0], market.SpendGBP))
			},
			texts: []string{"Council spend on placements: profit-cap, 8 runs", "£ per year", "Financial year (April to March)",
				"median", "5–95% of runs", "£4.4bn"},
			w: pw, h: ph,
		},
		{
			name: "compare",
			make: func(cmp *scenarios.Comparison) (plots.Drawer, error) {
				return asDrawer(plots.CompareLines(append([]*scenarios.Summary{cmp.Baseline}, cmp.Alternatives...), market.UnregisteredPlaced))
			},
			texts: []string{"Children in unregistered settings by scenario", "children, yearly mean", "Financial year (April to March)",
				"baseline", "profit-cap", "nfp-entry", "coop", "shaded: 5–95%", "of 8 runs"},
			w: pw, h: ph, golden: true,
		},
		{
			name: "tradeoff",
			make: func(cmp *scenarios.Comparison) (plots.Drawer, error) {
				return asDrawer(plots.TradeOff(cmp, market.NetPublicCostGBP, market.Waiting))
			},
			texts: []string{"Cost against shortage: change from the baseline over 4 years",
				"← cheaper      change in net public cost (£)      dearer →", "change in children waiting (child-weeks)",
				"baseline", "profit-cap", "nfp-entry", "coop", "bars: 5–95% of runs"},
			w: pw, h: ph, golden: true,
		},
		{
			name: "tradeoff_mean",
			make: func(cmp *scenarios.Comparison) (plots.Drawer, error) {
				return asDrawer(plots.TradeOff(cmp, market.SpendGBP, market.UnregisteredPlaced, plots.WithInterval(plots.MeanInterval)))
			},
			texts: []string{"← cheaper      change in spend on placements (£)      dearer →", "change in children in unregistered settings (child-weeks)",
				"bars: 90% CI of the mean"},
			w: pw, h: ph,
		},
		{
			name: "differences",
			make: func(cmp *scenarios.Comparison) (plots.Drawer, error) {
				return asDrawer(plots.DifferenceBars(cmp, market.MarginForProfit))
			},
			texts: []string{"Change in operating margin of for-profit providers vs baseline",
				"percentage points, 4-year mean, paired runs", "profit-cap: -6.4 pp", "nfp-entry: 0 pp", "coop: -0.7 pp",
				"mean difference", "90% CI of the mean", "5–95% of runs", "no change"},
			w: pw, h: ph, golden: true,
		},
		{
			name: "tiles",
			make: func(cmp *scenarios.Comparison) (plots.Drawer, error) {
				return asDrawer(plots.RegionTiles(cmp.Baseline, market.RegionWaiting, 2025, true))
			},
			texts: []string{"Children waiting for a place per 10,000 children by region, 2025/26: baseline",
				"per 10,000 children aged 0–17", "median of 8 runs", "North East", "North West", "Yorkshire and", "The Humber",
				"East", "Midlands", "West", "East of", "England", "London", "South East", "South West"},
			w: pw, h: ph, golden: true,
		},
		{
			name: "tiles_spend",
			make: func(cmp *scenarios.Comparison) (plots.Drawer, error) {
				return asDrawer(plots.RegionTiles(cmp.Alternatives[2], market.RegionSpendGBP, 2023, false))
			},
			texts: []string{"Council spend on placements by region, 2023/24: coop", "£ per year", "London"},
			w:     pw, h: ph,
		},
		{
			name: "margins",
			make: func(cmp *scenarios.Comparison) (plots.Drawer, error) {
				return asDrawer(plots.MarginsByOwnership(cmp.Alternatives[0]))
			},
			texts: []string{"Operating margins by ownership: profit-cap, 5 runs", "operating margin, per cent of income",
				"Financial year (April to March)", "private equity", "other private", "not-for-profit", "shaded: 5–95% of runs"},
			w: pw, h: ph, golden: true,
		},
		{
			name: "dashboard",
			make: func(cmp *scenarios.Comparison) (plots.Drawer, error) { return asDrawer(plots.Dashboard(cmp)) },
			texts: []string{"Key outcomes, 2023/24 to 2026/27: baseline and profit-cap, nfp-entry, coop",
				"Council spend on placements", "Children waiting for a place", "Children in unregistered settings",
				"Children placed over 20 miles from home", "Operating margin of for-profit providers",
				"Children's home places by owner, 2026/27", "£ per year", "children, yearly mean", "places, yearly mean",
				"baseline", "profit-cap", "nfp-entry", "coop", "shaded: 5–95% of 8 runs", "private", "equity", "council"},
			w: fw, h: fh, golden: true,
		},
		{
			name: "difference_grid",
			make: func(cmp *scenarios.Comparison) (plots.Drawer, error) {
				return asDrawer(plots.DifferenceGrid(cmp, nil))
			},
			texts: []string{"Paired differences from the baseline over 4 years (2023/24 to 2026/27, 8 runs)",
				"Net public cost of placements", "Children waiting for a place", "£, 4-year total, paired runs",
				"child-weeks, 4-year total, paired runs", "mean difference", "profit-cap: -£442m", "nfp-entry: -£160m", "coop: -£219m"},
			w: fw, h: fh,
		},
	}
}

// svgTextsOf renders d as SVG and returns its texts.
func svgTextsOf(t *testing.T, d plots.Drawer) []string {
	t.Helper()
	svg, err := plots.SVG(d)
	require.NoError(t, err)
	return svgTexts(svg)
}

// svgTexts returns the contents of the SVG's <text> elements, unescaped.
func svgTexts(svg []byte) []string {
	var out []string
	for _, m := range regexp.MustCompile(`(?s)<text[^>]*>(.*?)</text>`).FindAllSubmatch(svg, -1) {
		out = append(out, html.UnescapeString(string(m[1])))
	}
	return out
}

func TestFigures(t *testing.T) {
	t.Parallel()
	cmp := testComparison()
	for _, tc := range figureCases() {
		t.Run(tc.name, func(t *testing.T) {
			d, err := tc.make(cmp)
			require.NoError(t, err)

			if raceEnabled && tc.name != "tradeoff" && tc.name != "dashboard" {
				// Rasterise small under the race detector (see race_test.go).
				var buf bytes.Buffer
				require.NoError(t, plots.Render(&buf, d, "png", 2*vg.Inch, 1.125*vg.Inch))
			} else {
				b, err := plots.PNG(d)
				require.NoError(t, err)
				cfg, err := png.DecodeConfig(bytes.NewReader(b))
				require.NoError(t, err)
				assert.Equal(t, tc.w, cfg.Width, "PNG width")
				assert.Equal(t, tc.h, cfg.Height, "PNG height")
			}

			svg, err := plots.SVG(d)
			require.NoError(t, err)
			texts := svgTexts(svg)
			for _, want := range tc.texts {
				assert.Contains(t, texts, want, "SVG text")
			}
			assert.Contains(t, string(svg), "font-family:'Liberation Sans',Arial,Helvetica,sans-serif;")

			pdf, err := plots.PDF(d)
			require.NoError(t, err)
			assert.True(t, bytes.HasPrefix(pdf, []byte("%PDF-")), "PDF header")
			box := regexp.MustCompile(`/MediaBox \[0 0 ([0-9.]+) ([0-9.]+)\]`).FindSubmatch(pdf)
			require.NotNil(t, box, "PDF page size")
			assert.InDelta(t, float64(tc.w)/150*72, atof(t, box[1]), 0.5, "PDF width in points")
			assert.InDelta(t, float64(tc.h)/150*72, atof(t, box[2]), 0.5, "PDF height in points")

			if tc.golden {
				checkGolden(t, filepath.Join("testdata", tc.name+".svg"), svg)
			}
		})
	}
}

func atof(t *testing.T, b []byte) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(string(b), 64)
	require.NoError(t, err)
	return v
}

var numberRE = regexp.MustCompile(`-?[0-9]+(\.[0-9]+)?(e[-+]?[0-9]+)?`)

// checkGolden compares an SVG with its golden file: the texts drawn and
// everything between numbers must match exactly, and numbers (coordinates,
// written with five significant digits) to within 0.02, so that
// floating-point differences between platforms do not fail the test.
// -update rewrites the golden (docs/developing.md lists every golden file
// and the command that regenerates it).
func checkGolden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		require.NoError(t, os.WriteFile(path, got, 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "golden file missing: run go test ./plots -run TestFigures -update")
	// Texts (titles, labels, tick labels) must match exactly.
	if !assert.Equal(t, svgTexts(want), svgTexts(got), "%s: texts differ (run with -update if the change is intended)", path) {
		return
	}
	gs, ws := numberRE.Split(string(got), -1), numberRE.Split(string(want), -1)
	gn, wn := numberRE.FindAllString(string(got), -1), numberRE.FindAllString(string(want), -1)
	if !assert.Equal(t, len(ws), len(gs), "%s: structure differs (run with -update if the change is intended)", path) {
		return
	}
	for i := range ws {
		if ws[i] != gs[i] {
			t.Errorf("%s: text differs at piece %d: got %q, want %q (run with -update if intended)", path, i, gs[i], ws[i])
			return
		}
	}
	for i := range wn {
		g, _ := strconv.ParseFloat(gn[i], 64)
		w, _ := strconv.ParseFloat(wn[i], 64)
		if math.Abs(g-w) > 0.02 {
			t.Errorf("%s: number %d is %s, golden %s (run with -update if intended)", path, i, gn[i], wn[i])
			return
		}
	}
}

// TestDeterministic renders the same figure twice, from two separately
// built comparisons, and expects the same bytes.
func TestDeterministic(t *testing.T) {
	t.Parallel()
	render := func() ([]byte, []byte) {
		d, err := plots.Dashboard(testComparison())
		require.NoError(t, err)
		var buf bytes.Buffer
		w, h := plots.FigureWidth, plots.FigureHeight
		if raceEnabled {
			w, h = w/4, h/4
		}
		require.NoError(t, plots.Render(&buf, d, "png", w, h))
		p := buf.Bytes()
		s, err := plots.SVG(d)
		require.NoError(t, err)
		return p, s
	}
	p1, s1 := render()
	p2, s2 := render()
	assert.True(t, bytes.Equal(p1, p2), "PNG bytes differ")
	assert.True(t, bytes.Equal(s1, s2), "SVG bytes differ")
}

// degenerate returns comparisons that stress the figures: one run (every
// band collapsed onto its median), one year, no alternatives, no weekly
// bands, and NaN and infinite values scattered through the bands.
func degenerate() map[string]*scenarios.Comparison {
	one := synthComparison(1, 2, "profit-cap")
	oneYear := synthComparison(3, 1, "profit-cap", "coop")
	alone := synthComparison(3, 2)
	noWeekly := synthComparison(3, 2, "nfp-entry")
	for _, s := range summaries(noWeekly) {
		s.Weekly = [market.NumMetrics][]scenarios.Band{}
		s.WeeklyRuns = 0
	}
	nan := synthComparison(4, 3, "profit-cap", "some-new-idea")
	poison := func(b *scenarios.Band, k int) {
		switch k % 3 {
		case 0:
			b.P50 = math.NaN()
		case 1:
			b.P5, b.P95 = math.NaN(), math.Inf(1)
		default:
			*b = scenarios.Band{Mean: math.NaN(), P5: math.NaN(), P50: math.NaN(), P95: math.NaN()}
		}
	}
	for si, s := range summaries(nan) {
		for m := range s.Yearly {
			for y := range s.Yearly[m] {
				if (int(m)+y+si)%4 == 0 {
					poison(&s.Yearly[m][y], int(m)+y)
				}
			}
			for k := range s.Weekly[m] {
				if k%7 == 3 {
					poison(&s.Weekly[m][k], k)
				}
			}
		}
		for rm := range s.RegionalYearly {
			for r := range s.RegionalYearly[rm] {
				if r%3 == si%3 {
					poison(&s.RegionalYearly[rm][r][1], r)
				}
			}
		}
	}
	for i := range nan.Diffs {
		for m := range nan.Diffs[i].Total {
			if int(m)%3 == i {
				nan.Diffs[i].Total[m].Mean = math.NaN()
				nan.Diffs[i].Total[m].MeanHi = math.Inf(1)
			}
		}
	}
	return map[string]*scenarios.Comparison{"one run": one, "one year": oneYear, "baseline only": alone, "no weekly bands": noWeekly, "NaN and Inf": nan}
}

func summaries(cmp *scenarios.Comparison) []*scenarios.Summary {
	return append([]*scenarios.Summary{cmp.Baseline}, cmp.Alternatives...)
}

// TestDegenerate draws every figure from degenerate data in every format:
// nothing may panic or fail. All-zero metrics (clawback, tax receipts) are
// drawn too.
func TestDegenerate(t *testing.T) {
	t.Parallel()
	for name, cmp := range degenerate() {
		t.Run(name, func(t *testing.T) {
			var ds []plots.Drawer
			add := func(d plots.Drawer, err error) {
				t.Helper()
				require.NoError(t, err)
				ds = append(ds, d)
			}
			ss := summaries(cmp)
			for _, m := range []market.Metric{market.Waiting, market.ClawbackGBP, market.MarginForProfit} {
				add(asDrawer(plots.FanChart(cmp.Baseline, m)))
				add(asDrawer(plots.FanChart(ss[len(ss)-1], m, plots.WithResolution(plots.Weekly))))
				add(asDrawer(plots.CompareLines(ss, m)))
				add(asDrawer(plots.DifferenceBars(cmp, m)))
			}
			add(asDrawer(plots.TradeOff(cmp, market.ClawbackGBP, market.TaxReceiptsGBP)))
			add(asDrawer(plots.TradeOff(cmp, market.NetPublicCostGBP, market.Waiting)))
			add(asDrawer(plots.MarginsByOwnership(cmp.Baseline)))
			add(asDrawer(plots.RegionTiles(cmp.Baseline, market.RegionUnregistered, 2023, true)))
			add(asDrawer(plots.RegionTiles(ss[len(ss)-1], market.RegionSpendGBP, 2023, false)))
			add(asDrawer(plots.Dashboard(cmp)))
			add(asDrawer(plots.DifferenceGrid(cmp, nil)))
			// A small canvas keeps the test quick; the drawing code is the
			// same at any size.
			w, h := 5*vg.Inch, 2.8*vg.Inch
			if raceEnabled {
				w, h = 2*vg.Inch, 1.125*vg.Inch
			}
			for k, d := range ds {
				for _, format := range plots.Formats() {
					if raceEnabled && format == "png" && k%5 != 0 {
						continue // rasterise one figure in five under the race detector
					}
					var buf bytes.Buffer
					require.NoError(t, plots.Render(&buf, d, format, w, h), format)
					assert.NotZero(t, buf.Len(), format)
				}
			}
		})
	}
}

// TestNoAlternatives checks that figures of a comparison with only a
// baseline say so rather than draw empty axes.
func TestNoAlternatives(t *testing.T) {
	t.Parallel()
	cmp := synthComparison(3, 2)
	p, err := plots.DifferenceBars(cmp, market.Waiting)
	require.NoError(t, err)
	assert.Contains(t, svgTextsOf(t, p), "No alternative scenarios: nothing to compare with the baseline")
}

// TestOneRun checks that with one run the bands collapse onto the median
// and the figure still states the number of runs.
func TestOneRun(t *testing.T) {
	t.Parallel()
	cmp := synthComparison(1, 2, "coop")
	b := cmp.Baseline.Yearly[market.Waiting][0]
	require.Equal(t, b.P5, b.P95, "one run: the band is a line")
	p, err := plots.CompareLines(summaries(cmp), market.Waiting)
	require.NoError(t, err)
	assert.Contains(t, svgTextsOf(t, p), "of 1 run")
}

func TestErrors(t *testing.T) {
	t.Parallel()
	cmp := synthComparison(2, 2, "coop")
	bad := market.Metric(-1)
	for _, tc := range []struct {
		name string
		err  error
		want string
	}{
		{"fan nil summary", second(plots.FanChart(nil, market.Waiting)), "nil summary"},
		{"fan bad metric", second(plots.FanChart(cmp.Baseline, bad)), "metric -1 out of range"},
		{"fan metric past the end", second(plots.FanChart(cmp.Baseline, market.NumMetrics)), "out of range"},
		{"compare none", second(plots.CompareLines(nil, market.Waiting)), "at least one summary"},
		{"compare nil", second(plots.CompareLines([]*scenarios.Summary{cmp.Baseline, nil}, market.Waiting)), "summaries[1] is nil"},
		{"tradeoff nil", second(plots.TradeOff(nil, market.SpendGBP, market.Waiting)), "nil comparison"},
		{"tradeoff bad metric", second(plots.TradeOff(cmp, market.SpendGBP, bad)), "out of range"},
		{"differences mismatch", second(plots.DifferenceBars(&scenarios.Comparison{Baseline: cmp.Baseline, Alternatives: cmp.Alternatives}, market.SpendGBP)), "1 alternatives but 0 diffs"},
		{"tiles year", second(plots.RegionTiles(cmp.Baseline, market.RegionWaiting, 2030, false)), "year 2030: allowed 2023 to 2024"},
		{"tiles metric", second(plots.RegionTiles(cmp.Baseline, market.NumRegionalMetrics, 2023, false)), "regional metric 4 out of range"},
		{"tiles no data", second(plots.RegionTiles(&scenarios.Summary{Scenario: "x"}, market.RegionWaiting, 2023, false)), "no regional data"},
		{"margins nil", second(plots.MarginsByOwnership(nil)), "nil summary"},
		{"dashboard nil", second(plots.Dashboard(nil)), "nil comparison"},
		{"grid bad metric", second(plots.DifferenceGrid(cmp, []market.Metric{bad})), "out of range"},
		{"render nil", plots.Render(&bytes.Buffer{}, nil, "png", 0, 0), "nil figure"},
		{"render format", plots.Render(&bytes.Buffer{}, &plots.Figure{}, "gif", 0, 0), `format "gif": allowed png, svg, pdf`},
		{"save extension", plots.Save(&plots.Figure{}, filepath.Join(t.TempDir(), "x.jpeg")), `format "jpeg": allowed png, svg, pdf`},
		{"write format", second(plots.WriteComparison(t.TempDir(), cmp, "bmp")), `format "bmp": allowed png, svg, pdf`},
	} {
		if assert.Error(t, tc.err, tc.name) {
			assert.Contains(t, tc.err.Error(), tc.want, tc.name)
		}
	}
}

func second[T any](_ T, err error) error { return err }

func TestWriteComparison(t *testing.T) {
	if raceEnabled {
		t.Skip("three full-size PNGs are slow under the race detector; ExampleWriteComparison still runs WriteComparison")
	}
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "compare", "plots")
	cmp := testComparison()
	files, err := plots.WriteComparison(dir, cmp, "svg")
	require.NoError(t, err)
	want := []string{"dashboard.png", "tradeoff.png", "differences.png"}
	for _, m := range plots.KeyMetrics() {
		want = append(want, m.String()+".svg")
	}
	require.Len(t, files, len(want))
	for i, f := range files {
		assert.Equal(t, filepath.Join(dir, want[i]), f)
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		if strings.HasSuffix(f, ".png") {
			_, err := png.DecodeConfig(bytes.NewReader(b))
			assert.NoError(t, err, f)
		} else {
			assert.Contains(t, string(b), "<svg", f)
		}
	}
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, entries, len(want), "no temporary files left behind")
	assert.Contains(t, svgTexts(mustRead(t, filepath.Join(dir, "spend_gbp.svg"))), "Council spend on placements by scenario")

}

// TestSaveReplaces saves over an existing file: the new content replaces
// the old and no temporary file is left.
func TestSaveReplaces(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "fig.svg")
	require.NoError(t, os.WriteFile(path, []byte("old"), 0o644))
	cmp := synthComparison(2, 2, "coop")
	p, err := plots.FanChart(cmp.Baseline, market.Waiting)
	require.NoError(t, err)
	require.NoError(t, plots.Save(p, path))
	assert.Contains(t, string(mustRead(t, path)), "<svg")
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, entries, 1)
	// A directory that does not exist is an error, not a panic.
	assert.Error(t, plots.Save(p, filepath.Join(dir, "missing", "fig.svg")))
}

// TestSaveAll saves figures in order into a new directory, and on a bad
// file name keeps the files already written and names the one that failed.
func TestSaveAll(t *testing.T) {
	t.Parallel()
	cmp := synthComparison(2, 2, "coop")
	p, err := plots.FanChart(cmp.Baseline, market.Waiting)
	require.NoError(t, err)
	dir := filepath.Join(t.TempDir(), "new", "figures")
	paths, err := plots.SaveAll(dir, plots.NamedFigure{Name: "a.svg", Drawer: p}, plots.NamedFigure{Name: "b.png", Drawer: p})
	require.NoError(t, err)
	assert.Equal(t, []string{filepath.Join(dir, "a.svg"), filepath.Join(dir, "b.png")}, paths)
	assert.Contains(t, string(mustRead(t, paths[0])), "<svg")
	_, err = png.Decode(bytes.NewReader(mustRead(t, paths[1])))
	require.NoError(t, err)

	dir = t.TempDir()
	paths, err = plots.SaveAll(dir, plots.NamedFigure{Name: "ok.svg", Drawer: p}, plots.NamedFigure{Name: "bad.gif", Drawer: p})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "bad.gif")
	assert.Equal(t, []string{filepath.Join(dir, "ok.svg")}, paths)
	assert.FileExists(t, paths[0])
	assert.NoFileExists(t, filepath.Join(dir, "bad.gif"))
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	return b
}

func TestScenarioStyles(t *testing.T) {
	t.Parallel()
	builtins := []string{"baseline", "profit-cap", "profit-cap-clawback", "price-cap", "windfall-tax", "nfp-entry", "coop",
		"coop-nfp", "oversight", "foster-recruitment", "inhouse-build", "unregistered-ban", "reform-2024"}
	styles := plots.ScenarioStyles(builtins)
	seen := map[string]string{}
	for i, st := range styles {
		key := styleKey(st)
		if prev, ok := seen[key]; ok {
			t.Errorf("%s and %s share a style", prev, builtins[i])
		}
		seen[key] = builtins[i]
		assert.Equal(t, plots.ScenarioStyle(builtins[i]), st, "a built-in keeps its style in any set")
	}
	assert.Equal(t, "#000000 solid", styleKey(plots.ScenarioStyle("baseline")), "baseline is black")
	assert.Equal(t, "#D55E00 solid", styleKey(plots.ScenarioStyle("profit-cap")))
	assert.Equal(t, "#009E73 solid", styleKey(plots.ScenarioStyle("nfp-entry")))
	assert.Equal(t, "#0072B2 solid", styleKey(plots.ScenarioStyle("coop")))

	// Other names: stable, distinct within a set, independent of order.
	names := []string{"my-cap", "cap-20", "cap-25", "cap-30", "cap-35", "cap-40", "cap-45", "cap-50", "profit-cap", "coop"}
	a := plots.ScenarioStyles(names)
	rev := make([]string, len(names))
	for i, n := range names {
		rev[len(names)-1-i] = n
	}
	b := plots.ScenarioStyles(rev)
	keys := map[string]bool{}
	for i, n := range names {
		assert.Equal(t, a[i], b[len(names)-1-i], "style of %s depends on order", n)
		keys[styleKey(a[i])] = true
	}
	assert.Len(t, keys, len(names), "styles within a set are distinct")
	assert.Equal(t, plots.ScenarioStyle("my-cap"), plots.ScenarioStyle("my-cap"))
}

func styleKey(st plots.Style) string {
	dash := "solid"
	if len(st.Dashes) > 0 {
		dash = "dashed" + strconv.Itoa(int(st.Dashes[0]*10))
	}
	return "#" + strings.ToUpper(hex2(st.Color.R)+hex2(st.Color.G)+hex2(st.Color.B)) + " " + dash
}

func hex2(b uint8) string {
	s := strconv.FormatUint(uint64(b), 16)
	if len(s) == 1 {
		s = "0" + s
	}
	return s
}

func TestChildPopulationByRegion(t *testing.T) {
	t.Parallel()
	cfg, err := scenarios.Baseline()
	require.NoError(t, err)
	pop := plots.ChildPopulationByRegion(cfg)
	require.Len(t, pop, 9)
	total := 0.0
	for _, v := range pop {
		assert.Positive(t, v)
		total += v
	}
	// England has about 12 million children aged 0–17.
	assert.InDelta(t, 12e6, total, 1.5e6)
	assert.Greater(t, pop["North West"], pop["North East"])
}

// TestEngineRuns draws figures from a real paired comparison
// (scenarios.Compare: the baseline and the profit cap on three regions,
// two runs of two years), so that the plots meet the engine's own output
// and not only the synthetic one.
func TestEngineRuns(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("runs the engine (slow under the race detector; the engine has its own race tests)")
	}
	t.Parallel()
	cfg, err := scenarios.RegionalBaseline("North East", "North West", "Yorkshire and The Humber")
	require.NoError(t, err)
	base, err := scenarios.Builtin("baseline")
	require.NoError(t, err)
	capped, err := scenarios.Builtin("profit-cap")
	require.NoError(t, err)
	for _, sc := range []*scenarios.Scenario{base, capped} {
		sc.Config, sc.Years = cfg, 2
	}
	cmp, err := scenarios.Compare(t.Context(), base, []*scenarios.Scenario{capped}, scenarios.EnsembleOptions{Runs: 2})
	require.NoError(t, err)
	cases := map[string]func() (plots.Drawer, error){
		"fan": func() (plots.Drawer, error) { return asDrawer(plots.FanChart(cmp.Baseline, market.Waiting)) },
		"tiles": func() (plots.Drawer, error) {
			return asDrawer(plots.RegionTiles(cmp.Alternatives[0], market.RegionWaiting, 2024, true))
		},
		"dashboard": func() (plots.Drawer, error) { return asDrawer(plots.Dashboard(cmp)) },
		"tradeoff": func() (plots.Drawer, error) {
			return asDrawer(plots.TradeOff(cmp, market.NetPublicCostGBP, market.Waiting))
		},
		"grid":    func() (plots.Drawer, error) { return asDrawer(plots.DifferenceGrid(cmp, nil)) },
		"margins": func() (plots.Drawer, error) { return asDrawer(plots.MarginsByOwnership(cmp.Alternatives[0])) },
	}
	for name, f := range cases {
		d, err := f()
		require.NoError(t, err, name)
		svg, err := plots.SVG(d)
		require.NoError(t, err, name)
		assert.NotEmpty(t, svgTexts(svg), name)
		if dir := os.Getenv("PLOTS_ENGINE_PNG"); dir != "" {
			require.NoError(t, plots.Save(d, filepath.Join(dir, "engine_"+name+".png")))
		}
	}
}
