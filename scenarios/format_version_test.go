package scenarios_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/caremarket/caremarket/results"
	"github.com/caremarket/caremarket/scenarios"
)

// TestLoadFormatVersions checks that LoadComparison reads files without a
// format version (written before it existed) and refuses newer versions
// of summary.json and manifest.json with a message that says so.
func TestLoadFormatVersions(t *testing.T) {
	_, _, _, out := savedComparison(t)
	dir := filepath.Join(out, scenarios.CompareDir)
	summary, err := os.ReadFile(filepath.Join(dir, scenarios.SummaryFile))
	require.NoError(t, err)
	manifest, err := os.ReadFile(filepath.Join(dir, scenarios.ManifestFile))
	require.NoError(t, err)
	// The comparison's summary.json ends with the version, after the keys
	// of files written before it (TestExportComparison checks their order).
	v1 := fmt.Sprintf(`"format_version":%d}`, results.SummaryFormatVersion)
	require.True(t, strings.HasSuffix(string(summary), v1+"\n"), "summary.json ends %q", summary[len(summary)-40:])
	withVersion := func(v string) string {
		return strings.Replace(string(summary), v1, `"format_version":`+v+`}`, 1)
	}
	withoutVersion := strings.Replace(string(summary), ",\n"+v1, "}", 1)
	require.NotContains(t, withoutVersion, "format_version")
	for _, c := range []struct {
		name, summary, manifest, want string
	}{
		{"current", string(summary), string(manifest), ""},
		{"no version (older file)", withoutVersion, string(manifest), ""},
		{"newer summary", withVersion("2"), string(manifest), "format_version = 2: written by a newer caremarket; this one reads versions 1 to 1"},
		{"zero summary", withVersion("0"), string(manifest), "format_version = 0: allowed 1 to 1"},
		{"newer manifest", string(summary), strings.Replace(string(manifest), scenarios.ManifestFormat, "caremarket-manifest/2", 1),
			`manifest.json: format = "caremarket-manifest/2": written by a newer caremarket`},
		{"other manifest", string(summary), `{"format":"other"}`, `format = "other": want "caremarket-manifest/1" (not a caremarket manifest?)`},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := t.TempDir()
			require.NoError(t, os.WriteFile(filepath.Join(d, scenarios.SummaryFile), []byte(c.summary), 0o644))
			require.NoError(t, os.WriteFile(filepath.Join(d, scenarios.ManifestFile), []byte(c.manifest), 0o644))
			s, err := scenarios.LoadComparison(d)
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
