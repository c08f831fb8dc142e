package agents

// HomeStatus is the life-cycle state of a children's home or supported scheme.
type HomeStatus uint8

// Home states.
const (
	Building HomeStatus = iota // registered for construction, opens after the build lag
	Open
	Closing // notice given; children move out at CloseWeek
	Closed
)

// String returns the name of the HomeStatus.
func (s HomeStatus) String() string {
	switch s {
	case Building:
		return "building"
	case Open:
		return "open"
	case Closing:
		return "closing"
	default:
		return "closed"
	}
}

// MaxHomePlaces is the largest number of registered places a home may have.
const MaxHomePlaces = 6

// Home is a children's home or a supported-accommodation scheme.
type Home struct {
	Owner    int32 // provider ID
	Council  int16 // host council
	Region   int8
	Kind     HomeKind
	Status   HomeStatus
	X, Y     float32
	Places   uint8 // registered places, 1–6
	Usable   uint8 // Binomial(places, u_H), drawn at registration and kept
	Occupied uint8
	// Whole marks a home taken whole by one VeryComplex child.
	Whole bool
	// Round is a uniform draw fixed at registration, used to round the
	// workforce-limited usable places without bias.
	Round float32
	// OpenWeek is the week the home opened (or will open); CloseWeek the week
	// its children move out when Closing.
	OpenWeek, CloseWeek int32
	// BlockPlaces are places held under a co-operative block contract at
	// BlockPrice a week until BlockUntil, paid by co-operative BlockCoop.
	BlockPlaces uint8
	BlockCoop   int8
	BlockUntil  int32
	BlockPrice  float64
	Children    [MaxHomePlaces]int32
	// Quarter accumulates this quarter's revenue and cost, and OccWeeks the
	// occupied place-weeks; Profit4 is the trailing four-quarter profit.
	QRevenue, QCost, QOccWeeks float64
	Profit4                    [4]float64
	LastOccupancy              float64
}

// Free returns the home's free usable places.
func (h *Home) Free() int {
	if h.Whole {
		return 0
	}
	return int(h.Usable) - int(h.Occupied)
}
