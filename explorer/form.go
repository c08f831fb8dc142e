package explorer

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/caremarket/caremarket/scenarios"
)

// FormErrors are the problems of a submitted form: by control id, shown
// next to the control, and the rest.
type FormErrors struct {
	Fields  map[string]string `json:"fields"`
	General []string          `json:"general"`
}

func (e *FormErrors) add(id, msg string) {
	if id == "" {
		e.General = append(e.General, msg)
		return
	}
	if e.Fields == nil {
		e.Fields = map[string]string{}
	}
	if old, ok := e.Fields[id]; ok {
		msg = old + "; " + msg
	}
	e.Fields[id] = msg
}

func (e *FormErrors) empty() bool { return len(e.Fields) == 0 && len(e.General) == 0 }

// Error implements error.
func (e *FormErrors) Error() string {
	var parts []string
	for id, m := range e.Fields {
		parts = append(parts, id+": "+m)
	}
	return strings.Join(append(parts, e.General...), "; ")
}

// Question is a validated request: a base scenario and a variant of it,
// as scenario files, with what the comparison runs.
type Question struct {
	BaseYAML, VariantYAML []byte
	Base, Variant         *scenarios.Scenario
	Runs                  int
	// offset is the index, in the variant file's interventions, of the
	// first lever's (the base file's own come first).
	offset int
	types  []string // the levers' types, in the file's order
}

// Top-level control ids.
const (
	idBase     = "c-base"
	idBaseFile = "c-basefile"
	idName     = "c-name"
	idSeed     = "c-seed"
	idRuns     = "c-runs"
	idYears    = "c-years"
)

// Parse reads a submitted form into a question: the levers switched on
// become interventions of a scenario file extending the base, read by
// scenarios.Parse, the code that reads scenario files, so a value is
// accepted here exactly when a file would accept it. upload is the text
// of an uploaded base scenario file (when the form's base is "upload").
func (s *Server) Parse(form url.Values, upload []byte) (*Question, *FormErrors) {
	fe := &FormErrors{}
	h := s.header(form, fe)
	if !fe.empty() {
		return nil, fe
	}
	q := &Question{Runs: h.runs}
	var err error
	if h.base == "upload" {
		q.BaseYAML, q.VariantYAML, q.offset, q.types, err = s.uploadFiles(upload, h, form)
		if err != nil {
			fe.add(idBaseFile, err.Error())
			return nil, fe
		}
	} else {
		q.BaseYAML = builtinFile(h, h.base, h.base, nil)
		ivs, types := s.leverNodes(form)
		q.types = types
		q.VariantYAML = builtinFile(h, h.name, h.base, ivs)
	}
	if q.Base, err = parseChecked("base.yaml", q.BaseYAML); err != nil {
		for _, e := range flatten(err) {
			fe.add(idBaseFile, e.Error())
		}
		return nil, fe
	}
	if q.Variant, err = parseChecked(h.name+".yaml", q.VariantYAML); err != nil {
		q.mapErrors(err, fe)
		return nil, fe
	}
	if q.Variant.Name == q.Base.Name {
		fe.add(idName, fmt.Sprintf("%q is the base scenario's name: give the variant a name of its own", h.name))
		return nil, fe
	}
	return q, nil
}

// parseChecked reads a scenario file and checks it as `caremarket
// validate` and `compare` do.
func parseChecked(name string, data []byte) (*scenarios.Scenario, error) {
	sc, err := scenarios.Parse(name, data)
	if err != nil {
		return nil, err
	}
	if err := sc.Validate(); err != nil {
		return nil, err
	}
	if sc.Config != nil {
		if err := sc.Config.Validate(); err != nil {
			return nil, err
		}
	}
	return sc, nil
}

// header is the form's scenario-wide fields.
type header struct {
	base, name        string
	seed              uint64
	runs, years       int
	seedText, comment string
}

