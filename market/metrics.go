package market

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/caremarket/caremarket/agents"
	"github.com/caremarket/caremarket/internal/strictyaml"
)

// Metric names a weekly series of Results (docs/model.md §7). Outputs
// (summary.json, CSV files, Results.Get) name a metric by its key,
// Metric.String; MetricByKey and ParseMetric find the constant from the
// key. Constants and keys:
//
//	ChildrenInCare           children_in_care
//	Arrivals                 arrivals
//	Leavers                  leavers
//	PlacedFosterInHouse      placed_foster_inhouse
//	PlacedFosterIFA          placed_foster_ifa
//	PlacedHomes              placed_homes
//	PlacedSupported          placed_supported
//	PlacedOther              placed_other
//	Waiting                  waiting
//	UnregisteredPlaced       unregistered
//	Over20Miles              over_20_miles
//	OutOfArea                out_of_area
//	Moves                    moves
//	SpendGBP                 spend_gbp
//	ClawbackGBP              clawback_gbp
//	TaxReceiptsGBP           tax_receipts_gbp
//	NetPublicCostGBP         net_public_cost_gbp
//	PriceHomeMean            price_home_mean
//	PriceHomeP90             price_home_p90
//	PriceIFAMean             price_ifa_mean
//	MarginPrivateEquity      margin_private_equity
//	MarginPrivate            margin_private
//	MarginNFP                margin_nfp
//	HomePlacesPrivateEquity  home_places_private_equity
//	HomePlacesPrivate        home_places_private
//	HomePlacesNFP            home_places_nfp
//	HomePlacesCouncil        home_places_council
//	FosterHouseholdsCouncil  foster_households_council
//	FosterHouseholdsIFA      foster_households_ifa
//	OccupancyHomes           occupancy_homes
//	Entries                  entries
//	ExitsOrderly             exits_orderly
//	ExitsDisorderly          exits_disorderly
//	HHIHomePlaces            hhi_home_places
//	ChildrenOver500k         children_over_500k
//	MarginForProfit          margin_for_profit
//	PriceSupportedMean       price_supported_mean
//	HomePlaces               home_places
//	SupportedPlaces          supported_places
//	HomesOpened              homes_opened
//	HomesOpenedForProfit     homes_opened_for_profit
//	HomesClosed              homes_closed
//	SpendWaitingGBP          spend_waiting_gbp
//	SpendUnregisteredGBP     spend_unregistered_gbp
//	SpendBlockGBP            spend_block_gbp
//	OtherCostGBP             other_cost_gbp
//	StabilityOne             stability_one
//	StabilityThreePlus       stability_three_plus
//	LeaversUnderOneYear      leavers_under_1y
//	SingleHomeShare          single_home_share
//	CapitalGrantsGBP         capital_grants_gbp
//	PlacedHomesUnder10       placed_homes_under_10
//	MovesPlanned             moves_planned
//	MovesUnplanned           moves_unplanned
//	WageIndexMin             wage_index_min
//	WageIndexMax             wage_index_max
//	HomesAcquired            homes_acquired
//	AcquisitionsGBP          acquisitions_gbp
//	CouncilHomesStarted      council_homes_started
//	CouncilCapitalGBP        council_capital_gbp
//	ExitsLarge               exits_large
//	SpendHomesGBP            spend_homes_gbp
//	SpendFosterIFAGBP        spend_foster_ifa_gbp
//	SpendFosterInHouseGBP    spend_foster_inhouse_gbp
//	SpendSupportedGBP        spend_supported_gbp
//	CouncilsWithOver500k     councils_with_over_500k
type Metric int

// Metrics. The first block is the summary.json contract of README.md; the
// rest are extra series used by comparisons, plots and reports.
const (
	ChildrenInCare Metric = iota
	Arrivals
	Leavers
	PlacedFosterInHouse
	PlacedFosterIFA
	PlacedHomes
	PlacedSupported
	PlacedOther
	Waiting
	UnregisteredPlaced
	Over20Miles
	OutOfArea
	Moves
	SpendGBP
	ClawbackGBP
	TaxReceiptsGBP
	NetPublicCostGBP
	PriceHomeMean
	PriceHomeP90
	PriceIFAMean
	MarginPrivateEquity
	MarginPrivate
	MarginNFP
	HomePlacesPrivateEquity
	HomePlacesPrivate
	HomePlacesNFP
	HomePlacesCouncil
	FosterHouseholdsCouncil
	FosterHouseholdsIFA
	OccupancyHomes
	Entries
	ExitsOrderly
	ExitsDisorderly
	HHIHomePlaces
	ChildrenOver500k
	// Extra series.
	MarginForProfit
	PriceSupportedMean
	HomePlaces
	SupportedPlaces
	HomesOpened
	HomesOpenedForProfit
	HomesClosed
	SpendWaitingGBP
	SpendUnregisteredGBP
	SpendBlockGBP
	OtherCostGBP
	StabilityOne
	StabilityThreePlus
	LeaversUnderOneYear
	SingleHomeShare
	CapitalGrantsGBP
	PlacedHomesUnder10
	MovesPlanned
	MovesUnplanned
	WageIndexMin
	WageIndexMax
	HomesAcquired
	AcquisitionsGBP
	CouncilHomesStarted
	CouncilCapitalGBP
	ExitsLarge
	SpendHomesGBP
	SpendFosterIFAGBP
	SpendFosterInHouseGBP
	SpendSupportedGBP
	CouncilsWithOver500k
	NumMetrics
)

