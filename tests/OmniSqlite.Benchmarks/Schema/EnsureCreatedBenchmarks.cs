using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using OmniSqlite.Schema;

namespace OmniSqlite.Benchmarks.Schema;

/// <summary>
/// EnsureCreated on an up-to-date 50-table schema (goal: at most 1 ms): the recorded hash matches, so it is one read.
/// Plan beside it shows what the full comparison would cost.
///   dotnet run -c Release --project tests/OmniSqlite.Benchmarks -- --filter '*EnsureCreated*' --job short
/// </summary>
[MemoryDiagnoser]
public class EnsureCreatedBenchmarks
{
    private string _folder = "";
    private SqliteConnection? _connection;
    private IReadOnlyList<TableDefinition> _tables = Array.Empty<TableDefinition>();

    /// <summary>50 tables of 8 columns and 2 indexes each, described the way the generator describes them.</summary>
    internal static IReadOnlyList<TableDefinition> FiftyTables()
    {
        var tables = new List<TableDefinition>();
        for (int t = 0; t < 50; t++)
        {
            var name = "table_" + t.ToString("00", System.Globalization.CultureInfo.InvariantCulture);
            var columns = new List<ColumnDefinition> { new("id", "INTEGER", true, true, null, null, null) };
            var ddl = new List<string> { "\"id\" INTEGER PRIMARY KEY" };
            for (int c = 1; c < 8; c++)
            {
                var type = c % 2 == 0 ? "TEXT" : "INTEGER";
                var column = "c" + c;
                ddl.Add($"\"{column}\" {type} NOT NULL");
                columns.Add(new ColumnDefinition(column, type, true, false, null, null, $"ALTER TABLE \"{name}\" ADD COLUMN \"{column}\" {type} NOT NULL DEFAULT 0"));
            }
            var indexes = new[]
            {
                new IndexDefinition($"idx_{name}_c1", $"CREATE INDEX IF NOT EXISTS \"idx_{name}_c1\" ON \"{name}\" (\"c1\")", new[] { "c1" }, false, null),
                new IndexDefinition($"idx_{name}_c2_c3", $"CREATE INDEX IF NOT EXISTS \"idx_{name}_c2_c3\" ON \"{name}\" (\"c2\", \"c3\")", new[] { "c2", "c3" }, false, null),
            };
            tables.Add(new TableDefinition(name, $"CREATE TABLE IF NOT EXISTS \"{name}\" ({string.Join(", ", ddl)})", columns, indexes));
        }
        return tables;
    }

