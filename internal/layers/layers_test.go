package layers

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestModuleLayers lists the module's packages with `go list -json ./...`
// (non-test imports only) and checks them against Layers.
func TestModuleLayers(t *testing.T) {
	touchSources(t, "../..")
	cmd := exec.Command("go", "list", "-e", "-json", "./...")
	cmd.Dir = "../.."
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	require.NoError(t, err, "go list: %s", stderr.String())
	var pkgs []Package
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p Package
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else {
			require.NoError(t, err)
		}
		pkgs = append(pkgs, p)
	}
	require.NotEmpty(t, pkgs)
	imports := map[string][]string{}
	for _, p := range pkgs {
		imports[p.ImportPath] = p.Imports
	}
	require.Contains(t, imports[Module+"/market"], Module+"/agents", "go list gave no import graph")
	for _, msg := range Check(Layers, Module, pkgs) {
		t.Error(msg)
	}
}

// touchSources reads every .go file under root, so that the test cache,
// which records the files a test opens but not what go list reads, reruns
// the test when any of them changes.
func touchSources(t *testing.T, root string) {
	t.Helper()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		if !d.IsDir() && (strings.HasSuffix(path, ".go") || d.Name() == "go.mod") {
			_, err = os.ReadFile(path)
		}
		return err
	})
	require.NoError(t, err)
}

// TestCheck feeds Check fake import graphs, to show that it fails on
// forbidden edges and passes allowed ones.
func TestCheck(t *testing.T) {
	m := func(rel string) string { return Module + "/" + rel }
	tests := []struct {
		name string
		pkgs []Package
		want []string
	}{
		{"downward imports", []Package{
			{m("scenarios"), []string{m("market"), m("agents"), m("internal/digits"), "fmt"}},
			{m("plots"), []string{m("calibrate"), m("scenarios"), plotModule + "/plotter"}},
			{m("cmd/caremarket"), []string{m("report"), m("plots"), plotModule}},
			{m("plots/sub"), []string{m("plots")}},
		}, nil},
		{"market imports scenarios", []Package{
			{m("market"), []string{m("scenarios")}},
		}, []string{"market (layer 2) imports scenarios (layer 4), a higher layer"}},
		{"calibrate draws", []Package{
			{m("calibrate"), []string{m("plots"), plotModule}},
		}, []string{
			"calibrate (layer 5) imports gonum.org/v1/plot: only plots, report, the explorer, examples and cmd may draw",
			"calibrate (layer 5) imports plots (layer 6), a higher layer",
		}},
		{"report imported by plots", []Package{
			{m("plots"), []string{m("report")}},
		}, []string{"plots (layer 6) imports report (layer 7), a higher layer"}},
		{"helper imports a layer", []Package{
			{m("internal/digits"), []string{m("agents")}},
		}, []string{"internal/digits (layer 0) imports agents (layer 1), a higher layer"}},
		{"unplaced package", []Package{
			{m("widgets"), []string{"fmt"}},
			{m("scenarios"), []string{m("widgets")}},
		}, []string{"scenarios imports widgets, which has no layer", "widgets has no layer: add it to internal/layers.Layers"}},
		{"other modules ignored", []Package{
			{"example.com/other", []string{m("cmd/caremarket")}},
		}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, Check(Layers, Module, tc.pkgs))
		})
	}
}

// outsideCitations are the documents outside the repository that files once
// cited (the design notes and the shared data directory). The docs stand
// alone: docs/model.md and docs/data.md replace them. The strings are built
// by concatenation so that this file does not match itself.
var outsideCitations = []string{
	"MODEL" + ".md",
	"facts" + ".md",
	"mechanisms" + ".md",
	"history-2019" + ".md",
	".." + "/shared",
	"shared" + "/data",
	"shared" + "/docs",
}

// citationHits returns "name:line: pattern" for every line of text that
// cites a document outside the repository.
func citationHits(name string, text []byte) []string {
	var hits []string
	sc := bufio.NewScanner(bytes.NewReader(text))
	sc.Buffer(make([]byte, 0, 64*1024), len(text)+1)
	for n := 1; sc.Scan(); n++ {
		for _, p := range outsideCitations {
			if strings.Contains(sc.Text(), p) {
				hits = append(hits, fmt.Sprintf("%s:%d: cites %q (cite docs/model.md, docs/data.md or the original publication)", name, n, p))
			}
		}
	}
	return hits
}

// TestCitationHits checks the matcher on planted references, so that
// TestNoOutsideCitations could fail.
func TestCitationHits(t *testing.T) {
	spec, facts, shared, data, mech := outsideCitations[0], outsideCitations[1], outsideCitations[4], outsideCitations[5], outsideCitations[2]
	hit := func(line int, p string) string { return fmt.Sprintf("x.go:%d: cites %q", line, p) }
	tests := []struct {
		name, text string
		want       []string
	}{
		{"clean", "// Costs (docs/model.md §4.1).\n", nil},
		{"in-repo lower case", "see docs/model.md and docs/data.md\n", nil},
		{"planted spec", "a\n// Costs (" + spec + " 4.1).\n", []string{hit(2, spec)}},
		{"planted facts", "# from " + facts + "\n", []string{hit(1, facts)}},
		{"planted shared dir", "python3 gen.py " + shared + "/data\n", []string{hit(1, shared), hit(1, data)}},
		{"no final newline", "ok\n" + mech, []string{hit(2, mech)}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := citationHits("x.go", []byte(tc.text))
			require.Len(t, got, len(tc.want), "%v", got)
			for i, w := range tc.want {
				assert.True(t, strings.HasPrefix(got[i], w), "got %q, want prefix %q", got[i], w)
			}
		})
	}
}

// TestNoOutsideCitations walks every tracked text file of the repository
// (git ls-files, or the tree without .git when git is not there) and fails
// on any citation of a document outside it, naming file and line.
func TestNoOutsideCitations(t *testing.T) {
	const root = "../.."
	files := repoFiles(t, root)
	require.NotEmpty(t, files)
	var hits []string
	for _, f := range files {
		b, err := os.ReadFile(filepath.Join(root, f))
		if err != nil || bytes.IndexByte(b[:min(len(b), 8000)], 0) >= 0 {
			continue // deleted in the work tree, or binary
		}
		hits = append(hits, citationHits(f, b)...)
	}
	assert.Empty(t, hits, "files cite documents outside the repository:\n%s", strings.Join(hits, "\n"))
}

// repoFiles lists the repository's files relative to root.
func repoFiles(t *testing.T, root string) []string {
	cmd := exec.Command("git", "ls-files", "-z")
	cmd.Dir = root
	if out, err := cmd.Output(); err == nil {
		return strings.Split(strings.TrimSuffix(string(out), "\x00"), "\x00")
	}
	var files []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == ".git" {
			return filepath.SkipDir
		}
		if d.Type().IsRegular() {
			rel, _ := filepath.Rel(root, p)
			files = append(files, filepath.ToSlash(rel))
		}
		return nil
	})
	require.NoError(t, err)
	return files
}
