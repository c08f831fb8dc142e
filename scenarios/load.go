package scenarios

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/caremarket/caremarket/internal/safeio"
	"github.com/caremarket/caremarket/market"
	"github.com/caremarket/caremarket/results"
)

// SavedComparison is a comparison read back from the files ExportComparison
// wrote (see LoadComparison).
type SavedComparison struct {
	// Dir is the directory read (the one holding summary.json).
	Dir string
	// Comparison holds the yearly bands of every scenario and the paired
	// differences. A saved comparison keeps no weekly or regional values,
	// so the summaries' Weekly and RegionalYearly are empty; warnings come
	// from warnings.csv when there is one.
	Comparison *Comparison
	// Manifest is manifest.json: version, seed, runs, scenario hashes and
	// the files with their sha256.
	Manifest *Manifest
	// RunValues holds run_values.csv when the directory has one (written
	// by `caremarket report`), one per scenario; else nil.
	RunValues []*RunValues
}

// WarningsFile is the file of the runs' warnings that `caremarket report`
// writes beside a comparison (results.WriteWarningsCSV): summary.json has
// none.
const WarningsFile = results.WarningsFile

// The most bytes LoadComparison reads of each file; larger files, and
// files that are not regular (a device such as /dev/zero, a FIFO), are
// refused before they are read.
const (
	maxSummaryBytes   = 256 << 20
	maxWarningsBytes  = 64 << 20
	maxRunValuesBytes = 1 << 30
)

// openOptional opens a file LoadComparison may find (nil when there is
// none), capped at limit bytes.
func openOptional(path string, limit int64) (io.Reader, func() error, error) {
	f, err := safeio.Open(path, limit)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, clipPathError(err)
	}
	return safeio.Reader(f, limit), f.Close, nil
}

// readWarnings reads a warnings.csv, when there is one, into the
// comparison's summaries.
func readWarnings(path string, c *Comparison) error {
	f, closeFile, err := openOptional(path, maxWarningsBytes)
	if f == nil {
		return err
	}
	defer closeFile()
	cr := csv.NewReader(f)
	cr.FieldsPerRecord = 2
	recs, err := cr.ReadAll()
	if err != nil {
		return fmt.Errorf("%s: %w", safeio.Clip(path), err)
	}
	if len(recs) == 0 || recs[0][0] != "scenario" || recs[0][1] != "warning" {
		return fmt.Errorf("%s: want the header scenario,warning", safeio.Clip(path))
	}
	byName := map[string]*Summary{}
	for _, s := range append([]*Summary{c.Baseline}, c.Alternatives...) {
		byName[s.Scenario] = s
	}
	for i, r := range recs[1:] {
		s := byName[results.UnescapeCSVCell(r[0])]
		if s == nil {
			return fmt.Errorf("%s line %d: scenario %q is not in the comparison", safeio.Clip(path), i+2, safeio.Clip(r[0]))
		}
		s.Warnings = append(s.Warnings, results.UnescapeCSVCell(r[1]))
	}
	return nil
}

