package scenarios

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sort"
	"strconv"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/caremarket/caremarket/internal/jsonsafe"
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
			{SummaryFile, func(w io.Writer) error { return WriteSummaryJSON(w, s) }},
			{SeriesFile, func(w io.Writer) error { return WriteSeriesCSV(w, s) }},
			{SummaryTidyFile, func(w io.Writer) error { return WriteSummaryTidyCSV(w, s) }},
			{SeriesTidyFile, func(w io.Writer) error { return WriteSeriesTidyCSV(w, s.Scenario, tidyIdx, tidyRes) }},
		}
		for _, f := range files {
			if err := WriteFileAtomic(filepath.Join(dir, f.name), f.write); err != nil {
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
			return "", fmt.Errorf("export comparison: scenario name %q appears twice; give each scenario a distinct name", p.meta.Scenario)
		}
		seen[p.meta.Scenario] = true
		man.Scenarios = append(man.Scenarios, p.scenarioManifest())
	}
	return replaceDir(outDir, CompareDir, func(dir string) error {
		if err := WriteFileAtomic(filepath.Join(dir, SummaryFile), func(w io.Writer) error { return WriteComparisonJSON(w, c) }); err != nil {
			return err
		}
		if err := WriteFileAtomic(filepath.Join(dir, ComparisonFile), func(w io.Writer) error { return WriteComparisonCSV(w, c) }); err != nil {
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
		return "", &market.FieldError{Field: "name", Value: name, Allowed: "1 to 64 letters, digits, '-', '_' or '.', starting with a letter or digit"}
	}
	return name, nil
}

// WriteFileAtomic writes a file through write into a temporary file in the
// same directory, syncs it and renames it to path, so that path holds
// either its old content or the whole new content, never a part.
func WriteFileAtomic(path string, write func(io.Writer) error) (err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	bw := bufio.NewWriterSize(f, 1<<16)
	if err = write(bw); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err = bw.Flush(); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Chmod(0o644); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// replaceDir creates parent/name.tmp-*, fills it with fill and then puts it
// in place of parent/name. The earlier parent/name is kept until the new
// one is in place, and restored if the final rename fails; on any error the
// temporary directory is removed.
func replaceDir(parent, name string, fill func(dir string) error) (string, error) {
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return "", err
	}
	tmp, err := os.MkdirTemp(parent, "."+name+".tmp-")
	if err != nil {
		return "", err
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		os.RemoveAll(tmp)
		return "", err
	}
	if err := fill(tmp); err != nil {
		os.RemoveAll(tmp)
		return "", err
	}
	final := filepath.Join(parent, name)
	old := ""
	if _, err := os.Lstat(final); err == nil {
		old = filepath.Join(parent, fmt.Sprintf(".%s.old-%d", name, time.Now().UnixNano()))
		if err := os.Rename(final, old); err != nil {
			os.RemoveAll(tmp)
			return "", err
		}
	}
	if err := os.Rename(tmp, final); err != nil {
		if old != "" {
			os.Rename(old, final)
		}
		os.RemoveAll(tmp)
		return "", err
	}
	if old != "" {
		os.RemoveAll(old)
	}
	return final, nil
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

// writeManifest lists every file of dir (but itself) in m and writes
// dir/manifest.json.
func writeManifest(dir string, m *Manifest) error {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	m.Files = []ManifestEntry{}
	for _, e := range ents {
		if !e.Type().IsRegular() || e.Name() == ManifestFile {
			continue
		}
		f, err := os.Open(filepath.Join(dir, e.Name()))
		if err != nil {
			return err
		}
		h := sha256.New()
		n, err := io.Copy(h, f)
		f.Close()
		if err != nil {
			return err
		}
		m.Files = append(m.Files, ManifestEntry{Name: e.Name(), Bytes: n, SHA256: hex.EncodeToString(h.Sum(nil))})
	}
	sort.Slice(m.Files, func(i, j int) bool { return m.Files[i].Name < m.Files[j].Name })
	return WriteFileAtomic(filepath.Join(dir, ManifestFile), func(w io.Writer) error {
		b, err := json.MarshalIndent(m, "", "  ")
		if err != nil {
			return err
		}
		b = append(b, '\n')
		_, err = w.Write(b)
		return err
	})
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
		h.Scenario = sha256Hex(data, []byte("\x00builtin:"+sc.Name))
	}
	cb, err := yaml.Marshal(cfg)
	if err != nil {
		return Hashes{}, fmt.Errorf("hashing the configuration: %w", err)
	}
	h.Config = sha256Hex(cb)
	return h, nil
}

// fmtFloat formats v exactly (it parses back to v): fixed notation, or
// exponent notation below 1e-6; "" for NaN and infinities.
func fmtFloat(dst []byte, v float64) []byte {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return dst
	}
	if a := math.Abs(v); a != 0 && a < 1e-6 {
		return strconv.AppendFloat(dst, v, 'g', -1, 64)
	}
	return strconv.AppendFloat(dst, v, 'f', -1, 64)
}

