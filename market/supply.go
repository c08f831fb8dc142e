package market

import (
	"math"
	"math/rand/v2"

	"github.com/caremarket/caremarket/agents"
)

// quarter closes the quarter's accounts and, once the warm-up is over, runs
// exits, closures, investment, entry, foster flows and the workforce.
func (w *World) quarter() {
	open := w.week >= w.warmup
	for p := range w.Providers {
		pr := &w.Providers[p]
		if pr.Status == agents.Exited && pr.Quarter.Revenue == 0 && pr.Quarter.FixedCost == 0 {
			pr.CloseQuarter()
			continue
		}
		q := &pr.Quarter
		q.Interest = pr.Finance.QuarterlyInterest()
		pr.Year.Interest += q.Interest
		if open && w.week >= pr.StartupUntil && pr.Market() {
			pr.Finance.RecordCover(q.OperatingProfit(), q.Interest)
		}
		pr.Finance.Cash += q.OperatingProfit() - q.Interest
		if w.refinanceDue(p) {
			pr.Finance.Refinance(w.baseRate())
			if open && pr.Market() && pr.Ownership.ForProfit() && pr.Status == agents.Active {
				pr.Finance.Recapitalise()
			}
		}
		pr.CloseQuarter()
		if w.week >= pr.StartupUntil {
			pr.Finance.StartupCapacity = 0
		}
	}
	for h := range w.Homes {
		hm := &w.Homes[h]
		if hm.Status != agents.Open && hm.Status != agents.Closing {
			continue
		}
		copy(hm.Profit4[1:], hm.Profit4[:3])
		hm.Profit4[0] = hm.QRevenue - hm.QCost
		hm.LastOccupancy = hm.QOccWeeks / agents.WeeksPerQuarter
		hm.QRevenue, hm.QCost, hm.QOccWeeks = 0, 0, 0
	}
	for i := range w.regions {
		rg := &w.regions[i]
		for k := range rg.spotSum {
			copy(rg.spotSum[k][1:], rg.spotSum[k][:3])
			copy(rg.spotCount[k][1:], rg.spotCount[k][:3])
			rg.spotSum[k][0], rg.spotCount[k][0] = 0, 0
		}
	}
	w.updateMargins()
	w.updateBuyerShares(nil)
	if w.week+1 == w.warmup {
		w.openBalanceSheets()
	}
	if !open {
		w.dividends()
		// Investment decisions start a build lag before the warm-up ends, so
		// homes are under construction when reporting starts (the market of
		// 2023 had a pipeline); none opens before the warm-up is over.
		if w.week+1 > w.warmup-w.cfg.Investment.BuildLagWeeks {
			w.workforce()
			w.investment()
		}
		return
	}
	w.oversightCoverage()
	w.exits()
	w.closures()
	w.workforce()
	w.blockRounds()
	w.investment()
	w.conversions()
}

// baseRate returns the base rate in force: finance.base_rate plus any rise
// a rate shock has made (docs/model.md §4.6).
func (w *World) baseRate() float64 {
	return w.cfg.Finance.BaseRate + w.Rules.BaseRateRise
}

// refinanceDue reports whether provider p refinances its debt this quarter:
// every finance.refinance_years, staggered by provider so that the same
// share of providers refinances each quarter.
func (w *World) refinanceDue(p int) bool {
	every := max(1, int(math.Round(4*w.cfg.Finance.RefinanceYears)))
	return (w.week/agents.WeeksPerQuarter+p)%every == 0
}

// updateMargins records the latest quarter's margin by ownership.
func (w *World) updateMargins() {
	var rev, prof [agents.NumOwnerships + 1]float64
	for p := range w.Providers {
		pr := &w.Providers[p]
		if !pr.Market() {
			continue
		}
		a := pr.Last[0]
		rev[pr.Ownership] += a.Revenue
		prof[pr.Ownership] += a.OperatingProfit()
		if pr.Ownership.ForProfit() {
			rev[agents.NumOwnerships] += a.Revenue
			prof[agents.NumOwnerships] += a.OperatingProfit()
		}
	}
	for o := range rev {
		if rev[o] > 0 {
			w.stats.margin[o] = prof[o] / rev[o]
		} else {
			w.stats.margin[o] = 0
		}
	}
}

// oversightCoverage marks the providers under financial oversight.
func (w *World) oversightCoverage() {
	ov := &w.Rules.Oversight
	for p := range w.Providers {
		pr := &w.Providers[p]
		pr.Reports = ov.Active && pr.Market() && pr.Units() >= ov.MinUnits
	}
}

// dividends pays out cash above DividendWeeks of costs.
func (w *World) dividends() {
	keep := w.cfg.Finance.DividendWeeks
	for p := range w.Providers {
		pr := &w.Providers[p]
		if !pr.Market() || pr.Status != agents.Active {
			continue
		}
		if lim := keep * pr.WeeklyCosts(); pr.Finance.Cash > lim {
			pr.Finance.Cash = lim
		}
	}
}

// exits applies the exit test to every active market provider.
func (w *World) exits() {
	for p := range w.Providers {
		pr := &w.Providers[p]
		if !pr.Market() || pr.Status != agents.Active || w.week < pr.StartupUntil {
			continue
		}
		if pr.Homes+pr.Schemes+pr.Households == 0 && !w.hasBuilding(int32(p)) {
			continue
		}
		if pr.Finance.ExitTest() != agents.NoExit {
			w.Exit(int32(p))
		}
	}
}

