package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/caremarket/caremarket/internal/testkit"
	"github.com/caremarket/caremarket/market"
	"github.com/caremarket/caremarket/scenarios"
)

// checkParsed checks what a command line that parsing accepted asks for:
// a known command, and every number within the limits a run may ask for
// (so no resource is sized from an unchecked flag), an output directory,
// a valid shard, and the positional arguments its command takes.
func checkParsed(t *testing.T, c *command) {
	t.Helper()
	switch c.name {
	case "help":
		if c.help == "" {
			t.Fatal("help without usage text")
		}
		return
	case "version", "list", "validate", "run", "compare", "merge", "report":
	default:
		t.Fatalf("unknown command %q accepted", c.name)
	}
	switch {
	case c.runs < 0 || c.runs > scenarios.MaxRuns:
		t.Fatalf("-runs %d accepted", c.runs)
	case c.years < 0 || c.years > scenarios.MaxYears:
		t.Fatalf("-years %d accepted", c.years)
	case c.workers < 0 || c.workers > maxWorkers:
		t.Fatalf("-workers %d accepted", c.workers)
	case c.firstRun < 0 || c.firstRun > 1<<30:
		t.Fatalf("-first-run %d accepted", c.firstRun)
	case c.weeklyRuns < 0 || c.weeklyRuns > scenarios.MaxRuns:
		t.Fatalf("-weekly-runs %d accepted", c.weeklyRuns)
	case c.tidyRuns < -1 || c.tidyRuns > scenarios.MaxRuns:
		t.Fatalf("-tidy-runs %d accepted", c.tidyRuns)
	case c.out == "":
		t.Fatal("an empty -out accepted")
	case c.shard.Validate() != nil:
		t.Fatalf("-shard %v accepted: %v", c.shard, c.shard.Validate())
	}
	switch c.name {
	case "run":
		if len(c.args) != 1 {
			t.Fatalf("run with %d scenarios accepted", len(c.args))
		}
	case "validate", "merge":
		if len(c.args) == 0 {
			t.Fatalf("%s with nothing to read accepted", c.name)
		}
	case "compare":
		if len(c.args) == 1 {
			t.Fatal("compare with one scenario accepted")
		}
	case "list", "version":
		if len(c.args) > 0 {
			t.Fatalf("%s with arguments accepted", c.name)
		}
	}
}

// dirTree returns every path under dir (directories with a trailing slash)
// with the sha256 and size of files.
func dirTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	return testkit.Tree(t, dir, func(b []byte) string { return fmt.Sprintf("%x %d bytes", sha256.Sum256(b), len(b)) })
}

// TestLimitsThroughTheCLI: runs over 1,000,000, horizons over 100 years,
// scenario files over 2 MB and files with more than 10,000 councils are
// refused by the command line with exit status 2 and a message naming the
// limit, before any run starts and without writing anything.
func TestLimitsThroughTheCLI(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
		return p
	}
	big := filepath.Join(dir, "big.yaml")
	f, err := os.Create(big)
	require.NoError(t, err)
	require.NoError(t, f.Truncate(scenarios.MaxFileBytes+1)) // sparse: nothing is really written
	require.NoError(t, f.Close())
	var many strings.Builder
	many.WriteString("overrides:\n  councils:\n")
	for range market.MaxCouncils + 1 {
		many.WriteString("    - {}\n")
	}
	manyFile := write("many.yaml", many.String())
	runsFile := write("runs.yaml", "runs: 1000001\n")
	yearsFile := write("years.yaml", "years: 101\n")
	out := filepath.Join(dir, "out")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"run", "-runs", "1000001", "baseline"}, "-runs 1000001: allowed 1 to 1000000"},
		{[]string{"run", "-years", "101", "baseline"}, "-years 101: allowed 1 to 100"},
		{[]string{"run", "-years", "1099511627776", "baseline"}, "-years 1099511627776: allowed 1 to 100"},
		{[]string{"compare", "-runs", "4611686018427387904"}, "-runs 4611686018427387904: allowed 1 to 1000000"},
		{[]string{"report", "-runs", "1000001"}, "-runs 1000001: allowed 1 to 1000000"},
		{[]string{"run", "-workers", "4097", "baseline"}, "-workers 4097: allowed 1 to 4096"},
		{[]string{"run", "-shard", "1/100001", "baseline"}, "K/N with 1 ≤ K ≤ N ≤ 100000"},
		{[]string{"validate", big}, "big.yaml: file is 2097153 bytes: scenario files may be at most 2097152 bytes (2 MB)"},
		{[]string{"run", big}, "at most 2097152 bytes"},
		{[]string{"run", manyFile}, "many.yaml:3: overrides.councils: 10001 councils: at most 10000"},
		{[]string{"run", runsFile}, "runs.yaml:1: runs: 1000001: allowed 1 to 1000000"},
		{[]string{"run", yearsFile}, "years.yaml:1: years: 101: allowed 1 to 100"},
	} {
		code, stdout, stderr := cli(t, append(append([]string{}, tc.args[:1]...), append([]string{"-out", out}, tc.args[1:]...)...)...)
		if tc.args[0] == "validate" {
			code, stdout, stderr = cli(t, tc.args...)
		}
		assert.Equal(t, exitUsage, code, "%q: %s", tc.args, stderr)
		assert.Empty(t, stdout, "%q", tc.args)
		assert.Contains(t, stderr, tc.want, "%q", tc.args)
		assert.NotContains(t, stderr, "panic", "%q", tc.args)
		assert.NoDirExists(t, out, "%q wrote outputs", tc.args)
	}
}

