package market

import (
	"os"
	"testing"

	"go.yaml.in/yaml/v3"
)

// englandConfig reads the embedded baseline's files from the scenarios
// package directory (package scenarios imports market, so it cannot be
// imported here). Calibration overrides are applied as scenarios does.
func englandConfig(tb testing.TB) *Config {
	tb.Helper()
	cfg := &Config{}
	for _, f := range []string{"baseline.yaml", "councils.yaml", "coops.yaml"} {
		b, err := os.ReadFile("../scenarios/data/" + f)
		if err != nil {
			tb.Fatal(err)
		}
		if err := yaml.Unmarshal(b, cfg); err != nil {
			tb.Fatal(err)
		}
	}
	b, err := os.ReadFile("../scenarios/data/calibration.yaml")
	if err != nil {
		tb.Fatal(err)
	}
	var doc struct {
		Overrides yaml.Node `yaml:"overrides"`
	}
	if err := yaml.Unmarshal(b, &doc); err != nil {
		tb.Fatal(err)
	}
	if doc.Overrides.Kind != 0 {
		if err := doc.Overrides.Decode(cfg); err != nil {
			tb.Fatal(err)
		}
	}
	return cfg
}

// StepOrFail steps w a week or stops the test. It and StepUntil are
// exported to the benchmarks of package market_test too.
func StepOrFail(tb testing.TB, w *World) {
	tb.Helper()
	if err := w.Step(); err != nil {
		tb.Fatal(err)
	}
}

// StepUntil steps w until it reaches week, or stops the test.
func StepUntil(tb testing.TB, w *World, week int) {
	tb.Helper()
	for w.Week() < week {
		StepOrFail(tb, w)
	}
}

// BenchmarkMatching times one week's matching of England: the rest of each
// week runs outside the timer.
func BenchmarkMatching(b *testing.B) {
	w, err := New(englandConfig(b), Options{Seed: 1, Years: MaxYears})
	if err != nil {
		b.Fatal(err)
	}
	StepUntil(b, w, 2*52)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		if err := w.applyInterventions(); err != nil {
			b.Fatal(err)
		}
		w.arrivals()
		w.endings()
		w.breakdowns()
		w.closingsDue()
		b.StartTimer()
		w.match()
		b.StopTimer()
		w.pay()
		if (w.week+1)%13 == 0 {
			w.quarter()
		}
		if (w.week+1)%52 == 0 {
			w.april()
		}
		w.record()
		w.week++
		b.StartTimer()
	}
}
