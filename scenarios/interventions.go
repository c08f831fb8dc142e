package scenarios

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/caremarket/caremarket/agents"
	"github.com/caremarket/caremarket/market"
)

// Rule names, as listed by Intervention.Touches.
const (
	RuleProfitCap    = "ProfitCap"
	RulePriceCap     = "PriceCap"
	RuleWindfall     = "Windfall"
	RuleTransparency = "Transparency"
	RuleOversight    = "Oversight"
	RuleCoop         = "Coop"
	RuleNFP          = "NFP"
	RuleInHouseBuild = "InHouseBuild"
	RuleFoster       = "Foster"
	RuleUnregistered = "Unregistered"
	RuleBaseRate     = "BaseRate"
)

// Start is the start of an intervention, in weeks from the first reported
// week (0 is April of the first year; 52 is a year later). Embed it in an
// intervention to get StartWeek.
type Start struct {
	Week int `yaml:"start_week"`
}

// StartWeek returns the week the intervention starts.
func (s Start) StartWeek() int { return s.Week }

// checkRange returns the error of a parameter x outside [lo, hi] (or NaN),
// or nil.
func checkRange(field string, x, lo, hi float64) error {
	if math.IsNaN(x) || x < lo || x > hi {
		return &market.FieldError{Field: field, Value: x, Allowed: fmt.Sprintf("allowed %g to %g", lo, hi)}
	}
	return nil
}

// checkInt returns the error of a whole-number parameter x outside
// [lo, hi], or nil.
func checkInt(field string, x, lo, hi int) error {
	if x < lo || x > hi {
		return &market.FieldError{Field: field, Value: x, Allowed: fmt.Sprintf("allowed %d to %d", lo, hi)}
	}
	return nil
}

// regionIndices resolves region names for w, naming the field on error.
func regionIndices(w *market.World, field string, names []string) ([]int, error) {
	out := make([]int, 0, len(names))
	for _, n := range names {
		i, err := w.RegionIndex(n)
		if err != nil {
			return nil, &market.FieldError{Field: field, Value: n, Allowed: "a region name: " + strings.Join(w.Regions(), ", ")}
		}
		out = append(out, i)
	}
	return out, nil
}

// ProfitCap caps for-profit operating margins (docs/model.md §6). In mode
// "PriceCeiling", new quotes are capped at ĉ_reported/(1 − rate) and ongoing
// prices above that are cut in equal steps over the next PhaseInYears
// Aprils; in mode "Clawback" each April providers repay
// max(0, profit − rate·revenue) to councils and quotes are unchanged, but
// investment looks at after-clawback profit. Without Transparency providers
// over-report costs (α 0.10) and shift half of excess profit into costs, which
// blunts the cap; a price ceiling without transparency is allowed and warns.
//
// With Reserve set the cap is a backstop held in reserve: it comes into force
// only if the for-profit margin over the last four quarters exceeds Trigger.
type ProfitCap struct {
	Start `yaml:",inline"`
	// Rate is the margin cap, 0 to 0.5 (default 0.10).
	Rate float64 `yaml:"rate"`
	// Mode is "PriceCeiling" (default) or "Clawback".
	Mode string `yaml:"mode"`
	// PhaseInYears is the number of Aprils over which ongoing prices are
	// brought under a ceiling, 0 to 10 (default 2; 0 cuts at the first April).
	PhaseInYears int `yaml:"phase_in_years"`
	// Transparency makes every provider report costs transparently
	// (α 0.02, α_shift 0.1) from the start week (default true).
	Transparency bool `yaml:"transparency"`
	// Reserve holds the cap in reserve until the for-profit margin over the
	// last four quarters exceeds Trigger (0 to 1, default 0.25).
	Reserve bool    `yaml:"reserve"`
	Trigger float64 `yaml:"trigger"`
}

