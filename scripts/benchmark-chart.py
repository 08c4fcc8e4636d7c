#!/usr/bin/env python3
"""Draws docs/benchmarks.svg and prints the Markdown table from BenchmarkDotNet's CSV reports.

    python3 scripts/benchmark-chart.py BenchmarkDotNet.Artifacts/results            # SVG to docs/benchmarks.svg
    python3 scripts/benchmark-chart.py RESULTS --svg out.svg --markdown table.md

Reads every *-report.csv of the CRUD suites (columns Method, Mean, Allocated, with BenchmarkDotNet's units),
computes each contender's ratio to the HandWritten baseline itself, and writes plain SVG by hand (standard
library only: no plotting package).
"""
import argparse
import csv
import glob
import html
import os
import re
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
SUITES = [  # (class name, title)
    ("PointReadBenchmarks", "Point read by primary key"),
    ("IndexedReadBenchmarks", "Read ~100 rows by an indexed column"),
    ("InsertOneBenchmarks", "Insert one row, own transaction"),
    ("InsertManyBenchmarks", "Insert 10,000 rows, one transaction"),
    ("UpdateBenchmarks", "Update by key"),
]
CONTENDERS = [  # (method, label, colour)
    ("HandWritten", "Hand-written ADO.NET (floor)", "#6b7280"),
    ("Generated", "OmniSqlite generated", "#2563eb"),
    ("Dapper", "Dapper", "#f59e0b"),
    ("SqliteNet", "sqlite-net-pcl", "#10b981"),
    ("EfCore", "EF Core 10", "#ef4444"),
]
TIME = {"ns": 1.0, "μs": 1e3, "us": 1e3, "µs": 1e3, "ms": 1e6, "s": 1e9}
SIZE = {"B": 1.0, "KB": 1024.0, "MB": 1024.0 ** 2, "GB": 1024.0 ** 3}


def number(text, units):
    text = text.strip().replace(",", "")
    if text in ("", "NA", "-", "?"):
        return None
    m = re.match(r"^([\d.]+)\s*(\S+)?$", text)
    if not m:
        return None
    return float(m.group(1)) * (units.get(m.group(2), 1.0) if m.group(2) else 1.0)


