package market

import (
	"github.com/caremarket/caremarket/agents"
)

// stats holds the running counts behind the weekly metrics.
type stats struct {
	setting                  [agents.NumSettings]int
	over20, outOfArea, o500k int
	// o500kCouncil counts each council's children placed at over £500k a
	// year; o500kCouncils the councils with at least one.
	o500kCouncil  []int32
	o500kCouncils int
	// this week's flows
	arrivals, leavers, moves, leaversShort  int
	movesPlanned                            int
	entries, exitsOrderly, exitsDisorderly  int
	exitsLarge                              int
	opened, openedFP, closed, openedProgram int
	clawback, tax, grants                   float64
	acquired, councilHomes                  int
	acquiredGBP, councilCapital             float64
	homePlaces                              [agents.NumOwnerships]int
	supportedPlaces                         int
	hhCouncil, hhIFA                        int
	ifaPrice                                int64
	homePrices, supPrices                   priceHist
	ifaCount                                int
	margin                                  [agents.NumOwnerships + 1]float64 // last quarter; index NumOwnerships = for-profit
	regWaiting, regUnreg, regOver20         []int
	stabilityOne, stabilityThree            float64
}

// record appends this week's metrics to the results (reported weeks only).
func (w *World) record() {
	if w.week < w.warmup {
		w.clearFlows()
		return
	}
	w.recordChildren()
	places := w.recordSupply()
	w.recordMoney()
	w.recordPartTwo(places)
	w.recordRegions()
	w.clearFlows()
}

// put appends this week's value of metric m.
func (w *World) put(m Metric, v float64) { w.res.Series[m] = append(w.res.Series[m], v) }

// recordChildren records where the children are and how they move.
func (w *World) recordChildren() {
	s, put := &w.stats, w.put
	put(ChildrenInCare, float64(w.kids.n))
	put(Arrivals, float64(s.arrivals))
	put(Leavers, float64(s.leavers))
	put(PlacedFosterInHouse, float64(s.setting[agents.FosterInHouse]))
	put(PlacedFosterIFA, float64(s.setting[agents.FosterIFA]))
	put(PlacedHomes, float64(s.setting[agents.ChildrensHome]))
	put(PlacedSupported, float64(s.setting[agents.Supported]))
	put(PlacedOther, float64(s.setting[agents.Other]))
	put(Waiting, float64(s.setting[agents.Seeking]))
	put(UnregisteredPlaced, float64(s.setting[agents.Unregistered]))
	put(Over20Miles, float64(s.over20))
	put(OutOfArea, float64(s.outOfArea))
	put(Moves, float64(s.moves))
}

// recordMoney records spend, prices and margins (the metrics in the
// summary's first block, in its order, then the spend parts).
func (w *World) recordMoney() {
	s, a, put := &w.stats, &w.acct.week, w.put
	put(SpendGBP, a.spend)
	put(ClawbackGBP, s.clawback)
	put(TaxReceiptsGBP, s.tax)
	put(NetPublicCostGBP, a.spend-s.clawback-s.tax+s.grants+s.councilCapital)
	put(PriceHomeMean, s.homePrices.mean())
	put(PriceHomeP90, s.homePrices.quantile(0.9))
	ifa := 0.0
	if s.ifaCount > 0 {
		ifa = poundsOf(s.ifaPrice) / float64(s.ifaCount)
	}
	put(PriceIFAMean, ifa)
	put(MarginPrivateEquity, s.margin[agents.PrivateEquity])
	put(MarginPrivate, s.margin[agents.Private])
	put(MarginNFP, s.margin[agents.NotForProfit])
}

// recordSupply records places, providers and their entry and exit, and
// returns the registered children's home places.
func (w *World) recordSupply() int {
	s, put := &w.stats, w.put
	put(HomePlacesPrivateEquity, float64(s.homePlaces[agents.PrivateEquity]))
	put(HomePlacesPrivate, float64(s.homePlaces[agents.Private]))
	put(HomePlacesNFP, float64(s.homePlaces[agents.NotForProfit]))
	put(HomePlacesCouncil, float64(s.homePlaces[agents.CouncilOwned]))
	put(FosterHouseholdsCouncil, float64(s.hhCouncil))
	put(FosterHouseholdsIFA, float64(s.hhIFA))
	places := 0
	for _, p := range s.homePlaces {
		places += p
	}
	occ := 0.0
	if places > 0 {
		occ = float64(s.setting[agents.ChildrensHome]) / float64(places)
	}
	put(OccupancyHomes, occ)
	put(Entries, float64(s.entries))
	put(ExitsOrderly, float64(s.exitsOrderly))
	put(ExitsDisorderly, float64(s.exitsDisorderly))
	put(HHIHomePlaces, w.hhi(places))
	return places
}

