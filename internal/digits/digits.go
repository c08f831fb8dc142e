// Package digits formats numbers for people: it groups digits in thousands
// and writes £ amounts and counts in the unit that suits their size, the
// number formatting that caremarket's tables, tick labels, reports,
// calibration tables and scenario descriptions share.
package digits

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Group inserts a comma between each group of three digits of the whole
// part of s, an unsigned decimal such as strconv.FormatFloat(v, 'f', d, 64)
// writes for v ≥ 0: "12345.6" → "12,345.6", "500000" → "500,000". The
// fraction is left as it is; the caller writes any sign.
func Group(s string) string {
	whole, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	b.Grow(len(s) + len(whole)/3)
	for i, c := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if hasFrac {
		b.WriteByte('.')
		b.WriteString(frac)
	}
	return b.String()
}

// Sign returns the sign prefix of v: "-" for negatives, "+" for positives
// when signed, "" otherwise (and for zero).
func Sign(v float64, signed bool) string {
	switch {
	case v < 0:
		return "-"
	case v > 0 && signed:
		return "+"
	}
	return ""
}

// Float writes a non-negative number with d decimals and thousands
// separators: 12345.6 → "12,345.6".
func Float(v float64, d int) string {
	return Group(strconv.FormatFloat(v, 'f', d, 64))
}

// MoneyScale returns the divisor and suffix for £ values up to m in size.
func MoneyScale(m float64) (float64, string) {
	switch {
	case m >= 1e9:
		return 1e9, "bn"
	case m >= 1e6:
		return 1e6, "m"
	case m >= 1e4:
		return 1e3, "k"
	}
	return 1, ""
}

// Money writes a £ amount in the unit that suits its size: "£1.23bn",
// "£456m", "£12k", "£850", with a "+" before positive values when signed.
func Money(v float64, signed bool) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return fmt.Sprint(v)
	}
	div, suffix := MoneyScale(math.Abs(v))
	x := math.Abs(v) / div
	d := 0
	switch {
	case div == 1:
		d = 0
	case x < 10:
		d = 2
	case x < 100:
		d = 1
	}
	if v == 0 {
		return "£0"
	}
	return Sign(v, signed) + "£" + Float(x, d) + suffix
}

// Count writes a count for a label, rounded to three significant
// figures: thousands separators below a million ("74,000", "1,230"), "m"
// above ("1.23m"), one decimal below 100 when not whole ("46.2"), with a
// "+" before positive values when signed.
func Count(v float64, signed bool) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return fmt.Sprint(v)
	}
	a := math.Abs(v)
	var s string
	switch {
	case a >= 1e6:
		s = strconv.FormatFloat(RoundSig(a/1e6, 3), 'f', max(0, 2-int(math.Floor(math.Log10(RoundSig(a/1e6, 3))))), 64) + "m"
	case a >= 1000:
		s = Float(RoundSig(a, 3), 0)
	case a >= 100:
		s = Float(a, 0)
	default:
		d := 0
		if math.Abs(a-math.Round(a)) > 0.05 {
			d = 1
		}
		s = Float(a, d)
	}
	if s == "0" || s == "0.0" {
		return "0"
	}
	return Sign(v, signed) + s
}

// RoundSig rounds a positive x to n significant figures.
func RoundSig(x float64, n int) float64 {
	if x == 0 {
		return 0
	}
	p := math.Pow10(n - 1 - int(math.Floor(math.Log10(x))))
	return math.Round(x*p) / p
}
