#!/usr/bin/env python3
"""Issue 20 items 1-13, before and after: each case's smallest input, run against the code before the fixes and now.

    git worktree add /work/wt-before 82801bc
    dotnet build /work/wt-before/src/OmniSqlite.Cli -c Release     # analyzer, runtime and CLI of the old code
    dotnet build src/OmniSqlite.Cli -c Release                     # the same, current
    python3 scripts/hardening-before-after.py --before /work/wt-before --after .

Prints one line per case: `item N case: before=<what happened> after=<what happens>` (docs/hardening.md keeps a run).
Consumers reference the built OmniSqlite.dll and load OmniSqlite.Analyzers.dll as an analyzer (the packed packages of
both trees carry the same version, so a NuGet cache would mix them). Not part of `dotnet test`: it builds old code.
Needs Linux, root (item 10 runs processes as other users with setpriv), the sqlite3 shell, and gzip.
"""
import argparse, glob, gzip, json, os, random, re, shutil, signal, sqlite3, subprocess, sys, threading, time

WORK = "/tmp/omnisqlite-hardening"
SQLITE_VERSION = "10.0.15"


def run(args, timeout=600, cwd=None, env=None, stdin=None):
    try:
        p = subprocess.run(args, cwd=cwd, env=env, input=stdin, capture_output=True, text=True, timeout=timeout)
        return p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired:
        return "timeout", "", ""


def first_line(text, limit=110):
    for line in text.splitlines():
        line = line.strip()
        if line:
            return line[:limit]
    return ""


# ---- consumers built with the generator and analyzers of one tree --------------------------------------------------

PROJECT = """<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <AssemblyName>Probe</AssemblyName>
    <RootNamespace>Probe</RootNamespace>
    <CheckForOverflowUnderflow>true</CheckForOverflowUnderflow>
    <UseSharedCompilation>{shared}</UseSharedCompilation>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Microsoft.Data.Sqlite" Version="{sqlite}" />
    <PackageReference Include="Microsoft.Extensions.Logging.Abstractions" Version="{sqlite}" />
    <Reference Include="OmniSqlite"><HintPath>{root}/src/OmniSqlite/bin/Release/net8.0/OmniSqlite.dll</HintPath></Reference>
    <Analyzer Include="{root}/src/OmniSqlite.Analyzers/bin/Release/netstandard2.0/OmniSqlite.Analyzers.dll" />
  </ItemGroup>
</Project>
"""

# Every build case also has this entity and uses its repository: "WidgetRepository missing" means the generator lost
# every file (what CS8785 does to a project), not only the odd entity's.
WIDGET = """
namespace Probe
{
    [OmniSqlite.Table("widgets")]
    public sealed class Widget { public long Id { get; set; } public long A { get; set; } [OmniSqlite.Indexed] public long B { get; set; } }
    public static partial class Program
    {
        public static int Main()
        {
            using var c = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=:memory:");
            c.Open();
            Probe.OmniSqliteSchema.EnsureCreated(c);
            new WidgetRepository(c).Insert(new Widget { A = 1, B = 2 });
            return Extra(c);
        }
        static partial void Touch();
        static int Extra(Microsoft.Data.Sqlite.SqliteConnection c) { Touch(); return 0; }
    }
}
"""


