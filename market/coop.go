package market

import (
	"fmt"
	"math"

	"github.com/caremarket/caremarket/agents"
)

// blockCoop returns the co-op whose block homes council c's children may
// use, or -1.
func (w *World) blockCoop(c int) int {
	cr := &w.Rules.Coop
	if !cr.Active || !cr.BlockContracts {
		return -1
	}
	return w.Councils[c].Coop
}

// SetCoops puts co-operatives in force: each council in a co-op's Members
// commissions through it. It ends the block contracts of any earlier
// co-ops and replaces them. Every co-op needs at least one member, each a
// council index, and a council may belong to one co-op only.
func (w *World) SetCoops(coops []agents.Coop) error {
	seen := make([]bool, len(w.Councils))
	for k, cp := range coops {
		if len(cp.Members) == 0 {
			return &FieldError{Field: fmt.Sprintf("coops[%d] (%s).members", k, cp.Name), Value: 0, Allowed: "at least one member council"}
		}
		for _, m := range cp.Members {
			if m < 0 || m >= len(w.Councils) {
				return &FieldError{Field: fmt.Sprintf("coops[%d] (%s).members", k, cp.Name), Value: m, Allowed: fmt.Sprintf("council indices 0 to %d", len(w.Councils)-1)}
			}
			if seen[m] {
				return &FieldError{Field: fmt.Sprintf("coops[%d] (%s).members", k, cp.Name), Value: w.Councils[m].Code, Allowed: "each council in one co-op only"}
			}
			seen[m] = true
		}
	}
	for h := range w.Homes {
		if w.Homes[h].BlockCoop >= 0 {
			w.setBlock(h, 0, 0, -1, 0)
		}
	}
	for c := range w.Councils {
		w.Councils[c].Coop = -1
	}
	for k, cp := range coops {
		for _, m := range cp.Members {
			w.Councils[m].Coop = k
		}
	}
	w.Rules.Coop.Coops = coops
	w.acct.coopRate = make([]int64, len(coops))
	w.acct.coopAdmin = make([]float64, len(coops))
	w.vac.coop = make([][numSlots][]int32, len(coops))
	w.updateBuyerShares(nil)
	return nil
}

// BookCoopCost books a one-off public cost of co-op k (e.g. its capital) in
// next week's spend, shared among its members by children looked after.
func (w *World) BookCoopCost(k int, pounds float64) error {
	if k < 0 || k >= len(w.acct.coopAdmin) {
		return &FieldError{Field: "coop", Value: k, Allowed: fmt.Sprintf("a co-op index 0 to %d", len(w.acct.coopAdmin)-1)}
	}
	w.acct.coopAdmin[k] += pounds
	return nil
}

// setBlock puts home h under co-op coop's block contract for places places at
// price £ a week until engine week until; coop < 0 ends the contract.
func (w *World) setBlock(h, places int, price float64, coop, until int) {
	hm := &w.Homes[h]
	if coop < 0 && hm.BlockCoop < 0 {
		return
	}
	if coop >= 0 {
		w.blockPayer[h] = int8(coop)
	}
	hm.BlockPlaces = uint8(places)
	hm.BlockPrice = price
	hm.BlockCoop = int8(coop)
	hm.BlockUntil = int32(until)
	if coop < 0 {
		hm.BlockPlaces, hm.BlockPrice = 0, 0
		for _, id := range hm.Children[:hm.Occupied] {
			w.kids.block[id] = false
		}
	}
	w.syncBlock(h)
	w.refreshHome(h)
}

// blockRounds ends expired block contracts and, every TermYears, lets each
// co-op contract children's-home places for the coming term (docs/model.md
// §6, switch iii).
func (w *World) blockRounds() {
	cr := &w.Rules.Coop
	for h := range w.Homes {
		if hm := &w.Homes[h]; hm.BlockCoop >= 0 && (int(hm.BlockUntil) <= w.week || hm.Status != agents.Open) {
			w.setBlock(h, 0, 0, -1, 0)
		}
	}
	if !cr.Active || !cr.BlockContracts || w.week < cr.NextBlockWeek {
		return
	}
	cr.NextBlockWeek = w.week + max(1, cr.TermYears)*agents.WeeksPerYear
	for k := range cr.Coops {
		for _, kind := range []agents.HomeKind{agents.StandardHome, agents.ComplexHome, agents.SoloHome} {
			w.blockRound(k, kind)
		}
	}
}

