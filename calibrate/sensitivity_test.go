package calibrate

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"sort"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/stat"
)

func TestLatinHypercube(t *testing.T) {
	const n, k = 20, 5
	a := LatinHypercube(n, k, 7)
	require.Len(t, a, n)
	// One point in each of the n bins of every column.
	for j := range k {
		bins := make([]int, n)
		for i := range n {
			require.Len(t, a[i], k)
			u := a[i][j]
			require.True(t, u >= 0 && u < 1, "u = %v", u)
			bins[int(u*n)]++
		}
		for b, c := range bins {
			assert.Equal(t, 1, c, "column %d bin %d", j, b)
		}
	}
	assert.Equal(t, a, LatinHypercube(n, k, 7), "same seed, same design")
	assert.NotEqual(t, a, LatinHypercube(n, k, 8))
}

func TestSRCRecoversLinearEffects(t *testing.T) {
	// y = 3·x0 − x1 + 0·x2 + small noise, x uniform on [0, 1]: the SRCs
	// are b_j·sd(x_j)/sd(y).
	r := rand.New(rand.NewPCG(1, 2))
	const n = 400
	x := make([][]float64, n)
	y := make([]float64, n)
	for i := range n {
		x[i] = []float64{r.Float64(), r.Float64(), r.Float64()}
		y[i] = 3*x[i][0] - x[i][1] + 0.01*r.NormFloat64()
	}
	c, err := SRC(x, y)
	require.NoError(t, err)
	sdY := stat.StdDev(y, nil)
	col := func(j int) []float64 {
		out := make([]float64, n)
		for i := range n {
			out[i] = x[i][j]
		}
		return out
	}
	assert.InDelta(t, 3*stat.StdDev(col(0), nil)/sdY, c.SRC[0], 0.01)
	assert.InDelta(t, -1*stat.StdDev(col(1), nil)/sdY, c.SRC[1], 0.01)
	assert.InDelta(t, 0, c.SRC[2], 3*c.SE[2]+1e-3)
	assert.Greater(t, c.R2, 0.999)
	assert.Greater(t, c.RankR2, 0.9)
	assert.Greater(t, c.SRRC[0], 0.8)
	assert.Less(t, c.SRRC[1], -0.2)

	// Pure noise: R² small, coefficients within a few standard errors of 0.
	for i := range n {
		y[i] = r.NormFloat64()
	}
	c, err = SRC(x, y)
	require.NoError(t, err)
	assert.Less(t, c.R2, 0.05)
	for j := range 3 {
		assert.Less(t, math.Abs(c.SRC[j]), 4*c.SE[j])
	}
}

func TestSRCEdgeCases(t *testing.T) {
	_, err := SRC([][]float64{{1, 2}, {2, 3}}, []float64{1, 2})
	assert.Error(t, err, "too few points")
	_, err = SRC([][]float64{{1}}, []float64{1, 2})
	assert.Error(t, err, "rows and values differ")
	// A constant column gets 0; a constant output gives all zeros.
	x := [][]float64{{1, 5}, {2, 5}, {3, 5}, {4, 5}, {5, 5}}
	c, err := SRC(x, []float64{2, 4, 6, 8, 10})
	require.NoError(t, err)
	assert.InDelta(t, 1, c.SRC[0], 1e-9)
	assert.Equal(t, 0.0, c.SRC[1])
	c, err = SRC(x, []float64{1, 1, 1, 1, 1})
	require.NoError(t, err)
	assert.Equal(t, []float64{0, 0}, c.SRC)
}

func TestRanks(t *testing.T) {
	assert.Equal(t, []float64{2, 1, 3.5, 3.5, 5}, ranks([]float64{0.5, 0.1, 0.7, 0.7, 2}))
	xs := []float64{3, 1, 2}
	r := ranks(xs)
	assert.True(t, sort.Float64sAreSorted([]float64{r[1], r[2], r[0]}))
}

func TestRunAllOrderAndErrors(t *testing.T) {
	out := make([]int, 50)
	err := runAll(context.Background(), 50, 4, nil, func(_ context.Context, t int) error {
		out[t] = t * t
		return nil
	})
	require.NoError(t, err)
	for i, v := range out {
		assert.Equal(t, i*i, v)
	}
	boom := errors.New("boom")
	err = runAll(context.Background(), 10, 1, nil, func(_ context.Context, t int) error {
		if t >= 3 {
			return boom
		}
		return nil
	})
	assert.ErrorIs(t, err, boom)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err = runAll(ctx, 10, 2, nil, func(context.Context, int) error { return nil })
	assert.ErrorIs(t, err, context.Canceled)
}
