package market

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/stat/distuv"
	"pgregory.net/rapid"
)

// The samplers are checked against exact distributions with a fixed seed.
// Each tolerance is z standard errors of the statistic at the sample size
// used, computed from the exact distribution, so a pass is not luck of the
// seed and a small bias in a sampler still fails.
const z = 5

// draws is the sample size of each sampler check: smaller under the race
// detector, which slows these single-goroutine loops tenfold and can find
// nothing in them.
var draws = 200_000

func init() {
	if raceEnabled {
		draws = 40_000
	}
}

func testRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)) }

// moments returns the sample mean and (unbiased) variance of draws.
func moments(xs []float64) (mean, variance float64) {
	for _, x := range xs {
		mean += x
	}
	mean /= float64(len(xs))
	for _, x := range xs {
		variance += (x - mean) * (x - mean)
	}
	return mean, variance / float64(len(xs)-1)
}

// checkMoments compares sample moments with the exact mean μ, variance σ²
// and fourth central moment μ4: SE(mean) = σ/√N and, for large N,
// SE(s²) = √((μ4 − σ⁴)/N).
func checkMoments(t *testing.T, xs []float64, mu, sigma2, mu4 float64) {
	t.Helper()
	n := float64(len(xs))
	mean, v := moments(xs)
	seMean := math.Sqrt(sigma2 / n)
	seVar := math.Sqrt((mu4 - sigma2*sigma2) / n)
	assert.InDelta(t, mu, mean, z*seMean+1e-12, "mean (SE %.3g)", seMean)
	assert.InDelta(t, sigma2, v, z*seVar+1e-12, "variance (SE %.3g)", seVar)
}

// checkFreqs compares observed frequencies of outcomes 0, 1, … with exact
// probabilities, cell by cell, within z binomial standard errors. Cells
// with an expected count under 5 are pooled. An outcome beyond probs, or
// with probability 0, must never be drawn.
func checkFreqs(t *testing.T, counts []int, probs []float64, n int) {
	t.Helper()
	total := 0.0
	poolP, poolC := 0.0, 0
	for k, c := range counts {
		p := 0.0
		if k < len(probs) {
			p = probs[k]
		}
		if p == 0 && c > 0 {
			t.Errorf("outcome %d drawn %d times but has probability 0", k, c)
		}
	}
	for k, p := range probs {
		total += p
		c := 0
		if k < len(counts) {
			c = counts[k]
		}
		if p*float64(n) < 5 {
			poolP += p
			poolC += c
			continue
		}
		se := math.Sqrt(p * (1 - p) / float64(n))
		assert.InDelta(t, p, float64(c)/float64(n), z*se, "outcome %d (SE %.3g)", k, se)
	}
	assert.InDelta(t, 1, total, 1e-9, "exact probabilities sum to 1")
	se := math.Sqrt(math.Max(poolP*(1-poolP), 1e-12) / float64(n))
	assert.InDelta(t, poolP, float64(poolC)/float64(n), z*se+1.0/float64(n), "pooled rare outcomes")
}

func TestBinomial(t *testing.T) {
	t.Parallel()
	for i, tc := range []struct {
		n int
		p float64
	}{
		{1, 0.3},
		{10, 0.3},    // inversion
		{50, 0.02},   // inversion, small mean
		{100, 0.15},  // np = 15: inversion
		{40, 0.8},    // flipped: n(1−p) = 8, inversion
		{1000, 0.05}, // np = 50: gonum
		{1000, 0.9},  // flipped, n(1−p) = 100: gonum
		{200, 0.5},   // np = 100: gonum
		{3, 0.0001},
	} {
		r := testRand(uint64(100 + i))
		xs := make([]float64, draws)
		counts := make([]int, tc.n+1)
		for j := range xs {
			k := binomial(r, tc.n, tc.p)
			require.True(t, k >= 0 && k <= tc.n, "Binomial(%d, %v) gave %d", tc.n, tc.p, k)
			xs[j] = float64(k)
			counts[k]++
		}
		n, p := float64(tc.n), tc.p
		q := 1 - p
		// mean np, variance npq, μ4 = npq(1 + 3(n − 2)pq)
		t.Run("", func(t *testing.T) {
			checkMoments(t, xs, n*p, n*p*q, n*p*q*(1+3*(n-2)*p*q))
			d := distuv.Binomial{N: n, P: p}
			probs := make([]float64, tc.n+1)
			for k := range probs {
				probs[k] = d.Prob(float64(k))
			}
			checkFreqs(t, counts, probs, draws)
		})
	}
}

