#!/usr/bin/env python3
"""Prints the tables of docs/interventions.md from the comparisons that
scripts/interventions-figures writes (out/docs/*/compare/).

Usage: scripts/interventions-tables.py [OUTDIR]   (default out/docs)

For each comparison it prints the baseline's levels over the horizon and one
Markdown table of paired differences: money summed over the years, stocks
averaged over the weeks, the 90% interval of the mean difference in
brackets (Student's t over the paired runs, as comparison.csv gives it).
"""
import csv
import json
import os
import sys

# (metric, column title, scale, decimals, with interval)
COLUMNS = [
    ("net_public_cost_gbp", "net public cost, £bn over 10 years", "bn", 2, True),
    ("waiting", "children waiting (mean)", "week", 0, True),
    ("unregistered", "unregistered (mean)", "week", 0, True),
    ("over_20_miles", "over 20 miles (mean)", "week", 0, True),
    ("home_places", "home places (mean)", "week", 0, True),
    ("homes_opened_for_profit", "for-profit homes opened", "one", 0, False),
    ("exits_disorderly", "disorderly exits", "one", 0, False),
    ("price_home_mean", "home price £/wk (mean)", "week", 0, False),
    ("margin_for_profit", "for-profit margin (pp)", "pp", 1, False),
]


def scale(v, how, weeks):
    if how == "bn":
        return v / 1e9
    if how == "week":
        return v / weeks
    if how == "pp":
        return 100 * v / weeks
    return v


def fmt(v, d, sign=True):
    s = f"{v:+,.{d}f}" if sign else f"{v:,.{d}f}"
    return s.replace("-", "−")


def table(path):
    """Returns the Markdown table of one comparison.csv."""
    rows = {}
    order = []
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            if r["period"] != "total":
                continue
            if r["scenario"] not in rows:
                rows[r["scenario"]] = {}
                order.append(r["scenario"])
            rows[r["scenario"]][r["metric"]] = r
    weeks = 52 * years_of(path)
    out = ["| scenario | " + " | ".join(c[1] for c in COLUMNS) + " |",
           "|---" * (len(COLUMNS) + 1) + "|"]
    for sc in order:
        cells = []
        for m, _, how, d, ci in COLUMNS:
            r = rows[sc][m]
            cell = fmt(scale(float(r["mean"]), how, weeks), d)
            if ci:
                lo = fmt(scale(float(r["mean_lo"]), how, weeks), d)
                hi = fmt(scale(float(r["mean_hi"]), how, weeks), d)
                cell += f" [{lo}, {hi}]"
            cells.append(cell)
        out.append(f"| `{os.path.splitext(os.path.basename(sc))[0]}` | " + " | ".join(cells) + " |")
    return "\n".join(out)


def years_of(path):
    with open(os.path.join(os.path.dirname(path), "summary.json")) as f:
        return json.load(f)["years"]


def baseline_levels(path):
    """Returns one sentence of the base scenario's levels over the horizon."""
    with open(os.path.join(os.path.dirname(path), "summary.json")) as f:
        s = json.load(f)
    m = s["scenarios"][s["baseline"]]["metrics"]
    ys = lambda k: [p["mean"] for p in m[k]]
    avg = lambda k: sum(ys(k)) / len(ys(k))
    cost = ys("net_public_cost_gbp")
    w = ys("waiting")
    return (f"`{s['baseline']}` over {s['years']} years from {s['start']} ({s['runs']} runs): "
            f"net public cost £{sum(cost)/1e9:.1f}bn (£{cost[0]/1e9:.2f}bn in the first year, "
            f"£{cost[-1]/1e9:.2f}bn in the last), {avg('waiting'):,.0f} children waiting on average "
            f"({w[0]:,.0f} in the first year, {w[-1]:,.0f} in the last), "
            f"{avg('unregistered'):,.0f} in unregistered settings, {avg('over_20_miles'):,.0f} placed over "
            f"20 miles away, {avg('home_places'):,.0f} children's home places, a mean home price of "
            f"£{avg('price_home_mean'):,.0f} a week, a for-profit margin of {100*avg('margin_for_profit'):.1f}%, "
            f"{sum(ys('homes_opened_for_profit')):,.0f} for-profit homes opened and "
            f"{sum(ys('exits_disorderly')):,.0f} disorderly exits.")


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "out/docs"
    for name in sorted(os.listdir(root)):
        path = os.path.join(root, name, "compare", "comparison.csv")
        if not os.path.exists(path):
            continue
        print(f"## {name}\n\n{baseline_levels(path)}\n\n{table(path)}\n")


if __name__ == "__main__":
    main()
