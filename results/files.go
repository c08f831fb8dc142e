package results

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/caremarket/caremarket/internal/jsonsafe"
	"github.com/caremarket/caremarket/market"
)

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

// AppendExact appends v to dst exactly (it parses back to v): fixed notation, or
// exponent notation below 1e-6; "" for NaN and infinities.
func AppendExact(dst []byte, v float64) []byte {
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
	b.Write(jsonsafe.AppendNumber(b.AvailableBuffer(), v, AppendExact))
}

func jsonStr(b *bytes.Buffer, s string) {
	q, _ := json.Marshal(s)
	b.Write(q)
}

func jsonBand(b *bytes.Buffer, year int, x Band) {
	fmt.Fprintf(b, `{"year":%d,`, year)
	jsonBandFields(b, x)
	b.WriteByte('}')
}

// jsonBandFields writes a band's "mean", "p5", "p50" and "p95" keys and
// values.
func jsonBandFields(b *bytes.Buffer, x Band) {
	b.WriteString(`"mean":`)
	jsonNum(b, x.Mean)
	b.WriteString(`,"p5":`)
	jsonNum(b, x.P5)
	b.WriteString(`,"p50":`)
	jsonNum(b, x.P50)
	b.WriteString(`,"p95":`)
	jsonNum(b, x.P95)
}

func jsonBands(b *bytes.Buffer, startYear int, xs []Band) {
	b.WriteByte('[')
	jsonItems(b, len(xs), func(y int) { jsonBand(b, startYear+y, xs[y]) })
	b.WriteByte(']')
}

// jsonItems writes n items separated by commas; item(i) writes the i-th.
func jsonItems(b *bytes.Buffer, n int, item func(i int)) {
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		item(i)
	}
}

// jsonEntries writes n entries of a JSON object, each on a new line and
// separated by commas: the key name(i), a colon and what value(i) writes.
func jsonEntries(b *bytes.Buffer, n int, name func(i int) string, value func(i int)) {
	jsonItems(b, n, func(i int) {
		b.WriteString("\n")
		jsonStr(b, name(i))
		b.WriteByte(':')
		value(i)
	})
}

// metricName is the name of metric m, as a key of the JSON files.
func metricName(m int) string { return market.Metric(m).String() }

// writeMetricsJSON writes "metrics":{...} with one line per metric, in
// the order of market.MetricNames.
func writeMetricsJSON(b *bytes.Buffer, s *Summary) {
	b.WriteString(`"metrics":{`)
	jsonEntries(b, int(market.NumMetrics), metricName, func(m int) { jsonBands(b, s.StartYear, s.Yearly[m]) })
	b.WriteString("\n}")
}

// WriteSummaryJSON writes a summary as summary.json, the project's
// machine-readable contract (README.md):
//
//	{"scenario":"baseline","seed":1,"runs":1,"start":"2023-04","years":10,
//	 "metrics":{"children_in_care":[{"year":2023,"mean":…,"p5":…,"p50":…,"p95":…}, …], …},
//	 "regions":{"waiting":{"North East":[{"year":2023,…}, …], …}, …},
//	 "description":"…","weekly_runs":1,"warnings":[…],"format_version":1}
//
// format_version (SummaryFormatVersion) comes last, after the keys of
// earlier versions, which keep their order. Metrics come in the order of market.MetricNames (the contract's first,
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
	jsonItems(&b, len(s.Warnings), func(i int) { jsonStr(&b, s.Warnings[i]) })
	fmt.Fprintf(&b, `],"format_version":%d}`+"\n", SummaryFormatVersion)
	_, err := w.Write(b.Bytes())
	return err
}

// SummaryFormatVersion is the format version written last in summary.json,
// of a run and of a comparison, as "format_version". It goes up when a key
// changes meaning or is removed, not when one is added. Files written before
// it existed have no "format_version" and are version 1.
const SummaryFormatVersion = 1

