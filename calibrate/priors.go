package calibrate

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distmv"
	"gonum.org/v1/gonum/stat/samplemv"

	"github.com/caremarket/caremarket/market"
	"github.com/caremarket/caremarket/scenarios"
)

// Prior is an uncertain parameter that no published figure identifies: a
// plausible range to sample in the sensitivity and robustness analyses
// (docs/model.md §8), never fitted.
type Prior struct {
	// Name identifies the prior, usually the yaml key it sets.
	Name string
	// Desc says what it is.
	Desc string
	// Lo and Hi bound the range sampled; Basis says where it comes from.
	Lo, Hi float64
	Basis  string
	// Int marks a whole-number parameter (rounded).
	Int bool
	// AtLo is the probability that a sample is exactly Lo: the share of the
	// unit interval below AtLo maps to Lo, the rest uniformly to [Lo, Hi].
	// It puts weight on a boundary that matters (β = 0: no buyer power).
	AtLo float64
	// Scenario marks a prior that acts on interventions only (it leaves the
	// baseline unchanged), so it is left out of the sensitivity analysis of
	// the baseline.
	Scenario bool

	sets  func(c *market.Config, x float64) []Setting
	tweak func(sc *scenarios.Scenario, x float64)
}

// Value maps u in [0, 1] to the prior's range.
func (p *Prior) Value(u float64) float64 {
	if u < p.AtLo {
		return p.Lo
	}
	if p.AtLo > 0 {
		u = (u - p.AtLo) / (1 - p.AtLo)
	}
	x := p.Lo + u*(p.Hi-p.Lo)
	if p.Int {
		x = math.Round(x)
	}
	return min(max(x, p.Lo), p.Hi)
}

// scaledKey is a config value that a multiplier prior scales.
type scaledKey struct {
	key string
	get func(c *market.Config) float64
}

func scaleKeys(keys ...scaledKey) func(c *market.Config, x float64) []Setting {
	return func(c *market.Config, x float64) []Setting {
		out := make([]Setting, len(keys))
		for i, k := range keys {
			out[i] = Setting{k.key, k.get(c) * x}
		}
		return out
	}
}