def load(results):
    data = {}
    for path in glob.glob(os.path.join(results, "*-report.csv")):
        suite = os.path.basename(path).split("-report")[0].split(".")[-1]
        with open(path, newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                data.setdefault(suite, {})[row["Method"]] = {
                    "mean": number(row.get("Mean", ""), TIME),
                    "allocated": number(row.get("Allocated", ""), SIZE),
                    "stddev": number(row.get("StdDev", ""), TIME),
                }
    return data


def fmt_time(ns):
    if ns is None:
        return "n/a"
    for unit, scale in (("s", 1e9), ("ms", 1e6), ("µs", 1e3)):
        if ns >= scale:
            return "%.*f %s" % (2 if ns / scale < 100 else 1, ns / scale, unit)
    return "%.0f ns" % ns


def fmt_size(b):
    if b is None:
        return "n/a"
    if b >= 1024 * 1024:
        return "%.2f MB" % (b / 1024 / 1024)
    if b >= 10 * 1024:
        return "%.1f KB" % (b / 1024)
    return "%d B" % round(b)


def ratio(value, base):
    return value / base if value is not None and base else None


def markdown(data):
    out = ["| workload | contender | mean | ratio to floor | allocated | alloc ratio |", "|---|---|---:|---:|---:|---:|"]
    for suite, title in SUITES:
        rows = data.get(suite)
        if not rows:
            continue
        base = rows.get("HandWritten", {})
        for method, label, _ in CONTENDERS:
            r = rows.get(method)
            if not r:
                continue
            t = ratio(r["mean"], base.get("mean"))
            a = ratio(r["allocated"], base.get("allocated"))
            name = "**%s**" % label if method == "Generated" else label
            out.append("| %s | %s | %s | %s | %s | %s |" % (title, name, fmt_time(r["mean"]), "%.2f" % t if t else "n/a",
                                                             fmt_size(r["allocated"]), "%.2f" % a if a else "n/a"))
    return "\n".join(out) + "\n"


def svg(data, subtitle):
    width, left, bar_w, row_h, gap = 1010, 250, 470, 20, 4
    panels = [(s, t) for s, t in SUITES if s in data]
    y = 70
    parts = []
    for suite, title in panels:
        rows = data[suite]
        base = rows.get("HandWritten", {}).get("mean")
        present = [c for c in CONTENDERS if c[0] in rows and rows[c[0]]["mean"]]
        longest = max(rows[c[0]]["mean"] for c in present)
        parts.append('<text x="20" y="%d" class="h">%s</text>' % (y, html.escape(title)))
        parts.append('<text x="%d" y="%d" class="n" text-anchor="start">mean · ×floor · allocated</text>' % (left + bar_w + 12, y))
        y += 10
        for method, label, colour in present:
            r = rows[method]
            w = max(1.0, bar_w * r["mean"] / longest)
            t = ratio(r["mean"], base)
            a = ratio(r["allocated"], rows.get("HandWritten", {}).get("allocated"))
            weight = ' font-weight="bold"' if method == "Generated" else ""
            parts.append('<text x="%d" y="%d" class="l" text-anchor="end"%s>%s</text>' % (left - 8, y + row_h - 6, weight, html.escape(label)))
            parts.append('<rect x="%d" y="%d" width="%.1f" height="%d" fill="%s" rx="2"><title>%s: %s</title></rect>' % (
                left, y, w, row_h - 2, colour, html.escape(label), fmt_time(r["mean"])))
            parts.append('<text x="%d" y="%d" class="v"%s>%s · %s · %s%s</text>' % (
                left + bar_w + 12, y + row_h - 6, weight, fmt_time(r["mean"]), "%.2f×" % t if t else "n/a",
                fmt_size(r["allocated"]), " (%.2f×)" % a if a and method != "HandWritten" else ""))
            y += row_h + gap
        # the floor, as a dashed line across the panel
        if base:
            x = left + bar_w * base / longest
            top = y - len(present) * (row_h + gap)
            parts.append('<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#111827" stroke-dasharray="3,3" stroke-width="1"/>' % (x, top - 2, x, y))
        y += 26
    height = y + 10
    head = [
        '<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="Segoe UI, Helvetica, Arial, sans-serif">' % (width, height, width, height),
        '<style>.t{font-size:18px;font-weight:600;fill:#111827}.s{font-size:12px;fill:#4b5563}.h{font-size:14px;font-weight:600;fill:#111827}'
        '.l{font-size:12px;fill:#111827}.v{font-size:12px;fill:#111827}.n{font-size:11px;fill:#6b7280}</style>',
        '<rect width="100%" height="100%" fill="#ffffff"/>',
        '<text x="20" y="28" class="t">OmniSqlite vs peers on SQLite: mean time per operation (shorter is faster)</text>',
        '<text x="20" y="48" class="s">%s</text>' % html.escape(subtitle),
    ]
    return "\n".join(head + parts + ["</svg>"]) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("results", help="BenchmarkDotNet results folder (…/BenchmarkDotNet.Artifacts/results)")
    ap.add_argument("--svg", default=os.path.join(ROOT, "docs", "benchmarks.svg"))
    ap.add_argument("--markdown", help="write the table here too (it is always printed)")
    ap.add_argument("--subtitle", default="BenchmarkDotNet --job short; dashed line: the hand-written floor. Bars scale per workload.")
    args = ap.parse_args()
    data = load(args.results)
    if not data:
        sys.exit("no *-report.csv in " + args.results)
    table = markdown(data)
    print(table)
    if args.markdown:
        open(args.markdown, "w", encoding="utf-8").write(table)
    os.makedirs(os.path.dirname(os.path.abspath(args.svg)), exist_ok=True)
    open(args.svg, "w", encoding="utf-8").write(svg(data, args.subtitle))
    print("wrote " + args.svg)


if __name__ == "__main__":
    main()
