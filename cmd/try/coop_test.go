//go:build tryit

package try

import (
	"context"
	"fmt"
	"testing"

	"github.com/caremarket/caremarket/market"
	"github.com/caremarket/caremarket/scenarios"
)

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
