package market_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/caremarket/caremarket/agents"
	"github.com/caremarket/caremarket/market"
)

// TestHugeRatesAreRefusedOrRun: a mistyped rate (1e9 for 0.05) must be
// refused with an error naming the field, or run to completion; it must not
// stall a week or exhaust memory.
func TestHugeRatesAreRefusedOrRun(t *testing.T) {
	for _, tc := range []struct {
		field  string
		mutate func(c *market.Config)
	}{
		{"investment.gamma", func(c *market.Config) { c.Investment.Gamma = 1e9 }},
		{"investment.nu", func(c *market.Config) { c.Investment.Nu = 1e9 }},
		{"foster.approvals_per_year", func(c *market.Config) { c.Foster.ApprovalsPerYear = 1e9 }},
		{"demand.starters_per_year", func(c *market.Config) { c.Demand.StartersPerYear = 1e9 }},
		{"investment.registration_cap", func(c *market.Config) { c.Investment.RegistrationCap = 1e9 }},
	} {
		t.Run(tc.field, func(t *testing.T) {
			cfg := smallConfig()
			tc.mutate(cfg)
			w, err := market.New(cfg, market.Options{Seed: 1, Years: 3})
			if err != nil {
				for _, fe := range fieldErrors(err) {
					if fe.Field == tc.field {
						return
					}
				}
				t.Fatalf("refused without naming %s: %v", tc.field, err)
			}
			done := make(chan error, 1)
			go func() {
				_, err := w.Run(context.Background(), nil)
				done <- err
			}()
			select {
			case err := <-done:
				if err != nil {
					t.Fatal(err)
				}
			case <-time.After(60 * time.Second):
				t.Fatalf("%s: three years of a 480-child world did not finish in 60 s", tc.field)
			}
		})
	}
}

// TestGammaAtItsLimitRuns: the largest allowed build response runs three
// years of the small world with every invariant holding.
func TestGammaAtItsLimitRuns(t *testing.T) {
	cfg := smallConfig()
	cfg.Investment.Gamma = 10
	run(t, cfg, market.Options{Seed: 1, Years: 3, CheckInvariants: true})
}

func coopChange(start int, block bool) *rulesChange {
	return &rulesChange{start: start, name: "coop", apply: func(w *market.World) error {
		w.Rules.Coop = market.CoopRule{Active: true, BlockContracts: block, Q: 0.5, Delta: 0.3, DeltaAccept: 0.1, TermYears: 3, NextBlockWeek: w.Week()}
		return w.SetCoops([]agents.Coop{{Name: "North", Members: []int{0, 1, 2}}, {Name: "South", Members: []int{3, 4}}})
	}}
}

// TestCoopsSetTwice: a second co-operative change while block contracts run
// ends the old contracts and keeps money conserved.
func TestCoopsSetTwice(t *testing.T) {
	seeds := uint64(30)
	if testing.Short() {
		seeds = 5
	}
	for seed := uint64(1); seed <= seeds; seed++ {
		w, err := market.New(smallConfig(), market.Options{Seed: seed, Years: 3, CheckInvariants: true,
			Interventions: []market.Intervention{coopChange(0, true), coopChange(13, true)}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Run(context.Background(), nil); err != nil {
			t.Errorf("seed %d: %v", seed, err)
		}
	}
}

// TestRegionalSpendIncludesCoopCosts: a co-op's capital and running costs
// are in its members' regions' spend, so regions add up to England.
func TestRegionalSpendIncludesCoopCosts(t *testing.T) {
	iv := &rulesChange{start: 10, name: "coop", apply: func(w *market.World) error {
		w.Rules.Coop = market.CoopRule{Active: true, TermYears: 3, RunningCost: 0.9e6}
		if err := w.SetCoops([]agents.Coop{{Name: "North", Members: []int{0, 1, 2}}}); err != nil {
			return err
		}
		return w.BookCoopCost(0, 5e6)
	}}
	res := run(t, smallConfig(), market.Options{Seed: 1, Years: 1, Interventions: []market.Intervention{iv}, CheckInvariants: true})
	booked := false
	for k := range res.Weeks {
		sum := 0.0
		for r := range res.Regional[market.RegionSpendGBP] {
			sum += res.Regional[market.RegionSpendGBP][r][k]
		}
		if d := res.Series[market.SpendGBP][k] - sum; d > 0.01 || d < -0.01 {
			t.Errorf("week %d: England spend £%.2f, regions £%.2f", k, res.Series[market.SpendGBP][k], sum)
		}
		booked = booked || res.Series[market.SpendBlockGBP][k] >= 5e6
	}
	if !booked {
		t.Error("the co-op's £5m capital never reached spend")
	}
}

// TestSetCoopsRefusesBadMembership: empty co-ops, unknown councils and a
// council in two co-ops are refused with errors naming the members.
func TestSetCoopsRefusesBadMembership(t *testing.T) {
	w, err := market.New(smallConfig(), market.Options{Seed: 1, Years: 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		coops []agents.Coop
	}{
		{"empty", []agents.Coop{{Name: "empty"}}},
		{"unknown council", []agents.Coop{{Name: "x", Members: []int{99}}}},
		{"twice", []agents.Coop{{Name: "a", Members: []int{0, 1}}, {Name: "b", Members: []int{1}}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := w.SetCoops(tc.coops)
			if err == nil {
				t.Fatal("accepted")
			}
			named := false
			for _, fe := range fieldErrors(err) {
				named = named || len(fe.Field) > 0
			}
			if !named {
				t.Fatalf("error names no field: %v", err)
			}
		})
	}
}

func manyRegions(n int) *market.Config {
	cfg := smallConfig()
	base := cfg.Councils[0]
	cfg.Regions, cfg.Councils, cfg.Coops = nil, nil, nil
	for i := range n {
		cfg.Regions = append(cfg.Regions, market.RegionSpec{Name: fmt.Sprintf("R%d", i), PropIndex: 1})
		c := base
		c.Code, c.Region, c.Children = fmt.Sprintf("E06%06d", i), fmt.Sprintf("R%d", i), 100
		c.Lat, c.Lon = 50+float64(i%40)*0.1, -3+float64(i/40)*0.5
		cfg.Councils = append(cfg.Councils, c)
	}
	cfg.Demand.StartersPerYear = 40 * float64(n)
	cfg.Foster.Households = 40 * n
	return cfg
}

// TestManyRegions: up to MaxRegions regions run; more are refused with an
// error naming regions, never a panic.
func TestManyRegions(t *testing.T) {
	for _, n := range []int{17, market.MaxRegions, market.MaxRegions + 1, 200} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			w, err := market.New(manyRegions(n), market.Options{Seed: 1, Years: 1, CheckInvariants: true})
			if err != nil {
				for _, fe := range fieldErrors(err) {
					if fe.Field == "regions" {
						if n <= market.MaxRegions {
							t.Fatalf("refused %d regions: %v", n, err)
						}
						return
					}
				}
				t.Fatalf("refused without naming regions: %v", err)
			}
			if n > market.MaxRegions {
				t.Fatalf("accepted %d regions", n)
			}
			if _, err := w.Run(context.Background(), nil); err != nil {
				t.Fatal(err)
			}
		})
	}
}
