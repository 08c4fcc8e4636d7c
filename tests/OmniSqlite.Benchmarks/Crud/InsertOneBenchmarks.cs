using BenchmarkDotNet.Attributes;

namespace OmniSqlite.Benchmarks.Crud
{
    /// <summary>
    /// Insert one row in its own transaction (BEGIN, INSERT ... key back on the entity, COMMIT). The entity objects
    /// come from a pool built in setup, so Allocated counts the data-access layer only. The table grows during the
    /// run (WAL, synchronous=NORMAL: a commit is an append to the WAL, no fsync).
    /// </summary>
    public class InsertOneBenchmarks : CrudBenchmarkBase
    {
        private List<Campaign> _pool = new();
        private int _next;

        protected override void AfterSetup() => _pool = BenchmarkDatabase.MakeBatch(1024, BenchmarkDatabase.SeedRows);

        private Campaign Next()
        {
            var campaign = _pool[_next];
            _next = (_next + 1) & 1023;
            campaign.Id = 0;
            return campaign;
        }

        [Benchmark(Baseline = true)] public void HandWritten() => HandWrittenStore.InsertOne(Next());
        [Benchmark] public void Raw() => RawStore.InsertOne(Next());
        [Benchmark] public void Generated() => GeneratedStore.InsertOne(Next());
        [Benchmark] public void Dapper() => DapperStore.InsertOne(Next());
        [Benchmark] public void SqliteNet() => SqliteNetStore.InsertOne(Next());
        [Benchmark] public void EfCore() => EfCoreStore.InsertOne(Next());
    }
}
