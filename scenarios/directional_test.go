package scenarios_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/caremarket/caremarket/internal/testkit"
	"github.com/caremarket/caremarket/market"
	"github.com/caremarket/caremarket/scenarios"
)

// Directional tests run each built-in intervention on the England baseline
// against the baseline itself over paired seeds (the same run indices, so
// the same arrivals), and assert the sign of the main effect and of the
// channel it works through (issue 4). They take a few minutes and are
// skipped with -short.

const (
	pairedRuns  = 8
	pairedYears = 4 // the interventions start in year 2
)

var (
	baseOnce sync.Once
	baseRuns []*market.Results
	baseErr  error
)

func runsOf(sc *scenarios.Scenario) ([]*market.Results, error) {
	out := make([]*market.Results, pairedRuns)
	for i := range out {
		r, err := scenarios.Run(context.Background(), sc, scenarios.RunOptions{Run: i})
		if err != nil {
			return nil, err
		}
		out[i] = r
	}
	return out, nil
}

func builtin(t *testing.T, name string) *scenarios.Scenario {
	t.Helper()
	sc, err := scenarios.Builtin(name)
	require.NoError(t, err)
	sc.Years = pairedYears
	return sc
}

// paired returns, for each run, alternative − baseline of metric m summed
// over the policy years (flows) or averaged over them (stocks).
type paired struct {
	base, alt []*market.Results
}

func (p paired) diff(m market.Metric) []float64 {
	out := make([]float64, len(p.base))
	for i := range out {
		b, a := p.base[i].Yearly(m), p.alt[i].Yearly(m)
		for y := 1; y < len(b); y++ { // policy years only
			out[i] += a[y] - b[y]
		}
		if !m.Flow() {
			out[i] /= float64(len(b) - 1)
		}
	}
	return out
}

func mean(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}

func pairedWith(t *testing.T, sc *scenarios.Scenario) paired {
	t.Helper()
	testkit.SkipShort(t, "directional England tests are long; run without -short")
	baseOnce.Do(func() { baseRuns, baseErr = runsOf(builtin(t, "baseline")) })
	require.NoError(t, baseErr)
	alt, err := runsOf(sc)
	require.NoError(t, err)
	return paired{baseRuns, alt}
}

// sign asserts that the mean paired difference of m has the given sign and
// that most runs agree.
func sign(t *testing.T, p paired, m market.Metric, want int) {
	t.Helper()
	d := p.diff(m)
	agree := 0
	for _, x := range d {
		if (want > 0 && x > 0) || (want < 0 && x < 0) {
			agree++
		}
	}
	mu := mean(d)
	t.Logf("%-26s mean paired difference %+.4g (%d of %d runs agree)", m, mu, agree, len(d))
	if want > 0 {
		require.Greater(t, mu, 0.0, "%s should rise", m)
	} else {
		require.Less(t, mu, 0.0, "%s should fall", m)
	}
	require.GreaterOrEqual(t, agree, len(d)*3/4, "%s: too few runs agree: %v", m, d)
}

func TestDirectionProfitCap(t *testing.T) {
	p := pairedWith(t, builtin(t, "profit-cap"))
	sign(t, p, market.PriceHomeMean, -1)
	sign(t, p, market.MarginForProfit, -1)
	sign(t, p, market.HomesOpenedForProfit, -1) // the channel: new supply falls
	sign(t, p, market.HomePlaces, -1)
}

func TestDirectionClawback(t *testing.T) {
	p := pairedWith(t, builtin(t, "profit-cap-clawback"))
	sign(t, p, market.ClawbackGBP, +1)
	sign(t, p, market.HomesOpenedForProfit, -1) // investment sees after-clawback profit
}

func TestDirectionPriceCap(t *testing.T) {
	p := pairedWith(t, builtin(t, "price-cap"))
	sign(t, p, market.PriceIFAMean, -1)
	sign(t, p, market.HomesOpenedForProfit, -1)
}

func TestDirectionWindfallTax(t *testing.T) {
	p := pairedWith(t, builtin(t, "windfall-tax"))
	sign(t, p, market.TaxReceiptsGBP, +1)
	d := p.diff(market.NetPublicCostGBP)
	s := p.diff(market.SpendGBP)
	for i := range d {
		require.Less(t, d[i]-s[i], 0.0, "receipts lower the net public cost relative to spend")
	}
}

