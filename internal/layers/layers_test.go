package layers

import (
	"bytes"
	"encoding/json"
	"errors"
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
