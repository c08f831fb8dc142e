package calibrate

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/caremarket/caremarket/scenarios"
)

func allParams() []Param { return append(DemandParams(), MarketParams()...) }

func TestParamCountAndNames(t *testing.T) {
	// docs/model.md §8: about ten parameters in an optimiser at most (the
	// refit of issue 20 added η to the market stage's ten).
	assert.Len(t, DemandParams(), 3)
	assert.LessOrEqual(t, len(MarketParams()), 11)
	seen := map[string]bool{}
	for _, p := range allParams() {
		assert.False(t, seen[p.Name], "duplicate parameter %s", p.Name)
		seen[p.Name] = true
		assert.Less(t, p.Lo, p.Hi, p.Name)
		assert.NotEmpty(t, p.Basis, p.Name)
	}
}

func TestTransformRoundTrip(t *testing.T) {
	for _, p := range allParams() {
		t.Run(p.Name, func(t *testing.T) {
			for _, u := range []float64{0.01, 0.25, 0.5, 0.9, 0.99} {
				x := p.Lo + u*(p.Hi-p.Lo)
				assert.InDelta(t, x, p.FromZ(p.ToZ(x)), 1e-9*math.Max(1, math.Abs(x)))
			}
			// Every z maps inside the bounds.
			for _, z := range []float64{-1e3, -30, -1, 0, 1, 30, 1e3} {
				x := p.FromZ(z)
				assert.GreaterOrEqual(t, x, p.Lo)
				assert.LessOrEqual(t, x, p.Hi)
			}
			// Values outside the bounds are pulled just inside.
			assert.True(t, !math.IsInf(p.ToZ(p.Hi*2), 0) && !math.IsNaN(p.ToZ(p.Lo-1)))
		})
	}
}

func TestApplySetsEveryParam(t *testing.T) {
	base, err := scenarios.Baseline()
	require.NoError(t, err)
	for _, p := range allParams() {
		t.Run(p.Name, func(t *testing.T) {
			x := p.Lo + 0.37*(p.Hi-p.Lo)
			cfg, err := Apply(base, p.Settings(base, x))
			require.NoError(t, err)
			assert.InDelta(t, x, p.Get(cfg), 1e-9*math.Max(1, x))
			// base is untouched.
			assert.NotEqual(t, x, p.Get(base))
		})
	}
}

func TestApplyCoupledKeys(t *testing.T) {
	base, err := scenarios.Baseline()
	require.NoError(t, err)
	ps := MarketParams()
	get := func(name string) Param {
		for _, p := range ps {
			if p.Name == name {
				return p
			}
		}
		t.Fatalf("no parameter %s", name)
		return Param{}
	}
	k := get("pricing.kappa")
	cfg, err := Apply(base, k.Settings(base, 0.4))
	require.NoError(t, err)
	assert.Equal(t, 0.4, cfg.Pricing.Kappa.PrivateEquity)
	assert.Equal(t, 0.4, cfg.Pricing.Kappa.Private)
	assert.InDelta(t, 0.08, cfg.Pricing.Kappa.NotForProfit, 1e-12)
	assert.Equal(t, base.Pricing.Kappa.Council, cfg.Pricing.Kappa.Council)

	b := get("breakdowns.level")
	cfg, err = Apply(base, b.Settings(base, 1.5))
	require.NoError(t, err)
	assert.InDelta(t, 0.006, cfg.Breakdowns.Foster, 1e-12)
	assert.InDelta(t, 0.009, cfg.Breakdowns.Homes, 1e-12)

	tr := get("demand.tiers.complex")
	cfg, err = Apply(base, tr.Settings(base, 0.25))
	require.NoError(t, err)
	assert.InDelta(t, 1, cfg.Demand.Tiers.Standard+cfg.Demand.Tiers.Complex+cfg.Demand.Tiers.VeryComplex, 1e-12)
	assert.Equal(t, base.Demand.Tiers.VeryComplex, cfg.Demand.Tiers.VeryComplex)

	ps16 := get("matching.psi.older_foster")
	cfg, err = Apply(base, ps16.Settings(base, 700))
	require.NoError(t, err)
	assert.Equal(t, 700.0, cfg.Matching.Psi.OlderFoster)
	assert.Equal(t, 1400.0, cfg.Matching.Psi.OlderFosterUASC)
}

