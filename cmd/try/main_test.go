//go:build tryit

package try

import (
	"context"
	"fmt"
	"testing"
	"time"

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
