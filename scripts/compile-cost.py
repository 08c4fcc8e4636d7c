#!/usr/bin/env python3
"""Compile-time cost of OmniSqlite's generator and analyzers on a synthetic project.

Generates a project with N entities (each with an [Indexed] column, so the generator emits a repository and DDL
per entity) and M SQL strings in the shapes the analyzers inspect (new SqliteCommand(sql, ..), CommandText = sql,
WHERE/JOIN/ORDER BY on indexed and unindexed columns), rebuilds it with -p:ReportAnalyzer=true, and reports
the generator's and each analyzer's time and their share of the compiler's time. It also rebuilds the same
project without the OmniSqlite analyzer assembly, so the difference (generator + analyzers + compiling the
generated code) is measured too, and once more with the generated code as plain source files (no generator, no
analyzers), which splits that difference into compiling the generated code and running generator and analyzers.
Whatever analyzers src/OmniSqlite.Analyzers holds when it runs are measured.

    python3 scripts/compile-cost.py                       # 300 entities, 1,500 SQL strings, 3 rebuilds each way
    python3 scripts/compile-cost.py --entities 50 --sql 250 --runs 1 --keep /tmp/cc
    python3 scripts/compile-cost.py --markdown docs/benchmark-results/compile-cost.md
    python3 scripts/compile-cost.py --entities 20 --sql 150 --ordinary 6000   # "realistic": ordinary code, SQL through a helper
    python3 scripts/compile-cost.py --entities 0 --sql 0 --ordinary 6000      # no entity: the generator's empty path

--ordinary N adds about N lines of ordinary application code (services with string handling, LINQ, collections,
async loops, exceptions, helpers taking strings that are not SQL), a third of the SQL strings going through the
project's own helper (`Db.Scalar(connection, sql, args)`, whose parameter flows into CommandText), and one connection
opened with its PRAGMAs set by hand. With --entities 0 that code queries a table declared by a CREATE TABLE string.

--compiler server (the default) builds through the compiler server, as `dotnet build` does for every user by default
(this machine's environment sets UseSharedCompilation=false, so the script passes it explicitly): the --warmup builds
(10 by default) start it and let the tiered JIT finish with the generator and analyzers, so the measured builds see them
as a developer's later builds do. --compiler process starts a new csc process per build, so each measured build
also pays for loading and JIT-compiling every analyzer and generator (a CI agent's first build looks like that).

Needs only the .NET SDK and python3 (standard library). Builds the analyzer project in Release first.
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
ANALYZERS = os.path.join(ROOT, "src", "OmniSqlite.Analyzers", "OmniSqlite.Analyzers.csproj")
RUNTIME = os.path.join(ROOT, "src", "OmniSqlite", "OmniSqlite.csproj")

CSPROJ = """<Project Sdk="Microsoft.NET.Sdk">
  <!-- Synthetic project written by scripts/compile-cost.py. -->
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>disable</ImplicitUsings>
    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
    <TreatWarningsAsErrors>false</TreatWarningsAsErrors>
    <NoWarn>$(NoWarn);CS1591</NoWarn>
    <OmniAnalyzers Condition="'$(OmniAnalyzers)' == ''">true</OmniAnalyzers>
    <DefineConstants Condition="'$(OmniAnalyzers)' == 'true'">$(DefineConstants);OMNI_GENERATED</DefineConstants>
  </PropertyGroup>
  <ItemGroup>
    <Reference Include="OmniSqlite"><HintPath>{runtime_dll}</HintPath></Reference>
    <PackageReference Include="Microsoft.Data.Sqlite" Version="{mds_version}" />
  </ItemGroup>
  <!-- Added where a PackageReference puts a package's analyzers: after the SDK's own (NetAnalyzers), as in a user's build.
       The analyzer that first asks Roslyn for something of the compilation may be charged for building it; on 2026-12-02
       the two orders' A/B was inside the rebuild-to-rebuild spread. -->
  <Target Name="AddOmniSqliteAnalyzer" AfterTargets="ResolvePackageAssets" Condition="'$(OmniAnalyzers)' == 'true'">
    <ItemGroup>
      <Analyzer Include="{analyzer_dll}" />
    </ItemGroup>
  </Target>
  <!-- Third configuration: the generated code as plain source files, no generator or analyzers. -->
  <PropertyGroup Condition="'$(GeneratedCopy)' != ''">
    <DefineConstants>$(DefineConstants);OMNI_GENERATED</DefineConstants>
  </PropertyGroup>
  <ItemGroup Condition="'$(GeneratedCopy)' != ''">
    <Compile Include="$(GeneratedCopy)/**/*.cs" />
  </ItemGroup>
