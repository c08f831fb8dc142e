//go:build tryit

// Package try holds development harnesses: benchmarks and printouts run
// by hand with -tags tryit, not part of the test suite.
package try

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/caremarket/caremarket/agents"
	"github.com/caremarket/caremarket/market"
	"github.com/caremarket/caremarket/scenarios"
)

func TestTry(t *testing.T) {
	cfg, err := scenarios.Baseline()
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Now()
	w, err := market.New(cfg, market.Options{Seed: 1, Years: 10, CheckInvariants: false})
	if err != nil {
		t.Fatal(err)
	}
	fmt.Println("init", time.Since(t0))
	if err := w.Check(); err != nil {
		t.Fatal(err)
	}
	res, err := w.Run(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Println("run", time.Since(t0))
	for _, m := range []market.Metric{market.ChildrenInCare, market.Arrivals, market.Leavers, market.PlacedFosterInHouse, market.PlacedFosterIFA, market.PlacedHomes, market.PlacedSupported, market.PlacedOther, market.Waiting, market.UnregisteredPlaced, market.Over20Miles, market.OutOfArea, market.Moves, market.SpendGBP, market.PriceHomeMean, market.PriceHomeP90, market.PriceIFAMean, market.PriceSupportedMean, market.MarginPrivateEquity, market.MarginPrivate, market.MarginNFP, market.HomePlaces, market.HomePlacesPrivateEquity, market.HomePlacesPrivate, market.HomePlacesNFP, market.HomePlacesCouncil, market.FosterHouseholdsCouncil, market.FosterHouseholdsIFA, market.OccupancyHomes, market.Entries, market.ExitsDisorderly, market.HHIHomePlaces, market.ChildrenOver500k, market.HomesOpened, market.HomesClosed, market.SpendWaitingGBP, market.SpendUnregisteredGBP, market.StabilityOne, market.StabilityThreePlus, market.SupportedPlaces} {
		fmt.Printf("%-28s", m)
		for _, v := range res.Yearly(m) {
			fmt.Printf(" %10.4g", v)
		}
		fmt.Println()
	}
	fmt.Println(res.Warnings)
	if err := w.Check(); err != nil {
		t.Fatal(err)
	}
}

func BenchmarkTen(b *testing.B) {
	cfg, _ := scenarios.Baseline()
	for i := 0; i < b.N; i++ {
		w, _ := market.New(cfg, market.Options{Seed: 1, Years: 10})
		w.Run(context.Background(), nil)
	}
}

func BenchmarkInit(b *testing.B) {
	cfg, _ := scenarios.Baseline()
	for i := 0; i < b.N; i++ {
		market.New(cfg, market.Options{Seed: 1, Years: 10})
	}
}

func BenchmarkWeeks(b *testing.B) {
	cfg, _ := scenarios.Baseline()
	w, _ := market.New(cfg, market.Options{Seed: 1, Years: 100})
	for w.Week() < 200 {
		w.Step()
	}
	b.ResetTimer()
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		w.Step()
	}
}

func BenchmarkLadder(b *testing.B) {
	for _, k := range []int{1, 2, 4} {
		cfg, err := scenarios.ReplicatedBaseline(k)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprint(k), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				w, err := market.New(cfg, market.Options{Seed: 1, Years: 2})
				if err != nil {
					b.Fatal(err)
				}
				w.Run(context.Background(), nil)
			}
		})
	}
}

