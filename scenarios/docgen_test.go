package scenarios

import (
	"errors"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"math"
	"os"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/caremarket/caremarket/internal/strictyaml"
	"github.com/caremarket/caremarket/market"
	"github.com/caremarket/caremarket/results"
)

// The tables of scenario-file keys in docs/scenario-files.md are generated
// from the Go types (yaml names), the embedded baseline (defaults), the
// validators (allowed values, found by setting each key to an invalid value
// and reading the error) and the Go comments (meaning and unit). The test
// fails when the document is out of date; regenerate it with
//
//	go test ./scenarios -run TestScenarioFilesDoc -update-docs
var updateDocs = flag.Bool("update-docs", false, "rewrite the generated tables of docs/scenario-files.md")

const (
	docPath     = "../docs/scenario-files.md"
	beginMarker = "<!-- BEGIN GENERATED KEYS: go test ./scenarios -run TestScenarioFilesDoc -update-docs -->"
	endMarker   = "<!-- END GENERATED KEYS -->"
)

func TestScenarioFilesDoc(t *testing.T) {
	gen, err := keyTables()
	require.NoError(t, err)
	doc, err := os.ReadFile(docPath)
	require.NoError(t, err)
	s := string(doc)
	i, j := strings.Index(s, beginMarker), strings.Index(s, endMarker)
	require.True(t, i >= 0 && j > i, "docs/scenario-files.md needs the markers %q and %q", beginMarker, endMarker)
	want := s[:i+len(beginMarker)] + "\n" + gen + s[j:]
	if *updateDocs {
		require.NoError(t, os.WriteFile(docPath, []byte(want), 0o644))
		return
	}
	require.Equal(t, want, s, "docs/scenario-files.md is out of date: run go test ./scenarios -run TestScenarioFilesDoc -update-docs")
}

// goComments returns the comments of struct fields in the Go sources of
// dirs, keyed "pkg.Type.Field", and of types, keyed "pkg.Type".
func goComments(dirs ...string) (map[string]string, error) {
	out := map[string]string{}
	fset := token.NewFileSet()
	for _, dir := range dirs {
		pkgs, err := parser.ParseDir(fset, dir, func(fi os.FileInfo) bool { return !strings.HasSuffix(fi.Name(), "_test.go") }, parser.ParseComments)
		if err != nil {
			return nil, err
		}
		for name, pkg := range pkgs {
			for _, f := range pkg.Files {
				for _, d := range f.Decls {
					gd, ok := d.(*ast.GenDecl)
					if !ok {
						continue
					}
					for _, sp := range gd.Specs {
						ts, ok := sp.(*ast.TypeSpec)
						if !ok {
							continue
						}
						doc := ts.Doc
						if doc == nil && len(gd.Specs) == 1 {
							doc = gd.Doc
						}
						out[name+"."+ts.Name.Name] = oneLine(doc.Text())
						st, ok := ts.Type.(*ast.StructType)
						if !ok {
							continue
						}
						for _, fl := range st.Fields.List {
							text := oneLine(fl.Doc.Text())
							if c := oneLine(fl.Comment.Text()); c != "" {
								text = strings.TrimSpace(text + " " + c)
							}
							for _, n := range fl.Names {
								out[name+"."+ts.Name.Name+"."+n.Name] = text
							}
						}
					}
				}
			}
		}
	}
	return out, nil
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// firstSentence returns s up to its first full stop followed by a space.
func firstSentence(s string) string {
	if i := strings.Index(s, ". "); i >= 0 {
		return s[:i+1]
	}
	return s
}

// docRow is one key of a table.
type docRow struct{ key, typ, def, allowed, meaning string }

// keyWalker walks a value's yaml keys, probing the validator for each leaf.
type keyWalker struct {
	comments map[string]string
	root     reflect.Value // addressable
	validate func() error
	rows     []docRow
	// lists names the number of entries of list keys, for defaults.
	listDefault func(path string, n int) string
}

func typeName(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Bool:
		return "true/false"
	case reflect.Int, reflect.Int64, reflect.Int32:
		return "whole number"
	case reflect.Uint64, reflect.Uint:
		return "whole number ≥ 0"
	case reflect.Float64, reflect.Float32:
		return "number"
	case reflect.String:
		return "text"
	case reflect.Array:
		return fmt.Sprintf("list of %d %ss", t.Len(), typeName(t.Elem()))
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Struct {
			return "list of mappings"
		}
		return "list of " + typeName(t.Elem())
	}
	return t.String()
}

