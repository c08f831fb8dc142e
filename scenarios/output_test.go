package scenarios_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/caremarket/caremarket/market"
	"github.com/caremarket/caremarket/results"
	"github.com/caremarket/caremarket/scenarios"
)

// jsonKeys returns the keys of the JSON object at the start of dec, in
// order, skipping their values.
func jsonKeys(t *testing.T, raw json.RawMessage) []string {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(raw))
	tok, err := dec.Token()
	require.NoError(t, err)
	require.Equal(t, json.Delim('{'), tok)
	var keys []string
	for dec.More() {
		tok, err := dec.Token()
		require.NoError(t, err)
		keys = append(keys, tok.(string))
		var skip json.RawMessage
		require.NoError(t, dec.Decode(&skip))
	}
	return keys
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	return readCSVBytes(t, b)
}

func parseF(t *testing.T, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(s, 64)
	require.NoError(t, err)
	return v
}

func TestExportFiles(t *testing.T) {
	sc := neScenario(t, 2)
	a, err := scenarios.Collect(context.Background(), sc, scenarios.EnsembleOptions{Runs: 3, WeeklyRuns: 3})
	require.NoError(t, err)
	s, err := a.Summary()
	require.NoError(t, err)
	out := t.TempDir()
	dir, err := a.Export(out, scenarios.ExportOptions{TidyRuns: 2})
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(out, "ne"), dir)

	// summary.json: the contract's keys in order, metrics in MetricNames
	// order, every value exact.
	raw, err := os.ReadFile(filepath.Join(dir, scenarios.SummaryFile))
	require.NoError(t, err)
	require.True(t, json.Valid(raw))
	assert.Equal(t, []string{"scenario", "seed", "runs", "start", "years", "metrics", "regions", "description", "weekly_runs", "warnings", "format_version"}, jsonKeys(t, raw))
	var doc struct {
		Scenario string                                     `json:"scenario"`
		Seed     uint64                                     `json:"seed"`
		Runs     int                                        `json:"runs"`
		Start    string                                     `json:"start"`
		Years    int                                        `json:"years"`
		Metrics  map[string][]map[string]float64            `json:"metrics"`
		Regions  map[string]map[string][]map[string]float64 `json:"regions"`
		Raw      map[string]json.RawMessage                 `json:"-"`
	}
	require.NoError(t, json.Unmarshal(raw, &doc))
	var top map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(raw, &top))
	assert.Equal(t, market.MetricNames(), jsonKeys(t, top["metrics"]))
	assert.Equal(t, "ne", doc.Scenario)
	assert.Equal(t, uint64(11), doc.Seed)
	assert.Equal(t, 3, doc.Runs)
	assert.Equal(t, "2023-04", doc.Start)
	assert.Equal(t, 2, doc.Years)
	for m := range market.NumMetrics {
		got := doc.Metrics[m.String()]
		require.Len(t, got, 2)
		for y, e := range got {
			b := s.Yearly[m][y]
			assert.Equal(t, map[string]float64{"year": float64(2023 + y), "mean": b.Mean, "p5": b.P5, "p50": b.P50, "p95": b.P95}, e, "%s", m)
		}
	}
	assert.Equal(t, s.RegionalYearly[market.RegionWaiting][0][1].P95, doc.Regions["waiting"]["North East"][1]["p95"])

	// series.csv: week, date, every metric; the weekly mean.
	ser := readCSV(t, filepath.Join(dir, scenarios.SeriesFile))
	assert.Equal(t, append([]string{"week", "date"}, market.MetricNames()...), ser[0])
	require.Len(t, ser, 1+2*52)
	assert.Equal(t, []string{"0", "2023-04-01"}, ser[1][:2])
	assert.Equal(t, []string{"52", "2024-03-30"}, ser[53][:2])
	assert.Equal(t, s.Weekly[market.SpendGBP][7].Mean, parseF(t, ser[8][2+int(market.SpendGBP)]))

	// summary_tidy.csv: one row per year, region and metric.
	st := readCSV(t, filepath.Join(dir, scenarios.SummaryTidyFile))
	assert.Equal(t, []string{"scenario", "year", "region", "metric", "unit", "mean", "p5", "p50", "p95"}, st[0])
	assert.Len(t, st, 1+2*(int(market.NumMetrics)+int(market.NumRegionalMetrics)*len(s.Regions)))
	assert.Equal(t, []string{"ne", "2024", "England", "children_in_care", "children"}, st[2][:5])
	assert.Equal(t, s.Yearly[market.ChildrenInCare][1].P50, parseF(t, st[2][7]))

	// series_tidy.csv: the first 2 runs, week by week.
	tt := readCSV(t, filepath.Join(dir, scenarios.SeriesTidyFile))
	assert.Equal(t, []string{"scenario", "run", "week", "date", "region", "metric", "value"}, tt[0])
	assert.Len(t, tt, 1+2*104*(int(market.NumMetrics)+int(market.NumRegionalMetrics)*len(s.Regions)))
	_, res := a.WeeklyResults()
	assert.Equal(t, []string{"ne", "0", "3", "2023-04-22", "England", "children_in_care"}, tt[4][:6])
	assert.Equal(t, res[0].Series[market.ChildrenInCare][3], parseF(t, tt[4][6]))
	last := tt[len(tt)-1]
	assert.Equal(t, []string{"ne", "1", "103", "North East", "spend_gbp"}, []string{last[0], last[1], last[2], last[4], last[5]})

	// manifest.json lists every other file with its hash.
	var man scenarios.Manifest
	mb, err := os.ReadFile(filepath.Join(dir, scenarios.ManifestFile))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(mb, &man))
	assert.Equal(t, "run", man.Kind)
	assert.Equal(t, "0-2", man.RunIndices)
	assert.Equal(t, 2, man.TidyRuns)
	require.Len(t, man.Scenarios, 1)
	assert.Equal(t, "builtin:ne", man.Scenarios[0].Source)
	assert.Len(t, man.Scenarios[0].Config, 64)
	var names []string
	for _, f := range man.Files {
		names = append(names, f.Name)
		b, err := os.ReadFile(filepath.Join(dir, f.Name))
		require.NoError(t, err)
		sum := sha256.Sum256(b)
		assert.Equal(t, hex.EncodeToString(sum[:]), f.SHA256, f.Name)
		assert.Equal(t, int64(len(b)), f.Bytes)
	}
	assert.Equal(t, []string{"series.csv", "series_tidy.csv", "summary.json", "summary_tidy.csv"}, names)
}

