package explorer

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/caremarket/caremarket/calibrate"
	"github.com/caremarket/caremarket/scenarios"
)

// start serves a new explorer on a loopback httptest server; opts.Addr is
// set to the server's address when empty.
func start(t *testing.T, opts Options) (*httptest.Server, *Server) {
	t.Helper()
	ts := httptest.NewUnstartedServer(nil)
	if opts.Addr == "" {
		opts.Addr = ts.Listener.Addr().String()
	}
	s, err := New(opts)
	require.NoError(t, err)
	ts.Config.Handler = s
	ts.Start()
	t.Cleanup(ts.Close)
	return ts, s
}

// question is a small valid form: a profit cap on the baseline.
func question(name string, rate string, runs, years int) url.Values {
	return url.Values{"base": {"baseline"}, "name": {name}, "seed": {"1"},
		"runs": {itoa(runs)}, "years": {itoa(years)}, "on.ProfitCap": {"on"},
		"ProfitCap.rate": {rate}, "ProfitCap.start_week": {"0"}, "ProfitCap.mode": {"PriceCeiling"},
		"ProfitCap.transparency": {"true"}}
}

func itoa(i int) string { return strconv.Itoa(i) }

// post submits a form and returns the status code and body.
func post(t *testing.T, ts *httptest.Server, form url.Values) (int, []byte) {
	t.Helper()
	resp, err := ts.Client().PostForm(ts.URL+"/api/jobs", form)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

// submitted posts a form that must be accepted and returns its status.
func submitted(t *testing.T, ts *httptest.Server, form url.Values) Status {
	t.Helper()
	code, b := post(t, ts, form)
	require.Equal(t, http.StatusAccepted, code, "%s", b)
	var st Status
	require.NoError(t, json.Unmarshal(b, &st))
	return st
}

// follow reads a job's events until its final status; cancelAt, when
// not nil, is called once the job runs.
func follow(t *testing.T, ts *httptest.Server, id string, cancelAt func()) Status {
	t.Helper()
	resp, err := ts.Client().Get(ts.URL + "/api/jobs/" + id + "/events")
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, "text/event-stream", resp.Header.Get("Content-Type"))
	sc := bufio.NewScanner(resp.Body)
	var last Status
	for sc.Scan() {
		data, ok := strings.CutPrefix(sc.Text(), "data: ")
		if !ok {
			continue
		}
		require.NoError(t, json.Unmarshal([]byte(data), &last))
		if last.State == StateRunning && cancelAt != nil {
			cancelAt()
			cancelAt = nil
		}
		if finished(last.State) {
			return last
		}
	}
	t.Fatalf("event stream ended without a final status (last %+v)", last)
	return last
}

// TestEveryInterventionHasControls checks that every registered
// intervention type is a lever with a plain-words title, help from
// docs/interventions.md, and a labelled control with help for every key,
// so that a type added later is flagged until it is described.
func TestEveryInterventionHasControls(t *testing.T) {
	_, s := start(t, Options{})
	byType := map[string]Lever{}
	for _, l := range s.Levers() {
		byType[l.Type] = l
	}
	for _, typ := range scenarios.InterventionTypes() {
		if slices.Contains(historyEvents, typ) {
			_, ok := byType[typ]
			assert.False(t, ok, "history event %s offered as a lever", typ)
			continue
		}
		l, ok := byType[typ]
		if !assert.True(t, ok, "intervention type %s has no lever", typ) {
			continue
		}
		assert.Contains(t, titles, typ, "%s: add a plain-words title to titles in labels.go", typ)
		assert.Contains(t, order, typ, "%s: add it to order in labels.go", typ)
		assert.NotEmpty(t, l.Help, "%s: no help in docs/interventions.md (regenerate help.json)", typ)
		iv, _ := scenarios.NewIntervention(typ)
		assert.NotEmpty(t, l.Controls, "%s", typ)
		for _, c := range l.Controls {
			assert.True(t, hasLabel(typ, c.Key), "%s.%s: add a label to labels in labels.go", typ, c.Key)
			if c.Key != startKey {
				assert.NotEmpty(t, c.Help, "%s.%s: no help in docs/scenario-files.md (regenerate help.json)", typ, c.Key)
			}
		}
		_ = iv
	}
}

