package market

import (
	"github.com/caremarket/caremarket/internal/safeio"

	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/caremarket/caremarket/agents"
)

// ByTier holds one number per need tier.
type ByTier struct {
	Standard    float64 `yaml:"standard"`
	Complex     float64 `yaml:"complex"`
	VeryComplex float64 `yaml:"very_complex"`
}

// At returns the value for tier t (VeryComplex's for any later tier).
func (b ByTier) At(t agents.Tier) float64 {
	v := b.array()
	return v[min(int(t), len(v)-1)]
}

func (b ByTier) array() [agents.NumTiers]float64 {
	return [agents.NumTiers]float64{b.Standard, b.Complex, b.VeryComplex}
}

// ByOwnership holds one number per ownership type.
type ByOwnership struct {
	PrivateEquity float64 `yaml:"private_equity"`
	Private       float64 `yaml:"private"`
	NotForProfit  float64 `yaml:"not_for_profit"`
	Council       float64 `yaml:"council"`
}

// At returns the value for ownership o (0 for the unregistered supplier).
func (b ByOwnership) At(o agents.Ownership) float64 {
	return valueAt([...]float64{b.PrivateEquity, b.Private, b.NotForProfit, b.Council}, int(o))
}

// valueAt returns v[i], or 0 when i is outside v.
func valueAt(v [4]float64, i int) float64 {
	if i < 0 || i >= len(v) {
		return 0
	}
	return v[i]
}

// BySetting holds one number per traded setting.
type BySetting struct {
	FosterInHouse float64 `yaml:"foster_in_house"`
	FosterIFA     float64 `yaml:"foster_ifa"`
	ChildrensHome float64 `yaml:"childrens_home"`
	Supported     float64 `yaml:"supported"`
}

// At returns the value for setting s (0 for settings that are not traded).
func (b BySetting) At(s agents.Setting) float64 {
	return valueAt([...]float64{b.FosterInHouse, b.FosterIFA, b.ChildrensHome, b.Supported}, int(s))
}

// ByAgeBand holds one number per age band.
type ByAgeBand struct {
	Age0to4   float64 `yaml:"age_0_4"`
	Age5to9   float64 `yaml:"age_5_9"`
	Age10to15 float64 `yaml:"age_10_15"`
	Age16to17 float64 `yaml:"age_16_17"`
}

// At returns the value for age band a (Age16to17's for any later band).
func (b ByAgeBand) At(a agents.AgeBand) float64 {
	v := [...]float64{b.Age0to4, b.Age5to9, b.Age10to15, b.Age16to17}
	return v[min(int(a), len(v)-1)]
}

// RegionSpec describes one English region.
type RegionSpec struct {
	Name string `yaml:"name"`
	// PropIndex is regional house prices relative to England (docs/data.md,
	// ONS/HM Land Registry 2023): it scales the capital cost of new homes.
	PropIndex float64 `yaml:"prop_index"`
	// HomePlacesShare is the region's share of England's children's home
	// places at the start; 0 means "share of the rest by children looked after".
	HomePlacesShare float64 `yaml:"home_places_share"`
	// WageLevel is the region's published care pay relative to England
	// (docs/data.md, Skills for Care): the level its care wage premium
	// reverts to (docs/model.md §4.8). 0 means 1, England's level.
	WageLevel float64 `yaml:"wage_level,omitempty"`
	// Adjacent lists the regions sharing a land border (search ring 2).
	Adjacent []string `yaml:"adjacent"`
	// Country groups regions into separate national markets: the widest
	// search ring (3) covers the regions of the child's own country. Empty
	// for every region (the baseline) means one country.
	Country string `yaml:"country,omitempty"`
}

// CouncilSpec describes one council (councils.csv).
type CouncilSpec struct {
	Code       string  `yaml:"code"`
	Name       string  `yaml:"name"`
	Region     string  `yaml:"region"`
	Lat        float64 `yaml:"lat"`
	Lon        float64 `yaml:"lon"`
	Children   int     `yaml:"children"`   // children looked after at 31 March 2023
	Population int     `yaml:"population"` // children aged 0–17
	// Type is london, metropolitan, unitary or county; empty means "from the
	// ONS code prefix".
	Type string `yaml:"type,omitempty"`
}

// CoopSpec is a co-operative's membership (coops.csv).
type CoopSpec struct {
	Layout  string   `yaml:"layout"`
	Name    string   `yaml:"name"`
	Members []string `yaml:"members"` // council codes
}

// Demand sets the flows of children into and out of care (docs/model.md §3, §4.9).
type Demand struct {
	// StartersPerYear is children starting to be looked after a year in
	// England; each council's share is its share of children looked after.
	StartersPerYear float64 `yaml:"starters_per_year"`
	// ArrivalTrend g_A is the relative growth of arrivals a year.
	ArrivalTrend float64 `yaml:"arrival_trend"`
	// EpisodeMu and EpisodeSigma are the lognormal parameters of episode
	// length in weeks, before the cap at age 18.
	EpisodeMu    float64 `yaml:"episode_mu"`
	EpisodeSigma float64 `yaml:"episode_sigma"`
	// StarterAges are the shares of starters under 1, 1–4, 5–9, 10–15 and 16+.
	StarterAges StarterAges `yaml:"starter_ages"`
	// UASCShare is the share of starters who are unaccompanied asylum-seeking
	// children, and UASCOlderShare the share of those aged 16–17.
	UASCShare      float64 `yaml:"uasc_share"`
	UASCOlderShare float64 `yaml:"uasc_older_share"`
	// Tiers are the need-tier shares of starters.
	Tiers ByTier `yaml:"tiers"`
	// ComplexGrowth is the relative growth a year of the Complex and
	// VeryComplex shares of starters.
	ComplexGrowth float64 `yaml:"complex_growth"`
	// OtherProb is π_other by age band: the chance a starter goes to an
	// untraded setting (kinship, placed with parents, adoption).
	OtherProb ByAgeBand `yaml:"other_prob"`
}

