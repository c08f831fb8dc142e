package scenarios

import (
	"bytes"
	"embed"
	"fmt"

	"go.yaml.in/yaml/v3"

	"github.com/caremarket/caremarket/market"
)

//go:embed data/baseline.yaml data/councils.yaml data/coops.yaml
var dataFS embed.FS

// BaselineFiles are the embedded data files of the England baseline, in the
// order they are read.
var BaselineFiles = []string{"data/baseline.yaml", "data/councils.yaml", "data/coops.yaml"}

// Baseline returns a fresh copy of the England baseline configuration
// (scenarios/data/*.yaml, every number with its source).
func Baseline() (*market.Config, error) {
	cfg := &market.Config{}
	for _, name := range BaselineFiles {
		b, err := dataFS.ReadFile(name)
		if err != nil {
			return nil, err
		}
		if err := decodeStrict(b, cfg); err != nil {
			return nil, fmt.Errorf("embedded %s: %w", name, err)
		}
	}
	return cfg, nil
}

// BaselineData returns the raw embedded baseline files, for hashing and
// manifests.
func BaselineData() ([]byte, error) {
	var buf bytes.Buffer
	for _, name := range BaselineFiles {
		b, err := dataFS.ReadFile(name)
		if err != nil {
			return nil, err
		}
		buf.Write(b)
	}
	return buf.Bytes(), nil
}

func decodeStrict(b []byte, v any) error {
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	return dec.Decode(v)
}
