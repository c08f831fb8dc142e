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
