package explorer

import (
	"bytes"
	"crypto/subtle"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/caremarket/caremarket/calibrate"
	"github.com/caremarket/caremarket/scenarios"
)

//go:embed web
var webFS embed.FS

// Options set up a Server. The zero value of a field means its default.
type Options struct {
	// Addr is the address the server listens on, host:port: it decides
	// the Host headers accepted (see AllowedHosts).
	Addr string
	// Token, when not empty, is required on every request: as the
	// "token" query parameter of the first page (which sets a cookie),
	// the cookie, or an "Authorization: Bearer" header. Required when
	// Addr is not a loopback address.
	Token string
	// AllowedHosts are extra host names (without port) accepted in the
	// Host header, beyond Addr's host and, on a loopback address or on
	// every interface (0.0.0.0, ::), localhost, 127.0.0.1 and ::1.
	AllowedHosts []string
	// MaxRuns and MaxYears bound a question (defaults 50 and 10).
	MaxRuns, MaxYears int
	// MaxJobs is the number of jobs run at once (default 1: a job uses
	// every core) and MaxQueued the number waiting (default 4); beyond
	// them a Run is refused with 503.
	MaxJobs, MaxQueued int
	// Workers is the number of runs of a job done at once (default
	// GOMAXPROCS).
	Workers int
	// IdleCancel is how long a job may go unwatched before it is
	// cancelled (default 20 s).
	IdleCancel time.Duration
	// CacheEntries is the number of ensembles kept in memory (default
	// 32); CacheDir, when set, keeps them on disk too, at most
	// CacheBytes (default 1 GB), the least recently used evicted first.
	CacheEntries int
	CacheDir     string
	CacheBytes   int64
	// MaxBody is the largest request body (default: the largest scenario
	// file plus 64 KB for the form).
	MaxBody int64
	// Robustness is robustness.json of `caremarket robustness` (the sweep
	// of the built-in interventions across the parameters' plausible
	// ranges, calibrate.RobustnessFile), named by RobustnessSource; nil
	// means none. The headline table marks a cell better or worse only
	// where it says the effect is robust (report.Options.Robustness).
	Robustness       []byte
	RobustnessSource string
	// Validation is checks.csv of `caremarket calibrate`, for the
	// caveats of the headline table (report.Options.Validation).
	Validation []byte
}

func (o *Options) defaults() {
	def := func(p *int, v int) {
		if *p <= 0 {
			*p = v
		}
	}
	def(&o.MaxRuns, 50)
	def(&o.MaxYears, 10)
	def(&o.MaxJobs, 1)
	if o.MaxQueued < 0 {
		o.MaxQueued = 0
	} else if o.MaxQueued == 0 {
		o.MaxQueued = 4
	}
	def(&o.CacheEntries, 32)
	if o.IdleCancel <= 0 {
		o.IdleCancel = 20 * time.Second
	}
	if o.CacheBytes <= 0 {
		o.CacheBytes = 1 << 30
	}
	if o.MaxBody <= 0 {
		o.MaxBody = scenarios.MaxFileBytes + 64<<10
	}
	o.MaxYears = min(o.MaxYears, scenarios.MaxYears)
}

// Server is the workshop explorer: an http.Handler serving the page, the
// jobs and the answers.
type Server struct {
	opts     Options
	levers   []Lever
	builtins []scenarios.Info
	jobs     *jobs
	cache    *cache
	page     *template.Template
	hosts    []string
	mux      *http.ServeMux
	robust   *calibrate.RobustnessFile // nil: none
}