// Priors returns the uncertain parameters and their plausible ranges, from
// the table of docs/model.md §9 where it gives one and otherwise a stated assumption.
// Multipliers (×) scale the baseline's values.
func Priors() []Prior {
	return []Prior{
		{Name: "investment.hurdle.private_equity", Desc: "hurdle rate of private-equity providers", Lo: 0.12, Hi: 0.20, Basis: "docs/model.md §4.5: 15% (12–20)", sets: one("investment.hurdle.private_equity")},
		{Name: "investment.hurdle.private", Desc: "hurdle rate of other private providers", Lo: 0.08, Hi: 0.15, Basis: "docs/model.md §4.5: 12% (8–15)", sets: one("investment.hurdle.private")},
		{Name: "investment.hurdle.not_for_profit", Desc: "hurdle rate of not-for-profit providers", Lo: 0.03, Hi: 0.08, Basis: "docs/model.md §4.5: 6% (3–8)", sets: one("investment.hurdle.not_for_profit")},
		{Name: "pricing.beta", Desc: "buyer-power discount β", Lo: 0, Hi: 0.4, AtLo: 0.2, Basis: "docs/model.md §4.3: 0.15 (0–0.4); a fifth of samples at β = 0 (docs/model.md §8)", sets: one("pricing.beta")},
		{Name: "pricing.rho", Desc: "reservation price multiple ρ of pRef", Lo: 1.3, Hi: 3, Basis: "docs/model.md §4.3: 2.0 (1.3–3)", sets: one("pricing.rho")},
		{Name: "pricing.scarcity", Desc: "response η of providers' markups to local tightness", Lo: 0, Hi: 3, Basis: "docs/model.md §4.3: fitted, but the price path it is fitted to is missed (docs/calibration.md), so it is varied over its whole prior range 0–3", sets: one("pricing.scarcity")},
		{Name: "pricing.reservation_half_life_weeks", Desc: "half-life, weeks, at which the price behind reservations follows agreed prices", Lo: 26, Hi: 104, Int: true,
			Basis: "docs/model.md §4.3: 52 weeks, assumption (26–104)", sets: one("pricing.reservation_half_life_weeks")},
		{Name: "matching.lambda", Desc: "λ, £ per km per week in the generalised cost", Lo: 2, Hi: 20, Basis: "docs/model.md §4.2: 5 (2–20)", sets: one("matching.lambda")},
		{Name: "matching.foster_usable_share", Desc: "usable share u_F of approved foster places", Lo: 0.55, Hi: 0.75, Basis: "docs/model.md §2: 0.65 (0.55–0.75)", sets: one("matching.foster_usable_share")},
		{Name: "workforce.epsilon", Desc: "wage response ε to staff shortage a year", Lo: 0, Hi: 0.5, Basis: "docs/model.md §4.8: 0.2 (0–0.5)", sets: one("workforce.epsilon")},
		{Name: "workforce.half_life", Desc: "half-life of a regional wage premium's gap, years", Lo: 1, Hi: 5, Basis: "docs/model.md §4.8: 2 (1–5)", sets: one("workforce.half_life")},
		{Name: "workforce.elasticity", Desc: "recruitment elasticity to the care wage", Lo: 0.5, Hi: 3, Basis: "docs/model.md §4.8: 1.5 (0.5–3)", sets: one("workforce.elasticity")},
		{Name: "foster.elasticity", Desc: "elasticity of foster approvals to the allowance", Lo: 0.05, Hi: 0.3, Basis: "docs/model.md §4.7: 0.1 (0.05–0.3)", sets: one("foster.elasticity")},
		{Name: "investment.build_lag_weeks", Desc: "weeks from a decision to build to opening", Lo: 26, Hi: 78, Int: true, Basis: "docs/model.md §4.5: 39 (26–78)", sets: one("investment.build_lag_weeks")},
		{Name: "investment.k0", Desc: "capital of a 4-place home, £", Lo: 500000, Hi: 1000000, Basis: "docs/model.md §4.5: £700k (500k–1m)", sets: one("investment.k0")},
		{Name: "costs.home_fixed", Desc: "cF of a children's home, £ per place-week", Lo: 2400, Hi: 3300, Basis: "docs/model.md §4.1: £2,800 (2,400–3,300)", sets: one("costs.home_fixed")},
		{Name: "costs.home_variable ×", Desc: "cV of children's homes by tier, multiplier", Lo: 0.6, Hi: 1.5, Basis: "docs/model.md §4.1: ×0.6–1.5",
			sets: scaleKeys(scaledKey{"costs.home_variable.standard", func(c *market.Config) float64 { return c.Costs.HomeVariable.Standard }},
				scaledKey{"costs.home_variable.complex", func(c *market.Config) float64 { return c.Costs.HomeVariable.Complex }},
				scaledKey{"costs.home_variable.very_complex", func(c *market.Config) float64 { return c.Costs.HomeVariable.VeryComplex }})},
		{Name: "costs.ifa ×", Desc: "cF and cV of agency foster care, multiplier", Lo: 0.7, Hi: 1.3, Basis: "docs/model.md §4.1: ±30%", sets: scaleKeys(scaledKey{"costs.ifa_fixed", func(c *market.Config) float64 { return c.Costs.IFAFixed }},
			scaledKey{"costs.ifa_variable", func(c *market.Config) float64 { return c.Costs.IFAVariable }})},
		{Name: "costs.in_house ×", Desc: "cF and cV of council foster care, multiplier", Lo: 0.7, Hi: 1.3, Basis: "docs/model.md §4.1: ±30%", sets: scaleKeys(scaledKey{"costs.in_house_fixed", func(c *market.Config) float64 { return c.Costs.InHouseFixed }},
			scaledKey{"costs.in_house_variable", func(c *market.Config) float64 { return c.Costs.InHouseVariable }})},
		{Name: "costs.supported ×", Desc: "cF and cV of supported accommodation, multiplier", Lo: 0.6, Hi: 1.4, Basis: "docs/model.md §4.1: ±40%", sets: scaleKeys(scaledKey{"costs.supported_fixed", func(c *market.Config) float64 { return c.Costs.SupportedFixed }},
			scaledKey{"costs.supported_variable", func(c *market.Config) float64 { return c.Costs.SupportedVariable }})},
		{Name: "costs.o_ref.homes", Desc: "reference occupancy of homes", Lo: 0.75, Hi: 0.9, Basis: "docs/model.md §4.1: 0.80 (0.75–0.9)", sets: one("costs.o_ref.homes")},
		{Name: "costs.o_ref.foster", Desc: "reference occupancy of foster places", Lo: 0.55, Hi: 0.7, Basis: "docs/model.md §4.1: 0.62 (0.55–0.7)", sets: one("costs.o_ref.foster")},
		{Name: "costs.punreg ×", Desc: "unregistered price and waiting cost, multiplier", Lo: 0.7, Hi: 1.3, Basis: "docs/model.md §4.3: £7k/9k/15k, assumption ⚠ with no range: ±30% (our assumption)",
			sets: scaleKeys(scaledKey{"costs.punreg.standard", func(c *market.Config) float64 { return c.Costs.Punreg.Standard }},
				scaledKey{"costs.punreg.complex", func(c *market.Config) float64 { return c.Costs.Punreg.Complex }},
				scaledKey{"costs.punreg.very_complex", func(c *market.Config) float64 { return c.Costs.Punreg.VeryComplex }})},
		{Name: "demand.complex_growth", Desc: "relative growth a year of Complex and Very Complex starters", Lo: 0, Hi: 0.04, Basis: "docs/model.md §4.9: 2% (0–4%)", sets: one("demand.complex_growth")},
		{Name: "demand.arrival_trend", Desc: "growth of arrivals a year", Lo: -0.01, Hi: 0.015, Basis: "docs/model.md §4.9: 0 (−1% to +1.5%)", sets: one("demand.arrival_trend")},
		{Name: "finance.leverage.private_equity", Desc: "initial net debt ÷ EBITDA of private-equity providers", Lo: 4, Hi: 7, Basis: "docs/model.md §4.6: 5.5 (4–7)", sets: one("finance.leverage.private_equity")},
		{Name: "finance.leverage_spread", Desc: "σ of each for-profit provider's own leverage around its owner type's", Lo: 0, Hi: 0.5, Basis: "docs/model.md §4.6: 0.3 (0–0.5), assumption", sets: one("finance.leverage_spread")},
		{Name: "coop.delta", Desc: "co-op block-contract markup discount δ", Lo: 0.15, Hi: 0.45, Scenario: true, Basis: "docs/model.md §6: 0.3, no range: ±50% (our assumption)",
			tweak: func(sc *scenarios.Scenario, x float64) {
				for _, iv := range sc.Interventions {
					if c, ok := iv.(*scenarios.CoopCommissioning); ok {
						c.Delta = x
					}
				}
			}},
		{Name: "transparency.alpha ×", Desc: "cost over-statement α (0.10 without transparency, 0.02 with), multiplier", Lo: 0.5, Hi: 2, Scenario: true,
			Basis: "docs/model.md §6: α 0.10 and 0.02, assumption: ×0.5–2 (our assumption)",
			tweak: func(sc *scenarios.Scenario, x float64) {
				sc.Interventions = append(sc.Interventions, &alphaScale{factor: x})
			}},
	}
}