// StarterAges are shares of starters by age.
type StarterAges struct {
	Under1    float64 `yaml:"under_1"`
	Age1to4   float64 `yaml:"age_1_4"`
	Age5to9   float64 `yaml:"age_5_9"`
	Age10to15 float64 `yaml:"age_10_15"`
	Age16to17 float64 `yaml:"age_16_17"`
}

func (s StarterAges) array() [5]float64 {
	return [5]float64{s.Under1, s.Age1to4, s.Age5to9, s.Age10to15, s.Age16to17}
}

// keys returns the yaml keys of the shares, in the order of array.
func (StarterAges) keys() [5]string {
	return [5]string{"under_1", "age_1_4", "age_5_9", "age_10_15", "age_16_17"}
}

// Mix is the initial placement mix, as shares of all children looked after
// (docs/data.md, placement mix). The rest are in untraded settings.
type Mix struct {
	FosterInHouse float64 `yaml:"foster_in_house"`
	FosterIFA     float64 `yaml:"foster_ifa"`
	ChildrensHome float64 `yaml:"childrens_home"`
	Supported     float64 `yaml:"supported"`
}

// Costs are weekly costs (docs/model.md §4.1), in 2023/24 pounds.
type Costs struct {
	HomeFixed         float64 `yaml:"home_fixed"`         // cF per registered place-week
	HomeVariable      ByTier  `yaml:"home_variable"`      // cV per occupied place-week
	IFAFixed          float64 `yaml:"ifa_fixed"`          // cF per approved place-week
	IFAVariable       float64 `yaml:"ifa_variable"`       // cV per occupied place-week
	InHouseFixed      float64 `yaml:"in_house_fixed"`     // cF per approved place-week
	InHouseVariable   float64 `yaml:"in_house_variable"`  // cV per occupied place-week
	SupportedFixed    float64 `yaml:"supported_fixed"`    // cF per registered place-week
	SupportedVariable float64 `yaml:"supported_variable"` // cV per occupied place-week
	ORef              ORef    `yaml:"o_ref"`              // reference occupancies
	Punreg            ByTier  `yaml:"punreg"`             // unregistered price (and waiting cost) a week
	UnregCostShare    float64 `yaml:"unreg_cost_share"`   // unregistered supplier's cost ÷ price
	Kinship           float64 `yaml:"kinship"`            // weekly cost of an Other placement (reported apart)
	// ProviderSpread is σ of the mean-one lognormal of each market
	// provider's own fixed costs relative to its region's; 0 makes every
	// provider's costs its region's (docs/model.md §4.1).
	ProviderSpread float64 `yaml:"provider_spread"`
}

// ORef holds reference occupancies by setting.
type ORef struct {
	Homes     float64 `yaml:"homes"`
	Foster    float64 `yaml:"foster"` // of approved places
	Supported float64 `yaml:"supported"`
}

// Matching sets the frictions of docs/model.md §4.2.
type Matching struct {
	// Acceptance holds the shape a(setting, tier) of offer probabilities.
	Acceptance AcceptanceTable `yaml:"acceptance"`
	// AcceptanceScale multiplies Acceptance by setting (fitted to the mix).
	AcceptanceScale BySetting `yaml:"acceptance_scale"`
	// OlderFosterFactor multiplies foster acceptance for children aged 10+.
	OlderFosterFactor float64 `yaml:"older_foster_factor"`
	// Lambda is λ, £ per km per week in the generalised cost.
	Lambda float64 `yaml:"lambda"`
	// Psi are the penalties ψ for non-first-choice settings, £ a week.
	Psi Psi `yaml:"psi"`
	// MaxWaitWeeks is how long a child seeks before the unregistered fallback.
	MaxWaitWeeks int `yaml:"max_wait_weeks"`
	// SpreadKm is σ of the scatter around council centroids, by council type.
	SpreadKm Spread `yaml:"spread_km"`
	// HomesUsableShare u_H and FosterUsableShare u_F are the usable shares of
	// registered and approved places.
	HomesUsableShare  float64 `yaml:"homes_usable_share"`
	FosterUsableShare float64 `yaml:"foster_usable_share"`
	// EmergencyPremium is the mark-up on the interim arrangement of a child
	// without a placement: its ended placement continuing on notice or an
	// emergency bed in the setting it needs (docs/model.md 4.2).
	EmergencyPremium float64 `yaml:"emergency_premium"`
	// HomesMinAge is the youngest age, in years, children's homes take,
	// except Very Complex children: 0 (any age) or 10 (docs/model.md 4.2).
	HomesMinAge int `yaml:"homes_min_age"`
	// Placeability is the latent difficulty of placing a child
	// (docs/model.md 4.2).
	Placeability Placeability `yaml:"placeability"`
	// Under16ExtraWaitWeeks is how much longer than MaxWaitWeeks a child
	// under 16 seeks before the unregistered fallback (docs/model.md 4.2).
	Under16ExtraWaitWeeks int `yaml:"under16_extra_wait_weeks"`
	// OutOfAreaPremium is added, £ a week, to the generalised cost of an
	// offer outside the child's council: the duty to place within the
	// council's area where reasonably practicable (docs/model.md 4.2).
	OutOfAreaPremium float64 `yaml:"out_of_area_premium"`
	// FirstRing is the widest search ring open in a child's first week of
	// seeking (0 the council, 1 its region, 2 adjacent regions, 3 England);
	// one more ring opens each week after (docs/model.md 4.2).
	FirstRing int `yaml:"first_ring"`
	// PlannedMoves sets step-downs and moves into supported accommodation
	// (docs/model.md 4.4).
	PlannedMoves PlannedMoves `yaml:"planned_moves"`
}

// PlannedMoves are the weekly review rates of planned moves (0: none).
type PlannedMoves struct {
	// StepDownRate is the weekly probability that a child in a children's
	// home who has been there StableWeeks is reviewed for a step-down to
	// foster care.
	StepDownRate float64 `yaml:"step_down_rate"`
	// StableWeeks is how long a child must have been in its home before a
	// step-down.
	StableWeeks int `yaml:"stable_weeks"`
	// SupportedRate is the weekly probability that a child of 16 or 17 in
	// foster care or a children's home is reviewed for a move into
	// supported accommodation.
	SupportedRate float64 `yaml:"supported_rate"`
	// CloserRate is the weekly probability that a child placed over 20
	// miles from home is reviewed for a move back into its council.
	CloserRate float64 `yaml:"closer_rate"`
	// CloserGain is the least saving in generalised cost (price +
	// λ·distance + out-of-area premium), £ a week, that justifies a move
	// closer to home.
	CloserGain float64 `yaml:"closer_gain"`
}

