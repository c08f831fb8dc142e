// Package scenarios holds what an adviser runs: the embedded England
// baseline, the interventions the advisory group is weighing, named
// scenarios, ensembles and paired comparisons, and scenario files.
package scenarios