</Project>
"""

ENTITY = """using System;
using Microsoft.Data.Sqlite;
using OmniSqlite;

namespace Synthetic.Domain{ns}
{{
    [Table("entity_{i}")]
    [Index(nameof(Status), nameof(CreatedAt))]
    public sealed class Entity{i}
    {{
        [PrimaryKey, AutoIncrement] public long Id {{ get; set; }}
        [Indexed] public long OwnerId {{ get; set; }}
        public string Name {{ get; set; }} = "";
        public int Status {{ get; set; }}
        public double Amount {{ get; set; }}
        public DateTime CreatedAt {{ get; set; }}
        public string? Note {{ get; set; }}
        public long ParentId {{ get; set; }}
    }}

    public static class Entity{i}Queries
    {{
{queries}
#if OMNI_GENERATED
        public static Entity{i}? Load(SqliteConnection connection, long id)
        {{
            using var repository = new Entity{i}Repository(connection);
            return repository.GetById(id);
        }}
#endif
    }}
}}
"""

# SQL shapes: indexed (silent) and unindexed (a diagnostic) filters, a join, an ORDER BY, an expression on an
# indexed column, a write. {t} is this entity's table, {u} another entity's table.
SHAPES = [
    ("cmd", "SELECT id, name, amount FROM {t} WHERE owner_id = @owner"),
    ("text", "SELECT id, name FROM {t} WHERE name = @name"),
    ("cmd", "SELECT a.id, b.name FROM {t} a JOIN {u} b ON b.owner_id = a.id WHERE a.status = @s AND a.created_at > @since"),
    ("text", "SELECT id, amount FROM {t} WHERE owner_id = @owner ORDER BY amount DESC LIMIT 20"),
    ("cmd", "SELECT count(*) FROM {t} WHERE lower(name) = @name OR parent_id = @parent"),
    ("text", "UPDATE {t} SET amount = amount + @delta WHERE id = @id"),
    ("cmd", "SELECT id FROM {t} WHERE note LIKE '%x%' AND status = @s"),
]


DB_HELPER = """using System;
using Microsoft.Data.Sqlite;

namespace Synthetic.App
{
    /// <summary>The project's own SQL helper: its sql parameter flows into CommandText.</summary>
    public static class Db
    {
        public const string Schema = "CREATE TABLE IF NOT EXISTS items (id INTEGER PRIMARY KEY, owner_id INTEGER NOT NULL, name TEXT, status INTEGER NOT NULL);"
            + " CREATE INDEX IF NOT EXISTS idx_items_owner_id ON items (owner_id);";

        public static SqliteConnection Open(string path)
        {
            var connection = new SqliteConnection("Data Source=" + path);
            connection.Open();
            using (var setup = connection.CreateCommand())
            {
                setup.CommandText = "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=5000; PRAGMA foreign_keys=ON;";
                setup.ExecuteNonQuery();
            }
            return connection;
        }

        public static long Scalar(SqliteConnection connection, string sql, params object[] values)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            for (int i = 0; i < values.Length; i++) command.Parameters.AddWithValue("@p" + i, values[i]);
            return Convert.ToInt64(command.ExecuteScalar() ?? 0L);
        }
    }
}
"""

SERVICE_HEAD = """using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;