// Placeability is the two-point latent difficulty of placing a child: a
// hard-to-place child has every provider's acceptance scaled by Acceptance,
// so its refusals are correlated (docs/model.md 4.2).
type Placeability struct {
	// HardShare is the share of children of each tier who are hard to
	// place, for children under 10 at entry.
	HardShare ByTier `yaml:"hard_share"`
	// OlderFactor multiplies HardShare for children aged 10 or over at
	// entry (capped at 1).
	OlderFactor float64 `yaml:"older_factor"`
	// Acceptance multiplies every acceptance probability for a
	// hard-to-place child.
	Acceptance float64 `yaml:"acceptance"`
}

// AcceptanceTable holds a(setting, tier).
type AcceptanceTable struct {
	FosterInHouse ByTier `yaml:"foster_in_house"`
	FosterIFA     ByTier `yaml:"foster_ifa"`
	ChildrensHome ByTier `yaml:"childrens_home"`
	Supported     ByTier `yaml:"supported"`
}

// At returns a(s, t).
func (a AcceptanceTable) At(s agents.Setting, t agents.Tier) float64 {
	switch s {
	case agents.FosterInHouse:
		return a.FosterInHouse.At(t)
	case agents.FosterIFA:
		return a.FosterIFA.At(t)
	case agents.ChildrensHome:
		return a.ChildrensHome.At(t)
	case agents.Supported:
		return a.Supported.At(t)
	}
	return 0
}

// Psi holds the setting penalties of docs/model.md §4.2.
type Psi struct {
	HomeStandard    float64 `yaml:"home_standard"`     // a Standard child in a home
	HomeComplex     float64 `yaml:"home_complex"`      // a Complex child in a home
	OlderFosterUASC float64 `yaml:"older_foster_uasc"` // a UASC aged 16–17 in foster care
	OlderFoster     float64 `yaml:"older_foster"`      // another 16–17-year-old in foster care
}

// Spread holds σ in km by council type.
type Spread struct {
	London       float64 `yaml:"london"`
	Metropolitan float64 `yaml:"metropolitan"`
	Unitary      float64 `yaml:"unitary"`
	County       float64 `yaml:"county"`
}

// At returns σ for council type t.
func (s Spread) At(t agents.CouncilType) float64 {
	switch t {
	case agents.LondonBorough:
		return s.London
	case agents.Metropolitan:
		return s.Metropolitan
	case agents.Unitary:
		return s.Unitary
	default:
		return s.County
	}
}

// Pricing sets the bargaining of docs/model.md §4.3.
type Pricing struct {
	Mu    ByOwnership `yaml:"mu"`    // base markup μ
	Kappa ByOwnership `yaml:"kappa"` // bargaining share κ
	Rho   float64     `yaml:"rho"`   // ρ: reservation multiple of pRef
	Beta  float64     `yaml:"beta"`  // β: buyer-power discount
	// PRef is the published initial mean price by setting (£ a week).
	PRef BySetting `yaml:"p_ref"`
	// Scarcity is η, the response of providers' markups to local
	// tightness: μ·max(0, 1 + η·z) (docs/model.md §4.3); 0 keeps μ fixed.
	Scarcity float64 `yaml:"scarcity"`
	// ReservationHalfLifeWeeks is the half-life, in weeks, at which the
	// reference price behind each reservation price follows the mean agreed
	// price of new placements of that setting and need; 0 keeps pRef.
	ReservationHalfLifeWeeks int `yaml:"reservation_half_life_weeks"`
	// ReservationCap is the most a council's budget lets it pay a week for
	// a child of each tier (£; a high-cost panel's limit); a tier's 0 means
	// its unregistered price costs.punreg.
	ReservationCap ByTier `yaml:"reservation_cap"`
}

// Breakdowns sets weekly placement breakdown hazards (docs/model.md §4.4).
type Breakdowns struct {
	Foster float64 `yaml:"foster"` // weekly hazard in foster care
	Homes  float64 `yaml:"homes"`  // weekly hazard in homes and supported accommodation
	// TierFactor multiplies the hazard by tier.
	TierFactor ByTier `yaml:"tier_factor"`
}

// Investment sets entry, building and closure (docs/model.md §4.5).
type Investment struct {
	Gamma             float64     `yaml:"gamma"`               // γ: builds per unit of excess return a quarter
	Nu                float64     `yaml:"nu"`                  // ν: single-home entrants per unit of excess a quarter
	K0                float64     `yaml:"k0"`                  // capital of a 4-place home, £
	SupportedK0       float64     `yaml:"supported_k0"`        // Supported capital as a multiple of K0
	BuildLagWeeks     int         `yaml:"build_lag_weeks"`     // weeks from decision to opening
	Hurdle            ByOwnership `yaml:"hurdle"`              // real unlevered hurdle rates
	ClosureRate       float64     `yaml:"closure_rate"`        // planned closures a year
	NoticeWeeks       int         `yaml:"notice_weeks"`        // notice before a closure
	RegistrationCap   int         `yaml:"registration_cap"`    // new homes a region can register a quarter
	GroupHomes        int         `yaml:"group_homes"`         // homes that make a national group
	StartupQuarters   int         `yaml:"startup_quarters"`    // exit-test exemption of a new provider
	ForecastHurdleCut float64     `yaml:"forecast_hurdle_cut"` // hurdle-rate cut where a co-op forecasts demand
	ClosureOccupancy  float64     `yaml:"closure_occupancy"`   // quarter's occupancy below which a loss-making home closes
	// AcquireRate is the offers a year each acquiring group makes for a
	// smaller provider (docs/model.md §4.5, acquisitions); 0 turns
	// acquisitions off.
	AcquireRate float64 `yaml:"acquire_rate"`
	// AcquireMultiple is the price of an acquisition as a multiple of the
	// target's trailing EBITDA (enterprise value ÷ EBITDA).
	AcquireMultiple float64 `yaml:"acquire_multiple"`
	// AcquirerHomes is the homes a private-equity group needs to acquire;
	// 0 turns acquisitions off.
	AcquirerHomes int `yaml:"acquirer_homes"`
	// TargetHomes is the most homes and schemes a provider may have to be
	// bought whole; 0 turns acquisitions off.
	TargetHomes int `yaml:"target_homes"`
	// CouncilCapital is councils' capital for new homes, £ a year in
	// England, shared between councils by children looked after at the
	// start; 0 turns council building off.
	CouncilCapital float64 `yaml:"council_capital"`
	// CouncilPlaceCapital is the capital a council spends on a new place, £.
	CouncilPlaceCapital float64 `yaml:"council_place_capital"`
	// CouncilGapHomes is the sufficiency gap, in new homes' worth of
	// places, at which a council opens a home.
	CouncilGapHomes float64 `yaml:"council_gap_homes"`
	// CouncilCarryYears is the years of its capital a council may hold
	// unspent (at least a quarter's).
	CouncilCarryYears float64 `yaml:"council_carry_years"`
}

