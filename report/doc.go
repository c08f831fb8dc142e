// Package report writes a paired scenario comparison as one self-contained
// HTML briefing (headline table, inline SVG figures, the scenarios in plain
// words, what the results rest on and the manifest) for readers who do not
// run code.
package report
