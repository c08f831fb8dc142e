// Package explorer is the workshop explorer behind `caremarket serve`: a
// local web page where the interventions are form controls and the answer
// is a paired ensemble of a variant against its base scenario, with the
// briefing report's headline table and figures.
//
// It is a thin layer over packages scenarios, plots and report: a form is
// written as a scenario file and read by scenarios.Parse (so a value is
// accepted exactly when a scenario file would accept it), ensembles run
// with scenarios.Collect and compare with scenarios.CompareAggregates, and
// the table and figures are report.WriteFragments'. No model logic lives
// here.
//
// Results are cached by the hash of the scenario file and caremarket's
// version (the file holds seed, runs and years), in memory and optionally
// on disk, each bounded and evicting the least recently used; a base run
// by several variants is simulated once. Jobs run at most Options.MaxJobs
// at once with a bounded queue, report progress as Server-Sent Events, and
// are cancelled on request or when nobody watches them.
//
// Every request is checked: the Host header against the listening
// address (against DNS rebinding), the Origin header against the host,
// a token when one is set (required off loopback), and the body's size.
package explorer