// Finance sets the balance sheets of docs/model.md §4.6.
type Finance struct {
	Leverage ByOwnership `yaml:"leverage"`  // L, initial net debt ÷ EBITDA
	Interest ByOwnership `yaml:"interest"`  // annual interest rate at the start: the base rate plus the owner's spread
	BaseRate float64     `yaml:"base_rate"` // base rate (a year) in the interest rates at the start; a rate shock raises it
	// RefinanceYears is how often a provider's debt is refinanced at the
	// base rate then in force plus its spread (providers are staggered).
	RefinanceYears float64 `yaml:"refinance_years"` // years between refinancings
	CashWeeks      float64 `yaml:"cash_weeks"`      // initial cash, weeks of operating cost
	DividendWeeks  float64 `yaml:"dividend_weeks"`  // cash kept before dividends, weeks of cost
	StartupWeeks   float64 `yaml:"startup_weeks"`   // fill-up losses a new provider may borrow, weeks of cF·places
	// LeverageSpread is σ of the mean-one lognormal of each for-profit
	// provider's own leverage around its ownership's L; 0 gives every
	// provider of an ownership the same L (docs/model.md §4.6).
	LeverageSpread float64 `yaml:"leverage_spread"`
}

// Foster sets foster supply (docs/model.md §4.7).
type Foster struct {
	Households         int        `yaml:"households"`      // mainstream fostering households at the start
	IFAShare           float64    `yaml:"ifa_share"`       // agencies' share of households at the start
	Approved           [3]float64 `yaml:"approved"`        // shares of households approved for 1, 2, 3 places
	AcceptsComplex     float64    `yaml:"accepts_complex"` // share of households that take Complex children
	agents.FosterRules `yaml:",inline"`
	ExitTransfer       float64 `yaml:"exit_transfer"` // share of a disorderly exiting agency's households that join another agency
}

// Workforce sets the care labour market of children's homes and supported
// accommodation (docs/model.md §4.8): a national care wage, regional
// premia that revert to their published levels, and staff pools that
// recruit faster when the wage is higher.
type Workforce struct {
	Pool        float64 `yaml:"pool"`          // care staff in England
	Epsilon     float64 `yaml:"epsilon"`       // ε: response of the national wage to the national staff shortage, and of a regional premium to the region's shortage relative to England, a year
	WageStepMin float64 `yaml:"wage_step_min"` // lowest factor the national wage or a regional premium moves by in a year through ε
	WageStepMax float64 `yaml:"wage_step_max"` // highest factor the national wage or a regional premium moves by in a year through ε
	HalfLife    float64 `yaml:"half_life"`     // years for a regional premium's gap from its published level to halve
	Recruitment float64 `yaml:"recruitment"`   // share of a staffing gap (need − pool) closed per year at the reference wage, as a continuous rate
	Elasticity  float64 `yaml:"elasticity"`    // recruitment elasticity: the rate scales with (regional wage ÷ its published level)^elasticity
	StaffShare  float64 `yaml:"staff_share"`   // share of homes' and supported accommodation's fixed costs that is staff pay (the rest does not follow the wage)
}

// Supply sets the initial structure of providers (docs/model.md §5).
type Supply struct {
	// HomeOwnership are shares of children's home places by ownership.
	HomeOwnership ByOwnership `yaml:"home_ownership"`
	// SupportedOwnership are shares of supported places by ownership.
	SupportedOwnership ByOwnership `yaml:"supported_ownership"`
	// IFAOwnership are shares of agency households by ownership (council 0).
	IFAOwnership ByOwnership `yaml:"ifa_ownership"`
	// LargeGroups own LargeGroupShare of for-profit homes between them.
	LargeGroups     int     `yaml:"large_groups"`
	LargeGroupShare float64 `yaml:"large_group_share"`
	// SingleHomeShare of for-profit homes belong to single-home providers.
	SingleHomeShare float64 `yaml:"single_home_share"`
	// Agencies is the number of independent fostering agencies;
	// AgencyGroups of them hold AgencyGroupShare of agency households, and
	// SingleSiteShare of agencies are small single-site agencies.
	Agencies         int     `yaml:"agencies"`
	AgencyGroups     int     `yaml:"agency_groups"`
	AgencyGroupShare float64 `yaml:"agency_group_share"`
	// MidHomes is the mean homes of a mid-sized provider.
	MidHomes float64 `yaml:"mid_homes"`
}

// Config holds every number of a market: the data it starts from and the
// parameters of its rules. Scenario files override its fields by their yaml
// names. Validate checks it.
type Config struct {
	Regions    []RegionSpec  `yaml:"regions"`
	Councils   []CouncilSpec `yaml:"councils"`
	Coops      []CoopSpec    `yaml:"coops"`
	Demand     Demand        `yaml:"demand"`
	Mix        Mix           `yaml:"mix"`
	Costs      Costs         `yaml:"costs"`
	Matching   Matching      `yaml:"matching"`
	Pricing    Pricing       `yaml:"pricing"`
	Breakdowns Breakdowns    `yaml:"breakdowns"`
	Investment Investment    `yaml:"investment"`
	Finance    Finance       `yaml:"finance"`
	Foster     Foster        `yaml:"foster"`
	Workforce  Workforce     `yaml:"workforce"`
	Supply     Supply        `yaml:"supply"`
}