type metricInfo struct {
	name, unit, desc string
	flow             bool
}

var metrics = [NumMetrics]metricInfo{
	ChildrenInCare:          {"children_in_care", "children", "children looked after", false},
	Arrivals:                {"arrivals", "children", "children starting to be looked after", true},
	Leavers:                 {"leavers", "children", "children ceasing to be looked after", true},
	PlacedFosterInHouse:     {"placed_foster_inhouse", "children", "children with council foster carers", false},
	PlacedFosterIFA:         {"placed_foster_ifa", "children", "children with agency foster carers", false},
	PlacedHomes:             {"placed_homes", "children", "children in children's homes", false},
	PlacedSupported:         {"placed_supported", "children", "children in supported accommodation", false},
	PlacedOther:             {"placed_other", "children", "children in kinship care, with parents or placed for adoption", false},
	Waiting:                 {"waiting", "children", "children seeking a place, not in an unregistered setting", false},
	UnregisteredPlaced:      {"unregistered", "children", "children in unregistered settings", false},
	Over20Miles:             {"over_20_miles", "children", "placed children more than 20 miles from home", false},
	OutOfArea:               {"out_of_area", "children", "placed children outside their council's area", false},
	Moves:                   {"moves", "moves", "placement moves", true},
	SpendGBP:                {"spend_gbp", "£", "council spend on placements (traded, in-house, unregistered, waiting, block and co-op costs)", true},
	ClawbackGBP:             {"clawback_gbp", "£", "profit-cap clawback repaid to councils", true},
	TaxReceiptsGBP:          {"tax_receipts_gbp", "£", "windfall tax receipts", true},
	NetPublicCostGBP:        {"net_public_cost_gbp", "£", "spend − clawback − tax receipts + capital grants", true},
	PriceHomeMean:           {"price_home_mean", "£/week", "mean weekly price of children's home placements", false},
	PriceHomeP90:            {"price_home_p90", "£/week", "90th percentile weekly price of children's home placements", false},
	PriceIFAMean:            {"price_ifa_mean", "£/week", "mean weekly price of agency foster placements", false},
	MarginPrivateEquity:     {"margin_private_equity", "share", "operating margin of private-equity providers (latest quarter)", false},
	MarginPrivate:           {"margin_private", "share", "operating margin of other private providers (latest quarter)", false},
	MarginNFP:               {"margin_nfp", "share", "operating margin of not-for-profit providers (latest quarter)", false},
	HomePlacesPrivateEquity: {"home_places_private_equity", "places", "registered children's home places owned by private equity", false},
	HomePlacesPrivate:       {"home_places_private", "places", "registered children's home places owned by other private providers", false},
	HomePlacesNFP:           {"home_places_nfp", "places", "registered children's home places owned by not-for-profits", false},
	HomePlacesCouncil:       {"home_places_council", "places", "registered children's home places owned by councils", false},
	FosterHouseholdsCouncil: {"foster_households_council", "households", "council foster households", false},
	FosterHouseholdsIFA:     {"foster_households_ifa", "households", "agency foster households", false},
	OccupancyHomes:          {"occupancy_homes", "share", "occupied ÷ registered children's home places", false},
	Entries:                 {"entries", "providers", "providers entering the market", true},
	ExitsOrderly:            {"exits_orderly", "providers", "orderly provider exits", true},
	ExitsDisorderly:         {"exits_disorderly", "providers", "disorderly provider exits", true},
	HHIHomePlaces:           {"hhi_home_places", "index", "Herfindahl–Hirschman index of home places (0–10,000)", false},
	ChildrenOver500k:        {"children_over_500k", "children", "children whose annualised placement price exceeds £500,000", false},
	MarginForProfit:         {"margin_for_profit", "share", "operating margin of for-profit providers (latest quarter)", false},
	PriceSupportedMean:      {"price_supported_mean", "£/week", "mean weekly price of supported accommodation placements", false},
	HomePlaces:              {"home_places", "places", "registered children's home places", false},
	SupportedPlaces:         {"supported_places", "places", "registered supported accommodation places", false},
	HomesOpened:             {"homes_opened", "homes", "children's homes and schemes opened", true},
	HomesOpenedForProfit:    {"homes_opened_for_profit", "homes", "children's homes and schemes opened by for-profit providers", true},
	HomesClosed:             {"homes_closed", "homes", "children's homes and schemes closed", true},
	SpendWaitingGBP:         {"spend_waiting_gbp", "£", "waiting costs (children with no place)", true},
	SpendUnregisteredGBP:    {"spend_unregistered_gbp", "£", "spend on unregistered placements", true},
	SpendBlockGBP:           {"spend_block_gbp", "£", "co-operative block payments for empty places and running costs", true},
	OtherCostGBP:            {"other_cost_gbp", "£", "cost of kinship care (outside spend)", true},
	StabilityOne:            {"stability_one", "share", "share of children in care at 31 March with one placement in the year (untraded settings count as one)", false},
	StabilityThreePlus:      {"stability_three_plus", "share", "share of children in care at 31 March with three or more placements in the year", false},
	LeaversUnderOneYear:     {"leavers_under_1y", "children", "children ceasing to be looked after less than a year after starting", true},
	SingleHomeShare:         {"single_home_share", "share", "share of for-profit children's homes owned by single-home providers", false},
	CapitalGrantsGBP:        {"capital_grants_gbp", "£", "public capital for homes commissioned by NFP-entry and in-house building programmes", true},
	PlacedHomesUnder10:      {"placed_homes_under_10", "children", "children under 10 in children's homes", false},
	MovesPlanned:            {"moves_planned", "moves", "planned placement moves (step-downs, moves at 16, moves closer to home)", true},
	MovesUnplanned:          {"moves_unplanned", "moves", "unplanned placement moves (after a breakdown, closure or wait)", true},
	WageIndexMin:            {"wage_index_min", "index", "lowest regional care wage relative to the national care wage", false},
	WageIndexMax:            {"wage_index_max", "index", "highest regional care wage relative to the national care wage", false},
	HomesAcquired:           {"homes_acquired", "homes", "open children's homes and schemes passing to a private-equity group that buys their provider", true},
	AcquisitionsGBP:         {"acquisitions_gbp", "£", "price paid for providers bought (multiple × trailing EBITDA)", true},
	CouncilHomesStarted:     {"council_homes_started", "homes", "homes councils start building from their own capital (sufficiency rule)", true},
	CouncilCapitalGBP:       {"council_capital_gbp", "£", "councils' capital spent on the homes they start (in net_public_cost_gbp)", true},
	ExitsLarge:              {"exits_large", "providers", "exits (orderly or not) of providers with 20 or more children's homes and supported schemes", true},
	SpendHomesGBP:           {"spend_homes_gbp", "£", "spend on children's home placements (spot and block-placed children)", true},
	SpendFosterIFAGBP:       {"spend_foster_ifa_gbp", "£", "spend on agency (IFA) foster placements", true},
	SpendFosterInHouseGBP:   {"spend_foster_inhouse_gbp", "£", "cost of council (in-house) foster placements, at unit cost", true},
	SpendSupportedGBP:       {"spend_supported_gbp", "£", "spend on supported accommodation placements", true},
	CouncilsWithOver500k:    {"councils_with_over_500k", "councils", "councils with at least one child whose placement costs over £500,000 a year", false},
}

