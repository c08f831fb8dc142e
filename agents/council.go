package agents

import (
	"fmt"
	"strings"
)

// CouncilType is the kind of local authority, which sets how far its children
// and homes are spread around its centroid (docs/model.md §2).
type CouncilType uint8

// Council types, from the ONS code prefix: E09 London boroughs, E08
// metropolitan districts, E06 unitary authorities, E10 counties.
const (
	LondonBorough CouncilType = iota
	Metropolitan
	Unitary
	County
)

var councilTypeNames = [...]string{"london", "metropolitan", "unitary", "county"}

// String returns the name of the CouncilType.
func (t CouncilType) String() string { return enumName(t, councilTypeNames[:], "CouncilType") }

// ParseCouncilType parses a council type name.
func ParseCouncilType(s string) (CouncilType, error) {
	return parseEnum[CouncilType](s, councilTypeNames[:], "council type")
}

// CouncilTypeOfCode returns the council type implied by an ONS GSS code.
func CouncilTypeOfCode(code string) (CouncilType, error) {
	switch {
	case strings.HasPrefix(code, "E09"):
		return LondonBorough, nil
	case strings.HasPrefix(code, "E08"):
		return Metropolitan, nil
	case strings.HasPrefix(code, "E06"):
		return Unitary, nil
	case strings.HasPrefix(code, "E10"):
		return County, nil
	}
	return 0, fmt.Errorf("council code %q: want an English upper-tier code starting E06, E08, E09 or E10", code)
}

// Council is a local authority with children's services: it places every
// child in its care and pays for the placements.
type Council struct {
	Code, Name string
	Region     int
	Type       CouncilType
	Lat, Lon   float64
	X, Y       float64 // km on the model's equirectangular plane
	SpreadKm   float64 // σ of children's and homes' scatter around the centroid
	// Children is the number of children looked after at the start, and
	// Population the number of children aged 0–17.
	Children, Population int
	// ArrivalsPerWeek is the expected number of children starting to be
	// looked after each week.
	ArrivalsPerWeek float64
	// InHouse is the provider ID of the council's in-house service.
	InHouse int32
	// Coop is the index of the co-operative that commissions for the council,
	// or -1 when it commissions alone.
	Coop int
}

// Coop is a regional care co-operative: councils that commission together.
type Coop struct {
	Name    string
	Members []int // council indices
}
