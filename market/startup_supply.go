package market

// Start-up: building the starting homes, foster households and the
// providers that own them (docs/model.md §5).

import (
	"math"
	"math/rand/v2"

	"github.com/caremarket/caremarket/agents"
)

// buildHouseholds approves the foster households of the start: council
// households where council carers' children are, agency households where
// agency children are, agencies from a few national groups to many small
// regional ones (docs/data.md: 276 agencies, 6 groups hold most places).
func (w *World) buildHouseholds(r *rand.Rand, p plan) {
	fo := &w.cfg.Foster
	nIFA := int(math.Round(float64(fo.Households) * fo.IFAShare))
	nIH := fo.Households - nIFA
	wIH := make([]float64, len(w.Councils))
	wIFA := make([]float64, len(w.Councils))
	for _, id := range p.inHouse {
		wIH[w.kids.hot[id].council]++
	}
	for _, id := range p.ifa {
		wIFA[w.kids.hot[id].council]++
	}
	for c := range w.Councils {
		wIH[c] += 0.5
		wIFA[c] += 0.5
	}
	w.growHouseholds(fo.Households)
	for c, n := range apportion(nIH, wIH) {
		for range n {
			w.addHousehold(r, w.Councils[c].InHouse, c)
		}
	}
	sites := make([]int, 0, nIFA)
	for c, n := range apportion(nIFA, wIFA) {
		for range n {
			sites = append(sites, c)
		}
	}
	rand.New(r).Shuffle(len(sites), func(i, j int) { sites[i], sites[j] = sites[j], sites[i] })
	sup := &w.cfg.Supply
	groupN := int(math.Round(sup.AgencyGroupShare * float64(len(sites))))
	if sup.AgencyGroups > 0 && groupN > 0 {
		wts := make([]float64, sup.AgencyGroups)
		for i := range wts {
			wts[i] = 1 / math.Pow(float64(i+1), 0.7)
		}
		next := 0
		for g, n := range apportion(groupN, wts) {
			if n == 0 {
				continue
			}
			o := agents.Private
			if g < 2 { // the two largest agencies are PE-owned (CMA 2021)
				o = agents.PrivateEquity
			}
			id := w.newProvider(o, w.Councils[sites[next]].Region)
			for _, c := range sites[next : next+n] {
				w.addHousehold(r, id, c)
			}
			next += n
		}
		sites = sites[next:]
	} else {
		groupN = 0
	}
	// Regional agencies: as many as the rest of the count, spread across
	// regions by households, with heavy-tailed sizes.
	byRegion := make([][]int, len(w.regions))
	for _, c := range sites {
		reg := w.Councils[c].Region
		byRegion[reg] = append(byRegion[reg], c)
	}
	rest := max(0, sup.Agencies-sup.AgencyGroups)
	regW := make([]float64, len(w.regions))
	for i, s := range byRegion {
		regW[i] = float64(len(s))
	}
	own := sup.IFAOwnership
	ownW := []float64{own.PrivateEquity, own.Private, own.NotForProfit}
	for reg, n := range apportion(rest, regW) {
		ss := byRegion[reg]
		if len(ss) == 0 {
			continue
		}
		n = max(1, min(n, len(ss)))
		wts := make([]float64, n)
		for i := range wts {
			wts[i] = math.Exp(1.2 * r.NormFloat64())
		}
		next := 0
		for _, k := range apportion(len(ss), wts) {
			if k == 0 {
				continue
			}
			o := agents.Ownership(max(0, weightedPick(r, ownW)))
			id := w.newProvider(o, reg)
			for _, c := range ss[next : next+k] {
				w.addHousehold(r, id, c)
			}
			next += k
		}
	}
}

// buildHomes creates the children's homes and supported schemes of the
// start, their owners and their sites (docs/model.md §5).
func (w *World) buildHomes(r *rand.Rand, p plan) {
	counts := w.startHomeCounts(p)
	homes, schemes := w.startSites(r, counts)
	w.buildStartHomes(r, homes)
	w.buildStartSchemes(r, schemes)
}

