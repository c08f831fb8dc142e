package plots_test

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/caremarket/caremarket/calibrate"
	"github.com/caremarket/caremarket/market"
	"github.com/caremarket/caremarket/plots"
)

// TestHindcast draws the hindcast of synthetic runs from April 2019: six
// panels in two rows, the legend without a "fitted" entry, a PNG of the
// figure's size, and errors without runs.
func TestHindcast(t *testing.T) {
	var rs []*market.Results
	for run := range 3 {
		r := synthRun("history", 1, run, 5)
		r.StartYear = 2019
		rs = append(rs, r)
	}
	f, err := plots.Hindcast(rs)
	require.NoError(t, err)
	assert.Contains(t, f.Title, "April 2019")
	assert.Contains(t, f.Title, "2019/20 to 2023/24")
	assert.Contains(t, f.Note, "3 runs")
	require.Len(t, f.Panels, 2)
	assert.Len(t, f.Panels[0], 3)
	var texts []string
	for _, e := range f.Legend {
		texts = append(texts, e.Text)
	}
	assert.Equal(t, []string{"model: median of the runs", "model: 5–95% of the runs", "published"}, texts)
	titles := map[string]bool{}
	for _, row := range f.Panels {
		for _, p := range row {
			titles[p.Title.Text] = true
		}
	}
	for _, h := range calibrate.Hindcast() {
		assert.True(t, titles[h.Title], "panel %q", h.Title)
	}
	dir := t.TempDir()
	path, err := plots.WriteHindcast(dir, rs)
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(dir, plots.HindcastFile), path)
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	img, err := png.Decode(bytes.NewReader(b))
	require.NoError(t, err)
	assert.Greater(t, img.Bounds().Dx(), img.Bounds().Dy())

	_, err = plots.Hindcast(nil)
	require.Error(t, err)
}
