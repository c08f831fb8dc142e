package results

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/caremarket/caremarket/market"
)

func TestBandOf(t *testing.T) {
	b := BandOf([]float64{3, 1, 2})
	assert.Equal(t, 2.0, b.Mean)
	assert.Equal(t, 1.0, b.P5)
	assert.Equal(t, 2.0, b.P50)
	assert.Equal(t, 3.0, b.P95)
	assert.True(t, math.IsNaN(BandOf(nil).P50))
	one := DiffBandOfWork([]float64{4}, make([]float64, 1))
	assert.Equal(t, DiffBand{Band: Band{Mean: 4, P5: 4, P50: 4, P95: 4}, MeanLo: 4, MeanHi: 4}, one)
	d := DiffBandOfWork([]float64{1, 2, 3}, make([]float64, 3))
	assert.Less(t, d.MeanLo, d.Mean)
	assert.Greater(t, d.MeanHi, d.Mean)
}

func TestTotalUnit(t *testing.T) {
	assert.Equal(t, "£", TotalUnit(market.SpendGBP))
	assert.Equal(t, "children-weeks", TotalUnit(market.Waiting))
	assert.Equal(t, "£", TotalUnit(market.PriceHomeMean))
}
