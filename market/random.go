package market

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/stat/distuv"
)

// Random streams. Each process of the model draws from its own stream so
// that two scenarios run on the same seed see the same arrivals (common
// random numbers) even when their markets diverge.
const (
	streamInit = iota
	streamArrivals
	streamMatching
	streamSupply
	streamFoster
	streamCosts   // providers' own cost factors, in order of creation
	streamInvest  // acquisitions and council building
	streamFinance // providers' own leverage, in order of creation
	numStreams
)

// splitmix64 is the SplitMix64 finaliser, used to derive independent stream
// seeds from a scenario seed and a run index.
func splitmix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// RunSeed derives the seed pair of run i of a scenario with the given seed.
// Run i always uses the same pair, whatever the worker count.
func RunSeed(seed uint64, run int) (uint64, uint64) {
	a := splitmix64(seed ^ splitmix64(uint64(run)+0x5ca1ab1e))
	return a, splitmix64(a ^ uint64(run))
}

func newStreams(seed uint64, run int) [numStreams]*rand.Rand {
	return streamsOf(newSources(seed, run))
}

// newSources returns the PCG generators of the streams of run run: the
// world keeps them beside its streams so that Clone can copy their state.
func newSources(seed uint64, run int) [numStreams]*rand.PCG {
	a, b := RunSeed(seed, run)
	var s [numStreams]*rand.PCG
	for i := range s {
		s[i] = rand.NewPCG(splitmix64(a+uint64(i)), splitmix64(b^uint64(i+1)<<32))
	}
	return s
}

// streamsOf wraps each generator in a *rand.Rand (which holds no state of
// its own beyond its source).
func streamsOf(src [numStreams]*rand.PCG) [numStreams]*rand.Rand {
	var s [numStreams]*rand.Rand
	for i, p := range src {
		s[i] = rand.New(p)
	}
	return s
}

// binomial draws from Binomial(n, p). Small means use inversion, which is
// exact and allocation-free; large ones use gonum's sampler.
func binomial(r *rand.Rand, n int, p float64) int {
	return binomialQ(r, n, p, math.Log1p(-math.Min(p, 1-p)))
}

// qpowN is the number of powers kept by binomialTab.
const qpowN = 64

// binomialTab is binomial with logq = log(1 − min(p, 1 − p)) precomputed and
// qpow[k] = exp(k·logq) for k < qpowN, so small draws need no exp.
func binomialTab(r *rand.Rand, n int, p, logq float64, qpow *[qpowN]float64) int {
	if n > 0 && n < qpowN && p > 0 && p < 1 && float64(n)*math.Min(p, 1-p) < 20 {
		return binomialInv(r, n, p, qpow[n]) // inversion, as binomialQ, without the exp
	}
	return binomialQ(r, n, p, logq)
}

// binomialInv draws Binomial(n, p) by inversion given q0 = (1 − p')^n, where
// p' = min(p, 1 − p).
func binomialInv(r *rand.Rand, n int, p, q0 float64) int {
	flip := false
	if p > 0.5 {
		p, flip = 1-p, true
	}
	q := 1 - p
	s := p / q
	a := float64(n+1) * s
	f := q0
	u := r.Float64()
	k := 0
	for u > f && k < n {
		u -= f
		k++
		f *= a/float64(k) - s
	}
	if flip {
		return n - k
	}
	return k
}

// binomialQ is binomial with logq = log(1 − min(p, 1 − p)) precomputed.
func binomialQ(r *rand.Rand, n int, p, logq float64) int {
	if n <= 0 || p <= 0 {
		return 0
	}
	if p >= 1 {
		return n
	}
	if float64(n)*math.Min(p, 1-p) < 20 {
		return binomialInv(r, n, p, math.Exp(float64(n)*logq))
	}
	if p > 0.5 {
		return n - int(distuv.Binomial{N: float64(n), P: 1 - p, Src: r}.Rand())
	}
	return int(distuv.Binomial{N: float64(n), P: p, Src: r}.Rand())
}

// poisson draws from Poisson(lambda). Small means use inversion; large ones
// use gonum's sampler.
func poisson(r *rand.Rand, lambda float64) int {
	if lambda <= 0 || math.IsNaN(lambda) {
		return 0
	}
	if lambda < 30 {
		k := 0
		p := math.Exp(-lambda)
		s := p
		u := r.Float64()
		for u > s && k < 10000 {
			k++
			p *= lambda / float64(k)
			s += p
		}
		return k
	}
	return int(distuv.Poisson{Lambda: lambda, Src: r}.Rand())
}

// geometricWeeks returns the number of whole weeks until an event with
// weekly hazard h, at least 1; a hazard of zero returns a very large number.
func geometricWeeks(r *rand.Rand, h float64) int {
	if h <= 0 {
		return math.MaxInt32
	}
	if h >= 1 {
		return 1
	}
	u := 1 - r.Float64() // (0, 1]
	w := 1 + int(math.Log(u)/math.Log1p(-h))
	if w < 1 {
		w = 1
	}
	return w
}

// bestRank draws the rank r (1-based) of the best of a uniform n-subset of V
// items sorted by cost: P(r > k) = C(V−k, n)/C(V, n) (docs/model.md §4.2). It
// needs 1 ≤ n ≤ V.
func bestRank(r *rand.Rand, v, n int) int {
	u := r.Float64()
	s := 1.0 // P(rank > k) for k = 0
	for k := 0; k < v-n; k++ {
		s *= float64(v-k-n) / float64(v-k)
		if u >= s {
			return k + 1
		}
	}
	return v - n + 1
}