// NewProfitCap returns a 10% price-ceiling profit cap with transparency,
// phased in over 2 years, starting at week start.
func NewProfitCap(start int) *ProfitCap {
	return &ProfitCap{Start: Start{start}, Rate: 0.10, Mode: "PriceCeiling", PhaseInYears: 2, Transparency: true, Trigger: 0.25}
}

// Name implements market.Intervention.
func (p *ProfitCap) Name() string {
	if p.Reserve {
		return fmt.Sprintf("ProfitCap(%s %.0f%%, in reserve above %.0f%%)", p.Mode, 100*p.Rate, 100*p.Trigger)
	}
	return fmt.Sprintf("ProfitCap(%s %.0f%%)", p.Mode, 100*p.Rate)
}

// Touches implements Intervention.
func (p *ProfitCap) Touches() []string {
	if p.Transparency {
		return []string{RuleProfitCap, RuleTransparency}
	}
	return []string{RuleProfitCap}
}

func (p *ProfitCap) mode() (market.ProfitCapMode, error) {
	switch strings.ToLower(p.Mode) {
	case "priceceiling", "price_ceiling", "ceiling", "":
		return market.PriceCeiling, nil
	case "clawback":
		return market.Clawback, nil
	}
	return 0, &market.FieldError{Field: "mode", Value: p.Mode, Allowed: "PriceCeiling or Clawback"}
}

// Validate checks the parameters.
func (p *ProfitCap) Validate() error {
	_, modeErr := p.mode()
	return errors.Join(
		checkRange("rate", p.Rate, 0, 0.5),
		checkInt("phase_in_years", p.PhaseInYears, 0, 10),
		checkRange("trigger", p.Trigger, 0, 1), // checked even when not in reserve, so a file's mistake shows
		modeErr)
}

// Apply implements market.Intervention.
func (p *ProfitCap) Apply(w *market.World) error {
	if err := p.Validate(); err != nil {
		return err
	}
	if p.Transparency {
		w.SetTransparency()
	}
	if p.Reserve {
		return nil // Step puts it in force if the trigger is reached
	}
	return p.enact(w)
}

func (p *ProfitCap) enact(w *market.World) error {
	mode, _ := p.mode()
	w.SetProfitCap(mode, p.Rate, p.PhaseInYears)
	if mode == market.PriceCeiling && !w.Rules.Transparency.All {
		w.Warn("a profit-cap price ceiling without financial transparency: providers over-report costs, so the ceiling sits above the intended margin")
	}
	return nil
}

// Step implements market.Stepper: a cap in reserve comes into force when the
// for-profit margin over the last four quarters exceeds the trigger. It keeps
// no state of its own (the world's rules record that the cap is in force), so
// one ProfitCap may serve many runs at once.
func (p *ProfitCap) Step(w *market.World) error {
	if !p.Reserve || w.Rules.ProfitCap.Active || (w.Week()+1)%agents.WeeksPerQuarter != 0 {
		return nil
	}
	if m := w.TrailingMargin(true); m > p.Trigger {
		w.Warn("the reserve profit cap came into force in week %d: the for-profit margin over four quarters was %.1f%%", w.ReportedWeek(), 100*m)
		return p.enact(w)
	}
	return nil
}

// PriceCap sets weekly ceilings on new quotes by setting and tier (docs/model.md
// §6). A tier's ceiling of 0 means no ceiling. Ongoing placements
// keep their prices; unregistered placements are outside the cap.
type PriceCap struct {
	Start `yaml:",inline"`
	// ChildrensHome, FosterIFA and Supported are £ a week by tier.
	ChildrensHome market.ByTier `yaml:"childrens_home"`
	FosterIFA     market.ByTier `yaml:"foster_ifa"`
	Supported     market.ByTier `yaml:"supported"`
}

