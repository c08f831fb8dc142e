package market

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sort"
	"time"

	"github.com/caremarket/caremarket/agents"
)

// WarmupWeeks is the default warm-up before the first reported week.
const WarmupWeeks = agents.WeeksPerYear

// Intervention is a policy that acts on the world at a start week. Apply is
// called once, at the start of week StartWeek (counted from the first
// reported week; 0 is April of the first reported year), before that week's
// arrivals. It may change w.Rules, agents or the schedule. An intervention
// that must also act every week implements Stepper.
type Intervention interface {
	// Name identifies the intervention in errors and outputs.
	Name() string
	// StartWeek is the first reported week the intervention is in force.
	StartWeek() int
	// Apply puts the intervention in force.
	Apply(w *World) error
}

// Stepper is an Intervention that also acts at the start of every week from
// its start week on.
type Stepper interface {
	Intervention
	Step(w *World) error
}

// Options set how a world runs.
type Options struct {
	// Seed is the scenario seed and Run the run index; the pair sets every
	// random stream.
	Seed uint64
	Run  int
	// Years is the reported horizon in financial years (1 to MaxYears).
	Years int
	// WarmupWeeks is the unreported warm-up; 0 means WarmupWeeks (52).
	// Use a negative value for no warm-up.
	WarmupWeeks int
	// StartYear is the calendar year of the first reported April; 0 means 2023.
	StartYear int
	// Interventions act on the world at their start weeks.
	Interventions []Intervention
	// CheckInvariants runs Check after every week and stops at the first
	// violation (slower; for tests).
	CheckInvariants bool
	// OnPlacement, when not nil, is called for every placement agreed
	// (matching, unregistered fallbacks and conversions), after the warm-up
	// as well as during it.
	OnPlacement func(Placement)
}

// Placement describes a placement as it is agreed.
type Placement struct {
	Week      int            // engine week
	Child     int32          // child slot
	Council   int            // the child's council
	Tier      agents.Tier    // the child's need tier
	Setting   agents.Setting // where the child is placed
	Provider  int32          // the provider receiving the price
	Ownership agents.Ownership
	Price     float64 // agreed £ a week
	UnitCost  float64 // ĉ of the place for this child
	Ceiling   float64 // the ceiling on the provider's quote in force, 0 for none
	Block     bool    // a co-op block place
	Move      bool    // the child had a placement before in this episode
}

// region is a region's derived state.
type region struct {
	name      string
	propIndex float64
	adjacent  []int
	councils  []int
	// ring2 lists the region itself and its neighbours; ring3 the rest.
	others []int
	// workforce (docs/model.md §4.8): staff pool and need; the care wage
	// relative to England's start (national index × premium); the staff
	// cost factor of homes' fixed costs; the published relative pay level
	// and the premium's log gap from it.
	pool, need, wage, workFactor     float64
	staffCost, wageLevel, premiumGap float64
	homePlacesShare                  float64
	// unregistered supplier provider ID
	unreg int32
	// investment: spot price sums of placements started, per kind, over the
	// last 4 quarters (index 0 = current quarter).
	spotSum   [agents.NumHomeKinds][4]float64
	spotCount [agents.NumHomeKinds][4]int
	children  int // children looked after at the start
	pop       int
}

// World is the simulated market. Create one with New. Every field must be
// copied by Clone (clone.go); a test fails when one is not.
type World struct {
	cfg  Config
	opts Options
	// Rules is the regulatory state; interventions change it.
	Rules Rules

	week, warmup, weeks int // current engine week, warm-up weeks, total engine weeks
	startYear           int
	rng                 [numStreams]*rand.Rand
	src                 [numStreams]*rand.PCG // the generators behind rng (for Clone)

	regions  []region
	Councils []agents.Council
	// Providers holds every provider ever created, by ID.
	Providers  []agents.Provider
	Homes      []agents.Home
	Households []agents.Household

	kids  children
	vac   vacancies
	cal   calendar
	seek  [agents.NumTiers][]int32 // seekers by tier, in order of seeking start
	acct  accounts
	stats stats
	res   *Results

	interventions []Intervention
	applied       []bool
	warnings      []string

	// derived parameters
	acceptBase               [agents.NumSettings][agents.NumTiers]float64
	punreg                   [agents.NumTiers]float64
	reviewLeft               [numReviews]int // eligible children to the next planned-move review, by kind (moves.go)
	costs                    costTable
	price                    priceState // scarcity markups and reservation references (pricing.go)
	profiles                 [numProfiles]profile
	qpows                    []qpowTable     // binomial tables by acceptance
	ctx                      context.Context // set while the world is being built
	fosterExtra              float64         // extra approvals due but not yet made (a fraction)
	yearExits, yearProviders int             // exits this year, market providers at its start
	growthAt, growthVal      float64
	nonUASCAges              [6]float64
	scratch                  scratch
	sB                       []float64 // buyer share of regional placements, by council
	staffRatio               float64   // care staff per registered home place
	nationalWage             float64   // national care wage index (1 at the start)
	closing                  []int32   // homes under notice
	building                 []int32   // homes being built
	nfpByRegion              []int32   // the NFP programme provider of each region
	blockPayer               []int8    // the co-op that last held each home under contract
	meanUnits0               float64   // mean homes and schemes of a market provider at the start (invest.go)
	councilFund              []float64 // each council's unspent capital for new homes, £ (councilbuild.go)
}

// New builds a world from a configuration and options. It validates both
// and returns an error naming the field at fault; it never panics on bad
// input.
func New(cfg *Config, opts Options) (*World, error) {
	return NewContext(context.Background(), cfg, opts)
}