// header reads and checks the scenario-wide fields against the server's
// limits.
func (s *Server) header(form url.Values, fe *FormErrors) header {
	h := header{base: form.Get("base"), name: strings.TrimSpace(form.Get("name"))}
	if h.base != "upload" && !s.isBuiltin(h.base) {
		fe.add(idBase, fmt.Sprintf("%q: not a built-in scenario; choose one from the list or upload a scenario file", clip(h.base)))
	}
	if _, err := scenarios.SafeName(h.name); err != nil {
		fe.add(idName, fmt.Sprintf("%q: %v", clip(h.name), err))
	}
	var err error
	if h.seed, err = strconv.ParseUint(strings.TrimSpace(form.Get("seed")), 10, 64); err != nil {
		fe.add(idSeed, fmt.Sprintf("%q: want a whole number 0 to 18446744073709551615", clip(form.Get("seed"))))
	}
	h.runs = s.intField(form, "runs", idRuns, 2, s.opts.MaxRuns, fe,
		"at least 2: one run gives no interval")
	h.years = s.intField(form, "years", idYears, 1, s.opts.MaxYears, fe, "")
	return h
}

// intField reads a whole number between lo and hi.
func (s *Server) intField(form url.Values, name, id string, lo, hi int, fe *FormErrors, why string) int {
	v, err := strconv.Atoi(strings.TrimSpace(form.Get(name)))
	if err != nil || v < lo || v > hi {
		msg := fmt.Sprintf("%q: allowed %d to %d in this explorer", clip(form.Get(name)), lo, hi)
		if why != "" && err == nil && v < lo {
			msg += " (" + why + ")"
		}
		fe.add(id, msg)
	}
	return v
}

func clip(s string) string {
	if len(s) > 80 {
		return s[:80] + "…"
	}
	return s
}

// leverNodes returns the interventions of the levers switched on, as YAML
// mappings (type first, then every key given), and their types.
func (s *Server) leverNodes(form url.Values) ([]*yaml.Node, []string) {
	var out []*yaml.Node
	var types []string
	for _, l := range s.levers {
		if form.Get("on."+l.Type) == "" {
			continue
		}
		m := &yaml.Node{Kind: yaml.MappingNode}
		addScalar(m, "type", l.Type, "")
		for _, c := range l.Controls {
			addControl(m, c, form)
		}
		out = append(out, m)
		types = append(types, l.Type)
	}
	return out, types
}

// addControl adds control c's value from the form to mapping m, under its
// key's path ("a.b" becomes a: {b: …}). An empty number leaves the key
// out (the type's default).
func addControl(m *yaml.Node, c Control, form url.Values) {
	parts := strings.Split(c.Key, ".")
	for _, p := range parts[:len(parts)-1] {
		m = childMap(m, p)
	}
	key := parts[len(parts)-1]
	switch c.Kind {
	case KindBool:
		addScalar(m, key, strconv.FormatBool(form.Get(c.Name) != ""), "!!bool")
	case KindList:
		seq := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
		for _, v := range form[c.Name] {
			seq.Content = append(seq.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: v, Style: yaml.DoubleQuotedStyle})
		}
		m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: key}, seq)
	case KindText, KindChoice:
		addScalar(m, key, form.Get(c.Name), "!!str")
	default:
		if v := strings.TrimSpace(form.Get(c.Name)); v != "" {
			addScalar(m, key, v, "")
		}
	}
}

// childMap returns the mapping under key in m, adding it if needed.
func childMap(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	c := &yaml.Node{Kind: yaml.MappingNode}
	m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: key}, c)
	return c
}

// addScalar adds key: value to mapping m. A value with no tag is written
// as typed, so that text where a number belongs is refused by the file
// reader with its own message; the encoder quotes what needs quoting.
func addScalar(m *yaml.Node, key, value, tag string) {
	v := &yaml.Node{Kind: yaml.ScalarNode, Value: value, Tag: tag}
	if tag == "!!str" {
		v.Style = yaml.DoubleQuotedStyle
	}
	m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: key}, v)
}

