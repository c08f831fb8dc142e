// Package testkit holds helpers that the tests of several packages share.
// Only tests import it.
package testkit

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/stretchr/testify/require"
)

// Tree returns every path under dir: directories with a trailing slash and
// an empty value, files with file(their content).
func Tree(t *testing.T, dir string, file func(content []byte) string) map[string]string {
	t.Helper()
	out := map[string]string{}
	require.NoError(t, filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if d.IsDir() {
			out[rel+"/"] = ""
			return nil
		}
		b, err := os.ReadFile(p)
		out[rel] = file(b)
		return err
	}))
	return out
}

// Allocated returns the bytes allocated while f runs: the least of five
// runs of f, since TotalAlloc counts the whole process and a goroutine left
// by an earlier test (or the runtime) may allocate during one of them (a
// refusal measured 6 KB against its usual 1 KB under load). f must do the
// same work each time. Call it from tests that are not parallel.
func Allocated(f func()) uint64 {
	least := ^uint64(0)
	for range 5 {
		var m0, m1 runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&m0)
		f()
		runtime.ReadMemStats(&m1)
		least = min(least, m1.TotalAlloc-m0.TotalAlloc)
	}
	return least
}

// SkipShort skips the calling test under -short, giving why (what makes
// it long) as the reason.
func SkipShort(t *testing.T, why string) {
	t.Helper()
	if testing.Short() {
		t.Skip(why)
	}
}