def build(root, name, source, shared=True, run_it=False):
    folder = os.path.join(WORK, name)
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    with open(os.path.join(folder, "Probe.csproj"), "w") as f:
        f.write(PROJECT.format(root=os.path.abspath(root), sqlite=SQLITE_VERSION, shared="true" if shared else "false"))
    with open(os.path.join(folder, "Widget.cs"), "w") as f:
        f.write(WIDGET)
    with open(os.path.join(folder, "Case.cs"), "w") as f:
        f.write(source)
    started = time.monotonic()
    code, out, err = run(["dotnet", "build", "-nologo", "-clp:NoSummary", "-p:TreatWarningsAsErrors=false"], cwd=folder)
    seconds = time.monotonic() - started
    text = out + err
    if "Stack overflow" in text or "StackOverflow" in text:
        return f"compiler crashed: stack overflow (exit {code}, {seconds:.0f} s)"
    if code == "timeout":
        return "build did not finish in 600 s"
    errors = sorted(set(re.findall(r"error ([A-Z]+\d+)", text)))
    warnings = sorted(set(re.findall(r"warning ((?:CS8785|OSQL\d+|AD0001))", text)))
    missing = "WidgetRepository" in text and "CS0246" in errors
    parts = [f"exit {code}"]
    if errors:
        n = len(set(re.findall(r"[^\s]+\(\d+,\d+\): error [A-Z]+\d+", text)))
        parts.append(f"{n} errors {'/'.join(errors)}")
    if warnings:
        parts.append("warnings " + "/".join(warnings))
    if missing:
        parts.append("WidgetRepository missing")
    if "CS8785" in text:
        m = re.search(r"CS8785: ([^\r\n]*?)(?:\[|$)", text, re.M)
        if m:
            detail = re.search(r"'(\w+Exception)' with message '([^']{0,70})", m.group(1))
            if detail:
                parts.append(f"{detail.group(1)}: {detail.group(2)}")
    parts.append(f"{seconds:.0f} s")
    result = ", ".join(parts)
    if run_it and code == 0:
        rc, o, e = run(["dotnet", os.path.join(folder, "bin/Debug/net10.0/Probe.dll")], timeout=120)
        result = "builds; runs: " + (o.strip().replace("\n", "; ") or first_line(e)) + f" (exit {rc})"
    return result


def terms(n, joiner, fmt):
    return joiner.join(fmt.format(i) for i in range(n))


SQL_SITE = """
namespace Probe
{{
    public static partial class Program
    {{
        public static void Query(Microsoft.Data.Sqlite.SqliteConnection connection, string value)
        {{
            using var command = new Microsoft.Data.Sqlite.SqliteCommand({sql}, connection);
        }}
    }}
}}
"""

BUILD_CASES = [
    ("1", "30,000 AND terms in constant SQL", lambda: SQL_SITE.format(sql='"SELECT * FROM widgets WHERE ' + terms(30000, " AND ", "a = {0}") + '"'), False),
    ("1", "50,000 OR terms in constant SQL", lambda: SQL_SITE.format(sql='"SELECT * FROM widgets WHERE ' + terms(50000, " OR ", "a = {0}") + '"'), False),
    ("1", "10,000-piece non-constant concatenation", lambda: SQL_SITE.format(sql='"SELECT * FROM widgets WHERE a IN (0" + ' + terms(10000, " + ", '", " + value') + ' + ")"'), False),
    ("2", "nested entities named Client in two outer classes", lambda: """using OmniSqlite;
namespace App
{
    public static class Sales { [Table("sales_clients")] public sealed class Client { public long Id { get; set; } public string Name { get; set; } = ""; } }
    public static class Support { [Table("support_clients")] public sealed class Client { public long Id { get; set; } public string Name { get; set; } = ""; } }
}
""", True),
    ("2", "half-typed `public sealed Client { ... }`", lambda: """using OmniSqlite;
namespace App
{
    public sealed Client { [PrimaryKey] public long Id { get; set; } public string Name { get; set; } = ""; }
}
""", True),
    ("2", "half-typed `[Table] public sealed Client { ... }`", lambda: """using OmniSqlite;
namespace App
{
    [Table] public sealed Client { public long Id { get; set; } public string Name { get; set; } = ""; }
}
""", True),
    ("2", "half-typed `[Table] public sealed Client { ... }` outside any namespace", lambda: """using OmniSqlite;
[Table] public sealed Client { public long Id { get; set; } public string Name { get; set; } = ""; }
""", True),
    ("2", "[Index] on a member whose column collides", lambda: """using OmniSqlite;
namespace App
{
    [Table, Index(nameof(Other))]
    public sealed class Thing { public long Id { get; set; } public string CreatedAt { get; set; } = ""; [Column("created_at")] public string Other { get; set; } = ""; }
}
""", True),
    ("3", "member named `@default`", lambda: """using OmniSqlite;
namespace App { [Table("k")] public sealed class K { public long Id { get; set; } public int @default { get; set; } } }
""", True),
    ("3", "newline in a [Column] name", lambda: """using OmniSqlite;
namespace App { [Table("n")] public sealed class N { public long Id { get; set; } [Indexed, Column("two\\nlines")] public int X { get; set; } } }
""", True),
    ("3", "newline in a [Table] name", lambda: """using OmniSqlite;
namespace App { [Table("two\\nlines")] public sealed class N { public long Id { get; set; } public int X { get; set; } } }
""", True),
    ("3", "[Ignore]d required member", lambda: """using OmniSqlite;
namespace App { [Table("r")] public sealed class R { public long Id { get; set; } [Ignore] public required string Label { get; set; } } }
""", True),
    ("3", "file class entity", lambda: """using OmniSqlite;
namespace App { [Table] file sealed class Secret { public long Id { get; set; } } }
""", True),
    ("4", "index names a_b.c and a.b_c both idx_a_b_c", lambda: """using OmniSqlite;
namespace App
{
    [Table("a_b")] public sealed class Ab { public long Id { get; set; } [Indexed] public long C { get; set; } }
    [Table("a")] public sealed class A { public long Id { get; set; } [Indexed, Column("b_c")] public long BC { get; set; } }
}
""", True),
    ("4", "tables dup and DUP", lambda: """using OmniSqlite;
namespace App
{
    [Table("dup")] public sealed class Draft { public long Id { get; set; } }
    [Table("DUP")] public sealed class Duplicate { public long Id { get; set; } }
}
""", True),
]