func TestBinomialEdges(t *testing.T) {
	t.Parallel()
	r := testRand(1)
	for _, tc := range []struct {
		n    int
		p    float64
		want int
	}{
		{0, 0.5, 0},
		{-3, 0.5, 0},
		{10, 0, 0},
		{10, -0.1, 0},
		{10, 1, 10},
		{10, 1.5, 10},
	} {
		for range 100 {
			assert.Equal(t, tc.want, binomial(r, tc.n, tc.p), "Binomial(%d, %v)", tc.n, tc.p)
		}
	}
}

func TestPoisson(t *testing.T) {
	t.Parallel()
	for i, lambda := range []float64{0.05, 1, 4.2, 29.9, 30, 100, 2500} {
		r := testRand(uint64(200 + i))
		// Outcomes above hi have a total probability far below 1/draws.
		hi := int(lambda + 12*math.Sqrt(lambda) + 20)
		xs := make([]float64, draws)
		counts := make([]int, hi+2)
		for j := range xs {
			k := poisson(r, lambda)
			require.GreaterOrEqual(t, k, 0)
			xs[j] = float64(k)
			counts[min(k, hi+1)]++
		}
		t.Run("", func(t *testing.T) {
			// mean = variance = λ, μ4 = λ(1 + 3λ)
			checkMoments(t, xs, lambda, lambda, lambda*(1+3*lambda))
			d := distuv.Poisson{Lambda: lambda}
			probs := make([]float64, hi+2)
			tail := 1.0
			for k := 0; k <= hi; k++ {
				probs[k] = d.Prob(float64(k))
				tail -= probs[k]
			}
			probs[hi+1] = math.Max(0, tail)
			checkFreqs(t, counts, probs, draws)
		})
	}
}

func TestPoissonEdges(t *testing.T) {
	t.Parallel()
	r := testRand(2)
	for _, lambda := range []float64{0, -1, math.NaN(), math.Inf(-1)} {
		assert.Equal(t, 0, poisson(r, lambda), "Poisson(%v)", lambda)
	}
}

func TestGeometricWeeks(t *testing.T) {
	t.Parallel()
	for i, h := range []float64{0.004, 0.012 * 1.6, 0.3, 0.9} {
		r := testRand(uint64(300 + i))
		xs := make([]float64, draws)
		for j := range xs {
			w := geometricWeeks(r, h)
			require.GreaterOrEqual(t, w, 1)
			xs[j] = float64(w)
		}
		// W − 1 ~ Geometric(h) on {0, 1, …}: mean 1/h, variance q/h²,
		// μ4 = q(h² + 9q)/h⁴ with q = 1 − h.
		q := 1 - h
		checkMoments(t, xs, 1/h, q/(h*h), q*(h*h+9*q)/(h*h*h*h))
	}
	r := testRand(3)
	assert.Equal(t, math.MaxInt32, geometricWeeks(r, 0))
	assert.Equal(t, math.MaxInt32, geometricWeeks(r, -1))
	assert.Equal(t, 1, geometricWeeks(r, 1))
	assert.Equal(t, 1, geometricWeeks(r, 2))
}

// bestRankExact enumerates every n-subset of ranks 1..v and returns the
// distribution of its smallest rank, indexed by rank (index 0 unused).
func bestRankExact(v, n int) []float64 {
	counts := make([]int, v+1)
	total := 0
	var rec func(start, left, best int)
	rec = func(start, left, best int) {
		if left == 0 {
			counts[best]++
			total++
			return
		}
		for i := start; i <= v; i++ {
			b := best
			if b == 0 {
				b = i
			}
			rec(i+1, left-1, b)
		}
	}
	rec(1, n, 0)
	out := make([]float64, v+1)
	for k, c := range counts {
		out[k] = float64(c) / float64(total)
	}
	return out
}

