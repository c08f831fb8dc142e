package market_test

import (
	"strings"
	"testing"

	"github.com/caremarket/caremarket/agents"
	"github.com/caremarket/caremarket/market"
)

// steppedWorld returns a small world without acquisitions or council
// building, stepped weeks weeks past its warm-up with Check every week.
func steppedWorld(t *testing.T, seed uint64, weeks int) *market.World {
	t.Helper()
	cfg := smallConfig()
	cfg.Investment.AcquireRate = 0
	cfg.Investment.CouncilCapital = 0
	w, err := market.New(cfg, market.Options{Seed: seed, Years: 3, CheckInvariants: true})
	if err != nil {
		t.Fatalf("market.New: %v", err)
	}
	for w.Week() < w.WarmupWeeks()+weeks {
		if err := w.Step(); err != nil {
			t.Fatalf("week %d: %v", w.Week(), err)
		}
	}
	return w
}

// acquisitionPair returns the market provider with most homes and a
// different market provider of homes, with no households, positive
// trailing EBITDA and children placed, or -1s.
func acquisitionPair(w *market.World) (int32, int32) {
	a, t := int32(-1), int32(-1)
	for p := range w.Providers {
		pr := &w.Providers[p]
		if pr.Market() && pr.Status == agents.Active && pr.Households == 0 && pr.Homes > 0 &&
			(a < 0 || pr.Homes > w.Providers[a].Homes) {
			a = int32(p)
		}
	}
	for p := range w.Providers {
		pr := &w.Providers[p]
		if int32(p) == a || !pr.Market() || pr.Status != agents.Active || pr.Households > 0 || pr.Finance.TrailingEBITDA <= 0 {
			continue
		}
		for h := range w.Homes {
			if hm := &w.Homes[h]; hm.Owner == int32(p) && hm.Status == agents.Open && hm.Occupied > 0 {
				t = int32(p)
				break
			}
		}
		if t >= 0 {
			break
		}
	}
	return a, t
}

type placed struct {
	setting agents.Setting
	unit    int32
	price   int64
}

// TestAcquisition: an acquisition moves the target's homes with their
// children (who keep their setting, unit and price) to the buyer, pays
// acquire_multiple × the target's trailing EBITDA from the buyer's spare
// cash and then by new debt, and keeps every invariant then and in the
// weeks after; a buyer that cannot fund the price buys nothing.
func TestAcquisition(t *testing.T) {
	tests := []struct {
		name     string
		cash     float64 // buyer's cash before the sale
		debt     float64 // buyer's debt before the sale, × its trailing EBITDA
		leverage float64 // buyer's borrowing limit L
		wantSale bool
	}{
		{"funded by new debt", 0, 1, 20, true},
		{"funded from cash", 1e12, 1, 5.5, true},
		{"no cash and no borrowing room", 0, 1e6, 5.5, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := steppedWorld(t, 3, 60)
			a, tg := acquisitionPair(w)
			if a < 0 || tg < 0 {
				t.Fatalf("no buyer (%d) or target (%d)", a, tg)
			}
			pa, pt := &w.Providers[a], &w.Providers[tg]
			pa.Finance.Cash = tc.cash
			pa.Finance.Debt = tc.debt * max(1, pa.Finance.TrailingEBITDA)
			pa.Finance.Leverage = tc.leverage
			debt0, homesA, homesT, placesT := pa.Finance.Debt, pa.Homes, pt.Homes, pt.Places
			price := w.Config().Investment.AcquireMultiple * pt.Finance.TrailingEBITDA
			kids := map[int32]placed{}
			var homes []int
			for h := range w.Homes {
				if hm := &w.Homes[h]; hm.Owner == tg && hm.Status != agents.Closed {
					homes = append(homes, h)
					for _, id := range hm.Children[:hm.Occupied] {
						s, u, p := w.ChildPlacement(id)
						kids[id] = placed{s, u, p}
					}
				}
			}
			t.Logf("week %d: buyer %d (%d homes), target %d (%d homes, %d children), price £%.0f", w.Week(), a, homesA, tg, homesT, len(kids), price)
			if got := w.Acquire(a, tg); got != tc.wantSale {
				t.Fatalf("Acquire = %v, want %v", got, tc.wantSale)
			}
			if err := w.Check(); err != nil {
				t.Fatalf("Check after Acquire: %v", err)
			}
			if !tc.wantSale {
				if pa.Finance.Debt != debt0 || pa.Homes != homesA || pt.Homes != homesT || pt.Status != agents.Active {
					t.Fatalf("a refused sale changed the providers: debt %g→%g, homes %d, %d", debt0, pa.Finance.Debt, pa.Homes, pt.Homes)
				}
				return
			}
			for _, h := range homes {
				if o := w.Homes[h].Owner; o != a {
					t.Errorf("home %d owned by %d, want %d", h, o, a)
				}
			}
			if pa.Homes != homesA+homesT || pt.Homes != 0 || pt.Places != 0 || pt.Status != agents.Exited {
				t.Errorf("buyer homes %d (want %d), target homes %d places %d (want 0, was %d) status %v",
					pa.Homes, homesA+homesT, pt.Homes, pt.Places, placesT, pt.Status)
			}
			for id, was := range kids {
				s, u, p := w.ChildPlacement(id)
				if (placed{s, u, p}) != was {
					t.Errorf("child %d: placement %v/%d/%d, was %v/%d/%d", id, s, u, p, was.setting, was.unit, was.price)
				}
			}
			wantDebt := debt0
			if tc.cash == 0 {
				wantDebt += price
			}
			if d := pa.Finance.Debt - wantDebt; d > 1e-6*price || d < -1e-6*price {
				t.Errorf("buyer debt %g, want %g (price %g)", pa.Finance.Debt, wantDebt, price)
			}
			if pt.Finance.Debt != 0 || pt.Finance.Cash != 0 {
				t.Errorf("target keeps cash %g and debt %g", pt.Finance.Cash, pt.Finance.Debt)
			}
			for range 30 {
				if err := w.Step(); err != nil {
					t.Fatalf("week %d after the sale: %v", w.Week(), err)
				}
			}
		})
	}
}