# Items 5, 6 and 12 run inside one consumer (per tree): each case is caught and printed on its own line.
RUNTIME_CASE = r"""using OmniSqlite;
namespace Probe
{
    public enum Big : ulong { Small = 1, Huge = ulong.MaxValue }
    [Table("bigs")] public sealed class BigRow { public long Id { get; set; } public Big Value { get; set; } }
    [Table("doubles")] public sealed class DoubleRow { public long Id { get; set; } public double Value { get; set; } }
    [Table("texts")] public sealed class TextRow { public long Id { get; set; } public string Value { get; set; } = ""; }
    [Table("decimals")] public sealed class DecimalRow { public long Id { get; set; } public decimal Value { get; set; } }

    public static partial class Program
    {
        static void Case(string name, Func<string> body)
        {
            string result;
            try { result = body(); }
            catch (Exception e) { result = e.GetType().Name + ": " + e.Message.Split('\n')[0]; }
            Console.WriteLine(name + "=" + result.Replace("\n", " "));
        }

        static partial void Touch()
        {
            string file = Path.Combine(AppContext.BaseDirectory, "values.db");
            File.Delete(file);
            using var c = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=" + file + ";Pooling=False");
            c.Open();
            OmniSqliteSchema.EnsureCreated(c);
            Case("5 ulong.MaxValue enum", () => { var r = new BigRowRepository(c); long id = r.Insert(new BigRow { Value = Big.Huge }); return "read back " + (r.GetById(id)!.Value == Big.Huge ? "equal" : "changed"); });
            Case("6 -0.0", () => { var r = new DoubleRowRepository(c); long id = r.Insert(new DoubleRow { Value = -0.0 }); double v = r.GetById(id)!.Value; return "read back " + (double.IsNegative(v) ? "-0" : "0 (sign lost)"); });
            Case("6 lone surrogate \\uD800", () => { var r = new TextRowRepository(c); long id = r.Insert(new TextRow { Value = "a\uD800b" }); string v = r.GetById(id)!.Value; return "read back " + (v == "a\uD800b" ? "equal" : "changed to " + string.Join(" ", v.Select(ch => ((int)ch).ToString("X4")))); });
            Case("6 decimal scale", () => { var r = new DecimalRowRepository(c); long a = r.Insert(new DecimalRow { Value = 0m }); long b = r.Insert(new DecimalRow { Value = 1.50m }); return "wrote 0 and 1.50, read back " + r.GetById(a)!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) + " and " + r.GetById(b)!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture); });
            Case("6 NaN", () => { var r = new DoubleRowRepository(c); long id = r.Insert(new DoubleRow { Value = double.NaN }); return "stored, read back " + r.GetById(id)!.Value; });
            var mounts = MountTable.Parse(string.Join("\n", new[]
            {
                "/dev/sda1 / ext4 rw 0 0",
                "sshfs#me@host:/srv /m/fuse-sshfs fuse rw,user_id=0 0 0",
                "me@host:/srv /m/fuse.sshfs fuse.sshfs rw 0 0",
                "/dev/mapper/c /m/gfs2 gfs2 rw 0 0",
                "/dev/sdc /m/ocfs2 ocfs2 rw 0 0",
                "C:\\ /m/drvfs drvfs rw 0 0",
                "quobyte@reg/vol /m/fuse.quobyte fuse.quobyte rw 0 0",
            }) + "\n");
            foreach (var m in new[] { "fuse-sshfs", "fuse.sshfs", "gfs2", "ocfs2", "drvfs", "fuse.quobyte" })
                Case("12 " + m, () => mounts.FindMount("/m/" + m + "/app.db")!.IsNetwork ? "network (WAL refused)" : "local (WAL allowed)");
        }
    }
}
"""


