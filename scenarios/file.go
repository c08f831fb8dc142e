package scenarios

import (
	"github.com/caremarket/caremarket/internal/safeio"

	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"go.yaml.in/yaml/v3"

	"github.com/caremarket/caremarket/internal/strictyaml"
	"github.com/caremarket/caremarket/market"
)

// MaxFileBytes is the largest scenario file LoadFile and Parse accept:
// 2 MB, about 40 times the largest realistic file (every key of the
// baseline overridden and all 153 councils listed, comments included, is
// about 50 KB), with room for a list of MaxCouncils councils written one
// mapping a line (about 1.1 MB).
const MaxFileBytes = 2 << 20

// tooBig describes a file of n bytes, over MaxFileBytes.
func tooBig(n int64) string {
	return fmt.Sprintf("file is %d bytes: scenario files may be at most %d bytes (2 MB)", n, MaxFileBytes)
}

// FileError is a problem in a scenario file: the file, the line (0 when it
// is not known), the key's path in the file (e.g.
// "overrides.demand.starters_per_year") and what is wrong.
type FileError struct {
	File  string
	Line  int
	Field string
	Msg   string
	// Err is the underlying error, if any (e.g. a *market.FieldError).
	Err error
}

func (e *FileError) Error() string {
	var b strings.Builder
	b.WriteString(printable(safeio.Clip(e.File)))
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	b.WriteString(": ")
	if e.Field != "" {
		b.WriteString(printable(safeio.Clip(e.Field)))
		b.WriteString(": ")
	}
	b.WriteString(printable(e.Msg))
	return b.String()
}

