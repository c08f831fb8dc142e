package plots

import (
	"testing"

	"github.com/caremarket/caremarket/market"
	"github.com/caremarket/caremarket/scenarios"
)

func TestSameSeriesSpotsIdenticalMetrics(t *testing.T) {
	a, b := &scenarios.Summary{}, &scenarios.Summary{}
	for _, s := range []*scenarios.Summary{a, b} {
		s.Yearly[market.SpendGBP] = []scenarios.Band{{Mean: 1}, {Mean: 2}}
		s.Yearly[market.NetPublicCostGBP] = []scenarios.Band{{Mean: 1}, {Mean: 2}}
	}
	if !sameSeries([]*scenarios.Summary{a, b}, market.SpendGBP, market.NetPublicCostGBP) {
		t.Fatal("identical series not spotted")
	}
	b.Yearly[market.NetPublicCostGBP][1].Mean = 1.5 // a clawback in one scenario's second year
	if sameSeries([]*scenarios.Summary{a, b}, market.SpendGBP, market.NetPublicCostGBP) {
		t.Fatal("different series reported the same")
	}
}
