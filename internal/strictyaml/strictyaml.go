// Package strictyaml checks YAML documents strictly against the Go types
// they decode into: unknown keys (with the nearest allowed name), keys given
// twice, empty values, lists where a mapping is wanted and values that do
// not decode, each with its line and its path. Package scenarios uses it
// for scenario files; it imports no caremarket package.
package strictyaml

import (
	"fmt"
	"reflect"
	"strings"

	"go.yaml.in/yaml/v3"
)

// IsNull reports whether n is an empty value (null, ~ or nothing).
func IsNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null"
}

// KindName describes n for a message: "a mapping", "a list", "the value \"x\"", …
func KindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if IsNull(n) {
			return "an empty value"
		}
		return fmt.Sprintf("the value %q", n.Value)
	case yaml.AliasNode:
		return "an alias"
	}
	return "an empty document"
}

var (
	unmarshalerType = reflect.TypeFor[yaml.Unmarshaler]()
	nodeType        = reflect.TypeFor[yaml.Node]()
)

// Checker checks YAML nodes strictly against the Go types they are to be
// decoded into, recording the line of every key by its path.
type Checker struct {
	// Lines records the line of every key and list element by its path
	// ("overrides.demand.rate", "interventions[2]").
	Lines map[string]int
	// Fail records a problem at a line, for the value at path field.
	Fail func(line int, field, msg string)
	// Stop reports whether enough problems have been recorded to stop.
	Stop func() bool
	// MaxNodes bounds the nodes visited, aliases expanded; Visited counts
	// them across calls of Check.
	MaxNodes, Visited int
}

func (p *Checker) fail(line int, field, format string, args ...any) {
	p.Fail(line, field, fmt.Sprintf(format, args...))
}

// Check walks node n against Go type t: every key must be a field of the
// struct (by its yaml name), lists must be lists, and every value must
// decode into its field's type. It records the line of every key by path
// in Lines and reports problems through Fail.
func (p *Checker) Check(n *yaml.Node, t reflect.Type, path string) {
	if p.Stop != nil && p.Stop() {
		return
	}
	p.Visited++
	if p.Visited > p.MaxNodes {
		if p.Visited == p.MaxNodes+1 {
			p.fail(n.Line, path, "the file is too complex (more than %d values, aliases expanded)", p.MaxNodes)
		}
		p.Visited = p.MaxNodes + 1 // reported once, whatever is visited after
		return
	}
	if n.Kind == yaml.AliasNode {
		if n.Alias == nil {
			p.fail(n.Line, path, "unknown alias")
			return
		}
		p.Check(n.Alias, t, path)
		return
	}
	if t == nodeType || (t.Kind() == reflect.Slice && t.Elem() == nodeType && n.Kind != yaml.SequenceNode && !IsNull(n)) {
		if t != nodeType {
			p.fail(n.Line, path, "want a list, got %s", KindName(n))
		}
		return
	}
	if t.Kind() == reflect.Slice && t.Elem() == nodeType {
		return
	}
	if reflect.PointerTo(t).Implements(unmarshalerType) {
		v := reflect.New(t)
		if err := n.Decode(v.Interface()); err != nil {
			p.fail(n.Line, path, "%s", strings.TrimPrefix(err.Error(), "yaml: "))
		}
		return
	}
	switch t.Kind() {
	case reflect.Pointer:
		if !IsNull(n) {
			p.Check(n, t.Elem(), path)
		}
	case reflect.Interface:
		// Anything goes.
	case reflect.Struct:
		p.checkStruct(n, t, path)
	case reflect.Slice, reflect.Array:
		if n.Kind != yaml.SequenceNode {
			p.fail(n.Line, path, "want a list, got %s", KindName(n))
			return
		}
		if t.Kind() == reflect.Array && len(n.Content) != t.Len() {
			p.fail(n.Line, path, "want a list of %d values, got %d", t.Len(), len(n.Content))
			return
		}
		for i, e := range n.Content {
			ep := fmt.Sprintf("%s[%d]", path, i)
			p.Lines[ep] = e.Line
			p.Check(e, t.Elem(), ep)
		}
	case reflect.Map:
		if n.Kind != yaml.MappingNode {
			p.fail(n.Line, path, "want a mapping, got %s", KindName(n))
			return
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			kp := path + "." + k.Value
			p.Check(k, t.Key(), kp)
			p.Lines[kp] = k.Line
			p.Check(v, t.Elem(), kp)
		}
	default:
		if n.Kind != yaml.ScalarNode || IsNull(n) {
			p.fail(n.Line, path, "want %s, got %s", TypeWant(t), KindName(n))
			return
		}
		v := reflect.New(t)
		if err := n.Decode(v.Interface()); err != nil {
			p.fail(n.Line, path, "want %s, got %q", TypeWant(t), n.Value)
		}
	}
}