// jsonNum appends v as a JSON number, or null when it is not finite.
func jsonNum(b *bytes.Buffer, v float64) {
	b.Write(jsonsafe.AppendNumber(b.AvailableBuffer(), v, fmtFloat))
}

func jsonStr(b *bytes.Buffer, s string) {
	q, _ := json.Marshal(s)
	b.Write(q)
}

func jsonBand(b *bytes.Buffer, year int, x Band) {
	fmt.Fprintf(b, `{"year":%d,"mean":`, year)
	jsonNum(b, x.Mean)
	b.WriteString(`,"p5":`)
	jsonNum(b, x.P5)
	b.WriteString(`,"p50":`)
	jsonNum(b, x.P50)
	b.WriteString(`,"p95":`)
	jsonNum(b, x.P95)
	b.WriteByte('}')
}

func jsonBands(b *bytes.Buffer, startYear int, xs []Band) {
	b.WriteByte('[')
	for y, x := range xs {
		if y > 0 {
			b.WriteByte(',')
		}
		jsonBand(b, startYear+y, x)
	}
	b.WriteByte(']')
}

// writeMetricsJSON writes "metrics":{...} with one line per metric, in
// the order of market.MetricNames.
func writeMetricsJSON(b *bytes.Buffer, s *Summary) {
	b.WriteString(`"metrics":{`)
	for m := range market.NumMetrics {
		if m > 0 {
			b.WriteByte(',')
		}
		b.WriteString("\n")
		jsonStr(b, m.String())
		b.WriteByte(':')
		jsonBands(b, s.StartYear, s.Yearly[m])
	}
	b.WriteString("\n}")
}

// WriteSummaryJSON writes a summary as summary.json, the project's
// machine-readable contract (README.md):
//
//	{"scenario":"baseline","seed":1,"runs":1,"start":"2023-04","years":10,
//	 "metrics":{"children_in_care":[{"year":2023,"mean":…,"p5":…,"p50":…,"p95":…}, …], …},
//	 "regions":{"waiting":{"North East":[{"year":2023,…}, …], …}, …},
//	 "description":"…","weekly_runs":1,"warnings":[…]}
//
// Metrics come in the order of market.MetricNames (the contract's first,
// the extra series after); regions hold the regional metrics by region in
// the order of the configuration. Values that are not finite are null.
func WriteSummaryJSON(w io.Writer, s *Summary) error {
	var b bytes.Buffer
	b.WriteString(`{"scenario":`)
	jsonStr(&b, s.Scenario)
	fmt.Fprintf(&b, `,"seed":%d,"runs":%d,"start":`, s.Seed, s.Runs)
	jsonStr(&b, s.Start)
	fmt.Fprintf(&b, `,"years":%d,`, s.Years)
	b.WriteString("\n")
	writeMetricsJSON(&b, s)
	b.WriteString(",\n")
	writeRegionsJSON(&b, s)
	b.WriteString(",\n")
	b.WriteString(`"description":`)
	jsonStr(&b, s.Description)
	fmt.Fprintf(&b, `,"weekly_runs":%d,"warnings":[`, s.WeeklyRuns)
	for i, x := range s.Warnings {
		if i > 0 {
			b.WriteByte(',')
		}
		jsonStr(&b, x)
	}
	b.WriteString("]}\n")
	_, err := w.Write(b.Bytes())
	return err
}

func writeRegionsJSON(b *bytes.Buffer, s *Summary) {
	b.WriteString(`"regions":{`)
	for rm := range market.NumRegionalMetrics {
		if rm > 0 {
			b.WriteByte(',')
		}
		b.WriteString("\n")
		jsonStr(b, rm.String())
		b.WriteString(":{")
		for r, name := range s.Regions {
			if r > 0 {
				b.WriteByte(',')
			}
			jsonStr(b, name)
			b.WriteByte(':')
			if r < len(s.RegionalYearly[rm]) {
				jsonBands(b, s.StartYear, s.RegionalYearly[rm][r])
			} else {
				b.WriteString("[]")
			}
		}
		b.WriteByte('}')
	}
	b.WriteString("\n}")
}

