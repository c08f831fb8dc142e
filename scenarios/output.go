package scenarios

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sort"
	"strconv"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/caremarket/caremarket/internal/safeio"
	"github.com/caremarket/caremarket/market"
	"github.com/caremarket/caremarket/results"
)

// Output files written by Export and ExportComparison.
const (
	// SummaryFile is the machine-readable contract (README.md): yearly
	// bands of every metric, then regional yearly bands.
	SummaryFile = "summary.json"
	// SeriesFile is the weekly series, one row a week, one column a metric:
	// the run's values for one run, the weekly mean over the weekly runs of
	// an ensemble.
	SeriesFile = "series.csv"
	// SummaryTidyFile is the yearly bands in long form:
	// scenario,year,region,metric,unit,mean,p5,p50,p95.
	SummaryTidyFile = "summary_tidy.csv"
	// SeriesTidyFile is the weekly values of the first runs in long form:
	// scenario,run,week,date,region,metric,value.
	SeriesTidyFile = "series_tidy.csv"
	// ManifestFile describes what was run and lists the other files with
	// their sizes and sha256.
	ManifestFile = "manifest.json"
	// ComparisonFile is the paired differences in long form.
	ComparisonFile = "comparison.csv"
	// CompareDir is the directory, under the output directory, of a
	// comparison's files.
	CompareDir = "compare"
)

// DefaultTidyRuns is the number of runs, from the first, written to
// series_tidy.csv by default.
const DefaultTidyRuns = 10

// England is the region column of national values in the tidy files
// (results.England).
const England = results.England

// ExportOptions set what Export writes.
type ExportOptions struct {
	// TidyRuns is the number of runs, from the first, whose weekly values go
	// to series_tidy.csv: 0 means the value the shards were written with
	// (for a merge), else DefaultTidyRuns; it is capped at the aggregate's
	// WeeklyRuns. Negative means none (the file has only its header).
	TidyRuns int
	// Extra, when not nil, is called with the temporary output directory
	// and the summary before the manifest is written, to add files (e.g.
	// figures); they are listed in the manifest and replace earlier results
	// together with the rest.
	Extra func(dir string, s *Summary) error
}

// Export writes an ensemble's outputs into outDir/NAME (NAME the scenario
// name): summary.json, series.csv, summary_tidy.csv, series_tidy.csv and
// manifest.json. The files are written into a temporary directory beside
// it, which replaces outDir/NAME only when every file is complete, so a
// failed export leaves earlier results as they were. It returns the
// directory written.
func (a *Aggregate) Export(outDir string, opts ExportOptions) (string, error) {
	s, err := a.Summary()
	if err != nil {
		return "", err
	}
	name, err := SafeName(a.meta.Scenario)
	if err != nil {
		return "", err
	}
	tidy := opts.TidyRuns
	if tidy == 0 {
		tidy = a.tidyRuns
	}
	if tidy == 0 {
		tidy = DefaultTidyRuns
	}
	tidy = min(tidy, a.meta.WeeklyRuns)
	var tidyIdx []int
	var tidyRes []*market.Results
	if tidy > 0 {
		idx, res := a.WeeklyResults()
		for i := range idx {
			if idx[i] < a.meta.FirstRun+tidy {
				tidyIdx = append(tidyIdx, idx[i])
				tidyRes = append(tidyRes, res[i])
			}
		}
	}
	man := a.manifest("run")
	man.TidyRuns = max(tidy, 0)
	return replaceDir(outDir, name, func(dir string) error {
		files := []struct {
			name  string
			write func(io.Writer) error
		}{
			{SummaryFile, func(w io.Writer) error { return results.WriteSummaryJSON(w, s) }},
			{SeriesFile, func(w io.Writer) error { return results.WriteSeriesCSV(w, s) }},
			{SummaryTidyFile, func(w io.Writer) error { return results.WriteSummaryTidyCSV(w, s) }},
			{SeriesTidyFile, func(w io.Writer) error { return results.WriteSeriesTidyCSV(w, s.Scenario, tidyIdx, tidyRes) }},
		}
		for _, f := range files {
			if err := results.WriteFileAtomic(filepath.Join(dir, f.name), f.write); err != nil {
				return err
			}
		}
		if opts.Extra != nil {
			if err := opts.Extra(dir, s); err != nil {
				return err
			}
		}
		return writeManifest(dir, man)
	})
}

// ExportComparisonOptions set what ExportComparison writes.
type ExportComparisonOptions struct {
	// Extra, when not nil, is called with the temporary output directory
	// before the manifest is written, to add files (e.g. figures).
	Extra func(dir string, c *Comparison) error
}