func TestApplyErrors(t *testing.T) {
	base, err := scenarios.Baseline()
	require.NoError(t, err)
	tests := []struct {
		name     string
		settings []Setting
		want     string
	}{
		{"unknown key", []Setting{{"pricing.kapa", 0.3}}, "kapa"},
		{"invalid value", []Setting{{"pricing.beta", 2}}, "pricing.beta"},
		{"not finite", []Setting{{"pricing.beta", math.NaN()}}, "pricing.beta"},
		{"set twice", []Setting{{"pricing.beta", 0.1}, {"pricing.beta", 0.2}}, "pricing.beta"},
		{"value inside value", []Setting{{"pricing.beta", 0.1}, {"pricing.beta.x", 0.2}}, "pricing.beta.x"},
		{"empty part", []Setting{{"pricing..beta", 0.1}}, "pricing..beta"},
		{"float for an integer", []Setting{{"matching.max_wait_weeks", 4.5}}, "max_wait_weeks"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Apply(base, tc.settings)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

func TestRound6(t *testing.T) {
	tests := []struct{ in, want float64 }{
		{0.123456789, 0.123457}, {33000.04, 33000}, {0, 0}, {-1.23456789e-5, -1.23457e-5}, {4, 4},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.want, Round6(tc.in))
	}
	assert.True(t, math.IsNaN(Round6(math.NaN())))
}

func ExampleOverridesYAML() {
	b, err := OverridesYAML([]Setting{
		{"pricing.kappa.private", 0.3},
		{"breakdowns.foster", 0.006},
		{"pricing.kappa.private_equity", 0.3},
		{"matching.max_wait_weeks", 4},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(string(b))
	// Output:
	// breakdowns:
	//     foster: 0.006
	// matching:
	//     max_wait_weeks: 4
	// pricing:
	//     kappa:
	//         private: 0.3
	//         private_equity: 0.3
}

func TestPriorsApply(t *testing.T) {
	base, err := scenarios.Baseline()
	require.NoError(t, err)
	ps := Priors()
	names := map[string]bool{}
	for _, p := range ps {
		assert.False(t, names[p.Name], "duplicate prior %s", p.Name)
		names[p.Name] = true
		assert.Less(t, p.Lo, p.Hi, p.Name)
		assert.True(t, (p.sets == nil) != (p.tweak == nil), "%s: a prior acts on the config or on scenarios", p.Name)
		assert.Equal(t, p.Scenario, p.tweak != nil, p.Name)
	}
	// Every corner of the hypercube gives a valid configuration.
	for _, u := range []float64{0, 0.5, 1} {
		us := make([]float64, len(ps))
		for i := range us {
			us[i] = u
		}
		xs, cfg, err := samplePoint(base, ps, us)
		require.NoError(t, err, "corner %v", u)
		for i, p := range ps {
			assert.GreaterOrEqual(t, xs[i], p.Lo)
			assert.LessOrEqual(t, xs[i], p.Hi)
		}
		assert.NoError(t, cfg.Validate())
	}
	// Multipliers scale the baseline's values.
	us := make([]float64, len(ps))
	for i, p := range ps {
		if strings.HasPrefix(p.Name, "costs.punreg") {
			us[i] = 1 // × Hi
		}
	}
	_, cfg, err := samplePoint(base, ps, us)
	require.NoError(t, err)
	assert.InDelta(t, 1.3*base.Costs.Punreg.Complex, cfg.Costs.Punreg.Complex, 1e-9)
}

func TestPriorValue(t *testing.T) {
	beta := Prior{Lo: 0, Hi: 0.4, AtLo: 0.2}
	assert.Equal(t, 0.0, beta.Value(0.1))
	assert.Equal(t, 0.0, beta.Value(0.2))
	assert.InDelta(t, 0.2, beta.Value(0.6), 1e-12)
	assert.InDelta(t, 0.4, beta.Value(1), 1e-12)
	lag := Prior{Lo: 26, Hi: 78, Int: true}
	assert.Equal(t, 52.0, lag.Value(0.5))
	assert.Equal(t, 27.0, lag.Value(0.02))
}