// startHomeCounts returns the number of homes of each kind the starting
// stock of children needs at the reference occupancy.
func (w *World) startHomeCounts(p plan) [agents.NumHomeKinds]int {
	cfg := &w.cfg
	oRef := cfg.Costs.ORef.Homes
	var nTier [agents.NumTiers]int
	for _, id := range p.homes {
		nTier[w.kids.hot[id].tier]++
	}
	return [agents.NumHomeKinds]int{
		agents.SoloHome:        nTier[agents.VeryComplex], // one child each: see docs/model.md
		agents.ComplexHome:     int(math.Round(float64(nTier[agents.Complex]) / oRef / 3)),
		agents.StandardHome:    int(math.Round(float64(nTier[agents.Standard]) / oRef / 4)),
		agents.SupportedScheme: int(math.Round(float64(len(p.supported)) / cfg.Costs.ORef.Supported / 6)),
	}
}

// startSites places the starting homes and schemes in host councils:
// children's homes by the regions' shares of home places (given shares,
// the rest by children), schemes by children; each list shuffled.
func (w *World) startSites(r *rand.Rand, counts [agents.NumHomeKinds]int) (homes, schemes []site) {
	share := make([]float64, len(w.regions))
	fixed, restCLA := 0.0, 0
	for i, rg := range w.regions {
		if rg.homePlacesShare > 0 {
			share[i] = rg.homePlacesShare
			fixed += rg.homePlacesShare
		} else {
			restCLA += rg.children
		}
	}
	for i, rg := range w.regions {
		if rg.homePlacesShare == 0 && restCLA > 0 {
			share[i] = math.Max(0, 1-fixed) * float64(rg.children) / float64(restCLA)
		}
	}
	claShare := make([]float64, len(w.regions))
	for i, rg := range w.regions {
		claShare[i] = float64(rg.children)
	}
	for k := agents.HomeKind(0); k < agents.NumHomeKinds; k++ {
		wts := share
		if k == agents.SupportedScheme {
			wts = claShare
		}
		for reg, n := range apportion(counts[k], wts) {
			for range n {
				s := site{k, w.hostCouncil(r, reg)}
				if k == agents.SupportedScheme {
					schemes = append(schemes, s)
				} else {
					homes = append(homes, s)
				}
			}
		}
	}
	rr := rand.New(r)
	rr.Shuffle(len(homes), func(i, j int) { homes[i], homes[j] = homes[j], homes[i] })
	rr.Shuffle(len(schemes), func(i, j int) { schemes[i], schemes[j] = schemes[j], schemes[i] })
	return homes, schemes
}

// buildStartHomes gives the starting children's homes owners: councils,
// not-for-profit providers, and for-profit ones (buildForProfit).
func (w *World) buildStartHomes(r *rand.Rand, homes []site) {
	cfg := &w.cfg
	// Ownership of homes, by places.
	own := cfg.Supply.HomeOwnership
	g := splitSites(r, homes, own.Council, own.NotForProfit)
	nfp, fp := g[1], g[2]
	w.addCouncilSites(r, g[0])
	w.regionalProviders(r, nfp, func(reg int) int32 { return w.newProvider(agents.NotForProfit, reg) }, cfg.Supply.MidHomes, nil)
	w.buildForProfit(r, fp, len(homes), own)
}

