package scenarios

import (
	"bytes"
	"embed"
	"fmt"
	"sync"

	"go.yaml.in/yaml/v3"

	"github.com/caremarket/caremarket/market"
)

//go:embed data/baseline.yaml data/councils.yaml data/coops.yaml data/calibration.yaml data/history-2019.yaml
var dataFS embed.FS

// BaselineFiles are the embedded data files of the England baseline, in the
// order they are read. calibration.yaml holds the fitted parameters
// (written by `caremarket calibrate`) under its overrides key.
var BaselineFiles = []string{"data/baseline.yaml", "data/councils.yaml", "data/coops.yaml", CalibrationFile}

// CalibrationFile is the embedded file of fitted parameters.
const CalibrationFile = "data/calibration.yaml"

// calibrationDoc is the layout of calibration.yaml: overrides of baseline
// numbers (market.Config keys) and a free-form record of the fit.
type calibrationDoc struct {
	Overrides yaml.Node `yaml:"overrides"`
	Fit       yaml.Node `yaml:"fit"`
}

// Baseline returns a fresh copy of the England baseline configuration
// (scenarios/data/*.yaml, every number with its source), with the fitted
// parameters of calibration.yaml applied. The files are decoded once; each
// call returns a deep copy the caller may change.
func Baseline() (*market.Config, error) {
	baselineOnce.Do(func() { baselineCfg, baselineErr = decodeBaseline() })
	if baselineErr != nil {
		return nil, baselineErr
	}
	return baselineCfg.Clone(), nil
}

var (
	baselineOnce sync.Once
	baselineCfg  *market.Config
	baselineErr  error
)

func decodeBaseline() (*market.Config, error) {
	cfg := &market.Config{}
	for _, name := range BaselineFiles {
		b, err := dataFS.ReadFile(name)
		if err != nil {
			return nil, err
		}
		if name == CalibrationFile {
			err = applyCalibration(b, cfg)
		} else {
			err = decodeStrict(b, cfg)
		}
		if err != nil {
			return nil, fmt.Errorf("embedded %s: %w", name, err)
		}
	}
	return cfg, nil
}

// applyCalibration decodes the overrides of a calibration file onto cfg.
func applyCalibration(b []byte, cfg *market.Config) error {
	var doc calibrationDoc
	if err := decodeStrict(b, &doc); err != nil {
		return err
	}
	if doc.Overrides.Kind == 0 {
		return nil
	}
	// Re-encode so the overrides are decoded strictly: an unknown key is an
	// error, not a silent no-op.
	ob, err := yaml.Marshal(&doc.Overrides)
	if err != nil {
		return err
	}
	return decodeStrict(ob, cfg)
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

// CalibrationData returns the text of the embedded calibration.yaml: the
// fitted parameters (overrides) and the record of the fit (fit).
func CalibrationData() ([]byte, error) { return dataFS.ReadFile(CalibrationFile) }
