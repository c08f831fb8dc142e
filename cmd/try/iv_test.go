//go:build tryit

package try

import (
	"context"
	"fmt"
	"os"
	"testing"

	"github.com/caremarket/caremarket/market"
	"github.com/caremarket/caremarket/scenarios"
)

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
