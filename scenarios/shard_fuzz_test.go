package scenarios_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"testing"

	"github.com/caremarket/caremarket/scenarios"
)

// FuzzReadShard feeds the shard-file reader of caremarket merge arbitrary
// bytes: it must never panic, and a shard it accepts must be one that
// merging and exporting can use (its runs within the limits, its run
// indices its own). With gz false the input is gzipped first, so that the
// fuzzer works on the gob stream inside; with gz true it is the file as
// read. The seeds are real shards of a small ensemble (both ways), cut
// short, and garbage.
func FuzzReadShard(f *testing.F) {
	// A shard of runs without weekly values keeps the gob stream small
	// (about 2 KB), so that the fuzzer's mutations and minimisation are
	// fast; one with weekly values goes in as a whole file.
	weekly, _ := shardBytes(f, 1)    // runs 0 (with weekly values) and 2
	small, inner := shardBytes(f, 2) // run 1, yearly values only
	f.Add(inner, false)
	f.Add(small, true)
	f.Add(weekly, true)
	f.Add(inner[:len(inner)/2], false)
	f.Add(small[:len(small)-8], true)
	f.Add([]byte("caremarket-shard/1"), false)
	f.Add([]byte{}, true)
	// Stored (uncompressed) gzip blocks from one reused writer keep each
	// execution cheap, minimisation included.
	var b bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&b, gzip.NoCompression)
	f.Fuzz(func(t *testing.T, data []byte, gz bool) {
		if !gz {
			b.Reset()
			zw.Reset(&b)
			zw.Write(data)
			zw.Close()
			data = b.Bytes()
		}
		got, err := scenarios.ReadShard(bytes.NewReader(data))
		if err != nil {
			return
		}
		if got.Runs() < 1 || got.Runs() > scenarios.MaxRuns || got.FirstRun() < 0 {
			t.Fatalf("accepted a shard of %d runs from %d", got.Runs(), got.FirstRun())
		}
		if w := got.WeeklyRuns(); w < 1 || w > got.Runs() {
			t.Fatalf("accepted %d weekly runs of %d", w, got.Runs())
		}
		sh := got.Shard()
		if sh.Validate() != nil {
			t.Fatalf("accepted shard %v", sh)
		}
		prev := -1
		for _, i := range got.Indices() {
			p := i - got.FirstRun()
			if p < 0 || p >= got.Runs() || !sh.Has(p) || i <= prev {
				t.Fatalf("accepted run index %d in shard %v of runs %d from %d", i, sh, got.Runs(), got.FirstRun())
			}
			prev = i
		}
	})
}

// shardBytes returns the bytes of shard k/2 of a 3-run, 1-year ensemble
// (run 0 with weekly values) and the gob stream inside them, its checksum
// included.
func shardBytes(tb testing.TB, k int) (file, inner []byte) {
	tb.Helper()
	a, err := scenarios.Collect(context.Background(), neScenario(tb, 1), scenarios.EnsembleOptions{Runs: 3, WeeklyRuns: 1, Shard: scenarios.Shard{K: k, N: 2}})
	if err != nil {
		tb.Fatal(err)
	}
	var b bytes.Buffer
	if err := a.WriteShard(&b); err != nil {
		tb.Fatal(err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(b.Bytes()))
	if err != nil {
		tb.Fatal(err)
	}
	inner, err = io.ReadAll(zr)
	if err != nil {
		tb.Fatal(err)
	}
	return b.Bytes(), inner
}
