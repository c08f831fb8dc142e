package agents_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/caremarket/caremarket/agents"
)

// parseCase is one input to a Parse function: the value expected, or an
// error that quotes the input and lists the allowed values.
type parseCase[T any] struct {
	in   string
	want T
	ok   bool
}

func checkParse[T comparable](t *testing.T, parse func(string) (T, error), cases []parseCase[T], allowed ...string) {
	t.Helper()
	for _, tc := range cases {
		got, err := parse(tc.in)
		if tc.ok {
			if assert.NoError(t, err, "input %q", tc.in) {
				assert.Equal(t, tc.want, got, "input %q", tc.in)
			}
			continue
		}
		if assert.Error(t, err, "input %q", tc.in) {
			assert.Contains(t, err.Error(), `"`+tc.in+`"`, "the error quotes the input")
			for _, a := range allowed {
				assert.Contains(t, err.Error(), a, "the error names the allowed values")
			}
		}
	}
}

func TestParseOwnership(t *testing.T) {
	t.Parallel()
	checkParse(t, agents.ParseOwnership, []parseCase[agents.Ownership]{
		{"PrivateEquity", agents.PrivateEquity, true},
		{"private_equity", agents.PrivateEquity, true},
		{"private-equity", agents.PrivateEquity, true},
		{"PE", agents.PrivateEquity, true},
		{"  pe ", agents.PrivateEquity, true},
		{"Private", agents.Private, true},
		{"PRIVATE", agents.Private, true},
		{"NotForProfit", agents.NotForProfit, true},
		{"not_for_profit", agents.NotForProfit, true},
		{"not-for-profit", agents.NotForProfit, true},
		{"nfp", agents.NotForProfit, true},
		{"Council", agents.CouncilOwned, true},
		{"council", agents.CouncilOwned, true},
		{"charity", 0, false},
		{"", 0, false},
		{"Unregistered", 0, false}, // the pseudo-provider is not a real ownership
		{"private equity", 0, false},
	}, "PrivateEquity", "Private", "NotForProfit", "Council")
}

func TestParseSetting(t *testing.T) {
	t.Parallel()
	checkParse(t, agents.ParseSetting, []parseCase[agents.Setting]{
		{"FosterInHouse", agents.FosterInHouse, true},
		{"fosterifa", agents.FosterIFA, true},
		{"ChildrensHome", agents.ChildrensHome, true},
		{"SUPPORTED", agents.Supported, true},
		{"Unregistered", agents.Unregistered, true},
		{"Other", agents.Other, true},
		{"Seeking", 0, false}, // a state, not a setting
		{"kinship", 0, false},
		{"", 0, false},
	}, "FosterInHouse", "FosterIFA", "ChildrensHome", "Supported", "Unregistered", "Other")
}

func TestParseTier(t *testing.T) {
	t.Parallel()
	checkParse(t, agents.ParseTier, []parseCase[agents.Tier]{
		{"Standard", agents.Standard, true},
		{"complex", agents.Complex, true},
		{"VeryComplex", agents.VeryComplex, true},
		{"verycomplex", agents.VeryComplex, true},
		{"very_complex", 0, false},
		{"high", 0, false},
	}, "Standard", "Complex", "VeryComplex")
}

func TestParseHomeKind(t *testing.T) {
	t.Parallel()
	checkParse(t, agents.ParseHomeKind, []parseCase[agents.HomeKind]{
		{"Standard", agents.StandardHome, true},
		{"complex", agents.ComplexHome, true},
		{"Solo", agents.SoloHome, true},
		{"supported", agents.SupportedScheme, true},
		{"secure", 0, false},
		{"", 0, false},
	}, "Standard", "Complex", "Solo", "Supported")
}

func TestParseCouncilType(t *testing.T) {
	t.Parallel()
	checkParse(t, agents.ParseCouncilType, []parseCase[agents.CouncilType]{
		{"london", agents.LondonBorough, true},
		{"Metropolitan", agents.Metropolitan, true},
		{"UNITARY", agents.Unitary, true},
		{"county", agents.County, true},
		{"district", 0, false},
		{"", 0, false},
	}, "london", "metropolitan", "unitary", "county")
}

