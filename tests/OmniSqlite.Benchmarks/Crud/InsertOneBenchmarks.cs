using BenchmarkDotNet.Attributes;

namespace OmniSqlite.Benchmarks.Crud
{
    /// <summary>
    /// Insert one row in its own transaction (BEGIN, INSERT ... key back on the entity, COMMIT). The entity objects
    /// come from a pool built in setup, so Allocated counts the data-access layer only. The table grows during the
    /// iteration (WAL, synchronous=NORMAL: a commit is an append to the WAL; the commit that passes wal_autocheckpoint
    /// copies the WAL into the database and fsyncs both); each iteration starts from the seeded rows again.
    /// </summary>
    public class InsertOneBenchmarks : InsertOneBenchmarkBase
    {
        [Benchmark(Baseline = true)] public void HandWritten() => HandWrittenStore.InsertOne(Next());
        [Benchmark] public void Raw() => RawStore.InsertOne(Next());
        [Benchmark] public void Generated() => GeneratedStore.InsertOne(Next());
        [Benchmark] public void Dapper() => DapperStore.InsertOne(Next());
        [Benchmark] public void SqliteNet() => SqliteNetStore.InsertOne(Next());
        [Benchmark] public void EfCore() => EfCoreStore.InsertOne(Next());
    }
}
