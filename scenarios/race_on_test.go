//go:build race

package scenarios_test

// raceEnabled reports a build with the race detector, under which the
// engine runs several times slower and timing bounds do not apply.
const raceEnabled = true