func TestExportReplacesOnlyWhenComplete(t *testing.T) {
	sc := neScenario(t, 1)
	a, err := scenarios.Collect(context.Background(), sc, scenarios.EnsembleOptions{Runs: 1})
	require.NoError(t, err)
	out := t.TempDir()
	dir, err := a.Export(out, scenarios.ExportOptions{Extra: func(d string, s *scenarios.Summary) error {
		return os.WriteFile(filepath.Join(d, "figure.txt"), []byte("first"), 0o644)
	}})
	require.NoError(t, err)
	before := snapshot(t, dir)
	assert.Equal(t, "first", before["figure.txt"])
	assert.Contains(t, before[scenarios.ManifestFile], `"figure.txt"`)

	// A failing export (here its last step) leaves the earlier files alone
	// and no temporary directory behind.
	_, err = a.Export(out, scenarios.ExportOptions{Extra: func(d string, s *scenarios.Summary) error {
		require.NoError(t, os.WriteFile(filepath.Join(d, "figure.txt"), []byte("second"), 0o644))
		return errors.New("disk full")
	}})
	require.ErrorContains(t, err, "disk full")
	assert.Equal(t, before, snapshot(t, dir))
	ents, err := os.ReadDir(out)
	require.NoError(t, err)
	require.Len(t, ents, 1, "only the output directory remains")

	// A complete export replaces the directory as a whole.
	_, err = a.Export(out, scenarios.ExportOptions{})
	require.NoError(t, err)
	after := snapshot(t, dir)
	assert.NotContains(t, after, "figure.txt")
	assert.Equal(t, before[scenarios.SummaryFile], after[scenarios.SummaryFile])
}

func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	ents, err := os.ReadDir(dir)
	require.NoError(t, err)
	for _, e := range ents {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		require.NoError(t, err)
		out[e.Name()] = string(b)
	}
	return out
}

