package market

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/caremarket/caremarket/agents"
)

// fresh marks a new child who is neither placed nor seeking yet.
const fresh agents.Setting = 255

const (
	earthRadiusKm = 6371.0
	refLatDeg     = 52.5
	over20Km      = 32.19
	adultWeeks    = 18 * agents.WeeksPerYear
	// initialOffers is the number of offers assumed when pricing the
	// placements that exist at the start (an assumption; published data do not give it).
	initialOffers = 2
)

// project maps a latitude and longitude to km on the model's
// equirectangular plane at latitude 52.5°.
func project(lat, lon float64) (x, y float64) {
	rad := math.Pi / 180
	return earthRadiusKm * lon * rad * math.Cos(refLatDeg*rad), earthRadiusKm * lat * rad
}

func dist(x1, y1, x2, y2 float32) float32 {
	dx, dy := x1-x2, y1-y2
	return float32(math.Sqrt(float64(dx*dx + dy*dy)))
}

// init builds the starting world of docs/model.md §5.
func (w *World) init() error {
	r := w.rng[streamInit]
	idx := w.initRegions()
	if err := w.initCouncils(idx); err != nil {
		return err
	}
	w.derive()
	w.initPseudoProviders()
	w.initTables()
	w.initPrices()
	ids := w.initChildren(r)
	if err := w.ctx.Err(); err != nil {
		return err
	}
	plan := w.assignSettings(r, ids)
	w.buildHomes(r, plan)
	w.buildHouseholds(r, plan)
	if err := w.ctx.Err(); err != nil {
		return err
	}
	w.updateBuyerShares(plan.sB)
	w.placeInitial(r, plan)
	if err := w.ctx.Err(); err != nil {
		return err
	}
	w.initFinance()
	w.initWorkforce()
	w.recountSupply()
	w.updateBuyerShares(nil)
	return nil
}

// initRegions sets up the regions and their search rings (adjacent regions,
// then the rest of the country) and returns their indices by name.
func (w *World) initRegions() map[string]int {
	cfg := &w.cfg
	w.regions = make([]region, len(cfg.Regions))
	idx := map[string]int{}
	for i, rs := range cfg.Regions {
		idx[rs.Name] = i
		lvl := rs.WageLevel
		if lvl == 0 {
			lvl = 1
		}
		w.regions[i] = region{name: rs.Name, propIndex: rs.PropIndex, homePlacesShare: rs.HomePlacesShare, wageLevel: lvl, workFactor: 1}
	}
	w.nationalWage = 1
	w.setWages()
	for i, rs := range cfg.Regions {
		seen := make([]bool, len(cfg.Regions))
		seen[i] = true
		for _, a := range rs.Adjacent {
			j := idx[a]
			if !seen[j] {
				seen[j] = true
				w.regions[i].adjacent = append(w.regions[i].adjacent, j)
			}
		}
		for j := range cfg.Regions {
			if !seen[j] && cfg.Regions[j].Country == rs.Country {
				w.regions[i].others = append(w.regions[i].others, j)
			}
		}
	}
	return idx
}

// initCouncils sets up the councils, their arrival rates and their
// regions' totals.
func (w *World) initCouncils(idx map[string]int) error {
	cfg := &w.cfg
	totalCLA := 0
	for _, c := range cfg.Councils {
		totalCLA += c.Children
	}
	w.Councils = make([]agents.Council, len(cfg.Councils))
	for i, c := range cfg.Councils {
		t, err := agents.CouncilTypeOfCode(c.Code)
		if c.Type != "" {
			t, err = agents.ParseCouncilType(c.Type)
		}
		if err != nil {
			return &FieldError{Field: fmt.Sprintf("councils[%d].type", i), Value: c.Type, Allowed: err.Error()}
		}
		x, y := project(c.Lat, c.Lon)
		reg := idx[c.Region]
		rate := 0.0
		if totalCLA > 0 {
			rate = cfg.Demand.StartersPerYear * float64(c.Children) / float64(totalCLA) / agents.WeeksPerYear
		}
		w.Councils[i] = agents.Council{
			Code: c.Code, Name: c.Name, Region: reg, Type: t, Lat: c.Lat, Lon: c.Lon, X: x, Y: y,
			SpreadKm: cfg.Matching.SpreadKm.At(t), Children: c.Children, Population: c.Population,
			ArrivalsPerWeek: rate, Coop: -1,
		}
		w.regions[reg].councils = append(w.regions[reg].councils, i)
		w.regions[reg].children += c.Children
		w.regions[reg].pop += c.Population
	}
	for i := range w.regions {
		if len(w.regions[i].councils) == 0 {
			return &FieldError{Field: "regions[" + fmt.Sprint(i) + "]", Value: w.regions[i].name, Allowed: "every region needs at least one council"}
		}
	}
	return nil
}