// LoadComparison reads a comparison saved by ExportComparison: dir is the
// comparison's directory (OUT/compare) or the output directory above it.
// It reads summary.json and manifest.json, and run_values.csv and
// warnings.csv when present.
// Values saved as null (not finite) come back as NaN. It fails, naming the
// file and what is wrong, when a file is missing or malformed, or when a
// metric of the summary.json contract is missing.
func LoadComparison(dir string) (*SavedComparison, error) {
	if _, err := os.Stat(filepath.Join(dir, SummaryFile)); errors.Is(err, fs.ErrNotExist) {
		if _, err2 := os.Stat(filepath.Join(dir, CompareDir, SummaryFile)); err2 == nil {
			dir = filepath.Join(dir, CompareDir)
		}
	}
	s := &SavedComparison{Dir: dir}
	man, err := LoadManifest(filepath.Join(dir, ManifestFile))
	if err != nil {
		return nil, err
	}
	if man.Kind != "compare" {
		return nil, fmt.Errorf("%s: kind %q: not a comparison (want \"compare\"; run caremarket compare)", safeio.Clip(filepath.Join(dir, ManifestFile)), safeio.Clip(man.Kind))
	}
	s.Manifest = man
	path := filepath.Join(dir, SummaryFile)
	b, err := safeio.ReadFile(path, maxSummaryBytes)
	if err != nil {
		return nil, clipPathError(err)
	}
	s.Comparison, err = parseComparisonJSON(b, man)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", safeio.Clip(path), err)
	}
	if err := readWarnings(filepath.Join(dir, WarningsFile), s.Comparison); err != nil {
		return nil, err
	}
	rv := filepath.Join(dir, RunValuesFile)
	f, closeFile, err := openOptional(rv, maxRunValuesBytes)
	if err != nil {
		return nil, err
	}
	if f != nil {
		defer closeFile()
		if s.RunValues, err = results.ReadRunValuesCSV(f); err != nil {
			return nil, fmt.Errorf("%s: %w", safeio.Clip(rv), err)
		}
	}
	return s, nil
}

// LoadManifest reads a manifest.json (of at most 16 MB, a regular file).
func LoadManifest(path string) (*Manifest, error) {
	b, err := safeio.ReadFile(path, maxManifestBytes)
	if err != nil {
		return nil, clipPathError(err)
	}
	var m Manifest
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("%s: %w", safeio.Clip(path), err)
	}
	if m.Format != ManifestFormat {
		return nil, fmt.Errorf("%s: %w", safeio.Clip(path), manifestFormatError(m.Format))
	}
	return &m, nil
}

// manifestFormatError explains a manifest format other than ManifestFormat:
// a newer version of it ("caremarket-manifest/2") or another file.
func manifestFormatError(format string) error {
	prefix, _, _ := strings.Cut(ManifestFormat, "/")
	if v, ok := strings.CutPrefix(format, prefix+"/"); ok {
		if n, err := strconv.Atoi(v); err == nil && n > 1 {
			return &market.FieldError{Field: "format", Value: strconv.Quote(format), Allowed: fmt.Sprintf(
				"written by a newer caremarket; this one reads %q: upgrade caremarket to read it", ManifestFormat)}
		}
	}
	return &market.FieldError{Field: "format", Value: strconv.Quote(format), Allowed: fmt.Sprintf("want %q (not a caremarket manifest?)", ManifestFormat)}
}

// ComparisonManifest returns the manifest ExportComparison writes for the
// aggregates of a comparison (baseline first), without the list of files:
// what a report needs to trace an in-memory comparison.
func ComparisonManifest(parts []*Aggregate) (*Manifest, error) {
	if len(parts) == 0 || parts[0] == nil {
		return nil, errors.New("comparison manifest: no aggregates")
	}
	man := parts[0].manifest("compare")
	man.Scenarios = nil
	for i, p := range parts {
		if p == nil {
			return nil, fmt.Errorf("comparison manifest: aggregate %d is nil", i)
		}
		man.Scenarios = append(man.Scenarios, p.scenarioManifest())
	}
	return man, nil
}

// jnum is a JSON number that may be null (NaN).
type jnum float64

func (n *jnum) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*n = jnum(math.NaN())
		return nil
	}
	v, err := strconv.ParseFloat(string(b), 64)
	if err != nil {
		return fmt.Errorf("number %s: %w", b, err)
	}
	*n = jnum(v)
	return nil
}

type jband struct {
	Year   int  `json:"year"`
	Mean   jnum `json:"mean"`
	P5     jnum `json:"p5"`
	P50    jnum `json:"p50"`
	P95    jnum `json:"p95"`
	MeanLo jnum `json:"mean_lo"`
	MeanHi jnum `json:"mean_hi"`
}

func (j jband) band() Band {
	return Band{Mean: float64(j.Mean), P5: float64(j.P5), P50: float64(j.P50), P95: float64(j.P95)}
}

func (j jband) diff() DiffBand {
	return DiffBand{Band: j.band(), MeanLo: float64(j.MeanLo), MeanHi: float64(j.MeanHi)}
}