// ExportComparison writes a comparison into outDir/compare: summary.json
// (see WriteComparisonJSON), comparison.csv and manifest.json, replacing
// earlier results only when every file is complete. parts are the
// aggregates the comparison was computed from (baseline first), for the
// manifest. It returns the directory written.
func ExportComparison(outDir string, c *Comparison, parts []*Aggregate, opts ExportComparisonOptions) (string, error) {
	if c == nil || c.Baseline == nil || len(parts) != 1+len(c.Alternatives) {
		return "", errors.New("export comparison: need the comparison and the aggregates of its baseline and every alternative")
	}
	man := parts[0].manifest("compare")
	man.Scenarios = nil
	seen := map[string]bool{}
	for _, p := range parts {
		if seen[p.meta.Scenario] {
			return "", fmt.Errorf("export comparison: scenario name %q appears twice; give each scenario a distinct name", safeio.Clip(p.meta.Scenario))
		}
		seen[p.meta.Scenario] = true
		man.Scenarios = append(man.Scenarios, p.scenarioManifest())
	}
	return replaceDir(outDir, CompareDir, func(dir string) error {
		if err := results.WriteFileAtomic(filepath.Join(dir, SummaryFile), func(w io.Writer) error { return results.WriteComparisonJSON(w, c) }); err != nil {
			return err
		}
		if err := results.WriteFileAtomic(filepath.Join(dir, ComparisonFile), func(w io.Writer) error { return results.WriteComparisonCSV(w, c) }); err != nil {
			return err
		}
		if opts.Extra != nil {
			if err := opts.Extra(dir, c); err != nil {
				return err
			}
		}
		return writeManifest(dir, man)
	})
}

// SafeName returns name if it is safe as one path element of an output
// directory (1 to 64 letters, digits, '-', '_' or '.', starting with a
// letter or digit), else an error.
func SafeName(name string) (string, error) {
	if !nameRE.MatchString(name) || name != filepath.Base(name) {
		return "", &market.FieldError{Field: "name", Value: strconv.Quote(safeio.Clip(name)), Allowed: "1 to 64 letters, digits, '-', '_' or '.', starting with a letter or digit"}
	}
	return name, nil
}

// replaceDir creates parent/.name.tmp-PID-*, fills it with fill and then
// puts it in place of parent/name. It refuses to replace a parent/name
// that caremarket did not write (CheckReplaceable), and first removes the
// stale temporary directories of earlier exports (cleanStale). The earlier
// parent/name is kept until the new one is in place, and restored if the
// final rename fails; on any error the temporary directory is removed.
func replaceDir(parent, name string, fill func(dir string) error) (string, error) {
	final := filepath.Join(parent, name)
	if err := CheckReplaceable(final); err != nil {
		return "", err
	}
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return "", err
	}
	cleanStale(parent, name, time.Now())
	tmp, err := os.MkdirTemp(parent, fmt.Sprintf(".%s.tmp-%d-", name, os.Getpid()))
	if err != nil {
		return "", err
	}
	err = os.Chmod(tmp, 0o755)
	if err == nil {
		err = writeTmpMarker(tmp)
	}
	if err == nil {
		err = fill(tmp)
	}
	if err == nil {
		err = os.Remove(filepath.Join(tmp, tmpMarker))
	}
	if err == nil {
		err = CheckReplaceable(final) // again: it may have changed meanwhile
	}
	if err != nil {
		os.RemoveAll(tmp)
		return "", err
	}
	if err := swapDir(tmp, final); err != nil {
		return "", err
	}
	return final, nil
}

// swapDir puts directory tmp in place of final, moving final aside
// (parent/.name.old-UNIXNANO) until tmp is in place and restoring it if
// that fails.
func swapDir(tmp, final string) error {
	parent, name := filepath.Split(final)
	old := ""
	if _, err := os.Lstat(final); err == nil {
		old = filepath.Join(parent, fmt.Sprintf(".%s.old-%d", name, time.Now().UnixNano()))
		if err := os.Rename(final, old); err != nil {
			os.RemoveAll(tmp)
			return err
		}
	}
	if err := os.Rename(tmp, final); err != nil {
		if old != "" {
			os.Rename(old, final)
		}
		os.RemoveAll(tmp)
		return err
	}
	if old != "" {
		os.RemoveAll(old)
	}
	return nil
}

