//go:build race

package market

// raceEnabled reports whether the race detector is on: the sampler tests
// then draw fewer samples (their tolerances follow the sample size).
const raceEnabled = true
