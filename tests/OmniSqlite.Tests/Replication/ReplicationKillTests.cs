using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using OmniSqlite.Tests.Backups;
using Xunit.Abstractions;

namespace OmniSqlite.Tests.Replication;

/// <summary>
/// The application (a writer and its in-process replicator: tests/OmniSqlite.ReplicaWriter) killed with SIGKILL at random
/// points, again and again on the same database and replica. After each kill, a restore to the latest state must be a
/// committed state (whole transfers, ids without gaps, integrity_check ok) that holds every transfer the process had reported
/// shipped before it died. The 50 kills run in the suite: each writer process is started while the one before it
/// works (it waits for a line on stdin), so a kill costs no process start-up. OMNISQLITE_REPLICA_KILLS changes the count,
/// OMNISQLITE_REPLICA_SHIP_MS the ship interval (200 ms; 1000 measures the RPO at the default interval, docs/replication.md).
/// </summary>
public sealed class ReplicationKillTests
{
    private readonly ITestOutputHelper _output;

    public ReplicationKillTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public async Task Restore_after_each_sigkill_holds_every_transfer_shipped_before_it()
    {
        int kills = int.TryParse(Environment.GetEnvironmentVariable("OMNISQLITE_REPLICA_KILLS"), out int n) && n > 0 ? n : 50;
        int interval = int.TryParse(Environment.GetEnvironmentVariable("OMNISQLITE_REPLICA_SHIP_MS"), out int ms) && ms >= 50 ? ms : 200;
        using var folder = new TempFolder();
        string db = folder.File("app.db");
        string replica = folder.File("replica");
        var random = new Random(4242);
        var lags = new List<double>();
        var total = Stopwatch.StartNew();
        int resumed = 0;
        TimeSpan starting = TimeSpan.Zero, firstShip = TimeSpan.Zero, restoring = TimeSpan.Zero;
        Process next = StartWriter(db, replica, interval, keepWal: false);
        try
        {
            for (int kill = 0; kill < kills; kill++)
            {
                long shippedBefore = -1;
                DateTime killedAt;
                var log = new List<string>();
                using (Process writer = next)
                {
                    Task<string> errors = writer.StandardError.ReadToEndAsync();
                    try
                    {
                        var phase = Stopwatch.StartNew();
                        string? ready = await ReadLineAsync(writer, TimeSpan.FromMinutes(2));
                        starting += phase.Elapsed;
                        Assert.True(ready == "ready", $"kill {kill}: the writer did not start within 2 minutes ({ready})");
                        writer.StandardInput.WriteLine("go");
                        writer.StandardInput.Flush();
                        next = StartWriter(db, replica, interval, keepWal: kill % 2 == 0);

                        // Wait for the first ship of this run, then let it work for a random while (up to two intervals) before killing it.
                        phase.Restart();
                        string? first = await ReadLineAsync(writer, TimeSpan.FromMinutes(2));
                        firstShip += phase.Elapsed;
                        Assert.True(first != null, $"kill {kill}: the writer did not ship within 2 minutes");
                        log.Add(first!);
                        resumed += first!.Contains("new-generation", StringComparison.Ordinal) ? 0 : 1;
                        shippedBefore = ParseShipped(first!);
                        var working = Stopwatch.StartNew();
                        var workFor = TimeSpan.FromMilliseconds(random.Next(20, Math.Max(500, 2 * interval)));
                        while (working.Elapsed < workFor)
                        {
                            string? line = await ReadLineAsync(writer, workFor - working.Elapsed + TimeSpan.FromMilliseconds(1));
                            if (line is null) break;
                            log.Add(line);
                            shippedBefore = Math.Max(shippedBefore, ParseShipped(line));
                        }
                    }
                    finally
                    {
                        killedAt = DateTime.UtcNow;
                        writer.Kill();
                        await writer.WaitForExitAsync();
                    }

                    Assert.True(shippedBefore >= 0, await errors);
                }

                string target = folder.File($"restored-{kill}.db");
                var restoreTime = Stopwatch.StartNew();
                ReplicaRestoreResult restored = new SqliteReplica(replica).Restore(target);
                restoring += restoreTime.Elapsed;
                Assert.True(restored.IsComplete, restored.Damage);
                Assert.Equal("ok", ReplicaFiles.IntegrityCheck(target));
                var (transfers, lastCommit) = CheckCommittedState(target);
                Assert.True(transfers >= shippedBefore, $"kill {kill}: the replica holds {transfers} transfers, but {shippedBefore} were reported shipped before the kill. " +
                    $"Restored from {restored.Generation}, {restored.SegmentsApplied} segments to {restored.RestoredToUtc:O}. Generations: " +
                    string.Join("; ", new SqliteReplica(replica).ListGenerations().Select(g => $"{g.Id} complete={g.IsComplete} segments={g.Segments} {g.ValidFromUtc:O}..{g.LastShippedUtc:O} ({g.Reason})")) +
                    ". Output: " + string.Join(" | ", log));
                lags.Add((killedAt - lastCommit).TotalMilliseconds);
                SqliteConnection.ClearAllPools();
                File.Delete(target);
            }
        }
        finally
        {
            // The writer started for a next kill is waiting for its line: end its stdin and it exits without touching anything.
            next.StandardInput.Close();
            if (!next.WaitForExit(10_000)) next.Kill();
            next.Dispose();
        }

        lags.Sort();
        _output.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0} kills in {1:0.0} s; kill time minus last restored commit: median {2:0} ms, p90 {3:0} ms, max {4:0} ms (ship interval {5} ms)",
            kills, total.Elapsed.TotalSeconds, lags[lags.Count / 2], lags[(int)(lags.Count * 0.9)], lags[^1], interval));
        _output.WriteLine(string.Format(CultureInfo.InvariantCulture, "waiting for the pre-started writer {0:0.0} s, for its first ship {1:0.0} s, restores {2:0.0} s (all kills); {3} runs resumed the generation, {4} started a new one",
            starting.TotalSeconds, firstShip.TotalSeconds, restoring.TotalSeconds, resumed, kills - resumed));
    }

    private static readonly Dictionary<Process, Task<string?>> Pending = new();

    /// <summary>The next line of the writer's output, or null when none came within <paramref name="wait"/> (the read stays pending for the next call).</summary>
    private static async Task<string?> ReadLineAsync(Process writer, TimeSpan wait)
    {
        if (!Pending.TryGetValue(writer, out Task<string?>? read))
        {
            read = writer.StandardOutput.ReadLineAsync();
        }

        if (await Task.WhenAny(read, Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.FromMilliseconds(1))) != read)
        {
            Pending[writer] = read;
            return null;
        }

        Pending.Remove(writer);
        return await read;
    }

    private static long ParseShipped(string line) => long.Parse(line.Split(' ')[1], CultureInfo.InvariantCulture);

    /// <summary>Whole transfers only (ids 1..2n without gaps, amounts summing to 0); returns n and the commit time of the last one.</summary>
    private static (long Transfers, DateTime LastCommit) CheckCommittedState(string path)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*), coalesce(max(id), 0), coalesce(sum(amount), 0), (SELECT substr(note, 1, 18) FROM ledger ORDER BY id DESC LIMIT 1) FROM ledger;";
        using var reader = command.ExecuteReader();
        reader.Read();
        long rows = reader.GetInt64(0);
        Assert.Equal(rows, reader.GetInt64(1));
        Assert.Equal(0, reader.GetInt64(2));
        Assert.Equal(0, rows % 2);
        DateTime last = reader.IsDBNull(3) ? DateTime.MinValue : new DateTime(long.Parse(reader.GetString(3), CultureInfo.InvariantCulture), DateTimeKind.Utc);
        return (rows / 2, last);
    }

    /// <summary>The writer for the next kill; with <paramref name="keepWal"/> it keeps the WAL the killed one left (its replicator resumes the generation), else the WAL is checkpointed away (a new generation).</summary>
    private static Process StartWriter(string db, string replica, int interval, bool keepWal)
    {
        var info = new ProcessStartInfo { FileName = ChildProcess.Dotnet, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in new[] { WriterDll, db, replica, interval.ToString(CultureInfo.InvariantCulture), "--wait" })
        {
            info.ArgumentList.Add(a);
        }

        if (keepWal)
        {
            info.ArgumentList.Add("--keep-wal");
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        return Process.Start(info) ?? throw new InvalidOperationException("could not start the replica writer");
    }

    /// <summary>tests/OmniSqlite.ReplicaWriter as built in its own output folder (bin/&lt;configuration&gt;/net10.0).</summary>
    private static string WriterDll
    {
        get
        {
            var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            string configuration = testBin.Parent!.Name;
            string repository = testBin.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
            string path = Path.Combine(repository, "tests", "OmniSqlite.ReplicaWriter", "bin", configuration, "net10.0", "OmniSqlite.ReplicaWriter.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException($"{path} is not built; build tests/OmniSqlite.Tests first.");
        }
    }
}