func writeRegionsJSON(b *bytes.Buffer, s *Summary) {
	b.WriteString(`"regions":{`)
	name := func(rm int) string { return market.RegionalMetric(rm).String() }
	jsonEntries(b, int(market.NumRegionalMetrics), name, func(rm int) {
		b.WriteByte('{')
		jsonItems(b, len(s.Regions), func(r int) {
			jsonStr(b, s.Regions[r])
			b.WriteByte(':')
			if r < len(s.RegionalYearly[rm]) {
				jsonBands(b, s.StartYear, s.RegionalYearly[rm][r])
			} else {
				b.WriteString("[]")
			}
		})
		b.WriteByte('}')
	})
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
	cw := newCSVWriter(w)
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
			buf = AppendExact(buf[:0], s.Weekly[m][k].Mean)
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
	cw := newCSVWriter(w)
	if err := cw.Write([]string{"scenario", "year", "region", "metric", "unit", "mean", "p5", "p50", "p95"}); err != nil {
		return err
	}
	row := func(y int, region string, m market.Metric, x Band) error {
		return cw.Write([]string{s.Scenario, strconv.Itoa(s.StartYear + y), region, m.String(), m.Unit(),
			string(AppendExact(nil, x.Mean)), string(AppendExact(nil, x.P5)), string(AppendExact(nil, x.P50)), string(AppendExact(nil, x.P95))})
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
	cw := newCSVWriter(w)
	if err := cw.Write([]string{"scenario", "run", "week", "date", "region", "metric", "value"}); err != nil {
		return err
	}
	rec := make([]string, 7)
	var buf []byte
	series := func(run, startYear int, region, metric string, xs []float64) error {
		for k, v := range xs {
			buf = AppendExact(buf[:0], v)
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
		fmt.Fprintf(b, `{"year":%d,`, year)
	} else {
		b.WriteByte('{')
	}
	jsonBandFields(b, d.Band)
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
//	    "years":[{"year":2023,"mean":…,…}, …]}, …}, …},
//	 "format_version":1}
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
	jsonItems(&b, len(c.Alternatives), func(i int) { jsonStr(&b, c.Alternatives[i].Scenario) })
	fmt.Fprintf(&b, `],"seed":%d,"runs":%d,"start":`, base.Seed, base.Runs)
	jsonStr(&b, base.Start)
	fmt.Fprintf(&b, `,"years":%d,`, base.Years)
	b.WriteString("\n\"scenarios\":{")
	all := append([]*Summary{base}, c.Alternatives...)
	jsonEntries(&b, len(all), func(i int) string { return all[i].Scenario }, func(i int) {
		b.WriteByte('{')
		writeMetricsJSON(&b, all[i])
		b.WriteString("}")
	})
	b.WriteString("\n},\n\"differences\":{")
	jsonEntries(&b, len(c.Diffs), func(i int) string { return c.Diffs[i].Scenario }, func(i int) {
		d := c.Diffs[i]
		b.WriteByte('{')
		jsonEntries(&b, int(market.NumMetrics), metricName, func(j int) {
			m := market.Metric(j)
			b.WriteString(`{"unit":`)
			jsonStr(&b, m.Unit())
			b.WriteString(`,"total_unit":`)
			jsonStr(&b, TotalUnit(m))
			b.WriteString(`,"total":`)
			jsonDiff(&b, 0, d.Total[m])
			b.WriteString(`,"years":[`)
			jsonItems(&b, len(d.Yearly[m]), func(y int) { jsonDiff(&b, base.StartYear+y, d.Yearly[m][y]) })
			b.WriteString("]}")
		})
		b.WriteString("\n}")
	})
	fmt.Fprintf(&b, "\n},\n\"format_version\":%d}\n", SummaryFormatVersion)
	_, err := w.Write(b.Bytes())
	return err
}

// WriteComparisonCSV writes comparison.csv, the paired differences in long
// form: scenario,baseline,metric,unit,period,year,mean,p5,p50,p95,mean_lo,
// mean_hi. period is "year" (one row per financial year) or "total" (the
// horizon; year is empty and unit is the total's unit, see TotalUnit).
func WriteComparisonCSV(w io.Writer, c *Comparison) error {
	cw := newCSVWriter(w)
	if err := cw.Write([]string{"scenario", "baseline", "metric", "unit", "period", "year", "mean", "p5", "p50", "p95", "mean_lo", "mean_hi"}); err != nil {
		return err
	}
	row := func(d Diff, m market.Metric, unit, period, year string, x DiffBand) error {
		return cw.Write([]string{d.Scenario, c.Baseline.Scenario, m.String(), unit, period, year,
			string(AppendExact(nil, x.Mean)), string(AppendExact(nil, x.P5)), string(AppendExact(nil, x.P50)), string(AppendExact(nil, x.P95)),
			string(AppendExact(nil, x.MeanLo)), string(AppendExact(nil, x.MeanHi))})
	}
	for _, d := range c.Diffs {
		for m := range market.NumMetrics {
			for y, x := range d.Yearly[m] {
				if err := row(d, m, m.Unit(), "year", strconv.Itoa(c.Baseline.StartYear+y), x); err != nil {
					return err
				}
			}
			if err := row(d, m, TotalUnit(m), "total", "", d.Total[m]); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}