// TestAcquisitionsInRun: with acquisitions on, groups buy homes in a small
// world, which stays within its invariants, and the price paid is booked.
func TestAcquisitionsInRun(t *testing.T) {
	t.Parallel()
	cfg := smallConfig()
	cfg.Investment.AcquireRate = 8
	cfg.Investment.AcquirerHomes = 2
	cfg.Investment.TargetHomes = 4
	res := run(t, cfg, market.Options{Seed: 5, Years: 3, CheckInvariants: true})
	homes, paid := 0.0, 0.0
	for _, y := range res.Yearly(market.HomesAcquired) {
		homes += y
	}
	for _, y := range res.Yearly(market.AcquisitionsGBP) {
		paid += y
	}
	if homes == 0 || paid <= 0 {
		t.Fatalf("homes acquired %g, paid £%g: want both positive", homes, paid)
	}
}

// TestCouncilOpensHome: a council whose sufficiency gap fills a home and
// whose capital covers one starts an in-house home; with a gap below the
// threshold, or too little capital, none does.
func TestCouncilOpensHome(t *testing.T) {
	w := steppedWorld(t, 2, 40)
	big, gap := -1, 0
	for c := range w.Councils {
		if g := w.CouncilGap(c); g > gap {
			big, gap = c, g
		}
	}
	if gap < 2 {
		t.Fatalf("largest council gap %d: the small world should have children waiting or placed out of area", gap)
	}
	// With gapHomes = gap/4 the largest gap fills a Standard home (4
	// places), the largest a council's home may have.
	tests := []struct {
		name     string
		capital  float64 // £ a year in the world
		gapHomes float64
		want     bool // the largest-gap council starts a home
		others   bool // any other council may start one
	}{
		{"large gap and capital", 1e9, float64(gap) / 4, true, true},
		{"gap below the threshold", 1e9, float64(gap) + 1, false, false},
		{"too little capital", 1e3, 0, false, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := steppedWorld(t, 2, 40)
			w.SetCouncilInvestment(tc.capital, 250000, tc.gapHomes, 2)
			started := w.CouncilBuildingRound()
			if got := started[big] > 0; got != tc.want {
				t.Errorf("council %d (gap %d) started %d homes, want any: %v", big, gap, started[big], tc.want)
			}
			for c, n := range started {
				if c != big && n > 0 && !tc.others {
					t.Errorf("council %d (gap %d) started %d homes", c, w.CouncilGap(c), n)
				}
			}
			if err := w.Check(); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestSetCouncilCapital: the dated capital programme of a history sets the
// capital the council-building rule spends from then on, and refuses
// values outside its range naming the field.
func TestSetCouncilCapital(t *testing.T) {
	tests := []struct {
		name         string
		capital      float64
		placeCapital float64
		wantErr      string // part of the error, "" for none
		wantBuild    bool   // some council starts a home this quarter
	}{
		{"programme starts", 1e9, 250000, "", true},
		{"programme ends", 0, 250000, "", false},
		{"negative", -1, 250000, "investment.council_capital", false},
		{"too large", 2e11, 250000, "investment.council_capital", false},
		{"capital without a place cost", 1e9, 0, "investment.council_place_capital", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := steppedWorld(t, 2, 40)
			w.SetCouncilInvestment(0, tc.placeCapital, 0, 2)
			err := w.SetCouncilCapital(tc.capital)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("SetCouncilCapital(%g): error %v, want one naming %s", tc.capital, err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("SetCouncilCapital(%g): %v", tc.capital, err)
			}
			total := 0
			for _, n := range w.CouncilBuildingRound() {
				total += n
			}
			if got := total > 0; got != tc.wantBuild {
				t.Errorf("capital £%g: councils started %d homes, want any: %v", tc.capital, total, tc.wantBuild)
			}
		})
	}
}