// printable escapes the characters of s that are not printable (line
// breaks, tabs, terminal escapes, …) as Go does in quoted strings, so that
// an error is one line per problem whatever a file's keys and values hold.
func printable(s string) string {
	clean := true
	for _, r := range s {
		if !unicode.IsPrint(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if unicode.IsPrint(r) {
			b.WriteRune(r)
		} else {
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
		}
	}
	return b.String()
}

// Unwrap returns the underlying error.
func (e *FileError) Unwrap() error { return e.Err }

// fileHeader is the top level of a scenario file. Overrides and
// Interventions are decoded separately.
type fileHeader struct {
	Name          string      `yaml:"name"`
	Description   string      `yaml:"description"`
	Extends       string      `yaml:"extends"`
	Seed          uint64      `yaml:"seed"`
	Runs          int         `yaml:"runs"`
	Years         int         `yaml:"years"`
	Start         string      `yaml:"start"`
	Overrides     yaml.Node   `yaml:"overrides"`
	Interventions []yaml.Node `yaml:"interventions"`
}

// LoadFile reads a scenario file (see docs/scenario-files.md). Files over
// MaxFileBytes are refused before they are read. Errors name the file, the
// line and the key.
func LoadFile(path string) (*Scenario, error) {
	// Stat before opening: opening a FIFO or a device can block for ever.
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if st.IsDir() {
		return nil, &FileError{File: path, Msg: "is a directory, not a scenario file"}
	}
	if !st.Mode().IsRegular() {
		return nil, &FileError{File: path, Msg: fmt.Sprintf("is not a regular file (%s): scenario files are plain files", fileKind(st.Mode()))}
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if st.Size() > MaxFileBytes {
		return nil, &FileError{File: path, Msg: tooBig(st.Size())}
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxFileBytes+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return Parse(path, data)
}

// Parse reads a scenario file's content; name is the file's name, used in
// errors, as the default scenario name (its base name without extension)
// and nowhere else. The file extends a built-in scenario (by default the
// England baseline): overrides are laid over the built-in's configuration
// by their YAML names (a list replaces the whole list), and interventions
// are added to the built-in's. Unknown keys, values of the wrong type and
// values out of range are errors naming the file, line and key; several
// problems are joined.
func Parse(name string, data []byte) (sc *Scenario, err error) {
	defer func() {
		if r := recover(); r != nil {
			sc, err = nil, &FileError{File: name, Msg: fmt.Sprintf("internal error reading the file (please report it): %v", r)}
		}
	}()
	if len(data) > MaxFileBytes {
		return nil, &FileError{File: name, Msg: tooBig(int64(len(data)))}
	}
	if n := separators(data); n > maxNodes {
		return nil, &FileError{File: name, Msg: fmt.Sprintf("the file is too complex: %d separators (, : - [ { ? and line breaks), each of which may start a value: at most %d", n, maxNodes)}
	}
	p := &fileParser{file: name, lines: map[string]int{}, reported: map[string]bool{}}
	root, err := p.parseYAML(data)
	if err != nil {
		return nil, err
	}
	if strictyaml.Count(root, maxNodes) > maxNodes {
		return nil, &FileError{File: name, Msg: fmt.Sprintf("the file is too complex: more than %d values, aliases expanded", maxNodes)}
	}
	return p.scenario(root, data)
}

// separators counts the bytes of data that can start a YAML value, a bound
// on the nodes the parser would build, found before it builds them.
func separators(data []byte) int {
	n := 0
	for _, b := range data {
		switch b {
		case ',', ':', '-', '[', '{', '?', '\n':
			n++
		}
	}
	return n
}

// fileParser checks a scenario file's YAML against the Go types it is
// decoded into, recording the line of every key by its path.
type fileParser struct {
	file    string
	lines   map[string]int
	errs    []error
	dropped int // problems beyond maxErrors
	budget  int
	// structural counts problems of keys, types and structure, after
	// which values cannot be decoded; reported holds the top-level keys
	// whose values were refused (and left out of the scenario).
	structural int
	reported   map[string]bool
	// inherited is the number of interventions of the extended built-in,
	// which come before the file's in the scenario: the file's
	// interventions[i] is the scenario's interventions[inherited+i].
	inherited int
	// ext is the name of the extended built-in.
	ext string
}

// maxErrors is how many problems a file reports at most.
const maxErrors = 20

// maxNodes bounds the values of a file, aliases expanded: a list of
// MaxCouncils councils has about 170,000.
const maxNodes = 400_000

func (p *fileParser) fail(line int, field, format string, args ...any) {
	p.add(&FileError{File: p.file, Line: line, Field: field, Msg: fmt.Sprintf(format, args...)})
}

func (p *fileParser) err() error {
	if p.dropped > 0 {
		return errors.Join(append(p.errs, &FileError{File: p.file, Msg: fmt.Sprintf("and %d more problems", p.dropped)})...)
	}
	return errors.Join(p.errs...)
}

// add records a problem, up to maxErrors.
func (p *fileParser) add(e error) {
	if len(p.errs) < maxErrors {
		p.errs = append(p.errs, e)
	} else {
		p.dropped++
	}
}

var yamlLineRE = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)

// yamlError turns an error of the yaml package into FileErrors with lines.
func (p *fileParser) yamlError(err error, field string) error {
	var te *yaml.TypeError
	msgs := []string{strings.TrimPrefix(err.Error(), "yaml: ")}
	if errors.As(err, &te) {
		msgs = te.Errors
	}
	var out []error
	for _, m := range msgs {
		fe := &FileError{File: p.file, Field: field, Msg: m}
		if g := yamlLineRE.FindStringSubmatch(m); g != nil {
			fe.Line, _ = strconv.Atoi(g[1])
			fe.Msg = g[2]
		}
		out = append(out, fe)
	}
	return errors.Join(out...)
}

func (p *fileParser) parseYAML(data []byte) (*yaml.Node, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, &FileError{File: p.file, Msg: "the file is empty: a scenario file is a YAML mapping, e.g. \"extends: baseline\""}
		}
		return nil, p.yamlErrorInvalid(err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		return nil, &FileError{File: p.file, Line: extra.Line, Msg: "a scenario file holds one YAML document; found a second (remove the '---')"}
	} else if !errors.Is(err, io.EOF) {
		return nil, p.yamlErrorInvalid(err)
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 {
		return nil, &FileError{File: p.file, Msg: "not a YAML document"}
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, &FileError{File: p.file, Line: root.Line, Msg: fmt.Sprintf("a scenario file is a mapping of keys (name, extends, overrides, …), not %s", strictyaml.KindName(root))}
	}
	return root, nil
}

func (p *fileParser) yamlErrorInvalid(err error) error {
	e := p.yamlError(err, "")
	var fe *FileError
	if errors.As(e, &fe) {
		fe.Msg = "invalid YAML: " + fe.Msg
	}
	return e
}

// scenario builds the scenario of a checked root mapping.
func (p *fileParser) scenario(root *yaml.Node, data []byte) (*Scenario, error) {
	h, err := p.header(root)
	if err != nil {
		return nil, err
	}

	// Structure and types of the overrides and interventions, before the
	// (slower) built-in is built.
	overrides := h.Overrides.Kind != 0 && !strictyaml.IsNull(&h.Overrides)
	if overrides {
		p.check(&h.Overrides, reflect.TypeFor[market.Config](), "overrides")
	}
	var ivs []Intervention
	for i := range h.Interventions {
		if iv := p.intervention(&h.Interventions[i], i); iv != nil {
			ivs = append(ivs, iv)
		}
	}
	p.defaultName(h)
	// Keys, types and structure must be right to decode the values; values
	// out of range (runs, years, the file's name) are independent of the
	// rest, which is still checked so that one pass reports them all.
	if p.structural > 0 {
		return nil, p.err()
	}

	ext := h.Extends
	if ext == "" {
		ext = "baseline"
	}
	sc, err := Builtin(ext)
	if err != nil {
		p.add(&FileError{File: p.file, Line: p.lines["extends"], Field: "extends", Msg: unknownExtends(h.Extends), Err: err})
		return nil, p.err()
	}
	sc.Source = data
	p.setHeader(sc, h, ext)
	if overrides {
		if err := h.Overrides.Decode(sc.Config); err != nil {
			p.add(p.yamlError(err, "overrides"))
			return nil, p.err()
		}
	}
	sc.Interventions = append(sc.Interventions, ivs...)

	// Range checks, with the line of the key at fault.
	if err := sc.Config.Validate(); err != nil {
		p.fieldErrors(err, "overrides.")
	}
	inherited := len(sc.Interventions) - len(ivs)
	p.inherited, p.ext = inherited, ext
	if err := sc.Validate(); err != nil {
		p.fieldErrors(err, "")
	}
	if len(p.errs) > 0 {
		return nil, p.err()
	}
	p.checkReferences(sc, inherited, ext)
	if len(p.errs) > 0 {
		return nil, p.err()
	}
	return sc, nil
}

// unknownExtends describes an extends that names no built-in scenario,
// with the nearest name if there is one.
func unknownExtends(name string) string {
	var names []string
	for _, b := range List() {
		names = append(names, b.Name)
	}
	hint := ""
	if s := strictyaml.Closest(name, names); s != "" {
		hint = fmt.Sprintf(" (did you mean %q?)", s)
	}
	return fmt.Sprintf("%q is not a built-in scenario%s: allowed %s", name, hint, strings.Join(names, ", "))
}

// defaultName names the scenario after the file when the file gives no
// name, reporting a file name that is not a valid scenario name.
func (p *fileParser) defaultName(h *fileHeader) {
	if h.Name != "" {
		return
	}
	base := filepath.Base(p.file)
	h.Name = strings.TrimSuffix(base, filepath.Ext(base))
	if !nameRE.MatchString(h.Name) {
		p.fail(0, "name", "the file name %q is not a valid scenario name: add a key name: with 1 to 64 letters, digits, '-', '_' or '.'", safeio.Clip(h.Name))
		p.reported["name"] = true
	}
}

// header checks the root mapping against fileHeader, decodes it and checks
// the limits of runs, years and councils, before anything is allocated for
// them.
func (p *fileParser) header(root *yaml.Node) (*fileHeader, error) {
	p.check(root, reflect.TypeFor[fileHeader](), "")
	if p.structural > 0 {
		return nil, p.err()
	}
	var h fileHeader
	if err := root.Decode(&h); err != nil {
		return nil, p.yamlError(err, "")
	}
	// Limits first, before anything is allocated for them. A value out of
	// range is reported once and left out of the scenario (which keeps the
	// built-in's), so the rest of the file is still checked.
	if _, ok := p.lines["runs"]; ok && (h.Runs < 1 || h.Runs > MaxRuns) {
		p.fail(p.lines["runs"], "runs", "%d: allowed 1 to %d", h.Runs, MaxRuns)
		p.reported["runs"] = true
	}
	if _, ok := p.lines["years"]; ok && (h.Years < 1 || h.Years > MaxYears) {
		p.fail(p.lines["years"], "years", "%d: allowed 1 to %d", h.Years, MaxYears)
		p.reported["years"] = true
	}
	if n := councilsNode(&h.Overrides); n != nil && len(n.Content) > market.MaxCouncils {
		p.fail(n.Line, "overrides.councils", "%d councils: at most %d", len(n.Content), market.MaxCouncils)
		return nil, p.err() // do not decode a list this long
	}
	return &h, nil
}

// setHeader sets the scenario's name, description, seed, runs, years and
// start from the file's header: those the file gives replace the
// built-in's that it extends (ext).
func (p *fileParser) setHeader(sc *Scenario, h *fileHeader, ext string) {
	sc.Name = h.Name
	if _, ok := p.lines["description"]; ok {
		sc.Description = h.Description
	} else if h.Extends != "" {
		sc.Description = "file " + filepath.Base(p.file) + " extending " + ext
	} else {
		sc.Description = "file " + filepath.Base(p.file)
	}
	if _, ok := p.lines["seed"]; ok {
		sc.Seed = h.Seed
	}
	if _, ok := p.lines["runs"]; ok && !p.reported["runs"] {
		sc.Runs = h.Runs
	}
	if _, ok := p.lines["years"]; ok && !p.reported["years"] {
		sc.Years = h.Years
	}
	if _, ok := p.lines["start"]; ok {
		sc.Start = h.Start
	}
}

// checkReferences checks the names the interventions look up in the
// configuration, so that a file naming an unknown region is refused now
// rather than when the intervention starts, part-way through every run.
// The first inherited interventions come from the built-in ext.
func (p *fileParser) checkReferences(sc *Scenario, inherited int, ext string) {
	for i, iv := range sc.Interventions {
		for _, fe := range referenceErrors(sc.Config, iv) {
			if i < inherited {
				p.add(&FileError{File: p.file, Line: p.lines["extends"], Field: "extends",
					Msg: fmt.Sprintf("%s's intervention %s no longer fits the overrides: %s = %v: %s", ext, iv.Name(), fe.Field, fe.Value, fe.Allowed), Err: fe})
				continue
			}
			field := fmt.Sprintf("interventions[%d].%s", i-inherited, fe.Field)
			p.add(&FileError{File: p.file, Line: p.lineOf(field), Field: field, Msg: fmt.Sprintf("%v: %s", fe.Value, fe.Allowed), Err: fe})
		}
	}
}

// referenceErrors checks the names an intervention looks up in a
// configuration when it is applied: the regions of NFPEntry and
// InHouseBuild, and the co-operative layout and co-ops of
// CoopCommissioning.
func referenceErrors(cfg *market.Config, iv Intervention) []*market.FieldError {
	var errs []*market.FieldError
	regions := func(names []string) {
		var all []string
		known := map[string]bool{}
		for _, r := range cfg.Regions {
			all = append(all, r.Name)
			known[r.Name] = true
		}
		for _, n := range names {
			if !known[n] {
				errs = append(errs, &market.FieldError{Field: "regions", Value: n, Allowed: "a region name: " + strings.Join(all, ", ")})
			}
		}
	}
	switch v := iv.(type) {
	case *NFPEntry:
		regions(v.Regions)
	case *InHouseBuild:
		regions(v.Regions)
	case *CoopCommissioning:
		var names []string
		known := map[string]bool{}
		for _, spec := range cfg.Coops {
			if spec.Layout == v.Layout && len(spec.Members) > 0 {
				names = append(names, spec.Name)
				known[spec.Name] = true
			}
		}
		if len(names) == 0 {
			errs = append(errs, &market.FieldError{Field: "layout", Value: v.Layout, Allowed: "a layout with co-ops in the configuration's coops table"})
			break
		}
		for _, n := range v.Coops {
			if !known[n] {
				errs = append(errs, &market.FieldError{Field: "coops", Value: n, Allowed: "a co-op of layout " + v.Layout + ": " + strings.Join(names, ", ")})
			}
		}
	}
	return errs
}

func councilsNode(n *yaml.Node) *yaml.Node {
	if n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == "councils" && n.Content[i+1].Kind == yaml.SequenceNode {
			return n.Content[i+1]
		}
	}
	return nil
}

// intervention decodes list item i of interventions.
func (p *fileParser) intervention(n *yaml.Node, i int) Intervention {
	path := fmt.Sprintf("interventions[%d]", i)
	p.lines[path] = n.Line
	if n.Kind != yaml.MappingNode {
		p.fail(n.Line, path, "an intervention is a mapping with a type: key and its parameters, not %s", strictyaml.KindName(n))
		return nil
	}
	body := &yaml.Node{Kind: yaml.MappingNode, Tag: n.Tag, Line: n.Line, Column: n.Column}
	var typ *yaml.Node
	for k := 0; k+1 < len(n.Content); k += 2 {
		if n.Content[k].Value == "type" {
			typ = n.Content[k+1]
			continue
		}
		body.Content = append(body.Content, n.Content[k], n.Content[k+1])
	}
	if typ == nil {
		p.fail(n.Line, path, "missing type: allowed types %s", strings.Join(InterventionTypes(), ", "))
		return nil
	}
	iv, err := NewIntervention(typ.Value)
	if err != nil || iv == nil {
		p.fail(typ.Line, path+".type", "unknown intervention type %q: allowed %s", typ.Value, strings.Join(InterventionTypes(), ", "))
		return nil
	}
	t := reflect.TypeOf(iv)
	if t.Kind() != reflect.Pointer {
		p.fail(typ.Line, path+".type", "intervention type %q cannot be read from a file (it is not a pointer type)", typ.Value)
		return nil
	}
	before := p.structural
	p.check(body, t.Elem(), path)
	if p.structural > before {
		return nil
	}
	if err := body.Decode(iv); err != nil {
		p.structural++
		p.add(p.yamlError(err, path))
		return nil
	}
	return iv // its values are checked by Scenario.Validate
}

var ivIndexRE = regexp.MustCompile(`^interventions\[\d+\]`)

// fileIndex turns "interventions[N]" of the scenario (the extended
// built-in's interventions first) into the file's numbering, or "extends"
// for an intervention inherited from the built-in.
func (p *fileParser) fileIndex(field string) string {
	if p.inherited == 0 {
		return field
	}
	var n int
	if _, err := fmt.Sscanf(field, "interventions[%d]", &n); err != nil {
		return field
	}
	if n < p.inherited {
		return "extends"
	}
	return fmt.Sprintf("interventions[%d]", n-p.inherited)
}

// fieldErrors turns validation errors into FileErrors, finding each
// field's line from its path (prefix + the error's field).
func (p *fileParser) fieldErrors(err error, prefix string) {
	for _, e := range flatten(err) {
		var rc *RuleConflictError
		if errors.As(e, &rc) {
			p.ruleConflict(rc, e)
			continue
		}
		ctx := ""
		if pe, ok := e.(prefixed); ok {
			ctx = pe.prefix
		} else if _, direct := e.(*market.FieldError); !direct {
			ctx = e.Error() // e.g. "interventions[0] (…): " wrapping one FieldError
		}
		var fe *market.FieldError
		if errors.As(e, &fe) {
			if prefix == "" && p.reported[fe.Field] {
				continue // refused already, with the file's value
			}
			field := prefix + fe.Field
			if iv := ivIndexRE.FindString(ctx); iv != "" {
				field = p.fileIndex(iv) + "." + fe.Field
			} else if iv := ivIndexRE.FindString(fe.Field); iv != "" {
				// "interventions[0] (Name(…)).start_week"
				field = p.fileIndex(iv)
				if i := strings.LastIndex(fe.Field, ")."); i >= 0 {
					field += "." + fe.Field[i+2:]
				}
			}
			p.add(&FileError{File: p.file, Line: p.lineOf(field), Field: field,
				Msg: fmt.Sprintf("%s: %s", safeio.Clip(fmt.Sprint(fe.Value)), fe.Allowed), Err: fe})
			continue
		}
		msg := e.Error()
		field := ivIndexRE.FindString(msg)
		if field != "" {
			msg = strings.TrimSpace(msg[len(field):])
			field = p.fileIndex(field)
		} else {
			field = strings.TrimSuffix(prefix, ".")
		}
		p.add(&FileError{File: p.file, Line: p.lineOf(field), Field: field, Msg: msg, Err: e})
	}
}

// ruleConflict reports two interventions that set one rule. When the
// first is inherited from the extended built-in, the file cannot combine
// or drop it, so the advice is to extend baseline instead.
func (p *fileParser) ruleConflict(rc *RuleConflictError, e error) {
	field := p.fileIndex(fmt.Sprintf("interventions[%d]", rc.Index))
	msg := fmt.Sprintf("%s %s, which %s (%s) already sets: combine them into one intervention or drop one",
		rc.Name, rc.SetsRules(), p.fileIndex(fmt.Sprintf("interventions[%d]", rc.PrevIndex)), rc.PrevName)
	if rc.PrevIndex < p.inherited {
		msg = fmt.Sprintf("%s %s, which %s's intervention %s already sets, and a file cannot change or drop an inherited intervention: "+
			"write extends: baseline to keep this one (or remove it to keep %s's)", rc.Name, rc.SetsRules(), p.ext, rc.PrevName, p.ext)
	}
	p.add(&FileError{File: p.file, Line: p.lineOf(field), Field: field, Msg: msg, Err: e})
}

// flatten splits joined errors (errors.Join), depth first.
func flatten(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []error
		for _, e := range j.Unwrap() {
			out = append(out, flatten(e)...)
		}
		return out
	}
	var fe *market.FieldError
	if !errors.As(err, &fe) {
		// A wrapped join (fmt.Errorf("...: %w", errors.Join(...))): keep
		// its context on each part.
		if u := errors.Unwrap(err); u != nil {
			if j, ok := u.(interface{ Unwrap() []error }); ok {
				prefix := strings.TrimSuffix(err.Error(), u.Error())
				var out []error
				for _, e := range j.Unwrap() {
					for _, f := range flatten(e) {
						out = append(out, prefixed{prefix, f})
					}
				}
				return out
			}
		}
	}
	return []error{err}
}

