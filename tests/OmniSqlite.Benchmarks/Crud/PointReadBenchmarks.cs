using BenchmarkDotNet.Attributes;

namespace OmniSqlite.Benchmarks.Crud
{
    /// <summary>Point read by primary key: one row of 10,000, keys walked in a fixed shuffled order.</summary>
    public class PointReadBenchmarks : CrudBenchmarkBase
    {
        private long[] _ids = Array.Empty<long>();
        private int _next;

        protected override void AfterSetup() => _ids = Database.ShuffledIds;

        private long NextId()
        {
            var i = _next;
            _next = i + 1 == _ids.Length ? 0 : i + 1;
            return _ids[i];
        }

        [Benchmark(Baseline = true)] public Campaign? HandWritten() => HandWrittenStore.GetById(NextId());
        [Benchmark] public Campaign? Raw() => RawStore.GetById(NextId());
        [Benchmark] public Campaign? Generated() => GeneratedStore.GetById(NextId());
        [Benchmark] public Campaign? Dapper() => DapperStore.GetById(NextId());
        [Benchmark] public Campaign? SqliteNet() => SqliteNetStore.GetById(NextId());
        [Benchmark] public Campaign? EfCore() => EfCoreStore.GetById(NextId());
    }
}
