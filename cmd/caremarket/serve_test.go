package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// serveURL starts `caremarket serve args...` and returns the address it
// prints, and a function that stops it and returns its exit code.
func serveURL(t *testing.T, args ...string) (string, func() int) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	code := make(chan int, 1)
	go func() {
		var stderr bytes.Buffer
		code <- runContext(ctx, append([]string{"serve", "-prewarm=false"}, args...), pw, &stderr)
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	require.NoError(t, err)
	go io.Copy(io.Discard, pr)
	u, ok := strings.CutPrefix(strings.TrimSpace(line), "caremarket explorer: ")
	require.True(t, ok, "first line %q", line)
	return u, func() int {
		cancel()
		select {
		case c := <-code:
			return c
		case <-time.After(30 * time.Second):
			t.Fatal("serve did not stop")
			return -1
		}
	}
}

// TestServeCommand checks that serve prints its address, serves the page,
// needs a token off loopback and stops on a signal.
func TestServeCommand(t *testing.T) {
	u, stop := serveURL(t, "-addr", "127.0.0.1:0", "-no-disk-cache")
	assert.Regexp(t, `^http://127\.0\.0\.1:\d+/$`, u)
	resp, err := http.Get(u)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, exitInterrupt, stop())

	u, stop = serveURL(t, "-addr", "0.0.0.0:0", "-no-disk-cache")
	m := regexp.MustCompile(`^http://[^/]+:(\d+)/\?token=([0-9a-f]{32})$`).FindStringSubmatch(u)
	require.NotNil(t, m, "address %q", u)
	base := "http://127.0.0.1:" + m[1] + "/"
	req, _ := http.NewRequest("GET", base, nil)
	resp, err = http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode, "no token, no page")
	req.Header.Set("Authorization", "Bearer "+m[2])
	resp, err = http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode, "the token opens the page")
	assert.Equal(t, exitInterrupt, stop())
}

// TestServeUsage checks the command-line errors of serve.
func TestServeUsage(t *testing.T) {
	short := filepath.Join(t.TempDir(), "token")
	require.NoError(t, os.WriteFile(short, []byte("abc\n"), 0o600))
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"serve", "0123456789abcdef0123"}, "never taken from the command line"},
		{[]string{"serve", "-token-file", short}, "at least 16 characters"},
		{[]string{"serve", "-token-file", filepath.Join(t.TempDir(), "none")}, "-token-file"},
		{[]string{"serve", "-robustness", filepath.Join(t.TempDir(), "none.json")}, "-robustness"},
	}
	for _, tc := range tests {
		var stdout, stderr bytes.Buffer
		code := runContext(context.Background(), tc.args, &stdout, &stderr)
		assert.Equal(t, exitUsage, code, "%v", tc.args)
		assert.Contains(t, stderr.String(), tc.want, "%v", tc.args)
	}
	var stdout, stderr bytes.Buffer
	require.Equal(t, exitOK, runContext(context.Background(), []string{"help", "serve"}, &stdout, &stderr))
	assert.Contains(t, stdout.String(), "-token-file")
}
