package report

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/caremarket/caremarket/scenarios"
)

func TestSanitizeSVG(t *testing.T) {
	const head = `<?xml version="1.0"?>
<!-- comment -->
<svg width="720pt" height="405pt" viewBox="0 0 720 405" xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">`
	got, err := sanitizeSVG([]byte(head+`<g transform="scale(1, -1)"><text x="1" y="2" style="fill:#000">a &lt;b&gt; &amp; c</text><path d="M0,0L1,1" /></g></svg>`), `t"<x>`)
	require.NoError(t, err)
	s := string(got)
	assert.True(t, strings.HasPrefix(s, `<svg class="figure" role="img" aria-label="t&#34;&lt;x&gt;" viewBox="0 0 720 405"><title>t&#34;&lt;x&gt;</title>`), s)
	assert.Contains(t, s, `<text x="1" y="2" style="fill:#000">a &lt;b&gt; &amp; c</text>`)
	assert.Contains(t, s, `<path d="M0,0L1,1"></path>`)
	assert.NotContains(t, s, "xmlns")
	assert.NotContains(t, s, "720pt")
	assert.NotContains(t, s, "comment")

	for _, c := range []struct{ name, body, want string }{
		{"script", `<script>alert(1)</script>`, "element <script>"},
		{"foreign object", `<foreignObject><div/></foreignObject>`, "element <foreignObject>"},
		{"event handler", `<g onload="alert(1)"></g>`, `attribute "onload"`},
		{"external image", `<image xlink:href="http://example.com/x.png"/>`, "only embedded images"},
		{"javascript href", `<image href="javascript:alert(1)"/>`, "only embedded images"},
		{"url in style", `<path style="fill:url(http://x)" d="M0,0"/>`, "holds"},
		{"second root", `</svg><svg>`, "root element"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := sanitizeSVG([]byte(head+c.body+`</svg>`), "")
			require.Error(t, err)
			assert.Contains(t, err.Error(), c.want)
		})
	}
	_, err = sanitizeSVG([]byte(head+`<g>`), "")
	assert.Error(t, err, "truncated")
	_, err = sanitizeSVG([]byte(`<html></html>`), "")
	assert.Error(t, err)
	got, err = sanitizeSVG([]byte(head+`<image href="data:image/png;base64,AAAA"/></svg>`), "")
	require.NoError(t, err)
	assert.Contains(t, string(got), `href="data:image/png;base64,AAAA"`)
}

func TestClassify(t *testing.T) {
	for _, c := range []struct {
		name          string
		dir           direction
		lo, hi        float64
		runs          int
		class, marker string
	}{
		{"lower is better, below zero", lowerBetter, -3, -1, 20, "better", "✓ better"},
		{"lower is better, above zero", lowerBetter, 1, 3, 20, "worse", "✗ worse"},
		{"includes zero", lowerBetter, -1, 1, 20, "", ""},
		{"touches zero", lowerBetter, 0, 1, 20, "", ""},
		{"neutral up", neutral, 0.1, 0.2, 20, "changed", "▲ higher"},
		{"neutral down", neutral, -0.2, -0.1, 20, "changed", "▼ lower"},
		{"one run", lowerBetter, -3, -3, 1, "", ""},
		{"not finite", lowerBetter, -3, nan(), 20, "", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			class, marker := classify(c.dir, c.lo, c.hi, c.runs)
			assert.Equal(t, c.class, class)
			assert.Equal(t, c.marker, marker)
		})
	}
}

func nan() float64 { var z float64; return z / z }

func TestStartText(t *testing.T) {
	assert.Equal(t, "From the start, April 2023 (2023/24)", startText(2023, 0))
	assert.Equal(t, "From April 2024 (2024/25)", startText(2023, 52))
	assert.Equal(t, "From April 2025 (2025/26)", startText(2023, 104))
	assert.Equal(t, "From week 60, about 25 May 2024", startText(2023, 60))
}

func TestEmbeddedCalibration(t *testing.T) {
	b, err := embeddedCalibration()
	require.NoError(t, err)
	assert.Contains(t, string(b), "\noverrides:")
	v := parseFit(b)
	assert.Empty(t, v.Error)
	assert.NotEqual(t, "not recorded", v.Method, "the embedded calibration names its method")
}

func TestDiffTexts(t *testing.T) {
	cols := columns(10, "2032/33")
	var margin, money column
	for _, c := range cols {
		switch c.Title {
		case "For-profit operating margin":
			margin = c
		case "Spend on placements":
			money = c
		}
	}
	band := func(mean, lo, hi float64) scenarios.DiffBand {
		return scenarios.DiffBand{Band: scenarios.Band{Mean: mean}, MeanLo: lo, MeanHi: hi}
	}
	for _, c := range []struct {
		name         string
		col          column
		d            scenarios.DiffBand
		interval     bool
		mean, lo, hi string
	}{
		{"precision follows the half-width", margin, band(-0.000083, -0.0007, 0.0005), true, "−0.01 pp", "−0.07 pp", "+0.05 pp"},
		{"tiny but clear", margin, band(0.00000021, 0.0000002, 0.00000023), true, "+0.000021 pp", "+0.000020 pp", "+0.000023 pp"},
		{"one decimal at least", margin, band(-0.0105, -0.02, -0.001), true, "−1.1 pp", "−2.0 pp", "−0.1 pp"},
		{"near end keeps a digit", margin, band(0.0005, 0.000004, 0.001), true, "+0.0500 pp", "+0.0004 pp", "+0.1000 pp"},
		{"no interval", margin, band(0.00012, nan(), nan()), false, "+0.012 pp", "n/a", "n/a"},
		{"rounds to zero without a sign", margin, band(0.000001, -0.01, 0.01), true, "0.0 pp", "−1.0 pp", "+1.0 pp"},
		{"money as the figures", money, band(-184e6, -187e6, -181e6), true, "−£184m", "−£187m", "−£181m"},
	} {
		t.Run(c.name, func(t *testing.T) {
			mean, lo, hi := c.col.diffTexts(c.d, c.interval)
			assert.Equal(t, []string{c.mean, c.lo, c.hi}, []string{mean, lo, hi})
		})
	}
}