// New returns a server. It fails when Addr is not a loopback address and
// no Token is given.
func New(opts Options) (*Server, error) {
	opts.defaults()
	host, port, err := net.SplitHostPort(opts.Addr)
	if err != nil {
		return nil, fmt.Errorf("explorer: address %q: %w", opts.Addr, err)
	}
	if !isLoopback(host) && opts.Token == "" {
		return nil, fmt.Errorf("explorer: address %q is not a loopback address: a token is required", opts.Addr)
	}
	cfg, err := scenarios.Baseline()
	if err != nil {
		return nil, err
	}
	s := &Server{opts: opts, builtins: scenarios.List()}
	if opts.Robustness != nil {
		if s.robust, err = calibrate.ReadRobustness(opts.Robustness); err != nil {
			return nil, fmt.Errorf("explorer: %s: %w", opts.RobustnessSource, err)
		}
	}
	if s.levers, err = Levers(cfg, opts.MaxYears); err != nil {
		return nil, err
	}
	s.cache = newCache(opts.CacheEntries, opts.CacheDir, opts.CacheBytes)
	s.jobs = newJobs(opts.MaxJobs, opts.MaxQueued, opts.Workers, opts.IdleCancel, s.cache)
	s.hosts = allowedHosts(host, port, opts.AllowedHosts)
	if s.page, err = template.New("index.html.tmpl").Funcs(template.FuncMap{"has": slices.Contains[[]string], "splitParas": func(s string) []string { return strings.Split(s, "\n\n") }}).
		ParseFS(webFS, "web/index.html.tmpl"); err != nil {
		return nil, err
	}
	s.routes()
	return s, nil
}

// isLoopback reports whether host is a loopback name or address.
func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// allowedHosts lists the host:port values the Host header may hold: the
// listening host, the extra names, and the loopback names when the server
// listens on loopback or on every interface.
func allowedHosts(host, port string, extra []string) []string {
	names := append([]string{host}, extra...)
	if ip := net.ParseIP(host); isLoopback(host) || (ip != nil && ip.IsUnspecified()) {
		names = append(names, "localhost", "127.0.0.1", "::1")
	}
	var out []string
	for _, n := range names {
		out = append(out, net.JoinHostPort(strings.Trim(n, "[]"), port))
	}
	return out
}

// Levers returns the server's levers (for tests and documentation).
func (s *Server) Levers() []Lever { return s.levers }

func (s *Server) isBuiltin(name string) bool {
	return slices.ContainsFunc(s.builtins, func(i scenarios.Info) bool { return i.Name == name })
}

func (s *Server) routes() {
	m := http.NewServeMux()
	m.HandleFunc("GET /{$}", s.index)
	static, _ := fs.Sub(webFS, "web")
	m.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(static)))
	m.HandleFunc("POST /api/jobs", s.submit)
	m.HandleFunc("GET /api/jobs/{id}/events", s.events)
	m.HandleFunc("POST /api/jobs/{id}/cancel", s.cancelJob)
	m.HandleFunc("GET /api/answer", s.answer)
	m.HandleFunc("GET /api/csv/{name}", s.csv)
	m.HandleFunc("GET /api/scenario/{key}", s.exportYAML)
	m.HandleFunc("GET /api/report", s.exportReport)
	s.mux = m
}

// ServeHTTP checks the Host, Origin and token of every request, limits
// its body and serves it.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; form-action 'self'")
	if !slices.Contains(s.hosts, strings.ToLower(r.Host)) {
		http.Error(w, "host not allowed: open the explorer at the address it printed", http.StatusMisdirectedRequest)
		return
	}
	if o := r.Header.Get("Origin"); o != "" && o != "http://"+r.Host {
		http.Error(w, "cross-origin request refused", http.StatusForbidden)
		return
	}
	if r.Header.Get("Sec-Fetch-Site") == "cross-site" {
		http.Error(w, "cross-site request refused", http.StatusForbidden)
		return
	}
	if s.opts.Token != "" && !s.authorised(w, r) {
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, s.opts.MaxBody)
	s.mux.ServeHTTP(w, r)
}

// tokenCookie is the cookie that carries the token after the first page.
const tokenCookie = "caremarket_explorer"

// authorised checks the token; the first page may carry it in its query,
// which is moved into a cookie by a redirect.
func (s *Server) authorised(w http.ResponseWriter, r *http.Request) bool {
	ok := func(t string) bool { return subtle.ConstantTimeCompare([]byte(t), []byte(s.opts.Token)) == 1 }
	if t := r.URL.Query().Get("token"); t != "" && r.Method == http.MethodGet && r.URL.Path == "/" && ok(t) {
		http.SetCookie(w, &http.Cookie{Name: tokenCookie, Value: t, Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode})
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return false
	}
	if c, err := r.Cookie(tokenCookie); err == nil && ok(c.Value) {
		return true
	}
	if a, found := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); found && ok(a) {
		return true
	}
	http.Error(w, "token required: open the address with the token that caremarket serve printed", http.StatusUnauthorized)
	return false
}

