package market

import (
	"math"
	"math/rand/v2"

	"github.com/caremarket/caremarket/agents"
)

// Acquisitions (docs/model.md §4.5): each quarter after the warm-up, every
// private-equity group with Investment.AcquirerHomes or more open homes
// makes an offer with probability 1 − exp(−AcquireRate/4) for a smaller
// private provider (at most Investment.TargetHomes homes and schemes, no
// foster households, past its start-up, with positive trailing EBITDA)
// drawn uniformly. It pays AcquireMultiple × the target's trailing EBITDA,
// from cash above its buffer and then by borrowing against the combined
// group's EBITDA (agents.Finance.FundAcquisition), so its debt rises. The
// sellers repay the target's debt and keep its cash; the price leaves the
// market (booked in acquisitions_gbp). Every home and scheme of the target
// passes to the group with its children, who keep their placement, price
// and unit (transferHome), and the target leaves the market without an
// exit.

// acquisitions runs the quarter's acquisitions.
func (w *World) acquisitions() {
	inv := &w.cfg.Investment
	if inv.AcquireRate <= 0 || inv.AcquireMultiple <= 0 || inv.AcquirerHomes <= 0 || inv.TargetHomes <= 0 {
		return
	}
	r := w.rng[streamInvest]
	q := 1 - math.Exp(-inv.AcquireRate/4)
	for a := range w.Providers {
		if !w.acquirer(&w.Providers[a]) || r.Float64() >= q {
			continue
		}
		if t := w.pickTarget(r, int32(a)); t >= 0 {
			w.Acquire(int32(a), t)
		}
	}
}

// acquirer reports whether provider pr may buy others: an active
// private-equity group with AcquirerHomes or more open homes.
func (w *World) acquirer(pr *agents.Provider) bool {
	return pr.Ownership == agents.PrivateEquity && pr.Status == agents.Active &&
		pr.Homes >= w.cfg.Investment.AcquirerHomes && w.week >= pr.StartupUntil
}

// target reports whether provider pr may be bought whole.
func (w *World) target(pr *agents.Provider) bool {
	u := pr.Homes + pr.Schemes
	return pr.Ownership == agents.Private && pr.Status == agents.Active && pr.Households == 0 &&
		u > 0 && u <= w.cfg.Investment.TargetHomes && w.week >= pr.StartupUntil &&
		pr.Finance.TrailingEBITDA > 0
}

// pickTarget draws a target uniformly among the providers that may be
// bought, other than a, or returns -1.
func (w *World) pickTarget(r *rand.Rand, a int32) int32 {
	n := 0
	for p := range w.Providers {
		if int32(p) != a && w.target(&w.Providers[p]) {
			n++
		}
	}
	if n == 0 {
		return -1
	}
	k := r.IntN(n)
	for p := range w.Providers {
		if int32(p) != a && w.target(&w.Providers[p]) {
			if k == 0 {
				return int32(p)
			}
			k--
		}
	}
	return -1
}

// Acquire has provider a buy provider t whole at Investment.AcquireMultiple
// × t's trailing EBITDA, when a can fund it; it reports whether the sale
// took place. t's homes and schemes (open, closing or being built) pass to
// a with their children; each keeps its own accounts for the periods
// before the sale (the year's clawback and tax are settled on them), so
// a's trailing EBITDA takes in the homes bought quarter by quarter.
func (w *World) Acquire(a, t int32) bool {
	if a == t || a < 0 || t < 0 || int(a) >= len(w.Providers) || int(t) >= len(w.Providers) {
		return false
	}
	pa, pt := &w.Providers[a], &w.Providers[t]
	if pa.Status != agents.Active || pt.Status != agents.Active || !pa.Market() || !pt.Market() || pt.Households > 0 {
		return false
	}
	ebitda := pt.Finance.TrailingEBITDA
	price := agents.AcquisitionPrice(w.cfg.Investment.AcquireMultiple, ebitda)
	if price <= 0 {
		return false
	}
	keep := w.cfg.Finance.CashWeeks * pa.WeeklyCosts()
	if !pa.Finance.FundAcquisition(price, ebitda, keep) {
		return false
	}
	moved := 0
	for h := range w.Homes {
		hm := &w.Homes[h]
		if hm.Owner != t || hm.Status == agents.Closed {
			continue
		}
		if hm.Status != agents.Building {
			moved++
		}
		w.transferHome(h, a)
	}
	pt.Finance.Cash, pt.Finance.Debt = 0, 0
	pt.Status = agents.Exited
	pt.ExitWeek = w.week
	w.bookAcquisition(moved, price)
	return true
}

// bookAcquisition counts homes passing to a buyer and the price paid.
func (w *World) bookAcquisition(homes int, price float64) {
	w.stats.acquired += homes
	w.stats.acquiredGBP += price
}
