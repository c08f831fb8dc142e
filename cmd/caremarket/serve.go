package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/caremarket/caremarket/explorer"
	"github.com/caremarket/caremarket/internal/safeio"
)

// This file implements `caremarket serve`: the workshop explorer
// (package explorer) on a local web server.

const serveSynopsis = `caremarket serve [flags]

Starts the workshop explorer, a web page where the interventions are form
controls and Run compares a variant with its base scenario as a paired
ensemble (the same seeds), and prints its address. Everything it needs is
in the binary: no network beyond the browser's connection to it.

By default it listens on 127.0.0.1:8080, reachable from this computer only.
To share it in a room, give -addr 0.0.0.0:PORT: a token is then required on
every request. It is generated and printed once, inside the address to
open, or read from -token-file (never given on the command line, where
other users of the computer could read it).

At most -jobs comparisons run at once and -queue more wait; beyond that Run
is refused until one finishes. A run nobody is watching is cancelled.
Results are cached by scenario in memory and in -cache-dir. When it starts,
the server simulates the baseline of the page's default question (unless
it is cached), so the first question waits only for its variant;
-prewarm=false skips that.`

// serveFlags are the parsed flags of serve.
type serveFlags struct {
	addr, tokenFile, cacheDir, robustness, hosts string
	opts                                         explorer.Options
	cacheMB                                      int64
	noDisk, prewarm                              bool
}

func parseServeArgs(args []string) (*serveFlags, string, error) {
	f := &serveFlags{}
	fs := flag.NewFlagSet("caremarket serve", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&f.addr, "addr", "127.0.0.1:8080", "`host:port` to listen on; a non-loopback address requires a token")
	fs.StringVar(&f.tokenFile, "token-file", "", "read the token from `file` (default: generate one when the address is not loopback)")
	fs.StringVar(&f.hosts, "host", "", "extra host `names`, comma-separated, accepted in the Host header (e.g. the computer's name in the room)")
	fs.IntVar(&f.opts.MaxJobs, "jobs", 1, "`number` of comparisons run at once")
	fs.IntVar(&f.opts.MaxQueued, "queue", 4, "`number` of comparisons waiting beyond -jobs")
	fs.IntVar(&f.opts.MaxRuns, "max-runs", 50, "most `runs` a question may ask for")
	fs.IntVar(&f.opts.MaxYears, "max-years", 10, "most `years` a question may ask for")
	fs.IntVar(&f.opts.Workers, "workers", 0, "`number` of runs done at once (default GOMAXPROCS)")
	fs.StringVar(&f.cacheDir, "cache-dir", "", "`directory` of the disk cache (default: the user cache directory's caremarket/explorer)")
	fs.Int64Var(&f.cacheMB, "cache-mb", 1024, "most `megabytes` of the disk cache")
	fs.BoolVar(&f.noDisk, "no-disk-cache", false, "keep results in memory only")
	fs.BoolVar(&f.prewarm, "prewarm", true, "simulate the default question's baseline (10 runs of 10 years) when the server starts, unless cached, so the first question waits only for its variant")
	fs.StringVar(&f.robustness, "robustness", "", "robustness.json of caremarket robustness (default: "+filepath.ToSlash(defaultRobustness[0])+" when present)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, usageText(fs, serveSynopsis), nil
		}
		return nil, "", usagef("serve: %v", err)
	}
	if fs.NArg() > 0 {
		return nil, "", usagef("serve: unexpected argument %q (a token is never taken from the command line: use -token-file)", safeio.Clip(fs.Arg(0)))
	}
	f.opts.CacheBytes = f.cacheMB << 20
	return f, "", nil
}

// serveCommand implements `caremarket serve`.
func serveCommand(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	f, help, err := parseServeArgs(args)
	if err != nil {
		fmt.Fprintf(stderr, "caremarket: %v\nRun 'caremarket serve -h' for usage.\n", err)
		return exitUsage
	}
	if help != "" {
		fmt.Fprint(stdout, help)
		return exitOK
	}
	if err := f.complete(); err != nil {
		fmt.Fprintf(stderr, "caremarket: serve: %v\n", err)
		return exitUsage
	}
	ln, err := net.Listen("tcp", f.addr)
	if err != nil {
		fmt.Fprintf(stderr, "caremarket: serve: %v\n", err)
		return exitFailure
	}
	f.opts.Addr = ln.Addr().String()
	host, port, _ := net.SplitHostPort(f.opts.Addr)
	generated := false
	if f.opts.Token == "" && !loopback(host) {
		f.opts.Token, generated = newToken(), true
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		f.opts.AllowedHosts = append(f.opts.AllowedHosts, localNames()...)
	}
	srv, err := explorer.New(f.opts)
	if err != nil {
		ln.Close()
		fmt.Fprintf(stderr, "caremarket: serve: %v\n", err)
		return exitUsage
	}
	f.printAddress(stdout, host, port, generated)
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	warm := make(chan error, 1)
	if f.prewarm {
		fmt.Fprintln(stderr, "caremarket: serve: simulating the default baseline in the background")
		go func() { warm <- srv.Prewarm(ctx) }()
	}
	for {
		select {
		case err := <-warm:
			if err == nil {
				fmt.Fprintln(stderr, "caremarket: serve: the default baseline is ready")
			} else if ctx.Err() == nil {
				fmt.Fprintf(stderr, "caremarket: serve: simulating the default baseline: %v\n", err)
			}
		case err := <-errc:
			fmt.Fprintf(stderr, "caremarket: serve: %v\n", err)
			return exitFailure
		case <-ctx.Done():
			sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			hs.Shutdown(sctx)
			fmt.Fprintln(stderr, "caremarket: serve: stopped")
			return exitInterrupt
		}
	}
}