// builtinFile writes a scenario file extending a built-in scenario.
func builtinFile(h header, name, extends string, ivs []*yaml.Node) []byte {
	m := &yaml.Node{Kind: yaml.MappingNode}
	addScalar(m, "name", name, "!!str")
	desc := extends + " as it is"
	if len(ivs) > 0 {
		desc = "workshop variant of " + extends
	}
	addScalar(m, "description", desc, "!!str")
	addScalar(m, "extends", extends, "!!str")
	setHeader(m, h)
	if len(ivs) > 0 {
		m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: "interventions"},
			&yaml.Node{Kind: yaml.SequenceNode, Content: ivs})
	}
	return encode(m)
}

// setHeader sets seed, runs and years in mapping m, replacing any given.
func setHeader(m *yaml.Node, h header) {
	for _, kv := range [][2]string{{"seed", strconv.FormatUint(h.seed, 10)}, {"runs", strconv.Itoa(h.runs)}, {"years", strconv.Itoa(h.years)}} {
		setScalar(m, kv[0], kv[1], "!!int")
	}
}

// setScalar sets key to value in mapping m, replacing it when present.
func setScalar(m *yaml.Node, key, value, tag string) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			m.Content[i+1] = &yaml.Node{Kind: yaml.ScalarNode, Value: value, Tag: tag}
			return
		}
	}
	addScalar(m, key, value, tag)
}

func encode(n *yaml.Node) []byte {
	b, err := yaml.Marshal(n)
	if err != nil { // nodes built here always encode
		return []byte("# " + err.Error() + "\n")
	}
	return append([]byte("# Written by caremarket serve (the workshop explorer); check with caremarket validate.\n"), b...)
}

// uploadFiles writes the base and variant files of an uploaded base: the
// upload with the form's seed, runs and years (the base), and the same
// with the levers' interventions added and the variant's name (the
// variant). offset is the number of the upload's own interventions.
func (s *Server) uploadFiles(upload []byte, h header, form url.Values) (base, variant []byte, offset int, types []string, err error) {
	if len(upload) == 0 {
		return nil, nil, 0, nil, errors.New("choose a scenario file to upload")
	}
	if _, err := scenarios.Parse("upload.yaml", upload); err != nil {
		return nil, nil, 0, nil, err
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(upload, &doc); err != nil || len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, nil, 0, nil, errors.New("the file is not a YAML mapping")
	}
	m := doc.Content[0]
	setHeader(m, h)
	if n := valueOf(m, "name"); n == nil {
		addScalar(m, "name", "uploaded", "!!str")
	}
	base = encode(m)
	setScalar(m, "name", h.name, "!!str")
	ivs, types := s.leverNodes(form)
	seq := valueOf(m, "interventions")
	if seq == nil {
		seq = &yaml.Node{Kind: yaml.SequenceNode}
		m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: "interventions"}, seq)
	}
	offset = len(seq.Content)
	seq.Content = append(seq.Content, ivs...)
	return base, encode(m), offset, types, nil
}

// valueOf returns the value of key in mapping m, or nil.
func valueOf(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

var (
	ivFieldRE = regexp.MustCompile(`^interventions\[(\d+)\](?:\.(.+))?$`)
	indexRE   = regexp.MustCompile(`\[\d+\]`)
)

// mapErrors puts each problem of the variant file next to its control.
func (q *Question) mapErrors(err error, fe *FormErrors) {
	for _, e := range flatten(err) {
		var fe2 *scenarios.FileError
		if !errors.As(e, &fe2) {
			fe.add("", e.Error())
			continue
		}
		fe.add(q.controlOf(fe2.Field), fe2.Msg)
	}
}

// controlOf returns the id of the control a file key belongs to, or "".
func (q *Question) controlOf(field string) string {
	switch field {
	case "name":
		return idName
	case "seed":
		return idSeed
	case "runs":
		return idRuns
	case "years":
		return idYears
	}
	m := ivFieldRE.FindStringSubmatch(field)
	if m == nil {
		return ""
	}
	i, _ := strconv.Atoi(m[1])
	i -= q.offset
	if i < 0 || i >= len(q.types) {
		return idBaseFile
	}
	if m[2] == "" {
		return "lever-" + q.types[i]
	}
	key := indexRE.ReplaceAllString(m[2], "")
	return controlID(q.types[i], key)
}