// NewPriceCap returns price caps about 10% below 2023/24 spot prices by tier
// (assumption): homes £5,000/£6,500/£11,000, agency foster £850 and
// supported £1,400 for Standard and Complex children.
func NewPriceCap(start int) *PriceCap {
	return &PriceCap{Start: Start{start},
		ChildrensHome: market.ByTier{Standard: 5000, Complex: 6500, VeryComplex: 11000},
		FosterIFA:     market.ByTier{Standard: 850, Complex: 850},
		Supported:     market.ByTier{Standard: 1400, Complex: 1400},
	}
}

// Name implements market.Intervention.
func (p *PriceCap) Name() string { return "PriceCap" }

// Touches implements Intervention.
func (p *PriceCap) Touches() []string { return []string{RulePriceCap} }

// Validate checks the parameters.
func (p *PriceCap) Validate() error {
	var errs []error
	for _, s := range []struct {
		name string
		b    market.ByTier
	}{{"childrens_home", p.ChildrensHome}, {"foster_ifa", p.FosterIFA}, {"supported", p.Supported}} {
		errs = append(errs, checkRange(s.name+".standard", s.b.Standard, 0, 1e6),
			checkRange(s.name+".complex", s.b.Complex, 0, 1e6),
			checkRange(s.name+".very_complex", s.b.VeryComplex, 0, 1e6))
	}
	return errors.Join(errs...)
}

// Apply implements market.Intervention.
func (p *PriceCap) Apply(w *market.World) error {
	if err := p.Validate(); err != nil {
		return err
	}
	var ceiling [agents.NumSettings][agents.NumTiers]float64
	for t := agents.Tier(0); t < agents.NumTiers; t++ {
		ceiling[agents.ChildrensHome][t] = p.ChildrensHome.At(t)
		ceiling[agents.FosterIFA][t] = p.FosterIFA.At(t)
		ceiling[agents.Supported][t] = p.Supported.At(t)
	}
	w.SetPriceCap(ceiling)
	return nil
}

// WindfallTax taxes τ·max(0, profit − θ·revenue) each April from providers with
// revenue above Threshold (docs/model.md §6); investment looks at after-tax
// profit and receipts are reported.
type WindfallTax struct {
	Start               `yaml:",inline"`
	market.WindfallRule `yaml:",inline"` // tau, theta, threshold
}

// NewWindfallTax returns the default windfall tax (τ 0.25, θ 0.10, S £50m).
func NewWindfallTax(start int) *WindfallTax {
	return &WindfallTax{Start: Start{start}, WindfallRule: market.WindfallRule{Tau: 0.25, Theta: 0.10, Threshold: 50e6}}
}

// Name implements market.Intervention.
func (t *WindfallTax) Name() string {
	return fmt.Sprintf("WindfallTax(%.0f%% above %.0f%%)", 100*t.Tau, 100*t.Theta)
}

// Touches implements Intervention.
func (t *WindfallTax) Touches() []string { return []string{RuleWindfall} }

// Validate checks the parameters.
func (t *WindfallTax) Validate() error {
	return errors.Join(
		checkRange("tau", t.Tau, 0, 1),
		checkRange("theta", t.Theta, 0, 1),
		checkRange("threshold", t.Threshold, 0, 1e12),
	)
}

// Apply implements market.Intervention.
func (t *WindfallTax) Apply(w *market.World) error {
	if err := t.Validate(); err != nil {
		return err
	}
	w.SetWindfall(t.WindfallRule)
	return nil
}

// NFPEntry funds not-for-profit providers to open Homes new children's homes
// over Years years, sited in the regions with most children waiting per
// 10,000 (or only in Regions when given). The grant pays the capital; the
// homes take the kind most needed there, price with not-for-profit terms,
// and face the same workforce and registration limits (docs/model.md §6).
type NFPEntry struct {
	Start   `yaml:",inline"`
	Homes   int      `yaml:"homes"`   // homes funded, 1 to 10,000 (default 200)
	Years   float64  `yaml:"years"`   // years over which they are commissioned, 0.25 to 50 (default 5)
	Regions []string `yaml:"regions"` // optional: regions to site them in
}

