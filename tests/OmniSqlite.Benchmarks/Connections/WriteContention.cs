using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace OmniSqlite.Benchmarks.Connections;

/// <summary>
/// Write latency under contention: N writers, each in a loop of open (pooled, Production profile) + write transaction with one
/// INSERT + commit, for a few seconds; latency is begin-to-commit of one write. "before": BeginTransaction(deferred: false)
/// (busy_timeout=5000 in SQLite, then Microsoft.Data.Sqlite's 150 ms retries up to 30 s); "after": BeginWriteTransaction()
/// (busy_timeout 0 while waiting, jittered 1-8 ms retries up to WriteLockTimeout). Not BenchmarkDotNet: percentiles of one run.
///   dotnet run -c Release --project tests/OmniSqlite.Benchmarks -- --write-contention [seconds=5] [writers=8,32]
/// </summary>
public static class WriteContention
{
    public static int Run(TextWriter output, string[] args)
    {
        var seconds = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5;
        var writerCounts = args.Length > 2 ? args[2].Split(',').Select(int.Parse).ToArray() : new[] { 8, 32 };
        output.WriteLine($"| writers | BEGIN | writes | writes/s | p50 ms | p99 ms | max ms | errors |");
        output.WriteLine($"|---:|---|---:|---:|---:|---:|---:|---:|");
        foreach (var writers in writerCounts)
        {
            foreach (var bounded in new[] { false, true })
            {
                var (latencies, errors, elapsed) = Measure(writers, bounded, TimeSpan.FromSeconds(seconds));
                latencies.Sort();
                double P(double q) => latencies.Count == 0 ? double.NaN : latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(q * latencies.Count) - 1)];
                output.WriteLine(FormattableString.Invariant(
                    $"| {writers} | {(bounded ? "after: BeginWriteTransaction" : "before: BeginTransaction(deferred: false)")} | {latencies.Count} | {latencies.Count / elapsed.TotalSeconds:0} | {P(0.50):0.00} | {P(0.99):0.00} | {(latencies.Count == 0 ? 0 : latencies[^1]):0.0} | {errors} |"));
            }
        }
        return 0;
    }

    private static (List<double> Latencies, int Errors, TimeSpan Elapsed) Measure(int writers, bool bounded, TimeSpan duration)
    {
        var folder = Path.Combine(Environment.GetEnvironmentVariable("OMNISQLITE_BENCH_DIR") is { Length: > 0 } root ? root : Path.GetTempPath(), "omnisqlite-contention-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var cs = "Data Source=" + Path.Combine(folder, "w.db");
        using (var setup = SqliteProfile.Production.Open(cs))
        {
            using var create = setup.CreateCommand();
            create.CommandText = "CREATE TABLE t(id INTEGER PRIMARY KEY, writer INTEGER, payload TEXT)";
            create.ExecuteNonQuery();
        }
        var all = new List<double>();
        var errors = 0;
        var stop = Stopwatch.StartNew();
        var threads = Enumerable.Range(0, writers).Select(w => new Thread(() =>
        {
            var mine = new List<double>();
            var payload = new string('x', 200);
            while (stop.Elapsed < duration)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    using var connection = SqliteProfile.Production.Open(cs);
                    using var transaction = bounded ? connection.BeginWriteTransaction() : connection.BeginTransaction(deferred: false);
                    using var insert = connection.CreateCommand();
                    insert.Transaction = transaction;
                    insert.CommandText = "INSERT INTO t(writer, payload) VALUES ($w, $p)";
                    insert.Parameters.AddWithValue("$w", w);
                    insert.Parameters.AddWithValue("$p", payload);
                    insert.ExecuteNonQuery();
                    transaction.Commit();
                    mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
                catch (SqliteException)
                {
                    Interlocked.Increment(ref errors);
                }
            }
            lock (all) all.AddRange(mine);
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        var elapsed = stop.Elapsed;
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        return (all, errors, elapsed);
    }
}
