using System.Diagnostics;
using OmniSqlite.Benchmarks.Crud.Contenders;

namespace OmniSqlite.Benchmarks.Crud
{
    /// <summary>
    /// <c>--floor</c>: the generated repository against the hand-written floor, in one process, without
    /// BenchmarkDotNet. Allocation per operation is counted exactly (GC.GetAllocatedBytesForCurrentThread, which
    /// noise cannot change). Time is measured as a paired comparison: blocks of operations alternate between the
    /// two contenders (ABBA order), so a neighbour's build that slows the machine slows both sides of a pair; the
    /// median of the per-pair ratios is reported. On a shared machine this is far steadier than comparing two
    /// separate BenchmarkDotNet processes run minutes apart, and an A/A control shows how much noise is left.
    /// </summary>
    public static class FloorCheck
    {
        private sealed class Side : IDisposable
        {
            public Side(string contender)
            {
                Database = BenchmarkDatabase.Create(contender);
                Connection = Database.OpenConnection();
                switch (contender)
                {
                    case "HandWritten": { var s = new HandWrittenStore(Connection); (Store, GetById, Find, InsertOne, InsertOneAutocommit, InsertMany, Update) = (s, s.GetById, s.FindByClientId, s.InsertOne, s.InsertOneAutocommit, s.InsertMany, s.Update); break; }
                    case "Raw": { var s = new RawStore(Connection); (Store, GetById, Find, InsertOne, InsertOneAutocommit, InsertMany, Update) = (s, s.GetById, s.FindByClientId, s.InsertOne, s.InsertOneAutocommit, s.InsertMany, s.Update); break; }
                    case "Generated": { var s = new GeneratedStore(Connection); (Store, GetById, Find, InsertOne, InsertOneAutocommit, InsertMany, Update) = (s, s.GetById, s.FindByClientId, s.InsertOne, s.InsertOneAutocommit, s.InsertMany, s.Update); break; }
                    case "Dapper": { var s = new DapperStore(Connection); (Store, GetById, Find, InsertOne, InsertOneAutocommit, InsertMany, Update) = (s, s.GetById, s.FindByClientId, s.InsertOne, s.InsertOneAutocommit, s.InsertMany, s.Update); break; }
                    case "SqliteNet": { var s = new SqliteNetStore(Database.Path); (Store, GetById, Find, InsertOne, InsertOneAutocommit, InsertMany, Update) = (s, s.GetById, s.FindByClientId, s.InsertOne, s.InsertOneAutocommit, s.InsertMany, s.Update); break; }
                    case "EfCore": { var s = new EfCoreStore(Connection); (Store, GetById, Find, InsertOne, InsertOneAutocommit, InsertMany, Update) = (s, s.GetById, s.FindByClientId, s.InsertOne, s.InsertOneAutocommit, s.InsertMany, s.Update); break; }
                    default: throw new ArgumentException($"Unknown contender '{contender}': use Generated, Raw, Dapper, SqliteNet, EfCore or all.", nameof(contender));
                }
                Pool = BenchmarkDatabase.MakeBatch(1024, BenchmarkDatabase.SeedRows);
                Batch = BenchmarkDatabase.MakeBatch(InsertManyBenchmarks.BatchSize, BenchmarkDatabase.SeedRows);
                Rows = Database.ShuffledIds.Take(1024).Select(id => { var r = BenchmarkDatabase.MakeCampaign((int)(id - 1)); r.Id = id; return r; }).ToArray();
            }

            public BenchmarkDatabase Database { get; }
            public Microsoft.Data.Sqlite.SqliteConnection Connection { get; }
            public IDisposable Store { get; }
            public Func<long, Campaign?> GetById { get; }
            public Func<long, List<Campaign>> Find { get; }
            public Action<Campaign> InsertOne { get; }
            public Action<Campaign> InsertOneAutocommit { get; }
            public Action<List<Campaign>> InsertMany { get; }
            public Func<Campaign, bool> Update { get; }
            public List<Campaign> Pool { get; }
            public List<Campaign> Batch { get; }
            public Campaign[] Rows { get; }
            public int Next;

            public void Op(string workload)
            {
                var i = Next++;
                switch (workload)
                {
                    case "PointRead": GetById(Database.ShuffledIds[i % Database.ShuffledIds.Length]); break;
                    case "IndexedRead": Find(1 + i % BenchmarkDatabase.Clients); break;
                    case "InsertOne": { var c = Pool[i & 1023]; c.Id = 0; InsertOne(c); break; }
                    case "InsertOneAutocommit": { var c = Pool[i & 1023]; c.Id = 0; InsertOneAutocommit(c); break; }
                    case "Update": { var c = Rows[i & 1023]; c.Budget += 1; Update(c); break; }
                    default: InsertMany(Batch); break;
                }
            }

            /// <summary>Untimed: the bulk workload starts every time from the seeded rows with fresh keys.</summary>
            public void Prepare(string workload)
            {
                if (workload != "InsertMany") return;
                Database.ResetWrites();
                foreach (var c in Batch) c.Id = 0;
            }

            public void Dispose()
            {
                Store.Dispose();
                Connection.Dispose();
                Database.Dispose();
            }
        }

        private static readonly (string Workload, int Block, int Pairs)[] Plan =
        {
            ("PointRead", 2000, 40), ("IndexedRead", 100, 40), ("InsertOne", 300, 40), ("InsertOneAutocommit", 300, 40), ("InsertMany", 1, 24), ("Update", 500, 40),
        };

