package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/caremarket/caremarket/explorer"
	"github.com/caremarket/caremarket/internal/testkit"
	"github.com/caremarket/caremarket/market"
	"github.com/caremarket/caremarket/plots"
	"github.com/caremarket/caremarket/scenarios"
)

// chromium returns the path of a Chromium to drive: $CHROME, or chromium
// on the PATH. Without one the browser test is skipped, unless
// CAREMARKET_BROWSER_TEST=1 (scripts/test sets it after installing
// Chromium), when it fails.
func chromium(t *testing.T) string {
	if p := os.Getenv("CHROME"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CAREMARKET_BROWSER_TEST") == "1" {
		t.Fatal("no Chromium found (scripts/test installs Debian's chromium package)")
	}
	t.Skip("no Chromium: install it (scripts/test does) to run the browser test")
	return ""
}

// cell is one cell of the headline table as the page shows it.
type cell struct {
	Diff, Lo, Hi, Level string
}

// readTable returns the headline table's cells by scenario.
const readTable = `(() => {
  const out = {};
  document.querySelectorAll("table.headline tbody tr").forEach(tr => {
    const tds = tr.querySelectorAll("td");
    const name = tds[0].textContent.replace(/\s*\(baseline\)\s*$/, "").trim();
    out[name] = Array.from(tds).slice(1).map(td => {
      const t = sel => { const e = td.querySelector(sel); return e ? e.textContent : ""; };
      const nw = td.querySelectorAll(".iv .nw");
      return {Diff: t(".diff"), Lo: nw.length ? nw[0].textContent : "", Hi: nw.length ? nw[1].textContent : "", Level: t(".level")};
    });
  });
  return out;
})()`

// TestExplorerBrowser drives the explorer in headless Chromium: it sets
// a profit-cap rate out of range (the error must show next to the
// control), then a valid one, runs 2 runs of 2 years, waits for the headline table
// and checks its figures, and the comparison behind them, against what
// `caremarket compare` writes for the exported scenario file and the same
// seeds; the page must log no console error. With EXPLORER_SCREENSHOT=PATH
// it saves a screenshot of the answer there (scripts/explorer-screenshot).
func TestExplorerBrowser(t *testing.T) {
	testkit.SkipShort(t, "runs the England model and a browser")
	chrome := chromium(t)
	ts := httptest.NewUnstartedServer(nil)
	srv, err := explorer.New(explorer.Options{Addr: ts.Listener.Addr().String(), CacheDir: t.TempDir()})
	require.NoError(t, err)
	ts.Config.Handler = srv
	ts.Start()
	defer ts.Close()

	alloc, cancel := chromedp.NewExecAllocator(context.Background(), chromedp.ExecPath(chrome),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.Flag("hide-scrollbars", true), chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1500, 1050))
	defer cancel()
	ctx, cancel := chromedp.NewContext(alloc)
	defer cancel()
	ctx, cancel = context.WithTimeout(ctx, 5*time.Minute)
	defer cancel()
	takeConsole := watchConsole(ctx)

	t0 := time.Now()
	require.NoError(t, chromedp.Do(ctx,
		chromedp.Navigate(ts.URL+"/"),
		chromedp.WaitVisible(chromedp.ID("run")),
		chromedp.SetValue(chromedp.ID("c-runs"), "2"),
		chromedp.SetValue(chromedp.ID("c-years"), "2"),
		chromedp.Click(chromedp.ID("on-ProfitCap")),
		chromedp.WaitVisible(chromedp.ID("c-ProfitCap-rate")),
		chromedp.SetValue(chromedp.ID("c-ProfitCap-rate"), "0.9"),
		chromedp.Click(chromedp.ID("run")),
		chromedp.WaitVisible(chromedp.ID("e-c-ProfitCap-rate")),
	))
	shown, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("e-c-ProfitCap-rate").textContent + "|" + document.getElementById("c-ProfitCap-rate").getAttribute("aria-invalid")`))
	require.NoError(t, err)
	assert.Equal(t, "0.9: allowed 0 to 0.5|true", shown, "the file reader's error, next to the control")
	for _, m := range takeConsole() { // the browser logs the refusal itself, and only it
		assert.True(t, strings.Contains(m, "422") && strings.HasSuffix(m, "/api/jobs)"), "unexpected console message %q", m)
	}
	require.NoError(t, chromedp.Do(ctx,
		chromedp.SetValue(chromedp.ID("c-ProfitCap-rate"), "0.15"),
		chromedp.Click(chromedp.ID("run")),
		chromedp.WaitVisible(chromedp.CSS("table.headline")),
		chromedp.WaitVisible(chromedp.CSS("#fig-tradeoff svg")),
	))
	t.Logf("the answer was on the page %.1f s after loading it", time.Since(t0).Seconds())
	table, err := chromedp.Run(ctx, chromedp.Evaluate[map[string][]cell](readTable))
	require.NoError(t, err)
	yamlURL, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS("#variants a"), "href"))
	require.NoError(t, err)
	csvURL, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.ID("dl-comparison"), "href"))
	require.NoError(t, err)
	if path := os.Getenv("EXPLORER_SCREENSHOT"); path != "" {
		_, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.scrollTo(0, 0); true`))
		require.NoError(t, err)
		png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(path, png, 0o644))
	}
	assert.Empty(t, takeConsole(), "the page logged errors or warnings")

	dir := t.TempDir()
	file := filepath.Join(dir, "variant-1.yaml")
	require.NoError(t, os.WriteFile(file, fetch(t, ts.URL+yamlURL.Value), 0o644))
	var out, errb bytes.Buffer
	require.Equal(t, exitOK, runContext(context.Background(), []string{"validate", file}, &out, &errb), "caremarket validate refuses the exported file: %s", errb.String())
	code := runContext(context.Background(), []string{"compare", "-quiet", "-runs", "2", "-years", "2", "-seed", "1",
		"-format", "svg", "-out", filepath.Join(dir, "out"), "baseline", file}, &out, &errb)
	require.Equal(t, exitOK, code, "%s", errb.String())
	want, err := os.ReadFile(filepath.Join(dir, "out", scenarios.CompareDir, scenarios.ComparisonFile))
	require.NoError(t, err)
	assert.Equal(t, string(want), string(fetch(t, ts.URL+csvURL.Value)), "the explorer's comparison.csv differs from caremarket compare's")
	checkTable(t, table, filepath.Join(dir, "out"))
}

