package market_test

import (
	"context"
	"fmt"
	"testing"

	"pgregory.net/rapid"

	"github.com/caremarket/caremarket/agents"
	"github.com/caremarket/caremarket/market"
)

// rulesChange is an intervention that changes the world's rules at its
// start week as the interventions of package scenarios do, through the
// engine's exported state and helpers, with every choice drawn beforehand.
type rulesChange struct {
	start int
	name  string
	apply func(w *market.World) error
}

func (r *rulesChange) Name() string                { return r.name }
func (r *rulesChange) StartWeek() int              { return r.start }
func (r *rulesChange) Apply(w *market.World) error { return r.apply(w) }
func (r *rulesChange) String() string              { return fmt.Sprintf("%s at week %d", r.name, r.start) }

// drawRulesChange draws a random combination of the levers of docs/model.md
// §6, starting at a random reported week. It returns the change and
// the largest unregistered fine it may set.
func drawRulesChange(d drawer, label string, weeks int, nc, nr int, allowCoop bool) (ch *rulesChange, fine float64, coop bool) {
	start := d.i(0, weeks-1, label+".start")
	var steps []func(w *market.World)
	var names []string
	if d.b(label + ".profit_cap") {
		mode := market.PriceCeiling
		if d.b(label + ".clawback") {
			mode = market.Clawback
		}
		rate := d.f(0.02, 0.3, label+".cap_rate")
		phase := d.i(1, 3, label+".phase_in")
		names = append(names, fmt.Sprintf("ProfitCap(%v %.2f)", mode, rate))
		steps = append(steps, func(w *market.World) {
			w.Rules.ProfitCap = market.ProfitCapRule{Active: true, Mode: mode, Rate: rate, PhaseInYears: phase, FromWeek: w.Week()}
		})
	}
	if d.b(label + ".price_cap") {
		var r market.PriceCapRule
		r.Active = true
		for _, s := range []agents.Setting{agents.ChildrensHome, agents.FosterIFA, agents.Supported} {
			for tier := agents.Tier(0); tier < agents.NumTiers; tier++ {
				if d.b(label + ".ceiling_set") {
					r.Ceiling[s][tier] = d.f(200, 12000, label+".ceiling")
				}
			}
		}
		names = append(names, "PriceCap")
		steps = append(steps, func(w *market.World) { w.Rules.PriceCap = r })
	}
	if d.b(label + ".windfall") {
		r := market.WindfallRule{Active: true, Tau: d.f(0, 1, label+".tau"), Theta: d.f(0, 0.3, label+".theta"), Threshold: d.f(0, 2e6, label+".threshold")}
		names = append(names, "WindfallTax")
		steps = append(steps, func(w *market.World) { w.Rules.Windfall = r })
	}
	if d.b(label + ".transparency") {
		names = append(names, "Transparency")
		steps = append(steps, func(w *market.World) { w.Rules.Transparency.All = true })
	}
	if d.b(label + ".oversight") {
		units := d.f(1, 20, label+".min_units")
		names = append(names, "FinancialOversight")
		steps = append(steps, func(w *market.World) {
			w.Rules.Oversight.Active = true
			w.Rules.Oversight.MinUnits = units
			w.RefreshOversight()
		})
	}
	if allowCoop && d.b(label+".coop") {
		coop = true
		// One co-op per region of some of its councils, or one across
		// regions; a council belongs to at most one.
		var coops []agents.Coop
		if d.b(label + ".coop_across") {
			cp := agents.Coop{Name: "across"}
			for c := range nc {
				if d.b(label + ".member") {
					cp.Members = append(cp.Members, c)
				}
			}
			coops = append(coops, cp)
		} else {
			for r := range nr {
				coops = append(coops, agents.Coop{Name: fmt.Sprintf("coop R%d", r)})
			}
		}
		regionOf := make([]int, nc) // filled at Apply from the world
		rule := market.CoopRule{
			Active: true, PooledSearch: d.b(label + ".pooled"), BuyerPower: d.b(label + ".buyer_power"),
			BlockContracts: d.b(label + ".block"), Forecasting: d.b(label + ".forecasting"),
			Q: d.f(0, 1, label+".q"), Delta: d.f(0, 1, label+".delta"), DeltaAccept: d.f(0, 1, label+".delta_accept"),
			TermYears: d.i(1, 5, label+".term"), RunningCost: d.f(0, 1e6, label+".running_cost"),
			Capital: d.f(0, 1e7, label+".capital"),
		}
		join := make([]bool, nc)
		for c := range join {
			join[c] = d.b(label + ".join")
		}
		names = append(names, fmt.Sprintf("Coop(%d, block %v)", len(coops), rule.BlockContracts))
		steps = append(steps, func(w *market.World) {
			cs := make([]agents.Coop, len(coops))
			copy(cs, coops)
			if len(cs) > 1 || cs[0].Name != "across" {
				for c := range w.Councils {
					regionOf[c] = w.Councils[c].Region
					if join[c] {
						cs[regionOf[c]].Members = append(cs[regionOf[c]].Members, c)
					}
				}
			}
			kept := cs[:0]
			for _, cp := range cs {
				if len(cp.Members) > 0 {
					kept = append(kept, cp)
				}
			}
			cs = kept
			if len(cs) == 0 {
				cs = []agents.Coop{{Name: "first council", Members: []int{0}}}
			}
			rule.NextBlockWeek = w.Week()
			w.Rules.Coop = rule
			w.Rules.Coop.Coops = nil
			if err := w.SetCoops(cs); err != nil {
				panic(err) // the steps build valid co-ops; a refusal is a test bug
			}
			for k := range cs {
				if err := w.BookCoopCost(k, rule.Capital); err != nil {
					panic(err)
				}
			}
		})
	}
	for _, prog := range []string{"nfp", "in_house_build"} {
		if !d.b(label + "." + prog) {
			continue
		}
		homes := d.i(1, 20, label+".homes")
		weeks := d.i(1, 260, label+".weeks")
		var regions []int
		if d.b(label + ".some_regions") {
			regions = append(regions, d.i(0, nr-1, label+".region"))
		}
		prog := prog
		names = append(names, fmt.Sprintf("%s(%d)", prog, homes))
		steps = append(steps, func(w *market.World) {
			r := market.ProgramRule{Active: true, Homes: homes, Weeks: weeks, FromWeek: w.Week(), Regions: regions}
			if prog == "nfp" {
				w.Rules.NFP = r
			} else {
				w.Rules.InHouseBuild = r
			}
		})
	}
	if d.b(label + ".foster") {
		r := market.FosterRule{Active: true, Extra: d.f(0, 200, label+".extra"), Weeks: d.i(1, 156, label+".foster_weeks"), AllowanceRatio: d.f(0.5, 3, label+".allowance")}
		names = append(names, "FosterRecruitment")
		steps = append(steps, func(w *market.World) {
			r.FromWeek = w.Week()
			w.Rules.Foster = r
		})
	}
	if d.b(label + ".unregistered") {
		mode := market.Ban
		if d.b(label + ".enforce") {
			mode = market.Enforce
		}
		r := market.UnregisteredRule{Mode: mode, ConversionRate: d.f(0, 1, label+".conversion")}
		if mode == market.Enforce {
			r.Fine = d.f(0, 5000, label+".fine")
			fine = r.Fine
		}
		names = append(names, fmt.Sprintf("Unregistered(%v)", mode))
		steps = append(steps, func(w *market.World) {
			w.Rules.Unregistered = r
			w.RepriceUnregistered()
		})
	}
	if exits := d.i(0, 3, label+".exits"); exits > 0 {
		picks := make([]float64, exits)
		for i := range picks {
			picks[i] = d.f(0, 1, label+".exit_pick")
		}
		names = append(names, fmt.Sprintf("Exits(%d)", exits))
		steps = append(steps, func(w *market.World) {
			var active []int32
			for p := range w.Providers {
				if w.Providers[p].Market() && w.Providers[p].Status == agents.Active {
					active = append(active, int32(p))
				}
			}
			for _, u := range picks {
				if len(active) > 0 {
					w.Exit(active[min(len(active)-1, int(u*float64(len(active))))])
				}
			}
		})
	}
	return &rulesChange{start: start, name: fmt.Sprint(names), apply: func(w *market.World) error {
		for _, s := range steps {
			s(w)
		}
		return nil
	}}, fine, coop
}

