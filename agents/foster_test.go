package agents_test

import (
	"testing"

	"github.com/caremarket/caremarket/agents"
)

// baseFoster are the England defaults of docs/model.md §4.7 (docs/data.md: 4,080
// approvals and 5,125 of 35,005 households leaving in 2022/23).
var baseFoster = agents.FosterRules{
	ApprovalsPerYear: 4080,
	AttritionRate:    0.146,
	IFAShare:         0.55,
	GapSlope:         2,
	Elasticity:       0.1,
}

func TestIFAApprovalShare(t *testing.T) {
	t.Parallel()
	assertNear(t, 1e-12, []near{
		// σ(logit(s) + slope·dGap); logit(0.55) = ln(0.55/0.45) = 0.2006707
		{"base gap", baseFoster.IFAApprovalShare(0), 0.55},
		// σ(0.2006707 + 0.2) = 1/(1 + e^−0.4006707) = 1/1.6698779
		{"agencies pay 10 points more", baseFoster.IFAApprovalShare(0.1), 0.598848791233147},
		// σ(0.2006707 − 0.2) = σ(0.0006707) = 0.5 + 0.0006707/4 (to first order)
		{"councils pay 10 points more", baseFoster.IFAApprovalShare(-0.1), 0.5001676738592523},
		// σ(0.2006707 + 1) = 1/(1 + e^−1.2006707)
		{"large gap", baseFoster.IFAApprovalShare(0.5), 0.7686440750044259},
		// logit(0.3) = ln(3/7) = −0.8472979; + 5·0.1 = −0.3472979; σ = 0.4140378
		{"other slope", agents.FosterRules{IFAShare: 0.3, GapSlope: 5}.IFAApprovalShare(0.1), 0.41403783590263243},
		{"no slope", agents.FosterRules{IFAShare: 0.3}.IFAApprovalShare(3), 0.3},
		// shares of 0 and 1 are clamped to 1e-9 and 1 − 1e-9
		{"share one", agents.FosterRules{IFAShare: 1, GapSlope: 2}.IFAApprovalShare(0), 1 - 1e-9},
		{"share zero", agents.FosterRules{IFAShare: 0, GapSlope: 2}.IFAApprovalShare(0), 1e-9},
	})
}

func TestApprovals(t *testing.T) {
	t.Parallel()
	assertNear(t, 1e-9, []near{
		// base·weeks/52·ratio^elasticity
		{"a quarter at base allowance", baseFoster.Approvals(13, 1), 1020},                                                              // 4080·13/52 = 1020
		{"a year at base", baseFoster.Approvals(52, 1), 4080},                                                                           // 4080·1·1
		{"allowance up 10%", baseFoster.Approvals(13, 1.1), 1029.7681144324247},                                                         // 1020·1.1^0.1 = 1020·1.0095765
		{"allowance doubled", baseFoster.Approvals(52, 2), 4372.835727148076},                                                           // 4080·2^0.1 = 4080·1.0717735
		{"elasticity 0.3, cut 20%", agents.FosterRules{ApprovalsPerYear: 4080, Elasticity: 0.3}.Approvals(26, 0.8), 1907.9068335581476}, // 2040·0.8^0.3
		{"no weeks", baseFoster.Approvals(0, 1), 0},
		{"zero allowance", baseFoster.Approvals(13, 0), 0},
		{"negative allowance", baseFoster.Approvals(13, -1), 0},
	})
}

func TestLeaveProbability(t *testing.T) {
	t.Parallel()
	assertNear(t, 1e-12, []near{
		// 1 − (1 − rate)^(weeks/52)
		{"a year", agents.FosterRules{AttritionRate: 0.146}.LeaveProbability(52), 0.146},                        // 1 − 0.854
		{"a quarter", agents.FosterRules{AttritionRate: 0.146}.LeaveProbability(13), 0.03868776967530796},       // 1 − 0.854^0.25 = 1 − 0.9613122
		{"a week", agents.FosterRules{AttritionRate: 0.146}.LeaveProbability(1), 0.003030477366650741},          // 1 − 0.854^(1/52)
		{"two years", agents.FosterRules{AttritionRate: 0.146}.LeaveProbability(104), 0.27068400000000004},      // 1 − 0.854² = 1 − 0.729316
		{"half a year at 50%", agents.FosterRules{AttritionRate: 0.5}.LeaveProbability(26), 0.2928932188134524}, // 1 − 0.5^0.5 = 1 − 0.7071068
		{"no attrition", agents.FosterRules{AttritionRate: 0}.LeaveProbability(13), 0},
		{"negative rate", agents.FosterRules{AttritionRate: -0.1}.LeaveProbability(13), 0},
		{"certain", agents.FosterRules{AttritionRate: 1}.LeaveProbability(1), 1},
		{"above one", agents.FosterRules{AttritionRate: 1.5}.LeaveProbability(1), 1},
	})
}