func weekDate(startYear, k int) string {
	return time.Date(startYear, time.April, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, 7*k).Format("2006-01-02")
}

// WriteSeriesCSV writes series.csv: a header "week,date,<metric>…" (every
// metric, in the order of market.MetricNames), then one row per reported
// week (week 0 starts on 1 April of the first year; date is the week's
// first day) with the weekly mean over the summary's weekly runs, which for
// one run is the run's own values. Values that are not finite are empty.
func WriteSeriesCSV(w io.Writer, s *Summary) error {
	cw := csv.NewWriter(w)
	rec := append([]string{"week", "date"}, market.MetricNames()...)
	if err := cw.Write(rec); err != nil {
		return err
	}
	weeks := len(s.Weekly[0])
	var buf []byte
	for k := range weeks {
		rec = rec[:0]
		rec = append(rec, strconv.Itoa(k), weekDate(s.StartYear, k))
		for m := range market.NumMetrics {
			buf = fmtFloat(buf[:0], s.Weekly[m][k].Mean)
			rec = append(rec, string(buf))
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteSummaryTidyCSV writes summary_tidy.csv: one row per year, region and
// metric with the columns scenario,year,region,metric,unit,mean,p5,p50,p95;
// region is "England" for national values, then the regional metrics by
// region. Years are financial years (2023 is April 2023 to March 2024).
func WriteSummaryTidyCSV(w io.Writer, s *Summary) error {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"scenario", "year", "region", "metric", "unit", "mean", "p5", "p50", "p95"}); err != nil {
		return err
	}
	row := func(y int, region string, m market.Metric, x Band) error {
		return cw.Write([]string{s.Scenario, strconv.Itoa(s.StartYear + y), region, m.String(), m.Unit(),
			string(fmtFloat(nil, x.Mean)), string(fmtFloat(nil, x.P5)), string(fmtFloat(nil, x.P50)), string(fmtFloat(nil, x.P95))})
	}
	for m := range market.NumMetrics {
		for y, x := range s.Yearly[m] {
			if err := row(y, England, m, x); err != nil {
				return err
			}
		}
	}
	for rm := range market.NumRegionalMetrics {
		for r, name := range s.Regions {
			if r >= len(s.RegionalYearly[rm]) {
				continue
			}
			for y, x := range s.RegionalYearly[rm][r] {
				if err := row(y, name, rm.Metric(), x); err != nil {
					return err
				}
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteSeriesTidyCSV writes the weekly values of runs in long form, one row
// per run, metric, region and week: scenario,run,week,date,region,metric,
// value. National values have region "England"; the regional metrics follow
// by region. indices are the runs' indices.
func WriteSeriesTidyCSV(w io.Writer, scenario string, indices []int, runs []*market.Results) error {
	if len(indices) != len(runs) {
		return errors.New("tidy series: one index per run needed")
	}
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"scenario", "run", "week", "date", "region", "metric", "value"}); err != nil {
		return err
	}
	rec := make([]string, 7)
	var buf []byte
	series := func(run, startYear int, region, metric string, xs []float64) error {
		for k, v := range xs {
			buf = fmtFloat(buf[:0], v)
			rec[0], rec[1], rec[2], rec[3], rec[4], rec[5], rec[6] = scenario, strconv.Itoa(run), strconv.Itoa(k), weekDate(startYear, k), region, metric, string(buf)
			if err := cw.Write(rec); err != nil {
				return err
			}
		}
		return nil
	}
	for i, res := range runs {
		for m := range market.NumMetrics {
			if err := series(indices[i], res.StartYear, England, m.String(), res.Series[m]); err != nil {
				return err
			}
		}
		for rm := range market.NumRegionalMetrics {
			for r, xs := range res.Regional[rm] {
				if r >= len(res.Regions) {
					break
				}
				if err := series(indices[i], res.StartYear, res.Regions[r], rm.String(), xs); err != nil {
					return err
				}
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

func jsonDiff(b *bytes.Buffer, year int, d DiffBand) {
	if year != 0 {
		fmt.Fprintf(b, `{"year":%d,"mean":`, year)
	} else {
		b.WriteString(`{"mean":`)
	}
	jsonNum(b, d.Mean)
	b.WriteString(`,"p5":`)
	jsonNum(b, d.P5)
	b.WriteString(`,"p50":`)
	jsonNum(b, d.P50)
	b.WriteString(`,"p95":`)
	jsonNum(b, d.P95)
	b.WriteString(`,"mean_lo":`)
	jsonNum(b, d.MeanLo)
	b.WriteString(`,"mean_hi":`)
	jsonNum(b, d.MeanHi)
	b.WriteByte('}')
}

// WriteComparisonJSON writes a comparison as compare/summary.json:
//
//	{"baseline":"baseline","alternatives":["profit-cap",…],"seed":1,"runs":20,
//	 "start":"2023-04","years":10,
//	 "scenarios":{"baseline":{"metrics":{…as in summary.json…}},…},
//	 "differences":{"profit-cap":{"spend_gbp":{"unit":"£","total_unit":"£",
//	    "total":{"mean":…,"p5":…,"p50":…,"p95":…,"mean_lo":…,"mean_hi":…},
//	    "years":[{"year":2023,"mean":…,…}, …]}, …}, …}}
//
// Differences are alternative − baseline, run by run on the same run
// indices and seed; mean_lo and mean_hi bound a 90% confidence interval of
// the mean difference; total is flows summed over the years and stocks
// summed over the weeks (total_unit).
func WriteComparisonJSON(w io.Writer, c *Comparison) error {
	base := c.Baseline
	var b bytes.Buffer
	b.WriteString(`{"baseline":`)
	jsonStr(&b, base.Scenario)
	b.WriteString(`,"alternatives":[`)
	for i, a := range c.Alternatives {
		if i > 0 {
			b.WriteByte(',')
		}
		jsonStr(&b, a.Scenario)
	}
	fmt.Fprintf(&b, `],"seed":%d,"runs":%d,"start":`, base.Seed, base.Runs)
	jsonStr(&b, base.Start)
	fmt.Fprintf(&b, `,"years":%d,`, base.Years)
	b.WriteString("\n\"scenarios\":{")
	for i, s := range append([]*Summary{base}, c.Alternatives...) {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString("\n")
		jsonStr(&b, s.Scenario)
		b.WriteString(":{")
		writeMetricsJSON(&b, s)
		b.WriteString("}")
	}
	b.WriteString("\n},\n\"differences\":{")
	for i, d := range c.Diffs {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString("\n")
		jsonStr(&b, d.Scenario)
		b.WriteString(":{")
		for m := range market.NumMetrics {
			if m > 0 {
				b.WriteByte(',')
			}
			b.WriteString("\n")
			jsonStr(&b, m.String())
			b.WriteString(`:{"unit":`)
			jsonStr(&b, m.Unit())
			b.WriteString(`,"total_unit":`)
			jsonStr(&b, results.TotalUnit(m))
			b.WriteString(`,"total":`)
			jsonDiff(&b, 0, d.Total[m])
			b.WriteString(`,"years":[`)
			for y, x := range d.Yearly[m] {
				if y > 0 {
					b.WriteByte(',')
				}
				jsonDiff(&b, base.StartYear+y, x)
			}
			b.WriteString("]}")
		}
		b.WriteString("\n}")
	}
	b.WriteString("\n}}\n")
	_, err := w.Write(b.Bytes())
	return err
}

// WriteComparisonCSV writes comparison.csv, the paired differences in long
// form: scenario,baseline,metric,unit,period,year,mean,p5,p50,p95,mean_lo,
// mean_hi. period is "year" (one row per financial year) or "total" (the
// horizon; year is empty and unit is the total's unit, see TotalUnit).
func WriteComparisonCSV(w io.Writer, c *Comparison) error {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"scenario", "baseline", "metric", "unit", "period", "year", "mean", "p5", "p50", "p95", "mean_lo", "mean_hi"}); err != nil {
		return err
	}
	row := func(d Diff, m market.Metric, unit, period, year string, x DiffBand) error {
		return cw.Write([]string{d.Scenario, c.Baseline.Scenario, m.String(), unit, period, year,
			string(fmtFloat(nil, x.Mean)), string(fmtFloat(nil, x.P5)), string(fmtFloat(nil, x.P50)), string(fmtFloat(nil, x.P95)),
			string(fmtFloat(nil, x.MeanLo)), string(fmtFloat(nil, x.MeanHi))})
	}
	for _, d := range c.Diffs {
		for m := range market.NumMetrics {
			for y, x := range d.Yearly[m] {
				if err := row(d, m, m.Unit(), "year", strconv.Itoa(c.Baseline.StartYear+y), x); err != nil {
					return err
				}
			}
			if err := row(d, m, results.TotalUnit(m), "total", "", d.Total[m]); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}
