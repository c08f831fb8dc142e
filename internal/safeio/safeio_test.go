//go:build unix

package safeio

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func TestReadFileRefusesDevicesFIFOsAndLargeFiles(t *testing.T) {
	dir := t.TempDir()
	small := filepath.Join(dir, "small")
	big := filepath.Join(dir, "big")
	os.WriteFile(small, []byte("hello"), 0o644)
	os.WriteFile(big, make([]byte, 100), 0o644)
	zero := filepath.Join(dir, "zero")
	os.Symlink("/dev/zero", zero)
	fifo := filepath.Join(dir, "fifo")
	fifoErr := syscall.Mkfifo(fifo, 0o644)
	b, err := ReadFile(small, 10)
	if err != nil || string(b) != "hello" {
		t.Fatalf("small: %q %v", b, err)
	}
	var tl *TooLargeError
	if _, err := ReadFile(big, 10); !errors.As(err, &tl) {
		t.Errorf("big: %v, want TooLargeError", err)
	}
	for _, c := range []struct{ path, want string }{{zero, "character device"}, {dir, "directory"}, {fifo, "named pipe"}} {
		if c.path == fifo && fifoErr != nil {
			continue
		}
		if _, err := ReadFile(c.path, 1<<30); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want an error naming %s", c.path, err, c.want)
		}
	}
}

func TestReaderStopsAtLimit(t *testing.T) {
	f, err := os.Open("/dev/zero")
	if err != nil {
		t.Skip(err)
	}
	defer f.Close()
	buf := make([]byte, 4096)
	r := Reader(f, 10000)
	total := 0
	for {
		n, err := r.Read(buf)
		total += n
		if err != nil {
			var tl *TooLargeError
			if !errors.As(err, &tl) {
				t.Fatalf("err %v, want TooLargeError", err)
			}
			break
		}
	}
	if total > 10001 {
		t.Errorf("read %d bytes past a limit of 10000", total)
	}
}

func TestClip(t *testing.T) {
	for _, c := range []struct {
		in      string
		wantLen int // in runes; -1: unchanged
	}{{"short", -1}, {strings.Repeat("é", 200), -1}, {strings.Repeat("a", 100000), 200}, {strings.Repeat("é", 201), 200}} {
		got := Clip(c.in)
		if c.wantLen < 0 {
			if got != c.in {
				t.Errorf("Clip changed %q", c.in)
			}
			continue
		}
		if len(got) > 2*c.wantLen+40 || !strings.Contains(got, "characters)") {
			t.Errorf("Clip of %d bytes: %d bytes %q", len(c.in), len(got), got[len(got)-30:])
		}
	}
}

func TestTerminal(t *testing.T) {
	for in, want := range map[string]string{
		"v1.2 rev abc":             "v1.2 rev abc",
		"x\x1b]0;pwned\a\ry":       `x\x1b]0;pwned\a\ry`,
		"caf\xe9":                  `caf\xe9`,
		"£ ünïcode":                "£ ünïcode",
		"nul\x00 del\x7f c1\u0085": `nul\x00 del\x7f c1\u0085`,
	} {
		if got := Terminal(in); got != want {
			t.Errorf("Terminal(%q) = %q, want %q", in, got, want)
		}
	}
}