// initPseudoProviders adds the unregistered supplier of each region, then
// each council's in-house service.
func (w *World) initPseudoProviders() {
	for i := range w.regions {
		w.regions[i].unreg = w.newProvider(agents.UnregisteredSupplier, i)
	}
	for c := range w.Councils {
		id := w.newProvider(agents.CouncilOwned, w.Councils[c].Region)
		w.Providers[id].Owner = c
		w.Councils[c].InHouse = id
	}
}

// initTables sizes the accounts, statistics and vacancy lists by council
// and region, the calendar and the results.
func (w *World) initTables() {
	nc, nr := len(w.Councils), len(w.regions)
	w.acct.councilRate = make([]int64, nc)
	w.acct.waitRate = make([]int64, nc)
	w.acct.councilWeek = make([]float64, nc)
	w.stats.regWaiting = make([]int, nr)
	w.stats.o500kCouncil = make([]int32, nc)
	w.stats.regUnreg = make([]int, nr)
	w.stats.regOver20 = make([]int, nr)
	w.vac.lists = make([][2][numSlots][]int32, nc)
	w.vac.rlist = make([][numSlots][]int32, nr)
	w.cal.reset(w.weeks)
	w.res = newResults(w.startYear, w.weeks-w.warmup, w.Regions())
}

// derive fills the tables computed from the configuration.
func (w *World) derive() {
	cfg := &w.cfg
	w.punreg = cfg.Costs.Punreg.array()
	w.deriveStarterAges()
	for _, s := range []agents.Setting{agents.FosterInHouse, agents.FosterIFA, agents.ChildrensHome, agents.Supported} {
		for t := agents.Tier(0); t < agents.NumTiers; t++ {
			w.acceptBase[s][t] = cfg.Matching.Acceptance.At(s, t) * cfg.Matching.AcceptanceScale.At(s)
		}
	}
	w.costs.unit = make([][agents.NumSettings][agents.NumTiers]float64, len(w.regions))
	w.costs.variable = make([][agents.NumSettings][agents.NumTiers]float64, len(w.regions))
	w.costs.fixed = make([][agents.NumSettings]float64, len(w.regions))
	w.refreshCosts()
}

// refreshCosts recomputes the unit-cost table from the regional care wages
// (docs/model.md §4.1, §4.8). Children's homes and supported accommodation
// pay staff: their variable costs (extra staffing by need) follow the wage,
// and the staff share of their fixed costs does. Foster care does not: its
// costs are carers' fees and allowances and agency costs, in real terms.
func (w *World) refreshCosts() {
	k := &w.cfg.Costs
	for ri := range w.regions {
		rg := &w.regions[ri]
		fixed := [agents.NumSettings]float64{
			agents.FosterInHouse: k.InHouseFixed, agents.FosterIFA: k.IFAFixed,
			agents.ChildrensHome: k.HomeFixed * rg.staffCost, agents.Supported: k.SupportedFixed * rg.staffCost,
		}
		oref := [agents.NumSettings]float64{
			agents.FosterInHouse: k.ORef.Foster, agents.FosterIFA: k.ORef.Foster,
			agents.ChildrensHome: k.ORef.Homes, agents.Supported: k.ORef.Supported,
		}
		for s := agents.FosterInHouse; s <= agents.Supported; s++ {
			w.costs.fixed[ri][s] = fixed[s]
			for t := agents.Tier(0); t < agents.NumTiers; t++ {
				var v float64
				switch s {
				case agents.FosterInHouse:
					v = k.InHouseVariable
				case agents.FosterIFA:
					v = k.IFAVariable
				case agents.ChildrensHome:
					v = k.HomeVariable.At(t) * rg.wage
				case agents.Supported:
					v = k.SupportedVariable * rg.wage
				}
				w.costs.variable[ri][s][t] = v
				w.costs.unit[ri][s][t] = agents.UnitCost(fixed[s], oref[s], v)
			}
		}
	}
}