// alphaScale scales the cost over-statement α of docs/model.md §6 (with
// and without transparency) from the first reported week. It is how the
// robustness analysis samples α, which lives in market.Rules rather than
// in the configuration.
type alphaScale struct{ factor float64 }

func (a *alphaScale) Name() string                  { return fmt.Sprintf("alpha×%.3g", a.factor) }
func (a *alphaScale) StartWeek() int                { return 0 }
func (a *alphaScale) Touches() []string             { return []string{"TransparencyAlpha"} }
func (a *alphaScale) Clone() scenarios.Intervention { c := *a; return &c }
func (a *alphaScale) Apply(w *market.World) error {
	tr := &w.Rules.Transparency
	tr.Alpha *= a.factor
	tr.TransparentAlpha *= a.factor
	return nil
}

// LatinHypercube returns n points of a Latin hypercube in [0, 1]^k (gonum
// stat/samplemv), reproducible from seed.
func LatinHypercube(n, k int, seed uint64) [][]float64 {
	src := rand.NewPCG(seed, 0x1a71c0de)
	batch := mat.NewDense(n, k, nil)
	samplemv.LatinHypercube{Q: distmv.NewUnitUniform(k, nil), Src: src}.Sample(batch)
	out := make([][]float64, n)
	for i := range out {
		out[i] = mat.Row(nil, i, batch)
	}
	return out
}

// samplePoint returns the prior values of a point of the unit hypercube and
// the configuration they set on base (priors that act on scenarios are
// applied by applyScenarioPriors).
func samplePoint(base *market.Config, ps []Prior, u []float64) ([]float64, *market.Config, error) {
	xs := make([]float64, len(ps))
	var settings []Setting
	for i := range ps {
		xs[i] = ps[i].Value(u[i])
		if ps[i].sets != nil {
			settings = append(settings, ps[i].sets(base, xs[i])...)
		}
	}
	cfg, err := Apply(base, settings)
	return xs, cfg, err
}

func applyScenarioPriors(sc *scenarios.Scenario, ps []Prior, xs []float64) {
	for i := range ps {
		if ps[i].tweak != nil {
			ps[i].tweak(sc, xs[i])
		}
	}
}

// baselinePriors returns the priors that act on the baseline.
func baselinePriors() []Prior {
	var out []Prior
	for _, p := range Priors() {
		if !p.Scenario {
			out = append(out, p)
		}
	}
	return out
}