// TestControlRanges checks ranges and choices read from the validators.
func TestControlRanges(t *testing.T) {
	_, s := start(t, Options{})
	find := func(typ, key string) Control {
		for _, l := range s.Levers() {
			for _, c := range l.Controls {
				if c.Type == typ && c.Key == key {
					return c
				}
			}
		}
		t.Fatalf("no control %s.%s", typ, key)
		return Control{}
	}
	tests := []struct {
		typ, key, kind, min, max string
		options                  []string
	}{
		{"ProfitCap", "rate", KindNumber, "0", "0.5", nil},
		{"ProfitCap", "mode", KindChoice, "", "", []string{"PriceCeiling", "Clawback"}},
		{"ProfitCap", "phase_in_years", KindInteger, "0", "10", nil},
		{"ProfitCap", "transparency", KindBool, "", "", nil},
		{"ProfitCap", startKey, KindInteger, "0", "519", nil},
		{"UnregisteredBan", "mode", KindChoice, "", "", []string{"Ban", "Enforce"}},
		{"PriceCap", "childrens_home.standard", KindNumber, "0", "1000000", nil},
		{"NFPEntry", "regions", KindList, "", "", nil},
	}
	for _, tc := range tests {
		t.Run(tc.typ+"."+tc.key, func(t *testing.T) {
			c := find(tc.typ, tc.key)
			assert.Equal(t, tc.kind, c.Kind)
			assert.Equal(t, tc.min, c.Min)
			assert.Equal(t, tc.max, c.Max)
			if tc.options != nil {
				assert.Equal(t, tc.options, c.Options)
			}
		})
	}
	assert.Contains(t, find("NFPEntry", "regions").Options, "North East")
}

// TestValidationErrors checks that bad values are refused, each next to
// its control, with the scenario files' messages.
func TestValidationErrors(t *testing.T) {
	ts, _ := start(t, Options{MaxRuns: 20, MaxYears: 5})
	with := func(k, v string) url.Values {
		f := question("v1", "0.15", 2, 2)
		f.Set(k, v)
		return f
	}
	tests := []struct {
		name string
		form url.Values
		id   string
		want string
	}{
		{"rate out of range", with("ProfitCap.rate", "0.9"), "c-ProfitCap-rate", "allowed 0 to 0.5"},
		{"rate not a number", with("ProfitCap.rate", "lots"), "c-ProfitCap-rate", "want a number"},
		{"mode unknown", with("ProfitCap.mode", "Cap"), "c-ProfitCap-mode", "PriceCeiling or Clawback"},
		{"start after horizon", with("ProfitCap.start_week", "200"), "c-ProfitCap-start-week", "200"},
		{"one run", with("runs", "1"), idRuns, "at least 2"},
		{"too many runs", with("runs", "21"), idRuns, "2 to 20"},
		{"too many years", with("years", "6"), idYears, "1 to 5"},
		{"bad name", with("name", "a b/c"), idName, "a b/c"},
		{"base name", with("name", "baseline"), idName, "base scenario's name"},
		{"unknown base", with("base", "nowhere"), idBase, "not a built-in"},
		{"bad seed", with("seed", "-1"), idSeed, "whole number"},
		{"rule set twice", with("base", "profit-cap"), "lever-ProfitCap", "already sets"},
		{"YAML injection stays a value", with("ProfitCap.mode", "Clawback\nrunner: x"), "c-ProfitCap-mode", "PriceCeiling or Clawback"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, b := post(t, ts, tc.form)
			require.Equal(t, http.StatusUnprocessableEntity, code, "%s", b)
			var fe FormErrors
			require.NoError(t, json.Unmarshal(b, &fe))
			assert.Contains(t, fe.Fields[tc.id], tc.want, "%s", b)
		})
	}
}

