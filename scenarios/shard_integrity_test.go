package scenarios_test

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/gob"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/caremarket/caremarket/scenarios"
)

// smallShard returns the bytes of shard 1/2 of a 3-run, 1-year ensemble
// and the gob stream inside them (without the checksum).
func smallShard(t *testing.T) (file, inner []byte) {
	t.Helper()
	file, inner = shardBytes(t, 1)
	return file, inner[:len(inner)-sha256.Size]
}

func gz(b []byte) []byte {
	var out bytes.Buffer
	zw := gzip.NewWriter(&out)
	zw.Write(b)
	zw.Close()
	return out.Bytes()
}

func withSum(inner []byte) []byte {
	s := sha256.Sum256(inner)
	return append(append([]byte{}, inner...), s[:]...)
}

// TestReadShardRefusesDamage checks that ReadShard verifies a shard end to
// end (issue 15 item 1): damage the gzip CRC would catch, damage to the
// data under a correct gzip stream (caught by the recorded sha256),
// trailing data inside and after the gzip stream, truncation, and a shard
// of format 1 (no checksum) are all refused.
func TestReadShardRefusesDamage(t *testing.T) {
	file, inner := smallShard(t)
	if _, err := scenarios.ReadShard(bytes.NewReader(file)); err != nil {
		t.Fatalf("intact shard refused: %v", err)
	}
	flipped := bytes.Clone(inner)
	// A byte near the end of the gob stream: inside a run's values.
	flipped[len(flipped)-40] ^= 0x01
	var oldFormat bytes.Buffer
	if err := gob.NewEncoder(&oldFormat).Encode(struct{ Format string }{"caremarket-shard/1"}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		data []byte
		want string
	}{
		{"data bit flipped, gzip CRC recomputed", gz(append(flipped, sha256Of(inner)...)), "sha256"},
		{"checksum bit flipped", gz(append(bytes.Clone(inner), flipSum(sha256Of(inner))...)), "sha256"},
		{"trailing garbage after the gzip stream", append(bytes.Clone(file), "garbage"...), "after the end of its gzip stream"},
		{"a second gzip member", append(bytes.Clone(file), gz([]byte("x"))...), "after the end of its gzip stream"},
		{"data after the checksum", gz(append(withSum(inner), "extra"...)), "after its checksum"},
		{"no checksum", gz(inner), "checksum"},
		{"truncated", file[:len(file)-5], ""},
		{"gzip CRC flipped", flipByte(file, len(file)-6), "checksum"},
		{"format 1", gz(oldFormat.Bytes()), "caremarket-shard/1"},
	} {
		_, err := scenarios.ReadShard(bytes.NewReader(c.data))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err %v, want one containing %q", c.name, err, c.want)
		}
	}
	// Single-bit flips in the compressed body and the gzip trailer (one bit
	// in every third byte) are refused, or (when deflate ignores the bit)
	// read the same content.
	want, _ := scenarios.ReadShard(bytes.NewReader(file))
	accepted, tried := 0, 0
	for i := 10; i < len(file); i += 3 {
		tried++
		d := bytes.Clone(file)
		d[i] ^= 1 << (i % 8)
		got, err := scenarios.ReadShard(bytes.NewReader(d))
		if err != nil {
			continue
		}
		accepted++
		if !sameShard(t, got, want) {
			t.Fatalf("bit %d of byte %d flipped: the shard was read with different content", i%8, i)
		}
	}
	t.Logf("%d of %d bit flips read the same content; the rest were refused", accepted, tried)
}

func sha256Of(b []byte) []byte { s := sha256.Sum256(b); return s[:] }

func flipSum(s []byte) []byte { s[3] ^= 0x10; return s }

func flipByte(b []byte, i int) []byte { d := bytes.Clone(b); d[i] ^= 0x04; return d }

func sameShard(t *testing.T, a, b *scenarios.Aggregate) bool {
	var x, y bytes.Buffer
	if err := a.WriteShard(&x); err != nil {
		t.Fatal(err)
	}
	if err := b.WriteShard(&y); err != nil {
		t.Fatal(err)
	}
	return bytes.Equal(x.Bytes(), y.Bytes())
}

// TestLoadShardsRefusesDevices checks that a shard path naming a device
// (a symbolic link to /dev/zero) is refused at once, not read.
func TestLoadShardsRefusesDevices(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "shard-1-of-2.gob.gz")
	if err := os.Symlink("/dev/zero", p); err != nil {
		t.Skip(err)
	}
	_, err := scenarios.LoadShards(p)
	if err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Fatalf("err %v, want not a regular file", err)
	}
}
