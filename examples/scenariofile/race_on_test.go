//go:build race

package main

// raceEnabled reports a build with the race detector, under which the
// England runs are left to the non-race test pass: this package's own code
// runs in one goroutine, and the library's concurrency has its own race tests.
const raceEnabled = true
