package calibrate

import (
	"bytes"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/caremarket/caremarket/market"
)

// Setting is one market.Config value set by a parameter, named by its
// dotted yaml key (e.g. "pricing.kappa.private").
type Setting struct {
	Key   string
	Value float64
}

// Param is a fitted parameter: one number x within [Lo, Hi] that sets one or
// more market.Config values. The optimiser works on z = logit of x's
// position in [Lo, Hi] (of log x when Log is set), so every z is a valid x.
type Param struct {
	// Name is the parameter's name in reports, usually the yaml key it sets.
	Name string
	// Desc says what the parameter is and which keys it sets.
	Desc string
	// Lo and Hi bound the plausible range; Log maps it on a log scale.
	Lo, Hi float64
	Log    bool
	// Basis is where the range comes from.
	Basis string
	// Stage is 1 for demand parameters, 2 for market parameters.
	Stage int
	// Int marks a parameter written as a whole number.
	Int bool
	// Count marks a parameter that grows with the size of the market (the
	// arrival rate): a fit of a regional market scales Lo and Hi by the
	// region's share of children looked after.
	Count bool

	get  func(c *market.Config) float64
	sets func(c *market.Config, x float64) []Setting
}

// Get returns the parameter's value in c.
func (p *Param) Get(c *market.Config) float64 { return p.get(c) }

// Settings returns the config values that x sets, given the rest of c.
func (p *Param) Settings(c *market.Config, x float64) []Setting { return p.sets(c, x) }

// ToZ maps x in [Lo, Hi] to the optimiser's unbounded space. Values at or
// beyond a bound are pulled just inside it.
func (p *Param) ToZ(x float64) float64 {
	lo, hi := p.Lo, p.Hi
	x = min(max(x, lo), hi)
	if p.Log {
		lo, hi, x = math.Log(lo), math.Log(hi), math.Log(x)
	}
	u := (x - lo) / (hi - lo)
	const eps = 1e-4
	u = min(max(u, eps), 1-eps)
	return math.Log(u / (1 - u))
}

// FromZ maps z back to [Lo, Hi].
func (p *Param) FromZ(z float64) float64 {
	u := 1 / (1 + math.Exp(-z))
	lo, hi := p.Lo, p.Hi
	var x float64
	if p.Log {
		x = math.Exp(math.Log(lo) + u*(math.Log(hi)-math.Log(lo)))
	} else {
		x = lo + u*(hi-lo)
	}
	if p.Int {
		x = math.Round(x)
	}
	return min(max(x, lo), hi)
}

// docs/model.md §4.4 breakdown hazards, of which the fitted level is a multiple.
const (
	modelFosterHazard = 0.004
	modelHomesHazard  = 0.006
)

// nfpKappaShare is the not-for-profit κ as a share of the for-profit κ
// (docs/model.md §4.3: 0.1 against 0.5).
const nfpKappaShare = 0.2

// uascPsiRatio is ψ for UASC aged 16–17 in foster care over ψ for other
// 16–17-year-olds (docs/model.md §4.2: £1,000 against £500).
const uascPsiRatio = 2

func one(key string) func(*market.Config, float64) []Setting {
	return func(_ *market.Config, x float64) []Setting { return []Setting{{key, x}} }
}

// DemandParams returns the stage-1 parameters: the arrival rate and the
// lognormal episode length, which set the stock, the flows and the share of
// short stays and which no market parameter moves.
func DemandParams() []Param {
	return []Param{
		{Name: "demand.starters_per_year", Desc: "children starting to be looked after a year in England",
			Lo: 28000, Hi: 38000, Basis: "published 33,000 (2022/23) and 33,050 (2023/24) ± 15%", Stage: 1, Count: true,
			get: func(c *market.Config) float64 { return c.Demand.StartersPerYear }, sets: one("demand.starters_per_year")},
		{Name: "demand.episode_mu", Desc: "μ of the lognormal episode length in weeks (before the cap at 18)",
			Lo: 3.5, Hi: 5.5, Basis: "docs/model.md §4.9 μ ≈ 4.5 (uncapped mean 7.3 years); ±1", Stage: 1,
			get: func(c *market.Config) float64 { return c.Demand.EpisodeMu }, sets: one("demand.episode_mu")},
		{Name: "demand.episode_sigma", Desc: "σ of the lognormal episode length",
			Lo: 1.0, Hi: 2.6, Basis: "docs/model.md §4.9 σ ≈ 1.7; long-tailed stays (docs/data.md: 14% of leavers 5–10 years)", Stage: 1,
			get: func(c *market.Config) float64 { return c.Demand.EpisodeSigma }, sets: one("demand.episode_sigma")},
	}
}

