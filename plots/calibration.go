package plots

import (
	"fmt"

	"gonum.org/v1/plot"

	"github.com/caremarket/caremarket/calibrate"
)

// fitColumns is the number of panel columns of the calibration fit figure.
const fitColumns = 6

// tornadoTop is the number of largest effects each tornado panel shows.
const tornadoTop = 12

// srcInterval is the half-width of a 95% interval in standard errors.
const srcInterval = 1.96

// CalibrationFit returns the fit figure of a calibration report: published
// points on the model's bands (calibrate.FitPanels), for the market name
// whose size relative to England is scale.
func CalibrationFit(r *calibrate.Report, name string, scale float64) (*Figure, error) {
	title := fmt.Sprintf("%s baseline after calibration: published figures on the model's 5–95%% bands", name)
	note := fmt.Sprintf("Bands: %d runs (run indices %d–%d), weekly for stocks, by financial year for flows and yearly statistics. "+
		"Black triangles: published figures the fit targets (docs/data.md); open circles: published figures kept aside for validation (docs/calibration.md). "+
		"Home places in 2024/25: the published growth (+7.25%%) applied to 12,000, reported but not fitted.", r.Runs, r.FirstRun, r.FirstRun+r.Runs-1)
	return FitFigure(title, note, calibrate.FitPanels(r.Results, scale), fitColumns)
}

// SensitivityTornado draws the standardised regression coefficients of
// calibrate.TornadoOutputs, one panel each, with 95% intervals (± 1.96
// standard errors), for the market named marketName.
func SensitivityTornado(r *calibrate.SensitivityResult, marketName string) (*Figure, error) {
	var panels []*plot.Plot
	for _, name := range calibrate.TornadoOutputs {
		k := -1
		for i, o := range r.Outputs {
			if o.Name == name {
				k = i
			}
		}
		if k < 0 {
			return nil, fmt.Errorf("calibrate: no output %q", name)
		}
		c := r.Coefs[k]
		var es []Effect
		for j, p := range r.Priors {
			h := srcInterval * c.SE[j]
			es = append(es, Effect{Label: p.Name, Value: c.SRC[j], Lo: c.SRC[j] - h, Hi: c.SRC[j] + h})
		}
		title := fmt.Sprintf("%s\n(R² %.2f; ranks %.2f)", r.Outputs[k].Label, c.R2, c.RankR2)
		p, err := Tornado(title, "standardised regression coefficient", es, tornadoTop)
		if err != nil {
			return nil, err
		}
		panels = append(panels, p)
	}
	title := fmt.Sprintf("What drives the %s baseline over %d years: the 12 largest effects of uncertain priors", marketName, r.Years)
	note := fmt.Sprintf("Latin hypercube of %d parameter sets within their plausible ranges (docs/calibration.md), %d runs each, seed %d. "+
		"Bars: standardised regression coefficients (SD change in the output per SD of the prior); whiskers: 95%% intervals. "+
		"R² says how much of the variation a linear model explains.", len(r.X), r.Runs, r.Seed)
	return TornadoFigure(title, note, panels...)
}
