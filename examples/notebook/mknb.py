#!/usr/bin/env python3
"""Write caremarket.ipynb, the GoNB notebook of examples/notebook.

Usage (from anywhere): python3 examples/notebook/mknb.py
The notebook is generated so that its cells stay reviewable as plain text
here; edit this file, run it, and commit both. Only the standard library is
used. Outputs are left empty: `bash scripts/notebook-check` executes the
notebook and checks them.
"""
import json
import os

# Exact versions the notebook pins (see docs/notebooks.md): GoNB's own
# packages at the kernel's version, and the modules of go.mod the notebook
# imports directly.
GONB = "v0.11.4"
PLOT = "v0.17.0"
GONUM = "v0.17.0"

cells = []


def md(text):
    cells.append({"cell_type": "markdown", "metadata": {}, "source": text.strip("\n")})


def code(text):
    cells.append({"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
                  "source": text.strip("\n")})


md("""
# caremarket in a notebook

This notebook runs the **caremarket** model of England's market for children's care
placements from Go, with the [GoNB](https://github.com/janpfeifer/gonb) Jupyter kernel. It

1. connects the notebook to the library in this repository,
2. runs the England baseline and two policies — a 10% profit cap and funded
   not-for-profit (NFP) children's homes — as *paired* runs,
3. prints a table of their 10-year differences from the baseline,
4. shows the comparison dashboard and the cost–shortage trade-off,
5. builds a measure of its own (child-weeks of shortage), turns results into rows
   for data-frame tools, and tries a policy variant on a one-region market.

The sizes are small (4 runs per scenario) so that it runs in a few minutes; the
intervals are wide as a result. Set-up on your own machine: `docs/notebooks.md`.
To run it headless as CI does: `bash scripts/notebook-check`.

**New to Go?** Go cells are compiled and run as small programs. A cell holding
declarations (`import`, `func`, `const`, `type`) adds them to every later cell; a
cell starting with `%%` is the body of a program's `main` and runs when you execute
it. An error in a cell (a `panic`) shows its message and stops *that* cell only.
""")

md("""
## 1. Connect the notebook to the library

GoNB compiles every cell inside a temporary Go module. The first line adds a
`replace` directive to that module's `go.mod` pointing at this repository (two
directories up from the notebook) and requires the library, so
`import "github.com/caremarket/caremarket/..."` compiles the code you have checked
out; it also pins the exact versions of the other modules the notebook imports
(GoNB would otherwise look up their newest versions). Lines starting with `!*` are
shell commands run in the temporary module; `!` runs in the notebook's own
directory: the last line deletes results cached by an earlier
session (see step 2), so re-running this cell starts afresh.
""")

code(f"""
!*go mod edit -replace=github.com/caremarket/caremarket="${{GONB_DIR}}/../.." -require=github.com/caremarket/caremarket@v0.0.0 -require=github.com/janpfeifer/gonb@{GONB} -require=gonum.org/v1/plot@{PLOT} -require=gonum.org/v1/gonum@{GONUM}
!rm -rf .gonb_cache
""")

md("""
## 2. Imports and a few helpers

`scenarios` builds and runs scenarios and summarises ensembles of runs, `market` names
the outputs (metrics such as `market.Waiting`), and `plots` draws figures that render to
PNG or SVG bytes in one call (`plots.PNG`, `plots.SVG`), which `gonbui` displays in the
notebook.

Each executed cell is a fresh program, so a result computed in one cell is gone in
the next. `comparison()` therefore runs the scenarios once and keeps the result on
disk with GoNB's `cache` package (in `.gonb_cache/`, keyed by the sizes); later calls
read it back in a fraction of a second. Change `runs` or `years` and it runs again.
`must` turns an error into a panic, which stops the cell with the error's message.
`showPNG` and `showSVG` display a figure and wait until GoNB has it (`gonbui.Sync`):
without that, a program that ends straight after displaying can lose the image.
""")

