package report

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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
	assert.True(t, strings.HasPrefix(string(b), "overrides:"))
	v := parseFit(b)
	assert.Empty(t, v.Error)
	assert.NotEqual(t, "not recorded", v.Method, "the embedded calibration names its method")
}