// NewContext is New with a context: building an England world takes a few
// tenths of a second, and a cancelled ctx stops it early with ctx's error.
func NewContext(ctx context.Context, cfg *Config, opts Options) (*World, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	if cfg == nil {
		return nil, errors.New("market: nil config")
	}
	if opts.Years < 1 || opts.Years > MaxYears {
		return nil, &FieldError{Field: "years", Value: opts.Years, Allowed: fmt.Sprintf("allowed 1 to %d", MaxYears)}
	}
	if opts.Run < 0 {
		return nil, &FieldError{Field: "run", Value: opts.Run, Allowed: "must be zero or positive"}
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	w := &World{cfg: *cfg, opts: opts, Rules: DefaultRules()}
	w.warmup = opts.WarmupWeeks
	if w.warmup == 0 {
		w.warmup = WarmupWeeks
	} else if w.warmup < 0 {
		w.warmup = 0
	}
	if w.warmup > 520 {
		return nil, &FieldError{Field: "warmup_weeks", Value: w.warmup, Allowed: "allowed 0 to 520"}
	}
	w.startYear = opts.StartYear
	if w.startYear == 0 {
		w.startYear = 2023
	}
	w.weeks = w.warmup + opts.Years*agents.WeeksPerYear
	w.src = newSources(opts.Seed, opts.Run)
	w.rng = streamsOf(w.src)
	for i, iv := range opts.Interventions {
		if iv == nil {
			return nil, &FieldError{Field: fmt.Sprintf("interventions[%d]", i), Value: nil, Allowed: "must not be nil"}
		}
		if s := iv.StartWeek(); s < 0 || s >= opts.Years*agents.WeeksPerYear {
			return nil, &FieldError{Field: fmt.Sprintf("interventions[%d] (%s).start_week", i, iv.Name()), Value: s,
				Allowed: fmt.Sprintf("allowed 0 to %d (the horizon is %d years)", opts.Years*agents.WeeksPerYear-1, opts.Years)}
		}
	}
	w.interventions = append([]Intervention(nil), opts.Interventions...)
	sort.SliceStable(w.interventions, func(i, j int) bool {
		return w.interventions[i].StartWeek() < w.interventions[j].StartWeek()
	})
	w.applied = make([]bool, len(w.interventions))
	if opts.Years > 15 {
		w.Warn("the horizon runs %d years, to %d: results beyond the first ten or so years extrapolate a calibration to 2023/24", opts.Years, w.startYear+opts.Years)
	}
	w.ctx = ctx
	defer func() { w.ctx = nil }()
	if err := w.init(); err != nil {
		return nil, err
	}
	return w, nil
}

// Config returns a copy of the world's configuration.
func (w *World) Config() Config { return w.cfg }

// Week returns the current engine week (0 is the first warm-up week).
func (w *World) Week() int { return w.week }

// WarmupWeeks returns the number of unreported warm-up weeks.
func (w *World) WarmupWeeks() int { return w.warmup }

// ReportedWeek returns the current week counted from the first reported week
// (negative during the warm-up).
func (w *World) ReportedWeek() int { return w.week - w.warmup }

// TotalWeeks returns the number of engine weeks, warm-up included.
func (w *World) TotalWeeks() int { return w.weeks }

// Done reports whether the world has run to its horizon.
func (w *World) Done() bool { return w.week >= w.weeks }

// Regions returns the region names, in index order.
func (w *World) Regions() []string {
	names := make([]string, len(w.regions))
	for i, r := range w.regions {
		names[i] = r.name
	}
	return names
}

// RegionIndex returns the index of the named region, or an error listing the
// regions.
func (w *World) RegionIndex(name string) (int, error) {
	for i, r := range w.regions {
		if r.name == name {
			return i, nil
		}
	}
	return -1, fmt.Errorf("unknown region %q: allowed %s", name, regionNames(w.cfg.Regions))
}

// CouncilIndex returns the index of the council with the given code.
func (w *World) CouncilIndex(code string) (int, error) {
	for i := range w.Councils {
		if w.Councils[i].Code == code {
			return i, nil
		}
	}
	return -1, fmt.Errorf("unknown council code %q", code)
}

// Warn records a warning that is reported with the results.
func (w *World) Warn(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	for _, m := range w.warnings {
		if m == msg {
			return
		}
	}
	w.warnings = append(w.warnings, msg)
}

// Progress is called as a run advances, with the weeks done and the total.
type Progress func(done, total int)

// Run steps the world to its horizon and returns its results. It checks ctx
// every week and returns ctx's error when cancelled; progress, when not nil,
// is called every quarter (agents.WeeksPerQuarter weeks).
func (w *World) Run(ctx context.Context, progress Progress) (*Results, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	for !w.Done() {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if err := w.Step(); err != nil {
			return nil, err
		}
		if progress != nil && (w.week%agents.WeeksPerQuarter == 0 || w.Done()) {
			progress(w.week, w.weeks)
		}
	}
	return w.Results(), nil
}

// Results returns the results recorded so far. The returned value shares
// nothing with the world.
func (w *World) Results() *Results {
	r := w.res.clone()
	r.Warnings = append([]string(nil), w.warnings...)
	return r
}

// Date returns the calendar date of engine week k.
func (w *World) Date(k int) time.Time {
	start := time.Date(w.startYear, time.April, 1, 0, 0, 0, 0, time.UTC)
	return start.AddDate(0, 0, 7*(k-w.warmup))
}