code("""
import (
	"context"
	"fmt"
	"time"

	"github.com/janpfeifer/gonb/cache"
	"github.com/janpfeifer/gonb/gonbui"
	"github.com/janpfeifer/gonb/gonbui/protocol"

	"github.com/caremarket/caremarket/market"
	"github.com/caremarket/caremarket/plots"
	"github.com/caremarket/caremarket/scenarios"
)

// Sizes: paired runs per scenario and financial years from April 2023.
const (
	runs  = 4
	years = 10
)

// must returns v, or stops the cell with err.
func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// showPNG displays a figure as a PNG image.
func showPNG(d plots.Drawer) {
	gonbui.DisplayPng(must(plots.PNG(d)))
	flush()
}

// showSVG displays a figure as an SVG image (sharp at any zoom).
func showSVG(d plots.Drawer) {
	svg := string(must(plots.SVG(d)))
	gonbui.SendData(&protocol.DisplayData{Data: map[protocol.MIMEType]any{protocol.MIMEImageSVG: svg}})
	flush()
}

// flush waits until GoNB has received what was displayed (a cell's program
// that ends at once can otherwise lose its last image) and stops the cell
// if displaying failed.
func flush() {
	gonbui.Sync()
	if err := gonbui.Error(); err != nil {
		panic(err)
	}
}

// comparison runs the baseline, the profit cap and NFP entry as paired
// ensembles, the first time it is called with these sizes, and reads the
// result back from the cache afterwards.
func comparison() *scenarios.Comparison {
	key := fmt.Sprintf("caremarket-r%d-y%d", runs, years)
	return cache.CacheWith(cache.MustNewHidden(), key, func() *scenarios.Comparison {
		var scs []*scenarios.Scenario
		for _, name := range []string{"baseline", "profit-cap", "nfp-entry"} {
			sc := must(scenarios.Builtin(name))
			sc.Years = years
			scs = append(scs, sc)
		}
		start := time.Now()
		opts := scenarios.EnsembleOptions{Runs: runs, KeepRuns: true}
		cmp := must(scenarios.Compare(context.Background(), scs[0], scs[1:], opts))
		fmt.Printf("ran %d scenarios × %d runs of %d years in %s\\n", len(scs), runs, years, time.Since(start).Round(time.Second))
		return cmp
	})
}
""")

md("""
## 3. Run the baseline and two policies

`scenarios.Builtin` returns named scenarios on the England baseline (`caremarket list`
shows them all): `profit-cap` caps for-profit operating margins at 10% as a ceiling on
prices, `nfp-entry` funds not-for-profits to open 200 children's homes over five years;
both start in April 2024. `scenarios.Compare` runs every scenario on the same random
streams, run by run, so each difference from the baseline is the policy's effect
rather than chance.

Printing a comparison gives a table of the paired differences over the whole horizon:
the mean, and in brackets the 90% confidence interval of the mean. Money is in £m
(negative is a saving); children waiting and in unregistered settings are child-weeks
(one child waiting for a year is 52 child-weeks). This cell takes a minute or two the
first time.
""")

code("""
%%
cmp := comparison()
fmt.Print(cmp)
""")

md("""
## 4. The dashboard

`plots.Dashboard` draws six panels: spend, children waiting, children in unregistered
settings, children placed over 20 miles from home, the for-profit margin (median lines
over the 5–95% band of the runs, by financial year) and children's home places by owner
in the last year. Each scenario keeps its colour in every figure; the baseline is black.
""")

code("""
%%
showPNG(must(plots.Dashboard(comparison())))
""")

md("""
## 5. Cost against shortage

`plots.TradeOff` puts each policy at its mean paired difference in the net public cost
(x) and in children waiting (y), with bars from the 5th to the 95th percentile of the
runs. Down and to the left is cheaper with less shortage. This one is sent as SVG.
""")

code("""
%%
showSVG(must(plots.TradeOff(comparison(), market.NetPublicCostGBP, market.Waiting)))
""")