func TestWriteFileAtomicKeepsOldContentOnError(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "f.csv")
	require.NoError(t, results.WriteFileAtomic(p, func(w io.Writer) error { _, err := io.WriteString(w, "old"); return err }))
	err := results.WriteFileAtomic(p, func(w io.Writer) error {
		io.WriteString(w, "half of the new")
		return errors.New("interrupted")
	})
	require.Error(t, err)
	b, err := os.ReadFile(p)
	require.NoError(t, err)
	assert.Equal(t, "old", string(b))
	ents, _ := os.ReadDir(dir)
	assert.Len(t, ents, 1)
}

func TestSafeName(t *testing.T) {
	for _, ok := range []string{"baseline", "profit-cap", "a.b_c", "X1"} {
		_, err := scenarios.SafeName(ok)
		assert.NoError(t, err, ok)
	}
	for _, bad := range []string{"", ".", "..", "../x", "a/b", `a\b`, ".hidden", "-x", "a b", strings.Repeat("a", 65), "é"} {
		_, err := scenarios.SafeName(bad)
		assert.Error(t, err, bad)
	}
	a, err := scenarios.Collect(context.Background(), &scenarios.Scenario{Name: "ne", Years: 1, Config: neScenario(t, 1).Config}, scenarios.EnsembleOptions{Runs: 1})
	require.NoError(t, err)
	_, err = a.Export(t.TempDir(), scenarios.ExportOptions{})
	require.NoError(t, err)
}

// collectedComparison collects two runs of one year of the North East
// against the same with more starters (StartersPerYear times more), and
// compares them: the comparison and its parts, baseline first.
func collectedComparison(t *testing.T, more float64) (*scenarios.Comparison, []*scenarios.Aggregate) {
	t.Helper()
	base, alt := nePair(t, 1, "alt", more)
	parts, err := scenarios.CollectComparison(context.Background(), base, []*scenarios.Scenario{alt}, scenarios.EnsembleOptions{Runs: 2})
	require.NoError(t, err)
	c, err := scenarios.CompareAggregates(parts[0], parts[1:])
	require.NoError(t, err)
	return c, parts
}

func TestExportComparison(t *testing.T) {
	c, parts := collectedComparison(t, 1.1)
	out := t.TempDir()
	dir, err := scenarios.ExportComparison(out, c, parts, scenarios.ExportComparisonOptions{})
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(out, "compare"), dir)
	raw, err := os.ReadFile(filepath.Join(dir, scenarios.SummaryFile))
	require.NoError(t, err)
	require.True(t, json.Valid(raw), string(raw[:200]))
	assert.Equal(t, []string{"baseline", "alternatives", "seed", "runs", "start", "years", "scenarios", "differences", "format_version"}, jsonKeys(t, raw))
	var doc struct {
		Differences map[string]map[string]struct {
			Unit      string             `json:"unit"`
			TotalUnit string             `json:"total_unit"`
			Total     map[string]float64 `json:"total"`
			Years     []map[string]float64
		} `json:"differences"`
	}
	require.NoError(t, json.Unmarshal(raw, &doc))
	d := doc.Differences["alt"]["waiting"]
	assert.Equal(t, "children-weeks", d.TotalUnit)
	assert.Equal(t, c.Diffs[0].Total[market.Waiting].MeanHi, d.Total["mean_hi"])
	assert.Equal(t, c.Diffs[0].Yearly[market.Waiting][0].P95, d.Years[0]["p95"])

	rows := readCSV(t, filepath.Join(dir, scenarios.ComparisonFile))
	assert.Equal(t, []string{"scenario", "baseline", "metric", "unit", "period", "year", "mean", "p5", "p50", "p95", "mean_lo", "mean_hi"}, rows[0])
	assert.Len(t, rows, 1+int(market.NumMetrics)*2)
	assert.Equal(t, []string{"alt", "ne", "children_in_care", "children", "year", "2023"}, rows[1][:6])
	assert.Equal(t, []string{"alt", "ne", "children_in_care", "children-weeks", "total", ""}, rows[2][:6])

	var man scenarios.Manifest
	mb, err := os.ReadFile(filepath.Join(dir, scenarios.ManifestFile))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(mb, &man))
	assert.Equal(t, "compare", man.Kind)
	require.Len(t, man.Scenarios, 2)
	assert.NotEqual(t, man.Scenarios[0].Config, man.Scenarios[1].Config, "the config hash tells the scenarios apart")

	// Two scenarios with one name cannot be told apart in the outputs.
	_, err = scenarios.ExportComparison(out, c, []*scenarios.Aggregate{parts[0], parts[0]}, scenarios.ExportComparisonOptions{})
	require.ErrorContains(t, err, "appears twice")
}

