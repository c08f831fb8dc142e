package jsonsafe

import (
	"math"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMarshal(t *testing.T) {
	v := struct {
		A  float64   `json:"a"`
		B  []float64 `json:"b"`
		C  string    `json:"c,omitempty"`
		D  int       `json:"-"`
		E  *int      `json:"e"`
		F  float32
		no int
	}{A: math.NaN(), B: []float64{1.5, math.Inf(1), 5.4e9}, F: 0.25}
	b, err := Marshal(v)
	require.NoError(t, err)
	assert.Equal(t, "{\n  \"a\": null,\n  \"b\": [\n    1.5,\n    null,\n    5.4e+09\n  ],\n  \"e\": null,\n  \"F\": 0.25\n}\n", string(b))
}

func TestAppendNumber(t *testing.T) {
	fixed := func(dst []byte, v float64) []byte { return strconv.AppendFloat(dst, v, 'f', -1, 64) }
	assert.Equal(t, "null", string(AppendNumber(nil, math.NaN(), fixed)))
	assert.Equal(t, "null", string(AppendNumber(nil, math.Inf(-1), Shortest)))
	assert.Equal(t, "5400000000", string(AppendNumber(nil, 5.4e9, fixed)))
	assert.Equal(t, "x5.4e+09", string(AppendNumber([]byte("x"), 5.4e9, Shortest)))
}
