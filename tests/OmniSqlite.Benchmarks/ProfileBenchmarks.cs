using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Microsoft.Data.Sqlite;
using OmniSqlite;

namespace OmniSqlite.Benchmarks;

/// <summary>
/// Default (SQLite's stock PRAGMAs) against Production, on real files (OMNISQLITE_BENCH_DIR, else the temp folder).
/// Insert: one row per transaction (BEGIN IMMEDIATE ... COMMIT), the shape where synchronous and the journal cost most.
/// Read: a point read by primary key while one writer inserts a row per transaction without pause.
/// Extra rows isolate one setting each: WAL with synchronous=FULL, and DELETE journal with busy_timeout=5000.
///   dotnet run -c Release --project tests/OmniSqlite.Benchmarks -- --filter '*Profile*' --job short
/// </summary>
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class ProfileBenchmarks
{
    private const int SeedRows = 10_000;
    private string _folder = "";
    private SqliteConnection? _connection;
    private SqliteCommand? _insert;
    private SqliteCommand? _read;
    private long _nextId;
    private CancellationTokenSource? _stopWriter;
    private Task<long>? _writer;

    private static readonly SqliteProfile DefaultProfile = SqliteProfile.Default;
    private static readonly SqliteProfile ProductionProfile = SqliteProfile.Production;
    private static readonly SqliteProfile WalSyncFull = SqliteProfile.Production.WithSynchronous(SqliteSynchronous.Full);
    private static readonly SqliteProfile DeleteWithBusyTimeout = SqliteProfile.Default.WithBusyTimeout(TimeSpan.FromSeconds(5));

    // ---- single-row inserts, each in its own transaction ----

    [GlobalSetup(Target = nameof(Insert_Default))] public void SetupInsertDefault() => SetupInsert(DefaultProfile);
    [GlobalSetup(Target = nameof(Insert_Production))] public void SetupInsertProduction() => SetupInsert(ProductionProfile);
    [GlobalSetup(Target = nameof(Insert_Wal_SynchronousFull))] public void SetupInsertWalFull() => SetupInsert(WalSyncFull);

    [Benchmark(Baseline = true), BenchmarkCategory("Insert")] public void Insert_Default() => InsertOne();
    [Benchmark, BenchmarkCategory("Insert")] public void Insert_Production() => InsertOne();
    [Benchmark, BenchmarkCategory("Insert")] public void Insert_Wal_SynchronousFull() => InsertOne();

    // ---- point reads with one writer running ----

    // The writer commits one row per transaction without pause (the "one writer running").
    [GlobalSetup(Target = nameof(PointRead_Default))] public void SetupReadDefault() => SetupRead(DefaultProfile, WriterMode.Continuous);
    [GlobalSetup(Target = nameof(PointRead_Production))] public void SetupReadProduction() => SetupRead(ProductionProfile, WriterMode.Continuous);
    [GlobalSetup(Target = nameof(PointRead_Delete_BusyTimeout))] public void SetupReadDeleteBusy() => SetupRead(DeleteWithBusyTimeout, WriterMode.Continuous);

    [Benchmark(Baseline = true), BenchmarkCategory("PointRead")] public object? PointRead_Default() => ReadOne();
    [Benchmark, BenchmarkCategory("PointRead")] public object? PointRead_Production() => ReadOne();
    [Benchmark, BenchmarkCategory("PointRead")] public object? PointRead_Delete_BusyTimeout() => ReadOne();

    // The writer sleeps 1 ms after each commit (a few hundred writes a second), so a rollback journal leaves gaps for readers.
    [GlobalSetup(Target = nameof(PointReadPaced_Default))] public void SetupPacedDefault() => SetupRead(DefaultProfile, WriterMode.Paced);
    [GlobalSetup(Target = nameof(PointReadPaced_Production))] public void SetupPacedProduction() => SetupRead(ProductionProfile, WriterMode.Paced);

    [Benchmark(Baseline = true), BenchmarkCategory("PointReadPacedWriter")] public object? PointReadPaced_Default() => ReadOne();
    [Benchmark, BenchmarkCategory("PointReadPacedWriter")] public object? PointReadPaced_Production() => ReadOne();

    // No writer: the read path alone (page cache, mmap, no lock contention).
    [GlobalSetup(Target = nameof(PointReadIdle_Default))] public void SetupIdleDefault() => SetupRead(DefaultProfile, WriterMode.None);
    [GlobalSetup(Target = nameof(PointReadIdle_Production))] public void SetupIdleProduction() => SetupRead(ProductionProfile, WriterMode.None);

    [Benchmark(Baseline = true), BenchmarkCategory("PointReadNoWriter")] public object? PointReadIdle_Default() => ReadOne();
    [Benchmark, BenchmarkCategory("PointReadNoWriter")] public object? PointReadIdle_Production() => ReadOne();

    public enum WriterMode { None, Continuous, Paced }

    [GlobalCleanup]
    public void Cleanup()
    {
        _stopWriter?.Cancel();
        if (_writer is not null) Console.WriteLine($"// background writer committed {_writer.GetAwaiter().GetResult()} rows");
        _insert?.Dispose();
        _read?.Dispose();
        _connection?.Dispose();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    private string NewDatabase(SqliteProfile profile)
    {
        var root = Environment.GetEnvironmentVariable("OMNISQLITE_BENCH_DIR") ?? Path.GetTempPath();
        _folder = Path.Combine(root, "omnisqlite-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        var cs = "Data Source=" + Path.Combine(_folder, "bench.db");
        using var setup = profile.Open(cs);
        using var create = setup.CreateCommand();
        create.CommandText = "CREATE TABLE items(id INTEGER PRIMARY KEY, name TEXT NOT NULL, amount REAL NOT NULL)";
        create.ExecuteNonQuery();
        return cs;
    }

    private void SetupInsert(SqliteProfile profile)
    {
        var cs = NewDatabase(profile);
        _connection = profile.Open(cs);
        _insert = _connection.CreateCommand();
        _insert.CommandText = "INSERT INTO items(name, amount) VALUES ($name, $amount)";
        _insert.Parameters.AddWithValue("$name", "item name of some length");
        _insert.Parameters.AddWithValue("$amount", 12.5);
        _insert.Prepare();
    }

    private void InsertOne()
    {
        using var transaction = _connection!.BeginWriteTransaction();
        _insert!.Transaction = transaction;
        _insert.ExecuteNonQuery();
        transaction.Commit();
    }

    private void SetupRead(SqliteProfile profile, WriterMode mode)
    {
        var cs = NewDatabase(profile);
        using (var seed = profile.Open(cs))
        using (var transaction = seed.BeginWriteTransaction())
        using (var insert = seed.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO items(name, amount) VALUES ('seed row', $i)";
            var p = insert.Parameters.Add("$i", SqliteType.Real);
            for (var i = 0; i < SeedRows; i++)
            {
                p.Value = i;
                insert.ExecuteNonQuery();
            }
            transaction.Commit();
        }

        _connection = profile.Open(cs);
        _read = _connection.CreateCommand();
        _read.CommandText = "SELECT name, amount FROM items WHERE id = $id";
        _read.Parameters.AddWithValue("$id", 1L);
        _read.Prepare();

        if (mode == WriterMode.None) return;
        _stopWriter = new CancellationTokenSource();
        var token = _stopWriter.Token;
        _writer = Task.Factory.StartNew(() =>
        {
            long written = 0;
            using var writer = profile.Open(cs);
            using var insert = writer.CreateCommand();
            insert.CommandText = "INSERT INTO items(name, amount) VALUES ('written while reading', 1.0)";
            while (!token.IsCancellationRequested)
            {
                using var transaction = writer.BeginWriteTransaction();
                insert.Transaction = transaction;
                insert.ExecuteNonQuery();
                transaction.Commit();
                written++;
                if (mode == WriterMode.Paced) Thread.Sleep(1);
            }
            return written;
        }, TaskCreationOptions.LongRunning);
    }

    private object? ReadOne()
    {
        _nextId = _nextId % SeedRows + 1;
        _read!.Parameters[0].Value = _nextId;
        using var reader = _read.ExecuteReader();
        return reader.Read() ? reader.GetValue(1) : null;
    }
}
