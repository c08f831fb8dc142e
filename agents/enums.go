package agents

import (
	"fmt"
	"strings"
)

// Ownership is the ownership type of a provider.
type Ownership uint8

// Ownership types of docs/model.md §2. UnregisteredSupplier marks the regional
// pseudo-providers of unregistered placements; it is not a real ownership and
// is excluded from margins, HHI and entries.
const (
	PrivateEquity Ownership = iota
	Private
	NotForProfit
	CouncilOwned
	UnregisteredSupplier
)

// NumOwnerships is the number of real ownership types (UnregisteredSupplier excluded).
const NumOwnerships = 4

var ownershipNames = [...]string{"PrivateEquity", "Private", "NotForProfit", "Council", "Unregistered"}

// String returns the name of the Ownership.
func (o Ownership) String() string { return enumName(o, ownershipNames[:], "Ownership") }

// ForProfit reports whether o is a for-profit ownership (private equity or private).
func (o Ownership) ForProfit() bool { return o == PrivateEquity || o == Private }

// enumName returns names[v], or typ(v) ("Tier(7)") for a value that has
// no name.
func enumName[T ~uint8](v T, names []string, typ string) string {
	if int(v) < len(names) {
		return names[v]
	}
	return fmt.Sprintf("%s(%d)", typ, int(v))
}

// parseEnum returns the value whose name in names is s, case-insensitively,
// or an error naming what and the names allowed.
func parseEnum[T ~uint8](s string, names []string, what string) (T, error) {
	for i, n := range names {
		if strings.EqualFold(n, s) {
			return T(i), nil
		}
	}
	return 0, fmt.Errorf("unknown %s %q: allowed %s", what, s, strings.Join(names, ", "))
}

// ParseOwnership parses an ownership name, case-insensitively. It accepts the
// names of String and the short forms "pe", "private", "nfp" and "council".
func ParseOwnership(s string) (Ownership, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "privateequity", "private_equity", "private-equity", "pe":
		return PrivateEquity, nil
	case "private":
		return Private, nil
	case "notforprofit", "not_for_profit", "not-for-profit", "nfp":
		return NotForProfit, nil
	case "council":
		return CouncilOwned, nil
	}
	return 0, fmt.Errorf("unknown ownership %q: allowed PrivateEquity, Private, NotForProfit, Council", s)
}

// Setting is where a child lives (docs/model.md §2).
type Setting uint8

// Settings. Seeking is not a setting of the model; it marks a child with no
// place who is looking for one (a waiting child).
const (
	FosterInHouse Setting = iota
	FosterIFA
	ChildrensHome
	Supported
	Unregistered
	Other
	Seeking
)

// NumSettings is the number of settings, Seeking included.
const NumSettings = 7

var settingNames = [...]string{"FosterInHouse", "FosterIFA", "ChildrensHome", "Supported", "Unregistered", "Other", "Seeking"}

// String returns the name of the Setting.
func (s Setting) String() string { return enumName(s, settingNames[:], "Setting") }

// ParseSetting parses a setting name as printed by String.
func ParseSetting(s string) (Setting, error) {
	return parseEnum[Setting](s, settingNames[:Seeking], "setting")
}

// Tier is a child's need tier.
type Tier uint8

// Need tiers.
const (
	Standard Tier = iota
	Complex
	VeryComplex
)

// NumTiers is the number of need tiers.
const NumTiers = 3

var tierNames = [...]string{"Standard", "Complex", "VeryComplex"}

// String returns the name of the Tier.
func (t Tier) String() string { return enumName(t, tierNames[:], "Tier") }

// ParseTier parses a tier name as printed by String.
func ParseTier(s string) (Tier, error) { return parseEnum[Tier](s, tierNames[:], "tier") }

// AgeBand is a child's age band.
type AgeBand uint8

// Age bands of docs/model.md §2.
const (
	Age0to4 AgeBand = iota
	Age5to9
	Age10to15
	Age16to17
)

// NumAgeBands is the number of age bands.
const NumAgeBands = 4

var ageBandNames = [...]string{"0-4", "5-9", "10-15", "16-17"}

// String returns the name of the AgeBand.
func (a AgeBand) String() string { return enumName(a, ageBandNames[:], "AgeBand") }

// WeeksPerYear is the number of model weeks in a year.
const WeeksPerYear = 52

// WeeksPerQuarter is the number of model weeks in a quarter: providers close
// their quarterly accounts every WeeksPerQuarter weeks.
const WeeksPerQuarter = 13

// AgeBandOf returns the age band of a child aged ageWeeks weeks.
func AgeBandOf(ageWeeks int) AgeBand {
	switch {
	case ageWeeks < 5*WeeksPerYear:
		return Age0to4
	case ageWeeks < 10*WeeksPerYear:
		return Age5to9
	case ageWeeks < 16*WeeksPerYear:
		return Age10to15
	default:
		return Age16to17
	}
}

// HomeKind is the kind of a children's home or supported scheme (docs/model.md
// §2).
type HomeKind uint8

// Home kinds. A Standard home (4 places) takes Standard children; a Complex
// home (3 places) takes Standard and Complex children; a Solo home (1 place)
// takes a VeryComplex child. A SupportedScheme (6 places) takes 16–17-year-olds
// of the Standard and Complex tiers.
const (
	StandardHome HomeKind = iota
	ComplexHome
	SoloHome
	SupportedScheme
)

// NumHomeKinds is the number of home kinds.
const NumHomeKinds = 4

var homeKindNames = [...]string{"Standard", "Complex", "Solo", "Supported"}

// String returns the name of the HomeKind.
func (k HomeKind) String() string { return enumName(k, homeKindNames[:], "HomeKind") }

// ParseHomeKind parses a home kind name as printed by String.
func ParseHomeKind(s string) (HomeKind, error) {
	return parseEnum[HomeKind](s, homeKindNames[:], "home kind")
}

// Places returns the registered places of a new home of kind k.
func (k HomeKind) Places() int {
	switch k {
	case StandardHome:
		return 4
	case ComplexHome:
		return 3
	case SoloHome:
		return 1
	default:
		return 6
	}
}

// MainTier is the tier whose variable cost a home of kind k is planned around
// in the investment test.
func (k HomeKind) MainTier() Tier {
	switch k {
	case ComplexHome:
		return Complex
	case SoloHome:
		return VeryComplex
	default:
		return Standard
	}
}

// Takes reports whether a home of kind k may take a child of tier t
// (ignoring the whole-home rule for VeryComplex children).
func (k HomeKind) Takes(t Tier) bool {
	switch k {
	case StandardHome:
		return t == Standard
	case ComplexHome:
		return t == Standard || t == Complex
	case SoloHome:
		return t == VeryComplex
	default:
		return t == Standard || t == Complex
	}
}
