using BenchmarkDotNet.Attributes;

namespace OmniSqlite.Benchmarks.Crud
{
    /// <summary>Read ~100 rows by an indexed column (client_id, served by idx_campaigns_client_id), clients in turn.</summary>
    public class IndexedReadBenchmarks : CrudBenchmarkBase
    {
        private long _client;

        private long NextClient() => _client = _client % BenchmarkDatabase.Clients + 1;

        [Benchmark(Baseline = true)] public List<Campaign> HandWritten() => HandWrittenStore.FindByClientId(NextClient());
        [Benchmark] public List<Campaign> Raw() => RawStore.FindByClientId(NextClient());
        [Benchmark] public List<Campaign> Generated() => GeneratedStore.FindByClientId(NextClient());
        [Benchmark] public List<Campaign> Dapper() => DapperStore.FindByClientId(NextClient());
        [Benchmark] public List<Campaign> SqliteNet() => SqliteNetStore.FindByClientId(NextClient());
        [Benchmark] public List<Campaign> EfCore() => EfCoreStore.FindByClientId(NextClient());
    }
}
