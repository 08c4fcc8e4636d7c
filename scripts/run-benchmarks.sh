#!/usr/bin/env bash
# Runs everything docs/benchmarks.md reports and writes it under docs/benchmark-results/latest/:
#   --validate (same work), --floor all (paired, exact bytes), the CRUD and [Query] suites in BenchmarkDotNet's short job,
#   the chart (docs/benchmarks.svg) and the table, and the compile-time cost; then fills docs/benchmarks.md.
# About 10 minutes on 2 idle cores. Usage: scripts/run-benchmarks.sh [extra BenchmarkDotNet arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
out=docs/benchmark-results/latest
artifacts=$(mktemp -d)
rm -rf "$out" && mkdir -p "$out"
project=tests/OmniSqlite.Benchmarks
dotnet build -c Release "$project" -v:q -nologo
run() { dotnet "$project/bin/Release/net10.0/OmniSqlite.Benchmarks.dll" "$@"; }

{ date -u; uptime; nproc; } > "$out/machine.txt"
run --validate | tee "$out/validate.txt"
run --floor all | tee "$out/floor.txt"
run --filter '*Crud*' '*QueryBenchmarks*' --job short --artifacts "$artifacts" "$@" > "$out/benchmarkdotnet.log" 2>&1
cp "$artifacts"/results/*-report.csv "$artifacts"/results/*-report-github.md "$out/"
python3 scripts/benchmark-chart.py "$out" --markdown "$out/table.md"
python3 scripts/compile-cost.py --markdown "$out/compile-cost.md"
{ date -u; uptime; } >> "$out/machine.txt"
python3 scripts/fill-benchmark-doc.py "$out"
rm -rf "$artifacts"