// complete reads the token file, the robustness sweep and the cache
// directory.
func (f *serveFlags) complete() error {
	if f.tokenFile != "" {
		b, err := safeio.ReadFile(f.tokenFile, 4096)
		if err != nil {
			return fmt.Errorf("-token-file: %w", err)
		}
		f.opts.Token = strings.TrimSpace(string(b))
		if len(f.opts.Token) < 16 || strings.ContainsAny(f.opts.Token, " \t\r\n") {
			return fmt.Errorf("-token-file %s: the token must be one word of at least 16 characters", f.tokenFile)
		}
	}
	for _, h := range strings.Split(f.hosts, ",") {
		if h = strings.TrimSpace(h); h != "" {
			f.opts.AllowedHosts = append(f.opts.AllowedHosts, strings.ToLower(h))
		}
	}
	paths, explicit := defaultRobustness, f.robustness != ""
	if explicit {
		paths = []string{f.robustness}
	}
	for _, path := range paths {
		b, err := safeio.ReadFile(path, maxCalibrationBytes)
		switch {
		case err == nil:
			f.opts.Robustness, f.opts.RobustnessSource = b, filepath.ToSlash(path)
		case explicit || !errors.Is(err, fs.ErrNotExist):
			return fmt.Errorf("-robustness: %w", err)
		default:
			continue
		}
		break
	}
	if b, err := safeio.ReadFile(defaultValidation, maxCalibrationBytes); err == nil {
		f.opts.Validation = b
	}
	if f.noDisk {
		return nil
	}
	f.opts.CacheDir = f.cacheDir
	if f.opts.CacheDir == "" {
		d, err := os.UserCacheDir()
		if err != nil {
			return fmt.Errorf("no user cache directory (%v): give -cache-dir or -no-disk-cache", err)
		}
		f.opts.CacheDir = filepath.Join(d, "caremarket", "explorer")
	}
	return nil
}

// printAddress prints the address to open, with the token when one is
// needed (printed here only).
func (f *serveFlags) printAddress(stdout io.Writer, host, port string, generated bool) {
	shown := host
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		shown = "HOST"
		for _, n := range localNames() {
			if shown == "HOST" || net.ParseIP(n) != nil {
				shown = n
			}
			if net.ParseIP(n) != nil {
				break
			}
		}
	}
	url := "http://" + net.JoinHostPort(shown, port) + "/"
	if f.opts.Token == "" {
		fmt.Fprintf(stdout, "caremarket explorer: %s\n", url)
		fmt.Fprintln(stdout, "(reachable from this computer only; Ctrl-C stops it)")
		return
	}
	if generated {
		fmt.Fprintf(stdout, "caremarket explorer: %s?token=%s\n", url, f.opts.Token)
		fmt.Fprintln(stdout, "The token in this address was generated now and is printed only here: share the address with the room. Ctrl-C stops it.")
		return
	}
	fmt.Fprintf(stdout, "caremarket explorer: %s?token=TOKEN (TOKEN from %s)\n", url, f.tokenFile)
}

func loopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// newToken returns 128 random bits in hex.
func newToken() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// localNames returns this computer's name and addresses, the hosts a
// browser in the room may use to reach a server on 0.0.0.0.
func localNames() []string {
	var out []string
	if h, err := os.Hostname(); err == nil && h != "" {
		out = append(out, strings.ToLower(h))
	}
	addrs, _ := net.InterfaceAddrs()
	for _, a := range addrs {
		if n, ok := a.(*net.IPNet); ok && !n.IP.IsLoopback() && n.IP.To4() != nil {
			out = append(out, n.IP.String())
		}
	}
	return out
}