// recordPartTwo records the extra series, appended over the model's
// versions (docs/outputs.md).
func (w *World) recordPartTwo(places int) {
	s, a, put := &w.stats, &w.acct.week, w.put
	put(ChildrenOver500k, float64(s.o500k))
	put(MarginForProfit, s.margin[agents.NumOwnerships])
	put(PriceSupportedMean, s.supPrices.mean())
	put(HomePlaces, float64(places))
	put(SupportedPlaces, float64(s.supportedPlaces))
	put(HomesOpened, float64(s.opened))
	put(HomesOpenedForProfit, float64(s.openedFP))
	put(HomesClosed, float64(s.closed))
	put(SpendWaitingGBP, a.waiting)
	put(SpendUnregisteredGBP, a.unreg)
	put(SpendBlockGBP, a.block)
	put(OtherCostGBP, a.other)
	put(StabilityOne, s.stabilityOne)
	put(StabilityThreePlus, s.stabilityThree)
	put(LeaversUnderOneYear, float64(s.leaversShort))
	put(SingleHomeShare, w.singleHomeShare())
	put(CapitalGrantsGBP, s.grants)
	put(PlacedHomesUnder10, float64(w.homesUnder10()))
	put(MovesPlanned, float64(s.movesPlanned))
	put(MovesUnplanned, float64(s.moves-s.movesPlanned))
	lo, hi := w.premiumRange()
	put(WageIndexMin, lo)
	put(WageIndexMax, hi)
	put(HomesAcquired, float64(s.acquired))
	put(AcquisitionsGBP, s.acquiredGBP)
	put(CouncilHomesStarted, float64(s.councilHomes))
	put(CouncilCapitalGBP, s.councilCapital)
	put(ExitsLarge, float64(s.exitsLarge))
	put(SpendHomesGBP, a.bySetting[agents.ChildrensHome])
	put(SpendFosterIFAGBP, a.bySetting[agents.FosterIFA])
	put(SpendFosterInHouseGBP, a.bySetting[agents.FosterInHouse])
	put(SpendSupportedGBP, a.bySetting[agents.Supported])
	put(CouncilsWithOver500k, float64(s.o500kCouncils))
}

// recordRegions records the regional series.
func (w *World) recordRegions() {
	s, r := &w.stats, w.res
	for i := range w.regions {
		r.Regional[RegionWaiting][i] = append(r.Regional[RegionWaiting][i], float64(s.regWaiting[i]))
		r.Regional[RegionUnregistered][i] = append(r.Regional[RegionUnregistered][i], float64(s.regUnreg[i]))
		r.Regional[RegionOver20Miles][i] = append(r.Regional[RegionOver20Miles][i], float64(s.regOver20[i]))
		r.Regional[RegionSpendGBP][i] = append(r.Regional[RegionSpendGBP][i], 0)
	}
	for c := range w.Councils {
		reg := w.Councils[c].Region
		sp := r.Regional[RegionSpendGBP][reg]
		sp[len(sp)-1] += w.acct.councilWeek[c]
	}
}

func (w *World) clearFlows() {
	s := &w.stats
	s.arrivals, s.leavers, s.moves, s.leaversShort = 0, 0, 0, 0
	s.movesPlanned = 0
	s.entries, s.exitsOrderly, s.exitsDisorderly = 0, 0, 0
	s.exitsLarge = 0
	s.opened, s.openedFP, s.closed = 0, 0, 0
	s.clawback, s.tax, s.grants = 0, 0, 0
	s.acquired, s.councilHomes = 0, 0
	s.acquiredGBP, s.councilCapital = 0, 0
}

// hhi returns the Herfindahl–Hirschman index of registered home places
// across owners (councils each count as one owner), on the 0–10,000 scale.
func (w *World) hhi(places int) float64 {
	if places == 0 {
		return 0
	}
	h := 0.0
	for p := range w.Providers {
		pr := &w.Providers[p]
		if pr.Places == 0 {
			continue
		}
		s := 100 * float64(pr.Places) / float64(places)
		h += s * s
	}
	return h
}

// singleHomeShare returns the share of for-profit children's homes owned by
// providers with one home.
func (w *World) singleHomeShare() float64 {
	single, all := 0, 0
	for p := range w.Providers {
		pr := &w.Providers[p]
		if !pr.Ownership.ForProfit() || pr.Homes == 0 {
			continue
		}
		all += pr.Homes
		if pr.Homes == 1 {
			single++
		}
	}
	if all == 0 {
		return 0
	}
	return float64(single) / float64(all)
}

// homesUnder10 returns the children under 10 in children's homes.
func (w *World) homesUnder10() int {
	n := 0
	young := w.week - 10*agents.WeeksPerYear
	for h := range w.Homes {
		hm := &w.Homes[h]
		if hm.Kind == agents.SupportedScheme {
			continue
		}
		for _, id := range hm.Children[:hm.Occupied] {
			if int(w.kids.hot[id].birth) > young {
				n++
			}
		}
	}
	return n
}