// TestStringRoundTrip checks that every value's String parses back to it,
// and that out-of-range values print their number.
func TestStringRoundTrip(t *testing.T) {
	t.Parallel()
	for o := agents.PrivateEquity; o < agents.NumOwnerships; o++ {
		got, err := agents.ParseOwnership(o.String())
		require.NoError(t, err)
		assert.Equal(t, o, got)
	}
	for s := agents.FosterInHouse; s < agents.Seeking; s++ {
		got, err := agents.ParseSetting(s.String())
		require.NoError(t, err)
		assert.Equal(t, s, got)
	}
	for tr := agents.Standard; tr < agents.NumTiers; tr++ {
		got, err := agents.ParseTier(tr.String())
		require.NoError(t, err)
		assert.Equal(t, tr, got)
	}
	for k := agents.StandardHome; k < agents.NumHomeKinds; k++ {
		got, err := agents.ParseHomeKind(k.String())
		require.NoError(t, err)
		assert.Equal(t, k, got)
	}
	for c := agents.LondonBorough; c <= agents.County; c++ {
		got, err := agents.ParseCouncilType(c.String())
		require.NoError(t, err)
		assert.Equal(t, c, got)
	}
	assert.Equal(t, "Seeking", agents.Seeking.String())
	assert.Equal(t, "Unregistered", agents.UnregisteredSupplier.String())
	assert.Equal(t, "Ownership(9)", agents.Ownership(9).String())
	assert.Equal(t, "Setting(9)", agents.Setting(9).String())
	assert.Equal(t, "Tier(7)", agents.Tier(7).String())
	assert.Equal(t, "HomeKind(4)", agents.HomeKind(4).String())
	assert.Equal(t, "CouncilType(4)", agents.CouncilType(4).String())
	assert.Equal(t, "AgeBand(4)", agents.AgeBand(4).String())
	assert.Equal(t, []string{"0-4", "5-9", "10-15", "16-17"},
		[]string{agents.Age0to4.String(), agents.Age5to9.String(), agents.Age10to15.String(), agents.Age16to17.String()})
}

func TestAgeBandOf(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		weeks int
		want  agents.AgeBand
	}{
		{-10, agents.Age0to4}, // before birth (a week-0 rounding case) counts as the youngest
		{0, agents.Age0to4},
		{259, agents.Age0to4},   // 5·52 − 1
		{260, agents.Age5to9},   // 5·52: fifth birthday
		{519, agents.Age5to9},   // 10·52 − 1
		{520, agents.Age10to15}, // 10·52
		{831, agents.Age10to15}, // 16·52 − 1
		{832, agents.Age16to17}, // 16·52
		{935, agents.Age16to17}, // 18·52 − 1
		{936, agents.Age16to17}, // 18 and over stays in the oldest band
	} {
		assert.Equal(t, tc.want, agents.AgeBandOf(tc.weeks), "%d weeks", tc.weeks)
	}
}

func TestHomeKind(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		kind   agents.HomeKind
		places int
		main   agents.Tier
		takes  [agents.NumTiers]bool // Standard, Complex, VeryComplex
	}{
		{agents.StandardHome, 4, agents.Standard, [3]bool{true, false, false}},
		{agents.ComplexHome, 3, agents.Complex, [3]bool{true, true, false}},
		{agents.SoloHome, 1, agents.VeryComplex, [3]bool{false, false, true}},
		{agents.SupportedScheme, 6, agents.Standard, [3]bool{true, true, false}},
	} {
		t.Run(tc.kind.String(), func(t *testing.T) {
			assert.Equal(t, tc.places, tc.kind.Places())
			assert.LessOrEqual(t, tc.kind.Places(), agents.MaxHomePlaces)
			assert.Equal(t, tc.main, tc.kind.MainTier())
			assert.True(t, tc.kind.Takes(tc.kind.MainTier()), "a home takes its main tier")
			for tier := agents.Standard; tier < agents.NumTiers; tier++ {
				assert.Equal(t, tc.takes[tier], tc.kind.Takes(tier), "takes %v", tier)
			}
		})
	}
}

func TestCouncilTypeOfCode(t *testing.T) {
	t.Parallel()
	checkParse(t, agents.CouncilTypeOfCode, []parseCase[agents.CouncilType]{
		{"E09000033", agents.LondonBorough, true}, // Westminster
		{"E08000003", agents.Metropolitan, true},  // Manchester
		{"E06000001", agents.Unitary, true},       // Hartlepool
		{"E10000014", agents.County, true},        // Hampshire
		{"E07000001", 0, false},                   // a shire district: no children's services
		{"W06000015", 0, false},                   // Cardiff: not England
		{"e09000033", 0, false},                   // GSS codes are upper case
		{"E0", 0, false},
		{"", 0, false},
	}, "E06", "E08", "E09", "E10")
}
