package explorer

import (
	_ "embed"
	"encoding/json"
	"strings"
)

// helpFile holds the help texts of the levers, generated from
// docs/interventions.md (each type's "Policy" and "In the model"
// paragraphs) and from the intervention tables of docs/scenario-files.md
// (each key's meaning) by `go test ./explorer -run TestHelpFile -update`;
// the test fails when the file is out of date.
//
//go:embed help.json
var helpFile []byte

// help is helpFile decoded.
type help struct {
	Types  map[string]string `json:"types"`  // type → help
	Fields map[string]string `json:"fields"` // "Type.key" → help
}

// helpTexts is helpFile decoded; TestHelpFile checks that it decodes
// (a file that does not leaves every help text empty).
var helpTexts = func() help {
	var h help
	_ = json.Unmarshal(helpFile, &h)
	return h
}()

// typeHelp returns the help text of an intervention type.
func typeHelp(typ string) string { return helpTexts.Types[typ] }

// fieldHelp returns the help text of a key of an intervention type.
func fieldHelp(typ, key string) string { return helpTexts.Fields[typ+"."+key] }

// titles are the plain-words names of the intervention types. A type
// registered without one is flagged by TestEveryInterventionHasControls.
var titles = map[string]string{
	"ProfitCap":          "Profit cap",
	"PriceCap":           "Price cap",
	"WindfallTax":        "Windfall tax",
	"NFPEntry":           "Not-for-profit homes",
	"CoopCommissioning":  "Regional co-operatives",
	"FinancialOversight": "Financial oversight",
	"FosterRecruitment":  "Foster-carer recruitment",
	"InHouseBuild":       "Councils build their own homes",
	"UnregisteredBan":    "Unregistered placements",
	"RateShock":          "Interest-rate shock (a stress test)",
}

// historyEvents are the intervention types that replay dated events of a
// history (the 2019 hindcast's demand path and the rules that began before
// April 2024): they are set in history scenario files, not offered as
// levers.
var historyEvents = []string{"DemandPath", "Under16Ban", "SupportedRegulation", "CouncilCapital"}

// order is the order of the levers on the page.
var order = []string{"ProfitCap", "PriceCap", "WindfallTax", "NFPEntry", "CoopCommissioning",
	"FinancialOversight", "FosterRecruitment", "InHouseBuild", "UnregisteredBan", "RateShock"}

// labels are the plain-words labels of the keys, by "Type.key", or by key
// alone when it means the same in every type.
var labels = map[string]string{
	startKey:                               "Start week (0 is April of the first year, 52 a year later)",
	"ProfitCap.rate":                       "Margin cap (share of revenue, 0.15 is 15%)",
	"ProfitCap.mode":                       "How the cap works",
	"ProfitCap.phase_in_years":             "Aprils over which ongoing prices come under the ceiling",
	"ProfitCap.transparency":               "Providers report their costs transparently",
	"ProfitCap.reserve":                    "Hold the cap in reserve as a backstop",
	"ProfitCap.trigger":                    "For-profit margin that brings the backstop into force",
	"PriceCap.childrens_home.standard":     "Children's home, standard needs (£ a week)",
	"PriceCap.childrens_home.complex":      "Children's home, complex needs (£ a week)",
	"PriceCap.childrens_home.very_complex": "Children's home, very complex needs (£ a week)",
	"PriceCap.foster_ifa.standard":         "Agency foster care, standard needs (£ a week)",
	"PriceCap.foster_ifa.complex":          "Agency foster care, complex needs (£ a week)",
	"PriceCap.foster_ifa.very_complex":     "Agency foster care, very complex needs (£ a week; 0 is no cap)",
	"PriceCap.supported.standard":          "Supported accommodation, standard needs (£ a week)",
	"PriceCap.supported.complex":           "Supported accommodation, complex needs (£ a week)",
	"PriceCap.supported.very_complex":      "Supported accommodation, very complex needs (£ a week; 0 is no cap)",
	"WindfallTax.tau":                      "Tax rate on profit above the margin (0.25 is 25%)",
	"WindfallTax.theta":                    "Margin above which profit is taxed (share of revenue)",
	"WindfallTax.threshold":                "Revenue above which a provider pays (£ a year)",
	"NFPEntry.homes":                       "Not-for-profit homes funded",
	"NFPEntry.years":                       "Years over which they open",
	"NFPEntry.regions":                     "Regions to site them in (none ticked: where most children wait)",
	"CoopCommissioning.layout":             "Co-op layout (one per region, or the pathfinders)",
	"CoopCommissioning.coops":              "Co-ops that form (none ticked: every co-op of the layout)",
	"CoopCommissioning.pooled_search":      "Pooled search of members' own places",
	"CoopCommissioning.buyer_power":        "Buyer power in negotiating prices",
	"CoopCommissioning.block_contracts":    "Block contracts",
	"CoopCommissioning.forecasting":        "Forecasting of demand",
	"CoopCommissioning.q":                  "Share of forecast demand offered as block places",
	"CoopCommissioning.delta":              "Discount of the block price",
	"CoopCommissioning.delta_accept":       "Discount a provider accepts against its own spot price",
	"CoopCommissioning.term_years":         "Block contract term (years)",
	"CoopCommissioning.running_cost":       "Running cost of each co-op (£ a year)",
	"CoopCommissioning.capital":            "One-off capital of each co-op (£)",
	"FinancialOversight.min_units":         "Size that brings a provider under oversight (units)",
	"FosterRecruitment.extra":              "Extra foster households approved",
	"FosterRecruitment.years":              "Years over which they are approved",
	"FosterRecruitment.allowance_ratio":    "Council foster allowance relative to now (1 is unchanged)",
	"InHouseBuild.homes":                   "Council homes funded",
	"InHouseBuild.years":                   "Years over which they open",
	"InHouseBuild.regions":                 "Regions to build in (none ticked: where most children wait)",
	"UnregisteredBan.mode":                 "Ban them, or enforce with a fine",
	"UnregisteredBan.fine":                 "Fine under enforcement (£ a week)",
	"UnregisteredBan.conversion_rate":      "Share of unregistered settings converted to registered homes a year",
	"RateShock.points":                     "Rise in the base rate (percentage points; negative for a fall)",
}

// leverTitle returns the plain-words name of a type, or the type's name.
func leverTitle(typ string) string {
	if t, ok := titles[typ]; ok {
		return t
	}
	return typ
}

// fieldLabel returns the plain-words label of a key, or the key in words.
func fieldLabel(typ, key string) string {
	if l, ok := labels[typ+"."+key]; ok {
		return l
	}
	if l, ok := labels[key]; ok {
		return l
	}
	return strings.ReplaceAll(strings.ReplaceAll(key, "_", " "), ".", ": ")
}

// hasLabel reports whether a key has a label of its own.
func hasLabel(typ, key string) bool {
	_, a := labels[typ+"."+key]
	_, b := labels[key]
	return a || b
}
