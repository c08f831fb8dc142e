package agents_test

import (
	"fmt"

	"github.com/caremarket/caremarket/agents"
)

// A for-profit children's home quotes for a Standard child. Its unit cost is
// the fixed cost spread over the reference occupancy plus the variable cost;
// the council's reservation price is the cheaper of an unregistered
// placement and twice the published mean price. With two acceptable offers
// the provider takes a quarter of the surplus above its base price, split
// between the offers, less a buyer-power discount.
func ExampleTerms_Quote() {
	c := agents.UnitCost(2800, 0.80, 500)  // £2,800/0.8 + £500 = £4,000 a week
	r := agents.Reservation(7000, 2, 5800) // min(£7,000, 2 × £5,800) = £7,000
	terms := agents.Terms{Mu: 0.10, Kappa: 0.25}

	p, ok := terms.Quote(c, r, 2, 0.15, 0.10, 0)
	fmt.Printf("unit cost £%.0f, reservation £%.0f\n", c, r)
	fmt.Printf("quote with two offers: £%.2f (offer made: %v)\n", p, ok)

	// Under a £4,500 price cap the quote is cut to the cap.
	p, ok = terms.Quote(c, r, 2, 0.15, 0.10, 4500)
	fmt.Printf("quote under a £4,500 cap: £%.2f (offer made: %v)\n", p, ok)

	// A very complex child in a 3-place home taken whole costs more than the
	// council would pay for a standard place: no offer.
	whole := agents.WholeHomeCost(2800, 3, 6000)
	_, ok = terms.Quote(whole, r, 1, 0.15, 0.10, 0)
	fmt.Printf("whole home at £%.0f: offer made: %v\n", whole, ok)
	// Output:
	// unit cost £4000, reservation £7000
	// quote with two offers: £4714.12 (offer made: true)
	// quote under a £4,500 cap: £4500.00 (offer made: true)
	// whole home at £14400: offer made: false
}

// A council chooses among acceptable offers for a child by generalised cost:
// price, plus £5 per km per week of distance, plus a penalty for a setting
// that is not the child's first choice.
func ExamplePreferred() {
	offers := []agents.Offer{
		{Price: 900, DistanceKm: 50},             // agency carers 50 km away
		{Price: 4725, DistanceKm: 10, Psi: 2000}, // a children's home nearby
		{Price: 1000, DistanceKm: 20},            // agency carers 20 km away
	}
	const lambda = 5 // £ per km per week
	best := 0
	for i, o := range offers {
		gc := o.GeneralisedCost(lambda)
		fmt.Printf("offer %d: £%.0f a week\n", i, gc)
		if agents.Preferred(gc, int32(i), offers[best].GeneralisedCost(lambda), int32(best)) {
			best = i
		}
	}
	fmt.Println("chosen:", best)
	// Output:
	// offer 0: £1150 a week
	// offer 1: £6775 a week
	// offer 2: £1100 a week
	// chosen: 2
}
