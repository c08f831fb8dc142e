package agents

import "math"

// Household is a foster household: its owner (a council's in-house service or
// an agency), the council area it lives in, and its places. Only usable
// places enter matching; fixed costs are paid on approved places.
type Household struct {
	Owner          int32 // provider ID
	Council        int16 // council area
	X, Y           float32
	Approved       uint8 // approved places, 1–3
	Usable         uint8 // usable places, Binomial(approved, u_F), drawn at approval
	Occupied       uint8
	AcceptsComplex bool
	Active         bool
	Children       [3]int32
}

// Free returns the household's free usable places.
func (h *Household) Free() int { return int(h.Usable) - int(h.Occupied) }

// FosterRules are the recruitment and attrition rules of docs/model.md §4.7.
type FosterRules struct {
	// ApprovalsPerYear is the number of households approved a year at base
	// allowances (docs/data.md: 4,080 in 2022/23).
	ApprovalsPerYear float64 `yaml:"approvals_per_year"`
	// AttritionRate is the share of households leaving a year (docs/data.md:
	// 5,125 of about 35,000 in 2022/23).
	AttritionRate float64 `yaml:"attrition_rate"`
	// IFAShare is the agencies' share of approvals at the base allowance gap
	// (docs/data.md: 55%).
	IFAShare float64 `yaml:"ifa_share_of_approvals"`
	// GapSlope is the logit slope of the agencies' share in the relative
	// allowance gap (agency − council)/council.
	GapSlope float64 `yaml:"gap_slope"`
	// Elasticity is the elasticity of approvals to the allowance (0.1).
	Elasticity float64 `yaml:"elasticity"`
}

// IFAApprovalShare returns the agencies' share of new approvals when the
// relative allowance gap moves by dGap from its base: a logit with base share
// IFAShare and slope GapSlope.
func (r FosterRules) IFAApprovalShare(dGap float64) float64 {
	s := math.Min(math.Max(r.IFAShare, 1e-9), 1-1e-9)
	x := math.Log(s/(1-s)) + r.GapSlope*dGap
	return 1 / (1 + math.Exp(-x))
}

// Approvals returns the expected approvals over a span of weeks when the
// allowance is allowanceRatio times its base: base·ratio^elasticity.
func (r FosterRules) Approvals(weeks int, allowanceRatio float64) float64 {
	if allowanceRatio <= 0 {
		return 0
	}
	return r.ApprovalsPerYear * float64(weeks) / WeeksPerYear * math.Pow(allowanceRatio, r.Elasticity)
}

// LeaveProbability returns the probability that a household leaves over a
// span of weeks at the annual attrition rate: 1 − (1 − rate)^(weeks/52).
func (r FosterRules) LeaveProbability(weeks int) float64 {
	if r.AttritionRate <= 0 {
		return 0
	}
	if r.AttritionRate >= 1 {
		return 1
	}
	return 1 - math.Pow(1-r.AttritionRate, float64(weeks)/WeeksPerYear)
}