// MarketParams returns the stage-2 parameters (eleven): acceptance scales
// and ψ for 16–17-year-olds (placement mix), the Complex share of starters
// (children's homes share, prices, spend), the breakdown level (placement
// stability), κ (prices), η (the price path of history-2019) and the
// investment responses γ and ν (growth of home places, single-home
// providers).
func MarketParams() []Param {
	words := map[string]string{"foster_in_house": "council foster care", "foster_ifa": "agency foster care",
		"childrens_home": "children's homes", "supported": "supported accommodation"}
	scale := func(lo, hi float64, name, basis string, get func(c *market.Config) float64) Param {
		return Param{Name: "matching.acceptance_scale." + name, Desc: "scale of the offer probabilities of " + words[name],
			Lo: lo, Hi: hi, Log: true, Basis: basis, Stage: 2, get: get, sets: one("matching.acceptance_scale." + name)}
	}
	return []Param{
		scale(0.005, 0.5, "foster_in_house", "docs/model.md §4.2: far below the 0.7 shape at England scale (prototype ≈ 0.05); 0.005–0.5",
			func(c *market.Config) float64 { return c.Matching.AcceptanceScale.FosterInHouse }),
		scale(0.005, 0.5, "foster_ifa", "as in-house foster care",
			func(c *market.Config) float64 { return c.Matching.AcceptanceScale.FosterIFA }),
		scale(0.02, 1, "childrens_home", "shape 0.9/0.6/0.3 scaled down as foster care; 0.02–1",
			func(c *market.Config) float64 { return c.Matching.AcceptanceScale.ChildrensHome }),
		scale(0.02, 1, "supported", "as children's homes",
			func(c *market.Config) float64 { return c.Matching.AcceptanceScale.Supported }),
		{Name: "matching.psi.older_foster", Desc: "ψ, £ a week, for a 16–17-year-old in foster care (UASC: twice this, as the original specification's £1,000 to £500)",
			Lo: 0, Hi: 3000, Basis: "docs/model.md §4.2 £500 (UASC £1,000), assumption; 0–3,000", Stage: 2,
			get: func(c *market.Config) float64 { return c.Matching.Psi.OlderFoster },
			sets: func(_ *market.Config, x float64) []Setting {
				return []Setting{{"matching.psi.older_foster", x}, {"matching.psi.older_foster_uasc", uascPsiRatio * x}}
			}},
		{Name: "demand.tiers.complex", Desc: "Complex share of starters (Very Complex kept at its prior; Standard the rest)",
			Lo: 0.10, Hi: 0.35, Basis: "docs/model.md §2: 20% (assumption, fitted through the mix); 10–35%", Stage: 2,
			get: func(c *market.Config) float64 { return c.Demand.Tiers.Complex },
			sets: func(c *market.Config, x float64) []Setting {
				return []Setting{{"demand.tiers.complex", x}, {"demand.tiers.standard", 1 - x - c.Demand.Tiers.VeryComplex}}
			}},
		{Name: "breakdowns.level", Desc: "breakdown hazards as a multiple of the original specification's 0.4% (foster) and 0.6% (homes, supported) a week",
			Lo: 0.25, Hi: 5, Log: true, Basis: "docs/model.md §4.4 (assumption; level fitted to stability); ×0.25–5", Stage: 2,
			get: func(c *market.Config) float64 { return c.Breakdowns.Foster / modelFosterHazard },
			sets: func(_ *market.Config, x float64) []Setting {
				return []Setting{{"breakdowns.foster", modelFosterHazard * x}, {"breakdowns.homes", modelHomesHazard * x}}
			}},
		{Name: "pricing.kappa", Desc: "bargaining share κ of private-equity and private providers (not-for-profit: a fifth of it)",
			Lo: 0.02, Hi: 0.8, Basis: "docs/model.md §4.3: 0.5 (range 0.1–0.8); NFP 0.1, kept at a fifth", Stage: 2,
			get: func(c *market.Config) float64 { return c.Pricing.Kappa.PrivateEquity },
			sets: func(_ *market.Config, x float64) []Setting {
				return []Setting{{"pricing.kappa.private_equity", x}, {"pricing.kappa.private", x}, {"pricing.kappa.not_for_profit", nfpKappaShare * x}}
			}},
		{Name: "pricing.scarcity", Desc: "η, how strongly providers' markups rise with the local tightness of their setting",
			Lo: 0, Hi: 3, Basis: "docs/model.md §4.3: 1.0, assumption (0–3); identified by the 2019/20 to 2023/24 price path of history-2019 with the 2023 price level", Stage: 2,
			get: func(c *market.Config) float64 { return c.Pricing.Scarcity }, sets: one("pricing.scarcity")},
		{Name: "investment.gamma", Desc: "γ, builds per unit of excess return a region-quarter",
			Lo: 0.001, Hi: 0.3, Log: true, Basis: "docs/model.md §4.5 (fitted to the growth of places); 0.001–0.3", Stage: 2,
			get: func(c *market.Config) float64 { return c.Investment.Gamma }, sets: one("investment.gamma")},
		{Name: "investment.nu", Desc: "ν, single-home entrants per unit of excess return a region-quarter",
			Lo: 0.02, Hi: 5, Log: true, Basis: "docs/model.md §4.5 (fitted to single-home providers); 0.02–5", Stage: 2,
			get: func(c *market.Config) float64 { return c.Investment.Nu }, sets: one("investment.nu")},
	}
}