func (w *World) newProvider(o agents.Ownership, reg int) int32 {
	id := int32(len(w.Providers))
	f := w.cfg.Finance
	w.Providers = append(w.Providers, agents.Provider{
		ID: id, Ownership: o, Region: reg, Owner: -1, ExitWeek: -1, CostFactor: w.drawCostFactor(o),
		Terms:   agents.Terms{Mu: w.cfg.Pricing.Mu.At(o), Kappa: w.cfg.Pricing.Kappa.At(o)},
		Hurdle:  w.cfg.Investment.Hurdle.At(o),
		Finance: agents.Finance{Spread: f.Interest.At(o) - f.BaseRate, Leverage: w.drawLeverage(o)},
	})
	w.Providers[id].Finance.Refinance(w.baseRate())
	w.acct.provRev = append(w.acct.provRev, 0)
	w.acct.provVar = append(w.acct.provVar, 0)
	w.acct.provFix = append(w.acct.provFix, 0)
	return id
}

// starter is a child's attributes at the start of an episode.
type starter struct {
	age      int // weeks
	tier     agents.Tier
	uasc     bool
	other    bool
	duration int // weeks, capped at age 18
}

// drawStarter draws a starter's attributes. yearsOn is the time since the
// first reported April, for the growth of complex needs.
func (w *World) drawStarter(r *rand.Rand, yearsOn float64) starter {
	s := w.drawAgeDuration(r)
	w.drawNeeds(r, &s, yearsOn)
	return s
}

// drawAgeDuration draws a starter's age, UASC flag and episode length.
func (w *World) drawAgeDuration(r *rand.Rand) starter {
	d := &w.cfg.Demand
	var s starter
	bandLo := [5]int{0, 52, 260, 520, 832}
	bandHi := [5]int{52, 260, 520, 832, adultWeeks}
	band := 0
	if r.Float64() < d.UASCShare {
		s.uasc = true
		band = 3
		if r.Float64() < d.UASCOlderShare {
			band = 4
		}
	} else {
		adj := &w.nonUASCAges
		u := r.Float64() * adj[5]
		for band = 0; band < 4; band++ {
			if u < adj[band] {
				break
			}
			u -= adj[band]
		}
	}
	s.age = bandLo[band] + r.IntN(bandHi[band]-bandLo[band])
	dur := math.Exp(d.EpisodeMu + d.EpisodeSigma*r.NormFloat64())
	if dur > 1e6 {
		dur = 1e6
	}
	s.duration = max(1, int(math.Ceil(dur)))
	if lim := adultWeeks - s.age; s.duration > lim {
		s.duration = max(1, lim)
	}
	return s
}

// drawNeeds draws a starter's tier and whether it goes to an untraded
// setting, given its age.
func (w *World) drawNeeds(r *rand.Rand, s *starter, yearsOn float64) {
	d := &w.cfg.Demand
	g := w.complexGrowth(yearsOn)
	cx, vcx := d.Tiers.Complex*g, d.Tiers.VeryComplex*g
	if cx+vcx > 1 {
		f := 1 / (cx + vcx)
		cx, vcx = cx*f, vcx*f
	}
	switch u := r.Float64(); {
	case u < vcx:
		s.tier = agents.VeryComplex
	case u < vcx+cx:
		s.tier = agents.Complex
	default:
		s.tier = agents.Standard
	}
	if !s.uasc && r.Float64() < d.OtherProb.At(agents.AgeBandOf(s.age)) {
		s.other = true
	}
}

