package main

import (
	"bytes"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/caremarket/caremarket/internal/testkit"
)

// TestSameBytesAnyProcsWorkersOrShards is the determinism suite: one
// scenario and seed, run as separate processes with GOMAXPROCS 1, 2 and 8
// and with 1, 2, 7 workers (and the default, GOMAXPROCS, which the
// progress line confirms), and as 3 shards in processes of different
// GOMAXPROCS and workers merged afterwards, writes the same bytes in every
// output file; so does a comparison run with GOMAXPROCS 1 and 1 worker and
// with GOMAXPROCS 8 and 7 workers, its figures included.
func TestSameBytesAnyProcsWorkersOrShards(t *testing.T) {
	testkit.SkipShort(t, "starts 17 processes; skipped with -short")
	dir := t.TempDir()
	ne := neFile(t, dir)
	common := []string{"-runs", "7", "-years", "2", "-weekly-runs", "5", "-tidy-runs", "3"}
	type job struct {
		name  string
		procs int
		args  []string
		cmd   *exec.Cmd
		out   bytes.Buffer
	}
	var jobs []*job
	add := func(name string, procs int, args ...string) {
		j := &job{name: name, procs: procs, args: args}
		j.cmd = process(t, args...)
		j.cmd.Env = append(j.cmd.Env, fmt.Sprintf("GOMAXPROCS=%d", procs))
		j.cmd.Stdout, j.cmd.Stderr = &j.out, &j.out
		jobs = append(jobs, j)
	}
	for _, p := range []int{1, 2, 8} {
		for _, w := range []int{1, 2, 7} {
			name := fmt.Sprintf("p%d-w%d", p, w)
			add(name, p, append(append([]string{"run", "-quiet", "-workers", fmt.Sprint(w), "-out", filepath.Join(dir, name)}, common...), ne)...)
		}
		name := fmt.Sprintf("p%d-default", p)
		add(name, p, append(append([]string{"run", "-out", filepath.Join(dir, name)}, common...), ne)...)
	}
	shards := filepath.Join(dir, "shards")
	for k, pw := range [][2]int{{1, 7}, {8, 1}, {2, 2}} {
		add(fmt.Sprintf("shard%d", k+1), pw[0], append(append([]string{"run", "-quiet", "-workers", fmt.Sprint(pw[1]), "-shard", fmt.Sprintf("%d/3", k+1),
			"-out", filepath.Join(shards, fmt.Sprint(k+1))}, common...), ne)...)
	}
	add("compare-p1-w1", 1, "compare", "-quiet", "-runs", "4", "-workers", "1", "-out", filepath.Join(dir, "compare-p1-w1"), ne, ne)
	add("compare-p8-w7", 8, "compare", "-quiet", "-runs", "4", "-workers", "7", "-out", filepath.Join(dir, "compare-p8-w7"), ne, ne)
	// Two at a time: the machine may have few cores.
	for i := 0; i < len(jobs); i += 2 {
		batch := jobs[i:min(i+2, len(jobs))]
		for _, j := range batch {
			require.NoError(t, j.cmd.Start(), j.name)
		}
		for _, j := range batch {
			require.NoError(t, j.cmd.Wait(), "%s: %s", j.name, j.out.String())
		}
	}
	for _, j := range jobs {
		if strings.HasSuffix(j.name, "-default") {
			assert.Contains(t, j.out.String(), "ne: 7 runs on "+plural(j.procs, "worker"), "%s: GOMAXPROCS not in force", j.name)
		}
	}
	merged := filepath.Join(dir, "merged")
	code, _, stderr := cli(t, "merge", "-quiet", "-out", merged, filepath.Join(shards, "1"), filepath.Join(shards, "2"), filepath.Join(shards, "3"))
	require.Equal(t, exitOK, code, stderr)

	ref := dirTree(t, filepath.Join(dir, "p1-w1"))
	require.Contains(t, ref, filepath.Join("ne", "series_tidy.csv"))
	outputs := []string{"merged"}
	for _, j := range jobs {
		if strings.HasPrefix(j.name, "p") && j.name != "p1-w1" {
			outputs = append(outputs, j.name)
		}
	}
	for _, o := range outputs {
		assert.Equal(t, ref, dirTree(t, filepath.Join(dir, o)), "%s differs from GOMAXPROCS 1, 1 worker", o)
	}
	cmp := dirTree(t, filepath.Join(dir, "compare-p1-w1"))
	require.Contains(t, cmp, filepath.Join("compare", "plots", "dashboard.png"))
	assert.Equal(t, cmp, dirTree(t, filepath.Join(dir, "compare-p8-w7")), "the comparison differs between GOMAXPROCS 1, 1 worker and GOMAXPROCS 8, 7 workers")
	t.Logf("%d output trees of %d files each compared", len(outputs)+1, len(ref))
}