// NewNFPEntry returns funding for 200 NFP homes over 5 years.
func NewNFPEntry(start int) *NFPEntry { return &NFPEntry{Start: Start{start}, Homes: 200, Years: 5} }

// Name implements market.Intervention.
func (n *NFPEntry) Name() string {
	return fmt.Sprintf("NFPEntry(%d homes over %g years)", n.Homes, n.Years)
}

// Touches implements Intervention.
func (n *NFPEntry) Touches() []string { return []string{RuleNFP} }

// Validate checks the parameters.
func (n *NFPEntry) Validate() error { return validateProgram(n.Homes, n.Years) }

// Apply implements market.Intervention.
func (n *NFPEntry) Apply(w *market.World) error {
	if err := n.Validate(); err != nil {
		return err
	}
	return startProgram(w, false, n.Homes, n.Years, n.Regions)
}

// validateProgram checks the size and length of a programme of new
// children's homes (NFPEntry, InHouseBuild).
func validateProgram(homes int, years float64) error {
	return errors.Join(
		checkInt("homes", homes, 1, 10000),
		checkRange("years", years, 0.25, 50),
	)
}

// startProgram starts a programme of homes new children's homes over
// years, councils' own (inHouse) or not-for-profit, in the named regions
// (every region when none is named).
func startProgram(w *market.World, inHouse bool, homes int, years float64, regions []string) error {
	regs, err := regionIndices(w, "regions", regions)
	if err != nil {
		return err
	}
	w.StartProgram(inHouse, homes, int(math.Round(years*agents.WeeksPerYear)), regs)
	return nil
}

// CoopCommissioning makes councils commission through regional
// co-operatives (docs/model.md §6). Layout "regions" gives one co-op per
// region, "pathfinders" the Greater Manchester and South East pathfinders;
// Coops, when not empty, keeps only the named co-ops of the layout. Four
// switches can be set apart: pooled search of members' in-house places,
// buyer power, block contracts, and forecasting.
type CoopCommissioning struct {
	Start  `yaml:",inline"`
	Layout string   `yaml:"layout"` // "regions" (default) or "pathfinders"
	Coops  []string `yaml:"coops"`  // optional: names of the layout's co-ops to form
	// The switches (default all true).
	PooledSearch   bool `yaml:"pooled_search"`
	BuyerPower     bool `yaml:"buyer_power"`
	BlockContracts bool `yaml:"block_contracts"`
	Forecasting    bool `yaml:"forecasting"`
	// Q is the share of forecast demand offered as block places (0 to 1,
	// default 0.5); Delta the markup discount δ of the block price (0 to 1,
	// 0.3); DeltaAccept the discount a provider accepts against its own spot
	// yield (0 to 1, 0.1); TermYears the block term (1 to 10, 3).
	Q           float64 `yaml:"q"`
	Delta       float64 `yaml:"delta"`
	DeltaAccept float64 `yaml:"delta_accept"`
	TermYears   int     `yaml:"term_years"`
	// RunningCost is each co-op's running cost a year (default £0.9m) and
	// Capital its one-off capital (default £5m); both count in spend.
	RunningCost float64 `yaml:"running_cost"`
	Capital     float64 `yaml:"capital"`
}

// NewCoopCommissioning returns one co-op per region with every switch on.
func NewCoopCommissioning(start int) *CoopCommissioning {
	return &CoopCommissioning{Start: Start{start}, Layout: "regions", PooledSearch: true, BuyerPower: true, BlockContracts: true, Forecasting: true,
		Q: 0.5, Delta: 0.3, DeltaAccept: 0.1, TermYears: 3, RunningCost: 0.9e6, Capital: 5e6}
}

// Name implements market.Intervention.
func (c *CoopCommissioning) Name() string {
	var on []string
	for _, s := range []struct {
		n  string
		ok bool
	}{{"pooled", c.PooledSearch}, {"buyer", c.BuyerPower}, {"block", c.BlockContracts}, {"forecast", c.Forecasting}} {
		if s.ok {
			on = append(on, s.n)
		}
	}
	return fmt.Sprintf("CoopCommissioning(%s: %s)", c.Layout, strings.Join(on, "+"))
}