// Limits on the size of a world, checked before anything is allocated.
const (
	MaxCouncils = 10000
	MaxRegions  = 64 // matching keeps one bit per region
	MaxYears    = 100
	// MaxStartersPerYear bounds arrivals (15 times England's) so a mistyped
	// rate is refused rather than exhausting memory (see MaxChildren).
	MaxStartersPerYear = 500_000
)

// FieldError reports an invalid configuration value: the field's path, the
// value found and what is allowed.
type FieldError struct {
	Field   string
	Value   any
	Allowed string
}

// Error implements error.
func (e *FieldError) Error() string {
	return fmt.Sprintf("%s = %s: %s", e.Field, safeio.Clip(fmt.Sprint(e.Value)), e.Allowed)
}

type validator struct{ errs []error }

// maxErrors is the most problems Validate reports at once.
const maxErrors = 50

func (v *validator) add(field string, value any, allowed string) {
	if len(v.errs) < maxErrors {
		v.errs = append(v.errs, &FieldError{Field: field, Value: value, Allowed: allowed})
	}
}

func (v *validator) rng(field string, x, lo, hi float64) {
	if math.IsNaN(x) || x < lo || x > hi {
		v.add(field, x, fmt.Sprintf("allowed %s to %s", fmtNum(lo), fmtNum(hi)))
	}
}

