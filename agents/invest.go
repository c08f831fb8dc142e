package agents

import "math"

// ExpectedAnnualProfit returns a home's expected annual operating profit,
// E[π] = 52·places·(ô·(p̂ − cV) − cF), for expected occupancy ô, expected
// weekly price p̂, variable cost cV per occupied place-week and fixed cost cF
// per registered place-week (docs/model.md §4.5).
func ExpectedAnnualProfit(places int, occ, price, variable, fixed float64) float64 {
	return WeeksPerYear * float64(places) * (occ*(price-variable) - fixed)
}

// Capital returns the capital a new home needs: K = K0·propIndex·places/4,
// with K0 the capital of a 4-place home (docs/model.md §4.5).
func Capital(k0, propIndex float64, places int) float64 {
	return k0 * propIndex * float64(places) / 4
}

// ROCE returns the return on capital employed, profit ÷ capital.
func ROCE(profit, capital float64) float64 {
	if capital <= 0 {
		return 0
	}
	return profit / capital
}

// Excess returns the investment pull of a return over a hurdle rate,
// max(0, ROCE − h)/h (docs/model.md §4.5). A hurdle of zero or less gives 0.
func Excess(roce, hurdle float64) float64 {
	if hurdle <= 0 {
		return 0
	}
	return math.Max(0, roce-hurdle) / hurdle
}

// ExpectedOccupancy returns ô = min(oRef, occupied ÷ usable), where usable
// counts homes under construction (docs/model.md §4.5). With no usable places it
// returns oRef.
func ExpectedOccupancy(oRef float64, occupied, usable int) float64 {
	if usable <= 0 {
		return oRef
	}
	return math.Min(oRef, float64(occupied)/float64(usable))
}

// ForecastOccupancy returns the co-operative forecast of a new home's fill,
// ô = min(1, oRef + waiting ÷ (usable places under construction + places of
// the new home)) (docs/model.md §6, forecasting switch).
func ForecastOccupancy(oRef float64, waiting, building, places int) float64 {
	d := building + places
	if d <= 0 {
		return oRef
	}
	return math.Min(1, oRef+float64(waiting)/float64(d))
}

// ClosureTest reports whether a home should close for poor results: its
// trailing four-quarter profit is negative and its latest quarter's occupancy
// is below minOccupancy (0.6 in the baseline; docs/model.md §4.5).
func ClosureTest(trailingProfit, lastQuarterOccupancy, minOccupancy float64) bool {
	return trailingProfit < 0 && lastQuarterOccupancy < minOccupancy
}

// CapitalAccess returns the share of a new home's capital a provider can
// raise now, min(1, (cash above its buffer + borrowing capacity) ÷
// capital): the access-to-capital factor of its build rate
// (docs/model.md §4.5). A capital of zero or less gives 1.
func CapitalAccess(f Finance, keep, capital float64) float64 {
	if capital <= 0 {
		return 1
	}
	room := math.Max(0, f.Cash-keep) + f.BorrowingCapacity()
	return math.Min(1, room/capital)
}

// BuildWeight returns a provider's weight in a region's build rate: its
// capacity, units (open homes and schemes, at least 1) relative to the mean
// units of a provider at the start, shared equally between the regions
// where it may build, times its access to capital (docs/model.md §4.5).
func BuildWeight(units int, meanUnits float64, regions int, access float64) float64 {
	if meanUnits <= 0 || regions <= 0 {
		return 0
	}
	return float64(max(1, units)) / meanUnits / float64(regions) * access
}

// AcquisitionPrice returns the enterprise value paid for a business with
// trailing EBITDA ebitda at multiple times earnings, or 0 when it earns
// nothing.
func AcquisitionPrice(multiple, ebitda float64) float64 {
	return multiple * math.Max(0, ebitda)
}

// FundAcquisition pays price for a business with trailing EBITDA ebitda
// from cash above keep and then by borrowing within the capacity of the
// combined group, (L+1)·(trailing EBITDA + ebitda) − debt, so the
// acquirer's debt rises by what its cash does not cover. It reports false,
// and changes nothing, when the two together do not suffice.
func (f *Finance) FundAcquisition(price, ebitda, keep float64) bool {
	spare := math.Max(0, f.Cash-keep)
	if price <= spare {
		f.Cash -= price
		return true
	}
	rest := price - spare
	room := (f.Leverage+1)*math.Max(0, f.TrailingEBITDA+ebitda) - f.Debt
	if rest > room {
		return false
	}
	f.Cash -= spare
	f.Debt += rest
	return true
}