// TestNamesStayInsideOut: scenario names (from a file's name: key, or its
// file name when there is none) that would lead outside the -out directory,
// or that are not safe as one path element (absolute paths, separators,
// "..", hidden names, line breaks, non-ASCII letters, over 64 characters)
// are refused with exit status 2, and nothing is written anywhere; names
// that are safe are written exactly at -out/NAME and nowhere else.
func TestNamesStayInsideOut(t *testing.T) {
	root := t.TempDir()
	src, err := os.ReadFile(neFile(t, t.TempDir()))
	require.NoError(t, err)
	body := strings.Replace(string(src), "name: ne\n", "", 1)
	require.NotEqual(t, string(src), body, "the North East file has a name: key")
	long := strings.Repeat("a", 65)
	type file struct{ fileName, name string }
	for _, tc := range []file{
		{"f.yaml", "../../etc"}, {"f.yaml", "/abs"}, {"f.yaml", "a/b"}, {"f.yaml", `a\b`}, {"f.yaml", ".."}, {"f.yaml", "."},
		{"f.yaml", ".hidden"}, {"f.yaml", "-flag"}, {"f.yaml", "café"}, {"f.yaml", long}, {"f.yaml", "a\nb"}, {"f.yaml", "a b"},
		{"f.yaml", "\x1b[31mred"}, {"..yaml", ""}, {"café.yaml", ""}, {long + ".yaml", ""}, {".hidden.yaml", ""},
	} {
		t.Run(fmt.Sprintf("%q %q", tc.fileName, tc.name), func(t *testing.T) {
			dir := filepath.Join(root, fmt.Sprintf("case%d", len(dirTree(t, root))))
			require.NoError(t, os.MkdirAll(filepath.Join(dir, "in"), 0o755))
			content := body
			if tc.name != "" {
				q, _ := json.Marshal(tc.name)
				content = "name: " + string(q) + "\n" + body
			}
			p := filepath.Join(dir, "in", tc.fileName)
			require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
			before := dirTree(t, dir)
			for _, args := range [][]string{
				{"run", "-quiet", "-runs", "1", "-out", filepath.Join(dir, "in", "out"), p},
				{"compare", "-quiet", "-runs", "1", "-out", filepath.Join(dir, "in", "out"), p, p},
			} {
				code, stdout, stderr := cli(t, args...)
				assert.Equal(t, exitUsage, code, "%s: %s", args[0], stderr)
				assert.Empty(t, stdout)
				assert.Contains(t, stderr, "name", args[0])
				assert.Equal(t, 0, strings.Count(strings.TrimSpace(stderr), "\n"), "%s: one error line: %q", args[0], stderr)
				assert.Equal(t, before, dirTree(t, dir), "%s wrote something", args[0])
			}
		})
	}
	for _, name := range []string{"a.b", "A-1_z", strings.Repeat("b", 64), "x..y"} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			q, _ := json.Marshal(name)
			p := filepath.Join(dir, "f.yaml")
			require.NoError(t, os.WriteFile(p, []byte("name: "+string(q)+"\n"+body), 0o644))
			out := filepath.Join(dir, "out")
			code, _, stderr := cli(t, "run", "-quiet", "-runs", "1", "-tidy-runs", "-1", "-out", out, p)
			require.Equal(t, exitOK, code, stderr)
			for path := range dirTree(t, dir) {
				ok := path == "./" || path == "f.yaml" || path == "out/" || strings.HasPrefix(path, filepath.Join("out", name)+string(filepath.Separator)) || path == filepath.Join("out", name)+"/"
				assert.True(t, ok, "written outside out/%s: %s", name, path)
			}
			assert.FileExists(t, filepath.Join(out, name, scenarios.SummaryFile))
		})
	}
}