        /// <param name="contender">Generated (default), Raw, Dapper, SqliteNet, EfCore, or all of them in turn.</param>
        /// <param name="floorName">The floor: HandWritten (Microsoft.Data.Sqlite, default) or Raw (SQLitePCL.raw cached statements).</param>
        public static int Run(TextWriter output, string contender = "Generated", string floorName = "HandWritten")
        {
            s_floor = floorName;
            output.WriteLine("Time ratios are medians of per-round ratios (interquartile range in brackets). The A/A control times a");
            output.WriteLine("second hand-written floor against the first: its distance from 1.000 is what noise alone does right now.");
            output.WriteLine(s_cpuClock ? "clock: the thread's CPU time (OMNISQLITE_FLOOR_CLOCK=cpu)" : "clock: wall time");
            var failures = 0;
            foreach (var name in contender == "all" ? new[] { "Generated", "Dapper", "SqliteNet", "EfCore" } : new[] { contender })
                failures += Compare(output, name);
            return failures == 0 ? 0 : 1;
        }

        private static string s_floor = "HandWritten";

        private static int Compare(TextWriter output, string contender)
        {
            var failures = 0;
            output.WriteLine();
            output.WriteLine($"floor: {s_floor}");
            output.WriteLine($"workload      floor B/op  {contender + " B/op",15}  {contender + "/floor",-22} A/A control (floor/floor)");
            // OMNISQLITE_FLOOR_WORKLOADS=InsertMany,InsertOne: only those (a quick check of one workload while iterating).
            var only = Environment.GetEnvironmentVariable("OMNISQLITE_FLOOR_WORKLOADS")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            foreach (var (workload, block, rounds) in Plan)
            {
                if (only is { Length: > 0 } && !only.Contains(workload)) continue;
                using var floor = new Side(s_floor);
                using var control = new Side(s_floor);
                using var other = new Side(contender);
                // Warm all three up past tiered JIT before counting anything: tier-0 code still boxes (e.g.
                // Enum.HasFlag in SqliteCommand.ExecuteReader, 48 B per call) until the tier-1 code is installed.
                for (var pass = 0; pass < 3; pass++)
                {
                    Warm(floor, workload, block); Warm(control, workload, block); Warm(other, workload, block);
                    Thread.Sleep(400);
                }
                var allocFloor = Allocated(floor, workload, block);
                Allocated(control, workload, block);
                var allocOther = Allocated(other, workload, block);
                var ratios = new List<double>();
                var controls = new List<double>();
                for (var round = 0; round < rounds; round++)
                {
                    // Alternate the order (F O C, then C O F), so drift within a round cancels out.
                    double f, o, c;
                    if ((round & 1) == 0) { f = Time(floor, workload, block); o = Time(other, workload, block); c = Time(control, workload, block); }
                    else { c = Time(control, workload, block); o = Time(other, workload, block); f = Time(floor, workload, block); }
                    ratios.Add(o / f);
                    controls.Add(c / f);
                }
                // Only the generated repository is held to the floor. Slower counts when it is consistent:
                // median above 1.10 and three rounds in four slower at all.
                var sortedRatios = ratios.OrderBy(r => r).ToList();
                var verdict = contender != "Generated" ? ""
                    : allocOther > allocFloor + 1.0 ? "  <-- allocates more than the floor"   // +1 B: a rare runtime allocation on the thread
                    : Median(ratios) > 1.10 && sortedRatios[sortedRatios.Count / 4] > 1.0 ? "  <-- more than 10% slower" : "";
                if (verdict.Length > 0) failures++;
                output.WriteLine($"{workload,-12} {allocFloor,11:N1} {allocOther,15:N1}  {Summary(ratios),-22} {Summary(controls)}{verdict}");
            }
            if (contender == "Generated") output.WriteLine($"{Plan.Length - failures} passed, {failures} failed");
            return failures;
        }

        private static double Median(List<double> values)
        {
            var sorted = values.OrderBy(v => v).ToList();
            return sorted[sorted.Count / 2];
        }

        private static string Summary(List<double> values)
        {
            var sorted = values.OrderBy(v => v).ToList();
            return $"{sorted[sorted.Count / 2]:F3} ({sorted[sorted.Count / 4]:F2}-{sorted[sorted.Count * 3 / 4]:F2})";
        }

        private static double Allocated(Side side, string workload, int block)
        {
            var n = workload == "InsertMany" ? 2 : Math.Max(block, 500);
            long total = 0;
            for (var i = 0; i < n; i++)
            {
                side.Prepare(workload);
                var before = GC.GetAllocatedBytesForCurrentThread();
                side.Op(workload);
                total += GC.GetAllocatedBytesForCurrentThread() - before;
            }
            return total / (double)n;
        }

        private static void Warm(Side side, string workload, int block)
        {
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < 2 || watch.ElapsedMilliseconds < 400; i++) { side.Prepare(workload); side.Op(workload); }
        }

        /// <summary>
        /// OMNISQLITE_FLOOR_CLOCK=cpu: time blocks by the thread's CPU time (<see cref="ThreadClock"/>) instead of wall time,
        /// for a machine shared with other work, where preemption and other processes' disk traffic (fsync latency of the
        /// WAL checkpoints) move wall time by more than the difference being measured.
        /// </summary>
        private static readonly bool s_cpuClock = Environment.GetEnvironmentVariable("OMNISQLITE_FLOOR_CLOCK") == "cpu" && ThreadClock.IsAvailable;

        private static double Time(Side side, string workload, int block)
        {
            side.Prepare(workload);
            if (s_cpuClock)
            {
                var start = ThreadClock.NowMilliseconds();
                for (var i = 0; i < block; i++) side.Op(workload);
                return ThreadClock.NowMilliseconds() - start;
            }
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < block; i++) side.Op(workload);
            return watch.Elapsed.TotalMilliseconds;
        }
    }
}