type jcomparison struct {
	Baseline     string   `json:"baseline"`
	Alternatives []string `json:"alternatives"`
	Seed         uint64   `json:"seed"`
	Runs         int      `json:"runs"`
	Start        string   `json:"start"`
	Years        int      `json:"years"`
	Scenarios    map[string]struct {
		Metrics map[string][]jband `json:"metrics"`
	} `json:"scenarios"`
	Differences map[string]map[string]struct {
		Total jband   `json:"total"`
		Years []jband `json:"years"`
	} `json:"differences"`
	FormatVersion *int `json:"format_version"`
}

// checkSummaryVersion accepts a summary.json without format_version
// (written before it existed: version 1) or with a version this reader
// knows, and refuses a newer one.
func checkSummaryVersion(v *int) error {
	switch {
	case v == nil:
		return nil
	case *v > results.SummaryFormatVersion:
		return &market.FieldError{Field: "format_version", Value: *v, Allowed: fmt.Sprintf(
			"written by a newer caremarket; this one reads versions 1 to %d: upgrade caremarket to read it", results.SummaryFormatVersion)}
	case *v < 1:
		return &market.FieldError{Field: "format_version", Value: *v, Allowed: fmt.Sprintf("allowed 1 to %d", results.SummaryFormatVersion)}
	}
	return nil
}

// parseComparisonJSON rebuilds a Comparison from compare/summary.json;
// descriptions and weekly runs come from the manifest.
func parseComparisonJSON(b []byte, man *Manifest) (*Comparison, error) {
	var j jcomparison
	dec := json.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(&j); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("data after the JSON object")
	}
	if err := checkSummaryVersion(j.FormatVersion); err != nil {
		return nil, err
	}
	sc := &Scenario{Start: j.Start}
	startYear, err := sc.StartYear()
	if err != nil {
		return nil, err
	}
	if j.Years < 1 || j.Years > MaxYears {
		return nil, &market.FieldError{Field: "years", Value: j.Years, Allowed: fmt.Sprintf("allowed 1 to %d", MaxYears)}
	}
	if j.Runs < 1 || j.Runs > MaxRuns {
		return nil, &market.FieldError{Field: "runs", Value: j.Runs, Allowed: fmt.Sprintf("allowed 1 to %d", MaxRuns)}
	}
	desc := map[string]string{}
	for _, s := range man.Scenarios {
		desc[s.Name] = s.Description
	}
	summary := func(name string) (*Summary, error) {
		js, ok := j.Scenarios[name]
		if !ok {
			return nil, fmt.Errorf("scenario %q has no metrics under \"scenarios\"", safeio.Clip(name))
		}
		s := &Summary{Scenario: name, Description: desc[name], Seed: j.Seed, Runs: j.Runs, Start: j.Start,
			StartYear: startYear, Years: j.Years, WeeklyRuns: man.WeeklyRuns}
		for m := range market.NumMetrics {
			bands, ok := js.Metrics[m.String()]
			if !ok && int(m) < market.ContractMetrics {
				return nil, fmt.Errorf("scenario %q: metric %s is missing", safeio.Clip(name), m)
			}
			s.Yearly[m] = make([]Band, j.Years)
			for y := range s.Yearly[m] {
				s.Yearly[m][y] = Band{Mean: math.NaN(), P5: math.NaN(), P50: math.NaN(), P95: math.NaN()}
			}
			if !ok {
				continue
			}
			if len(bands) != j.Years {
				return nil, fmt.Errorf("scenario %q: metric %s has %d years, want %d", safeio.Clip(name), m, len(bands), j.Years)
			}
			for y, x := range bands {
				if x.Year != startYear+y {
					return nil, fmt.Errorf("scenario %q: metric %s: year %d in place of %d", safeio.Clip(name), m, x.Year, startYear+y)
				}
				s.Yearly[m][y] = x.band()
			}
		}
		return s, nil
	}
	c := &Comparison{}
	if c.Baseline, err = summary(j.Baseline); err != nil {
		return nil, err
	}
	for _, name := range j.Alternatives {
		s, err := summary(name)
		if err != nil {
			return nil, err
		}
		c.Alternatives = append(c.Alternatives, s)
		jd, ok := j.Differences[name]
		if !ok {
			return nil, fmt.Errorf("alternative %q has no entry under \"differences\"", safeio.Clip(name))
		}
		d := Diff{Scenario: name}
		for m := range market.NumMetrics {
			x, ok := jd[m.String()]
			if !ok && int(m) < market.ContractMetrics {
				return nil, fmt.Errorf("differences of %q: metric %s is missing", safeio.Clip(name), m)
			}
			d.Yearly[m] = make([]DiffBand, j.Years)
			nan := math.NaN()
			nanBand := DiffBand{Band: Band{Mean: nan, P5: nan, P50: nan, P95: nan}, MeanLo: nan, MeanHi: nan}
			d.Total[m] = nanBand
			for y := range d.Yearly[m] {
				d.Yearly[m][y] = nanBand
			}
			if !ok {
				continue
			}
			if len(x.Years) != j.Years {
				return nil, fmt.Errorf("differences of %q: metric %s has %d years, want %d", safeio.Clip(name), m, len(x.Years), j.Years)
			}
			d.Total[m] = x.Total.diff()
			for y, v := range x.Years {
				d.Yearly[m][y] = v.diff()
			}
		}
		c.Diffs = append(c.Diffs, d)
	}
	return c, nil
}

