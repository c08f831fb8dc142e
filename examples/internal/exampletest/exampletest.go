// Package exampletest holds the checks the example programs' tests share.
package exampletest

import (
	"bytes"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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
