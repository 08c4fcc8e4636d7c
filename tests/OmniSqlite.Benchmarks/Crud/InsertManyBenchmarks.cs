using BenchmarkDotNet.Attributes;

namespace OmniSqlite.Benchmarks.Crud
{
    /// <summary>
    /// Insert 10,000 rows in one transaction, keys back on the entities. Before each invocation the rows written
    /// by the previous one are deleted and the keys reset, so every measured insert starts from the 10,000 seeded
    /// rows ([IterationSetup] makes BenchmarkDotNet run one invocation per iteration, fine at this size).
    /// </summary>
    public class InsertManyBenchmarks : CrudBenchmarkBase
    {
        public const int BatchSize = 10_000;
        private List<Campaign> _batch = new();

        protected override void AfterSetup() => _batch = BenchmarkDatabase.MakeBatch(BatchSize, BenchmarkDatabase.SeedRows);

        [IterationSetup]
        public void ResetBatch()
        {
            Database.ResetWrites();
            foreach (var campaign in _batch) campaign.Id = 0;
        }

        [Benchmark(Baseline = true)] public void HandWritten() => HandWrittenStore.InsertMany(_batch);
        [Benchmark] public void Raw() => RawStore.InsertMany(_batch);
        [Benchmark] public void Generated() => GeneratedStore.InsertMany(_batch);
        [Benchmark] public void Dapper() => DapperStore.InsertMany(_batch);
        [Benchmark] public void SqliteNet() => SqliteNetStore.InsertMany(_batch);
        [Benchmark] public void EfCore() => EfCoreStore.InsertMany(_batch);
    }
}
