//go:build tryit

package try

import (
	"fmt"
	"testing"

	"github.com/caremarket/caremarket/agents"
	"github.com/caremarket/caremarket/market"
	"github.com/caremarket/caremarket/scenarios"
)

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