// TestDirectionNFPEntry: NFP homes raise NFP places and lower the children
// waiting or in unregistered settings in the regions they are built in.
func TestDirectionNFPEntry(t *testing.T) {
	testkit.SkipShort(t, "directional England tests are long; run without -short")
	baseOnce.Do(func() { baseRuns, baseErr = runsOf(builtin(t, "baseline")) })
	require.NoError(t, baseErr)
	sc := builtin(t, "nfp-entry")
	alt := make([]*market.Results, pairedRuns)
	targeted := make([][]int, pairedRuns)
	for i := range alt {
		w, err := sc.World(scenarios.RunOptions{Run: i})
		require.NoError(t, err)
		alt[i], err = w.Run(context.Background(), nil)
		require.NoError(t, err)
		for r, n := range w.Rules.NFP.PerRegion {
			if n > 0 {
				targeted[i] = append(targeted[i], r)
			}
		}
		require.NotEmpty(t, targeted[i], "the programme sites homes")
	}
	p := paired{baseRuns, alt}
	sign(t, p, market.HomePlacesNFP, +1)
	// Children waiting or unregistered in the targeted regions, policy years.
	short := func(r *market.Results, regs []int) float64 {
		s := 0.0
		for _, reg := range regs {
			for _, m := range []market.RegionalMetric{market.RegionWaiting, market.RegionUnregistered} {
				for y, v := range r.RegionalYearly(m)[reg] {
					if y > 0 {
						s += v
					}
				}
			}
		}
		return s
	}
	d := make([]float64, pairedRuns)
	agree := 0
	for i := range d {
		d[i] = short(alt[i], targeted[i]) - short(baseRuns[i], targeted[i])
		if d[i] < 0 {
			agree++
		}
	}
	// Since model part 1 (docs/model.md §4.2) homes are chosen across
	// search rings on generalised cost and take children aged 10 to 17, so
	// the new homes also fill from other regions and cannot take the young
	// children who wait most: in 8 paired runs the programme's effect on
	// shortage in the targeted regions (+3.1 child-years over three policy
	// years, 4 of 8 runs lower) and on national waiting (5 of 8 runs lower
	// over ten years) is not distinguishable from zero. It is logged, and
	// docs/interventions.md reports it as a result that moved; what is
	// tested is the mechanism: the new places are used.
	t.Logf("waiting+unregistered in targeted regions: mean paired difference %+.1f (%d of %d runs lower)", mean(d), agree, len(d))
	sign(t, p, market.PlacedHomes, +1)
}

func TestDirectionCoop(t *testing.T) {
	p := pairedWith(t, builtin(t, "coop"))
	sign(t, p, market.PriceHomeMean, -1) // buyer power and block prices
	sign(t, p, market.SpendBlockGBP, +1)
	sign(t, p, market.UnregisteredPlaced, -1)
}

func TestDirectionFosterRecruitment(t *testing.T) {
	p := pairedWith(t, builtin(t, "foster-recruitment"))
	sign(t, p, market.FosterHouseholdsCouncil, +1)
	sign(t, p, market.PlacedFosterInHouse, +1)
	sign(t, p, market.PlacedHomes, -1)
	sign(t, p, market.Waiting, -1)
}

func TestDirectionInHouseBuild(t *testing.T) {
	p := pairedWith(t, builtin(t, "inhouse-build"))
	sign(t, p, market.HomePlacesCouncil, +1)
}

func TestDirectionUnregisteredBan(t *testing.T) {
	p := pairedWith(t, builtin(t, "unregistered-ban"))
	sign(t, p, market.UnregisteredPlaced, -1)
	sign(t, p, market.Waiting, +1)
}

// TestDirectionOversightUnderStress pairs a tight price-ceiling cap with and
// without oversight: the large providers that fail under the cap exit in an
// orderly way. Disorderly exits of small providers (under 20 units) are not
// covered and vary from run to run, so their count is logged, not asserted;
// TestOversightMakesExitsOrderly checks the conversion itself.
func TestDirectionOversightUnderStress(t *testing.T) {
	stress := func(name string, oversee bool) *scenarios.Scenario {
		pc := scenarios.NewProfitCap(scenarios.PolicyStart)
		pc.Rate = 0.05
		sc := &scenarios.Scenario{Name: name, Seed: 1, Years: pairedYears, Interventions: []scenarios.Intervention{pc}}
		if oversee {
			sc.Interventions = append(sc.Interventions, scenarios.NewFinancialOversight(scenarios.PolicyStart))
		}
		return sc
	}
	testkit.SkipShort(t, "long")
	base, err := runsOf(stress("cap", false))
	require.NoError(t, err)
	alt, err := runsOf(stress("cap-oversight", true))
	require.NoError(t, err)
	p := paired{base, alt}
	sign(t, p, market.ExitsOrderly, +1)
	t.Logf("exits_disorderly mean paired difference %+.3g", mean(p.diff(market.ExitsDisorderly)))
}

// TestTightCapTradeOff reports the trade-off the advisory group fears: a 5%
// price-ceiling cap with no NFP entry, against the baseline: new supply and
// shortage over the horizon.
func TestTightCapTradeOff(t *testing.T) {
	pc := scenarios.NewProfitCap(scenarios.PolicyStart)
	pc.Rate = 0.05
	sc := &scenarios.Scenario{Name: "cap5", Seed: 1, Years: pairedYears, Interventions: []scenarios.Intervention{pc}}
	p := pairedWith(t, sc)
	for _, m := range []market.Metric{market.SpendGBP, market.HomesOpenedForProfit, market.HomePlaces, market.Waiting, market.UnregisteredPlaced} {
		d := p.diff(m)
		t.Logf("%s", fmt.Sprintf("%-24s %+.4g", m, mean(d)))
	}
	sign(t, p, market.HomesOpenedForProfit, -1)
	sign(t, p, market.Waiting, +1)
}