func formatValue(v reflect.Value) string {
	switch v.Kind() {
	case reflect.Float64, reflect.Float32:
		return string(results.AppendExact(nil, v.Float()))
	case reflect.Int, reflect.Int64, reflect.Int32:
		return strconv.FormatInt(v.Int(), 10)
	case reflect.Uint, reflect.Uint64:
		return strconv.FormatUint(v.Uint(), 10)
	case reflect.Bool:
		return strconv.FormatBool(v.Bool())
	case reflect.String:
		if v.String() == "" {
			return `""`
		}
		return strconv.Quote(v.String())
	case reflect.Array, reflect.Slice:
		parts := make([]string, v.Len())
		for i := range parts {
			parts[i] = formatValue(v.Index(i))
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	return fmt.Sprint(v.Interface())
}

// probe sets leaf to an invalid value, validates, restores it and returns
// what the validator allows for errPath.
func (w *keyWalker) probe(leaf reflect.Value, errPath string) string {
	old := reflect.New(leaf.Type()).Elem()
	old.Set(leaf)
	defer leaf.Set(old)
	switch leaf.Kind() {
	case reflect.Float64, reflect.Float32:
		leaf.SetFloat(math.NaN())
	case reflect.Int, reflect.Int64, reflect.Int32:
		leaf.SetInt(math.MinInt32)
	case reflect.String:
		leaf.SetString("\x00?")
	default:
		return ""
	}
	var allowed []string
	seen := map[string]bool{}
	for _, e := range flatten(w.validate()) {
		var fe *market.FieldError
		if !errors.As(e, &fe) {
			continue
		}
		f := fe.Field
		if i := strings.LastIndex(f, ")."); strings.HasPrefix(f, "interventions[") && i >= 0 {
			f = f[i+2:]
		}
		if f != errPath || seen[fe.Allowed] {
			continue
		}
		seen[fe.Allowed] = true
		a := fe.Allowed
		if k := strings.Index(a, ": "); k >= 0 && len(a) > 100 {
			a = a[:k] // "must name a region in regions: North East, …"
		}
		allowed = append(allowed, a)
	}
	if len(allowed) == 0 {
		return "any (not checked)"
	}
	return strings.Join(allowed, "; ")
}

// walk records the rows of value v (type t) at yaml path path; errPath is
// the path the validator uses (list entries as [0]); meaning is inherited
// from the parent when a field has no comment of its own.
func (w *keyWalker) walk(v reflect.Value, path, errPath, meaning string) {
	t := v.Type()
	switch t.Kind() {
	case reflect.Struct:
		for _, f := range strictyaml.Fields(t) {
			fv := v.FieldByIndex(f.Index)
			m := w.comments[pkgName(f.Owner)+"."+f.Owner.Name()+"."+f.Field.Name]
			if m == "" {
				if meaning != "" {
					m = strings.TrimSuffix(meaning, ".") + ": " + strings.ReplaceAll(f.Name, "_", " ")
				} else if tm := w.comments[pkgName(f.Type)+"."+f.Type.Name()]; tm != "" && f.Type.Kind() == reflect.Struct {
					m = firstSentence(tm)
				}
			}
			p, ep := f.Name, f.Name
			if path != "" {
				p, ep = path+"."+f.Name, errPath+"."+f.Name
			}
			w.walk(fv, p, ep, m)
		}
	case reflect.Slice:
		n := v.Len()
		def := formatValue(v)
		if w.listDefault != nil {
			def = w.listDefault(path, n)
		}
		if t.Elem().Kind() == reflect.Struct {
			w.rows = append(w.rows, docRow{path, typeName(t), def, "replaces the whole list", meaning})
			if n > 0 {
				w.walk(v.Index(0), path+"[]", errPath+"[0]", "")
			} else {
				w.walk(reflect.New(t.Elem()).Elem(), path+"[]", errPath+"[0]", "")
			}
			return
		}
		allowed := "replaces the whole list"
		if n > 0 {
			if a := w.probe(v.Index(0), errPath); a != "any (not checked)" {
				allowed += "; " + a
			}
		}
		w.rows = append(w.rows, docRow{path, typeName(t), def, allowed, meaning})
	case reflect.Array:
		allowed := []string{}
		for i := range v.Len() {
			if a := w.probe(v.Index(i), fmt.Sprintf("%s[%d]", errPath, i)); a != "any (not checked)" && !slices.Contains(allowed, a) {
				allowed = append(allowed, a)
			}
		}
		if a := w.probe(v.Index(0), errPath); a != "any (not checked)" && !slices.Contains(allowed, a) {
			allowed = append(allowed, a)
		}
		w.rows = append(w.rows, docRow{path, typeName(t), formatValue(v), strings.Join(allowed, "; "), meaning})
	default:
		def := formatValue(v)
		if strings.Contains(path, "[]") {
			def = "per entry"
		}
		w.rows = append(w.rows, docRow{path, typeName(t), def, w.probe(v, errPath), meaning})
	}
}

func pkgName(t reflect.Type) string {
	p := t.PkgPath()
	return p[strings.LastIndex(p, "/")+1:]
}

func table(rows []docRow, prefix string) string {
	var b strings.Builder
	b.WriteString("| key | type | default | allowed | meaning and unit |\n|---|---|---|---|---|\n")
	esc := func(s string) string { return strings.ReplaceAll(s, "|", `\|`) }
	for _, r := range rows {
		fmt.Fprintf(&b, "| `%s%s` | %s | %s | %s | %s |\n", prefix, r.key, r.typ, esc(r.def), esc(r.allowed), esc(r.meaning))
	}
	return b.String()
}

// keyTables generates the tables of override keys and intervention types.
func keyTables() (string, error) {
	comments, err := goComments("../market", "../agents", ".")
	if err != nil {
		return "", err
	}
	cfg, err := Baseline()
	if err != nil {
		return "", err
	}
	var b strings.Builder
	b.WriteString("### Override keys (market configuration)\n\n")
	b.WriteString("Defaults are the England baseline's (scenarios/data/*.yaml, where each number's source is given). ")
	b.WriteString("Allowed values are those the validator accepts; \"any (not checked)\" means no range is enforced.\n\n")
	root := reflect.ValueOf(cfg).Elem()
	w := &keyWalker{comments: comments, root: root, validate: cfg.Validate,
		listDefault: func(path string, n int) string {
			switch path {
			case "regions", "councils", "coops":
				return fmt.Sprintf("%d entries (scenarios/data/)", n)
			}
			return ""
		}}
	for _, f := range strictyaml.Fields(root.Type()) {
		w.rows = nil
		m := w.comments["market.Config."+f.Field.Name]
		w.walk(root.FieldByIndex(f.Index), f.Name, f.Name, m)
		fmt.Fprintf(&b, "#### `%s`\n\n", f.Name)
		if tm := comments[pkgName(f.Type)+"."+f.Type.Name()]; tm != "" && f.Type.Kind() == reflect.Struct {
			b.WriteString(tm + "\n\n")
		}
		b.WriteString(table(w.rows, "overrides."))
		b.WriteString("\n")
	}

	b.WriteString("### Intervention types\n\n")
	b.WriteString("Each entry of `interventions` is a mapping with `type:` and any of the type's keys; keys not given keep the defaults below. ")
	b.WriteString("`start_week` counts weeks from the first reported week (0 is April of the first year, 52 a year later) and must be below 52 × `years`.\n\n")
	types := InterventionTypes()
	sort.Strings(types)
	for _, name := range types {
		iv, err := NewIntervention(name)
		if err != nil {
			return "", err
		}
		v := reflect.ValueOf(iv)
		if v.Kind() != reflect.Pointer {
			continue
		}
		el := v.Elem()
		w := &keyWalker{comments: comments, root: el, validate: func() error {
			if vv, ok := iv.(interface{ Validate() error }); ok {
				return vv.Validate()
			}
			return nil
		}}
		w.walk(el, "", "", "")
		for i := range w.rows {
			if w.rows[i].key == "start_week" {
				w.rows[i].allowed = "0 to 52 × years − 1"
				w.rows[i].meaning = "week the intervention starts, from the first reported week (52 = April of the second year)"
			}
		}
		fmt.Fprintf(&b, "#### `%s`\n\n", name)
		if tm := comments["scenarios."+el.Type().Name()]; tm != "" {
			b.WriteString(tm + "\n\n")
		}
		b.WriteString(table(w.rows, ""))
		b.WriteString("\n")
	}
	return b.String(), nil
}