// binom returns C(n, k) as a float.
func binom(n, k int) float64 {
	if k < 0 || k > n {
		return 0
	}
	c := 1.0
	for i := 1; i <= k; i++ {
		c = c * float64(n-k+i) / float64(i)
	}
	return c
}

// TestBestRank checks that bestRank draws the rank of the best of a uniform
// n-subset of v items: against exact enumeration of the subsets, and
// against docs/model.md's formula P(r > k) = C(v−k, n)/C(v, n).
func TestBestRank(t *testing.T) {
	t.Parallel()
	for i, tc := range []struct{ v, n int }{
		{1, 1}, {5, 1}, {5, 2}, {5, 5}, {8, 3}, {10, 4}, {12, 1}, {12, 11}, {15, 2},
	} {
		exact := bestRankExact(tc.v, tc.n)
		for k := 0; k <= tc.v; k++ {
			tailEnum := 0.0
			for r, p := range exact {
				if r > k {
					tailEnum += p
				}
			}
			assert.InDelta(t, binom(tc.v-k, tc.n)/binom(tc.v, tc.n), tailEnum, 1e-12, "v=%d n=%d P(r>%d)", tc.v, tc.n, k)
		}
		r := testRand(uint64(400 + i))
		counts := make([]int, tc.v+1)
		for range draws {
			k := bestRank(r, tc.v, tc.n)
			require.True(t, k >= 1 && k <= tc.v-tc.n+1, "v=%d n=%d rank %d", tc.v, tc.n, k)
			counts[k]++
		}
		t.Run("", func(t *testing.T) { checkFreqs(t, counts, exact, draws) })
	}
}

// TestOfferDraw checks the matching shortcut of docs/model.md §4.2: drawing
// n ~ Binomial(V, a) offers and taking the best of a uniform n-subset is
// equal in distribution to each of V vacancies offering independently with
// probability a, where the best offer is the first that offers in cost
// order: P(rank k) = (1−a)^(k−1)·a, P(none) = (1−a)^V.
func TestOfferDraw(t *testing.T) {
	t.Parallel()
	for i, tc := range []struct {
		v int
		a float64
	}{{1, 0.5}, {6, 0.3}, {20, 0.05}, {40, 0.7}, {200, 0.01}} {
		r := testRand(uint64(500 + i))
		counts := make([]int, tc.v+1)
		for range draws {
			n := binomial(r, tc.v, tc.a)
			if n == 0 {
				counts[0]++
				continue
			}
			counts[bestRank(r, tc.v, n)]++
		}
		probs := make([]float64, tc.v+1)
		probs[0] = math.Pow(1-tc.a, float64(tc.v))
		for k := 1; k <= tc.v; k++ {
			probs[k] = math.Pow(1-tc.a, float64(k-1)) * tc.a
		}
		t.Run("", func(t *testing.T) { checkFreqs(t, counts, probs, draws) })
	}
}

func TestNthFloat(t *testing.T) {
	t.Parallel()
	rapid.Check(t, func(t *rapid.T) {
		// a small range of values forces ties
		xs := rapid.SliceOfN(rapid.Float64Range(-50, 50).Filter(func(x float64) bool { return true }), 1, 300).Draw(t, "xs")
		if rapid.Bool().Draw(t, "ties") {
			for i := range xs {
				xs[i] = math.Round(xs[i] / 10)
			}
		}
		checkSelect(t, "nthFloat", xs, nthFloat, cmp.Compare[float64], cmp.Compare[float64])
	})
}

// checkSelect checks that sel(xs, k) returns the k-th of xs in the order
// by, and leaves xs a permutation of itself (compared in the order same,
// which must be total).
func checkSelect[T comparable](t *rapid.T, name string, xs []T, sel func([]T, int) T, by, same func(a, b T) int) {
	sorted := slices.Clone(xs)
	slices.SortFunc(sorted, by)
	k := rapid.IntRange(0, len(xs)-1).Draw(t, "k")
	work := slices.Clone(xs)
	if got := sel(work, k); got != sorted[k] {
		t.Fatalf("%s(k=%d) = %+v, sorted gives %+v", name, k, got, sorted[k])
	}
	slices.SortFunc(work, same)
	want := slices.Clone(xs)
	slices.SortFunc(want, same)
	if !slices.Equal(work, want) {
		t.Fatalf("%s changed the multiset of values", name)
	}
}