// TestToken checks that a server off loopback needs a token, and that
// every request without it is refused.
func TestToken(t *testing.T) {
	_, err := New(Options{Addr: "0.0.0.0:8080"})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "token")
	ts := httptest.NewUnstartedServer(nil)
	_, port, _ := strings.Cut(ts.Listener.Addr().String(), ":")
	const token = "0123456789abcdef0123456789abcdef"
	s, err := New(Options{Addr: "0.0.0.0:" + port, Token: token, AllowedHosts: []string{"127.0.0.1"}})
	require.NoError(t, err)
	ts.Config.Handler = s
	ts.Start()
	defer ts.Close()
	c := ts.Client()
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	get := func(path string, h map[string]string) *http.Response {
		req, _ := http.NewRequest("GET", ts.URL+path, nil)
		for k, v := range h {
			req.Header.Set(k, v)
		}
		resp, err := c.Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		return resp
	}
	assert.Equal(t, http.StatusUnauthorized, get("/", nil).StatusCode)
	assert.Equal(t, http.StatusUnauthorized, get("/static/app.js", nil).StatusCode)
	assert.Equal(t, http.StatusUnauthorized, get("/?token=wrong", nil).StatusCode)
	assert.Equal(t, http.StatusUnauthorized, get("/", map[string]string{"Cookie": tokenCookie + "=wrong"}).StatusCode)
	r := get("/?token="+token, nil)
	require.Equal(t, http.StatusSeeOther, r.StatusCode)
	require.Len(t, r.Cookies(), 1)
	assert.True(t, r.Cookies()[0].HttpOnly)
	assert.Equal(t, "/", r.Header.Get("Location"), "the token leaves the address bar")
	assert.Equal(t, http.StatusOK, get("/", map[string]string{"Cookie": tokenCookie + "=" + token}).StatusCode)
	assert.Equal(t, http.StatusOK, get("/static/app.js", map[string]string{"Authorization": "Bearer " + token}).StatusCode)
}

// TestHostAndOrigin checks the defences against DNS rebinding and
// cross-site requests.
func TestHostAndOrigin(t *testing.T) {
	ts, _ := start(t, Options{})
	_, port, _ := strings.Cut(strings.TrimPrefix(ts.URL, "http://"), ":")
	tests := []struct {
		host, origin, site string
		want               int
	}{
		{"", "", "", http.StatusOK},
		{"localhost:" + port, "", "", http.StatusOK},
		{"evil.example:" + port, "", "", http.StatusMisdirectedRequest},
		{"127.0.0.1:1", "", "", http.StatusMisdirectedRequest},
		{"", "http://evil.example", "", http.StatusForbidden},
		{"", "", "cross-site", http.StatusForbidden},
		{"", "http://127.0.0.1:" + port, "same-origin", http.StatusOK},
	}
	for _, tc := range tests {
		req, _ := http.NewRequest("GET", ts.URL+"/", nil)
		if tc.host != "" {
			req.Host = tc.host
		}
		if tc.origin != "" {
			req.Header.Set("Origin", tc.origin)
		}
		if tc.site != "" {
			req.Header.Set("Sec-Fetch-Site", tc.site)
		}
		resp, err := ts.Client().Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		assert.Equal(t, tc.want, resp.StatusCode, "host %q origin %q site %q", tc.host, tc.origin, tc.site)
	}
}

// TestSizeLimits checks that a body over the limit, and an uploaded file
// over the scenario files' limit, are refused with 413.
func TestSizeLimits(t *testing.T) {
	ts, _ := start(t, Options{MaxBody: 64 << 10})
	f := question("v1", "0.15", 2, 2)
	f.Set("pad", strings.Repeat("x", 70<<10))
	code, _ := post(t, ts, f)
	assert.Equal(t, http.StatusRequestEntityTooLarge, code)

	ts2, _ := start(t, Options{MaxBody: 4 << 20})
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, v := range question("v1", "0.15", 2, 2) {
		mw.WriteField(k, v[0])
	}
	mw.WriteField("base", "upload")
	fw, _ := mw.CreateFormFile("basefile", "big.yaml")
	fw.Write([]byte("# " + strings.Repeat("x", scenarios.MaxFileBytes) + "\n"))
	mw.Close()
	resp, err := ts2.Client().Post(ts2.URL+"/api/jobs", mw.FormDataContentType(), &body)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusRequestEntityTooLarge, resp.StatusCode)
}