// Count returns the number of nodes under n, n included and aliases
// expanded, counting no further than max+1: a cheap bound, allocating
// nothing, on the work of checking and decoding n (an alias-heavy
// document of a few kilobytes can expand to billions of nodes).
func Count(n *yaml.Node, max int) int {
	count := 0
	var walk func(n *yaml.Node, depth int)
	walk = func(n *yaml.Node, depth int) {
		if n == nil || count > max {
			return
		}
		count++
		if depth > 1000 { // an alias cycle (the parser refuses them) or absurd nesting
			count = max + 1
			return
		}
		if n.Kind == yaml.AliasNode {
			walk(n.Alias, depth+1)
			return
		}
		for _, c := range n.Content {
			walk(c, depth+1)
		}
	}
	walk(n, 0)
	return count
}

// checkStruct checks mapping n against struct type t: every key a field
// of t by its yaml name, given once, with a value.
func (p *Checker) checkStruct(n *yaml.Node, t reflect.Type, path string) {
	if n.Kind != yaml.MappingNode {
		p.fail(n.Line, path, "want a mapping of keys (%s), got %s", strings.Join(FieldNames(t), ", "), KindName(n))
		return
	}
	fields := fieldTypes(t)
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			p.fail(k.Line, path, "a key must be a plain name, not %s", KindName(k))
			continue
		}
		kp := k.Value
		if path != "" {
			kp = path + "." + k.Value
		}
		if prev, dup := seen[k.Value]; dup {
			p.fail(k.Line, kp, "key given twice (first at line %d)", prev)
			continue
		}
		seen[k.Value] = k.Line
		ft, ok := fields[k.Value]
		if !ok {
			names := FieldNames(t)
			hint := ""
			if s := Closest(k.Value, names); s != "" {
				hint = fmt.Sprintf(" (did you mean %q?)", s)
			}
			where := "here"
			if path != "" {
				where = "in " + path
			}
			p.fail(k.Line, kp, "unknown key%s; allowed %s: %s", hint, where, strings.Join(names, ", "))
			continue
		}
		p.Lines[kp] = k.Line
		if IsNull(v) && ft.Kind() != reflect.Pointer && ft.Kind() != reflect.Interface && ft != nodeType && !(ft.Kind() == reflect.Slice && ft.Elem() == nodeType) {
			p.fail(v.Line, kp, "has no value: give one or remove the key")
			continue
		}
		p.Check(v, ft, kp)
	}
}

// TypeWant describes the values of type t for a message: "a number", …
func TypeWant(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return "a whole number"
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number, zero or more"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.String:
		return "a text value"
	}
	return "a value of type " + t.String()
}

// Field is a field of a struct as the yaml package sees it.
type Field struct {
	Name  string
	Type  reflect.Type
	Index []int               // for reflect.Value.FieldByIndex
	Field reflect.StructField // the Go field (in the struct that declares it)
	Owner reflect.Type        // the struct that declares it
}

// Fields lists the fields of t under their yaml names, inline
// structs expanded, in declaration order (the yaml package's rules: the
// tag's name, else the field name in lower case; "-" is skipped;
// unexported fields are skipped unless embedded).
func Fields(t reflect.Type) []Field {
	var out []Field
	for i := range t.NumField() {
		f := t.Field(i)
		if f.PkgPath != "" && !f.Anonymous {
			continue
		}
		tag := f.Tag.Get("yaml")
		if tag == "" && !strings.Contains(string(f.Tag), ":") {
			tag = string(f.Tag)
		}
		if tag == "-" {
			continue
		}
		name, flags, _ := strings.Cut(tag, ",")
		if strings.Contains(","+flags+",", ",inline,") {
			if f.Type.Kind() == reflect.Struct {
				for _, g := range Fields(f.Type) {
					g.Index = append([]int{i}, g.Index...)
					out = append(out, g)
				}
			}
			continue
		}
		if name == "" {
			name = strings.ToLower(f.Name)
		}
		out = append(out, Field{Name: name, Type: f.Type, Index: []int{i}, Field: f, Owner: t})
	}
	return out
}

// fieldTypes maps the yaml names of t's fields to their types.
func fieldTypes(t reflect.Type) map[string]reflect.Type {
	m := map[string]reflect.Type{}
	for _, f := range Fields(t) {
		m[f.Name] = f.Type
	}
	return m
}

// FieldNames lists the yaml names of t's fields in declaration order.
func FieldNames(t reflect.Type) []string {
	fs := Fields(t)
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = f.Name
	}
	return out
}

// Closest returns the name in names nearest to s by edit distance, if it
// is within two edits.
func Closest(s string, names []string) string {
	best, bestD := "", 3
	for _, n := range names {
		if d := EditDistance(s, n); d < bestD {
			best, bestD = n, d
		}
	}
	return best
}

// EditDistance is the Levenshtein distance of a and b, or 99 when either
// is longer than 64 bytes.
func EditDistance(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		return 99
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			c := 1
			if a[i-1] == b[j-1] {
				c = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+c)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