// TestUniqueNames: compare and report key their outputs by scenario name,
// so repeated names get suffixes; the result is unique even when a suffixed
// name is given too, and stays a valid name (64 characters at most).
func TestUniqueNames(t *testing.T) {
	long := strings.Repeat("b", 64)
	taken := map[string]bool{}
	var got []string
	for _, n := range []string{"x", "x", "x-2", "x", long, long, long} {
		got = append(got, uniqueName(n, taken))
	}
	assert.Equal(t, []string{"x", "x-2", "x-2-2", "x-3", long, long[:62] + "-2", long[:62] + "-3"}, got)
	for _, n := range got {
		_, err := scenarios.SafeName(n)
		assert.NoError(t, err, n)
	}

	// Through the command line: one 64-character name compared with itself
	// (without figures, which are slow and beside the point here).
	saved := figures
	defer func() { figures = saved }()
	figures.compare = nil
	dir := t.TempDir()
	src, err := os.ReadFile(neFile(t, dir))
	require.NoError(t, err)
	p := filepath.Join(dir, "f.yaml")
	require.NoError(t, os.WriteFile(p, []byte(strings.Replace(string(src), "name: ne\n", "name: "+long+"\n", 1)), 0o644))
	code, stdout, stderr := cli(t, "compare", "-quiet", "-runs", "1", "-out", filepath.Join(dir, "out"), p, p)
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stdout, long[:62]+"-2")
}

// testFault is an intervention type for scenario files in these tests
// (registered as "TestFault"): at its start week it returns an error, or
// panics with panic: true.
type testFault struct {
	scenarios.Start `yaml:",inline"`
	Panic           bool `yaml:"panic"`
}

func (*testFault) Name() string      { return "TestFault" }
func (*testFault) Touches() []string { return nil }
func (f *testFault) Apply(*market.World) error {
	if f.Panic {
		panic("injected panic")
	}
	return errors.New("injected failure")
}

func init() {
	if err := scenarios.RegisterIntervention("TestFault", func() scenarios.Intervention { return &testFault{} }); err != nil {
		panic(err)
	}
}