// watchConsole collects the page's console errors, warnings and
// exceptions (and the browser's own error log); take returns those
// collected so far, after a pause for the last to arrive, and forgets them.
func watchConsole(ctx context.Context) (take func() []string) {
	var mu sync.Mutex
	var got []string
	messages := chromedp.Console(ctx) // starts the browser, so that no message is lost
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			switch m.Type {
			case chromedp.ConsoleError, chromedp.ConsoleException, chromedp.ConsoleWarning:
				mu.Lock()
				got = append(got, m.String()+" ("+m.URL+")")
				mu.Unlock()
			}
		}
	}()
	return func() []string {
		time.Sleep(200 * time.Millisecond)
		mu.Lock()
		defer mu.Unlock()
		out := got
		got = nil
		return out
	}
}

// checkTable checks the page's table against the comparison that
// caremarket compare saved in dir: the baseline's spend and the variant's
// differences in spend, net public cost and children waiting, with their
// intervals, formatted as the report formats them.
func checkTable(t *testing.T, table map[string][]cell, dir string) {
	saved, err := scenarios.LoadComparison(dir)
	require.NoError(t, err)
	cmp := saved.Comparison
	require.Len(t, cmp.Diffs, 1)
	base, alt := table["baseline"], table["variant-1"]
	require.NotEmpty(t, base, "no baseline row in %v", table)
	require.NotEmpty(t, alt, "no variant-1 row in %v", table)
	minus := func(s string) string {
		if strings.HasPrefix(s, "-") {
			return "−" + s[1:]
		}
		return s
	}
	var spend float64
	for _, b := range cmp.Baseline.Yearly[market.SpendGBP] {
		spend += b.Mean
	}
	assert.Equal(t, minus(plots.FormatMoney(spend, false)), base[0].Level, "baseline spend")
	columns := []struct {
		col    int
		m      market.Metric
		format func(float64, bool) string
	}{
		{0, market.SpendGBP, plots.FormatMoney},
		{1, market.NetPublicCostGBP, plots.FormatMoney},
		{2, market.Waiting, plots.FormatCount},
	}
	for _, c := range columns {
		d := cmp.Diffs[0].Total[c.m]
		got := alt[c.col]
		want := cell{Diff: minus(c.format(d.Mean, true)), Lo: minus(c.format(d.MeanLo, true)), Hi: minus(c.format(d.MeanHi, true)), Level: got.Level}
		assert.Equal(t, want, got, "%s", c.m)
	}
}

func fetch(t *testing.T, url string) []byte {
	t.Helper()
	resp, err := http.Get(url)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode, "%s: %s", url, b)
	return b
}