// index serves the page.
func (s *Server) index(w http.ResponseWriter, r *http.Request) {
	data := struct {
		Levers             []Lever
		Builtins           []scenarios.Info
		MaxRuns, MaxYears  int
		MaxFile            int
		MaxJobs, MaxQueued int
		Default            url.Values
	}{s.levers, s.builtins, s.opts.MaxRuns, s.opts.MaxYears, scenarios.MaxFileBytes, s.opts.MaxJobs, s.opts.MaxQueued, s.defaultForm()}
	// The page is rendered whole before anything is sent, so that a
	// template error is a clean 500 rather than half a page.
	var buf bytes.Buffer
	if err := s.page.Execute(&buf, data); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	buf.WriteTo(w)
}

// writeJSON writes v as JSON with status code.
func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v)
}

// submit validates a question and starts its job: 422 with the problems
// by control, 413 for a body too large, 503 when busy.
func (s *Server) submit(w http.ResponseWriter, r *http.Request) {
	form, upload, err := s.readForm(r)
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			writeJSON(w, http.StatusRequestEntityTooLarge, FormErrors{General: []string{fmt.Sprintf("the request is over %d bytes (a scenario file may have at most %d)", s.opts.MaxBody, scenarios.MaxFileBytes)}})
			return
		}
		writeJSON(w, http.StatusBadRequest, FormErrors{General: []string{err.Error()}})
		return
	}
	q, fe := s.Parse(form, upload)
	if fe != nil {
		writeJSON(w, http.StatusUnprocessableEntity, fe)
		return
	}
	j, err := s.jobs.submit(q)
	if err != nil {
		writeJSON(w, http.StatusServiceUnavailable, FormErrors{General: []string{err.Error()}})
		return
	}
	st, _ := j.status()
	writeJSON(w, http.StatusAccepted, st)
}

// readForm reads a urlencoded or multipart form and the uploaded base
// file, if any.
func (s *Server) readForm(r *http.Request) (url.Values, []byte, error) {
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		if err := r.ParseMultipartForm(s.opts.MaxBody); err != nil {
			return nil, nil, err
		}
		defer r.MultipartForm.RemoveAll()
		var upload []byte
		if f, _, err := r.FormFile("basefile"); err == nil {
			defer f.Close()
			b, err := io.ReadAll(io.LimitReader(f, scenarios.MaxFileBytes+1))
			if err != nil {
				return nil, nil, err
			}
			if len(b) > scenarios.MaxFileBytes {
				return nil, nil, &http.MaxBytesError{Limit: scenarios.MaxFileBytes}
			}
			upload = b
		}
		return r.MultipartForm.Value, upload, nil
	}
	if err := r.ParseForm(); err != nil {
		return nil, nil, err
	}
	return r.PostForm, nil, nil
}

// events streams a job's status as Server-Sent Events ("status" events,
// the last one final) while the client listens.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	j := s.jobs.get(r.PathValue("id"))
	if j == nil {
		http.Error(w, "no such job", http.StatusNotFound)
		return
	}
	fl, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	unwatch := j.watch(s.opts.IdleCancel)
	defer unwatch()
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	tick := time.NewTicker(15 * time.Second)
	defer tick.Stop()
	for {
		st, changed := j.status()
		if st.State == StateQueued {
			st.Position = s.jobs.position(j)
		}
		b, _ := json.Marshal(st)
		fmt.Fprintf(w, "event: status\ndata: %s\n\n", b)
		fl.Flush()
		if finished(st.State) {
			return
		}
		select {
		case <-changed:
		case <-tick.C:
			fmt.Fprint(w, ": keep-alive\n\n")
		case <-r.Context().Done():
			return
		}
	}
}

// cancelJob cancels a job.
func (s *Server) cancelJob(w http.ResponseWriter, r *http.Request) {
	j := s.jobs.get(r.PathValue("id"))
	if j == nil {
		http.Error(w, "no such job", http.StatusNotFound)
		return
	}
	j.cancel()
	w.WriteHeader(http.StatusNoContent)
}