// TestFailedOrCancelledCommandsKeepEarlierResults: with earlier results in
// -out, a run or comparison that fails in its second year (an intervention
// that returns an error or panics), whose outputs fail to be written (the
// figures step fails, as on a full disk), or that is cancelled, exits 1 (130
// when cancelled) with a message, and the earlier results are byte for byte
// as they were, with no temporary directory left.
func TestFailedOrCancelledCommandsKeepEarlierResults(t *testing.T) {
	// Not parallel: it swaps the figure hooks.
	dir := t.TempDir()
	ne := neFile(t, dir)
	out := filepath.Join(dir, "out")
	saved := figures
	defer func() { figures = saved }()
	if testing.Short() {
		figures.compare = nil // the figures are slow under the race detector
	}
	code, _, stderr := cli(t, "run", "-quiet", "-runs", "2", "-out", out, ne)
	require.Equal(t, exitOK, code, stderr)
	code, _, stderr = cli(t, "compare", "-quiet", "-runs", "2", "-out", out, ne, ne)
	require.Equal(t, exitOK, code, stderr)
	before := dirTree(t, out)
	require.Contains(t, before, filepath.Join("ne", scenarios.SummaryFile))
	require.Contains(t, before, filepath.Join(scenarios.CompareDir, scenarios.SummaryFile))

	src, err := os.ReadFile(ne)
	require.NoError(t, err)
	for _, fault := range []struct{ yaml, want string }{
		{"{type: TestFault, start_week: 60}", "run 0: intervention TestFault: injected failure"},
		{"{type: TestFault, start_week: 60, panic: true}", "run 0: internal error (please report it): injected panic"},
	} {
		bad := filepath.Join(dir, "fault", "ne.yaml") // the same scenario name, ne
		require.NoError(t, os.MkdirAll(filepath.Dir(bad), 0o755))
		require.NoError(t, os.WriteFile(bad, []byte(strings.Replace(string(src), "years: 1\n", "years: 2\ninterventions:\n  - "+fault.yaml+"\n", 1)), 0o644))
		for _, args := range [][]string{
			{"run", "-quiet", "-runs", "3", "-out", out, bad},
			{"compare", "-quiet", "-runs", "3", "-years", "2", "-out", out, ne, bad},
		} {
			code, stdout, stderr := cli(t, args...)
			assert.Equal(t, exitFailure, code, "%s: %s", args[0], stderr)
			assert.Empty(t, stdout)
			assert.Contains(t, stderr, fault.want, args[0])
			assert.Equal(t, before, dirTree(t, out), "%s changed the earlier results", args[0])
		}
	}

	full := errors.New("write plots/dashboard.png: no space left on device")
	figures.run = func(string, *scenarios.Summary) error { return full }
	figures.compare = func(string, *scenarios.Comparison, string) error { return full }
	for _, args := range [][]string{
		{"run", "-quiet", "-runs", "3", "-out", out, ne},
		{"compare", "-quiet", "-runs", "3", "-out", out, ne, ne},
	} {
		code, stdout, stderr := cli(t, args...)
		assert.Equal(t, exitFailure, code, "%s: %s", args[0], stderr)
		assert.Empty(t, stdout)
		assert.Contains(t, stderr, "no space left on device", args[0])
		assert.Equal(t, before, dirTree(t, out), "%s changed the earlier results", args[0])
	}
	figures.compare = nil // the cancelled comparison never reaches its figures

	for _, args := range [][]string{
		{"run", "-quiet", "-runs", "100000", "-workers", "2", "-out", out, ne},
		{"compare", "-quiet", "-runs", "100000", "-workers", "2", "-out", out, ne, ne},
	} {
		ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
		var o, e bytes.Buffer
		code := runContext(ctx, args, &o, &e)
		cancel()
		assert.Equal(t, exitInterrupt, code, "%s: %s", args[0], e.String())
		assert.Regexp(t, `interrupted: \d+ of \d+ runs had finished; no results were written \(earlier results are unchanged\)`, e.String())
		assert.Equal(t, before, dirTree(t, out), "%s changed the earlier results", args[0])
	}
}

// TestUnwritableOutFailsBeforeRunning: an -out that cannot hold the
// outputs (a file stands where the directory would be) fails with exit
// status 1 before any run starts (no progress line), for run, compare and
// report alike; a directory that does not exist yet is not created by the
// check.
func TestUnwritableOutFailsBeforeRunning(t *testing.T) {
	dir := t.TempDir()
	ne := neFile(t, dir)
	blocker := filepath.Join(dir, "file")
	require.NoError(t, os.WriteFile(blocker, []byte("keep"), 0o644))
	for _, args := range [][]string{
		{"run", "-runs", "100000", "-out", filepath.Join(blocker, "out"), ne},
		{"compare", "-runs", "100000", "-out", blocker, ne, ne},
		{"report", "-runs", "100000", "-out", blocker, ne, ne},
	} {
		code, stdout, stderr := cli(t, args...)
		assert.Equal(t, exitFailure, code, "%s: %s", args[0], stderr)
		assert.Empty(t, stdout)
		assert.Contains(t, stderr, "is not a directory", args[0])
		assert.NotContains(t, stderr, "runs on", "%s started running", args[0])
	}
	require.NoError(t, checkWritable(filepath.Join(dir, "new", "deeper")))
	assert.NoDirExists(t, filepath.Join(dir, "new"))
}

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
