using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace OmniSqlite.Benchmarks;

/// <summary>
/// The figures of docs/replication.md, measured on real files (not BenchmarkDotNet: these are seconds-long runs of a steady
/// writer and whole restores):
/// <list type="bullet">
/// <item>write throughput of a steady writer (one transfer per transaction, synchronous=NORMAL) without and with a
/// replicator in the same process shipping on its own schedule (WaitForNextShipAsync, as RunAsync), alternating runs;</item>
/// <item>how long each ship takes under that writer (the RPO is at most the interval plus one ship);</item>
/// <item>restore time of a replica of a database of each given size (snapshot + one minute of segments).</item>
/// </list>
/// dotnet run -c Release --project tests/OmniSqlite.Benchmarks -- --replication [seconds per run] [sizes in MB, e.g. 100,1000]
/// </summary>
public static class ReplicationMeasure
{
    public static int Run(TextWriter output, string[] args)
    {
        int seconds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;
        // Sizes "0" (or none given with OMNISQLITE_REPLICATION_ONLY set): throughput only, no restore measurement.
        int[] sizes = args.Length > 2 ? args[2].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).Where(s => s > 0).ToArray() : new[] { 100 };
        string root = Path.Combine(Path.GetTempPath(), "omnisqlite-replication-measure-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(root);
        try
        {
            // OMNISQLITE_REPLICATION_ONLY=<mode>: one run of that mode alone (to profile it, e.g. under perf), no restores.
            string? only = Environment.GetEnvironmentVariable("OMNISQLITE_REPLICATION_ONLY");
            if (!string.IsNullOrEmpty(only))
            {
                string db = Path.Combine(root, "app.db");
                Create(db);
                WriteRun run = Write(db, only == "plain" ? null : only, Path.Combine(root, "replica"), TimeSpan.FromSeconds(seconds), new List<double>());
                output.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0}: {1:0} commits/s, {2:0.0} us CPU per commit (process)", only, run.CommitsPerSecond, run.CpuMicrosecondsPerCommit));
                return 0;
            }

            if (seconds > 0)
            {
                Throughput(output, root, seconds);
            }

            foreach (int size in sizes)
            {
                Restore(output, root, size);
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(root, recursive: true);
        }

        return 0;
    }

    private static void Throughput(TextWriter output, string root, int seconds)
    {
        // OMNISQLITE_REPLICATION_MODES=replicated,discard: "discard" ships to a destination that drops what it is given (the
        // replicator's reading, checking and pinning without the segment writes and their fsyncs), to tell the costs apart;
        // "format2" replicates with the per-frame segments written before format 3 (a before/after in the same rounds).
        string[] modes = (Environment.GetEnvironmentVariable("OMNISQLITE_REPLICATION_MODES") ?? "replicated").Split(',');
        var runs = new Dictionary<string, List<WriteRun>> { ["plain"] = new() };
        foreach (string mode in modes) runs[mode] = new();
        var ships = new List<double>();
        for (int round = 0; round < 3; round++)
        {
            foreach (string mode in runs.Keys)
            {
                string folder = Path.Combine(root, $"tp-{round}-{mode}");
                Directory.CreateDirectory(folder);
                string db = Path.Combine(folder, "app.db");
                Create(db);
                WriteRun run = Write(db, mode == "plain" ? null : mode, Path.Combine(folder, "replica"), TimeSpan.FromSeconds(seconds), ships);
                runs[mode].Add(run);
                output.WriteLine(string.Format(CultureInfo.InvariantCulture, "round {0} {1,-11} {2,8:0} commits/s, {3,6:0.0} us CPU per commit (process), segments {4,6:0.0} MB/s{5}",
                    round, mode, run.CommitsPerSecond, run.CpuMicrosecondsPerCommit, run.ShippedMegabytesPerSecond,
                    run.MedianCommitMicroseconds > 0 ? string.Format(CultureInfo.InvariantCulture, ", commit median {0:0} us, p99 {1:0} us", run.MedianCommitMicroseconds, run.P99CommitMicroseconds) : ""));
            }
        }

        ships.Sort();
        double p = runs["plain"].Average(r => r.CommitsPerSecond);
        double pc = runs["plain"].Average(r => r.CpuMicrosecondsPerCommit);
        foreach (string mode in modes)
        {
            double r = runs[mode].Average(x => x.CommitsPerSecond);
            double rc = runs[mode].Average(x => x.CpuMicrosecondsPerCommit);
            output.WriteLine(string.Format(CultureInfo.InvariantCulture, "throughput: plain {0:0} commits/s, {1} {2:0} commits/s: cost {3:0.0}%; CPU per commit {4:0.0} -> {5:0.0} us (+{6:0.0}%, {7:0} ms of CPU a second more)",
                p, mode, r, (p - r) / p * 100, pc, rc, (rc - pc) / pc * 100, (rc - pc) * r / 1000));
        }

        if (ships.Count > 0)
        {
            output.WriteLine(string.Format(CultureInfo.InvariantCulture, "ship duration under the writer: median {0:0.0} ms, p99 {1:0.0} ms, max {2:0.0} ms ({3} ships)",
                ships[ships.Count / 2], ships[(int)(ships.Count * 0.99)], ships[^1], ships.Count));
        }
    }