// String returns the metric's name as used in outputs.
func (m Metric) String() string {
	if m >= 0 && m < NumMetrics {
		return metrics[m].name
	}
	return fmt.Sprintf("Metric(%d)", int(m))
}

// Unit returns the metric's unit.
func (m Metric) Unit() string { return metrics[m].unit }

// Description returns a one-line description of the metric.
func (m Metric) Description() string { return metrics[m].desc }

// Flow reports whether the metric is a flow (summed over a year) rather than
// a stock (averaged over a year).
func (m Metric) Flow() bool { return metrics[m].flow }

// ContractMetrics is the number of metrics in the summary.json contract; the
// metrics from ContractMetrics on are extra series.
const ContractMetrics = int(ChildrenOver500k) + 1

// MetricByKey returns the metric whose output key (its JSON and CSV name,
// Metric.String) is key, e.g. "over_20_miles" for Over20Miles; ok is false
// when no metric has that key. The table of constants and keys is in the
// doc comment of Metric.
func MetricByKey(key string) (m Metric, ok bool) {
	for i := range metrics {
		if metrics[i].name == key {
			return Metric(i), true
		}
	}
	return 0, false
}

// ParseMetric returns the metric with the given output key (see
// MetricByKey); its error for an unknown key suggests the closest key
// (within two edits) and lists them all.
func ParseMetric(name string) (Metric, error) {
	if m, ok := MetricByKey(name); ok {
		return m, nil
	}
	hint := ""
	if s := strictyaml.Closest(name, MetricNames()); s != "" {
		hint = fmt.Sprintf(" (did you mean %q?)", s)
	}
	return 0, fmt.Errorf("unknown metric %q%s: allowed %s", name, hint, strings.Join(MetricNames(), ", "))
}

