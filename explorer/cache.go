package explorer

import (
	"bytes"
	"container/list"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/caremarket/caremarket/results"
	"github.com/caremarket/caremarket/scenarios"
)

// Entry is one cached ensemble: a scenario file and the aggregate of its
// runs.
type Entry struct {
	Key      string
	YAML     []byte
	Scenario *scenarios.Scenario
	Agg      *scenarios.Aggregate
}

// Key returns the cache key of a scenario file run by this version of
// caremarket: the sha256 of the version and the file's text. The file
// holds the seed, runs and years, so one key is one ensemble.
func Key(yamlText []byte) string {
	v, g := scenarios.BuildVersion()
	h := sha256.New()
	h.Write([]byte(v + "\x00" + g + "\x00"))
	h.Write(yamlText)
	return hex.EncodeToString(h.Sum(nil))[:32]
}

// cache holds ensembles by key: the most recently used in memory (at most
// maxEntries) and on disk (at most maxDisk bytes, when dir is set), each
// evicting the least recently used. Concurrent requests for one key run
// it once (flights).
type cache struct {
	mu         sync.Mutex
	maxEntries int
	order      *list.List // of *Entry, most recent first
	byKey      map[string]*list.Element
	flights    map[string]*flight
	dir        string
	maxDisk    int64
}

// flight is a computation of one key in progress.
type flight struct {
	done chan struct{}
	e    *Entry
	err  error
}

func newCache(maxEntries int, dir string, maxDisk int64) *cache {
	return &cache{maxEntries: max(maxEntries, 1), order: list.New(), byKey: map[string]*list.Element{},
		flights: map[string]*flight{}, dir: dir, maxDisk: maxDisk}
}

// get returns the entry of key from memory or disk, or nil.
func (c *cache) get(key string) *Entry {
	c.mu.Lock()
	if el, ok := c.byKey[key]; ok {
		c.order.MoveToFront(el)
		c.mu.Unlock()
		return el.Value.(*Entry)
	}
	c.mu.Unlock()
	e := c.load(key)
	if e != nil {
		c.put(e, false)
	}
	return e
}

// has reports whether key is in memory or on disk, without loading it.
func (c *cache) has(key string) bool {
	c.mu.Lock()
	_, ok := c.byKey[key]
	c.mu.Unlock()
	if ok || c.dir == "" {
		return ok
	}
	_, err := os.Stat(filepath.Join(c.dir, key+".shard"))
	return err == nil
}

// put stores e in memory (evicting the least recently used) and, when
// save is set, on disk.
func (c *cache) put(e *Entry, save bool) {
	c.mu.Lock()
	if el, ok := c.byKey[e.Key]; ok {
		c.order.MoveToFront(el)
	} else {
		c.byKey[e.Key] = c.order.PushFront(e)
	}
	for c.order.Len() > c.maxEntries {
		last := c.order.Back()
		c.order.Remove(last)
		delete(c.byKey, last.Value.(*Entry).Key)
	}
	c.mu.Unlock()
	if save {
		c.save(e)
	}
}

// getOrRun returns the entry of key, running it with run when it is in
// neither memory nor disk; a run of the same key in progress is waited
// for (and run again if it failed, e.g. cancelled).
func (c *cache) getOrRun(ctx context.Context, key string, run func(context.Context) (*Entry, error)) (*Entry, error) {
	for {
		if e := c.get(key); e != nil {
			return e, nil
		}
		c.mu.Lock()
		if f, ok := c.flights[key]; ok {
			c.mu.Unlock()
			select {
			case <-f.done:
				if f.err == nil {
					return f.e, nil
				}
				continue
			case <-ctx.Done():
				return nil, ctx.Err()
			}
		}
		f := &flight{done: make(chan struct{})}
		c.flights[key] = f
		c.mu.Unlock()
		f.e, f.err = run(ctx)
		if f.err == nil {
			c.put(f.e, true)
		}
		c.mu.Lock()
		delete(c.flights, key)
		c.mu.Unlock()
		close(f.done)
		return f.e, f.err
	}
}

// save writes e to the disk cache (KEY.yaml and KEY.shard) and evicts
// the least recently used files beyond maxDisk. Failures only cost a
// later recomputation, so they are not reported.
func (c *cache) save(e *Entry) {
	if c.dir == "" {
		return
	}
	if err := os.MkdirAll(c.dir, 0o700); err != nil {
		return
	}
	if results.WriteFileAtomic(filepath.Join(c.dir, e.Key+".yaml"), func(w io.Writer) error { _, err := w.Write(e.YAML); return err }) != nil {
		return
	}
	if results.WriteFileAtomic(filepath.Join(c.dir, e.Key+".shard"), e.Agg.WriteShard) != nil {
		return
	}
	c.evictDisk()
}

// load reads key from the disk cache, marking it used; nil when absent or
// unreadable (then it is removed).
func (c *cache) load(key string) *Entry {
	if c.dir == "" {
		return nil
	}
	yp, sp := filepath.Join(c.dir, key+".yaml"), filepath.Join(c.dir, key+".shard")
	y, err1 := os.ReadFile(yp)
	b, err2 := os.ReadFile(sp)
	if err1 != nil || err2 != nil {
		return nil
	}
	agg, err := scenarios.ReadShard(bytes.NewReader(b))
	var sc *scenarios.Scenario
	if err == nil {
		sc, err = scenarios.Parse(key+".yaml", y)
	}
	if err != nil || Key(y) != key || !agg.Complete() {
		os.Remove(yp)
		os.Remove(sp)
		return nil
	}
	now := time.Now()
	os.Chtimes(sp, now, now)
	return &Entry{Key: key, YAML: y, Scenario: sc, Agg: agg}
}

// evictDisk removes the least recently used entries until the cache
// directory holds at most maxDisk bytes.
func (c *cache) evictDisk() {
	ents, err := os.ReadDir(c.dir)
	if err != nil {
		return
	}
	type file struct {
		key  string
		size int64
		mod  time.Time
	}
	var files []file
	var total int64
	for _, d := range ents {
		if !strings.HasSuffix(d.Name(), ".shard") {
			continue
		}
		info, err := d.Info()
		if err != nil || !info.Mode().IsRegular() {
			continue
		}
		files = append(files, file{strings.TrimSuffix(d.Name(), ".shard"), info.Size(), info.ModTime()})
		total += info.Size()
	}
	sort.Slice(files, func(i, j int) bool { return files[i].mod.Before(files[j].mod) })
	for _, f := range files {
		if total <= c.maxDisk {
			break
		}
		err1 := os.Remove(filepath.Join(c.dir, f.key+".shard"))
		os.Remove(filepath.Join(c.dir, f.key+".yaml"))
		if err1 == nil || errors.Is(err1, fs.ErrNotExist) {
			total -= f.size
		}
	}
}
