// Package digits groups the digits of formatted numbers in thousands, the
// one piece of number formatting that caremarket's tables, tick labels,
// reports and scenario descriptions share.
package digits

import "strings"

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