// prefixed is an error with context before it; it unwraps to the error.
type prefixed struct {
	prefix string
	err    error
}

func (e prefixed) Error() string { return e.prefix + e.err.Error() }
func (e prefixed) Unwrap() error { return e.err }

// lineOf returns the line of the key at path, or of its nearest recorded
// ancestor, or 0.
func (p *fileParser) lineOf(path string) int {
	for path != "" {
		if l, ok := p.lines[path]; ok {
			return l
		}
		i := strings.LastIndexAny(path, ".[")
		if i < 0 {
			break
		}
		path = path[:i]
	}
	return 0
}

// check walks n against Go type t with the strict-YAML checker
// (internal/strictyaml), recording the line of every key in p.lines and
// every problem as a FileError.
func (p *fileParser) check(n *yaml.Node, t reflect.Type, path string) {
	c := strictyaml.Checker{
		Lines: p.lines,
		Fail: func(line int, field, msg string) {
			p.structural++
			p.add(&FileError{File: p.file, Line: line, Field: field, Msg: msg})
		},
		Stop:     func() bool { return len(p.errs) >= maxErrors },
		MaxNodes: maxNodes,
		Visited:  p.budget,
	}
	c.Check(n, t, path)
	p.budget = c.Visited
}

// fileKind names the kind of a file that is not a regular one.
func fileKind(m fs.FileMode) string { return safeio.Kind(m) }