func TestCal(t *testing.T) {
	cfg, _ := scenarios.Baseline()
	if ov := os.Getenv("OVERLAY"); ov != "" {
		if err := yaml.Unmarshal([]byte(ov), cfg); err != nil {
			t.Fatal(err)
		}
	}
	years := 2
	if os.Getenv("YEARS") != "" {
		fmt.Sscan(os.Getenv("YEARS"), &years)
	}
	w, err := market.New(cfg, market.Options{Seed: 1, Years: years})
	if err != nil {
		t.Fatal(err)
	}
	res, err := w.Run(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	y := func(m market.Metric) []float64 { return res.Yearly(m) }
	cla := y(market.ChildrenInCare)
	var sb strings.Builder
	for yr := 0; yr < years; yr++ {
		share := func(m market.Metric) float64 { return 100 * y(m)[yr] / cla[yr] }
		fmt.Fprintf(&sb, "%d CLA %.0f arr %.0f lv %.0f | IH %.1f IFA %.1f H %.1f S %.1f O %.1f U %.1f W %.0f | spend %.2fbn (wait %.2f unreg %.2f) | pH %.0f pIFA %.0f pS %.0f | places %.0f occ %.2f privshare %.1f ifahh %.1f hh %.0f | mPE %.2f mP %.2f mN %.2f | stab1 %.2f stab3 %.2f moves %.0f | o20 %.0f ooa %.0f o500 %.0f exits %.0f ent %.0f opened %.0f closed %.0f | short %.2f single %.2f\n",
			2023+yr, cla[yr], y(market.Arrivals)[yr], y(market.Leavers)[yr],
			share(market.PlacedFosterInHouse), share(market.PlacedFosterIFA), share(market.PlacedHomes), share(market.PlacedSupported), share(market.PlacedOther), share(market.UnregisteredPlaced), y(market.Waiting)[yr],
			y(market.SpendGBP)[yr]/1e9, y(market.SpendWaitingGBP)[yr]/1e9, y(market.SpendUnregisteredGBP)[yr]/1e9,
			y(market.PriceHomeMean)[yr], y(market.PriceIFAMean)[yr], y(market.PriceSupportedMean)[yr],
			y(market.HomePlaces)[yr], y(market.OccupancyHomes)[yr],
			100*(y(market.HomePlacesPrivateEquity)[yr]+y(market.HomePlacesPrivate)[yr])/y(market.HomePlaces)[yr],
			100*y(market.FosterHouseholdsIFA)[yr]/(y(market.FosterHouseholdsIFA)[yr]+y(market.FosterHouseholdsCouncil)[yr]),
			y(market.FosterHouseholdsIFA)[yr]+y(market.FosterHouseholdsCouncil)[yr],
			y(market.MarginPrivateEquity)[yr], y(market.MarginPrivate)[yr], y(market.MarginNFP)[yr],
			y(market.StabilityOne)[yr], y(market.StabilityThreePlus)[yr], y(market.Moves)[yr],
			y(market.Over20Miles)[yr], y(market.OutOfArea)[yr], y(market.ChildrenOver500k)[yr], y(market.ExitsDisorderly)[yr], y(market.Entries)[yr], y(market.HomesOpened)[yr], y(market.HomesClosed)[yr], y(market.LeaversUnderOneYear)[yr]/y(market.Leavers)[yr], y(market.SingleHomeShare)[yr])
	}
	fmt.Print(sb.String())
}

func TestCoopSwitchesDbg(t *testing.T) {
	for _, sw := range []string{"none", "pooled", "buyer", "block", "forecast"} {
		sc, _ := scenarios.Builtin("baseline")
		sc.Years = 6
		if sw != "none" {
			c := scenarios.NewCoopCommissioning(52)
			c.PooledSearch, c.BuyerPower, c.BlockContracts, c.Forecasting = sw == "pooled", sw == "buyer", sw == "block", sw == "forecast"
			sc.Interventions = []scenarios.Intervention{c}
		}
		res, err := scenarios.Run(context.Background(), sc, scenarios.RunOptions{})
		if err != nil {
			t.Fatal(err)
		}
		y := func(m market.Metric) []float64 { return res.Yearly(m) }
		fmt.Printf("%-9s exitsD %v\n          places %v\n          opened %v\n          occ %v\n          margin %v\n          o20 %v\n", sw, y(market.ExitsDisorderly), y(market.HomePlaces), y(market.HomesOpened), y(market.OccupancyHomes), y(market.MarginForProfit), y(market.Over20Miles))
	}
}

func TestExits(t *testing.T) {
	cfg, _ := scenarios.Baseline()
	w, err := market.New(cfg, market.Options{Seed: 1, Years: 2})
	if err != nil {
		t.Fatal(err)
	}
	for w.Week() < 52+52 {
		before := make([]agents.ProviderStatus, len(w.Providers))
		for i := range w.Providers {
			before[i] = w.Providers[i].Status
		}
		w.Step()
		for i := range before {
			p := &w.Providers[i]
			if before[i] == agents.Active && p.Status == agents.Exited {
				fmt.Printf("wk %d exit %v homes %d schemes %d hh %d cash %.0f debt %.0f ebitda %.0f cover %d last0 %+v\n", w.Week(), p.Ownership, p.Homes, p.Schemes, p.Households, p.Finance.Cash, p.Finance.Debt, p.Finance.TrailingEBITDA, p.Finance.CoverFailures, p.Last[0])
			}
		}
	}
}

func TestIV(t *testing.T) {
	names := []string{"baseline", "profit-cap", "profit-cap-clawback", "price-cap", "windfall-tax", "nfp-entry", "coop", "coop-nfp", "oversight", "foster-recruitment", "inhouse-build", "unregistered-ban", "reform-2024"}
	if n := os.Getenv("NAMES"); n != "" {
		names = []string{n}
	}
	for _, n := range names {
		sc, err := scenarios.Builtin(n)
		if err != nil {
			t.Fatal(err)
		}
		sc.Years = 5
		res, err := scenarios.Run(context.Background(), sc, scenarios.RunOptions{CheckInvariants: os.Getenv("CHECK") != ""})
		if err != nil {
			t.Fatal(n, err)
		}
		y := func(m market.Metric) []float64 { return res.Yearly(m) }
		tot := func(m market.Metric) float64 {
			s := 0.0
			for _, v := range y(m) {
				s += v
			}
			return s
		}
		fmt.Printf("%-20s spend %.2fbn net %.2fbn wait %.0f unreg %.0f o20 %.0f pH %.0f pIFA %.0f mFP %.3f places %.0f nfp %.0f opFP %.0f exD %.0f exO %.0f hh %.0f IH %.0f H %.0f claw %.2fbn tax %.2fbn %v\n", n,
			tot(market.SpendGBP)/1e9, tot(market.NetPublicCostGBP)/1e9, y(market.Waiting)[4], y(market.UnregisteredPlaced)[4], y(market.Over20Miles)[4],
			y(market.PriceHomeMean)[4], y(market.PriceIFAMean)[4], y(market.MarginForProfit)[4], y(market.HomePlaces)[4], y(market.HomePlacesNFP)[4],
			tot(market.HomesOpenedForProfit), tot(market.ExitsDisorderly), tot(market.ExitsOrderly), y(market.FosterHouseholdsCouncil)[4]+y(market.FosterHouseholdsIFA)[4], y(market.PlacedFosterInHouse)[4], y(market.PlacedHomes)[4], tot(market.ClawbackGBP)/1e9, tot(market.TaxReceiptsGBP)/1e9, res.Warnings)
	}
}

func TestWeekly(t *testing.T) {
	sc, _ := scenarios.Builtin("baseline")
	sc.Years = 1
	res, _ := scenarios.Run(context.Background(), sc, scenarios.RunOptions{})
	for k := 0; k < 30; k++ {
		fmt.Printf("%d:%.0f ", k, res.Series[market.Waiting][k])
	}
	fmt.Println()
}
