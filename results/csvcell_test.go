package results

import (
	"bytes"
	"encoding/csv"
	"testing"
)

// TestEscapeCSVCell checks the OWASP rule for CSV injection (issue 15 item
// 6): cells a spreadsheet would run as formulas get a leading quote;
// numbers, negative numbers included, are unchanged; every cell comes back
// through UnescapeCSVCell.
func TestEscapeCSVCell(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"", ""},
		{"baseline", "baseline"},
		{"-12.5", "-12.5"},
		{"+3", "+3"},
		{"1e-07", "1e-07"},
		{"=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"},
		{"+cmd", "'+cmd"},
		{"-cmd|' /C calc'!A0", "'-cmd|' /C calc'!A0"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"=1+2", "'=1+2"},
		{"-2+3", "'-2+3"},
		{"-5 is fine", "'-5 is fine"},
		{"-", "'-"},
		{"\tx", "'\tx"},
		{"'quoted", "''quoted"},
	} {
		got := EscapeCSVCell(c.in)
		if got != c.want {
			t.Errorf("EscapeCSVCell(%q) = %q, want %q", c.in, got, c.want)
		}
		if back := UnescapeCSVCell(got); got != c.in && back != c.in {
			t.Errorf("UnescapeCSVCell(%q) = %q, want %q", got, back, c.in)
		}
	}
}

// TestWarningsCSVEscapesFormulas: a warning that starts with '=' is
// written with a leading quote.
func TestWarningsCSVEscapesFormulas(t *testing.T) {
	c := &Comparison{Baseline: &Summary{Scenario: "base", Warnings: []string{"=1+2", "5 is fine"}}}
	var b bytes.Buffer
	if err := WriteWarningsCSV(&b, c); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if recs[1][1] != "'=1+2" || recs[2][1] != "5 is fine" {
		t.Errorf("warnings written as %q", recs)
	}
}
