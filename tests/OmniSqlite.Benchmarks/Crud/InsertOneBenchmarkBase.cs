namespace OmniSqlite.Benchmarks.Crud
{
    /// <summary>
    /// The one-row insert suites' input: entity objects from a pool built in setup (key reset to 0 before each use), so
    /// Allocated counts the data-access layer only.
    /// </summary>
    public abstract class InsertOneBenchmarkBase : CrudBenchmarkBase
    {
        private List<Campaign> _pool = new();
        private int _next;

        protected override void AfterSetup() => _pool = BenchmarkDatabase.MakeBatch(1024, BenchmarkDatabase.SeedRows);

        protected Campaign Next()
        {
            var campaign = _pool[_next];
            _next = (_next + 1) & 1023;
            campaign.Id = 0;
            return campaign;
        }
    }
}
