package market

// Quickselect with a deterministic median-of-three pivot: the k-th smallest
// element in O(n) expected time without sorting everything (the standard
// library and gonum sort fully).

import "github.com/caremarket/caremarket/agents"

// candLess orders offers by the council's preference (agents.Preferred).
func candLess(a, b *cand) bool {
	return agents.Preferred(a.gc, a.unit, b.gc, b.unit)
}

// nth returns the element of rank i (0-based) by generalised cost, ties
// broken by unit, partially reordering cs.
func nth(cs []cand, i int) cand {
	lo, hi := 0, len(cs)-1
	for hi > lo {
		if hi-lo < 12 {
			for a := lo + 1; a <= hi; a++ {
				for b := a; b > lo && candLess(&cs[b], &cs[b-1]); b-- {
					cs[b], cs[b-1] = cs[b-1], cs[b]
				}
			}
			break
		}
		mid := lo + (hi-lo)/2
		if candLess(&cs[mid], &cs[lo]) {
			cs[mid], cs[lo] = cs[lo], cs[mid]
		}
		if candLess(&cs[hi], &cs[lo]) {
			cs[hi], cs[lo] = cs[lo], cs[hi]
		}
		if candLess(&cs[hi], &cs[mid]) {
			cs[hi], cs[mid] = cs[mid], cs[hi]
		}
		p := cs[mid]
		a, b := lo, hi
		for a <= b {
			for candLess(&cs[a], &p) {
				a++
			}
			for candLess(&p, &cs[b]) {
				b--
			}
			if a <= b {
				cs[a], cs[b] = cs[b], cs[a]
				a++
				b--
			}
		}
		switch {
		case i <= b:
			hi = b
		case i >= a:
			lo = a
		default:
			return cs[i]
		}
	}
	return cs[i]
}

// nthFloat returns the k-th smallest (0-based) of xs, partially reordering it.
func nthFloat(xs []float64, k int) float64 {
	lo, hi := 0, len(xs)-1
	for hi > lo {
		if hi-lo < 12 {
			for a := lo + 1; a <= hi; a++ {
				for b := a; b > lo && xs[b] < xs[b-1]; b-- {
					xs[b], xs[b-1] = xs[b-1], xs[b]
				}
			}
			break
		}
		mid := lo + (hi-lo)/2
		if xs[mid] < xs[lo] {
			xs[mid], xs[lo] = xs[lo], xs[mid]
		}
		if xs[hi] < xs[lo] {
			xs[hi], xs[lo] = xs[lo], xs[hi]
		}
		if xs[hi] < xs[mid] {
			xs[hi], xs[mid] = xs[mid], xs[hi]
		}
		p := xs[mid]
		a, b := lo, hi
		for a <= b {
			for xs[a] < p {
				a++
			}
			for p < xs[b] {
				b--
			}
			if a <= b {
				xs[a], xs[b] = xs[b], xs[a]
				a++
				b--
			}
		}
		switch {
		case k <= b:
			hi = b
		case k >= a:
			lo = a
		default:
			return xs[k]
		}
	}
	return xs[k]
}
