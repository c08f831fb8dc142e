package plots_test

import (
	"bytes"
	"image/png"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/caremarket/caremarket/plots"
	"github.com/caremarket/caremarket/scenarios"
)

func fitPanel(title, unit string, vals ...float64) plots.FitPanel {
	p := plots.FitPanel{Title: title, Unit: unit}
	for i, v := range vals {
		p.X = append(p.X, 2023.5+float64(i))
		p.Bands = append(p.Bands, scenarios.Band{Mean: v, P5: 0.95 * v, P50: v, P95: 1.05 * v})
	}
	return p
}

func TestFitFigure(t *testing.T) {
	panels := []plots.FitPanel{
		fitPanel("Children looked after", "children", 84000, 83900),
		fitPanel("Spend", "£", 5.9e9, 6.1e9),
		fitPanel("Share in homes", "share", 0.128),
		fitPanel("Mean price", "£/week", 5850, math.NaN()),
	}
	panels[0].Fitted = []plots.Observation{{Year: 2023, Value: 83760}}
	panels[0].Validation = []plots.Observation{{Year: 2023, Value: 83630, AtEnd: true}}
	f, err := plots.FitFigure("Fit", "note", panels, 3)
	require.NoError(t, err)
	require.Len(t, f.Panels, 2, "4 panels, 3 to a row")
	assert.Len(t, f.Panels[0], 3)
	assert.Len(t, f.Panels[1], 1)
	assert.Equal(t, "Children looked after", f.Panels[0][0].Title.Text)
	decodesAsPNG(t, f)

	_, err = plots.FitFigure("Fit", "", nil, 3)
	assert.Error(t, err)
	_, err = plots.FitFigure("Fit", "", panels, 0)
	assert.ErrorContains(t, err, "cols = 0")
	bad := fitPanel("Bad", "children", 1, 2)
	bad.X = bad.X[:1]
	_, err = plots.FitFigure("Fit", "", []plots.FitPanel{bad}, 1)
	assert.ErrorContains(t, err, `"Bad"`)
}

func TestTornado(t *testing.T) {
	es := []plots.Effect{
		{Label: "small", Value: 0.05, Lo: 0, Hi: 0.1},
		{Label: "big negative", Value: -0.7, Lo: -0.8, Hi: -0.6},
		{Label: "medium", Value: 0.3, Lo: 0.3, Hi: 0.3},
		{Label: "dropped", Value: 0.01, Lo: 0, Hi: 0.02},
	}
	p, err := plots.Tornado("Cost", "SRC", es, 3)
	require.NoError(t, err)
	// Largest absolute effect at the top: nominal ticks 0..n−1 from the
	// bottom, so the labels read bottom-up.
	ticks := p.Y.Tick.Marker.Ticks(p.Y.Min, p.Y.Max)
	var labels []string
	for _, tk := range ticks {
		if tk.Label != "" {
			labels = append(labels, tk.Label)
		}
	}
	assert.Equal(t, []string{"small", "medium", "big negative"}, labels)
	assert.LessOrEqual(t, p.X.Min, -0.8)
	assert.GreaterOrEqual(t, p.X.Max, 0.3)
	f, err := plots.TornadoFigure("Drivers", "note", p, p)
	require.NoError(t, err)
	decodesAsPNG(t, f)

	_, err = plots.Tornado("x", "y", nil, 0)
	assert.Error(t, err)
	_, err = plots.Tornado("x", "y", []plots.Effect{{Label: "nan", Value: math.NaN()}}, 0)
	assert.ErrorContains(t, err, `"nan"`)
	_, err = plots.TornadoFigure("x", "y")
	assert.Error(t, err)
}

// decodesAsPNG checks that d renders to a PNG image that decodes.
func decodesAsPNG(t *testing.T, d plots.Drawer) {
	t.Helper()
	b, err := plots.PNG(d)
	require.NoError(t, err)
	_, err = png.Decode(bytes.NewReader(b))
	require.NoError(t, err)
}
