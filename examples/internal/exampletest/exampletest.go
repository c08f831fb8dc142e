// Package exampletest holds the checks the example programs' tests share.
package exampletest

import (
	"bytes"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/caremarket/caremarket/examples/internal/example"
)

// CheckOutputs checks that the printed text holds each of want and that
// the program wrote n files, each a PNG image.
func CheckOutputs(t *testing.T, text string, want []string, files []string, n int) {
	t.Helper()
	for _, s := range want {
		assert.Contains(t, text, s)
	}
	require.Len(t, files, n)
	for _, f := range files {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		assert.True(t, bytes.HasPrefix(b, []byte("\x89PNG")), f)
	}
}

// Small sets o for a test run: the market of regions for years financial
// years, runs paired runs, the policies from the first week, the figures
// in a temporary directory and no progress. It returns the buffer the
// tables are printed to.
func Small(t *testing.T, o *example.Options, years, runs int, regions ...string) *bytes.Buffer {
	t.Helper()
	o.Regions, o.Years, o.Runs, o.StartWeek = regions, years, runs, 0
	o.Out = t.TempDir()
	out := new(bytes.Buffer)
	o.Stdout, o.Progress = out, nil
	return out
}

// Runs returns n, or 1 under -short.
func Runs(n int) int {
	if testing.Short() {
		return 1
	}
	return n
}