    [GlobalSetup]
    public void Setup()
    {
        _folder = Path.Combine(Environment.GetEnvironmentVariable("OMNISQLITE_BENCH_DIR") ?? Path.GetTempPath(), "omnisqlite-bench-schema-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        _tables = FiftyTables();
        _connection = SqliteProfile.Production.Open("Data Source=" + Path.Combine(_folder, "schema.db"));
        SchemaMigrator.EnsureCreated(_connection, _tables);
    }

    [Benchmark(Baseline = true)]
    public bool EnsureCreated_up_to_date() => SchemaMigrator.EnsureCreated(_connection!, _tables).IsEmpty;

    [Benchmark]
    public int Plan_full_comparison() => SchemaMigrator.Plan(_connection!, _tables).Changes.Count;

    [GlobalCleanup]
    public void Cleanup()
    {
        _connection?.Dispose();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}

/// <summary>
/// Wall time of Migrate for a rename + retype + new defaulted column on N rows (not a BenchmarkDotNet run: one migration each).
///   dotnet run -c Release --project tests/OmniSqlite.Benchmarks -- --migration-timing 10000 1000000
/// </summary>
public static class MigrationTiming
{
    private static readonly TableDefinition Legacy = new TableDefinition("legacy",
        "CREATE TABLE IF NOT EXISTS \"legacy\" (\"id\" INTEGER PRIMARY KEY, \"created\" TEXT NOT NULL, \"at\" TEXT_UTC NOT NULL, \"span\" INTEGER NOT NULL, \"amount\" DECIMAL(18,2) NOT NULL)",
        new[]
        {
            new ColumnDefinition("id", "INTEGER", true, true, null, null, null),
            new ColumnDefinition("created", "TEXT", true, false, null, null, null, ColumnStorage.DateTime),
            new ColumnDefinition("at", "TEXT_UTC", true, false, null, null, null, ColumnStorage.DateTimeOffset),
            new ColumnDefinition("span", "INTEGER", true, false, null, null, null, ColumnStorage.TimeSpan),
            new ColumnDefinition("amount", "DECIMAL(18,2)", true, false, null, null, null, ColumnStorage.ScaledDecimal),
        },
        Array.Empty<IndexDefinition>());

    public static int Run(TextWriter output, string[] args)
    {
        var sizes = args.Skip(1).Select(a => int.Parse(a, System.Globalization.CultureInfo.InvariantCulture)).DefaultIfEmpty(10_000).ToList();
        var v2 = new[]
        {
            new TableDefinition("tickets",
                "CREATE TABLE IF NOT EXISTS \"tickets\" (\"id\" INTEGER PRIMARY KEY, \"subject\" TEXT NOT NULL, \"owner\" TEXT NOT NULL, \"code\" INTEGER NOT NULL, \"priority\" INTEGER NOT NULL DEFAULT 3)",
                new[]
                {
                    new ColumnDefinition("id", "INTEGER", true, true, null, null, null),
                    new ColumnDefinition("subject", "TEXT", true, false, null, new[] { "title" }, null),
                    new ColumnDefinition("owner", "TEXT", true, false, null, null, null),
                    new ColumnDefinition("code", "INTEGER", true, false, null, null, null),
                    new ColumnDefinition("priority", "INTEGER", true, false, "3", null, "ALTER TABLE \"tickets\" ADD COLUMN \"priority\" INTEGER NOT NULL DEFAULT 3"),
                },
                new[] { new IndexDefinition("idx_tickets_owner", "CREATE INDEX IF NOT EXISTS \"idx_tickets_owner\" ON \"tickets\" (\"owner\")", new[] { "owner" }, false, null) },
                Array.Empty<ForeignKeyDefinition>(), new[] { "issues" }),
        };
        foreach (var rows in sizes)
        {
            var folder = Path.Combine(Path.GetTempPath(), "omnisqlite-migration-timing-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            try
            {
                using var c = SqliteProfile.Production.Open("Data Source=" + Path.Combine(folder, "m.db"));
                using (var seed = c.CreateCommand())
                {
                    seed.CommandText = "CREATE TABLE issues (id INTEGER PRIMARY KEY, title TEXT NOT NULL, owner INTEGER NOT NULL, code TEXT NOT NULL);" +
                        "CREATE INDEX idx_issues_owner ON issues (owner);" +
                        $"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {rows}) INSERT INTO issues SELECT i, 'ticket number ' || i, i % 500, CAST(i * 7 AS TEXT) FROM n;";
                    seed.ExecuteNonQuery();
                }
                var plan = Stopwatch.StartNew();
                SchemaMigrator.Plan(c, v2);
                plan.Stop();
                var migrate = Stopwatch.StartNew();
                SchemaMigrator.Migrate(c, v2);
                migrate.Stop();
                var again = Stopwatch.StartNew();
                SchemaMigrator.EnsureCreated(c, v2);
                again.Stop();
                output.WriteLine($"{rows,10:N0} rows: Plan {plan.Elapsed.TotalMilliseconds:F1} ms, Migrate (rename table+column, 2 retypes with checks, new default column, rebuild) {migrate.Elapsed.TotalMilliseconds:F1} ms, EnsureCreated afterwards {again.Elapsed.TotalMilliseconds:F3} ms");

                // The first wave's formats: every row of four columns in Microsoft.Data.Sqlite's text, so every value goes through the conversion function.
                using (var seed = c.CreateCommand())
                {
                    seed.CommandText = "CREATE TABLE legacy (id INTEGER PRIMARY KEY, created TEXT NOT NULL, at TEXT NOT NULL, span TEXT NOT NULL, amount TEXT NOT NULL);" +
                        $"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {rows}) INSERT INTO legacy SELECT i, datetime(1600000000 + i, 'unixepoch'), " +
                        "datetime(1600000000 + i, 'unixepoch') || '+05:00', printf('%02d:%02d:%02d', i / 3600 % 24, i / 60 % 60, i % 60), printf('%d.%02d', i, i % 100) FROM n;";
                    seed.ExecuteNonQuery();
                }
                var formats = new[] { Legacy };
                var formatPlan = Stopwatch.StartNew();
                SchemaMigrator.Plan(c, formats);
                formatPlan.Stop();
                var formatMigrate = Stopwatch.StartNew();
                SchemaMigrator.Migrate(c, formats);
                formatMigrate.Stop();
                output.WriteLine($"{rows,10:N0} rows: Plan {formatPlan.Elapsed.TotalMilliseconds:F1} ms, Migrate (4 columns from Microsoft.Data.Sqlite's text: DateTime, DateTimeOffset, TimeSpan, decimal at scale 2) {formatMigrate.Elapsed.TotalMilliseconds:F1} ms");
            }
            finally
            {
                SqliteConnection.ClearAllPools();
                try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
            }
        }
        return 0;
    }
}
