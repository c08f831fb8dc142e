package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/caremarket/caremarket/scenarios"
)

// TestSignalDuringWriteExitsWithTheSignal: a signal that arrives while the
// outputs are written (simulated from the figure hook, which runs inside
// the write) lets the write finish whole and exits 130 or 143, not 0.
func TestSignalDuringWriteExitsWithTheSignal(t *testing.T) {
	for _, tc := range []struct {
		sig  syscall.Signal
		code int
	}{{syscall.SIGINT, 130}, {syscall.SIGTERM, 143}} {
		t.Run(sigName(tc.sig), func(t *testing.T) {
			dir := t.TempDir()
			ne := neFile(t, dir)
			ctx, cancel := context.WithCancelCause(context.Background())
			defer cancel(nil)
			saved := figures.run
			defer func() { figures.run = saved }()
			figures.run = func(string, *scenarios.Summary) error {
				cancel(signalCause{tc.sig})
				return nil
			}
			var o, e bytes.Buffer
			code := afterSignal(ctx, runContext(ctx, []string{"run", "-quiet", "-runs", "1", "-out", filepath.Join(dir, "out"), ne}, &o, &e), &e)
			assert.Equal(t, tc.code, code, e.String())
			assert.Contains(t, e.String(), sigName(tc.sig)+" arrived while the outputs were written")
			_, err := os.Stat(filepath.Join(dir, "out", "ne", "manifest.json"))
			assert.NoError(t, err, "the write was completed")
		})
	}
}

// TestSIGTERMDuringRunsExits143: SIGTERM to a long run exits 143.
func TestSIGTERMDuringRunsExits143(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no SIGTERM on Windows")
	}
	dir := t.TempDir()
	cmd := process(t, "run", "-runs", "100000", "-workers", "2", "-out", filepath.Join(dir, "out"), neFile(t, dir))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	require.NoError(t, cmd.Start())
	time.Sleep(1500 * time.Millisecond)
	require.NoError(t, cmd.Process.Signal(syscall.SIGTERM))
	err := cmd.Wait()
	var ee *exec.ExitError
	require.ErrorAs(t, err, &ee, stderr.String())
	assert.Equal(t, 143, ee.ExitCode(), stderr.String())
}

// TestNonRegularFilesAreRefused: a FIFO given as a scenario file is
// refused at once (exit 2) instead of blocking for ever.
func TestNonRegularFilesAreRefused(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no FIFOs on Windows")
	}
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo.yaml")
	require.NoError(t, syscall.Mkfifo(fifo, 0o644))
	for _, args := range [][]string{{"validate", fifo}, {"run", "-quiet", "-out", filepath.Join(dir, "out"), fifo}} {
		done := make(chan struct{})
		var code int
		var stderr string
		go func() {
			defer close(done)
			code, _, stderr = cli(t, args...)
		}()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Fatalf("%v blocked on a FIFO", args)
		}
		assert.Equal(t, exitUsage, code, stderr)
		assert.Contains(t, stderr, "is not a regular file (a named pipe)")
	}
}

// TestDanglingSymlinkOutFailsBeforeRunning: -out naming a symbolic link to
// nothing is refused before any run, not after all of them.
func TestDanglingSymlinkOutFailsBeforeRunning(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links need privileges on Windows")
	}
	dir := t.TempDir()
	link := filepath.Join(dir, "dangl")
	require.NoError(t, os.Symlink(filepath.Join(dir, "nowhere"), link))
	start := time.Now()
	code, _, stderr := cli(t, "run", "-quiet", "-runs", "50", "-out", link, neFile(t, dir))
	assert.Equal(t, exitFailure, code)
	assert.Contains(t, stderr, "is a symbolic link to")
	assert.Contains(t, stderr, "which does not exist")
	assert.Less(t, time.Since(start), 5*time.Second, "refused before running 50 runs")
}
