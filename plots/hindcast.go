package plots

import (
	"errors"
	"fmt"
	"path/filepath"

	"github.com/caremarket/caremarket/calibrate"
	"github.com/caremarket/caremarket/market"
)

// HindcastFile is the file name of the hindcast figure in a run's plots/
// directory.
const HindcastFile = "hindcast.png"

// Hindcast draws the hindcast of a history (the built-in history-2019):
// for each published series of calibrate.Hindcast, the model's median and
// 5–95% band of the runs by financial year against every published figure
// of 2019 to 2024 (open circles: none of them is fitted). results are the
// runs' weekly results; they must start in April 2019 or earlier to meet
// the published figures.
func Hindcast(results []*market.Results) (*Figure, error) {
	if len(results) == 0 {
		return nil, errors.New("plots: Hindcast needs the weekly results of at least one run")
	}
	r := results[0]
	title := fmt.Sprintf("Hindcast from April %d: the model against published figures, %s to %s", r.StartYear, FinancialYear(r.StartYear), FinancialYear(r.StartYear+r.Years()-1))
	note := fmt.Sprintf("Model: median and 5–95%% of %d runs by financial year (yearly means), on the fitted parameters (one set for 2019–2034).\n"+
		"Open circles: published figures at the date they were taken (31 March, or the middle of a financial year). The fit targets the stock in 2020 and 2022 and the changes of the\nfoster share, places, households and price, not these levels (docs/calibration.md §2); residential settings are not fitted. Sources: docs/data.md.\n"+
		"Foster share: DfE counts foster care with relatives and friends, the model only council and agency carers. Residential: DfE secure, homes and semi-independent;\n"+
		"the model homes, supported accommodation (with those living independently) and unregistered settings.", len(results))
	f, err := FitFigure(title, note, calibrate.HindcastPanels(results), 3)
	if err != nil {
		return nil, err
	}
	// Room for the circles on 31 March of the first and last years.
	for _, row := range f.Panels {
		for _, p := range row {
			p.X.Min -= 0.2
			p.X.Max += 0.2
		}
	}
	// No figure is fitted: drop that entry and name the circles.
	f.Legend = append(f.Legend[:2], f.Legend[3:]...)
	f.Legend[2].Text = "published"
	return f, nil
}

// WriteHindcast saves the hindcast figure of results as dir/HindcastFile
// and returns its path.
func WriteHindcast(dir string, results []*market.Results) (string, error) {
	f, err := Hindcast(results)
	if err != nil {
		return "", err
	}
	paths, err := SaveAll(dir, NamedFigure{Name: HindcastFile, Drawer: f})
	if err != nil {
		return "", err
	}
	return filepath.Clean(paths[0]), nil
}