// buildForProfit gives the for-profit starting homes owners: a few large
// national groups, single-home providers, and mid-sized regional
// providers; private equity owns the share of places given, mostly through
// the largest groups.
func (w *World) buildForProfit(r *rand.Rand, fp []site, nHomes int, own ByOwnership) {
	cfg := &w.cfg
	sup := cfg.Supply
	large := int(math.Round(sup.LargeGroupShare * float64(nHomes)))
	large = min(large, len(fp))
	single := min(int(math.Round(sup.SingleHomeShare*float64(len(fp)))), len(fp)-large)
	peTarget := 0.0
	if own.PrivateEquity+own.Private > 0 {
		peTarget = own.PrivateEquity / (own.PrivateEquity + own.Private)
	}
	pePlaces, fpPlaces := 0, 0
	for _, s := range fp {
		fpPlaces += s.kind.Places()
	}
	if sup.LargeGroups > 0 && large > 0 {
		wts := make([]float64, sup.LargeGroups)
		for i := range wts {
			wts[i] = 1 / math.Pow(float64(i+1), 0.8)
		}
		sizes := apportion(large, wts)
		next := 0
		for g, n := range sizes {
			if n == 0 {
				continue
			}
			// 6 of the 10 largest are private-equity owned (CMA 2021), and
			// half of the next ones.
			o := agents.Private
			if (g < 10 && (g == 0 || g == 1 || g == 3 || g == 4 || g == 6 || g == 8)) || (g >= 10 && g%2 == 0) {
				o = agents.PrivateEquity
			}
			id := w.newProvider(o, w.Councils[fp[next].c].Region)
			for _, s := range fp[next : next+n] {
				w.addHome(r, id, s.c, s.kind, s.kind.Places(), 0)
				if o == agents.PrivateEquity {
					pePlaces += s.kind.Places()
				}
			}
			next += n
		}
		fp = fp[next:]
	}
	for _, s := range fp[:single] {
		id := w.newProvider(agents.Private, w.Councils[s.c].Region)
		w.addHome(r, id, s.c, s.kind, s.kind.Places(), 0)
	}
	fp = fp[single:]
	w.regionalProviders(r, fp, func(reg int) int32 {
		o := agents.Private
		if fpPlaces > 0 && float64(pePlaces)/float64(fpPlaces) < peTarget {
			o = agents.PrivateEquity
		}
		return w.newProvider(o, reg)
	}, sup.MidHomes, func(owner int32, s site) {
		if w.Providers[owner].Ownership == agents.PrivateEquity {
			pePlaces += s.kind.Places()
		}
	})
}

// buildStartSchemes gives the starting supported schemes owners by the
// supported ownership shares.
func (w *World) buildStartSchemes(r *rand.Rand, schemes []site) {
	cfg := &w.cfg
	sup := cfg.Supply
	so := cfg.Supply.SupportedOwnership
	g := splitSites(r, schemes, so.Council, so.NotForProfit, so.PrivateEquity)
	w.addCouncilSites(r, g[0])
	for i, o := range []agents.Ownership{agents.NotForProfit, agents.PrivateEquity, agents.Private} {
		w.regionalProviders(r, g[i+1], func(reg int) int32 { return w.newProvider(o, reg) }, sup.MidHomes, nil)
	}
}

// splitSites deals sites into len(shares)+1 groups with one draw u a site:
// a site joins the first group whose cumulative share exceeds u, the last
// group taking the rest.
func splitSites(r *rand.Rand, sites []site, shares ...float64) [][]site {
	out := make([][]site, len(shares)+1)
	for _, s := range sites {
		u := r.Float64()
		g, cum := len(shares), 0.0
		for i, sh := range shares {
			if cum += sh; u < cum {
				g = i
				break
			}
		}
		out[g] = append(out[g], s)
	}
	return out
}

// addCouncilSites opens a council home or scheme at each site, owned by
// the site's council.
func (w *World) addCouncilSites(r *rand.Rand, sites []site) {
	for _, s := range sites {
		w.addHome(r, w.Councils[s.c].InHouse, s.c, s.kind, s.kind.Places(), 0)
	}
}

// site is a planned home: its kind and host council.
type site struct {
	kind agents.HomeKind
	c    int
}

// regionalProviders gives sites to providers that each work in one region,
// with sizes 1 + Geometric(mean − 1). newOwner makes a provider for a region;
// onHome, when not nil, is called after each home is added.
func (w *World) regionalProviders(r *rand.Rand, sites []site, newOwner func(reg int) int32, mean float64, onHome func(int32, site)) {
	byRegion := make([][]site, len(w.regions))
	for _, s := range sites {
		reg := w.Councils[s.c].Region
		byRegion[reg] = append(byRegion[reg], s)
	}
	p := 1.0
	if mean > 1 {
		p = 1 / mean
	}
	for reg, ss := range byRegion {
		for len(ss) > 0 {
			n := 1
			for r.Float64() > p && n < len(ss) {
				n++
			}
			id := newOwner(reg)
			for _, s := range ss[:n] {
				w.addHome(r, id, s.c, s.kind, s.kind.Places(), 0)
				if onHome != nil {
					onHome(id, s)
				}
			}
			ss = ss[n:]
		}
	}
}
