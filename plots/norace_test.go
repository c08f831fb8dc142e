//go:build !race

package plots_test

// raceEnabled is set under the race detector (see race_test.go).
const raceEnabled = false
