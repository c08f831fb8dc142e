//go:build tryit

package try

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/caremarket/caremarket/market"
	"github.com/caremarket/caremarket/scenarios"
)

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