// TestRandomRules runs random small worlds under random combinations of
// the policy levers (profit caps, price caps, windfall tax, transparency,
// oversight, co-operatives with block contracts, funded homes, foster
// recruitment, unregistered bans and fines, forced provider exits), one or
// two sets starting at random weeks, with Check after every week and the
// accounting identities of their results.
func TestRandomRules(t *testing.T) {
	t.Parallel()
	rapid.Check(t, func(t *rapid.T) {
		cfg := randomConfig(t)
		years := rapid.IntRange(1, 3).Draw(t, "years")
		d := newDrawer(t, "uniform_rules", "rules_seed")
		var ivs []market.Intervention
		maxFine := 0.0
		coops := false
		for i := range rapid.IntRange(1, 2).Draw(t, "changes") {
			// At most one change sets co-operatives: setting them again
			// while block contracts run breaks the money invariant (see
			// /work/notes/failing_tests.go.txt, TestCoopsSetTwice).
			iv, fine, coop := drawRulesChange(d, fmt.Sprintf("change%d", i), years*52, len(cfg.Councils), len(cfg.Regions), !coops)
			t.Logf("%v", iv)
			ivs = append(ivs, iv)
			maxFine = max(maxFine, fine)
			coops = coops || coop
		}
		opts := market.Options{Seed: rapid.Uint64().Draw(t, "seed"), Years: years, WarmupWeeks: 13, Interventions: ivs, CheckInvariants: true}
		w, err := market.New(cfg, opts)
		if err != nil {
			t.Fatalf("market.New: %v", err)
		}
		res, err := w.Run(context.Background(), nil)
		if err != nil {
			t.Fatal(err)
		}
		checkSeriesFine(t, cfg, res, years, -1, maxFine)
	})
}