// ScenarioSourceFile is the name under which WriteScenarioSources saves a
// scenario file's text beside a comparison.
func ScenarioSourceFile(name string) string { return "scenario_" + name + ".yaml" }

// WriteScenarioSources saves into dir the text of every scenario read from
// a file (Scenario.Source), as ScenarioSourceFile(name), so that a saved
// comparison says what each scenario did; built-in scenarios need no copy.
func WriteScenarioSources(dir string, scs []*Scenario) error {
	for _, sc := range scs {
		if sc == nil || len(sc.Source) == 0 {
			continue
		}
		name, err := SafeName(sc.Name)
		if err != nil {
			return err
		}
		src := sc.Source
		if err := results.WriteFileAtomic(filepath.Join(dir, ScenarioSourceFile(name)), func(w io.Writer) error {
			_, err := w.Write(src)
			return err
		}); err != nil {
			return err
		}
	}
	return nil
}

// Definitions returns the scenarios of a saved comparison, in its order
// (baseline first), where they can be recovered and shown to be the ones
// run: a built-in scenario when its manifest hashes match this version's
// baseline data and built-in, a scenario file when the directory holds its
// text (WriteScenarioSources) with the manifest's sha256. Entries that
// cannot be recovered are nil. Only the definitions (description and
// interventions) are meant to be read: the configuration is this version's
// baseline, not necessarily the one run.
func (s *SavedComparison) Definitions() []*Scenario {
	if s == nil || s.Manifest == nil {
		return nil
	}
	out := make([]*Scenario, len(s.Manifest.Scenarios))
	data, err := BaselineData()
	if err != nil {
		return out
	}
	baseHash := sha256Hex(data)
	for i, ms := range s.Manifest.Scenarios {
		if ms.Source == "builtin:"+ms.Name {
			if ms.Baseline != baseHash || ms.Scenario != sha256Hex(data, []byte("\x00builtin:"+ms.Name), builtinData(ms.Name)) {
				continue
			}
			if sc, err := Builtin(ms.Name); err == nil {
				out[i] = sc
			}
			continue
		}
		if _, err := SafeName(ms.Name); err != nil {
			continue
		}
		b, err := safeio.ReadFile(filepath.Join(s.Dir, ScenarioSourceFile(ms.Name)), MaxFileBytes)
		if err != nil || sha256Hex(b) != ms.Scenario {
			continue
		}
		if sc, err := Parse(ScenarioSourceFile(ms.Name), b); err == nil {
			sc.Name = ms.Name
			out[i] = sc
		}
	}
	return out
}
