package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRun runs the sweep at a small size (the North East market, 2 years,
// two rates, caps from the first week) so that the example keeps working.
func TestRun(t *testing.T) {
	o := defaultOptions()
	o.Region, o.Years, o.Runs, o.StartWeek = "North East", 2, 2, 0
	o.Rates = []float64{0.05, 0.20}
	o.Out = t.TempDir()
	var out bytes.Buffer
	o.Stdout, o.Progress = &out, nil
	res, err := run(context.Background(), o)
	require.NoError(t, err)

	require.Len(t, res.Points, 4)
	for i, want := range []struct {
		mode string
		rate float64
	}{{"PriceCeiling", 0.05}, {"PriceCeiling", 0.20}, {"Clawback", 0.05}, {"Clawback", 0.20}} {
		assert.Equal(t, want.mode, res.Points[i].Mode)
		assert.Equal(t, want.rate, res.Points[i].Rate)
		p := res.Points[i]
		for _, d := range []float64{p.Cost.Mean, p.Shortage.Mean, p.Places.Mean} {
			assert.False(t, d != d, "NaN effect") // every effect is a number
		}
		assert.LessOrEqual(t, p.Cost.MeanLo, p.Cost.MeanHi)
	}
	// Clawing back profit above a 5% margin (providers earn about 20%)
	// returns money to councils at the first April.
	assert.Less(t, res.Points[2].Cost.Mean, 0.0, "a 5%% clawback lowers the net public cost")

	table := out.String()
	for _, s := range []string{"PriceCeiling", "Clawback", "5%", "20%", "net public cost (£m)", "shortage (child-weeks)", "wrote"} {
		assert.Contains(t, table, s)
	}
	require.Len(t, res.Files, 2)
	png, err := os.ReadFile(filepath.Join(o.Out, "profitcap.png"))
	require.NoError(t, err)
	assert.True(t, bytes.HasPrefix(png, []byte("\x89PNG\r\n\x1a\n")), "a PNG file")
	assert.Greater(t, len(png), 20_000, "the figure has content")
	csv, err := os.ReadFile(filepath.Join(o.Out, "comparison.csv"))
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(csv), "scenario,baseline,metric,"))
	assert.Contains(t, string(csv), "clawback-5pct,baseline,net_public_cost_gbp")
}

func TestParsePercents(t *testing.T) {
	got, err := parsePercents("0, 5,12.5")
	require.NoError(t, err)
	assert.Equal(t, []float64{0, 0.05, 0.125}, got)
	_, err = parsePercents("5,ten")
	assert.ErrorContains(t, err, `"ten"`)
}

func TestErrors(t *testing.T) {
	o := defaultOptions()
	o.Stdout, o.Progress = &bytes.Buffer{}, nil
	o.Region = "Atlantis"
	_, err := run(context.Background(), o)
	assert.ErrorContains(t, err, "Atlantis")
	o = defaultOptions()
	o.Stdout, o.Progress = &bytes.Buffer{}, nil
	o.Region, o.Years, o.StartWeek = "North East", 1, 52 // starts after the horizon
	_, err = run(context.Background(), o)
	assert.ErrorContains(t, err, "start_week")
	o.Rates = nil
	_, err = run(context.Background(), o)
	assert.Error(t, err)
}
