#!/usr/bin/env python3
"""Copies the measured results from docs/benchmark-results/latest/ into docs/benchmarks.md between its
<!-- name:start --> / <!-- name:end --> markers (machine, table, floor, compile). Run by scripts/run-benchmarks.sh."""
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
with open(doc_path, encoding="utf-8") as f:
    doc = f.read()
for name, text in parts.items():
    pattern = re.compile(r"(<!-- %s:start[^>]*-->\n)[\s\S]*?(<!-- %s:end -->)" % (name, name))
    if not pattern.search(doc):
        sys.exit("marker %s missing in %s" % (name, doc_path))
    doc = pattern.sub(lambda m: m.group(1) + text + "\n" + m.group(2), doc)
with open(doc_path, "w", encoding="utf-8") as f:
    f.write(doc)
print("filled " + ", ".join(parts) + " in " + doc_path)
