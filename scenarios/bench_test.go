package scenarios_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/caremarket/caremarket/scenarios"
)

// BenchmarkEnsemble runs an ensemble of 4 one-year England runs on 1 and
// 2 workers; ns/op is per ensemble, s/run the wall time per run and
// cpu-s/run the process's CPU time per run. With 2 idle cores the 2-worker
// ensemble should take about half as long; when cpu-s/run is the same for
// both, any shortfall comes from cores busy with other work.
func BenchmarkEnsemble(b *testing.B) {
	sc, err := scenarios.Builtin("baseline")
	if err != nil {
		b.Fatal(err)
	}
	sc.Years = 1
	for _, w := range []int{1, 2} {
		b.Run(fmt.Sprintf("workers=%d", w), func(b *testing.B) {
			b.ReportAllocs()
			cpu0 := cpuTime()
			for b.Loop() {
				if _, err := scenarios.Ensemble(context.Background(), sc, scenarios.EnsembleOptions{Runs: 4, Workers: w}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/4/1e9, "s/run")
			if cpu := cpuTime() - cpu0; cpu > 0 {
				b.ReportMetric(cpu.Seconds()/float64(b.N)/4, "cpu-s/run")
			}
		})
	}
}

// BenchmarkComparison runs one paired run of the England baseline,
// profit-cap and price-cap (policies from the second year) on one worker,
// over 3 and 10 years: shared=yes is CollectComparison, which simulates the
// weeks before the policies once and forks the alternatives there;
// shared=no collects each scenario's ensemble on its own, as it did before.
// cpu-s/op is the process's CPU time per comparison.
func BenchmarkComparison(b *testing.B) {
	for _, years := range []int{3, 10} {
		var scs []*scenarios.Scenario
		for _, name := range []string{"baseline", "profit-cap", "price-cap"} {
			sc, err := scenarios.Builtin(name)
			if err != nil {
				b.Fatal(err)
			}
			sc.Years = years
			scs = append(scs, sc)
		}
		opts := scenarios.EnsembleOptions{Runs: 1, Workers: 1}
		for _, shared := range []bool{false, true} {
			b.Run(fmt.Sprintf("years=%d/shared=%s", years, map[bool]string{false: "no", true: "yes"}[shared]), func(b *testing.B) {
				b.ReportAllocs()
				cpu0 := cpuTime()
				for b.Loop() {
					if shared {
						if _, err := scenarios.CollectComparison(context.Background(), scs[0], scs[1:], opts); err != nil {
							b.Fatal(err)
						}
						continue
					}
					for _, sc := range scs {
						if _, err := scenarios.Collect(context.Background(), sc, opts); err != nil {
							b.Fatal(err)
						}
					}
				}
				if cpu := cpuTime() - cpu0; cpu > 0 {
					b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
				}
			})
		}
	}
}