// savedComparison runs a small comparison of the North East (two built-in
// scenarios and one scenario file), exports it with the run values and the
// scenario file's text, and returns the comparison, its aggregates and the
// output directory.
func savedComparison(t *testing.T) (*scenarios.Comparison, []*scenarios.Aggregate, []*scenarios.Scenario, string) {
	t.Helper()
	cfg, err := scenarios.RegionalBaseline("North East")
	require.NoError(t, err)
	base, err := scenarios.Builtin("baseline")
	require.NoError(t, err)
	capped, err := scenarios.Builtin("profit-cap")
	require.NoError(t, err)
	file, err := scenarios.Parse("more-nfp.yaml", []byte("name: more-nfp\ndescription: 'NFP <b>homes</b>'\ninterventions:\n  - type: NFPEntry\n    homes: 5\n    years: 1\n"))
	require.NoError(t, err)
	scs := []*scenarios.Scenario{base, capped, file}
	for _, sc := range scs {
		sc.Config, sc.Years = cfg, 2
	}
	parts, err := scenarios.CollectComparison(context.Background(), base, scs[1:], scenarios.EnsembleOptions{Runs: 3, Workers: 2})
	require.NoError(t, err)
	cmp, err := scenarios.CompareAggregates(parts[0], parts[1:])
	require.NoError(t, err)
	out := t.TempDir()
	_, err = scenarios.ExportComparison(out, cmp, parts, scenarios.ExportComparisonOptions{Extra: func(dir string, _ *scenarios.Comparison) error {
		var vs []*scenarios.RunValues
		for _, p := range parts {
			v, err := p.RunValues(market.Over20Miles, market.PlacedHomes, market.SpendGBP)
			if err != nil {
				return err
			}
			vs = append(vs, v)
		}
		if err := results.WriteFileAtomic(filepath.Join(dir, scenarios.RunValuesFile), func(w io.Writer) error { return results.WriteRunValuesCSV(w, vs) }); err != nil {
			return err
		}
		return scenarios.WriteScenarioSources(dir, scs)
	}})
	require.NoError(t, err)
	return cmp, parts, scs, out
}

// sameFloat reports whether a and b are equal or both NaN.
func sameFloat(a, b float64) bool { return a == b || (math.IsNaN(a) && math.IsNaN(b)) }

func sameBand(t *testing.T, want, got scenarios.Band, what string) {
	t.Helper()
	for _, p := range [][2]float64{{want.Mean, got.Mean}, {want.P5, got.P5}, {want.P50, got.P50}, {want.P95, got.P95}} {
		if !sameFloat(p[0], p[1]) {
			t.Fatalf("%s: got %+v, want %+v", what, got, want)
		}
	}
}