// TestUploadErrors checks that a bad uploaded file is reported next to
// the file control, with its line.
func TestUploadErrors(t *testing.T) {
	ts, _ := start(t, Options{})
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	f := question("v1", "0.15", 2, 2)
	f.Set("base", "upload")
	for k, v := range f {
		mw.WriteField(k, v[0])
	}
	fw, _ := mw.CreateFormFile("basefile", "mine.yaml")
	fw.Write([]byte("name: mine\nruns: 3\nyeers: 2\n"))
	mw.Close()
	resp, err := ts.Client().Post(ts.URL+"/api/jobs", mw.FormDataContentType(), &body)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	require.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode, "%s", b)
	assert.Contains(t, string(b), idBaseFile)
	assert.Contains(t, string(b), "yeers")
}

// TestQueueAndCancel checks that at most MaxJobs jobs run, MaxQueued
// wait, more are refused, and that a cancelled job stops.
func TestQueueAndCancel(t *testing.T) {
	ts, _ := start(t, Options{MaxJobs: 1, MaxQueued: 1, MaxRuns: 50, Workers: 1})
	a := submitted(t, ts, question("a", "0.15", 50, 10))
	b := submitted(t, ts, question("b", "0.2", 50, 10))
	code, body := post(t, ts, question("c", "0.25", 50, 10))
	assert.Equal(t, http.StatusServiceUnavailable, code, "%s", body)
	assert.Contains(t, string(body), "busy")
	cancel := func(id string) func() {
		return func() {
			resp, err := ts.Client().Post(ts.URL+"/api/jobs/"+id+"/cancel", "", nil)
			require.NoError(t, err)
			resp.Body.Close()
			assert.Equal(t, http.StatusNoContent, resp.StatusCode)
		}
	}
	done := make(chan Status, 1)
	go func() { done <- follow(t, ts, b.ID, nil) }()
	t0 := time.Now()
	stA := follow(t, ts, a.ID, cancel(a.ID))
	assert.Equal(t, StateCancelled, stA.State)
	t.Logf("job a cancelled %v after the cancel was sent", time.Since(t0))
	cancel(b.ID)()
	stB := <-done
	assert.Equal(t, StateCancelled, stB.State)
	resp, err := ts.Client().Post(ts.URL+"/api/jobs/nope/cancel", "", nil)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)
}

// TestUnwatchedJobCancelled checks that a job nobody watches is cancelled.
func TestUnwatchedJobCancelled(t *testing.T) {
	ts, s := start(t, Options{IdleCancel: 50 * time.Millisecond, Workers: 1})
	st := submitted(t, ts, question("a", "0.15", 50, 10))
	j := s.jobs.get(st.ID)
	require.NotNil(t, j)
	deadline := time.Now().Add(2 * time.Minute)
	for {
		got, _ := j.status()
		if finished(got.State) {
			assert.Equal(t, StateCancelled, got.State)
			return
		}
		require.True(t, time.Now().Before(deadline), "the unwatched job was not cancelled")
		time.Sleep(20 * time.Millisecond)
	}
}

