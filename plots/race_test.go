//go:build race

package plots_test

// raceEnabled is set under the race detector, which slows PNG
// rasterisation about thirtyfold: the tests then rasterise fewer and
// smaller images (every other check is unchanged).
const raceEnabled = true
