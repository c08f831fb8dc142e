package agents_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

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
	for _, tc := range []struct {
		name  string
		rules agents.FosterRules
		dGap  float64
		want  float64
	}{
		// σ(logit(s) + slope·dGap); logit(0.55) = ln(0.55/0.45) = 0.2006707
		{"base gap", baseFoster, 0, 0.55},
		// σ(0.2006707 + 0.2) = 1/(1 + e^−0.4006707) = 1/1.6698779
		{"agencies pay 10 points more", baseFoster, 0.1, 0.598848791233147},
		// σ(0.2006707 − 0.2) = σ(0.0006707) = 0.5 + 0.0006707/4 (to first order)
		{"councils pay 10 points more", baseFoster, -0.1, 0.5001676738592523},
		// σ(0.2006707 + 1) = 1/(1 + e^−1.2006707)
		{"large gap", baseFoster, 0.5, 0.7686440750044259},
		// logit(0.3) = ln(3/7) = −0.8472979; + 5·0.1 = −0.3472979; σ = 0.4140378
		{"other slope", agents.FosterRules{IFAShare: 0.3, GapSlope: 5}, 0.1, 0.41403783590263243},
		{"no slope", agents.FosterRules{IFAShare: 0.3}, 3, 0.3},
		// shares of 0 and 1 are clamped to 1e-9 and 1 − 1e-9
		{"share one", agents.FosterRules{IFAShare: 1, GapSlope: 2}, 0, 1 - 1e-9},
		{"share zero", agents.FosterRules{IFAShare: 0, GapSlope: 2}, 0, 1e-9},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.InDelta(t, tc.want, tc.rules.IFAApprovalShare(tc.dGap), 1e-12)
		})
	}
}

func TestApprovals(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		rules agents.FosterRules
		weeks int
		ratio float64
		want  float64
	}{
		// base·weeks/52·ratio^elasticity
		{"a quarter at base allowance", baseFoster, 13, 1, 1020},                                                              // 4080·13/52 = 1020
		{"a year at base", baseFoster, 52, 1, 4080},                                                                           // 4080·1·1
		{"allowance up 10%", baseFoster, 13, 1.1, 1029.7681144324247},                                                         // 1020·1.1^0.1 = 1020·1.0095765
		{"allowance doubled", baseFoster, 52, 2, 4372.835727148076},                                                           // 4080·2^0.1 = 4080·1.0717735
		{"elasticity 0.3, cut 20%", agents.FosterRules{ApprovalsPerYear: 4080, Elasticity: 0.3}, 26, 0.8, 1907.9068335581476}, // 2040·0.8^0.3
		{"no weeks", baseFoster, 0, 1, 0},
		{"zero allowance", baseFoster, 13, 0, 0},
		{"negative allowance", baseFoster, 13, -1, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.InDelta(t, tc.want, tc.rules.Approvals(tc.weeks, tc.ratio), 1e-9)
		})
	}
}

func TestLeaveProbability(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		rate  float64
		weeks int
		want  float64
	}{
		// 1 − (1 − rate)^(weeks/52)
		{"a year", 0.146, 52, 0.146},                        // 1 − 0.854
		{"a quarter", 0.146, 13, 0.03868776967530796},       // 1 − 0.854^0.25 = 1 − 0.9613122
		{"a week", 0.146, 1, 0.003030477366650741},          // 1 − 0.854^(1/52)
		{"two years", 0.146, 104, 0.27068400000000004},      // 1 − 0.854² = 1 − 0.729316
		{"half a year at 50%", 0.5, 26, 0.2928932188134524}, // 1 − 0.5^0.5 = 1 − 0.7071068
		{"no attrition", 0, 13, 0},
		{"negative rate", -0.1, 13, 0},
		{"certain", 1, 1, 1},
		{"above one", 1.5, 1, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := agents.FosterRules{AttritionRate: tc.rate}
			assert.InDelta(t, tc.want, r.LeaveProbability(tc.weeks), 1e-12)
		})
	}
}