// TestRunCacheAndExports runs a small comparison, then checks the cache
// (the same question twice is not run again, a second variant reuses the
// base, a new server reads the disk cache) and the exports.
func TestRunCacheAndExports(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the England model")
	}
	dir := t.TempDir()
	ts, _ := start(t, Options{CacheDir: dir})
	st := submitted(t, ts, question("cap15", "0.15", 2, 1))
	assert.Equal(t, 4, st.Total, "base and variant, 2 runs each")
	fin := follow(t, ts, st.ID, nil)
	require.Equal(t, StateDone, fin.State, fin.Error)

	again := submitted(t, ts, question("cap15", "0.15", 2, 1))
	assert.Equal(t, 0, again.Total, "the same question is answered from the cache")
	other := submitted(t, ts, question("cap20", "0.2", 2, 1))
	assert.Equal(t, 2, other.Total, "the base is simulated once per seed set")
	assert.Equal(t, st.Base, other.Base)
	require.Equal(t, StateDone, follow(t, ts, other.ID, nil).State)

	q := "?b=" + st.Base + "&v=" + st.Variant + "&v=" + other.Variant
	get := func(path string) (int, []byte) {
		resp, err := ts.Client().Get(ts.URL + path)
		require.NoError(t, err)
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, b
	}
	code, b := get("/api/answer" + q)
	require.Equal(t, http.StatusOK, code, "%s", b)
	var a Answer
	require.NoError(t, json.Unmarshal(b, &a))
	assert.Contains(t, string(a.Headline), `<table class="headline">`)
	assert.Contains(t, string(a.Headline), "cap20")
	assert.Len(t, a.Figures, 3)
	require.Len(t, a.Variants, 2)
	assert.Contains(t, a.Variants[0].Robustness, "untested")
	for _, name := range []string{"comparison", "differences", "tradeoff", "dashboard"} {
		code, b := get("/api/csv/" + name + ".csv" + q)
		require.Equal(t, http.StatusOK, code, name)
		assert.Contains(t, string(b), "cap20", name)
	}
	code, b = get("/api/scenario/" + st.Variant + ".yaml")
	require.Equal(t, http.StatusOK, code)
	sc, err := scenarios.Parse("cap15.yaml", b)
	require.NoError(t, err, "the exported file is a valid scenario file")
	assert.Equal(t, "cap15", sc.Name)
	code, b = get("/api/report" + q)
	require.Equal(t, http.StatusOK, code)
	assert.Contains(t, string(b), `<table class="headline">`)

	ts2, _ := start(t, Options{CacheDir: dir})
	fromDisk := submitted(t, ts2, question("cap15", "0.15", 2, 1))
	assert.Equal(t, 0, fromDisk.Total, "a new server reads the disk cache")
	code, _ = get("/api/answer?b=" + st.Base + "&v=" + strings.Repeat("0", 32))
	assert.Equal(t, http.StatusGone, code)
}

// robustnessFile returns a robustness.json of the England baseline over
// years that swept profit-cap: cheaper in 96% of sets, more children
// waiting in 60%.
func robustnessFile(t *testing.T, years int) []byte {
	t.Helper()
	h, err := calibrate.ConfigSHA256(nil)
	require.NoError(t, err)
	f := calibrate.RobustnessFile{Format: calibrate.RobustnessFormat, Sets: 50, Runs: 2, Years: years, ConfigSHA256: h, Threshold: 0.9}
	sc := calibrate.RobustScenario{Name: "profit-cap"}
	for _, o := range calibrate.RobustnessOutcomes() {
		f.Outcomes = append(f.Outcomes, calibrate.RobustOutcome{Name: o.Name})
		e := calibrate.RobustEffect{Outcome: o.Name, Sign: 1, SignShare: 0.6}
		if o.Name == "net_public_cost_gbp" {
			e = calibrate.RobustEffect{Outcome: o.Name, Sign: -1, SignShare: 0.96, Robust: true}
		}
		sc.Effects = append(sc.Effects, e)
	}
	f.Scenarios = []calibrate.RobustScenario{sc}
	b, err := json.Marshal(f)
	require.NoError(t, err)
	return b
}

