// Package market is the simulation engine of caremarket: the world of
// children, councils, providers, homes and foster households, and the weekly
// schedule of docs/model.md §3 that moves it: arrivals, endings,
// breakdowns, matching of children to places, payments, quarterly accounts,
// investment, entry, closure and exits.
//
// A World is built from a Config (the data and parameters of a market, see
// package scenarios for the embedded England baseline) and Options (seed,
// run index, horizon, interventions). Run steps it week by week and returns
// Results: the weekly series of docs/model.md §7 in columnar form, one slice
// per metric, with per-region breakdowns.
//
// The engine keeps its hot state in columns (struct-of-arrays), looks up
// vacancies through lists per council and slot kind, and pays placements
// from running totals, so a steady-state week allocates nothing. Every
// random draw comes from a *rand.Rand derived from the seed and the run
// index: the same inputs give the same bytes on any machine.
//
// The files follow the same split. Who is where: units.go moves children
// and units, vacancies.go lists the units with room, match.go matches
// children to offers. What happened: ledger.go books every state change into
// the accounts and metric counters, and Check recounts the world to verify
// them. Pricing helpers are in pricing.go, the start-up in init.go and the
// startup_*.go files. The decision rules themselves (quotes, offer choice,
// investment, closure and exit tests) are in package agents.
//
// Rules is the regulatory state that interventions change. Its policy
// arithmetic (quote ceilings, clawback, windfall tax, phase-in, expected
// profit after the rules) is in methods of the rule types (policy.go), and
// interventions put rules in force through the intent-level methods of
// levers.go (SetProfitCap, SetOversight, SetCoopCommissioning, ...); an
// Intervention acts on the world at its start week. Check verifies the
// invariants of the world and is cheap enough to call every week in tests.
//
// A World is not safe for concurrent use; run many worlds in parallel
// instead.
package market
