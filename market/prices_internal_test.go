package market

import (
	"math"
	"testing"

	"github.com/caremarket/caremarket/agents"
	"github.com/caremarket/caremarket/internal/testkit"
)

// newEngland builds the England world of run 0 for the given years.
func newEngland(t *testing.T, years int, edit func(*Config)) *World {
	t.Helper()
	cfg := englandConfig(t)
	if edit != nil {
		edit(cfg)
	}
	w, err := New(cfg, Options{Seed: 1, Years: years})
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// TestPriceCapByProvider: a price cap binds provider by provider on its
// own costs (docs/model.md §4.3): with a cap on agency foster care for
// Standard children between the agencies' own unit costs in a region, the
// agencies whose cost is above it make no offer and the others do, so the
// region as a whole still offers.
func TestPriceCapByProvider(t *testing.T) {
	w := newEngland(t, 1, func(c *Config) { c.Costs.ProviderSpread = 0.3 })
	child := int32(-1)
	for id, alive := range w.kids.alive {
		if alive && w.kids.hot[id].tier == agents.Standard {
			child = int32(id)
			break
		}
	}
	const reg = 0
	var costs []float64
	var owners []int32
	for h := range w.Households {
		hh := &w.Households[h]
		if hh.Active && w.Councils[hh.Council].Region == reg && w.Providers[hh.Owner].Market() {
			owners = append(owners, hh.Owner)
			costs = append(costs, w.unitCostOf(hh.Owner, reg, agents.FosterIFA, agents.Standard))
		}
	}
	lo, hi := math.Inf(1), 0.0
	for _, c := range costs {
		lo, hi = math.Min(lo, c), math.Max(hi, c)
	}
	ceil := (lo + hi) / 2
	var ceiling [agents.NumSettings][agents.NumTiers]float64
	ceiling[agents.FosterIFA][agents.Standard] = ceil
	w.SetPriceCap(ceiling)
	offer, none := 0, 0
	for i, p := range owners {
		price, ok := w.quoteFor(child, p, agents.FosterIFA, reg, costs[i], 2000, 2)
		if ok != (costs[i] <= ceil) {
			t.Fatalf("provider %d with cost £%.0f under a cap of £%.0f: offers %v", p, costs[i], ceil, ok)
		}
		if ok && price > ceil {
			t.Fatalf("provider %d quotes £%.0f over the cap of £%.0f", p, price, ceil)
		}
		if ok {
			offer++
		} else {
			none++
		}
	}
	t.Logf("cap £%.0f between own costs £%.0f and £%.0f: %d households' owners offer, %d do not", ceil, lo, hi, offer, none)
	if offer == 0 || none == 0 {
		t.Errorf("the cap should bind provider by provider: %d offer, %d do not", offer, none)
	}
	w.buildProfiles()
	p := &w.profiles[profileIndex(agents.Standard, 0, false, false)]
	for i := 0; i < p.n; i++ {
		if p.opts[i].setting == agents.FosterIFA && !inMask(p.ok[i], reg) {
			t.Error("the region's agencies were excluded as a whole")
		}
	}
}

// TestScarcityWiring: the markup factor of each region and setting is the
// one its occupancy, waiting children and vacancies give, and a market
// provider's quote rises with it.
func TestScarcityWiring(t *testing.T) {
	w := newEngland(t, 1, nil)
	for w.week < w.warmup+13 {
		if err := w.Step(); err != nil {
			t.Fatal(err)
		}
	}
	w.updateScarcity()
	const reg = 3
	places, occupied := 0.0, 0.0
	for h := range w.Homes {
		hm := &w.Homes[h]
		if hm.Status == agents.Open && int(hm.Region) == reg && hm.Kind != agents.SupportedScheme && w.Providers[hm.Owner].Market() {
			places += float64(hm.Places)
			occupied += float64(hm.Occupied)
		}
	}
	waiting := 0
	for id, alive := range w.kids.alive {
		s := w.kids.hot[id].setting
		if alive && int(w.kids.hot[id].region) == reg && w.kids.hot[id].tier == agents.Standard && (s == agents.Seeking || s == agents.Unregistered) {
			waiting++
		}
	}
	z := agents.Tightness(occupied/places, w.cfg.Costs.ORef.Homes, waiting, w.regionVacancies(reg, agents.ChildrensHome))
	want := agents.ScarcityFactor(w.cfg.Pricing.Scarcity, z)
	if got := w.scarcity(reg, agents.ChildrensHome, agents.Standard); math.Abs(got-want) > 1e-9 {
		t.Fatalf("scarcity factor %.4f, want %.4f (occupancy %.3f, %d waiting)", got, want, occupied/places, waiting)
	}
	t.Logf("region %d homes: occupancy %.3f, %d Standard children waiting, factor %.3f", reg, occupied/places, waiting, want)
}

// TestReservationIndexSettles: the loop from agreed prices to reservation
// prices and back settles: after the index of agreed prices is pushed 50%
// up, it returns to within a quarter of that shock of an unshocked twin
// within three years.
func TestReservationIndexSettles(t *testing.T) {
	testkit.SkipShort(t, "two England runs of four years")
	twin, shocked := newEngland(t, 4, nil), newEngland(t, 4, nil)
	step := func(w *World, until int) {
		for w.week < until {
			if err := w.Step(); err != nil {
				t.Fatal(err)
			}
		}
	}
	at := twin.warmup + agents.WeeksPerYear
	step(twin, at)
	step(shocked, at)
	for s := range shocked.price.ref {
		for t := range shocked.price.ref[s] {
			shocked.price.ref[s][t] *= 1.5
		}
	}
	end := at + 3*agents.WeeksPerYear
	step(twin, end)
	step(shocked, end)
	for _, s := range []agents.Setting{agents.FosterIFA, agents.ChildrensHome} {
		a, b := twin.priceIndex(s, agents.Standard), shocked.priceIndex(s, agents.Standard)
		t.Logf("%v Standard: index %.3f unshocked, %.3f after a +50%% shock three years on", s, a, b)
		if math.Abs(b-a) > 0.125 {
			t.Errorf("%v: the price index is %.3f three years after a +50%% shock, against %.3f unshocked", s, b, a)
		}
	}
}
