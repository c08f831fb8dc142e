package results

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
	"strconv"

	"github.com/caremarket/caremarket/market"
)

// RunValuesFile is the file of per-run yearly values that `caremarket
// report` writes beside a comparison (see WriteRunValuesCSV), so that
// paired statistics of derived quantities (shares, ratios) can be computed
// again from the saved comparison.
const RunValuesFile = "run_values.csv"

// WarningsFile is the file of the runs' warnings that `caremarket report`
// writes beside a comparison (see WriteWarningsCSV): summary.json has none.
const WarningsFile = "warnings.csv"

// RunValues holds the yearly values of some metrics in every run of an
// ensemble: the data behind its yearly bands, run by run, so that paired
// differences of quantities derived from several metrics (a share, a
// ratio) can be computed with PairedDiff.
type RunValues struct {
	Scenario  string
	StartYear int
	Years     int
	// Runs are the run indices, ascending.
	Runs []int
	// Yearly[m][i][y] is metric m in run Runs[i] and financial year y
	// (stocks: the yearly mean of weekly values; flows: the yearly sum);
	// Yearly[m] is nil for a metric not held.
	Yearly [market.NumMetrics][][]float64
}

// Has reports whether v holds metric m.
func (v *RunValues) Has(m market.Metric) bool {
	return v != nil && m >= 0 && m < market.NumMetrics && v.Yearly[m] != nil
}

// PairedDiff returns the band of the paired differences alt[i] − base[i]
// (run i of each on the same seed and run index) and the 90% confidence
// interval of their mean, exactly as the Diffs of a Comparison. Pairs in
// which either value is not finite are left out; it fails when the slices
// differ in length.
func PairedDiff(alt, base []float64) (DiffBand, error) {
	if len(alt) != len(base) {
		return DiffBand{}, fmt.Errorf("paired difference: %d values against %d: pairs need one value each", len(alt), len(base))
	}
	vals := make([]float64, 0, len(alt))
	for i := range alt {
		d := alt[i] - base[i]
		if !math.IsNaN(d) && !math.IsInf(d, 0) {
			vals = append(vals, d)
		}
	}
	if len(vals) == 0 {
		nan := math.NaN()
		return DiffBand{Band: Band{Mean: nan, P5: nan, P50: nan, P95: nan}, MeanLo: nan, MeanHi: nan}, nil
	}
	return DiffBandOfWork(vals, make([]float64, len(vals))), nil
}