// TestLoadComparisonRoundTrip checks that a saved comparison reads back
// exactly: every yearly band, every difference, the descriptions, the
// manifest and the run values.
func TestLoadComparisonRoundTrip(t *testing.T) {
	cmp, parts, _, out := savedComparison(t)
	for _, dir := range []string{out, filepath.Join(out, scenarios.CompareDir)} {
		s, err := scenarios.LoadComparison(dir)
		require.NoError(t, err)
		assert.Equal(t, filepath.Join(out, scenarios.CompareDir), s.Dir)
		got := s.Comparison
		require.Len(t, got.Alternatives, len(cmp.Alternatives))
		require.Len(t, got.Diffs, len(cmp.Diffs))
		all := append([]*scenarios.Summary{cmp.Baseline}, cmp.Alternatives...)
		gotAll := append([]*scenarios.Summary{got.Baseline}, got.Alternatives...)
		for i, want := range all {
			g := gotAll[i]
			assert.Equal(t, want.Scenario, g.Scenario)
			assert.Equal(t, want.Description, g.Description)
			assert.Equal(t, want.Seed, g.Seed)
			assert.Equal(t, want.Runs, g.Runs)
			assert.Equal(t, want.Start, g.Start)
			assert.Equal(t, want.StartYear, g.StartYear)
			assert.Equal(t, want.Years, g.Years)
			assert.Equal(t, want.WeeklyRuns, g.WeeklyRuns)
			for m := range market.NumMetrics {
				require.Len(t, g.Yearly[m], want.Years)
				for y := range want.Years {
					sameBand(t, want.Yearly[m][y], g.Yearly[m][y], want.Scenario+" "+m.String())
				}
			}
		}
		for i, want := range cmp.Diffs {
			g := got.Diffs[i]
			assert.Equal(t, want.Scenario, g.Scenario)
			for m := range market.NumMetrics {
				sameBand(t, want.Total[m].Band, g.Total[m].Band, "total "+m.String())
				assert.True(t, sameFloat(want.Total[m].MeanLo, g.Total[m].MeanLo) && sameFloat(want.Total[m].MeanHi, g.Total[m].MeanHi), "interval of %s", m)
				for y := range want.Yearly[m] {
					sameBand(t, want.Yearly[m][y].Band, g.Yearly[m][y].Band, "yearly "+m.String())
				}
			}
		}
		assert.Equal(t, "compare", s.Manifest.Kind)
		require.Len(t, s.Manifest.Scenarios, 3)
		for i, p := range parts {
			assert.Equal(t, p.Hashes(), s.Manifest.Scenarios[i].Hashes)
		}
		man, err := scenarios.ComparisonManifest(parts)
		require.NoError(t, err)
		man.Files = s.Manifest.Files
		assert.Equal(t, man, s.Manifest, "the in-memory manifest is the one saved, but for the files")
		require.Len(t, s.RunValues, 3)
		for i, p := range parts {
			want, err := p.RunValues(market.Over20Miles, market.PlacedHomes, market.SpendGBP)
			require.NoError(t, err)
			assert.Equal(t, want, s.RunValues[i])
		}
	}
}

// TestDefinitions checks that a saved comparison recovers its built-in
// scenarios and the scenario file saved beside it, and refuses a file whose
// text no longer matches the manifest.
func TestDefinitions(t *testing.T) {
	_, _, scs, out := savedComparison(t)
	s, err := scenarios.LoadComparison(out)
	require.NoError(t, err)
	defs := s.Definitions()
	require.Len(t, defs, 3)
	for i, d := range defs {
		require.NotNil(t, d, "scenario %d", i)
		assert.Equal(t, scs[i].Name, d.Name)
		require.Len(t, d.Interventions, len(scs[i].Interventions))
		for k := range d.Interventions {
			assert.Equal(t, scs[i].Interventions[k].Name(), d.Interventions[k].Name())
		}
	}
	path := filepath.Join(s.Dir, scenarios.ScenarioSourceFile("more-nfp"))
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(path, bytes.Replace(b, []byte("homes: 5"), []byte("homes: 6"), 1), 0o644))
	defs = s.Definitions()
	assert.NotNil(t, defs[0])
	assert.Nil(t, defs[2], "an edited scenario file is not the one run")
}

// TestLoadComparisonErrors checks that missing and malformed files are
// reported with the file's name.
func TestLoadComparisonErrors(t *testing.T) {
	saved := savedFiles(t, scenarios.SummaryFile, scenarios.ManifestFile, scenarios.RunValuesFile)
	summary, runValues := saved[scenarios.SummaryFile], saved[scenarios.RunValuesFile]
	for _, c := range []struct {
		name, file, content, want string
	}{
		{"truncated summary", scenarios.SummaryFile, summary[:len(summary)/2], "summary.json"},
		{"missing metric", scenarios.SummaryFile, strings.Replace(summary, `"waiting":`, `"waiting_renamed":`, 1), "metric waiting is missing"},
		{"bad start", scenarios.SummaryFile, strings.Replace(summary, `"start":"2023-04"`, `"start":"2023-05"`, 1), "start"},
		{"bad run values", scenarios.RunValuesFile, strings.Replace(runValues, ",1,", ",x,", 1), "run_values.csv line"},
		{"not a manifest", scenarios.ManifestFile, `{"format":"other"}`, "format"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := loadFiles(t, saved, map[string]string{c.file: c.content})
			require.Error(t, err)
			assert.Contains(t, err.Error(), c.want)
		})
	}
	_, err := scenarios.LoadComparison(t.TempDir())
	assert.Error(t, err, "an empty directory")
}

// savedFiles returns the content of the named files of the comparison
// savedComparison saves, by name.
func savedFiles(t *testing.T, names ...string) map[string]string {
	t.Helper()
	_, _, _, out := savedComparison(t)
	files := map[string]string{}
	for _, name := range names {
		b, err := os.ReadFile(filepath.Join(out, scenarios.CompareDir, name))
		require.NoError(t, err)
		files[name] = string(b)
	}
	return files
}

