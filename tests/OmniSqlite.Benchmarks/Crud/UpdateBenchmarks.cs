using BenchmarkDotNet.Attributes;

namespace OmniSqlite.Benchmarks.Crud
{
    /// <summary>
    /// Update by key: every column of one existing row (autocommit), rows walked in a fixed shuffled order, the
    /// budget changing each time. The entities are built in setup (the disconnected-entity case every contender supports).
    /// </summary>
    public class UpdateBenchmarks : CrudBenchmarkBase
    {
        private Campaign[] _rows = Array.Empty<Campaign>();
        private int _next;

        protected override void AfterSetup()
            => _rows = Database.ShuffledIds.Take(1024).Select(id =>
            {
                var row = BenchmarkDatabase.MakeCampaign((int)(id - 1));
                row.Id = id;
                return row;
            }).ToArray();

        private Campaign Next()
        {
            var row = _rows[_next];
            _next = (_next + 1) & 1023;
            row.Budget += 1;
            return row;
        }

        [Benchmark(Baseline = true)] public bool HandWritten() => HandWrittenStore.Update(Next());
        [Benchmark] public bool Raw() => RawStore.Update(Next());
        [Benchmark] public bool Generated() => GeneratedStore.Update(Next());
        [Benchmark] public bool Dapper() => DapperStore.Update(Next());
        [Benchmark] public bool SqliteNet() => SqliteNetStore.Update(Next());
        [Benchmark] public bool EfCore() => EfCoreStore.Update(Next());
    }
}