# ---- CLI cases -----------------------------------------------------------------------------------------------------

def cli(root):
    return ["dotnet", os.path.join(os.path.abspath(root), "src/OmniSqlite.Cli/bin/Release/net8.0/OmniSqlite.Cli.dll")]


def make_db(path, rows=200, blob=64, journal="WAL", seed=1):
    for suffix in ("", "-wal", "-shm", "-journal"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)
    rnd = random.Random(seed)
    c = sqlite3.connect(path)
    c.execute(f"PRAGMA journal_mode={journal}")
    c.execute("CREATE TABLE ledger (id INTEGER PRIMARY KEY, note TEXT, data BLOB)")
    c.executemany("INSERT INTO ledger (note, data) VALUES (?, ?)", ((f"n{i}", rnd.randbytes(blob)) for i in range(rows)))
    c.commit()
    c.close()
    return path


def summarize(code, out, err):
    msg = re.sub(re.escape(WORK) + r"/[^/ ']*/", "", first_line(err, 400) or first_line(out, 400))[:120]
    return f"exit {code}" + (f" \"{msg}\"" if msg else "")


def fresh(name):
    folder = os.path.join(WORK, name)
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    os.chmod(folder, 0o777)
    return folder


KILLS = int(os.environ.get("OMNISQLITE_HARDENING_KILLS", "50"))
BOMB_MB = int(os.environ.get("OMNISQLITE_HARDENING_BOMB_MB", "1024"))


class Writer(threading.Thread):
    """The application: inserts a row per transaction until stopped, as the issue's kill loop had (busy waits are retried)."""
    def __init__(self, db):
        super().__init__(daemon=True)
        self.db, self.stop, self.rows, self.errors = db, threading.Event(), 0, 0

    def run(self):
        c = sqlite3.connect(self.db, timeout=5, isolation_level=None)
        while not self.stop.is_set():
            try:
                c.execute("INSERT INTO ledger (note) VALUES ('writer')")
                self.rows += 1
            except sqlite3.OperationalError:
                self.errors += 1
            time.sleep(0.002)
        c.close()


