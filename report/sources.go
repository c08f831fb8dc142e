package report

import (
	"github.com/caremarket/caremarket/scenarios"
)

// The policy sources the report names. Claims about them are kept to what
// the project's documents record (docs/data.md, docs/model.md,
// docs/calibration.md).
const (
	careReview = "Independent Review of Children's Social Care (the Care Review), 2022"
	cmaStudy   = "CMA children's social care market study, 2022"
	reforms    = "the November 2024 reforms (DfE, Keeping Children Safe, Helping Families Thrive)"
)

// policySource says where an intervention comes from in published policy,
// and which of its numbers are the model's own assumptions.
func policySource(iv scenarios.Intervention) string {
	switch v := iv.(type) {
	case *scenarios.ProfitCap:
		if v.Reserve {
			return "Models the backstop profit cap of " + reforms + ": a power held in reserve. The reforms give no trigger; the trigger here is this model's assumption (docs/model.md, departures). The " + cmaStudy + " reported operating margins of about 20–23% at the largest children's home providers."
		}
		return "Related to " + reforms + ", which hold a profit cap in reserve as a backstop; a cap in force from the start goes beyond them, and how it is enforced (a price ceiling or a clawback) is this model's choice. The " + cmaStudy + " reported operating margins of about 20–23% at the largest children's home providers."
	case *scenarios.PriceCap:
		return "Not taken from a published proposal: a lever for comparison. The ceilings (about 10% below 2023/24 prices by default) are this model's assumption."
	case *scenarios.WindfallTax:
		return "The " + careReview + " proposed a windfall tax on the largest providers' profits. The rate, the margin above which profit is taxed and the revenue threshold are this model's assumptions (docs/model.md §6)."
	case *scenarios.NFPEntry:
		return "No published target: the number of not-for-profit homes and the years over which they open are this model's assumptions."
	case *scenarios.CoopCommissioning:
		return "The " + careReview + " proposed about 20 regional care co-operatives. DfE named two pathfinders in November 2024: Greater Manchester (10 councils, from April 2025) and the South East (19 councils, from June 2025), funded by a £3.46m programme (2024/25–2025/26) plus up to £5m capital per region; the running cost here is derived from that funding. The block-contract terms are this model's assumptions."
	case *scenarios.FinancialOversight:
		return "Financial oversight of the largest providers is part of " + reforms + " and was recommended by the " + cmaStudy + ", so that a provider's failure does not disrupt children's placements. The 20-unit threshold is this model's assumption (docs/model.md §6)."
	case *scenarios.FosterRecruitment:
		return "The " + careReview + " proposed recruiting 9,000 extra foster carers over 3 years."
	case *scenarios.InHouseBuild:
		return "No published target: the number of council homes and the years over which they open are this model's assumptions."
	case *scenarios.UnregisteredBan:
		return "About 1% of children looked after were in unregistered settings (Sufficiency FOI survey of councils, September 2024). The conversion of unregistered settings to registered homes is this model's assumption (Ofsted 2024: 6% applied, 8% of those approved; docs/model.md §6)."
	}
	return "No policy source recorded for this intervention."
}