md("""
## 6. A measure of your own, and one scenario year by year

`DiffOf` computes paired differences in any quantity you compute from a run's weekly
results — here the shortage, child-weeks waiting *or* in unregistered settings
(`scenarios.WeeklySum` adds metrics over the weeks; `RegionalWeeklySum` does one region).
It needs every run's results, which `comparison()` kept (`KeepRuns`).

`Table` on one scenario's summary shows chosen metrics by financial year: the mean of
the runs and the 5th and 95th percentiles.
""")

code("""
%%
cmp := comparison()
shortage := must(cmp.DiffOf(scenarios.WeeklySum(market.Waiting, market.UnregisteredPlaced)))
for i, d := range shortage {
	fmt.Printf("%-11s shortage %+10.0f child-weeks [90%% CI %+.0f to %+.0f]\\n", cmp.Diffs[i].Scenario, d.Mean, d.MeanLo, d.MeanHi)
}
fmt.Println()
fmt.Print(cmp.Alternatives[0].Table(market.HomePlaces, market.PriceHomeMean, market.MarginForProfit))
""")

md("""
## 7. Rows for data-frame tools

`Rows` gives results in long form, one record per scenario, metric and financial year
(and region, for summaries), the same columns as the CSV files the command line writes.
A Go data-frame package can load the slice of structs, or the maps from `Map()`.
""")

code("""
%%
rows := comparison().Rows(market.NetPublicCostGBP)
fmt.Println(len(rows), "rows; the first three and the 10-year totals:")
for _, r := range rows[:3] {
	fmt.Printf("%+v\\n", r)
}
for _, r := range rows {
	if r.Period == "total" {
		fmt.Printf("%s: %s %.0f £m\\n", r.Scenario, r.Metric, r.Mean/1e6)
	}
}
""")

md("""
## 8. Try a variant quickly

A scenario is a plain Go value you can build and change. One region's market
(`scenarios.RegionalBaseline`) runs about ten times faster than England — good for
trying ideas, though it is not calibrated on its own. Here: the North West over five
years with a 15% cap enforced by clawing back excess profit each April, against no cap,
and a fan chart of the cap's children waiting (median and 5–95% band).
""")

code("""
%%
cfg := must(scenarios.RegionalBaseline("North West"))
base := &scenarios.Scenario{Name: "baseline", Seed: 1, Years: 5, Config: cfg}
cap := scenarios.NewProfitCap(scenarios.PolicyStart)
cap.Rate, cap.Mode = 0.15, "Clawback"
capped := &scenarios.Scenario{Name: "clawback-15", Seed: 1, Years: 5, Config: cfg, Interventions: []scenarios.Intervention{cap}}
cmp := must(scenarios.Compare(context.Background(), base, []*scenarios.Scenario{capped}, scenarios.EnsembleOptions{Runs: 8}))
fmt.Print(cmp.Table(market.NetPublicCostGBP, market.ClawbackGBP, market.Waiting, market.HomePlaces))
showPNG(must(plots.FanChart(cmp.Alternatives[0], market.Waiting)))
""")

md("""
## Next

- `examples/` holds scripts that answer one question each (a profit-cap sweep, NFP entry,
  co-operatives, a policy lever of your own, a scenario file); `go run ./examples/profitcap`.
- `docs/scenario-files.md` describes scenario files; `docs/interventions.md` the levers.
- The package documentation: `go doc github.com/caremarket/caremarket/scenarios`.
""")

nb = {
    "cells": cells,
    "metadata": {
        "kernelspec": {"display_name": "Go (gonb)", "language": "go", "name": "gonb"},
        "language_info": {"name": "go"},
    },
    "nbformat": 4,
    "nbformat_minor": 5,
}
for i, c in enumerate(nb["cells"]):
    c["id"] = "c%02d" % i
    # Jupyter stores sources as lists of lines, each but the last ending in "\n".
    lines = c["source"].split("\n")
    c["source"] = [l + "\n" for l in lines[:-1]] + [lines[-1]]

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "caremarket.ipynb")
with open(out, "w", encoding="utf-8") as f:
    json.dump(nb, f, indent=1, ensure_ascii=False)
    f.write("\n")
print("wrote", out)
