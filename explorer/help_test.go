package explorer

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "regenerate help.json from docs/interventions.md and docs/scenario-files.md")

var (
	typeHeadRE = regexp.MustCompile("^## .*\\(`([A-Za-z]+)`\\)\\s*$")
	keyHeadRE  = regexp.MustCompile("^#### `([A-Za-z]+)`\\s*$")
	linkRE     = regexp.MustCompile(`\[([^\]]+)\]\([^)]*\)`)
)

// plain removes the Markdown of a paragraph: emphasis, code and links.
func plain(s string) string {
	s = linkRE.ReplaceAllString(s, "$1")
	s = strings.NewReplacer("**", "", "`", "", "*", "").Replace(s)
	return strings.Join(strings.Fields(s), " ")
}

// typeHelpFrom reads each type's "Policy." and "In the model." paragraphs.
func typeHelpFrom(md string) map[string]string {
	out := map[string]string{}
	var typ string
	var paras []string
	var cur []string
	flush := func() {
		p := plain(strings.Join(cur, " "))
		if typ != "" && (strings.HasPrefix(p, "Policy.") || strings.HasPrefix(p, "In the model.")) {
			paras = append(paras, p)
			out[typ] = strings.Join(paras, "\n\n")
		}
		cur = nil
	}
	for _, line := range strings.Split(md, "\n") {
		switch {
		case strings.HasPrefix(line, "## "):
			flush()
			typ, paras = "", nil
			if m := typeHeadRE.FindStringSubmatch(line); m != nil {
				typ = m[1]
			}
		case strings.TrimSpace(line) == "":
			flush()
		default:
			cur = append(cur, line)
		}
	}
	flush()
	return out
}

// fieldHelpFrom reads the meaning of each key of each intervention type
// from the generated tables of docs/scenario-files.md; a key without one
// shares the comment of the key above it (Go fields grouped under one
// comment).
func fieldHelpFrom(md string) map[string]string {
	out := map[string]string{}
	typ, prev := "", ""
	for _, line := range strings.Split(md, "\n") {
		if m := keyHeadRE.FindStringSubmatch(line); m != nil {
			typ, prev = m[1], ""
			continue
		}
		if typ == "" || !strings.HasPrefix(line, "| `") {
			continue
		}
		cells := strings.Split(strings.ReplaceAll(line, `\|`, "\x00"), "|")
		if len(cells) < 7 {
			continue
		}
		key := strings.Trim(strings.TrimSpace(cells[1]), "`")
		meaning := strings.ReplaceAll(strings.TrimSpace(cells[5]), "\x00", "|")
		if meaning == "" {
			meaning = prev // a field under the comment of the fields above it
		}
		prev = meaning
		if meaning != "" && !strings.HasPrefix(key, "overrides.") {
			out[typ+"."+key] = plain(meaning)
		}
	}
	return out
}

func generateHelp(t *testing.T) []byte {
	iv, err := os.ReadFile("../docs/interventions.md")
	require.NoError(t, err)
	sf, err := os.ReadFile("../docs/scenario-files.md")
	require.NoError(t, err)
	h := help{Types: typeHelpFrom(string(iv)), Fields: fieldHelpFrom(string(sf))}
	b, err := json.MarshalIndent(h, "", "  ")
	require.NoError(t, err)
	return append(b, '\n')
}

// TestHelpFile checks that help.json is what the docs give (regenerate
// with -update) and that it decodes.
func TestHelpFile(t *testing.T) {
	want := generateHelp(t)
	if *update {
		require.NoError(t, os.WriteFile("help.json", want, 0o644))
		return
	}
	got, err := os.ReadFile("help.json")
	require.NoError(t, err)
	assert.True(t, bytes.Equal(want, got), "help.json is out of date: go test ./explorer -run TestHelpFile -update")
	var h help
	require.NoError(t, json.Unmarshal(got, &h))
	assert.NotEmpty(t, h.Types["ProfitCap"])
}
