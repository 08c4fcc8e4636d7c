using Microsoft.Data.Sqlite;
using OmniSqlite.Benchmarks.Crud.Contenders;

namespace OmniSqlite.Benchmarks.Crud
{
    /// <summary>
    /// <c>--allocations</c>: bytes allocated per operation by the hand-written floor and the generated repository,
    /// measured with GC.GetAllocatedBytesForCurrentThread over many operations. Allocation is deterministic, so
    /// this answers "does the generated code allocate more than the floor?" in seconds and without timing noise.
    /// </summary>
    public static class AllocationProbe
    {
        public static int Run(TextWriter output)
        {
            var worse = 0;
            output.WriteLine("workload            HandWritten    Generated   (bytes per operation)");
            foreach (var workload in new[] { "PointRead", "IndexedRead", "InsertOne", "InsertMany(10000)", "Update" })
            {
                var hand = Measure("HandWritten", workload);
                var generated = Measure("Generated", workload);
                var flag = generated > hand ? "  <-- generated allocates more" : "";
                if (generated > hand) worse++;
                output.WriteLine($"{workload,-18} {hand,12:N1} {generated,12:N1}{flag}");
            }
            return worse == 0 ? 0 : 1;
        }

        private static double Measure(string contender, string workload)
        {
            using var database = BenchmarkDatabase.Create(contender);
            using var connection = database.OpenConnection();
            IDisposable store;
            Func<long, Campaign?> getById; Func<long, List<Campaign>> find; Action<Campaign> insertOne; Action<List<Campaign>> insertMany; Func<Campaign, bool> update;
            if (contender == "HandWritten")
            {
                var s = new HandWrittenStore(connection);
                (store, getById, find, insertOne, insertMany, update) = (s, s.GetById, s.FindByClientId, s.InsertOne, s.InsertMany, s.Update);
            }
            else
            {
                var s = new GeneratedStore(connection);
                (store, getById, find, insertOne, insertMany, update) = (s, s.GetById, s.FindByClientId, s.InsertOne, s.InsertMany, s.Update);
            }
            using (store)
            {
                var ids = database.ShuffledIds;
                var pool = BenchmarkDatabase.MakeBatch(1024, BenchmarkDatabase.SeedRows);
                var batch = BenchmarkDatabase.MakeBatch(10_000, BenchmarkDatabase.SeedRows + 2000);
                int n = workload.StartsWith("InsertMany", StringComparison.Ordinal) ? 3 : 2000;
                void Op(int i)
                {
                    switch (workload)
                    {
                        case "PointRead": getById(ids[i % ids.Length]); break;
                        case "IndexedRead": find(1 + i % BenchmarkDatabase.Clients); break;
                        case "InsertOne": { var c = pool[i & 1023]; c.Id = 0; insertOne(c); break; }
                        case "Update": { var c = pool[i & 1023]; c.Id = ids[i & 1023]; c.Budget += 1; update(c); break; }
                        default: { foreach (var c in batch) c.Id = 0; insertMany(batch); break; }
                    }
                }
                for (var i = 0; i < Math.Min(n, 50); i++) Op(i);   // warm up: commands created, JIT done
                var before = GC.GetAllocatedBytesForCurrentThread();
                for (var i = 0; i < n; i++) Op(i);
                return (GC.GetAllocatedBytesForCurrentThread() - before) / (double)n;
            }
        }
    }
}
