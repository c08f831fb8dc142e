package explorer

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

// smallEntries returns n cache entries of distinct scenario files, all
// holding one small ensemble (one run of a year of the North East).
func smallEntries(t *testing.T, n int) []*Entry {
	t.Helper()
	cfg, err := scenarios.RegionalBaseline("North East")
	require.NoError(t, err)
	agg, err := scenarios.Collect(context.Background(), &scenarios.Scenario{Name: "ne", Seed: 1, Years: 1, Config: cfg}, scenarios.EnsembleOptions{Runs: 1, WeeklyRuns: 1})
	require.NoError(t, err)
	var out []*Entry
	for i := range n {
		y := []byte(fmt.Sprintf("name: s%d\nyears: 1\n", i))
		sc, err := scenarios.Parse("s.yaml", y)
		require.NoError(t, err)
		out = append(out, &Entry{Key: Key(y), YAML: y, Scenario: sc, Agg: agg})
	}
	return out
}

// TestCacheEviction checks that memory keeps the most recently used
// entries, that the disk keeps what memory evicted within its bound, and
// that the disk evicts its least recently used files first.
func TestCacheEviction(t *testing.T) {
	es := smallEntries(t, 3)
	dir := t.TempDir()
	c := newCache(2, dir, 1<<30)
	for _, e := range es {
		c.put(e, true)
		time.Sleep(20 * time.Millisecond) // distinct modification times
	}
	c.mu.Lock()
	_, inMemory := c.byKey[es[0].Key]
	c.mu.Unlock()
	assert.False(t, inMemory, "the least recently used entry left memory")
	got := c.get(es[0].Key)
	require.NotNil(t, got, "and is read back from disk")
	assert.Equal(t, es[0].YAML, got.YAML)
	assert.True(t, got.Agg.Complete())

	info, err := os.Stat(filepath.Join(dir, es[1].Key+".shard"))
	require.NoError(t, err)
	small := newCache(1, dir, info.Size()*2) // room for two shards
	time.Sleep(20 * time.Millisecond)
	small.get(es[1].Key) // marks es[1] used: es[2] is now the least recent
	small.evictDisk()
	for i, want := range []bool{true, true, false} {
		assert.Equal(t, want, small.has(es[i].Key), "entry %d on disk", i)
	}

	require.NoError(t, os.WriteFile(filepath.Join(dir, es[0].Key+".shard"), []byte("broken"), 0o600))
	fresh := newCache(1, dir, 1<<30)
	assert.Nil(t, fresh.get(es[0].Key), "a damaged file is not used")
	assert.False(t, fresh.has(es[0].Key), "and is removed")
}

// TestCacheFlight checks that concurrent requests for one key run it once.
func TestCacheFlight(t *testing.T) {
	e := smallEntries(t, 1)[0]
	c := newCache(4, "", 0)
	runs := make(chan struct{}, 10)
	release := make(chan struct{})
	run := func(context.Context) (*Entry, error) {
		runs <- struct{}{}
		<-release
		return e, nil
	}
	done := make(chan *Entry, 3)
	for range 3 {
		go func() {
			got, err := c.getOrRun(context.Background(), e.Key, run)
			assert.NoError(t, err)
			done <- got
		}()
	}
	time.Sleep(100 * time.Millisecond)
	close(release)
	for range 3 {
		assert.Same(t, e, <-done)
	}
	assert.Len(t, runs, 1, "the key ran once")
}