// newChild creates a child of council c from starter s, aged ageNow weeks,
// whose episode ends endWeek. It returns the child's ID.
func (w *World) newChild(r *rand.Rand, c int, s starter, ageNow, endWeek int) int32 {
	k := &w.kids
	id := k.add()
	co := &w.Councils[c]
	k.hot[id].council = int16(c)
	k.hot[id].region = int8(co.Region)
	k.hot[id].x = float32(co.X + co.SpreadKm*r.NormFloat64())
	k.hot[id].y = float32(co.Y + co.SpreadKm*r.NormFloat64())
	k.hot[id].birth = int32(w.week - ageNow)
	k.hot[id].tier = s.tier
	k.hot[id].uasc = s.uasc
	k.endWeek[id] = int32(endWeek)
	k.start[id] = int32(w.week - (ageNow - s.age))
	k.lastPrice[id] = 0
	k.hot[id].hard = r.Float64() < w.hardShare(s.tier, s.age)
	if endWeek < len(w.cal.ends) {
		w.cal.add(w.cal.ends, endWeek, pack(id, k.gen[id]))
	}
	if s.other {
		k.hot[id].setting = agents.Other
		w.stats.setting[agents.Other]++
	} else {
		k.hot[id].setting = fresh // placed or set seeking by the caller
	}
	return id
}

// initChildren creates the stock of children looked after at the start by
// length-biased sampling of the arrival process, so that ages, tiers and
// remaining episode lengths are those of a stationary stock.
func (w *World) initChildren(r *rand.Rand) []int32 {
	total := 0
	for _, c := range w.Councils {
		total += c.Children
	}
	w.kids.grow(total + total/4 + 1024)
	for j := len(w.kids.alive) - 1; j >= 0; j-- {
		w.kids.free = append(w.kids.free, int32(j))
	}
	ids := make([]int32, 0, total)
	yearsOn := -float64(w.warmup) / agents.WeeksPerYear
	for c := range w.Councils {
		if c%16 == 0 && w.ctx.Err() != nil {
			return ids // init reports the cancellation
		}
		for range w.Councils[c].Children {
			var s starter
			var tau int
			for try := 0; ; try++ {
				s = w.drawAgeDuration(r)
				tau = r.IntN(adultWeeks)
				if tau < s.duration || try > 10000 {
					break
				}
			}
			if tau >= s.duration {
				tau = s.duration - 1
			}
			w.drawNeeds(r, &s, yearsOn)
			ids = append(ids, w.newChild(r, c, s, s.age+tau, s.duration-tau))
		}
	}
	return ids
}

// plan is the initial assignment of children to settings.
type plan struct {
	homes, supported, inHouse, ifa []int32
	sB                             []float64 // buyer shares from the planned placements
}

