// Package agents defines the entities of the caremarket model (MODEL.md
// section 2) as plain types, and each of their decision rules as a small
// function or method that can be tested alone: a provider's quote, its
// investment test and exit test, a council's choice among offers, and foster
// carers' recruitment and attrition.
//
// The package holds no state of the simulated world and draws no random
// numbers of its own: rules that need randomness take an explicit
// *rand.Rand. The simulation engine in package market stores agents in
// columnar form and calls these rules.
package agents
