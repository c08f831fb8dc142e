package scenarios_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/caremarket/caremarket/scenarios"
)

// TestExportRefusesForeignDirectories checks issue 15 item 2: an export
// replaces OUT/NAME only when caremarket wrote it (its manifest and the
// files listed there); a directory of someone else's files, or a
// caremarket output with a file added, is refused and left intact.
func TestExportRefusesForeignDirectories(t *testing.T) {
	t.Parallel()
	a, err := scenarios.Collect(context.Background(), neScenario(t, 1), scenarios.EnsembleOptions{Runs: 1})
	require.NoError(t, err)
	for _, c := range []struct {
		name  string
		setup func(t *testing.T, dir string) // dir is OUT/ne; it writes dir/thesis.txt
	}{
		{"no manifest", func(t *testing.T, dir string) {
			require.NoError(t, os.MkdirAll(dir, 0o755))
			require.NoError(t, os.WriteFile(filepath.Join(dir, "thesis.txt"), []byte("years of work"), 0o644))
		}},
		{"a file added to an output", func(t *testing.T, dir string) {
			_, err := a.Export(filepath.Dir(dir), scenarios.ExportOptions{})
			require.NoError(t, err)
			require.NoError(t, os.WriteFile(filepath.Join(dir, "thesis.txt"), []byte("years of work"), 0o644))
		}},
		{"shards", func(t *testing.T, dir string) {
			require.NoError(t, os.MkdirAll(dir, 0o755))
			require.NoError(t, os.WriteFile(filepath.Join(dir, "shard-1-of-2.gob.gz"), []byte("a shard"), 0o644))
			require.NoError(t, os.WriteFile(filepath.Join(dir, "thesis.txt"), []byte("years of work"), 0o644))
		}},
		{"a symbolic link", func(t *testing.T, dir string) {
			target := filepath.Join(filepath.Dir(filepath.Dir(dir)), "elsewhere")
			require.NoError(t, os.MkdirAll(target, 0o755))
			require.NoError(t, os.WriteFile(filepath.Join(target, "thesis.txt"), []byte("years of work"), 0o644))
			require.NoError(t, os.MkdirAll(filepath.Dir(dir), 0o755))
			require.NoError(t, os.Symlink(target, dir))
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			dir := filepath.Join(out, "ne")
			c.setup(t, dir)
			_, err := a.Export(out, scenarios.ExportOptions{})
			var fe *scenarios.ForeignDirError
			require.ErrorAs(t, err, &fe)
			b, err := os.ReadFile(filepath.Join(dir, "thesis.txt"))
			require.NoError(t, err)
			assert.Equal(t, "years of work", string(b))
			ents, err := os.ReadDir(out)
			require.NoError(t, err)
			assert.Len(t, ents, 1, "no temporary directory is left")
		})
	}
	// An empty directory and caremarket's own output are replaced.
	out := t.TempDir()
	require.NoError(t, os.Mkdir(filepath.Join(out, "ne"), 0o755))
	for range 2 {
		_, err := a.Export(out, scenarios.ExportOptions{})
		require.NoError(t, err)
	}
}

// TestExportCleansStaleTemporaryDirectories checks issue 15 item 5: the
// temporary directories of an export killed midway (.NAME.tmp-… holding
// caremarket's marker) are removed by the next export of NAME when their
// process is gone or they are a day old; those of a live process, and
// directories without the marker, are kept.
func TestExportCleansStaleTemporaryDirectories(t *testing.T) {
	t.Parallel()
	a, err := scenarios.Collect(context.Background(), neScenario(t, 1), scenarios.EnsembleOptions{Runs: 1})
	require.NoError(t, err)
	out := t.TempDir()
	host, _ := os.Hostname()
	tmpDir := func(name string, pid int, age time.Duration) string {
		d := filepath.Join(out, name)
		require.NoError(t, os.MkdirAll(d, 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(d, scenarios.SummaryFile), []byte("partial"), 0o644))
		if pid != 0 {
			m := filepath.Join(d, ".caremarket-partial")
			require.NoError(t, os.WriteFile(m, fmt.Appendf(nil, "caremarket temporary output\npid %d\nhost %s\nstarted x\n", pid, host), 0o644))
			old := time.Now().Add(-age)
			require.NoError(t, os.Chtimes(m, old, old))
		}
		return d
	}
	const deadPID = 1 << 30 // above any pid_max: no such process
	dead := tmpDir(".ne.tmp-1073741824-111", deadPID, 0)
	aged := tmpDir(".ne.tmp-1-222", os.Getpid(), 25*time.Hour)
	live := tmpDir(".ne.tmp-1-333", os.Getpid(), 0)
	unmarked := tmpDir(".ne.tmp-444", 0, 0)
	other := tmpDir(".other.tmp-1-555", deadPID, 0)
	// An earlier output moved aside an hour and more ago, by a process
	// killed before it put the new one in place: it comes back.
	first, err := a.Export(out, scenarios.ExportOptions{})
	require.NoError(t, err)
	moved := filepath.Join(out, fmt.Sprintf(".ne.old-%d", time.Now().Add(-2*time.Hour).UnixNano()))
	require.NoError(t, os.Rename(first, moved))

	_, err = a.Export(out, scenarios.ExportOptions{})
	require.NoError(t, err)
	assert.NoDirExists(t, dead)
	assert.NoDirExists(t, aged)
	assert.NoDirExists(t, moved)
	for _, d := range []string{live, unmarked, other} {
		assert.DirExists(t, d)
	}
	ents, err := os.ReadDir(filepath.Join(out, "ne"))
	require.NoError(t, err)
	for _, e := range ents {
		assert.NotEqual(t, ".caremarket-partial", e.Name(), "the marker does not stay in the output")
	}
}