// assignSettings gives each traded child of each council a setting in the
// published mix (docs/data.md), respecting suitability: VeryComplex children in
// homes, supported accommodation for 16–17-year-olds (UASC first), homes for
// Complex then older Standard children (none under Matching.HomesMinAge),
// foster care for the rest.
func (w *World) assignSettings(r *rand.Rand, ids []int32) plan {
	m := w.cfg.Mix
	traded := m.FosterInHouse + m.FosterIFA + m.ChildrensHome + m.Supported
	var p plan
	k := &w.kids
	byCouncil := make([][]int32, len(w.Councils))
	for _, id := range ids {
		if k.hot[id].setting != agents.Other {
			c := k.hot[id].council
			byCouncil[c] = append(byCouncil[c], id)
		}
	}
	regPlaced := make([]float64, len(w.regions))
	councilPlaced := make([]float64, len(w.Councils))
	for c, kids := range byCouncil {
		n := float64(len(kids))
		if n == 0 || traded == 0 {
			continue
		}
		rand.New(r).Shuffle(len(kids), func(i, j int) { kids[i], kids[j] = kids[j], kids[i] })
		homeQ := int(math.Round(n * m.ChildrensHome / traded))
		supQ := int(math.Round(n * m.Supported / traded))
		ihQ := int(math.Round(n * m.FosterInHouse / traded))
		done := make([]bool, len(kids))
		take := func(list *[]int32, quota *int, ok func(id int32) bool) {
			for i, id := range kids {
				if *quota <= 0 {
					return
				}
				if !done[i] && ok(id) {
					done[i] = true
					*list = append(*list, id)
					*quota--
				}
			}
		}
		age := func(id int32) int { return w.week - int(k.hot[id].birth) }
		older := func(id int32) bool { return age(id) >= 16*agents.WeeksPerYear }
		big := len(kids) + 1
		take(&p.homes, &big, func(id int32) bool { return k.hot[id].tier == agents.VeryComplex })
		homeQ -= len(kids) + 1 - big
		take(&p.supported, &supQ, func(id int32) bool { return older(id) && k.hot[id].uasc })
		take(&p.supported, &supQ, older)
		homeAge := func(id int32) bool { return age(id) >= w.cfg.Matching.HomesMinAge*agents.WeeksPerYear }
		take(&p.homes, &homeQ, func(id int32) bool { return k.hot[id].tier == agents.Complex && homeAge(id) })
		take(&p.homes, &homeQ, func(id int32) bool { return age(id) >= 10*agents.WeeksPerYear })
		take(&p.homes, &homeQ, homeAge)
		take(&p.inHouse, &ihQ, func(int32) bool { return true })
		rest := len(kids)
		take(&p.ifa, &rest, func(int32) bool { return true })
		councilPlaced[c] = n
		regPlaced[w.Councils[c].Region] += n
	}
	p.sB = make([]float64, len(w.Councils))
	for c := range w.Councils {
		if rp := regPlaced[w.Councils[c].Region]; rp > 0 {
			p.sB[c] = councilPlaced[c] / rp
		}
	}
	return p
}

// weightedPick returns an index drawn with probability proportional to
// weights (which need not be normalised); -1 if all are zero.
func weightedPick(r *rand.Rand, weights []float64) int {
	tot := 0.0
	for _, x := range weights {
		tot += x
	}
	if tot <= 0 {
		return -1
	}
	u := r.Float64() * tot
	for i, x := range weights {
		if u < x {
			return i
		}
		u -= x
	}
	return len(weights) - 1
}

// apportion splits n into len(weights) whole parts proportional to weights
// by the largest-remainder method.
func apportion(n int, weights []float64) []int {
	out := make([]int, len(weights))
	tot := 0.0
	for _, x := range weights {
		tot += x
	}
	if tot <= 0 || n <= 0 {
		return out
	}
	type rem struct {
		i int
		f float64
	}
	rems := make([]rem, len(weights))
	given := 0
	for i, x := range weights {
		q := float64(n) * x / tot
		out[i] = int(q)
		given += out[i]
		rems[i] = rem{i, q - float64(out[i])}
	}
	slices.SortStableFunc(rems, func(a, b rem) int {
		switch {
		case a.f > b.f:
			return -1
		case a.f < b.f:
			return 1
		}
		return 0
	})
	for j := 0; given < n; j++ {
		out[rems[j%len(rems)].i]++
		given++
	}
	return out
}

// hostCouncil draws a host council in region reg with weight ∝ children
// looked after (the propIndex divisor is constant within a region).
func (w *World) hostCouncil(r *rand.Rand, reg int) int {
	cs := w.regions[reg].councils
	wts := w.scratch.floats[:0]
	for _, c := range cs {
		wts = append(wts, float64(w.Councils[c].Children)+0.5)
	}
	w.scratch.floats = wts
	return cs[weightedPick(r, wts)]
}