// Apply returns a copy of base with the settings applied. The copy shares
// base's slices (regions, councils, co-ops), which settings never touch.
func Apply(base *market.Config, settings []Setting) (*market.Config, error) {
	c := *base
	if len(settings) == 0 {
		return &c, nil
	}
	b, err := OverridesYAML(settings)
	if err != nil {
		return nil, err
	}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&c); err != nil {
		return nil, fmt.Errorf("calibrate: applying %s: %w", settingKeys(settings), err)
	}
	if err := checkApplied(&c, settings); err != nil {
		return nil, err
	}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	return &c, nil
}

// checkApplied verifies that every setting reads back from c as set: a
// value the field cannot hold (e.g. 4.5 for a whole number of weeks) is an
// error, not a silent truncation.
func checkApplied(c *market.Config, settings []Setting) error {
	b, err := yaml.Marshal(c)
	if err != nil {
		return err
	}
	var doc map[string]any
	if err := yaml.Unmarshal(b, &doc); err != nil {
		return err
	}
	for _, s := range settings {
		var v any = doc
		for _, part := range strings.Split(s.Key, ".") {
			m, ok := v.(map[string]any)
			if !ok {
				v = nil
				break
			}
			v = m[part]
		}
		var got float64
		switch x := v.(type) {
		case int:
			got = float64(x)
		case float64:
			got = x
		default:
			return &market.FieldError{Field: s.Key, Value: s.Value, Allowed: "a numeric market.Config key"}
		}
		if got != s.Value && math.Abs(got-s.Value) > 1e-12*math.Abs(s.Value) {
			return &market.FieldError{Field: s.Key, Value: s.Value, Allowed: fmt.Sprintf("a value the field can hold (it reads back as %v: a whole number?)", got)}
		}
	}
	return nil
}

func settingKeys(s []Setting) string {
	keys := make([]string, len(s))
	for i, x := range s {
		keys[i] = x.Key
	}
	return strings.Join(keys, ", ")
}

// OverridesYAML encodes settings as a nested yaml mapping of market.Config
// keys, sorted by key (deterministic). Whole numbers are written as
// integers, so that integer fields decode.
func OverridesYAML(settings []Setting) ([]byte, error) {
	root := &yaml.Node{Kind: yaml.MappingNode}
	sorted := slices.Clone(settings)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Key < sorted[j].Key })
	for _, s := range sorted {
		if math.IsNaN(s.Value) || math.IsInf(s.Value, 0) {
			return nil, &market.FieldError{Field: s.Key, Value: s.Value, Allowed: "a finite number"}
		}
		parts := strings.Split(s.Key, ".")
		n := root
		for i, part := range parts {
			if part == "" {
				return nil, &market.FieldError{Field: s.Key, Value: s.Value, Allowed: "a dotted market.Config yaml key"}
			}
			var child *yaml.Node
			for k := 0; k+1 < len(n.Content); k += 2 {
				if n.Content[k].Value == part {
					child = n.Content[k+1]
				}
			}
			last := i == len(parts)-1
			if child == nil {
				child = &yaml.Node{Kind: yaml.MappingNode}
				if last {
					child = &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!float", Value: formatValue(s.Value)}
					if s.Value == math.Trunc(s.Value) && math.Abs(s.Value) < 1e15 {
						child.Tag = "!!int"
					}
				}
				n.Content = append(n.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: part}, child)
			} else if last || child.Kind != yaml.MappingNode {
				return nil, &market.FieldError{Field: s.Key, Value: s.Value, Allowed: "each key set once, and not inside another key's value"}
			}
			n = child
		}
	}
	return yaml.Marshal(root)
}

// formatValue writes v exactly (the shortest representation that reads
// back as v); whole numbers without a decimal point.
func formatValue(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return strconv.FormatFloat(v, 'f', 0, 64)
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

// Round6 rounds v to 6 significant digits, as written to calibration.yaml.
func Round6(v float64) float64 {
	if v == 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return v
	}
	out, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 6, 64), 64)
	return out
}

// scaled returns ps with the bounds of count parameters multiplied by
// scale (the market's size relative to England).
func scaled(ps []Param, scale float64) []Param {
	out := slices.Clone(ps)
	for i := range out {
		if out[i].Count {
			out[i].Lo *= scale
			out[i].Hi *= scale
		}
	}
	return out
}

// paramSettings returns the settings of every parameter at xs, given base.
func paramSettings(base *market.Config, ps []Param, xs []float64) []Setting {
	var out []Setting
	for i := range ps {
		out = append(out, ps[i].sets(base, xs[i])...)
	}
	return out
}