// MetricNames returns every metric name in order.
func MetricNames() []string {
	out := make([]string, NumMetrics)
	for i := range metrics {
		out[i] = metrics[i].name
	}
	return out
}

// RegionalMetric names a per-region weekly series.
type RegionalMetric int

// Regional metrics.
const (
	RegionWaiting RegionalMetric = iota
	RegionUnregistered
	RegionOver20Miles
	RegionSpendGBP
	NumRegionalMetrics
)

var regionalMetrics = [NumRegionalMetrics]Metric{Waiting, UnregisteredPlaced, Over20Miles, SpendGBP}

// Metric returns the England metric that m breaks down by region.
func (m RegionalMetric) Metric() Metric { return regionalMetrics[m] }

// String returns the name of the RegionalMetric.
func (m RegionalMetric) String() string { return regionalMetrics[m].String() }

// Results holds the weekly series of one run from the first reported week,
// in columnar form: Series[m][k] is metric m in reported week k.
type Results struct {
	// StartYear is the calendar year of the first reported April.
	StartYear int
	// Weeks is the number of reported weeks (52 a year).
	Weeks int
	// Regions names the regions of Regional, in order.
	Regions []string
	// Series holds one slice per metric.
	Series [NumMetrics][]float64
	// Regional[m][r][k] is regional metric m for region r in week k; the
	// children counts are by home council, spend by paying council.
	Regional [NumRegionalMetrics][][]float64
	// Warnings are notes on the run an adviser should see (e.g. a price
	// ceiling set without financial transparency).
	Warnings []string
}

func newResults(startYear, weeks int, regions []string) *Results {
	r := &Results{StartYear: startYear, Weeks: weeks, Regions: regions}
	for m := range r.Series {
		r.Series[m] = make([]float64, 0, weeks)
	}
	for m := range r.Regional {
		r.Regional[m] = make([][]float64, len(regions))
		for i := range regions {
			r.Regional[m][i] = make([]float64, 0, weeks)
		}
	}
	return r
}

func (r *Results) clone() *Results {
	c := &Results{StartYear: r.StartYear, Weeks: r.Weeks, Regions: append([]string(nil), r.Regions...)}
	for m := range r.Series {
		c.Series[m] = append([]float64(nil), r.Series[m]...)
	}
	for m := range r.Regional {
		c.Regional[m] = make([][]float64, len(r.Regional[m]))
		for i := range r.Regional[m] {
			c.Regional[m][i] = append([]float64(nil), r.Regional[m][i]...)
		}
	}
	c.Warnings = append([]string(nil), r.Warnings...)
	return c
}

// Years returns the number of complete financial years recorded.
func (r *Results) Years() int { return len(r.Series[0]) / agents.WeeksPerYear }

// Date returns the calendar date of reported week k.
func (r *Results) Date(k int) time.Time {
	return time.Date(r.StartYear, time.April, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, 7*k)
}

// Yearly returns metric m by financial year: the mean of the weekly values
// for stocks, the sum for flows.
func (r *Results) Yearly(m Metric) []float64 {
	return yearly(r.Series[m], m.Flow())
}

// RegionalYearly returns a regional metric by region and financial year.
func (r *Results) RegionalYearly(m RegionalMetric) [][]float64 {
	out := make([][]float64, len(r.Regional[m]))
	for i, s := range r.Regional[m] {
		out[i] = yearly(s, m.Metric().Flow())
	}
	return out
}

func yearly(s []float64, flow bool) []float64 {
	n := len(s) / agents.WeeksPerYear
	out := make([]float64, n)
	for y := range out {
		sum := 0.0
		for _, v := range s[y*agents.WeeksPerYear : (y+1)*agents.WeeksPerYear] {
			sum += v
		}
		if !flow {
			sum /= agents.WeeksPerYear
		}
		out[y] = sum
	}
	return out
}

// Get returns the weekly series of the named metric.
func (r *Results) Get(name string) ([]float64, error) {
	m, err := ParseMetric(name)
	if err != nil {
		return nil, err
	}
	return r.Series[m], nil
}

// Finite reports the first metric holding a NaN or infinite value, if any.
func (r *Results) Finite() error {
	for m, s := range r.Series {
		for k, v := range s {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("metric %s is %v in week %d", Metric(m), v, k)
			}
		}
	}
	for m := range r.Regional {
		for i, s := range r.Regional[m] {
			for k, v := range s {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					return fmt.Errorf("regional metric %s of %s is %v in week %d", RegionalMetric(m), r.Regions[i], v, k)
				}
			}
		}
	}
	return nil
}