// loadFiles writes files (name to content), with the ones in edits
// replaced, to a new directory and loads it with LoadComparison.
func loadFiles(t *testing.T, files, edits map[string]string) (*scenarios.SavedComparison, error) {
	t.Helper()
	d := t.TempDir()
	for name, content := range files {
		if e, ok := edits[name]; ok {
			content = e
		}
		require.NoError(t, os.WriteFile(filepath.Join(d, name), []byte(content), 0o644))
	}
	return scenarios.LoadComparison(d)
}

// TestLoadWarnings checks that warnings saved beside a comparison come
// back with their scenario, and that a warning of an unknown scenario is
// refused.
func TestLoadWarnings(t *testing.T) {
	cmp, _, _, out := savedComparison(t)
	dir := filepath.Join(out, scenarios.CompareDir)
	withWarnings := *cmp
	alt := *cmp.Alternatives[1]
	alt.Warnings = []string{"a warning, with a comma", `and "quotes"`}
	withWarnings.Alternatives = []*scenarios.Summary{cmp.Alternatives[0], &alt}
	var b bytes.Buffer
	require.NoError(t, results.WriteWarningsCSV(&b, &withWarnings))
	require.NoError(t, os.WriteFile(filepath.Join(dir, scenarios.WarningsFile), b.Bytes(), 0o644))
	s, err := scenarios.LoadComparison(dir)
	require.NoError(t, err)
	assert.Equal(t, cmp.Baseline.Warnings, s.Comparison.Baseline.Warnings)
	assert.Equal(t, cmp.Alternatives[0].Warnings, s.Comparison.Alternatives[0].Warnings)
	assert.Equal(t, alt.Warnings, s.Comparison.Alternatives[1].Warnings)

	require.NoError(t, os.WriteFile(filepath.Join(dir, scenarios.WarningsFile), []byte("scenario,warning\nnobody,x\n"), 0o644))
	_, err = scenarios.LoadComparison(dir)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `scenario "nobody" is not in the comparison`)
}

// TestLoadFormatVersions checks that LoadComparison reads files without a
// format version (written before it existed) and refuses newer versions
// of summary.json and manifest.json with a message that says so.
func TestLoadFormatVersions(t *testing.T) {
	saved := savedFiles(t, scenarios.SummaryFile, scenarios.ManifestFile)
	summary, manifest := saved[scenarios.SummaryFile], saved[scenarios.ManifestFile]
	// The comparison's summary.json ends with the version, after the keys
	// of files written before it (TestExportComparison checks their order).
	v1 := fmt.Sprintf(`"format_version":%d}`, results.SummaryFormatVersion)
	require.True(t, strings.HasSuffix(summary, v1+"\n"), "summary.json ends %q", summary[len(summary)-40:])
	withVersion := func(v string) string {
		return strings.Replace(summary, v1, `"format_version":`+v+`}`, 1)
	}
	withoutVersion := strings.Replace(summary, ",\n"+v1, "}", 1)
	require.NotContains(t, withoutVersion, "format_version")
	for _, c := range []struct {
		name, summary, manifest, want string
	}{
		{"current", summary, manifest, ""},
		{"no version (older file)", withoutVersion, manifest, ""},
		{"newer summary", withVersion("2"), manifest, "format_version = 2: written by a newer caremarket; this one reads versions 1 to 1"},
		{"zero summary", withVersion("0"), manifest, "format_version = 0: allowed 1 to 1"},
		{"newer manifest", summary, strings.Replace(manifest, scenarios.ManifestFormat, "caremarket-manifest/2", 1),
			`manifest.json: format = "caremarket-manifest/2": written by a newer caremarket`},
		{"other manifest", summary, `{"format":"other"}`, `format = "other": want "caremarket-manifest/1" (not a caremarket manifest?)`},
	} {
		t.Run(c.name, func(t *testing.T) {
			s, err := loadFiles(t, map[string]string{scenarios.SummaryFile: c.summary, scenarios.ManifestFile: c.manifest}, nil)
			if c.want == "" {
				require.NoError(t, err)
				assert.Len(t, s.Comparison.Alternatives, 2)
				return
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), c.want)
		})
	}
}
