package plots_test

import (
	"bytes"
	"context"
	"fmt"
	"image/png"
	"log"
	"os"
	"path/filepath"

	"github.com/caremarket/caremarket/market"
	"github.com/caremarket/caremarket/plots"
	"github.com/caremarket/caremarket/scenarios"
)

// smallComparison runs a small paired comparison quickly: the baseline and
// the profit cap on the North East alone, three runs of two years. Real
// briefings compare England over ten years with 20 runs or more.
func smallComparison() *scenarios.Comparison {
	cfg, err := scenarios.RegionalBaseline("North East")
	if err != nil {
		log.Fatal(err)
	}
	base, err := scenarios.Builtin("baseline")
	if err != nil {
		log.Fatal(err)
	}
	capped, err := scenarios.Builtin("profit-cap")
	if err != nil {
		log.Fatal(err)
	}
	for _, sc := range []*scenarios.Scenario{base, capped} {
		sc.Config, sc.Years = cfg, 2
	}
	cmp, err := scenarios.Compare(context.Background(), base, []*scenarios.Scenario{capped}, scenarios.EnsembleOptions{Runs: 3})
	if err != nil {
		log.Fatal(err)
	}
	return cmp
}

// Write every figure of a comparison, as `caremarket compare` does.
func ExampleWriteComparison() {
	cmp := smallComparison()
	dir, err := os.MkdirTemp("", "plots-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	files, err := plots.WriteComparison(filepath.Join(dir, "plots"), cmp, "svg")
	if err != nil {
		log.Fatal(err)
	}
	for _, f := range files {
		fmt.Println(filepath.Base(f))
	}
	// Output:
	// dashboard.png
	// tradeoff.png
	// differences.png
	// spend_gbp.svg
	// net_public_cost_gbp.svg
	// waiting.svg
	// unregistered.svg
	// over_20_miles.svg
	// margin_for_profit.svg
	// home_places.svg
	// price_home_mean.svg
}

// Draw a fan chart, restyle it as any gonum plot, and save it; the format
// follows the file's extension.
func ExampleFanChart() {
	cmp := smallComparison()
	p, err := plots.FanChart(cmp.Baseline, market.Waiting)
	if err != nil {
		log.Fatal(err)
	}
	p.Title.Text = "Children waiting for a place in the North East"

	dir, err := os.MkdirTemp("", "plots-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	for _, name := range []string{"waiting.png", "waiting.svg", "waiting.pdf"} {
		if err := plots.Save(p, filepath.Join(dir, name)); err != nil {
			log.Fatal(err)
		}
	}
	f, err := os.Open(filepath.Join(dir, "waiting.png"))
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	cfg, err := png.DecodeConfig(f)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%d × %d pixels\n", cfg.Width, cfg.Height)
	// Output:
	// 1500 × 844 pixels
}

// Render a figure to bytes in one call, e.g. to show it in a notebook or
// embed it in an HTML report.
func ExampleSVG() {
	cmp := smallComparison()
	d, err := plots.Dashboard(cmp)
	if err != nil {
		log.Fatal(err)
	}
	svg, err := plots.SVG(d)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(bytes.Contains(svg, []byte(`<svg width="960pt" height="540pt"`)))
	// Output:
	// true
}

// Every figure draws a scenario in the same colour.
func ExampleScenarioStyle() {
	for _, name := range []string{"baseline", "profit-cap", "nfp-entry", "coop", "oversight"} {
		st := plots.ScenarioStyle(name)
		fmt.Printf("%-10s #%02X%02X%02X dashed=%v\n", name, st.Color.R, st.Color.G, st.Color.B, st.Dashes != nil)
	}
	// Output:
	// baseline   #000000 dashed=false
	// profit-cap #D55E00 dashed=false
	// nfp-entry  #009E73 dashed=false
	// coop       #0072B2 dashed=false
	// oversight  #CC79A7 dashed=true
}

func ExampleFormatMoney() {
	fmt.Println(plots.FormatMoney(4.25e9, false), plots.FormatMoney(-120e6, true), plots.FormatMoney(8_400, false))
	// Output:
	// £4.25bn -£120m £8,400
}