// Touches implements Intervention.
func (c *CoopCommissioning) Touches() []string { return []string{RuleCoop} }

// Validate checks the parameters.
func (c *CoopCommissioning) Validate() error {
	var layout error
	if c.Layout != "regions" && c.Layout != "pathfinders" {
		layout = &market.FieldError{Field: "layout", Value: c.Layout, Allowed: "regions or pathfinders"}
	}
	return errors.Join(layout,
		checkRange("q", c.Q, 0, 1),
		checkRange("delta", c.Delta, 0, 1),
		checkRange("delta_accept", c.DeltaAccept, 0, 1),
		checkInt("term_years", c.TermYears, 1, 10),
		checkRange("running_cost", c.RunningCost, 0, 1e9),
		checkRange("capital", c.Capital, 0, 1e10))
}

// Apply implements market.Intervention.
func (c *CoopCommissioning) Apply(w *market.World) error {
	if err := c.Validate(); err != nil {
		return err
	}
	cfg := w.Config()
	var coops []agents.Coop
	found := map[string]bool{}
	for _, spec := range cfg.Coops {
		if spec.Layout != c.Layout {
			continue
		}
		if len(c.Coops) > 0 && !contains(c.Coops, spec.Name) {
			continue
		}
		found[spec.Name] = true
		if len(spec.Members) == 0 {
			continue // nobody to commission for
		}
		cp := agents.Coop{Name: spec.Name}
		for _, code := range spec.Members {
			i, err := w.CouncilIndex(code)
			if err != nil {
				return &market.FieldError{Field: "coops (" + spec.Name + ")", Value: code, Allowed: "a council code of the configuration"}
			}
			cp.Members = append(cp.Members, i)
		}
		coops = append(coops, cp)
	}
	for _, n := range c.Coops {
		if !found[n] {
			var names []string
			for _, spec := range cfg.Coops {
				if spec.Layout == c.Layout {
					names = append(names, spec.Name)
				}
			}
			return &market.FieldError{Field: "coops", Value: n, Allowed: "a co-op of layout " + c.Layout + ": " + strings.Join(names, ", ")}
		}
	}
	if len(coops) == 0 {
		return &market.FieldError{Field: "layout", Value: c.Layout, Allowed: "a layout with co-ops in the configuration's coops table"}
	}
	return w.SetCoopCommissioning(market.CoopRule{PooledSearch: c.PooledSearch, BuyerPower: c.BuyerPower, BlockContracts: c.BlockContracts,
		Forecasting: c.Forecasting, Q: c.Q, Delta: c.Delta, DeltaAccept: c.DeltaAccept, TermYears: c.TermYears,
		RunningCost: c.RunningCost, Capital: c.Capital}, coops)
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// FinancialOversight brings providers with at least MinUnits units (homes
// and schemes plus 0.1 × foster households) under financial oversight: they
// report their finances (transparent costs) and their exits are orderly —
// homes pass to the best-capitalised regional provider or the council and no
// child moves (docs/model.md §6). It matters when a stressor makes large
// providers fail; pair it with one to see it.
type FinancialOversight struct {
	Start    `yaml:",inline"`
	MinUnits float64 `yaml:"min_units"` // units that bring a provider under oversight, 1 to 10,000 (default 20)
}

// NewFinancialOversight returns oversight of providers with 20+ units.
func NewFinancialOversight(start int) *FinancialOversight {
	return &FinancialOversight{Start: Start{start}, MinUnits: 20}
}

// Name implements market.Intervention.
func (f *FinancialOversight) Name() string {
	return fmt.Sprintf("FinancialOversight(%g+ units)", f.MinUnits)
}

// Touches implements Intervention.
func (f *FinancialOversight) Touches() []string { return []string{RuleOversight} }

// Validate checks the parameters.
func (f *FinancialOversight) Validate() error {
	return errors.Join(checkRange("min_units", f.MinUnits, 1, 10000))
}

// Apply implements market.Intervention.
func (f *FinancialOversight) Apply(w *market.World) error {
	if err := f.Validate(); err != nil {
		return err
	}
	w.SetOversight(f.MinUnits)
	return nil
}

// RateShock is a stress, not a policy: the base rate rises by Points
// percentage points at its start week and stays there. Providers pay the
// higher rate on their net debt from their next refinancing (every
// finance.refinance_years, staggered), so the shock reaches leveraged
// providers' interest costs over a few years (docs/model.md §4.6).
type RateShock struct {
	Start  `yaml:",inline"`
	Points float64 `yaml:"points"` // rise in the base rate, percentage points (a fall if negative; default 3)
}

// NewRateShock returns a rise of 3 points in the base rate from start.
func NewRateShock(start int) *RateShock {
	return &RateShock{Start: Start{start}, Points: 3}
}

// Name implements market.Intervention.
func (r *RateShock) Name() string { return fmt.Sprintf("RateShock(%+g points)", r.Points) }

// Touches implements Intervention.
func (r *RateShock) Touches() []string { return []string{RuleBaseRate} }

// Validate checks the parameters.
func (r *RateShock) Validate() error {
	return errors.Join(checkRange("points", r.Points, -5, 20))
}

// Apply implements market.Intervention.
func (r *RateShock) Apply(w *market.World) error {
	if err := r.Validate(); err != nil {
		return err
	}
	w.SetBaseRateRise(r.Points / 100)
	return nil
}

// FosterRecruitment adds Extra foster-household approvals over Years years
// and changes council foster allowances by AllowanceRatio, through the
// recruitment and logit rules of docs/model.md §4.7.
type FosterRecruitment struct {
	Start          `yaml:",inline"`
	Extra          float64 `yaml:"extra"`           // extra approvals, 0 to 1,000,000 (default 9,000)
	Years          float64 `yaml:"years"`           // years over which they come, 0.25 to 50 (default 3)
	AllowanceRatio float64 `yaml:"allowance_ratio"` // council allowance relative to now, 0.5 to 3 (default 1)
}

// NewFosterRecruitment returns 9,000 extra carers over 3 years.
func NewFosterRecruitment(start int) *FosterRecruitment {
	return &FosterRecruitment{Start: Start{start}, Extra: 9000, Years: 3, AllowanceRatio: 1}
}

// Name implements market.Intervention.
func (f *FosterRecruitment) Name() string {
	return fmt.Sprintf("FosterRecruitment(%.0f over %g years)", f.Extra, f.Years)
}

// Touches implements Intervention.
func (f *FosterRecruitment) Touches() []string { return []string{RuleFoster} }

// Validate checks the parameters.
func (f *FosterRecruitment) Validate() error {
	return errors.Join(
		checkRange("extra", f.Extra, 0, 1e6),
		checkRange("years", f.Years, 0.25, 50),
		checkRange("allowance_ratio", f.AllowanceRatio, 0.5, 3),
	)
}

// Apply implements market.Intervention.
func (f *FosterRecruitment) Apply(w *market.World) error {
	if err := f.Validate(); err != nil {
		return err
	}
	w.StartFosterDrive(f.Extra, int(math.Round(f.Years*agents.WeeksPerYear)), f.AllowanceRatio)
	return nil
}

// InHouseBuild funds councils to open Homes homes of their own over Years
// years (at council hurdle and μ = 0), sited in the regions with most
// children waiting per 10,000 and, within a region, at the council with most
// children waiting, unregistered or placed over 20 miles away.
type InHouseBuild struct {
	Start   `yaml:",inline"`
	Homes   int      `yaml:"homes"`   // homes funded, 1 to 10,000 (default 100)
	Years   float64  `yaml:"years"`   // 0.25 to 50 (default 5)
	Regions []string `yaml:"regions"` // optional: regions to build in
}

// NewInHouseBuild returns funding for 100 council homes over 5 years.
func NewInHouseBuild(start int) *InHouseBuild {
	return &InHouseBuild{Start: Start{start}, Homes: 100, Years: 5}
}

// Name implements market.Intervention.
func (b *InHouseBuild) Name() string {
	return fmt.Sprintf("InHouseBuild(%d homes over %g years)", b.Homes, b.Years)
}

// Touches implements Intervention.
func (b *InHouseBuild) Touches() []string { return []string{RuleInHouseBuild} }

// Validate checks the parameters.
func (b *InHouseBuild) Validate() error { return validateProgram(b.Homes, b.Years) }

// Apply implements market.Intervention.
func (b *InHouseBuild) Apply(w *market.World) error {
	if err := b.Validate(); err != nil {
		return err
	}
	return startProgram(w, true, b.Homes, b.Years, b.Regions)
}

// UnregisteredBan acts on unregistered placements (docs/model.md §6). In
// mode "Ban" there is no unregistered fallback: children wait, at waiting
// cost. In mode "Enforce" a fine of Fine £ a week is added to the
// unregistered price. Both raise the conversion of unregistered settings to
// registered homes to ConversionRate a year.
type UnregisteredBan struct {
	Start          `yaml:",inline"`
	Mode           string  `yaml:"mode"`            // "Ban" (default) or "Enforce"
	Fine           float64 `yaml:"fine"`            // £ a week under Enforce, 0 to 1e6 (default 2,000)
	ConversionRate float64 `yaml:"conversion_rate"` // share a year, 0 to 1 (default 0.05)
}

// NewUnregisteredBan returns a ban with 5% conversion a year.
func NewUnregisteredBan(start int) *UnregisteredBan {
	return &UnregisteredBan{Start: Start{start}, Mode: "Ban", Fine: 2000, ConversionRate: 0.05}
}

// Name implements market.Intervention.
func (u *UnregisteredBan) Name() string { return "UnregisteredBan(" + u.Mode + ")" }

// Touches implements Intervention.
func (u *UnregisteredBan) Touches() []string { return []string{RuleUnregistered} }

// Validate checks the parameters.
func (u *UnregisteredBan) Validate() error {
	var mode error
	if u.Mode != "Ban" && u.Mode != "Enforce" {
		mode = &market.FieldError{Field: "mode", Value: u.Mode, Allowed: "Ban or Enforce"}
	}
	return errors.Join(mode,
		checkRange("fine", u.Fine, 0, 1e6),
		checkRange("conversion_rate", u.ConversionRate, 0, 1))
}

// Apply implements market.Intervention.
func (u *UnregisteredBan) Apply(w *market.World) error {
	if err := u.Validate(); err != nil {
		return err
	}
	mode := market.Ban
	if u.Mode == "Enforce" {
		mode = market.Enforce
	}
	w.SetUnregistered(mode, u.Fine, u.ConversionRate)
	return nil
}

func init() {
	registerIntervention("ProfitCap", func() Intervention { return NewProfitCap(0) })
	registerIntervention("PriceCap", func() Intervention { return NewPriceCap(0) })
	registerIntervention("WindfallTax", func() Intervention { return NewWindfallTax(0) })
	registerIntervention("NFPEntry", func() Intervention { return NewNFPEntry(0) })
	registerIntervention("CoopCommissioning", func() Intervention { return NewCoopCommissioning(0) })
	registerIntervention("FinancialOversight", func() Intervention { return NewFinancialOversight(0) })
	registerIntervention("FosterRecruitment", func() Intervention { return NewFosterRecruitment(0) })
	registerIntervention("InHouseBuild", func() Intervention { return NewInHouseBuild(0) })
	registerIntervention("UnregisteredBan", func() Intervention { return NewUnregisteredBan(0) })
	registerIntervention("RateShock", func() Intervention { return NewRateShock(0) })
}
