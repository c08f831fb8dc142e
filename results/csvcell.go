package results

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
)

// EscapeCSVCell returns a CSV cell as the writers of this package write
// it, so that a spreadsheet does not run it as a formula (the OWASP rule
// for CSV injection): a cell that starts with '=', '@', a tab or a
// carriage return, or with '+' or '-' and is not a number, is prefixed
// with a single quote; so is a cell that starts with a single quote, so
// that UnescapeCSVCell gives every cell back. Numbers (-12.5, +3) are
// unchanged.
func EscapeCSVCell(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '\'', '\t', '\r', '=', '@':
		return "'" + s
	case '+', '-':
		if _, err := strconv.ParseFloat(s, 64); err != nil {
			return "'" + s
		}
	}
	return s
}

// UnescapeCSVCell undoes EscapeCSVCell: it removes one leading single
// quote.
func UnescapeCSVCell(s string) string { return strings.TrimPrefix(s, "'") }

// csvWriter is a csv.Writer whose Write escapes every cell
// (EscapeCSVCell).
type csvWriter struct {
	*csv.Writer
	rec []string
}

func newCSVWriter(w io.Writer) *csvWriter { return &csvWriter{Writer: csv.NewWriter(w)} }

// Write writes one record, its cells escaped.
func (w *csvWriter) Write(rec []string) error {
	w.rec = w.rec[:0]
	for _, c := range rec {
		w.rec = append(w.rec, EscapeCSVCell(c))
	}
	return w.Writer.Write(w.rec)
}