func (w *World) hasBuilding(p int32) bool {
	for _, h := range w.building {
		if w.Homes[h].Owner == p && w.Homes[h].Status == agents.Building {
			return true
		}
	}
	return false
}

// Exit takes provider p out of the market: in an orderly way when it is
// under financial oversight (its homes and carers pass to others and no
// child moves), otherwise disorderly (its homes close within the notice
// period and its carers transfer with probability 0.9).
func (w *World) Exit(p int32) {
	pr := &w.Providers[p]
	if pr.Status == agents.Exited || !pr.Market() {
		return
	}
	orderly := w.Rules.Oversight.Active && pr.Reports
	pr.Status = agents.Exited
	pr.ExitWeek = w.week
	w.yearExits++
	w.bookExit(orderly, pr.Homes+pr.Schemes >= LargeExitHomes)
	r := w.rng[streamSupply]
	var best []int32 // per region, computed when first needed
	for h := range w.Homes {
		hm := &w.Homes[h]
		if hm.Owner != p || hm.Status == agents.Closed {
			continue
		}
		if orderly {
			if hm.Status == agents.Building {
				w.closeHome(h)
				continue
			}
			if best == nil {
				best = w.bestCapitalised(p)
			}
			to := best[hm.Region]
			if to < 0 {
				to = w.Councils[hm.Council].InHouse
			}
			w.transferHome(h, to)
		} else {
			w.scheduleClosure(h, w.cfg.Investment.NoticeWeeks)
		}
	}
	var agencies [][]int32
	for h := range w.Households {
		hh := &w.Households[h]
		if hh.Owner != p || !hh.Active {
			continue
		}
		if agencies == nil {
			agencies = w.agenciesByRegion()
		}
		if orderly || r.Float64() < w.cfg.Foster.ExitTransfer {
			w.transferHousehold(h, w.otherAgency(r, agencies[w.Councils[hh.Council].Region], p, int(hh.Council)))
		} else {
			w.removeHousehold(h)
		}
	}
	pr.Finance.Debt = 0
	pr.Finance.Cash = 0
}

// bestCapitalised returns, for each region, the active market provider of
// homes there with the most cash, other than p; -1 where there is none.
func (w *World) bestCapitalised(p int32) []int32 {
	best := make([]int32, len(w.regions))
	cash := make([]float64, len(w.regions))
	for i := range best {
		best[i], cash[i] = -1, math.Inf(-1)
	}
	for q := range w.Providers {
		pr := &w.Providers[q]
		if int32(q) == p || !pr.Market() || pr.Status != agents.Active || pr.Homes+pr.Schemes == 0 {
			continue
		}
		if r := pr.Region; pr.Finance.Cash > cash[r] {
			best[r], cash[r] = int32(q), pr.Finance.Cash
		}
	}
	return best
}

// otherAgency returns a random agency from a region's list (see
// agenciesByRegion: larger agencies appear more often) other than p, or
// council c's in-house service when there is none.
func (w *World) otherAgency(r *rand.Rand, list []int32, p int32, c int) int32 {
	for try := 0; try < 8 && len(list) > 0; try++ {
		if q := list[r.IntN(len(list))]; q != p {
			return q
		}
	}
	for _, q := range list {
		if q != p {
			return q
		}
	}
	return w.Councils[c].InHouse
}

// LargeExitHomes is the number of children's homes and supported schemes
// that makes an exiting provider count in exits_large.
const LargeExitHomes = 20

// closures gives notice to homes that close as planned (ClosureRate a year)
// or for poor results (docs/model.md §4.5): a home that lost money over four
// quarters closes when its occupancy is low, or whatever its occupancy when
// its provider has just missed interest cover (a stressed provider sheds its
// loss-making homes before it fails as a whole, §4.6).
func (w *World) closures() {
	r := w.rng[streamSupply]
	inv := &w.cfg.Investment
	pq := 1 - math.Pow(1-inv.ClosureRate, 0.25)
	for h := range w.Homes {
		hm := &w.Homes[h]
		if hm.Status != agents.Open {
			continue
		}
		if r.Float64() < pq {
			w.scheduleClosure(h, inv.NoticeWeeks)
			continue
		}
		pr := &w.Providers[hm.Owner]
		if !pr.Market() || w.week < pr.StartupUntil || w.week-int(hm.OpenWeek) < agents.WeeksPerYear {
			continue
		}
		p4 := hm.Profit4[0] + hm.Profit4[1] + hm.Profit4[2] + hm.Profit4[3]
		if agents.ClosureTest(p4, hm.LastOccupancy, w.cfg.Investment.ClosureOccupancy) || (pr.Finance.Stressed() && p4 < 0) {
			w.scheduleClosure(h, inv.NoticeWeeks)
		}
	}
}

func (w *World) regionHomePlaces() []float64 {
	places := w.scratch.regPlaces[:0]
	for range w.regions {
		places = append(places, 0)
	}
	for h := range w.Homes {
		hm := &w.Homes[h]
		if hm.Kind != agents.SupportedScheme && (hm.Status == agents.Open || hm.Status == agents.Closing) {
			places[hm.Region] += float64(hm.Places)
		}
	}
	w.scratch.regPlaces = places
	return places
}