    private readonly record struct WriteRun(double CommitsPerSecond, double CpuMicrosecondsPerCommit, double ShippedMegabytesPerSecond, double MedianCommitMicroseconds, double P99CommitMicroseconds);

    /// <summary>A destination that reads what it is given and keeps nothing (every generation "exists").</summary>
    private sealed class DiscardDestination : IReplicaDestination
    {
        public string Location => "discard";
        public IReadOnlyList<ReplicaFile> List(string prefix) => Array.Empty<ReplicaFile>();
        public bool Exists(string name) => true;
        public Stream OpenRead(string name) => throw new FileNotFoundException(name);
        public void Write(string name, Stream content) => content.CopyTo(Stream.Null);
        public void Delete(string name) { }
        public IDisposable AcquireWriterLock(TimeSpan timeout, TimeProvider timeProvider, CancellationToken cancellationToken) => new MemoryStream();
    }

    /// <summary>Commits transfers for <paramref name="duration"/>; with a replica, a replicator ships on another thread on its own schedule (as RunAsync).</summary>
    private static WriteRun Write(string db, string? mode, string replica, TimeSpan duration, List<double> ships)
    {
        using var stop = new CancellationTokenSource();
        Thread? shipper = null;
        SqliteReplicator? replicator = null;
        long shippedBytes = 0;
        if (mode != null)
        {
            int checkpointFrames = int.TryParse(Environment.GetEnvironmentVariable("OMNISQLITE_CHECKPOINT_FRAMES"), out int f) ? f : 1000;
            var options = new ReplicationOptions { Database = db, Directory = replica, CheckpointFrames = checkpointFrames };
            if (mode == "discard") options.Destination = new DiscardDestination();
            replicator = new SqliteReplicator(options);
            if (mode == "format2")
            {
                // The segment format before format 3 (every frame as it was in the WAL), for a paired before/after under the same load.
                typeof(SqliteReplicator).GetProperty("SegmentFormat", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.SetValue(replicator, 2);
            }

            replicator.Ship();
            shipper = new Thread(() =>
            {
                try
                {
                    while (!stop.IsCancellationRequested)
                    {
                        replicator.WaitForNextShipAsync(stop.Token).GetAwaiter().GetResult();
                        var watch = Stopwatch.StartNew();
                        shippedBytes += replicator.Ship().Bytes;
                        lock (ships) ships.Add(watch.Elapsed.TotalMilliseconds);
                    }
                }
                catch (OperationCanceledException)
                {
                }
            })
            { Name = "shipper" };
            shipper.Start();
        }

        using var connection = Open(db);
        long commits = 0;
        TimeSpan cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        // OMNISQLITE_REPLICATION_RATE=<commits per second>: a writer with think time (a web application) instead of a tight loop.
        double rate = double.TryParse(Environment.GetEnvironmentVariable("OMNISQLITE_REPLICATION_RATE"), NumberStyles.Float, CultureInfo.InvariantCulture, out double r) ? r : 0;
        var latencies = new List<double>();
        while (clock.Elapsed < duration)
        {
            long before = Stopwatch.GetTimestamp();
            Transfer(connection, commits++);
            if (rate > 0) latencies.Add(Stopwatch.GetElapsedTime(before).TotalMicroseconds);
            while (rate > 0 && clock.Elapsed.TotalSeconds * rate < commits)
            {
                Thread.Sleep(1);
            }
        }

        double elapsed = clock.Elapsed.TotalSeconds;
        double cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds * 1000;
        stop.Cancel();
        shipper?.Join();
        replicator?.Dispose();
        latencies.Sort();
        return new WriteRun(commits / elapsed, cpu / commits, shippedBytes / 1e6 / elapsed,
            latencies.Count > 0 ? latencies[latencies.Count / 2] : 0, latencies.Count > 0 ? latencies[(int)(latencies.Count * 0.99)] : 0);
    }

    private static void Restore(TextWriter output, string root, int megabytes)
    {
        string folder = Path.Combine(root, $"restore-{megabytes}");
        Directory.CreateDirectory(folder);
        string db = Path.Combine(folder, "app.db");
        string replica = Path.Combine(folder, "replica");
        Create(db);
        var fill = Stopwatch.StartNew();
        using (var connection = Open(db))
        {
            // Rows of ~4 KB of random-looking text (compresses about as badly as real data does).
            long rows = megabytes * 256L;
            var random = new Random(7);
            for (long done = 0; done < rows;)
            {
                using var tx = connection.BeginTransaction();
                using var insert = connection.CreateCommand();
                insert.Transaction = tx;
                insert.CommandText = "INSERT INTO ledger (account, amount, note) VALUES ($a, $x, $n);";
                var a = insert.Parameters.Add("$a", SqliteType.Integer);
                var x = insert.Parameters.Add("$x", SqliteType.Integer);
                var n = insert.Parameters.Add("$n", SqliteType.Text);
                for (int i = 0; i < 5000 && done < rows; i++, done++)
                {
                    a.Value = done % 17;
                    x.Value = random.Next(1000);
                    n.Value = Convert.ToBase64String(RandomBytes(random, 3000));
                    insert.ExecuteNonQuery();
                }

                tx.Commit();
            }

            Execute(connection, "PRAGMA wal_checkpoint(TRUNCATE);");
        }

        long bytes = new FileInfo(db).Length;
        output.WriteLine(string.Format(CultureInfo.InvariantCulture, "database of {0:0} MB filled in {1:0.0} s", bytes / 1e6, fill.Elapsed.TotalSeconds));
        using (var replicator = new SqliteReplicator(new ReplicationOptions { Database = db, Directory = replica }))
        using (var connection = Open(db))
        {
            var snapshot = Stopwatch.StartNew();
            replicator.Ship();
            output.WriteLine(string.Format(CultureInfo.InvariantCulture, "  first generation (snapshot) in {0:0.0} s", snapshot.Elapsed.TotalSeconds));

            // A minute of a steady writer, shipped once a second: 60 segments to replay over the snapshot.
            for (int second = 0; second < 60; second++)
            {
                for (int i = 0; i < 50; i++) Transfer(connection, second * 100 + i);
                replicator.Ship();
            }
        }

        string target = Path.Combine(folder, "restored.db");
        var watch = Stopwatch.StartNew();
        ReplicaRestoreResult result = new SqliteReplica(replica).Restore(target);
        output.WriteLine(string.Format(CultureInfo.InvariantCulture, "  restore of {0:0} MB ({1} segments, {2} frames, integrity_check included): {3:0.0} s",
            bytes / 1e6, result.SegmentsApplied, result.FramesApplied, watch.Elapsed.TotalSeconds));
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static void Create(string db)
    {
        using var connection = Open(db);
        Execute(connection, "PRAGMA journal_mode = WAL; CREATE TABLE IF NOT EXISTS ledger (id INTEGER PRIMARY KEY, account INTEGER NOT NULL, amount INTEGER NOT NULL, note TEXT NOT NULL);");
    }

    private static SqliteConnection Open(string db)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = db, Pooling = false }.ToString());
        connection.Open();
        Execute(connection, "PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;");
        return connection;
    }

    private static void Transfer(SqliteConnection connection, long seed)
    {
        using var tx = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.Transaction = tx;
        insert.CommandText = "INSERT INTO ledger (account, amount, note) VALUES ($a, $x, $n), ($b, -$x, $n);";
        insert.Parameters.AddWithValue("$a", seed % 17);
        insert.Parameters.AddWithValue("$b", (seed + 5) % 17);
        insert.Parameters.AddWithValue("$x", 1 + (seed * 7919 % 1000));
        insert.Parameters.AddWithValue("$n", new string((char)('a' + (int)(seed % 26)), 100));
        insert.ExecuteNonQuery();
        tx.Commit();
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
