using System.Diagnostics;
using System.Reflection;

namespace OmniSqlite.Benchmarks.Crud
{
    /// <summary>
    /// <c>--insert-probe Contender [count]</c>: one contender's InsertOneAutocommit set up exactly as BenchmarkDotNet's
    /// process sets it up (the benchmark class's own GlobalSetup), then the connection's state is printed (every PRAGMA
    /// that can change the cost of a write, read through the contender's own connection), the database/WAL/SHM file
    /// sizes before and after, and the time per insert of <c>count</c> inserts. Run one contender per process, as
    /// BenchmarkDotNet does, and under <c>strace -f -c</c> to count syscalls per insert.
    /// </summary>
    public static class InsertProbe
    {
        private static readonly string[] Pragmas =
        {
            "journal_mode", "synchronous", "wal_autocheckpoint", "journal_size_limit", "page_size", "cache_size", "locking_mode",
            "mmap_size", "temp_store", "busy_timeout", "foreign_keys", "auto_vacuum", "cache_spill", "secure_delete",
            "recursive_triggers", "automatic_index", "cell_size_check", "checkpoint_fullfsync", "fullfsync", "page_count",
            "freelist_count", "encoding", "query_only", "trusted_schema", "defer_foreign_keys", "count_changes",
        };

        private static readonly string[] Contenders = { "HandWritten", "Raw", "Generated", "Dapper", "SqliteNet", "EfCore" };

        public static int Run(TextWriter output, string contender, string countText)
        {
            if (!Contenders.Contains(contender))
            {
                output.WriteLine($"--insert-probe: unknown contender '{contender}'; use one of {string.Join(", ", Contenders)}.");
                return 2;
            }
            if (!int.TryParse(countText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var count))
            {
                output.WriteLine($"--insert-probe: the count '{countText}' is not a whole number of inserts (0 or more).");
                return 2;
            }
            var bench = new InsertOneAutocommitBenchmarks();
            var type = typeof(CrudBenchmarkBase);
            type.GetMethod("Setup" + contender)!.Invoke(bench, null);
            var database = (BenchmarkDatabase)type.GetField("Database", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(bench)!;
            Func<string, string?> scalar;
            if (contender == "SqliteNet")
            {
                var store = (Contenders.SqliteNetStore)type.GetField("SqliteNetStore", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(bench)!;
                scalar = store.Scalar;
            }
            else
            {
                var connection = (Microsoft.Data.Sqlite.SqliteConnection)type.GetField("Connection", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(bench)!;
                scalar = sql =>
                {
                    using var command = connection.CreateCommand();
                    command.CommandText = sql;
                    return Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
                };
            }
            output.WriteLine($"contender {contender}");
            output.WriteLine("pragmas   " + string.Join(" ", Pragmas.Select(p => p + "=" + scalar("PRAGMA " + p))));
            output.WriteLine("files     " + Files(database.Path));
            var method = typeof(InsertOneAutocommitBenchmarks).GetMethod(contender)!;
            var op = (Action)Delegate.CreateDelegate(typeof(Action), bench, method);
            // Warm past tiered JIT: tier-1 code is installed about 100 ms after the last tier-0 method was first called.
            var warm = Stopwatch.StartNew();
            while (warm.ElapsedMilliseconds < 1500) op();
            output.WriteLine("warmed    " + Files(database.Path));
            var each = new long[count];
            var cpu0 = ThreadCpu();
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < count; i++)
            {
                var t0 = Stopwatch.GetTimestamp();
                op();
                each[i] = Stopwatch.GetTimestamp() - t0;
            }
            watch.Stop();
            var cpu1 = ThreadCpu();
            var cpu = (User: cpu1.User - cpu0.User, Kernel: cpu1.Kernel - cpu0.Kernel);
            output.WriteLine("after     " + Files(database.Path));
            // The inserting thread's own CPU time (user + kernel, getrusage RUSAGE_THREAD): what the library and SQLite
            // cost, without the time blocked in fsync or waiting for a core another process holds.
            if (cpu0.User >= 0)
                output.WriteLine($"cpu       {(cpu.User + cpu.Kernel) / Math.Max(count, 1):F2} us/insert (user {cpu.User / Math.Max(count, 1):F2}, kernel {cpu.Kernel / Math.Max(count, 1):F2})");
            if (count > 0)
            {
                output.WriteLine($"time      {watch.Elapsed.TotalMilliseconds * 1000 / count:F2} us/insert over {count}");
                // Inserts that ran a WAL checkpoint (wal_autocheckpoint: the commit that passes 1000 frames copies them
                // into the database and fsyncs it) take milliseconds; the others microseconds. Split the mean.
                var us = each.Select(t => t * 1e6 / Stopwatch.Frequency).ToArray();
                var sorted = us.OrderBy(u => u).ToArray();
                var slow = us.Where(u => u > 500).ToArray();
                output.WriteLine($"latency   p50={sorted[count / 2]:F1} p90={sorted[count * 9 / 10]:F1} p99={sorted[count * 99 / 100]:F1} max={sorted[^1]:F0} us; " +
                    $">500us: {slow.Length} inserts, {slow.Sum() / count:F2} of the mean's us; the rest {us.Where(u => u <= 500).Sum() / count:F2} us");
            }
            // OMNISQLITE_PROBE_CHUNKS=10: that many more chunks of count inserts, one line each (how the cost moves as
            // the file grows, which it does without bound in a BenchmarkDotNet process that never resets its writes).
            var chunks = int.TryParse(Environment.GetEnvironmentVariable("OMNISQLITE_PROBE_CHUNKS"), out var c) ? c : 0;
            // OMNISQLITE_PROBE_RESET=1: each chunk starts as a BenchmarkDotNet iteration does (InsertOneBenchmarkBase.ResetInserts).
            var reset = Environment.GetEnvironmentVariable("OMNISQLITE_PROBE_RESET") == "1";
            for (var chunk = 1; chunk <= chunks; chunk++)
            {
                if (reset) database.ResetWrites();
                var sorted = new double[count];
                var w = Stopwatch.StartNew();
                for (var i = 0; i < count; i++)
                {
                    var t0 = Stopwatch.GetTimestamp();
                    op();
                    sorted[i] = (Stopwatch.GetTimestamp() - t0) * 1e6 / Stopwatch.Frequency;
                }
                w.Stop();
                Array.Sort(sorted);
                output.WriteLine($"chunk {chunk,3}  rows={(chunk + 1) * count + 2000 + BenchmarkDatabase.SeedRows,8}  mean={w.Elapsed.TotalMilliseconds * 1000 / count:F2} us  p50={sorted[count / 2]:F1}  p90={sorted[count * 9 / 10]:F1}  {Files(database.Path)}");
            }
            bench.Cleanup();
            return 0;
        }

        [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
        private static extern int getrusage(int who, long[] usage);

        /// <summary>This thread's user and kernel CPU time in microseconds (-1 where getrusage is not there).</summary>
        private static (double User, double Kernel) ThreadCpu()
        {
            if (!OperatingSystem.IsLinux()) return (-1, -1);
            var usage = new long[18];   // struct rusage: two timevals, then 14 longs
            if (getrusage(1 /* RUSAGE_THREAD */, usage) != 0) return (-1, -1);
            return (usage[0] * 1e6 + usage[1], usage[2] * 1e6 + usage[3]);
        }

        private static string Files(string path)
            => string.Join(" ", new[] { "", "-wal", "-shm" }.Select(s => $"{(s.Length == 0 ? "db" : s.TrimStart('-'))}={(File.Exists(path + s) ? new FileInfo(path + s).Length : -1)}"));
    }
}