// addHome registers a home of kind k owned by provider owner at council c;
// it opens at openWeek (building until then).
func (w *World) addHome(r *rand.Rand, owner int32, c int, k agents.HomeKind, places int, openWeek int) int {
	co := &w.Councils[c]
	u := w.cfg.Matching.HomesUsableShare
	h := agents.Home{
		Owner: owner, Council: int16(c), Region: int8(co.Region), Kind: k,
		X: float32(co.X + co.SpreadKm*r.NormFloat64()), Y: float32(co.Y + co.SpreadKm*r.NormFloat64()),
		Places: uint8(places), Usable: uint8(binomial(r, places, u)), Round: float32(r.Float64()),
		OpenWeek: int32(openWeek), CloseWeek: -1, BlockCoop: -1,
	}
	for i := range h.Children {
		h.Children[i] = -1
	}
	h.Status = agents.Building
	id := len(w.Homes)
	w.Homes = append(w.Homes, h)
	w.acct.homeRev = append(w.acct.homeRev, 0)
	w.acct.homeVar = append(w.acct.homeVar, 0)
	w.acct.blockRate = append(w.acct.blockRate, 0)
	w.blockPayer = append(w.blockPayer, -1)
	w.vac.hmPos = append(w.vac.hmPos, -1)
	w.vac.hmEPos = append(w.vac.hmEPos, -1)
	w.vac.hmRPos = append(w.vac.hmRPos, -1)
	w.vac.hmERPos = append(w.vac.hmERPos, -1)
	w.vac.hmWhere = append(w.vac.hmWhere, listKey{-1, -1})
	if openWeek <= w.week {
		w.openHome(id)
	} else {
		w.building = append(w.building, int32(id))
	}
	return id
}

// growHouseholds makes room for n more foster households at once: growing
// the household columns one append at a time while building England's
// 40,000 was a few percent of a run's start-up.
func (w *World) growHouseholds(n int) {
	w.Households = slices.Grow(w.Households, n)
	w.vac.hhPos = slices.Grow(w.vac.hhPos, n)
	w.vac.hhRPos = slices.Grow(w.vac.hhRPos, n)
}

// addHousehold approves a foster household for owner at council c.
func (w *World) addHousehold(r *rand.Rand, owner int32, c int) int {
	fo := &w.cfg.Foster
	co := &w.Councils[c]
	approved := 1 + weightedPick(r, fo.Approved[:])
	hh := agents.Household{
		Owner: owner, Council: int16(c),
		X: float32(co.X + co.SpreadKm*r.NormFloat64()), Y: float32(co.Y + co.SpreadKm*r.NormFloat64()),
		Approved: uint8(approved), Usable: uint8(binomial(r, approved, w.cfg.Matching.FosterUsableShare)),
		AcceptsComplex: r.Float64() < fo.AcceptsComplex, Active: true,
	}
	for i := range hh.Children {
		hh.Children[i] = -1
	}
	id := len(w.Households)
	w.Households = append(w.Households, hh)
	w.vac.hhPos = append(w.vac.hhPos, -1)
	w.vac.hhRPos = append(w.vac.hhRPos, -1)
	w.countHouseholdPlaces(id, +1)
	pr := &w.Providers[owner]
	pr.Households++
	w.acct.provFix[owner] += w.hhFixed(id)
	if pr.Ownership == agents.CouncilOwned {
		w.stats.hhCouncil++
	} else {
		w.stats.hhIFA++
	}
	w.refreshHousehold(id)
	return id
}

func (w *World) hhSetting(h int) agents.Setting {
	if w.Providers[w.Households[h].Owner].Ownership == agents.CouncilOwned {
		return agents.FosterInHouse
	}
	return agents.FosterIFA
}

// complexGrowth returns (1 + g)^years for the growth of complex needs,
// cached for the current year fraction.
func (w *World) complexGrowth(years float64) float64 {
	if years != w.growthAt || w.growthVal == 0 {
		w.growthAt = years
		w.growthVal = math.Pow(1+w.cfg.Demand.ComplexGrowth, years)
	}
	return w.growthVal
}