// fmtNum prints whole numbers without an exponent (2000000, not 2e+06).
func fmtNum(x float64) string {
	if x == math.Trunc(x) && math.Abs(x) < 1e15 {
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	return strconv.FormatFloat(x, 'g', -1, 64)
}

func (v *validator) pos(field string, x float64) {
	if math.IsNaN(x) || math.IsInf(x, 0) || x <= 0 {
		v.add(field, x, "must be a positive number")
	}
}

func (v *validator) nonneg(field string, x float64) {
	if math.IsNaN(x) || math.IsInf(x, 0) || x < 0 {
		v.add(field, x, "must be zero or positive")
	}
}

func (v *validator) share(field string, x float64) { v.rng(field, x, 0, 1) }

func (v *validator) tier(field string, b ByTier, check func(string, float64)) {
	check(field+".standard", b.Standard)
	check(field+".complex", b.Complex)
	check(field+".very_complex", b.VeryComplex)
}

func (v *validator) own(field string, b ByOwnership, check func(string, float64)) {
	check(field+".private_equity", b.PrivateEquity)
	check(field+".private", b.Private)
	check(field+".not_for_profit", b.NotForProfit)
	check(field+".council", b.Council)
}

func (v *validator) sumOne(field string, xs ...float64) {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	if math.Abs(s-1) > 1e-6 || math.IsNaN(s) {
		v.add(field, math.Round(s*1e9)/1e9, "shares must sum to 1")
	}
}

// Validate checks every field and returns the problems found (at most
// maxErrors), joined; each is a *FieldError naming the field, the value and
// what is allowed.
func (c *Config) Validate() error {
	v := &validator{}
	regionIdx := c.validateRegions(v)
	codes, ok := c.validateCouncils(v, regionIdx)
	if !ok {
		return errors.Join(v.errs...)
	}
	c.validateCoops(v, codes)
	c.validateDemand(v)
	c.validateCosts(v)
	c.validateMatching(v)
	c.validatePricing(v)
	c.validateInvestment(v)
	c.validateFoster(v)
	c.validateSupply(v)
	c.validateScale(v)
	return errors.Join(v.errs...)
}

// validateRegions checks the regions and returns the set of their names.
func (c *Config) validateRegions(v *validator) map[string]bool {
	if len(c.Regions) == 0 {
		v.add("regions", 0, "at least one region is needed")
	}
	if len(c.Regions) > MaxRegions {
		v.add("regions", len(c.Regions), fmt.Sprintf("at most %d regions", MaxRegions))
	}
	regionIdx := map[string]bool{}
	for i, r := range c.Regions {
		f := fmt.Sprintf("regions[%d]", i)
		if strings.TrimSpace(r.Name) == "" {
			v.add(f+".name", r.Name, "a region needs a name")
		}
		if regionIdx[r.Name] {
			v.add(f+".name", r.Name, "region names must be unique")
		}
		regionIdx[r.Name] = true
		v.pos(f+".prop_index", r.PropIndex)
		v.share(f+".home_places_share", r.HomePlacesShare)
		if r.WageLevel != 0 && !(r.WageLevel >= 0.5 && r.WageLevel <= 1.5) {
			v.add(f+".wage_level", r.WageLevel, "allowed 0 (England's level) or 0.5 to 1.5")
		}
	}
	for i, r := range c.Regions {
		for _, a := range r.Adjacent {
			if !regionIdx[a] {
				v.add(fmt.Sprintf("regions[%d].adjacent", i), a, "must name a region in regions: "+regionNames(c.Regions))
			}
		}
	}
	return regionIdx
}

// validateCouncils checks the councils and returns the set of their codes;
// ok is false when the list is too long to check entry by entry.
func (c *Config) validateCouncils(v *validator, regionIdx map[string]bool) (codes map[string]bool, ok bool) {
	if len(c.Councils) == 0 {
		v.add("councils", 0, "at least one council is needed")
	}
	if len(c.Councils) > MaxCouncils {
		v.add("councils", len(c.Councils), fmt.Sprintf("at most %d councils", MaxCouncils))
		return nil, false // do not check a list this long entry by entry
	}
	codes = map[string]bool{}
	for i, k := range c.Councils {
		f := fmt.Sprintf("councils[%d]", i)
		if k.Code == "" {
			v.add(f+".code", k.Code, "a council needs a code")
		}
		if codes[k.Code] {
			v.add(f+".code", k.Code, "council codes must be unique")
		}
		codes[k.Code] = true
		if !regionIdx[k.Region] {
			v.add(f+".region", k.Region, "must name a region in regions: "+regionNames(c.Regions))
		}
		v.rng(f+".lat", k.Lat, -90, 90)
		v.rng(f+".lon", k.Lon, -180, 180)
		if k.Children < 0 || k.Children > MaxChildren {
			v.add(f+".children", k.Children, "allowed 0 to 1,000,000")
		}
		if k.Population < 0 {
			v.add(f+".population", k.Population, "must be zero or positive")
		}
		if k.Type != "" {
			if _, err := agents.ParseCouncilType(k.Type); err != nil {
				v.add(f+".type", k.Type, "allowed london, metropolitan, unitary, county (or empty: from the code)")
			}
		} else if _, err := agents.CouncilTypeOfCode(k.Code); err != nil {
			v.add(f+".type", k.Type, "empty type needs a code starting E06, E08, E09 or E10; else give london, metropolitan, unitary or county")
		}
	}
	c.validateRegionsHaveCouncils(v)
	return codes, true
}

// validateCoops checks that co-ops name member councils by code.
func (c *Config) validateCoops(v *validator, codes map[string]bool) {
	for i, cp := range c.Coops {
		if len(cp.Members) == 0 {
			v.add(fmt.Sprintf("coops[%d].members", i), 0, "a co-op needs at least one member council")
		}
		for _, m := range cp.Members {
			if !codes[m] {
				v.add(fmt.Sprintf("coops[%d].members", i), m, "must be the code of a council in councils")
			}
		}
	}
}

// validateDemand checks the demand and the initial placement mix.
func (c *Config) validateDemand(v *validator) {
	d := c.Demand
	v.rng("demand.starters_per_year", d.StartersPerYear, 0, MaxStartersPerYear)
	v.rng("demand.arrival_trend", d.ArrivalTrend, -0.5, 0.5)
	v.rng("demand.episode_mu", d.EpisodeMu, 0, 10)
	v.rng("demand.episode_sigma", d.EpisodeSigma, 0.01, 5)
	a := d.StarterAges
	ages := a.array()
	keys := a.keys()
	for i, x := range ages {
		v.share("demand.starter_ages."+keys[i], x)
	}
	v.sumOne("demand.starter_ages", ages[:]...)
	v.share("demand.uasc_share", d.UASCShare)
	v.share("demand.uasc_older_share", d.UASCOlderShare)
	v.tier("demand.tiers", d.Tiers, v.share)
	v.sumOne("demand.tiers", d.Tiers.Standard, d.Tiers.Complex, d.Tiers.VeryComplex)
	v.rng("demand.complex_growth", d.ComplexGrowth, -0.2, 0.2)
	v.share("demand.other_prob.age_0_4", d.OtherProb.Age0to4)
	v.share("demand.other_prob.age_5_9", d.OtherProb.Age5to9)
	v.share("demand.other_prob.age_10_15", d.OtherProb.Age10to15)
	v.share("demand.other_prob.age_16_17", d.OtherProb.Age16to17)
	m := c.Mix
	v.share("mix.foster_in_house", m.FosterInHouse)
	v.share("mix.foster_ifa", m.FosterIFA)
	v.share("mix.childrens_home", m.ChildrensHome)
	v.share("mix.supported", m.Supported)
	if s := m.FosterInHouse + m.FosterIFA + m.ChildrensHome + m.Supported; s > 1 {
		v.add("mix", s, "traded shares must sum to at most 1")
	}
}

// validateCosts checks the weekly costs.
func (c *Config) validateCosts(v *validator) {
	k := c.Costs
	v.nonneg("costs.home_fixed", k.HomeFixed)
	v.tier("costs.home_variable", k.HomeVariable, v.nonneg)
	v.nonneg("costs.ifa_fixed", k.IFAFixed)
	v.nonneg("costs.ifa_variable", k.IFAVariable)
	v.nonneg("costs.in_house_fixed", k.InHouseFixed)
	v.nonneg("costs.in_house_variable", k.InHouseVariable)
	v.nonneg("costs.supported_fixed", k.SupportedFixed)
	v.nonneg("costs.supported_variable", k.SupportedVariable)
	v.rng("costs.o_ref.homes", k.ORef.Homes, 0.05, 1)
	v.rng("costs.o_ref.foster", k.ORef.Foster, 0.05, 1)
	v.rng("costs.o_ref.supported", k.ORef.Supported, 0.05, 1)
	v.tier("costs.punreg", k.Punreg, v.pos)
	v.share("costs.unreg_cost_share", k.UnregCostShare)
	v.nonneg("costs.kinship", k.Kinship)
	v.rng("costs.provider_spread", k.ProviderSpread, 0, 1)
}

// validateMatching checks the matching frictions.
func (c *Config) validateMatching(v *validator) {
	mt := c.Matching
	for _, s := range []struct {
		name string
		b    ByTier
	}{{"foster_in_house", mt.Acceptance.FosterInHouse}, {"foster_ifa", mt.Acceptance.FosterIFA},
		{"childrens_home", mt.Acceptance.ChildrensHome}, {"supported", mt.Acceptance.Supported}} {
		v.tier("matching.acceptance."+s.name, s.b, v.share)
	}
	v.share("matching.acceptance_scale.foster_in_house", mt.AcceptanceScale.FosterInHouse)
	v.share("matching.acceptance_scale.foster_ifa", mt.AcceptanceScale.FosterIFA)
	v.share("matching.acceptance_scale.childrens_home", mt.AcceptanceScale.ChildrensHome)
	v.share("matching.acceptance_scale.supported", mt.AcceptanceScale.Supported)
	v.share("matching.older_foster_factor", mt.OlderFosterFactor)
	v.rng("matching.lambda", mt.Lambda, 0, 1000)
	v.nonneg("matching.psi.home_standard", mt.Psi.HomeStandard)
	v.nonneg("matching.psi.home_complex", mt.Psi.HomeComplex)
	v.nonneg("matching.psi.older_foster_uasc", mt.Psi.OlderFosterUASC)
	v.nonneg("matching.psi.older_foster", mt.Psi.OlderFoster)
	if mt.MaxWaitWeeks < 1 || mt.MaxWaitWeeks > 520 {
		v.add("matching.max_wait_weeks", mt.MaxWaitWeeks, "allowed 1 to 520")
	}
	v.nonneg("matching.spread_km.london", mt.SpreadKm.London)
	v.nonneg("matching.spread_km.metropolitan", mt.SpreadKm.Metropolitan)
	v.nonneg("matching.spread_km.unitary", mt.SpreadKm.Unitary)
	v.nonneg("matching.spread_km.county", mt.SpreadKm.County)
	v.share("matching.homes_usable_share", mt.HomesUsableShare)
	v.share("matching.foster_usable_share", mt.FosterUsableShare)
	c.validateMatchingNeeds(v)
}

// validateMatchingNeeds checks the interim, age and placeability parameters.
func (c *Config) validateMatchingNeeds(v *validator) {
	mt := c.Matching
	v.rng("matching.emergency_premium", mt.EmergencyPremium, 0, 2)
	v.rng("matching.out_of_area_premium", mt.OutOfAreaPremium, 0, 100000)
	v.share("matching.planned_moves.step_down_rate", mt.PlannedMoves.StepDownRate)
	v.share("matching.planned_moves.supported_rate", mt.PlannedMoves.SupportedRate)
	v.share("matching.planned_moves.closer_rate", mt.PlannedMoves.CloserRate)
	v.rng("matching.planned_moves.closer_gain", mt.PlannedMoves.CloserGain, 0, 100000)
	if mt.PlannedMoves.StableWeeks < 0 || mt.PlannedMoves.StableWeeks > 520 {
		v.add("matching.planned_moves.stable_weeks", mt.PlannedMoves.StableWeeks, "allowed 0 to 520")
	}
	if mt.FirstRing < 0 || mt.FirstRing > 3 {
		v.add("matching.first_ring", mt.FirstRing, "allowed 0 to 3")
	}
	if mt.HomesMinAge != 0 && mt.HomesMinAge != 10 {
		v.add("matching.homes_min_age", mt.HomesMinAge, "allowed 0 (any age) or 10")
	}
	if mt.Under16ExtraWaitWeeks < 0 || mt.Under16ExtraWaitWeeks > 520 {
		v.add("matching.under16_extra_wait_weeks", mt.Under16ExtraWaitWeeks, "allowed 0 to 520")
	}
	pl := mt.Placeability
	v.tier("matching.placeability.hard_share", pl.HardShare, v.share)
	v.rng("matching.placeability.older_factor", pl.OlderFactor, 0, 10)
	v.share("matching.placeability.acceptance", pl.Acceptance)
}

// validatePricing checks the bargaining parameters and breakdown hazards.
func (c *Config) validatePricing(v *validator) {
	p := c.Pricing
	v.own("pricing.mu", p.Mu, func(f string, x float64) { v.rng(f, x, 0, 2) })
	v.own("pricing.kappa", p.Kappa, v.share)
	v.rng("pricing.rho", p.Rho, 1, 10)
	v.rng("pricing.beta", p.Beta, 0, 1)
	v.pos("pricing.p_ref.foster_in_house", p.PRef.FosterInHouse)
	v.pos("pricing.p_ref.foster_ifa", p.PRef.FosterIFA)
	v.pos("pricing.p_ref.childrens_home", p.PRef.ChildrensHome)
	v.pos("pricing.p_ref.supported", p.PRef.Supported)
	v.rng("pricing.scarcity", p.Scarcity, 0, 10)
	if p.ReservationHalfLifeWeeks < 0 || p.ReservationHalfLifeWeeks > 520 {
		v.add("pricing.reservation_half_life_weeks", p.ReservationHalfLifeWeeks, "allowed 0 (a fixed reference price) to 520 weeks")
	}
	v.tier("pricing.reservation_cap", p.ReservationCap, func(f string, x float64) { v.rng(f, x, 0, 1e6) })
	b := c.Breakdowns
	v.share("breakdowns.foster", b.Foster)
	v.share("breakdowns.homes", b.Homes)
	v.tier("breakdowns.tier_factor", b.TierFactor, func(f string, x float64) { v.rng(f, x, 0, 10) })
}

// validateInvestment checks investment, closure and finance.
func (c *Config) validateInvestment(v *validator) {
	in := c.Investment
	v.rng("investment.gamma", in.Gamma, 0, 10)
	v.rng("investment.nu", in.Nu, 0, 100)
	v.pos("investment.k0", in.K0)
	v.pos("investment.supported_k0", in.SupportedK0)
	if in.BuildLagWeeks < 0 || in.BuildLagWeeks > 520 {
		v.add("investment.build_lag_weeks", in.BuildLagWeeks, "allowed 0 to 520")
	}
	v.own("investment.hurdle", in.Hurdle, func(f string, x float64) { v.rng(f, x, 0.001, 1) })
	v.share("investment.closure_rate", in.ClosureRate)
	if in.NoticeWeeks < 0 || in.NoticeWeeks > 52 {
		v.add("investment.notice_weeks", in.NoticeWeeks, "allowed 0 to 52")
	}
	if in.RegistrationCap < 0 || in.RegistrationCap > 10000 {
		v.add("investment.registration_cap", in.RegistrationCap, "allowed 0 to 10,000")
	}
	if in.GroupHomes < 1 {
		v.add("investment.group_homes", in.GroupHomes, "must be at least 1")
	}
	if in.StartupQuarters < 0 || in.StartupQuarters > 40 {
		v.add("investment.startup_quarters", in.StartupQuarters, "allowed 0 to 40")
	}
	v.rng("investment.forecast_hurdle_cut", in.ForecastHurdleCut, 0, 0.1)
	v.share("investment.closure_occupancy", in.ClosureOccupancy)
	v.rng("investment.acquire_rate", in.AcquireRate, 0, 52)
	v.rng("investment.acquire_multiple", in.AcquireMultiple, 0, 50)
	if in.AcquirerHomes < 0 || in.AcquirerHomes > 100000 {
		v.add("investment.acquirer_homes", in.AcquirerHomes, "allowed 0 (no acquisitions) to 100,000")
	}
	if in.TargetHomes < 0 || in.TargetHomes > 100000 {
		v.add("investment.target_homes", in.TargetHomes, "allowed 0 (no acquisitions) to 100,000")
	}
	v.rng("investment.council_capital", in.CouncilCapital, 0, 1e11)
	if in.CouncilCapital > 0 {
		v.rng("investment.council_place_capital", in.CouncilPlaceCapital, 1000, 1e8)
	} else {
		v.rng("investment.council_place_capital", in.CouncilPlaceCapital, 0, 1e8)
	}
	v.rng("investment.council_gap_homes", in.CouncilGapHomes, 0, 1000)
	v.rng("investment.council_carry_years", in.CouncilCarryYears, 0, 100)
	fi := c.Finance
	v.own("finance.leverage", fi.Leverage, func(f string, x float64) { v.rng(f, x, 0, 20) })
	v.own("finance.interest", fi.Interest, func(f string, x float64) { v.rng(f, x, 0, 1) })
	v.rng("finance.base_rate", fi.BaseRate, 0, 0.5)
	v.rng("finance.refinance_years", fi.RefinanceYears, 0.25, 30)
	v.rng("finance.cash_weeks", fi.CashWeeks, 0, 520)
	v.rng("finance.dividend_weeks", fi.DividendWeeks, 0, 520)
	v.rng("finance.startup_weeks", fi.StartupWeeks, 0, 520)
	v.rng("finance.leverage_spread", fi.LeverageSpread, 0, 1)
}

// validateFoster checks foster supply and the workforce.
func (c *Config) validateFoster(v *validator) {
	fo := c.Foster
	if fo.Households < 0 || fo.Households > MaxHouseholds {
		v.add("foster.households", fo.Households, "allowed 0 to 500,000")
	}
	v.share("foster.ifa_share", fo.IFAShare)
	for i, x := range fo.Approved {
		v.share(fmt.Sprintf("foster.approved[%d]", i), x)
	}
	v.sumOne("foster.approved", fo.Approved[:]...)
	v.share("foster.accepts_complex", fo.AcceptsComplex)
	v.rng("foster.approvals_per_year", fo.ApprovalsPerYear, 0, MaxApprovalsPerYear)
	v.share("foster.attrition_rate", fo.AttritionRate)
	v.share("foster.ifa_share_of_approvals", fo.FosterRules.IFAShare)
	v.rng("foster.gap_slope", fo.GapSlope, 0, 100)
	v.rng("foster.elasticity", fo.Elasticity, 0, 5)
	v.share("foster.exit_transfer", fo.ExitTransfer)
	w := c.Workforce
	v.nonneg("workforce.pool", w.Pool)
	v.rng("workforce.epsilon", w.Epsilon, 0, 5)
	v.rng("workforce.wage_step_min", w.WageStepMin, 0.1, 1)
	v.rng("workforce.wage_step_max", w.WageStepMax, 1, 10)
	v.rng("workforce.half_life", w.HalfLife, 0.1, 50)
	v.rng("workforce.recruitment", w.Recruitment, 0, 52)
	v.rng("workforce.elasticity", w.Elasticity, 0, 10)
	v.share("workforce.staff_share", w.StaffShare)
}

// validateSupply checks the initial structure of providers.
func (c *Config) validateSupply(v *validator) {
	s := c.Supply
	v.own("supply.home_ownership", s.HomeOwnership, v.share)
	v.sumOne("supply.home_ownership", s.HomeOwnership.PrivateEquity, s.HomeOwnership.Private, s.HomeOwnership.NotForProfit, s.HomeOwnership.Council)
	v.own("supply.supported_ownership", s.SupportedOwnership, v.share)
	v.sumOne("supply.supported_ownership", s.SupportedOwnership.PrivateEquity, s.SupportedOwnership.Private, s.SupportedOwnership.NotForProfit, s.SupportedOwnership.Council)
	v.own("supply.ifa_ownership", s.IFAOwnership, v.share)
	if s.IFAOwnership.Council != 0 {
		v.add("supply.ifa_ownership.council", s.IFAOwnership.Council, "must be 0: council carers are in-house, not agencies")
	}
	v.sumOne("supply.ifa_ownership", s.IFAOwnership.PrivateEquity, s.IFAOwnership.Private, s.IFAOwnership.NotForProfit)
	if s.LargeGroups < 0 || s.LargeGroups > 1000 {
		v.add("supply.large_groups", s.LargeGroups, "allowed 0 to 1000")
	}
	v.share("supply.large_group_share", s.LargeGroupShare)
	v.share("supply.single_home_share", s.SingleHomeShare)
	if s.LargeGroupShare+s.SingleHomeShare > 1 {
		v.add("supply.large_group_share", s.LargeGroupShare, "large_group_share + single_home_share must be at most 1")
	}
	if s.Agencies < 1 || s.Agencies > 100000 {
		v.add("supply.agencies", s.Agencies, "allowed 1 to 100,000")
	}
	if s.AgencyGroups < 0 || s.AgencyGroups > s.Agencies {
		v.add("supply.agency_groups", s.AgencyGroups, "allowed 0 to supply.agencies")
	}
	v.share("supply.agency_group_share", s.AgencyGroupShare)
	v.rng("supply.mid_homes", s.MidHomes, 1, 1000)
}

func regionNames(rs []RegionSpec) string {
	names := make([]string, len(rs))
	for i, r := range rs {
		names[i] = r.Name
	}
	return strings.Join(names, ", ")
}

// Clone returns a deep copy of c: changing the copy's slices leaves c
// untouched.
func (c *Config) Clone() *Config {
	d := *c
	d.Regions = make([]RegionSpec, len(c.Regions))
	for i, r := range c.Regions {
		r.Adjacent = append([]string(nil), r.Adjacent...)
		d.Regions[i] = r
	}
	d.Councils = append([]CouncilSpec(nil), c.Councils...)
	d.Coops = make([]CoopSpec, len(c.Coops))
	for i, cp := range c.Coops {
		cp.Members = append([]string(nil), cp.Members...)
		d.Coops[i] = cp
	}
	return &d
}