// blockRound offers block contracts for one co-op and home kind: target
// places q·forecast − council places; price ĉ(o=1)·(1 + μ(1 − δ)), raised to a
// provider's participation price o·p̂_own·(1 − δ_accept) where that is higher,
// capped at the regional spot price p̂; providers whose participation price
// is above the cap decline.
func (w *World) blockRound(k int, kind agents.HomeKind) {
	cr := &w.Rules.Coop
	cp := &cr.Coops[k]
	member := make(map[int]bool, len(cp.Members))
	regions := map[int]bool{}
	for _, m := range cp.Members {
		member[m] = true
		regions[w.Councils[m].Region] = true
	}
	// Forecast: member children who will need this kind in the next 52
	// weeks, taken as those in such homes now plus those waiting for one.
	kids := &w.kids
	forecast, councilPlaces := 0, 0
	for h := range w.Homes {
		hm := &w.Homes[h]
		if hm.Kind != kind || (hm.Status != agents.Open && hm.Status != agents.Closing) {
			continue
		}
		for _, id := range hm.Children[:hm.Occupied] {
			if member[int(kids.hot[id].council)] {
				forecast++
			}
		}
		if o := w.Providers[hm.Owner].Owner; o >= 0 && member[o] {
			councilPlaces += int(hm.Places)
		}
	}
	for reg := range regions {
		wk := w.waitingByKind(reg)
		forecast += wk[kind]
	}
	target := int(math.Round(cr.Q*float64(forecast))) - councilPlaces
	if target <= 0 {
		return
	}
	type offer struct {
		h           int
		participate float64
	}
	var offers []offer
	for h := range w.Homes {
		hm := &w.Homes[h]
		if hm.Kind != kind || hm.Status != agents.Open || hm.BlockCoop >= 0 || !regions[int(hm.Region)] {
			continue
		}
		pr := &w.Providers[hm.Owner]
		if !pr.Market() || pr.Status != agents.Active {
			continue
		}
		own := w.spotPrice(int(hm.Region), kind)
		if hm.Occupied > 0 {
			sum := int64(0)
			for _, id := range hm.Children[:hm.Occupied] {
				sum += kids.price[id]
			}
			own = poundsOf(sum) / float64(hm.Occupied)
		}
		occ := hm.LastOccupancy
		offers = append(offers, offer{h, occ * own * (1 - cr.DeltaAccept)})
	}
	// Cheapest participation first, ties by home index: deterministic.
	for i := 1; i < len(offers); i++ {
		for j := i; j > 0 && (offers[j].participate < offers[j-1].participate ||
			(offers[j].participate == offers[j-1].participate && offers[j].h < offers[j-1].h)); j-- {
			offers[j], offers[j-1] = offers[j-1], offers[j]
		}
	}
	until := w.week + max(1, cr.TermYears)*agents.WeeksPerYear
	for _, o := range offers {
		if target <= 0 {
			break
		}
		hm := &w.Homes[o.h]
		reg := int(hm.Region)
		s := homeSetting(kind)
		t := kind.MainTier()
		full := w.costs.fixed[reg][s] + w.costs.variable[reg][s][t] // ĉ at o = 1
		if kind == agents.SoloHome {
			full = agents.WholeHomeCost(w.costs.fixed[reg][s], 1, w.costs.variable[reg][s][t])
		}
		mu := w.Providers[hm.Owner].Terms.Mu
		base := full * (1 + mu*(1-cr.Delta))
		cap := w.spotPrice(reg, kind)
		price := math.Min(math.Max(base, o.participate), cap)
		if price < o.participate {
			continue // the provider declines
		}
		places := w.effUsable(o.h)
		if places == 0 {
			continue
		}
		w.setBlock(o.h, places, price, k, until)
		target -= places
	}
}

// TrailingMargin returns the operating margin over the last four quarters
// of for-profit providers (forProfit true) or of all market providers.
func (w *World) TrailingMargin(forProfit bool) float64 {
	rev, prof := 0.0, 0.0
	for p := range w.Providers {
		pr := &w.Providers[p]
		if !pr.Market() || (forProfit && !pr.Ownership.ForProfit()) {
			continue
		}
		for _, a := range pr.Last {
			rev += a.Revenue
			prof += a.OperatingProfit()
		}
	}
	if rev <= 0 {
		return 0
	}
	return prof / rev
}

// RefreshOversight marks now which providers are under financial oversight
// (it is otherwise refreshed each quarter).
func (w *World) RefreshOversight() { w.oversightCoverage() }

// RepriceUnregistered sets every unregistered placement to the current
// unregistered price (after a fine is introduced), or, under a ban, ends
// them: the children wait instead.
func (w *World) RepriceUnregistered() {
	k := &w.kids
	for id, alive := range k.alive {
		if !alive || k.hot[id].setting != agents.Unregistered {
			continue
		}
		if w.Rules.Unregistered.Mode == Ban {
			since := k.hot[id].seekSince
			w.unplace(int32(id))
			w.setSeeking(int32(id))
			k.hot[id].seekSince = since
			continue
		}
		w.setPrice(int32(id), penceOf(w.unregPrice(k.hot[id].tier)))
	}
}

// BuyerShare returns the share of its region's placements held by the buyer
// that commissions for council c: the council itself, or its co-op when the
// buyer-power switch is on (docs/model.md §4.3).
func (w *World) BuyerShare(c int) float64 { return w.buyerShare(c) }
