#!/usr/bin/env python3
"""Copies the measured results from docs/benchmark-results/latest/ into docs/benchmarks.md between its
<!-- name:start --> / <!-- name:end --> markers (machine, table, floor, compile), and a compact ratio table into
README.md (ratios). Run by scripts/run-benchmarks.sh."""
import os
import re
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
results = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "docs", "benchmark-results", "latest")
doc_path = os.path.join(ROOT, "docs", "benchmarks.md")


def read(name):
    with open(os.path.join(results, name), encoding="utf-8") as f:
        return f.read().strip()


def machine():
    log = read("benchmarkdotnet.log")
    m = re.search(r"^BenchmarkDotNet v[\s\S]*?^Job=.*\n.*$", log, re.M)
    env = m.group(0) if m else "(no BenchmarkDotNet summary found)"
    times = read("machine.txt")
    return ("Machine and run (from BenchmarkDotNet's summary; load average before and after, from `uptime`):\n\n```\n"
            + env + "\n\n" + times + "\n```")


parts = {
    "machine": machine(),
    "table": read("table.md"),
    "floor": "```\n" + read("floor.txt") + "\n```",
    "compile": read("compile-cost.md"),
}


def ratios():
    """Workloads as rows, contenders as columns: time ratio to the floor (allocation ratio in brackets)."""
    rows, order = {}, []
    for line in read("table.md").splitlines()[2:]:
        cells = [c.strip() for c in line.strip("|").split("|")]
        workload, contender, ratio, alloc = cells[0], cells[1].strip("*"), cells[3], cells[5]
        if workload not in rows:
            rows[workload] = {}
            order.append(workload)
        rows[workload][contender] = "%s (%s)" % (ratio, alloc)
    contenders = ["OmniSqlite generated", "Dapper", "sqlite-net-pcl", "EF Core 10"]
    out = ["| workload (time ×floor, allocation ×floor) | " + " | ".join(contenders) + " |",
           "|---|" + "---:|" * len(contenders)]
    for w in order:
        out.append("| %s | %s |" % (w, " | ".join(("**%s**" % rows[w].get(c, "n/a")) if c == contenders[0] else rows[w].get(c, "n/a") for c in contenders)))
    return "\n".join(out)


def fill(path, values):
    with open(path, encoding="utf-8") as f:
        doc = f.read()
    for name, text in values.items():
        pattern = re.compile(r"(<!-- %s:start[^>]*-->\n)[\s\S]*?(<!-- %s:end -->)" % (name, name))
        if not pattern.search(doc):
            sys.exit("marker %s missing in %s" % (name, path))
        doc = pattern.sub(lambda m: m.group(1) + text + "\n" + m.group(2), doc)
    with open(path, "w", encoding="utf-8") as f:
        f.write(doc)
    print("filled " + ", ".join(values) + " in " + path)


fill(doc_path, parts)
fill(os.path.join(ROOT, "README.md"), {"ratios": ratios()})