// Manifest describes a set of output files: what produced them and what
// was run. It is written as manifest.json beside them.
type Manifest struct {
	Format    string `json:"format"`
	Version   string `json:"caremarket_version"`
	GoVersion string `json:"go_version"`
	// Kind is "run" (one scenario) or "compare".
	Kind       string `json:"kind"`
	Seed       uint64 `json:"seed"`
	Runs       int    `json:"runs"`
	RunIndices string `json:"run_indices"` // "FIRST-LAST", inclusive
	WeeklyRuns int    `json:"weekly_runs"`
	TidyRuns   int    `json:"tidy_series_runs,omitempty"`
	Start      string `json:"start"`
	Years      int    `json:"years"`
	// Scenarios lists the scenarios run (baseline first in a comparison).
	Scenarios []ManifestScenario `json:"scenarios"`
	// Files lists the other files of the directory, by name.
	Files []ManifestEntry `json:"files"`
}

// ManifestScenario identifies one scenario of a manifest.
type ManifestScenario struct {
	Name        string `json:"name"`
	Description string `json:"description"`
	Hashes
}

// ManifestEntry is one file of a manifest.
type ManifestEntry struct {
	Name   string `json:"name"`
	Bytes  int64  `json:"bytes"`
	SHA256 string `json:"sha256"`
}

// ManifestFormat is the manifest.json format identifier.
const ManifestFormat = "caremarket-manifest/1"

func (a *Aggregate) manifest(kind string) *Manifest {
	m := &a.meta
	return &Manifest{
		Format: ManifestFormat, Version: m.Version, GoVersion: m.GoVersion, Kind: kind,
		Seed: m.Seed, Runs: m.Runs,
		RunIndices: fmt.Sprintf("%d-%d", m.FirstRun, m.FirstRun+m.Runs-1),
		WeeklyRuns: m.WeeklyRuns, Start: m.Start, Years: m.Years,
		Scenarios: []ManifestScenario{a.scenarioManifest()},
	}
}

func (a *Aggregate) scenarioManifest() ManifestScenario {
	return ManifestScenario{Name: a.meta.Scenario, Description: a.meta.Description, Hashes: a.meta.Hash}
}

// writeManifest lists every regular file under dir (but itself and the
// temporary marker), figures in plots/ included, by its slash-separated path
// relative to dir, in m and writes dir/manifest.json.
func writeManifest(dir string, m *Manifest) error {
	m.Files = []ManifestEntry{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if rel == ManifestFile || rel == tmpMarker {
			return nil
		}
		e, err := manifestEntry(p, rel)
		m.Files = append(m.Files, e)
		return err
	})
	if err != nil {
		return err
	}
	sort.Slice(m.Files, func(i, j int) bool { return m.Files[i].Name < m.Files[j].Name })
	return results.WriteFileAtomic(filepath.Join(dir, ManifestFile), func(w io.Writer) error {
		b, err := json.MarshalIndent(m, "", "  ")
		if err != nil {
			return err
		}
		b = append(b, '\n')
		_, err = w.Write(b)
		return err
	})
}

// manifestEntry returns the size and sha256 of the file at path, named rel.
func manifestEntry(path, rel string) (ManifestEntry, error) {
	f, err := os.Open(path)
	if err != nil {
		return ManifestEntry{}, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	return ManifestEntry{Name: rel, Bytes: n, SHA256: hex.EncodeToString(h.Sum(nil))}, err
}

// BuildVersion returns caremarket's version from the build information
// (the main module's version, and the VCS revision when the binary was
// stamped with one) and Go's version.
func BuildVersion() (version, goVersion string) {
	version = "unknown"
	if bi, ok := debug.ReadBuildInfo(); ok {
		version = bi.Main.Version
		if version == "" {
			version = "(devel)"
		}
		var rev, modified string
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				modified = s.Value
			}
		}
		if rev != "" {
			version += " rev " + rev
			if modified == "true" {
				version += " (modified)"
			}
		}
	}
	return version, runtime.Version()
}

func sha256Hex(parts ...[]byte) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write(p)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// scenarioHashes identifies a scenario for manifests: the scenario file's
// hash (or the embedded baseline's and the built-in name), and the hash of
// the configuration actually run.
func scenarioHashes(sc *Scenario, cfg *market.Config) (Hashes, error) {
	data, err := BaselineData()
	if err != nil {
		return Hashes{}, err
	}
	var h Hashes
	h.Baseline = sha256Hex(data)
	if len(sc.Source) > 0 {
		h.Source = "file"
		h.Scenario = sha256Hex(sc.Source)
	} else {
		h.Source = "builtin:" + sc.Name
		h.Scenario = sha256Hex(data, []byte("\x00builtin:"+sc.Name), builtinData(sc.Name))
	}
	cb, err := yaml.Marshal(cfg)
	if err != nil {
		return Hashes{}, fmt.Errorf("hashing the configuration: %w", err)
	}
	h.Config = sha256Hex(cb)
	return h, nil
}
