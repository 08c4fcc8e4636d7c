using System.IO.Compression;
using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using OmniSqlite;

namespace OmniSqlite.Benchmarks;

/// <summary>
/// Backup of one database by each method, with and without gzip, against a plain File.Copy of the same file
/// (the floor). Verification is off in the method rows so they measure copying and compression; the
/// "defaults" row is what <c>new SqliteBackups(new BackupOptions { Directory = ... })</c> does (online backup,
/// integrity_check, gzip Fastest). Our rows also fsync their output; File.Copy does not.
///
///   dotnet run -c Release --project tests/OmniSqlite.Benchmarks -- --filter '*BackupBenchmarks*' --job short
///
/// The database (OMNISQLITE_BENCH_MB, default 256 MiB) is built once and cached in the temp folder.
/// </summary>
[MemoryDiagnoser(displayGenColumns: false)]
public class BackupBenchmarks
{
    private string _database = "";
    private string _directory = "";
    private SqliteConnection? _connection;

    [GlobalSetup]
    public void Setup()
    {
        int megabytes = int.TryParse(Environment.GetEnvironmentVariable("OMNISQLITE_BENCH_MB"), out int mb) ? mb : 256;
        string root = Path.Combine(Path.GetTempPath(), "omnisqlite-bench");
        Directory.CreateDirectory(root);
        _database = Path.Combine(root, $"backup-{megabytes}MiB.db");
        if (!File.Exists(_database))
        {
            BuildDatabase(_database, megabytes);
        }

        _directory = Path.Combine(root, "out-" + Environment.ProcessId);
        Directory.CreateDirectory(_directory);
        _connection = new SqliteConnection($"Data Source={_database};Mode=ReadWrite;Pooling=False");
        _connection.Open();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _connection?.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [IterationCleanup]
    public void DeleteOutput()
    {
        foreach (string file in Directory.GetFiles(_directory))
        {
            File.Delete(file);
        }
    }

    [Benchmark(Baseline = true, Description = "File.Copy (floor)")]
    public void FileCopy() => File.Copy(_database, Path.Combine(_directory, "copy.db"), overwrite: true);

    [Benchmark(Description = "File.Copy + gzip Fastest")]
    public void FileCopyGzip()
    {
        using var input = File.OpenRead(_database);
        using var output = File.Create(Path.Combine(_directory, "copy.db.gz"));
        using var gzip = new GZipStream(output, CompressionLevel.Fastest);
        input.CopyTo(gzip, 1 << 20);
    }

    [Benchmark(Description = "Online backup, plain")]
    public long OnlinePlain() => Run(BackupMethod.OnlineBackup, compress: false);

    [Benchmark(Description = "Online backup, gzip")]
    public long OnlineGzip() => Run(BackupMethod.OnlineBackup, compress: true);

    [Benchmark(Description = "VACUUM INTO, plain")]
    public long VacuumPlain() => Run(BackupMethod.VacuumInto, compress: false);

    [Benchmark(Description = "VACUUM INTO, gzip")]
    public long VacuumGzip() => Run(BackupMethod.VacuumInto, compress: true);

    [Benchmark(Description = "Online backup, gzip Optimal")]
    public long OnlineGzipOptimal() => Run(BackupMethod.OnlineBackup, compress: true, level: CompressionLevel.Optimal);

    [Benchmark(Description = "Defaults (online, verify, gzip)")]
    public long Defaults() => Run(BackupMethod.OnlineBackup, compress: true, verify: true);

    private long Run(BackupMethod method, bool compress, bool verify = false, CompressionLevel level = CompressionLevel.Fastest)
    {
        var backups = new SqliteBackups(new BackupOptions
        {
            Directory = _directory,
            Method = method,
            Compress = compress,
            CompressionLevel = level,
            Verify = verify,
        });
        return backups.Create(_connection!).FileBytes;
    }

    /// <summary>An orders table with an index, about <paramref name="megabytes"/> MiB, text that compresses like real data (not all zeros, not random).</summary>
    private static void BuildDatabase(string path, int megabytes)
    {
        string temp = path + "." + Environment.ProcessId + ".building";
        using (var connection = new SqliteConnection($"Data Source={temp};Pooling=False"))
        {
            connection.Open();
            using (var pragmas = connection.CreateCommand())
            {
#pragma warning disable OSQL002 // a throw-away benchmark database, built fast; losing it in a crash costs nothing
                pragmas.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = OFF;" +
                    "CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL, status TEXT NOT NULL, amount REAL NOT NULL, created_at TEXT NOT NULL, note TEXT NOT NULL);" +
                    "CREATE INDEX idx_orders_customer_id ON orders (customer_id);";
#pragma warning restore OSQL002
                pragmas.ExecuteNonQuery();
            }

            var random = new Random(42);
            string[] statuses = { "new", "paid", "shipped", "delivered", "refunded" };
            string[] words = { "express", "gift", "fragile", "weekend", "call ahead", "leave at door", "business", "priority", "standard", "return" };
            long targetBytes = (long)megabytes * 1024 * 1024;
            long rows = 0;
            while (true)
            {
                using (var tx = connection.BeginTransaction())
                using (var insert = connection.CreateCommand())
                {
                    insert.Transaction = tx;
                    insert.CommandText = "INSERT INTO orders (customer_id, status, amount, created_at, note) VALUES ($c, $s, $a, $t, $n);";
                    var c = insert.Parameters.Add("$c", SqliteType.Integer);
                    var s = insert.Parameters.Add("$s", SqliteType.Text);
                    var a = insert.Parameters.Add("$a", SqliteType.Real);
                    var t = insert.Parameters.Add("$t", SqliteType.Text);
                    var n = insert.Parameters.Add("$n", SqliteType.Text);
                    insert.Prepare();
                    for (int i = 0; i < 100_000; i++, rows++)
                    {
                        c.Value = random.Next(1, 50_000);
                        s.Value = statuses[random.Next(statuses.Length)];
                        a.Value = Math.Round(random.NextDouble() * 500, 2);
                        t.Value = new DateTime(2024, 1, 1).AddSeconds(rows * 7).ToString("O");
                        n.Value = $"{words[random.Next(words.Length)]} order {rows} for customer #{random.Next(1, 50_000)} " +
                                  $"ref {random.NextInt64():x16} {words[random.Next(words.Length)]} {words[random.Next(words.Length)]}";
                        insert.ExecuteNonQuery();
                    }

                    tx.Commit();
                }

                using var size = connection.CreateCommand();
                size.CommandText = "PRAGMA page_count;";
                if ((long)size.ExecuteScalar()! * 4096 >= targetBytes)
                {
                    break;
                }
            }

            using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            checkpoint.ExecuteNonQuery();
        }

        File.Move(temp, path, overwrite: true);
    }
}
