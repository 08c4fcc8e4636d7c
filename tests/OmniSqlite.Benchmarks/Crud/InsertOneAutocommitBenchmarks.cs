using BenchmarkDotNet.Attributes;

namespace OmniSqlite.Benchmarks.Crud
{
    /// <summary>
    /// Insert one row with each library's natural one-row call and no explicit transaction: in autocommit mode the INSERT
    /// is its own transaction (SQLite begins and commits it around the statement), key back on the entity. This measures
    /// the libraries' insert path; <see cref="InsertOneBenchmarks"/> keeps the BEGIN, INSERT, COMMIT form, where most of
    /// the Microsoft.Data.Sqlite-based contenders' time and allocation is the <c>SqliteTransaction</c> itself.
    /// </summary>
    public class InsertOneAutocommitBenchmarks : InsertOneBenchmarkBase
    {
        [Benchmark(Baseline = true)] public void HandWritten() => HandWrittenStore.InsertOneAutocommit(Next());
        [Benchmark] public void Raw() => RawStore.InsertOneAutocommit(Next());
        [Benchmark] public void Generated() => GeneratedStore.InsertOneAutocommit(Next());
        [Benchmark] public void Dapper() => DapperStore.InsertOneAutocommit(Next());
        [Benchmark] public void SqliteNet() => SqliteNetStore.InsertOneAutocommit(Next());
        [Benchmark] public void EfCore() => EfCoreStore.InsertOneAutocommit(Next());
    }
}