namespace Synthetic.App.Part{ns}
{{
    public sealed class Service{k}
    {{
        private readonly Dictionary<string, int> _counts = new Dictionary<string, int>(StringComparer.Ordinal);
        private readonly List<string> _log = new List<string>();
        private readonly SqliteConnection _connection;

        public Service{k}(SqliteConnection connection) {{ _connection = connection; }}

        public IReadOnlyList<string> Log => _log;
"""

SERVICE_METHODS = [
    """        public string Describe{m}(string name, int count)
        {{
            var text = string.Format(CultureInfo.InvariantCulture, "{{0}}: {{1}}", name, count);
            _log.Add(text);
            return text.Trim();
        }}
""",
    """        public int CountLong{m}(IEnumerable<string> items)
            => items.Where(i => i.Length > 2).Select(i => i.ToUpperInvariant()).Distinct(StringComparer.Ordinal).Count();
""",
    """        public async Task<int> Sum{m}Async(IReadOnlyList<int> values, CancellationToken cancellationToken)
        {{
            int total = 0;
            foreach (var value in values)
            {{
                cancellationToken.ThrowIfCancellationRequested();
                total = checked(total + value);
                await Task.Yield();
            }}
            return total;
        }}
""",
    """        public void Remember{m}(string key)
        {{
            if (!_counts.TryGetValue(key, out var seen)) seen = 0;
            _counts[key] = seen + 1;
            if (seen > 10) _log.Add("hot key " + key + " seen " + seen + " times");
        }}
""",
    """        public static string Normalize{m}(string value)
        {{
            if (string.IsNullOrWhiteSpace(value)) throw new ArgumentException("The value is empty.", nameof(value));
            var builder = new StringBuilder(value.Length);
            foreach (var c in value.Trim()) builder.Append(char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-');
            return builder.ToString();
        }}
""",
    """        public Dictionary<string, List<int>> Group{m}(IEnumerable<(string Key, int Value)> pairs)
        {{
            var result = new Dictionary<string, List<int>>();
            foreach (var (key, value) in pairs)
            {{
                if (!result.TryGetValue(key, out var list)) result[key] = list = new List<int>();
                list.Add(value);
            }}
            return result;
        }}
""",
    """        public long Load{m}(long owner)
            => Db.Scalar(_connection, "{sql}", owner);
""",
]


def service_file(ns, k, methods, sql_for):
    body = [SERVICE_HEAD.format(ns=ns, k=k)]
    lines = body[0].count("\n")
    written = 0
    for m in range(methods):
        shape = SERVICE_METHODS[(k + m) % len(SERVICE_METHODS)]
        sql = ""
        if "{sql}" in shape:
            sql = sql_for(written)
            if sql is None:
                shape = SERVICE_METHODS[0]
            else:
                written += 1
        text = shape.format(m=m, sql=sql)
        body.append(text)
        lines += text.count("\n")
    body.append("    }\n}\n")
    return "".join(body), lines + 2, written


def generate(folder, entities, sql_strings, runtime_dll, analyzer_dll, mds_version, ordinary=0):
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "Synthetic.csproj"), "w") as f:
        f.write(CSPROJ.format(runtime_dll=runtime_dll, analyzer_dll=analyzer_dll, mds_version=mds_version))
    written = 0
    if ordinary > 0:
        # A third of the SQL goes through the project's helper from ordinary code (all of it with no entity).
        helper_sql = sql_strings if entities == 0 else sql_strings // 3
        sql_strings -= helper_sql
        with open(os.path.join(folder, "Db.cs"), "w") as f:
            f.write(DB_HELPER)
        lines, k, used = DB_HELPER.count("\n"), 0, [0]

        def sql_for(_):
            if used[0] >= helper_sql:
                return None
            n = used[0]
            used[0] += 1
            if entities == 0:
                return ("SELECT count(*) FROM items WHERE owner_id = @p0", "SELECT count(*) FROM items WHERE name = @p0")[n % 2]
            return "SELECT count(*) FROM entity_%d WHERE %s = @p0" % (n % entities, ("owner_id", "status", "note")[n % 3])
        while lines < ordinary or used[0] < helper_sql:
            text, n, w = service_file(k // 50, k, 14, sql_for)
            with open(os.path.join(folder, "Service%d.cs" % k), "w") as f:
                f.write(text)
            lines += n
            written += w
            k += 1
    per_entity = [sql_strings // entities + (1 if i < sql_strings % entities else 0) for i in range(entities)]
    for i in range(entities):
        queries = []
        for q in range(per_entity[i]):
            kind, sql = SHAPES[(i + q) % len(SHAPES)]
            sql = sql.format(t="entity_%d" % i, u="entity_%d" % ((i + 1) % entities))
            name = "Q%d" % q
            if kind == "cmd":
                queries.append('        public static SqliteCommand %s(SqliteConnection c) => new SqliteCommand("%s", c);' % (name, sql))
            else:
                queries.append('        public static SqliteCommand %s(SqliteConnection c)\n        {\n            var command = c.CreateCommand();\n'
                               '            command.CommandText = "%s";\n            return command;\n        }' % (name, sql))
            written += 1
        with open(os.path.join(folder, "Entity%d.cs" % i), "w") as f:
            f.write(ENTITY.format(ns=i // 50, i=i, queries="\n".join(queries)))
    return written


def run(cmd, cwd, log=None):
    proc = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if log:
        with open(log, "w") as f:
            f.write(proc.stdout)
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout[-6000:])
        raise SystemExit("command failed (%d): %s" % (proc.returncode, " ".join(cmd)))
    return proc.stdout


ROW = re.compile(r"^\s*(<?\d+(?:\.\d+)?)\s+(<?\d+)(\s+)(\S.*?)\s*$")


def seconds(text):
    return 0.0005 if text.startswith("<") else float(text)


def parse_report(text):
    """Reads csc's ReportAnalyzer tables and the Csc task time from a -v:d -clp:PerformanceSummary build log.

    Each table lists an assembly row, then its analyzers/generators indented further after the % column:
        1.606   74   Microsoft.CodeAnalysis.CSharp.NetAnalyzers, Version=...
        1.386   64      Microsoft.NetCore.CSharp.Analyzers.Runtime.CSharpDetectPreviewFeatureAnalyzer (CA2252)
    """
    result = {"analyzer_total": None, "generator_total": None, "analyzers": {}, "generators": {}, "csc": None, "warnings": 0}
    section = None
    rows = {"analyzers": [], "generators": []}
    for raw in text.splitlines():
        line = raw.strip()
        m = re.search(r"Total analyzer execution time: ([\d.]+) seconds", line)
        if m:
            result["analyzer_total"] = float(m.group(1)); section = "analyzers"; continue
        m = re.search(r"Total generator execution time: ([\d.]+) seconds", line)
        if m:
            result["generator_total"] = float(m.group(1)); section = "generators"; continue
        if section:
            if not line or line.startswith("Time (s)") or line.startswith("NOTE:"):
                continue
            m = ROW.match(raw)
            if m:
                rows[section].append((len(m.group(3)), seconds(m.group(1)), m.group(4)))
                continue
            section = None
        m = re.match(r"^\s*(\d+) ms\s+Csc\s+\d+ calls", raw)
        if m:
            result["csc"] = int(m.group(1)) / 1000.0
        m = re.search(r"(\d+) Warning\(s\)", line)
        if m:
            result["warnings"] = int(m.group(1))
    for section, items in rows.items():
        if not items:
            continue
        top = min(r[0] for r in items)
        assembly = None
        for indent, secs, name in items:
            if indent == top:
                assembly = name.split(",")[0]
                result[section][assembly] = {"seconds": secs, "items": {}}
            elif assembly:
                result[section][assembly]["items"][name] = secs
    return result


def compiler_flag(mode):
    """The property that picks the compiler: the server (mode "server") or a new csc process per build."""
    return "-p:UseSharedCompilation=%s" % ("true" if mode == "server" else "false")


def stop_compiler_server():
    # A server left running may hold an older analyzer assembly; each measurement starts and ends with none.
    subprocess.run(["dotnet", "build-server", "shutdown"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def build(folder, omni, runs, logs, compiler, extra=(), tag=""):
    results = []
    for n in range(runs):
        log = os.path.join(logs, "build-%s%s-%d.log" % ("omni" if omni else "plain", tag, n))
        out = run(["dotnet", "build", "-c", "Release", "--no-restore", "-t:Rebuild", "-nodeReuse:false",
                   "-p:ReportAnalyzer=true", "-p:OmniAnalyzers=%s" % ("true" if omni else "false"),
                   "-v:d", "-clp:PerformanceSummary", compiler] + list(extra), folder, log)
        results.append(parse_report(out))
    return results


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--entities", type=int, default=300)
    ap.add_argument("--sql", type=int, default=1500, help="SQL strings in the synthetic code")
    ap.add_argument("--runs", type=int, default=3, help="rebuilds per configuration (the median is reported)")
    ap.add_argument("--keep", help="write the synthetic project here and keep it (default: a temp folder, removed)")
    ap.add_argument("--markdown", help="also write the report to this file")
    ap.add_argument("--ordinary", type=int, default=0, help="about this many lines of ordinary application code (see above)")
    ap.add_argument("--compiler", choices=["server", "process"], default="server",
                    help="server: the compiler server, warm after the warm-up builds (dotnet build's default); process: a new csc per build")
    ap.add_argument("--warmup", type=int, default=10,
                    help="builds before the measured ones (the first also writes the generated files out to count them); with the "
                         "compiler server, builds 2-8 still ran 1.5-10x slower in OmniSqlite's code than later ones (tiered JIT)")
    args = ap.parse_args()
    compiler = compiler_flag(args.compiler)
    stop_compiler_server()

    run(["dotnet", "build", "-c", "Release", "-nodeReuse:false", ANALYZERS], ROOT)
    run(["dotnet", "build", "-c", "Release", "-nodeReuse:false", "-f", "net8.0", RUNTIME], ROOT)
    analyzer_dll = os.path.join(ROOT, "src", "OmniSqlite.Analyzers", "bin", "Release", "netstandard2.0", "OmniSqlite.Analyzers.dll")
    runtime_dll = os.path.join(ROOT, "src", "OmniSqlite", "bin", "Release", "net8.0", "OmniSqlite.dll")
    props = open(os.path.join(ROOT, "Directory.Packages.props")).read()
    mds_version = re.search(r'Include="Microsoft.Data.Sqlite" Version="([^"]+)"', props).group(1)

    folder = args.keep or tempfile.mkdtemp(prefix="omnisqlite-compile-cost-")
    try:
        if os.path.isdir(folder):
            shutil.rmtree(folder)
        written = generate(folder, args.entities, args.sql, runtime_dll, analyzer_dll, mds_version, args.ordinary)
        user_lines = sum(sum(1 for _ in open(os.path.join(folder, n))) for n in os.listdir(folder) if n.endswith(".cs"))
        logs = os.path.join(folder, "logs")
        os.makedirs(logs)
        # Keep the synthetic project out of the repository's Directory.*.props (it lives in a temp folder anyway).
        open(os.path.join(folder, "Directory.Build.props"), "w").write("<Project />\n")
        open(os.path.join(folder, "Directory.Packages.props"), "w").write("<Project />\n")
        run(["dotnet", "restore"], folder)
        # Warm-up (compiler server, JIT, disk cache), writing the generated files once to count them.
        gen_dir = os.path.join(folder, "generated")
        build(folder, True, 1, logs, compiler, ["-p:EmitCompilerGeneratedFiles=true", "-p:CompilerGeneratedFilesOutputPath=" + gen_dir], "-warmup")
        generated_lines = 0
        for dirpath, _, files in os.walk(os.path.join(gen_dir, "OmniSqlite.Analyzers")):
            for name in files:
                generated_lines += sum(1 for _ in open(os.path.join(dirpath, name)))
        copy = folder.rstrip("/") + "-generated-copy"   # outside the project folder, so default globs miss it
        shutil.rmtree(copy, ignore_errors=True)
        if os.path.isdir(os.path.join(gen_dir, "OmniSqlite.Analyzers")):
            shutil.copytree(os.path.join(gen_dir, "OmniSqlite.Analyzers"), copy)
        else:
            os.makedirs(copy)   # no entity: nothing generated
        shutil.rmtree(gen_dir, ignore_errors=True)
        for n in range(1, args.warmup):
            # The compiler server goes on getting faster for about ten builds (tiered JIT compiles the hot code again, with
            # profile data), and the generator and analyzers with it: measured cold, they are charged that JIT.
            build(folder, True, 1, logs, compiler, tag="-warmup-%d" % n)
        # Alternate the configurations so machine load drifts onto all of them alike.
        omni, plain, source = [], [], []
        try:
            for n in range(args.runs):
                omni += build(folder, True, 1, logs, compiler, tag="-%d" % n)
                plain += build(folder, False, 1, logs, compiler, tag="-%d" % n)
                source += build(folder, False, 1, logs, compiler, ["-p:GeneratedCopy=" + copy], "-source-%d" % n)
        finally:
            shutil.rmtree(copy, ignore_errors=True)
        report = format_report(args, written, omni, plain, generated_lines, source, user_lines)
        print(report)
        if args.markdown:
            with open(args.markdown, "w") as f:
                f.write(report)
    finally:
        stop_compiler_server()
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


def format_report(args, written, omni, plain, generated_lines, source=(), user_lines=None):
    csc_omni = median([r["csc"] for r in omni])
    csc_plain = median([r["csc"] for r in plain])
    gen_total = median([r["generator_total"] for r in omni])
    an_total = median([r["analyzer_total"] for r in omni])

    def share(x):
        return "%.1f %%" % (100.0 * x / csc_omni) if (x is not None and csc_omni) else "n/a"

    def fmt(x):
        return "%.3f" % x if x is not None else "n/a"

    def collect(kind, mine):
        found = {}
        for r in omni:
            for assembly, data in r[kind].items():
                if assembly.startswith("OmniSqlite") != mine:
                    continue
                if mine:
                    for item, secs in (data["items"] or {assembly: data["seconds"]}).items():
                        found.setdefault(item, []).append(secs)
                else:
                    found.setdefault(assembly, []).append(data["seconds"])
        return sorted(((name, median(v)) for name, v in found.items()), key=lambda kv: -kv[1])

    diff = csc_omni - csc_plain if csc_omni is not None and csc_plain is not None else None
    lines = [
        "Synthetic project: %d entities, %d SQL strings, %s lines of source, %d lines of generated code; median of %d rebuilds each way"
        " (`dotnet build -t:Rebuild -p:ReportAnalyzer=true -v:d -clp:PerformanceSummary %s`: %s)." % (
            args.entities, written, user_lines if user_lines is not None else "?", generated_lines, args.runs, compiler_flag(args.compiler),
            "the compiler server, warm" if args.compiler == "server" else "a new compiler process per build"),
        "",
        "| what | seconds | share of the Csc task (with OmniSqlite) |",
        "|---|---:|---:|",
        "| Csc task, with OmniSqlite's generator and analyzers | %s | 100 %% |" % fmt(csc_omni),
        "| Csc task, the same project without them (no repositories generated) | %s | %s |" % (fmt(csc_plain), share(csc_plain)),
        "| difference: generator + analyzers + compiling the generated code | %s | %s |" % (fmt(diff), share(diff)),
    ]
    csc_source = median([r["csc"] for r in source]) if source else None
    if csc_source is not None and csc_plain is not None:
        lines.append("| Csc task, the generated code as plain source files, no generator or analyzers | %s | %s |" % (fmt(csc_source), share(csc_source)))
        lines.append("| of the difference: compiling the generated code (source - without) | %s | %s |" % (fmt(csc_source - csc_plain), share(csc_source - csc_plain)))
        lines.append("| of the difference: running the generator and analyzers (with - source) | %s | %s |" % (fmt(csc_omni - csc_source), share(csc_omni - csc_source)))
    for name, secs in collect("generators", True):
        lines.append("| OmniSqlite generator `%s` | %s | %s |" % (short(name), fmt(secs), share(secs)))
    mine = collect("analyzers", True)
    if mine:
        together = median([sum(sum((data["items"] or {a: data["seconds"]}).values())
                               for a, data in r["analyzers"].items() if a.startswith("OmniSqlite")) for r in omni])
        lines.append("| OmniSqlite analyzers, all together | %s | %s |" % (fmt(together), share(together)))
    for name, secs in mine:
        lines.append("| OmniSqlite analyzer `%s` | %s | %s |" % (short(name), fmt(secs), share(secs)))
    for name, secs in collect("generators", False):
        lines.append("| SDK generator assembly `%s` (for scale) | %s | %s |" % (name, fmt(secs), share(secs)))
    for name, secs in collect("analyzers", False):
        lines.append("| SDK analyzer assembly `%s` (for scale) | %s | %s |" % (name, fmt(secs), share(secs)))
    lines.append("| all generators / all analyzers (ReportAnalyzer totals; analyzers run concurrently) | %s / %s | %s / %s |" % (
        fmt(gen_total), fmt(an_total), share(gen_total), share(an_total)))
    lines.append("")
    lines.append("OmniSqlite analyzers present in this build: %s." % (
        ", ".join("`%s`" % short(n) for n, _ in mine) if mine else "none (only the generator was in src/OmniSqlite.Analyzers)"))
    lines.append("Warnings reported: %s with OmniSqlite, %s without." % (median([r["warnings"] for r in omni]), median([r["warnings"] for r in plain])))
    lines.append("Per-analyzer times are ReportAnalyzer's, summed over the compiler's threads. All SQL rules are one analyzer"
                 " (SqlAnalyzer, one schema per compilation); the first analyzer to ask for a method's operation tree is charged"
                 " for building it, so read the OmniSqlite analyzers as a group.")
    return "\n".join(lines) + "\n"


def short(name):
    name = re.sub(r"\s*\(.*\)$", "", name.strip())   # the rule ids after an analyzer's name: "SqlAnalyzer (OSQL009, ...)"
    name = name.split(",")[0].strip()
    return name.split(".")[-1] if "." in name else name


if __name__ == "__main__":
    main()
