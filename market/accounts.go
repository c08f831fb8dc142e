package market

import (
	"math"

	"github.com/caremarket/caremarket/agents"
)

// accounts holds the running payment rates from which weekly payments are
// made, and the cumulative totals behind the money invariant. Placement
// prices and payments are whole pence, so money is conserved exactly.
type accounts struct {
	councilRate []int64 // pence a week each council pays for placements
	waitRate    []int64 // pence a week of waiting costs by council
	// settingRate is the pence a week councils pay for placements, by the
	// setting of the placement (its sum over settings is the sum of
	// councilRate).
	settingRate [agents.NumSettings]int64
	provRev     []int64 // pence a week each provider receives
	provVar     []float64
	provFix     []float64
	homeRev     []int64
	homeVar     []float64
	// blockRate[h] is the pence a week a co-op pays home h for its empty
	// block places; coopRate sums them by co-op.
	blockRate []int64
	coopRate  []int64
	// coopAdmin is one-off co-op spend (capital) to book next week, by co-op.
	coopAdmin []float64
	// cumulative totals in pence
	paid, received, waited, admin int64
	// this week's flows in pounds
	week struct {
		spend, waiting, unreg, block, other, clawback, tax float64
		// bySetting is the week's payments for placements by setting.
		bySetting [agents.NumSettings]float64
	}
	councilWeek []float64 // £ paid by each council this week
}

func penceOf(pounds float64) int64 { return int64(math.Round(pounds * 100)) }

func poundsOf(p int64) float64 { return float64(p) / 100 }

// pay makes the week's payments from the running rates.
func (w *World) pay() {
	a := &w.acct
	a.week.spend, a.week.waiting, a.week.unreg, a.week.block, a.week.other = 0, 0, 0, 0, 0
	var paid, waited int64
	for c := range w.Councils {
		p := a.councilRate[c] + a.waitRate[c]
		paid += a.councilRate[c]
		waited += a.waitRate[c]
		a.councilWeek[c] = poundsOf(p)
	}
	// co-op block payments for empty places, shared by members by children
	// looked after.
	var block int64
	for k, r := range a.coopRate {
		if r == 0 {
			continue
		}
		block += r
		w.shareCoop(k, poundsOf(r))
	}
	admin := 0.0
	for k, x := range a.coopAdmin {
		if x != 0 {
			admin += x
			w.shareCoop(k, x)
			a.coopAdmin[k] = 0
		}
	}
	if w.Rules.Coop.Active {
		for k := range w.Rules.Coop.Coops {
			c := w.Rules.Coop.RunningCost / agents.WeeksPerYear
			admin += c
			w.shareCoop(k, c)
		}
	}
	var received int64
	for p := range w.Providers {
		pr := &w.Providers[p]
		if pr.Status == agents.Exited && a.provRev[p] == 0 && a.provFix[p] == 0 {
			continue
		}
		rev := poundsOf(a.provRev[p])
		received += a.provRev[p]
		pr.Quarter.Revenue += rev
		pr.Quarter.FixedCost += a.provFix[p]
		pr.Quarter.VariableCost += a.provVar[p]
		pr.Year.Revenue += rev
		pr.Year.FixedCost += a.provFix[p]
		pr.Year.VariableCost += a.provVar[p]
	}
	for h := range w.Homes {
		hm := &w.Homes[h]
		if hm.Status != agents.Open && hm.Status != agents.Closing {
			continue
		}
		hm.QRevenue += poundsOf(a.homeRev[h])
		hm.QCost += w.homeFixed(h) + a.homeVar[h]
		hm.QOccWeeks += float64(hm.Occupied) / float64(hm.Places)
	}
	adminP := penceOf(admin)
	a.paid += paid + block
	a.received += received
	a.waited += waited
	a.admin += adminP
	a.week.waiting = poundsOf(waited)
	a.week.block = poundsOf(block) + poundsOf(adminP)
	a.week.spend = poundsOf(paid+waited+block) + poundsOf(adminP)
	a.week.unreg = poundsOf(w.unregRate())
	a.week.other = float64(w.stats.setting[agents.Other]) * w.cfg.Costs.Kinship
	for s, p := range a.settingRate {
		a.week.bySetting[s] = poundsOf(p)
	}
}

// shareCoop books a co-op payment against its members by children looked
// after (for regional spend).
func (w *World) shareCoop(k int, pounds float64) {
	cp := &w.Rules.Coop.Coops[k]
	tot := 0
	for _, m := range cp.Members {
		tot += w.Councils[m].Children + 1
	}
	for _, m := range cp.Members {
		w.acct.councilWeek[m] += pounds * float64(w.Councils[m].Children+1) / float64(tot)
	}
}

func (w *World) unregRate() int64 {
	var s int64
	for r := range w.regions {
		s += w.acct.provRev[w.regions[r].unreg]
	}
	return s
}

// homeFixed returns home h's fixed cost a week.
func (w *World) homeFixed(h int) float64 { return w.homeFixedFor(h, w.Homes[h].Owner) }

// homeFixedFor returns home h's weekly fixed cost were owner to run it.
func (w *World) homeFixedFor(h int, owner int32) float64 {
	hm := &w.Homes[h]
	return w.costs.fixed[hm.Region][homeSetting(hm.Kind)] * float64(hm.Places) * w.Providers[owner].CostFactor
}

// hhFixed returns foster household h's fixed cost a week: its approved
// places at its region's fixed cost times its owner's cost factor.
func (w *World) hhFixed(h int) float64 {
	hh := &w.Households[h]
	reg := w.Councils[hh.Council].Region
	return w.costs.fixed[reg][w.hhSetting(h)] * float64(hh.Approved) * w.Providers[hh.Owner].CostFactor
}

func homeSetting(k agents.HomeKind) agents.Setting {
	if k == agents.SupportedScheme {
		return agents.Supported
	}
	return agents.ChildrensHome
}