func TestNth(t *testing.T) {
	t.Parallel()
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(1, 300).Draw(t, "n")
		units := rapid.Permutation(func() []int32 {
			u := make([]int32, n)
			for i := range u {
				u[i] = int32(i * 3)
			}
			return u
		}()).Draw(t, "units")
		cs := make([]cand, n)
		for i := range cs {
			// few distinct costs, so ties are broken by unit
			cs[i] = cand{gc: float64(rapid.IntRange(0, 8).Draw(t, "gc")) * 125.5, unit: units[i], price: float64(i)}
		}
		byCost := func(a, b cand) int { return cmp.Or(cmp.Compare(a.gc, b.gc), cmp.Compare(a.unit, b.unit)) }
		checkSelect(t, "nth", cs, nth, byCost, func(a, b cand) int { return cmp.Compare(a.unit, b.unit) })
	})
}

func TestApportion(t *testing.T) {
	t.Parallel()
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(0, 100_000).Draw(t, "n")
		ws := rapid.SliceOfN(rapid.OneOf(rapid.Just(0.0), rapid.Float64Range(1e-6, 1e6), rapid.Float64Range(0, 1)), 1, 60).Draw(t, "weights")
		out := apportion(n, ws)
		if len(out) != len(ws) {
			t.Fatalf("%d parts for %d weights", len(out), len(ws))
		}
		total := 0.0
		for _, w := range ws {
			total += w
		}
		sum := 0
		for i, k := range out {
			sum += k
			if k < 0 {
				t.Fatalf("part %d is %d", i, k)
			}
			if total > 0 {
				// largest remainder: every part is its quota rounded down or up
				q := float64(n) * ws[i] / total
				if float64(k) < math.Floor(q)-1e-9 || float64(k) > math.Floor(q)+1+1e-9 {
					t.Fatalf("part %d is %d for quota %v", i, k, q)
				}
				if ws[i] == 0 && k != 0 {
					t.Fatalf("a zero weight got %d", k)
				}
			}
		}
		if total > 0 && sum != n {
			t.Fatalf("parts sum to %d, want %d", sum, n)
		}
		if total == 0 && sum != 0 {
			t.Fatalf("all-zero weights gave %v", out)
		}
	})
	// by hand: 10 by 1:2:3:4 is exact; 7 by 1:1:1 is 2.33 each, the first
	// gets the spare one on the tie (stable order).
	assert.Equal(t, []int{1, 2, 3, 4}, apportion(10, []float64{1, 2, 3, 4}))
	assert.Equal(t, []int{3, 2, 2}, apportion(7, []float64{1, 1, 1}))
	// 5 by 0.55:0.45 = 2.75, 2.25 → 2, 2 and the spare to the larger remainder
	assert.Equal(t, []int{3, 2}, apportion(5, []float64{0.55, 0.45}))
	assert.Equal(t, []int{0, 0}, apportion(0, []float64{1, 1}))
	assert.Equal(t, []int{0, 0}, apportion(5, []float64{0, 0}), "all-zero weights give nothing")
}

func TestRunSeed(t *testing.T) {
	t.Parallel()
	seen := map[[2]uint64]bool{}
	for seed := uint64(0); seed < 50; seed++ {
		for run := 0; run < 50; run++ {
			a, b := RunSeed(seed, run)
			a2, b2 := RunSeed(seed, run)
			require.Equal(t, [2]uint64{a, b}, [2]uint64{a2, b2}, "RunSeed is a function")
			require.False(t, seen[[2]uint64{a, b}], "seed %d run %d repeats a pair", seed, run)
			seen[[2]uint64{a, b}] = true
		}
	}
	// The streams of one run are distinct.
	s := newStreams(1, 0)
	first := map[uint64]int{}
	for i, r := range s {
		v := r.Uint64()
		if j, ok := first[v]; ok {
			t.Fatalf("streams %d and %d start alike", j, i)
		}
		first[v] = i
	}
}