// WriteRunValuesCSV writes per-run yearly values in long form, one row per
// scenario, run, metric and year: scenario,run,metric,year,value (year is
// the calendar year of the financial year's April). Values are written
// exactly (they parse back to the same float64); values that are not
// finite are empty.
func WriteRunValuesCSV(w io.Writer, vs []*RunValues) error {
	cw := newCSVWriter(w)
	if err := cw.Write([]string{"scenario", "run", "metric", "year", "value"}); err != nil {
		return err
	}
	rec := make([]string, 5)
	var buf []byte
	for _, v := range vs {
		for m := range market.NumMetrics {
			rows := v.Yearly[m]
			if rows == nil {
				continue
			}
			if len(rows) != len(v.Runs) {
				return fmt.Errorf("run values of %q: metric %s holds %d runs, want %d", v.Scenario, m, len(rows), len(v.Runs))
			}
			for i, row := range rows {
				for y, x := range row {
					buf = AppendExact(buf[:0], x)
					rec[0], rec[1], rec[2], rec[3], rec[4] = v.Scenario, strconv.Itoa(v.Runs[i]), m.String(), strconv.Itoa(v.StartYear+y), string(buf)
					if err := cw.Write(rec); err != nil {
						return err
					}
				}
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// ReadRunValuesCSV reads what WriteRunValuesCSV wrote, one RunValues per
// scenario in the order they first appear. Rows of metrics this version
// does not know are skipped. It fails on a malformed file, naming the line,
// and on a scenario whose metrics do not all hold the same runs and years.
func ReadRunValuesCSV(r io.Reader) ([]*RunValues, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = 5
	cr.ReuseRecord = true
	head, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", RunValuesFile, err)
	}
	if want := []string{"scenario", "run", "metric", "year", "value"}; !slices.Equal(head, want) {
		return nil, fmt.Errorf("%s: header %q, want %q", RunValuesFile, head, want)
	}
	type key struct {
		run  int
		m    market.Metric
		year int
	}
	type acc struct {
		vals         map[key]float64
		runs, years  map[int]bool
		metrics      map[market.Metric]bool
		firstYear    int
		haveAnyYears bool
	}
	var order []string
	byName := map[string]*acc{}
	line := 1
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		line++
		if err != nil {
			return nil, fmt.Errorf("%s: %w", RunValuesFile, err)
		}
		for i := range rec {
			rec[i] = UnescapeCSVCell(rec[i])
		}
		m, err := market.ParseMetric(rec[2])
		if err != nil {
			continue // a metric of another version
		}
		run, err1 := strconv.Atoi(rec[1])
		year, err2 := strconv.Atoi(rec[3])
		val := math.NaN()
		var err3 error
		if rec[4] != "" {
			val, err3 = strconv.ParseFloat(rec[4], 64)
		}
		if err := errors.Join(err1, err2, err3); err != nil || run < 0 || year < 1900 || year > 2300 {
			return nil, fmt.Errorf("%s line %d: run %q, year %q, value %q: want a run index, a year and a number", RunValuesFile, line, rec[1], rec[3], rec[4])
		}
		a := byName[rec[0]]
		if a == nil {
			a = &acc{vals: map[key]float64{}, runs: map[int]bool{}, years: map[int]bool{}, metrics: map[market.Metric]bool{}}
			byName[rec[0]] = a
			order = append(order, rec[0])
		}
		k := key{run, m, year}
		if _, dup := a.vals[k]; dup {
			return nil, fmt.Errorf("%s line %d: scenario %q, run %d, %s, year %d appears twice", RunValuesFile, line, rec[0], run, m, year)
		}
		a.vals[k] = val
		a.runs[run], a.years[year], a.metrics[m] = true, true, true
		if !a.haveAnyYears || year < a.firstYear {
			a.firstYear, a.haveAnyYears = year, true
		}
	}
	var out []*RunValues
	for _, name := range order {
		a := byName[name]
		v := &RunValues{Scenario: name, StartYear: a.firstYear, Years: len(a.years)}
		for run := range a.runs {
			v.Runs = append(v.Runs, run)
		}
		sort.Ints(v.Runs)
		for y := range a.years {
			if y-a.firstYear >= len(a.years) {
				return nil, fmt.Errorf("%s: scenario %q has years that are not consecutive", RunValuesFile, name)
			}
		}
		for m := range a.metrics {
			rows := make([][]float64, len(v.Runs))
			for i, run := range v.Runs {
				rows[i] = make([]float64, v.Years)
				for y := range v.Years {
					x, ok := a.vals[key{run, m, a.firstYear + y}]
					if !ok {
						return nil, fmt.Errorf("%s: scenario %q has no value of %s for run %d, year %d", RunValuesFile, name, m, run, a.firstYear+y)
					}
					rows[i][y] = x
				}
			}
			v.Yearly[m] = rows
		}
		out = append(out, v)
	}
	return out, nil
}

// WriteWarningsCSV writes the distinct warnings of each scenario of a
// comparison, one row each: scenario,warning.
func WriteWarningsCSV(w io.Writer, c *Comparison) error {
	cw := newCSVWriter(w)
	if err := cw.Write([]string{"scenario", "warning"}); err != nil {
		return err
	}
	for _, s := range append([]*Summary{c.Baseline}, c.Alternatives...) {
		for _, x := range s.Warnings {
			if err := cw.Write([]string{s.Scenario, x}); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}
