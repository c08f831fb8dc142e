package scenarios_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/caremarket/caremarket/market"
	"github.com/caremarket/caremarket/results"
	"github.com/caremarket/caremarket/scenarios"
)

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
