// Package agents defines the entities of the caremarket model (docs/model.md
// §2) as plain types, and the decision rules the simulation engine
// in package market calls, each a small function or method that can be
// tested alone:
//
//   - pricing: unit costs (UnitCost, WholeHomeCost), a council's
//     reservation price (Reservation) and a provider's quote (Terms.Quote);
//   - matching: the chance a vacancy offers a place (Acceptance), an offer's
//     generalised cost (Offer.GeneralisedCost) and the council's preference
//     between two offers (Preferred);
//   - investment and closure: expected occupancy (ExpectedOccupancy,
//     ForecastOccupancy), expected profit, capital, return and excess over
//     the hurdle (ExpectedAnnualProfit, Capital, ROCE, Excess) and the
//     closure test (ClosureTest);
//   - finance and exit: funding (Finance.Fund), interest, quarterly
//     accounts (Provider.CloseQuarter) and the exit test (Finance.ExitTest);
//   - foster carers' recruitment and attrition (FosterRules).
//
// The package holds no state of the simulated world and draws no random
// numbers of its own. The engine stores agents in columnar form; the rules
// in force (caps, taxes, oversight) are applied by package market around
// these rules.
package agents