// TestRobustness checks that the sweep's shares are shown for a variant
// that is a swept built-in, parameter for parameter, over the sweep's
// horizon, and that any other variant is said to be untested; and that a
// file of another format is refused when the server starts.
func TestRobustness(t *testing.T) {
	_, s := start(t, Options{Robustness: robustnessFile(t, 2), RobustnessSource: "robustness.json"})
	entry := func(form url.Values) (*Entry, *Entry) {
		q, fe := s.Parse(form, nil)
		require.Nil(t, fe)
		return &Entry{YAML: q.BaseYAML, Scenario: q.Base}, &Entry{YAML: q.VariantYAML, Scenario: q.Variant}
	}
	f := question("v", "0.1", 2, 2)
	f.Set("ProfitCap.start_week", "52")
	f.Set("ProfitCap.phase_in_years", "2")
	f.Set("ProfitCap.trigger", "0.25")
	base, v := entry(f)
	assert.Equal(t, "Robustness (the sweep of built-in \"profit-cap\" across 50 parameter sets of the uncertain parameters, robustness.json): "+
		"net public cost lower in 96% of sets (robust); children waiting higher in 60% of sets (uncertain); children in unregistered settings higher in 60% of sets (uncertain). "+
		"A cell is marked better or worse only where the sign holds in at least 90% of sets.", s.robustness(base, v))
	f.Set("years", "3")
	base, v = entry(f)
	assert.Contains(t, s.robustness(base, v), "untested", "another horizon")
	f.Set("years", "2")
	f.Set("ProfitCap.rate", "0.15")
	base, v = entry(f)
	assert.Contains(t, s.robustness(base, v), "untested")

	_, err := New(Options{Addr: "127.0.0.1:0", Robustness: []byte("scenario,beats_cost\n"), RobustnessSource: "robustness.csv"})
	assert.ErrorContains(t, err, "robustness.csv")
}

// TestUploadedBase checks that the levers are added to an uploaded base
// file after its own interventions, and that a problem of a lever is
// still shown next to it.
func TestUploadedBase(t *testing.T) {
	_, s := start(t, Options{})
	upload := []byte("name: mine\nextends: baseline\nruns: 3\ninterventions:\n  - type: NFPEntry\n    homes: 50\n")
	f := question("v1", "0.15", 2, 2)
	f.Set("base", "upload")
	q, fe := s.Parse(f, upload)
	require.Nil(t, fe)
	assert.Equal(t, "mine", q.Base.Name)
	assert.Len(t, q.Base.Interventions, 1)
	assert.Equal(t, "v1", q.Variant.Name)
	require.Len(t, q.Variant.Interventions, 2)
	assert.Contains(t, q.Variant.Interventions[1].Name(), "ProfitCap")
	assert.Equal(t, 2, q.Variant.Runs, "the form's runs replace the file's")

	f.Set("ProfitCap.rate", "0.7")
	_, fe = s.Parse(f, upload)
	require.NotNil(t, fe)
	assert.Contains(t, fe.Fields["c-ProfitCap-rate"], "allowed 0 to 0.5")

	twice := []byte("name: mine\ninterventions:\n  - type: ProfitCap\n")
	f.Set("ProfitCap.rate", "0.15")
	_, fe = s.Parse(f, twice)
	require.NotNil(t, fe)
	assert.Contains(t, fe.Fields["lever-ProfitCap"], "sets rule")
}

// TestPrewarm checks that Prewarm caches the base of the page's default
// question (capped by the server's limits), so a default question then
// simulates only its variant, and that the page starts with those values.
func TestPrewarm(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the England model")
	}
	ts, s := start(t, Options{MaxRuns: 2, MaxYears: 1, CacheDir: t.TempDir()})
	require.NoError(t, s.Prewarm(context.Background()))
	form := s.defaultForm()
	assert.Equal(t, "2", form.Get("runs"), "capped by MaxRuns")
	assert.Equal(t, "1", form.Get("years"), "capped by MaxYears")
	q := question("cap15", "0.15", 2, 1)
	st := submitted(t, ts, q)
	assert.Equal(t, 2, st.Total, "the default base is cached: only the variant runs")
	require.Equal(t, StateDone, follow(t, ts, st.ID, nil).State)

	resp, err := ts.Client().Get(ts.URL + "/")
	require.NoError(t, err)
	defer resp.Body.Close()
	page, _ := io.ReadAll(resp.Body)
	assert.Contains(t, string(page), `name="runs" value="2"`)
	assert.Contains(t, string(page), `name="name" value="variant-1"`)
	assert.Contains(t, string(page), `<option value="baseline" selected>`)

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, s2 := start(t, Options{MaxRuns: 2, MaxYears: 1, CacheDir: t.TempDir()})
	assert.ErrorIs(t, s2.Prewarm(ctx), context.Canceled)
}