def item7(root, tag):
    folder = fresh(f"kill-{tag}")
    db = make_db(os.path.join(folder, "app.db"), rows=12000, blob=4096)  # ~50 MB of random blobs: slow to gzip
    out = os.path.join(folder, "backups")
    rnd = random.Random(7)
    writer = Writer(db)
    writer.start()
    for i in range(KILLS):
        p = subprocess.Popen(cli(root) + ["backup", db, "--dir", out, "--quiet", "--method", "online" if i % 2 == 0 else "vacuum"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while p.poll() is None and time.monotonic() < deadline and not (os.path.isdir(out) and any(".tmp" in f or f.startswith(".") for f in os.listdir(out))):
            time.sleep(0.005)
        time.sleep(rnd.uniform(0, 0.4))
        p.send_signal(signal.SIGKILL)
        p.wait()
    def leftovers():
        names = [f for f in os.listdir(out) if not f.endswith(".lock")] if os.path.isdir(out) else []
        stray = [f for f in os.listdir(folder) if f not in ("app.db", "app.db-wal", "app.db-shm", "backups")]
        temp = [f for f in names if not re.search(r"\.db(\.gz)?(\.meta)?$", f) or f.startswith(".")]
        return temp + stray
    after_kills = leftovers()
    size = sum(os.path.getsize(os.path.join(out, f)) for f in after_kills if os.path.exists(os.path.join(out, f)))
    code, o, e = run(cli(root) + ["backup", db, "--dir", out, "--quiet"])
    left = leftovers()
    writer.stop.set(); writer.join()
    return (f"{KILLS} kills (writer inserted {writer.rows} rows meanwhile) left {len(after_kills)} temp files ({size // 1048576} MB); "
            f"next backup exit {code}, then {len(left)} left")


def item8(root, tag):
    folder = fresh(f"restore-open-{tag}")
    db = make_db(os.path.join(folder, "app.db"), journal="DELETE")
    bdir = os.path.join(folder, "backups")
    code, o, e = run(cli(root) + ["backup", db, "--dir", bdir, "--quiet"])
    backup = sorted(glob.glob(os.path.join(bdir, "*.db.gz")))[-1]
    # This script's own connection is the other process (the CLI runs in its own); idle, it holds no lock.
    other = sqlite3.connect(db, timeout=1)
    other.execute("SELECT count(*) FROM ledger").fetchall()
    code, o, e = run(cli(root) + ["restore", db, "--from", backup, "--force", "--quiet"])
    result = summarize(code, o, e)
    failed = 0
    for i in range(10):
        try:
            other.execute("INSERT INTO ledger (note) VALUES (?)", (f"w{i}",))
            other.commit()
        except sqlite3.Error:
            failed += 1
    other.close()
    return f"restore {result}; the open process then failed {failed}/10 writes"


def item9(root, tag):
    folder = fresh(f"bomb-{tag}")
    db = make_db(os.path.join(folder, "good.db"), journal="DELETE")
    bomb = os.path.join(folder, "bomb.db.gz")
    with open(db, "rb") as src, gzip.open(bomb, "wb", compresslevel=1) as dst:
        dst.write(src.read())
        zeros = b"\0" * 1048576
        for _ in range(BOMB_MB):
            dst.write(zeros)
    target = os.path.join(folder, "target.db")
    code, o, e = run(cli(root) + ["restore", target, "--from", bomb, "--quiet"])
    size = os.path.getsize(target) if os.path.exists(target) else 0
    bomb_line = f"{summarize(code, o, e)}, target {size // 1048576} MB" if size else f"{summarize(code, o, e)}, no target"
    # A plain .db with one flipped byte inside a BLOB and no manifest.
    flipped = os.path.join(folder, "flipped.db")
    shutil.copy(db, flipped)
    with open(flipped, "r+b") as f:
        data = bytearray(f.read())
        marker = data.rfind(b"n150")  # a row's note; its blob follows in the same cell
        data[marker + 8] ^= 0xFF
        f.seek(0); f.write(data)
    t2 = os.path.join(folder, "t2.db")
    code, o, e = run(cli(root) + ["restore", t2, "--from", flipped, "--quiet"])
    plain = summarize(code, o, e)
    t3 = os.path.join(folder, "t3.db")
    code, o, e = run(cli(root) + ["restore", t3, "--from", flipped, "--require-manifest", "--quiet"])
    return (f"gzip bomb (db + {BOMB_MB} MB zeros): {bomb_line}",
            f"flipped byte, no manifest: {plain}; with --require-manifest: {summarize(code, o, e)}")


def as_uid(uid, args):
    return ["setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups", "env", f"HOME={WORK}/home", "DOTNET_CLI_HOME=" + f"{WORK}/home", "DOTNET_NOLOGO=1"] + args


def owned_database(name, mode, rows, blob):
    """A database owned by uid 12345 with the given mode, in a data folder and a backup folder anyone may write."""
    folder = fresh(name)
    data = os.path.join(folder, "data"); os.makedirs(data); os.chmod(data, 0o777)
    bdir = os.path.join(folder, "backups"); os.makedirs(bdir); os.chmod(bdir, 0o777)
    os.makedirs(f"{WORK}/home", exist_ok=True); os.chmod(f"{WORK}/home", 0o777)
    db = make_db(os.path.join(data, "app.db"), rows=rows, blob=blob)
    os.chown(db, 12345, 12345); os.chmod(db, mode)
    return db, bdir


def item10(root, tag):
    """The backup runs as nobody while the application (uid 12345, the database's owner) keeps writing."""
    db, bdir = owned_database(f"owner-{tag}", 0o666, rows=12000, blob=4096)
    backup = subprocess.Popen(as_uid(65534, cli(root) + ["backup", db, "--dir", bdir, "--quiet"]), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 20
    while backup.poll() is None and time.monotonic() < deadline and not glob.glob(db + "-*"):
        time.sleep(0.005)
    side = [f"{os.path.basename(f)} uid {os.stat(f).st_uid} mode {os.stat(f).st_mode & 0o777:o}" for f in sorted(glob.glob(db + "-*"))]
    failed = 0
    for i in range(10):
        rc, so, se = run(as_uid(12345, ["/usr/bin/sqlite3", db, f"INSERT INTO ledger (note) VALUES ('app{i}');"]))
        if rc != 0 or "readonly" in se:
            failed += 1
    o, e = backup.communicate()
    during = f"backup as nobody {summarize(backup.returncode, o, e)}; side files while it ran: {', '.join(side) or 'none'}; the owner's 10 writes meanwhile: {failed} failed"
    return [("backup run as another user (nobody) while the owner writes", during),
            ("backup run as another user (nobody) while the app is stopped, db mode 644", item10_app_stopped(root, tag))]


def item10_app_stopped(root, tag):
    """The usual file modes (umask 022: the database 0644), the app between runs: the side files the backup leaves are the app's next problem."""
    db, bdir = owned_database(f"owner-stopped-{tag}", 0o644, rows=2000, blob=256)
    rc, o, e = run(as_uid(65534, cli(root) + ["backup", db, "--dir", bdir, "--quiet"]))
    side = [f"{os.path.basename(f)} uid {os.stat(f).st_uid} mode {os.stat(f).st_mode & 0o777:o}" for f in sorted(glob.glob(db + "-*"))]
    failed, first_error = 0, ""
    for i in range(10):
        wrc, wo, we = run(as_uid(12345, ["/usr/bin/sqlite3", db, f"INSERT INTO ledger (note) VALUES ('app{i}');"]))
        if wrc != 0 or "readonly" in we:
            failed += 1
            first_error = first_error or first_line(we, 80)
    return (f"backup as nobody {summarize(rc, o, e)}; side files left: {', '.join(side) or 'none'}; "
            f"the owner's next 10 writes: {failed} failed" + (f" ({first_error})" if first_error else ""))


def item11(root, tag):
    folder = fresh(f"keep1-{tag}")
    db = make_db(os.path.join(folder, "app.db"), rows=3000, blob=300)
    bdir = os.path.join(folder, "backups")
    procs = [subprocess.Popen(cli(root) + ["backup", db, "--dir", bdir, "--keep", "1", "--json", "--quiet"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(3)]
    printed, codes = [], []
    for p in procs:
        o, e = p.communicate()
        codes.append(p.returncode)
        try:
            doc = json.loads(o)
            printed.append((doc.get("path"), doc.get("sequence"), doc.get("pruned") or []))
        except ValueError:
            printed.append((None, first_line(e), []))
    own = sum(1 for path, _, pruned in printed if path and path in pruned)
    seqs = [s for _, s, _ in printed]
    remaining = sorted(os.path.basename(f) for f in glob.glob(os.path.join(bdir, "*.db.gz")))
    return f"exits {codes}, sequences {seqs}, {own} run(s) pruned the very file they printed, {len(remaining)} backup(s) left"


def item13(root, tag):
    folder = fresh(f"cli-{tag}")
    db = make_db(os.path.join(folder, "app.db"))
    bdir = os.path.join(folder, "backups")
    run(cli(root) + ["backup", db, "--dir", bdir, "--quiet"])
    backup = sorted(glob.glob(os.path.join(bdir, "*.db.gz")))[-1]
    lines = []
    lines.append(("backup <a directory>", summarize(*run(cli(root) + ["backup", folder, "--dir", bdir, "--quiet"]))))
    lines.append(("prune --max-age 0d", summarize(*run(cli(root) + ["prune", db, "--dir", bdir, "--max-age", "0d"]))))
    shutil.rmtree("/nonexistent", ignore_errors=True)
    r = run(cli(root) + ["restore", "/nonexistent/dir/x.db", "--from", backup, "--force", "--quiet"])
    made = os.path.isdir("/nonexistent/dir")
    shutil.rmtree("/nonexistent", ignore_errors=True)
    lines.append(("restore /nonexistent/dir/x.db --force", summarize(*r) + ("; created /nonexistent/dir" if made else "; created nothing")))
    lines.append(("backup /dev/null", summarize(*run(cli(root) + ["backup", "/dev/null", "--dir", bdir, "--quiet"], timeout=60))))
    lines.append(("info /dev/zero", summarize(*run(cli(root) + ["info", "/dev/zero"], timeout=60))))
    # /proc refuses new files even to root, as a read-only mount does (chmod does not stop root).
    lines.append(("backup --dir /proc (unwritable)", summarize(*run(cli(root) + ["backup", db, "--dir", "/proc", "--quiet"]))))
    return lines


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--before", required=True)
    ap.add_argument("--after", required=True)
    ap.add_argument("--only", help="comma-separated item numbers")
    a = ap.parse_args()
    only = set(a.only.split(",")) if a.only else None
    os.makedirs(WORK, exist_ok=True)
    roots = {"before": a.before, "after": a.after}

    def line(item, case, before, after):
        print(f"item {item} {case}: before={before} after={after}", flush=True)

    for i, (item, case, source, shared) in enumerate(BUILD_CASES):
        if only and item not in only:
            continue
        # Stack-overflow cases build without the shared compiler server (a crash must not take down other builds).
        r = {tag: build(root, f"build{i}-{tag}", source(), shared=shared) for tag, root in roots.items()}
        line(item, case, r["before"], r["after"])

    if not only or only & {"5", "6", "12"}:
        r = {}
        for tag, root in roots.items():
            folder = os.path.join(WORK, f"values-{tag}")
            res = build(root, f"values-{tag}", RUNTIME_CASE, run_it=True)
            r[tag] = dict(l.split("=", 1) for l in res.replace("builds; runs: ", "").split("; ") if "=" in l) if res.startswith("builds") else {"*": res}
        for key in (r["after"].keys() | r["before"].keys()) - {"*"}:
            pass
        keys = [k for k in r["after"] if k != "*"] or [k for k in r["before"] if k != "*"]
        for k in keys:
            item, case = k.split(" ", 1)
            line(item, case, r["before"].get(k, r["before"].get("*", "?")), r["after"].get(k, r["after"].get("*", "?")))

    for item, fn in (("7", item7), ("8", item8), ("9", item9), ("10", item10), ("11", item11), ("13", item13)):
        if only and item not in only:
            continue
        r = {tag: fn(root, tag) for tag, root in roots.items()}
        if isinstance(r["after"], list):
            for (case, before), (_, after) in zip(r["before"], r["after"]):
                line(item, case, before, after)
        elif isinstance(r["after"], tuple):
            for before, after in zip(r["before"], r["after"]):
                case, _, b = before.partition(": ")
                line(item, case, b, after.partition(": ")[2])
        else:
            case = {"7": f"{KILLS} SIGKILLed backups while a writer inserts, then one more", "8": "restore over a DELETE-mode db held open by another process",
                    "11": "three concurrent backup --keep 1"}[item]
            line(item, case, r["before"], r["after"])


if __name__ == "__main__":
    main()
